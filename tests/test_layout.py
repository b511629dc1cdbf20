"""Figures handout-grade: one scale per figure, proportions a page can take, a scale bar."""

import re

import pytest

import painmap as pm
from painmap.scene.elements import MAX_FIGURE_ASPECT, layout


def _scales(scene) -> list[float]:
    """Inches per centimetre of each panel, across and up."""
    out = []
    for panel, (_, _, w, h) in zip(scene.panels, scene.layout.panels):
        u0, u1, v0, v1 = panel.window
        out += [w / (u1 - u0), h / (v1 - v0)]
    return out


@pytest.mark.slow
def test_every_automatic_figure_has_one_scale_and_a_page_shape():
    odd = []
    for p in pm.muscles():
        scene = pm.draw(p.id).scene
        scales = _scales(scene)
        width, height = scene.layout.size
        shaped = 1 / MAX_FIGURE_ASPECT <= width / height <= MAX_FIGURE_ASPECT
        if max(scales) / min(scales) > 1.001 or not shaped:
            odd.append((p.id, round(max(scales) / min(scales), 3), round(width / height, 2)))
    assert not odd, odd


@pytest.mark.parametrize("pattern, views", [
    ("tibialis_posterior", None),        # back + sole: the sole was drawn 2.1x larger
    ("flexor_digitorum_longus", None),   # inner leg + sole: 2.0x
    ("adductor_magnus", None),           # front, back and the inner leg alone: 1.6x
    ("piriformis", ["front", "sole"]),   # a user's choice
    ("rectus_abdominis_upper", None),    # 5.4:1 in one row
    ("infraspinatus", None),             # 3.2:1
    ("serratus_anterior", None),         # 3.8:1
])
def test_mixed_views_share_one_scale_and_strips_go_in_rows(pattern, views):
    scene = pm.draw(pattern, **({"view": views} if views else {})).scene
    scales = _scales(scene)
    assert max(scales) / min(scales) == pytest.approx(1.0, abs=1e-9)
    assert scales[0] == pytest.approx(scene.layout.scale)
    width, height = scene.layout.size
    assert 1 / MAX_FIGURE_ASPECT <= width / height <= MAX_FIGURE_ASPECT


def test_rows_hold_panels_in_order_without_overlap():
    lay = layout([(120.0, 40.0), (120.0, 40.0), (60.0, 40.0)], labels=True, label_widths=[0.5] * 3)
    rects = lay.panels
    assert len({round(r[1], 6) for r in rects}) == 2                  # two rows
    assert rects[0][1] > rects[2][1]                                  # the first panel on the top row
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            apart_x = a[0] + a[2] <= b[0] + 1e-9 or b[0] + b[2] <= a[0] + 1e-9
            apart_y = a[1] + a[3] <= b[1] + 1e-9 or b[1] + b[3] <= a[1] + 1e-9
            assert apart_x or apart_y
    assert all(0 <= r[0] and r[0] + r[2] <= lay.size[0] for r in rects)


def test_a_shorter_panel_stands_on_the_bottom_of_its_row():
    lay = layout([(50.0, 180.0), (30.0, 60.0)])
    (_, b0, _, h0), (_, b1, _, h1) = lay.panels
    assert b0 == pytest.approx(b1) and h1 == pytest.approx(h0 / 3)


def test_a_fixed_size_keeps_one_scale_and_fits():
    lay = layout([(50.0, 180.0), (30.0, 60.0)], size=(4.0, 5.0))
    assert all(r[0] >= 0 and r[0] + r[2] <= 4.0 and r[1] + r[3] <= 5.0 for r in lay.panels)
    assert lay.panels[0][3] / 180.0 == pytest.approx(lay.panels[1][3] / 60.0)


def test_the_scale_bar_is_ten_centimetres_at_the_figures_scale(tmp_path):
    fig = pm.draw("tibialis posterior", scale_bar=True)
    lay = fig.scene.layout
    assert lay.scale_bar_at is not None
    svg = fig.save(tmp_path / "t.svg").read_text()
    assert ">10 cm<" in svg
    bars = [float(w) for w in re.findall(r'<rect[^>]*width="([\d.]+)"[^>]*/>', svg)]
    assert any(abs(w - 10 * lay.scale * 72) < 0.02 for w in bars)
    assert "10 cm" not in pm.draw("tibialis posterior").save(tmp_path / "n.svg").read_text()
    with pytest.raises(pm.ArgumentTypeError, match="scale_bar"):
        pm.draw("piriformis", scale_bar="on please")


def test_a_width_alone_keeps_the_figures_proportions():
    import io

    from PIL import Image

    natural = pm.draw("gluteus medius").scene.layout.size
    fig = pm.draw("gluteus medius", size="1200px", dpi=200)
    width, height = Image.open(io.BytesIO(fig.to_png())).size
    assert width == 1200 and height / width == pytest.approx(natural[1] / natural[0], rel=0.02)
    tall = pm.draw("gluteus medius", size=(None, "4in")).scene.layout.size
    assert tall[1] == pytest.approx(4.0)
    assert tall[0] / tall[1] == pytest.approx(natural[0] / natural[1], rel=0.02)
    assert pm.draw("gluteus medius", size=5).scene.layout.size[0] == pytest.approx(5.0)
    with pytest.raises(pm.ArgumentError, match="neither side"):
        pm.draw("gluteus medius", size=(None, None))


def test_pain_seen_only_edge_on_gets_no_view_of_its_own():
    from painmap.compose.viewpick import EDGE_ON_COS, pick_views

    # the anal sphincter's pain: the front sees the perineum edge-on (a thin line between the thighs)
    assert pick_views(pm.heat("sphincter_ani").values, "neutral") == ["back"]
    assert [p.view for p in pm.draw("sphincter ani").scene.panels] == ["back"]
    assert 0 < EDGE_ON_COS < 0.17  # below "shown" (80 degrees): only views that see nothing squarely

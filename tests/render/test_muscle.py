"""The muscle on the skin (``muscle=True``) and its bony landmarks (``landmarks=True``), in every format."""

import re

import numpy as np
import pytest

import painmap as pm
from painmap.body.camera import parse_views
from painmap.compose.picture import Picture
from painmap.render.base import _box, _overlap, marker_texts
from painmap.scene.elements import OutlineLayer
from painmap.scene.style import MUSCLE
from tests.helpers import png_array, require_tool

NAVY = np.array([int(MUSCLE["color"][i:i + 2], 16) for i in (1, 3, 5)])


def _navy_pixels(rgb: np.ndarray) -> np.ndarray:
    """Pixels close to the muscle's outline colour (nothing else painmap draws is dark blue), above the
    legend (whose swatches are drawn in it too)."""
    navy = np.abs(rgb[..., :3].astype(int) - NAVY).sum(axis=-1) < 60
    navy[int(0.8 * len(navy)):] = False
    return navy


def test_svg_draws_the_muscle_as_vector_groups_dashed_where_deep(tmp_path):
    def groups(name, **kw):
        svg = pm.draw(name, **kw).save(tmp_path / "m.svg").read_text()
        return re.findall(r'<g class="muscle"[^>]*>(.*?)</g>', svg), svg

    medius, svg = groups("gluteus medius", view="back", muscle=True)
    assert len(medius) == 4  # a fill and an outline for the part felt, and for the deep part
    strokes = [g for g in medius if f'stroke="{MUSCLE["color"]}"' in g]
    assert len(strokes) == 2 and sum("stroke-dasharray" in g for g in strokes) == 1
    assert all(re.search(r'<path d="M[-\d]', g) for g in medius)
    assert "muscle: where to press" in svg and "deeper muscle" in svg
    piriformis, _ = groups("piriformis", view="back", muscle=True)  # deep under gluteus maximus: all dashed
    assert [("stroke-dasharray" in g) for g in piriformis if "stroke=" in g] == [True]
    masseter, svg = groups("masseter", muscle=True)  # felt under the skin: solid, no deep entry
    assert masseter and not any("stroke-dasharray" in g for g in masseter) and "deeper muscle" not in svg
    assert groups("gluteus medius", view="back")[0] == []  # off by default


def test_png_and_pdf_show_the_outline_where_the_muscle_lies(tmp_path):
    on = png_array(pm.draw("infraspinatus", view="back", muscle=True, dpi=100).to_png())
    off = png_array(pm.draw("infraspinatus", view="back", dpi=100).to_png())
    assert on.shape == off.shape and not _navy_pixels(off).any()
    rows, cols = np.nonzero(_navy_pixels(on))
    assert rows.size > 100
    # over the shoulder blade: the upper back, on the patient's right (the viewer's right from behind)
    assert 0.1 < rows.mean() / on.shape[0] < 0.45 and cols.mean() / on.shape[1] > 0.5
    pdftoppm = require_tool("pdftoppm", package="poppler-utils")
    import subprocess

    pdf = pm.draw("infraspinatus", view="back", muscle=True).save(tmp_path / "i.pdf")
    subprocess.run([pdftoppm, "-png", "-r", "100", "-singlefile", str(pdf), str(tmp_path / "i")], check=True)
    page = png_array((tmp_path / "i.png").read_bytes())
    prows, pcols = np.nonzero(_navy_pixels(page))
    assert prows.size > 100
    assert abs(prows.mean() / page.shape[0] - rows.mean() / on.shape[0]) < 0.03
    assert abs(pcols.mean() / page.shape[1] - cols.mean() / on.shape[1]) < 0.03


def test_the_outline_encloses_the_muscles_trigger_points():
    picture = Picture("infraspinatus", side="right", body="neutral", heat_style="glow", colors=None,
                      muscle=True)
    panel = picture.panel(parse_views("back")[0], "shaded")
    outline = next(layer for layer in panel.layers if isinstance(layer, OutlineLayer) and layer.width)
    proj = panel.projection
    reach = round(1.0 / proj.pixel)  # a centimetre
    for m in (m for m in panel.markers if m.kind == "x"):
        col, row = proj.pixel_of(np.array([[m.u, m.v]]))
        near = outline.field[row[0] - reach:row[0] + reach + 1, col[0] - reach:col[0] + reach + 1]
        assert np.nanmax(near) >= 0.5, m
    # the fill goes under the glow, the outline over it
    kinds = [type(layer).__name__ + ("-line" if getattr(layer, "width", 0) else "") for layer in panel.layers]
    assert kinds[0] == "OutlineLayer" and kinds[-1] == "OutlineLayer-line" and "FieldLayer" in kinds


def test_landmarks_are_marked_and_named_once(tmp_path):
    svg = pm.draw("gluteus medius", view="back", landmarks=True).save(tmp_path / "g.svg").read_text()
    named = re.findall(r'class="landmark"[^>]*data-landmark="(\w+)"', svg)
    assert set(named) == {"psis", "iliac_crest_high", "greater_trochanter"}
    labels = re.findall(r'class="landmark-label"[^>]*>([^<]+)<', svg)
    assert sorted(labels) == ["PSIS", "greater trochanter", "iliac crest"]
    assert "bony landmark" in svg
    both = pm.draw("gluteus medius", view="back", side="both", landmarks=True).save(tmp_path / "b.svg")
    assert len(re.findall('class="landmark"', both.read_text())) == 6 + 1  # three a side, and the legend's
    assert len(re.findall('class="landmark-label"', both.read_text())) == 3
    plain = pm.draw("gluteus medius", view="back").save(tmp_path / "n.svg").read_text()
    assert 'class="landmark"' not in plain


@pytest.mark.parametrize("muscle", ["gluteus medius", "trapezius", "infraspinatus", "soleus"])
def test_names_and_numbers_do_not_cover_each_other_or_leave_the_panel(muscle):
    scene = pm.draw(muscle, muscle=True, landmarks=True).scene
    for panel, (_, _, w, _) in zip(scene.panels, scene.layout.panels):
        u0, u1, v0, v1 = panel.window
        scale = w / (u1 - u0) * 72
        texts = marker_texts(panel, scale)
        boxes = [_box(u * scale + dx, v * scale + dy, t) for (u, v), (dx, dy), t in texts]
        labels = [b for b, (_, _, t) in zip(boxes, texts) if t.role == "landmark"]
        assert labels, panel.view
        window = (u0 * scale, v0 * scale, u1 * scale, v1 * scale)
        for i, a in enumerate(labels):
            assert _overlap(a, window) == pytest.approx((a[2] - a[0]) * (a[3] - a[1])), (panel.view, a)
            assert all(_overlap(a, b) < 2.0 for b in boxes if b is not a), (muscle, panel.view, i)


def test_plot_draws_the_muscle_numbers_and_landmarks_on_an_axes():
    from matplotlib.figure import Figure
    from matplotlib.patches import PathPatch
    from matplotlib.text import Annotation

    ax = Figure().add_subplot()
    pm.plot("piriformis", view="back", muscle=True, landmarks=True, ax=ax)
    texts = [a.get_text() for a in ax.get_children() if isinstance(a, Annotation)]
    assert {"1", "2"} <= set(texts) and "greater trochanter" in texts
    lines = [p for p in ax.patches if isinstance(p, PathPatch) and p.get_linewidth() == MUSCLE["width"]]
    assert lines and all(p.get_linestyle() != "-" for p in lines)  # piriformis lies deep: dashed


def test_bad_muscle_and_landmark_options_are_clear_errors(tmp_path):
    with pytest.raises(pm.ArgumentTypeError, match="muscle") as err:
        pm.draw("piriformis", muscle="yes")
    assert err.value.closest is True
    with pytest.raises(pm.ArgumentTypeError, match="landmarks"):
        pm.plot("piriformis", landmarks=[1])
    drawing = pm.PainDrawing.from_regions(["buttock_upper"])
    with pytest.raises(pm.ArgumentError, match="no muscle"):
        pm.draw(drawing, muscle=True)
    with pytest.raises(pm.ArgumentTypeError, match="muscle"):
        pm.handout("piriformis", tmp_path / "h.pdf", muscle="no")
    assert not (tmp_path / "h.pdf").exists()


def test_handouts_draw_the_muscle_unless_asked_not_to():
    from painmap.handout import handout_scene

    def outlines(**kw):
        scene = handout_scene(["gluteus_medius"], **kw)
        return sum(isinstance(layer, OutlineLayer) for p in scene.panels for layer in p.layers)

    assert outlines() >= 2 and outlines(muscle=False) == 0


def test_cli_draws_the_muscle_and_its_landmarks(tmp_path, capsys):
    from painmap.cli import main

    out = tmp_path / "g.svg"
    assert main(["draw", "gluteus medius", "--view", "back", "--muscle", "--landmarks", "-o", str(out)]) == 0
    svg = out.read_text()
    assert 'class="muscle"' in svg and 'class="landmark"' in svg

import numpy as np
import pytest
from matplotlib.figure import Figure

import painmap as pm
from tests.helpers import png_array


def test_draw_bare_body_returns_a_painmap():
    fig = pm.draw([], view="left")
    assert isinstance(fig, pm.PainMap)
    assert [p.view for p in fig.scene.panels] == ["left"]
    assert "left" in repr(fig)


def test_views_side_by_side_and_labels():
    fig = pm.draw([], view=["front", "back", "left", "right"])
    rects = fig.scene.layout.panels
    assert [r[0] for r in rects] == sorted(r[0] for r in rects)
    assert [p.label for p in fig.scene.panels] == ["Front", "Back", "Left side", "Right side"]


def test_figure_is_a_plain_matplotlib_figure():
    fig = pm.draw([])
    assert isinstance(fig.figure, Figure)
    assert fig.figure is fig.figure


def test_notebook_reprs():
    fig = pm.draw([], view="back")
    assert list(fig._repr_mimebundle_()) == ["image/png"]  # one picture per figure (notebook_format)
    assert fig._repr_mimebundle_()["image/png"][:8] == b"\x89PNG\r\n\x1a\n"


def test_save_picks_format_and_writes_atomically(tmp_path):
    fig = pm.draw([], view="back", style="outline")
    for ext, magic in (("png", b"\x89PNG"), ("pdf", b"%PDF"), ("svg", b"<svg")):
        path = fig.save(tmp_path / f"body.{ext}")
        assert path.read_bytes().startswith(magic)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["body.pdf", "body.png", "body.svg"]
    with pytest.raises(pm.ChoiceError, match="'png', 'svg', 'pdf'"):
        fig.save(tmp_path / "body.jpg")
    with pytest.raises(pm.PainmapError, match="does not exist"):
        fig.save(tmp_path / "missing" / "body.png")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["body.pdf", "body.png", "body.svg"]


def test_plot_onto_an_existing_axes_draws_the_same_body():
    ax = Figure(figsize=(4, 6)).add_axes((0, 0, 1, 1))
    assert pm.plot([], view="back", ax=ax) is ax
    assert ax.patches and ax.images
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(ax.figure)
    canvas.draw()
    img = np.asarray(canvas.buffer_rgba())[..., :3].astype(float)
    assert (img.mean(axis=-1) < 250).mean() > 0.1


def test_bad_options_raise_painmaps_errors():
    with pytest.raises(pm.ChoiceError, match="'shaded', 'outline'"):
        pm.draw([], style="shadow")
    with pytest.raises(pm.ChoiceError, match="'light', 'dark', 'transparent'"):
        pm.draw([], background="black")
    with pytest.raises(pm.ChoiceError, match="'neutral', 'female', 'male'"):
        pm.draw([], body="toddler")
    with pytest.raises(pm.PainmapError, match="'800pp'"):
        pm.draw([], size=("800pp", 4))


def test_charts_name_every_landmark_and_region():
    chart = pm.landmark_chart(["front", "back", "left", "right"])
    named = {c.text for p in chart.scene.panels for c in p.callouts}
    # the sole faces the floor: no standing view shows it
    assert named == set(pm.landmarks()) - {"sole_center"}
    chart = pm.region_chart(["front", "back", "left", "right"])
    named = {c.text for p in chart.scene.panels for c in p.callouts}
    assert named == set(pm.regions())


def test_chart_callouts_do_not_overlap():
    chart = pm.landmark_chart("back")
    panel = chart.scene.panels[0]
    for left in (True, False):
        ys = sorted(c.text_at[1] for c in panel.callouts if (c.align == "right") == left)
        assert np.diff(ys).min() > 1.0 if len(ys) > 1 else True


def test_chart_png_renders():
    img = png_array(pm.landmark_chart("front").to_png(dpi=40))
    assert img.shape[0] > 300


def test_long_panel_labels_never_run_into_each_other_or_off_the_page():
    import itertools

    from painmap.core.text import text_width
    from painmap.scene.elements import PANEL_LABEL_PT

    fig = pm.draw("sternocleidomastoid_sternal", view=["front", "right", "az=-45,el=-40", "az=135,el=20"])
    lay = fig.scene.layout
    spans = []
    for panel, (x, _, w, _) in zip(fig.scene.panels, lay.panels):
        half = text_width(panel.label, PANEL_LABEL_PT) / 2
        spans.append((x + w / 2 - half, x + w / 2 + half))
    assert spans[0][0] >= 0 and spans[-1][1] <= lay.size[0]
    for (_, right), (left, _) in itertools.pairwise(spans):
        assert right < left


def test_region_chart_tints_each_region_where_its_pixels_are():
    from painmap.anatomy import _main_parents, _pixel_vertices
    from painmap.body.image import gaussian_blur
    from painmap.body.regions import region_labels

    chart = pm.region_chart("back")
    (panel,) = chart.scene.panels
    proj = panel.projection
    codes, names = region_labels(proj.body)
    label = np.where(proj.mask, codes[_pixel_vertices(proj, _main_parents(proj.body))], 0)
    tints = {layer.name: layer for layer in panel.layers}
    assert {"sacrum", "lumbar_back", "heel"} <= set(tints)
    for name in ("sacrum", "lumbar_back", "heel", "occiput"):
        inside = label == names.index(name) + 1
        # the tint is the region's blurred pixel mask over the whole picture, not only near the region
        np.testing.assert_array_equal(tints[name].field, gaussian_blur(inside.astype(float), 0.7))
        assert tints[name].field[inside].min() > 0.2

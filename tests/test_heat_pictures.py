"""The red glow and the classic zones, in PNG and SVG: on the right side, in the right place."""

import xml.etree.ElementTree as ET

import numpy as np
import pytest
from matplotlib.figure import Figure

import painmap as pm
from tests.helpers import png_array

SVG = "{http://www.w3.org/2000/svg}"


def _red(img: np.ndarray) -> np.ndarray:
    r, g, b = img[..., 0], img[..., 1], img[..., 2]
    return (r - g > 60) & (r - b > 60)


def _body_columns(img: np.ndarray) -> tuple[float, float]:
    """Leftmost and rightmost columns of the body (anything not white)."""
    cols = np.flatnonzero((img.mean(axis=-1) < 248).any(axis=0))
    return cols.min(), cols.max()


@pytest.mark.parametrize(("side", "sign"), [("right", 1), ("left", -1)])
def test_back_view_glow_is_on_the_patients_side(side, sign):
    fig = pm.draw("gluteus_medius", view="back", side=side, legend=False, trigger_points=False, crop="body")
    img = png_array(fig.to_png(dpi=60))
    red = _red(img)
    assert red.sum() > 200
    lo, hi = _body_columns(img)
    centre = (lo + hi) / 2
    cols = np.nonzero(red)[1]
    # back view: the patient's right is on the picture's right
    assert sign * (cols.mean() - centre) > 5
    assert (sign * (cols - centre) > -8).mean() > 0.97


def test_front_view_glow_is_on_the_patients_side():
    fig = pm.draw("gluteus_minimus_anterior", view="front", legend=False, crop="body")
    img = png_array(fig.to_png(dpi=60))
    lo, hi = _body_columns(img)
    cols = np.nonzero(_red(img))[1]
    assert cols.mean() < (lo + hi) / 2 - 5  # front view: the patient's right is on the picture's left


def test_both_sides_are_symmetric():
    img = png_array(pm.draw("piriformis", view="back", side="both", legend=False,
                            trigger_points=False, crop="body").to_png(dpi=60))
    red = _red(img)
    lo, hi = _body_columns(img)
    assert abs(np.nonzero(red)[1].mean() - (lo + hi) / 2) < 3
    assert abs(red[:, : int((lo + hi) / 2)].sum() - red[:, int((lo + hi) / 2) + 1:].sum()) < 0.1 * red.sum()


def test_glow_is_deeper_where_pain_is_more_common():
    fig = pm.draw("gluteus_medius", view="back", legend=False, trigger_points=False)
    panel = fig.scene.panels[0]
    layer = panel.layers[0]
    from painmap.render.ramp import ramp_rgba

    rgba = ramp_rgba(np.array([0.2, 0.5, 1.0]), layer.stops)
    assert rgba[0, 3] < rgba[1, 3] < rgba[2, 3]        # more opaque
    assert rgba[0, 1] > rgba[1, 1] > rgba[2, 1]        # deeper red (less green)
    assert ramp_rgba(np.array([0.0]), layer.stops)[0, 3] == 0  # transparent where there is no pain


def test_glow_stays_on_the_body():
    fig = pm.draw("gluteus_medius", view="back", legend=False, trigger_points=False, background="transparent")
    import io

    from PIL import Image

    img = np.asarray(Image.open(io.BytesIO(fig.to_png(dpi=60))).convert("RGBA")).astype(float)
    outside = img[..., 3] == 0
    assert not (_red(img[..., :3]) & outside).any()


def test_trigger_points_can_be_turned_off():
    with_x = pm.draw("piriformis", view="back")
    without = pm.draw("piriformis", view="back", trigger_points=False)
    assert len(with_x.scene.panels[0].markers) == 2
    assert without.scene.panels[0].markers == []
    assert "trigger point" not in [i.entry.text for i in without.scene.layout.legend]
    root = ET.fromstring(with_x.to_svg())
    assert len(root.findall(f".//{SVG}g[@id='trigger-points']/{SVG}g")) == 2


def test_classic_zones_read_in_greyscale():
    fig = pm.draw("gluteus_minimus_anterior", view="right", heat="classic", legend=False,
                  trigger_points=False, style="outline")
    layer = fig.scene.panels[0].layers[0]
    assert len(layer.dots) > 50
    img = png_array(fig.to_png(dpi=100))
    grey = img @ [0.299, 0.587, 0.114]
    solid = _red(img)
    assert solid.sum() > 500
    # the solid essential zone is dark in greyscale, the body light, the stipple in between
    assert grey[solid].mean() < 110
    body = (grey > 200) & (grey < 250)
    assert body.sum() > solid.sum()


def test_classic_svg_has_solid_and_stipple():
    root = ET.fromstring(pm.draw("gluteus_medius", view="back", heat="classic").to_svg())
    assert root.findall(f".//{SVG}path[@class='essential']")
    assert root.findall(f".//{SVG}path[@class='spillover']")


def test_colors_per_muscle_with_legend():
    fig = pm.draw(["gluteus_medius", "piriformis", "gluteus minimus"], view="back", colors=True)
    texts = [i.entry.text for i in fig.scene.layout.legend]
    assert texts[:3] == ["Gluteus medius", "Piriformis", "Gluteus minimus"]
    assert len(fig.scene.panels[0].layers) == 3
    custom = pm.draw(["gluteus_medius", "piriformis"], view="back",
                     colors={"piriformis": "#1f6fb2", "glute med": "#e39b0b"})
    by_name = {i.entry.text: i.entry.color for i in custom.scene.layout.legend}
    assert by_name["Piriformis"] == "#1f6fb2" and by_name["Gluteus medius"] == "#e39b0b"
    with pytest.raises(pm.PainmapError, match="one colour per muscle"):
        pm.draw(["gluteus_medius", "piriformis"], colors=["#ff0000"])
    with pytest.raises(pm.PainmapError, match="'reddish'"):
        pm.draw(["gluteus_medius"], colors=["reddish"])


def test_colors_on_both_sides():
    fig = pm.draw(["gluteus_medius", "piriformis"], view="back", side="both", colors=["#1f6fb2", "#e39b0b"],
                  legend=False, trigger_points=False, crop="body")
    img = png_array(fig.to_png(dpi=60))
    blue = (img[..., 2] - img[..., 0] > 40)
    orange = (img[..., 0] - img[..., 2] > 60) & (img[..., 1] > 100)
    lo, hi = _body_columns(img)
    mid = (lo + hi) / 2
    for mask in (blue, orange):
        cols = np.nonzero(mask)[1]
        assert (cols < mid).sum() > 30 and (cols > mid).sum() > 30


def test_auto_views():
    assert [p.view for p in pm.draw("gluteus minimus").scene.panels] == ["back", "right"]
    assert [p.view for p in pm.draw("gluteus minimus", side="left").scene.panels] == ["back", "left"]
    assert [p.view for p in pm.draw("gluteus_medius").scene.panels] == ["back"]
    assert [p.view for p in pm.draw("infraspinatus").scene.panels] == ["front", "back"]
    assert [p.view for p in pm.draw([]).scene.panels] == ["front"]


def test_views_share_one_legend():
    fig = pm.draw("piriformis", view=["back", "right"])
    assert len(fig.scene.panels) == 2
    assert [i.entry.kind for i in fig.scene.layout.legend] == ["ramp", "x"]


def test_sources_caption_and_title():
    fig = pm.draw("piriformis", title="Piriformis", caption="Right side.", sources=True)
    assert fig.scene.caption.startswith("Right side.\nSources: Travell & Simons")
    svg = fig.to_svg()
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == "Piriformis"
    assert "Piriformis" in root.find(f"{SVG}desc").text


def test_svg_groups_and_vector():
    root = ET.fromstring(pm.draw("gluteus_medius", view=["back", "right"]).to_svg())
    ids = [g.get("id") for g in root.findall(f"{SVG}g")]
    assert ids == ["body", "heat", "outline", "trigger-points", "labels", "legend"]
    assert list(root.iter(f"{SVG}image")) == []


def test_one_view_svg_is_small_and_deterministic():
    a = pm.draw("gluteus minimus", view="right").to_svg()
    assert len(a.encode()) < 500_000
    assert a == pm.draw("gluteus minimus", view="right").to_svg()


def test_png_pdf_deterministic_with_heat():
    a, b = pm.draw("piriformis", heat="classic"), pm.draw("piriformis", heat="classic")
    assert a.to_png() == b.to_png() and a.to_pdf() == b.to_pdf()


@pytest.mark.parametrize("heat", ["glow", "classic"])
def test_svg_with_heat_renders_like_the_png(heat, rsvg):
    fig = pm.draw("gluteus minimus", heat=heat, side="both", colors=None)
    png = png_array(fig.to_png(dpi=60))
    svg = rsvg(fig.to_svg(), 60)
    h, w = min(png.shape[0], svg.shape[0]), min(png.shape[1], svg.shape[1])
    diff = np.abs(png[:h, :w] - svg[:h, :w]).mean(axis=-1)
    assert diff.mean() < 2.5
    assert np.percentile(diff, 99) < 45
    # the heat itself agrees: the red areas overlap almost entirely
    a, b = _red(png[:h, :w]), _red(svg[:h, :w])
    assert (a & b).sum() > 0.85 * max(a.sum(), b.sum())


def test_glow_renders_in_chromium_like_the_png(chromium):
    fig = pm.draw("gluteus_medius", view="back")
    png = png_array(fig.to_png(dpi=96))
    shot = chromium(fig.to_svg(), png.shape[1] + 1, png.shape[0])[: png.shape[0], : png.shape[1]]
    diff = np.abs(png - shot).mean(axis=-1)
    assert diff.mean() < 2.5
    a, b = _red(png), _red(shot)
    assert (a & b).sum() > 0.85 * max(a.sum(), b.sum())


def test_figure_level_and_axes_level_draw_the_same():
    fig = pm.draw("piriformis", view="back", legend=False, view_labels=False)
    (left, bottom, w, h), (W, H) = fig.scene.layout.panels[0], fig.scene.layout.size
    other = Figure(figsize=(W, H))
    ax = other.add_axes((left / W, bottom / H, w / W, h / H))
    assert pm.plot("piriformis", view="back", ax=ax) is ax
    from painmap.render.mpl import figure_bytes

    a = png_array(figure_bytes(fig.figure, "png", 60))  # to_png draws without matplotlib: see test_raster.py
    b = png_array(figure_bytes(other, "png", 60))
    assert a.shape == b.shape
    assert np.abs(a - b).mean() < 0.5


def test_auto_crop_zooms_in_on_small_patterns():
    whole = pm.draw("masseter", crop="body").scene.panels[0].window
    zoomed = pm.draw("masseter").scene.panels[0].window
    assert zoomed[3] - zoomed[2] == pytest.approx(40.0, abs=1.0)   # a 40 cm band: head and neck
    assert whole[3] - whole[2] > 160
    assert zoomed[2] > 100                                        # the head and neck, not the legs
    # a pattern from shoulder to hand keeps the whole body
    assert pm.draw("scalenes").scene.panels[0].window[3] - pm.draw("scalenes").scene.panels[0].window[2] > 80
    with pytest.raises(pm.ChoiceError, match="'auto', 'body'"):
        pm.draw("masseter", crop="face")


def test_sole_view_for_sole_patterns():
    views = [p.view for p in pm.draw("quadratus_plantae").scene.panels]
    assert "sole" in views
    img = png_array(pm.draw("quadratus_plantae", view="sole", legend=False).to_png(dpi=60))
    assert _red(img).sum() > 100
    # narrowed to the foot that hurts: the patient's right foot is on the picture's left
    for side, sign in (("right", -1), ("left", 1)):
        u0, u1, _, _ = pm.draw("flexor_digitorum_longus", view="sole", side=side).scene.panels[0].window
        assert u1 - u0 < 25 and sign * (u0 + u1) > 0
    one = u1 - u0
    u0, u1, _, _ = pm.draw("flexor_digitorum_longus", view="sole", side="both").scene.panels[0].window
    # both feet, laid side by side (a few centimetres apart), not at the A-pose's stance
    assert 1.6 * one < u1 - u0 < 2.3 * one

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import painmap as pm
from tests.helpers import png_array

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def back_svg():
    return pm.draw([], view="back").to_svg()


def test_svg_is_valid_xml_and_vector(back_svg):
    root = ET.fromstring(back_svg)
    assert root.tag == f"{SVG}svg"
    assert list(root.iter(f"{SVG}image")) == []
    assert "base64" not in back_svg and "data:" not in back_svg
    assert len(list(root.iter(f"{SVG}path"))) > 10
    assert root.find(f"{SVG}title") is not None


def test_one_view_svg_is_small(back_svg):
    assert len(back_svg.encode()) <= 400_000


def test_svg_groups_are_named(back_svg):
    root = ET.fromstring(back_svg)
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    assert {"body", "outline", "body-back", "clip-back"} <= ids


def test_same_call_same_svg():
    a = pm.draw([], view="left", style="outline").to_svg()
    b = pm.draw([], view="left", style="outline").to_svg()
    assert a == b


def _png_svg_difference(fig, rsvg, *, dpi):
    """Per-pixel grey difference between a figure's PNG and its SVG rendered by librsvg."""
    png = png_array(fig.to_png(dpi=dpi))
    svg = rsvg(fig.to_svg(), dpi)
    assert abs(png.shape[0] - svg.shape[0]) <= 1 and abs(png.shape[1] - svg.shape[1]) <= 1
    h, w = min(png.shape[0], svg.shape[0]), min(png.shape[1], svg.shape[1])
    return np.abs(png[:h, :w] - svg[:h, :w]).mean(axis=-1)


@pytest.mark.parametrize("style", ["shaded", "outline"])
def test_svg_renders_like_the_png(style, rsvg):
    diff = _png_svg_difference(pm.draw([], view="front", style=style), rsvg, dpi=60)
    assert diff.mean() < 1.5           # grey levels out of 255, whole picture
    assert np.percentile(diff, 99) < 30  # only edge pixels differ noticeably


def test_svg_renders_in_chromium_like_the_png(chromium):
    fig = pm.draw([], view="back")
    png = png_array(fig.to_png(dpi=96))
    shot = chromium(fig.to_svg(), png.shape[1] + 1, png.shape[0])
    h, w = png.shape[:2]
    diff = np.abs(png - shot[:h, :w]).mean(axis=-1)
    assert diff.mean() < 1.5
    assert np.percentile(diff, 99) < 30


def test_text_is_escaped():
    svg = pm.draw([], title='Hip & "thigh" <pain>').to_svg()
    ET.fromstring(svg)
    assert "Hip &amp; " in svg and "&lt;pain&gt;" in svg


def test_numbers_are_short():
    # Body paths are whole numbers of 0.01 cm; everything else has at most 5 decimals.
    root = ET.fromstring(pm.draw([], view="back").to_svg())
    body = root.find(f".//{SVG}g[@id='body-back']")
    assert all("." not in el.get("d") for el in body.iter(f"{SVG}path"))
    assert not re.search(r"\d\.\d{6,}", ET.tostring(root, encoding="unicode"))


NEW_VIEWS = [("gracilis", "right_medial"), ("adductor_magnus", "left_medial"),
             ("flexor_digitorum_brevis", "sole"), ("gluteus_medius", "az=-45,el=10"), ("piriformis", "auto")]


@pytest.mark.parametrize(("pattern", "view"), NEW_VIEWS)
def test_new_views_and_crops_svg_renders_like_the_png(pattern, view, rsvg):
    # medial views, the soles laid side by side (holes between the toes filled), a free camera,
    # and a crop that leaves a stray arm out: the SVG draws the same picture as the PNG
    side = "left" if view == "left_medial" else "right"
    fig = pm.draw(pattern, view=view, side=side)
    diff = _png_svg_difference(fig, rsvg, dpi=50)
    assert diff.mean() < 2.0
    assert np.percentile(diff, 99) < 40
    assert fig.to_svg() == pm.draw(pattern, view=view, side=side).to_svg()  # same call, same bytes


def test_a_field_drawn_again_reuses_its_bands_and_a_changed_one_does_not():
    from painmap.render import svg

    fig = pm.draw("gluteus medius", view="back")
    svg._BANDS.clear()
    first = fig.to_svg()
    kept = dict(svg._BANDS)
    assert len(kept) == 1  # one glow field traced
    again = pm.draw("gluteus medius", view="back").to_svg()  # a new array, equal in value
    assert again == first and svg._BANDS.keys() == kept.keys()
    layer = fig.scene.panels[0].layers[0]
    u, v = fig.scene.panels[0].projection.grid
    field, levels = layer.field, layer.levels
    assert svg._field_bands(u, v, field, levels) == svg._nested_bands(u, v, field, levels)
    hotter = np.where(np.isnan(layer.field), np.nan, np.minimum(layer.field * 1.5, 1.0))
    bands = svg._field_bands(u, v, hotter, layer.levels)
    assert len(svg._BANDS) == 2 and bands == svg._nested_bands(u, v, hotter, layer.levels)
    assert sum(map(len, bands)) > sum(map(len, svg._field_bands(u, v, layer.field, layer.levels)))


def test_the_bands_kept_are_bounded():
    from painmap.render import svg

    grid = np.arange(30.0)
    for k in range(svg.BANDS_KEPT + 5):
        z = np.zeros((30, 30))
        z[5:25, 5:6 + k % 20] = 1.0 + k
        svg._field_bands(grid, grid, z, [0.5])
    assert len(svg._BANDS) == svg.BANDS_KEPT

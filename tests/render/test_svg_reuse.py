"""What a warm SVG reuses (issue 26): kept heat pictures, bands found by the array, the areas of heated
vertices only, and the writer's escaped attributes.  Each shortcut must give the same bits as the long
way."""

from __future__ import annotations

import numpy as np
import pytest

import painmap as pm
from painmap.body.mesh import Body, load_body
from painmap.body.projection import project
from painmap.compose import picture
from painmap.compose.viewpick import heat_weight, pick_views
from painmap.render import svg
from painmap.render.svgdoc import Element


def _dense(proj, values: np.ndarray) -> np.ndarray:
    """The picture of per-vertex `values`, computed here the long way (as ``Projection.sample`` does)."""
    fine = proj.body.smooth.apply(values)
    corners, weights, shown, taken = proj._sampling
    inside = np.einsum("pk,pk->p", fine[corners], weights)
    out = np.full(proj.mask.size, np.nan)
    out[shown] = inside[taken]
    return out.reshape(proj.size)


def test_sampled_heat_is_kept_read_only_and_evicted():
    proj = project("neutral", "back")
    values = pm.heat("gluteus_medius").values
    first = picture.sampled(proj, values)
    assert picture.sampled(proj, values.copy()) is first  # found by value, not by array
    assert not first.flags.writeable
    with pytest.raises(ValueError):
        first[0, 0] = 1.0
    assert first.tobytes() == _dense(proj, values).tobytes()
    others = [pm.heat(n).values for n in ("piriformis", "soleus", "masseter", "infraspinatus", "scalenes")]
    for other in others[: picture.FIELDS_KEPT]:
        assert picture.sampled(proj, other) is not first
    assert len(picture._FIELDS) <= picture.FIELDS_KEPT
    assert picture.sampled(proj, values) is not first  # pushed out by four newer fields, sampled again


def test_bands_of_a_kept_field_are_found_without_a_digest(monkeypatch):
    proj = project("neutral", "back")
    u, v = proj.grid
    field = picture.sampled(proj, pm.heat("gluteus_medius").values)
    levels = [0.1, 0.3, 0.6]
    first = svg._field_bands(u, v, field, levels)
    assert all(first) and len(first) == 3
    traced = []
    monkeypatch.setattr(svg, "hot_part", lambda *a: traced.append(1) or (_ for _ in ()).throw(AssertionError))
    assert svg._field_bands(u, v, field, levels) == first  # the same read-only array: no scan, no digest
    assert not traced
    monkeypatch.undo()
    base = field.copy()
    view = base[:]
    view.setflags(write=False)  # read-only, but its data can change through `base`: never by identity
    assert svg._field_bands(u, v, view, levels) == first
    base[np.nan_to_num(base) > 0] = 0.0
    assert svg._field_bands(u, v, view, levels) == ["", "", ""]
    writable = field.copy()  # equal values in a writable array: found by the digest
    assert svg._field_bands(u, v, writable, levels) == first
    writable[np.nan_to_num(writable) > 0] = 0.0  # changed in place: traced again, nothing left
    assert svg._field_bands(u, v, writable, levels) == ["", "", ""]


def test_drawing_again_gives_the_same_svg():
    first = pm.draw("gluteus_medius", view="back").to_svg()
    again = pm.draw("gluteus_medius", view="back").to_svg()
    picture._FIELDS.clear()
    svg._SEEN.clear()
    svg._BANDS.clear()
    fresh = pm.draw("gluteus_medius", view="back").to_svg()
    assert first == again == fresh
    assert first.count("<path") > 20 and 'id="glow-back-0"' in first


def test_heat_weight_equals_heat_times_areas_to_the_bit():
    body = load_body("neutral")
    areas = Body.vertex_areas.func(body)  # the whole body's areas, worked out apart
    for name, side in (("gluteus_medius", "right"), ("infraspinatus", "both"), ("soleus", "left")):
        values = pm.heat(name, side=side).values
        vars(body).pop("vertex_areas", None)
        assert heat_weight(values, body).tobytes() == (values * areas).tobytes()
        assert "vertex_areas" not in vars(body)  # only the heated vertices' areas were worked out
    assert heat_weight(values, body)[values == 0].sum() == 0.0
    body.vertex_areas  # noqa: B018 - once known, the whole array is used
    assert heat_weight(values, body).tobytes() == (values * areas).tobytes()
    assert pick_views(pm.heat("gluteus_minimus").values, "neutral") == ["back", "right"]


def test_escaped_attributes_are_reused_and_stay_escaped():
    for _ in range(2):  # the second time from the writer's table of escaped values
        g = Element("g", id='a"b&c', class_="x<y", fill="#ff0000")
        assert g.tostring() == '<g class="x&lt;y" fill="#ff0000" id="a&quot;b&amp;c" />'
    assert Element("path", d="M0 0", stroke_width=1.5).tostring() == '<path d="M0 0" stroke-width="1.5" />'

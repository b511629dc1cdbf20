"""Where to press: footprints and numbered trigger points with directions."""

import numpy as np
import pytest

import painmap as pm
from painmap.body.mesh import load_body
from painmap.heat import footprint_field, trigger_point_locations
from painmap.press import directions

BODY = load_body()


def test_trigger_points_are_numbered_in_order_with_directions():
    sites = pm.trigger_points("gluteus medius")
    assert [s.number for s in sites] == [1, 2, 3]
    assert [s.label for s in sites] == [tp.label for tp in pm.muscle("gluteus_medius").trigger_points]
    for s in sites:
        assert s.directions.startswith(("About ", "Right on ")) and s.directions.endswith(".")
        assert 0 <= s.vertex < BODY.n_vertices
    # The second point lies under the crest, about halfway along: below the hip bone's top.
    assert "down from the highest point of the hip bone" in sites[1].directions


def test_whole_muscles_and_both_sides_number_on():
    trap = pm.trigger_points("trapezius")
    assert [s.number for s in trap] == list(range(1, len(trap) + 1))
    assert {s.pattern.id for s in trap} == {"trapezius_upper", "trapezius_middle", "trapezius_lower"}
    both = pm.trigger_points("piriformis", side="both")
    assert [s.side for s in both] == ["right", "right", "left", "left"]
    right, left = both[0].vertex, both[2].vertex
    assert BODY.mirror[right] == left


def test_directions_name_the_offset_from_the_nearest_landmark_in_the_patients_terms():
    from painmap.body.landmarks import landmark_point

    at = landmark_point("lateral_epicondyle", "right", body=BODY).position(BODY)
    assert directions(at, "right", BODY) == "Right on the bony point on the outside of the elbow."
    hip = landmark_point("greater_trochanter", "right", body=BODY).position(BODY)
    below = directions(hip + [0, -4.0, 0], "right", BODY)
    assert below == "About 4 cm down from the bony point at the side of the hip."
    psis = landmark_point("psis", "right", body=BODY).position(BODY)
    outward_right = directions(psis + [-3.0, 0, 0], "right", BODY)   # x grows toward the patient's left
    psis_left = landmark_point("psis", "left", body=BODY).position(BODY)
    outward_left = directions(psis_left + [3.0, 0, 0], "left", BODY)
    assert "3 cm outward" in outward_right and "3 cm outward" in outward_left


def test_footprint_is_a_surface_heat_for_muscles_and_groups():
    f = pm.footprint("glutes", side="both")
    assert isinstance(f, pm.SurfaceHeat) and f.values.shape == (BODY.n_vertices,)
    assert 0 <= f.values.min() and f.values.max() <= 1
    left = pm.footprint("piriformis", side="left").values
    right = pm.footprint("piriformis").values
    assert np.allclose(left, right[BODY.mirror])


WITH_FOOTPRINT = [p.id for p in pm.muscles() if p.footprint]


@pytest.mark.parametrize("pattern_id", WITH_FOOTPRINT or ["none"])
def test_every_trigger_point_lies_on_its_footprint(pattern_id):
    if pattern_id == "none":
        pytest.skip("no pattern has a footprint yet")
    p = pm.muscle(pattern_id)
    on = np.flatnonzero(footprint_field(p) >= 0.5)
    assert on.size, f"{pattern_id}: an empty footprint"
    for tp, point in zip(p.trigger_points, trigger_point_locations(p, BODY)):
        gap = np.linalg.norm(BODY.vertices[on] - point.position(BODY), axis=1).min()
        assert gap <= 2.0, f"{pattern_id}: trigger point {tp.label!r} is {gap:.1f} cm off its footprint"

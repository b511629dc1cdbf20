"""Where to press: footprints and numbered trigger points with directions."""

import numpy as np
import pytest

import painmap as pm
from painmap.body.mesh import load_body
from painmap.heat import footprint_field
from painmap.press import checked_footprint, directions

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
    assert [s.number for s in both] == [1, 2, 1, 2]
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


@pytest.mark.parametrize("pattern_id", [p.id for p in pm.muscles()])
def test_every_trigger_point_lies_on_its_footprint(pattern_id):
    p = pm.muscle(pattern_id)
    assert p.footprint, f"{pattern_id}: no footprint"
    assert checked_footprint(p).max() >= 0.5  # raises PatternError for a point more than 2 cm off


def test_a_trigger_point_off_its_footprint_is_a_pattern_error():
    import dataclasses

    from painmap.patterns.schema import TriggerPoint

    p = pm.muscle("piriformis")
    ankle = dataclasses.replace(p.trigger_points[0].at, landmark="lateral_malleolus")
    far = TriggerPoint(ankle, "At the ankle")
    with pytest.raises(pm.PatternError, match=r"'At the ankle' lies \d+\.\d cm from the muscle's footprint"):
        checked_footprint(dataclasses.replace(p, trigger_points=(*p.trigger_points, far)))


@pytest.mark.parametrize(("pattern_id", "low", "high"), [
    ("gluteus_maximus", 300, 600), ("gluteus_medius", 120, 300), ("latissimus_dorsi", 350, 800),
    ("trapezius_upper", 120, 300), ("vastus_lateralis", 200, 450), ("pectoralis_major_sternal", 200, 450),
    ("gastrocnemius", 180, 400), ("external_oblique", 200, 450), ("masseter", 12, 40),
    ("first_dorsal_interosseous", 5, 30)])
def test_large_and_small_muscles_have_plausible_footprints(pattern_id, low, high):
    area = float((BODY.vertex_areas * (footprint_field(pm.muscle(pattern_id)) > 0.25)).sum())
    assert low <= area <= high, (pattern_id, area)


@pytest.mark.parametrize(("pattern_id", "regions"), [
    ("gluteus_maximus", {"buttock_upper", "buttock_lower"}), ("gluteus_medius", {"buttock_lateral"}),
    ("trapezius_upper", {"shoulder_top"}), ("latissimus_dorsi", {"thoracic_back"}),
    ("vastus_lateralis", {"thigh_lateral"}), ("tibialis_anterior", {"leg_anterior"}),
    ("gastrocnemius", {"leg_posterior"}), ("masseter", {"face_jaw"}),
    ("biceps_brachii", {"upper_arm_anterior"})])
def test_footprints_lie_where_the_muscle_lies_on_the_right_side(pattern_id, regions):
    from painmap.body.mesh import LEFT, RIGHT

    f = pm.footprint(pattern_id)
    for region in regions:
        assert f.region(region, "right") >= 0.9, (pattern_id, region)
    weight = f.values * BODY.vertex_areas
    assert weight[BODY.side == LEFT].sum() < 0.1 * weight[BODY.side == RIGHT].sum(), pattern_id
    assert pm.footprint(pattern_id, side="left").region(next(iter(regions)), "left") >= 0.9


def test_deep_muscles_are_marked_deep():
    for pattern_id in ("piriformis", "gluteus_minimus_anterior", "quadratus_lumborum", "subscapularis",
                       "medial_pterygoid", "lateral_pterygoid", "multifidi", "suboccipitals"):
        p = pm.muscle(pattern_id)
        assert p.footprint and all(part.deep for part in p.footprint), pattern_id
        assert footprint_field(p).max() == pytest.approx(0.5), pattern_id
    assert not any(part.deep for part in pm.muscle("masseter").footprint)


def test_pictures_number_each_mark_as_the_list_does(tmp_path):
    import re

    svg = pm.draw("trapezius", side="both").save(tmp_path / "t.svg").read_text()
    marks = re.findall(r'class="trigger-point"[^>]*data-number="(\d+)"', svg)
    assert set(map(int, marks)) == {s.number for s in pm.trigger_points("trapezius", side="both")}
    assert svg.count('class="trigger-point-number"') == len(marks) >= 12  # six points a side, some twice


def test_automatic_views_show_every_numbered_trigger_point_of_every_pattern():
    missing = []
    for p in pm.muscles():
        scene = pm.draw(p.id).scene
        drawn = {m.number for panel in scene.panels for m in panel.markers if m.kind == "x"}
        if drawn != set(range(1, len(p.trigger_points) + 1)):
            missing.append((p.id, [panel.view for panel in scene.panels], sorted(drawn)))
    assert not missing, missing

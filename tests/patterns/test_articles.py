"""The muscles of the two articles painmap grew from, where the articles and Travell & Simons put them."""

import numpy as np

import painmap as pm
from painmap.body.mesh import load_body
from painmap.heat import heat, trigger_point_vertices


def test_gluteus_medius_lumbago_muscle():
    h = heat("glute med")
    # along the back of the iliac crest, over the sacrum and sacroiliac area and the buttock
    for region in ("iliac_crest", "sacroiliac", "sacrum", "buttock_upper"):
        assert h.region(region) >= 0.8, region
    # spilling to the upper back of the thigh, but not down the leg
    assert 0.2 < h.region("thigh_posterior") < 0.6
    assert h.region("knee_posterior") < 0.05 and h.region("leg_posterior") == 0
    # the low back pain of the article: some heat on the lumbar area
    assert h.region("lumbar_back") > 0.3


def test_gluteus_minimus_anterior_runs_down_the_side_to_the_ankle_not_the_foot():
    h = heat("gluteus_minimus_anterior")
    for region in ("buttock_lateral", "thigh_lateral", "knee_lateral", "leg_lateral"):
        assert h.region(region) >= 0.6, region
    assert h.region("ankle_lateral") > 0.2
    for region in ("foot_dorsum", "foot_sole", "foot_ball", "big_toe", "lesser_toes", "heel"):
        assert h.region(region) <= 0.05, region


def test_gluteus_minimus_posterior_runs_down_the_back_into_the_calf():
    h = heat("gluteus_minimus_posterior")
    for region in ("buttock_lower", "thigh_posterior", "leg_posterior"):
        assert h.region(region) >= 0.6, region
    assert h.region("leg_lateral") < h.region("leg_posterior")
    assert h.region("foot_sole") == 0


def test_gluteus_minimus_is_drawn_as_its_two_parts():
    parts = [p.id for p in pm.heat("gluteus minimus").patterns]
    assert parts == ["gluteus_minimus_anterior", "gluteus_minimus_posterior"]


def test_piriformis_sacroiliac_buttock_and_back_of_hip():
    h = heat("piriformis")
    for region in ("sacroiliac", "buttock_upper", "buttock_lateral"):
        assert h.region(region) >= 0.7, region
    assert 0.15 < h.region("thigh_posterior") < 0.6
    assert h.region("knee_posterior") < 0.05


def test_piriformis_trigger_points_beside_the_tailbone_and_on_the_outer_hip():
    body = load_body()
    points = sorted((body.vertices[v] for v in trigger_point_vertices(pm.muscle("piriformis"), body)),
                    key=lambda p: -p[0])
    inner, outer = points
    # inner: beside the middle of the sacrum/tailbone, a few cm from the midline, on the back
    assert 3 < -inner[0] < 9 and inner[2] < 0
    # outer: at the outer hip, close to the greater trochanter
    from painmap.body.landmarks import landmark_vertex

    gt = body.vertices[landmark_vertex("greater_trochanter", "right", body=body)]
    assert np.linalg.norm(outer - gt) < 8


def test_heat_is_on_the_patients_side():
    h = heat("gluteus_medius", side="left")
    assert h.region("buttock_upper", "left") > 0.8 and h.region("buttock_upper", "right") == 0
    both = heat("gluteus_medius", side="both")
    assert both.region("buttock_upper", "right") == both.region("buttock_upper", "left") > 0.8
    # combining: never above 1, and the both-sided field is at least each side
    assert both.values.max() <= 1.0
    assert np.all(both.values >= h.values - 1e-12)

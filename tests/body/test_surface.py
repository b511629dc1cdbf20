"""Continuous surface points: anchors between vertices, on every shape and both sides."""

import itertools

import numpy as np
import pytest

import painmap as pm
from painmap.body.landmarks import landmark_point, landmark_vertex, landmarks
from painmap.body.mesh import load_body
from painmap.body.projection import project
from painmap.body.surface import SurfacePoint, closest_point
from painmap.heat import anchor_point, trigger_point_locations
from painmap.patterns.schema import Anchor

SHAPES = ["neutral", "female", "male"]


@pytest.mark.parametrize("shape", SHAPES)
def test_closest_point_beats_the_nearest_vertex(shape):
    body = load_body(shape)
    rng = np.random.default_rng(3)
    for vertex in rng.choice(body.n_vertices, 40, replace=False):
        target = body.vertices[vertex] + rng.normal(0, 1.0, 3)
        p = closest_point(body, target)
        assert sum(p.weights) == pytest.approx(1.0) and min(p.weights) >= -1e-9
        best_vertex = np.linalg.norm(body.vertices - target, axis=1).min()
        assert np.linalg.norm(p.position(body) - target) <= best_vertex + 1e-9


@pytest.mark.parametrize("landmark", ["scapula_spine_root", "psis", "lateral_epicondyle",
                                      "greater_trochanter", "mid_calf", "iliac_crest_high"])
def test_small_offsets_move_an_anchor_by_about_as_much(landmark):
    # With anchors snapped to vertices 2-4 cm apart, half-centimetre steps stood still, then jumped.
    body = load_body()
    steps = [anchor_point(Anchor(landmark, (0.0, -0.5 * k, 0.0)), body).position(body) for k in range(8)]
    moves = np.linalg.norm(np.diff(steps, axis=0), axis=1)
    assert moves.min() > 0.2 and moves.max() < 0.8, moves.round(2)


@pytest.mark.parametrize("shape", SHAPES)
def test_close_trigger_points_stay_apart(shape):
    body = load_body(shape)
    for name, at_least in (("rhomboids", 1.5), ("subscapularis", 1.5), ("scalenes", 1.5)):
        for side in ("right", "left"):
            points = [p.position(body) for p in trigger_point_locations(pm.muscle(name), body, side)]
            for a, b in itertools.combinations(points, 2):
                assert np.linalg.norm(a - b) > at_least, (name, side)


@pytest.mark.parametrize("shape", SHAPES)
def test_landmarks_mirror_to_the_left(shape):
    body = load_body(shape)
    for name in landmarks():
        right = landmark_point(name, "right", body=body).position(body)
        left = landmark_point(name, "left", body=body).position(body)
        assert left == pytest.approx(right * [-1, 1, 1], abs=0.05), name
        # the nearest vertex stays within a mesh cell of the point
        vertex = landmark_vertex(name, "right", body=body)
        assert np.linalg.norm(body.vertices[vertex] - right) < 3.0, name


def test_markers_sit_on_the_surface_point():
    proj = project("neutral", "back")
    body = proj.body
    vertex = landmark_vertex("psis", "right", body=body)
    uv_v, seen_v = proj.locate(np.array([vertex]))
    uv_p, seen_p = proj.locate_points([SurfacePoint.at_vertex(vertex)])
    assert uv_p == pytest.approx(uv_v) and seen_p.tolist() == seen_v.tolist() == [True]
    # two rhomboid trigger points land on two different spots of the picture
    uv, seen = proj.locate_points(trigger_point_locations(pm.muscle("rhomboids"), body))
    assert seen.all() and np.linalg.norm(uv[0] - uv[1]) > 1.5

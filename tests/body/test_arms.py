"""Arms in the pictures (issue 21, items 3 and 5): hanging by the body in the side views with the side of
the trunk still in sight, and forearm/hand figures with the arm hanging, palm forward, and each trigger
point's mark on the face of the forearm where the point is."""

import dataclasses

import numpy as np
import pytest

import painmap as pm
from painmap.body.camera import (
    ARMS_DOWN,
    ARMS_DOWN_ADDUCTION,
    SIDE_ARM_ADDUCTION,
    SIDE_ARM_FLEXION,
    VIEWS,
    view,
)
from painmap.body.mesh import load_body
from painmap.body.pose import pose_arms
from painmap.body.projection import project
from painmap.compose.cropping import pixel_parts
from painmap.compose.viewpick import FOREARM_SHARE, forearm_share, resolve_views
from painmap.heat import trigger_point_locations

SHAPES = ("neutral", "female", "larger_male", "older_female")


def _arm_angle(shape: str, camera, side: str) -> float:
    """Degrees between the shoulder -> wrist direction of the posed mesh and straight down, in the
    camera's picture plane."""
    proj = project(shape, camera)
    body = proj.body
    wrist = body.joints[f"wrist_{side}"]
    near = np.linalg.norm(body.vertices - wrist, axis=1) < 3.0  # the skin around the wrist joint
    at = proj.points[: body.n_vertices][near, :2].mean(axis=0)
    shoulder = camera.to_picture(body.joints[f"shoulder_{side}"])[:2]
    du, dv = at - shoulder
    return float(np.degrees(np.arctan2(abs(du), -dv)))


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("name", ["right", "left"])
def test_side_views_hang_the_near_arm_by_the_body(shape, name):
    near = name[0]
    assert _arm_angle(shape, VIEWS[name], near) < 10.0
    # In three dimensions too: the wrist hangs below the shoulder, neither out to the side nor forward.
    body = load_body(shape)
    posed = pose_arms(body, VIEWS[name].arm_flexion, VIEWS[name].arm_adduction)
    wrist = posed[np.linalg.norm(body.vertices - body.joints[f"wrist_{near}"], axis=1) < 3.0].mean(axis=0)
    down = wrist - body.joints[f"shoulder_{near}"]
    assert np.degrees(np.arccos(-down[1] / np.linalg.norm(down))) < 10.0


def test_the_old_pose_would_fail_the_hanging_test():
    # The measure can fail: the arms flexed 30 degrees (the former side views) are far from vertical,
    # and the front view keeps the A-pose (about 42 degrees out).
    old = dataclasses.replace(VIEWS["right"], arm_flexion=30.0, arm_adduction=0.0)
    assert _arm_angle("neutral", old, "r") > 25.0
    assert _arm_angle("neutral", VIEWS["front"], "r") > 35.0
    assert _arm_angle("neutral", ARMS_DOWN["front"], "r") < 10.0


def test_oblique_cameras_pose_the_arms_between_front_and_side():
    assert (view(90).arm_flexion, view(90).arm_adduction) == (SIDE_ARM_FLEXION, SIDE_ARM_ADDUCTION)
    assert (view(-90).arm_flexion, view(-90).arm_adduction) == (VIEWS["right"].arm_flexion,
                                                                 VIEWS["right"].arm_adduction)
    assert view(0).arm_adduction == view(180).arm_adduction == 0.0
    turns = [view(az).arm_adduction for az in (0, 20, 45, 70, 90)]
    assert turns == sorted(turns) and 0 < turns[2] < SIDE_ARM_ADDUCTION
    assert _arm_angle("neutral", view(-90), "r") < 10.0
    assert _arm_angle("neutral", view(-45), "r") < _arm_angle("neutral", view(-20), "r")


def _trunk_heat_cm2(camera, pattern="serratus_anterior") -> float:
    """Area (cm2) of the picture where the trunk shows heat >= 0.5 between the armpit and the hip."""
    proj = project("neutral", camera)
    body = proj.body
    img = np.nan_to_num(proj.sample(pm.heat(pattern).values, margin=0))
    _, v = proj.grid
    rows = (v < body.joints["shoulder_r"][1] - 8.0) & (v > body.joints["hip_r"][1] + 5.0)
    trunk = pixel_parts(proj) == body.part_names.index("trunk")
    return float(((img >= 0.5) & trunk & rows[:, None]).sum() * proj.pixel ** 2)


def test_side_view_keeps_the_lateral_chest_heat_in_sight():
    # The near arm hangs just behind the mid-axillary line: serratus anterior's pain on the side of
    # the chest shows in front of it (68 cm2, the former arms-forward pose 64; with the arm hanging
    # straight down 34, a little forward 13).
    shown = _trunk_heat_cm2(VIEWS["right"])
    assert shown > 55.0
    straight = dataclasses.replace(VIEWS["right"], arm_flexion=0.0)
    assert _trunk_heat_cm2(straight) < shown - 10.0


def test_side_view_shows_the_serratus_trigger_point_on_the_chest():
    proj = project("neutral", "right")
    points = trigger_point_locations(pm.muscle("serratus_anterior"), proj.body)
    _, visible = proj.locate_points(points)
    assert visible.any()


def test_forearm_heat_is_drawn_with_the_arms_down_front_and_back():
    palmaris = pm.heat("palmaris_longus").values
    assert forearm_share(palmaris) >= FOREARM_SHARE
    views = resolve_views("auto", palmaris)
    assert [v.name for v in views] == ["front"] and views[0] is ARMS_DOWN["front"]
    named = resolve_views([VIEWS["back"], VIEWS["right"]], palmaris)
    assert named == [ARMS_DOWN["back"], VIEWS["right"]]
    # Pain reaching the shoulder or the trunk keeps the whole-body A-pose.
    infraspinatus = pm.heat("infraspinatus").values
    assert forearm_share(infraspinatus) < 0.5
    assert all(v is VIEWS[v.name] for v in resolve_views([VIEWS["front"], VIEWS["back"]], infraspinatus))
    # A camera of one's own is left alone.
    own = dataclasses.replace(VIEWS["front"], name="mine")
    assert resolve_views([own], palmaris) == [own]


def _across(proj, uv) -> tuple[float, float]:
    """Where `uv` lies across the run of body pixels of its picture row: 0 at the run's left edge,
    1 at its right; and the run's width in cm."""
    u, v = proj.grid
    row, col = int(np.argmin(abs(v - uv[1]))), int(np.argmin(abs(u - uv[0])))
    inside = proj.mask[row]
    assert inside[col]
    left = right = col
    while left > 0 and inside[left - 1]:
        left -= 1
    while right < len(inside) - 1 and inside[right + 1]:
        right += 1
    return (col - left + 0.5) / (right - left + 1), (right - left + 1) * proj.pixel


FLEXORS = ("palmaris_longus", "flexor_digitorum", "wrist_flexors", "pronator_teres", "flexor_pollicis_longus")


@pytest.mark.slow
@pytest.mark.parametrize("pattern", FLEXORS)
def test_flexor_marks_sit_inside_the_palm_side_of_the_forearm(pattern):
    fig = pm.draw(pattern)
    (panel,) = [p for p in fig.scene.panels if p.view == "front"]
    proj = panel.projection
    assert proj.view is ARMS_DOWN["front"]
    marks = [m for m in panel.markers if m.kind == "x"]
    assert len(marks) == len(pm.muscle(pattern).trigger_points)
    for m in marks:
        where, width = _across(proj, (m.u, m.v))
        assert 4.0 < width < 10.0  # the forearm, not the trunk or a hand
        assert 0.25 < where < 0.75, (pattern, m.number, where)
    # Each point faces the camera squarely: it is on the palm side, not on an edge.
    points = trigger_point_locations(pm.muscle(pattern), proj.body)
    facing = [np.dot(p.weights, proj.normals[list(p.vertices), 2]) for p in points]
    assert min(facing) > 0.85


def test_palmaris_and_finger_flexor_marks_are_mid_forearm_without_drawing():
    proj = project("neutral", ARMS_DOWN["front"])
    for pattern in ("palmaris_longus", "flexor_digitorum", "wrist_flexors"):
        points = trigger_point_locations(pm.muscle(pattern), proj.body)
        uv, visible = proj.locate_points(points)
        assert visible.all()
        for at in uv:
            where, width = _across(proj, at)
            assert 0.25 < where < 0.75 and width < 10.0, (pattern, where)


EXTENSORS = ("extensor_carpi_radialis_longus", "extensor_carpi_radialis_brevis", "extensor_carpi_ulnaris",
             "extensor_digitorum", "extensor_indicis")


@pytest.mark.parametrize("pattern", EXTENSORS)
def test_extensor_marks_sit_on_the_back_of_the_forearm(pattern):
    back, front = project("neutral", ARMS_DOWN["back"]), project("neutral", ARMS_DOWN["front"])
    points = trigger_point_locations(pm.muscle(pattern), back.body)
    _, visible = back.locate_points(points)
    assert visible.all()
    for p in points:
        corners = list(p.vertices)
        assert np.dot(p.weights, back.normals[corners, 2]) > 0.5
        assert np.dot(p.weights, front.normals[corners, 2]) < 0.0


def test_palmaris_footprint_runs_down_the_middle_of_the_forearm():
    proj = project("neutral", ARMS_DOWN["front"])
    felt = np.nan_to_num(proj.sample(pm.footprint("palmaris_longus").values, margin=0)) >= 0.45
    _, v = proj.grid
    wrist = ARMS_DOWN["front"].to_picture(pose_arms(proj.body, 0.0, ARMS_DOWN_ADDUCTION)[
        np.linalg.norm(proj.body.vertices - proj.body.joints["wrist_r"], axis=1) < 3.0].mean(axis=0))
    places = []
    for row in np.flatnonzero((v > wrist[1] + 3.0) & (v < wrist[1] + 14.0)):  # the lower two thirds
        cols = np.flatnonzero(felt[row])
        if len(cols):
            u = proj.grid[0]
            places.append(_across(proj, (u[int(cols.mean())], v[row]))[0])
    assert len(places) > 20
    assert 0.35 < np.median(places) < 0.65

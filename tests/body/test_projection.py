import os
import subprocess
import sys

import numpy as np
import pytest
from matplotlib.path import Path

from painmap.body.camera import STANDARD_VIEWS
from painmap.body.mesh import SHAPES
from painmap.body.projection import project, used_vertices
from painmap.core import cache

# The young adults, a child and a larger body in the default run; every shape when slow.
QUICK = ("neutral", "female", "male", "child", "larger_male")
ALL_SHAPES = [pytest.param(s, marks=() if s in QUICK else pytest.mark.slow) for s in SHAPES]
CASES = [pytest.param(*s.values, v, marks=s.marks) for s in ALL_SHAPES for v in STANDARD_VIEWS]


@pytest.mark.parametrize(("shape", "view"), CASES)
def test_silhouette_is_one_piece_without_holes(shape, view):
    rings = project(shape, view).silhouette
    assert len(rings) == 1
    points, codes = rings[0]
    assert (codes == 1).sum() == 1  # one outer boundary, no hole, no island
    assert len(points) > 800  # smooth: many points


@pytest.mark.parametrize(("shape", "view"), CASES)
def test_no_holes_or_see_through_faces(shape, view):
    # Everything inside the outline is painted: shading (and so any heat field) has a
    # value at every pixel the outline encloses, including sub-pixel gaps where two
    # fingers or the lips touch.
    p = project(shape, view)
    points, codes = p.silhouette[0]
    u, v = p.grid
    uu, vv = np.meshgrid(u, v)
    inside = Path(points, codes).contains_points(np.c_[uu.ravel(), vv.ravel()]).reshape(p.size)
    assert np.isfinite(p.shading[inside]).all()


@pytest.mark.parametrize(("shape", "view"), CASES)
def test_outline_follows_the_skin(shape, view):
    p = project(shape, view)
    points, codes = p.silhouette[0]
    u, v = p.grid
    uu, vv = np.meshgrid(u, v)
    inside = Path(points, codes).contains_points(np.c_[uu.ravel(), vv.ravel()]).reshape(p.size)
    # The smooth outline and the skin agree except in a thin band (finger gaps, edges).
    assert (inside ^ p.mask).sum() < 0.02 * p.mask.sum()


def test_outline_is_smooth_at_print_resolution():
    # At 200 dpi on a 6-inch-tall figure one raster pixel is about 2 device pixels;
    # consecutive outline segments must not turn by more than a right angle except at
    # a handful of true corners (fingertips, toes).
    points, _ = project("neutral", "front").silhouette[0]
    seg = np.diff(points, axis=0)
    seg = seg[np.linalg.norm(seg, axis=1) > 1e-9]
    ang = np.degrees(np.arccos(np.clip(
        (seg[:-1] * seg[1:]).sum(1) / np.linalg.norm(seg[:-1], axis=1) / np.linalg.norm(seg[1:], axis=1),
        -1, 1)))
    assert (ang > 60).sum() <= 12
    assert np.median(ang) < 10


def test_projection_is_cached_and_deterministic():
    assert project("male", "left") is project("male", "left")
    a = project("male", "left", 300)
    from painmap.body.projection import _project

    b = _project(a.body, a.view, 300)
    np.testing.assert_array_equal(a.raster.face, b.raster.face)
    np.testing.assert_array_equal(a.silhouette[0][0], b.silhouette[0][0])


def test_shading_is_light_on_the_chest_and_darker_at_the_flank():
    p = project("neutral", "front")
    col = lambda u: int((u - p.origin[0]) / p.pixel)  # noqa: E731
    row = int((125 - p.origin[1]) / p.pixel)
    chest, flank = p.shading[row, col(-5)], p.shading[row, col(-13.5)]
    assert 0.75 < chest <= 1.0
    assert flank < chest


@pytest.mark.parametrize("view", ["left", "right"])
@pytest.mark.parametrize("shape", ALL_SHAPES)
def test_side_views_keep_the_lateral_hip_in_sight(shape, view):
    # The arms hang a little behind the mid-axillary line in side views, so the near arm does not hide
    # the hip in front of it (the highest point of the iliac crest, on that line, is behind the arm).
    from painmap.body.landmarks import landmark_vertex

    p = project(shape, view)
    for name in ("greater_trochanter", "asis"):
        (_,), (visible,) = p.locate(np.array([landmark_vertex(name, view, body=p.body)]))
        assert visible, name


def test_feature_lines_show_the_near_arm_over_the_chest():
    lines = project("neutral", "left").feature_lines
    assert lines
    assert any(((l[:, 1] > 110) & (l[:, 1] < 140)).any() for l in lines)  # noqa: E741


def test_sole_view_shows_the_two_feet_from_below():
    from painmap.body.landmarks import landmark_vertex

    p = project("neutral", "sole")
    rings = p.silhouette
    assert len(rings) == 2  # two feet, nothing else
    u0, u1, v0, v1 = p.bounds
    assert v1 - v0 < 35 and u1 - u0 < 50
    (right_heel, right_toe, left_toe), visible = p.locate(np.array(
        [landmark_vertex(n, s, body=p.body) for n, s in (("sole_center", "right"), ("big_toe_tip", "right"),
                                                         ("big_toe_tip", "left"))]))
    assert visible[0]
    assert right_heel[0] < 0 < left_toe[0]           # the patient's right foot on the picture's left
    assert right_toe[1] > right_heel[1]              # toes at the top
    assert right_toe[0] > right_heel[0] - 1          # the big toe on the inner side


LOOK_ORDER = """
import sys, numpy as np
from painmap.body.projection import project, without_pixels
p = project("neutral", "back", 250)
if sys.argv[1] == "drop-only":  # a picture drawing the view with a limb left out needs only that one's look
    without_pixels(p, np.zeros(p.size, bool)).shading
else:
    parts = [p.shading, *[r for r, _ in p.silhouette], *p.feature_lines]
    np.save(sys.stdout.buffer, np.concatenate([a.ravel() for a in parts]))
"""


def test_a_projection_computes_its_look_only_when_drawn_and_reads_it_back_the_same(tmp_path):
    def run(folder, what):
        env = {**os.environ, cache.ENV: str(folder)}
        return subprocess.run([sys.executable, "-c", LOOK_ORDER, what], env=env, capture_output=True,
                              check=True).stdout

    def kinds(folder):
        return sorted({p.name.rsplit("-", 1)[0] for p in folder.iterdir()})

    run(tmp_path / "a", "drop-only")
    assert "projection" in kinds(tmp_path / "a") and "projection-look" not in kinds(tmp_path / "a")
    computed = run(tmp_path / "a", "look")
    assert "projection-look" in kinds(tmp_path / "a")
    assert run(tmp_path / "a", "look") == computed == run("off", "look")  # loaded, computed, no cache
    assert len(computed) > 100_000


def test_used_vertices_are_the_unique_vertices_of_the_faces():
    faces = project("neutral", "sole", 200).body.smooth.faces[::7]
    assert np.array_equal(used_vertices(faces, faces.max() + 5), np.unique(faces))
    assert used_vertices(faces[:0], 4).tolist() == []

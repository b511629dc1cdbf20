"""The medial leg views and the camera at any angle."""

import numpy as np
import pytest

import painmap as pm
from painmap.body.camera import VIEWS, get_view
from painmap.body.landmarks import landmark_vertex
from painmap.body.mesh import load_body
from painmap.body.projection import project
from painmap.body.regions import region_mask

BODY = load_body("neutral")


def _lm(name, side):
    return landmark_vertex(name, side, body=BODY)


def _seen(view, vertices, shape="neutral"):
    p = project(shape, view)
    uv, visible = p.locate(np.asarray(vertices))
    return uv, visible


@pytest.mark.parametrize(("view", "side", "other"), [("right_medial", "right", "left"),
                                                     ("left_medial", "left", "right")])
def test_medial_view_shows_its_leg_alone_face_on(view, side, other):
    p = project("neutral", view)
    body = p.body
    # Only that leg is drawn: no pixel of the picture shows the other leg, an arm or the trunk.
    shown = np.unique(body.smooth.faces[p.raster.face[p.mask]])
    shown = shown[shown < body.n_vertices]
    parts = {body.part_names[k] for k in np.unique(body.part[shown])}
    assert parts == {f"leg_{side[0]}"}
    # The inner thigh faces the camera squarely: most of its skin is seen and turned toward us.
    inner = np.flatnonzero(region_mask("thigh_medial", side, body=body))
    _, visible = p.locate(inner)
    assert visible.mean() > 0.8
    assert np.median(p.normals[inner, 2]) > 0.6
    # The medial malleolus shows; the lateral one is on the far side.
    _, (med, lat) = p.locate(np.array([_lm("medial_malleolus", side),
                                       _lm("lateral_malleolus", side)]))
    assert med and not lat


def test_medial_views_keep_the_front_of_the_leg_where_the_side_views_do():
    # right_medial looks from the patient's left (like "left"): the knee cap is on the picture's left.
    for view, sign in (("right_medial", -1), ("left_medial", 1)):
        side = view.split("_")[0]
        (knee, back), _ = _seen(view, [_lm("patella_center", side),
                                        _lm("popliteal_fossa", side)])
        assert sign * (knee[0] - back[0]) > 5


def test_medial_panel_shows_gracilis_heat_and_is_labelled():
    fig = pm.draw("gracilis", view="right_medial")
    (panel,) = fig.scene.panels
    assert panel.label == "Right leg, inner side"
    field = np.nan_to_num(panel.layers[0].field)
    assert (field[panel.projection.mask] > 0.5).sum() > 200  # a broad hot zone, seen face-on
    # The window ends in a straight cut across the thigh: the picture's top row is all body.
    p = panel.projection
    u, v = p.grid
    u0, u1, _, v1 = panel.window
    row = np.searchsorted(v, v1) - 1
    cols = (u > u0) & (u < u1) & p.mask[row]
    assert cols.sum() > 0.5 * (p.bounds[1] - p.bounds[0]) / p.pixel


def test_free_camera_matches_named_views_and_sides():
    assert np.allclose(pm.view(0).rotation, VIEWS["front"].rotation)
    assert np.allclose(pm.view(180).rotation, VIEWS["back"].rotation)
    assert np.allclose(pm.view(-90).rotation, VIEWS["right"].rotation)
    assert np.allclose(pm.view(270).rotation, VIEWS["right"].rotation)
    assert pm.view(270).name == "az=-90,el=0"
    for az, el in ((30, 10), (-135, -20), (89.99, 45)):
        r = pm.view(az, el).rotation
        assert np.allclose(r @ r.T, np.eye(3)) and np.isclose(np.linalg.det(r), 1.0)  # no mirror
        assert get_view(pm.view(az, el).name).name == pm.view(az, el).name  # the name round-trips
    # From above, the camera sees the top of the head and the shoulders more squarely.
    assert pm.view(0, 40).toward_viewer[1] > 0.6


def test_free_camera_sides_are_the_patients():
    # 45 degrees to the patient's right of front: the right hip is nearer the camera than the left.
    p = project("neutral", "az=-45,el=0")
    (right, left), visible = p.locate(np.array([_lm("greater_trochanter", s) for s in
                                                ("right", "left")]))
    assert p.points[_lm("greater_trochanter", "right"), 2] > \
        p.points[_lm("greater_trochanter", "left"), 2]
    assert visible[0] and right[0] < left[0]


def test_free_camera_everywhere_a_view_name_is(tmp_path):
    fig = pm.draw("gluteus_medius", view=[pm.view(azimuth=-120, elevation=10), "az=30,el=-5"])
    labels = [p.label for p in fig.scene.panels]
    assert labels == ["60° right of back, 10° above", "30° left of front, 5° below"]
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    assert pm.plot("piriformis", view=pm.view(150), ax=ax) is ax
    out = tmp_path / "h.pdf"
    pm.handout("piriformis", out, view=["back", "az=-150"])
    assert out.stat().st_size > 1000


@pytest.mark.parametrize("bad", ["az=", "az=30,el=95", "azimuth=30", "left_medialx"])
def test_bad_view_names_are_choice_errors(bad):
    with pytest.raises(pm.PainmapError, match=r"view|elevation"):
        pm.draw([], view=bad)


def test_bad_angles_name_the_argument():
    with pytest.raises(pm.ArgumentTypeError, match=r"azimuth='x' is not a finite number.*closest: 30"):
        pm.view("x")
    with pytest.raises(pm.ArgumentError, match=r"elevation=120 is out of range.*-89\.\.89.*closest: 89"):
        pm.view(0, 120)

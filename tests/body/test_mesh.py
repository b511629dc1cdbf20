import numpy as np
import pytest

import painmap as pm
from painmap._assets import assets_dir
from painmap.body.mesh import LEFT, MIDLINE, RIGHT, SHAPES, load_body


@pytest.fixture(scope="module", params=SHAPES)
def body(request):
    return load_body(request.param)


def test_assets_are_compact():
    files = [p for p in (assets_dir() / "body").iterdir() if p.is_file()]
    assert sum(p.stat().st_size for p in files) <= 3_000_000
    assert (assets_dir() / "body" / "ATTRIBUTION.md").read_text().count("CC0") >= 2


def test_shapes_share_one_topology():
    bodies = [load_body(s) for s in SHAPES]
    assert len({b.n_vertices for b in bodies}) == 1
    assert all(np.array_equal(b.quads, bodies[0].quads) for b in bodies)


def test_heights_are_adult_and_ordered():
    h = {s: load_body(s).height for s in SHAPES}
    assert 150 < h["female"] < h["neutral"] < h["male"] < 190


def test_soles_touch_the_floor(body):
    assert body.vertices[:, 1].min() == pytest.approx(0.0, abs=1e-4)


def test_mesh_is_closed_and_consistently_wound(body):
    edges = np.concatenate([body.quads[:, [k, (k + 1) % 4]] for k in range(4)])
    directed = {tuple(e) for e in edges.tolist()}
    # every directed edge appears once and its reverse once: closed, no holes, one winding
    assert len(directed) == len(edges)
    assert all((b, a) in directed for a, b in directed)
    # outward normals: the nose tip's normal points forward
    nose = np.argmax(np.where(body.side == MIDLINE, body.vertices[:, 2], -np.inf))
    assert body.normals[nose, 2] > 0.8


def test_mirror_is_an_exact_reflection(body):
    m = body.mirror
    assert np.array_equal(m[m], np.arange(body.n_vertices))
    np.testing.assert_allclose(body.vertices[m] * [-1, 1, 1], body.vertices, atol=1e-4)


def test_patient_right_is_negative_x(body):
    assert (body.vertices[body.side == RIGHT, 0] < 0).all()
    assert (body.vertices[body.side == LEFT, 0] > 0).all()
    assert np.allclose(body.vertices[body.side == MIDLINE, 0], 0.0, atol=1e-4)


def test_unknown_shape_names_the_choices():
    with pytest.raises(pm.ChoiceError) as err:
        load_body("mael")
    text = str(err.value)
    assert "'mael'" in text and "'male'" in text and "'female'" in text
    assert err.value.closest[0] == "male"
    assert isinstance(err.value, ValueError)

import numpy as np
import pytest

import painmap as pm
from painmap.body.landmarks import landmark_vertex
from painmap.body.mesh import LEFT, MIDLINE, RIGHT, SHAPES, load_body
from painmap.core.assets import assets_dir


@pytest.fixture(scope="module", params=SHAPES)
def body(request):
    return load_body(request.param)


def test_assets_are_compact():
    files = [p for p in (assets_dir() / "body").iterdir() if p.is_file()]
    assert sum(p.stat().st_size for p in files) <= 3_000_000
    # each shape beyond the young adults: int16 offsets from neutral, under 80 kB
    assert (assets_dir() / "body" / "shapes.npz").stat().st_size < 80_000 * (len(SHAPES) - 3)
    assert (assets_dir() / "body" / "ATTRIBUTION.md").read_text().count("CC0") >= 2


def test_shapes_share_one_topology():
    bodies = [load_body(s) for s in SHAPES]
    assert len({b.n_vertices for b in bodies}) == 1
    assert all(np.array_equal(b.quads, bodies[0].quads) for b in bodies)


def test_heights_are_adult_and_ordered():
    h = {s: load_body(s).height for s in SHAPES}
    assert 150 < h["female"] < h["neutral"] < h["male"] < 190
    for kind in ("child", "older", "larger", "slim"):
        assert h[f"{kind}_female"] < h[kind] < h[f"{kind}_male"]
    assert all(126 < h[s] < 128 for s in ("child", "child_female", "child_male"))  # about 8 years
    assert h["older"] < h["neutral"]  # a little stooped and shorter
    assert h["larger"] == pytest.approx(h["neutral"], abs=1.0)


def _segments(body):
    """Head, leg and trunk lengths (cm): crown to chin, hip joint to sole, chin to hip joint."""
    chin = body.vertices[landmark_vertex("chin", body=body), 1]
    hip = body.joints["hip_r"][1]
    return body.height - chin, hip, chin - hip


def test_a_child_has_a_childs_proportions():
    # Not an adult scaled down: a larger head and shorter legs for its height.
    adult_head, adult_leg, _ = (x / load_body("neutral").height for x in _segments(load_body("neutral")))
    for shape in ("child", "child_female", "child_male"):
        head, leg, _ = (x / load_body(shape).height for x in _segments(load_body(shape)))
        assert head > 1.15 * adult_head, shape
        assert leg < 0.98 * adult_leg, shape


def test_larger_bodies_are_wider_and_slim_ones_narrower():
    def waist(shape):
        body = load_body(shape)
        y = body.vertices[landmark_vertex("umbilicus", body=body), 1]
        ring = (np.abs(body.vertices[:, 1] - y) < 1.5) & (body.part == 1)
        return np.ptp(body.vertices[ring, 0]) + np.ptp(body.vertices[ring, 2])

    for sex in ("", "_female", "_male"):
        adult = "neutral" if not sex else sex[1:]
        assert waist(f"slim{sex}") < 0.95 * waist(adult) < 0.95 * 0.95 * waist(f"larger{sex}")


def test_new_shapes_load_only_when_used():
    from painmap.body import mesh

    mesh._load_body.cache_clear()
    load_body("neutral")
    assert mesh._load_body.cache_info().currsize == 1
    assert load_body("older woman") is load_body("older_female")


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


@pytest.mark.parametrize(("name", "shape"), [
    ("child", "child"), ("Child-Female", "child_female"), ("girl", "child_female"), ("boy", "child_male"),
    ("older woman", "older_female"), ("elderly man", "older_male"), ("male older", "older_male"),
    ("heavy male", "larger_male"), ("Larger  Female", "larger_female"), ("thin", "slim"),
    ("smaller female", "slim_female"), ("adult", "neutral"), ("Female", "female"),
])
def test_shape_names_are_forgiving(name, shape):
    assert load_body(name).shape == shape


@pytest.mark.parametrize("bad", ["older_femal", "childe", "child adult male female", "", 3, None])
def test_unknown_shapes_name_the_closest(bad):
    with pytest.raises(pm.ChoiceError) as err:
        load_body(bad)
    assert repr(bad) in str(err.value) and "body shape" in str(err.value)


def test_close_misspellings_suggest_the_shape():
    with pytest.raises(pm.ChoiceError, match="did you mean 'older_female'"):
        load_body("older_femal")
    with pytest.raises(pm.ChoiceError, match="did you mean 'child'"):
        load_body("childe")


def test_unknown_shape_names_the_choices():
    with pytest.raises(pm.ChoiceError) as err:
        load_body("mael")
    text = str(err.value)
    assert "'mael'" in text and "'male'" in text and "'female'" in text
    assert err.value.closest[0] == "male"
    assert isinstance(err.value, ValueError)


def _front_area(shape: str) -> float:
    """Front-view silhouette area at a common height (cm² per cm² of height²)."""
    from painmap.body.projection import project

    proj = project(shape, "front")
    return float(proj.mask.sum() * proj.pixel**2 / load_body(shape).height ** 2)


@pytest.mark.parametrize("larger, base", [("larger", "neutral"), ("larger_female", "female"),
                                          ("larger_male", "male")])
def test_larger_bodies_look_larger(larger, base):
    assert _front_area(larger) >= 1.25 * _front_area(base)  # MakeHuman's heaviest alone was +5 %
    assert _front_area(f"slim{larger[6:]}") < _front_area(base)


@pytest.mark.parametrize("older, base", [("older", "neutral"), ("older_female", "female"),
                                         ("older_male", "male")])
def test_older_bodies_stand_with_a_rounded_back_and_the_head_forward(older, base):
    from painmap.body.landmarks import landmark_point

    def forward_of_hips(shape: str, landmark: str) -> float:
        body = load_body(shape)
        hips = (body.joints["hip_r"] + body.joints["hip_l"]) / 2
        return float(landmark_point(landmark, "right", body=body).position(body)[2] - hips[2])

    assert forward_of_hips(older, "ear") - forward_of_hips(base, "ear") > 5.0
    assert forward_of_hips(older, "c7") - forward_of_hips(base, "c7") > 2.0


def _bmi(shape: str) -> float:
    """Body-mass index at about 1 kg per litre of body (the skin encloses the body's volume)."""
    body = load_body(shape)
    return body.volume / (body.height / 100) ** 2


@pytest.mark.parametrize("sex", ["", "_female", "_male"])
def test_shapes_weigh_what_they_are_named(sex):
    adult = sex[1:] or "neutral"
    assert 18.0 < _bmi(adult) < 23.0
    assert 33.0 < _bmi(f"larger{sex}") < 39.0  # obese class I-II, as a clinician means by "larger"
    assert _bmi(f"slim{sex}") < 20.0
    assert load_body(f"slim{sex}").volume < 0.92 * load_body(adult).volume
    assert load_body(f"larger{sex}").volume > 1.6 * load_body(adult).volume


def test_volume_of_a_closed_skin_is_positive_and_scales_with_the_body():
    child, adult = load_body("child"), load_body("neutral")
    assert 0.3 * adult.volume < child.volume < 0.6 * adult.volume

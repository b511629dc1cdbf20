import numpy as np
import pytest

import painmap as pm
from painmap.body.landmarks import landmark_vertex
from painmap.body.mesh import load_body
from painmap.body.regions import region_mask

VOCABULARY = """head_top temple forehead face_jaw ear occiput neck_anterior neck_posterior neck_lateral
shoulder_anterior shoulder_posterior shoulder_top scapula interscapular chest upper_arm_anterior
upper_arm_posterior upper_arm_lateral elbow_lateral elbow_medial forearm_anterior forearm_posterior
wrist_hand_dorsal wrist_hand_palmar fingers thoracic_back lumbar_back iliac_crest sacroiliac sacrum
coccyx abdomen_upper abdomen_lower groin buttock_upper buttock_lower buttock_lateral hip_lateral
thigh_anterior thigh_medial thigh_lateral thigh_posterior knee_anterior knee_posterior knee_medial
knee_lateral leg_anterior leg_lateral leg_posterior ankle_lateral ankle_medial heel foot_dorsum
foot_sole toes""".split()


@pytest.fixture(scope="module")
def body():
    return load_body()


@pytest.fixture(scope="module")
def edges(body):
    return np.concatenate([body.quads[:, [k, (k + 1) % 4]] for k in range(4)])


def test_vocabulary_matches_design():
    assert pm.regions() == VOCABULARY


def _components(mask, edges):
    label = np.where(mask, np.arange(len(mask)), -1)
    e = edges[mask[edges[:, 0]] & mask[edges[:, 1]]]
    while True:
        lo = np.minimum(label[e[:, 0]], label[e[:, 1]])
        new = label.copy()
        np.minimum.at(new, e[:, 0], lo)
        np.minimum.at(new, e[:, 1], lo)
        if (new == label).all():
            return len(np.unique(label[mask]))
        label = new


@pytest.mark.parametrize("name", VOCABULARY)
def test_region_is_one_patch_per_side(name, body, edges):
    for side in ("right", "left"):
        mask = region_mask(name, side, body=body)
        assert mask.sum() >= 4, (name, side)
        assert _components(mask, edges) == 1, (name, side)


def test_regions_do_not_overlap(body):
    for side in ("right", "left"):
        count = sum(region_mask(n, side, body=body).astype(int) for n in VOCABULARY)
        assert count.max() == 1


def test_left_mirrors_right(body):
    for name in VOCABULARY:
        right = np.flatnonzero(region_mask(name, "right", body=body))
        left = np.flatnonzero(region_mask(name, "left", body=body))
        assert set(body.mirror[right]) == set(left), name


@pytest.mark.parametrize(("region", "landmark"), [
    ("hip_lateral", "greater_trochanter"), ("knee_anterior", "patella_center"),
    ("sacroiliac", "psis"), ("ear", "ear"), ("occiput", "inion"), ("heel", "heel"),
    ("elbow_lateral", "lateral_epicondyle"), ("elbow_medial", "medial_epicondyle"),
    ("ankle_lateral", "lateral_malleolus"), ("ankle_medial", "medial_malleolus"),
    ("knee_lateral", "fibular_head"), ("scapula", "scapula_spine_root"), ("coccyx", "coccyx_tip"),
    ("iliac_crest", "iliac_crest_high"), ("buttock_lower", "ischial_tuberosity"),
    ("forehead", "forehead_center"), ("face_jaw", "chin"), ("chest", "xiphoid"),
    ("shoulder_top", "mid_clavicle"),
    ("upper_arm_lateral", "deltoid_insertion"), ("foot_dorsum", "foot_dorsum_center"),
    ("wrist_hand_dorsal", "wrist_dorsal_center"), ("wrist_hand_palmar", "wrist_palmar_center"),
    ("leg_posterior", "mid_calf"), ("knee_posterior", "popliteal_fossa"), ("toes", "big_toe_tip"),
])
def test_region_covers_its_landmark(region, landmark, body):
    for side in ("right", "left"):
        vertex = landmark_vertex(landmark, side, body=body)
        pts = body.vertices[region_mask(region, side, body=body)]
        assert np.linalg.norm(pts - body.vertices[vertex], axis=1).min() < 2.5, (region, side)


def test_unknown_region_is_a_choice_error(body):
    with pytest.raises(pm.ChoiceError, match="'sacroiliac'"):
        region_mask("sacroilliac", body=body)

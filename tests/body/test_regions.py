import numpy as np
import pytest

import painmap as pm
from painmap.body.landmarks import landmark_vertex
from painmap.body.mesh import load_body
from painmap.body.regions import region_mask

VOCABULARY = """head_top temple forehead orbit face_jaw ear occiput neck_anterior neck_posterior neck_lateral
shoulder_anterior shoulder_posterior shoulder_top scapula interscapular chest upper_arm_anterior
upper_arm_posterior upper_arm_lateral upper_arm_medial elbow_lateral elbow_medial olecranon elbow_crease
forearm_anterior forearm_posterior wrist_hand_dorsal wrist_hand_palmar thumb fingers thoracic_back
lumbar_back flank iliac_crest sacroiliac sacrum coccyx abdomen_upper abdomen_lower groin
buttock_upper buttock_lower buttock_lateral hip_lateral thigh_anterior thigh_medial thigh_lateral
thigh_posterior knee_anterior knee_posterior knee_medial knee_lateral leg_anterior leg_lateral
leg_medial leg_posterior ankle_lateral ankle_medial ankle_anterior ankle_posterior heel foot_dorsum
foot_sole foot_ball big_toe lesser_toes perineum""".split()


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
    ("leg_posterior", "mid_calf"), ("knee_posterior", "popliteal_fossa"), ("big_toe", "big_toe_tip"),
    ("olecranon", "olecranon"), ("thumb", "thumb_tip"), ("scapula", "scapula_superior_angle"),
    ("scapula", "scapula_inferior_angle"),
])
def test_region_covers_its_landmark(region, landmark, body):
    for side in ("right", "left"):
        vertex = landmark_vertex(landmark, side, body=body)
        pts = body.vertices[region_mask(region, side, body=body)]
        assert np.linalg.norm(pts - body.vertices[vertex], axis=1).min() < 2.5, (region, side)


def test_unknown_region_is_a_choice_error(body):
    with pytest.raises(pm.ChoiceError, match="'sacroiliac'"):
        region_mask("sacroilliac", body=body)


def _region_points(name, side, body):
    return body.vertices[region_mask(name, side, body=body)]


@pytest.mark.parametrize("shape", ["neutral", "female", "male"])
def test_orbit_rings_the_eye(shape):
    body = load_body(shape)
    for side, sign in (("right", -1), ("left", 1)):
        eye = body.joints[f"eye_{side[0]}"]
        pts = _region_points("orbit", side, body)
        dist = np.linalg.norm(pts - eye, axis=1)
        assert dist.max() < 4.0 and dist.min() < 2.0
        # above, below, inside and outside the eye: a ring, not a patch on one side
        rel = pts - eye
        assert rel[:, 1].max() > 1.0 and rel[:, 1].min() < -1.0
        assert (sign * rel[:, 0]).max() > 1.0 and (sign * rel[:, 0]).min() < -1.0


def test_new_regions_sit_where_their_names_say(body):
    lm = {n: body.vertices[landmark_vertex(n, "right", body=body)] for n in pm.landmarks()}
    flank = _region_points("flank", "right", body)
    assert lm["iliac_crest_high"][1] < flank[:, 1].min() + 1.0
    assert flank[:, 1].max() < lm["xiphoid"][1]
    assert np.abs(flank[:, 0]).min() > 8.0          # the side of the trunk, not front or back
    medial_leg = _region_points("leg_medial", "right", body)
    knee, ankle = body.joints["knee_r"], body.joints["ankle_r"]
    assert (medial_leg[:, 0] > np.interp(medial_leg[:, 1], [ankle[1], knee[1]], [ankle[0], knee[0]])).all()
    crease = _region_points("elbow_crease", "right", body)
    assert crease[:, 2].mean() > lm["olecranon"][2] + 2.0    # in front of the elbow
    thumb = _region_points("thumb", "right", body)
    fingers = _region_points("fingers", "right", body)
    assert np.linalg.norm(thumb - lm["thumb_tip"], axis=1).min() < 1.0
    assert np.linalg.norm(fingers - lm["thumb_tip"], axis=1).min() > 2.0    # the thumb left the fingers


def test_scapula_covers_the_whole_blade(body):
    # medial border (spine root), inferior angle and the lateral border out toward the acromion
    blade = _region_points("scapula", "right", body)
    acromion = body.vertices[landmark_vertex("acromion", "right", body=body)]
    root = body.vertices[landmark_vertex("scapula_spine_root", "right", body=body)]
    assert blade[:, 0].min() < acromion[0] + 4.5               # reaches out near the shoulder joint
    assert blade[:, 0].max() > root[0] - 0.5
    assert blade[:, 1].max() - blade[:, 1].min() > 10.0
    mask = region_mask("scapula", "right", body=body)
    assert body.vertex_areas[mask].sum() > 95.0                 # cm²; the medial strip alone was 70

import numpy as np
import pytest

import painmap as pm
from painmap.body.landmarks import is_paired, landmark_positions, landmark_vertex
from painmap.body.mesh import SHAPES, load_body

DESIGN_IDS = """head_vertex forehead_center temple ear mastoid inion jaw_angle chin c7 jugular_notch
xiphoid umbilicus acromion mid_clavicle scapula_superior_angle scapula_inferior_angle
scapula_spine_root t7 t12 l3 l5 iliac_crest_high psis asis sacrum_s2 coccyx_tip pubic_symphysis
greater_trochanter ischial_tuberosity gluteal_fold_center deltoid_insertion lateral_epicondyle
medial_epicondyle olecranon wrist_dorsal_center wrist_palmar_center radial_styloid ulnar_styloid
thumb_tip index_tip little_finger_tip patella_center knee_lateral knee_medial popliteal_fossa
fibular_head tibial_tuberosity mid_calf lateral_malleolus medial_malleolus heel foot_dorsum_center
sole_center big_toe_tip""".split()
MIDLINE = {"head_vertex", "forehead_center", "inion", "chin", "c7", "jugular_notch", "xiphoid",
           "umbilicus", "t7", "t12", "l3", "l5", "sacrum_s2", "coccyx_tip", "pubic_symphysis"}


def test_every_design_landmark_exists():
    assert sorted(pm.landmarks()) == sorted(DESIGN_IDS)


def test_paired_and_midline_landmarks():
    body = load_body()
    for name in DESIGN_IDS:
        assert is_paired(name, body=body) == (name not in MIDLINE), name


def cm(body, length):
    """A length in cm on the neutral adult, in proportion on `body` (a child's are shorter)."""
    return length * body.height / load_body("neutral").height


@pytest.fixture(scope="module", params=SHAPES)
def at(request):
    """Landmark positions on the patient's right, in lateral/up/forward coordinates (cm)."""
    body = load_body(request.param)
    pos = landmark_positions(body, "right")
    return {k: np.array([-p[0], p[1], p[2]]) for k, p in pos.items()}, body


def test_left_is_the_mirror_of_right(at):
    _, body = at
    for name in DESIGN_IDS:
        r = body.vertices[landmark_vertex(name, "right", body=body)]
        l_ = body.vertices[landmark_vertex(name, "left", body=body)]
        np.testing.assert_allclose(l_, r * [-1, 1, 1], atol=1e-4)
        assert r[0] <= 1e-4  # the right side is at negative x


def test_spine_levels_run_head_to_tail_down_the_back(at):
    p, _ = at
    chain = ["c7", "t7", "t12", "l3", "l5", "sacrum_s2", "coccyx_tip"]
    ys = [p[n][1] for n in chain]
    assert ys == sorted(ys, reverse=True)
    assert all(abs(p[n][0]) < 1e-3 for n in chain)


def test_c7_is_at_the_base_of_the_neck(at):
    p, body = at
    shoulder = body.joints["shoulder_r"][1]
    assert shoulder < p["c7"][1] < p["mastoid"][1] - cm(body, 8)
    assert p["c7"][2] < body.joints["neck"][2]  # on the back of the neck (an older body leans forward)


def test_psis_at_the_sacral_dimples(at):
    p, body = at
    assert cm(body, 2.5) < p["psis"][0] < cm(body, 7.0)
    assert abs(p["psis"][1] - p["sacrum_s2"][1]) < cm(body, 1.5)
    assert p["ischial_tuberosity"][1] < p["psis"][1] < p["iliac_crest_high"][1]
    assert p["psis"][2] < p["iliac_crest_high"][2]


def test_greater_trochanter_is_the_widest_point_of_the_lateral_hip(at):
    p, body = at
    gt = p["greater_trochanter"]
    near = np.abs(body.vertices[:, 1] - gt[1]) < cm(body, 3.0)
    hips = near & np.isin(body.part, [1, 4])  # trunk and right leg
    widest = (-body.vertices[hips, 0]).max()
    assert gt[0] > 0.93 * widest
    assert p["pubic_symphysis"][1] - cm(body, 6) < gt[1] < p["asis"][1]


def test_fibular_head_just_below_the_lateral_knee(at):
    p, body = at
    fib, knee = p["fibular_head"], p["knee_lateral"]
    assert cm(body, 0.5) < knee[1] - fib[1] < cm(body, 5.0)
    assert fib[0] > p["patella_center"][0] + cm(body, 3)
    assert fib[2] < p["patella_center"][2]


def test_front_of_trunk_order(at):
    p, body = at
    ys = [p[n][1] for n in ("chin", "jugular_notch", "xiphoid", "umbilicus", "pubic_symphysis")]
    assert ys == sorted(ys, reverse=True)
    assert all(p[n][2] > cm(body, 5) for n in ("jugular_notch", "xiphoid", "umbilicus", "pubic_symphysis"))


def test_scapula_spans_t2_to_t7(at):
    p, body = at
    assert p["scapula_superior_angle"][1] > p["scapula_spine_root"][1] > p["scapula_inferior_angle"][1]
    assert abs(p["scapula_inferior_angle"][1] - p["t7"][1]) < cm(body, 2.5)
    assert all(cm(body, 5) < p[n][0] < cm(body, 12) for n in ("scapula_superior_angle", "scapula_spine_root",
                                           "scapula_inferior_angle"))


def test_limb_landmarks_sit_on_the_right_faces(at):
    p, body = at
    assert p["lateral_malleolus"][0] > p["medial_malleolus"][0]
    assert p["lateral_malleolus"][1] < p["medial_malleolus"][1] + cm(body, 0.5)
    assert p["knee_lateral"][0] > p["knee_medial"][0]
    assert p["heel"][2] < p["lateral_malleolus"][2] - cm(body, 2.5)   # the back of the heel, behind the ankle
    assert p["big_toe_tip"][2] > p["foot_dorsum_center"][2] > p["heel"][2]
    # arm in the anatomical position: palm forward, thumb on the outer (radial) side
    assert p["wrist_palmar_center"][2] > p["wrist_dorsal_center"][2]
    assert p["radial_styloid"][1] > p["ulnar_styloid"][1]
    assert p["lateral_epicondyle"][0] > p["medial_epicondyle"][0]
    assert p["olecranon"][2] < p["lateral_epicondyle"][2]
    assert p["acromion"][0] > p["mid_clavicle"][0] > 0


def test_unknown_landmark_suggests_a_name():
    with pytest.raises(pm.ChoiceError, match="did you mean 'greater_trochanter'"):
        landmark_vertex("greater_trocanter", body=load_body())

"""Derive ``assets/body/regions.npz``: named surface areas of the body.

Development only.  Regions are cut on the neutral body's right side by the rules
below (heights from the landmarks, angles around each limb's axis, the facing of
the surface) and mirrored to the left, so both sides match vertex for vertex.
A region never takes what one earlier in ``NAMES`` holds.  Each region is then
reduced to its largest connected patch, so that every region is one patch per
side, and no vertex belongs to two regions.

    python tools/build_regions.py

Writes ``region`` (one uint8 per vertex, 0 = none, k = names[k - 1]) and
``names``.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import tomllib
from build_landmarks import FRONT, LATERAL, UP, Surface, _perp, _spinal_levels

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "body" / "regions.npz"
LANDMARKS = ROOT / "assets" / "body" / "landmarks.toml"
ORBIT_CM = 3.0  # the orbit reaches this far from the eye's centre (a little less up and down)

NAMES = (
    "head_top",
    "temple",
    "forehead",
    "orbit",
    "face_jaw",
    "ear",
    "occiput",
    "neck_anterior",
    "neck_posterior",
    "neck_lateral",
    "shoulder_anterior",
    "shoulder_posterior",
    "shoulder_top",
    "scapula",
    "interscapular",
    "chest",
    "upper_arm_anterior",
    "upper_arm_posterior",
    "upper_arm_lateral",
    "upper_arm_medial",
    "elbow_lateral",
    "elbow_medial",
    "olecranon",
    "elbow_crease",
    "forearm_anterior",
    "forearm_posterior",
    "wrist_hand_dorsal",
    "wrist_hand_palmar",
    "thumb",
    "fingers",
    "thoracic_back",
    "lumbar_back",
    "flank",
    "iliac_crest",
    "sacroiliac",
    "sacrum",
    "coccyx",
    "abdomen_upper",
    "abdomen_lower",
    "groin",
    "buttock_upper",
    "buttock_lower",
    "buttock_lateral",
    "hip_lateral",
    "thigh_anterior",
    "thigh_medial",
    "thigh_lateral",
    "thigh_posterior",
    "knee_anterior",
    "knee_posterior",
    "knee_medial",
    "knee_lateral",
    "leg_anterior",
    "leg_lateral",
    "leg_medial",
    "leg_posterior",
    "ankle_lateral",
    "ankle_medial",
    "ankle_anterior",
    "ankle_posterior",
    "heel",
    "foot_dorsum",
    "foot_sole",
    "foot_ball",
    "big_toe",
    "lesser_toes",
    "perineum",
)


def around(points: np.ndarray, origin, axis, front) -> tuple[np.ndarray, np.ndarray]:
    """Position along a limb axis and angle around it (degrees; 0 = `front`, 90 = lateral).

    `front` and the lateral direction are for the patient's right side.
    """
    axis = np.asarray(axis, float) / np.linalg.norm(axis)
    f = _perp(np.asarray(front, float), axis)
    lat = np.cross(axis, f)
    if lat @ LATERAL < 0:
        lat = -lat
    rel = points - origin
    along = rel @ axis
    angle = np.degrees(np.arctan2(rel @ lat, rel @ f)) % 360
    return along, angle


def between(a: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Angles in [lo, hi) on the circle (degrees)."""
    return (a - lo) % 360 < (hi - lo) % 360


def in_polygon(x: np.ndarray, y: np.ndarray, poly: list[tuple[float, float]]) -> np.ndarray:
    """Even-odd point-in-polygon test."""
    inside = np.zeros(len(x), bool)
    px, py = np.array(poly).T
    for i in range(len(poly)):
        x0, y0, x1, y1 = px[i - 1], py[i - 1], px[i], py[i]
        cross = ((y0 > y) != (y1 > y)) & (x < (x1 - x0) * (y - y0) / (y1 - y0 + 1e-12) + x0)
        inside ^= cross
    return inside


def near_polyline(points: np.ndarray, line: np.ndarray, radius: float) -> np.ndarray:
    """Points within `radius` of a 3-D polyline."""
    best = np.full(len(points), np.inf)
    for a, b in itertools.pairwise(line):
        ab = b - a
        t = np.clip((points - a) @ ab / (ab @ ab), 0, 1)
        best = np.minimum(best, np.linalg.norm(points - (a + np.outer(t, ab)), axis=1))
    return best < radius


def derive(s: Surface, lm: dict[str, dict]) -> dict[str, np.ndarray]:
    v, n, j = s.v, s.normal, s.joint
    P = {k: np.asarray(point["bary"]) @ v[s.tris[point["face"]]] for k, point in lm.items()}
    x, y, z = -v[:, 0], v[:, 1], v[:, 2]  # x: distance toward the patient's right
    right = s.side >= 0
    head_part = s.in_part("head") & right
    trunk = s.in_part("trunk") & right
    arm = s.in_part("arm_r")
    leg = s.in_part("leg_r")
    r: dict[str, np.ndarray] = {}

    # Head and neck: the head ends at a line from the chin under the jaw to the mastoid and inion.
    eye_y = j["eye_r"][1]
    base = np.interp(
        z,
        [P["inion"][2], P["mastoid"][2], P["jaw_angle"][2], P["chin"][2]],
        [P["mastoid"][1] - 0.5, P["mastoid"][1], P["jaw_angle"][1] - 0.5, P["chin"][1] - 1.0],
    )
    head = head_part & (y > base)
    neck = (
        (head_part | trunk)
        & ~head
        & (y > np.interp(z, [P["c7"][2], P["jugular_notch"][2]], [P["c7"][1], P["jugular_notch"][1]]))
    )
    neck &= x < 6.5
    ear_x = -P["ear"][0]
    r["ear"] = head & (np.linalg.norm(v - P["ear"], axis=1) < 3.2) & (x > ear_x - 1.6)
    # The orbit: the skin around the eye, brow to cheekbone (the eye itself is not skin).
    eye = j["eye_r"]
    r["orbit"] = head & (np.linalg.norm((v - eye) * [1.0, 1.2, 1.0], axis=1) < ORBIT_CM) & (n[:, 2] > 0.0)
    r["face_jaw"] = (
        head & ~r["ear"] & ~r["orbit"] & (z > P["ear"][2] + 2.0) & (y < eye_y + 1.8) & (n[:, 2] > -0.1)
    )
    r["forehead"] = head & ~r["orbit"] & (n[:, 2] > 0.45) & (y >= eye_y + 1.8) & (y < eye_y + 8.5) & (x < 5.0)
    r["temple"] = (
        head
        & ~r["ear"]
        & ~r["face_jaw"]
        & ~r["forehead"]
        & ~r["orbit"]
        & (y > eye_y - 1.5)
        & (y < eye_y + 6.5)
        & (z > P["ear"][2] + 1.0)
        & (z < j["eye_r"][2] - 1.0)
    )
    r["occiput"] = head & ~r["ear"] & (z < P["ear"][2] - 1.5) & (y < eye_y + 6.0)
    taken = r["ear"] | r["orbit"] | r["face_jaw"] | r["forehead"] | r["temple"] | r["occiput"]
    r["head_top"] = head & ~taken & (y > eye_y + 5.0)

    _, neck_angle = around(v, j["neck"], j["head"] - j["neck"], FRONT)
    r["neck_anterior"] = neck & between(neck_angle, 300, 55)
    r["neck_lateral"] = neck & between(neck_angle, 55, 118)
    r["neck_posterior"] = neck & between(neck_angle, 118, 300)

    # Upper trunk and shoulder girdle.
    level = _spinal_levels(P["c7"][1], P["sacrum_s2"][1])
    shoulder = j["shoulder_r"]
    acro = P["acromion"]
    upper_arm_axis = j["elbow_r"] - shoulder
    t_arm, a_arm = around(v, shoulder, upper_arm_axis, FRONT)
    arm_len = np.linalg.norm(upper_arm_axis)
    cap = (trunk | arm) & (t_arm > -4.0) & (t_arm < 0.38 * arm_len) & (x > 13.0) & ~neck
    r["shoulder_top"] = (
        (trunk | arm) & ~neck & (n[:, 1] > 0.45) & (x > 6.0) & (x < -acro[0] + 1.0) & (y > acro[1] - 4.0)
    )
    r["shoulder_anterior"] = cap & ~r["shoulder_top"] & between(a_arm, 300, 60)
    shoulder_lat = cap & ~r["shoulder_top"] & between(a_arm, 60, 120)
    back = (trunk | arm) & (n[:, 2] < -0.25) & ~neck & ~r["shoulder_top"]
    sa, sr, ia = P["scapula_superior_angle"], P["scapula_spine_root"], P["scapula_inferior_angle"]
    scap_poly = [
        (-sa[0] - 0.5, sa[1] + 2.0),
        (-acro[0] - 3.0, acro[1] - 0.5),
        (-acro[0] - 3.5, acro[1] - 6.0),
        (-ia[0] + 5.0, ia[1] + 6.0),
        (-ia[0] + 1.0, ia[1] - 1.0),
        (-ia[0] - 1.5, ia[1] + 1.0),
        (-sr[0] - 1.5, sr[1]),
    ]
    # The whole blade, out to its lateral border; the posterior deltoid is what is left of the cap.
    r["scapula"] = back & in_polygon(x, y, scap_poly)
    r["shoulder_posterior"] = cap & ~r["shoulder_top"] & ~r["scapula"] & between(a_arm, 120, 240)
    medial = np.interp(y, [ia[1], sr[1], sa[1]], [-ia[0] - 2.0, -sr[0] - 2.0, -sa[0] - 1.0])
    r["interscapular"] = back & (x < medial) & (y > ia[1] - 1.0) & (y < P["c7"][1] - 1.0)
    chest_top = np.interp(
        x, [0, -P["mid_clavicle"][0], 15.0], [P["jugular_notch"][1], P["mid_clavicle"][1] - 0.5, acro[1] - 4]
    )
    costal = np.interp(
        x, [0, 6, 11, 16], [P["xiphoid"][1] - 1.0, P["xiphoid"][1] - 4.0, level["T12"] + 2.0, level["T12"]]
    )
    _, trunk_angle = around(v, np.array([0.0, 0.0, 2.0]), UP, FRONT)
    r["chest"] = (
        trunk
        & ~neck
        & ~cap
        & ~r["shoulder_top"]
        & (y < chest_top)
        & (y > costal)
        & between(trunk_angle, 0, 100)
    )

    # Back.
    r["thoracic_back"] = (
        trunk
        & ~neck
        & ~r["scapula"]
        & ~r["interscapular"]
        & ~cap
        & ~r["shoulder_top"]
        & between(trunk_angle, 105, 181)
        & (y > level["T12"])
        & (y < P["c7"][1])
    )
    crest = np.array(
        [
            P["psis"] + [-0.5, 2.5, 0.0],
            P["psis"] + [-5.0, 6.0, 2.0],
            P["iliac_crest_high"],
            P["iliac_crest_high"] + [-2.0, -2.0, 5.0],
        ]
    )
    r["iliac_crest"] = (
        trunk & near_polyline(v, crest, 2.2) & between(trunk_angle, 80, 181) & (x > -P["psis"][0] - 0.5)
    )
    crest_line = np.interp(
        x,
        [0.0, -P["psis"][0], -P["psis"][0] + 5.0, -P["iliac_crest_high"][0]],
        [level["S1"], P["psis"][1] + 1.0, P["psis"][1] + 5.5, P["iliac_crest_high"][1]],
    )
    r["lumbar_back"] = (
        trunk
        & ~r["iliac_crest"]
        & between(trunk_angle, 110, 181)
        & (y <= level["T12"])
        & (y > crest_line + 1.0)
    )
    # The flank: the side of the trunk between the lower ribs and the iliac crest.
    r["flank"] = (
        trunk
        & ~r["iliac_crest"]
        & between(trunk_angle, 75, 110)
        & (y <= np.maximum(costal, level["T12"]))
        & (y > crest_line + 1.0)
    )
    psis = P["psis"]
    si_line = np.array([psis + [0.3, 0.5, 0.0], psis + [0.9, -4.5, 0.5]])
    r["sacroiliac"] = trunk & near_polyline(v, si_line, 2.0) & (n[:, 2] < -0.3) & ~r["iliac_crest"]
    sacral_edge = np.interp(
        y, [P["coccyx_tip"][1], psis[1] - 4.5, psis[1]], [1.2, -psis[0] - 0.4, -psis[0] - 0.8]
    )
    r["sacrum"] = (
        (trunk | leg)
        & (x < sacral_edge)
        & (y < level["S1"] + 1.5)
        & (y > P["coccyx_tip"][1] + 2.0)
        & (n[:, 2] < -0.3)
        & ~r["sacroiliac"]
    )
    r["coccyx"] = (
        (trunk | leg) & (np.linalg.norm(v - P["coccyx_tip"], axis=1) < 2.6) & (n[:, 2] < 0.0) & ~r["sacrum"]
    )

    # The perineum: the skin between the legs, facing down, from behind the anus to the pubic
    # area; last in NAMES, so it holds only what no other region does.
    r["perineum"] = (
        (trunk | leg)
        & (x < 3.5)
        & (n[:, 1] < -0.3)
        & (z > P["coccyx_tip"][2] + 1.0)
        & (z < P["pubic_symphysis"][2])
        & (y < P["coccyx_tip"][1])
    )

    # Abdomen and groin.
    front_trunk = trunk & between(trunk_angle, 0, 75)
    r["abdomen_upper"] = front_trunk & ~r["chest"] & (y <= costal + 0.5) & (y > P["umbilicus"][1])
    inguinal = np.array([P["asis"] + [0.0, -1.0, 0.0], P["pubic_symphysis"] + [-2.5, 0.0, 0.0]])
    ing_y = np.interp(x, [2.5, -P["asis"][0]], [P["pubic_symphysis"][1], P["asis"][1] - 1.0])
    r["abdomen_lower"] = front_trunk & (y <= P["umbilicus"][1]) & (y > ing_y + 1.2)
    r["groin"] = (
        (trunk | leg)
        & near_polyline(v, inguinal, 3.0)
        & (n[:, 2] > 0.2)
        & ~r["abdomen_lower"]
        & (x < -P["asis"][0] - 1.0)
    )

    # Buttock and hip.
    hip = j["hip_r"]
    fold_y = P["gluteal_fold_center"][1]
    gt = P["greater_trochanter"]
    mid_butt = (P["psis"][1] + fold_y) / 2 - 1.0
    _, hip_angle = around(v, np.array([0.0, 0.0, 1.0]), UP, FRONT)
    pelvis = (trunk | leg) & (y < crest_line) & (y > fold_y - 1.0) & (x > 1.2)
    pelvis &= ~r["sacrum"] & ~r["sacroiliac"] & ~r["coccyx"] & ~r["iliac_crest"]
    seat = pelvis & between(hip_angle, 130, 181)
    r["buttock_lateral"] = pelvis & between(hip_angle, 105, 130)
    r["buttock_upper"] = seat & (y >= mid_butt)
    r["buttock_lower"] = seat & (y < mid_butt)
    r["hip_lateral"] = (
        (trunk | leg)
        & between(hip_angle, 60, 105)
        & (y < crest_line - 1.0)
        & (y > gt[1] - 7.0)
        & ~r["iliac_crest"]
    )

    # Thigh, knee, leg (angles around each segment's axis, 0 = front, 90 = lateral).
    knee, ankle = j["knee_r"], j["ankle_r"]
    t_th, a_th = around(v, hip, knee - hip, FRONT)
    thigh_len = np.linalg.norm(knee - hip)
    t_leg, a_leg = around(v, knee, ankle - knee, FRONT)
    leg_len = np.linalg.norm(ankle - knee)
    taken = np.zeros(len(v), bool)
    for k in (
        "groin",
        "buttock_lower",
        "buttock_lateral",
        "buttock_upper",
        "hip_lateral",
        "coccyx",
        "sacrum",
    ):
        taken |= r[k]
    knee_zone = leg & (t_th > thigh_len - 6.0) & (t_leg < 5.0)
    thigh = leg & ~taken & ~knee_zone & (t_th > 0) & (t_th < thigh_len) & (y < hip[1] + 2.0)
    r["thigh_anterior"] = thigh & between(a_th, 315, 45)
    r["thigh_lateral"] = thigh & between(a_th, 45, 135)
    r["thigh_posterior"] = thigh & between(a_th, 135, 225) & (y < fold_y - 0.5)
    r["thigh_medial"] = thigh & between(a_th, 225, 315)
    r["knee_anterior"] = knee_zone & between(a_leg, 310, 50)
    r["knee_lateral"] = knee_zone & between(a_leg, 50, 130)
    r["knee_posterior"] = knee_zone & between(a_leg, 130, 230)
    r["knee_medial"] = knee_zone & between(a_leg, 230, 310)
    shin = leg & (t_leg >= 5.0) & (t_leg < leg_len - 3.5)
    r["leg_anterior"] = shin & between(a_leg, 310, 40)
    r["leg_lateral"] = shin & between(a_leg, 40, 140)
    r["leg_medial"] = shin & between(a_leg, 230, 310)
    r["leg_posterior"] = shin & between(a_leg, 140, 230)

    # Ankle and foot.  The Achilles tendon (ankle_posterior) is the back of the lowest leg above
    # the heel; the front of the ankle the crease over the joint, between the malleoli.
    foot = leg & (t_leg >= leg_len - 3.5)
    r["ankle_lateral"] = foot & (np.linalg.norm(v - P["lateral_malleolus"], axis=1) < 4.5)
    r["ankle_medial"] = foot & (np.linalg.norm(v - P["medial_malleolus"], axis=1) < 4.5)
    malleoli = r["ankle_lateral"] | r["ankle_medial"]
    r["ankle_posterior"] = (
        leg & ~malleoli & (t_leg >= leg_len - 9.0) & (y > ankle[1] - 1.0) & between(a_leg, 150, 210)
    )
    r["leg_posterior"] &= ~r["ankle_posterior"]
    toes = foot & (s.bone_weight(("toe",), ".R") > 0.5)
    r["big_toe"] = toes & (s.bone_weight(("toe1",), ".R") > 0.5)
    r["lesser_toes"] = toes & ~r["big_toe"]
    rest = foot & ~malleoli & ~toes & ~r["ankle_posterior"]
    r["ankle_anterior"] = rest & (y > ankle[1] - 2.5) & (z > ankle[2]) & between(a_leg, 300, 60)
    rest &= ~r["ankle_anterior"]
    r["heel"] = rest & (z < ankle[2] - 1.0) & (y < ankle[1] - 1.0)
    sole = rest & ~r["heel"] & (n[:, 1] < -0.5)
    toe_base = v[r["big_toe"], 2].min()  # the ball lies under the heads of the long foot bones
    r["foot_ball"] = sole & (z > toe_base - 3.0)
    r["foot_sole"] = sole & ~r["foot_ball"]
    r["foot_dorsum"] = rest & ~r["heel"] & ~sole & (n[:, 1] > 0.1) & (z > ankle[2] + 1.0)

    # Arm below the shoulder cap.
    elbow, wrist = j["elbow_r"], j["wrist_r"]
    t_fore, a_fore = around(v, elbow, wrist - elbow, FRONT)
    fore_len = np.linalg.norm(wrist - elbow)
    upper = arm & ~cap & ~shoulder_lat & (t_arm < arm_len - 4.0)
    r["upper_arm_anterior"] = upper & between(a_arm, 300, 50)
    r["upper_arm_lateral"] = (upper & between(a_arm, 50, 130)) | (arm & shoulder_lat)
    r["upper_arm_posterior"] = upper & between(a_arm, 130, 230)
    r["upper_arm_medial"] = upper & between(a_arm, 230, 300)
    elbow_zone = arm & (t_arm >= arm_len - 4.0) & (t_fore < 4.0)
    r["elbow_lateral"] = elbow_zone & (np.linalg.norm(v - P["lateral_epicondyle"], axis=1) < 4.0)
    r["elbow_medial"] = elbow_zone & (np.linalg.norm(v - P["medial_epicondyle"], axis=1) < 4.0)
    epicondyles = r["elbow_lateral"] | r["elbow_medial"]
    r["olecranon"] = elbow_zone & ~epicondyles & (np.linalg.norm(v - P["olecranon"], axis=1) < 3.5)
    r["elbow_crease"] = elbow_zone & ~epicondyles & between(a_arm, 290, 70)
    r["thumb"] = arm & (s.bone_weight(("finger1-2", "finger1-3"), ".R") > 0.5)
    r["fingers"] = arm & (s.bone_weight(("finger",), ".R", skip=("finger1",)) > 0.5)
    forearm = arm & ~elbow_zone & (t_fore >= 0) & (t_fore < fore_len - 3.0)
    hand = arm & ~r["fingers"] & ~r["thumb"] & (t_fore >= fore_len - 3.0)
    r["forearm_anterior"] = forearm & between(a_fore, 270, 90)
    r["forearm_posterior"] = forearm & between(a_fore, 90, 270)
    palm = _perp(FRONT, (wrist - elbow) / fore_len)
    r["wrist_hand_palmar"] = hand & ((n @ palm) > 0)
    r["wrist_hand_dorsal"] = hand & ((n @ palm) <= 0)
    return r


def largest_patch(mask: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Keep the largest edge-connected component of `mask`."""
    label = np.where(mask, np.arange(len(mask)), -1)
    e = edges[mask[edges[:, 0]] & mask[edges[:, 1]]]
    while True:  # propagate the smallest index through each component
        lo = np.minimum(label[e[:, 0]], label[e[:, 1]])
        new = label.copy()
        np.minimum.at(new, e[:, 0], lo)
        np.minimum.at(new, e[:, 1], lo)
        if (new == label).all():
            break
        label = new
    if not mask.any():
        return mask
    counts = np.bincount(label[mask])
    return label == np.argmax(counts)


def main() -> None:
    s = Surface()
    lm = tomllib.loads(LANDMARKS.read_text())
    regions = derive(s, lm)
    data = np.load(ROOT / "assets" / "body" / "body.npz")
    quads = data["quads"].astype(int)
    edges = np.concatenate([quads[:, [k, (k + 1) % 4]] for k in range(4)])
    mirror = data["mirror"].astype(int)
    code = np.zeros(len(s.v), np.uint8)
    for k, name in enumerate(NAMES, start=1):
        patch = largest_patch(regions[name] & (code == 0) & (s.side >= 0), edges)
        code[patch] = k
    code = np.where(s.side < 0, code[mirror], code)
    np.savez_compressed(OUT, region=code, names=np.array(NAMES))
    sizes = {name: int((code == k).sum()) for k, name in enumerate(NAMES, start=1)}
    print(f"wrote {OUT.relative_to(ROOT)}: {len(NAMES)} regions, {int((code > 0).sum())} vertices")
    for name, size in sizes.items():
        if size < 10:
            print(f"  warning: {name} has only {size} vertices")


if __name__ == "__main__":
    main()

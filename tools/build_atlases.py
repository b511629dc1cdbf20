"""Derive ``assets/body/atlases.npz``: the areas of published pain body maps on painmap's body.

Development only.  Each skin vertex of the patient's right half (and the midline) is given
one *piece* (``cranium_front``, ``elbow_back_distal``, ``foot_bottom`` ...) by the rules
below: the body's regions (``assets/body/regions.npz``) say what part of the body a vertex
is on, and cuts from the landmarks split them as the diagrams do (heights from the
landmarks; front and back as a front view shows them: the half of each slice across a limb,
the neck or the trunk in front of the slice's middle depth).  Vertices no region holds take
the piece of their nearest neighbours over the mesh's edges, so the pieces tile the skin.
The left half is the mirror image of the right, vertex for vertex; midline vertices belong to
the patient's right.  Each atlas (``assets/atlases/*.csv``) is then a union of pieces per
side, so the CHOIR, WPI and Michigan Body Map areas share their borders.  Rebuild it whenever
the regions change (``tests/test_atlas.py`` checks that it is up to date).

    python tools/build_atlases.py

Writes, per atlas, one uint8 per vertex (0 = none, k = the atlas's k-th area in its CSV
file's order) under the atlas's name, and ``piece`` and ``piece_names`` for reference.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
from build_regions import around, between

from painmap.body.landmarks import landmark_positions
from painmap.body.mesh import LEFT, load_body
from painmap.body.regions import region_labels

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "body" / "atlases.npz"
TABLES = ROOT / "assets" / "atlases"
FRONT = np.array([0.0, 0.0, 1.0])
UP = np.array([0.0, 1.0, 0.0])

PIECES = (
    "cranium_front", "cranium_back", "head_back", "face", "jaw",
    "neck_front", "neck_back", "shoulder_front", "shoulder_back",
    "chest", "upper_back", "middle_back", "lumbar_upper", "lower_back", "abdomen", "pelvis", "groin",
    "hip_front", "hip_back", "buttock",
    "upper_arm_front", "upper_arm_back",
    "elbow_front_proximal", "elbow_front_distal", "elbow_back_proximal", "elbow_back_distal",
    "forearm_front", "forearm_back", "wrist_front", "wrist_back", "hand_front", "hand_back",
    "thigh_front", "thigh_back",
    "knee_front_proximal", "knee_front_distal", "knee_back_proximal", "knee_back_distal",
    "shin_front", "shin_back", "ankle_front", "ankle_back", "foot_top", "foot_bottom",
)


def _elbow_knee(part: str) -> dict[str, str]:
    return {f"{part}_{face}_{end}": f"{part} {face}" for face in ("front", "back")
            for end in ("proximal", "distal")}


# The piece each atlas's part (column ``part`` and ``face`` of its CSV) is made of.
CHOIR = {
    "cranium_front": "Cranium front", "cranium_back": "Cranium back", "head_back": "Head back",
    "face": "Face front", "jaw": "Face front", "neck_front": "Neck front", "neck_back": "Neck back",
    "shoulder_front": "Shoulder front", "shoulder_back": "Shoulder back", "chest": "Chest front",
    "upper_back": "Upper Back back", "middle_back": "Middle Back back",
    "lumbar_upper": "Middle Back back", "lower_back": "Lower Back back",
    "abdomen": "Abdomen front", "pelvis": "Pubic front", "groin": "Pubic front", "hip_front": "Hip front",
    "hip_back": "Hip back", "buttock": "Buttocks back", "upper_arm_front": "Bicep front",
    "upper_arm_back": "Bicep back", "forearm_front": "Forearm front", "forearm_back": "Forearm back",
    "wrist_front": "Wrist front", "wrist_back": "Wrist back", "hand_front": "Hand front",
    "hand_back": "Hand back", "thigh_front": "Upper Leg front", "thigh_back": "Upper Leg back",
    "shin_front": "Lower Leg front", "shin_back": "Lower Leg back", "ankle_front": "Ankle front",
    "ankle_back": "Ankle back", "foot_top": "Foot front", "foot_bottom": "Foot back",
    **{k: v.replace("elbow", "Elbow") for k, v in _elbow_knee("elbow").items()},
    **{k: v.replace("knee", "Knee") for k, v in _elbow_knee("knee").items()},
}
WPI = {
    "jaw": "jaw", "neck_front": "neck", "neck_back": "neck", "shoulder_front": "shoulder girdle",
    "shoulder_back": "shoulder girdle", "chest": "chest", "upper_back": "upper back",
    "middle_back": "upper back", "lumbar_upper": "lower back", "lower_back": "lower back",
    "abdomen": "abdomen", "hip_front": "hip",
    "hip_back": "hip", "buttock": "hip", "upper_arm_front": "upper arm", "upper_arm_back": "upper arm",
    "elbow_front_proximal": "upper arm", "elbow_back_proximal": "upper arm",
    "elbow_front_distal": "lower arm", "elbow_back_distal": "lower arm", "forearm_front": "lower arm",
    "forearm_back": "lower arm", "thigh_front": "upper leg", "thigh_back": "upper leg",
    "knee_front_proximal": "upper leg", "knee_back_proximal": "upper leg",
    "knee_front_distal": "lower leg", "knee_back_distal": "lower leg", "shin_front": "lower leg",
    "shin_back": "lower leg",
}
MBM = {
    "cranium_front": "head", "cranium_back": "head", "head_back": "head", "face": "face", "jaw": "jaw",
    "neck_front": "neck", "neck_back": "neck", "shoulder_front": "shoulder", "shoulder_back": "shoulder",
    "chest": "chest", "upper_back": "upper back", "middle_back": "upper back", "lumbar_upper": "lower back",
    "lower_back": "lower back",
    "abdomen": "abdomen", "pelvis": "pelvis", "groin": "groin", "hip_front": "hip", "hip_back": "hip",
    "buttock": "buttocks", "upper_arm_front": "upper arm", "upper_arm_back": "upper arm",
    **{k: "elbow" for k in _elbow_knee("elbow")}, "forearm_front": "lower arm",
    "forearm_back": "lower arm", "wrist_front": "wrist/hand", "wrist_back": "wrist/hand",
    "hand_front": "wrist/hand", "hand_back": "wrist/hand", "thigh_front": "upper leg",
    "thigh_back": "upper leg", **{k: "knee" for k in _elbow_knee("knee")}, "shin_front": "lower leg",
    "shin_back": "lower leg", "ankle_front": "ankle/foot", "ankle_back": "ankle/foot",
    "foot_top": "ankle/foot", "foot_bottom": "ankle/foot",
}


def pieces(body, codes: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    """The piece (1-based index into PIECES, 0 = none yet) of each vertex of the right half."""
    v, n = body.vertices, body.normals
    P = landmark_positions(body, "right")
    j = body.joints
    x, y, z = -v[:, 0], v[:, 1], v[:, 2]  # x: toward the patient's right
    region = np.array(["", *names])[codes]
    used: set[str] = set()

    def is_(*which: str) -> np.ndarray:
        used.update(which)
        return np.isin(region, which)

    out = np.zeros(len(v), np.uint8)

    def put(name: str, mask: np.ndarray) -> None:
        out[mask & (out == 0)] = PIECES.index(name) + 1

    eye_y = j["eye_r"][1]
    brow = eye_y + 3.0  # the diagrams cut the cranium from the face (and the lower back of the head) here
    head = is_("head_top", "temple", "forehead", "orbit", "face_jaw", "ear", "occiput")
    front_head = z >= j["head"][2]
    put("cranium_front", head & front_head & (y >= brow))
    put("cranium_back", head & ~front_head & (y >= brow))
    put("head_back", head & ~front_head)
    # The jaw (WPI, Michigan Body Map): the face below the ear's level, off the mouth and chin.
    put("jaw", head & front_head & (y < P["ear"][1] - 0.5) & (x > 3.0))
    put("face", head & front_head)

    neck = is_("neck_anterior", "neck_lateral", "neck_posterior")
    put("neck_front", neck & facing_front(neck, y, z))
    put("neck_back", neck)

    shoulder = j["shoulder_r"]
    arm_axis = j["elbow_r"] - shoulder
    arm_len = np.linalg.norm(arm_axis)
    t_arm, a_arm = around(v, shoulder, arm_axis, FRONT)
    arm_front = between(a_arm, 270, 90)
    cap = is_("shoulder_anterior", "shoulder_posterior", "shoulder_top") | (
        is_("upper_arm_lateral", "upper_arm_anterior", "upper_arm_posterior", "upper_arm_medial")
        & (t_arm < 0.38 * arm_len))
    put("shoulder_front", cap & ~is_("shoulder_posterior") & np.where(is_("shoulder_top"), z > shoulder[2],
                                                                     arm_front))
    put("shoulder_back", cap)

    # Trunk: front and back cut where the trunk is widest (its mid-depth at each height).
    trunk_part = body.part == body.part_names.index("trunk")
    bins = np.round(y).astype(int)
    mid = {}
    for b in np.unique(bins[trunk_part]):
        here = trunk_part & (np.abs(y - b) < 2.0) & (x < 12.0)
        mid[b] = (z[here].min() + z[here].max()) / 2
    keys = np.array(sorted(mid))
    z_mid = np.interp(y, keys, [mid[k] for k in keys])
    front = z >= z_mid
    # The back, cut at heights as the CHOIR diagram cuts it: upper back down to T7 (the
    # scapula's lower angle), middle back down to the top of the iliac crests (the lumbar spine
    # above them is "lumbar_upper": the CHOIR middle back, the WPI and MBM lower back), lower
    # back down to S2, the buttocks below.
    back_trunk = is_("scapula", "interscapular", "thoracic_back", "lumbar_back", "sacroiliac", "sacrum") | (
        is_("flank", "iliac_crest") & ~front)
    put("upper_back", back_trunk & (y >= P["t7"][1]))
    put("middle_back", back_trunk & (y >= P["t12"][1]))
    put("lumbar_upper", back_trunk & (y >= P["iliac_crest_high"][1]))
    put("lower_back", back_trunk & (y >= P["sacrum_s2"][1] - 1.0))
    put("buttock", back_trunk)
    # The chest reaches below the costal margin at the sides, as on the CHOIR diagram.
    chest_low = np.interp(x, [0.0, 16.0], [P["xiphoid"][1] - 6.0, P["t12"][1] - 5.0])
    put("chest", is_("chest") | (is_("abdomen_upper", "flank") & front & (y > chest_low)))
    put("abdomen", is_("abdomen_upper", "flank", "iliac_crest") & front & (y > P["asis"][1]))
    # Below the abdomen the front of the pelvis is the pubic area in the middle (the groin and
    # the lowest abdomen, down the top of the thigh to the crotch) and the hip at the side; the
    # Michigan Body Map's pelvis is the pubic area's middle, each groin the rest.
    hip_x = -j["hip_r"][0]
    fold = P["gluteal_fold_center"][1]
    thigh_top = is_("thigh_anterior", "thigh_medial", "thigh_lateral") & (y > fold + 3.0)
    pubic = is_("groin") | (is_("abdomen_lower") & (y < P["pubic_symphysis"][1] + 6.0)) | (
        is_("perineum") & (z > P["coccyx_tip"][2] + 4.0)) | (thigh_top & front & (x < hip_x))
    put("pelvis", pubic & (x < 4.5))
    put("groin", pubic)
    put("abdomen", is_("abdomen_lower"))
    put("hip_front", (is_("hip_lateral", "iliac_crest") | thigh_top) & front)
    put("hip_back", is_("hip_lateral") & ~front)
    put("buttock", is_("buttock_upper", "buttock_lower", "buttock_lateral", "coccyx", "perineum"))
    put("hip_front", is_("iliac_crest"))

    # Arm below the shoulder.
    elbow, wrist = j["elbow_r"], j["wrist_r"]
    fore_axis = wrist - elbow
    fore_len = np.linalg.norm(fore_axis)
    t_fore, _ = around(v, elbow, fore_axis, FRONT)
    upper = is_("upper_arm_anterior", "upper_arm_lateral", "upper_arm_posterior", "upper_arm_medial")
    # Below the shoulder a limb's front is the half a front view shows: in each slice across
    # the limb, what lies in front of the slice's middle depth.
    arm = body.part == body.part_names.index("arm_r")
    limb_front = facing_front(arm, np.where(t_fore < 0.0, t_arm, arm_len + t_fore), z)
    put("upper_arm_front", upper & limb_front)
    put("upper_arm_back", upper)
    elbow_zone = is_("elbow_lateral", "elbow_medial", "olecranon", "elbow_crease")
    distal = t_fore > 0.0
    for face, here in (("front", limb_front), ("back", ~limb_front)):
        put(f"elbow_{face}_distal", elbow_zone & here & distal)
        put(f"elbow_{face}_proximal", elbow_zone & here)
    forearm = is_("forearm_anterior", "forearm_posterior")
    put("forearm_front", forearm & limb_front)
    put("forearm_back", forearm)
    palm_dir = FRONT - (FRONT @ fore_axis) * fore_axis / fore_len**2
    palmar = (n @ palm_dir) > 0
    wrist_band = is_("wrist_hand_palmar", "wrist_hand_dorsal") & (t_fore < fore_len + 2.5)
    put("wrist_front", wrist_band & is_("wrist_hand_palmar"))
    put("wrist_back", wrist_band)
    hand = is_("wrist_hand_palmar", "wrist_hand_dorsal", "thumb", "fingers")
    put("hand_front", hand & np.where(is_("wrist_hand_palmar", "wrist_hand_dorsal"), is_("wrist_hand_palmar"),
                                      palmar))
    put("hand_back", hand)

    # Leg.
    hip, knee, ankle = j["hip_r"], j["knee_r"], j["ankle_r"]
    t_th, _ = around(v, hip, knee - hip, FRONT)
    t_leg, _ = around(v, knee, ankle - knee, FRONT)
    leg = body.part == body.part_names.index("leg_r")
    leg_front = facing_front(leg, np.where(t_leg < 0.0, t_th, np.linalg.norm(knee - hip) + t_leg), z)
    thigh = is_("thigh_anterior", "thigh_lateral", "thigh_medial", "thigh_posterior")
    put("thigh_front", thigh & leg_front)
    put("thigh_back", thigh)
    knee_zone = is_("knee_anterior", "knee_lateral", "knee_medial", "knee_posterior")
    for face, here in (("front", leg_front), ("back", ~leg_front)):
        put(f"knee_{face}_distal", knee_zone & here & (t_leg > 0.0))
        put(f"knee_{face}_proximal", knee_zone & here)
    shin = is_("leg_anterior", "leg_lateral", "leg_medial", "leg_posterior")
    put("shin_front", shin & leg_front)
    put("shin_back", shin)
    foot = is_("ankle_lateral", "ankle_medial", "ankle_anterior", "ankle_posterior", "heel", "foot_dorsum",
               "foot_sole", "foot_ball", "big_toe", "lesser_toes")
    malleolus = (P["lateral_malleolus"][1] + P["medial_malleolus"][1]) / 2
    put("foot_bottom", is_("foot_sole", "foot_ball", "heel") | (foot & (n[:, 1] < -0.5)))
    ankle_band = foot & (y > malleolus - 2.5) & ~is_("lesser_toes", "big_toe")
    put("ankle_front", ankle_band & leg_front)
    put("ankle_back", ankle_band)
    put("foot_top", foot)
    unused = set(names) - used
    assert not unused, f"regions no rule places: {sorted(unused)}: give them a piece"
    return out


def facing_front(limb: np.ndarray, along: np.ndarray, z: np.ndarray, step: float = 2.0) -> np.ndarray:
    """The vertices of `limb` in front of the middle depth of their slice (`step` cm thick along `along`)."""
    front = np.zeros(len(z), bool)
    bins = np.floor(along / step).astype(int)
    for b in np.unique(bins[limb]):
        here = limb & (bins == b)
        front[here] = z[here] >= (z[here].min() + z[here].max()) / 2
    return front


def fill(label: np.ndarray, keep: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Give each vertex of `keep` without a label its nearest labelled neighbour's (over edges)."""
    label = label.copy()
    e = edges[keep[edges[:, 0]] & keep[edges[:, 1]]]
    e = np.concatenate([e, e[:, ::-1]])
    while True:
        todo = (label[e[:, 1]] == 0) & (label[e[:, 0]] > 0)
        if not todo.any():
            return label
        # the lowest label among a vertex's labelled neighbours, for a result that does not depend on order
        new = np.full(len(label), 255, np.uint8)
        np.minimum.at(new, e[todo, 1], label[e[todo, 0]])
        grow = (label == 0) & (new < 255)
        label[grow] = new[grow]


def atlas_rows(name: str) -> list[dict[str, str]]:
    with open(TABLES / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def atlas_labels(name: str, mapping: dict[str, str], piece: np.ndarray, side: np.ndarray) -> np.ndarray:
    """One atlas's area (1-based, CSV order; 0 = none) per vertex, from the pieces and the sides."""
    rows = atlas_rows(name)
    if name == "choir":
        keys = [(f"{r['part']} {r['face']}", r["side_patient"]) for r in rows]
    else:
        keys = [(r["part"], r["side"]) for r in rows]
    index = {key: k for k, key in enumerate(keys, start=1)}
    out = np.zeros(len(piece), np.uint8)
    for p, part in mapping.items():
        here = piece == PIECES.index(p) + 1
        for s, code in (("right", side >= 0), ("left", side == LEFT)):
            key = (part, s) if (part, s) in index else (part, "midline")
            out[here & code] = index[key]
    unused = set(range(1, len(rows) + 1)) - set(np.unique(out))
    assert not unused, f"{name}: areas with no vertex: {[rows[k - 1]['name'] for k in sorted(unused)]}"
    return out


def build() -> dict[str, np.ndarray]:
    """Everything ``atlases.npz`` holds, derived from the neutral body and today's regions."""
    body = load_body("neutral")
    codes, names = region_labels(body)
    right = body.side >= 0
    edges = np.concatenate([body.quads[:, [k, (k + 1) % 4]] for k in range(4)])
    piece = pieces(body, codes, names)
    piece[~right] = 0
    # Skin no region holds (around the eyes and mouth, the armpit, ...) takes its neighbours' piece;
    # what no edge reaches from the skin (the eyeballs) stays 0.
    piece = fill(piece, right, edges)
    piece = np.where(right, piece, piece[body.mirror]).astype(np.uint8)
    side = np.where(right, 1, LEFT)
    out = {"piece": piece, "piece_names": np.array(PIECES)}
    for name, mapping in (("choir", CHOIR), ("wpi", WPI), ("mbm", MBM)):
        out[name] = atlas_labels(name, mapping, piece, side)
    return out


def main() -> None:
    out = build()
    piece = out["piece"]
    np.savez_compressed(OUT, **out)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(PIECES)} pieces, {int((piece == 0).sum())} vertices in none")
    for k, name in enumerate(PIECES, start=1):
        print(f"  {name}: {int((piece == k).sum())}")


if __name__ == "__main__":
    main()

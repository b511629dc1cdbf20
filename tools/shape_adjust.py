"""Make the larger and older bodies look like what they are named (used by ``build_body.py``).

MakeHuman's highest weight setting gives a body barely larger than the average one (5 % more
front-view area at the same height, about BMI 26), and its 70-year-old stands as straight as a
25-year-old.  Two steps on top of MakeHuman's shapes:

* ``larger``: the skin moves out along its normals, most over the belly, the hips and the
  thighs, less toward the hands, feet and head (about BMI 33-35: a waist about 30 cm larger
  around, thighs and upper arms fuller);
* ``older``: a rounded upper back (the thoracic spine bends forward from mid-back) and the head
  carried forward, the arms following the shoulders.

Only vertex positions change: the mesh, its regions and landmarks are the same skin.
"""

from __future__ import annotations

import numpy as np

PARTS = ("head", "trunk", "arm_r", "arm_l", "leg_r", "leg_l")
SMOOTHING = 12
"""Passes of neighbour averaging over the displacement, so parts join without a step."""
NORMAL_SMOOTHING = 20
"""Passes of neighbour averaging over the normals the skin moves along."""
KYPHOSIS_DEG = 9.0
"""How far the upper back bends forward between mid-back and the neck."""
HEAD_FORWARD_CM = 3.0
"""How far the head is carried forward of the bent neck (a forward head posture keeps the eyes level)."""


def normals(verts: np.ndarray, quads: np.ndarray) -> np.ndarray:
    """Unit vertex normals of a quad mesh (area-weighted, from the quads' diagonals)."""
    a, b, c, d = (verts[quads[:, i]] for i in range(4))
    face = np.cross(c - a, d - b)
    out = np.zeros_like(verts)
    for i in range(4):
        np.add.at(out, quads[:, i], face)
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


def smooth(values: np.ndarray, quads: np.ndarray, passes: int) -> np.ndarray:
    """Average each vertex's value (a number or a vector) with its mesh neighbours', `passes` times."""
    edges = np.concatenate([quads[:, [0, 1]], quads[:, [1, 2]], quads[:, [2, 3]], quads[:, [3, 0]]])
    n = len(values)
    for _ in range(passes):
        total, count = values.copy(), np.ones(n)
        np.add.at(total, edges[:, 0], values[edges[:, 1]])
        np.add.at(total, edges[:, 1], values[edges[:, 0]])
        np.add.at(count, edges[:, 0], 1.0)
        np.add.at(count, edges[:, 1], 1.0)
        values = total / (count if values.ndim == 1 else count[:, None])
    return values


def larger(verts: np.ndarray, quads: np.ndarray, part: np.ndarray, joints: dict[str, np.ndarray]
           ) -> np.ndarray:
    """A heavier body: the skin moved out along its normals by a thickness that depends on where it is."""
    y, z = verts[:, 1], verts[:, 2]
    name = np.array(PARTS)[part]
    thick = np.zeros(len(verts))
    hip_y = (joints["hip_r"][1] + joints["hip_l"][1]) / 2
    neck_y = joints["neck"][1]
    trunk = name == "trunk"
    # the trunk: fuller toward the waist and belly, less at the shoulders
    thick[trunk] = np.interp(y[trunk], [hip_y - 10, hip_y + 12, neck_y - 15, neck_y], [3.2, 3.8, 2.4, 1.2])
    belly = trunk & (z > 0)
    lift = np.exp(-((y - (hip_y + 14.0)) / 11.0) ** 2) * np.clip(z / 8.0, 0, 1)
    thick[belly] += 4.0 * lift[belly]
    for side in ("r", "l"):
        leg = name == f"leg_{side}"
        knee, ankle = joints[f"knee_{side}"][1], joints[f"ankle_{side}"][1]
        thick[leg] = np.interp(y[leg], [0.0, ankle, knee, hip_y], [0.2, 0.6, 1.8, 3.6])
        arm = name == f"arm_{side}"
        along = np.linalg.norm(verts[arm] - joints[f"shoulder_{side}"], axis=1)
        elbow = np.linalg.norm(joints[f"elbow_{side}"] - joints[f"shoulder_{side}"])
        wrist = elbow + np.linalg.norm(joints[f"wrist_{side}"] - joints[f"elbow_{side}"])
        thick[arm] = np.interp(along, [0.0, elbow, wrist, wrist + 6.0], [2.4, 1.3, 0.4, 0.15])
    head = name == "head"
    thick[head] = np.interp(y[head], [neck_y - 2, neck_y + 8, neck_y + 14], [1.4, 0.8, 0.3])
    thick = smooth(thick, quads, SMOOTHING)
    # Normals smoothed over a few centimetres: a small pit (the navel) moves with the skin around it
    # instead of folding through it.
    direction = smooth(normals(verts, quads), quads, NORMAL_SMOOTHING)
    direction /= np.maximum(np.linalg.norm(direction, axis=1, keepdims=True), 1e-12)
    moved = verts + direction * thick[:, None]
    # Skin meets at the middle (the inner thighs, a fold of the belly) but does not pass through it.
    side = np.sign(verts[:, 0]) * (np.abs(verts[:, 0]) > 1e-6)
    moved[:, 0] = np.where(side < 0, np.minimum(moved[:, 0], 0.5 * verts[:, 0]),
                           np.where(side > 0, np.maximum(moved[:, 0], 0.5 * verts[:, 0]), 0.0))
    return moved


def older(verts: np.ndarray, part: np.ndarray, arm_weight: np.ndarray, joints: dict[str, np.ndarray]
          ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """An older posture: the upper back rounded forward from mid-back and the head carried forward;
    the arms follow their shoulders.  Returns the vertices and the joint centres, moved alike."""
    hip_y = (joints["hip_r"][1] + joints["hip_l"][1]) / 2
    neck = joints["neck"]
    pivot_y = hip_y + 0.45 * (neck[1] - hip_y)
    y = verts[:, 1]
    spine_z = float(np.median(verts[(np.abs(y - pivot_y) < 2.0) & (np.abs(verts[:, 0]) < 3.0), 2]))
    pivot = np.array([0.0, pivot_y, spine_z])
    shoulder_y = (joints["shoulder_r"][1] + joints["shoulder_l"][1]) / 2

    def bend(height: np.ndarray) -> np.ndarray:  # degrees of forward bend at a height
        t = np.clip((height - pivot_y) / (neck[1] - pivot_y), 0.0, 1.0)
        return KYPHOSIS_DEG * t * t

    def move(points: np.ndarray, follows_arm: np.ndarray) -> np.ndarray:
        angle = follows_arm * bend(np.array([shoulder_y]))[0] + (1 - follows_arm) * bend(points[:, 1])
        out = _rotate_x(points, np.radians(angle), pivot)
        above = np.clip((points[:, 1] - (neck[1] - 4.0)) / 8.0, 0.0, 1.0) * (1 - follows_arm)
        out[:, 2] += HEAD_FORWARD_CM * above
        return out

    on_arm = np.isin(np.array(PARTS)[part], ("arm_r", "arm_l"))
    moved = move(verts, np.where(on_arm, np.asarray(arm_weight, float), 0.0))
    arm_joints = {f"{j}_{s}" for j in ("shoulder", "elbow", "wrist") for s in ("r", "l")}
    moved_joints = {name: move(np.asarray(at, float)[None, :], np.array([float(name in arm_joints)]))[0]
                    for name, at in joints.items()}
    return moved, moved_joints


def _rotate_x(points: np.ndarray, angle: np.ndarray, centre: np.ndarray) -> np.ndarray:
    """Rotate each point about the left-right axis through `centre` by its own `angle` (top moves forward)."""
    rel = points - centre
    c, s = np.cos(angle), np.sin(angle)
    out = rel.copy()
    out[:, 1] = c * rel[:, 1] - s * rel[:, 2]
    out[:, 2] = s * rel[:, 1] + c * rel[:, 2]
    return out + centre

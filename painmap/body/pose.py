"""Posing the A-pose mesh for a view: the arms turned about the shoulders.

The body is modelled in an A-pose, the arms about 42 degrees out from the trunk.  A view
may bring them down toward the body (*adduction*, as in the side views, where the arms
hang by the body) and forward or back (*flexion*, positive forward, negative a small
extension).  Heat lives on the vertices, so posing only moves where they are drawn: one
pattern definition serves every pose.
"""

from __future__ import annotations

import numpy as np

from .mesh import LEFT, RIGHT, Body


def arm_rotation(side: int, flexion: float, adduction: float = 0.0) -> np.ndarray:
    """The rotation (3 x 3, body frame) that turns the arm of `side` (``RIGHT`` or ``LEFT``):
    first down toward the trunk by `adduction` degrees (in the body's frontal plane), then
    forward by `flexion` degrees (about the body's left-right axis; negative swings it back).

    Examples
    --------
    >>> from painmap.body.mesh import RIGHT, LEFT
    >>> down = np.array([0.0, -1.0, 0.0])
    >>> (np.round(arm_rotation(RIGHT, 90.0) @ down, 6) + 0.0).tolist()  # a hanging arm raised forward
    [0.0, 0.0, 1.0]
    >>> out = np.array([-np.sin(np.radians(40)), -np.cos(np.radians(40)), 0.0])  # the right arm, 40 deg out
    >>> (np.round(arm_rotation(RIGHT, 0.0, 40.0) @ out, 6) + 0.0).tolist()
    [0.0, -1.0, 0.0]
    """
    f, a = np.radians(flexion), np.radians(adduction if side == RIGHT else -adduction)
    cf, sf, ca, sa = np.cos(f), np.sin(f), np.cos(a), np.sin(a)
    # About z, counter-clockwise seen from the front: brings the right arm (at -x) in toward the body.
    add = np.array([[ca, -sa, 0.0], [sa, ca, 0.0], [0.0, 0.0, 1.0]])
    # About x: swings a hanging arm toward +z (forward).
    flex = np.array([[1.0, 0.0, 0.0], [0.0, cf, sf], [0.0, -sf, cf]])
    return flex @ add


def pose_arms(body: Body, flexion: float, adduction: float = 0.0) -> np.ndarray:
    """Return the vertices with both arms turned by :func:`arm_rotation` about their shoulder joints.

    Each vertex follows the rotation in proportion to its arm skinning weight (linear
    blend skinning with a single bone per side); the two sides mirror each other.

    Examples
    --------
    >>> from painmap.body.mesh import load_body
    >>> body = load_body()
    >>> moved = pose_arms(body, -8.0, 36.0)
    >>> bool(moved[body.arm_weight == 0].tolist() == body.vertices[body.arm_weight == 0].tolist())
    True
    """
    if flexion == 0 and adduction == 0:
        return body.vertices
    out = body.vertices.copy()
    for side, joint in ((RIGHT, "shoulder_r"), (LEFT, "shoulder_l")):
        centre = body.joints[joint]
        w = np.where(body.side == side, body.arm_weight, 0.0)[:, None]
        rel = body.vertices - centre
        out += w * (rel @ arm_rotation(side, flexion, adduction).T - rel)
    return out


def flex_arms(body: Body, degrees: float) -> np.ndarray:
    """Return the vertices with both shoulders flexed by `degrees` (forward is positive).

    :func:`pose_arms` without adduction.

    Examples
    --------
    >>> from painmap.body.mesh import load_body
    >>> body = load_body()
    >>> moved = flex_arms(body, 30.0)
    >>> bool(moved[body.arm_weight == 0].tolist() == body.vertices[body.arm_weight == 0].tolist())
    True
    """
    return pose_arms(body, degrees)

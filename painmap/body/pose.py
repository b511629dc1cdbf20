"""Posing the A-pose mesh for a view (arms brought forward about the shoulders).

Heat lives on the vertices, so posing only moves where they are drawn: one
pattern definition serves every pose.
"""

from __future__ import annotations

import numpy as np

from .mesh import LEFT, RIGHT, Body


def flex_arms(body: Body, degrees: float) -> np.ndarray:
    """Return the vertices with both shoulders flexed by `degrees` (forward is positive).

    Each vertex follows the rotation about its shoulder joint in proportion to its
    arm skinning weight (linear blend skinning with a single bone per side).

    Examples
    --------
    >>> from painmap.body.mesh import load_body
    >>> body = load_body()
    >>> moved = flex_arms(body, 30.0)
    >>> bool(moved[body.arm_weight == 0].tolist() == body.vertices[body.arm_weight == 0].tolist())
    True
    """
    if degrees == 0:
        return body.vertices
    t = np.radians(degrees)
    c, s = np.cos(t), np.sin(t)
    # Rotation about the body's x axis that swings a hanging arm toward +z.
    rot = np.array([[1.0, 0, 0], [0, c, s], [0, -s, c]])
    out = body.vertices.copy()
    for side, joint in ((RIGHT, "shoulder_r"), (LEFT, "shoulder_l")):
        centre = body.joints[joint]
        w = np.where(body.side == side, body.arm_weight, 0.0)[:, None]
        rel = body.vertices - centre
        out += w * (rel @ rot.T - rel)
    return out

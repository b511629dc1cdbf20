"""Named views: orthographic cameras on the standing body.

A view turns the body frame (x toward the patient's left, y up, z forward; see
:mod:`painmap.body.mesh`) into the *picture frame* ``(u, v, d)``: ``u`` to the
right of the picture and ``v`` up it, both in centimetres, and ``d`` toward the
viewer (larger is nearer)::

    front                back                 left                 right
    (facing us)          (from behind)        (patient's left      (patient's right
                                               side, faces left)    side, faces right)
      v                    v                    v                    v
      |  patient's         |  patient's         |                    |
      |  right | left      |  left | right      |  front | back      |  back | front
      +---- u              +---- u              +---- u              +---- u
      u = x, d = z         u = -x, d = -z       u = -z, d = x        u = z, d = -x

So in the front view the patient's right hand is on the picture's left, and in
the back view it is on the picture's right, as in every anatomy atlas.

The ``sole`` view looks up at the soles from below, toes at the top of the
picture (``u = x``, ``v = z``, ``d = -y``): the patient's right foot is on the
picture's left, and only the feet are drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from ..errors import check_choice

ViewName = Literal["front", "back", "left", "right", "sole"]


@dataclass(frozen=True, eq=False)
class View:
    """An orthographic camera.

    Attributes
    ----------
    name : str
        The view's name.
    rotation : ndarray, shape (3, 3)
        Maps body-frame vectors to picture-frame ``(u, v, d)``.
    arm_flexion : float
        Degrees the shoulders are flexed (arms brought forward) in this view.  Side
        views bring the arms forward so the lateral trunk and hip stay in sight.
    below : float or None
        If set, only the part of the body lower than this (cm) is drawn: the sole
        view shows the feet alone.
    """

    name: str
    rotation: np.ndarray
    arm_flexion: float = 0.0
    below: float | None = None

    @property
    def toward_viewer(self) -> np.ndarray:
        """Unit vector in the body frame pointing from the body to the camera."""
        return self.rotation[2]

    def to_picture(self, points: np.ndarray) -> np.ndarray:
        """Map body-frame points or vectors, shape (..., 3), to ``(u, v, d)``."""
        return np.asarray(points) @ self.rotation.T


VIEWS: dict[str, View] = {
    "front": View("front", np.eye(3)),
    "back": View("back", np.diag([-1.0, 1.0, -1.0])),
    "left": View("left", np.array([[0.0, 0, -1], [0, 1, 0], [1, 0, 0]]), arm_flexion=30.0),
    "right": View("right", np.array([[0.0, 0, 1], [0, 1, 0], [-1, 0, 0]]), arm_flexion=30.0),
    "sole": View("sole", np.array([[1.0, 0, 0], [0, 0, 1], [0, -1, 0]]), below=9.0),
}
STANDARD_VIEWS: tuple[str, ...] = ("front", "back", "left", "right")
"""The four views of the whole body."""


def get_view(name: str | View) -> View:
    """Return the named view (a :class:`View` passes through).

    Raises
    ------
    painmap.ChoiceError
        If `name` is not one of ``"front"``, ``"back"``, ``"left"``, ``"right"``, ``"sole"``.

    Examples
    --------
    >>> get_view("back").toward_viewer.tolist()
    [0.0, 0.0, -1.0]
    """
    if isinstance(name, View):
        return name
    return VIEWS[check_choice("view", name, VIEWS)]

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
picture's left, and only the feet are drawn, moved side by side.

``right_medial`` looks at the inner face of the patient's right leg from the
patient's left (the camera of ``left``, front of the leg on the picture's
left); ``left_medial`` at the inner face of the left leg from the right.  Only
that leg is drawn, thigh to foot.

Any other camera is :func:`view` ``(azimuth, elevation)`` in degrees, also
written as the view name ``"az=30,el=10"``: azimuth 0 is the front, 90 the
patient's left side, 180 the back and -90 the right side; elevation lifts the
camera above the waist (positive) or below it.  The camera looks along
``-d = -(sin az cos el, sin el, cos az cos el)``, with ``u = (cos az, 0, -sin az)``
and ``v = d x u``, so ``view(90)`` is the ``left`` view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import numpy as np

from ..core import checks
from ..core.errors import ArgumentError, ArgumentTypeError, ChoiceError

ViewName = Literal["front", "back", "left", "right", "sole", "right_medial", "left_medial"]


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
        Degrees the shoulders are flexed (arms brought forward; negative: back) in this view.
        Side views swing the arms a little back (:data:`SIDE_ARM_FLEXION`) so the side of the
        chest in front of them and the hip stay in sight.
    arm_adduction : float
        Degrees the arms are brought down from the body's A-pose toward the trunk (see
        :mod:`painmap.body.pose`).  Side views let them hang by the body
        (:data:`SIDE_ARM_ADDUCTION`), as in anatomy figures.
    below : float or None
        If set, only the part of the body lower than this (cm) is drawn: the sole
        view shows the feet alone.
    parts : tuple of str or None
        The body parts drawn (see ``Body.part_names``); None draws them all.  A
        medial view draws its leg alone.
    gather : float or None
        If set, the feet are moved across the picture until they stand this many
        centimetres apart (the sole view lays the two soles side by side).
    title : str
        What the panel shows, in words, sides the patient's (``"Right leg, inner side"``).
    """

    name: str
    rotation: np.ndarray
    arm_flexion: float = 0.0
    arm_adduction: float = 0.0
    below: float | None = None
    parts: tuple[str, ...] | None = None
    gather: float | None = None
    title: str = ""

    @property
    def toward_viewer(self) -> np.ndarray:
        """Unit vector in the body frame pointing from the body to the camera."""
        return self.rotation[2]

    def to_picture(self, points: np.ndarray) -> np.ndarray:
        """Map body-frame points or vectors, shape (..., 3), to ``(u, v, d)``."""
        return np.asarray(points) @ self.rotation.T


SIDE_ARM_FLEXION = -12.0
"""Side views swing the arms this many degrees back (a small extension; the A-pose forearm leans
forward, so the arm ends about 6 degrees behind vertical): the arm hangs just behind the
mid-axillary line, so the side of the chest and the flank in front of it (serratus anterior,
external oblique), the greater trochanter and the side of the thigh behind the hand stay in sight.
The highest point of the iliac crest, on the mid-axillary line, is behind the arm, as in any figure
with the arms by the sides."""
SIDE_ARM_ADDUCTION = 39.0
"""Side views bring the arms down this many degrees from the A-pose (about 42 degrees out), so they
hang by the body, about 3 degrees out: within 10 degrees of vertical."""
ARMS_DOWN_ADDUCTION = 36.0
""":data:`ARMS_DOWN` brings the arms down this far: about 6 degrees out, the hand clear of the thigh
in the front and back views."""
_FROM_LEFT = np.array([[0.0, 0, -1], [0, 1, 0], [1, 0, 0]])
_FROM_RIGHT = np.array([[0.0, 0, 1], [0, 1, 0], [-1, 0, 0]])
VIEWS: dict[str, View] = {
    "front": View("front", np.eye(3), title="Front"),
    "back": View("back", np.diag([-1.0, 1.0, -1.0]), title="Back"),
    "left": View("left", _FROM_LEFT, arm_flexion=SIDE_ARM_FLEXION, arm_adduction=SIDE_ARM_ADDUCTION,
                 title="Left side"),
    "right": View("right", _FROM_RIGHT, arm_flexion=SIDE_ARM_FLEXION, arm_adduction=SIDE_ARM_ADDUCTION,
                  title="Right side"),
    "sole": View("sole", np.array([[1.0, 0, 0], [0, 0, 1], [0, -1, 0]]), below=9.0, gather=3.0,
                 title="Soles"),
    "right_medial": View("right_medial", _FROM_LEFT, parts=("leg_r",), title="Right leg, inner side"),
    "left_medial": View("left_medial", _FROM_RIGHT, parts=("leg_l",), title="Left leg, inner side"),
}
ARMS_DOWN: dict[str, View] = {
    name: View(name, VIEWS[name].rotation, arm_adduction=ARMS_DOWN_ADDUCTION, title=VIEWS[name].title)
    for name in ("front", "back")
}
"""The front and back cameras with the arms hanging by the body, palms forward (the anatomical
position): the views of pain on the forearms and hands (:func:`painmap.compose.viewpick.resolve_views`),
forearm upright, hand below it, the palm or the back of the hand facing the camera."""
STANDARD_VIEWS: tuple[str, ...] = ("front", "back", "left", "right")
"""The four views of the whole body."""
MEDIAL_VIEWS: dict[str, str] = {"right": "right_medial", "left": "left_medial"}
"""The medial view of each side's leg."""

_ANGLES = re.compile(r"\s*az\s*=\s*([-+]?[\d.]+)\s*(?:,\s*el\s*=\s*([-+]?[\d.]+)\s*)?")


def view(azimuth: float = 0.0, elevation: float = 0.0) -> View:
    """A camera at any angle around the body, usable wherever a view name is.

    Parameters
    ----------
    azimuth : float
        Degrees around the body: 0 the front, 90 the patient's left side, 180 the
        back, -90 (or 270) the patient's right side.  Rounded to 0.01 degree.
    elevation : float
        Degrees above (positive) or below the waist, within -89..89.

    Returns
    -------
    View
        Named ``"az=<azimuth>,el=<elevation>"``; that name works as a view too.

    Examples
    --------
    >>> v = view(azimuth=30, elevation=10)
    >>> v.name, v.title
    ('az=30,el=10', '30° left of front, 10° above')
    >>> bool(np.allclose(view(90).rotation, VIEWS["left"].rotation))
    True
    """
    az, el = _angle("azimuth", azimuth), _angle("elevation", elevation)
    if not -89.0 <= el <= 89.0:
        raise ArgumentError("elevation", elevation, "degrees within -89..89", problem="out of range",
                            closest=max(-89.0, min(89.0, el)))
    az = round((az + 180.0) % 360.0 - 180.0, 2) or 0.0
    if az == -180.0:
        az = 180.0
    a, e = np.radians(az), np.radians(el)
    d = np.array([np.sin(a) * np.cos(e), np.sin(e), np.cos(a) * np.cos(e)])
    u = np.array([np.cos(a), 0.0, -np.sin(a)])
    rotation = np.round(np.stack([u, np.cross(d, u), d]), 12) + 0.0
    side = float(np.sin(a) ** 2)  # 0 facing the front or the back, 1 from a side: the arms' pose between
    return View(f"az={az:g},el={el:g}", rotation, arm_flexion=round(SIDE_ARM_FLEXION * side, 6) + 0.0,
                arm_adduction=round(SIDE_ARM_ADDUCTION * side, 6) + 0.0, title=_angle_title(az, el))


def _angle(kind: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not np.isfinite(value):
        raise ArgumentTypeError(kind, value, "a finite number of degrees", problem="not a finite number",
                                closest=30)
    return round(float(value), 2) or 0.0


def _angle_title(az: float, el: float) -> str:
    """Words for a free camera: where it stands, sides the patient's (``"30° left of front"``)."""
    toward = "left" if az > 0 else "right"
    if az == 0:
        where = "Front"
    elif abs(az) == 180:
        where = "Back"
    elif abs(az) <= 90:
        where = f"{abs(az):g}° {toward} of front"
    else:
        where = f"{180 - abs(az):g}° {toward} of back"
    if el:
        where += f", {abs(el):g}° {'above' if el > 0 else 'below'}"
    return where


def get_view(name: str | View) -> View:
    """Return the named view (a :class:`View` passes through).

    Besides the names in :data:`VIEWS`, ``"az=<degrees>,el=<degrees>"`` (elevation
    optional) names the free camera of :func:`view`.

    Raises
    ------
    painmap.ChoiceError
        If `name` is neither a view name nor an angle name.

    Examples
    --------
    >>> get_view("back").toward_viewer.tolist()
    [0.0, 0.0, -1.0]
    >>> get_view("az=-90").title
    '90° right of front'
    """
    if isinstance(name, View):
        return name
    if isinstance(name, str):
        if name in VIEWS:
            return VIEWS[name]
        match = _ANGLES.fullmatch(name)
        if match:
            try:
                return view(float(match[1]), float(match[2] or 0.0))
            except ValueError:
                pass
    raise ChoiceError("view", name, [*VIEWS, "az=<degrees>,el=<degrees>"])


AUTO = "auto"
"""The view argument that lets painmap choose the views (:mod:`painmap.compose.viewpick`)."""


def parse_views(
    value: object, *, argument: str = "view", auto: bool = True
) -> list[View] | Literal["auto"]:
    """The views a `view` argument names, each resolved once, or ``"auto"``.

    `value` is a view name (from the live :data:`VIEWS`, or an angle such as
    ``"az=30,el=10"``), a :class:`View`, ``"auto"`` (when `auto`), or a list of views,
    none repeated.

    Examples
    --------
    >>> [v.name for v in parse_views(["back", "left"])]
    ['back', 'left']
    >>> parse_views("auto")
    'auto'
    """
    names = tuple(VIEWS) + ((AUTO,) if auto else ())
    if isinstance(value, (str, View)):
        one = _one_view(argument, value, names)
        return AUTO if one is AUTO else [one]
    what = f"a view ({', '.join(repr(n) for n in names)}) or a list of views"
    items = checks.items(argument, value, what, checks.MAX_VIEWS)
    if not items:
        raise ArgumentError(argument, value, what, problem="an empty list", closest=AUTO if auto else "front")
    views: list[View] = []
    for item in items:
        if isinstance(item, str) and item == AUTO:
            raise ArgumentError(argument, value, "'auto' alone, or a list of view names",
                                problem="a list with 'auto' in it", closest=AUTO)
        one = _one_view(argument, item, names)
        if any(v.name == one.name for v in views):
            closest = list(dict.fromkeys(get_view(k).name for k in items))
            raise ArgumentError(argument, value, "each view at most once",
                                problem=f"naming {one.name!r} twice", closest=closest)
        views.append(one)
    return views


def _one_view(argument: str, value: object, names: tuple[str, ...]) -> View | str:
    """One view (:class:`View`, a name, an angle name) resolved, or ``"auto"``."""
    if isinstance(value, str) and value == AUTO and AUTO in names:
        return AUTO
    if isinstance(value, View) or (isinstance(value, str) and len(value) <= checks.MAX_NAME_CHARS):
        try:
            return get_view(value)
        except ChoiceError:
            pass
    return checks.choice(argument, value, (*names, "az=<degrees>,el=<degrees>"), kind="view")

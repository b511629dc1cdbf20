"""Named surface landmarks (bony and soft-tissue points used to anchor patterns).

Each landmark is a point on a triangle of the body mesh with barycentric weights
(a :class:`~painmap.body.surface.SurfacePoint`), so it sits at the same
anatomical spot on every body shape, between vertices where the rule that found
it says.  Paired landmarks exist on both sides; the table stores the patient's
right side and the left one is its mirror twin.
"""

from __future__ import annotations

import json
from functools import cache

import numpy as np

from ..core import checks
from ..core import toml as _toml
from ..core.assets import assets_dir
from ..core.cache import cached
from .mesh import MIDLINE, Body
from .sides import Side, pain_side
from .surface import SurfacePoint


@cache
def _table() -> dict[str, tuple[int, tuple[float, float, float]]]:
    """Landmark id -> (triangle index into ``Body.faces``, barycentric weights).

    Parsed once per machine: painmap's disk cache (:mod:`painmap.core.cache`, keyed by
    the body assets) keeps the parse, since reading the TOML is most of the cost of
    checking a first pattern's landmark names.
    """

    data = cached("landmarks", (), _parse_table)
    names = json.loads(data["names"].tobytes())
    rows = zip(names, data["face"], data["bary"])
    return {name: (int(f), tuple(float(b) for b in w)) for name, f, w in rows}


def _parse_table() -> dict[str, np.ndarray]:
    raw = _toml.loads((assets_dir() / "body" / "landmarks.toml").read_text(encoding="utf-8"))
    return {"names": np.frombuffer(json.dumps(list(raw)).encode(), dtype=np.uint8),
            "face": np.array([int(p["face"]) for p in raw.values()]),
            "bary": np.array([[float(b) for b in p["bary"]] for p in raw.values()]).reshape(-1, 3)}


def landmarks() -> list[str]:
    """Return the ids of all landmarks, in head-to-toe order.

    Examples
    --------
    >>> "greater_trochanter" in landmarks()
    True
    """
    return list(_table())


def landmark_point(name: str, side: Side = "right", *, body: Body) -> SurfacePoint:
    """Return the surface point of a landmark on the given side of the patient.

    Midline landmarks (``c7``, ``umbilicus``, ...) are the same on both sides.

    Raises
    ------
    painmap.ChoiceError
        If `name` or `side` is unknown.

    Examples
    --------
    >>> from painmap.body.mesh import load_body
    >>> body = load_body()
    >>> right = landmark_point("psis", "right", body=body)
    >>> bool(right.position(body)[0] < 0)   # the patient's right is at negative x
    True
    """
    face, bary = _table()[checks.choice(None, name, _table(), kind="landmark")]
    pain_side(side, argument=None, both=False)
    point = SurfacePoint(tuple(int(v) for v in body.faces[face]), bary)
    if side == "left" and is_paired(name, body=body):
        point = point.mirrored(body)
    return point


def landmark_vertex(name: str, side: Side = "right", *, body: Body) -> int:
    """Return the mesh vertex nearest a landmark on the given side of the patient.

    Examples
    --------
    >>> from painmap.body.mesh import load_body
    >>> body = load_body()
    >>> right = landmark_vertex("psis", "right", body=body)
    >>> bool(body.vertices[right, 0] < 0)
    True
    """
    return landmark_point(name, side, body=body).nearest_vertex


def is_paired(name: str, *, body: Body) -> bool:
    """Whether a landmark exists on both sides (False for points on the midline)."""
    face, bary = _table()[checks.choice(None, name, _table(), kind="landmark")]
    corners = body.faces[face]
    return bool(any(w > 1e-6 and body.side[v] != MIDLINE for v, w in zip(corners, bary)))


def landmark_positions(body: Body, side: Side = "right") -> dict[str, np.ndarray]:
    """Body-frame positions (cm) of every landmark on one side."""
    return {name: landmark_point(name, side, body=body).position(body) for name in _table()}

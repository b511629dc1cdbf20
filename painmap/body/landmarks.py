"""Named surface landmarks (bony and soft-tissue points used to anchor patterns).

Each landmark is a vertex of the body mesh, so it sits at the same anatomical
spot on every body shape.  Paired landmarks exist on both sides; the table stores
the patient's right side and the left one is its mirror twin.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

import numpy as np

from .. import _toml
from .._assets import assets_dir
from ..errors import check_choice
from .mesh import MIDLINE, Body

Side = Literal["right", "left"]
SIDES: tuple[str, ...] = ("right", "left")


@cache
def _table() -> dict[str, int]:
    return _toml.loads((assets_dir() / "body" / "landmarks.toml").read_text(encoding="utf-8"))


def landmarks() -> list[str]:
    """Return the ids of all landmarks, in head-to-toe order.

    Examples
    --------
    >>> "greater_trochanter" in landmarks()
    True
    """
    return list(_table())


def landmark_vertex(name: str, side: Side = "right", *, body: Body) -> int:
    """Return the vertex index of a landmark on the given side of the patient.

    Midline landmarks (``c7``, ``umbilicus``, ...) are the same on both sides.

    Raises
    ------
    painmap.ChoiceError
        If `name` or `side` is unknown.

    Examples
    --------
    >>> from painmap.body.mesh import load_body
    >>> body = load_body()
    >>> right = landmark_vertex("psis", "right", body=body)
    >>> bool(body.vertices[right, 0] < 0)   # the patient's right is at negative x
    True
    """
    vertex = _table()[check_choice("landmark", name, _table())]
    check_choice("side", side, SIDES)
    if side == "left" and body.side[vertex] != MIDLINE:
        vertex = int(body.mirror[vertex])
    return vertex


def is_paired(name: str, *, body: Body) -> bool:
    """Whether a landmark exists on both sides (False for midline points)."""
    return bool(body.side[_table()[check_choice("landmark", name, _table())]] != MIDLINE)


def landmark_positions(body: Body, side: Side = "right") -> dict[str, np.ndarray]:
    """Body-frame positions (cm) of every landmark on one side."""
    return {name: body.vertices[landmark_vertex(name, side, body=body)] for name in _table()}

"""Named surface regions ("lateral thigh", "sacroiliac", ...) as vertex sets.

Regions use one vocabulary across patterns, look-ups and tests.  Each region is
one connected patch of skin per side; no vertex belongs to two regions, though a
region that reaches the midline shares its midline vertices between its two sides.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from ..core import checks
from ..core.assets import assets_dir
from .mesh import LEFT, RIGHT, Body
from .sides import Side, pain_side


@cache
def _codes() -> tuple[np.ndarray, tuple[str, ...]]:
    with np.load(assets_dir() / "body" / "regions.npz") as data:
        return data["region"].astype(np.intp), tuple(str(n) for n in data["names"])


def regions() -> list[str]:
    """Return the region names, head to toe.

    Examples
    --------
    >>> "buttock_lateral" in regions()
    True
    """
    return list(_codes()[1])


def region_mask(name: str, side: Side = "right", *, body: Body) -> np.ndarray:
    """Boolean mask over the body's vertices for one region on one side.

    Raises
    ------
    painmap.ChoiceError
        If `name` or `side` is unknown.

    Examples
    --------
    >>> from painmap.body.mesh import load_body
    >>> body = load_body()
    >>> int(region_mask("sacrum", "left", body=body).sum()) > 0
    True
    """
    codes, names = _codes()
    index = names.index(checks.choice(None, name, names, kind="region")) + 1
    pain_side(side, argument=None, both=False)
    away = LEFT if side == "right" else RIGHT
    return (codes == index) & (body.side != away)


def region_labels(body: Body) -> tuple[np.ndarray, tuple[str, ...]]:
    """Region code per vertex (0 = none, k = names[k - 1]) and the names."""
    codes, names = _codes()
    if len(codes) != body.n_vertices:
        raise ValueError("region table does not match the body mesh")
    return codes, names

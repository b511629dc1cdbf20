"""Choosing views automatically: the fewest panels that show nearly all of the heat.

The rule, stated in numbers: a place on the skin counts as *shown* by a view when
the view sees it unhidden and within 70 degrees of face-on (``cos >= 0.34``).
The automatic views are the smallest set of candidate views whose union shows at
least 90 % of the pattern's area-weighted heat, ``sum(heat * area * shown) /
sum(heat * area)``; among sets of that size the one that shows most wins.  The
named views (front, back, sides, medial, sole) are tried first; cameras from
above and from below join only when the named views together show less than
90 % (pain on the crown of the head, the armpit, the inner arm).  When no set of
candidates reaches 90 %, the fewest views reaching the best share any of them
can show are used.

Everything is decided on the surface, from one value per vertex per view, so
choosing costs a few array products, not a picture per view.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations

import numpy as np

from .body.mesh import load_body
from .body.visibility import vertex_visibility

CANDIDATES: tuple[str, ...] = (
    "front", "back", "left", "right", "right_medial", "left_medial", "sole",
    "az=0,el=60",     # from above: the crown of the head, the tops of the shoulders and feet
    "az=-45,el=-40",  # from below on the right: the inner arm, the armpit, the palm's edge
    "az=45,el=-40",   # ... and on the left
)
"""Views the automatic rule chooses from, in the order panels are drawn (earlier ones win ties)."""
NAMED = 7
"""The first `NAMED` candidates are the named views, tried before the cameras from above and below."""
SHOWN_COS = 0.34
"""A vertex counts as shown when it faces the camera at least this squarely (about 70 degrees)."""
TARGET_SHARE = 0.9
"""The share of the area-weighted heat the automatic views show together."""


@lru_cache(maxsize=64)
def shown(shape: str, view: str) -> np.ndarray:
    """Which vertices of the body `view` shows unhidden and face-on enough (boolean, per vertex).

    Examples
    --------
    >>> s = shown("neutral", "front")
    >>> bool(s.dtype == bool and 0.3 < s.mean() < 0.6)
    True
    """
    out = vertex_visibility(shape, view) >= SHOWN_COS  # disk-cached: no projection needed
    out.setflags(write=False)
    return out


def shown_share(values: np.ndarray, shape: str, views) -> float:
    """Share of the area-weighted heat `values` that the `views` together show (0..1).

    Examples
    --------
    >>> import painmap as pm
    >>> h = pm.heat("gluteus_medius")
    >>> shown_share(h.values, "neutral", ["back"]) > 0.9
    True
    """
    weight = np.asarray(values, float) * load_body(shape).vertex_areas
    total = weight.sum()
    if not total > 0:
        return 1.0
    union = np.zeros(len(weight), bool)
    for name in views:
        union |= shown(shape, name)
    return float(weight[union].sum() / total)


def pick_views(values: np.ndarray, shape: str, *, target: float = TARGET_SHARE) -> list[str]:
    """The fewest candidate views that together show `target` of the heat (see the module notes).

    The named views come first: the cameras from above and below are used only when
    the named views together cannot show `target`.  Returns the views in
    :data:`CANDIDATES` order; the front alone for no heat.

    Examples
    --------
    >>> import painmap as pm
    >>> pick_views(pm.heat("gluteus_minimus").values, "neutral")
    ['back', 'right']
    >>> pick_views(pm.heat("splenius_capitis").values, "neutral")  # pain on the crown of the head
    ['az=0,el=60']
    """
    weight = np.asarray(values, float) * load_body(shape).vertex_areas
    total = weight.sum()
    if not total > 0:
        return ["front"]
    hot = weight > 0
    weight = weight[hot] / total
    masks = np.stack([shown(shape, v)[hot] for v in CANDIDATES])
    for tier in (NAMED, len(CANDIDATES)):
        best_possible = float(weight[masks[:tier].any(axis=0)].sum())
        if best_possible >= target or tier == len(CANDIDATES):
            return _fewest(masks[:tier], weight, min(target, best_possible - 1e-9))
    raise AssertionError("unreachable")  # pragma: no cover


def _fewest(masks: np.ndarray, weight: np.ndarray, goal: float) -> list[str]:
    """The smallest set of views (rows of `masks`) showing `goal` of `weight`; the best of equals."""
    for k in range(1, len(masks) + 1):
        scored = [(float(weight[masks[list(c)].any(axis=0)].sum()), c)
                  for c in combinations(range(len(masks)), k)]
        share, chosen = max(scored, key=lambda s: s[0])  # the first of equals: earlier candidates
        if share >= goal:
            return [CANDIDATES[i] for i in chosen]
    return list(CANDIDATES[: len(masks)])  # pragma: no cover  (all of them reach the best possible)

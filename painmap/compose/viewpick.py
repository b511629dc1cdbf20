"""Choosing views automatically: the fewest panels that show nearly all of the heat.

The rule, stated in numbers: a place on the skin counts as *shown* by a view when
the view sees it unhidden at a glancing-but-readable angle, within 80 degrees of
face-on (``cos >= 0.17``), or when its neighbour one mesh edge away (about a
centimetre) is: heat in a crease between the toes or the fingers reads on the
skin beside it.  The automatic views are the smallest set of the named views
(front, back, the two sides, the two medial leg views, the soles) whose union
shows at least 90 % of the pattern's area-weighted heat,
``sum(heat * area * shown) / sum(heat * area)``; among sets of that size the one
that sees the heat most squarely wins (largest ``sum(heat * area * cos)``, with
each vertex's best cosine toward the chosen cameras).  A view that sees the heat only
edge-on (on average within 10 degrees of grazing, :data:`EDGE_ON_COS`) is not chosen for it: the
pain would show as a thin line.  Cameras at free angles never come out of the rule.
Should no set reach 90 %, the fewest views that show all the named views can are used.

Everything is decided on the surface, from one value per vertex per view (cached
per shape and view by :func:`painmap.body.visibility.vertex_visibility`), so
choosing costs a few array products, not a picture per view (and one disk-cache read).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from itertools import combinations

import numpy as np

from ..body.camera import ARMS_DOWN, AUTO, VIEWS, View, get_view
from ..body.mesh import LEFT, RIGHT, Body, load_body
from ..body.projection import camera_params
from ..body.surface import SurfacePoint
from ..body.visibility import vertex_visibility
from ..core.cache import cached, source_digest
from .picture import body_panel

CANDIDATES: tuple[str, ...] = ("front", "back", "left", "right", "right_medial", "left_medial", "sole")
"""The views the automatic rule chooses from, in the order panels are drawn (earlier ones win ties)."""
SHOWN_COS = 0.17
"""A vertex counts as shown when it faces the camera at least this squarely (about 80 degrees)."""
MARK_COS = 0.3
"""A trigger point's mark counts as shown by a view that faces it at least this squarely (about 70
degrees): the mark itself must be seen, not only the skin beside it."""
TARGET_SHARE = 0.9
"""The share of the area-weighted heat the automatic views show together."""
EDGE_ON_COS = 0.15
"""A view that sees the heat it shows no more squarely than this on average (the area-weighted mean
cosine, about 80 degrees) sees it edge-on, as a thin line (the perineum from the front): that heat
counts as not shown (the view may still be chosen for a trigger point's mark)."""


@lru_cache(maxsize=64)
def shown(shape: str, view: str) -> np.ndarray:
    """Which vertices `view` shows (boolean, per vertex): seen within 80 degrees of face-on, or next to one.

    Examples
    --------
    >>> s = shown("neutral", "front")
    >>> bool(s.dtype == bool and 0.3 < s.mean() < 0.6)
    True
    """
    seen = vertex_visibility(shape, view) >= SHOWN_COS  # disk-cached: no projection needed
    quads = load_body(shape).quads
    edges = np.concatenate([quads[:, [0, 1]], quads[:, [1, 2]], quads[:, [2, 3]], quads[:, [3, 0]]])
    out = seen.copy()
    out[edges[seen[edges[:, 0]], 1]] = True
    out[edges[seen[edges[:, 1]], 0]] = True
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
    weight = heat_weight(values, load_body(shape))
    total = weight.sum()
    if not total > 0:
        return 1.0
    union = np.zeros(len(weight), bool)
    for name in views:
        union |= shown(shape, name)
    return float(weight[union].sum() / total)


def pick_views(values: np.ndarray, shape: str, *, target: float = TARGET_SHARE,
               points: Sequence[SurfacePoint] = ()) -> list[str]:
    """The fewest named views that together show `target` of the heat and every one of the
    surface `points` (the trigger points' marks; those no candidate view shows excepted), see
    the module notes.

    Returns the views in :data:`CANDIDATES` order; the front alone for no heat.

    Examples
    --------
    >>> import painmap as pm
    >>> pick_views(pm.heat("gluteus_minimus").values, "neutral")
    ['back', 'right']
    >>> pick_views(pm.heat("gracilis").values, "neutral")  # the inner thigh, face-on
    ['right_medial']
    """
    body = load_body(shape)
    weight = heat_weight(values, body)
    total = weight.sum()
    if not total > 0:
        return ["front"]
    hot = weight > 0
    weight = weight[hot] / total
    every_shown, every_facing = _candidates(body.shape)
    masks, facing = every_shown[:, hot], every_facing[:, hot]
    seen = masks @ weight
    squarely = (masks * np.clip(facing, 0.0, 1.0)) @ weight / np.maximum(seen, 1e-12)
    masks = masks & ~((seen > 0) & (squarely < EDGE_ON_COS))[:, None]  # edge-on heat counts as unseen
    goal = min(target, float(weight[masks.any(axis=0)].sum()) - 1e-9)
    marks = _marks_shown(body.shape, tuple(points), every_facing)
    marks = marks[:, marks.any(axis=0)]  # the points some view can show
    for k in range(1, len(CANDIDATES) + 1):
        sets = [list(c) for c in combinations(range(len(CANDIDATES)), k)
                if weight[masks[list(c)].any(axis=0)].sum() >= goal and marks[list(c)].any(axis=0).all()]
        if sets:  # of these, the views that see the heat most squarely (the first of equals)
            best = max(sets, key=lambda c: float(weight @ facing[c].max(axis=0)))
            return [CANDIDATES[i] for i in best]
    return list(CANDIDATES)  # pragma: no cover  (all of them reach the goal)


def heat_weight(values: np.ndarray, body: Body) -> np.ndarray:
    """``values * body.vertex_areas``, the same to the bit, without the areas of the whole body when
    they are not known yet (a process drawing once): only the vertices with heat need theirs.

    A vertex's area sums a third of each triangle around it in the order of ``body.faces``; the
    triangles touching a heated vertex are all kept, in that order, so its area has the same bits.

    Examples
    --------
    >>> body = load_body("neutral")
    >>> heat = np.zeros(body.n_vertices)
    >>> heat[[10, 500, 9000]] = [0.5, 1.0, 0.25]
    >>> bool(np.array_equal(heat_weight(heat, body), heat * body.vertex_areas))
    True
    """
    values = np.asarray(values, float)
    if "vertex_areas" in vars(body):  # already worked out
        return values * body.vertex_areas
    faces = body.faces
    near = faces[(values != 0)[faces].any(axis=1)]
    tri = body.vertices[near]
    area = np.linalg.norm(np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]), axis=1) / 2
    return values * np.bincount(near.ravel(), np.repeat(area / 3, 3), minlength=body.n_vertices)


def _marks_shown(shape: str, points: tuple[SurfacePoint, ...], facing: np.ndarray) -> np.ndarray:
    """Whether each candidate view (rows) draws the mark of each point (columns): the point faces
    the view at least `MARK_COS` (from the views' `facing`, no projection needed), and, for a view
    of a part (a leg drawn alone, cut off below the groin), lies inside the panel's window."""
    out = np.zeros((len(CANDIDATES), len(points)), bool)
    if not points:
        return out
    corners = np.array([p.vertices for p in points])
    weights = np.array([p.weights for p in points])
    out[:] = np.einsum("vkj,kj->vk", facing[:, corners], weights) >= MARK_COS
    for i, name in enumerate(CANDIDATES):
        if VIEWS[name].parts is not None and out[i].any():  # only then is the window needed
            projection, (u0, u1, v0, v1) = _view_window(shape, name)
            uv, seen = projection.locate_points(points)
            out[i] &= seen & (uv[:, 0] >= u0) & (uv[:, 0] <= u1) & (uv[:, 1] >= v0) & (uv[:, 1] <= v1)
    return out


@lru_cache(maxsize=64)
def _view_window(shape: str, name: str):
    """A candidate view's projection and the window its panel shows (built once per shape and view)."""
    panel = body_panel(shape, VIEWS[name], "outline")
    return panel.projection, panel.window


@lru_cache(maxsize=16)
def _candidates(shape: str) -> tuple[np.ndarray, np.ndarray]:
    """:func:`shown` and :func:`~painmap.body.visibility.vertex_visibility` of every candidate view, stacked.

    Rows in :data:`CANDIDATES` order.  One disk-cache entry per shape (keyed by the
    cameras and this module's code), so choosing views reads one file, not seven.
    """
    cameras = tuple(camera_params(get_view(v)) for v in CANDIDATES)

    def compute() -> dict[str, np.ndarray]:
        return {"shown": np.stack([shown(shape, v) for v in CANDIDATES]),
                "facing": np.stack([vertex_visibility(shape, v) for v in CANDIDATES])}

    data = cached("viewpick", (shape, cameras, source_digest(__file__)), compute)
    return data["shown"], data["facing"]


FOREARM_SHARE = 0.98
"""Heat counts as pain of the forearms and hands when at least this share of it (area-weighted) lies
there (:func:`forearm_share`): its front and back views hang the arms by the body."""


def forearm_share(values: np.ndarray, shape: str = "neutral") -> float:
    """Share of the area-weighted heat `values` on the forearms and hands: on the arms, farther from
    the shoulder joint than 4 cm above the elbow joint (the elbow's skin included).

    Examples
    --------
    >>> import painmap as pm
    >>> forearm_share(pm.heat("palmaris_longus").values) > 0.98
    True
    >>> forearm_share(pm.heat("gluteus_medius").values)
    0.0
    """
    weight = heat_weight(np.asarray(values, float), load_body(shape))
    total = weight.sum()
    return float(weight[_forearms(shape)].sum() / total) if total > 0 else 0.0


@lru_cache(maxsize=16)
def _forearms(shape: str) -> np.ndarray:
    body = load_body(shape)
    arms = np.isin(np.asarray(body.part_names)[body.part], ("arm_r", "arm_l"))
    out = np.zeros(body.n_vertices, bool)
    for side, s in ((RIGHT, "r"), (LEFT, "l")):
        shoulder, elbow = body.joints[f"shoulder_{s}"], body.joints[f"elbow_{s}"]
        reach = np.linalg.norm(body.vertices - shoulder, axis=1)
        out |= arms & (body.side == side) & (reach > np.linalg.norm(elbow - shoulder) - 4.0)
    return out


def resolve_views(views: list[View] | str, values: np.ndarray | None = None, shape: str = "neutral",
                  points: Sequence[SurfacePoint] = ()) -> list[View]:
    """The views to draw: `views` as :func:`painmap.body.camera.parse_views` returns them.

    ``"auto"`` picks the fewest views that show 90 % of the heat `values` on the body
    `shape` and every trigger point's mark (surface `points`) (:func:`pick_views`); the front
    when there is no heat.  Heat on the forearms and hands alone (:data:`FOREARM_SHARE`) is drawn
    with the arms hanging by the body in the front and back views too
    (:data:`~painmap.body.camera.ARMS_DOWN`), chosen or named: forearm upright, palm or back of
    the hand facing the camera.

    Examples
    --------
    >>> [v.name for v in resolve_views("auto")]
    ['front']
    >>> import painmap as pm
    >>> palmaris = pm.heat("palmaris_longus").values
    >>> [(v.name, v.arm_adduction > 0) for v in resolve_views([VIEWS["front"]], palmaris)]
    [('front', True)]
    """
    if views == AUTO:
        if values is None or not values.any():
            return [VIEWS["front"]]
        views = [VIEWS[name] for name in pick_views(values, shape, points=points)]
    views = list(views)
    if values is not None and any(v is VIEWS.get(v.name) and v.name in ARMS_DOWN for v in views) \
            and forearm_share(values, shape) >= FOREARM_SHARE:
        views = [ARMS_DOWN[v.name] if v is VIEWS.get(v.name) and v.name in ARMS_DOWN else v for v in views]
    return views

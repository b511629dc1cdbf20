"""Reference charts of the body: every landmark, every region, named.

They show pattern authors (and anyone checking the anatomy) the vocabulary that
patterns, look-ups and tests use.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import compose
from .body.camera import STANDARD_VIEWS
from .body.image import gaussian_blur
from .body.landmarks import is_paired, landmark_point, landmarks
from .body.mesh import load_body
from .body.projection import Projection
from .body.regions import region_labels
from .compose import resolve_views
from .plotting import PainMap
from .scene import Callout, Marker, Panel, TintLayer

CHART_HEIGHT_IN = 11.0
TEXT_PT = 6.5
CHAR_PT = 0.56 * TEXT_PT  # average width of a character
LINE_PT = 1.3 * TEXT_PT
GAP_CM = 3.0
# Regions are tinted with these in turn (colour-blind-friendly, distinct in greyscale steps).
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac")


def landmark_chart(
    view: str | Sequence[str] = STANDARD_VIEWS,
    *,
    body: str = "neutral",
    style: str = "outline",
) -> PainMap:
    """Every landmark marked and named on the views where it can be seen.

    Paired landmarks are marked on both sides and named once, on the patient's
    right (or on the side facing the viewer in a side view).

    Examples
    --------
    >>> import painmap as pm
    >>> chart = pm.landmark_chart("back")
    >>> len(chart.scene.panels[0].callouts) > 10
    True
    """
    shape = load_body(body)
    panels = []
    for name in resolve_views(view):
        base = compose.body_panel(body, name, style)
        proj = base.projection
        named_side = "left" if name == "left" else "right"
        items, markers = [], []
        for lm in landmarks():
            sides = ("right", "left") if is_paired(lm, body=shape) else ("right",)
            for side in sides:
                (uv,), (visible,) = proj.locate_points([landmark_point(lm, side, body=shape)])
                if visible:
                    markers.append(Marker(float(uv[0]), float(uv[1]), "dot"))
                    if side == named_side or not is_paired(lm, body=shape):
                        items.append((lm, uv))
        panels.append(_with_callouts(base, items, markers))
    return _chart(panels, "Landmarks", body)


def region_chart(
    view: str | Sequence[str] = STANDARD_VIEWS,
    *,
    body: str = "neutral",
    style: str = "outline",
) -> PainMap:
    """Every region tinted and named on the views where it can be seen.

    Examples
    --------
    >>> import painmap as pm
    >>> chart = pm.region_chart("front")
    >>> len(chart.scene.panels[0].layers) > 20
    True
    """
    shape = load_body(body)
    panels = []
    for name in resolve_views(view):
        base = compose.body_panel(body, name, style)
        proj = base.projection
        named_side = "left" if name == "left" else "right"
        layers, items = [], []
        codes, names = region_labels(shape)
        label = _pixel_labels(proj, codes)
        named_side_px = _pixel_labels(proj, proj.body.side.astype(np.intp))
        away = -1 if named_side == "right" else 1
        for k, region in enumerate(names, start=1):
            inside = label == k
            if inside.sum() < 12:
                continue
            layers.append(TintLayer(gaussian_blur(inside.astype(float), 0.7), PALETTE[(k - 1) % len(PALETTE)],
                                    0.55, region))
            named = _label_spot(proj, inside & (named_side_px != away))
            if named is not None:
                items.append((region, named))
        panels.append(_with_callouts(Panel(proj, base.look, base.window, base.guides, layers), items, []))
    return _chart(panels, "Regions", body)


def _pixel_labels(proj: Projection, values: np.ndarray) -> np.ndarray:
    """A per-vertex integer label at every pixel (the label of the nearest vertex; 0 outside)."""
    smooth = proj.body.smooth
    order = np.lexsort((-smooth.weights, smooth.rows))
    first = order[np.r_[True, smooth.rows[order][1:] != smooth.rows[order][:-1]]]
    fine = values[smooth.cols[first]]  # each new vertex takes the label of its main parent
    nearest = np.argmax(proj.raster.bary, axis=-1)
    tri = smooth.faces[np.maximum(proj.raster.face, 0)]
    vertex = np.take_along_axis(tri, nearest[..., None], axis=-1)[..., 0]
    return np.where(proj.mask, fine[vertex], 0)


def _label_spot(proj: Projection, inside: np.ndarray) -> np.ndarray | None:
    """The visible pixel of a region nearest its visible centroid, or None if hidden."""
    if inside.sum() < 12:
        return None
    rows, cols = np.nonzero(inside)
    u, v = proj.grid
    pts = np.c_[u[cols], v[rows]]
    centre = pts.mean(axis=0)
    return pts[np.argmin(np.linalg.norm(pts - centre, axis=1))]


def _with_callouts(base: Panel, items, markers) -> Panel:
    """Add name columns left and right of the body, with leader lines, without overlaps."""
    proj = base.projection
    u_min, u_max = proj.points[:, 0].min(), proj.points[:, 0].max()
    middle = (u_min + u_max) / 2
    _, _, v0, v1 = base.window
    scale = (CHART_HEIGHT_IN * 72 * 0.92) / (v1 - v0)  # points per cm, roughly
    longest = max((len(text) for text, _ in items), default=4)
    room = longest * CHAR_PT / scale + 2 * GAP_CM
    callouts = []
    for left in (True, False):
        column = sorted(((t, p) for t, p in items if (p[0] < middle) == left), key=lambda i: i[1][1])
        ys = _spread([p[1] for _, p in column], LINE_PT / scale, v0 + 2.0, v1 - 2.0)
        x = u_min - GAP_CM if left else u_max + GAP_CM
        for (text, p), y in zip(column, ys):
            callouts.append(Callout((float(p[0]), float(p[1])), (float(x), float(y)), text,
                                    "right" if left else "left"))
    return Panel(proj, base.look, (u_min - room, u_max + room, v0, v1), base.guides, base.layers,
                 markers, callouts, base.label)


def _spread(wanted: list[float], gap: float, low: float, high: float) -> list[float]:
    """Positions near `wanted` (sorted ascending) at least `gap` apart, within [low, high]."""
    ys = list(wanted)
    for i in range(len(ys)):
        ys[i] = max(ys[i], low if i == 0 else ys[i - 1] + gap)
    for i in reversed(range(len(ys))):
        ys[i] = min(ys[i], high if i == len(ys) - 1 else ys[i + 1] - gap)
    return ys


def _chart(panels: list[Panel], what: str, body: str) -> PainMap:
    labelled = [Panel(p.projection, p.look, p.window, p.guides, p.layers, p.markers, p.callouts,
                      p.projection.view.title) for p in panels]
    total = sum(p.aspect for p in labelled)
    height = CHART_HEIGHT_IN
    scene = compose.scene(labelled, title=f"painmap {what.lower()} ({body} body)",
                          size=(total * (height - 0.8) + 0.5, height),
                          description=f"{what} of the painmap body, each named beside the body.")
    return PainMap(scene)

"""Reference charts of the body: every landmark, every region, every area of an atlas, named.

They show pattern authors (and anyone checking the anatomy) the vocabulary that
patterns, look-ups and tests use.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .body.camera import STANDARD_VIEWS, parse_views
from .body.image import gaussian_blur
from .body.landmarks import is_paired, landmark_point, landmarks
from .body.mesh import LEFT, RIGHT, Body, load_body
from .body.projection import Projection
from .body.regions import region_labels
from .compose.picture import body_panel, scene
from .figure import PainMap
from .reading.atlas import atlas as load_atlas
from .scene.elements import Callout, Marker, Panel, TintLayer

CHART_HEIGHT_IN = 11.0
TEXT_PT = 6.5
CHAR_PT = 0.56 * TEXT_PT  # average width of a character
LINE_PT = 1.3 * TEXT_PT
GAP_CM = 3.0
_TINT_SIGMA = 0.7  # pixels: the blur that rounds each region's pixel staircase
_TINT_RADIUS = max(1, round(3 * _TINT_SIGMA))  # how far that blur reaches (gaussian_blur's kernel)
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
    # every landmark on each side it exists on, located in each view in one call
    paired = {lm: is_paired(lm, body=shape) for lm in landmarks()}
    spots = [(lm, side) for lm in landmarks() for side in (("right", "left") if paired[lm] else ("right",))]
    points = [landmark_point(lm, side, body=shape) for lm, side in spots]
    panels = []
    for camera in parse_views(view, auto=False):
        base = body_panel(body, camera, style)
        named_side = "left" if camera.name == "left" else "right"
        uvs, seen = base.projection.locate_points(points)
        markers = [Marker(float(uv[0]), float(uv[1]), "dot") for uv, visible in zip(uvs, seen) if visible]
        items = [(lm, uv) for (lm, side), uv, visible in zip(spots, uvs, seen)
                 if visible and (side == named_side or not paired[lm])]
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
    codes, names = region_labels(shape)
    parent = _main_parents(shape)
    panels = []
    for camera in parse_views(view, auto=False):
        base = body_panel(body, camera, style)
        proj = base.projection
        named_side = "left" if camera.name == "left" else "right"
        layers, items = [], []
        vertex = _pixel_vertices(proj, parent)
        label = np.where(proj.mask, codes[vertex], 0)
        away = proj.body.side[vertex] == (LEFT if named_side == "right" else RIGHT)  # named on the other side
        for k, box in _label_boxes(label, len(names), _TINT_RADIUS):
            region = names[k - 1]
            inside = label[box] == k
            field = np.zeros(label.shape)
            field[box] = gaussian_blur(inside.astype(float), _TINT_SIGMA)
            layers.append(TintLayer(field, PALETTE[(k - 1) % len(PALETTE)], 0.55, region))
            named = _label_spot(proj, inside & ~away[box], box)
            if named is not None:
                items.append((region, named))
        panels.append(_with_callouts(Panel(proj, base.look, base.window, base.guides, layers), items, []))
    return _chart(panels, "Regions", body)


def atlas_chart(
    name: str = "choir",
    view: str | Sequence[str] = ("front", "back"),
    *,
    body: str = "neutral",
    style: str = "outline",
) -> PainMap:
    """Every area of an atlas (a pain body map: CHOIR, WPI, Michigan Body Map) tinted and numbered.

    Each area is filled in its own colour and named by its id (CHOIR) or by id and name
    (WPI, Michigan Body Map, painmap's regions), beside the body with a leader line, on
    the views where it can be seen; the patient's right is on the viewer's left in a front view.

    Examples
    --------
    >>> import painmap as pm
    >>> chart = pm.atlas_chart("choir", "front")
    >>> sorted(c.text for c in chart.scene.panels[0].callouts)[:3]
    ['101', '102', '103']
    """
    chosen = load_atlas(name)
    shape = load_body(body)
    codes = np.asarray(chosen.labels(shape), dtype=np.intp)
    colours = _colouring(codes, shape, len(chosen))
    parent = _main_parents(shape)
    panels = []
    for camera in parse_views(view, auto=False):
        base = body_panel(body, camera, style)
        proj = base.projection
        layers, items = [], []
        label = np.where(proj.mask, codes[_pixel_vertices(proj, parent)], 0)
        for k, box in _label_boxes(label, len(chosen), _TINT_RADIUS):
            inside = label[box] == k
            field = np.zeros(label.shape)
            field[box] = gaussian_blur(inside.astype(float), _TINT_SIGMA)
            area = chosen.ids[k - 1]
            layers.append(TintLayer(field, PALETTE[colours[k]], 0.6, area))
            spot = _label_spot(proj, inside, box)
            if spot is not None:
                text = area if chosen.name == "choir" else chosen.names[k - 1] if chosen.name == "regions" \
                    else f"{area} {chosen.names[k - 1]}"
                items.append((text, spot))
        panels.append(_with_callouts(Panel(proj, base.look, base.window, base.guides, layers), items, []))
    return _chart(panels, f"{chosen.title} areas", body)


def _colouring(codes: np.ndarray, body: Body, n: int) -> list[int]:
    """A palette index per area (1..n) that no neighbouring area shares (greedy, the most connected first)."""
    edges = np.concatenate([body.quads[:, [k, (k + 1) % 4]] for k in range(4)])
    a, b = codes[edges[:, 0]], codes[edges[:, 1]]
    touching = (a != b) & (a > 0) & (b > 0)
    neighbours: dict[int, set[int]] = {k: set() for k in range(1, n + 1)}
    for i, j in set(zip(a[touching].tolist(), b[touching].tolist())):
        neighbours[i].add(j)
        neighbours[j].add(i)
    colour = [0] * (n + 1)
    used = [0] * len(PALETTE)
    done: set[int] = set()
    for k in sorted(neighbours, key=lambda k: (-len(neighbours[k]), k)):
        taken = {colour[j] for j in neighbours[k] if j in done}
        free = [c for c in range(len(PALETTE)) if c not in taken] or list(range(len(PALETTE)))
        colour[k] = min(free, key=lambda c: (used[c], (c - k) % len(PALETTE)))  # the least used free colour
        used[colour[k]] += 1
        done.add(k)
    return colour


def _pixel_vertices(proj: Projection, parent: np.ndarray) -> np.ndarray:
    """The body vertex nearest each pixel: meaningless outside ``proj.mask``.

    `parent` (from :func:`_main_parents`) names the body vertex each vertex of the
    smooth mesh the raster is drawn from belongs to.
    """
    smooth = proj.body.smooth
    nearest = np.argmax(proj.raster.bary, axis=-1)
    tri = smooth.faces[np.maximum(proj.raster.face, 0)]
    return parent[np.take_along_axis(tri, nearest[..., None], axis=-1)[..., 0]]


def _main_parents(body: Body) -> np.ndarray:
    """For each vertex of the body's smooth mesh, the body vertex with the largest weight in it."""
    smooth = body.smooth
    order = np.lexsort((-smooth.weights, smooth.rows))
    first = order[np.r_[True, smooth.rows[order][1:] != smooth.rows[order][:-1]]]
    return smooth.cols[first]


def _label_boxes(label: np.ndarray, n: int, margin: int) -> list[tuple[int, tuple[slice, slice]]]:
    """Each label 1..n seen on at least 12 pixels, with its bounding box grown by `margin` pixels.

    Examples
    --------
    >>> label = np.zeros((30, 30), int)
    >>> label[10:14, 5:8] = 2
    >>> [(k, [(int(b.start), int(b.stop)) for b in box]) for k, box in _label_boxes(label, 3, 1)]
    [(2, [(9, 15), (4, 9)])]
    """
    rows, cols = np.nonzero(label)
    k = label[rows, cols]
    counts = np.bincount(k, minlength=n + 1)
    low = np.full((n + 1, 2), np.iinfo(np.intp).max)
    high = np.full((n + 1, 2), -1)
    np.minimum.at(low, k, np.c_[rows, cols])
    np.maximum.at(high, k, np.c_[rows, cols])
    h, w = label.shape
    return [(k, (slice(max(low[k, 0] - margin, 0), min(high[k, 0] + margin + 1, h)),
                 slice(max(low[k, 1] - margin, 0), min(high[k, 1] + margin + 1, w))))
            for k in range(1, n + 1) if counts[k] >= 12]


def _label_spot(proj: Projection, inside: np.ndarray, box: tuple[slice, slice]) -> np.ndarray | None:
    """The visible pixel of a region nearest its visible centroid, or None if hidden.

    `inside` covers the pixels of `box` only.
    """
    if inside.sum() < 12:
        return None
    rows, cols = np.nonzero(inside)
    u, v = proj.grid
    pts = np.c_[u[cols + box[1].start], v[rows + box[0].start]]
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
    page = scene(labelled, title=f"painmap {what.lower()} ({body} body)",
                 size=(total * (height - 0.8) + 0.5, height),
                 description=f"{what} of the painmap body, each named beside the body.")
    return PainMap(page)

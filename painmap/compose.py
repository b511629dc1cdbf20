"""Building scenes from what the user asked for: views, body shape, style, furniture."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from .body.camera import VIEWS, get_view
from .body.guides import guide_lines
from .body.mesh import SHAPES
from .body.projection import DEFAULT_RESOLUTION, Projection, project
from .errors import check_choice
from .render.style import BACKGROUNDS, GLOW_LEVELS, GLOW_STOPS, INK, PAPER, body_look
from .scene import FieldLayer, Layout, Marker, Panel, Scene, layout

WINDOW_MARGIN_CM = 3.0
LABEL_ROOM_CM = 7.0
VIEW_TITLES = {"front": "Front", "back": "Back", "left": "Left side", "right": "Right side"}


def body_panel(
    shape: str,
    view: str,
    style: str,
    *,
    resolution: int = DEFAULT_RESOLUTION,
    label: bool = False,
    side_room: float = 0.0,
) -> Panel:
    """A panel showing the bare body in one view.

    `side_room` widens the window on both sides (centimetres), e.g. for callouts.
    """
    check_choice("body shape", shape, SHAPES)
    look = body_look(style)
    proj = project(shape, get_view(view).name, resolution)
    points = proj.points[:, :2]
    u0, v0 = points.min(axis=0) - WINDOW_MARGIN_CM
    u1, v1 = points.max(axis=0) + WINDOW_MARGIN_CM
    if label:
        v0 -= LABEL_ROOM_CM
    return Panel(
        projection=proj,
        look=look,
        window=(float(u0 - side_room), float(u1 + side_room), float(v0), float(v1)),
        guides=guide_lines(proj) if look.guide_width > 0 else [],
        label=VIEW_TITLES[view] if label else None,
    )


def heat_panel(panel: Panel, values: np.ndarray, trigger_vertices: Sequence[int], *,
               stops=GLOW_STOPS, levels=GLOW_LEVELS, name: str | None = None) -> Panel:
    """Add a glow of per-vertex heat `values` and trigger-point X marks to a body panel."""
    proj = panel.projection
    layers = list(panel.layers)
    if np.max(values) > 0:
        layers.append(FieldLayer(proj.sample(values), stops, np.asarray(levels), name))
    markers = list(panel.markers)
    if len(trigger_vertices):
        uv, visible = proj.locate(np.asarray(trigger_vertices))
        markers += [Marker(float(u), float(v), "x") for (u, v), ok in zip(uv, visible) if ok]
    return dataclasses.replace(panel, layers=layers, markers=markers)


def auto_views(values: np.ndarray, shape: str, *, share: float = 0.15) -> list[str]:
    """The views that together show a heat field: the best one, then any that adds `share` more.

    Each view is scored by the heat it shows face-on; a view is added while it shows
    at least `share` of the total heat not already shown well by the chosen views.
    Views come back in the order front, back, left, right.
    """
    weights = {name: _facing_weights(project(shape, name)) for name in VIEWS}
    total = float(values.sum()) or 1.0
    shown = np.zeros_like(values)
    chosen: list[str] = []
    while len(chosen) < len(VIEWS):
        gains = {name: float((values * np.maximum(w - shown, 0)).sum()) / total
                 for name, w in weights.items() if name not in chosen}
        best = max(gains, key=gains.get)
        if chosen and gains[best] < share:
            break
        chosen.append(best)
        shown = np.maximum(shown, weights[best])
    return [name for name in VIEWS if name in chosen]


def _facing_weights(proj: Projection) -> np.ndarray:
    """Per body vertex: how squarely the view shows it (0 hidden .. 1 face-on)."""
    n = proj.body.n_vertices
    faces = proj.body.smooth.faces[np.unique(proj.raster.face[proj.mask])]
    seen = np.zeros(n, bool)
    ids = faces.ravel()
    seen[ids[ids < n]] = True
    return np.where(seen, np.clip(proj.normals[:n, 2], 0.0, 1.0), 0.0)


def scene(
    panels: Sequence[Panel],
    *,
    title: str | None = None,
    caption: str | None = None,
    size: tuple[float, float] | None = None,
    background: str = "light",
    legend: list | None = None,
    description: str = "",
) -> Scene:
    """Lay panels out on a page with the requested furniture."""
    check_choice("background", background, BACKGROUNDS)
    lines = caption.count("\n") + 1 if caption else 0
    lay: Layout = layout([p.aspect for p in panels], size=size, title=bool(title),
                         caption_lines=lines, legend=bool(legend))
    return Scene(
        panels=list(panels),
        layout=lay,
        paper=PAPER[background],
        ink=INK[background],
        title=title,
        caption=caption,
        legend=list(legend or []),
        description=description,
    )

"""Building scenes from what the user asked for: patterns, views, styles, furniture."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from .body.camera import VIEWS, get_view
from .body.guides import guide_lines
from .body.mesh import SHAPES
from .body.projection import DEFAULT_RESOLUTION, Projection, project
from .errors import check_choice
from .render.style import (
    BACKGROUNDS,
    CLASSIC_COLOR,
    CLASSIC_DOT_CM,
    CLASSIC_DOT_STEP_CM,
    CLASSIC_SOLID_FROM,
    CLASSIC_STIPPLE_FROM,
    GLOW_LEVELS,
    GLOW_STOPS,
    INK,
    PAPER,
    body_look,
)
from .scene import (
    CAPTION_PT,
    FieldLayer,
    Layer,
    LegendEntry,
    Marker,
    Panel,
    Scene,
    Stops,
    ZoneLayer,
    lattice,
    layout,
    wrap,
)

HEAT_STYLES: tuple[str, ...] = ("glow", "classic")
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
) -> Panel:
    """A panel showing the bare body in one view."""
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
        window=(float(u0), float(u1), float(v0), float(v1)),
        guides=guide_lines(proj) if look.guide_width > 0 else [],
        label=VIEW_TITLES[view] if label else None,
    )


def glow_stops(color: str) -> Stops:
    """A one-colour glow ramp: transparent where heat is low, `color` where it is high."""
    return ((0.0, color, 0.0), (0.12, color, 0.2), (0.45, color, 0.55), (1.0, color, 0.85))


def heat_layers(proj: Projection, fields: Sequence[tuple[str | None, np.ndarray, str | None]],
                heat_style: str) -> list[Layer]:
    """Layers drawing per-vertex heat fields in a view.

    Each field is ``(name, values, color)``; a None colour means the red glow ramp.
    ``"glow"`` draws the smooth field, ``"classic"`` solid essential and stippled
    spillover zones.
    """
    check_choice("heat style", heat_style, HEAT_STYLES)
    layers: list[Layer] = []
    for name, values, color in fields:
        if not np.max(values) > 0:
            continue
        field = proj.sample(values)
        if heat_style == "glow":
            stops = GLOW_STOPS if color is None else glow_stops(color)
            layers.append(FieldLayer(field, stops, np.asarray(GLOW_LEVELS), name))
        else:
            layers.append(ZoneLayer(field, CLASSIC_SOLID_FROM, _stipple(proj, field), CLASSIC_DOT_CM,
                                    color or CLASSIC_COLOR, name))
    return layers


def _stipple(proj: Projection, field: np.ndarray) -> np.ndarray:
    """Dot centres over the spillover zone (heat between the stipple and solid thresholds)."""
    u0, u1, v0, v1 = proj.extent
    dots = lattice((u0, v0, u1, v1), CLASSIC_DOT_STEP_CM)
    col, row = proj.pixel_of(dots)
    value = np.nan_to_num(field[row, col])
    return dots[(value >= CLASSIC_STIPPLE_FROM) & (value < CLASSIC_SOLID_FROM) & proj.mask[row, col]]


def with_heat(panel: Panel, layers: list[Layer], trigger_vertices: Sequence[int]) -> Panel:
    """A panel with heat layers and trigger-point marks (those the view can see)."""
    markers = list(panel.markers)
    if len(trigger_vertices):
        uv, visible = panel.projection.locate(np.asarray(trigger_vertices))
        markers += [Marker(float(u), float(v), "x") for (u, v), ok in zip(uv, visible) if ok]
    return dataclasses.replace(panel, layers=list(panel.layers) + layers, markers=markers)


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


def legend_entries(heat_style: str, muscles: Sequence[tuple[str, str]] | None,
                   trigger_points: bool) -> list[LegendEntry]:
    """Legend entries explaining the heat (and each muscle's colour, if coloured apart)."""
    entries: list[LegendEntry] = []
    if muscles:
        kind = "solid"
        entries += [LegendEntry(kind, name, color) for name, color in muscles]
        if heat_style == "classic":
            entries.append(LegendEntry("stipple", "stipple: spillover zone", "#555555"))
    elif heat_style == "glow":
        entries.append(LegendEntry("ramp", "more intense red = pain felt there more often",
                                   stops=GLOW_STOPS, low="less often", high="more often"))
    else:
        entries += [LegendEntry("solid", "essential zone (felt by most)", CLASSIC_COLOR),
                    LegendEntry("stipple", "spillover zone (felt by some)", CLASSIC_COLOR)]
    if trigger_points:
        entries.append(LegendEntry("x", "trigger point"))
    return entries


def sources_text(patterns) -> str:
    """One line per source of the patterns, without repeats."""
    seen: list[str] = []
    for p in patterns:
        for s in p.sources:
            line = s.text + (f" <{s.url}>" if s.url else "")
            if line not in seen:
                seen.append(line)
    return "Sources: " + "; ".join(seen) + "." if seen else ""


def scene(
    panels: Sequence[Panel],
    *,
    title: str | None = None,
    caption: str | None = None,
    size: tuple[float, float] | None = None,
    background: str = "light",
    legend: list[LegendEntry] | None = None,
    description: str = "",
) -> Scene:
    """Lay panels out on a page with the requested furniture."""
    check_choice("background", background, BACKGROUNDS)
    lay = layout([p.aspect for p in panels], size=size, title=title, legend=legend)
    if caption:
        lines = wrap(caption, lay.size[0] - 0.4, CAPTION_PT)
        lay = layout([p.aspect for p in panels], size=size, title=title, legend=legend,
                     caption_lines=len(lines))
        caption = "\n".join(wrap(caption, lay.size[0] - 0.4, CAPTION_PT))
    return Scene(
        panels=list(panels),
        layout=lay,
        paper=PAPER[background],
        ink=INK[background],
        title=title,
        caption=caption,
        description=description,
    )

"""What a picture contains, computed once and drawn by either renderer.

A :class:`Scene` is a list of :class:`Panel` objects (one per view) plus the
figure furniture (title, caption, legend) and a :class:`Layout` that places them
on the page in inches.  Everything here is numpy; ``render/mpl.py`` and
``render/svg.py`` turn one scene into PNG/PDF or SVG, so both back ends draw the
same geometry.

Panel coordinates are the picture frame of :mod:`painmap.body.camera`
(centimetres, ``u`` right, ``v`` up).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .body.projection import Projection
from .render.style import BodyLook

INCH_CM = 2.54


@dataclass(frozen=True, eq=False)
class FieldLayer:
    """A field over the panel's raster drawn as colour.

    Attributes
    ----------
    field : ndarray, shape (rows, cols)
        Values in 0..1 (NaN outside the body).
    stops : list of (value, "#rrggbb", alpha)
        Colour ramp: at each value, a colour and an opacity; linear in between.
    levels : ndarray
        Band edges used where the field is drawn as vector bands (SVG).
    name : str or None
        What the layer shows (a muscle), for legends and SVG ids.
    """

    field: np.ndarray
    stops: tuple[tuple[float, str, float], ...]
    levels: np.ndarray
    name: str | None = None


@dataclass(frozen=True, eq=False)
class TintLayer:
    """A flat colour over the part of the body where `field` >= 0.5 (e.g. a region)."""

    field: np.ndarray
    color: str
    alpha: float = 1.0
    name: str | None = None


@dataclass(frozen=True)
class Marker:
    """A point drawn on the body: a trigger point ``"x"`` or a landmark ``"dot"``."""

    u: float
    v: float
    kind: str = "x"


@dataclass(frozen=True)
class Callout:
    """A name written beside the body with a leader line to its point."""

    point: tuple[float, float]
    text_at: tuple[float, float]
    text: str
    align: str  # "left" or "right": which side of text_at the text extends to


@dataclass(frozen=True, eq=False)
class Panel:
    """One view of the body with what is drawn on it.

    Attributes
    ----------
    projection : Projection
        The projected body.
    look : BodyLook
        How the bare body is drawn.
    window : (u0, u1, v0, v1)
        The part of the picture plane shown, in centimetres.
    guides : list of ndarray
        Anatomical guide lines as 2-D polylines.
    layers : list of FieldLayer or TintLayer
        Drawn over the body, in order, clipped to the silhouette.
    markers, callouts : list
        Drawn last.
    label : str or None
        A caption under the panel (e.g. "Back").
    """

    projection: Projection
    look: BodyLook
    window: tuple[float, float, float, float]
    guides: list[np.ndarray] = field(default_factory=list)
    layers: list[FieldLayer | TintLayer] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    callouts: list[Callout] = field(default_factory=list)
    label: str | None = None

    @property
    def view(self) -> str:
        """Name of the panel's view."""
        return self.projection.view.name

    @property
    def aspect(self) -> float:
        """Width over height of the window."""
        u0, u1, v0, v1 = self.window
        return (u1 - u0) / (v1 - v0)


@dataclass(frozen=True)
class Layout:
    """Where things go on the page, in inches from the lower-left corner.

    Attributes
    ----------
    size : (width, height)
        Page size.
    panels : list of (left, bottom, width, height)
        One rectangle per panel, with the panel's aspect ratio.
    title_at, caption_at, legend_box : tuple or None
        Anchor of the title (centre, baseline), of the caption (left, top), and the
        legend's rectangle.
    """

    size: tuple[float, float]
    panels: list[tuple[float, float, float, float]]
    title_at: tuple[float, float] | None = None
    caption_at: tuple[float, float] | None = None
    legend_box: tuple[float, float, float, float] | None = None


@dataclass(frozen=True, eq=False)
class LegendEntry:
    """One legend row: a swatch (colour ramp or flat colour) and its text."""

    text: str
    color: str | None = None
    stops: tuple[tuple[float, str, float], ...] | None = None
    marker: str | None = None
    pattern: str | None = None


@dataclass(frozen=True, eq=False)
class Scene:
    """Everything one picture shows.

    Attributes
    ----------
    panels : list of Panel
    layout : Layout
    paper : str or None
        Background colour; None for transparent.
    ink : str
        Colour of text and legend lines.
    title, caption : str or None
    legend : list of LegendEntry
    description : str
        Plain-text description for screen readers (SVG ``<desc>``).
    """

    panels: list[Panel]
    layout: Layout
    paper: str | None
    ink: str
    title: str | None = None
    caption: str | None = None
    legend: list[LegendEntry] = field(default_factory=list)
    description: str = ""


TITLE_IN = 0.5
CAPTION_LINE_IN = 0.2
LEGEND_IN = 0.55
MARGIN_IN = 0.12
GAP_IN = 0.2
DEFAULT_HEIGHT_IN = 6.0


def layout(
    aspects: list[float],
    *,
    size: tuple[float, float] | None = None,
    title: bool = False,
    caption_lines: int = 0,
    legend: bool = False,
) -> Layout:
    """Place panels of the given aspect ratios side by side, with room for furniture.

    With no `size` the page is 6 inches tall and as wide as the panels need;
    with a size the panels are scaled to fit inside it and centred.

    Examples
    --------
    >>> lay = layout([0.5, 0.5])
    >>> lay.size[1]
    6.0
    """
    top = MARGIN_IN + (TITLE_IN if title else 0.0)
    bottom = MARGIN_IN + (LEGEND_IN if legend else 0.0) + CAPTION_LINE_IN * caption_lines
    gaps = GAP_IN * (len(aspects) - 1)
    total_aspect = sum(aspects)
    if size is None:
        height = DEFAULT_HEIGHT_IN
        panel_h = height - top - bottom
        width = 2 * MARGIN_IN + gaps + total_aspect * panel_h
    else:
        width, height = size
        panel_h = min(height - top - bottom, (width - 2 * MARGIN_IN - gaps) / total_aspect)
        if panel_h <= 0:
            raise ValueError(f"figure size {size} leaves no room for the body")
    used = total_aspect * panel_h + gaps
    left = (width - used) / 2
    base = bottom + (height - top - bottom - panel_h) / 2
    rects = []
    for aspect in aspects:
        rects.append((left, base, aspect * panel_h, panel_h))
        left += aspect * panel_h + GAP_IN
    return Layout(
        size=(float(width), float(height)),
        panels=rects,
        title_at=(width / 2, height - MARGIN_IN - 0.32) if title else None,
        caption_at=(MARGIN_IN + 0.05, bottom - MARGIN_IN + 0.02) if caption_lines else None,
        legend_box=(MARGIN_IN, MARGIN_IN + CAPTION_LINE_IN * caption_lines, width - 2 * MARGIN_IN,
                    LEGEND_IN - 0.05) if legend else None,
    )

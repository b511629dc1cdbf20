"""What a picture contains, computed once and drawn by every renderer.

A :class:`Scene` is a list of :class:`Panel` objects (one per view) plus the
figure furniture (title, caption, legend) and a :class:`Layout` that places them
on the page in inches.  Everything here is numpy; the back ends of
:mod:`painmap.render` (pixels for PNG, SVG, matplotlib for PDF and Axes) walk one
scene the same way (``render/base.py``), so they all draw the same geometry.

Panel coordinates are the picture frame of :mod:`painmap.body.camera`
(centimetres, ``u`` right, ``v`` up).  Page coordinates are inches from the
page's lower-left corner.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..body.projection import Projection
from ..core.errors import ArgumentError
from ..core.text import text_width
from .style import BodyLook

Stops = tuple[tuple[float, str, float], ...]


@dataclass(frozen=True, eq=False)
class FieldLayer:
    """A field over the panel's raster drawn as colour (the glow).

    Attributes
    ----------
    field : ndarray, shape (rows, cols)
        Values in 0..1 (NaN outside the body).
    stops : tuple of (value, "#rrggbb", alpha)
        Colour ramp: at each value a colour and an opacity; linear in between.
    levels : ndarray
        Band edges where the field is drawn as vector bands (SVG).
    name : str or None
        What the layer shows (a muscle), for SVG ids.
    """

    field: np.ndarray
    stops: Stops
    levels: np.ndarray
    name: str | None = None


@dataclass(frozen=True, eq=False)
class ZoneLayer:
    """Travell & Simons zones: solid where ``field >= solid_from``, stippled dots below.

    Attributes
    ----------
    field : ndarray, shape (rows, cols)
    solid_from : float
        Heat from which the essential zone is drawn solid.
    dots : ndarray, shape (k, 2)
        Centres of the stipple dots of the spillover zone, in panel centimetres.
    dot_radius : float
        In centimetres.
    color : str
    """

    field: np.ndarray
    solid_from: float
    dots: np.ndarray
    dot_radius: float
    color: str
    name: str | None = None


@dataclass(frozen=True, eq=False)
class TintLayer:
    """A flat colour over the part of the body where `field` >= 0.5 (e.g. a region)."""

    field: np.ndarray
    color: str
    alpha: float = 1.0
    name: str | None = None


@dataclass(frozen=True, eq=False)
class OutlineLayer:
    """A shape on the body (a muscle where it lies under the skin): a light fill where `field` >= 0.5
    and an outline along that edge, dashed for what lies deep.

    A zero `width` draws only the fill, a zero `fill_alpha` only the outline: a muscle is drawn as
    its fill under the glow and its outline over it.

    Attributes
    ----------
    field : ndarray, shape (rows, cols)
    color : str
    fill_alpha : float
        Opacity of the fill (0: none).
    width : float
        Outline width in points (0: none).
    dashes : tuple of float
        On and off lengths of the outline's dashes in points; empty for a solid line.
    name : str or None
        What the layer shows, for SVG ids and classes.
    """

    field: np.ndarray
    color: str
    fill_alpha: float = 0.0
    width: float = 0.0
    dashes: tuple[float, ...] = ()
    name: str | None = None


Layer = FieldLayer | ZoneLayer | TintLayer | OutlineLayer


@dataclass(frozen=True)
class Marker:
    """A point drawn on the body: a trigger point ``"x"``, a region's ``"dot"`` or a bony
    ``"landmark"``; a trigger point carries its `number` (drawn beside it, as in the handout's
    list), a landmark its `label` (its short name, written beside it) and `name` (its id)."""

    u: float
    v: float
    kind: str = "x"
    number: int | None = None
    label: str | None = None
    name: str | None = None


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
    look : BodyLook
        How the bare body is drawn.
    window : (u0, u1, v0, v1)
        The part of the picture plane shown, in centimetres.
    guides : list of ndarray
        Anatomical guide lines as 2-D polylines.
    layers : list of layers
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
    layers: list[Layer] = field(default_factory=list)
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


@dataclass(frozen=True, eq=False)
class LegendEntry:
    """One legend item: a swatch and its text.

    `kind` is ``"ramp"`` (a colour bar from `stops`, with `low` and `high` end
    labels), ``"solid"``, ``"stipple"`` (swatches of `color`), ``"outline"`` (a
    light swatch of `color` framed in it, the frame dashed by `dashes`), ``"x"``
    (the trigger-point mark) or ``"landmark"`` (a bony landmark's mark).
    """

    kind: str
    text: str
    color: str = "#000000"
    stops: Stops | None = None
    low: str = ""
    high: str = ""
    dashes: tuple[float, ...] = ()


@dataclass(frozen=True)
class LegendItem:
    """A legend entry placed on the page (inches): its swatch box and text anchor."""

    entry: LegendEntry
    swatch: tuple[float, float, float, float]
    text_at: tuple[float, float]


@dataclass(frozen=True)
class TextBlock:
    """Lines of text placed on the page (inches), first baseline at `top` minus one line.

    Attributes
    ----------
    x, top : float
        Left edge and top of the block.
    lines : tuple of str
        Already wrapped.
    size : float
        Font size in points.
    bold : bool
    color : str or None
        None means the scene's ink.
    spacing : float
        Line height as a multiple of the font size.
    """

    x: float
    top: float
    lines: tuple[str, ...]
    size: float
    bold: bool = False
    color: str | None = None
    spacing: float = 1.3

    @property
    def height(self) -> float:
        """Height of the block in inches."""
        return len(self.lines) * self.size * self.spacing / 72

    def baselines(self) -> list[float]:
        """Baseline height of each line, in inches from the page's bottom."""
        step = self.size * self.spacing / 72
        return [self.top - self.size / 72 * 0.95 - i * step for i in range(len(self.lines))]


@dataclass(frozen=True)
class Box:
    """A rectangle on the page (inches): a framed note or a rule."""

    x: float
    y: float
    width: float
    height: float
    fill: str | None = None
    stroke: str | None = None
    stroke_width: float = 0.6


@dataclass(frozen=True)
class Layout:
    """Where things go on the page, in inches from the lower-left corner.

    Attributes
    ----------
    size : (width, height)
    panels : list of (left, bottom, width, height)
        One rectangle per panel, with the panel's aspect ratio.
    title_at : (x, y) or None
        Centre of the title's baseline.
    caption_at : (x, y) or None
        Top-left corner of the caption.
    legend : list of LegendItem
    scale : float or None
        Inches on the page per centimetre of the body, the same for every panel (None where
        panels are placed otherwise, as on a handout).
    scale_bar_at : (x, y) or None
        The left end of a 10 cm scale bar.
    """

    size: tuple[float, float]
    panels: list[tuple[float, float, float, float]]
    title_at: tuple[float, float] | None = None
    caption_at: tuple[float, float] | None = None
    legend: list[LegendItem] = field(default_factory=list)
    scale: float | None = None
    scale_bar_at: tuple[float, float] | None = None


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
    swatch_base : str
        The body colour legend swatches are drawn on.
    title, caption : str or None
    description : str
        Plain-text description for screen readers (SVG ``<desc>``).
    """

    panels: list[Panel]
    layout: Layout
    paper: str | None
    ink: str
    swatch_base: str = "#dcdee1"
    title: str | None = None
    caption: str | None = None
    description: str = ""
    blocks: list[TextBlock] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)


TITLE_PT = 13.0
CAPTION_PT = 7.0
LEGEND_PT = 7.5
CALLOUT_PT = 6.5
TITLE_IN = 0.5
PANEL_LABEL_PT = 8.5
PANEL_LABEL_IN = 0.24
PANEL_LABEL_GAP_IN = 0.05
CAPTION_LINE_IN = CAPTION_PT * 1.35 / 72
LEGEND_IN = 0.5
MARGIN_IN = 0.12
GAP_IN = 0.2
DEFAULT_HEIGHT_IN = 6.0


MAX_FIGURE_ASPECT = 2.5
"""A figure is at most this much wider than tall (and taller than wide): wider panels go in rows."""
ROW_GAP_IN = 0.12
LABELS_MAY_SHRINK = 0.7
"""On a fixed page, panel labels may shrink the panels to this share of their size without labels; past
that they squeeze their gaps instead."""
MIN_PANEL_IN = 0.25
"""A fixed page that leaves the tallest panel no taller than this is refused: no room for the body."""
SCALE_BAR_CM = 10.0
SCALE_BAR_IN = 0.28
"""Room under the panels for the scale bar (``scale_bar=True``)."""


def layout(
    windows: Sequence[tuple[float, float]],
    *,
    size: tuple[float | None, float | None] | None = None,
    title: str | None = None,
    caption_lines: int = 0,
    legend: list[LegendEntry] | None = None,
    labels: bool = False,
    label_widths: Sequence[float] | None = None,
    scale_bar: bool = False,
) -> Layout:
    """Place panels at one scale, in a row (or in rows), with room for furniture.

    `windows` are the panels' windows as ``(width, height)`` in centimetres of the body:
    every panel is drawn at the same scale (inches per centimetre, ``Layout.scale``), so
    sizes compare across panels; a shorter panel stands on the bottom of its row.  With no
    `size` the page is 6 inches tall and as wide as the panels need (and at least as wide
    as the title and legend); panels whose row would make the figure more than
    :data:`MAX_FIGURE_ASPECT` times wider than tall go in as many rows as it takes, and a
    figure is never narrower than 1/:data:`MAX_FIGURE_ASPECT` of its height.  With a size,
    the panels are as large as fits (in the rows that make them largest) and centred; a
    size with one side None keeps the figure's own proportions.
    `label_widths` (inches, one per panel) keeps panel labels wider than their panels from
    running into each other or off the page: the gaps widen to make room.  `scale_bar`
    leaves room for a 10 cm bar at the lower left (``Layout.scale_bar_at``).

    Examples
    --------
    >>> lay = layout([(50.0, 100.0), (50.0, 100.0)])
    >>> lay.size[1], round(lay.panels[0][3] / 100.0, 4) == round(lay.scale, 4)
    (6.0, True)
    >>> strip = layout([(120.0, 30.0)] * 3)   # three wide strips go in rows
    >>> len({round(r[1], 3) for r in strip.panels}) > 1, strip.size[0] / strip.size[1] <= 2.5
    (True, True)
    """
    if size is not None and None in size:  # one side given: the other keeps the figure's own proportions
        nw, nh = layout(windows, title=title, caption_lines=caption_lines, legend=legend, labels=labels,
                        label_widths=label_widths, scale_bar=scale_bar).size
        w, h = size
        size = (w, nh * w / nw) if h is None else (nw * h / nh, h)
    legend = legend or []
    n = len(windows)
    widths_cm = [float(w) for w, _ in windows]
    heights_cm = [float(h) for _, h in windows]
    label_w = list(label_widths) if label_widths else [0.0] * n
    label_h = PANEL_LABEL_IN if labels else 0.0
    top = MARGIN_IN + (TITLE_IN if title else 0.0)
    base = MARGIN_IN + CAPTION_LINE_IN * caption_lines + (SCALE_BAR_IN if scale_bar else 0.0)
    title_w = text_width(title or "", TITLE_PT, bold=True)

    def arrange(rows: list[list[int]], legend_h: float) -> tuple[float, float, float, list[float]]:
        """Scale (in/cm), page width and height, and each row's gaps, for panels in these rows."""
        height = DEFAULT_HEIGHT_IN if size is None else size[1]
        room_h = height - top - base - legend_h - len(rows) * label_h - ROW_GAP_IN * (len(rows) - 1)
        scale = room_h / sum(max(heights_cm[i] for i in row) for row in rows)
        gaps = [GAP_IN * (len(row) - 1) for row in rows]
        if size is not None:
            room_w = size[0] - 2 * MARGIN_IN
            plain = min([scale] + [(room_w - g) / sum(widths_cm[i] for i in row)
                                   for row, g in zip(rows, gaps)])
        for _ in range(3):  # labels wider than their panels widen the gaps, then the panels fit again
            gaps = [_row_gaps(row, widths_cm, label_w, scale) for row in rows]
            if size is not None:
                fits = [(room_w - g) / sum(widths_cm[i] for i in row) for row, g in zip(rows, gaps)]
                scale = max(min([scale, *fits]), LABELS_MAY_SHRINK * plain)
        if size is not None:  # on a fixed page labels squeeze their gaps before the panels shrink further
            gaps = [min(g, room_w - scale * sum(widths_cm[i] for i in row)) for row, g in zip(rows, gaps)]
        used = max(scale * sum(widths_cm[i] for i in row) + g for row, g in zip(rows, gaps))
        width = size[0] if size is not None else max(used + 2 * MARGIN_IN, height / MAX_FIGURE_ASPECT)
        return scale, width, height, gaps

    def rows_of(k: int) -> list[list[int]]:
        return _split_rows(widths_cm, k)

    one = arrange(rows_of(1), LEGEND_IN if legend else 0.0)
    if size is None:
        legend_w = max(one[1] - 2 * MARGIN_IN - 0.2, MIN_LEGEND_ROW_IN)
    else:
        legend_w = size[0] - 2 * MARGIN_IN - 0.2
    legend_rows_ = legend_rows(legend, legend_w)
    legend_h = legend_height(legend_rows_)
    needed = max([title_w] + [legend_width(r) for r in legend_rows_]) + 2 * MARGIN_IN + 0.2
    best = None
    for k in range(1, n + 1):
        rows = rows_of(k)
        if len(rows) < k:
            break
        scale, width, height, gaps = arrange(rows, legend_h)
        if size is None:
            width = max(width, needed)
            if best is None or width / height < best[2] / best[3]:  # the least wide, else the first in shape
                best = (rows, scale, width, height, gaps)
            if width / height <= MAX_FIGURE_ASPECT:
                break
        elif best is None or scale > best[1] * 1.02:  # a fixed page: the rows that draw the panels largest
            best = (rows, scale, width, height, gaps)
    rows, scale, width, height, gaps = best
    if size is not None and scale * max(heights_cm) <= MIN_PANEL_IN:
        need = round(top + base + legend_h + len(rows) * label_h + 0.6, 1)
        raise ArgumentError("size", size, f"at least {need} in tall with this title, legend and caption",
                            problem="too small: it leaves no room for the body", closest=(size[0], need))

    rects: list[tuple[float, float, float, float] | None] = [None] * n
    spare = height - top - base - legend_h - _rows_height(rows, heights_cm, scale, label_h)
    row_top = height - top - spare / 2
    for row, row_gaps in zip(rows, gaps):
        row_h = scale * max(heights_cm[i] for i in row)
        bottom = row_top - row_h
        overs = [max(0.0, (label_w[i] - scale * widths_cm[i]) / 2) for i in row]
        used = scale * sum(widths_cm[i] for i in row) + row_gaps
        squeeze = row_gaps / max(_row_gaps(row, widths_cm, label_w, scale), 1e-9)
        left = (width - used) / 2 + overs[0] * squeeze
        for k, i in enumerate(row):
            rects[i] = (left, bottom, scale * widths_cm[i], scale * heights_cm[i])
            if k + 1 < len(row):
                left += scale * widths_cm[i] + max(GAP_IN, overs[k] + overs[k + 1] + 0.1) * squeeze
        row_top = bottom - label_h - ROW_GAP_IN
    legend_bottom = MARGIN_IN + CAPTION_LINE_IN * caption_lines
    return Layout(
        size=(float(width), float(height)),
        panels=[r for r in rects if r is not None],
        title_at=(width / 2, height - MARGIN_IN - 0.32) if title else None,
        caption_at=(MARGIN_IN + 0.05, MARGIN_IN + CAPTION_LINE_IN * caption_lines) if caption_lines else None,
        legend=place_legend(legend, width, legend_bottom + (SCALE_BAR_IN if scale_bar else 0.0),
                            rows=legend_rows_) if legend else [],
        scale=float(scale),
        scale_bar_at=(MARGIN_IN + 0.1, legend_bottom + 0.1) if scale_bar else None,
    )


def _split_rows(widths: list[float], k: int) -> list[list[int]]:
    """Panel indices, in order, in `k` rows of about equal width (fewer when there are too few panels).

    Examples
    --------
    >>> _split_rows([1.0, 1.0, 1.0, 1.0], 2), _split_rows([3.0, 1.0], 3)
    ([[0, 1], [2, 3]], [[0], [1]])
    """
    total = sum(widths)
    rows: list[list[int]] = [[]]
    done = 0.0
    for i, w in enumerate(widths):
        if rows[-1] and len(rows) < k and done + w / 2 > total * len(rows) / k:
            rows.append([])
        rows[-1].append(i)
        done += w
    return rows


def _row_gaps(row: list[int], widths_cm: list[float], label_w: list[float], scale: float) -> float:
    """The room a row's gaps take (inches): at least :data:`GAP_IN`, wider for labels wider than their
    panels, including their overhang past the row's ends."""
    overs = [max(0.0, (label_w[i] - scale * widths_cm[i]) / 2) for i in row]
    inner = sum(max(GAP_IN, a + b + 0.1) for a, b in itertools.pairwise(overs))
    return inner + overs[0] + overs[-1]


def _rows_height(rows: list[list[int]], heights_cm: list[float], scale: float, label_h: float) -> float:
    """The height the rows take, with their labels and the gaps between them."""
    rows_h = sum(scale * max(heights_cm[i] for i in row) + label_h for row in rows)
    return rows_h + ROW_GAP_IN * (len(rows) - 1)


SWATCH_IN = {"ramp": 1.1, "solid": 0.28, "stipple": 0.28, "outline": 0.28, "x": 0.16, "landmark": 0.16}
ITEM_GAP_IN = 0.28


def _entry_width(entry: LegendEntry) -> float:
    return SWATCH_IN[entry.kind] + 0.07 + text_width(entry.text, LEGEND_PT)


def legend_width(entries: list[LegendEntry]) -> float:
    """Width of a legend row in inches."""
    if not entries:
        return 0.0
    return sum(_entry_width(e) for e in entries) + ITEM_GAP_IN * (len(entries) - 1)


LEGEND_ROW_IN = 0.36
"""How far apart the rows of a legend of several rows are."""
MIN_LEGEND_ROW_IN = 5.0
"""A legend row may be this wide even beside narrow panels (a figure of one view)."""


def legend_rows(entries: list[LegendEntry], max_width: float) -> list[list[LegendEntry]]:
    """Entries in rows, in order, each row at most `max_width` inches wide (an entry wider than that
    has a row of its own).

    Examples
    --------
    >>> entries = [LegendEntry("x", "trigger point"), LegendEntry("landmark", "bony landmark")]
    >>> [len(r) for r in legend_rows(entries, 5.0)], [len(r) for r in legend_rows(entries, 1.0)]
    ([2], [1, 1])
    """
    rows: list[list[LegendEntry]] = []
    for entry in entries:
        if rows and legend_width(rows[-1] + [entry]) <= max_width:
            rows[-1].append(entry)
        else:
            rows.append([entry])
    return rows


def legend_height(rows: list[list[LegendEntry]]) -> float:
    """Height of a legend of these rows, in inches (0 for none)."""
    return LEGEND_IN + LEGEND_ROW_IN * (len(rows) - 1) if rows else 0.0


def place_legend(entries: list[LegendEntry], page_width: float, bottom: float,
                 rows: list[list[LegendEntry]] | None = None) -> list[LegendItem]:
    """Lay legend entries out in centred rows (`rows`, by default one) whose last is just above `bottom`."""
    rows = [entries] if rows is None else rows
    items = []
    for k, row in enumerate(rows):
        x = (page_width - legend_width(row)) / 2
        y_mid = bottom + LEGEND_IN / 2 + 0.02 + LEGEND_ROW_IN * (len(rows) - 1 - k)
        for entry in row:
            w = SWATCH_IN[entry.kind]
            h = 0.13 if entry.kind == "ramp" else 0.16
            items.append(LegendItem(entry, (x, y_mid - h / 2, w, h), (x + w + 0.07, y_mid)))
            x += _entry_width(entry) + ITEM_GAP_IN
    return items


LEGEND_DOT_STEP_IN = 0.045
LEGEND_DOT_IN = 0.011


def lattice(box: tuple[float, float, float, float], step: float) -> np.ndarray:
    """Centres of a staggered (hexagonal) dot grid filling ``(x0, y0, x1, y1)``, shape (k, 2).

    Used for stipple, both on the body (centimetres) and in legend swatches (inches).

    Examples
    --------
    >>> lattice((0, 0, 1, 1), 0.5).tolist()
    [[0.25, 0.25], [0.75, 0.25], [0.5, 0.683]]
    """
    x0, y0, x1, y1 = box
    rows = np.arange(y0 + step / 2, y1, step * 0.866)
    pts = [(x, y) for j, y in enumerate(rows) for x in np.arange(x0 + step / 2 * (1 + j % 2), x1, step)]
    return np.array(pts, dtype=float).reshape(-1, 2)

"""The one walk over a :class:`~painmap.scene.elements.Scene` that every back end shares.

:class:`SceneRenderer` visits a scene in paint order and hands each part to a
method of the back end; a back end (``raster.py``, ``svg.py``, ``mpl.py``) only says
how to draw each kind of part, never how to find them.  The order::

    begin(scene)
    for each panel:  panel(panel, rect)                  the body, its layers (through layer()),
                     text(label under the panel)          lines, markers and callouts
    box(box) for each box                                 framed notes (handouts)
    legend: legend_ramp / legend_swatch (+ legend_dots) / legend_mark, then text()
    block(block) for each text block
    text(title), text(caption)
    finish() -> what the back end returns

A new back end subclasses :class:`SceneRenderer` and implements the methods that
raise :class:`NotImplementedError`.  Sizes of marks and text are in points, places on
the page in inches from its lower-left corner (:class:`~painmap.scene.elements.Layout`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from ..body.image import drop_small_holes, filled_contours
from ..core.text import text_width
from ..scene.elements import (
    CAPTION_PT,
    LEGEND_DOT_STEP_IN,
    LEGEND_PT,
    PANEL_LABEL_GAP_IN,
    PANEL_LABEL_PT,
    SCALE_BAR_CM,
    TITLE_PT,
    Box,
    FieldLayer,
    Layer,
    LegendItem,
    OutlineLayer,
    Panel,
    Scene,
    TextBlock,
    TintLayer,
    ZoneLayer,
    lattice,
)
from ..scene.style import LANDMARK, MARKER, NUMBER_HALO

RAMP_LABEL_PT = LEGEND_PT - 1.5
"""The end labels under a legend's colour ramp ("less often", "more often")."""
RAMP_LABEL_GAP_IN = 0.03
"""How far under the ramp its end labels hang."""
CAPTION_SPACING = 1.35
"""The caption's line height, as a multiple of its font size."""

NUMBER_PT = 7.0
"""A trigger point's number beside its mark."""

TextRole = Literal["label", "legend", "ramp", "title", "caption", "number", "landmark"]


@dataclass(frozen=True)
class Text:
    """A line (or lines) of text to draw: where, what, how big, how aligned.

    `at` is the anchor on the page (inches); `ha` and `va` say which point of the
    text sits there, as matplotlib's ``ha`` and ``va`` do; `role` tells the back end
    what the text is: a panel's label, a legend entry's name, a colour ramp's end
    label, the title or the caption (SVG puts each in its own group or element).
    `spacing` is the line height of text of several lines, as a multiple of the font
    size (None: the back end's default).  `halo` is the width (points) of an edge of the
    paper's white drawn around each letter, so that text on the body reads on any heat.
    """

    at: tuple[float, float]
    text: str
    size: float
    color: str
    role: TextRole
    ha: Literal["left", "center", "right"] = "left"
    va: Literal["top", "center", "baseline"] = "baseline"
    bold: bool = False
    spacing: float | None = None
    halo: float = 0.0


def marker_texts(panel: Panel, scale: float) -> list[tuple[tuple[float, float], tuple[float, float], Text]]:
    """The texts beside a panel's marks: each numbered trigger point's number, just above and right
    of its X; each named landmark's name beside its ring, on the side away from the middle of the
    body where that is free, else on the first free side (right, left, above, below) clear of the
    marks, the numbers and the names placed before it.

    `scale` is the panel's size on the page in points per centimetre.  Returns
    ``(mark, offset, text)`` for each: the mark in panel centimetres, the text anchor's offset
    from it in points, and the text (its `at` still unset).
    """
    out = []
    taken: list[tuple[float, float, float, float]] = []  # boxes in points on the panel (x0, y0, x1, y1)
    half = MARKER["size"] / 2 + 1.0
    for m in panel.markers:
        x, y = m.u * scale, m.v * scale
        r = LANDMARK["radius"] + 0.5 if m.kind == "landmark" else half
        taken.append((x - r, y - r, x + r, y + r))
        if m.number is not None:
            text = Text((0.0, 0.0), str(m.number), NUMBER_PT, MARKER["color"], "number", bold=True,
                        halo=NUMBER_HALO)
            out.append(((m.u, m.v), (half, half), text))
            taken.append(_box(x + half, y + half, text))
    middle = float(np.mean(panel.projection.points[:, 0])) if any(m.label for m in panel.markers) else 0.0
    step = LANDMARK["radius"] + 1.5
    u0, u1, v0, v1 = panel.window
    window = (u0 * scale, v0 * scale, u1 * scale, v1 * scale)
    for m in panel.markers:
        if m.number is not None or not m.label:
            continue
        x, y = m.u * scale, m.v * scale
        sides = []
        for far in (step, step + 2 * half):  # beside the ring, else clear of an X on it
            across = [(far, 0.0, "left", "center"), (-far, 0.0, "right", "center")]
            sides += (across[::-1] if m.u < middle else across) + [(0.0, far + 2.0, "center", "center"),
                                                                   (0.0, -far - 2.0, "center", "center")]
        options = []
        for dx, dy, ha, va in sides:
            text = Text((0.0, 0.0), m.label, LANDMARK["text_pt"], LANDMARK["color"], "landmark", ha=ha, va=va,
                        halo=NUMBER_HALO)
            box = _box(x + dx, y + dy, text)
            outside = (box[2] - box[0]) * (box[3] - box[1]) - _overlap(box, window)  # off the panel
            options.append((sum(_overlap(box, other) for other in taken) + 10 * outside, (dx, dy), text, box))
        _, offset, text, box = min(options, key=lambda o: o[0])  # the first of the least clashing
        out.append(((m.u, m.v), offset, text))
        taken.append(box)
    return out


def _box(x: float, y: float, text: Text) -> tuple[float, float, float, float]:
    """The box (points) a one-line text anchored at (x, y) covers, as its `ha` and `va` place it."""
    width, height = text_width(text.text, text.size, bold=text.bold) * 72, text.size
    x0 = x - {"left": 0.0, "center": width / 2, "right": width}[text.ha]
    y0 = y - {"baseline": 0.2 * height, "center": height / 2, "top": height}[text.va]
    return (x0, y0, x0 + width, y0 + height)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    """The area two boxes share."""
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


OUTLINE_HOLE_CM2 = 30.0
"""Gaps smaller than this inside an outlined shape are filled: a muscle has no holes, only dips
where its authored strokes meet."""


def outline_polygons(panel: Panel, layer: OutlineLayer) -> list[tuple[np.ndarray, np.ndarray]]:
    """The polygons an :class:`OutlineLayer` fills and outlines (panel centimetres), without small holes."""
    u, v = panel.projection.grid
    return [drop_small_holes(points, codes, OUTLINE_HOLE_CM2)
            for points, codes in filled_contours(u, v, layer.field, 0.5)]


class SceneRenderer:
    """Walks a scene once, in paint order; subclasses draw the parts (see the module docstring)."""

    scene: Scene

    def render(self, scene: Scene) -> Any:
        """Draw `scene` and return what :meth:`finish` returns."""
        self.scene = scene
        self.begin(scene)
        for panel, rect in zip(scene.panels, scene.layout.panels):
            self.panel(panel, rect)
            self._numbers(panel, rect)
            if panel.label:
                left, bottom, w, _ = rect
                self.text(Text((left + w / 2, bottom - PANEL_LABEL_GAP_IN), panel.label, PANEL_LABEL_PT,
                               scene.ink, "label", ha="center", va="top"))
        for box in scene.boxes:
            self.box(box)
        for item in scene.layout.legend:
            self._legend_item(item)
        if scene.layout.scale_bar_at and scene.layout.scale:
            self._scale_bar(scene.layout.scale_bar_at, scene.layout.scale)
        for block in scene.blocks:
            self.block(block)
        if scene.title and scene.layout.title_at:
            self.text(Text(scene.layout.title_at, scene.title, TITLE_PT, scene.ink, "title", ha="center",
                           bold=True))
        if scene.caption and scene.layout.caption_at:
            self.text(Text(scene.layout.caption_at, scene.caption, CAPTION_PT, scene.ink, "caption", va="top",
                           spacing=CAPTION_SPACING))
        return self.finish()

    def _numbers(self, panel: Panel, rect: tuple[float, float, float, float]) -> None:
        """The texts beside the panel's marks (:func:`marker_texts`), on the page."""
        left, bottom, w, h = rect
        u0, u1, v0, v1 = panel.window
        for (u, v), (dx, dy), text in marker_texts(panel, w / (u1 - u0) * 72):
            x = left + (u - u0) / (u1 - u0) * w + dx / 72
            y = bottom + (v - v0) / (v1 - v0) * h + dy / 72
            self.text(dataclasses.replace(text, at=(x, y)))

    def _scale_bar(self, at: tuple[float, float], scale: float) -> None:
        """A 10 cm bar at the figure's scale, with end ticks, named at its right."""
        x, y = at
        length, ink = SCALE_BAR_CM * scale, self.scene.ink
        line, tick = 0.8 / 72, 4.0 / 72
        self.box(Box(x, y - line / 2, length, line, fill=ink))
        for end in (x, x + length - line):
            self.box(Box(end, y - tick / 2, line, tick, fill=ink))
        name = f"{SCALE_BAR_CM:g} cm"
        self.text(Text((x + length + 0.05, y), name, LEGEND_PT - 1, ink, "legend", va="center"))

    def layer(self, panel: Panel, layer: Layer, index: int) -> Any:
        """Draw one layer over a panel's body (called by :meth:`panel`), by its kind."""
        if isinstance(layer, FieldLayer):
            return self.field_layer(panel, layer, index)
        if isinstance(layer, ZoneLayer):
            return self.zone_layer(panel, layer, index)
        if isinstance(layer, TintLayer):
            return self.tint_layer(panel, layer, index)
        if isinstance(layer, OutlineLayer):
            return self.outline_layer(panel, layer, index)
        raise TypeError("a panel layer is a FieldLayer, ZoneLayer, TintLayer or OutlineLayer, not "
                        f"{type(layer).__name__}")

    def _legend_item(self, item: LegendItem) -> None:
        entry, ink = item.entry, self.scene.ink
        x, y, w, h = item.swatch
        if entry.kind == "ramp":
            self.legend_ramp(item)
            for label, at, ha in ((entry.low, x, "left"), (entry.high, x + w, "right")):
                if label:
                    self.text(Text((at, y - RAMP_LABEL_GAP_IN), label, RAMP_LABEL_PT, ink, "ramp", ha=ha,
                                   va="top"))
        elif entry.kind == "solid":
            self.legend_swatch(item, entry.color)
        elif entry.kind == "stipple":
            self.legend_swatch(item, self.scene.swatch_base)
            self.legend_dots(item, lattice((x, y, x + w, y + h), LEGEND_DOT_STEP_IN), entry.color)
        elif entry.kind == "outline":
            self.legend_outline(item)
        elif entry.kind == "landmark":
            self.legend_landmark(item, (x + w / 2, y + h / 2))
        else:
            self.legend_mark(item, (x + w / 2, y + h / 2))
        self.text(Text(item.text_at, entry.text, LEGEND_PT, ink, "legend", va="center"))

    # What a back end draws -------------------------------------------------------------------

    def begin(self, scene: Scene) -> None:
        """Start a page of ``scene.layout.size`` inches on ``scene.paper``."""

    def finish(self) -> Any:
        """Finish the page and return it."""
        raise NotImplementedError

    def panel(self, panel: Panel, rect: tuple[float, float, float, float]) -> None:
        """Draw a panel in its page rectangle: the body, :meth:`layer` for each layer, lines and marks."""
        raise NotImplementedError

    def field_layer(self, panel: Panel, layer: FieldLayer, index: int) -> Any:
        """A field drawn through its colour ramp (the glow)."""
        raise NotImplementedError

    def zone_layer(self, panel: Panel, layer: ZoneLayer, index: int) -> Any:
        """Travell & Simons zones: solid above ``solid_from``, stipple dots below."""
        raise NotImplementedError

    def tint_layer(self, panel: Panel, layer: TintLayer, index: int) -> Any:
        """A flat colour where the field is at least 0.5."""
        raise NotImplementedError

    def outline_layer(self, panel: Panel, layer: OutlineLayer, index: int) -> Any:
        """A light fill where the field is at least 0.5 and an outline along its edge (dashed by
        ``layer.dashes``); either may be absent (``fill_alpha`` or ``width`` zero)."""
        raise NotImplementedError

    def text(self, text: Text) -> None:
        """Write text on the page."""
        raise NotImplementedError

    def block(self, block: TextBlock) -> None:
        """Write a block of already wrapped lines (their baselines: ``block.baselines()``)."""
        raise NotImplementedError

    def box(self, box: Box) -> None:
        """Draw a rectangle on the page (a framed note or a rule)."""
        raise NotImplementedError

    def legend_ramp(self, item: LegendItem) -> None:
        """The legend's colour bar for ``item.entry.stops``, framed, over the swatch base colour."""
        raise NotImplementedError

    def legend_swatch(self, item: LegendItem, fill: str) -> None:
        """A framed legend swatch filled with `fill`."""
        raise NotImplementedError

    def legend_dots(self, item: LegendItem, centres: np.ndarray, color: str) -> None:
        """Stipple dots over a legend swatch (centres in page inches)."""
        raise NotImplementedError

    def legend_mark(self, item: LegendItem, at: tuple[float, float]) -> None:
        """A trigger-point X in the legend, centred at `at` (page inches)."""
        raise NotImplementedError

    def legend_outline(self, item: LegendItem) -> None:
        """A swatch with a light fill of ``item.entry.color`` framed in it (dashed by its ``dashes``)."""
        raise NotImplementedError

    def legend_landmark(self, item: LegendItem, at: tuple[float, float]) -> None:
        """A landmark's ring in the legend, centred at `at` (page inches)."""
        raise NotImplementedError

"""The blank pain chart: a printable page of body views whose geometry is known exactly.

:func:`template` draws the chart; :func:`chart_geometry` recomputes, from the same
arguments, where every view sits on the page, so a painted chart can be read
back (:func:`painmap.chart.scan.read_chart`).  The same call always gives the
same page.  Coordinates::

    page (inches, origin lower left)        panel window (cm, picture frame of the view)
    +--------------------------+            v
    |  title                   |            |   (u0..u1, v0..v1) fills the panel's
    |  +------+   +------+     |            |    rectangle (left, bottom, width, height)
    |  | view |   | view |     |            +---- u
    |  +------+   +------+     |
    |  caption                 |            image pixel (col, row), row 0 at the top:
    +--------------------------+            x_in = (col + 0.5) / W * page_width
                                            y_in = page_height - (row + 0.5) / H * page_height

Each panel carries a small code in its upper-left corner: a dark start square and
three squares whose dark ones spell the view's number; a row of five squares at
the top right of the page spells the body shape's, so a scanned chart says which
views and body it shows.  Four black
squares near the page's corners (the registration marks) let a scan that was
shifted, scaled (a printer's "fit to page") or slightly turned be mapped back
onto the page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..body.camera import VIEWS, parse_views
from ..body.mesh import SHAPES, Body
from ..body.projection import Projection
from ..body.shapes import shape_name
from ..compose.picture import body_panel, scene
from ..core import checks
from ..core.errors import ArgumentTypeError, ChoiceError
from ..core.text import wrap
from ..figure import PainMap
from ..reading.drawing import PainDrawing, as_body
from ..scene.elements import CAPTION_PT, MARGIN_IN, Box, Scene, TextBlock, TintLayer
from ..scene.style import BodyLook

PAPERS: dict[str, tuple[float, float]] = {"A4": (8.27, 11.69), "Letter": (8.5, 11.0)}
CHART_LOOK = BodyLook(
    fill="#e6e6e6", shade_dark=None, shade_light=None,
    outline_color="#333333", outline_width=0.9,
    feature_color="#6e6e6e", feature_width=0.5,
    guide_color="#9a9a9a", guide_width=0.45,
)
"""Greys only, so that any clearly coloured pixel on a filled-in chart is paint."""
CHART_TITLE = "Where do you feel pain?"
CHART_CAPTION = ("Colour in every place where you feel pain with a red or blue pen (not black or grey). "
                 "Seen from the front, your right side is on the left of the picture; "
                 "seen from behind, on the right.")
PAINT_COLOR = "#d62728"
CODE_IN = 0.09
"""Side of one square of the view code, in inches."""
CODE_BITS = 3
SHAPE_BITS = 4
MARK_IN = 0.16
"""Side of a registration mark, in inches."""
MARK_AT = 0.4
"""Distance of each mark's centre from the two nearest page edges, in inches."""
TEXT_PT = 8.0
TEXT_INSET_IN = 0.75


@dataclass(frozen=True, eq=False)
class ChartPanel:
    """One view on the chart: its rectangle on the page (inches) and its window (cm)."""

    view: str
    projection: Projection
    rect: tuple[float, float, float, float]
    window: tuple[float, float, float, float]

    def code_boxes(self) -> list[tuple[float, float, float, float]]:
        """``(x, y, w, h)`` of the start square and the view's squares, in page inches."""
        left, bottom, _, height = self.rect
        top = bottom + height - 0.22 - CODE_IN  # clear of the page's registration mark
        return [(left + 0.05 + k * 1.5 * CODE_IN, top, CODE_IN, CODE_IN) for k in range(CODE_BITS + 1)]

    def code(self) -> tuple[bool, ...]:
        """Which of :meth:`code_boxes` are dark."""
        return (True, *name_code(self.view, list(VIEWS), CODE_BITS))


@dataclass(frozen=True, eq=False)
class ChartGeometry:
    """Where each view of a chart sits on its page."""

    size: tuple[float, float]
    panels: tuple[ChartPanel, ...]
    body: Body

    @property
    def aspect(self) -> float:
        """Page width over height."""
        return self.size[0] / self.size[1]

    @property
    def views(self) -> tuple[str, ...]:
        return tuple(p.view for p in self.panels)

    def shape_boxes(self) -> list[tuple[float, float, float, float]]:
        """``(x, y, w, h)`` of the body shape's start square and code squares: a fixed place on the
        page, left of the upper-right mark, whatever the body."""
        w, h = self.size
        step = 1.5 * CODE_IN
        x0 = w - 0.8 - (SHAPE_BITS + 1) * step
        return [(x0 + k * step, h - MARK_AT - CODE_IN / 2, CODE_IN, CODE_IN) for k in range(SHAPE_BITS + 1)]

    def shape_code(self) -> tuple[bool, ...]:
        """Which of :meth:`shape_boxes` are dark."""
        return (True, *name_code(self.body.shape, SHAPES, SHAPE_BITS))

    @property
    def marks(self) -> np.ndarray:
        """Centres of the four registration marks in page inches, shape (4, 2)."""
        w, h = self.size
        return np.array([(MARK_AT, MARK_AT), (w - MARK_AT, MARK_AT), (MARK_AT, h - MARK_AT),
                         (w - MARK_AT, h - MARK_AT)])


def name_code(name: str, names: Sequence[str], bits: int) -> tuple[bool, ...]:
    """The dark squares that spell `name`'s number (its place in `names`, from 1) in binary.

    A name not in `names`, or too many names for the squares, gets no code (all light).

    Examples
    --------
    >>> name_code("front", list(VIEWS), CODE_BITS), name_code("back", list(VIEWS), CODE_BITS)
    ((True, False, False), (False, True, False))
    """
    names = list(names)
    number = names.index(name) + 1 if name in names and len(names) < 1 << bits else 0
    return tuple(bool(number >> k & 1) for k in range(bits))


def name_of_code(bits: Sequence[bool], names: Sequence[str]) -> str | None:
    """The name whose code is `bits`, or None."""
    number = sum(1 << k for k, b in enumerate(bits) if b)
    names = list(names)
    return names[number - 1] if 1 <= number <= len(names) < 1 << len(bits) else None


def chart_scene(views: str | Sequence[str] = ("front", "back"), *, body: str | Body | None = None,
                paper: str = "A4", drawing: PainDrawing | None = None) -> Scene:
    """The scene of a blank chart (or of one filled in with `drawing`, in red)."""
    views = parse_views(views, argument="views", auto=False)
    size = PAPERS[checks.choice(None, paper, PAPERS, kind="paper")]
    if len(views) > 1:
        size = size[::-1]
    shape = as_body(body or (drawing.body if drawing is not None else "neutral"))
    if drawing is not None and drawing.body.shape != shape.shape:
        err = ChoiceError("body shape", shape.shape, [drawing.body.shape], argument="body")
        err.args = (f"body={shape.shape!r} but the drawing is on the {drawing.body.shape} body: the chart "
                    "and the drawing would be on different body shapes, whose points do not correspond; "
                    f"leave body out (or give body={drawing.body.shape!r}) to fill in a chart of the "
                    f"drawing's own body, or make the drawing on the {shape.shape} body.",)
        raise err
    panels = []
    for view in views:
        base = body_panel(shape.shape, view, "outline", label=True)
        panel = dataclasses.replace(base, look=CHART_LOOK, guides=base.guides)
        if drawing is not None and drawing.values.any():
            field = panel.projection.sample(drawing.values)
            panel = dataclasses.replace(panel, layers=[TintLayer(field, PAINT_COLOR, 1.0, "pain")])
        panels.append(panel)
    shown = ", ".join(v.name for v in views)
    description = f"A blank pain chart: a {shape.shape} body seen from {shown}, to colour in."
    # (text widths are estimates: keep a tenth in hand so the lines never reach the marks)
    lines = tuple(wrap(CHART_CAPTION, 0.85 * (size[0] - 2 * TEXT_INSET_IN), TEXT_PT))
    # The instructions go between the bottom marks; the caption's room is reserved for them.
    room = "\n".join(["-"] * (int(np.ceil(len(lines) * TEXT_PT / CAPTION_PT)) + 1))
    page = scene(panels, title=CHART_TITLE, caption=room, size=size, description=description)
    text = TextBlock(TEXT_INSET_IN, MARGIN_IN + len(lines) * TEXT_PT * 1.3 / 72 + 0.05, lines, TEXT_PT)
    page = dataclasses.replace(page, caption=None, blocks=[text])
    geometry = _geometry(page, shape)
    half = MARK_IN / 2
    boxes = [Box(x - half, y - half, MARK_IN, MARK_IN, fill="#000000") for x, y in geometry.marks]
    for cp in geometry.panels:
        boxes += _code_boxes(cp.code_boxes(), cp.code())
    boxes += _code_boxes(geometry.shape_boxes(), geometry.shape_code())
    return dataclasses.replace(page, boxes=boxes)


def _code_boxes(places, dark) -> list[Box]:
    return [Box(*box, fill="#000000") if on else Box(*box, stroke="#000000", stroke_width=0.4)
            for box, on in zip(places, dark)]


def _geometry(page: Scene, body: Body) -> ChartGeometry:
    panels = tuple(ChartPanel(p.view, p.projection, tuple(rect), p.window)
                   for p, rect in zip(page.panels, page.layout.panels))
    return ChartGeometry(page.layout.size, panels, body)


def chart_geometry(views: str | Sequence[str] = ("front", "back"), *, body: str | Body = "neutral",
                   paper: str = "A4") -> ChartGeometry:
    """Where the views of ``template(views, body=body, paper=paper)`` sit on its page.

    Examples
    --------
    >>> geo = chart_geometry("back")
    >>> geo.views, round(geo.aspect, 3)
    (('back',), 0.707)
    """
    return _geometry(chart_scene(views, body=body, paper=paper), as_body(body))


def template(views: str | Sequence[str] = ("front", "back"), *, body: str | None = None, paper: str = "A4",
             drawing: PainDrawing | None = None, dpi: float = 150.0):
    """A blank pain chart to print, colour in and scan; :meth:`PainDrawing.from_image` reads it back.

    Parameters
    ----------
    views : str or list of str
        The views on the page, e.g. ``"back"`` or ``["front", "back"]`` (the default).
        One view is printed on a portrait page, more on a landscape page.
    body : str, optional
        The body shape (one of ``pm.SHAPES``); by default the drawing's, or ``"neutral"``.
    paper : {"A4", "Letter"}
    drawing : PainDrawing, optional
        Fill the chart in with this drawing (in red), e.g. to show a patient what
        was read from their chart.
    dpi : float
        Resolution of PNG output.

    Returns
    -------
    painmap.PainMap
        Save it as PNG, SVG or PDF.  Read a painted one back with
        ``PainDrawing.from_image(image, view=views, body=body, paper=paper)``.

    Examples
    --------
    >>> import painmap as pm
    >>> chart = pm.template("back")
    >>> [p.view for p in chart.scene.panels]
    ['back']
    """
    views = parse_views(views, argument="views", auto=False)
    body = None if body is None else shape_name(body)
    paper = checks.choice("paper", paper, PAPERS)
    dpi = checks.dpi(dpi)
    if drawing is not None and not isinstance(drawing, PainDrawing):
        raise ArgumentTypeError("drawing", drawing, "a PainDrawing, or None for a blank chart",
                                problem="not a PainDrawing")
    return PainMap(chart_scene(views, body=body, paper=paper, drawing=drawing), dpi=dpi)

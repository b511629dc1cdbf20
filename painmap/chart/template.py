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

Four registration marks sit near the page's corners, each a square of 5 x 5
modules with a dark border and its own inside, so that each corner can be told
apart however the page was turned or mirrored: a filled square at the top left, a
square with a dot at the top right, with a cross at the bottom right and an empty
ring at the bottom left (`MARK_PATTERNS`).  Left of the upper-right mark, two rows
of twenty cells spell the chart's code (:mod:`painmap.chart.code`): paper, body
shape, views and chart id, with a CRC.  Beside each figure seen from the front or
the back, an R and an L mark the patient's right and left.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..body.camera import View, parse_views
from ..body.mesh import Body
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
from .code import MAX_ID, ChartCode, encode

PAPERS: dict[str, tuple[float, float]] = {"A4": (8.27, 11.69), "Letter": (8.5, 11.0)}
CHART_LOOK = BodyLook(
    fill="#e6e6e6", shade_dark=None, shade_light=None,
    outline_color="#333333", outline_width=0.9,
    feature_color="#6e6e6e", feature_width=0.5,
    guide_color="#9a9a9a", guide_width=0.45,
)
"""Greys only, so that a coloured pixel on a filled-in chart is the patient's."""
CHART_TITLE = "Where do you feel pain?"
CHART_CAPTION = ("Colour in or circle every place where you feel pain, with any pen. R and L are your right "
                 "and left side: seen from the front, your right side is on the left of the picture; "
                 "seen from behind, on the right.")
PAINT_COLOR = "#d62728"
MARK_MODULES = 5
MARK_IN = 0.32
"""Side of a registration mark, in inches (five modules)."""
MODULE_IN = MARK_IN / MARK_MODULES
MARK_AT = 0.42
"""Distance of each mark's centre from the two nearest page edges, in inches."""
CORNERS = ("top left", "top right", "bottom right", "bottom left")
"""The page's corners, in order round the page (clockwise as printed)."""
MARK_PATTERNS = {"top left": "solid", "top right": "dot", "bottom right": "plus", "bottom left": "ring"}
"""The inside of each corner's mark (its 3 x 3 inner modules): all dark, the centre, a cross, none."""
INSIDES = {"solid": (1, 1, 1, 1, 1, 1, 1, 1, 1), "dot": (0, 0, 0, 0, 1, 0, 0, 0, 0),
           "plus": (0, 1, 0, 1, 1, 1, 0, 1, 0), "ring": (0,) * 9}
"""The 3 x 3 inner modules of each mark pattern, row by row (each pattern is symmetric)."""
CODE_COLUMNS = 20
CODE_ROWS = 2
CELL_IN = 0.075
"""Side of one cell of the chart's code, in inches."""
CODE_GAP_IN = 0.25
"""Room between the code's right end and the upper-right mark."""
SIDE_PT = 15.0
SIDE_COLOR = "#555555"
TEXT_PT = 8.0
TEXT_INSET_IN = 0.75


@dataclass(frozen=True, eq=False)
class ChartPanel:
    """One view on the chart: its rectangle on the page (inches) and its window (cm)."""

    view: str
    projection: Projection
    rect: tuple[float, float, float, float]
    window: tuple[float, float, float, float]


@dataclass(frozen=True, eq=False)
class ChartGeometry:
    """Where each view of a chart, its marks and its code sit on its page (inches)."""

    size: tuple[float, float]
    panels: tuple[ChartPanel, ...]
    body: Body
    paper: str = "A4"

    @property
    def aspect(self) -> float:
        """Page width over height."""
        return self.size[0] / self.size[1]

    @property
    def views(self) -> tuple[str, ...]:
        return tuple(p.view for p in self.panels)

    @property
    def marks(self) -> np.ndarray:
        """Centres of the four registration marks in page inches, shape (4, 2), in :data:`CORNERS` order."""
        return mark_centres(self.size)

    def code_cells(self) -> np.ndarray:
        """Centres of the code's cells in page inches, shape (40, 2), in bit order."""
        return code_cells(self.size)


def mark_centres(size: tuple[float, float]) -> np.ndarray:
    """Centres of the marks of a page of `size` inches, in :data:`CORNERS` order.

    Examples
    --------
    >>> mark_centres((8.27, 11.69))[0].round(2).tolist()
    [0.42, 11.27]
    """
    w, h = size
    return np.array([(MARK_AT, h - MARK_AT), (w - MARK_AT, h - MARK_AT), (w - MARK_AT, MARK_AT),
                     (MARK_AT, MARK_AT)])


def mark_modules(pattern: str) -> np.ndarray:
    """The 5 x 5 modules of a mark (1 dark), row 0 at the top.

    Examples
    --------
    >>> mark_modules("dot").sum(), mark_modules("solid").sum()
    (np.int64(17), np.int64(25))
    """
    grid = np.ones((MARK_MODULES, MARK_MODULES), int)
    grid[1:4, 1:4] = np.reshape(INSIDES[pattern], (3, 3))
    return grid


def code_cells(size: tuple[float, float]) -> np.ndarray:
    """Centres of the code's cells on a page of `size` inches: upper row left to right, then the lower."""
    w, h = size
    right = w - MARK_AT - MARK_IN / 2 - CODE_GAP_IN
    xs = right - (CODE_COLUMNS - 0.5 - np.arange(CODE_COLUMNS)) * CELL_IN
    ys = h - MARK_AT + (0.5 - np.arange(CODE_ROWS)) * CELL_IN
    return np.array([(x, y) for y in ys for x in xs])


def side_letters(view: View) -> tuple[str, str] | None:
    """The letters for the picture's left and right of a view: the patient's sides, or None.

    Examples
    --------
    >>> from painmap.body.camera import get_view
    >>> side_letters(get_view("front")), side_letters(get_view("back")), side_letters(get_view("left"))
    (('R', 'L'), ('L', 'R'), None)
    """
    across = float(view.rotation[0, 0])  # the picture's u axis along the patient's left (body x)
    if across > 0.7:
        return ("R", "L")
    if across < -0.7:
        return ("L", "R")
    return None


def chart_scene(views: str | Sequence[str] = ("front", "back"), *, body: str | Body | None = None,
                paper: str = "A4", drawing: PainDrawing | None = None, chart_id: int = 0) -> Scene:
    """The scene of a blank chart (or of one filled in with `drawing`, in red)."""
    views = parse_views(views, argument="views", auto=False)
    paper = checks.choice(None, paper, PAPERS, kind="paper")
    size = PAPERS[paper]
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
    blocks = [text]
    for view, rect in zip(views, page.layout.panels):
        letters = side_letters(view)
        if letters is not None:
            left, bottom, width, height = rect
            top = bottom + height - 0.1
            blocks.append(TextBlock(left + 0.12, top, (letters[0],), SIDE_PT, bold=True, color=SIDE_COLOR))
            blocks.append(TextBlock(left + width - 0.12 - 0.6 * SIDE_PT / 72, top, (letters[1],), SIDE_PT,
                                    bold=True, color=SIDE_COLOR))
    page = dataclasses.replace(page, caption=None, blocks=blocks)
    boxes = []
    for corner, (x, y) in zip(CORNERS, mark_centres(size)):
        boxes += _mark_boxes(x, y, MARK_PATTERNS[corner])
    code = ChartCode(paper, shape.shape, tuple(v.name for v in views), chart_id)
    boxes += _code_boxes(size, encode(code))
    return dataclasses.replace(page, boxes=boxes)


def _mark_boxes(x: float, y: float, pattern: str) -> list[Box]:
    """A mark centred on page point (x, y): dark border, white inside, the pattern's dark modules."""
    m, half = MODULE_IN, MARK_IN / 2
    boxes = [Box(x - half, y - half, MARK_IN, MARK_IN, fill="#000000")]
    if pattern == "solid":
        return boxes
    boxes.append(Box(x - 1.5 * m, y - 1.5 * m, 3 * m, 3 * m, fill="#ffffff"))
    if pattern == "dot":
        boxes.append(Box(x - m / 2, y - m / 2, m, m, fill="#000000"))
    elif pattern == "plus":
        boxes += [Box(x - 1.5 * m, y - m / 2, 3 * m, m, fill="#000000"),
                  Box(x - m / 2, y - 1.5 * m, m, 3 * m, fill="#000000")]
    return boxes


def _code_boxes(size: tuple[float, float], bits: Sequence[int]) -> list[Box]:
    """The code's dark cells, each run of dark cells in a row as one box, in a thin frame."""
    cells = code_cells(size)
    boxes = []
    for r in range(CODE_ROWS):
        row = list(bits[r * CODE_COLUMNS:(r + 1) * CODE_COLUMNS]) + [0]
        start = None
        for k, bit in enumerate(row):
            if bit and start is None:
                start = k
            elif not bit and start is not None:
                x, y = cells[r * CODE_COLUMNS + start]
                boxes.append(Box(x - CELL_IN / 2, y - CELL_IN / 2, (k - start) * CELL_IN, CELL_IN,
                                 fill="#000000"))
                start = None
    (x0, y1), (x1, y0) = cells[0], cells[-1]
    pad = CELL_IN
    boxes.append(Box(x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad, stroke="#888888",
                     stroke_width=0.5))
    return boxes


def _geometry(page: Scene, body: Body, paper: str) -> ChartGeometry:
    panels = tuple(ChartPanel(p.view, p.projection, tuple(rect), p.window)
                   for p, rect in zip(page.panels, page.layout.panels))
    return ChartGeometry(page.layout.size, panels, body, paper)


def chart_geometry(views: str | Sequence[str] = ("front", "back"), *, body: str | Body = "neutral",
                   paper: str = "A4") -> ChartGeometry:
    """Where the views of ``template(views, body=body, paper=paper)`` sit on its page.

    Examples
    --------
    >>> geo = chart_geometry("back")
    >>> geo.views, round(geo.aspect, 3)
    (('back',), 0.707)
    """
    names = tuple(v.name for v in parse_views(views, argument="views", auto=False))
    return _cached_geometry(names, as_body(body).shape, checks.choice(None, paper, PAPERS, kind="paper"))


@lru_cache(maxsize=16)
def _cached_geometry(views: tuple[str, ...], shape: str, paper: str) -> ChartGeometry:
    return _geometry(chart_scene(list(views), body=shape, paper=paper), as_body(shape), paper)


def template(views: str | Sequence[str] = ("front", "back"), *, body: str | None = None, paper: str = "A4",
             drawing: PainDrawing | None = None, dpi: float = 150.0, chart_id: int = 0):
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
    chart_id : int
        A number from 0 to 1023 printed into the chart's code, to tell forms apart;
        reading the chart gives it back.

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
    chart_id = checks.number("chart_id", chart_id, 0, MAX_ID, integer=True)
    if drawing is not None and not isinstance(drawing, PainDrawing):
        raise ArgumentTypeError("drawing", drawing, "a PainDrawing, or None for a blank chart",
                                problem="not a PainDrawing")
    return PainMap(chart_scene(views, body=body, paper=paper, drawing=drawing, chart_id=chart_id), dpi=dpi)

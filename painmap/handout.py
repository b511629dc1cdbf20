"""Printable patient handouts (one page per call) and booklets (one page per pattern).

A handout page has a title, the views that show the pattern with trigger points
marked and a legend, the muscle's plain-language summary, where its trigger
points are, the user's own notes (self-care steps, exercises) or ruled lines to
write on, a "when to seek medical advice" box the user can replace, and the
sources in small print.  Text wraps to its column and shrinks if it has to;
nothing is cut off.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from .body.camera import View, parse_views
from .compose import cropping
from .compose.options import picture_options
from .compose.picture import Picture, sources_text
from .compose.viewpick import resolve_views
from .core import checks
from .core.errors import ArgumentError, ChoiceError, LimitError
from .core.files import write_atomic
from .core.text import text_width, wrap
from .patterns import GROUPS, Pattern, muscles, resolve
from .patterns.catalog import group_name, muscle_name, pattern_request
from .press import TriggerPointSite, trigger_points
from .scene.elements import (
    LEGEND_ROW_IN,
    PANEL_LABEL_IN,
    Box,
    Layout,
    Scene,
    TextBlock,
    legend_rows,
    place_legend,
)

Paper = Literal["A4", "Letter"]
PAPERS: dict[str, tuple[float, float]] = {"A4": (8.27, 11.69), "Letter": (8.5, 11.0)}

DEFAULT_ADVICE = (
    "See a doctor or physiotherapist if the pain lasts more than a few weeks or keeps getting worse, "
    "if it is severe or stops you from sleeping or doing everyday things, if you feel numbness, "
    "tingling or weakness, or if you find it hard to walk. Get help at once if the pain follows a "
    "fall or injury, comes with fever or feeling unwell, or with any change in bladder or bowel control."
)
MARGIN = 0.6
COLUMN_GAP = 0.3
TITLE_PT = 20.0
HEADING_PT = 11.0
SOURCE_PT = 6.5
BODY_PT = (10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5)
FIGURE_SHARE = (0.46, 0.42, 0.38, 0.34, 0.3, 0.26)
LARGE_FIGURE_PT = 8.5
"""Body text may shrink to this size to keep a large figure (see :func:`_sizes`)."""
NOTE_RULES = (4, 2)
"""Ruled lines to write notes on: as many as fit, fewer before a smaller figure or smaller print."""
COLUMN_SPLITS = (("about", "find"), ("about", "find", "notes"), ("about", "find", "care"), ("about",),
                 ("about", "find", "care", "notes"))
"""The sections a page may put in its left column (the rest go right, each in reading order); of
those that fit, the page takes the one whose columns end most nearly together."""
DETAIL = ("full", "care", "brief", "short")
"""How much a handout says, tried in turn: "full" (directions to each point, all the self-care),
"care" (the directions, the first sentence of the pressure advice, one stretch and the caution),
"brief" (also only the points' labels) or "short" (also the first sentence of each summary, one
muscle's pressure advice and caution)."""
GREY = "#555555"
BOX_FILL = "#f3f4f6"


def handout(
    patterns: str | Pattern | Sequence[str | Pattern],
    path: str | os.PathLike,
    *,
    paper: Paper = "A4",
    side: str = "right",
    body: str = "neutral",
    style: str = "shaded",
    heat: str = "glow",
    view: str | View | Sequence[str | View] = "auto",
    title: str | None = None,
    notes: str | None = None,
    advice: str | None = None,
    muscle: bool = True,
    landmarks: bool = False,
    dpi: float = 200,
) -> Path:
    """Write a one-page handout for one or more patterns.

    Parameters
    ----------
    patterns : name, Pattern or list of them
        What the handout is about (a muscle with several parts gives all of them).
    path : path
        Output file; PDF, SVG or PNG by extension.
    paper : {"A4", "Letter"}
    side, body, style, heat, view
        As for :func:`painmap.draw`.
    title : str, optional
        Defaults to the muscle's name.
    notes : str, optional
        Your own text, e.g. self-care steps or exercises; blank lines separate
        paragraphs.  Without notes the page has ruled lines to write on.
    advice : str, optional
        Replaces the default "when to seek medical advice" text.
    muscle : bool
        Draw the muscle under the skin, where to press (as :func:`painmap.draw` does); on by
        default.
    landmarks : bool
        Mark and name the bony landmarks that locate the muscle.
    dpi : float
        Resolution of PNG output.

    Returns
    -------
    Path
        The file written (whole, or not at all).

    Examples
    --------
    >>> import painmap as pm, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "gm.pdf"
    >>> pm.handout("gluteus medius", out).read_bytes()[:4]
    b'%PDF'
    """
    path, fmt = checks.output(path)
    dpi = checks.dpi(dpi)
    patterns, view = pattern_request(patterns), parse_views(view)
    opts = picture_options(side=side, body=body, style=style, heat=heat)
    paper = checks.choice("paper", paper, PAPERS)
    title, notes, advice = (checks.text(name, value) for name, value in
                            (("title", title), ("notes", notes), ("advice", advice)))
    muscle, landmarks = checks.flag("muscle", muscle), checks.flag("landmarks", landmarks)
    if fmt == "png":
        checks.pixels(PAPERS[paper], dpi)
    scene = handout_scene(patterns, paper=paper, view=view, title=title, notes=notes, advice=advice,
                          muscle=muscle, landmarks=landmarks, **opts)
    return write_atomic(path, _render(scene, fmt, dpi))


def handout_scene(
    patterns,
    *,
    paper: str = "A4",
    side: str = "right",
    body: str = "neutral",
    style: str = "shaded",
    heat: str = "glow",
    view: str | View | Sequence[str | View] = "auto",
    title: str | None = None,
    notes: str | None = None,
    advice: str | None = None,
    muscle: bool = True,
    landmarks: bool = False,
    page: int | None = None,
) -> Scene:
    """The :class:`~painmap.scene.elements.Scene` of a handout page (what :func:`handout` draws)."""
    size = PAPERS[checks.choice(None, paper, PAPERS, kind="paper")]
    picture = Picture(patterns, side=side, body=body, heat_style=heat, colors=None, muscle=muscle,
                      landmarks=landmarks)
    if not picture.found:
        raise ArgumentError("patterns", patterns, "at least one referral pattern", problem="no pattern",
                            closest="gluteus medius")
    views = resolve_views(parse_views(view), picture.surface.values, picture.surface.body.shape,
                          picture.trigger_points)
    panels = cropping.crop([picture.panel(v, style, label=True) for v in views])
    legend = picture.legend(True)
    asked = patterns[0] if isinstance(patterns, (list, tuple)) and len(patterns) == 1 else patterns
    sites = trigger_points(picture.found, side="left" if side == "left" else "right")
    contents: dict[str, _Content] = {}
    for detail, share, size_pt in _sizes():
        if detail not in contents:
            contents[detail] = _Content(picture.found, sites, side, title or group_name(asked), notes, advice,
                                        detail=detail)
        for rules in NOTE_RULES:
            placed = [_place(size, panels, legend, contents[detail], share, size_pt, page, left, rules)
                      for left in COLUMN_SPLITS]
            fits = [p for p in placed if p is not None]
            if fits:  # the columns that end most nearly together: no block of white under one
                return max(fits, key=lambda p: p[1])[0]
    if not (notes or advice):
        raise LimitError("patterns", patterns, "few enough patterns for one page: at most about four; "
                         "booklet() gives each muscle a page of its own",
                         problem=f"too many for one page ({len(picture.found)} patterns: their texts do not "
                                 "fit even in small print)")
    longest = max((("notes", notes), ("advice", advice)), key=lambda t: len(t[1] or ""))
    raise LimitError(longest[0], longest[1], "notes and advice short enough to fit on the page",
                     problem="too long: the handout's text does not fit on one page even in small print")


def _sizes() -> list[tuple[str, float, float]]:
    """How much the page says, the figure's share of the page and the body text's size, tried in
    turn: first the two fuller texts (:data:`DETAIL`) with a large figure and text from 10 down to
    8.5 pt (the picture is what a patient looks at, and small print is hard to read); then every
    text from the fullest, readable text before a smaller figure, then smaller print.

    Examples
    --------
    >>> _sizes()[:2], _sizes()[-1]
    ([('full', 0.46, 10.0), ('full', 0.46, 9.5)], ('short', 0.26, 6.5))
    """
    first = [(detail, share, pt) for detail in DETAIL[:2] for share in FIGURE_SHARE[:4] for pt in BODY_PT
             if pt >= LARGE_FIGURE_PT]
    rest = [(detail, share, pt) for detail in DETAIL for pt in BODY_PT for share in FIGURE_SHARE]
    return first + [s for s in rest if s not in first]


class _Content:
    """The words of a handout page."""

    def __init__(self, found: list[Pattern], sites: list[TriggerPointSite], side: str, title, notes,
                 advice, *, detail: str = "full") -> None:
        groups = {p.muscle for p in found}
        name = (muscle_name(found[0].muscle) if len(groups) == 1 and len(found) > 1
                else " and ".join(p.name for p in found) if len(found) <= 2
                else ", ".join(p.name for p in found))
        self.title = title or name
        self.about_heading = "About this muscle" if len(groups) == 1 else "About these muscles"
        self.subtitle = (f"Where its trigger points send pain (shown on the {side} side)"
                         if side != "both" else "Where its trigger points send pain (both sides)")
        # Several muscles share the page: each gets the opening sentence of its summary.
        whole = len(groups) <= 2 and detail != "short"
        self.about = "\n\n".join(p.summary if len(found) == 1 else
                                  f"{p.name}: {p.summary if whole else _first_sentence(p.summary)}"
                                  for p in found)
        # Numbered as on the picture, each with directions to find it.
        named = len(found) > 1
        directions = detail in ("full", "care")
        self.trigger_points = [f"{site.number}. {site.label}" + (f" ({site.pattern.name})." if named else ".")
                               + (f" {site.directions}" if directions else "") for site in sites]
        self.self_care = _self_care(found if detail != "short" else found[:1],
                                    brief=len(groups) > 1 or detail != "full")
        self.notes = notes
        self.advice = advice or DEFAULT_ADVICE
        self.sources = sources_text(found, brief=len(groups) > 2)
        cited = [s for p in found if p.self_care for s in p.self_care.sources]
        if cited and len(groups) <= 2:
            seen = {s.text for p in found for s in p.sources}
            extra = "; ".join(s.text + (f" <{s.url}>" if s.url else "") for s in cited if s.text not in seen)
            if extra:
                self.sources = f"{self.sources[:-1]}; self-care: {extra}."


def _self_care(found: list[Pattern], *, brief: bool) -> list[str]:
    """The "What you can do" bullets: pressure, stretches, a habit and when not to (one muscle's in
    full; for several, each one's pressure and the first one's stretch and caution)."""
    cares = [(p, p.self_care) for p in found if p.self_care is not None]
    if not cares:
        return []
    first = cares[0][1]
    if not brief:
        return [f"Pressure: {c.pressure}" if len(cares) == 1 else f"Pressure ({p.name}): {c.pressure}"
                for p, c in cares[:2]] + [f"Stretch: {s}" for s in first.stretches] + [
            f"Habit: {first.habit}", f"Take care: {first.caution}"]
    return [("Pressure: " if len(cares) == 1 else f"Pressure ({p.name}): ") + _first_sentence(c.pressure)
            for p, c in cares] + [
        f"Stretch: {first.stretches[0]}", f"Take care: {first.caution}"]


def _first_sentence(text: str) -> str:
    """The first sentence of a summary.

    Examples
    --------
    >>> _first_sentence("A deep muscle. It turns the hip.")
    'A deep muscle.'
    """
    head, dot, _ = text.strip().partition(". ")
    return head + "." if dot else text.strip()


def _place(size, panels, legend, content: _Content, share: float, pt: float, page: int | None,
           left: tuple[str, ...], rules: int = NOTE_RULES[0]) -> tuple[Scene, float] | None:
    """Lay the page out with the figure taking `share` of the height and body text at `pt`.

    The sections named in `left` (of ``about``, ``find``, ``care``, ``notes``, ``advice``) go in
    the left column, the others in the right one, each in that order.  Returns the scene and
    the room left under the fuller column (inches), or None when the text does not fit.
    """
    width, height = size
    inner = width - 2 * MARGIN
    blocks: list[TextBlock] = []
    boxes: list[Box] = []
    top = height - MARGIN
    title_lines = tuple(wrap(content.title, inner, TITLE_PT, bold=True))
    blocks.append(TextBlock(MARGIN, top, title_lines, TITLE_PT, bold=True, spacing=1.15))
    top -= blocks[-1].height + 0.04
    blocks.append(TextBlock(MARGIN, top, tuple(wrap(content.subtitle, inner, 10.5)), 10.5, color=GREY))
    top -= blocks[-1].height + 0.12

    source_lines = tuple(wrap(content.sources, inner, SOURCE_PT))
    footer = MARGIN + len(source_lines) * SOURCE_PT * 1.3 / 72
    if page is not None:
        footer += 0.2
        blocks.append(TextBlock(width - MARGIN - 0.3, MARGIN + 0.16, (str(page),), 8.0, color=GREY))
    blocks.append(TextBlock(MARGIN, footer, source_lines, SOURCE_PT, color=GREY))
    boxes.append(_rule(MARGIN, footer + 0.08, inner, "#bbbbbb"))

    figure_h = share * height
    rows = legend_rows(legend, inner)
    legend_h = 0.45 + LEGEND_ROW_IN * (len(rows) - 1)
    fig_bottom = top - figure_h
    label_h = PANEL_LABEL_IN if any(p.label for p in panels) else 0.0
    figure_box = (MARGIN, fig_bottom + legend_h + label_h, inner, figure_h - legend_h - label_h)
    rects = _fit_panels([(u1 - u0, v1 - v0) for u0, u1, v0, v1 in (p.window for p in panels)], figure_box)
    legend_items = place_legend(legend, width, fig_bottom, rows=rows)

    column = (inner - COLUMN_GAP) / 2
    text_top = fig_bottom - 0.15
    text_bottom = footer + 0.25
    items = {"about": _section(content.about_heading, content.about, None),
             "find": _section("How to find the trigger points", None, content.trigger_points),
             "care": _section("What you can do", None, content.self_care) if content.self_care else None,
             "notes": _section("Notes", content.notes, None) if content.notes else _ruled("Notes", rules),
             "advice": _advice(content.advice)}
    items = {name: item for name, item in items.items() if item is not None}
    room = []
    for x, names in ((MARGIN, left), (MARGIN + column + COLUMN_GAP, [n for n in items if n not in left])):
        top = text_top
        for name in (n for n in names if n in items):
            item_blocks, item_boxes, top = items[name](x, top, column, pt)
            blocks += item_blocks
            boxes += item_boxes
        if top < text_bottom:
            return None
        room.append(top - text_bottom)

    layout = Layout(size=(width, height), panels=rects, legend=legend_items)
    return Scene(panels=list(panels), layout=layout, paper="#ffffff", ink="#1e1e1e", title=content.title,
                 description=f"Patient handout: {content.title}. {content.subtitle}.",
                 blocks=blocks, boxes=boxes), min(room)


def _section(heading: str, text: str | None, bullets: list[str] | None):
    """A page section: heading, paragraphs and bullets, drawn at (x, top) in a column."""
    def build(x, top, width, pt):
        blocks, bottom = _column(x, top, width, pt, [(heading, text, bullets)])
        return blocks, [], bottom
    return build


def _ruled(heading: str, count: int):
    """A heading over ruled lines to write on."""
    def build(x, top, width, pt):
        blocks, bottom = _column(x, top, width, pt, [(heading, None, None)])
        rules = [_rule(x, bottom - (i + 1) * 0.3, width, "#c8c8c8") for i in range(count)]
        return blocks, rules, bottom - count * 0.3 - 0.1
    return build


def _advice(text: str):
    """The framed "when to seek medical advice" note."""
    def build(x, top, width, pt):
        inner_top = top - 0.25
        sections = [("When to seek medical advice", text, None)]
        blocks, bottom = _column(x + 0.12, inner_top, width - 0.24, pt, sections)
        box_bottom = bottom - 0.06
        box = Box(x, box_bottom, width, top - 0.1 - box_bottom, fill=BOX_FILL, stroke="#9aa0a6",
                  stroke_width=0.7)
        return blocks, [box], box_bottom
    return build


def _rule(x: float, y: float, width: float, color: str) -> Box:
    """A thin horizontal line (a very flat filled box, which every renderer draws)."""
    return Box(x, y - 0.0035, width, 0.007, fill=color)


def _gap(block: TextBlock) -> float:
    """Space after a block: more after paragraphs than after headings."""
    return 0.05 if block.bold else 0.14


def _column(x: float, top: float, width: float, pt: float, sections) -> tuple[list[TextBlock], float]:
    """Text blocks of a column, (heading, paragraph text, bullet list) per section, and its bottom."""
    blocks = []
    for heading, text, bullets in sections:
        blocks.append(TextBlock(x, top, tuple(wrap(heading, width, HEADING_PT * pt / 10, bold=True)),
                                HEADING_PT * pt / 10, bold=True))
        top -= blocks[-1].height + _gap(blocks[-1])
        if text:
            lines: list[str] = []
            for para in [p for p in text.strip().split("\n\n") if p.strip()]:
                lines += wrap(" ".join(para.split()), width, pt) + [""]
            blocks.append(TextBlock(x, top, tuple(lines[:-1]), pt))
            top -= blocks[-1].height + _gap(blocks[-1])
        for item in bullets or []:
            lines = wrap(item, width - 0.18, pt)
            blocks.append(TextBlock(x, top, ("\u2022",), pt))
            blocks.append(TextBlock(x + 0.16, top, tuple(lines), pt))
            top -= blocks[-1].height + 0.05
        if bullets:
            top -= 0.09
    return blocks, top


def _fit_panels(windows: list[tuple[float, float]], box) -> list[tuple[float, float, float, float]]:
    """Panels side by side at one scale (their windows in centimetres), as large as fits in `box`
    (x, y, w, h), centred; a shorter panel stands on the bottom of the row.

    Examples
    --------
    >>> [tuple(round(c, 2) for c in r) for r in _fit_panels([(10.0, 20.0), (10.0, 10.0)], (0, 0, 4.25, 2))]
    [(1.0, 0.0, 1.0, 2.0), (2.25, 0.0, 1.0, 1.0)]
    """
    x, y, w, h = box
    gap = 0.25
    total_w, top_h = sum(wh[0] for wh in windows), max(wh[1] for wh in windows)
    scale = min(h / top_h, (w - gap * (len(windows) - 1)) / total_w)
    used = total_w * scale + gap * (len(windows) - 1)
    left = x + (w - used) / 2
    bottom = y + (h - scale * top_h) / 2
    rects = []
    for width, height in windows:
        rects.append((left, bottom, width * scale, height * scale))
        left += width * scale + gap
    return rects


def _render(scene: Scene, fmt: str, dpi: float) -> bytes | str:
    if fmt == "svg":
        from .render.svg import scene_to_svg

        return scene_to_svg(scene)
    if fmt == "png":
        from .render.backends import scene_png

        return scene_png(scene, dpi)
    from .render.mpl import draw_scene, figure_bytes

    return figure_bytes(draw_scene(scene), fmt, dpi)


def booklet(
    patterns: str | Pattern | Sequence[str | Pattern] | None,
    path: str | os.PathLike,
    *,
    group: str | None = None,
    paper: Paper = "A4",
    title: str = "Trigger point referral patterns",
    **options,
) -> Path:
    """Write a multi-page PDF: a contents page by body area, then one handout page per pattern.

    Parameters
    ----------
    patterns : names, or None
        The patterns; None (with `group`, or alone for the whole catalog) takes
        them from the catalog.
    path : path
        A ``.pdf`` file.
    group : str, optional
        A body area ("hip", "neck", ...) when `patterns` is None.
    options
        Passed to each page as for :func:`handout` (side, body, style, heat, view, notes, advice,
        muscle, landmarks).

    Examples
    --------
    >>> import painmap as pm, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "hip.pdf"
    >>> pm.booklet(["gluteus medius", "piriformis"], out).read_bytes()[:4]
    b'%PDF'
    """
    path, _ = checks.output(path, formats=("pdf",))
    paper = checks.choice("paper", paper, PAPERS)
    title = checks.text("title", title)
    if patterns is not None:
        patterns = pattern_request(patterns)
    if group is not None:
        group = checks.choice("group", group, GROUPS)
    options = _page_options(options)
    found = resolve(patterns) if patterns is not None else muscles(group=group)
    if not found:
        raise ArgumentError("patterns", patterns, "some patterns, or a group such as 'hip'",
                            problem="no pattern", closest="hip")
    order = sorted(found, key=lambda p: (GROUPS.index(p.group), p.name))
    pages = [_contents(order, title, paper)]
    pages += [handout_scene(p, paper=paper, page=i + 2, **options) for i, p in enumerate(order)]

    from matplotlib.backends.backend_pdf import PdfPages

    from .render.mpl import draw_scene, embedded_fonts

    buf = io.BytesIO()
    with embedded_fonts(), PdfPages(buf, metadata={"Creator": None, "Producer": None,
                                                     "CreationDate": None}) as pdf:
        for scene in pages:
            pdf.savefig(draw_scene(scene))
    return write_atomic(path, buf.getvalue())


PAGE_OPTIONS = ("side", "body", "style", "heat", "view", "notes", "advice", "muscle", "landmarks")


def _page_options(options: dict) -> dict:
    """Check the options a booklet passes to each page (see :func:`handout`)."""
    for name in options:
        if name not in PAGE_OPTIONS:
            raise ChoiceError("booklet option", name, PAGE_OPTIONS, argument="options")
    picture = picture_options(side=options.get("side", "right"), body=options.get("body", "neutral"),
                              style=options.get("style", "shaded"), heat=options.get("heat", "glow"))
    out = {**options, **picture}
    if "view" in options:
        out["view"] = parse_views(options["view"])
    for name in ("notes", "advice"):
        if name in options:
            out[name] = checks.text(name, options[name])
    for name in ("muscle", "landmarks"):
        if name in options:
            out[name] = checks.flag(name, options[name])
    return out


def _contents(order: list[Pattern], title: str, paper: str) -> Scene:
    """The contents page: patterns by body area with their page numbers."""
    width, height = PAPERS[checks.choice(None, paper, PAPERS, kind="paper")]
    blocks = [TextBlock(MARGIN, height - MARGIN, tuple(wrap(title, width - 2 * MARGIN, TITLE_PT, bold=True)),
                        TITLE_PT, bold=True, spacing=1.15)]
    top = height - MARGIN - blocks[0].height - 0.3
    rows = [(p.group, p.name, i + 2) for i, p in enumerate(order)]
    size = 10.0
    columns = 1 if len(rows) + len({g for g, _, _ in rows}) * 2 < 45 else 2
    col_w = (width - 2 * MARGIN - COLUMN_GAP * (columns - 1)) / columns
    while True:
        line = size * 1.35 / 72
        per_col = int((top - MARGIN) / line)
        needed = len(rows) + 2 * len({g for g, _, _ in rows})
        if needed <= per_col * columns or size <= 6:
            break
        size -= 0.5
    x, y, col = MARGIN, top, 0
    group = None
    for g, name, page in rows:
        heading = g != group
        if y - (3 if heading else 1) * line < MARGIN:
            col += 1
            x, y = MARGIN + col * (col_w + COLUMN_GAP), top
        if heading:
            group = g
            y -= line * 0.5 if y < top else 0
            blocks.append(TextBlock(x, y, (g.replace("_", " ").capitalize(),), size, bold=True))
            y -= line
        number = str(page)
        free = col_w - text_width(name, size) - text_width(number, size) - 0.3
        dots = max(2, int(free / text_width(".", size)))
        blocks.append(TextBlock(x + 0.15, y, (f"{name} {'.' * dots} {number}",), size))
        y -= line
    return Scene(panels=[], layout=Layout(size=(width, height), panels=[]), paper="#ffffff", ink="#1e1e1e",
                 title=title, description=f"Contents: {len(rows)} referral patterns by body area.",
                 blocks=blocks)

"""Writing a :class:`~painmap.scene.elements.Scene` as real vector SVG.

Everything is a vector element: the silhouette and lines are paths, shading is a
few nested bands softened by a blur filter, the glow is nested bands of the same
heat field the PNG shows (colour bands under a luminance mask of alpha bands, so
neighbouring bands join without seams), stipple is dots, markers and text are SVG
elements.  Nothing is embedded as a bitmap.  The elements are written by
:mod:`painmap.render.svgdoc`, which escapes every text and attribute value.

The page's user unit is the point (1/72 inch).  Inside each panel the user unit
is 0.01 cm of the picture plane (a ``matrix`` transform maps it onto the page),
so path data are short integers.  Top-level groups: ``body``, ``heat``,
``outline``, ``trigger-points``, ``labels``, ``legend``.  The same scene gives the
same bytes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import weakref
from collections import OrderedDict
from functools import lru_cache

import numpy as np

from ..body.image import hot_part, nested_regions, ring_spans, trace_regions
from ..body.projection import Projection
from ..core.cache import cached, source_digest
from ..scene.elements import (
    CALLOUT_PT,
    LEGEND_DOT_IN,
    Box,
    FieldLayer,
    LegendItem,
    OutlineLayer,
    Panel,
    Scene,
    TextBlock,
    TintLayer,
    ZoneLayer,
)
from ..scene.style import DOT, FRAME, LANDMARK, LEADER, MARKER, BodyLook, rgb_to_hex
from .base import SceneRenderer, Text, outline_polygons
from .fonts import dejavu, families
from .ramp import ramp_rgba
from .svgdoc import Element, svg_root

PT = 72.0
UNIT = 100  # panel user units per centimetre
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
SHADING_LEVELS = np.linspace(0.30, 0.98, 18)
SIMPLIFY_CM = 0.03  # points closer than this to the chord of their neighbours are dropped
GROUPS = ("body", "heat", "outline", "trigger-points", "labels", "legend")
BANDS_KEPT = 64
"""How many heat fields' band path data :func:`_field_bands` keeps (the most recently drawn)."""


def scene_to_svg(scene: Scene) -> str:
    """Return the scene as an SVG document (a string)."""
    return SvgRenderer().render(scene)


def _rect(x, y, width, height, **attrs) -> Element:
    return Element("rect", x=x, y=y, width=width, height=height, **attrs)


def _text(text: str, x: str, y: str, **attrs) -> Element:
    return Element("text", text, x=x, y=y, font_family=_font(text), **attrs)


def _font(text: str) -> str:
    """The font-family list for `text`: DejaVu Sans and its stand-ins, with installed fonts that have
    characters DejaVu lacks (Chinese, Japanese, ...) before the generic family."""
    if text.isascii():
        return FONT
    extra = [f"'{name}'" for name in families(text, dejavu())[1:]]
    return ", ".join([*FONT.split(", ")[:-1], *extra, "sans-serif"]) if extra else FONT


DY = {"top": "0.8em", "center": "0.35em"}
"""How far SVG text moves down from its anchor to align as matplotlib's ``va`` says."""
ANCHOR = {"left": "start", "center": "middle", "right": "end"}


class SvgRenderer(SceneRenderer):
    """Writes a scene as an SVG document: panels into the shared top-level groups, furniture after."""

    def begin(self, scene: Scene) -> None:
        width, height = scene.layout.size
        self.height = height
        self.svg = svg_root(f"{_num(width)}in", f"{_num(height)}in",
                            f"0,0,{_num(width * PT)},{_num(height * PT)}")
        self.svg.add(Element("title", scene.title or "painmap figure"))
        if scene.description:
            self.svg.add(Element("desc", scene.description))
        self.defs = self.svg.add(Element("defs"))
        if scene.paper:
            self.svg.add(_rect(0, 0, "100%", "100%", fill=scene.paper, id="paper"))
        self.groups = {name: Element("g", id=name) for name in GROUPS}
        self.furniture: Element | None = None  # the "text" group of boxes and text blocks
        self.tail: list[Element] = []  # title and caption, last
        self.keys: dict[int, str] = {}  # each panel's part of the ids: its view, numbered when repeated

    def finish(self) -> str:
        for g in self.groups.values():
            if g.children:
                self.svg.add(g)
        if self.furniture is not None:
            self.svg.add(self.furniture)
        for element in self.tail:
            self.svg.add(element)
        return self.svg.tostring()

    def page_xy(self, at) -> tuple[str, str]:
        """A page point (inches from the lower left) in SVG units (points from the top left)."""
        return _num(at[0] * PT), _num((self.height - at[1]) * PT)

    def panel(self, panel: Panel, rect) -> None:
        self.writer = _PanelWriter(self, panel, rect)  # its scale, for the layers' stroke widths
        self.writer.draw()

    def panel_key(self, panel: Panel) -> str:
        """The panel's part of the SVG ids: its view's name, with ``-2``, ``-3`` ... when a scene shows a
        view more than once (a comparison of groups), so that no two panels share an id."""
        if id(panel) not in self.keys:
            used = set(self.keys.values())
            key, n = panel.view, 1
            while key in used:
                n += 1
                key = f"{panel.view}-{n}"
            self.keys[id(panel)] = key
        return self.keys[id(panel)]

    def field_layer(self, panel: Panel, layer: FieldLayer, index: int) -> Element:
        u, v = panel.projection.grid
        name = f"{self.panel_key(panel)}-{index}"
        levels = tuple(np.asarray(layer.levels, dtype=float).tolist())
        bands = _field_bands(u, v, layer.field, levels)
        mask = self.defs.add(Element("mask", id=f"alpha-{name}", style="mask-type:luminance",
                                     color_interpolation="sRGB"))
        colors = Element("g", mask=f"url(#alpha-{name})", id=f"glow-{name}", class_="glow")
        for d, (color, grey) in zip(bands, _cached(_band_fills, levels, layer.stops)):
            if d:
                mask.add(Element("path", d=d, fill=grey))
                colors.add(Element("path", d=d, fill=color))
        return colors

    def zone_layer(self, panel: Panel, layer: ZoneLayer, index: int) -> Element:
        u, v = panel.projection.grid
        zone = Element("g", id=f"zones-{self.panel_key(panel)}-{index}", fill=layer.color)
        solid = _field_bands(u, v, layer.field, [layer.solid_from])[0]
        if solid:
            zone.add(Element("path", d=solid, class_="essential"))
        if len(layer.dots):
            zone.add(Element("path", d=_dots_d(layer.dots, layer.dot_radius), class_="spillover"))
        return zone

    def tint_layer(self, panel: Panel, layer: TintLayer, index: int) -> Element:
        u, v = panel.projection.grid
        d = _field_bands(u, v, layer.field, [0.5])[0]
        return Element("path", d=d, fill=layer.color, fill_opacity=_num(layer.alpha),
                       id=f"tint-{self.panel_key(panel)}-{index}")

    def outline_layer(self, panel: Panel, layer: OutlineLayer, index: int) -> Element:
        d = _rings_d(outline_polygons(panel, layer))
        g = Element("g", class_="muscle", id=f"{layer.name or 'outline'}-{self.panel_key(panel)}-{index}")
        if layer.fill_alpha > 0:
            g.add(Element("path", d=d, fill=layer.color, fill_opacity=_num(layer.fill_alpha, 3)))
        if layer.width > 0:
            width = self.writer.width
            dashes = {"stroke_dasharray": " ".join(width(x) for x in layer.dashes)} if layer.dashes else {}
            g.add(Element("path", d=d, fill="none", stroke=layer.color, stroke_width=width(layer.width),
                          stroke_linejoin="round", stroke_linecap="round", **dashes))
        return g

    def text(self, text: Text) -> None:
        x, y = self.page_xy(text.at)
        if text.role == "title":
            self.tail.append(Element("text", text.text, x=x, y=y, id="title", text_anchor=ANCHOR[text.ha],
                                     font_family=_font(text.text), font_size=_num(text.size),
                                     font_weight="bold", fill=text.color))
        elif text.role == "caption":
            caption = Element("text", x=x, y=y, id="caption", font_family=_font(text.text),
                              font_size=_num(text.size),
                              fill=text.color)
            for i, line in enumerate(text.text.split("\n")):
                caption.add(Element("tspan", line, x=x, dy=f"{_num(text.spacing)}em" if i else "0.9em"))
            self.tail.append(caption)
        elif text.role == "number":
            self.groups["trigger-points"].add(_text(text.text, x, y, class_="trigger-point-number",
                                                    font_size=_num(text.size), font_weight="bold",
                                                    fill=text.color, stroke=MARKER["halo"],
                                                    stroke_width=_num(2 * text.halo), paint_order="stroke"))
        elif text.role == "landmark":
            self.groups["labels"].add(_text(text.text, x, y, class_="landmark-label", dy=DY[text.va],
                                            text_anchor=ANCHOR[text.ha], font_size=_num(text.size),
                                            fill=text.color, stroke=MARKER["halo"],
                                            stroke_width=_num(2 * text.halo), paint_order="stroke"))
        else:
            group = self.groups["labels" if text.role == "label" else "legend"]  # legend and ramp
            anchor = {} if text.role == "legend" else {"text_anchor": ANCHOR[text.ha]}  # legend: start
            group.add(_text(text.text, x, y, dy=DY[text.va], **anchor, font_size=_num(text.size),
                            fill=text.color))

    def _furniture(self) -> Element:
        if self.furniture is None:
            self.furniture = Element("g", id="text")
        return self.furniture

    def box(self, box: Box) -> None:
        self._furniture().add(_rect(_num(box.x * PT), _num((self.height - box.y - box.height) * PT),
                                    _num(box.width * PT), _num(box.height * PT), fill=box.fill or "none",
                                    stroke=box.stroke or "none", stroke_width=_num(box.stroke_width)))

    def block(self, block: TextBlock) -> None:
        weight = "bold" if block.bold else "normal"
        el = self._furniture().add(Element("text", font_family=_font("".join(block.lines)),
                                           font_size=_num(block.size),
                                           fill=block.color or self.scene.ink, font_weight=weight))
        for line, y in zip(block.lines, block.baselines()):
            el.add(Element("tspan", line, x=_num(block.x * PT), y=_num((self.height - y) * PT)))

    def _swatch(self, item: LegendItem) -> dict[str, str]:
        x, y, w, h = item.swatch
        return dict(x=_num(x * PT), y=_num((self.height - y - h) * PT), width=_num(w * PT),
                    height=_num(h * PT))

    def legend_ramp(self, item: LegendItem) -> None:
        group = self.groups["legend"]
        gid = f"legend-ramp-{len(group.children)}"
        grad = self.defs.add(Element("linearGradient", id=gid, x1=0, y1=0, x2=1, y2=0))
        for offset, color, opacity in _cached(_gradient_stops, item.entry.stops):
            grad.add(Element("stop", offset=offset, stop_color=color, stop_opacity=opacity))
        group.add(Element("rect", fill=self.scene.swatch_base, **self._swatch(item)))
        group.add(Element("rect", fill=f"url(#{gid})", stroke=FRAME["color"], stroke_width=FRAME["width"],
                          **self._swatch(item)))

    def legend_swatch(self, item: LegendItem, fill: str) -> None:
        self.groups["legend"].add(Element("rect", fill=fill, stroke=FRAME["color"],
                                          stroke_width=FRAME["width"], **self._swatch(item)))

    def legend_dots(self, item: LegendItem, centres: np.ndarray, color: str) -> None:
        page = np.c_[centres[:, 0] * PT, (self.height - centres[:, 1]) * PT]
        self.groups["legend"].add(Element("path", d=_dots_d(page, LEGEND_DOT_IN * PT, scale=1), fill=color))

    def legend_mark(self, item: LegendItem, at: tuple[float, float]) -> None:
        self.groups["legend"].add(_x_mark(at[0] * PT, (self.height - at[1]) * PT, MARKER["size"] / 2))

    def legend_outline(self, item: LegendItem) -> None:
        entry = item.entry
        dashes = {"stroke_dasharray": " ".join(_num(x) for x in entry.dashes)} if entry.dashes else {}
        self.groups["legend"].add(Element("rect", fill=entry.color, fill_opacity="0.16", stroke=entry.color,
                                          stroke_width="1", **dashes, **self._swatch(item)))

    def legend_landmark(self, item: LegendItem, at: tuple[float, float]) -> None:
        self.groups["legend"].add(_landmark(at[0] * PT, (self.height - at[1]) * PT))


class _PanelWriter:
    """Writes one panel's elements into the renderer's top-level groups (and its definitions into `defs`)."""

    def __init__(self, renderer: SvgRenderer, panel: Panel, rect) -> None:
        self.renderer, self.defs, self.panel, self.groups = renderer, renderer.defs, panel, renderer.groups
        self.ink, self.rect, self.page_height = renderer.scene.ink, rect, renderer.height
        left, bottom, w, _ = rect
        u0, u1, v0, _ = panel.window
        self.scale = w / (u1 - u0) * PT  # points per centimetre
        self.x0 = left * PT - u0 * self.scale
        self.y0 = (self.page_height - bottom) * PT + v0 * self.scale
        k = self.scale / UNIT
        self.transform = f"matrix({_num(k, 5)} 0 0 {_num(-k, 5)} {_num(self.x0)} {_num(self.y0)})"
        self.key = renderer.panel_key(panel)
        self.geometry = _body_geometry(panel.projection, panel.look)

    def group(self, **attrs) -> Element:
        """A group in panel units (0.01 cm, y up)."""
        return Element("g", transform=self.transform, **attrs)

    def width(self, points: float) -> str:
        """A stroke width given in points, in panel units."""
        return _num(points / self.scale * UNIT, 3)

    def page_xy(self, uv) -> tuple[str, str]:
        return _num(self.x0 + uv[0] * self.scale), _num(self.y0 - uv[1] * self.scale)

    def draw(self) -> None:
        defs, panel, look, geo = self.defs, self.panel, self.panel.look, self.geometry
        clip_id = f"clip-{self.key}"
        defs.add(Element("clipPath", id=clip_id)).add(Element("path", d=geo["outline"]))
        left, bottom, w, h = self.rect
        defs.add(Element("clipPath", id=f"window-{self.key}")).add(
            _rect(_num(left * PT), _num((self.page_height - bottom - h) * PT), _num(w * PT), _num(h * PT)))
        body = self.group(id=f"body-{self.key}")
        body.add(Element("path", d=geo["outline"], fill=look.fill))
        if geo["shading"]:
            blur_id = f"soften-{self.key}"
            blur = defs.add(Element("filter", id=blur_id, x="-5%", y="-5%", width="110%", height="110%"))
            blur.add(Element("feGaussianBlur", in_="SourceGraphic",
                             stdDeviation=_num(2.0 * panel.projection.pixel * UNIT)))
            bands = Element("g", filter=f"url(#{blur_id})")
            for d, color in geo["shading"]:
                bands.add(Element("path", d=d, fill=color))
            body.add(Element("g", clip_path=f"url(#{clip_id})", id=f"shading-{self.key}")).add(bands)
        self._add("body", body)
        if panel.layers:
            heat = self.group(id=f"heat-{self.key}", clip_path=f"url(#{clip_id})")
            for i, layer in enumerate(panel.layers):
                heat.add(self.renderer.layer(panel, layer, i))
            self._add("heat", heat)
        lines = self.group(id=f"outline-{self.key}", fill="none", stroke_linecap="round",
                           stroke_linejoin="round")
        for key, color, width in (("features", look.feature_color, look.feature_width),
                                  ("guides", look.guide_color, look.guide_width)):
            d = geo[key] if key == "features" else _lines_d(panel.guides)
            if d and width > 0:
                lines.add(Element("path", d=d, stroke=color, stroke_width=self.width(width),
                                  clip_path=f"url(#{clip_id})"))
        lines.add(Element("path", d=geo["outline"], stroke=look.outline_color,
                          stroke_width=self.width(look.outline_width)))
        self._add("outline", lines)
        self._markers()
        self._callouts()

    def _add(self, group: str, element: Element) -> None:
        """Add a panel element to a top-level group, clipped to the panel's rectangle."""
        self.groups[group].add(Element("g", clip_path=f"url(#window-{self.key})")).add(element)

    def _markers(self) -> None:
        r = MARKER["size"] / 2
        for m in self.panel.markers:
            x, y = (float(c) for c in self.page_xy((m.u, m.v)))
            if m.kind == "x":
                self.groups["trigger-points"].add(_x_mark(x, y, r, m.number))
            elif m.kind == "landmark":
                self.groups["labels"].add(_landmark(x, y, m.name))
            else:
                self.groups["labels"].add(Element("circle", cx=_num(x), cy=_num(y), r=DOT["radius"],
                                                  fill=DOT["color"], stroke=DOT["edge"],
                                                  stroke_width=DOT["edge_width"]))

    def _callouts(self) -> None:
        labels = self.groups["labels"]
        for c in self.panel.callouts:
            p, t = self.page_xy(c.point), self.page_xy(c.text_at)
            labels.add(Element("line", x1=p[0], y1=p[1], x2=t[0], y2=t[1], stroke=LEADER["color"],
                               stroke_width=LEADER["width"]))
            left = c.align == "left"
            x = _num(float(t[0]) + (2.0 if left else -2.0))
            labels.add(_text(c.text, x, t[1], dy="0.35em", text_anchor="start" if left else "end",
                             font_size=_num(CALLOUT_PT), fill=self.ink))


def _cached(function, *args):
    """``function(*args)`` through its cache, or straight where an argument cannot be hashed (stops
    given as lists)."""
    try:
        return function(*args)
    except TypeError:
        return function.__wrapped__(*args)


@lru_cache(maxsize=64)
def _band_fills(levels: tuple[float, ...], stops) -> tuple[tuple[str, str], ...]:
    """The colour and the mask's grey (its alpha) of each band of a glow: the ramp at the middle of
    the band (the last band: at its level)."""
    at = np.asarray(levels, dtype=float)
    mids = np.r_[(at[:-1] + at[1:]) / 2, at[-1]]
    return tuple((rgb_to_hex((r, g, b)), rgb_to_hex((a, a, a))) for r, g, b, a in ramp_rgba(mids, stops))


@lru_cache(maxsize=64)
def _gradient_stops(stops) -> tuple[tuple[str, str, str], ...]:
    """A legend ramp's gradient: (offset, colour, opacity) at nine evenly spaced points."""
    offsets = np.linspace(0, 1, 9)
    return tuple((_num(t, 3), rgb_to_hex((r, g, b)), _num(a, 3))
                 for t, (r, g, b, a) in zip(offsets, ramp_rgba(offsets, stops)))


def _landmark(x: float, y: float, name: str | None = None) -> Element:
    named = {} if name is None else {"data_landmark": name}
    return Element("circle", class_="landmark", **named, cx=_num(x), cy=_num(y), r=_num(LANDMARK["radius"]),
                   fill=LANDMARK["fill"], stroke=LANDMARK["color"], stroke_width=_num(LANDMARK["width"]))


def _x_mark(x: float, y: float, r: float, number: int | None = None) -> Element:
    d = (f"M{_num(x - r)},{_num(y - r)}L{_num(x + r)},{_num(y + r)}"
         f"M{_num(x - r)},{_num(y + r)}L{_num(x + r)},{_num(y - r)}")
    numbered = {} if number is None else {"data_number": str(number)}
    g = Element("g", class_="trigger-point", stroke_linecap="round", **numbered)
    g.add(Element("path", d=d, stroke=MARKER["halo"], stroke_width=_num(MARKER["halo_width"])))
    g.add(Element("path", d=d, stroke=MARKER["color"], stroke_width=_num(MARKER["width"])))
    return g


@lru_cache(maxsize=48)
def _body_geometry(projection: Projection, look: BodyLook) -> dict:
    """Path data of everything about the bare body in a view (once per view and style; disk-cached)."""
    params = (projection.cache_key, dataclasses.astuple(look), source_digest(__file__))

    def compute():
        geo = _compute_body_geometry(projection, look)
        shading = [f"{color}{d}" for d, color in geo["shading"]]  # colours are "#rrggbb"
        return {key: _text_array("\n".join(value) if key == "shading" else value)
                for key, value in {**geo, "shading": shading}.items()}

    data = {key: bytes(value).decode() for key, value in cached("svg-body", params, compute).items()}
    shading = [(line[7:], line[:7]) for line in data["shading"].split("\n") if line]
    return {"outline": data["outline"], "shading": shading, "features": data["features"]}


def _text_array(text: str) -> np.ndarray:
    return np.frombuffer(text.encode(), dtype=np.uint8)


def _compute_body_geometry(projection: Projection, look: BodyLook) -> dict:
    u, v = projection.grid
    shading = []
    if look.shade_dark:
        field = projection.shading
        levels = SHADING_LEVELS
        colors = [rgb_to_hex(look.shade_rgb(levels[0]))]
        colors += [rgb_to_hex(look.shade_rgb((lo + hi) / 2)) for lo, hi in itertools.pairwise(levels)]
        shading = [(d, c) for d, c in zip([_rings_d(projection.silhouette)]
                                          + _nested_bands(u, v, field, levels[:-1]), colors) if d]
    return {
        "outline": _rings_d(projection.silhouette),
        "shading": shading,
        "features": _lines_d(projection.feature_lines),
    }


def _nested_bands(u, v, field: np.ndarray, levels) -> list[str]:
    """Path data of ``field >= level`` for every level."""
    return _bands_d(nested_regions(u, v, field, levels))


_BANDS: OrderedDict[bytes, tuple[str, ...]] = OrderedDict()


def _field_bands(u, v, field: np.ndarray, levels) -> list[str]:
    """Path data of ``field >= level`` for every level, as :func:`_nested_bands` gives them, kept for
    the :data:`BANDS_KEPT` fields drawn last.

    Tracing and simplifying the bands is most of the cost of an SVG; a field drawn again (the same
    figure saved twice, the same pattern in another figure or in a thumbnail) reuses them.  The key
    is a digest of the traced part of the grid and field and the levels, so a field equal in value
    is found whatever array holds it.  A read-only field drawn again as the very same array (the heat
    pictures :func:`painmap.compose.picture.sampled` keeps) finds its key by the array's identity,
    without scanning the grid or digesting it.

    Examples
    --------
    >>> z = np.zeros((40, 40))
    >>> z[10:30, 10:30] = 1.0
    >>> grid = np.arange(40.0)
    >>> _field_bands(grid, grid, z, [0.5]) == _nested_bands(grid, grid, z, [0.5])
    True
    >>> _field_bands(grid, grid, z.copy(), [0.5])  # a 20 cm square, its corners cut (panel units, 0.01 cm)
    ['M950 1000l50 -50 1600 0 300 0 50 50 0 1400 0 500 -50 50 -1200 0 -700 0 -50 -50 0 -1000z']
    """
    levels = [float(level) for level in levels]
    same = (id(field), id(u), id(v), *levels)  # a read-only field drawn again: its key without a digest
    frozen = _frozen(field)
    seen = _SEEN.get(same) if frozen else None
    part = None
    if seen is not None and all(ref() is a for ref, a in zip(seen[:3], (field, u, v))):
        key = seen[3]
    else:
        part = hot_part(u, v, field, min(levels))
        key = _bands_key(part, levels)
        if frozen:
            _SEEN.pop(same, None)
            _SEEN[same] = (weakref.ref(field), weakref.ref(u), weakref.ref(v), key)
            while len(_SEEN) > BANDS_KEPT:
                del _SEEN[next(iter(_SEEN))]
    if key is None:
        return ["" for _ in levels]
    bands = _BANDS.get(key)
    if bands is None:
        x, y, z = part if part is not None else hot_part(u, v, field, min(levels))
        bands = _BANDS[key] = tuple(_bands_d(trace_regions(x, y, z, levels)))
        while len(_BANDS) > BANDS_KEPT:
            _BANDS.popitem(last=False)
    else:
        _BANDS.move_to_end(key)
    return list(bands)


_SEEN: dict[tuple, tuple] = {}
"""The band key of each read-only field lately drawn, by the ids of the field, its grid and the levels
(with weak references that tell a reused id from the same array)."""


def _frozen(array: np.ndarray) -> bool:
    """Whether `array` and every array it is a view of are read-only: its values cannot change.

    Examples
    --------
    >>> a = np.zeros(4)
    >>> view = a[:2]
    >>> view.setflags(write=False)
    >>> _frozen(view), _frozen(np.frombuffer(bytes(8)))  # the data it views can still change; bytes
    (False, False)
    >>> a.setflags(write=False)
    >>> _frozen(view)
    True
    """
    while isinstance(array, np.ndarray):
        if array.flags.writeable:
            return False
        if array.base is None:
            return True
        array = array.base
    return False


def _bands_key(part, levels: list[float]) -> bytes | None:
    """The key of a field's bands in ``_BANDS``: a digest of the part of the grid and field
    :func:`~painmap.body.image.hot_part` traces (`part`) and of the levels; None when nothing reaches
    them (`part` is None)."""
    if part is None:
        return None
    x, y, z = part
    sizes = np.array([len(x), len(y), len(levels)], dtype=np.int64)
    digest = hashlib.blake2b(sizes.tobytes(), digest_size=20)
    for array in (x, y, z, np.array(levels)):
        digest.update(np.ascontiguousarray(array, dtype=np.float64).tobytes())
    return digest.digest()


def _rings_d(rings) -> str:
    """Path data (panel units) for polygons with holes, given as (points, codes) pairs."""
    return _bands_d([rings])[0]


def _bands_d(bands) -> list[str]:
    """Path data for each of several lists of polygons, all rings done in one go."""
    rings, owner = [], []
    for k, polygons in enumerate(bands):
        for points, codes in polygons:
            for a, b in ring_spans(codes):
                rings.append(points[a:b - 1])  # the closing point repeats the first
                owner.append(k)
    points, sizes = _simplify(rings, closed=True)
    big = sizes >= 3
    parts: list[list[str]] = [[] for _ in bands]
    paths = _paths_d(points[np.repeat(big, sizes)], sizes[big], closed=True)
    for k, d in zip(np.asarray(owner, dtype=int)[big], paths):
        parts[k].append(d)
    return ["".join(p) for p in parts]


def _lines_d(polylines) -> str:
    return "".join(_paths_d(*_simplify([p for p in polylines if len(p) >= 2], closed=False), closed=False))


def _dots_d(centres: np.ndarray, radius: float, scale: float = UNIT) -> str:
    """Many small circles as one path (two arcs each)."""
    r = _num(radius * scale)
    q = np.round(centres * scale, 2)
    return "".join(f"M{_num(x - radius * scale)},{_num(y)}a{r},{r} 0 1,0 {_num(2 * radius * scale)},0"
                   f"a{r},{r} 0 1,0 {_num(-2 * radius * scale)},0z" for x, y in q)


def _simplify(pieces: list[np.ndarray], closed: bool, tol: float = SIMPLIFY_CM
              ) -> tuple[np.ndarray, np.ndarray]:
    """Drop points that lie within `tol` of the chord of their neighbours (a few passes).

    All pieces (rings if `closed`, else polylines whose ends stay) are done together
    in one flat array; a piece of fewer than five points is left as it is.  Returns
    the points left, one piece after another, and the number of points of each piece.

    Examples
    --------
    >>> line = np.c_[np.arange(7.0), np.zeros(7)]  # seven points on a straight line
    >>> points, sizes = _simplify([line, line[:4]], closed=False)
    >>> points[:, 0].tolist(), sizes.tolist()
    ([0.0, 1.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0], [4, 4])
    """
    sizes = np.array([len(p) for p in pieces], dtype=int)
    if not pieces:
        return np.zeros((0, 2)), sizes
    piece = np.repeat(np.arange(len(pieces)), sizes)
    p = np.concatenate(pieces).astype(float, copy=False)
    for _ in range(4):
        starts = np.cumsum(sizes) - sizes
        index = np.arange(len(p))
        local = index - starts[piece]
        n = sizes[piece]
        prev = p[np.where(local == 0, index + n - 1, index - 1)]
        nxt = p[np.where(local == n - 1, index - n + 1, index + 1)]
        chord = nxt - prev
        length = np.maximum(np.sqrt(chord[:, 0] * chord[:, 0] + chord[:, 1] * chord[:, 1]), 1e-9)
        dist = np.abs(chord[:, 0] * (p[:, 1] - prev[:, 1]) - chord[:, 1] * (p[:, 0] - prev[:, 0])) / length
        drop = (dist < tol) & (local % 2 == 0) & (n >= 5)  # never two neighbours in one pass
        if not closed:
            drop &= (local > 0) & (local < n - 1)
        if not drop.any():
            break
        p, piece = p[~drop], piece[~drop]
        sizes = np.bincount(piece, minlength=len(pieces))
    return p, sizes


def _paths_d(points: np.ndarray, sizes: np.ndarray, closed: bool) -> list[str]:
    """Path data of each piece: an absolute move, then relative lines, in whole panel units (0.01 cm).

    Examples
    --------
    >>> _paths_d(np.array([[0, 0], [0.5, 0], [0.5, 0.001], [1, 1], [2, 2]]), np.array([3, 2]), True)
    ['M0 0l50 0z', 'M100 100l100 100z']
    """
    if not len(sizes):
        return []
    q = np.round(points * UNIT).astype(np.int64)
    steps = np.diff(q, axis=0)
    ends = np.cumsum(sizes)
    keep = (steps != 0).any(axis=1)
    keep[ends[:-1] - 1] = False  # no step from one piece's last point to the next one's first
    counts = np.bincount(np.repeat(np.arange(len(sizes)), sizes)[:-1][keep], minlength=len(sizes))
    words = list(map(str, steps[keep].ravel().tolist()))
    bounds = np.r_[0, np.cumsum(2 * counts)].tolist()
    close = "z" if closed else ""
    return [f"M{x} {y}" + (f"l{' '.join(words[a:b])}" if b > a else "") + close
            for (x, y), a, b in zip(q[ends - sizes].tolist(), bounds[:-1], bounds[1:])]


def _num(x: float, digits: int = 2) -> str:
    """Short, deterministic number formatting."""
    text = f"{float(x):.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text

"""Drawing a :class:`~painmap.scene.elements.Scene` straight to pixels (PNG), without matplotlib.

aggdraw (AGG, the anti-aliasing rasterizer matplotlib's Agg back end is built on)
fills and strokes the paths; Pillow resamples the shading and glow images, draws
text with FreeType in DejaVu Sans (the font matplotlib ships and ``render/mpl.py``
uses) and writes the PNG.  The picture follows ``render/mpl.py``, element for
element, so a PNG from here and a PDF from there show the same thing.

Pixels::

    (0, 0) ──────────> x (columns)       a page point (x_in, y_in), inches from the
      │                                  lower left (Layout), is pixel
      │    page, int(w * dpi) wide       (x_in * dpi, rows - y_in * dpi);
      v    and int(h * dpi) tall         a panel point (u, v) in centimetres is
      y (rows)                           (left + (u - u0) * s, bottom - (v - v0) * s),
                                         s = pixels per centimetre of the panel.

The page is kept premultiplied (each colour channel already multiplied by
alpha): AGG's blending and Pillow's masked image paste are then exactly
"source over destination", on transparent paper as well as on opaque paper, and
the page is un-premultiplied once, when it is encoded.
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from typing import NamedTuple

import aggdraw
import numpy as np
from PIL import Image, ImageColor, ImageDraw, ImageFont

from ..body.image import filled_contours, ring_spans
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
from ..scene.style import DOT, FRAME, LANDMARK, LEADER, MARKER, hex_to_rgb
from .base import SceneRenderer, Text, outline_polygons
from .compositing import body_image, to_uint8
from .fonts import dejavu, runs
from .page import page_pixels
from .png import encode_png
from .ramp import ramp_rgba

SHARP_TURN_COS = 0.3
"""Strokes turning more sharply than this (cosine of the turn) get a round join (AGG's are mitres)."""
FILL_GROWTH_PX = 0.25
"""aggdraw fills a polygon a quarter pixel larger all round than its outline (measured; strokes are exact)."""


def scene_png(scene: Scene, dpi: float) -> bytes:
    """The scene as PNG bytes at `dpi` (no timestamps: same call, same bytes).

    The page is ``width * dpi`` by ``height * dpi`` pixels (rounded down, see
    :func:`.page.page_pixels`); RGB on paper, RGBA on transparent paper.

    Examples
    --------
    >>> import painmap as pm
    >>> scene_png(pm.draw([], size=(2, 3)).scene, 50)[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    return encode_png(np.asarray(scene_image(scene, dpi)), dpi)


def scene_image(scene: Scene, dpi: float) -> Image.Image:
    """The scene drawn as a Pillow image (``"RGB"`` on paper, ``"RGBA"`` when transparent)."""
    return RasterRenderer(dpi).render(scene)


class RasterRenderer(SceneRenderer):
    """Draws a scene on a premultiplied page of pixels (see the module docstring)."""

    def __init__(self, dpi: float) -> None:
        self.dpi = dpi

    def begin(self, scene: Scene) -> None:
        self.size = page_pixels(scene.layout.size, self.dpi)
        paper = (*ImageColor.getrgb(scene.paper), 255) if scene.paper else (0, 0, 0, 0)
        self.page = Page(Image.new("RGBA", self.size, paper), self.dpi)

    def finish(self) -> Image.Image:
        if self.scene.paper:
            return self.page.image.convert("RGB")
        return Image.frombuffer("RGBa", self.size, self.page.image.tobytes()).convert("RGBA")

    def panel(self, panel: Panel, rect) -> None:
        _draw_panel(self, panel, rect)

    def field_layer(self, panel: Panel, layer: FieldLayer, index: int) -> None:
        body = self.body
        body.flush()
        _image(body.image, to_uint8(ramp_rgba(layer.field, layer.stops)), panel.projection.extent, body.at)

    def zone_layer(self, panel: Panel, layer: ZoneLayer, index: int) -> None:
        at = self.body.at
        if len(layer.dots):
            _discs(self.body.draw(), at(layer.dots), layer.dot_radius * at.scale, aggdraw.Brush(layer.color))
        self._fill_above(panel, layer.field, layer.solid_from, layer.color, 1.0)

    def tint_layer(self, panel: Panel, layer: TintLayer, index: int) -> None:
        self._fill_above(panel, layer.field, 0.5, layer.color, layer.alpha)

    def outline_layer(self, panel: Panel, layer: OutlineLayer, index: int) -> None:
        at, px = self.body.at, self.page.px
        groups = [_rings(at(points), codes) for points, codes in outline_polygons(panel, layer)]
        if layer.fill_alpha > 0 and groups:
            rings = [r for group in groups for r in _inset(group)]
            brush = aggdraw.Brush(layer.color, round(layer.fill_alpha * 255))
            self.body.draw().path(_path(rings), None, brush)
        if layer.width > 0:
            rings = [r for group in groups for r in group]
            if layer.dashes:
                on, off = (px(d) for d in layer.dashes)
                pieces = [piece for ring in rings for piece in _dashed(ring, on, off)]
                _strokes(self.body.draw(), pieces, layer.color, px(layer.width), closed=False)
            else:
                _strokes(self.body.draw(), rings, layer.color, px(layer.width), closed=True)

    def _fill_above(self, panel: Panel, field: np.ndarray, level: float, color: str, alpha: float) -> None:
        u, v = panel.projection.grid
        at = self.body.at
        rings = [r for points, codes in filled_contours(u, v, field, level)
                 for r in _inset(_rings(at(points), codes))]
        if rings:
            self.body.draw().path(_path(rings), None, aggdraw.Brush(color, round(alpha * 255)))

    def text(self, text: Text) -> None:
        spacing = {} if text.spacing is None else {"spacing": text.spacing}
        self.page.text(text.at, text.text, text.size, text.color, bold=text.bold, ha=text.ha, va=text.va,
                       halo=text.halo, **spacing)

    def block(self, block: TextBlock) -> None:
        for line, y in zip(block.lines, block.baselines()):
            self.page.text((block.x, y), line, block.size, block.color or self.scene.ink, bold=block.bold)

    def box(self, box: Box) -> None:
        page = self.page
        with page.canvas((box.x, box.y, box.width, box.height), margin=box.stroke_width) as (draw, origin):
            pen = aggdraw.Pen(box.stroke, page.px(box.stroke_width)) if box.stroke else None
            brush = aggdraw.Brush(box.fill) if box.fill else None
            rect = (box.x, box.y, box.width, box.height)
            draw.rectangle(page.snapped(rect, box.stroke_width if box.stroke else 0.0, origin), pen, brush)

    def _swatch_canvas(self, item: LegendItem):
        return self.page.canvas(item.swatch, margin=MARKER["halo_width"] + MARKER["size"])

    def _frame(self) -> aggdraw.Pen:
        return aggdraw.Pen(FRAME["color"], self.page.px(FRAME["width"]))

    def legend_ramp(self, item: LegendItem) -> None:
        page = self.page
        x, y, w, h = item.swatch
        (x0, y1), (x1, y0) = page.xy(x, y), page.xy(x + w, y + h)
        base = hex_to_rgb(self.scene.swatch_base)
        rgba = ramp_rgba(np.linspace(0, 1, 128), item.entry.stops)
        rgb = to_uint8(rgba[:, :3] * rgba[:, 3:] + base * (1 - rgba[:, 3:]))
        left, top = round(x0), round(y0)
        size = (max(1, round(x1) - left), max(1, round(y1) - top))
        ramp = Image.fromarray(rgb[None], "RGB").resize(size, Image.Resampling.BILINEAR)
        page.image.paste(ramp.convert("RGBA"), (left, top))
        with self._swatch_canvas(item) as (draw, origin):
            draw.rectangle(page.snapped(item.swatch, FRAME["width"], origin), self._frame(), None)

    def legend_swatch(self, item: LegendItem, fill: str) -> None:
        with self._swatch_canvas(item) as (draw, origin):
            draw.rectangle(self.page.snapped(item.swatch, FRAME["width"], origin), self._frame(),
                           aggdraw.Brush(fill))

    def legend_dots(self, item: LegendItem, centres: np.ndarray, color: str) -> None:
        page = self.page
        with self._swatch_canvas(item) as (draw, origin):
            _discs(draw, np.array([page.xy(cx, cy) - origin for cx, cy in centres]).reshape(-1, 2),
                   LEGEND_DOT_IN * page.dpi, aggdraw.Brush(color))

    def legend_mark(self, item: LegendItem, at: tuple[float, float]) -> None:
        with self._swatch_canvas(item) as (draw, origin):
            _x_marks(draw, self.page, [self.page.xy(*at) - origin])

    def legend_outline(self, item: LegendItem) -> None:
        page, entry = self.page, item.entry
        with self._swatch_canvas(item) as (draw, origin):
            x0, y0, x1, y1 = page.snapped(item.swatch, 0.0, origin)
            draw.rectangle((x0, y0, x1, y1), None, aggdraw.Brush(entry.color, round(0.16 * 255)))
            ring = np.array([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], dtype=float)
            width = page.px(1.0)
            if entry.dashes:
                on, off = (page.px(d) for d in entry.dashes)
                _strokes(draw, _dashed(ring, on, off), entry.color, width, closed=False)
            else:
                _strokes(draw, [ring], entry.color, width, closed=True)

    def legend_landmark(self, item: LegendItem, at: tuple[float, float]) -> None:
        with self._swatch_canvas(item) as (draw, origin):
            _landmark_marks(draw, self.page, [self.page.xy(*at) - origin])


class Page:
    """A premultiplied RGBA page and the inch -> pixel mapping (see the module docstring)."""

    def __init__(self, image: Image.Image, dpi: float) -> None:
        self.image, self.dpi = image, dpi

    def px(self, points: float) -> float:
        """A length in points, in pixels."""
        return points * self.dpi / 72

    def xy(self, x_in: float, y_in: float) -> np.ndarray:
        """A page point (inches from the lower left) in pixels (from the top left)."""
        return np.array([x_in * self.dpi, self.image.height - y_in * self.dpi])

    def box(self, rect, margin_pt: float = 0.0) -> tuple[int, int, int, int]:
        """Whole pixels covering a page rectangle ``(left, bottom, width, height)`` in inches, on the page."""
        left, bottom, w, h = rect
        m = self.px(margin_pt) + 1
        x0, y1 = self.xy(left, bottom)
        x1, y0 = self.xy(left + w, bottom + h)
        return (max(0, int(np.floor(x0 - m))), max(0, int(np.floor(y0 - m))),
                min(self.image.width, int(np.ceil(x1 + m))), min(self.image.height, int(np.ceil(y1 + m))))

    def snapped(self, rect, line_pt: float, origin) -> tuple[float, float, float, float]:
        """A page rectangle (inches) as pixel edges ``(x0, y0, x1, y1)`` from `origin`, snapped as Agg snaps.

        matplotlib moves the corners of rectilinear paths to whole pixels (to pixel
        centres for lines an odd number of pixels wide), so frames stay crisp.
        """
        left, bottom, w, h = rect
        half = 0.5 if round(self.px(line_pt)) % 2 else 0.0
        xs = [np.floor(x * self.dpi + 0.5) + half - origin[0] for x in (left, left + w)]
        rows = self.image.height
        ys = [np.floor(rows - y * self.dpi + 0.5) + half - origin[1] for y in (bottom + h, bottom)]
        return xs[0], ys[0], xs[1], ys[1]

    def canvas(self, rect, margin: float = 0.0) -> _Canvas:
        """Draw with aggdraw on the part of the page under `rect` (inches; `margin` in points)."""
        return _Canvas(self, self.box(rect, margin))

    def text(self, at, text: str, size: float, color: str, *, bold: bool = False, ha: str = "left",
             va: str = "baseline", spacing: float = 1.2, halo: float = 0.0) -> None:
        """Write `text` at a page point (inches), aligned as matplotlib aligns ``ha`` and ``va``.

        Lines are stacked as matplotlib stacks them: the next baseline goes below
        the previous line's descent by `spacing` times its ascent, at least as
        far as for the letters "lp".  A `halo` (points) edges the letters in white first.
        """
        px = self.px(size)
        _, lp_top, _, lp_bottom = _typeset("lp", px, bold).bbox
        x, y = self.xy(*at)
        lines = []
        baseline = 0.0
        for i, line in enumerate(text.split("\n")):
            _, top, _, bottom = _typeset(line, px, bold).bbox
            ascent, descent = max(-top, -lp_top), max(bottom, lp_bottom)
            baseline = ascent if i == 0 else baseline + max(-lp_top * spacing, ascent * spacing)
            lines.append((line, baseline))
            baseline += descent
        height = baseline  # from the top of the first line to the bottom of the last
        shift = {"top": 0.0, "center": -height / 2, "baseline": -lines[-1][1]}[va]
        ink = (*ImageColor.getrgb(color), 255)
        for line, base in lines:
            typeset = _typeset(line, px, bold)
            if typeset.mask is None:
                continue
            left = x - {"left": 0.0, "center": typeset.advance / 2, "right": typeset.advance}[ha]
            ox, oy = round(left), round(y + shift + base)
            x0, y0 = typeset.bbox[:2]
            if halo > 0:
                (hx, hy), edge = _halo_mask(line, px, bold, max(1, round(self.px(halo))))
                self.image.paste(Image.new("RGBA", edge.size, (255, 255, 255, 255)), (ox + hx, oy + hy), edge)
            self.image.paste(Image.new("RGBA", typeset.mask.size, ink), (ox + x0, oy + y0), typeset.mask)


class _Typeset(NamedTuple):
    """One line of text, rendered: its ink box from the baseline's start, advance and coverage."""

    bbox: tuple[int, int, int, int]
    advance: float
    mask: Image.Image | None  # None for a line that puts no ink down


@lru_cache(maxsize=1024)
def _typeset(line: str, size_px: float, bold: bool) -> _Typeset:
    """A line's box, advance and coverage mask (kept: legends and labels repeat from figure to figure).

    Characters DejaVu Sans lacks are drawn in an installed font that has them
    (:func:`painmap.render.fonts.runs`), run by run along the baseline.
    """
    if not line:
        return _Typeset((0, 0, 0, 0), 0.0, None)
    pieces = runs(line, dejavu(bold))
    if len(pieces) > 1 or pieces[0][1] != dejavu(bold):
        return _typeset_runs(pieces, size_px)
    font = _font(size_px, bold)
    x0, y0, x1, y1 = font.getbbox(line, anchor="ls")
    mask = None
    if line.strip() and x1 > x0 and y1 > y0:
        mask = Image.new("L", (x1 - x0, y1 - y0), 0)
        ImageDraw.Draw(mask).text((-x0, -y0), line, fill=255, font=font, anchor="ls")
    return _Typeset((x0, y0, x1, y1), font.getlength(line), mask)


def _typeset_runs(pieces: list[tuple[str, str]], size_px: float) -> _Typeset:
    """A line of runs in different fonts, one after another on one baseline."""
    fonts = [ImageFont.truetype(path, size_px, layout_engine=ImageFont.Layout.BASIC) for _, path in pieces]
    starts, advance = [], 0.0
    for (text, _), font in zip(pieces, fonts):
        starts.append(advance)
        advance += font.getlength(text)
    boxes = [font.getbbox(text, anchor="ls") for (text, _), font in zip(pieces, fonts)]
    x0 = min(round(s) + b[0] for s, b in zip(starts, boxes))
    y0, y1 = min(b[1] for b in boxes), max(b[3] for b in boxes)
    x1 = max(round(s) + b[2] for s, b in zip(starts, boxes))
    if x1 <= x0 or y1 <= y0:
        return _Typeset((x0, y0, x1, y1), advance, None)
    mask = Image.new("L", (x1 - x0, y1 - y0), 0)
    draw = ImageDraw.Draw(mask)
    for (text, _), font, start in zip(pieces, fonts, starts):
        draw.text((round(start) - x0, -y0), text, fill=255, font=font, anchor="ls")
    return _Typeset((x0, y0, x1, y1), advance, mask)


@lru_cache(maxsize=256)
def _halo_mask(line: str, size_px: float, bold: bool, radius: int) -> tuple[tuple[int, int], Image.Image]:
    """The coverage of a line's letters stroked `radius` pixels wide all round (the white edge under a
    label; FreeType's stroker, so the edge is round) and its top-left from the baseline's start."""
    font = _font(size_px, bold)
    x0, y0, x1, y1 = font.getbbox(line, anchor="ls", stroke_width=radius)
    mask = Image.new("L", (x1 - x0, y1 - y0), 0)
    ImageDraw.Draw(mask).text((-x0, -y0), line, fill=255, font=font, anchor="ls", stroke_width=radius,
                              stroke_fill=255)
    return (x0, y0), mask


class _Canvas:
    """aggdraw on a crop of the page, put back on exit: ``with page.canvas(rect) as (draw, origin)``."""

    def __init__(self, page: Page, box: tuple[int, int, int, int]) -> None:
        self.page, self.box = page, box

    def __enter__(self):
        self.crop = self.page.image.crop(self.box)
        self.draw = aggdraw.Draw(self.crop)
        return self.draw, np.array(self.box[:2], dtype=float)

    def __exit__(self, *exc) -> None:
        self.draw.flush()
        self.page.image.paste(self.crop, self.box[:2])


@lru_cache(maxsize=32)
def _font(size_px: float, bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(dejavu(bold), size_px, layout_engine=ImageFont.Layout.BASIC)


class _PanelPixels:
    """Panel centimetres -> pixels of a crop whose top-left page pixel is `origin`."""

    def __init__(self, page: Page, panel: Panel, rect, origin) -> None:
        left, bottom, w, _ = rect
        u0, u1, v0, _ = panel.window
        self.scale = w * page.dpi / (u1 - u0)  # pixels per centimetre
        x0, y0 = page.xy(left, bottom) - np.asarray(origin, dtype=float)
        self.offset = np.array([x0 - u0 * self.scale, y0 + v0 * self.scale])

    def shifted(self, shift) -> _PanelPixels:
        """The same mapping onto a crop whose origin lies `shift` pixels further right and down."""
        out = object.__new__(_PanelPixels)
        out.scale, out.offset = self.scale, self.offset - shift
        return out

    def __call__(self, uv) -> np.ndarray:
        uv = np.asarray(uv, dtype=float)
        return self.offset + uv * np.array([self.scale, -self.scale])


def _draw_panel(renderer: RasterRenderer, panel: Panel, rect) -> None:
    page, look = renderer.page, panel.look
    left, bottom, w, h = rect
    # everything but the callout texts is clipped to the panel's window (whole pixels, as Agg clips)
    window = (*(round(c) for c in page.xy(left, bottom + h)), *(round(c) for c in page.xy(left + w, bottom)))
    window = (max(0, window[0]), max(0, window[1]), min(page.image.width, window[2]),
              min(page.image.height, window[3]))
    if window[2] <= window[0] or window[3] <= window[1]:
        return
    crop = page.image.crop(window)
    to_px = _PanelPixels(page, panel, rect, window[:2])
    groups = [_rings(to_px(points), codes) for points, codes in panel.projection.silhouette]
    rings = [r for group in groups for r in group]
    if rings:
        _draw_body(renderer, crop, panel, to_px, [r for group in groups for r in _inset(group)])
    draw = aggdraw.Draw(crop)
    _strokes(draw, rings, look.outline_color, page.px(look.outline_width), closed=True)
    for c in panel.callouts:
        leader = aggdraw.Pen(LEADER["color"], page.px(LEADER["width"]))
        draw.line(to_px([c.point, c.text_at]).ravel().tolist(), leader)
    _markers(draw, page, [(to_px((m.u, m.v)), m.kind) for m in panel.markers])
    draw.flush()
    page.image.paste(crop, window[:2])
    for c in panel.callouts:
        u, v = to_px(c.text_at) + np.array(window[:2])
        at = (u / page.dpi, (page.image.height - v) / page.dpi)
        ha = "left" if c.align == "left" else "right"
        page.text(at, f" {c.text} ", CALLOUT_PT, renderer.scene.ink, ha=ha, va="center")


class _Body:
    """The body's own image while a panel is drawn: layers go on it, one aggdraw pass at a time."""

    def __init__(self, image: Image.Image, at: _PanelPixels) -> None:
        self.image, self.at, self._draw = image, at, None

    def draw(self):
        """aggdraw on the body image (the same one until :meth:`flush`)."""
        if self._draw is None:
            self._draw = aggdraw.Draw(self.image)
        return self._draw

    def flush(self) -> None:
        """Put what aggdraw drew on the image, before something else paints on it."""
        if self._draw is not None:
            self._draw.flush()
            self._draw = None


def _draw_body(renderer: RasterRenderer, crop: Image.Image, panel: Panel, to_px: _PanelPixels, rings
               ) -> None:
    """The silhouette's fill with everything clipped to it, pasted through its anti-aliased coverage."""
    proj, look, page = panel.projection, panel.look, renderer.page
    pts = np.concatenate(rings)
    x0, y0 = (max(0, int(np.floor(c)) - 1) for c in pts.min(axis=0))
    x1, y1 = (min(n, int(np.ceil(c)) + 1) for c, n in zip(pts.max(axis=0), crop.size))
    if x1 <= x0 or y1 <= y0:
        return
    shift = np.array([x0, y0], dtype=float)
    size = (x1 - x0, y1 - y0)
    coverage = Image.new("L", size, 0)
    cover = aggdraw.Draw(coverage)
    cover.path(_path([r - shift for r in rings]), None, aggdraw.Brush(255))
    cover.flush()
    fill = Image.new("RGBA", size, (*ImageColor.getrgb(look.fill), 255))
    body = renderer.body = _Body(fill, to_px.shifted(shift))

    image, rest = body_image(panel)
    if image is not None:  # opaque on the body, clear off it, over the fill colour
        _image(body.image, image, proj.extent, body.at, over=look.fill)
    first = len(panel.layers) - len(rest)
    for index, layer in enumerate(rest, start=first):
        renderer.layer(panel, layer, index)
    draw = body.draw()
    lines = [(proj.feature_lines, look.feature_color, look.feature_width),
             (panel.guides, look.guide_color, look.guide_width)]
    for polylines, color, width in lines:
        if width > 0:
            pieces = [body.at(p) for p in polylines if len(p) >= 2]
            _strokes(draw, pieces, color, page.px(width), closed=False)
    body.flush()
    crop.paste(body.image, (x0, y0), coverage)


def _image(body: Image.Image, rgba: np.ndarray, extent, at: _PanelPixels, *, over: str | None = None
           ) -> None:
    """Paint an RGBA image on the projection grid (row 0 at the bottom) over `body`, bilinearly resampled.

    Only the source pixels the filter reads become a Pillow image: those under
    the crop, widened by the filter's reach.  `over` says that the image is
    either opaque or clear at each pixel and lies on that plain colour: it is
    then flattened onto the colour and resampled in three channels.  That is the
    same sum as resampling premultiplied RGBA and compositing it over the
    colour (the clear pixels' weight goes to the colour), for less work.
    """
    height, width = rgba.shape[:2]
    eu0, eu1, ev0, ev1 = extent
    cm_per_src = (eu1 - eu0) / width
    # the body crop's pixel edges in source pixels, clipped to the source image
    (bx0, by0), (bx1, by1) = at([(eu0, ev1), (eu1, ev0)])  # the image's corners in crop pixels
    c0, r0 = max(0, int(np.ceil(bx0))), max(0, int(np.ceil(by0)))
    c1, r1 = min(body.width, int(np.floor(bx1))), min(body.height, int(np.floor(by1)))
    if c1 <= c0 or r1 <= r0:
        return
    per_px = 1 / (at.scale * cm_per_src)  # source pixels per crop pixel
    box = ((c0 - bx0) * per_px, (r0 - by0) * per_px, (c1 - bx0) * per_px, (r1 - by0) * per_px)
    box = (max(0.0, box[0]), max(0.0, box[1]), min(width, box[2]), min(height, box[3]))
    reach = max(1.0, per_px) + 1  # a bilinear filter reads one output pixel's width either side
    x0, y0 = max(0, int(box[0] - reach)), max(0, int(box[1] - reach))
    x1, y1 = min(width, int(np.ceil(box[2] + reach))), min(height, int(np.ceil(box[3] + reach)))
    src = Image.fromarray(np.ascontiguousarray(rgba[::-1][y0:y1, x0:x1]), "RGBA")
    box = (box[0] - x0, box[1] - y0, box[2] - x0, box[3] - y0)
    if over is not None:
        flat = Image.new("RGB", src.size, over)
        flat.paste(src, (0, 0), src)
        body.paste(flat.resize((c1 - c0, r1 - r0), Image.Resampling.BILINEAR, box=box), (c0, r0))
        return
    layer = src.resize((c1 - c0, r1 - r0), Image.Resampling.BILINEAR, box=box)
    body.alpha_composite(layer, (c0, r0))


def _rings(points: np.ndarray, codes: np.ndarray) -> list[np.ndarray]:
    """The closed rings of a compound path (matplotlib codes: 1 starts a ring), without the closing point."""
    out = []
    for a, b in ring_spans(codes):
        ring = points[a:b]
        if len(ring) > 1 and np.allclose(ring[0], ring[-1]):
            ring = ring[:-1]
        if len(ring) >= 3:
            out.append(ring)
    return out


def _inset(rings: list[np.ndarray], by: float = FILL_GROWTH_PX) -> list[np.ndarray]:
    """An outer ring and its holes (running the other way) moved `by` pixels into the filled area.

    The filled area lies on the left of each ring's direction (``(-dy, dx)``) when the
    outer ring's signed area is positive, on the right otherwise.
    """
    if not rings:
        return rings
    x, y = rings[0][:, 0], rings[0][:, 1]
    side = 1.0 if np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)) > 0 else -1.0
    out = []
    for ring in rings:
        edge = np.roll(ring, -1, axis=0) - ring
        length = np.maximum(np.linalg.norm(edge, axis=1, keepdims=True), 1e-12)
        normal = np.c_[-edge[:, 1], edge[:, 0]] / length
        vertex = normal + np.roll(normal, 1, axis=0)  # mean of the two edges' normals at each vertex
        vertex /= np.maximum(np.linalg.norm(vertex, axis=1, keepdims=True), 1e-6)
        out.append(ring + side * by * vertex)
    return out


def _path(rings: list[np.ndarray]):
    """One aggdraw path of closed rings (filled by the non-zero rule: holes run the other way)."""
    path = aggdraw.Path()
    for ring in rings:
        path.polygon(ring.ravel().tolist())
    return path


def _strokes(draw, polylines: list[np.ndarray], color: str, width: float, *, closed: bool) -> None:
    """Stroke polylines with round caps and joins.

    AGG (through aggdraw) strokes with butt caps and mitre joins: a polyline is cut
    at its sharp turns and a dot of the line's width closes each cut and each end.
    """
    if width <= 0 or not polylines:
        return
    pen, brush, r = aggdraw.Pen(color, width), aggdraw.Brush(color), width / 2
    dots = []
    for line in polylines:
        keep = np.r_[True, np.any(np.abs(np.diff(line, axis=0)) > 1e-6, axis=1)]
        line = line[keep]
        if len(line) < 2:
            continue
        step = np.diff(np.vstack([line, line[:1]]) if closed else line, axis=0)
        step /= np.maximum(np.linalg.norm(step, axis=1, keepdims=True), 1e-12)
        turn = np.sum(step * np.roll(step, 1, axis=0), axis=1)  # at vertex i, between step i-1 and i
        if closed:
            cuts = np.flatnonzero(turn < SHARP_TURN_COS)
            start = cuts[0] if len(cuts) else 0
            line = np.vstack([np.roll(line, -start, axis=0), np.roll(line, -start, axis=0)[:1]])
            cuts = np.r_[0, (cuts - start) % (len(line) - 1), len(line) - 1]
        else:
            cuts = np.r_[0, np.flatnonzero(turn[1:] < SHARP_TURN_COS) + 1, len(line) - 1]
        cuts = np.sort(cuts)  # np.unique's values; np.unique imports numpy.ma (40-70 ms in a cold process)
        cuts = cuts[np.r_[True, cuts[1:] != cuts[:-1]]]
        for a, b in itertools.pairwise(cuts):
            draw.line(line[a:b + 1].ravel().tolist(), pen)
        dots.append(line[cuts])
    if r >= 0.5 and dots:
        _discs(draw, np.concatenate(dots), r, brush)


def _discs(draw, centres: np.ndarray, radius: float, brush, pen=None) -> None:
    """Filled circles as polygons of about two-pixel sides, in one path.

    (aggdraw's own ellipses come out too large when they are under a pixel wide.)
    """
    if len(centres) == 0:
        return
    n = int(np.clip(np.ceil(np.pi * radius), 8, 64))
    angle = np.linspace(0, 2 * np.pi, n, endpoint=False)
    ring = max(radius - FILL_GROWTH_PX, 0.05) * np.c_[np.cos(angle), np.sin(angle)]
    path = aggdraw.Path()
    for c in np.asarray(centres, dtype=float):
        path.polygon((c + ring).ravel().tolist())
    draw.path(path, pen, brush)


def _x_marks(draw, page: Page, centres) -> None:
    """Trigger-point X marks: a white halo, then the dark cross (as ``render/mpl.py`` draws them)."""
    for color, size, width in ((MARKER["halo"], MARKER["size"] + 1, MARKER["halo_width"]),
                               (MARKER["color"], MARKER["size"], MARKER["width"])):
        pen, r = aggdraw.Pen(color, page.px(width)), page.px(size) / 2
        for x, y in centres:
            draw.line((x - r, y - r, x + r, y + r), pen)
            draw.line((x - r, y + r, x + r, y - r), pen)


def _landmark_marks(draw, page: Page, centres) -> None:
    """Landmark rings: a white disc edged in dark grey."""
    _discs(draw, np.array(centres, dtype=float).reshape(-1, 2), page.px(LANDMARK["radius"]),
           aggdraw.Brush(LANDMARK["fill"]), aggdraw.Pen(LANDMARK["color"], page.px(LANDMARK["width"])))


def _dashed(ring: np.ndarray, on: float, off: float) -> list[np.ndarray]:
    """A closed ring cut into dashes `on` long with gaps `off` long (pixels), as polylines.

    Examples
    --------
    >>> square = np.array([[0.0, 0.0], [4.0, 0.0], [4.0, 4.0], [0.0, 4.0]])
    >>> [d.tolist() for d in _dashed(square, 3.0, 1.0)][:2]
    [[[0.0, 0.0], [3.0, 0.0]], [[4.0, 0.0], [4.0, 3.0]]]
    """
    closed = np.vstack([ring, ring[:1]])
    along = np.r_[0.0, np.cumsum(np.linalg.norm(np.diff(closed, axis=0), axis=1))]
    dashes = []
    for start in np.arange(0.0, along[-1], on + off):
        stop = min(start + on, along[-1])
        inside = (along > start) & (along < stop)
        ts = np.r_[start, along[inside], stop]
        dashes.append(np.c_[np.interp(ts, along, closed[:, 0]), np.interp(ts, along, closed[:, 1])])
    return dashes


def _markers(draw, page: Page, markers) -> None:
    _landmark_marks(draw, page, [xy for xy, kind in markers if kind == "landmark"])
    _x_marks(draw, page, [xy for xy, kind in markers if kind == "x"])
    dots = [xy for xy, kind in markers if kind not in ("x", "landmark")]
    _discs(draw, np.array(dots).reshape(-1, 2), page.px(DOT["radius"]), aggdraw.Brush(DOT["color"]),
           aggdraw.Pen(DOT["edge"], page.px(DOT["edge_width"])))

"""Writing a :class:`~painmap.scene.Scene` as real vector SVG with svgwrite.

Everything is a vector element: the silhouette and lines are paths, shading is a
few nested bands softened by a blur filter, heat is nested bands of the same
field the PNG shows (colour bands under a luminance mask of alpha bands, so the
bands join without seams), markers and text are SVG elements.  Nothing is
embedded as a bitmap.  Units are points (1/72 inch); the same scene gives the
same bytes.
"""

from __future__ import annotations

import itertools

import numpy as np
import svgwrite

from ..body.image import filled_contours
from ..scene import FieldLayer, Panel, Scene, TintLayer
from .ramp import ramp_rgba
from .style import rgb_to_hex

PT = 72.0
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
SHADING_LEVELS = np.linspace(0.30, 0.98, 18)
# Points closer than this to the line through their neighbours are dropped (points).
SIMPLIFY_PT = 0.12


def scene_to_svg(scene: Scene) -> str:
    """Return the scene as an SVG document (a string)."""
    width, height = scene.layout.size
    dwg = svgwrite.Drawing(size=(f"{_num(width)}in", f"{_num(height)}in"), profile="full", debug=False)
    dwg.viewbox(0, 0, _num(width * PT), _num(height * PT))
    dwg.set_desc(title=scene.title or "painmap figure", desc=scene.description or None)
    if scene.paper:
        dwg.add(dwg.rect((0, 0), ("100%", "100%"), fill=scene.paper, id="paper"))
    groups = {name: dwg.g(id=name) for name in ("body", "heat", "outline", "trigger-points", "labels")}
    for panel, rect in zip(scene.panels, scene.layout.panels):
        _Panel(dwg, panel, rect, height, scene.ink, groups).draw()
    for g in groups.values():
        if g.elements:
            dwg.add(g)
    if scene.title and scene.layout.title_at:
        x, y = scene.layout.title_at
        dwg.add(dwg.text(scene.title, insert=(_num(x * PT), _num((height - y) * PT)), id="title",
                         text_anchor="middle", font_family=FONT, font_size=13, font_weight="bold",
                         fill=scene.ink))
    if scene.caption and scene.layout.caption_at:
        x, y = scene.layout.caption_at
        text = dwg.text("", insert=(_num(x * PT), _num((height - y) * PT)), id="caption",
                        font_family=FONT, font_size=7, fill=scene.ink)
        for i, line in enumerate(scene.caption.split("\n")):
            text.add(dwg.tspan(line, x=[_num(x * PT)], dy=["1.3em" if i else "0.9em"]))
        dwg.add(text)
    return dwg.tostring()


class _Panel:
    """Writes one panel's elements into the shared groups."""

    def __init__(self, dwg, panel: Panel, rect, page_height: float, ink: str, groups) -> None:
        self.dwg, self.panel, self.ink, self.groups = dwg, panel, ink, groups
        left, bottom, w, _ = rect
        u0, u1, v0, _ = panel.window
        self.scale = w / (u1 - u0) * PT  # points per centimetre
        self.x0 = left * PT - u0 * self.scale
        self.y0 = (page_height - bottom) * PT + v0 * self.scale
        self.key = panel.view

    def xy(self, uv: np.ndarray) -> np.ndarray:
        """Picture-frame centimetres to page points (y down)."""
        return np.c_[self.x0 + uv[:, 0] * self.scale, self.y0 - uv[:, 1] * self.scale]

    def rings_d(self, rings) -> str:
        """Path data for polygons with holes, as (points, codes) pairs."""
        parts = []
        for points, codes in rings:
            starts = np.flatnonzero(codes == 1)
            ends = np.r_[starts[1:], len(codes)]
            for a, b in zip(starts, ends):
                ring = _simplify(self.xy(points[a:b - 1]), closed=True)
                if len(ring) >= 3:
                    parts.append(_path_data(ring, closed=True))
        return "".join(parts)

    def draw(self) -> None:
        dwg, panel, proj, look = self.dwg, self.panel, self.panel.projection, self.panel.look
        outline = self.rings_d(proj.silhouette)
        clip_id = f"clip-{self.key}"
        clip = dwg.defs.add(dwg.clipPath(id=clip_id))
        clip.add(dwg.path(d=outline))
        body = dwg.g(id=f"body-{self.key}")
        body.add(dwg.path(d=outline, fill=look.fill, stroke="none"))
        if look.shade_dark:
            body.add(self._shading(clip_id))
        self.groups["body"].add(body)
        if panel.layers:
            heat = dwg.g(id=f"heat-{self.key}", clip_path=f"url(#{clip_id})")
            for i, layer in enumerate(panel.layers):
                heat.add(self._layer(layer, i))
            self.groups["heat"].add(heat)
        lines = dwg.g(id=f"outline-{self.key}", fill="none", stroke_linecap="round",
                      stroke_linejoin="round")
        for polylines, color, width in ((proj.feature_lines, look.feature_color, look.feature_width),
                                        (panel.guides, look.guide_color, look.guide_width)):
            if polylines and width > 0:
                d = "".join(_path_data(_simplify(self.xy(pl), closed=False), closed=False)
                            for pl in polylines)
                lines.add(dwg.path(d=d, stroke=color, stroke_width=_num(width),
                                   clip_path=f"url(#{clip_id})"))
        lines.add(dwg.path(d=outline, stroke=look.outline_color, stroke_width=_num(look.outline_width)))
        self.groups["outline"].add(lines)
        self._markers()
        self._texts()

    def _shading(self, clip_id: str):
        dwg, proj, look = self.dwg, self.panel.projection, self.panel.look
        blur_id = f"soften-{self.key}"
        filt = dwg.defs.add(dwg.filter(id=blur_id, x="-5%", y="-5%", width="110%", height="110%"))
        filt.feGaussianBlur(in_="SourceGraphic", stdDeviation=_num(2.0 * proj.pixel * self.scale))
        u, v = proj.grid
        field = np.nan_to_num(proj.shading, nan=0.0)
        group = dwg.g(filter=f"url(#{blur_id})")
        steps = SHADING_LEVELS
        group.add(dwg.path(d=self.rings_d(proj.silhouette), fill=rgb_to_hex(look.shade_rgb(steps[0]))))
        for lo, hi in itertools.pairwise(steps):
            d = self.rings_d(filled_contours(u, v, field, lo))
            if d:
                group.add(dwg.path(d=d, fill=rgb_to_hex(look.shade_rgb((lo + hi) / 2))))
        outer = dwg.g(clip_path=f"url(#{clip_id})", id=f"shading-{self.key}")
        outer.add(group)
        return outer

    def _layer(self, layer, index: int):
        dwg, proj = self.dwg, self.panel.projection
        u, v = proj.grid
        name = f"{self.key}-{index}"
        if isinstance(layer, TintLayer):
            d = self.rings_d(filled_contours(u, v, np.nan_to_num(layer.field), 0.5))
            return dwg.path(d=d, fill=layer.color, fill_opacity=_num(layer.alpha), id=f"tint-{name}")
        assert isinstance(layer, FieldLayer)
        field = np.nan_to_num(layer.field, nan=0.0)
        levels = np.asarray(layer.levels, dtype=float)
        mids = np.r_[(levels[:-1] + levels[1:]) / 2, levels[-1]]
        rgba = ramp_rgba(mids, layer.stops)
        bands = [self.rings_d(filled_contours(u, v, field, lo)) for lo in levels]
        mask = dwg.defs.add(dwg.mask(id=f"alpha-{name}", maskUnits="userSpaceOnUse",
                                     color_interpolation="sRGB"))
        colors = dwg.g(mask=f"url(#alpha-{name})", id=f"glow-{name}")
        for d, (r, g, b, a) in zip(bands, rgba):
            if d:
                mask.add(dwg.path(d=d, fill=rgb_to_hex((a, a, a))))
                colors.add(dwg.path(d=d, fill=rgb_to_hex((r, g, b))))
        return colors

    def _markers(self) -> None:
        dwg = self.dwg
        for m in self.panel.markers:
            x, y = self.xy(np.array([[m.u, m.v]]))[0]
            if m.kind == "x":
                r = 3.0
                d = (f"M{_num(x - r)},{_num(y - r)}L{_num(x + r)},{_num(y + r)}"
                     f"M{_num(x - r)},{_num(y + r)}L{_num(x + r)},{_num(y - r)}")
                g = dwg.g(class_="trigger-point")
                g.add(dwg.path(d=d, stroke="white", stroke_width=2.6, stroke_linecap="round"))
                g.add(dwg.path(d=d, stroke="#111111", stroke_width=1.5, stroke_linecap="round"))
                self.groups["trigger-points"].add(g)
            else:
                self.groups["labels"].add(dwg.circle((_num(x), _num(y)), r=1.3, fill="#c62828",
                                                     stroke="white", stroke_width=0.5))

    def _texts(self) -> None:
        dwg = self.dwg
        for c in self.panel.callouts:
            (px, py), (tx, ty) = self.xy(np.array([c.point, c.text_at]))
            self.groups["labels"].add(dwg.line((_num(px), _num(py)), (_num(tx), _num(ty)),
                                               stroke="#9a9a9a", stroke_width=0.35))
            anchor = "start" if c.align == "left" else "end"
            shift = 2.0 if c.align == "left" else -2.0
            self.groups["labels"].add(dwg.text(c.text, insert=(_num(tx + shift), _num(ty)),
                                               dy=["0.35em"], text_anchor=anchor, font_family=FONT,
                                               font_size=6.5, fill=self.ink))
        if self.panel.label:
            u0, u1, v0, _ = self.panel.window
            x, y = self.xy(np.array([[(u0 + u1) / 2, v0]]))[0]
            self.groups["labels"].add(dwg.text(self.panel.label, insert=(_num(x), _num(y - 2)),
                                               text_anchor="middle", font_family=FONT,
                                               font_size=8.5, fill=self.ink))


def _simplify(points: np.ndarray, closed: bool, tol: float = SIMPLIFY_PT) -> np.ndarray:
    """Drop points that lie within `tol` of the chord of their neighbours (a few passes)."""
    p = points
    for _ in range(4):
        if len(p) < 5:
            break
        prev = np.roll(p, 1, axis=0)
        nxt = np.roll(p, -1, axis=0)
        chord = nxt - prev
        length = np.maximum(np.linalg.norm(chord, axis=1), 1e-9)
        dist = np.abs(chord[:, 0] * (p[:, 1] - prev[:, 1]) - chord[:, 1] * (p[:, 0] - prev[:, 0])) / length
        drop = dist < tol
        drop[1::2] = False  # never drop two neighbours in one pass
        if not closed:
            drop[0] = drop[-1] = False
        if not drop.any():
            break
        p = p[~drop]
    return p


def _path_data(points: np.ndarray, closed: bool) -> str:
    """Compact path data: an absolute move, then relative lines in 0.01 pt steps."""
    q = np.round(points * 100).astype(np.int64)
    steps = np.diff(q, axis=0)
    steps = steps[(steps != 0).any(axis=1)]
    start = f"M{_num(q[0, 0] / 100)},{_num(q[0, 1] / 100)}"
    body = "".join(f"{_num(dx / 100)},{_num(dy / 100)} " for dx, dy in steps)
    return start + ("l" + body.rstrip() if len(steps) else "") + ("z" if closed else "")


def _num(x: float) -> str:
    """Short, deterministic number formatting (at most two decimals)."""
    text = f"{float(x):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text

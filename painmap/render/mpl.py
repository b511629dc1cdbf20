"""Drawing a :class:`~painmap.scene.elements.Scene` with matplotlib (PDF, ``PainMap.figure``, Axes).

PNG is drawn without matplotlib (``render/raster.py``) where aggdraw is installed,
and through this module where it is not (``render/backends.py``); otherwise this
module is imported only when a PDF or a matplotlib Figure is asked for, so
``import painmap`` and a PNG or SVG stay light.
"""

from __future__ import annotations

import io
import logging
from contextlib import contextmanager

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.figure import Figure
from matplotlib.patches import Circle, PathPatch, Rectangle
from matplotlib.path import Path

from ..body.image import filled_contours
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
from .base import SceneRenderer, Text, marker_texts, outline_polygons
from .compositing import body_image, to_uint8
from .fonts import dejavu, families, runs
from .png import COMPRESS_LEVEL
from .ramp import ramp_rgba

FONT = "DejaVu Sans"


def _family(text: str) -> str | list[str]:
    """DejaVu Sans, then installed fonts that have what it lacks (matplotlib falls back along the list)."""
    if text.isascii():
        return FONT
    from matplotlib import font_manager

    names = families(text, dejavu())
    for _, path in runs(text, dejavu()):
        _register(font_manager, path)
    return names if len(names) > 1 else FONT


_REGISTERED: set[str] = set()


def _register(font_manager, path: str) -> None:
    """Make a font file known to matplotlib (one installed after its font cache was built)."""
    if path not in _REGISTERED:
        font_manager.fontManager.addfont(path)
        _REGISTERED.add(path)


def draw_scene(scene: Scene) -> Figure:
    """Return a new matplotlib Figure showing the scene (no pyplot, no global state)."""
    return MplRenderer().render(scene)


def draw_panel(panel: Panel, ax: Axes, *, ink: str = "#222222") -> Axes:
    """Draw one panel onto `ax` and set its limits to the panel's window.

    The aspect is equal and the Axes box shrinks to fit the window (as ``imshow``
    does), which works on shared Axes and in any subplot grid without warnings.
    """
    return MplRenderer().panel_on(ax, panel, ink)


class MplRenderer(SceneRenderer):
    """Draws a scene as a matplotlib Figure: an Axes per panel, one page Axes (in inches) for the rest."""

    def begin(self, scene: Scene) -> None:
        self.width, self.height = scene.layout.size
        self.fig = Figure(figsize=(self.width, self.height))
        self.fig.patch.set_facecolor(scene.paper or "none")
        self.fig.patch.set_alpha(1.0 if scene.paper else 0.0)
        self._page: Axes | None = None

    def finish(self) -> Figure:
        return self.fig

    @property
    def page(self) -> Axes:
        """An invisible Axes over the whole page whose units are inches from the lower left."""
        if self._page is None:
            ax = self._page = self.fig.add_axes((0, 0, 1, 1), label="painmap-page")
            ax.set_xlim(0, self.width)
            ax.set_ylim(0, self.height)
            ax.set_axis_off()
            ax.patch.set_alpha(0.0)
        return self._page

    def panel(self, panel: Panel, rect) -> None:
        left, bottom, w, h = rect
        ax = self.fig.add_axes((left / self.width, bottom / self.height, w / self.width, h / self.height))
        self.panel_on(ax, panel, self.scene.ink)

    def panel_on(self, ax: Axes, panel: Panel, ink: str) -> Axes:
        """Draw `panel` on `ax` (see :func:`draw_panel`)."""
        proj, look = panel.projection, panel.look
        path = silhouette_path(panel)
        ax.add_artist(PathPatch(path, facecolor=look.fill, edgecolor="none", zorder=1))
        clip = PathPatch(path, transform=ax.transData, facecolor="none", edgecolor="none")
        image, rest = body_image(panel)
        if image is not None:
            _image(ax, image, proj.extent, clip, zorder=2)
        first = len(panel.layers) - len(rest)
        self._ax, self._clip, self._z0 = ax, clip, 3 - first  # layers from zorder 3 up
        for index, layer in enumerate(rest, start=first):
            self.layer(panel, layer, index)
        lines = [(proj.feature_lines, look.feature_color, look.feature_width),
                 (panel.guides, look.guide_color, look.guide_width)]
        for segments, color, width in lines:
            if segments and width > 0:
                coll = LineCollection(segments, colors=color, linewidths=width, capstyle="round",
                                      joinstyle="round", zorder=40)
                ax.add_collection(coll, autolim=False)
                coll.set_clip_path(clip)
        ax.add_artist(PathPatch(path, facecolor="none", edgecolor=look.outline_color,
                               linewidth=look.outline_width, joinstyle="round", zorder=41))
        _markers(ax, panel)
        _marker_texts(ax, panel)
        _callouts(ax, panel, ink)
        u0, u1, v0, v1 = panel.window
        ax.set_xlim(u0, u1)
        ax.set_ylim(v0, v1)
        ax.set_aspect("equal", adjustable="box")
        ax.set_axis_off()
        return ax

    def field_layer(self, panel: Panel, layer: FieldLayer, index: int) -> None:
        _image(self._ax, ramp_rgba(layer.field, layer.stops), panel.projection.extent, self._clip,
               zorder=self._z0 + index)

    def zone_layer(self, panel: Panel, layer: ZoneLayer, index: int) -> None:
        z = self._z0 + index
        if len(layer.dots):
            dots = PatchCollection([Circle(tuple(d), layer.dot_radius) for d in layer.dots],
                                   facecolor=layer.color, edgecolor="none", zorder=z)
            self._ax.add_collection(dots, autolim=False)
            dots.set_clip_path(self._clip)
        self._fill_above(panel, layer.field, layer.solid_from, layer.color, 1.0, z)

    def tint_layer(self, panel: Panel, layer: TintLayer, index: int) -> None:
        self._fill_above(panel, layer.field, 0.5, layer.color, layer.alpha, self._z0 + index)

    def outline_layer(self, panel: Panel, layer: OutlineLayer, index: int) -> None:
        style = (0, layer.dashes) if layer.dashes else "solid"
        for points, codes in outline_polygons(panel, layer):
            path = Path(points, codes)
            if layer.fill_alpha > 0:
                self._patch(PathPatch(path, facecolor=layer.color, alpha=layer.fill_alpha, edgecolor="none",
                                      zorder=self._z0 + index))
            if layer.width > 0:
                self._patch(PathPatch(path, facecolor="none", edgecolor=layer.color, linewidth=layer.width,
                                      linestyle=style, joinstyle="round", capstyle="round",
                                      zorder=self._z0 + index))

    def _patch(self, patch: PathPatch) -> None:
        self._ax.add_artist(patch)
        patch.set_clip_path(self._clip)

    def _numbers(self, panel: Panel, rect) -> None:
        """Drawn on the panel's Axes with its marks (:func:`_marker_texts`), as on an Axes of one's own."""

    def _fill_above(self, panel: Panel, field: np.ndarray, level: float, color: str, alpha: float, z: int
                    ) -> None:
        u, v = panel.projection.grid
        for points, codes in filled_contours(u, v, field, level):
            self._patch(PathPatch(Path(points, codes), facecolor=color, alpha=alpha, edgecolor="none",
                                  zorder=z))

    def text(self, text: Text) -> None:
        options = dict(ha=text.ha, va=text.va, fontsize=text.size, color=text.color,
                       family=_family(text.text), parse_math=False, weight="bold" if text.bold else "normal")
        if text.spacing is not None:
            options["linespacing"] = text.spacing
        if text.role in ("legend", "ramp"):
            self.page.text(text.at[0], text.at[1], text.text, **options)
        else:
            self.fig.text(text.at[0] / self.width, text.at[1] / self.height, text.text, **options)

    def block(self, block: TextBlock) -> None:
        for line, y in zip(block.lines, block.baselines()):
            self.page.text(block.x, y, line, ha="left", va="baseline", fontsize=block.size,
                           family=_family(line), parse_math=False, weight="bold" if block.bold else "normal",
                           color=block.color or self.scene.ink)

    def box(self, box: Box) -> None:
        self.page.add_artist(Rectangle((box.x, box.y), box.width, box.height, facecolor=box.fill or "none",
                                       edgecolor=box.stroke or "none", linewidth=box.stroke_width))

    def legend_ramp(self, item: LegendItem) -> None:
        x, y, w, h = item.swatch
        base = hex_to_rgb(self.scene.swatch_base)
        rgba = ramp_rgba(np.linspace(0, 1, 128), item.entry.stops)
        rgb = rgba[:, :3] * rgba[:, 3:] + base * (1 - rgba[:, 3:])
        self.page.imshow(rgb[None, :, :], extent=(x, x + w, y, y + h), aspect="auto",
                         interpolation="bilinear")
        self.legend_swatch(item, "none")

    def legend_swatch(self, item: LegendItem, fill: str) -> None:
        x, y, w, h = item.swatch
        self.page.add_artist(Rectangle((x, y), w, h, facecolor=fill, edgecolor=FRAME["color"],
                                       linewidth=FRAME["width"]))

    def legend_dots(self, item: LegendItem, centres: np.ndarray, color: str) -> None:
        for cx, cy in centres:
            self.page.add_artist(Circle((cx, cy), LEGEND_DOT_IN, facecolor=color, edgecolor="none"))

    def legend_mark(self, item: LegendItem, at: tuple[float, float]) -> None:
        for color, size, width in ((MARKER["halo"], MARKER["size"] + 1, MARKER["halo_width"]),
                                   (MARKER["color"], MARKER["size"], MARKER["width"])):
            self.page.plot([at[0]], [at[1]], marker="x", markersize=size, markeredgewidth=width, color=color)

    def legend_outline(self, item: LegendItem) -> None:
        x, y, w, h = item.swatch
        entry = item.entry
        self.page.add_artist(Rectangle((x, y), w, h, facecolor=(*hex_to_rgb(entry.color), 0.16),
                                       edgecolor=entry.color, linewidth=1.0,
                                       linestyle=(0, entry.dashes) if entry.dashes else "solid"))

    def legend_landmark(self, item: LegendItem, at: tuple[float, float]) -> None:
        self.page.plot([at[0]], [at[1]], **_LANDMARK_STYLE)


def silhouette_path(panel: Panel) -> Path:
    """The body outline of a panel as one matplotlib compound path."""
    rings = panel.projection.silhouette
    return Path(np.concatenate([p for p, _ in rings]), np.concatenate([c for _, c in rings]))


def _image(ax: Axes, rgba: np.ndarray, extent, clip: PathPatch, zorder: int) -> None:
    if rgba.dtype != np.uint8:
        rgba = to_uint8(rgba)
    im = ax.imshow(rgba, origin="lower", extent=extent, interpolation="bilinear",
                   interpolation_stage="rgba", zorder=zorder, resample=True)
    im.set_clip_path(clip)


_LANDMARK_STYLE = dict(linestyle="none", marker="o", markersize=2 * LANDMARK["radius"],
                       markerfacecolor=LANDMARK["fill"], markeredgecolor=LANDMARK["color"],
                       markeredgewidth=LANDMARK["width"])


def _markers(ax: Axes, panel: Panel) -> None:
    pts = np.array([(m.u, m.v) for m in panel.markers if m.kind == "landmark"])
    if len(pts):
        ax.plot(pts[:, 0], pts[:, 1], zorder=59, **_LANDMARK_STYLE)
    for kind in ("dot", "x"):
        pts = np.array([(m.u, m.v) for m in panel.markers if m.kind == kind])
        if len(pts) == 0:
            continue
        if kind == "x":
            for color, size, width, z in ((MARKER["halo"], MARKER["size"] + 1, MARKER["halo_width"], 60),
                                          (MARKER["color"], MARKER["size"], MARKER["width"], 61)):
                ax.plot(pts[:, 0], pts[:, 1], linestyle="none", marker="x", markersize=size,
                        markeredgewidth=width, color=color, zorder=z)
        else:
            ax.plot(pts[:, 0], pts[:, 1], linestyle="none", marker="o", markersize=2 * DOT["radius"],
                    markerfacecolor=DOT["color"], markeredgecolor=DOT["edge"],
                    markeredgewidth=DOT["edge_width"], zorder=60)


def _marker_texts(ax: Axes, panel: Panel) -> None:
    """The numbers beside trigger points and the names beside landmarks, edged in white."""
    from matplotlib.patheffects import withStroke

    fig_w, fig_h = ax.figure.get_size_inches()
    box = ax.get_position()
    u0, u1, v0, v1 = panel.window
    scale = 72 * min(box.width * fig_w / (u1 - u0), box.height * fig_h / (v1 - v0))  # points per cm
    for mark, offset, text in marker_texts(panel, scale):
        ax.annotate(text.text, mark, xytext=offset, textcoords="offset points", ha=text.ha, va=text.va,
                    fontsize=text.size, color=text.color, family=_family(text.text), parse_math=False,
                    zorder=62,
                    weight="bold" if text.bold else "normal", annotation_clip=False,
                    path_effects=[withStroke(linewidth=2 * text.halo, foreground=MARKER["halo"])])


def _callouts(ax: Axes, panel: Panel, ink: str) -> None:
    for c in panel.callouts:
        ax.plot([c.point[0], c.text_at[0]], [c.point[1], c.text_at[1]], color=LEADER["color"],
                linewidth=LEADER["width"], zorder=55)
        ax.text(c.text_at[0], c.text_at[1], f" {c.text} ", ha="left" if c.align == "left" else "right",
                va="center", fontsize=CALLOUT_PT, color=ink, family=_family(c.text), parse_math=False,
                zorder=56)


def figure_bytes(fig: Figure, fmt: str, dpi: float) -> bytes:
    """Render a figure to PNG or PDF bytes, with no timestamps (same call, same bytes)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    metadata = {"Software": None} if fmt == "png" else {"Creator": None, "Producer": None,
                                                         "CreationDate": None}
    extra = {"pil_kwargs": {"compress_level": COMPRESS_LEVEL}} if fmt == "png" else {}
    buf = io.BytesIO()
    with embedded_fonts():
        fig.savefig(buf, format=fmt, dpi=dpi, metadata=metadata, facecolor=fig.get_facecolor(), **extra)
    return buf.getvalue()


@contextmanager
def embedded_fonts():
    """A matplotlib settings context in which PDFs embed their fonts as TrueType (Type 42), as print
    workflows, screen readers and journals want, not as Type 3 glyph drawings.  Within it
    matplotlib does not log that a fallback font (for other scripts) has no bold: that is expected."""
    import matplotlib

    log = logging.getLogger("matplotlib.font_manager")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        with matplotlib.rc_context({"pdf.fonttype": 42, "ps.fonttype": 42}):
            yield
    finally:
        log.setLevel(level)

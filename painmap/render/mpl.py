"""Drawing a :class:`~painmap.scene.elements.Scene` with matplotlib (PDF, ``PainMap.figure``, ``pm.plot`` Axes).

PNG is drawn without matplotlib (``render/raster.py``); this module is imported
only when a PDF or a matplotlib Figure is asked for, so ``import painmap`` and a
PNG or SVG stay light.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.figure import Figure
from matplotlib.patches import Circle, PathPatch, Rectangle
from matplotlib.path import Path

from ..body.image import filled_contours
from ..scene.elements import (
    CALLOUT_PT,
    CAPTION_PT,
    LEGEND_DOT_IN,
    LEGEND_DOT_STEP_IN,
    LEGEND_PT,
    PANEL_LABEL_GAP_IN,
    PANEL_LABEL_PT,
    TITLE_PT,
    FieldLayer,
    Layout,
    LegendItem,
    Panel,
    Scene,
    TintLayer,
    ZoneLayer,
    lattice,
)
from ..scene.style import MARKER, hex_to_rgb
from .compositing import body_image, to_uint8
from .png import COMPRESS_LEVEL
from .ramp import ramp_rgba

FONT = "DejaVu Sans"


def draw_scene(scene: Scene) -> Figure:
    """Return a new matplotlib Figure showing the scene (no pyplot, no global state)."""
    width, height = scene.layout.size
    fig = Figure(figsize=(width, height))
    fig.patch.set_facecolor(scene.paper or "none")
    fig.patch.set_alpha(1.0 if scene.paper else 0.0)
    for panel, (left, bottom, w, h) in zip(scene.panels, scene.layout.panels):
        ax = fig.add_axes((left / width, bottom / height, w / width, h / height))
        draw_panel(panel, ax, ink=scene.ink)
        if panel.label:
            fig.text((left + w / 2) / width, (bottom - PANEL_LABEL_GAP_IN) / height, panel.label, ha="center",
                     va="top", fontsize=PANEL_LABEL_PT, color=scene.ink, family=FONT, parse_math=False)
    if scene.title and scene.layout.title_at:
        x, y = scene.layout.title_at
        fig.text(x / width, y / height, scene.title, ha="center", va="baseline",
                 fontsize=TITLE_PT, color=scene.ink, family=FONT, parse_math=False, weight="bold")
    if scene.caption and scene.layout.caption_at:
        x, y = scene.layout.caption_at
        fig.text(x / width, y / height, scene.caption, ha="left", va="top",
                 fontsize=CAPTION_PT, color=scene.ink, family=FONT, parse_math=False, linespacing=1.35)
    if scene.layout.legend or scene.blocks or scene.boxes:
        page = _page_axes(fig, scene.layout)
        for item in scene.layout.legend:
            _legend_item(page, item, scene)
        for box in scene.boxes:
            page.add_artist(Rectangle((box.x, box.y), box.width, box.height, facecolor=box.fill or "none",
                                      edgecolor=box.stroke or "none", linewidth=box.stroke_width))
        for block in scene.blocks:
            for line, y in zip(block.lines, block.baselines()):
                page.text(block.x, y, line, ha="left", va="baseline", fontsize=block.size, family=FONT,
                          parse_math=False, weight="bold" if block.bold else "normal",
                          color=block.color or scene.ink)
    return fig


def draw_panel(panel: Panel, ax: Axes, *, ink: str = "#222222") -> Axes:
    """Draw one panel onto `ax` and set its limits to the panel's window.

    The aspect is equal and the Axes box shrinks to fit the window (as ``imshow``
    does), which works on shared Axes and in any subplot grid without warnings.
    """
    proj, look = panel.projection, panel.look
    path = silhouette_path(panel)
    ax.add_artist(PathPatch(path, facecolor=look.fill, edgecolor="none", zorder=1))
    clip = PathPatch(path, transform=ax.transData, facecolor="none", edgecolor="none")
    image, rest = body_image(panel)
    if image is not None:
        _image(ax, image, proj.extent, clip, zorder=2)
    for z, layer in enumerate(rest, start=3):
        _layer(ax, panel, layer, clip, z)
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
    _callouts(ax, panel, ink)
    u0, u1, v0, v1 = panel.window
    ax.set_xlim(u0, u1)
    ax.set_ylim(v0, v1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    return ax


def silhouette_path(panel: Panel) -> Path:
    """The body outline of a panel as one matplotlib compound path."""
    rings = panel.projection.silhouette
    return Path(np.concatenate([p for p, _ in rings]), np.concatenate([c for _, c in rings]))


def _layer(ax: Axes, panel: Panel, layer, clip: PathPatch, z: int) -> None:
    proj = panel.projection
    u, v = proj.grid
    if isinstance(layer, FieldLayer):
        _image(ax, ramp_rgba(layer.field, layer.stops), proj.extent, clip, zorder=z)
        return
    if isinstance(layer, TintLayer):
        color, alpha, level = layer.color, layer.alpha, 0.5
    else:
        assert isinstance(layer, ZoneLayer)
        color, alpha, level = layer.color, 1.0, layer.solid_from
        if len(layer.dots):
            dots = PatchCollection([Circle(tuple(d), layer.dot_radius) for d in layer.dots],
                                   facecolor=color, edgecolor="none", zorder=z)
            ax.add_collection(dots, autolim=False)
            dots.set_clip_path(clip)
    for points, codes in filled_contours(u, v, layer.field, level):
        patch = PathPatch(Path(points, codes), facecolor=color, alpha=alpha, edgecolor="none", zorder=z)
        ax.add_artist(patch)
        patch.set_clip_path(clip)


def _image(ax: Axes, rgba: np.ndarray, extent, clip: PathPatch, zorder: int) -> None:
    if rgba.dtype != np.uint8:
        rgba = to_uint8(rgba)
    im = ax.imshow(rgba, origin="lower", extent=extent, interpolation="bilinear",
                   interpolation_stage="rgba", zorder=zorder, resample=True)
    im.set_clip_path(clip)


def _markers(ax: Axes, panel: Panel) -> None:
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
            ax.plot(pts[:, 0], pts[:, 1], linestyle="none", marker="o", markersize=2.6,
                    markerfacecolor="#c62828", markeredgecolor="white", markeredgewidth=0.5,
                    zorder=60)


def _callouts(ax: Axes, panel: Panel, ink: str) -> None:
    for c in panel.callouts:
        ax.plot([c.point[0], c.text_at[0]], [c.point[1], c.text_at[1]], color="#9a9a9a",
                linewidth=0.35, zorder=55)
        ax.text(c.text_at[0], c.text_at[1], f" {c.text} ", ha="left" if c.align == "left" else "right",
                va="center", fontsize=CALLOUT_PT, color=ink, family=FONT, parse_math=False, zorder=56)


def _page_axes(fig: Figure, layout: Layout) -> Axes:
    """An invisible Axes over the whole page whose units are inches from the lower left."""
    width, height = layout.size
    ax = fig.add_axes((0, 0, 1, 1), label="painmap-page")
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    ax.patch.set_alpha(0.0)
    return ax


def _legend_item(ax: Axes, item: LegendItem, scene: Scene) -> None:
    e = item.entry
    x, y, w, h = item.swatch
    if e.kind == "ramp":
        base = hex_to_rgb(scene.swatch_base)
        t = np.linspace(0, 1, 128)
        rgba = ramp_rgba(t, e.stops)
        rgb = rgba[:, :3] * rgba[:, 3:] + base * (1 - rgba[:, 3:])
        ax.imshow(rgb[None, :, :], extent=(x, x + w, y, y + h), aspect="auto", interpolation="bilinear")
        ax.add_artist(Rectangle((x, y), w, h, facecolor="none", edgecolor="#9a9a9a", linewidth=0.4))
        for label, at, ha in ((e.low, x, "left"), (e.high, x + w, "right")):
            if label:
                ax.text(at, y - 0.03, label, ha=ha, va="top", fontsize=LEGEND_PT - 1.5, color=scene.ink,
                        family=FONT, parse_math=False)
    elif e.kind == "solid":
        ax.add_artist(Rectangle((x, y), w, h, facecolor=e.color, edgecolor="#9a9a9a", linewidth=0.4))
    elif e.kind == "stipple":
        ax.add_artist(Rectangle((x, y), w, h, facecolor=scene.swatch_base, edgecolor="#9a9a9a",
                                linewidth=0.4))
        for cx, cy in lattice((x, y, x + w, y + h), LEGEND_DOT_STEP_IN):
            ax.add_artist(Circle((cx, cy), LEGEND_DOT_IN, facecolor=e.color, edgecolor="none"))
    else:
        cx, cy = x + w / 2, y + h / 2
        for color, size, width in ((MARKER["halo"], MARKER["size"] + 1, MARKER["halo_width"]),
                                   (MARKER["color"], MARKER["size"], MARKER["width"])):
            ax.plot([cx], [cy], marker="x", markersize=size, markeredgewidth=width, color=color)
    ax.text(item.text_at[0], item.text_at[1], e.text, ha="left", va="center", fontsize=LEGEND_PT,
            color=scene.ink, family=FONT, parse_math=False)


def figure_bytes(fig: Figure, fmt: str, dpi: float) -> bytes:
    """Render a figure to PNG or PDF bytes, with no timestamps (same call, same bytes)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    metadata = {"Software": None} if fmt == "png" else {"Creator": None, "Producer": None,
                                                         "CreationDate": None}
    extra = {"pil_kwargs": {"compress_level": COMPRESS_LEVEL}} if fmt == "png" else {}
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=dpi, metadata=metadata, facecolor=fig.get_facecolor(), **extra)
    return buf.getvalue()

"""Drawing a :class:`~painmap.scene.Scene` with matplotlib (PNG, PDF, notebooks, Axes).

Only this module and ``render/svg.py`` import a drawing library; painmap imports
them when something is drawn, so ``import painmap`` stays light.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path

from ..body.image import filled_contours
from ..scene import FieldLayer, Panel, Scene, TintLayer
from .ramp import ramp_rgba

FONT = "DejaVu Sans"
CALLOUT_PT = 6.5
TITLE_PT = 13.0
CAPTION_PT = 7.0
PANEL_LABEL_PT = 8.5


def draw_scene(scene: Scene) -> Figure:
    """Return a new matplotlib Figure showing the scene (no pyplot, no global state)."""
    width, height = scene.layout.size
    fig = Figure(figsize=(width, height))
    fig.patch.set_facecolor(scene.paper or "none")
    fig.patch.set_alpha(1.0 if scene.paper else 0.0)
    for panel, (left, bottom, w, h) in zip(scene.panels, scene.layout.panels):
        ax = fig.add_axes((left / width, bottom / height, w / width, h / height))
        draw_panel(panel, ax, ink=scene.ink)
    if scene.title and scene.layout.title_at:
        x, y = scene.layout.title_at
        fig.text(x / width, y / height, scene.title, ha="center", va="baseline",
                 fontsize=TITLE_PT, color=scene.ink, family=FONT, weight="bold")
    if scene.caption and scene.layout.caption_at:
        x, y = scene.layout.caption_at
        fig.text(x / width, y / height, scene.caption, ha="left", va="top",
                 fontsize=CAPTION_PT, color=scene.ink, family=FONT, linespacing=1.3)
    return fig


def draw_panel(panel: Panel, ax: Axes, *, ink: str = "#222222", adjustable: str = "box") -> Axes:
    """Draw one panel onto `ax` and set its limits to the panel's window.

    `adjustable` is passed to ``Axes.set_aspect``: painmap's own figures size the
    axes box to the panel (``"box"``); on a user's Axes the limits adapt instead.
    """
    proj, look = panel.projection, panel.look
    path = silhouette_path(panel)
    ax.add_patch(PathPatch(path, facecolor=look.fill, edgecolor="none", zorder=1))
    clip = PathPatch(path, transform=ax.transData, facecolor="none", edgecolor="none")
    if look.shade_dark:
        rgb = look.shade_rgb(proj.shading)
        alpha = np.where(np.isnan(proj.shading), 0.0, 1.0)[..., None]
        _image(ax, np.concatenate([rgb, alpha], axis=-1), proj.extent, clip, zorder=2)
    for z, layer in enumerate(panel.layers, start=3):
        if isinstance(layer, FieldLayer):
            _image(ax, ramp_rgba(layer.field, layer.stops), proj.extent, clip, zorder=z)
        elif isinstance(layer, TintLayer):
            u, v = proj.grid
            for points, codes in filled_contours(u, v, np.nan_to_num(layer.field), 0.5):
                patch = PathPatch(Path(points, codes), facecolor=layer.color, alpha=layer.alpha,
                                  edgecolor="none", zorder=z)
                ax.add_patch(patch)
                patch.set_clip_path(clip)
    lines = [(proj.feature_lines, look.feature_color, look.feature_width),
             (panel.guides, look.guide_color, look.guide_width)]
    for segments, color, width in lines:
        if segments and width > 0:
            coll = LineCollection(segments, colors=color, linewidths=width, capstyle="round",
                                  joinstyle="round", zorder=40)
            ax.add_collection(coll)
            coll.set_clip_path(clip)
    ax.add_patch(PathPatch(path, facecolor="none", edgecolor=look.outline_color,
                           linewidth=look.outline_width, joinstyle="round", zorder=41))
    _markers(ax, panel)
    _callouts(ax, panel, ink)
    u0, u1, v0, v1 = panel.window
    if panel.label:
        ax.text((u0 + u1) / 2, v0, panel.label, ha="center", va="bottom", fontsize=PANEL_LABEL_PT,
                color=ink, family=FONT, zorder=50)
    ax.set_xlim(u0, u1)
    ax.set_ylim(v0, v1)
    ax.set_aspect("equal", adjustable=adjustable)
    ax.set_axis_off()
    return ax


def silhouette_path(panel: Panel) -> Path:
    """The body outline of a panel as one matplotlib compound path."""
    rings = panel.projection.silhouette
    return Path(np.concatenate([p for p, _ in rings]), np.concatenate([c for _, c in rings]))


def _image(ax: Axes, rgba: np.ndarray, extent, clip: PathPatch, zorder: int) -> None:
    im = ax.imshow(rgba, origin="lower", extent=extent, interpolation="bilinear",
                   interpolation_stage="rgba", zorder=zorder, resample=True)
    im.set_clip_path(clip)


def _markers(ax: Axes, panel: Panel) -> None:
    for kind in ("dot", "x"):
        pts = np.array([(m.u, m.v) for m in panel.markers if m.kind == kind])
        if len(pts) == 0:
            continue
        if kind == "x":
            ax.plot(pts[:, 0], pts[:, 1], linestyle="none", marker="x", markersize=7,
                    markeredgewidth=2.6, color="white", zorder=60)
            ax.plot(pts[:, 0], pts[:, 1], linestyle="none", marker="x", markersize=6,
                    markeredgewidth=1.5, color="#111111", zorder=61)
        else:
            ax.plot(pts[:, 0], pts[:, 1], linestyle="none", marker="o", markersize=2.6,
                    markerfacecolor="#c62828", markeredgecolor="white", markeredgewidth=0.5,
                    zorder=60)


def _callouts(ax: Axes, panel: Panel, ink: str) -> None:
    for c in panel.callouts:
        ax.plot([c.point[0], c.text_at[0]], [c.point[1], c.text_at[1]], color="#9a9a9a",
                linewidth=0.35, zorder=55)
        ax.text(c.text_at[0], c.text_at[1], f" {c.text} " if c.align else c.text,
                ha="left" if c.align == "left" else "right", va="center",
                fontsize=CALLOUT_PT, color=ink, family=FONT, zorder=56)


def figure_bytes(fig: Figure, fmt: str, dpi: float) -> bytes:
    """Render a figure to PNG or PDF bytes, with no timestamps (same call, same bytes)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    metadata = {"Software": None} if fmt == "png" else {"Creator": None, "Producer": None,
                                                         "CreationDate": None}
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=dpi, metadata=metadata, facecolor=fig.get_facecolor())
    return buf.getvalue()

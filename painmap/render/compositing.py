"""Pixel compositing shared by the raster back ends (numpy only).

The shaded body and the glow layers right above it become one RGBA image on the
projection grid (row 0 at the bottom); ``render/mpl.py`` shows it with
``imshow``, ``render/raster.py`` resamples it onto the page's pixels.
"""

from __future__ import annotations

import weakref
from functools import lru_cache

import numpy as np

from ..body.image import hot_box
from ..body.projection import Projection
from ..scene.elements import FieldLayer, Panel
from ..scene.style import BodyLook, hex_to_rgb
from .ramp import ramp_rgba

_ROWS_AT_ONCE = 128


@lru_cache(maxsize=48)
def shading_rgba(proj: Projection, look: BodyLook) -> np.ndarray:
    """The shaded body as an RGBA image (computed once per view and style).

    Outside the body the colour is the one shading gives NaN (its light end), and
    transparent.  Colours are computed a band of rows at a time: the temporaries
    stay in the processor's cache (twice as fast as the whole grid at once) and
    small at the memory peak.
    """
    shading = proj.shading
    out = np.empty(shading.shape + (4,), np.uint8)
    for top in range(0, len(shading), _ROWS_AT_ONCE):
        band = slice(top, top + _ROWS_AT_ONCE)
        rgb = look.shade_rgb(shading[band])
        for k in range(3):  # a channel at a time (numpy is slow over a last axis of 3 or 4)
            out[band, :, k] = to_uint8(rgb[..., k])
    out[..., 3] = np.isfinite(shading)
    out[..., 3] *= 255
    return out


def body_image(panel: Panel) -> tuple[np.ndarray | None, list]:
    """The panel's shading and the glow layers right above it as one RGBA image, and the layers left.

    Compositing them here paints the same pixels as drawing them one over another,
    with one resampling instead of several.  The image is None when the body is
    flat and no glow layer leads.  It is kept while the panel lives: a figure
    drawn again (another format, dpi or layout, as the gallery's thumbnails are)
    composites once.
    """
    look, layers = panel.look, panel.layers
    glows = 0
    while glows < len(layers) and isinstance(layers[glows], FieldLayer):
        glows += 1
    if not (look.shade_dark or glows):
        return None, list(layers)
    image = _BODY_IMAGES.get(panel)
    if image is None:
        base = shading_rgba(panel.projection, look) if look.shade_dark else None
        image = _BODY_IMAGES[panel] = composite(base, layers[:glows], look.fill)
    return image, list(layers[glows:])


_BODY_IMAGES: weakref.WeakKeyDictionary[Panel, np.ndarray] = weakref.WeakKeyDictionary()


def composite(base: np.ndarray | None, layers, fill: str) -> np.ndarray:
    """Glow layers painted ("over") onto the shaded body, or onto its flat fill colour.

    Only pixels where some glow is present are recomputed; elsewhere the base stands.

    Examples
    --------
    >>> from painmap.scene.elements import FieldLayer
    >>> red = ((0.0, "#ff0000", 0.0), (1.0, "#ff0000", 1.0))
    >>> glow = FieldLayer(np.array([[0.0, 1.0]]), red, np.array([]))
    >>> composite(None, [glow], "#ffffff").tolist()
    [[[255, 255, 255, 255], [255, 0, 0, 255]]]
    """
    if not layers:
        return base
    shape = layers[0].field.shape
    if base is None:
        inside = np.any([~np.isnan(layer.field) for layer in layers], axis=0)
        base = np.zeros(shape + (4,), np.uint8)
        base[inside] = to_uint8(np.r_[hex_to_rgb(fill), 1.0])
    out = base.copy()
    hot = layers[0].field > 0  # NaN (outside the body) is not > 0
    for layer in layers[1:]:
        hot |= layer.field > 0
    box = hot_box(hot)
    if box is None:
        return out
    hot, painted = hot[box], out[box]  # a view: painting it paints `out`
    rgb = painted[hot, :3] / 255.0
    for layer in layers:
        top = ramp_rgba(layer.field[box][hot], layer.stops)
        rgb = top[:, :3] * top[:, 3:] + rgb * (1 - top[:, 3:])
    painted[hot, :3] = to_uint8(rgb)
    return out


def to_uint8(rgba: np.ndarray) -> np.ndarray:
    """Colours in 0..1 to bytes (rounded, clipped).

    Examples
    --------
    >>> to_uint8(np.array([0.0, 0.5, 1.2])).tolist()
    [0, 128, 255]
    """
    return np.round(np.clip(rgba, 0.0, 1.0) * 255).astype(np.uint8)

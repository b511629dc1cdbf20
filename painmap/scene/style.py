"""Body styles and colours, as plain data shared by both renderers.

Nothing here imports matplotlib: colours are hex strings and colour ramps are
lists of stops, so the PNG and the SVG of one picture use the very same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from ..core import checks

BodyStyle = Literal["shaded", "outline"]
BODY_STYLES: tuple[str, ...] = ("shaded", "outline")
Background = Literal["light", "dark", "transparent"]
BACKGROUNDS: tuple[str, ...] = ("light", "dark", "transparent")


@dataclass(frozen=True)
class BodyLook:
    """How the bare body is drawn.

    Attributes
    ----------
    fill : str
        Flat body colour (the whole body in the outline style, the base under the
        shading in the shaded style).
    shade_dark, shade_light : str or None
        Ends of the grey ramp the shading field is mapped onto; None for no shading.
    outline_color, outline_width : str, float
        The silhouette's contour (width in points).
    feature_color, feature_width : str, float
        Interior lines where one body part passes in front of another.
    guide_color, guide_width : str, float
        Anatomical guide lines (spine, scapulae, iliac crests, gluteal folds);
        width 0 hides them.
    """

    fill: str
    shade_dark: str | None
    shade_light: str | None
    outline_color: str
    outline_width: float
    feature_color: str
    feature_width: float
    guide_color: str
    guide_width: float

    def shade_rgb(self, shading: np.ndarray) -> np.ndarray:
        """Map a shading field (0 dark .. 1 light) to RGB in 0..1, shape (..., 3)."""
        dark, light = hex_to_rgb(self.shade_dark), hex_to_rgb(self.shade_light)
        t = np.fmax(np.fmin(shading, 1.0), 0.0)  # clipped to 0..1; NaN (fmin ignores it) is 1
        rgb = np.empty(np.shape(t) + (3,))
        for k in range(3):  # a channel at a time: numpy is slow broadcasting over a last axis of 3
            rgb[..., k] = dark[k] + (light[k] - dark[k]) * t
        return rgb


LOOKS: dict[str, BodyLook] = {
    # A calm, soft 3-D grey body, like the "pain pictures" of massage and therapy articles.
    "shaded": BodyLook(
        fill="#d9dbde", shade_dark="#8f949b", shade_light="#f3f4f5",
        outline_color="#7d8288", outline_width=0.6,
        feature_color="#9da2a8", feature_width=0.45,
        guide_color="#b3b7bc", guide_width=0.0,
    ),
    # A flat light body with a clean dark contour, for print and greyscale.
    "outline": BodyLook(
        fill="#f6f4f1", shade_dark=None, shade_light=None,
        outline_color="#2e2e2e", outline_width=0.9,
        feature_color="#5a5a5a", feature_width=0.55,
        guide_color="#8a8a8a", guide_width=0.45,
    ),
}

# The "red glow": transparent where pain is rare, through light red to deep red where it is common.
GLOW_STOPS: tuple[tuple[float, str, float], ...] = (
    (0.00, "#ff9e8c", 0.00),
    (0.10, "#ff8f7a", 0.16),
    (0.35, "#f4583f", 0.50),
    (0.65, "#dc2a1c", 0.76),
    (1.00, "#b30f0f", 0.90),
)
GLOW_LEVELS = tuple(float(x) for x in np.linspace(0.03, 0.97, 24))

# Travell & Simons style: solid essential zone, stippled spillover zone.
CLASSIC_COLOR = "#c1121f"
CLASSIC_SOLID_FROM = 0.6
CLASSIC_STIPPLE_FROM = 0.15
CLASSIC_DOT_STEP_CM = 0.85
CLASSIC_DOT_CM = 0.17

# Trigger points: a black X on a white halo, readable on any heat colour.
MARKER = {"color": "#111111", "halo": "#ffffff", "size": 6.0, "width": 1.5, "halo_width": 2.8}
NUMBER_HALO = 1.6
"""The white edge around a trigger point's number (points), so it reads on the glow."""

MUSCLE = {"color": "#1d4f91", "fill_alpha": 0.16, "width": 1.2, "dashes": (3.0, 2.0)}
"""The muscle under the skin (``muscle=True``): a navy outline (dashed where it lies deep) and a
light fill, apart from the red of the pain and the grey of the body (sizes in points)."""
LANDMARK = {"color": "#333333", "fill": "#ffffff", "radius": 2.0, "width": 1.0, "text_pt": 6.0}
"""A bony landmark (``landmarks=True``): a small white ring edged in dark grey, its name beside it."""

FRAME = {"color": "#9a9a9a", "width": 0.4}
"""The thin grey frame of legend swatches (width in points)."""
LEADER = {"color": "#9a9a9a", "width": 0.35}
"""Leader lines from a callout's text to its point on the body (width in points)."""
DOT = {"color": "#c62828", "radius": 1.3, "edge": "white", "edge_width": 0.5}
"""A landmark's dot on the body: red with a thin white edge (sizes in points)."""
# Colours for drawing several muscles apart (colour-blind-friendly, distinct in greyscale steps).
MUSCLE_COLORS = ("#c1121f", "#1f6fb2", "#e39b0b", "#5b8c2a", "#7b3fa0", "#0f8b8d", "#8c564b", "#d4508f")

PAPER = {"light": "#ffffff", "dark": "#1e2126", "transparent": None}
INK = {"light": "#222222", "dark": "#f0f0f0", "transparent": "#222222"}


def body_look(style: str) -> BodyLook:
    """Return the look of a body style.

    Raises
    ------
    painmap.ChoiceError
        If `style` is not ``"shaded"`` or ``"outline"``.
    """
    return LOOKS[checks.choice(None, style, BODY_STYLES, kind="body style")]


def colormap_stops(cmap, n: int = 11) -> tuple[tuple[float, str, float], ...]:
    """A glow ramp from a colormap (any callable from 0..1 to RGBA, e.g. a matplotlib ``Colormap``).

    The colours come from `cmap`; the opacity rises with heat as in the red glow,
    so low heat stays transparent over the body.

    Examples
    --------
    >>> stops = colormap_stops(lambda t: (t, 0.0, 1 - t, 1.0), n=3)
    >>> [(v, c) for v, c, _ in stops]
    [(0.0, '#0000ff'), (0.5, '#800080'), (1.0, '#ff0000')]
    """
    at = [s[0] for s in GLOW_STOPS]
    opacity = [s[2] for s in GLOW_STOPS]
    values = np.linspace(0.0, 1.0, n)
    return tuple((float(t), rgb_to_hex(cmap(float(t))), float(np.interp(t, at, opacity))) for t in values)


def hex_to_rgb(color: str) -> np.ndarray:
    """``"#rrggbb"`` to an RGB array in 0..1."""
    color = color.lstrip("#")
    return np.array([int(color[i: i + 2], 16) for i in (0, 2, 4)], dtype=float) / 255.0


def rgb_to_hex(rgb) -> str:
    """RGB in 0..1 to ``"#rrggbb"``."""
    r, g, b = (round(255 * min(max(float(c), 0.0), 1.0)) for c in rgb[:3])
    return f"#{r:02x}{g:02x}{b:02x}"

"""The options every picture takes, checked once and returned parsed.

:func:`picture_options` checks `side`, `body`, `style` and `heat`;
:func:`heat_scale` turns `cmap`, `vmin`, `vmax` and `alpha` into a
:class:`~painmap.compose.picture.HeatScale`.  Used by :func:`painmap.draw`,
:func:`painmap.plot` and :func:`painmap.handout`.
"""

from __future__ import annotations

from typing import Any

from ..body.shapes import shape_name
from ..body.sides import pain_side
from ..core import checks
from ..core.errors import ArgumentError
from ..scene.colors import colormap
from ..scene.style import BODY_STYLES
from .picture import HEAT_STYLES, HeatScale


def picture_options(*, side: object, body: object, style: object, heat: object) -> dict[str, str]:
    """The options every picture takes (`side`, `body`, `style`, `heat`), checked against
    the live registries.

    Examples
    --------
    >>> picture_options(side="left", body="female", style="outline", heat="classic")["body"]
    'female'
    """
    return {
        "side": pain_side(side),
        "body": shape_name(body),
        "style": checks.choice("style", style, BODY_STYLES, kind="body style"),
        "heat": checks.choice("heat", heat, HEAT_STYLES, kind="heat style"),
    }


def heat_scale(*, cmap_: object = None, vmin: object = None, vmax: object = None, alpha: object = None,
               heat: str = "glow", colors: object = None) -> Any:
    """The :class:`~painmap.compose.picture.HeatScale` from ``cmap``, ``vmin``, ``vmax`` and ``alpha``.

    `vmin`/`vmax` are heat values (0..1, vmin < vmax); `alpha` the glow's opacity
    (0..1).  A colormap and `alpha` colour the glow, so they do not go with
    ``heat="classic"``; a colormap does not go with per-muscle `colors` either.

    Examples
    --------
    >>> heat_scale(vmin=0.1, alpha=0.5)
    HeatScale(vmin=0.1, vmax=1.0, alpha=0.5, stops=None)
    """
    low = checks.number("vmin", vmin, 0.0, 1.0, unit="heat", optional=True)
    high = checks.number("vmax", vmax, 0.0, 1.0, unit="heat", optional=True, low_open=True)
    low, high = 0.0 if low is None else low, 1.0 if high is None else high
    if not low < high:
        raise ArgumentError("vmin", vmin, f"a heat below vmax={high:g}", problem="not below vmax",
                            closest=0.0)
    opacity = checks.number("alpha", alpha, 0.0, 1.0, unit="opacity", optional=True)
    stops = colormap(cmap_)
    if heat == "classic" and (stops is not None or opacity is not None):
        argument, value = ("cmap", cmap_) if stops is not None else ("alpha", alpha)
        raise ArgumentError(argument, value, "None with heat='classic' (solid zones); or heat='glow'",
                            problem="a setting of the glow", closest=None)
    if stops is not None and colors not in (None, False):
        raise ArgumentError("cmap", cmap_, "either cmap (one field) or colors (one colour per muscle)",
                            problem="given together with colors")
    return HeatScale(low, high, 1.0 if opacity is None else opacity, stops)

"""Colours given by the user: a colour, the `colors` option, a colormap; each returned parsed.

Hex strings and RGB tuples are read without matplotlib; colour names and colormaps
are looked up in matplotlib only when one is given (it is imported then, for its
tables).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from numbers import Real
from typing import Any

from ..core import checks
from ..core.errors import ArgumentError, ArgumentTypeError, ChoiceError
from .style import colormap_stops


def color(argument: str, value: object) -> str:
    """Any matplotlib colour (a name, ``"#rgb"``/``"#rrggbb[aa]"``, an RGB(A) tuple in 0..1) as ``"#rrggbb"``.

    Hex strings and tuples are read without matplotlib; names are looked up in it
    only when given.  Transparency in the colour is not used (see ``alpha``).

    Examples
    --------
    >>> color("colors", (1, 0, 0))
    '#ff0000'
    >>> color("colors", "#1F6FB2")
    '#1f6fb2'
    """
    expected = "a matplotlib colour: a name ('red', 'tab:blue'), hex ('#1f6fb2') or an RGB tuple in 0..1"
    if isinstance(value, str):
        text_ = value.strip().lower()
        if re.fullmatch(r"#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})", text_):
            digits = text_[1:]
            if len(digits) in (3, 4):
                digits = "".join(c * 2 for c in digits)
            return "#" + digits[:6]
        return _named_color(argument, value, expected)
    if isinstance(value, (Mapping, bytes)) or not isinstance(value, Iterable):
        raise ArgumentTypeError(argument, value, expected, problem=f"{checks.kind_of(value)}, not a colour")
    items = checks.items(argument, value, expected, 4)
    if len(items) not in (3, 4) or not all(isinstance(c, Real) and not isinstance(c, bool) for c in items):
        raise ArgumentError(argument, value, expected, problem="not an RGB(A) tuple")
    if not all(0.0 <= float(c) <= 1.0 for c in items):
        raise ArgumentError(argument, value, expected, problem="out of range (each part 0..1)")
    return "#" + "".join(f"{round(float(c) * 255):02x}" for c in items[:3])


def _named_color(argument: str, value: str, expected: str) -> str:
    from matplotlib import colors as mcolors

    try:
        return mcolors.to_hex(mcolors.to_rgb(value))
    except ValueError:
        names = sorted(mcolors.get_named_colors_mapping())
        raise ChoiceError("colour", value[:checks.MAX_NAME_CHARS], names, argument=argument) from None


def colors(value: object) -> Any:
    """The `colors` option: None/False (one combined field), True (painmap's palette),
    one colour, a list of colours (one per muscle) or a dict from pattern name to colour.

    Examples
    --------
    >>> colors("red")
    ['#ff0000']
    """
    if value is None or value is True or value is False:
        return value
    if isinstance(value, Mapping):
        out = {}
        for key, c in value.items():
            if not isinstance(key, str):
                raise ArgumentTypeError(
                    "colors", key, "a dict from muscle name to colour", problem=f"{checks.kind_of(key)} key"
                )
            out[key] = color("colors", c)
        return out
    is_tuple = (
        isinstance(value, (tuple, list))
        and len(value) in (3, 4)
        and all(isinstance(c, Real) and not isinstance(c, bool) for c in value)
    )
    if isinstance(value, str) or is_tuple:
        return [color("colors", value)]
    what = "True, a colour, a list of colours or a dict from muscle name to colour"
    return [color("colors", c) for c in checks.items("colors", value, what, checks.MAX_PATTERNS)]


def colormap(value: object) -> Any:
    """A colormap for the glow: a matplotlib name (``"viridis"``, ``"magma_r"``) or ``Colormap``, or None.

    Returns the glow ramp (:func:`painmap.scene.style.colormap_stops`), or None.

    Examples
    --------
    >>> colormap(None) is None
    True
    """
    if value is None:
        return None
    from matplotlib import colormaps
    from matplotlib.colors import Colormap

    if isinstance(value, Colormap):
        return colormap_stops(value)
    if not isinstance(value, str):
        raise ArgumentTypeError("cmap", value, "a matplotlib colormap name such as 'viridis', or a Colormap",
                                problem=f"{checks.kind_of(value)}, not a colormap", closest="viridis")
    if value not in colormaps:
        raise ChoiceError("colormap", value[:checks.MAX_NAME_CHARS], sorted(colormaps), argument="cmap")
    return colormap_stops(colormaps[value])

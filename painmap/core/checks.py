"""Checking what users pass in: the one validation layer of painmap's public functions.

:func:`painmap.draw`, :func:`painmap.plot`, :meth:`painmap.PainMap.save`,
:func:`painmap.handout`, :func:`painmap.booklet`, :func:`painmap.where` and the
command line check their arguments here, once, before any work starts.  A bad
value raises a :class:`painmap.PainmapError` (an :class:`~painmap.core.errors.ArgumentError`,
``ValueError``; :class:`~painmap.core.errors.ArgumentTypeError`, ``TypeError``, for the
wrong kind of value; :class:`~painmap.core.errors.LimitError` for sizes that would
exhaust time or memory; :class:`~painmap.core.errors.ChoiceError` for unknown names)
whose message names the argument, the value, what was expected and the closest
valid choice.  Names are checked against the live registries (``VIEWS``,
``SHAPES``, the catalog), so views, shapes and patterns added later are accepted.

Nothing here imports a plotting library at ``import painmap`` time; colour names
and colormaps are looked up in matplotlib only when one is given.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Mapping
from numbers import Real
from pathlib import Path
from typing import Any

from .errors import ArgumentError, ArgumentTypeError, ChoiceError, FormatError, LimitError, OutputError
from .text import xml_safe

MAX_PATTERNS = 400
"""At most this many patterns (or pain locations) in one call."""
MAX_VIEWS = 12
MAX_NAME_CHARS = 200
TEXT_LIMITS = {"title": 300, "caption": 3000, "notes": 6000, "advice": 3000}
"""The longest text each text argument takes, in characters."""
DPI_RANGE = (10.0, 2400.0)
SIZE_RANGE_IN = (1.0, 200.0)
MAX_PIXELS = 40_000_000
"""The most pixels a PNG may have (a 40-megapixel image takes about 160 MB to draw)."""
OUTPUT_FORMATS = ("png", "svg", "pdf")
UNITS_IN = {"in": 1.0, "cm": 1 / 2.54, "mm": 1 / 25.4, "pt": 1 / 72}


def _kind(value: object) -> str:
    """What a value is, for a message: "None", "an int", "a str"."""
    if value is None:
        return "None"
    name = type(value).__name__
    return f"{'an' if name[0].lower() in 'aeiou' else 'a'} {name}"


def flag(argument: str, value: object, *, optional: bool = False) -> bool | None:
    """`value` if it is True or False (or None when `optional`).

    Examples
    --------
    >>> flag("sources", True)
    True
    """
    if optional and value is None:
        return None
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return bool(value)
    closest = {
        "no": False,
        "false": False,
        "off": False,
        "0": False,
        "yes": True,
        "true": True,
        "on": True,
        "1": True,
    }.get(str(value).strip().lower())
    expected = "True or False" + (" (or None for the default)" if optional else "")
    raise ArgumentTypeError(
        argument, value, expected, problem=f"{_kind(value)}, not a bool", closest=closest
    )


def number(
    argument: str,
    value: object,
    low: float,
    high: float,
    *,
    unit: str = "",
    integer: bool = False,
    optional: bool = False,
    low_open: bool = False,
) -> float | int | None:
    """`value` as a float (or int) within ``[low, high]``.

    Examples
    --------
    >>> number("alpha", 0.5, 0, 1)
    0.5
    """
    if optional and value is None:
        return None
    what = "a whole number" if integer else "a number"
    expected = f"{what}{' of ' + unit if unit else ''} from {low:g} to {high:g}"
    if low_open:
        expected = f"{what}{' of ' + unit if unit else ''} above {low:g} and at most {high:g}"
    is_int = isinstance(value, int) or type(value).__name__.startswith(("int", "uint"))
    if isinstance(value, bool) or not isinstance(value, Real) or (integer and not is_int):
        raise ArgumentTypeError(argument, value, expected, problem=f"{_kind(value)}, not {what}")
    x = float(value)
    if math.isnan(x):
        raise ArgumentError(argument, value, expected, problem="not a number")
    if x < low or (low_open and x <= low):
        raise ArgumentError(argument, value, expected, problem="too small", closest=_round(low, integer))
    if x > high:
        raise LimitError(argument, value, expected, problem="too large", closest=_round(high, integer))
    return int(value) if integer else x


def _round(x: float, integer: bool) -> float | int:
    return math.ceil(x) if integer else x


def dpi(value: object, *, argument: str = "dpi", optional: bool = False) -> float | None:
    """A resolution in dots per inch.

    Examples
    --------
    >>> dpi(300)
    300.0
    """
    return number(argument, value, *DPI_RANGE, unit="dots per inch", optional=optional)


def pixels(size_in: tuple[float, float], resolution: float, *, argument: str = "dpi") -> None:
    """Refuse a PNG of more than :data:`MAX_PIXELS` pixels."""
    count = size_in[0] * size_in[1] * resolution**2
    if count > MAX_PIXELS:
        most = math.floor(math.sqrt(MAX_PIXELS / (size_in[0] * size_in[1])))
        raise LimitError(
            argument,
            resolution,
            f"at most {MAX_PIXELS / 1e6:g} million pixels; this {size_in[0]:.3g} x "
            f"{size_in[1]:.3g} in picture would have {count / 1e6:.3g} million",
            problem="too large for the picture's size",
            closest=float(most),
        )


def text(argument: str, value: object, *, limit: int | None = None) -> str | None:
    """Text for a title, caption or note (None passes), with XML-forbidden characters removed.

    Examples
    --------
    >>> text("title", "Hip\\x01 pain")
    'Hip pain'
    """
    if value is None:
        return None
    limit = limit or TEXT_LIMITS.get(argument, 3000)
    if not isinstance(value, str):
        raise ArgumentTypeError(
            argument,
            value,
            f"text (a str of at most {limit} characters) or None",
            problem=f"{_kind(value)}, not text",
            closest=str(value)[:40],
        )
    if len(value) > limit:
        raise LimitError(
            argument, value, f"at most {limit} characters", problem=f"{len(value)} characters long"
        )
    return xml_safe(value)


def choice(argument: str, value: object, choices: Iterable[str], kind: str | None = None) -> str:
    """`value` if it is one of `choices` (read at call time from the live registry).

    Examples
    --------
    >>> choice("side", "left", ("right", "left", "both"))
    'left'
    """
    choices = tuple(choices)
    if isinstance(value, str) and value in choices:
        return value
    if not isinstance(value, str):
        listing = ", ".join(repr(c) for c in choices[:12])
        raise ArgumentTypeError(
            argument,
            value,
            f"one of {listing}",
            problem=f"{_kind(value)}, not a name",
            closest=choices[0] if choices else None,
        )
    raise ChoiceError(kind or argument, value[:MAX_NAME_CHARS], choices, argument=argument)


def shape(value: object, *, argument: str = "body") -> str:
    """A body shape's name, forgiving of case, spacing, word order and everyday words.

    Examples
    --------
    >>> shape("Older woman")
    'older_female'
    """
    from ..body.shapes import SHAPES, resolve_shape

    if isinstance(value, str) and len(value) <= MAX_NAME_CHARS:
        try:
            return resolve_shape(value)
        except ChoiceError:
            pass
    return choice(argument, value, SHAPES, kind="body shape")


def _items(argument: str, value: object, what: str, limit: int) -> list:
    """The items of a list-like argument (at most `limit`); refuses strings, mappings and scalars."""
    if value is None or isinstance(value, (str, bytes, Mapping, Real)) or not isinstance(value, Iterable):
        raise ArgumentTypeError(argument, value, what, problem=f"{_kind(value)}")
    items = []
    for item in value:
        items.append(item)
        if len(items) > limit:
            raise LimitError(argument, value, f"at most {limit} items", problem="too long")
    return items


def patterns(value: object, *, argument: str = "patterns") -> Any:
    """Pattern names or :class:`~painmap.Pattern` objects: one, or a list (empty for none).

    Examples
    --------
    >>> patterns("piriformis")
    'piriformis'
    """
    from ..patterns import Pattern

    what = "a muscle name, a Pattern, or a list of them ([] for the bare body)"
    if isinstance(value, Pattern):
        return value
    items = [value] if isinstance(value, str) else _items(argument, value, what, MAX_PATTERNS)
    for item in items:
        if isinstance(item, str):
            if len(item) > MAX_NAME_CHARS:
                raise LimitError(
                    argument,
                    item,
                    f"a muscle name of at most {MAX_NAME_CHARS} characters",
                    problem="too long",
                )
        elif not isinstance(item, Pattern):
            raise ArgumentTypeError(argument, item, what, problem=f"{_kind(item)} in the list")
    return value


def views(value: object, *, argument: str = "view", auto: bool = True, single: bool = False) -> Any:
    """A view name (``VIEWS``, read live), a ``View`` object, "auto", or a list of views.

    Lists may not repeat a view.  With `single` only one view is taken.

    Examples
    --------
    >>> views(["back", "left"])
    ['back', 'left']
    """
    from ..body import camera

    names = tuple(camera.VIEWS) + (("auto",) if auto else ())
    if isinstance(value, (str, camera.View)) or single:
        return _one_view(argument, value, names, camera)
    what = f"a view ({', '.join(repr(n) for n in names)}) or a list of views"
    items = _items(argument, value, what, MAX_VIEWS)
    if not items:
        raise ArgumentError(
            argument, value, what, problem="an empty list", closest="auto" if auto else "front"
        )
    seen: list[str] = []
    for item in items:
        if isinstance(item, str) and item == "auto":
            raise ArgumentError(
                argument,
                value,
                "'auto' alone, or a list of view names",
                problem="a list with 'auto' in it",
                closest="auto",
            )
        key = camera.get_view(_one_view(argument, item, names, camera)).name
        if key in seen:
            raise ArgumentError(
                argument,
                value,
                "each view at most once",
                problem=f"naming {key!r} twice",
                closest=list(dict.fromkeys(camera.get_view(k).name for k in items)),
            )
        seen.append(key)
    return list(items)


def _one_view(argument: str, value: object, names: tuple[str, ...], camera) -> Any:
    """One view: a :class:`View`, a name from the live ``VIEWS``, "auto", or an angle ("az=30,el=10")."""
    if isinstance(value, camera.View) or (isinstance(value, str) and value in names):
        return value
    if isinstance(value, str) and len(value) <= MAX_NAME_CHARS:
        try:
            camera.get_view(value)
            return value
        except ChoiceError:
            pass
    return choice(argument, value, (*names, "az=<degrees>,el=<degrees>"), kind="view")


def size(value: object, resolution: float) -> tuple[float, float] | None:
    """A figure size in inches from ``(width, height)`` or ``"WIDTHxHEIGHT[unit]"``.

    Numbers are inches; strings may end in ``px`` (pixels at `resolution`), ``cm``,
    ``mm``, ``pt`` or ``in``.

    Examples
    --------
    >>> size(("1200px", "900px"), 150)
    (8.0, 6.0)
    >>> size("16x12cm", 150)
    (6.299212598425196, 4.724409448818897)
    """
    if value is None:
        return None
    expected = "(width, height) in inches, or strings such as ('1200px', '800px'), '16x12cm'"
    if isinstance(value, str):
        match = re.fullmatch(r"\s*([^x\s]+)\s*x\s*([\d.eE+-]+)\s*(px|cm|mm|pt|in)?\s*", value.lower())
        if match is None:
            raise ArgumentError("size", value, expected, problem="not a size", closest="6x8in")
        width, height, unit = match.groups()
        unit = unit or ""
        value = (width if width[-2:] in (*UNITS_IN, "px") else width + unit, height + unit)
    if isinstance(value, (Mapping, bytes)) or not isinstance(value, Iterable):
        raise ArgumentTypeError("size", value, expected, problem=f"{_kind(value)}")
    items = _items("size", value, expected, 2)
    if len(items) != 2:
        raise ArgumentError("size", value, expected, problem=f"{len(items)} values, not 2")
    return (_length(items[0], resolution), _length(items[1], resolution))


def _length(value: object, resolution: float) -> float:
    """One side of a size, in inches."""
    expected = (
        f"a number of inches from {SIZE_RANGE_IN[0]:g} to {SIZE_RANGE_IN[1]:g}, or '800px', '12cm', '4in'"
    )
    if isinstance(value, str):
        text_ = value.strip().lower()
        unit = next((u for u in ("px", *UNITS_IN) if text_.endswith(u)), None)
        try:
            amount = float(text_[: -len(unit)] if unit else text_)
        except ValueError:
            raise ArgumentError("size", value, expected, problem="not a length") from None
        inches = amount / resolution if unit == "px" else amount * UNITS_IN.get(unit or "in", 1.0)
    elif isinstance(value, Real) and not isinstance(value, bool):
        inches = float(value)
    else:
        raise ArgumentTypeError("size", value, expected, problem=f"{_kind(value)}")
    low, high = SIZE_RANGE_IN
    if math.isnan(inches) or inches < low:
        raise ArgumentError(
            "size", value, expected, problem=f"{inches:.3g} in, too small", closest=f"{low:g}in"
        )
    if inches > high:
        raise LimitError(
            "size", value, expected, problem=f"{inches:.3g} in, too large", closest=f"{high:g}in"
        )
    return inches


def output(
    path: object, format: object = None, *, argument: str = "path", formats: tuple[str, ...] = OUTPUT_FORMATS
) -> tuple[Path, str]:
    """Where to write and in which format; refuses folders and places that cannot hold a file.

    The format comes from `format`, else from the file's extension; when both are
    given they must agree.

    Examples
    --------
    >>> output("figure.SVG")
    (PosixPath('figure.SVG'), 'svg')
    """
    if not isinstance(path, (str, os.PathLike)) or (isinstance(path, str) and not path.strip()):
        raise ArgumentTypeError(
            argument,
            path,
            "a file path (str or pathlib.Path) such as 'figure.png'",
            problem=f"{_kind(path)}" if not isinstance(path, str) else "empty",
        )
    raw = os.fspath(path)
    if not isinstance(raw, str) or "\x00" in raw:
        raise ArgumentError(argument, path, "a file path (str or pathlib.Path)", problem="not a usable path")
    target = Path(raw)
    if target.is_dir():
        writable(target)
    ext = target.suffix.lstrip(".").lower()
    if format is not None:
        fmt = choice(
            "format", format.lower() if isinstance(format, str) else format, formats, kind="output format"
        )
        if ext in OUTPUT_FORMATS and ext != fmt:
            raise ArgumentError(
                "format",
                format,
                f"the format the file name {target.name!r} ends in",
                problem=f"not the format of {target.name!r}",
                closest=ext,
            )
    elif ext in formats:
        fmt = ext
    else:
        closest = target.with_suffix("." + formats[0]).name if target.name else f"figure.{formats[0]}"
        raise FormatError(argument, str(path), ext, formats, closest)
    writable(target)
    return target, fmt


def writable(target: Path) -> None:
    """Raise :class:`~painmap.core.errors.OutputError` when `target` cannot be written as a file."""
    folder = target.parent
    if target.is_dir():
        raise OutputError(
            f"cannot write {str(target)!r}: it is a folder; give a file name inside it, "
            f"e.g. {str(target / 'figure.png')!r}."
        )
    if not folder.exists():
        blocker = next((p for p in folder.parents if p.exists() and not p.is_dir()), None)
        if folder.is_file() or blocker is not None or (folder.exists() and not folder.is_dir()):
            raise OutputError(
                f"cannot write {str(target)!r}: {str(blocker or folder)!r} is a file, not a folder."
            )
        raise OutputError(
            f"cannot write {str(target)!r}: folder {str(folder)!r} does not exist; create it first."
        )
    if not folder.is_dir():
        raise OutputError(f"cannot write {str(target)!r}: {str(folder)!r} is a file, not a folder.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {str(target)!r}: folder {str(folder)!r} is not writable.")


def folder(path: object, *, argument: str = "folder") -> Path:
    """A folder to write into: it may not exist yet, but it may not be a file.

    Examples
    --------
    >>> folder("out/gallery")
    PosixPath('out/gallery')
    """
    if not isinstance(path, (str, os.PathLike)) or (isinstance(path, str) and not path.strip()):
        raise ArgumentTypeError(argument, path, "a folder path (str or pathlib.Path) such as 'out/'",
                                problem=_kind(path) if not isinstance(path, str) else "empty")
    target = Path(os.fspath(path))
    blocker = next((p for p in (target, *target.parents) if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise OutputError(f"cannot write into {str(target)!r}: {str(blocker)!r} is a file, not a folder.")
    return target


def locations(value: object, *, argument: str = "locations") -> Any:
    """Where it hurts: a :class:`~painmap.PainDrawing` (passes through), a region name or
    everyday words, or a list of them.

    Examples
    --------
    >>> locations("low back")
    ['low back']
    """
    from ..reading.drawing import PainDrawing

    if isinstance(value, PainDrawing):
        return value
    what = "a PainDrawing, a place (a region name or words such as 'low back') or a list of places"
    items = [value] if isinstance(value, str) else _items(argument, value, what, MAX_PATTERNS)
    if not items:
        raise ArgumentError(argument, value, what, problem="an empty list", closest="low back")
    for item in items:
        if not isinstance(item, str):
            raise ArgumentTypeError(argument, item, what, problem=f"{_kind(item)} in the list")
        if len(item) > MAX_NAME_CHARS:
            raise LimitError(argument, item, f"at most {MAX_NAME_CHARS} characters", problem="too long")
    return items


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
        raise ArgumentTypeError(argument, value, expected, problem=f"{_kind(value)}, not a colour")
    items = _items(argument, value, expected, 4)
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
        raise ChoiceError("colour", value[:MAX_NAME_CHARS], names, argument=argument) from None


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
                    "colors", key, "a dict from muscle name to colour", problem=f"{_kind(key)} key"
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
    return [color("colors", c) for c in _items("colors", value, what, MAX_PATTERNS)]


def picture(*, side: object, body: object, style: object, heat: object) -> dict[str, str]:
    """The options every picture takes (`side`, `body`, `style`, `heat`), checked against
    the live registries.

    Examples
    --------
    >>> picture(side="left", body="female", style="outline", heat="classic")["body"]
    'female'
    """
    from ..compose.picture import HEAT_STYLES
    from ..heat import HEAT_SIDES
    from ..scene.style import BODY_STYLES

    return {
        "side": choice("side", side, HEAT_SIDES, kind="side"),
        "body": shape(body),
        "style": choice("style", style, BODY_STYLES, kind="body style"),
        "heat": choice("heat", heat, HEAT_STYLES, kind="heat style"),
    }


def cmap(value: object) -> Any:
    """A colormap for the glow: a matplotlib name (``"viridis"``, ``"magma_r"``) or ``Colormap``, or None.

    Returns the glow ramp (:func:`painmap.scene.style.colormap_stops`), or None.

    Examples
    --------
    >>> cmap(None) is None
    True
    """
    if value is None:
        return None
    from matplotlib import colormaps
    from matplotlib.colors import Colormap

    from ..scene.style import colormap_stops

    if isinstance(value, Colormap):
        return colormap_stops(value)
    if not isinstance(value, str):
        raise ArgumentTypeError("cmap", value, "a matplotlib colormap name such as 'viridis', or a Colormap",
                                problem=f"{_kind(value)}, not a colormap", closest="viridis")
    if value not in colormaps:
        raise ChoiceError("colormap", value[:MAX_NAME_CHARS], sorted(colormaps), argument="cmap")
    return colormap_stops(colormaps[value])


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
    from ..compose.picture import HeatScale

    low = number("vmin", vmin, 0.0, 1.0, unit="heat", optional=True)
    high = number("vmax", vmax, 0.0, 1.0, unit="heat", optional=True, low_open=True)
    low, high = 0.0 if low is None else low, 1.0 if high is None else high
    if not low < high:
        raise ArgumentError("vmin", vmin, f"a heat below vmax={high:g}", problem="not below vmax",
                            closest=0.0)
    opacity = number("alpha", alpha, 0.0, 1.0, unit="opacity", optional=True)
    stops = cmap(cmap_)
    if heat == "classic" and (stops is not None or opacity is not None):
        argument, value = ("cmap", cmap_) if stops is not None else ("alpha", alpha)
        raise ArgumentError(argument, value, "None with heat='classic' (solid zones); or heat='glow'",
                            problem="a setting of the glow", closest=None)
    if stops is not None and colors not in (None, False):
        raise ArgumentError("cmap", cmap_, "either cmap (one field) or colors (one colour per muscle)",
                            problem="given together with colors")
    return HeatScale(low, high, 1.0 if opacity is None else opacity, stops)


FIGURE_OPTIONS = ("legend", "caption", "sources", "background", "size", "dpi", "view_labels")
"""Options of :func:`painmap.draw` that belong to the whole figure, not to one Axes."""
ARTIST_PROPERTIES = ("agg_filter", "animated", "gid", "in_layout", "label", "mouseover", "path_effects",
                     "picker", "rasterized", "sketch_params", "snap", "url", "visible", "zorder")
"""The matplotlib ``Artist`` properties :func:`painmap.plot` passes to the artists it draws."""


def artist_properties(kwargs: dict[str, object]) -> dict[str, object]:
    """Check the ``**kwargs`` of :func:`painmap.plot`: matplotlib ``Artist`` properties.

    Examples
    --------
    >>> artist_properties({"zorder": 3, "gid": "hip"})
    {'zorder': 3.0, 'gid': 'hip'}
    """
    out: dict[str, object] = {}
    for name, value in kwargs.items():
        if name in FIGURE_OPTIONS:
            raise ArgumentError(name, value, "it set on the figure (pm.draw makes whole figures); pm.plot "
                                "draws onto your Axes", problem="an option of pm.draw, not of pm.plot")
        if name not in ARTIST_PROPERTIES:
            raise ChoiceError("Artist property", name, ARTIST_PROPERTIES, argument="**kwargs")
        out[name] = _artist_value(name, value)
    return out


def _artist_value(name: str, value: object) -> object:
    if name == "zorder":
        return number(name, value, -1e6, 1e6)
    if name in ("animated", "in_layout", "mouseover", "visible", "rasterized"):
        return flag(name, value)
    if name == "snap":
        return flag(name, value, optional=True)
    if name in ("gid", "url", "label"):
        return text(name, value, limit=MAX_NAME_CHARS)
    if name == "path_effects":
        from matplotlib.patheffects import AbstractPathEffect

        items = _items(name, value, "a list of matplotlib path effects", 20)
        if not all(isinstance(e, AbstractPathEffect) for e in items):
            raise ArgumentTypeError(name, value, "a list of matplotlib.patheffects objects",
                                    problem="not a list of path effects")
        return items
    if name == "sketch_params":
        if value is None:
            return None
        items = _items(name, value, "(scale, length, randomness) numbers, or None", 3)
        return tuple(number(name, v, 0.0, 1e4) for v in items)
    number_picker = name == "picker" and isinstance(value, (bool, Real))
    if value is not None and not callable(value) and not number_picker:
        raise ArgumentTypeError(name, value, "a function, or None", problem=_kind(value))
    return value

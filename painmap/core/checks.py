"""Checking what users pass in: every check returns the parsed value, or raises.

These are the checks of plain values (flags, numbers, names from a set of choices,
text, sizes, output paths and folders); a part of painmap that owns a kind of value
checks it beside its definition, with these as building blocks: body shapes
(:func:`painmap.body.shapes.shape_name`), views (:func:`painmap.body.camera.parse_views`),
sides (:func:`painmap.body.sides.pain_side`), patterns
(:func:`painmap.patterns.catalog.pattern_request`), colours (:mod:`painmap.scene.colors`),
the options of a picture (:mod:`painmap.compose.options`).  Public functions check their
arguments once, before any work starts.

A bad value raises a :class:`painmap.PainmapError` (an :class:`~painmap.core.errors.ArgumentError`,
``ValueError``; :class:`~painmap.core.errors.ArgumentTypeError`, ``TypeError``, for the
wrong kind of value; :class:`~painmap.core.errors.LimitError` for sizes that would
exhaust time or memory; :class:`~painmap.core.errors.ChoiceError` for unknown names)
whose message names the argument, the value, what was expected and the closest
valid choice.  This module imports nothing of painmap but the other ground modules.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from numbers import Real
from pathlib import Path

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


def kind_of(value: object) -> str:
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
        argument, value, expected, problem=f"{kind_of(value)}, not a bool", closest=closest
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
        raise ArgumentTypeError(argument, value, expected, problem=f"{kind_of(value)}, not {what}")
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
            problem=f"{kind_of(value)}, not text",
            closest=str(value)[:40],
        )
    if len(value) > limit:
        raise LimitError(
            argument, value, f"at most {limit} characters", problem=f"{len(value)} characters long"
        )
    right_to_left = [c for c in value if unicodedata.bidirectional(c) in ("R", "AL")]
    if right_to_left:
        raise ArgumentError(
            argument, value, "text written left to right: painmap cannot yet shape and order Arabic or "
            "Hebrew letters, and would draw them disconnected and backwards; add such text to the saved "
            "SVG or PDF in a tool that lays it out (a word processor, Inkscape)",
            problem=f"right-to-left text ({''.join(dict.fromkeys(right_to_left))[:10]!r})", closest=None)
    return xml_safe(value)


def choice(argument: str | None, value: object, choices: Iterable[str], kind: str | None = None) -> str:
    """`value` if it is one of `choices` (read at call time from the live registry).

    `argument` names the public argument that had the value (the message then reads
    ``side='up' is not a known side``); None for a name met elsewhere, e.g. in a file
    (``unknown side 'up'``), and then `kind` says what it names.

    Examples
    --------
    >>> choice("side", "left", ("right", "left", "both"))
    'left'
    >>> choice(None, "back", ("front", "back"), kind="view")
    'back'
    """
    choices = tuple(choices)
    if isinstance(value, str) and value in choices:
        return value
    if not isinstance(value, str):
        listing = ", ".join(repr(c) for c in choices[:12])
        raise ArgumentTypeError(
            argument or kind or "value",
            value,
            f"one of {listing}",
            problem=f"{kind_of(value)}, not a name",
            closest=choices[0] if choices else None,
        )
    raise ChoiceError(kind or argument or "name", value[:MAX_NAME_CHARS], choices, argument=argument)


def items(argument: str, value: object, what: str, limit: int) -> list:
    """The items of a list-like argument (at most `limit`); refuses strings, mappings and scalars."""
    if value is None or isinstance(value, (str, bytes, Mapping, Real)) or not isinstance(value, Iterable):
        raise ArgumentTypeError(argument, value, what, problem=f"{kind_of(value)}")
    items = []
    for item in value:
        items.append(item)
        if len(items) > limit:
            raise LimitError(argument, value, f"at most {limit} items", problem="too long")
    return items


def size(value: object, resolution: float) -> tuple[float | None, float | None] | None:
    """A figure size in inches from ``(width, height)``, ``"WIDTHxHEIGHT[unit]"`` or a width alone.

    Numbers are inches; strings may end in ``px`` (pixels at `resolution`), ``cm``,
    ``mm``, ``pt`` or ``in``.  A width alone (``"1200px"``, ``6``) or None for one side
    leaves that side to the figure's own proportions (None in the result).

    Examples
    --------
    >>> size(("1200px", "900px"), 150)
    (8.0, 6.0)
    >>> size("16x12cm", 150)
    (6.299212598425196, 4.724409448818897)
    >>> size("1200px", 150), size((None, "4in"), 150)
    ((8.0, None), (None, 4.0))
    """
    if value is None:
        return None
    expected = ("(width, height) in inches, strings such as ('1200px', '800px') or '16x12cm', or a width "
                "alone ('1200px')")
    if isinstance(value, str) and re.fullmatch(r"\s*[\d.eE+-]+\s*(px|cm|mm|pt|in)?\s*", value.lower()):
        return (_length(value, resolution), None)
    if isinstance(value, Real) and not isinstance(value, bool):
        return (_length(value, resolution), None)
    if isinstance(value, str):
        match = re.fullmatch(r"\s*([^x\s]+)\s*x\s*([\d.eE+-]+)\s*(px|cm|mm|pt|in)?\s*", value.lower())
        if match is None:
            raise ArgumentError("size", value, expected, problem="not a size", closest="6x8in")
        width, height, unit = match.groups()
        unit = unit or ""
        value = (width if width[-2:] in (*UNITS_IN, "px") else width + unit, height + unit)
    if isinstance(value, (Mapping, bytes)) or not isinstance(value, Iterable):
        raise ArgumentTypeError("size", value, expected, problem=f"{kind_of(value)}")
    parts = items("size", value, expected, 2)
    if len(parts) != 2:
        raise ArgumentError("size", value, expected, problem=f"{len(parts)} values, not 2")
    if parts[0] is None and parts[1] is None:
        raise ArgumentError("size", value, expected, problem="neither side given", closest=None)
    width, height = (None if part is None else _length(part, resolution) for part in parts)
    return (width, height)


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
        raise ArgumentTypeError("size", value, expected, problem=f"{kind_of(value)}")
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
            problem=f"{kind_of(path)}" if not isinstance(path, str) else "empty",
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
                                problem=kind_of(path) if not isinstance(path, str) else "empty")
    target = Path(os.fspath(path))
    blocker = next((p for p in (target, *target.parents) if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise OutputError(f"cannot write into {str(target)!r}: {str(blocker)!r} is a file, not a folder.")
    return target



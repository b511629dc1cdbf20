"""Fonts for text in any script: DejaVu Sans first, then an installed font that has the glyphs.

painmap writes its text in DejaVu Sans (shipped with matplotlib), which has Latin, Greek
and Cyrillic but no Chinese, Japanese or Korean.  Text with characters DejaVu lacks is cut
into runs, each drawn in the first installed font that has its characters (the system's
font folders, searched only when such text appears, Noto fonts first).  Where no installed
font has a character, a :class:`~painmap.PainmapWarning` names it and says how to install
one; it then shows as an empty box.  The PNG writer draws the runs itself; PDF (matplotlib)
and SVG (the viewer) are given the fallback fonts' family names after DejaVu Sans.

Examples
--------
>>> runs("Hip pain", "/fonts/DejaVuSans.ttf")
[('Hip pain', '/fonts/DejaVuSans.ttf')]
"""

from __future__ import annotations

import importlib.util
import os
import sys
import unicodedata
import warnings
from functools import lru_cache
from pathlib import Path

from ..core.errors import MissingFileError, PainmapWarning

FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
DEJAVU_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}


@lru_cache(maxsize=2)
def dejavu(bold: bool = False) -> str:
    """DejaVu Sans from matplotlib's installed data (found without importing matplotlib).

    Raises
    ------
    painmap.MissingFileError
        When matplotlib's copy of the font is missing.
    """
    spec = importlib.util.find_spec("matplotlib")
    roots = list(spec.submodule_search_locations or []) if spec else []
    for root in roots:
        path = Path(root) / "mpl-data" / "fonts" / "ttf" / DEJAVU_FILES[bold]
        if path.is_file():
            return str(path)
    raise MissingFileError(f"the font {DEJAVU_FILES[bold]} was not found in matplotlib's data "
                           f"(looked in {roots or 'no matplotlib installation'}); reinstall matplotlib.")


def font_dirs() -> list[Path]:
    """The folders fonts are installed in on this platform (those that exist)."""
    home = Path.home()
    if sys.platform == "win32":
        dirs = [Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts",
                Path(os.environ.get("LOCALAPPDATA", home)) / "Microsoft" / "Windows" / "Fonts"]
    elif sys.platform == "darwin":
        dirs = [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library" / "Fonts"]
    else:
        data = os.environ.get("XDG_DATA_HOME", str(home / ".local" / "share"))
        dirs = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path(data) / "fonts",
                home / ".fonts"]
    return [d for d in dirs if d.is_dir()]


@lru_cache(maxsize=1)
def installed_fonts() -> tuple[str, ...]:
    """Font files installed on the machine: Noto fonts first, then sans-serif ones, then the rest (each
    group by path, so the choice is the same from run to run)."""
    files = {str(p) for d in font_dirs() for p in d.rglob("*") if p.suffix.lower() in FONT_SUFFIXES}

    def rank(path: str) -> tuple[int, str]:
        name = Path(path).name.lower()
        return (0 if "noto" in name else 1 if "sans" in name else 2, path)

    return tuple(sorted(files, key=rank))


@lru_cache(maxsize=256)
def codepoints(path: str) -> frozenset[int]:
    """The characters a font file has glyphs for (none for a file that cannot be read)."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, lazy=True, fontNumber=0) as font:
            return frozenset(font.getBestCmap() or {})
    except Exception:  # a broken or unsupported font file is passed over, as font managers do
        return frozenset()


@lru_cache(maxsize=64)
def family(path: str) -> str:
    """A font file's family name (as CSS and matplotlib name it)."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True, fontNumber=0) as font:
        names = font["name"]
        return str(names.getDebugName(16) or names.getDebugName(1) or Path(path).stem)


def _drawn(char: str) -> bool:
    """Whether a character needs a glyph (spaces and controls do not)."""
    return not (char.isspace() or unicodedata.category(char) in ("Cc", "Cf"))


def fallback(char: str) -> str | None:
    """The first installed font that has `char`, or None."""
    return _fallback(ord(char))


@lru_cache(maxsize=4096)
def _fallback(code: int) -> str | None:
    return next((path for path in installed_fonts() if code in codepoints(path)), None)


def runs(line: str, base: str) -> list[tuple[str, str]]:
    """`line` cut into runs of ``(text, font file)``: the `base` font where it has the characters, an
    installed font that has them elsewhere; characters no font has stay in the base font (empty boxes)
    and are named in one :class:`~painmap.PainmapWarning`.

    Examples
    --------
    >>> runs("", "/fonts/DejaVuSans.ttf")
    []
    """
    if line.isascii():
        return [(line, base)] if line else []
    have = codepoints(base)
    out: list[tuple[str, str]] = []
    missing: list[str] = []
    for char in line:
        font = base
        if _drawn(char) and ord(char) not in have:
            found = fallback(char)
            if found is None:
                missing.append(char)
            else:
                font = found
        if not _drawn(char) and out:  # a space goes with the run it is in
            font = out[-1][1]
        if out and out[-1][1] == font:
            out[-1] = (out[-1][0] + char, font)
        else:
            out.append((char, font))
    if missing:
        _warn_missing("".join(dict.fromkeys(missing)))
    return out


def families(text: str, base: str) -> list[str]:
    """Family names of the fonts that draw `text` after the base font's (for PDF and SVG), base first."""
    names = [family(base)]
    for _, path in runs(text, base):
        name = family(path)
        if name not in names:
            names.append(name)
    return names


@lru_cache(maxsize=64)
def _warn_missing(chars: str) -> None:
    codes = ", ".join(f"U+{ord(c):04X}" for c in chars)
    warnings.warn(PainmapWarning(
        f"no installed font has the characters {chars!r} ({codes}); they are drawn as empty boxes. Install a "
        "font that has them, e.g. the Noto fonts (Debian/Ubuntu: apt install fonts-noto-cjk for Chinese, "
        "Japanese and Korean; macOS and Windows: https://fonts.google.com/noto), then draw again"),
        stacklevel=_callers_level())


def _callers_level() -> int:
    """The `stacklevel` that points a warning at the first caller outside painmap."""
    package = str(Path(__file__).resolve().parents[1])
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_code.co_filename.startswith(package):
        frame, level = frame.f_back, level + 1
    return level

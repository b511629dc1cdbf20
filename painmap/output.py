"""Writing files safely: the whole file appears at once, or not at all."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from .errors import ChoiceError, PainmapError

FORMATS = ("png", "svg", "pdf")


def format_of(path: str | os.PathLike, format: str | None = None) -> str:
    """Pick the output format from `format` or the file extension.

    Raises
    ------
    painmap.ChoiceError
        If the format is not PNG, SVG or PDF.

    Examples
    --------
    >>> format_of("figure.SVG")
    'svg'
    """
    fmt = (format or Path(path).suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise ChoiceError("output format", fmt or str(path), FORMATS)
    return fmt


def write_atomic(path: str | os.PathLike, data: bytes | str) -> Path:
    """Write `data` to `path` through a temporary file in the same folder, then rename.

    A failure part-way leaves no partial file behind.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise PainmapError(f"cannot write {str(path)!r}: folder {str(folder)!r} does not exist")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = folder / f".{path.name}.{secrets.token_hex(6)}.part"
    try:
        with open(tmp, "xb") as handle:  # "x": a fresh file with the usual permissions
            handle.write(payload)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path

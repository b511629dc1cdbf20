"""Where painmap's data files live: inside the installed package, or in a source checkout."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path


@cache
def assets_dir() -> Path:
    """Return the directory holding ``body/`` and ``muscles/``.

    A wheel ships the data as ``painmap/assets``; a source checkout (or an editable
    install) keeps it in the repository's top-level ``assets/`` folder.
    """
    packaged = Path(str(files("painmap"))) / "assets"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "assets"

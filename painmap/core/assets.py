"""Where painmap's data files live: inside the installed package, or in a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def assets_dir() -> Path:
    """Return the directory holding ``body/`` and ``muscles/``.

    A wheel ships the data as ``painmap/assets``; a source checkout (or an editable
    install) keeps it in the repository's top-level ``assets/`` folder.  The package's
    folder is found from this file (not through ``importlib.resources``, whose import
    brings in ``zipfile`` and costs a command-line picture several milliseconds).
    """
    packaged = Path(__file__).resolve().parents[1] / "assets"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "assets"

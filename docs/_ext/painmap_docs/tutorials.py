"""Tutorials that wait for parts of painmap still being written."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

REQUIRES = re.compile(r"^\.\. painmap-docs-requires:(.*)$", re.M)  # a reST comment in the docstring


def tutorial_scripts_waiting(folder: Path, public: Iterable[str]) -> list[str]:
    """File names of the tutorials in `folder` that need a name not (yet) in `public`, in order.

    A tutorial names what it needs in its docstring, as a reST comment (not shown)::

        .. painmap-docs-requires: PainDrawing, where
    """
    public = set(public)
    waiting = []
    for script in sorted(folder.glob("plot_*.py")):
        needed = {n.strip() for line in REQUIRES.findall(script.read_text()) for n in line.split(",")}
        missing = sorted(n for n in needed - public if n)
        if missing:
            waiting.append(script.name)
    return waiting


def remove_stale(gallery: Path, scripts: Path, waiting: Iterable[str]) -> list[Path]:
    """Remove pages sphinx-gallery made in `gallery` for tutorials no longer built.

    A renamed, removed or waiting script leaves its page behind in the output folder, and
    Sphinx would warn that the page is in no table of contents.
    """
    built = {p.stem for p in scripts.glob("plot_*.py")} - {Path(w).stem for w in waiting}
    stale = [p for p in gallery.glob("plot_*") if p.is_file() and p.name.split(".")[0] not in built]
    for path in stale:
        path.unlink()
    return stale

"""Tutorials that wait for parts of painmap still being written."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

REQUIRES = re.compile(r"^\.\. painmap-docs-requires:(.*)$", re.M)  # a reST comment in the docstring


def tutorial_scripts_waiting(folder: Path, public: Iterable[str]) -> list[str]:
    """File names of the tutorials in `folder` that need a name not (yet) in `public`.

    A tutorial names what it needs in its docstring, as a reST comment (not shown)::

        .. painmap-docs-requires: PainDrawing, where
    """
    public = set(public)
    waiting = []
    for script in sorted(folder.glob("plot_*.py")):
        needed = {n.strip() for line in REQUIRES.findall(script.read_text()) for n in line.split(",")}
        missing = sorted(n for n in needed - public if n)
        if missing:
            print(f"painmap_docs: {script.name} left out until painmap has {', '.join(missing)}")
            waiting.append(script.name)
    return waiting

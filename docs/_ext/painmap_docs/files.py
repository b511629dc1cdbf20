"""Small file helpers for the generators."""

from __future__ import annotations

from pathlib import Path


def write_if_changed(path: Path, text: str) -> Path:
    """Write `text` to `path` unless it already holds exactly that (so Sphinx rereads only changes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path

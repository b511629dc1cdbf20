"""A sphinx-gallery image scraper for painmap: shows each new :class:`painmap.PainMap` and PNG file.

After every code block of a tutorial it saves the PainMap objects the block made (bound to a
name, or the block's last expression) as PNG, and shows the PNG files the block wrote beside
the script (a handout preview, say).  The files the tutorials write there are removed before
the next tutorial runs and when the build ends.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx_gallery.scrapers import figure_rst

_seen: list[object] = []  # the PainMaps of this tutorial already shown (kept alive, so `is` stays exact)
_shown: dict[Path, int] = {}  # the PNG files of this tutorial already shown, with their modification time
_sources: dict[Path, set[Path]] = {}  # per tutorial folder: the files that belong there (its sources)


def painmap_scraper(block, block_vars, gallery_conf) -> str:
    """Save this block's new pictures and return the reST that shows them."""
    from painmap import PainMap

    folder = Path(block_vars["src_file"]).parent
    images = []
    for value in list(block_vars["example_globals"].values()):
        if isinstance(value, PainMap) and not any(value is s for s in _seen):
            _seen.append(value)
            path = Path(next(block_vars["image_path_iterator"]))
            path.write_bytes(value.to_png(dpi=100))
            images.append(path)
    for new in sorted(_written(folder)):
        if new.suffix == ".png" and _shown.get(new) != new.stat().st_mtime_ns:
            _shown[new] = new.stat().st_mtime_ns
            path = Path(next(block_vars["image_path_iterator"]))
            shutil.copyfile(new, path)
            images.append(path)
    return figure_rst(images, gallery_conf["src_dir"]) if images else ""


def reset_files(gallery_conf, fname) -> None:
    """Before each tutorial runs: remove what the last one wrote, and forget the pictures shown."""
    _seen.clear()
    _shown.clear()
    folders = gallery_conf["examples_dirs"]
    for folder in [folders] if isinstance(folders, str) else folders:
        folder = Path(gallery_conf["src_dir"], folder)
        _sources.setdefault(folder, set(folder.iterdir()))
    clean()


def clean(*_args) -> None:
    """Remove the files the tutorials wrote beside their scripts (connected to ``build-finished``)."""
    for folder in _sources:
        for path in _written(folder):
            if path.is_file():
                path.unlink()


def _written(folder: Path) -> set[Path]:
    return set(folder.iterdir()) - _sources.get(folder, set())

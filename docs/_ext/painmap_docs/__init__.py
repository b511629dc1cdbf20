"""painmap's Sphinx extension: the API reference, pattern gallery and anatomy figures, from the live package.

On ``builder-inited`` it writes ``docs/api/`` (one page per name in ``painmap.__all__``),
and unless ``PAINMAP_DOCS=api``: ``docs/gallery/`` (one page per muscle in the catalog, by
body area, with its pictures) and ``docs/_generated/`` (the anatomy page's figures and
lists), then draws the pictures that changed, in parallel.  These folders are build
products, ignored by git.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from sphinx.util import logging

from . import api, tutorials

logger = logging.getLogger(__name__)


def generate(app) -> None:
    """Write the generated pages and pictures into the source folder before Sphinx reads it."""
    src = Path(app.srcdir)
    start = time.perf_counter()
    api.write(src / "api")
    if "sphinx_gallery.gen_gallery" in app.extensions:
        import painmap

        conf = app.config.sphinx_gallery_conf
        scripts = src / conf["examples_dirs"]
        tutorials.remove_stale(src / conf["gallery_dirs"], scripts,
                               tutorials.tutorial_scripts_waiting(scripts, painmap.__all__))
    if os.environ.get("PAINMAP_DOCS", "") == "api":
        return
    from . import anatomy, catalog, pictures

    gallery, _ = catalog.write(src)
    figures, _ = anatomy.write(src)
    jobs = int(os.environ["PAINMAP_DOCS_JOBS"]) if os.environ.get("PAINMAP_DOCS_JOBS") else None
    drawn, reused = pictures.render(gallery + figures, src / "_generated" / "pictures.json", jobs=jobs)
    logger.info(f"painmap_docs: {drawn} pictures drawn, {reused} reused, "
                f"in {time.perf_counter() - start:.1f} s")


def setup(app):
    from . import scraper

    app.connect("builder-inited", generate)
    app.connect("build-finished", scraper.clean)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

"""Sphinx configuration of the painmap documentation.

Build it with one command from the repository root::

    python -m sphinx -W --keep-going -b html docs docs/_build/html

The API reference, the pattern gallery and the anatomy figures are generated from the
live package and catalog on every build (``_ext/painmap_docs``); the tutorials are
scripts run by sphinx-gallery.  ``PAINMAP_DOCS=api`` builds the API reference and the
hand-written pages only (the quick check ``tests/test_docs.py`` runs).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))
sys.path.insert(0, str(HERE.parent))

from numpydoc.xref import DEFAULT_LINKS  # noqa: E402
from painmap_docs.tutorials import tutorial_scripts_waiting  # noqa: E402

import painmap  # noqa: E402

ONLY_API = os.environ.get("PAINMAP_DOCS", "") == "api"

project = "painmap"
author = "The painmap developers"
copyright = "the painmap developers; body data CC0 (MakeHuman)"
version = release = painmap.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.viewcode",
    "numpydoc",
    "painmap_docs",
]
if not ONLY_API:
    extensions.append("sphinx_gallery.gen_gallery")

exclude_patterns = ["_build", "tutorial_scripts"]
if ONLY_API:
    exclude_patterns += ["gallery", "tutorials", "anatomy.rst", "sg_execution_times.rst"]
    suppress_warnings = ["toc.not_readable", "toc.excluded", "ref.doc"]  # the pages left out on purpose
templates_path: list[str] = []
root_doc = "index"
default_role = "py:obj"

# numpydoc: parameter types become links to the API pages where they name painmap objects.
autosummary_generate = False
autodoc_default_options = {"members": True, "inherited-members": False}
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = True
# Without intersphinx (the build runs offline), Python's own types stay plain words.
numpydoc_xref_aliases = {**{word: word for word in DEFAULT_LINKS},
                         **{name: f"painmap.{name}" for name in painmap.__all__}}
numpydoc_xref_ignore = "all"

html_theme = "pydata_sphinx_theme"
html_title = f"painmap {release}"
html_static_path = ["_static"]
html_css_files = ["painmap.css"]
html_js_files = ["painmap-images.js"]
# No links to a code repository: painmap has no public repository address to give. So no
# "edit this page" button, no repository icon, no "show source" link; the "[source]" links of
# sphinx.ext.viewcode point at the highlighted modules inside this site.
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {
    "use_edit_page_button": False,
    "icon_links": [],
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "header_links_before_dropdown": 6,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": [],
}
html_context = {"default_mode": "light"}

# A tutorial may name the public names it needs (".. painmap-docs-requires: name, ..." in its
# docstring); until the package has them all, it is left out of the build (the log says so).
waiting = tutorial_scripts_waiting(HERE / "tutorial_scripts", painmap.__all__)
for name in waiting:
    print(f"painmap docs: tutorial_scripts/{name} left out: it needs names painmap does not have yet")

sphinx_gallery_conf = {
    "examples_dirs": "tutorial_scripts",
    "gallery_dirs": "tutorials",
    "filename_pattern": r"/plot_",
    "ignore_pattern": "|".join([r"__init__\.py", *(re.escape(name) for name in waiting)]),
    "image_scrapers": ("matplotlib", "painmap_docs.scraper.painmap_scraper"),
    "capture_repr": ("__repr__",),
    "ignore_repr_types": r"painmap\.figure\.PainMap|matplotlib|NoneType|pathlib",
    "download_all_examples": False,
    "remove_config_comments": True,
    "within_subsection_order": "FileNameSortKey",
    "reset_modules": ("matplotlib", "painmap_docs.scraper.reset_files"),
    "show_memory": False,
    "min_reported_time": 10**6,
}

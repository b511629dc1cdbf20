"""The documentation site (docs/): every public name has an API page, and the built pages' pictures load.

The quick test builds the API reference alone (``PAINMAP_DOCS=api``, a few seconds) with
warnings as errors.  The site test opens the home page, the gallery index and one muscle
page in headless Chromium; it uses the site CI built (``PAINMAP_DOCS_HTML``) or builds the
whole site itself (slow).  Both skip when the ``docs`` extra is not installed.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import painmap as pm
from tests.helpers import require_tool

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _needs_sphinx() -> None:
    for module in ("sphinx", "numpydoc", "pydata_sphinx_theme", "sphinx_gallery"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (pip install -e '.[docs]')")


def _docs_tools():
    """The docs' tutorial helpers (docs/_ext/painmap_docs/tutorials.py), imported without Sphinx."""
    spec = importlib.util.spec_from_file_location("painmap_docs_tutorials",
                                                  DOCS / "_ext" / "painmap_docs" / "tutorials.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _build(out: Path, *, only_api: bool) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PAINMAP_DOCS": "api" if only_api else ""}
    return subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
                           "-d", str(out / ".doctrees"), str(DOCS), str(out)],
                          capture_output=True, text=True, env=env, cwd=ROOT)


def test_every_public_name_has_an_api_page(tmp_path):
    _needs_sphinx()
    run = _build(tmp_path, only_api=True)
    assert run.returncode == 0, run.stderr[-3000:]
    index = (tmp_path / "api" / "index.html").read_text()
    pages = {p.stem: p.read_text() for p in (tmp_path / "api").glob("painmap.*.html")}
    assert len(pages) == len(pm.__all__)
    for name in pm.__all__:
        # the page documenting it (named painmap.<name>, or painmap.<name>-function where
        # another public name differs only in case)
        found = [stem for stem, text in pages.items() if f'id="painmap.{name}"' in text
                 and stem in (f"painmap.{name}", f"painmap.{name}-function")]
        assert len(found) == 1, f"{name}: no page documents it"
        assert f'href="{found[0]}.html#painmap.{name}"' in index, f"{name}: not linked from the API index"
    # numpydoc turns parameter types naming painmap objects into links to their pages.
    draw = (tmp_path / "api" / "painmap.draw.html").read_text()
    assert 'href="painmap.Pattern.html#painmap.Pattern"' in draw


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The built site: the one CI built (``PAINMAP_DOCS_HTML``), else a fresh build."""
    if os.environ.get("PAINMAP_DOCS_HTML"):
        html = Path(os.environ["PAINMAP_DOCS_HTML"])
        assert (html / "index.html").exists(), f"PAINMAP_DOCS_HTML={html} holds no built site"
        return html
    _needs_sphinx()
    out = tmp_path_factory.mktemp("docs-html")
    run = _build(out, only_api=False)
    assert run.returncode == 0, run.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def images_on(tmp_path_factory):
    """Open a page in headless Chromium; return (number of images, the src of each broken one)."""
    exe = require_tool("chromium", "chromium-browser", package="chromium")
    profile = tmp_path_factory.mktemp("chromium-profile")

    def run(page: Path) -> tuple[int, list[str]]:
        dom = subprocess.run([exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                              "--virtual-time-budget=20000", "--dump-dom", page.resolve().as_uri()],
                             capture_output=True, text=True, timeout=120).stdout
        body = re.search(r"<body[^>]*>", dom)
        assert body, f"no page in Chromium's output for {page}"
        count = re.search(r'data-images="(\d+)"', body.group(0))
        assert count, f"{page.name}: the image check (_static/painmap-images.js) did not run"
        broken = re.search(r'data-broken="([^"]*)"', body.group(0)).group(1).split()
        return int(count.group(1)), broken

    return run


@pytest.mark.slow
def test_the_image_check_sees_a_broken_picture(site, images_on, tmp_path):
    page = tmp_path / "broken.html"
    script = (site / "_static" / "painmap-images.js").resolve().as_uri()
    page.write_text(f'<!DOCTYPE html><html><head><script src="{script}"></script></head><body>'
                    f'<img src="{(site / "_images").resolve().as_uri()}/no-such-picture.png"></body></html>')
    assert images_on(page) == (1, [f"{(site / '_images').resolve().as_uri()}/no-such-picture.png"])


@pytest.mark.slow
def test_home_and_gallery_pages_show_every_picture(site, images_on):
    count, broken = images_on(site / "index.html")
    assert count >= 1 and broken == []
    muscles = {p.muscle for p in pm.muscles()}
    assert {p.stem for p in (site / "gallery").glob("*.html")} == muscles | {"index"}
    count, broken = images_on(site / "gallery" / "index.html")
    assert count >= len(muscles) and broken == []
    count, broken = images_on(site / "gallery" / "gluteus_medius.html")
    assert count >= 2 and broken == []
    scripts = DOCS / "tutorial_scripts"
    waiting = _docs_tools().tutorial_scripts_waiting(scripts, pm.__all__)
    built = len(list(scripts.glob("plot_*.py"))) - len(waiting)
    count, broken = images_on(site / "tutorials" / "index.html")  # a thumbnail per tutorial
    assert count >= built and broken == []


def test_a_tutorial_waits_for_the_names_it_needs(tmp_path):
    tutorial_scripts_waiting = _docs_tools().tutorial_scripts_waiting
    (tmp_path / "plot_a.py").write_text('"""\nA\n=\n\n.. painmap-docs-requires: draw, cohort\n"""\n')
    (tmp_path / "plot_b.py").write_text('"""\nB\n=\n\n.. painmap-docs-requires: draw\n"""\n')
    (tmp_path / "plot_c.py").write_text('"""\nC\n=\n"""\n')
    assert tutorial_scripts_waiting(tmp_path, ["draw", "plot"]) == ["plot_a.py"]
    assert tutorial_scripts_waiting(tmp_path, ["draw", "cohort"]) == []


@pytest.mark.parametrize("page", ["index.rst", "anatomy.rst"])
def test_the_pages_python_examples_run(page, tmp_path, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    blocks = re.findall(r"\.\. code-block:: python\n\n((?:   .*\n|\n)+)", (DOCS / page).read_text())
    assert blocks, f"{page} has no Python example"
    (tmp_path / "docs" / "anatomy").mkdir(parents=True)
    shutil.copy(DOCS / "anatomy" / "my_pattern.toml", tmp_path / "docs" / "anatomy")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for code in blocks:
        exec(compile("\n".join(line[3:] for line in code.splitlines()), page, "exec"), namespace)
    if page == "anatomy.rst":
        assert namespace["pm"].heat(namespace["mine"]).region("elbow_lateral") == 1.0
        assert (tmp_path / "mine.png").exists() and (tmp_path / "mine.pdf").exists()
    else:
        assert (tmp_path / "gm.svg").read_text().startswith("<svg")


def test_pages_of_tutorials_no_longer_built_are_removed(tmp_path):
    remove_stale = _docs_tools().remove_stale
    scripts, gallery = tmp_path / "scripts", tmp_path / "gallery"
    scripts.mkdir(), gallery.mkdir()
    for name in ("plot_1_kept.py", "plot_2_waiting.py"):
        (scripts / name).write_text('"""\nT\n=\n"""\n')
    made = ["plot_1_kept.rst", "plot_1_kept.ipynb", "plot_2_waiting.rst", "plot_old.rst", "plot_old.py",
            "index.rst"]
    for name in made:
        (gallery / name).write_text("x")
    removed = remove_stale(gallery, scripts, ["plot_2_waiting.py"])
    assert sorted(p.name for p in removed) == ["plot_2_waiting.rst", "plot_old.py", "plot_old.rst"]
    assert sorted(p.name for p in gallery.iterdir()) == ["index.rst", "plot_1_kept.ipynb", "plot_1_kept.rst"]

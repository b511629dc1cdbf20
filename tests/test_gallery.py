"""The gallery: every pattern as PNG and SVG, the body sheets, and an index page that loads."""

import re
import subprocess
import sys
import time

import pytest

import painmap as pm
from painmap.gallery import THUMBNAIL_IN, body_sheets, index_html, pattern_figure, thumbnail_figure
from tests.helpers import require_tool


def test_index_lists_every_pattern_by_body_area():
    page = index_html()
    for p in pm.muscles():
        assert f'src="patterns/{p.id}-thumb.png"' in page
        assert f'href="patterns/{p.id}.svg"' in page
    sections = re.findall(r'<h2 id="([a-z_]+)">', page)
    assert sections[-1] == "body"
    groups = [g for g in sections if g != "body"]
    assert groups == sorted(groups, key=pm.patterns.GROUPS.index)
    for stem, _, _ in body_sheets():
        assert f'src="body/{stem}.png"' in page


@pytest.mark.slow
def test_gallery_command_writes_everything_and_the_page_loads(tmp_path):
    out = tmp_path / "gallery"
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "painmap", "gallery", str(out)], capture_output=True,
                            text=True)
    seconds = time.perf_counter() - start
    assert result.returncode == 0, result.stderr
    for p in pm.muscles():
        assert (out / "patterns" / f"{p.id}.png").stat().st_size > 10_000
        assert (out / "patterns" / f"{p.id}.svg").read_text().startswith("<svg")
    for stem, _, _ in body_sheets():
        assert (out / "body" / f"{stem}.png").exists() and (out / "body" / f"{stem}.svg").exists()
    assert not list(out.rglob("*.part"))
    print(f"gallery: {seconds:.1f} s")

    chromium = require_tool("chromium", "chromium-browser", package="chromium")
    dom = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--allow-file-access-from-files",
         "--virtual-time-budget=20000", "--dump-dom", (out / "index.html").as_uri()],
        capture_output=True, text=True, timeout=180, check=True).stdout
    images = re.search(r'data-images="(\d+)"', dom)
    broken = re.search(r'data-broken="([^"]*)"', dom)
    assert images and broken, "the page's image check did not run"
    assert int(images.group(1)) == len(pm.muscles()) + len(body_sheets())
    assert broken.group(1) == ""


@pytest.mark.parametrize("name", ["scalenes", "masseter", "tensor_fasciae_latae",
                                  "sternocleidomastoid_sternal"])
def test_thumbnails_share_one_aspect_ratio_and_leave_the_legend_to_the_page(name):
    fig = thumbnail_figure(name)
    lay = fig.scene.layout
    assert lay.size == THUMBNAIL_IN
    assert lay.legend == []
    # the views fill the thumbnail's width or its height, whatever their shape
    width = max(x + w for x, _, w, _ in lay.panels) - min(x for x, _, _, _ in lay.panels)
    height = lay.panels[0][3]
    assert width > 0.6 * lay.size[0] or height > 0.6 * lay.size[1]
    png = fig.to_png(dpi=50)
    from tests.helpers import png_array

    h, w, _ = png_array(png).shape
    assert w / h == pytest.approx(THUMBNAIL_IN[0] / THUMBNAIL_IN[1], rel=0.02)


@pytest.mark.parametrize("name", ["scalenes", "gluteus_medius", "masseter"])
def test_a_thumbnail_made_from_the_full_figure_is_the_thumbnail_drawn_afresh(name):
    fresh = pm.draw(name, legend=False, size=THUMBNAIL_IN)
    from_full = thumbnail_figure(pattern_figure(name))
    assert from_full.to_svg() == fresh.to_svg()
    assert from_full.to_png(dpi=60) == fresh.to_png(dpi=60)


def test_index_page_explains_the_key_once():
    page = index_html(body=False)
    assert page.count('class="key"') == 1 and "trigger point" in page
    assert "linear-gradient(to right, rgba(255,158,140,0)" in page

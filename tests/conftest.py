"""Shared test helpers."""

from __future__ import annotations

import getpass
import os
import re
import stat
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import settings

from tests.helpers import MISSING_TOOL, REQUIRE_TOOLS_ENV, png_array, require_tool

CACHE_ENV = "PAINMAP_CACHE_DIR"  # painmap.core.cache.ENV


def _test_cache_dir() -> str:
    """The disk cache of the test session: never the user's.

    A folder of this user's under the system's temporary folder, kept between runs (building
    the cache costs about 30 s); a fresh one if that folder is someone else's or writable by
    others (its entries could not be trusted).  A value the environment sets is kept.
    """
    if CACHE_ENV in os.environ:
        return os.environ[CACHE_ENV]
    uid = os.getuid() if hasattr(os, "getuid") else None
    folder = Path(tempfile.gettempdir()) / f"painmap-test-cache-{getpass.getuser() if uid is None else uid}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        st = folder.lstat()
        if (not stat.S_ISDIR(st.st_mode) or (uid is not None and st.st_uid != uid)
                or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
            raise PermissionError(f"{folder} is not this user's own folder")
    except OSError:
        folder = Path(tempfile.mkdtemp(prefix="painmap-test-cache-"))
    return str(folder)


# Set when this file is imported, before any test, doctest or subprocess: they all inherit it.
os.environ[CACHE_ENV] = _test_cache_dir()

# Property-based tests: the same examples on every run, and no example database in the repository.
settings.register_profile("painmap", derandomize=True, database=None)
settings.load_profile("painmap")


@pytest.fixture(scope="session")
def rsvg():
    """A function rendering SVG text to a PNG array with librsvg (skips if it is missing)."""
    exe = require_tool("rsvg-convert", package="librsvg2-bin")

    def render(svg: str, dpi: float) -> np.ndarray:
        out = subprocess.run([exe, "-d", str(dpi), "-p", str(dpi), "-b", "white"],
                             input=svg.encode(), capture_output=True, check=True).stdout
        return png_array(out)

    return render


@pytest.fixture(scope="session")
def chromium(tmp_path_factory):
    """A function rendering SVG text to a PNG array in headless Chromium (skips if missing)."""
    exe = require_tool("chromium", "chromium-browser", package="chromium")
    folder = tmp_path_factory.mktemp("chromium")

    def render(svg: str, width_px: int, height_px: int) -> np.ndarray:
        page = folder / "page.svg"
        shot = folder / "shot.png"
        page.write_text(svg)
        subprocess.run(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={folder / 'profile'}", "--hide-scrollbars",
             "--force-device-scale-factor=1", f"--window-size={width_px},{height_px}",
             f"--screenshot={shot}", page.as_uri()],
            capture_output=True, check=True, timeout=120,
        )
        return png_array(shot.read_bytes())

    return render


def pytest_terminal_summary(terminalreporter):
    """One loud line naming the renderers that were missing, and how many tests they skipped."""
    skipped: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        match = re.search(re.escape(MISSING_TOOL) + r"(.+)$", reason)
        if match:
            skipped[match.group(1)] = skipped.get(match.group(1), 0) + 1
    if skipped:
        tools = ", ".join(f"{tool}: {n} test{'s' if n > 1 else ''}" for tool, n in sorted(skipped.items()))
        terminalreporter.write_line(
            f"MISSING TOOLS, tests skipped: {tools}. CI runs with {REQUIRE_TOOLS_ENV}=1 and fails instead.",
            red=True, bold=True)

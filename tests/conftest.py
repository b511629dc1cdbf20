"""Shared test helpers."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest

from tests.helpers import png_array


@pytest.fixture(scope="session")
def rsvg():
    """A function rendering SVG text to a PNG array with librsvg (skips if it is missing)."""
    exe = shutil.which("rsvg-convert")
    if exe is None:
        pytest.skip("rsvg-convert (librsvg2-bin) is not installed")

    def render(svg: str, dpi: float) -> np.ndarray:
        out = subprocess.run([exe, "-d", str(dpi), "-p", str(dpi), "-b", "white"],
                             input=svg.encode(), capture_output=True, check=True).stdout
        return png_array(out)

    return render


@pytest.fixture(scope="session")
def chromium(tmp_path_factory):
    """A function rendering SVG text to a PNG array in headless Chromium (skips if missing)."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.skip("chromium is not installed")
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

"""The README's pictures are what the code draws now (``tools/readme_images.py`` redraws them)."""

import re
import runpy
from pathlib import Path

import numpy as np
import pytest

from tests.helpers import png_array

ROOT = Path(__file__).resolve().parent.parent
RECIPES = runpy.run_path(str(ROOT / "tools" / "readme_images.py"))["RECIPES"]
MEAN_TOLERANCE = 2.0
"""Mean absolute difference per channel (0-255) allowed for font rendering across platforms."""


def test_every_readme_picture_has_a_recipe():
    shown = set(re.findall(r"docs/images/([\w.-]+\.png)", (ROOT / "README.md").read_text()))
    assert shown == set(RECIPES)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(RECIPES))
def test_readme_pictures_match_what_the_code_draws(tmp_path, name):
    RECIPES[name](tmp_path / name)
    now = png_array((tmp_path / name).read_bytes()).astype(float)
    committed = png_array((ROOT / "docs" / "images" / name).read_bytes()).astype(float)
    assert now.shape == committed.shape, f"{name}: run python tools/readme_images.py and commit the pictures"
    difference = np.abs(now[..., :3] - committed[..., :3]).mean()
    assert difference <= MEAN_TOLERANCE, f"{name} differs ({difference:.2f}): run tools/readme_images.py"

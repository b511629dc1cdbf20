"""Helpers shared by the tests."""

from __future__ import annotations

import io

import numpy as np


def png_array(data: bytes) -> np.ndarray:
    """Decode PNG bytes to an RGB float array in 0..255 (alpha composited on white)."""
    from PIL import Image

    img = Image.open(io.BytesIO(data)).convert("RGBA")
    white = Image.new("RGBA", img.size, (255, 255, 255, 255))
    return np.asarray(Image.alpha_composite(white, img).convert("RGB"), dtype=float)


REQUIRE_TOOLS_ENV = "PAINMAP_REQUIRE_TOOLS"
"""When this is "1" (CI sets it), a missing renderer fails the tests that need it instead of skipping."""
MISSING_TOOL = "missing tool: "


def require_tool(*names: str, package: str) -> str:
    """The path of the first program of `names` found, else skip the test (fail it in CI).

    The skip reason starts with :data:`MISSING_TOOL`, so ``conftest.py`` can name the
    missing programs in one summary line.
    """
    import os
    import shutil

    import pytest

    for name in names:
        path = shutil.which(name)
        if path:
            return path
    reason = f"{MISSING_TOOL}{names[0]} (install {package})"
    if os.environ.get(REQUIRE_TOOLS_ENV) == "1":
        pytest.fail(f"{reason}; {REQUIRE_TOOLS_ENV}=1, so it may not be skipped", pytrace=False)
    pytest.skip(reason)

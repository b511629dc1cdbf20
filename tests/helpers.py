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


def random_drawings(count, seed, scattered=(0.005, 0.05)):
    """Drawings of every kind: whole regions at one pain (on one side or both), vertices scattered over a
    share of the body drawn from `scattered` at random pain, and fading blobs."""
    import painmap as pm
    from painmap.body.mesh import load_body
    from painmap.body.regions import regions

    body = load_body()
    rng = np.random.default_rng(seed)
    names = regions()
    out = []
    for k in range(count):
        if k % 3 == 0:
            places = [str(x) for x in rng.choice(names, size=rng.integers(1, 4), replace=False)]
            out.append(pm.PainDrawing.from_regions(places, side=str(rng.choice(["right", "left", "both"])),
                                                   intensity=float(rng.uniform(0.2, 1))))
            continue
        values = np.zeros(body.n_vertices)
        if k % 3 == 1:
            painted = rng.random(body.n_vertices) < rng.uniform(*scattered)
            values[painted] = rng.uniform(0.1, 1, painted.sum())
        else:
            centre = body.vertices[rng.integers(body.n_vertices)]
            values = np.clip(1 - np.linalg.norm(body.vertices - centre, axis=1) / rng.uniform(5, 25), 0, 1)
            values[values < 0.05] = 0
        out.append(pm.PainDrawing(values))
    return out

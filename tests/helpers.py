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

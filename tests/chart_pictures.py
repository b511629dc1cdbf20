"""Filled-in charts degraded as scanners and phones degrade them (for the registration tests and benchmark).

Pictures are RGB uint8 arrays, row 0 at the top.  Everything is deterministic.
"""

from __future__ import annotations

import io
from functools import lru_cache

import numpy as np
from PIL import Image

import painmap as pm
from painmap.chart.register import fit_homography

BACK = (pm.PainDrawing.from_regions(["buttock_upper", "sacroiliac", "sacrum"], side="right")
        | pm.PainDrawing.from_regions(["scapula"], side="left"))
"""Gluteus medius first in ``pm.where``, clear of the second (0.43 to 0.37)."""
FRONT_BACK = (BACK | pm.PainDrawing.from_regions(["thigh_anterior"], side="left"))
"""Vastus intermedius first (0.32 to 0.22)."""


@lru_cache(maxsize=8)
def filled(views: tuple[str, ...], dpi: float = 120, which: str = "back") -> np.ndarray:
    """The chart of `views` filled in red with a known drawing (``"back"``, ``"both"`` or ``"none"``)."""
    drawing = {"back": BACK, "both": FRONT_BACK, "none": None}[which]
    png = pm.template(list(views), drawing=drawing).to_png(dpi=dpi)
    out = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    out.setflags(write=False)
    return out


def turned(picture: np.ndarray, degrees: float, fill=(250, 250, 248)) -> np.ndarray:
    """Turned counter-clockwise by `degrees` on a larger scanner bed of colour `fill`."""
    image = Image.fromarray(picture).rotate(degrees, resample=Image.BILINEAR, expand=True, fillcolor=fill)
    return np.asarray(image)


def quarter_turned(picture: np.ndarray, k: int) -> np.ndarray:
    """Turned by k times 90 degrees (counter-clockwise)."""
    return np.ascontiguousarray(np.rot90(picture, k))


def mirrored(picture: np.ndarray) -> np.ndarray:
    """Flipped left to right."""
    return np.ascontiguousarray(picture[:, ::-1])


def cropped(picture: np.ndarray, left: float = 0.0, top: float = 0.0, right: float = 0.0,
            bottom: float = 0.0) -> np.ndarray:
    """Cut by these shares of the width or height on each side."""
    h, w = picture.shape[:2]
    rows = slice(round(top * h), h - round(bottom * h))
    return np.ascontiguousarray(picture[rows, round(left * w): w - round(right * w)])


def jpeg(picture: np.ndarray, quality: int = 70) -> np.ndarray:
    """Saved as JPEG and decoded again."""
    buf = io.BytesIO()
    Image.fromarray(picture).save(buf, "JPEG", quality=quality)
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))


def placed(picture: np.ndarray, corners, size: tuple[int, int], background: np.ndarray) -> np.ndarray:
    """`picture` warped so that its corners (top left, top right, bottom right, bottom left) land on
    `corners` (x, y pixels) of a `size` (width, height) canvas showing `background` elsewhere."""
    h, w = picture.shape[:2]
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], float)
    back = fit_homography(np.asarray(corners, float), src)  # canvas -> picture
    coeffs = (back / back[2, 2]).ravel()[:8]
    rgba = Image.fromarray(picture).convert("RGBA")
    warped = rgba.transform(size, Image.PERSPECTIVE, tuple(coeffs), resample=Image.BILINEAR)
    canvas = Image.fromarray(background).convert("RGBA")
    canvas.alpha_composite(warped)
    return np.asarray(canvas.convert("RGB"))


def keystoned(picture: np.ndarray, share: float = 0.04) -> np.ndarray:
    """Seen from below the page's middle: the top edge `share` narrower than the bottom, on white."""
    h, w = picture.shape[:2]
    pad = round(0.04 * w)
    size = (w + 2 * pad, h + 2 * pad)
    d = share * w / 2
    corners = [(pad + d, pad), (pad + w - d, pad), (pad + w, pad + h), (pad, pad + h)]
    return placed(picture, corners, size, np.full((size[1], size[0], 3), 245, np.uint8))


def table(size: tuple[int, int], seed: int = 0) -> np.ndarray:
    """A grey-brown textured table top, lit unevenly, `size` (width, height)."""
    w, h = size
    rng = np.random.default_rng(seed)
    coarse = rng.normal(0, 1, (h // 40 + 2, w // 40 + 2)).astype(np.float32)
    grain = np.asarray(Image.fromarray(coarse).resize((w, h), Image.BILINEAR))
    rows = np.linspace(0, 1, h, dtype=np.float32)[:, None]
    base = 110 + 12 * grain + 25 * rows
    rgb = np.stack([base * 1.05, base * 0.95, base * 0.85], axis=2)
    return np.clip(rgb + rng.normal(0, 4, (h, w, 1)), 0, 255).astype(np.uint8)


def photo(picture: np.ndarray, *, size=(3000, 4000), seed: int = 0, tilt: float = 0.06) -> np.ndarray:
    """A phone photo of the page lying on a table: perspective, the page not filling the frame, a warm
    light falling off across the page, noise, JPEG."""
    rng = np.random.default_rng(seed)
    w, h = size
    ph, pw = picture.shape[:2]
    scale = 0.78 * min(w / pw, h / ph)
    cx, cy = w / 2 + rng.uniform(-0.04, 0.04) * w, h / 2 + rng.uniform(-0.04, 0.04) * h
    hw, hh = pw * scale / 2, ph * scale / 2
    top = 1 - tilt  # the far (top) edge looks narrower
    corners = np.array([(cx - hw * top, cy - hh * (1 - tilt / 2)), (cx + hw * top, cy - hh * (1 - tilt / 2)),
                        (cx + hw, cy + hh), (cx - hw, cy + hh)])
    corners += rng.uniform(-0.01, 0.01, corners.shape) * w
    shot = placed(picture, corners, size, table(size, seed)).astype(np.float32)
    cols = np.linspace(0, 1, w, dtype=np.float32)[None, :, None]
    light = (0.92 - 0.15 * cols) * np.array([1.0, 0.96, 0.88], np.float32)  # warm, falling off to the right
    shot = shot * light + rng.normal(0, 3, (h, w, 1)).astype(np.float32)
    return jpeg(np.clip(shot, 0, 255).astype(np.uint8), 85)


def stamped_letter(size=(1240, 1754)) -> np.ndarray:
    """A typed letter (lines of dark 'text') with a red stamp on it: no chart."""
    w, h = size
    page = np.full((h, w, 3), 250, np.uint8)
    rng = np.random.default_rng(3)
    for row in range(200, h - 200, 40):
        x = 150
        while x < w - 200:
            word = int(rng.integers(30, 120))
            page[row:row + 14, x:x + word] = 30
            x += word + 20
    yy, xx = np.mgrid[0:h, 0:w]
    ring = np.abs(np.hypot(xx - 0.7 * w, yy - 0.75 * h) - 150) < 14
    page[ring] = (200, 30, 40)
    page[int(0.75 * h) - 25:int(0.75 * h) + 25, int(0.7 * w) - 110:int(0.7 * w) + 110] = (200, 30, 40)
    return page

"""Filled-in charts as patients and clinics make them: pens, marking styles and degradations.

Shared by ``bench_chart_accuracy.py`` and the tests (not part of the package).  Everything is
deterministic for a given seed.  Pictures are RGB uint8 arrays, row 0 at the top.

    blank, mask = chart_and_mask(["front", "back"], drawing, dpi=200)   # where the paint goes
    page = mark(blank, mask, pen="blue", how="hatched", dpi=200)        # the patient's marks
    scan = rotate(page, 10)                                             # the clinic's scanner
"""

from __future__ import annotations

import io
from functools import lru_cache

import numpy as np
from PIL import Image, ImageFilter

import painmap as pm

PENS: dict[str, tuple[float, float, float]] = {
    "red": (0.85, 0.12, 0.14),
    "blue": (0.12, 0.22, 0.65),
    "black": (0.10, 0.10, 0.11),
    "pencil": (0.52, 0.52, 0.54),
    "highlighter": (1.0, 0.93, 0.22),
}
"""Each pen as the share of light its ink lets through, per channel (inks are multiplied onto the page)."""
HOWS = ("filled", "hatched", "outlined")


@lru_cache(maxsize=8)
def _png(views: tuple[str, ...], drawing_key, dpi: float) -> np.ndarray:
    drawing = _DRAWINGS.get(drawing_key)
    png = pm.template(list(views), drawing=drawing).to_png(dpi=dpi)
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


_DRAWINGS: dict[int, pm.PainDrawing] = {}


def blank_chart(views, dpi: float = 200) -> np.ndarray:
    """The blank chart of `views` at `dpi`, RGB uint8."""
    return _png(tuple([views] if isinstance(views, str) else views), None, float(dpi))


def chart_and_mask(views, drawing: pm.PainDrawing, dpi: float = 200) -> tuple[np.ndarray, np.ndarray]:
    """The blank chart and the page pixels (bool) where `drawing` is, as the chart shows it.

    The mask is closed over the chart's printed lines (drawn over the paint), as a patient's
    colouring goes across them.
    """
    views = tuple([views] if isinstance(views, str) else views)
    _DRAWINGS[id(drawing)] = drawing
    filled = _png(views, id(drawing), float(dpi)).astype(np.int16)
    mask = (filled[..., 0] > 150) & (filled[..., 1] < 110) & (filled[..., 2] < 110)
    # the chart's lines are drawn over the paint: close the mask over them (the patient paints across)
    r = max(1, round(0.5 * dpi / 25.4))
    mask = _box_mean(_box_mean(mask, r) > 0, r) > 0.999
    return blank_chart(views, dpi), mask


def _box_mean(mask: np.ndarray, r: int) -> np.ndarray:
    size = 2 * r + 1
    acc = np.pad(mask.astype(np.float64), r + 1).cumsum(0).cumsum(1)
    n0, n1 = mask.shape
    total = (acc[size:size + n0, size:size + n1] - acc[:n0, size:size + n1]
             - acc[size:size + n0, :n1] + acc[:n0, :n1])
    return total / size**2


def mark(blank: np.ndarray, mask: np.ndarray, *, pen: str = "red", how: str = "filled", dpi: float = 200,
         seed: int = 0, coverage: float = 0.35, width_mm: float = 0.5) -> np.ndarray:
    """The blank chart marked by a patient over `mask`.

    how: "filled" (coloured in, a little uneven), "hatched" (parallel ballpoint strokes at
    45 degrees covering `coverage` of the area) or "outlined" (a stroke `width_mm` wide
    around each painted area, the inside left blank).
    """
    rng = np.random.default_rng(seed)
    h, w = mask.shape
    per_mm = dpi / 25.4
    if how == "filled":
        alpha = mask * rng.uniform(0.75, 1.0, mask.shape)
    elif how == "hatched":
        width = max(1.0, width_mm * per_mm * np.sqrt(2))      # across the 45-degree stroke, in x + y
        period = width / coverage
        rows, cols = np.mgrid[0:h, 0:w]
        phase = (rows + cols + rng.uniform(0, period)) % period
        alpha = mask * (phase < width) * rng.uniform(0.8, 1.0, mask.shape)
    elif how == "outlined":
        r = max(1, round(width_mm * per_mm))
        inner = _box_mean(mask, r) > 0.999
        alpha = (mask & ~inner) * rng.uniform(0.8, 1.0, mask.shape)
    else:
        raise ValueError(f"how={how!r}; expected one of {HOWS}")
    if pen == "pencil":  # graphite grain
        alpha = alpha * rng.uniform(0.55, 1.0, mask.shape)
    ink = np.array(PENS[pen])
    page = blank.astype(float) * (1 - alpha[..., None] * (1 - ink))
    return np.clip(page, 0, 255).astype(np.uint8)


# -- degradations (each returns a new uint8 RGB picture) -------------------------------------------

def rotate(img: np.ndarray, degrees: float, *, fill=(255, 255, 255), expand: bool = True) -> np.ndarray:
    """Turned counter-clockwise by `degrees` (a scan laid crooked; the bed around it is `fill`)."""
    if degrees % 90 == 0:
        return np.ascontiguousarray(np.rot90(img, int(degrees // 90) % 4))
    out = Image.fromarray(img).rotate(degrees, resample=Image.BICUBIC, expand=expand, fillcolor=tuple(fill))
    return np.asarray(out)


def mirror(img: np.ndarray) -> np.ndarray:
    """Flipped left to right (a transparency scanned the wrong way round)."""
    return np.ascontiguousarray(img[:, ::-1])


def crop(img: np.ndarray, share: float, side: str = "right") -> np.ndarray:
    """`share` of the picture cut off at one side."""
    h, w = img.shape[:2]
    cut_w, cut_h = round(w * share), round(h * share)
    parts = {"right": img[:, :w - cut_w], "left": img[:, cut_w:],
             "top": img[cut_h:], "bottom": img[:h - cut_h]}
    return parts[side]


def pad(img: np.ndarray, share: float = 0.05, fill=(255, 255, 255)) -> np.ndarray:
    """A margin of `share` around the page (a scanner bed larger than the page)."""
    h, w = img.shape[:2]
    m = round(max(h, w) * share)
    out = np.empty((h + 2 * m, w + 2 * m, 3), np.uint8)
    out[:] = fill
    out[m:m + h, m:m + w] = img
    return out


def perspective(img: np.ndarray, keystone: float = 0.04, *, table=(70, 60, 50), margin: float = 0.08,
                size: tuple[int, int] | None = None) -> np.ndarray:
    """A phone photo of the page lying on a table: the top edge `keystone` narrower than the bottom.

    The page fills about ``1 - 2 * margin`` of the photo; `size` (w, h) resizes the photo.
    """
    h, w = img.shape[:2]
    m = round(max(h, w) * margin)
    out_w, out_h = w + 2 * m, h + 2 * m
    k = keystone * w / 2
    # corners of the page in the photo: top-left, top-right, bottom-right, bottom-left
    dst = np.array([(m + k, m), (m + w - k, m), (m + w, m + h), (m, m + h)], float)
    src = np.array([(0, 0), (w, 0), (w, h), (0, h)], float)
    coeffs = _homography(dst, src)  # photo -> page, as PIL wants
    photo = Image.fromarray(img).transform((out_w, out_h), Image.PERSPECTIVE, coeffs, Image.BICUBIC,
                                           fillcolor=tuple(table))
    if size is not None:
        photo = photo.resize(size, Image.LANCZOS)
    return np.asarray(photo)


def _homography(a: np.ndarray, b: np.ndarray) -> tuple[float, ...]:
    """The 8 coefficients of the projective map taking points `a` to `b`."""
    rows = []
    for (x, y), (u, v) in zip(a, b):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    return tuple(np.linalg.solve(np.array(rows, float), b.ravel()))


def lighting(img: np.ndarray, *, paper=(1.0, 0.95, 0.80), gradient: float = 0.0) -> np.ndarray:
    """Yellowed paper / warm light (`paper`: the white's colour) and a light falloff across the page."""
    w = img.shape[1]
    out = img.astype(np.float32) * np.array(paper, np.float32)
    if gradient:
        fall = 1 - gradient * np.linspace(0, 1, w, dtype=np.float32)[None, :, None]
        out *= fall
    return np.clip(out, 0, 255).astype(np.uint8)


def jpeg(img: np.ndarray, quality: int = 50) -> np.ndarray:
    """Saved as JPEG and decoded again (4:2:0 chroma, as phones and scanners save)."""
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, "JPEG", quality=quality)
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))


def resample(img: np.ndarray, scale: float) -> np.ndarray:
    """Scanned at `scale` times the resolution."""
    h, w = img.shape[:2]
    return np.asarray(Image.fromarray(img).resize((round(w * scale), round(h * scale)), Image.LANCZOS))


def blur(img: np.ndarray, radius: float = 1.0) -> np.ndarray:
    return np.asarray(Image.fromarray(img).filter(ImageFilter.GaussianBlur(radius)))


def dust(img: np.ndarray, *, specks: int = 400, noise: float = 6.0, seed: int = 0) -> np.ndarray:
    """Printer dust and toner specks (dark dots of 1-3 pixels) and scanner noise."""
    rng = np.random.default_rng(seed)
    out = img.astype(np.float32) + rng.normal(0, noise, img.shape).astype(np.float32)
    h, w = img.shape[:2]
    for _ in range(specks):
        r, c, s = rng.integers(0, h - 3), rng.integers(0, w - 3), rng.integers(1, 4)
        out[r:r + s, c:c + s] = rng.uniform(0, 120)
    return np.clip(out, 0, 255).astype(np.uint8)


def save(img: np.ndarray, path, **kwargs) -> None:
    Image.fromarray(img).save(path, **kwargs)

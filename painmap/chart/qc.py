"""Quality control of a read chart: a picture of what was read, over the registered scan.

Staff check a batch at a glance: the scan (lightened) with the ink that was found
outlined in orange, the body surface that was read from it dotted and outlined in
green, and a caption naming the file, the marking style, the views and how much was read.
Where orange and green do not agree, look at the chart.

Examples
--------
>>> import numpy as np, painmap as pm
>>> from painmap.chart.template import chart_geometry
>>> geo = chart_geometry("back")
>>> page = np.ones((300, 212, 3), np.float32)
>>> strength = np.zeros((300, 212), np.float32)
>>> drawing = pm.PainDrawing.from_regions("sacrum")
>>> qc_picture(page, strength, drawing, geo, scale=1.0).shape
(356, 212, 3)
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..core.files import write_atomic
from ..reading.drawing import PainDrawing
from .template import ChartGeometry

INK_RGB = (255, 120, 0)
"""The outline of the ink found (orange)."""
READ_RGB = (0, 150, 60)
"""The outline and dots of what was read onto the body (green)."""
UNREAD_RGB = (220, 0, 200)
"""The outline of ink on the body left unread (magenta)."""
DOT_EVERY = 7
"""Spacing of the green dots, in pixels of the QC picture."""
CAPTION_LINES = 3


@dataclass
class QcNote:
    """A request for quality control that also keeps what the reader saw (for a batch).

    Pass it as ``qc=`` to :meth:`painmap.PainDrawing.from_image`: the picture is written to
    `path` (if given) and `style` is set to the marking style seen.
    """

    path: str | os.PathLike | None = None
    style: str = ""
    written: Path | None = None


def write_qc(qc: str | os.PathLike | QcNote, page: np.ndarray, strength: np.ndarray,
             drawing: PainDrawing | None, geometry: ChartGeometry, *, style: str = "", label: str = "",
             note: str = "", scale: float = 0.5, unread: np.ndarray | None = None) -> Path | None:
    """The reader's quality-control hook: write the QC picture (:func:`qc_picture`) as PNG, atomically.

    Parameters
    ----------
    qc : path or QcNote
        Where to write the picture; a :class:`QcNote` also keeps the `style`.
    page, strength, drawing, geometry, style, label, note, scale, unread
        See :func:`qc_picture`.

    Returns
    -------
    pathlib.Path or None
        The file written (None for a QcNote without a path).
    """
    from PIL import Image

    target = qc
    if isinstance(qc, QcNote):
        qc.style = style
        if qc.path is None:
            return None
        target = qc.path
    picture = qc_picture(page, strength, drawing, geometry, style=style, label=label, note=note, scale=scale,
                         unread=unread)
    buf = io.BytesIO()
    Image.fromarray(picture).save(buf, "PNG", compress_level=6)
    written = write_atomic(target, buf.getvalue())
    if isinstance(qc, QcNote):
        qc.written = written
    return written


def write_refused(path: str | os.PathLike, image: str | os.PathLike, why: str, *, width: int = 800,
                  most_pixels: int = 100_000_000) -> Path | None:
    """A QC picture of a refused file: the picture, small, with why it was refused (None: not a picture).

    A file that Pillow cannot open, or larger than `most_pixels`, gets no picture.
    """
    from PIL import Image

    try:
        with Image.open(image) as im:
            if im.width * im.height > most_pixels:
                return None
            im.draft("RGB", (width, width))
            im = im.convert("RGB")
            im.thumbnail((width, width))
            small = np.asarray(im)
    except Exception:  # not a picture we can show: the CSV says why
        return None
    lines = [f"{os.path.basename(os.fspath(image))}: REFUSED", *_wrap(why, small.shape[1])]
    picture = _caption(small, lines, len(lines), first=(200, 0, 0))
    buf = io.BytesIO()
    Image.fromarray(picture).save(buf, "PNG", compress_level=6)
    return write_atomic(path, buf.getvalue())


def _wrap(text: str, width_px: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, max(30, width_px // 8))[:6]


def qc_picture(page: np.ndarray, strength: np.ndarray, drawing: PainDrawing | None, geometry: ChartGeometry,
               *, style: str = "", label: str = "", note: str = "", scale: float = 0.5,
               unread: np.ndarray | None = None) -> np.ndarray:
    """The QC picture (RGB uint8): the page, the ink found and what was read, with a caption.

    Parameters
    ----------
    page : ndarray, shape (h, w, 3)
        The registered scan in page coordinates (row 0 at the top), RGB 0..1 or 0..255.
    strength : ndarray, shape (h, w)
        The ink found (at least 0.5: marked), as from :func:`painmap.chart.ink.find_ink`.
    drawing : PainDrawing or None
        What was read (None: nothing was read, e.g. refused).
    geometry : ChartGeometry
        Where the chart's views sit on the page.
    style, label, note : str
        The marking style seen, the file's name, and a line of notes for the caption.
    scale : float
        Size of the picture relative to the page (0.5: half, about 100 dpi for a 200-dpi page).
    unread : ndarray, shape (h, w), optional
        Ink left unread (:attr:`painmap.chart.ink.Ink.unread`, at least 0.5), outlined in magenta.
    """
    rgb = np.asarray(page)
    if np.issubdtype(rgb.dtype, np.integer):
        rgb = rgb.astype(np.float32) / 255
    rgb = np.asarray(rgb[..., :3], np.float32)
    ink = np.asarray(strength) >= 0.5
    if scale != 1.0:
        rgb, ink = _shrink(rgb, scale), _shrink(ink.astype(np.float32)[..., None], scale)[..., 0] >= 0.5
    h, w = ink.shape
    out = 0.35 + 0.65 * rgb  # lightened, so the overlays stand out
    read = _read_mask(drawing, geometry, (h, w)) if drawing is not None else np.zeros((h, w), bool)
    rows, cols = np.mgrid[0:h, 0:w]
    dots = read & (rows % DOT_EVERY == 0) & (cols % DOT_EVERY == 0)
    dots = _grow(dots, 1)
    out[dots] = np.array(READ_RGB) / 255
    out[_edge(read, 2)] = np.array(READ_RGB) / 255
    out[_edge(ink, 1)] = np.array(INK_RGB) / 255
    shown = False
    if unread is not None and np.any(unread):
        grid = np.asarray(unread, np.float32)[..., None]
        left = (_shrink(grid, scale) if scale != 1.0 else grid)[..., 0] >= 0.5
        out[_edge(left, 2)] = np.array(UNREAD_RGB) / 255
        shown = bool(left.any())
    picture = (np.clip(out, 0, 1) * 255 + 0.5).astype(np.uint8)
    return _caption(picture, _caption_lines(drawing, geometry, style, label, note, shown))


def _caption_lines(drawing, geometry, style, label, note, unread: bool = False) -> list[str]:
    views = ", ".join(geometry.views)
    if drawing is None:
        what = "nothing read"
    else:
        n = int((drawing.values > 0).sum())
        what = f"read {n} vertices, {100 * drawing.extent:.1f} % of the body"
    first = f"{os.path.basename(label)}: " if label else ""
    return [f"{first}{what}; marking: {style or 'unknown'}; views: {views}",
            "orange: ink found on the page;  green: the body surface read from it"
            + (";  magenta: ink not read as pain" if unread else ""),
            note]


def _shrink(img: np.ndarray, scale: float) -> np.ndarray:
    """`img` (h, w, c) resized by `scale` (box average when smaller)."""
    from PIL import Image

    h, w = img.shape[:2]
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    chans = [np.asarray(Image.fromarray(np.ascontiguousarray(img[..., c], np.float32), "F")
                        .resize(size, Image.BOX)) for c in range(img.shape[2])]
    return np.stack(chans, axis=-1)


def _read_mask(drawing: PainDrawing, geometry: ChartGeometry, shape: tuple[int, int]) -> np.ndarray:
    """The page pixels (bool, `shape`) showing a part of the body that the drawing has pain on
    (where its values, interpolated between the vertices, are at least 0.5)."""
    h, w = shape
    page_w, page_h = geometry.size
    out = np.zeros(shape, bool)
    for panel in geometry.panels:
        proj = panel.projection
        field = proj.sample(drawing.values, margin=0)
        u, v = proj.grid
        u0, u1, v0, v1 = panel.window
        left, bottom, pw, ph = panel.rect
        rr, cc = np.nonzero(np.nan_to_num(field) >= 0.5)  # the surface mostly painted (between vertices)
        keep = (u[cc] >= u0) & (u[cc] <= u1) & (v[rr] >= v0) & (v[rr] <= v1)
        rr, cc = rr[keep], cc[keep]
        x = left + (u[cc] - u0) / (u1 - u0) * pw
        y = bottom + (v[rr] - v0) / (v1 - v0) * ph
        col = np.clip(np.rint(x / page_w * w - 0.5).astype(int), 0, w - 1)
        row = np.clip(np.rint((page_h - y) / page_h * h - 0.5).astype(int), 0, h - 1)
        hit = np.zeros(shape, bool)
        hit[row, col] = True
        step = pw * w / page_w / max(1, int(((u >= u0) & (u <= u1)).sum()))  # page pixels per raster pixel
        out |= _grow(hit, int(np.ceil(step / 2))) if step > 1 else hit
    return out


def _grow(mask: np.ndarray, steps: int) -> np.ndarray:
    """`mask` dilated by `steps` pixels (a square)."""
    out = mask.copy()
    for axis in (0, 1):
        src = out.copy()
        for s in range(1, steps + 1):
            out |= np.roll(src, s, axis=axis) | np.roll(src, -s, axis=axis)
    return out


def _edge(mask: np.ndarray, width: int) -> np.ndarray:
    """The pixels of `mask` within `width` of its border (and just outside it)."""
    return (mask & _grow(~mask, width)) | (_grow(mask, 1) & ~mask)


def _caption(picture: np.ndarray, lines: list[str], n_lines: int = CAPTION_LINES,
             first=(0, 0, 0)) -> np.ndarray:
    """The picture with a white band of `n_lines` caption lines below it (the first in colour `first`)."""
    from PIL import Image, ImageDraw, ImageFont

    h, w = picture.shape[:2]
    size = max(12, min(26, w // 60))
    band = int(n_lines * size * 1.4 + 6)
    img = Image.new("RGB", (w, h + band), (255, 255, 255))
    img.paste(Image.fromarray(picture), (0, 0))
    draw = ImageDraw.Draw(img)
    try:
        font = ImageFont.load_default(size=size)
    except TypeError:  # Pillow without scalable default font
        font = ImageFont.load_default()
    for k, line in enumerate(lines[:n_lines]):
        draw.text((6, h + 3 + k * size * 1.4), line, fill=first if k == 0 else (0, 0, 0), font=font)
    return np.asarray(img)

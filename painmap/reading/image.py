"""Reading a painted chart back onto the body surface: the inverse of the chart's projection.

Every pixel of a view's raster knows the surface triangle it shows and where in
it (barycentric weights).  Reading a chart therefore goes: raster pixel -> panel
window (cm) -> page (inches) -> image pixel, where the paint is sampled; the
paint of each raster pixel is then shared among the vertices of its triangle.
A vertex has pain when most (60 %) of what the view shows of it is painted.
Pillow (installed with matplotlib) decodes image files; nothing here draws.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

from ..body.mesh import Body
from ..errors import PainmapError
from .chart import CODE_BITS, CODE_IN, ChartGeometry, ChartPanel, chart_geometry, view_of_code
from .drawing import PainDrawing

ASPECT_TOLERANCE = 0.03
"""Largest relative difference between the image's and the page's width/height ratio."""
COLOUR_FROM = 0.2
"""A pixel of a full picture is paint when max(R, G, B) - min(R, G, B) is at least this (0..1)."""
PAINTED_SHARE = 0.6
"""A vertex has pain when at least this share of what the views show of it is painted."""
MIN_SEEN = 1.0
"""Vertices seen by less than this many raster pixels' weight (edge-on) are not read."""
BODY_CONTRAST = 0.02
"""On a full picture the chart's grey body must be darker than the paper by at least this."""
MIN_PIXELS = 60


def read_chart(image, *, views: str | Sequence[str], body: Body, paper: str = "A4") -> PainDrawing:
    """Read a painted blank chart (from :func:`painmap.template`) as a :class:`PainDrawing`.

    Parameters
    ----------
    image : path, or array
        * an RGBA overlay (file or array, shape (h, w, 4)) where alpha > 0 is paint;
        * a full picture (RGB, or RGBA with no transparency): the chart painted in
          any clearly visible colour; the chart itself is printed in greys, so a
          pixel is paint where it is coloured (see `COLOUR_FROM`);
        * a mask, shape (h, w): True (or values > 0, taken as intensity) is paint.
        Any resolution with the page's width/height ratio: scans are read at their
        own size.
    views : str or list of str
        The views on the chart, as given to :func:`painmap.template`.
    body : Body
    paper : {"A4", "Letter"}

    Raises
    ------
    painmap.PainmapError
        The image's size ratio is not the chart's; no body is found where the chart
        has it; the chart's view code names other views; or nothing is painted.
    """
    geo = chart_geometry(views, body=body, paper=paper)
    label = str(image) if isinstance(image, (str, os.PathLike)) else "image"
    pixels = _load(image)
    paint, picture = _paint(pixels)
    height, width = paint.shape
    if min(height, width) < MIN_PIXELS:
        raise PainmapError(f"{label} is {width}x{height} pixels; expected a chart at least "
                           f"{MIN_PIXELS} pixels on each side")
    ratio = width / height
    if abs(ratio / geo.aspect - 1) > ASPECT_TOLERANCE:
        raise PainmapError(
            f"{label} is {width}x{height} pixels (width/height {ratio:.3f}), but the {paper} chart of "
            f"views {list(geo.views)} has width/height {geo.aspect:.3f}; scan or export the whole page, "
            "uncropped (or pass the paper and views the chart was made with)")
    if picture is not None:
        _check_chart(picture, paint, geo, label)
    values = np.zeros(body.n_vertices)
    for panel in geo.panels:
        values = np.maximum(values, _read_panel(panel, paint, geo))
    if np.isin(paint, (0.0, 1.0)).all():  # paint or no paint: a vertex has pain or has none
        values = (values > 0).astype(float)
    if not values.any():
        raise PainmapError(f"no paint found on the body in {label}; colour in where it hurts with a "
                           "clearly visible colour (not black or grey), or pass an RGBA overlay or a mask")
    return PainDrawing(values, body=body)


def _load(image) -> np.ndarray:
    """Pixels as float array in 0..1: (h, w) mask, (h, w, 3) RGB or (h, w, 4) RGBA."""
    if isinstance(image, (str, os.PathLike)):
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(image) as im:
                im.load()
                keep = "RGBA" if im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info else "RGB"
                arr = np.asarray(im.convert(keep))
        except FileNotFoundError:
            raise PainmapError(f"image file {str(image)!r} does not exist") from None
        except (UnidentifiedImageError, OSError) as err:
            raise PainmapError(f"cannot read {str(image)!r} as an image (PNG, JPEG, TIFF ...): "
                               f"{err}") from None
    else:
        arr = np.asarray(image)
    if arr.dtype == bool:
        return arr.astype(float)
    if arr.ndim not in (2, 3) or (arr.ndim == 3 and arr.shape[2] not in (3, 4)) or arr.size == 0:
        raise PainmapError(f"image array has shape {arr.shape}; expected (h, w) mask, (h, w, 3) RGB or "
                           "(h, w, 4) RGBA")
    if not np.issubdtype(arr.dtype, np.number):
        raise PainmapError(f"image array has dtype {arr.dtype}; expected numbers or booleans")
    if np.issubdtype(arr.dtype, np.integer):
        return arr.astype(float) / (255.0 if arr.max() > 1 or arr.dtype == np.uint8 else 1.0)
    arr = arr.astype(float)
    if not np.isfinite(arr).all() or arr.min() < 0 or arr.max() > 1:
        raise PainmapError("image array of floats must hold values between 0 and 1")
    return arr


def _paint(pixels: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """Paint strength per pixel (0..1) and, for a full picture, its RGB."""
    if pixels.ndim == 2:
        return pixels, None
    if pixels.shape[2] == 4 and pixels[..., 3].min() < 1:
        return pixels[..., 3], None
    rgb = pixels[..., :3]
    chroma = rgb.max(axis=2) - rgb.min(axis=2)
    return (chroma >= COLOUR_FROM).astype(float), rgb


def _image_index(panel: ChartPanel, geo: ChartGeometry, shape: tuple[int, int]):
    """For the raster pixels of a panel inside its window: their flat raster index and image pixel."""
    proj = panel.projection
    u, v = proj.grid
    u0, u1, v0, v1 = panel.window
    left, bottom, w, h = panel.rect
    page_w, page_h = geo.size
    rows, cols = np.nonzero(proj.mask)
    inside = (u[cols] >= u0) & (u[cols] <= u1) & (v[rows] >= v0) & (v[rows] <= v1)
    rows, cols = rows[inside], cols[inside]
    x_in = left + (u[cols] - u0) / (u1 - u0) * w
    y_in = bottom + (v[rows] - v0) / (v1 - v0) * h
    height, width = shape
    col = np.clip(x_in / page_w * width - 0.5, 0, width - 1)
    row = np.clip((page_h - y_in) / page_h * height - 0.5, 0, height - 1)
    return rows, cols, row, col


def _bilinear(image: np.ndarray, row: np.ndarray, col: np.ndarray) -> np.ndarray:
    """`image` sampled at fractional pixel positions (pixel centres at whole numbers)."""
    r0 = np.minimum(np.floor(row).astype(np.intp), image.shape[0] - 2)
    c0 = np.minimum(np.floor(col).astype(np.intp), image.shape[1] - 2)
    fr, fc = row - r0, col - c0
    top = image[r0, c0] * (1 - fc) + image[r0, c0 + 1] * fc
    bottom = image[r0 + 1, c0] * (1 - fc) + image[r0 + 1, c0 + 1] * fc
    return top * (1 - fr) + bottom * fr


def _read_panel(panel: ChartPanel, paint: np.ndarray, geo: ChartGeometry) -> np.ndarray:
    """Pain per body vertex from one panel of the chart (0 where the view does not show it)."""
    proj = panel.projection
    body = proj.body
    rows, cols, row, col = _image_index(panel, geo, paint.shape)
    strength = _bilinear(paint, row, col)
    tri = body.smooth.faces[proj.raster.face[rows, cols]]
    w = proj.raster.bary[rows, cols]
    n_fine = body.smooth.n_new
    seen = _to_body(body, np.bincount(tri.ravel(), w.ravel(), minlength=n_fine))
    hit = (strength >= 0.5)[:, None]
    painted = _to_body(body, np.bincount(tri.ravel(), (w * hit).ravel(), minlength=n_fine))
    level = _to_body(body, np.bincount(tri.ravel(), (w * strength[:, None]).ravel(), minlength=n_fine))
    ok = (seen >= MIN_SEEN) & (painted >= PAINTED_SHARE * seen) & (painted > 0)
    out = np.zeros(body.n_vertices)
    out[ok] = np.clip(level[ok] / painted[ok], 0.0, 1.0)
    return out


def _to_body(body: Body, fine: np.ndarray) -> np.ndarray:
    """Pull weights on the subdivided mesh back to the body's own vertices (transpose of the step)."""
    sub = body.smooth
    return np.bincount(sub.cols, sub.weights * fine[sub.rows], minlength=body.n_vertices)


def _check_chart(rgb: np.ndarray, paint: np.ndarray, geo: ChartGeometry, label: str) -> None:
    """A full picture must show the chart: a grey body where the chart has it, and its view codes."""
    grey = rgb.mean(axis=2)
    height, width = grey.shape
    page_w, page_h = geo.size
    for k, panel in enumerate(geo.panels):
        _, _, row, col = _image_index(panel, geo, grey.shape)
        body_px = np.zeros(grey.shape, bool)
        body_px[np.rint(row).astype(np.intp), np.rint(col).astype(np.intp)] = True
        left, bottom, w, h = panel.rect
        c0, c1 = int(left / page_w * width), int((left + w) / page_w * width)
        r0, r1 = int((page_h - bottom - h) / page_h * height), int((page_h - bottom) / page_h * height)
        box = np.zeros(grey.shape, bool)
        box[r0:r1, c0:c1] = True
        clean = paint == 0
        inside = grey[body_px & clean]
        outside = grey[box & ~_grow(body_px, max(2, width // 150)) & clean]
        if len(inside) < 20 or len(outside) < 20 or inside.mean() > outside.mean() - BODY_CONTRAST:
            raise PainmapError(
                f"no body found in {label} where the {panel.view!r} view of the chart has it "
                f"(panel {k + 1} of {len(geo.panels)}); is this painmap's blank chart of views "
                f"{list(geo.views)}, scanned whole and upright?")
        shown = _read_code(panel, grey, geo)
        if shown is not None and shown != panel.view:
            raise PainmapError(
                f"panel {k + 1} of {label} is the {shown!r} view, not {panel.view!r}; pass the views the "
                f"chart was made with, e.g. view={[shown if p is panel else p.view for p in geo.panels]}")


def _read_code(panel: ChartPanel, grey: np.ndarray, geo: ChartGeometry) -> str | None:
    """The view the panel's code squares name, or None if the code cannot be read."""
    height, width = grey.shape
    page_w, page_h = geo.size
    if CODE_IN / page_w * width < 4:  # too coarse to read the squares
        return None
    dark = []
    for x, y, w, h in panel.code_boxes():
        c0, c1 = int((x + 0.3 * w) / page_w * width), int(np.ceil((x + 0.7 * w) / page_w * width))
        r0 = int((page_h - y - 0.7 * h) / page_h * height)
        r1 = int(np.ceil((page_h - y - 0.3 * h) / page_h * height))
        patch = grey[r0:max(r1, r0 + 1), c0:max(c1, c0 + 1)]
        dark.append(patch.size > 0 and float(patch.mean()) < 0.5)
    if not dark[0] or len(dark) != CODE_BITS + 1:
        return None
    return view_of_code(dark[1:])


def _grow(mask: np.ndarray, steps: int) -> np.ndarray:
    """The mask dilated by `steps` pixels (a square neighbourhood)."""
    out = mask.copy()
    for axis in (0, 1):
        grown = out.copy()
        for s in range(1, steps + 1):
            grown |= np.roll(out, s, axis=axis) | np.roll(out, -s, axis=axis)
        out = grown
    return out

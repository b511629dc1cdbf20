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

from ..body.camera import VIEWS
from ..body.mesh import SHAPES, Body
from ..core.errors import ArgumentError, ArgumentTypeError, DataError, MissingFileError
from ..reading.drawing import PainDrawing
from .template import CODE_IN, MARK_IN, ChartGeometry, ChartPanel, chart_geometry, name_of_code

ASPECT_TOLERANCE = 0.03
"""Largest relative difference between the image's and the page's width/height ratio."""
COLOUR_FROM = 0.2
"""A pixel of a full picture is paint when max(R, G, B) - min(R, G, B) is at least this (0..1)."""
PAINTED_SHARE = 0.6
"""A vertex has pain when at least this share of what the views show of it is painted."""
MIN_SEEN = 1.0
"""Vertices seen by less than this many raster pixels' weight (edge-on) are not read."""
MARK_SEARCH_IN = 1.2
"""Registration marks are looked for this far (inches) into each corner of a picture."""
MARK_FIT_IN = 0.03
"""The four marks must fit one affine map to within this (inches)."""
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
        own size, and a full picture is registered by the chart's corner marks
        (shifted, scaled or slightly turned scans); exports and masks are taken to
        be the page exactly.
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
        raise DataError(f"{label} is {width}x{height} pixels; expected a chart at least "
                           f"{MIN_PIXELS} pixels on each side.")
    ratio = width / height
    if abs(ratio / geo.aspect - 1) > ASPECT_TOLERANCE:
        raise DataError(
            f"{label} is {width}x{height} pixels (width/height {ratio:.3f}), but the {paper} chart of "
            f"views {list(geo.views)} has width/height {geo.aspect:.3f}; scan or export the whole page, "
            "uncropped (or pass the paper and views the chart was made with).")
    page = exact_map(geo, paint.shape)
    if picture is not None:
        grey = picture.mean(axis=2)
        page = registered_map(grey, picture, geo) or page
        _check_chart(grey, paint, geo, page, label)
    values = np.zeros(body.n_vertices)
    for panel in geo.panels:
        values = np.maximum(values, _read_panel(panel, paint, page))
    if np.isin(paint, (0.0, 1.0)).all():  # paint or no paint: a vertex has pain or has none
        values = (values > 0).astype(float)
    if not values.any():
        raise DataError(f"no paint found on the body in {label}; colour in where it hurts with a "
                           "clearly visible colour (not black or grey), or pass an RGBA overlay or a mask.")
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
            raise MissingFileError(f"image file {str(image)!r} does not exist; expected the path of a "
                               "chart from `painmap template`, scanned or exported (PNG, JPEG, "
                               "TIFF ...).") from None
        except (UnidentifiedImageError, OSError) as err:
            why = "not a picture" if isinstance(err, UnidentifiedImageError) else err.strerror or str(err)
            raise DataError(f"cannot read {str(image)!r} as an image: {why}; expected a picture file "
                               "(PNG, JPEG, TIFF ...).") from None
    else:
        arr = np.asarray(image)
    if arr.dtype == bool:
        return arr.astype(float)
    if arr.ndim not in (2, 3) or (arr.ndim == 3 and arr.shape[2] not in (3, 4)) or arr.size == 0:
        raise ArgumentError("image", arr, "an (h, w) mask, (h, w, 3) RGB or (h, w, 4) RGBA array",
                            problem=f"an array of shape {arr.shape}")
    if not np.issubdtype(arr.dtype, np.number):
        raise ArgumentTypeError("image", arr, "an array of numbers or booleans",
                                problem=f"an array of dtype {arr.dtype}")
    if np.issubdtype(arr.dtype, np.integer):
        return arr.astype(float) / (255.0 if arr.max() > 1 or arr.dtype == np.uint8 else 1.0)
    arr = arr.astype(float)
    if not np.isfinite(arr).all() or arr.min() < 0 or arr.max() > 1:
        raise ArgumentError("image", arr, "float values between 0 and 1",
                            problem=f"out of range (min {np.nanmin(arr):g}, max {np.nanmax(arr):g})")
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


class PageMap:
    """An affine map from page inches ``(x, y)`` to image pixels ``(col, row)`` (pixel centres).

    Attributes
    ----------
    matrix : ndarray, shape (3, 2)
        ``[col, row] = [x, y, 1] @ matrix``.
    shape : (int, int)
        The image's (rows, columns).
    """

    def __init__(self, matrix: np.ndarray, shape: tuple[int, int]) -> None:
        self.matrix = matrix
        self.shape = shape

    @property
    def pixels_per_inch(self) -> float:
        return float(np.sqrt(abs(np.linalg.det(self.matrix[:2]))))

    def __call__(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Column and row (fractional, clipped to the image) of page points."""
        m = self.matrix
        col = x * m[0, 0] + y * m[1, 0] + m[2, 0]
        row = x * m[0, 1] + y * m[1, 1] + m[2, 1]
        height, width = self.shape
        return np.clip(col, 0, width - 1), np.clip(row, 0, height - 1)


def exact_map(geo: ChartGeometry, shape: tuple[int, int]) -> PageMap:
    """The map of an image that is exactly the page (an export, or a clean whole-page scan)."""
    height, width = shape
    page_w, page_h = geo.size
    return PageMap(np.array([[width / page_w, 0.0], [0.0, -height / page_h], [-0.5, height - 0.5]]), shape)


def registered_map(grey: np.ndarray, rgb: np.ndarray, geo: ChartGeometry) -> PageMap | None:
    """The page map fitted to the four registration marks found in a picture, or None.

    Nothing is printed between a mark and its page corner, so each mark is found
    as the ink (dark, uncoloured pixels) nearest that corner of the picture, within
    `MARK_SEARCH_IN` (leaving out the picture's outer edge, where scanners put
    shadows), then centred on its square.  So a scan shifted by a few millimetres,
    scaled by a printer's "fit to page" or turned by a degree or two is mapped back
    onto the page.  None when a mark is missing or the four do not fit one affine map.
    """
    height, width = grey.shape
    ppi = exact_map(geo, grey.shape).pixels_per_inch
    if MARK_IN * ppi < 3:  # too coarse to find the marks
        return None
    ink = (grey < 0.45) & (rgb.max(axis=2) - rgb.min(axis=2) < COLOUR_FROM)
    edge, reach = int(0.08 * ppi), int(MARK_SEARCH_IN * ppi)
    found = []
    for x, y in geo.marks:
        right, top = x > geo.size[0] / 2, y > geo.size[1] / 2
        cols = slice(width - reach, width - edge) if right else slice(edge, reach)
        rows = slice(edge, reach) if top else slice(height - reach, height - edge)
        r, c = np.nonzero(ink[rows, cols])
        if not len(r):
            return None
        r, c = r + rows.start, c + cols.start
        depth = np.abs(c - (width if right else 0)) + np.abs(r - (0 if top else height))
        k = int(np.argmin(depth))
        inward = np.array([-1.0 if right else 1.0, 1.0 if top else -1.0])
        centre = np.array([c[k], r[k]]) + inward * MARK_IN / 2 * ppi
        for _ in range(2):  # centre the window on the square, twice
            half = int(np.ceil(0.75 * MARK_IN * ppi))
            c0, r0 = max(int(centre[0]) - half, 0), max(int(centre[1]) - half, 0)
            rr, cc = np.nonzero(ink[r0:int(centre[1]) + half + 1, c0:int(centre[0]) + half + 1])
            if len(rr) < 0.3 * (MARK_IN * ppi) ** 2:
                return None
            centre = np.array([c0 + cc.mean(), r0 + rr.mean()])
        found.append(centre)
    page = np.c_[geo.marks, np.ones(4)]
    matrix, *_ = np.linalg.lstsq(page, np.array(found), rcond=None)
    if np.abs(page @ matrix - found).max() > MARK_FIT_IN * ppi:
        return None
    return PageMap(matrix, grey.shape)


def _image_index(panel: ChartPanel, page: PageMap):
    """For the raster pixels of a panel inside its window: their raster row, column and image pixel."""
    proj = panel.projection
    u, v = proj.grid
    u0, u1, v0, v1 = panel.window
    left, bottom, w, h = panel.rect
    rows, cols = np.nonzero(proj.mask)
    inside = (u[cols] >= u0) & (u[cols] <= u1) & (v[rows] >= v0) & (v[rows] <= v1)
    rows, cols = rows[inside], cols[inside]
    x_in = left + (u[cols] - u0) / (u1 - u0) * w
    y_in = bottom + (v[rows] - v0) / (v1 - v0) * h
    col, row = page(x_in, y_in)
    return rows, cols, row, col


def _bilinear(image: np.ndarray, row: np.ndarray, col: np.ndarray) -> np.ndarray:
    """`image` sampled at fractional pixel positions (pixel centres at whole numbers)."""
    r0 = np.minimum(np.floor(row).astype(np.intp), image.shape[0] - 2)
    c0 = np.minimum(np.floor(col).astype(np.intp), image.shape[1] - 2)
    fr, fc = row - r0, col - c0
    top = image[r0, c0] * (1 - fc) + image[r0, c0 + 1] * fc
    bottom = image[r0 + 1, c0] * (1 - fc) + image[r0 + 1, c0 + 1] * fc
    return top * (1 - fr) + bottom * fr


def _read_panel(panel: ChartPanel, paint: np.ndarray, page: PageMap) -> np.ndarray:
    """Pain per body vertex from one panel of the chart (0 where the view does not show it)."""
    proj = panel.projection
    body = proj.body
    rows, cols, row, col = _image_index(panel, page)
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


def _check_chart(grey: np.ndarray, paint: np.ndarray, geo: ChartGeometry, page: PageMap, label: str) -> None:
    """A full picture must show the chart: a grey body where the chart has it, and its view codes."""
    width = grey.shape[1]
    code = _read_code(geo.shape_boxes(), grey, page)
    shape = None if code is None else name_of_code(code, SHAPES)
    if shape is not None and shape != geo.body.shape:
        raise DataError(f"{label} is a chart of the {shape!r} body, not the {geo.body.shape!r} one; "
                           f"pass body={shape!r}.")
    for k, panel in enumerate(geo.panels):
        _, _, row, col = _image_index(panel, page)
        body_px = np.zeros(grey.shape, bool)
        body_px[np.rint(row).astype(np.intp), np.rint(col).astype(np.intp)] = True
        left, bottom, w, h = panel.rect
        cs, rs = page(np.array([left, left + w]), np.array([bottom + h, bottom]))
        box = np.zeros(grey.shape, bool)
        box[int(rs.min()):int(rs.max()) + 1, int(cs.min()):int(cs.max()) + 1] = True
        clean = paint == 0
        inside = grey[body_px & clean]
        outside = grey[box & ~_grow(body_px, max(2, width // 150)) & clean]
        if len(inside) < 20 or len(outside) < 20 or inside.mean() > outside.mean() - BODY_CONTRAST:
            raise DataError(
                f"no body found in {label} where the {panel.view!r} view of the chart has it "
                f"(panel {k + 1} of {len(geo.panels)}); is this painmap's blank chart of views "
                f"{list(geo.views)}, scanned whole and upright?")
        code = _read_code(panel.code_boxes(), grey, page)
        shown = None if code is None else name_of_code(code, list(VIEWS))
        if shown is not None and shown != panel.view:
            raise DataError(
                f"panel {k + 1} of {label} is the {shown!r} view, not {panel.view!r}; pass the views the "
                f"chart was made with, e.g. view={[shown if p is panel else p.view for p in geo.panels]}.")



def _read_code(boxes, grey: np.ndarray, page: PageMap) -> tuple[bool, ...] | None:
    """Which code squares after the start square are dark, or None if the code cannot be read."""
    if CODE_IN * page.pixels_per_inch < 4:  # too coarse to read the squares
        return None
    dark = []
    for x, y, w, h in boxes:
        cs, rs = page(np.array([x + 0.3 * w, x + 0.7 * w]), np.array([y + 0.7 * h, y + 0.3 * h]))
        c0, c1 = int(cs.min()), int(np.ceil(cs.max())) + 1
        r0, r1 = int(rs.min()), int(np.ceil(rs.max())) + 1
        patch = grey[r0:r1, c0:c1]
        dark.append(patch.size > 0 and float(patch.mean()) < 0.5)
    if not dark[0]:
        return None
    return tuple(dark[1:])


def _grow(mask: np.ndarray, steps: int) -> np.ndarray:
    """The mask dilated by `steps` pixels (a square neighbourhood)."""
    out = mask.copy()
    for axis in (0, 1):
        grown = out.copy()
        for s in range(1, steps + 1):
            grown |= np.roll(out, s, axis=axis) | np.roll(out, -s, axis=axis)
        out = grown
    return out

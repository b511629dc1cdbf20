"""Reading a painted chart back onto the body surface: the inverse of the chart's projection.

A full picture of a chart (a scan, a photo, an export) is read in four steps:

1. **Load** (:func:`_load`): the file's size is checked before it is decoded (a
   decompression bomb or an absurd size is refused), its EXIF orientation is
   applied, and a picture larger than `WORK_SIDE` pixels is reduced by a whole factor.
   A 16-bit scan (PNG, TIFF) is brought to 8 bits; a file of several pages (a
   multi-page TIFF) is refused, as painmap does not guess which page is the chart.
2. **Register** (:mod:`.register`): the four corner marks are found anywhere in the
   picture, a homography maps the page onto it, and the chart's code is read and
   compared with the chart asked for.  Anything doubtful raises
   :class:`~painmap.DataError`; a full picture is never taken to be the page unregistered.
3. **Resample** (:func:`warp_page`): the page is sampled at `PAGE_DPI` in page
   coordinates, so the rest works on a bounded image whatever the picture's size.
4. **Ink, then the body.**  The ink contract, for :mod:`painmap.chart.ink`:

   ``page``
       float32 RGB array ``(h, w, 3)`` in 0..1: the whole page at `PAGE_DPI`, in page
       coordinates (row 0 is the top of the page, column 0 its left edge; pixel
       ``(row, col)`` covers x = col / PAGE_DPI .. (col + 1) / PAGE_DPI inches from the
       left edge, and likewise down from the top).  Where the picture did not show the
       page (outside it), the page is white (1.0).
   ``blank``
       the blank chart as printed (:func:`blank_page`: same size, same coordinates,
       float32 RGB 0..1, rendered from the chart's own scene; cached per chart).
   ``find_ink(page, blank) -> (strength, style)``
       ``strength``: float32 ``(h, w)`` in 0..1, how surely each pixel of the page is
       the patient's ink (0.5 and above counts as painted); ``style``: a word for how
       the chart was marked (e.g. ``"colour"``).

   Each panel's raster pixel then looks up `strength` at its place on the page
   (panel window (cm) -> page (inches) -> page pixel), and each vertex's share of
   painted pixels decides whether it has pain (:func:`_read_panel`).
5. **Nothing left out.**  Ink on the body that was not read as an area (a lone line,
   strokes too sparse or thin to close into one, :attr:`painmap.chart.ink.Ink.unread`)
   is read the same way; when the surface it marks would add more than `UNREAD_SHARE`
   to what was read, the chart is refused (:func:`unread_surface`), never read
   without it.  The drawing keeps the chart's id from its code
   (:attr:`painmap.PainDrawing.chart_id`).

Every pixel of a view's raster knows the surface triangle it shows and where in
it (barycentric weights), so the paint of each raster pixel is shared among the
vertices of its triangle.  A vertex has pain when most (60 %) of what the view
shows of it is painted.  RGBA overlays (alpha is paint) and masks are taken to be
the page exactly, as they come from painmap itself.  Pillow (installed with
matplotlib) decodes image files.
"""

from __future__ import annotations

import io
import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..body.mesh import Body
from ..core.errors import ArgumentError, ArgumentTypeError, DataError, LimitError, MissingFileError
from ..reading.drawing import PainDrawing
from . import ink
from .code import ChartCode
from .register import Registration, register
from .template import ChartGeometry, ChartPanel, chart_geometry, chart_scene

PAGE_DPI = 200.0
"""A registered page is resampled at this many pixels per inch (see the ink contract above)."""
WORK_SIDE = 4200
"""A picture longer than this (pixels) is reduced by a whole factor as it is loaded."""
MAX_PIXELS = 150_000_000
"""The most pixels a picture may have (a 1200-dpi colour scan of A4 has 139 million)."""
ASPECT_TOLERANCE = 0.03
"""Largest relative difference between an overlay's or a mask's and the page's width/height ratio."""
COLOUR_FROM = 0.2
"""The stand-in ink rule: a pixel is paint when max(R, G, B) - min(R, G, B) is at least this (0..1)."""
PAINTED_SHARE = 0.6
"""A vertex has pain when at least this share of what the views show of it is painted."""
MIN_SEEN = 1.0
"""Vertices seen by less than this many raster pixels' weight (edge-on) are not read."""
MIN_PIXELS = 60
ALIGN_SLACK_IN = 0.015
"""A printed line of the figures may be found this far (inches) from where the blank chart has it."""
MIN_ALIGNED = 0.6
"""At least this share of the figures' printed lines must be found dark on the registered page."""
UNREAD_SHARE = 0.12
"""A chart is refused when ink not read as an area would add more than this share to the body surface read.

On the accuracy benchmark (87 charts) the charts read correctly leave at most 7 % (a black pen or a
pencil outline along a thin strip), the two that were misread (ballpoint hatching along the outer thigh)
21 and 24 %."""


@dataclass(frozen=True, eq=False)
class ChartPage:
    """A registered chart: the page resampled at `PAGE_DPI`, the blank chart, and how it was found.

    Attributes
    ----------
    page : ndarray, float32 (h, w, 3)
        The page in page coordinates, 0..1 (the ink contract's ``page``).
    blank : ndarray, float32 (h, w, 3)
        The blank chart at the same size (the ink contract's ``blank``).
    registration : Registration
        Where the page was found in the picture, the code read, the fit.
    geometry : ChartGeometry
    """

    page: np.ndarray
    blank: np.ndarray
    registration: Registration
    geometry: ChartGeometry


def read_chart(image, *, views: str | Sequence[str], body: Body, paper: str = "A4", qc=None) -> PainDrawing:
    """Read a painted blank chart (from :func:`painmap.template`) as a :class:`PainDrawing`.

    Parameters
    ----------
    image : path, or array
        * a full picture (a file, or an RGB array; RGBA with no transparency): a scan,
          a photo or an export of the chart, painted.  It is registered by the chart's
          four corner marks (turned any way, mirrored, shifted, scaled, seen in
          perspective) and its code must name the chart asked for;
        * an RGBA overlay (file or array, shape (h, w, 4)) where alpha > 0 is paint;
        * a mask, shape (h, w): True (or values > 0, taken as intensity) is paint.
        Overlays and masks are taken to be the page exactly (any resolution with the
        page's width/height ratio).
    views : str or list of str
        The views on the chart, as given to :func:`painmap.template`.
    body : Body
    paper : {"A4", "Letter"}
    qc : path or painmap.chart.qc.QcNote, optional
        Also write a picture of what was read over the registered page
        (:func:`painmap.chart.qc.write_qc`); written when the chart is registered,
        also if no paint is found.

    Returns
    -------
    PainDrawing
        Its :attr:`~painmap.PainDrawing.chart_id` is the id the chart's code names (for a
        full picture; None for an overlay or a mask).

    Raises
    ------
    painmap.DataError
        A full picture whose marks are not all found, whose code does not check out
        or names another chart, whose page is not flat or not wholly in view; an
        overlay or mask of another size ratio; or nothing painted.
    painmap.LimitError
        A picture of more than `MAX_PIXELS` pixels (checked before decoding it).
    """
    geo = chart_geometry(views, body=body, paper=paper)
    label = str(image) if isinstance(image, (str, os.PathLike)) else "image"
    kind, pixels = _load(image, label)
    chart_id = unread = None
    if kind == "picture":
        chart = _register(pixels, geo, label)
        chart_id = chart.registration.code.chart_id
        found = ink.read_ink(chart.page, chart.blank, dpi=PAGE_DPI,  # the blank's print kept on disk
                             blank_key=(geo.views, geo.body.shape, geo.paper, chart_id, PAGE_DPI,
                                        _blank_sources()))
        paint, style, unread = found.strength, found.style, found.unread
        page, page_map = chart.page, dpi_map(paint.shape, PAGE_DPI)
    else:
        paint = pixels
        height, width = paint.shape
        if min(height, width) < MIN_PIXELS:
            raise DataError(f"{label} is {width}x{height} pixels; expected a chart at least "
                            f"{MIN_PIXELS} pixels on each side.")
        ratio = width / height
        if abs(ratio / geo.aspect - 1) > ASPECT_TOLERANCE:
            raise DataError(
                f"{label} is {width}x{height} pixels (width/height {ratio:.3f}), but the {paper} chart of "
                f"views {list(geo.views)} has width/height {geo.aspect:.3f}; an overlay or a mask must "
                "cover the whole page (or pass the paper and views the chart was made with).")
        page_map = exact_map(geo, paint.shape)
        page, style = np.repeat((1 - 0.5 * paint.astype(np.float32))[..., None], 3, axis=2), "overlay"
    values = np.zeros(body.n_vertices)
    for panel in geo.panels:
        values = np.maximum(values, _read_panel(panel, paint, page_map))
    if np.isin(paint, (0.0, 1.0)).all():  # paint or no paint: a vertex has pain or has none
        values = (values > 0).astype(float)
    drawing = PainDrawing(values, body=body) if values.any() else None
    if drawing is not None:
        drawing.chart_id = chart_id
    left = unread_surface(values, unread, geo, page_map) if drawing is not None else None
    if qc is not None:
        from .qc import write_qc

        write_qc(qc, page, paint, drawing, geo, style=style, label=label,
                 note="" if left is None else f"REFUSED: the ink left unread would add {100 * left[1]:.0f} % "
                 "to the surface read", unread=unread)
    if drawing is None:
        raise DataError(f"no paint found on the body in {label}; colour in or circle where it hurts, "
                        "or pass an RGBA overlay or a mask.")
    if left is not None:
        missed, share = left
        raise DataError(
            f"ink on {label} was not read as pain: strokes on {_places(missed)} that are too sparse or too "
            f"thin to be a marked area would add {100 * share:.0f} % to the body surface read (at most "
            f"{100 * UNREAD_SHARE:.0f} % is let go); colour those places in solid, or read the chart by hand"
            " (the QC picture, qc=..., outlines the ink left unread in magenta).")
    return drawing


def unread_surface(values: np.ndarray, unread: np.ndarray | None, geo: ChartGeometry,
                   page_map: PageMap) -> tuple[PainDrawing, float] | None:
    """The body surface that ink left unread (:attr:`painmap.chart.ink.Ink.unread`) would add to a reading,
    and its share of the two together, when that share is more than `UNREAD_SHARE` (else None).

    Ink is read against the surface it marks, not its own area: a thin strip of strokes along a
    figure's outline marks the side of a limb, much of the body seen edge-on.
    """
    if unread is None or not unread.any():
        return None
    body = geo.body
    more = np.zeros(body.n_vertices)
    for panel in geo.panels:
        more = np.maximum(more, _read_panel(panel, unread, page_map))
    extra = (more > 0) & (values == 0)
    area = body.vertex_areas
    added, read = float(area[extra].sum()), float(area[values > 0].sum())
    share = added / (read + added) if added else 0.0
    if share <= UNREAD_SHARE:
        return None
    return PainDrawing(extra.astype(float), body=body), share


def _places(drawing: PainDrawing) -> str:
    """The (at most three) regions a drawing covers most, in words: ``"the right thigh_lateral, ..."``."""
    regions = sorted(drawing.regions().items(), key=lambda kv: -kv[1])[:3]
    return ", ".join(f"the {side} {name}" for (name, side), _ in regions) or "the body"


def load_page(image, *, views: str | Sequence[str], body: Body, paper: str = "A4") -> ChartPage:
    """Register a full picture of a chart and resample its page (steps 1-3 above), e.g. for a check picture.

    Raises as :func:`read_chart` does; an overlay or a mask is not a picture to register.
    """
    geo = chart_geometry(views, body=body, paper=paper)
    label = str(image) if isinstance(image, (str, os.PathLike)) else "image"
    kind, pixels = _load(image, label)
    if kind != "picture":
        raise DataError(f"{label} is an overlay or a mask, not a picture of the page to register.")
    return _register(pixels, geo, label)


# -- the ink ---------------------------------------------------------------------------------------------


def colour_ink(page: np.ndarray, blank: np.ndarray) -> tuple[np.ndarray, str]:
    """The stand-in ink rule: a clearly coloured pixel is ink (the chart is printed in greys).

    Examples
    --------
    >>> page = np.ones((2, 2, 3), np.float32); page[0, 0] = (0.9, 0.1, 0.1)
    >>> colour_ink(page, np.ones_like(page))[0].tolist()
    [[1.0, 0.0], [0.0, 0.0]]
    """
    r, g, b = page[..., 0], page[..., 1], page[..., 2]
    chroma = np.maximum(np.maximum(r, g), b) - np.minimum(np.minimum(r, g), b)
    return (chroma >= COLOUR_FROM).astype(np.float32), "colour"


def find_ink(page: np.ndarray, blank: np.ndarray) -> tuple[np.ndarray, str]:
    """How surely each pixel of the registered page is ink, and the marking style (the ink contract).

    :func:`painmap.chart.ink.find_ink` judges ink against the paper and the printed chart
    (any pen; hatching closed, outlines filled).
    """
    return ink.find_ink(page, blank, dpi=PAGE_DPI)


# -- loading ---------------------------------------------------------------------------------------------


def _load(image, label: str) -> tuple[str, np.ndarray]:
    """``("picture", uint8 RGB (h, w, 3))`` for a full picture, or ``("paint", float (h, w) 0..1)``."""
    if isinstance(image, (str, os.PathLike)):
        return _load_file(image)
    arr = np.asarray(image)
    if arr.dtype == bool:
        return "paint", arr.astype(float)
    if arr.ndim not in (2, 3) or (arr.ndim == 3 and arr.shape[2] not in (3, 4)) or arr.size == 0:
        raise ArgumentError("image", arr, "an (h, w) mask, (h, w, 3) RGB or (h, w, 4) RGBA array",
                            problem=f"an array of shape {arr.shape}")
    if not np.issubdtype(arr.dtype, np.number):
        raise ArgumentTypeError("image", arr, "an array of numbers or booleans",
                                problem=f"an array of dtype {arr.dtype}")
    if arr.dtype == np.uint8 and arr.ndim == 3 and (arr.shape[2] == 3 or arr[..., 3].min() == 255):
        return "picture", arr[..., :3]
    if arr.size > 4 * MAX_PIXELS:
        raise LimitError("image", arr, f"a picture of at most {MAX_PIXELS / 1e6:g} million pixels",
                         problem=f"an array of shape {arr.shape}")
    if np.issubdtype(arr.dtype, np.integer):
        arr = arr.astype(float) / (255.0 if arr.max() > 1 or arr.dtype == np.uint8 else 1.0)
    else:
        arr = arr.astype(float)
        if not np.isfinite(arr).all() or arr.min() < 0 or arr.max() > 1:
            raise ArgumentError("image", arr, "float values between 0 and 1",
                                problem=f"out of range (min {np.nanmin(arr):g}, max {np.nanmax(arr):g})")
    if arr.ndim == 2:
        return "paint", arr
    if arr.shape[2] == 4 and arr[..., 3].min() < 1:
        return "paint", arr[..., 3]
    return "picture", np.rint(arr[..., :3] * 255).astype(np.uint8)


def _load_file(path) -> tuple[str, np.ndarray]:
    """A picture file: size checked before decoding, EXIF orientation applied, reduced if very large."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    name = str(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                width, height = im.size
                if width * height > MAX_PIXELS:
                    most = f"a picture of at most {MAX_PIXELS / 1e6:g} million pixels"
                    raise LimitError("image", name, most + " (scan at 600 dots per inch or less)",
                                     problem=f"{width}x{height} pixels ({width * height / 1e6:.0f} million)",
                                     whole=True)
                _one_page(im, name)
                step = max(1, -(-max(width, height) // WORK_SIDE))
                if step > 1 and im.format == "JPEG":
                    im.draft("RGB", (width // step, height // step))  # decode at a reduced scale
                im.load()
                ImageOps.exif_transpose(im, in_place=True)
                im = _eight_bit(im)
                clear = im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info
                if clear:
                    rgba = im.convert("RGBA")
                    alpha = np.asarray(rgba.getchannel("A"))
                    if alpha.min() < 255:
                        return "paint", alpha.astype(float) / 255.0
                rgb = im if im.mode == "RGB" else im.convert("RGB")
                step = max(1, -(-max(rgb.size) // WORK_SIDE))
                if step > 1:
                    rgb = rgb.reduce(step)
                return "picture", np.asarray(rgb)
    except FileNotFoundError:
        raise MissingFileError(f"image file {name!r} does not exist; expected the path of a "
                               "chart from `painmap template`, scanned or exported (PNG, JPEG, "
                               "TIFF ...).") from None
    except Image.DecompressionBombError as err:
        raise LimitError("image", name, f"a picture of at most {MAX_PIXELS / 1e6:g} million pixels",
                         problem=f"refused by Pillow as a possible decompression bomb ({err})",
                         whole=True) from None
    except (UnidentifiedImageError, OSError) as err:
        why = "not a picture" if isinstance(err, UnidentifiedImageError) else err.strerror or str(err)
        raise DataError(f"cannot read {name!r} as an image: {why}; expected a picture file "
                        "(PNG, JPEG, TIFF ...).") from None


def _one_page(im, name: str) -> None:
    """A file of several pages (a multi-page TIFF) is refused: one chart per file.

    A reduced-resolution copy of the page (a TIFF thumbnail: NewSubfileType bit 0) is not a page.
    """
    pages = getattr(im, "n_frames", 1)
    if pages <= 1:
        return
    full = 0
    for k in range(pages):
        im.seek(k)
        if not int(getattr(im, "tag_v2", {}).get(254, 0)) & 1:
            full += 1
    im.seek(0)
    if full > 1:
        raise DataError(f"{name!r} holds {full} pages; painmap reads one chart per file and does not "
                        "guess which page is the chart: split it into one file per page (e.g. "
                        "`tiffsplit`, or the scanner's \"one file per page\" setting) and read those.")


def _eight_bit(im):
    """A 16- or 32-bit greyscale picture (16-bit scans: Pillow modes ``I;16``, ``I``, ``F``) as 8-bit ``L``.

    Pillow brings 16-bit RGB(A) to 8 bits itself, but converts 16-bit grey to RGB by clipping at
    255 (a white page); here its levels are scaled down instead, after the size check.

    Examples
    --------
    >>> from PIL import Image
    >>> grey = Image.fromarray(np.array([[0, 32896, 65535]], np.uint16))
    >>> np.asarray(_eight_bit(grey)).tolist()
    [[0, 128, 255]]
    """
    from PIL import Image

    if not (im.mode.startswith("I") or im.mode == "F"):
        return im
    levels = np.asarray(im)
    if im.mode == "F":
        top = float(np.nanmax(levels)) if levels.size else 1.0
        scale = 255.0 if top <= 1.0 else 1.0 if top <= 255.0 else 255.0 / 65535.0
    else:  # 16 bits (I;16*, or I as Pillow opens 16-bit PNGs); an 8-bit level range passes as it is
        scale = 1.0 if levels.max(initial=0) <= 255 else 255.0 / 65535.0
    small = np.empty(levels.shape, np.uint8)
    for top in range(0, levels.shape[0], 512):  # in bands: no full-size float copy of a 600-dpi scan
        band = levels[top:top + 512] * np.float32(scale)
        np.rint(np.clip(band, 0, 255, out=band), out=small[top:top + 512], casting="unsafe")
    return Image.fromarray(small, "L")


# -- registering -----------------------------------------------------------------------------------------


def _register(rgb: np.ndarray, geo: ChartGeometry, label: str) -> ChartPage:
    """A full picture registered, checked against the chart asked for, and resampled."""
    height, width = rgb.shape[:2]
    if min(height, width) < MIN_PIXELS:
        raise DataError(f"{label} is {width}x{height} pixels; expected a chart at least "
                        f"{MIN_PIXELS} pixels on each side.")
    grey = np.maximum(np.maximum(rgb[..., 0], rgb[..., 1]), rgb[..., 2])  # paint does not hide a mark
    reg = register(grey, paper=geo.paper, landscape=len(geo.panels) > 1, label=label)
    _check_code(reg.code, geo, label)
    blank = blank_page(geo.views, geo.body.shape, geo.paper, reg.code.chart_id)
    _check_in_view(reg, geo, (height, width), label)
    page = warp_page(rgb, reg.homography, blank.shape[:2], PAGE_DPI)
    chart = ChartPage(page, blank, reg, geo)
    share = aligned_share(chart)
    if share < MIN_ALIGNED:
        raise DataError(
            f"the printed figures in {label} do not line up with the chart's: only {100 * share:.0f} % of "
            f"their outlines are where the corner marks put them (at least {100 * MIN_ALIGNED:.0f} % "
            "expected); the page is bent, folded or curled, or was printed scaled unevenly; lay it flat and "
            "scan or photograph it again." + _unnamed_hint(reg.code, geo))
    return chart


def _unnamed_hint(code: ChartCode, geo: ChartGeometry) -> str:
    """A hint when the code could not name some of the chart's views (so they were not checked)."""
    unnamed = [k + 1 for k, v in enumerate(code.views) if v is None]
    if not unnamed:
        return ""
    return (f" Or the views given are not the chart's: its code cannot name view {unnamed[0]} "
            f"({list(geo.views)[unnamed[0] - 1]!r} was given); pass the views the chart was made with.")


def aligned_share(chart: ChartPage) -> float:
    """The share of the figures' printed outlines (dark on the blank chart) that are dark on the page too.

    A registered page whose middle is bent away from where the corner marks put it
    shows its outlines elsewhere; paint over an outline keeps it dark.  Each printed
    pixel (every third, in the figures' boxes) counts as found when the page is dark
    within `ALIGN_SLACK_IN` of it.
    """
    page, blank = chart.page, chart.blank
    rows, cols = blank.shape[:2]
    reach = max(1, round(ALIGN_SLACK_IN * PAGE_DPI))
    found = total = 0
    for panel in chart.geometry.panels:
        (x0, x1), (y0, y1) = _body_box(panel)
        c0, c1 = max(int(x0 * PAGE_DPI) - reach, 0), min(int(np.ceil(x1 * PAGE_DPI)) + reach + 1, cols)
        r0 = max(int(rows - y1 * PAGE_DPI) - reach, 0)
        r1 = min(int(np.ceil(rows - y0 * PAGE_DPI)) + reach + 1, rows)
        printed = blank[r0:r1, c0:c1, 1]
        grey = page[r0:r1, c0:c1, 1]  # green: the print is grey, and most pens darken it
        white = printed > 0.97
        rr, cc = np.nonzero(printed < 0.5)
        inner = (rr >= reach) & (cc >= reach) & (rr < grey.shape[0] - reach) & (cc < grey.shape[1] - reach)
        rr, cc = rr[inner][::3], cc[inner][::3]
        if len(rr) < 50 or white.sum() < 50:
            continue
        paper = float(np.percentile(grey[white][::7], 90))
        least = np.full(len(rr), np.inf, np.float32)
        for dr in range(-reach, reach + 1):
            for dc in range(-reach, reach + 1):
                np.minimum(least, grey[rr + dr, cc + dc], out=least)
        found += int((least < 0.75 * paper).sum())
        total += len(rr)
    return found / total if total else 1.0


def _check_code(code: ChartCode, geo: ChartGeometry, label: str) -> None:
    """The chart's code must name the paper, body and views asked for."""
    if code.paper != geo.paper:
        raise DataError(f"{label} is {code.describe()}: printed on {code.paper} paper, not {geo.paper}; "
                        f"pass paper={code.paper!r}.")
    if code.shape != geo.body.shape:
        raise DataError(f"{label} is a chart of the {code.shape!r} body, not the {geo.body.shape!r} one; "
                        f"pass body={code.shape!r}.")
    asked = list(geo.views)
    named = [v if v is not None else "(a view of its own)" for v in code.views]
    if len(code.views) != min(len(asked), 7):
        raise DataError(f"{label} is a chart of {len(code.views)} view{'s' * (len(code.views) > 1)} "
                        f"({named}), not of {len(asked)} ({asked}); pass the views the chart was made with: "
                        f"view={named}.")
    for k, (shown, want) in enumerate(zip(code.views, asked)):
        if shown is not None and shown != want:
            fixed = [s if s is not None else a for s, a in zip(code.views, asked)] + asked[len(code.views):]
            raise DataError(f"panel {k + 1} of {label} is the {shown!r} view, not {want!r}; pass the views "
                            f"the chart was made with, e.g. view={fixed}.")


def _check_in_view(reg: Registration, geo: ChartGeometry, shape: tuple[int, int], label: str) -> None:
    """Every figure of the chart must be inside the picture (a page cut off at a side is refused)."""
    height, width = shape
    for panel in geo.panels:
        x, y = _body_box(panel)
        col, row = reg.to_picture(np.array([x[0], x[1], x[1], x[0]]), np.array([y[0], y[0], y[1], y[1]]))
        if col.min() < -0.5 or row.min() < -0.5 or col.max() > width - 0.5 or row.max() > height - 0.5:
            raise DataError(f"part of the {panel.view!r} figure is outside {label}: the page is cut off; "
                            "scan or photograph the whole page.")


@lru_cache(maxsize=32)
def _body_box(panel: ChartPanel) -> tuple[tuple[float, float], tuple[float, float]]:
    """The page rectangle (inches) round the body as the panel shows it: (x0, x1), (y0, y1)."""
    _, _, x_in, y_in = _page_points(panel)
    return (float(x_in.min()), float(x_in.max())), (float(y_in.min()), float(y_in.max()))


@lru_cache(maxsize=8)
def blank_page(views: tuple[str, ...], shape: str, paper: str, chart_id: int = 0) -> np.ndarray:
    """The blank chart at `PAGE_DPI`, float32 RGB (h, w, 3) in 0..1 (read only).

    Kept in memory per chart, and in painmap's disk cache (:mod:`painmap.core.cache`),
    so that a new process does not draw it again.

    Examples
    --------
    >>> blank_page(("back",), "neutral", "A4").shape
    (2338, 1654, 3)
    """
    from ..core import cache

    params = (views, shape, paper, chart_id, PAGE_DPI, _blank_sources())
    pixels = cache.cached("chart-blank", params, lambda: {"rgb": _draw_blank(views, shape, paper, chart_id)})
    out = pixels["rgb"].astype(np.float32) * np.float32(1 / 255)
    out.setflags(write=False)
    return out


@lru_cache(maxsize=1)
def _blank_sources() -> str:
    """The digest of the sources that draw the blank chart (part of its disk cache key)."""
    from ..core import cache

    here = Path(__file__).resolve().parent
    return cache.source_digest(here / "template.py", here / "code.py", here.parent / "render" / "raster.py")


def _draw_blank(views: tuple[str, ...], shape: str, paper: str, chart_id: int) -> np.ndarray:
    from PIL import Image

    from ..figure import PainMap

    png = PainMap(chart_scene(list(views), body=shape, paper=paper, chart_id=chart_id)).to_png(dpi=PAGE_DPI)
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def warp_page(rgb: np.ndarray, homography: np.ndarray, shape: tuple[int, int], dpi: float) -> np.ndarray:
    """The page resampled from a picture: float32 RGB `shape` + (3,), 0..1, at `dpi` in page coordinates.

    `homography` maps page inches (origin lower left) to picture pixels (column, row;
    pixel centres at whole numbers).  One bilinear sample per page pixel (Pillow's
    perspective transform, in C: about twice as fast as the same in numpy); where the
    page falls outside the picture it is white.

    Examples
    --------
    >>> rgb = np.zeros((20, 10, 3), np.uint8); rgb[:, 5:] = 255
    >>> h = np.array([[10.0, 0, -0.5], [0, -10.0, 19.5], [0, 0, 1]])   # a 1 x 2 in page at 10 dpi
    >>> warp_page(rgb, h, (20, 10), 10.0)[0, :, 0].round(2).tolist()
    [0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0]
    """
    from PIL import Image

    rows, cols = shape
    # page pixel edges (x, y from the top left) -> inches -> picture pixel edges (Pillow samples there)
    to_inches = np.array([[1 / dpi, 0, 0], [0, -1 / dpi, rows / dpi], [0, 0, 1]])
    to_edges = np.array([[1, 0, 0.5], [0, 1, 0.5], [0, 0, 1]])
    m = to_edges @ homography @ to_inches
    m = m / m[2, 2]
    picture = Image.fromarray(np.ascontiguousarray(rgb[..., :3], dtype=np.uint8))
    warped = picture.transform((cols, rows), Image.PERSPECTIVE, tuple(m.ravel()[:8]), resample=Image.BILINEAR,
                               fillcolor=(255, 255, 255))
    levels = np.asarray(warped)
    out = np.empty(levels.shape, np.float32)
    return np.multiply(levels, np.float32(1 / 255), out=out)


# -- page maps and panels --------------------------------------------------------------------------------


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
    """The map of an overlay or a mask that is exactly the page, stretched to its size."""
    height, width = shape
    page_w, page_h = geo.size
    return PageMap(np.array([[width / page_w, 0.0], [0.0, -height / page_h], [-0.5, height - 0.5]]), shape)


def dpi_map(shape: tuple[int, int], dpi: float) -> PageMap:
    """The map of a page resampled at `dpi` (:func:`warp_page`, :func:`blank_page`)."""
    rows = shape[0]
    return PageMap(np.array([[dpi, 0.0], [0.0, -dpi], [-0.5, rows - 0.5]]), shape)


def _page_points(panel: ChartPanel):
    """For the raster pixels of a panel inside its window: their raster row, column and page inches."""
    proj = panel.projection
    u, v = proj.grid
    u0, u1, v0, v1 = panel.window
    left, bottom, w, h = panel.rect
    rows, cols = np.nonzero(proj.mask)
    inside = (u[cols] >= u0) & (u[cols] <= u1) & (v[rows] >= v0) & (v[rows] <= v1)
    rows, cols = rows[inside], cols[inside]
    x_in = left + (u[cols] - u0) / (u1 - u0) * w
    y_in = bottom + (v[rows] - v0) / (v1 - v0) * h
    return rows, cols, x_in, y_in


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
    rows, cols, x_in, y_in = _page_points(panel)
    col, row = page(x_in, y_in)
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

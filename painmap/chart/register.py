"""Finding the chart's page in a picture: its four corner marks, a homography, its code.

A scan or a photo of a chart is registered in five steps:

1. On a copy of the picture about `DETECT_SIDE` pixels long, every closed outline of
   dark ink (darker than its neighbourhood, :func:`find_marks`) that is a
   quadrilateral with the modules of a registration mark inside (a dark border,
   and one of the four insides of :data:`~painmap.chart.template.MARK_PATTERNS`,
   with paper around it) is a candidate mark.  The inside says which corner of the
   page the mark is, however the picture was turned or mirrored.
2. One candidate per corner is chosen (similar sizes, a convex quadrilateral in
   the corners' order round the page).
3. Each chosen mark is found again in the full picture, near where it was found,
   and its four corners are placed to a fraction of a pixel by fitting a line to
   each side of its outline (:func:`refine_mark`).
4. A homography (projective map, fitted by the normalised direct linear
   transform, :func:`fit_homography`) takes the page's inches to the picture's
   pixels through the 4 marks' centres and 16 corners; what it misses by (in
   inches on the page) says whether the page was flat and whole.
5. The chart's code (:mod:`.code`) is read through the map and checked (CRC).

Whatever fails, :class:`~painmap.DataError` says what was found and what to do;
nothing is guessed.  :func:`warp_page` then resamples the page at a fixed
resolution in page coordinates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..core.errors import DataError
from .code import ChartCode, decode
from .template import (
    CELL_IN,
    CORNERS,
    INSIDES,
    MARK_IN,
    MARK_MODULES,
    MARK_PATTERNS,
    MODULE_IN,
    PAPERS,
    code_cells,
    mark_centres,
)

DETECT_SIDE = 1400
"""Marks are first looked for on a copy of the picture this many pixels on its longer side."""
DARK_LEVEL = 0.6
"""On the detection copy, ink is darker than this share of its neighbourhood's mean brightness."""
MIN_MARK_PX = 10.0
"""A mark must be at least this many pixels wide on the detection copy."""
MAX_SIZE_RATIO = 2.0
"""The largest and the smallest of the four marks differ in size by at most this factor."""
MAX_FIT_IN = 0.03
"""The homography must place every mark corner within this many inches of where it was found."""
MIN_DPI = 50.0
"""The page must be seen with at least this many pixels per inch."""
MIN_CONTRAST = 0.2
"""The code's dark cells must be darker than its light cells by at least this (0..1)."""
PATTERN_OF = {pattern: corner for corner, pattern in MARK_PATTERNS.items()}


@dataclass(frozen=True)
class Mark:
    """A registration mark found in a picture (pixel coordinates: x = column, y = row).

    Attributes
    ----------
    pattern : str
        Its inside (``"solid"``, ``"dot"``, ``"plus"``, ``"ring"``), so its corner.
    centre : ndarray, shape (2,)
    corners : ndarray, shape (4, 2)
        Its outline's corners, in order round it.
    """

    pattern: str
    centre: np.ndarray
    corners: np.ndarray

    @property
    def corner(self) -> str:
        return PATTERN_OF[self.pattern]

    @property
    def side(self) -> float:
        """Its mean side, in pixels."""
        return float(np.mean(np.linalg.norm(self.corners - np.roll(self.corners, 1, axis=0), axis=1)))

    def scaled(self, factor: float) -> Mark:
        """The same mark in a picture `factor` times larger (pixel centres kept)."""
        return Mark(self.pattern, (self.centre + 0.5) * factor - 0.5, (self.corners + 0.5) * factor - 0.5)


@dataclass(frozen=True)
class Registration:
    """Where the page is in a picture.

    Attributes
    ----------
    homography : ndarray, shape (3, 3)
        Page inches ``(x, y, 1)`` (origin lower left) to picture pixels ``(col, row, 1)``.
    size : (float, float)
        The page's width and height, in inches.
    code : ChartCode
        What the chart's code says.
    mirrored : bool
        The picture shows the page mirrored (it is read the right way round).
    turned : float
        How far the page is turned in the picture, in degrees (counter-clockwise).
    fit_in : float
        The largest distance between a mark corner found and where the homography
        puts it, in inches on the page.
    dpi : float
        Picture pixels per inch of page, at the page's centre.
    marks : tuple of Mark
        The four marks, in :data:`~painmap.chart.template.CORNERS` order.
    """

    homography: np.ndarray
    size: tuple[float, float]
    code: ChartCode
    mirrored: bool
    turned: float
    fit_in: float
    dpi: float
    marks: tuple[Mark, ...]

    def to_picture(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Picture column and row of page points (inches)."""
        return apply_homography(self.homography, x, y)


# -- small numerical helpers ---------------------------------------------------------------------------


def fit_homography(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """The 3 x 3 homography taking points `src` (n, 2) to `dst` (n, 2), n >= 4, least squares (DLT).

    Both point sets are first moved to their centroid and scaled to a mean distance
    of sqrt(2) (Hartley's normalisation), which keeps the fit well conditioned.

    Examples
    --------
    >>> src = np.array([[0, 0], [1, 0], [1, 1], [0, 1.0]])
    >>> h = fit_homography(src, 2 * src + 3)
    >>> np.round(apply_homography(h, np.array([0.5]), np.array([0.5])), 6).ravel().tolist()
    [4.0, 4.0]
    """
    src, dst = np.asarray(src, float), np.asarray(dst, float)
    ts, td = _normaliser(src), _normaliser(dst)
    s = np.c_[src, np.ones(len(src))] @ ts.T
    d = np.c_[dst, np.ones(len(dst))] @ td.T
    n = len(src)
    a = np.zeros((2 * n, 9))
    a[0::2, 0:3] = s
    a[0::2, 6:9] = -d[:, :1] * s
    a[1::2, 3:6] = s
    a[1::2, 6:9] = -d[:, 1:2] * s
    h = np.linalg.svd(a)[2][-1].reshape(3, 3)
    h = np.linalg.inv(td) @ h @ ts
    return h / h[2, 2]


def _normaliser(points: np.ndarray) -> np.ndarray:
    centre = points.mean(axis=0)
    scale = np.sqrt(2) / max(float(np.linalg.norm(points - centre, axis=1).mean()), 1e-12)
    return np.array([[scale, 0, -scale * centre[0]], [0, scale, -scale * centre[1]], [0, 0, 1]])


def apply_homography(h: np.ndarray, x, y) -> tuple[np.ndarray, np.ndarray]:
    """Points ``(x, y)`` mapped by the homography `h`."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    w = h[2, 0] * x + h[2, 1] * y + h[2, 2]
    return (h[0, 0] * x + h[0, 1] * y + h[0, 2]) / w, (h[1, 0] * x + h[1, 1] * y + h[1, 2]) / w


def box_mean(image: np.ndarray, radius: int) -> np.ndarray:
    """The mean of `image` over a (2 radius + 1)-pixel square round each pixel (edges repeated)."""
    padded = np.pad(image.astype(np.float32), radius + 1, mode="edge")  # float32: sums to 3e-5
    total = padded.cumsum(axis=0).cumsum(axis=1)
    k = 2 * radius + 1
    window = total[k:, k:] - total[:-k, k:] - total[k:, :-k] + total[:-k, :-k]
    return (window / (k * k))[: image.shape[0], : image.shape[1]].astype(np.float32)


def sample(image: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """`image` (h, w) at fractional pixel positions (bilinear; positions clipped to the image)."""
    h, w = image.shape
    x = np.clip(np.asarray(x, float), 0, w - 1.001)
    y = np.clip(np.asarray(y, float), 0, h - 1.001)
    x0, y0 = x.astype(np.intp), y.astype(np.intp)
    fx, fy = x - x0, y - y0
    top = image[y0, x0] * (1 - fx) + image[y0, x0 + 1] * fx
    bottom = image[y0 + 1, x0] * (1 - fx) + image[y0 + 1, x0 + 1] * fx
    return top * (1 - fy) + bottom * fy


def _area(points: np.ndarray) -> float:
    """Signed area of a polygon (shoelace), positive when it runs clockwise on the picture."""
    x, y = points[:, 0], points[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


# -- finding marks ---------------------------------------------------------------------------------------

_UNIT = np.array([[0.0, 0.0], [MARK_MODULES, 0.0], [MARK_MODULES, MARK_MODULES], [0.0, MARK_MODULES]])
_CENTRES = np.arange(MARK_MODULES) + 0.5
_MODULE_X, _MODULE_Y = np.meshgrid(_CENTRES, _CENTRES)
_BORDER = np.ones((MARK_MODULES, MARK_MODULES), bool)
_BORDER[1:-1, 1:-1] = False
_AROUND = np.array([(t, s) for t in (0.5, 2.5, 4.5) for s in (-0.7, MARK_MODULES + 0.7)]
                   + [(s, t) for t in (0.5, 2.5, 4.5) for s in (-0.7, MARK_MODULES + 0.7)]
                   + [(s, t) for s in (-0.7, MARK_MODULES + 0.7) for t in (-0.7, MARK_MODULES + 0.7)])


def _quad(points: np.ndarray) -> np.ndarray | None:
    """The four corners (in order round it) of a closed outline that is a quadrilateral, or None."""
    centre = points.mean(axis=0)
    i0 = int(np.argmax(np.linalg.norm(points - centre, axis=1)))
    i2 = int(np.argmax(np.linalg.norm(points - points[i0], axis=1)))
    diag = points[i2] - points[i0]
    length = float(np.hypot(*diag))
    if length == 0:
        return None
    off = (diag[0] * (points[:, 1] - points[i0, 1]) - diag[1] * (points[:, 0] - points[i0, 0])) / length
    i1, i3 = int(np.argmax(off)), int(np.argmin(off))
    if off[i1] < 0.25 * length or -off[i3] < 0.25 * length:
        return None
    order = sorted([i0, i1, i2, i3])
    quad = points[order]
    sides = np.linalg.norm(quad - np.roll(quad, 1, axis=0), axis=1)
    if sides.min() < 0.5 * sides.max():
        return None
    area = abs(_area(points))
    if abs(abs(_area(quad)) / max(area, 1e-9) - 1) > 0.15:
        return None
    return quad


def _read_modules(z: np.ndarray, quad: np.ndarray, level: float) -> str | None:
    """The pattern of the mark outlined by `quad` in `z` (brightness relative to paper), or None."""
    h = fit_homography(_UNIT, quad)
    dark = sample(z, *apply_homography(h, _MODULE_X.ravel(), _MODULE_Y.ravel())).reshape(5, 5) < level
    if dark[_BORDER].sum() < _BORDER.sum() - 1:
        return None
    around = sample(z, *apply_homography(h, _AROUND[:, 0], _AROUND[:, 1])) < level
    if around.sum() > 2:
        return None
    inside = tuple(int(b) for b in dark[1:4, 1:4].ravel())
    for pattern, cells in INSIDES.items():
        if inside == cells:
            return pattern
    return None


def _contours(z: np.ndarray, level: float) -> list[np.ndarray]:
    """Closed outlines of `z` at `level` (x = column, y = row), the closing point dropped."""
    import contourpy

    lines = contourpy.contour_generator(z=z, line_type="Separate").lines(level)
    shortest = 2.5 * MIN_MARK_PX  # points along the outline of the smallest mark, about 4 per side pixel
    return [line[:-1] for line in lines
            if len(line) >= shortest and line[0, 0] == line[-1, 0] and line[0, 1] == line[-1, 1]]


def find_marks(grey: np.ndarray) -> list[Mark]:
    """Every registration mark in a picture's brightness (h, w) in 0..1, any size and turn.

    Marks inside a larger mark (the dot of the top-right mark) are left out.
    """
    radius = max(6, round(max(grey.shape) / 28))
    z = grey / (box_mean(grey, radius) + 0.02)
    found = []
    for line in _contours(z, DARK_LEVEL):
        if abs(_area(line)) < MIN_MARK_PX ** 2:
            continue
        quad = _quad(line)
        if quad is None:
            continue
        pattern = _read_modules(z, quad, DARK_LEVEL)
        if pattern is None:
            continue
        centre = np.array(apply_homography(fit_homography(_UNIT, quad), [2.5], [2.5])).ravel()
        found.append(Mark(pattern, centre, quad))
    found.sort(key=lambda m: -m.side)
    kept: list[Mark] = []
    for mark in found:
        if not any(_inside(mark.centre, big.corners) for big in kept):
            kept.append(mark)
    return kept


def _inside(point: np.ndarray, quad: np.ndarray) -> bool:
    """Whether `point` lies inside the convex quadrilateral `quad`."""
    edges = np.roll(quad, -1, axis=0) - quad
    rel = point - quad
    cross = edges[:, 0] * rel[:, 1] - edges[:, 1] * rel[:, 0]
    return bool((cross > 0).all() or (cross < 0).all())


def choose_marks(marks: Sequence[Mark]) -> list[tuple[Mark, ...]]:
    """Sets of four marks, one per corner, in :data:`CORNERS` order, that could be one page: best first."""
    by_corner = {corner: [m for m in marks if m.corner == corner][:6] for corner in CORNERS}
    sets = []
    for a in by_corner[CORNERS[0]]:
        for b in by_corner[CORNERS[1]]:
            for c in by_corner[CORNERS[2]]:
                for d in by_corner[CORNERS[3]]:
                    four = (a, b, c, d)
                    sides = np.array([m.side for m in four])
                    if sides.max() > MAX_SIZE_RATIO * sides.min():
                        continue
                    centres = np.array([m.centre for m in four])
                    edges = np.roll(centres, -1, axis=0) - centres
                    after = np.roll(edges, -1, axis=0)
                    turns = edges[:, 0] * after[:, 1] - edges[:, 1] * after[:, 0]
                    if not ((turns > 0).all() or (turns < 0).all()):
                        continue
                    span = np.linalg.norm(edges, axis=1).min()
                    if span < 8 * sides.mean():  # marks are far apart on the page
                        continue
                    sets.append((float(np.std(np.log(sides))), four))
    sets.sort(key=lambda item: item[0])
    return [four for _, four in sets]


def refine_mark(grey: np.ndarray, mark: Mark) -> Mark:
    """`mark` (roughly placed) found again in the full picture `grey`, its corners to a fraction of a pixel.

    The mark's outline is taken halfway between the paper and the ink around it,
    and a straight line is fitted to each of its four sides.  If the outline is
    not found, the mark comes back as it was.
    """
    half = 1.3 * mark.side
    c0 = max(int(mark.centre[0] - half), 0)
    r0 = max(int(mark.centre[1] - half), 0)
    c1 = min(int(mark.centre[0] + half) + 2, grey.shape[1])
    r1 = min(int(mark.centre[1] + half) + 2, grey.shape[0])
    window = grey[r0:r1, c0:c1].astype(np.float32)
    if grey.dtype == np.uint8:
        window *= np.float32(1 / 255)
    if min(window.shape) < 8:
        return mark
    ink, paper = np.percentile(window, [3, 90])
    if paper - ink < 0.15:
        return mark
    best = None
    offset = np.array([c0, r0], float)
    for line in _contours(window, (ink + paper) / 2):
        quad = _quad(line)
        if quad is None:
            continue
        quad = quad + offset
        centre = quad.mean(axis=0)
        side = float(np.mean(np.linalg.norm(quad - np.roll(quad, 1, axis=0), axis=1)))
        if np.linalg.norm(centre - mark.centre) > 0.25 * mark.side or abs(side / mark.side - 1) > 0.3:
            continue
        if best is None or side > best[0]:
            best = (side, line + offset, quad)
    if best is None:
        return mark
    _, points, quad = best
    corners = _fit_corners(points, quad)
    if corners is None:
        return mark
    centre = np.array(apply_homography(fit_homography(_UNIT, corners), [2.5], [2.5])).ravel()
    return Mark(mark.pattern, centre, corners)


def _fit_corners(points: np.ndarray, quad: np.ndarray) -> np.ndarray | None:
    """The corners of a quadrilateral outline, as the crossings of lines fitted to its four sides."""
    lines = []
    for k in range(4):
        a, b = quad[k], quad[(k + 1) % 4]
        d = b - a
        length = float(np.hypot(*d))
        t = ((points - a) @ d) / length**2
        dist = np.abs(d[0] * (points[:, 1] - a[1]) - d[1] * (points[:, 0] - a[0])) / length
        near = points[(t > 0.15) & (t < 0.85) & (dist < 0.12 * length)]
        if len(near) < 3:
            return None
        centre = near.mean(axis=0)
        direction = np.linalg.svd(near - centre)[2][0]
        lines.append((centre, direction))
    corners = []
    for k in range(4):
        (p, u), (q, v) = lines[k - 1], lines[k]
        m = np.array([u, -v]).T
        if abs(np.linalg.det(m)) < 1e-6:
            return None
        s = np.linalg.solve(m, q - p)[0]
        corners.append(p + s * u)
    corners = np.array(corners)
    if np.linalg.norm(corners - quad, axis=1).max() > 0.2 * np.linalg.norm(quad[0] - quad[2]):
        return None
    return corners


# -- the page --------------------------------------------------------------------------------------------


def _page_points(size: tuple[float, float], marks: Sequence[Mark], coarse: np.ndarray):
    """Page inches and picture pixels of the marks' centres and corners, corners matched through `coarse`."""
    centres = mark_centres(size)
    page, picture = [], []
    half = MARK_IN / 2
    for (x, y), mark in zip(centres, marks):
        page.append((x, y))
        picture.append(mark.centre)
        for dx, dy in ((-half, half), (half, half), (half, -half), (-half, -half)):
            guess = np.array(apply_homography(coarse, [x + dx], [y + dy])).ravel()
            k = int(np.argmin(np.linalg.norm(mark.corners - guess, axis=1)))
            page.append((x + dx, y + dy))
            picture.append(mark.corners[k])
    return np.array(page), np.array(picture)


def _misfit_in(h: np.ndarray, page: np.ndarray, picture: np.ndarray) -> float:
    """The largest distance (inches on the page) between page points and the found points mapped back."""
    x, y = apply_homography(np.linalg.inv(h), picture[:, 0], picture[:, 1])
    return float(np.hypot(x - page[:, 0], y - page[:, 1]).max())


def _local_dpi(h: np.ndarray, size: tuple[float, float]) -> float:
    """Picture pixels per inch at the page's centre (the root of the map's local area scale)."""
    cx, cy = size[0] / 2, size[1] / 2
    x, y = apply_homography(h, [cx, cx + 0.5, cx], [cy, cy, cy + 0.5])
    ux, uy = (x[1] - x[0]) * 2, (y[1] - y[0]) * 2
    vx, vy = (x[2] - x[0]) * 2, (y[2] - y[0]) * 2
    return float(np.sqrt(abs(ux * vy - uy * vx)))


def read_code(grey: np.ndarray, h: np.ndarray, size: tuple[float, float]) -> tuple[ChartCode | None, str]:
    """The chart code read through the page map `h` from `grey` (0..1, or uint8), and what was seen."""
    unit = 1 / 255 if grey.dtype == np.uint8 else 1.0

    def look(x, y):
        return sample(grey, x, y) * unit
    cells = code_cells(size)
    spread = np.array([-0.25, 0.0, 0.25]) * CELL_IN
    dx, dy = np.meshgrid(spread, spread)
    xs = cells[:, :1] + dx.ravel()
    ys = cells[:, 1:] + dy.ravel()
    values = look(*apply_homography(h, xs.ravel(), ys.ravel())).reshape(len(cells), -1).mean(axis=1)
    # paper: between the cells and their frame; ink: inside the top-left (solid) mark
    (x0, y1), (x1, y0) = cells[0], cells[-1]
    px = np.linspace(x0, x1, 12)
    paper = np.median(look(*apply_homography(h, np.r_[px, px], np.r_[px * 0 + y1 + 0.75 * CELL_IN,
                                                                             px * 0 + y0 - 0.75 * CELL_IN])))
    mx, my = mark_centres(size)[0]
    grid = np.array([-MODULE_IN, 0, MODULE_IN])
    gx, gy = np.meshgrid(mx + grid, my + grid)
    ink = np.median(look(*apply_homography(h, gx.ravel(), gy.ravel())))
    if paper - ink < MIN_CONTRAST:
        return None, f"no contrast where the code is printed (paper {paper:.2f}, ink {ink:.2f})"
    bits = values < (paper + ink) / 2
    code = decode(bits)
    if code is None:
        return None, "its code does not check out (" + "".join("1" if b else "0" for b in bits) + ")"
    return code, "read"


def _page_sizes(paper: str, landscape: bool) -> list[tuple[str, tuple[float, float]]]:
    """The page sizes to try, the asked one first."""
    sizes = []
    for name in [paper] + [p for p in PAPERS if p != paper]:
        w, h = PAPERS[name]
        for turn in (landscape, not landscape):
            sizes.append((name, (h, w) if turn else (w, h)))
    return sizes


def register(grey: np.ndarray, *, paper: str, landscape: bool, label: str = "image") -> Registration:
    """Find the chart's page in a picture's brightness `grey` (h, w; 0..1, or uint8 0..255), at full size.

    Parameters
    ----------
    grey : ndarray (h, w)
        The picture's brightness (the lightest of the three channels, so that
        coloured paint does not hide a mark): floats in 0..1, or uint8.
    paper : str
        The paper asked for (tried first).
    landscape : bool
        Whether the asked chart is printed across the page (more than one view).
    label : str
        The picture's name, for messages.

    Raises
    ------
    painmap.DataError
        Marks missing, a code that does not check out, a poor fit or too coarse a picture.
    """
    height, width = grey.shape
    factor = min(1.0, DETECT_SIDE / max(height, width))
    small = _shrink(grey, factor)
    marks = find_marks(small)
    sets = choose_marks(marks)
    if not sets:
        raise DataError(_missing_message(label, marks, factor, grey.shape))
    reasons = []
    for four in sets[:4]:
        full = tuple(refine_mark(grey, m.scaled(1 / factor)) for m in four)
        centres = np.array([m.centre for m in full])
        for name, size in _page_sizes(paper, landscape):
            coarse = fit_homography(mark_centres(size), centres)
            page, picture = _page_points(size, full, coarse)
            h = fit_homography(page, picture)
            code, why = read_code(grey, h, size)
            if code is None:
                if name == paper and (size[0] > size[1]) == landscape:
                    reasons.append(why)
                continue
            dpi = _local_dpi(h, size)
            if dpi < MIN_DPI:
                raise DataError(f"{label} shows the chart at only {dpi:.0f} pixels per inch; scan or "
                                f"photograph it at {2 * MIN_DPI:.0f} pixels per inch or more.")
            misfit = _misfit_in(h, page, picture)
            if misfit > MAX_FIT_IN:
                raise DataError(
                    f"the page in {label} is not flat or not whole: its four corner marks were found, but "
                    f"no one view of a flat page fits them (off by {misfit:.3f} in; at most {MAX_FIT_IN} in "
                    "is allowed); lay the page flat and scan or photograph it again, the whole page in view.")
            mirrored = _area(centres) < 0
            top = np.array(apply_homography(h, [0, size[0]], [size[1], size[1]]))
            turned = float(np.degrees(np.arctan2(-(top[1, 1] - top[1, 0]), top[0, 1] - top[0, 0])))
            return Registration(h, size, code, mirrored, turned, misfit, dpi, full)
    raise DataError(
        f"{label} shows four corner marks like a painmap chart's, but "
        f"{reasons[0] if reasons else 'no code'}; "
        "scan or photograph the whole page again, flat and in focus (a creased, smudged or partly covered "
        "code at the top right cannot be read), or read an export of the chart as it was printed.")


def _shrink(grey: np.ndarray, factor: float) -> np.ndarray:
    """`grey` (floats 0..1 or uint8) resized by `factor` (< 1) with box averaging, as floats 0..1."""
    scale = np.float32(1 / 255 if grey.dtype == np.uint8 else 1)
    if factor >= 1:
        return grey.astype(np.float32) * scale
    from PIL import Image

    h, w = grey.shape
    if grey.dtype == np.uint8:
        image = Image.fromarray(grey)
    else:
        image = Image.fromarray(grey.astype(np.float32), mode="F")
    small = image.resize((max(1, round(w * factor)), max(1, round(h * factor))), Image.BOX)
    return np.asarray(small, dtype=np.float32) * scale


def _as_corners(marks: Sequence[Mark]) -> list[Mark]:
    """Marks of one kind given each corner's pattern in turn (to ask whether any four of them make a page)."""
    return [Mark(MARK_PATTERNS[c], m.centre, m.corners) for m in marks for c in CORNERS]


def _missing_message(label: str, marks: Sequence[Mark], factor: float, shape: tuple[int, int]) -> str:
    """What was found when no four marks make a page, and what to do."""
    corners = sorted({m.corner for m in marks}, key=CORNERS.index)
    missing = [c for c in CORNERS if c not in corners]
    advice = ("scan or photograph the whole page, all four corner marks in view, flat and in focus "
              "(or pass an RGBA overlay or a mask of the paint, which are read as the page exactly)")
    solid = [m for m in marks if m.pattern == "solid"]
    if len(solid) >= 3 and len(corners) == 1 and len(choose_marks(_as_corners(solid))) > 0:
        return (f"{label} shows four plain black squares at its corners: the marks of a chart printed by "
                "an older painmap, which this version cannot read (its corners cannot be told apart, so a "
                "turned or mirrored scan would be misread); print a new chart with `painmap template`, or "
                "pass an RGBA overlay or a mask of the paint, which are read as the page exactly.")
    if len(corners) < 2:
        seen = f"only 1 of the chart's 4 corner marks ({corners[0]})" if corners else "no registration marks"
        return (f"{seen} found in {label} ({shape[1]}x{shape[0]} pixels, looked for at any place, size and "
                f"turn): it does not look like a painmap chart (from `painmap template`), or the chart is "
                f"cut off, covered or too small in the picture; {advice}.")
    if missing:
        return (f"only {len(corners)} of the chart's 4 corner marks found in {label} ({', '.join(corners)}; "
                f"missing: {', '.join(missing)}): the page is cut off or covered there; {advice}.")
    return (f"the corner marks found in {label} ({len(marks)} in all) do not make one page (their sizes or "
            f"places do not fit a chart); {advice}.")

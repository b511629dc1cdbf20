"""Finding the patient's ink on a registered chart: any pen, judged against the paper and the print.

The reader knows exactly what it printed, so ink is whatever the page shows that the
blank chart does not: :func:`find_ink` compares a registered scan (the page, in page
coordinates) with the blank chart rendered at the same size.

1. **Paper.**  The paper's colour is estimated from the page where the blank is white
   (the light background around the body), coarsely over the page so that uneven light
   is followed, and divided out: yellowed paper, a warm lamp or a grey scanner all come
   out white.
2. **Print.**  The printed chart's greys are matched to the page's (a printer may print
   the body's grey lighter or darker), and the blank is darkened to its darkest value
   within `SLACK_MM`, so that a printed line registered a pixel or two off is not ink.
   A pixel is ink when it is `DARKER_BY` darker than that, or `COLOURED_BY` more
   coloured than the grey print (red, blue, black pen, pencil, highlighter).
3. **Neighbourhood.**  Nothing is decided per pixel: ink is counted on a grid of
   `CELL_MM` cells; an area is marked where the ink covers at least `AREA_SHARE` of a
   `WINDOW_MM` neighbourhood (solid colouring and ballpoint hatching alike; printer dust
   and JPEG noise are far below it), and the inside of every closed stroke is marked
   (a circled area means the inside).

On and beside the printed lines dark ink cannot be told from the print: those pixels are
not counted either way, and their cells take the share of ink of the cells around them.

4. **Ink left unread.**  Ink on or beside the body that was not read as an area, more than
   `UNREAD_NEAR_MM` from one and at least `UNREAD_LEAST_MM2` of it within `UNREAD_WINDOW_MM`
   (a lone line, a few hatching strokes along a thin strip), is returned too
   (:func:`read_ink`, :attr:`Ink.unread`), so that a reader can refuse a chart rather than
   leave a patient's marks out without a word.

Plain numpy; about 0.3 s for an A4 page at 200 dpi (1654 x 2338 pixels), the blank's
part kept between pages of the same chart (and in painmap's disk cache, :func:`read_ink`'s
`blank_key`).

Examples
--------
>>> import numpy as np
>>> blank = np.ones((400, 300, 3), np.float32)
>>> page = blank.copy()
>>> page[100:200, 100:200] = (0.8, 0.1, 0.1)          # a red patch, 13 mm across
>>> strength, style = find_ink(page, blank, dpi=100)
>>> float(strength[150, 150]), float(strength[300, 50]), style
(1.0, 0.0, 'filled colour')
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np

from ..core import checks
from ..core.errors import ArgumentError

PAGE_LONG_MM = 297.0
"""The page's long side (A4) from which the resolution is estimated when none is given."""
CELL_MM = 0.5
"""Side of the cells on which ink is counted and areas are decided."""
WINDOW_MM = 6.0
"""Side of the neighbourhood over which the share of ink decides an area (closes hatching)."""
AREA_SHARE = 0.15
"""An area is marked where ink covers at least this share of its neighbourhood."""
REACH_MM = 1.6
"""Inked cells are closed over this radius: gaps between strokes up to about twice it become an area
(hatching), while a solid patch does not grow."""
HATCH_EDGE_MM = 0.5
"""A hatched area reaches this far past its outermost strokes (about half the gap between strokes)."""
MIN_HOLE_MM = 2.5
"""The inside of a closed stroke is read only where it is at least this wide (a circle, not a gap)."""
BRIDGE_MM = 1.0
"""Strokes are thickened by this much before closed outlines are looked for (bridges small gaps)."""
SLACK_MM = 0.4
"""The printed chart may sit this far off on the page (registration error) without being ink."""
BORDER_MM = 6.0
"""Ink this close to the page's edge is not read (scanner shadows, the edge of a photo)."""
DARKER_BY = 0.175
"""A pixel is ink when darker than the print there by this much (0..1 of the paper's white) ..."""
COLOURED_BY = 0.175
"""... or more coloured (max - min of R, G, B, the paper's white divided out) than the print by this."""
LINE_BELOW = 0.05
"""Printed lines are darker than the body's grey by at least this; dark ink on them is not seen."""
PAPER_BLOCK_MM = 25.0
"""Side of the blocks over which the paper's colour is estimated."""
UNREAD_NEAR_MM = 3.0
"""Ink this close to a marked area is its edge, not ink left unread (:attr:`Ink.unread`)."""
UNREAD_REACH_MM = 1.0
"""Ink left unread is grown by this much, so that sparse strokes cover the strip they mark."""
UNREAD_LEAST_MM2 = 1.0
"""Ink left unread counts where at least this much of it (mm², the ink's own area) lies within
`UNREAD_WINDOW_MM`: a few strokes or a line, not dust, toner specks or JPEG noise.  (At 1.5 mm² the
sparse strokes of 25 % black hatching along the outer thigh, on the accuracy benchmark, went unseen.)"""
UNREAD_WINDOW_MM = 8.0
"""Side of the neighbourhood for `UNREAD_LEAST_MM2`."""
STYLES = ("none", "filled", "hatched", "outlined")
"""How a chart was marked (the first word of the style)."""
PENS = ("colour", "dark", "pencil")
"""What it was marked with (the second word of the style)."""


@dataclass(frozen=True, eq=False)
class Ink:
    """What :func:`read_ink` found on a page.

    Attributes
    ----------
    strength : ndarray of float32, shape (h, w)
        As :func:`find_ink` returns it: 1 where marked, else 0.
    style : str
        As :func:`find_ink` returns it.
    unread : ndarray of float32, shape (h, w)
        1 near ink on (or just beside) the body that was not read as a marked area
        (a lone stroke, strokes too sparse or too thin to be an area), grown by
        `UNREAD_REACH_MM`; the edge of a marked area (within `UNREAD_NEAR_MM`) does
        not count.  A reader compares what this would mark with what was read, to
        refuse rather than leave a patient's marks out silently.
    """

    strength: np.ndarray
    style: str
    unread: np.ndarray


def find_ink(page: np.ndarray, blank: np.ndarray, *, dpi: float | None = None) -> tuple[np.ndarray, str]:
    """Where a registered page is marked by the patient, and how (:func:`read_ink`, without the ink
    left unread).

    Parameters
    ----------
    page : ndarray, shape (h, w, 3)
        The registered scan, RGB in 0..1 (floats) or 0..255 (uint8), in page
        coordinates (row 0 at the top).
    blank : ndarray, shape (h, w, 3)
        The blank chart rendered at the same size.
    dpi : float, optional
        The page's resolution; by default from its long side taken as A4's 297 mm.

    Returns
    -------
    strength : ndarray of float32, shape (h, w)
        How much each pixel is marked, 0..1 (at least 0.5: marked).  Marking is
        presence, not pressure: the values are 0 and 1, so a chart reads as a drawing
        of pain or no pain.
    style : str
        ``"<how> <pen>"``: how, one of `STYLES` (``"filled"``, ``"hatched"``: an area of
        strokes; ``"outlined"``: the inside of closed strokes; ``"none"``: nothing marked,
        then alone); pen, one of `PENS` (``"colour"``; ``"dark"``: black or a dark pen;
        ``"pencil"``: grey).

    Raises
    ------
    painmap.ArgumentError
        The arrays are not two RGB pictures of the same size, or `dpi` is not positive.
    """
    found = read_ink(page, blank, dpi=dpi)
    return found.strength, found.style


def read_ink(page: np.ndarray, blank: np.ndarray, *, dpi: float | None = None,
             blank_key: tuple | None = None) -> Ink:
    """:func:`find_ink`, and the ink left unread (:class:`Ink`).

    `blank_key`, if given, names the blank chart for good (e.g. its views, body, paper, id and
    resolution): what the blank prints (its lines, its body) is then kept in painmap's disk cache,
    so that a new process does not work it out again (about 0.3 s for an A4 page at 200 dpi).

    Examples
    --------
    >>> blank = np.ones((400, 300, 3), np.float32)
    >>> page = blank.copy()
    >>> page[100:200, 100:200] = (0.8, 0.1, 0.1)          # a red patch, 13 mm across
    >>> page[300:302, 40:260] = (0.1, 0.1, 0.7)           # and a lone blue line
    >>> found = read_ink(page, blank, dpi=100)
    >>> float(found.strength[150, 150]), float(found.strength[301, 100]), float(found.unread[301, 100])
    (1.0, 0.0, 1.0)
    """
    given = blank
    page, blank = _rgb("page", page), _rgb("blank", blank)
    if page.shape != blank.shape:
        raise ArgumentError("blank", blank, f"the blank chart at the page's size, shape {page.shape}",
                            problem=f"an array of shape {blank.shape}")
    h, w = page.shape[:2]
    dpi = max(h, w) / (PAGE_LONG_MM / 25.4) if dpi is None else checks.dpi(dpi, argument="dpi")
    if not dpi > 0:
        raise ArgumentError("dpi", dpi, "a positive number of pixels per inch", problem="not positive")
    per_mm = dpi / 25.4
    paper, step = _paper(page, blank, per_mm)
    rgb = [_whitened(page[..., c], paper[..., c], step) for c in range(3)]
    printed = _print(given, blank, max(1, round(SLACK_MM * per_mm)), blank_key)
    ink, hidden, lum, chroma = _ink(rgb, printed)
    cell = max(1, round(CELL_MM * per_mm))
    cover, seen = _cells(ink, hidden, cell)
    body = _count(printed[-1], cell) >= cell * cell / 2
    border = round(BORDER_MM * per_mm / cell)
    if border > 0:
        cover[:border], cover[-border:], cover[:, :border], cover[:, -border:] = 0, 0, 0, 0
    marked, inside, dense = _areas(cover, seen, body, cell / per_mm)
    strength = _upsample(marked.astype(np.float32), cell, (h, w))
    style = _style(cover, marked, inside, dense, ink & (strength > 0), lum, chroma)
    unread = _upsample(_unread(cover, body, marked, cell / per_mm).astype(np.float32), cell, (h, w))
    return Ink(strength, style, unread)


def _rgb(argument: str, pixels) -> np.ndarray:
    """An (h, w, 3) RGB picture as float32 in 0..1."""
    arr = np.asarray(pixels)
    if arr.ndim != 3 or arr.shape[2] not in (3, 4) or min(arr.shape[:2]) < 8:
        raise ArgumentError(argument, arr, "an RGB picture, an array of shape (h, w, 3)",
                            problem=f"an array of shape {arr.shape}")
    arr = arr[..., :3]
    if np.issubdtype(arr.dtype, np.integer):
        return arr.astype(np.float32) * np.float32(1 / 255)
    return arr.astype(np.float32, copy=False)  # 0..1 by the contract; the paper's white is divided out


def _channels(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lightness (mean of R, G, B) and colourfulness (max - min) of an (h, w, 3) picture."""
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    return (r + g + b) / 3, np.maximum(np.maximum(r, g), b) - np.minimum(np.minimum(r, g), b)


def _paper(page: np.ndarray, blank: np.ndarray, per_mm: float) -> tuple[np.ndarray, int]:
    """The paper's colour over the page, from where the blank is white: one colour per `step` x `step`
    pixels, shape (ceil(h / step), ceil(w / step), 3), and `step`."""
    n = 16
    step = max(1, round(PAPER_BLOCK_MM * per_mm / n))  # n samples across a block each way
    small = np.ascontiguousarray(page[::step, ::step])
    white = blank[::step, ::step].min(axis=2) > 0.98
    light = small.mean(axis=2)
    usable = white & (light > 0.2)
    if usable.sum() < 50:
        usable = light > 0.2
    if usable.sum() < 50:
        return np.ones(small.shape, np.float32), step
    whole = _paper_of(small[usable], light[usable])
    rows, cols = -(-small.shape[0] // n), -(-small.shape[1] // n)
    grid = np.full((rows, cols, 3), np.nan, np.float32)
    for r in range(rows):
        for c in range(cols):
            ok = usable[r * n:(r + 1) * n, c * n:(c + 1) * n]
            if ok.sum() < n * n // 8:
                continue
            colour = _paper_of(small[r * n:(r + 1) * n, c * n:(c + 1) * n][ok],
                               light[r * n:(r + 1) * n, c * n:(c + 1) * n][ok])
            # a block covered by ink or a shadow is not the paper: keep it near the whole page's
            if colour.mean() > 0.6 * whole.mean() and np.ptp(colour / whole) < 0.12:
                grid[r, c] = colour
    grid = _fill_gaps(grid, whole)
    # blocks -> samples: bilinear between block centres; samples -> pixels: repeated
    y = (np.arange(small.shape[0]) / n - 0.5).clip(0, rows - 1)
    x = (np.arange(small.shape[1]) / n - 0.5).clip(0, cols - 1)
    y0, x0 = np.minimum(y.astype(int), max(rows - 2, 0)), np.minimum(x.astype(int), max(cols - 2, 0))
    y1, x1 = np.minimum(y0 + 1, rows - 1), np.minimum(x0 + 1, cols - 1)
    fy, fx = (y - y0)[:, None, None].astype(np.float32), (x - x0)[None, :, None].astype(np.float32)
    top = grid[y0][:, x0] * (1 - fx) + grid[y0][:, x1] * fx
    bottom = grid[y1][:, x0] * (1 - fx) + grid[y1][:, x1] * fx
    return np.maximum(top * (1 - fy) + bottom * fy, 0.05), step


def _whitened(channel: np.ndarray, paper: np.ndarray, step: int) -> np.ndarray:
    """A channel of the page divided by the paper's colour (one per `step` x `step` block), at most 1."""
    h, w = channel.shape
    rows, cols = paper.shape
    out = np.empty((rows * step, cols * step), np.float32)
    out.reshape(rows, step, cols, step)[:] = paper[:, None, :, None]
    out = out[:h, :w]
    np.divide(channel, out, out=out)
    return np.minimum(out, 1.0, out=out)


def _paper_of(colours: np.ndarray, light: np.ndarray) -> np.ndarray:
    """The paper's colour among some pixels: the mean of the lightest quarter."""
    cut = np.percentile(light, 75)
    return colours[light >= cut].mean(axis=0).astype(np.float32)


def _fill_gaps(grid: np.ndarray, default: np.ndarray) -> np.ndarray:
    """Blocks without an estimate take their neighbours' mean (the whole page's if none)."""
    missing = np.isnan(grid[..., 0])
    if missing.all():
        grid[:] = default
        return grid
    for _ in range(max(grid.shape[:2])):
        if not missing.any():
            break
        padded = np.pad(grid, ((1, 1), (1, 1), (0, 0)), constant_values=np.nan)
        near = np.stack([padded[1 + dr:padded.shape[0] - 1 + dr, 1 + dc:padded.shape[1] - 1 + dc]
                         for dr in (-1, 0, 1) for dc in (-1, 0, 1)])
        count = (~np.isnan(near[..., 0])).sum(axis=0)
        mean = np.nansum(near, axis=0) / np.maximum(count, 1)[..., None]
        take = missing & (count > 0)
        grid[take] = mean[take]
        missing &= ~take
    return grid


def _ink(rgb: list[np.ndarray], printed: tuple):
    """Ink per pixel (bool: darker or more coloured than the print), lightness and colourfulness."""
    r, g, b = rgb
    lum = r + g
    lum += b
    lum *= np.float32(1 / 3)
    chroma = np.maximum(r, g)
    np.maximum(chroma, b, out=chroma)
    least = np.minimum(r, g)
    np.minimum(least, b, out=least)
    chroma -= least
    darkest, lightest, colour, probe, fill, lines, _ = printed
    # the printed greys as this printer and scanner show them: fit the body's grey
    k = 1.0
    seen = lum.ravel()[probe][chroma.ravel()[probe] < COLOURED_BY / 2]
    if seen.size > 100:
        k = float(np.clip((1 - np.percentile(seen, 75)) / (1 - fill), 0.5, 2.5))
    # darker than the print by DARKER_BY: lum <= 1 - k * (1 - darkest) - DARKER_BY
    limit = darkest * np.float32(k)
    limit += np.float32(1 - k - DARKER_BY)
    ink = lum <= limit
    if colour is None:
        ink |= chroma >= COLOURED_BY
    else:  # a coloured print: more colour than it
        ink |= chroma - colour >= COLOURED_BY
    # on and next to the printed lines a dark pixel may be ink or the print: it is not seen either way
    could_be = lightest * np.float32(k)
    could_be += np.float32(1 - k - DARKER_BY)
    hidden = lum <= could_be
    hidden &= lines
    hidden &= ~ink
    return ink, hidden, lum, chroma


_PRINTS: dict[int, tuple] = {}


def _print(given, blank: np.ndarray, slack: int, blank_key: tuple | None = None):
    """What the blank chart prints (kept for the next page of the same chart): its lightness darkened
    to the darkest within `slack` pixels, and lightened to the lightest; its colourfulness grown
    to the greatest within `slack` pixels (None: all grey); a sample of
    the flat indices of its body's grey (to see how the page shows that grey), that grey; and the
    pixels within `slack` of a printed line (darker than the body's grey by `LINE_BELOW`); and
    the body (its grey, grown by `slack` over its outline).

    It is worked out in a compact form (:func:`_work_out_print`: whole-number sums of R, G and B,
    packed masks; about 9 MB for an A4 page at 200 dpi), which painmap's disk cache keeps when
    `blank_key` names the blank."""
    key = id(given)  # the array the caller gave, kept while it lives (a reader caches its blank)
    kept = _PRINTS.get(key)
    if kept is not None and kept[0]() is given and kept[1] == slack:
        return kept[2]
    if blank_key is None:
        compact = _work_out_print(blank, slack)
    else:
        from ..core import cache

        params = (blank_key, blank.shape, slack, cache.source_digest(__file__))
        compact = cache.cached("chart-print", params, lambda: _work_out_print(blank, slack))
    found = _unpack_print(compact, blank.shape[:2])
    try:
        _PRINTS.clear()  # one chart at a time: a batch reads the same chart over and over
        _PRINTS[key] = (weakref.ref(given), slack, found)
    except TypeError:  # pragma: no cover - an array that cannot be weakly referenced
        pass
    return found


def _unpack_print(compact: dict, shape: tuple[int, int]) -> tuple:
    """:func:`_print`'s tuple from :func:`_work_out_print`'s arrays."""
    count = shape[0] * shape[1]

    def mask(name: str) -> np.ndarray:
        return np.unpackbits(compact[name], count=count).view(bool).reshape(shape)

    scale = np.float32(1 / 765)
    darkest = compact["dark"].astype(np.float32)
    lightest = compact["light"].astype(np.float32)
    return (np.multiply(darkest, scale, out=darkest), np.multiply(lightest, scale, out=lightest),
            compact.get("colour"), compact["probe"].astype(np.intp), float(compact["fill"]), mask("lines"),
            mask("body"))


def _work_out_print(blank: np.ndarray, slack: int) -> dict[str, np.ndarray]:
    """What the blank prints (see :func:`_print`), compactly: the sums of R, G and B (0..765, uint16)
    darkened and lightened within `slack`, the colourfulness grown (only for a coloured print), the
    probe of the body's grey (int32), that grey, and the masks of the lines and the body (packed bits)."""
    levels8 = np.rint(blank * np.float32(255)).astype(np.uint8) if blank.dtype != np.uint8 else blank
    total = levels8[..., 0].astype(np.uint16)
    total += levels8[..., 1]
    total += levels8[..., 2]
    r, g, b = levels8[..., 0], levels8[..., 1], levels8[..., 2]
    grey_print = not (np.any(r != g) or np.any(g != b))
    # the body's grey: the commonest level of the blank that is not the paper
    levels = np.bincount(((total[::3, ::3] + 1) // 3).astype(np.uint8).ravel(), minlength=256)
    levels[245:] = 0
    fill = int(np.argmax(levels))
    grey = np.abs(total.astype(np.int16) - 3 * fill) < 0.01 * 765
    body = np.flatnonzero(grey.ravel())[::7]
    if levels[fill] < 0.01 * total[::3, ::3].size:  # no body's grey: the paper counts as the body
        body, fill = body[:0], 255
        grey = total > 765 - 0.01 * 765
    out = {"dark": _min_filter(total, slack), "light": _max_filter(total, slack),
           "probe": body.astype(np.int32), "fill": np.array(fill / 255)}
    out["lines"] = np.packbits(out["dark"] < (min(fill / 255, 0.98) - LINE_BELOW) * 765)
    out["body"] = np.packbits(_max_filter(grey, slack))
    if not grey_print:
        chroma = _channels(blank)[1]
        if float(chroma.max()) > 0.02:
            out["colour"] = _max_filter(chroma, slack)
    return out


def _min_filter(img: np.ndarray, r: int) -> np.ndarray:
    """The least value within `r` pixels (a square)."""
    return _filter(img, r, np.minimum)


def _max_filter(img: np.ndarray, r: int) -> np.ndarray:
    """The greatest value within `r` pixels (a square).

    Examples
    --------
    >>> _max_filter(np.array([[0, 0, 5, 0, 0, 0, 1]], np.float32), 1).tolist()
    [[0.0, 5.0, 5.0, 5.0, 0.0, 1.0, 1.0]]
    """
    return _filter(img, r, np.maximum)


def _filter(img: np.ndarray, r: int, op) -> np.ndarray:
    """`op` (np.maximum or np.minimum) over the square of `r` pixels around each pixel: per axis, a
    window of 2 r + 1 by doubling (windows of 1, 2, 4 ... then one overlapping step), so about
    log2(2 r + 1) passes instead of 2 r."""
    out = img
    for axis in (0, 1):
        out = _filter_1d(out, r, op, axis)
    return out if r > 0 else img.copy()


def _filter_1d(a: np.ndarray, r: int, op, axis: int) -> np.ndarray:
    if r <= 0:
        return a
    n, size = a.shape[axis], 2 * r + 1
    edge = list(a.shape)
    edge[axis] = r
    # beyond the edge: a value that never wins (the window takes only the pixels that exist)
    if a.dtype == bool:
        far = op is np.minimum
    elif np.issubdtype(a.dtype, np.floating):
        far = np.inf if op is np.minimum else -np.inf
    else:
        info = np.iinfo(a.dtype)
        far = info.max if op is np.minimum else info.min
    pad = np.full(edge, far, a.dtype)
    m = np.concatenate([pad, a, pad], axis=axis)
    width = 1
    while 2 * width <= size:
        m = op(_cut(m, 0, m.shape[axis] - width, axis), _cut(m, width, m.shape[axis], axis))
        width *= 2
    if width < size:
        step = size - width
        m = op(_cut(m, 0, m.shape[axis] - step, axis), _cut(m, step, m.shape[axis], axis))
    return _cut(m, 0, n, axis)


def _cut(a: np.ndarray, start: int, stop: int, axis: int) -> np.ndarray:
    return a[start:stop] if axis == 0 else a[:, start:stop]


def _cells(ink: np.ndarray, hidden: np.ndarray, cell: int) -> tuple[np.ndarray, np.ndarray]:
    """The share of ink in each `cell` x `cell` block among its pixels not `hidden` by the print,
    and the share of its pixels seen (not hidden).

    A block mostly hidden (on a printed line) takes the share of the blocks around it, so a
    line across a coloured area, or dark ink along the body's outline, leaves no gap.
    """
    ink_n, seen_n = _count(ink, cell), _count(~hidden, cell)
    cover = ink_n / np.maximum(seen_n, 1)
    seen = seen_n / np.float32(cell * cell)
    unseen = seen_n < cell * cell / 4
    for _ in range(4):
        if not unseen.any():
            break
        total, count = _box(np.where(unseen, 0, cover), 3), _box(~unseen, 3)
        take = unseen & (count > 0)
        cover[take] = total[take] / count[take]
        unseen &= ~take
    cover[unseen] = 0
    return cover, seen


def _count(mask: np.ndarray, cell: int) -> np.ndarray:
    """How many pixels of each `cell` x `cell` block are set (the page's edge padded with unset)."""
    h, w = mask.shape
    rows, cols = -(-h // cell), -(-w // cell)
    padded = np.zeros((rows * cell, cols * cell), np.uint8)
    padded[:h, :w] = mask
    counts = padded.reshape(rows, cell, cols * cell).sum(axis=1, dtype=np.uint16)
    return counts.reshape(rows, cols, cell).sum(axis=2, dtype=np.uint16).astype(np.float32)


def _box(grid: np.ndarray, size: int) -> np.ndarray:
    """The mean over a `size` x `size` neighbourhood (zeros beyond the edge), float32.

    A mask (bool) is counted in whole numbers (exact, and quicker than the float64 sums of
    other values).

    Examples
    --------
    >>> mask = np.zeros((5, 5), bool); mask[2, 2] = True
    >>> bool(np.array_equal(_box(mask, 3), _box(mask.astype(np.float32), 3)))
    True
    """
    r = size // 2
    n0, n1 = grid.shape
    acc = np.zeros((n0 + 2 * r + 2, n1 + 2 * r + 2), np.int32 if grid.dtype == bool else np.float64)
    acc[r + 1:r + 1 + n0, r + 1:r + 1 + n1] = grid
    np.cumsum(acc, axis=0, out=acc)
    np.cumsum(acc, axis=1, out=acc)
    total = acc[size:size + n0, size:size + n1] - acc[:n0, size:size + n1]
    total -= acc[size:size + n0, :n1]
    total += acc[:n0, :n1]
    if grid.dtype == bool:
        return total.astype(np.float32) / np.float32(size * size)
    return (total / (size * size)).astype(np.float32)


def _areas(cover: np.ndarray, seen: np.ndarray, body: np.ndarray,
           cell_mm: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Marked cells, the insides of closed strokes and the densely inked cells.

    Dense: a closing (grow, then shrink back) of the inked cells that joins the strokes
    of hatching without growing a solid patch, where ink covers at least `AREA_SHARE`
    of the neighbourhood (so a lone stroke or a speck is not an area), and the closed
    ink within a neighbourhood of that (the edge of the area).  The share is taken over
    the pixels `seen` (not hidden by the print), and on the `body` over the body's cells
    only, so a narrow strip hatched along the body's outline counts as fully as one in
    its middle.
    """
    window = 2 * round(WINDOW_MM / cell_mm / 2) + 1
    reach = 2 * round(REACH_MM / cell_mm) + 1
    inked = cover >= 0.25
    grown = _box(inked, reach) > 0
    closed = _box(grown, reach) > 1 - 0.5 / (reach * reach)
    # the share of ink among the pixels seen (the print hides some), over the body's cells on the body
    ink = np.minimum(cover, 1) * seen
    density = _box(ink, window) / np.maximum(_box(seen, window), 1e-6)
    body_seen = _box(seen * body, window)
    on_body = _box(ink * body, window) / np.maximum(body_seen, 1e-6)
    density = np.where(body & (body_seen > 0.1), on_body, density)
    core = closed & (density >= AREA_SHARE)
    # the core falls short of an area's edge where the neighbourhood reaches past it: grow it back
    # over the closed ink (a lone stroke or a speck has no core, so stays out)
    dense = closed & (_box(core, window // 2 | 1) > 0)
    bridge = 2 * round(BRIDGE_MM / cell_mm) + 1
    # thickened strokes (a stroke across a cell), with the print's cells taking their neighbours' ink
    # (a stroke along a printed line stays closed)
    strokes = _box(cover, bridge) >= 0.15 / bridge
    hole = fill_holes(strokes) & ~strokes
    # an enclosed bit of paper narrower than `MIN_HOLE_MM` (between a speck and a line) is no circle
    opening = 2 * round(MIN_HOLE_MM / cell_mm / 2) + 1
    hole = (_box(_box(hole, opening) > 1 - 0.5 / opening**2, opening) > 0) & hole
    # the inside reaches out again to its stroke, and takes the stroke's ink
    ring = _box(hole, bridge + 4) > 0
    inside = (_box(hole, bridge) > 0) | (ring & (cover > 0))
    # hatching means the area up to about half a gap past its outermost strokes: hatched cells (ink
    # covers under 60 % of the closed area around them; a solid patch covers all of it; the stroke
    # round a circled area is not hatching) grow by that
    solid = _box(cover, window) / np.maximum(_box(closed, window), 1e-6)
    hatched = dense & (solid < 0.6) & ~ring
    dense |= _box(hatched, 2 * round(HATCH_EDGE_MM / cell_mm) + 1) > 0
    marked = dense | inside
    return marked, inside, dense


def _unread(cover: np.ndarray, body: np.ndarray, marked: np.ndarray, cell_mm: float) -> np.ndarray:
    """Cells near ink on the body (or within 2 mm of it) that is not within `UNREAD_NEAR_MM` of a marked
    area, grown by `UNREAD_REACH_MM` (see :attr:`Ink.unread`)."""

    def size(mm: float) -> int:
        return 2 * round(mm / cell_mm / 2) + 1

    on = _box(body, size(4.0)) > 0
    near = _box(marked, size(2 * UNREAD_NEAR_MM)) > 0
    left = (cover >= 0.25) & on & ~near
    if not left.any():
        return left
    window = size(UNREAD_WINDOW_MM)
    amount = _box(np.where(left, np.minimum(cover, 1), 0), window) * (window * cell_mm) ** 2
    left &= amount >= UNREAD_LEAST_MM2
    return _box(left, size(2 * UNREAD_REACH_MM)) > 0


def fill_holes(mask: np.ndarray) -> np.ndarray:
    """The mask with every region it encloses filled (what cannot be reached from the edge).

    Plain numpy: reachability spreads from the edge along whole rows and columns of
    unmasked pixels at a time, until it stops changing.

    Examples
    --------
    >>> ring = np.zeros((7, 7), bool)
    >>> ring[1:6, 1:6] = True
    >>> ring[2:5, 2:5] = False
    >>> int(fill_holes(ring).sum()), int(ring.sum())
    (25, 16)
    """
    free = ~np.asarray(mask, bool)
    reached = np.zeros_like(free)
    reached[0], reached[-1], reached[:, 0], reached[:, -1] = free[0], free[-1], free[:, 0], free[:, -1]
    runs = (_runs(free), _runs(free.T))
    count = -1
    while True:
        reached = _spread(runs[0], reached)
        reached = _spread(runs[1], reached.T).T
        now = int(reached.sum())
        if now == count:
            break
        count = now
    return ~reached


def _runs(free: np.ndarray) -> tuple[np.ndarray, int, tuple[int, int]]:
    """Each pixel's run of unmasked pixels along its row (0: masked), and the number of runs."""
    flat = np.ascontiguousarray(free)
    start = flat.copy()
    start[:, 1:] &= ~flat[:, :-1]
    ids = np.cumsum(start.ravel()) * flat.ravel()
    return ids, int(ids.max()), free.shape


def _spread(runs, reached: np.ndarray) -> np.ndarray:
    """Whole runs are reached where any of their pixels is."""
    ids, n, shape = runs
    hit = np.bincount(ids, weights=np.ascontiguousarray(reached).ravel(), minlength=n + 1) > 0
    hit[0] = False
    return hit[ids].reshape(shape)


def _upsample(grid: np.ndarray, cell: int, shape: tuple[int, int]) -> np.ndarray:
    """Cells -> pixels (float32, 0..1; written once, a view of the whole cells when they overhang)."""
    rows, cols = grid.shape
    big = np.empty((rows * cell, cols * cell), np.float32)
    big.reshape(rows, cell, cols, cell)[:] = np.clip(grid, 0, 1).astype(np.float32)[:, None, :, None]
    return big[:shape[0], :shape[1]]


def _style(cover, marked, inside, dense, ink, lum, chroma) -> str:
    """``"<how> <pen>"`` from what was marked (`ink`: the ink pixels in it), or ``"none"``."""
    if not marked.any():
        return "none"
    if int(inside.sum()) >= 0.5 * int(marked.sum()) or not dense.any():  # mostly the inside of circles
        how = "outlined"
    else:
        how = "filled" if float(cover[dense].mean()) >= 0.6 else "hatched"
    chosen = np.flatnonzero(ink.ravel())
    if chosen.size > 20000:
        chosen = chosen[:: chosen.size // 20000]
    if not chosen.size:
        return f"{how} dark"
    if float(np.median(chroma.ravel()[chosen])) >= COLOURED_BY - 0.025:
        return f"{how} colour"
    return f"{how} {'dark' if float(np.median(lum.ravel()[chosen])) < 0.45 else 'pencil'}"

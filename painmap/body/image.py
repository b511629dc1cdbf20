"""Small image operations on numpy fields: blur, extension past a mask, contours."""

from __future__ import annotations

import numpy as np


def gaussian_blur(image: np.ndarray, sigma: float) -> np.ndarray:
    """Separable Gaussian blur of a 2-D array; edges repeat the border value."""
    radius = max(1, round(3 * sigma))
    taps = np.arange(-radius, radius + 1)
    kernel = np.exp(-0.5 * (taps / sigma) ** 2)
    kernel /= kernel.sum()
    out = np.asarray(image, dtype=float)
    for axis in (0, 1):
        padded = np.pad(out, [(radius, radius) if a == axis else (0, 0) for a in (0, 1)], mode="edge")
        n = out.shape[axis]
        out = sum(
            w * np.take(padded, np.arange(k, k + n), axis=axis)
            for k, w in zip(range(2 * radius + 1), kernel)
        )
    return out


def extend_index(mask: np.ndarray, steps: int) -> np.ndarray:
    """Flat index of the body pixel each pixel copies when a field is continued past `mask`.

    Pixels in `mask` point to themselves, pixels up to `steps` rings outside it to
    a neighbouring pixel that already has a value, all others to -1.  Drawing a
    field continued this way and clipped to the smooth silhouette leaves no gap
    at the body's edge.
    """
    index = np.where(mask, np.arange(mask.size).reshape(mask.shape), -1)
    for _ in range(steps):
        grown = index.copy()
        for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1)):
            shifted = _shift(index, dr, dc, -1)
            take = (grown < 0) & (shifted >= 0)
            grown[take] = shifted[take]
        index = grown
    return index


def grow_mask(mask: np.ndarray, steps: int) -> np.ndarray:
    """`mask` grown by `steps` pixels (each step adds the 4-connected neighbours; no wrap-around).

    Examples
    --------
    >>> grow_mask(np.eye(3, dtype=bool)[:1], 1).astype(int).tolist()
    [[1, 1, 0]]
    """
    mask = np.asarray(mask, bool)
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if not len(rows) or steps <= 0:
        return mask.copy()
    # Only the box around the mask, `steps` wider on every side, can change: grow that part alone.
    box = (slice(max(int(rows[0]) - steps, 0), int(rows[-1]) + steps + 1),
           slice(max(int(cols[0]) - steps, 0), int(cols[-1]) + steps + 1))
    out = mask[box].copy()
    for _ in range(steps):
        grown = out.copy()
        grown[1:] |= out[:-1]
        grown[:-1] |= out[1:]
        grown[:, 1:] |= out[:, :-1]
        grown[:, :-1] |= out[:, 1:]
        out = grown
    whole = np.zeros_like(mask)
    whole[box] = out
    return whole


def true_runs(flags: np.ndarray) -> list[np.ndarray]:
    """Index runs (consecutive indices) where `flags` is true.

    Examples
    --------
    >>> [r.tolist() for r in true_runs(np.array([1, 1, 0, 1, 0, 1, 1, 1], bool))]
    [[0, 1], [3], [5, 6, 7]]
    """
    idx = np.flatnonzero(flags)
    if len(idx) == 0:
        return []
    return np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1)


def _shift(a: np.ndarray, dr: int, dc: int, fill) -> np.ndarray:
    """Shift `a` by (dr, dc) pixels: ``out[r, c] = a[r - dr, c - dc]``."""
    out = np.full_like(a, fill)
    h, w = a.shape[:2]
    out[max(dr, 0): h + min(dr, 0), max(dc, 0): w + min(dc, 0)] = a[
        max(-dr, 0): h + min(-dr, 0), max(-dc, 0): w + min(-dc, 0)
    ]
    return out


def filled_contours(
    x: np.ndarray, y: np.ndarray, z: np.ndarray, lower: float, upper: float = np.inf
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Polygons (with holes) where ``lower <= z < upper``, as (points, path codes) pairs.

    NaN in `z` reads as 0.  The codes are matplotlib path codes (1 move, 2 line,
    79 close), one outer boundary and its holes per pair.  Only the box around
    ``z >= lower`` is traced (see :func:`hot_box`): the same polygons as over
    the whole grid, at the cost of the box.

    Examples
    --------
    >>> z = np.zeros((50, 60))
    >>> z[20:23, 30:33] = 1.0
    >>> [(points, codes)] = filled_contours(np.arange(60.0), np.arange(50.0), z, 0.5)
    >>> points.min(axis=0).tolist(), points.max(axis=0).tolist(), codes[[0, -1]].tolist()
    ([29.5, 19.5], [32.5, 22.5], [1, 79])
    """
    box = hot_box(z >= lower)
    if box is None:
        return []
    rows, cols = box
    gen = _generator(x[cols], y[rows], np.nan_to_num(z[box], nan=0.0), filled=True)
    points, codes = gen.filled(lower, min(upper, np.finfo(float).max))
    return [(p, c) for p, c in zip(points, codes)]


def hot_box(hot: np.ndarray) -> tuple[slice, slice] | None:
    """The rows and columns around the true cells of a mask, one cell wider on every side (None if none).

    Cells outside the box of ``z >= lower`` have no corner at or above `lower`, so
    a contour generator tracing ``z >= lower`` over the box alone finds all there is.

    Examples
    --------
    >>> hot = np.zeros((5, 6), bool)
    >>> hot[2, 3] = True
    >>> hot_box(hot)
    (slice(1, 4, None), slice(2, 5, None))
    """
    rows, cols = np.flatnonzero(hot.any(axis=1)).tolist(), np.flatnonzero(hot.any(axis=0)).tolist()
    if not rows:
        return None
    return (slice(max(rows[0] - 1, 0), min(rows[-1] + 2, hot.shape[0])),
            slice(max(cols[0] - 1, 0), min(cols[-1] + 2, hot.shape[1])))


def ring_spans(codes: np.ndarray) -> list[tuple[int, int]]:
    """Where each ring of a compound path lies: ``(start, stop)`` slices (code 1 starts a ring).

    Examples
    --------
    >>> ring_spans(np.array([1, 2, 2, 79, 1, 2, 79]))
    [(0, 4), (4, 7)]
    """
    starts = np.flatnonzero(codes == 1)
    return list(zip(starts.tolist(), [*starts[1:].tolist(), len(codes)]))


def drop_small_holes(points: np.ndarray, codes: np.ndarray, max_area: float
                     ) -> tuple[np.ndarray, np.ndarray]:
    """A polygon (outer ring first, then holes) without its holes smaller than `max_area`.

    Examples
    --------
    >>> square = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    >>> hole = [[1, 1], [1, 2], [2, 2], [2, 1], [1, 1]]
    >>> pts, codes = drop_small_holes(np.array(square + hole, float), np.array([1, 2, 2, 2, 79] * 2), 2.0)
    >>> len(pts), codes.tolist()
    (5, [1, 2, 2, 2, 79])
    """
    keep = np.ones(len(codes), bool)
    for a, b in ring_spans(codes)[1:]:
        x, y = points[a:b, 0], points[a:b, 1]
        if abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2 < max_area:
            keep[a:b] = False
    return points[keep], codes[keep]


def smooth_rings(points: np.ndarray, codes: np.ndarray, passes: int = 2) -> np.ndarray:
    """Smooth every closed ring of a polygon with a circular binomial filter.

    Contours of a pixel mask follow its staircase; a few passes of a [1 2 1] / 4
    average along each ring remove the steps while moving the curve by far less
    than a pixel.  `codes` marks where rings start (1) and close (79).
    """
    out = points.copy()
    for a, b in ring_spans(codes):
        ring = out[a: b - 1]  # the closing point repeats the first
        for _ in range(passes):
            ring = (np.roll(ring, 1, axis=0) + 2 * ring + np.roll(ring, -1, axis=0)) / 4
        out[a: b - 1] = ring
        out[b - 1] = ring[0]
    return out


def nested_regions(
    x: np.ndarray, y: np.ndarray, z: np.ndarray, levels
) -> list[list[tuple[np.ndarray, np.ndarray]]]:
    """For each level, the polygons where ``z >= level`` (regions nested inside one another).

    Painting them in order, each over the last, draws a banded field without seams.
    All levels are traced by one contour generator over the smallest grid that
    holds them: the box where ``z >= min(levels)``, one sample wider on every side
    (cells outside it have no corner at any level, so they add nothing).  NaN in
    `z` reads as 0 (no heat); only the box is filled in, not the whole grid.

    Examples
    --------
    >>> z = np.zeros((50, 60))
    >>> z[20:23, 30:33] = 1.0
    >>> [len(regions) for regions in nested_regions(np.arange(60.0), np.arange(50.0), z, [0.5, 2.0])]
    [1, 0]
    """
    part = hot_part(x, y, z, min(levels))
    if part is None:
        return [[] for _ in levels]
    return trace_regions(*part, levels)


def hot_part(x: np.ndarray, y: np.ndarray, z: np.ndarray, lowest: float
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The part of the grid :func:`nested_regions` traces for levels from `lowest` up: its
    ``(x, y, z)``, NaN in `z` read as 0; None where no sample reaches `lowest`.

    Examples
    --------
    >>> z = np.zeros((50, 60))
    >>> z[20:23, 30:33] = 1.0
    >>> [a.shape for a in hot_part(np.arange(60.0), np.arange(50.0), z, 0.5)]
    [(5,), (5,), (5, 5)]
    """
    box = hot_box(z >= lowest) if lowest > 0 else (slice(None), slice(None))  # NaN is never >= a level
    if box is None:
        return None
    rows, cols = box
    return x[cols], y[rows], np.nan_to_num(z[box], nan=0.0)


def trace_regions(x: np.ndarray, y: np.ndarray, z: np.ndarray, levels
                  ) -> list[list[tuple[np.ndarray, np.ndarray]]]:
    """For each level, the polygons where ``z >= level`` over a grid without NaN (one generator)."""
    gen = _generator(x, y, z, filled=True)
    top = float(max(np.max(z), max(levels))) + 1.0
    return [list(zip(*gen.filled(float(lo), top))) for lo in levels]


def contour_lines(x: np.ndarray, y: np.ndarray, z: np.ndarray, level: float) -> list[np.ndarray]:
    """Polylines where `z` crosses `level`."""
    return list(_generator(x, y, z, filled=False).lines(level))


def _generator(x: np.ndarray, y: np.ndarray, z: np.ndarray, *, filled: bool):
    """contourpy's serial contour generator over the grid `x` (columns) by `y` (rows), as
    ``contourpy.contour_generator`` makes it: filled polygons as (points, codes) pairs, lines as
    separate polylines.

    contourpy is imported here, on first use (a PNG of the bare body never needs it).  A `z`
    without NaN or infinity, as painmap's always is, goes straight to the generator:
    ``contour_generator`` would look for a mask with ``numpy.ma``, whose import costs more
    than drawing a whole SVG.  Any other `z` takes contourpy's own path (same polygons).
    """
    from contourpy import FillType, LineType, SerialContourGenerator, ZInterp, contour_generator

    fill_type, line_type = FillType.OuterCode, LineType.Separate
    z = np.ascontiguousarray(z, dtype=np.float64)
    if not np.isfinite(z).all():
        kind = {"fill_type": fill_type} if filled else {"line_type": line_type}
        return contour_generator(x, y, z, **kind)
    xx, yy = np.meshgrid(np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64))
    if not filled:  # contour_generator's defaults for the type not asked for
        fill_type = SerialContourGenerator.default_fill_type
    else:
        line_type = SerialContourGenerator.default_line_type
    return SerialContourGenerator(xx, yy, z, None, corner_mask=True, line_type=line_type, fill_type=fill_type,
                                  quad_as_tri=False, z_interp=ZInterp.Linear, x_chunk_size=0, y_chunk_size=0)

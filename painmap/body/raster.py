"""A small z-buffer rasterizer for triangle meshes, in numpy.

It records, for every pixel, which triangle is visible there and the barycentric
weights of the pixel centre in it.  Any per-vertex quantity (normals, heat,
region labels) then becomes a picture with one gather, see :meth:`Raster.sample`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

# Pixel centres within this barycentric tolerance of a triangle count as inside,
# so that shared edges never leave a crack between neighbouring triangles.
_EDGE_EPS = 1e-6


@dataclass(frozen=True, eq=False)
class Raster:
    """Visible triangle per pixel, and the barycentric weights and depth of the pixel centre in it.

    Only the pixels the mesh covers carry weights (`weights`, in row-major order):
    a standing body covers about a fifth of its raster, so the full
    ``(h, w, 3)`` grid (:attr:`bary`) is built only when asked for.

    Attributes
    ----------
    face : ndarray of int32, shape (h, w)
        Index of the visible triangle, ``-1`` where no triangle covers the pixel.
    weights : ndarray of float, shape (k, 3)
        Barycentric weights of the pixel centre in that triangle, for the k covered
        pixels (``face >= 0``) in row-major order.
    depth : ndarray of float, shape (h, w)
        Depth toward the viewer (larger is nearer), ``-inf`` on background.

    Examples
    --------
    >>> face, depth = np.array([[-1, 4]], dtype=np.int32), np.array([[-np.inf, 1.0]])
    >>> r = Raster(face, np.array([[0.5, 0.25, 0.25]]), depth)
    >>> r.bary.tolist()
    [[[0.0, 0.0, 0.0], [0.5, 0.25, 0.25]]]
    """

    face: np.ndarray
    weights: np.ndarray
    depth: np.ndarray

    @cached_property
    def mask(self) -> np.ndarray:
        """Boolean mask of the pixels the mesh covers (read-only)."""
        out = self.face >= 0
        out.setflags(write=False)
        return out

    @property
    def bary(self) -> np.ndarray:
        """Barycentric weights as a full grid, shape (h, w, 3), zero where no triangle covers the pixel."""
        out = np.zeros((*self.face.shape, 3))
        out[self.mask] = self.weights
        return out

    def sample(self, values: np.ndarray, faces: np.ndarray, fill: float = np.nan) -> np.ndarray:
        """Interpolate per-vertex `values` (shape (n,) or (n, k)) to every pixel.

        Pixels outside the mesh get `fill`.
        """
        values = np.asarray(values, dtype=float)
        out_shape = self.face.shape + values.shape[1:]
        out = np.full(out_shape, fill, dtype=float)
        covered = self.mask
        tri = faces[self.face[covered]]
        if values.ndim == 1:
            out[covered] = np.einsum("pk,pk->p", values[tri], self.weights)
        else:
            out[covered] = np.einsum("pkc,pk->pc", values[tri], self.weights)
        return out


def rasterize(xy: np.ndarray, depth: np.ndarray, faces: np.ndarray, size: tuple[int, int]) -> Raster:
    """Rasterize front-facing triangles with a depth test.

    Parameters
    ----------
    xy : ndarray, shape (n, 2)
        Vertex positions in pixel units: column, row.  Pixel ``(r, c)`` has its
        centre at ``(c + 0.5, r + 0.5)``.
    depth : ndarray, shape (n,)
        Vertex depth toward the viewer.
    faces : ndarray, shape (m, 3)
        Triangles; those whose projected winding is not counter-clockwise face
        away and are skipped.
    size : (int, int)
        Raster height and width in pixels.
    """
    height, width = size
    # One coordinate at a time: the same arithmetic as on (m, 3, 2) corner arrays, with smaller temporaries.
    x = np.ascontiguousarray(xy[:, 0])[faces]
    y = np.ascontiguousarray(xy[:, 1])[faces]
    x0, x1, x2, y0, y1, y2 = x[:, 0], x[:, 1], x[:, 2], y[:, 0], y[:, 1], y[:, 2]
    area = (x1 - x0) * (y2 - y0) - (y1 - y0) * (x2 - x0)
    front = np.flatnonzero(area > 1e-12)
    x0, x1, x2, y0, y1, y2, area = (c[front] for c in (x0, x1, x2, y0, y1, y2, area))

    lo = [np.maximum(np.ceil(np.minimum(np.minimum(a, b), c) - 0.5).astype(np.int64), 0)
          for a, b, c in ((x0, x1, x2), (y0, y1, y2))]
    hi = [np.minimum(np.floor(np.maximum(np.maximum(a, b), c) - 0.5).astype(np.int64), top)
          for a, b, c, top in ((x0, x1, x2, width - 1), (y0, y1, y2, height - 1))]
    span = [np.maximum(h - lo_ + 1, 0) for lo_, h in zip(lo, hi)]
    counts = span[0] * span[1]

    owner = np.repeat(np.arange(len(front)), counts)
    local = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    across = span[0][owner]
    col = lo[0][owner] + local % across
    row = lo[1][owner] + local // across

    # Barycentric weights of the pixel centres.
    px, py = col + 0.5, row + 0.5
    x0, x1, x2, y0, y1, y2, a = (c[owner] for c in (x0, x1, x2, y0, y1, y2, area))
    w0 = _cross(x1 - px, y1 - py, x2 - px, y2 - py) / a
    w1 = _cross(x2 - px, y2 - py, x0 - px, y0 - py) / a
    w2 = 1.0 - w0 - w1
    inside = (w0 >= -_EDGE_EPS) & (w1 >= -_EDGE_EPS) & (w2 >= -_EDGE_EPS)

    owner, row, col = owner[inside], row[inside], col[inside]
    bary = np.stack([w0[inside], w1[inside], w2[inside]], axis=1)
    z = np.einsum("pk,pk->p", depth[faces[front[owner]]], bary)

    # Per pixel, the nearest candidate (largest z), the first of equals: a z-buffer.
    pixel = row * width + col
    near = np.full(height * width, -np.inf)
    np.maximum.at(near, pixel, z)
    best = np.flatnonzero(z == near[pixel])
    pick = np.full(height * width, len(z))
    np.minimum.at(pick, pixel[best], best)
    covered = np.flatnonzero(pick < len(z))
    first = pick[covered]  # in the order of the pixels, row-major

    face = np.full(height * width, -1, dtype=np.int32)
    depth_img = np.full(height * width, -np.inf)
    face[pixel[first]] = front[owner[first]]
    depth_img[pixel[first]] = z[first]
    # `first` is sorted by pixel, so these weights are in the row-major order of the covered pixels.
    return Raster(face.reshape(height, width), bary[first], depth_img.reshape(height, width))


def _cross(ax: np.ndarray, ay: np.ndarray, bx: np.ndarray, by: np.ndarray) -> np.ndarray:
    return ax * by - ay * bx

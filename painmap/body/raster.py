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
    tri = xy[faces]
    e1 = tri[:, 1] - tri[:, 0]
    e2 = tri[:, 2] - tri[:, 0]
    area = e1[:, 0] * e2[:, 1] - e1[:, 1] * e2[:, 0]
    front = np.flatnonzero(area > 1e-12)
    tri, area = tri[front], area[front]

    lo = np.ceil(tri.min(axis=1) - 0.5).astype(np.int64)
    hi = np.floor(tri.max(axis=1) - 0.5).astype(np.int64)
    lo = np.maximum(lo, 0)
    hi = np.minimum(hi, [width - 1, height - 1])
    span = np.maximum(hi - lo + 1, 0)
    counts = span[:, 0] * span[:, 1]

    owner = np.repeat(np.arange(len(front)), counts)
    local = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    col = lo[owner, 0] + local % span[owner, 0]
    row = lo[owner, 1] + local // span[owner, 0]

    p = np.stack([col + 0.5, row + 0.5], axis=1)
    t = tri[owner]
    a = area[owner]
    w0 = _cross(t[:, 1] - p, t[:, 2] - p) / a
    w1 = _cross(t[:, 2] - p, t[:, 0] - p) / a
    w2 = 1.0 - w0 - w1
    inside = (w0 >= -_EDGE_EPS) & (w1 >= -_EDGE_EPS) & (w2 >= -_EDGE_EPS)

    owner, row, col = owner[inside], row[inside], col[inside]
    bary = np.stack([w0[inside], w1[inside], w2[inside]], axis=1)
    z = np.einsum("pk,pk->p", depth[faces[front[owner]]], bary)

    pixel = row * width + col
    order = np.lexsort((-z, pixel))
    first = order[np.r_[True, pixel[order][1:] != pixel[order][:-1]][: len(order)]]

    face = np.full(height * width, -1, dtype=np.int32)
    depth_img = np.full(height * width, -np.inf)
    face[pixel[first]] = front[owner[first]]
    depth_img[pixel[first]] = z[first]
    # `first` is sorted by pixel, so these weights are in the row-major order of the covered pixels.
    return Raster(face.reshape(height, width), bary[first], depth_img.reshape(height, width))


def _cross(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]

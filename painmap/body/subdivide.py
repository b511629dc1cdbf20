"""One step of Catmull-Clark subdivision, as a reusable linear map.

The MakeHuman mesh is made of quads about a centimetre across, which shows as
facets on the outline.  One Catmull-Clark step smooths it.  Every new vertex is a
fixed weighted sum of old ones, so the step is stored as a sparse matrix and
applied to any per-vertex data: positions of any shape or pose, heat, labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np


@dataclass(frozen=True, eq=False)
class Subdivision:
    """Sparse linear map from coarse-mesh vertex data to the subdivided mesh.

    New vertices are numbered: the ``n`` old vertices first (their smoothed
    positions), then one per edge, then one per quad.

    Attributes
    ----------
    rows, cols, weights : ndarray
        The map as triplets: ``new[rows] += weights * old[cols]``.
    n_new : int
        Number of vertices of the subdivided mesh.
    faces : ndarray, shape (m, 3)
        Triangles of the subdivided mesh (two per new quad).
    by_column : ndarray
        The triplets in the order of the old vertex they read (a stable sort of
        `cols`), so that :meth:`apply` finds those of a few vertices at once.
    """

    rows: np.ndarray
    cols: np.ndarray
    weights: np.ndarray
    n_new: int
    faces: np.ndarray
    by_column: np.ndarray

    def apply(self, values: np.ndarray) -> np.ndarray:
        """Map per-vertex `values` (shape (n,) or (n, k)) onto the subdivided mesh.

        Heat is zero on most of the body: when few values are non-zero, only the
        triplets that read them are summed, in their usual order (the zeros left
        out add nothing, so the sums are the same to the bit).

        Examples
        --------
        >>> cube = np.array([[0, 1, 2, 3], [4, 7, 6, 5], [0, 4, 5, 1],
        ...                  [1, 5, 6, 2], [2, 6, 7, 3], [3, 7, 4, 0]])
        >>> sub = catmull_clark(cube, 8)
        >>> heat = np.zeros(8)
        >>> heat[0] = 1.0
        >>> dense = np.bincount(sub.rows, sub.weights * heat[sub.cols], minlength=sub.n_new)
        >>> bool(np.array_equal(sub.apply(heat), dense))
        True
        """
        values = np.asarray(values, dtype=float)
        if values.ndim > 1:
            return np.stack([self.apply(values[:, k]) for k in range(values.shape[1])], axis=1)
        nonzero = np.flatnonzero(values)
        if len(nonzero) * _SPARSE_FROM > len(values):
            return np.bincount(self.rows, self.weights * values[self.cols], minlength=self.n_new)
        starts = self._column_starts
        lengths = starts[nonzero + 1] - starts[nonzero]
        first = np.repeat(starts[nonzero] - np.cumsum(lengths) + lengths, lengths)
        taken = np.sort(self.by_column[first + np.arange(lengths.sum())])
        return np.bincount(self.rows[taken], self.weights[taken] * values[self.cols[taken]],
                           minlength=self.n_new)

    @cached_property
    def _column_starts(self) -> np.ndarray:
        """Where each old vertex's run of triplets starts in :attr:`by_column` (and where the last ends)."""
        return np.r_[0, np.cumsum(np.bincount(self.cols))]


_SPARSE_FROM = 8
"""Sum only the triplets of non-zero values when fewer than one value in this many is non-zero."""


def catmull_clark(quads: np.ndarray, n_vertices: int) -> Subdivision:
    """Build one Catmull-Clark step for a closed, manifold quad mesh.

    Examples
    --------
    >>> cube = np.array([[0, 1, 2, 3], [4, 7, 6, 5], [0, 4, 5, 1],
    ...                  [1, 5, 6, 2], [2, 6, 7, 3], [3, 7, 4, 0]])
    >>> sub = catmull_clark(cube, 8)
    >>> sub.n_new, len(sub.faces)
    (26, 48)
    """
    quads = np.asarray(quads, dtype=np.int64)
    n_faces = len(quads)
    a = quads.ravel()
    b = np.roll(quads, -1, axis=1).ravel()
    key = np.minimum(a, b) * n_vertices + np.maximum(a, b)
    unique_keys, edge_of = np.unique(key, return_inverse=True)
    edge_of = edge_of.reshape(n_faces, 4)
    n_edges = len(unique_keys)
    e0, e1 = unique_keys // n_vertices, unique_keys % n_vertices
    face_of_corner = np.repeat(np.arange(n_faces), 4)
    edge_faces = np.zeros((n_edges, 2), dtype=np.int64)
    order = np.argsort(edge_of.ravel(), kind="stable")
    edge_faces[:] = face_of_corner[order].reshape(n_edges, 2)

    valence = np.bincount(np.r_[e0, e1], minlength=n_vertices).astype(float)
    rows, cols, weights = [], [], []

    def add(r: np.ndarray, c: np.ndarray, w: np.ndarray | float) -> None:
        rows.append(r)
        cols.append(c)
        weights.append(np.broadcast_to(w, np.shape(r)).astype(float))

    # Vertex points: ((n - 3) P + 2 R + F) / n with R, F the means of edge midpoints and face points.
    verts = np.arange(n_vertices)
    add(verts, verts, (valence - 3) / valence)
    for p, q in ((e0, e1), (e1, e0)):
        w = 1.0 / valence[p] ** 2
        add(p, p, w)
        add(p, q, w)
    corner = quads.ravel()
    for k in range(4):
        add(corner, np.repeat(quads[:, k], 4), 0.25 / valence[corner] ** 2)

    # Edge points: mean of the edge's two ends and its two face points.
    edge_rows = n_vertices + np.arange(n_edges)
    add(edge_rows, e0, 0.25)
    add(edge_rows, e1, 0.25)
    for side in (0, 1):
        for k in range(4):
            add(edge_rows, quads[edge_faces[:, side], k], 1.0 / 16)

    # Face points: mean of the quad's corners.
    face_rows = n_vertices + n_edges + np.arange(n_faces)
    for k in range(4):
        add(face_rows, quads[:, k], 0.25)

    fp = n_vertices + n_edges + np.arange(n_faces)
    tris = []
    for k in range(4):
        corner_k = quads[:, k]
        after = n_vertices + edge_of[:, k]            # edge from corner k to k+1
        before = n_vertices + edge_of[:, (k - 1) % 4]  # edge from corner k-1 to k
        tris.append(np.c_[corner_k, after, fp])
        tris.append(np.c_[corner_k, fp, before])
    pair = np.concatenate(rows) * n_vertices + np.concatenate(cols)
    pair, which = np.unique(pair, return_inverse=True)
    reads = pair % n_vertices  # the old vertex each triplet reads
    return Subdivision(
        rows=pair // n_vertices,
        cols=reads,
        weights=np.bincount(which, np.concatenate(weights)),
        n_new=n_vertices + n_edges + n_faces,
        faces=np.concatenate(tris),
        by_column=np.argsort(reads, kind="stable"),
    )

"""Continuous points on the body surface: a triangle of the mesh and barycentric weights.

A vertex of the mesh is 2 to 4 cm from the next on the back and the limbs, too
coarse for anchoring trigger points that lie a centimetre or two apart.  A
:class:`SurfacePoint` names a spot *between* vertices in topology terms, three
vertex indices and their weights, so it sits at the same anatomical spot on
every body shape and mirrors to the other side through the mirror table::

        v1
       /  \\
      / p  \\        p = w0 * v0 + w1 * v1 + w2 * v2,   w0 + w1 + w2 = 1
     v0 ---- v2

:func:`closest_point` finds the surface point nearest a position in space among
the triangles that face a given way (so an offset from a landmark on the back
of the thigh stays on the back of the thigh).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

from .mesh import Body


@dataclass(frozen=True)
class SurfacePoint:
    """A point on a mesh triangle: its three vertex indices and barycentric weights.

    Examples
    --------
    >>> from painmap.body.mesh import load_body
    >>> body = load_body()
    >>> a, b, c = (int(i) for i in body.faces[100])
    >>> p = SurfacePoint((a, b, c), (0.5, 0.25, 0.25))
    >>> bool(np.allclose(p.position(body), body.vertices[[a, b, c]].T @ [0.5, 0.25, 0.25]))
    True
    >>> p.mirrored(body).mirrored(body) == p
    True
    """

    vertices: tuple[int, int, int]
    weights: tuple[float, float, float]

    @classmethod
    def at_vertex(cls, vertex: int) -> SurfacePoint:
        """The point exactly on one vertex."""
        return cls((int(vertex),) * 3, (1.0, 0.0, 0.0))

    @cached_property
    def _w(self) -> np.ndarray:
        return np.array(self.weights)

    def position(self, body: Body) -> np.ndarray:
        """Body-frame position in cm on `body` (any shape: the weights are topology)."""
        return self._w @ body.vertices[list(self.vertices)]

    def normal(self, body: Body) -> np.ndarray:
        """Unit surface normal, interpolated from the vertex normals."""
        n = self._w @ body.normals[list(self.vertices)]
        return n / np.linalg.norm(n)

    @property
    def nearest_vertex(self) -> int:
        """The vertex carrying the largest weight."""
        return self.vertices[int(np.argmax(self.weights))]

    def mirrored(self, body: Body) -> SurfacePoint:
        """The same spot on the patient's other side."""
        return SurfacePoint(tuple(int(body.mirror[v]) for v in self.vertices), self.weights)


def closest_point(body: Body, target: np.ndarray, facing: np.ndarray | None = None,
                  min_cos: float = 0.0) -> SurfacePoint:
    """The surface point of `body` nearest `target`, on triangles facing along `facing`.

    Parameters
    ----------
    body : Body
    target : ndarray, shape (3,)
        A position in the body frame (cm).
    facing : ndarray, shape (3,), optional
        Only triangles whose unit normal has a cosine above `min_cos` with this
        direction are candidates (all triangles when None).
    min_cos : float

    Examples
    --------
    >>> from painmap.body.mesh import load_body
    >>> body = load_body()
    >>> p = closest_point(body, body.vertices[42] + body.normals[42] * 0.3, body.normals[42])
    >>> float(np.linalg.norm(p.position(body) - body.vertices[42])) < 0.2
    True
    """
    target = np.asarray(target, float)
    tri, face_normals, vertex_faces = _triangles(body)
    ok_vertex = np.ones(body.n_vertices, bool)
    if facing is not None and np.linalg.norm(facing) < 1e-9:
        facing = None  # opposite normals cancel: no direction to keep to
    if facing is not None:
        facing = np.asarray(facing, float) / np.linalg.norm(facing)
        ok_vertex = body.normals @ facing > min_cos
    dist = np.where(ok_vertex, np.linalg.norm(body.vertices - target, axis=1), np.inf)
    if not np.isfinite(dist).any():
        raise ValueError("no part of the surface faces the requested way")
    # The nearest point lies on a triangle around one of the nearest few vertices.
    nearest = np.argpartition(dist, _NEAREST)[:_NEAREST]
    near = np.unique(np.concatenate([vertex_faces[v] for v in nearest if np.isfinite(dist[v])]))
    if facing is not None:
        kept = near[face_normals[near] @ facing > min_cos]
        near = kept if len(kept) else near
    points, bary = _closest_on_triangles(target, tri[near])
    k = int(np.argmin(np.linalg.norm(points - target, axis=1)))
    face = body.faces[near[k]]
    return SurfacePoint(tuple(int(v) for v in face), tuple(float(w) for w in bary[k]))


_NEAREST = 8


@lru_cache(maxsize=8)
def _triangles(body: Body) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Corner positions and unit normals of the body's triangles, and each vertex's triangles."""
    tri = body.vertices[body.faces]
    n = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    n /= np.maximum(np.linalg.norm(n, axis=1, keepdims=True), 1e-12)
    flat = body.faces.ravel()
    order = np.argsort(flat, kind="stable")
    starts = np.searchsorted(flat[order], np.arange(body.n_vertices + 1))
    faces_of = order // 3
    return tri, n, [faces_of[starts[v]:starts[v + 1]] for v in range(body.n_vertices)]


def _closest_on_triangles(p: np.ndarray, tri: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Closest point to `p` on each triangle (k, 3, 3), and its barycentric weights (k, 3)."""
    a, b, c = tri[:, 0], tri[:, 1], tri[:, 2]
    ab, ac, ap = b - a, c - a, p - a
    d00, d01, d11 = (ab * ab).sum(1), (ab * ac).sum(1), (ac * ac).sum(1)
    d20, d21 = (ap * ab).sum(1), (ap * ac).sum(1)
    denom = np.maximum(d00 * d11 - d01 * d01, 1e-18)
    v = (d11 * d20 - d01 * d21) / denom
    w = (d00 * d21 - d01 * d20) / denom
    bary = np.stack([1 - v - w, v, w], axis=1)
    inside = (bary >= 0).all(axis=1)
    best = np.einsum("ki,kij->kj", bary, tri)
    dist = np.where(inside, np.linalg.norm(best - p, axis=1), np.inf)
    for i, j in ((0, 1), (1, 2), (2, 0)):  # outside: the nearest point of the nearest edge
        e0, e1 = tri[:, i], tri[:, j]
        seg = e1 - e0
        t = np.clip(((p - e0) * seg).sum(1) / np.maximum((seg * seg).sum(1), 1e-18), 0.0, 1.0)
        q = e0 + t[:, None] * seg
        d = np.linalg.norm(q - p, axis=1)
        better = ~inside & (d < dist)
        if better.any():
            edge_bary = np.zeros((better.sum(), 3))
            edge_bary[:, i] = 1 - t[better]
            edge_bary[:, j] = t[better]
            bary[better] = edge_bary
            best[better] = q[better]
            dist[better] = d[better]
    return best, bary

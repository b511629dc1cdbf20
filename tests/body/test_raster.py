"""The z-buffer rasterizer against a pixel-by-pixel reference, and the vertex normals' sums."""

import numpy as np
import pytest

from painmap.body.mesh import load_body, vertex_normals
from painmap.body.raster import _EDGE_EPS, rasterize


def _reference(xy, depth, faces, size):
    """One pixel at a time: every counter-clockwise triangle over the pixel centre, nearest first,
    the first listed of equally near ones."""
    height, width = size
    face = np.full(size, -1)
    weights = np.zeros(size + (3,))
    best = np.full(size, -np.inf)
    for r in range(height):
        for c in range(width):
            p = np.array([c + 0.5, r + 0.5])
            for f, (i, j, k) in enumerate(faces):
                a, b, d = xy[i], xy[j], xy[k]
                area = (b[0] - a[0]) * (d[1] - a[1]) - (b[1] - a[1]) * (d[0] - a[0])
                if area <= 1e-12:
                    continue
                w0 = ((b[0] - p[0]) * (d[1] - p[1]) - (b[1] - p[1]) * (d[0] - p[0])) / area
                w1 = ((d[0] - p[0]) * (a[1] - p[1]) - (d[1] - p[1]) * (a[0] - p[0])) / area
                w = np.array([w0, w1, 1.0 - w0 - w1])
                if (w >= -_EDGE_EPS).all():
                    z = w @ depth[[i, j, k]]
                    if z > best[r, c]:
                        best[r, c], face[r, c], weights[r, c] = z, f, w
    return face, weights, best


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_rasterize_keeps_the_nearest_triangle_per_pixel(seed):
    rng = np.random.default_rng(seed)
    xy = rng.uniform(-2, 14, (30, 2))
    depth = rng.choice([0.0, 1.0, 2.0, rng.uniform()], 30)  # equal depths: the first face listed wins
    faces = rng.integers(0, 30, (40, 3))
    raster = rasterize(xy, depth, faces, (12, 10))
    face, weights, best = _reference(xy, depth, faces, (12, 10))
    np.testing.assert_array_equal(raster.face, face)
    np.testing.assert_allclose(raster.bary, weights, atol=1e-12)
    np.testing.assert_allclose(raster.depth, best, atol=1e-12)
    assert (raster.face >= 0).sum() > 20  # the triangles cover part of the raster, not all of it
    assert (raster.face < 0).any()


def test_rasterize_breaks_depth_ties_by_face_order():
    # two copies of one square, at the same depth: the first listed shows everywhere
    xy = np.array([[0.0, 0.0], [4.0, 0.0], [4.0, 4.0], [0.0, 4.0]])
    faces = np.array([[0, 1, 2], [0, 2, 3], [0, 1, 2], [0, 2, 3]])
    raster = rasterize(xy, np.zeros(4), faces, (4, 4))
    assert set(np.unique(raster.face)) == {0, 1}
    nearer = rasterize(xy, np.zeros(4), faces[::-1], (4, 4))
    assert set(np.unique(nearer.face)) == {0, 1}  # the reversed list's first two


def test_vertex_normals_sum_the_faces_in_the_order_of_add_at():
    body = load_body("neutral")
    tri = body.vertices[body.faces]
    face_n = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    summed = np.zeros_like(body.vertices)
    for k in range(3):
        np.add.at(summed, body.faces[:, k], face_n)
    expected = summed / np.linalg.norm(summed, axis=1, keepdims=True)
    assert np.array_equal(vertex_normals(body.vertices, body.faces), expected)  # to the bit

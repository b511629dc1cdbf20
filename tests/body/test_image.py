"""Image helpers: contours traced over the box around the field are those of the whole grid."""

import numpy as np
import pytest
from contourpy import FillType, contour_generator

from painmap.body.image import filled_contours, gaussian_blur


def _whole_grid(x, y, z, lower, upper):
    points, codes = contour_generator(x, y, z, fill_type=FillType.OuterCode).filled(lower, upper)
    return list(zip(points, codes))


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(("lower", "upper"), [(0.5, np.inf), (0.2, 0.6)])
def test_filled_contours_are_those_of_the_whole_grid(seed, lower, upper):
    rng = np.random.default_rng(seed)
    z = np.zeros((80, 90))
    for _ in range(3):  # a few blobs, one of them possibly cut by the grid's edge
        r, c = rng.integers(0, 80), rng.integers(0, 90)
        z[max(r - 6, 0):r + 6, max(c - 5, 0):c + 5] = rng.uniform(0.4, 1.0)
    z = gaussian_blur(z, 1.5)
    x, y = np.linspace(-3.0, 5.0, 90), np.linspace(10.0, 30.0, 80)
    got = filled_contours(x, y, z, lower, upper)
    want = _whole_grid(x, y, z, lower, min(upper, np.finfo(float).max))
    assert len(got) == len(want) > 0
    for (p, c), (q, d) in zip(got, want):
        np.testing.assert_array_equal(p, q)
        np.testing.assert_array_equal(c, d)


def test_filled_contours_of_a_field_below_the_level_are_empty():
    assert filled_contours(np.arange(5.0), np.arange(4.0), np.full((4, 5), 0.3), 0.5) == []

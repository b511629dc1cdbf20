"""Image helpers: contours traced over the box around the field are those of the whole grid."""

import numpy as np
import pytest
from contourpy import FillType, contour_generator

from painmap.body.image import filled_contours, gaussian_blur, nested_regions


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


def _bump(shape=(60, 80)):
    r, c = np.mgrid[: shape[0], : shape[1]]
    return np.exp(-((r - 30.0) ** 2 + (c - 50.0) ** 2) / 60.0)


def _same(a, b):
    assert len(a) == len(b)
    for (pa, ca), (pb, cb) in zip(a, b):
        np.testing.assert_array_equal(ca, cb)
        np.testing.assert_allclose(pa, pb)


def test_nested_regions_match_full_grid_contours():
    z = _bump()
    x, y = np.arange(80.0), np.arange(60.0)
    levels = [0.1, 0.4, 0.8]
    for level, regions in zip(levels, nested_regions(x, y, z, levels)):
        _same(regions, filled_contours(x, y, z, level))


def test_nested_regions_read_nan_as_zero():
    z = _bump()
    z[:, :20] = np.nan  # outside the body
    z[30, 50] = np.nan  # a hole at the peak
    x, y = np.arange(80.0), np.arange(60.0)
    levels = [0.2, 0.6]
    got = nested_regions(x, y, z, levels)
    want = nested_regions(x, y, np.nan_to_num(z, nan=0.0), levels)
    for a, b in zip(got, want):
        _same(a, b)
    assert (got[1][0][1] == 1).sum() == 2  # the peak's band: an outer ring and the NaN's hole


def test_nested_regions_of_a_cold_field_are_empty():
    z = np.full((10, 10), np.nan)
    assert nested_regions(np.arange(10.0), np.arange(10.0), z, [0.5]) == [[]]


@pytest.mark.parametrize("nan", [False, True])
def test_contour_generator_made_directly_gives_contourpys_polygons(nan):
    # painmap builds contourpy's serial generator itself (no numpy.ma); a z with NaN takes contourpy's path
    from painmap.body.image import _generator

    z = gaussian_blur(_bump(), 1.0)
    if nan:
        z[:, :15] = np.nan
    x, y = np.linspace(-2.0, 6.0, 80), np.linspace(0.0, 9.0, 60)
    for lower in (0.1, 0.5):
        got = _generator(x, y, z, filled=True).filled(lower, 2.0)
        want = contour_generator(x, y, z, fill_type=FillType.OuterCode).filled(lower, 2.0)
        assert len(got[0]) == len(want[0]) > 0
        for a, b in zip(got[0] + got[1], want[0] + want[1]):
            np.testing.assert_array_equal(a, b)
    lines = _generator(x, y, z, filled=False).lines(0.5)
    want_lines = contour_generator(x, y, z).lines(0.5)
    assert len(lines) == len(want_lines) > 0
    for a, b in zip(lines, want_lines):
        np.testing.assert_array_equal(a, b)


def _grown_over_the_whole_grid(mask, steps):
    out = mask.copy()
    for _ in range(steps):
        grown = out.copy()
        grown[1:] |= out[:-1]
        grown[:-1] |= out[1:]
        grown[:, 1:] |= out[:, :-1]
        grown[:, :-1] |= out[:, 1:]
        out = grown
    return out


@pytest.mark.parametrize("seed", range(6))
def test_grow_mask_grows_the_box_around_the_mask_as_the_whole_grid(seed):
    from painmap.body.image import grow_mask

    rng = np.random.default_rng(seed)
    for _ in range(50):
        h, w = rng.integers(1, 40, 2)
        mask = rng.random((h, w)) < rng.choice([0.0, 0.002, 0.02, 0.3])
        steps = int(rng.integers(0, 5))
        before = mask.copy()
        got = grow_mask(mask, steps)
        np.testing.assert_array_equal(got, _grown_over_the_whole_grid(mask, steps))
        np.testing.assert_array_equal(mask, before)  # the input is left alone


def test_grow_mask_of_one_pixel_is_a_diamond_cut_by_the_edge():
    from painmap.body.image import grow_mask

    mask = np.zeros((20, 30), bool)
    mask[10, 15] = True
    assert grow_mask(mask, 3).sum() == 2 * 3 * 4 + 1  # |dr| + |dc| <= 3
    mask[10, 15], mask[0, 0] = False, True
    assert grow_mask(mask, 3).sum() == 10  # the quarter of the diamond inside the grid

"""Clean rendering (issue 21, item 4): no specks, continuous contours, no slivers at crop edges.

Each panel of a figure is drawn alone, without its furniture (no heat, marks, numbers, labels,
legend or title), by :func:`bare_image`, on white paper, in two looks:

- the figure's own look (the shaded grey body), where any white-looking pixel enclosed by the
  body is a speck a reader sees;
- a diagnostic look: the body a flat grey, its outline pure blue and the lines where one part
  passes in front of another pure green, so that stroke pixels can be told from fill and paper.

:func:`defects` then finds, in pixels of the page at the figure's own size and 150 dpi:

- ``"speck"``: a small connected piece of paper inside the body's fill (not ringed by the outline, as
  the narrow end of a gap between fingers is), or of body floating apart;
- ``"gap"``: a run of the body's silhouette boundary with no outline stroke near it (the panel's
  own edges, where a crop cuts the body, are not part of the outline);
- ``"line gap"``: a break in a feature line (or a line stopping short of the outline) where one body
  part passes in front of another: neighbouring raster pixels of two parts far apart in depth;
- ``"sliver"``: a piece of body touching the panel's edge that is tiny, only a few pixels thick, or a
  small share of the panel's largest piece (the edge of the other leg beside a knee).

The planted-defect tests below check that each kind is found.  Numbers (issue 21): before the fixes
17 of 119 automatic figures and 25 of 105 body views (15 shapes x 7 views) had line gaps (side views,
where the arm passes in front of the trunk) and 2 figures a sliver of the other leg; after, none.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import numpy as np
import pytest

pytest.importorskip("aggdraw")
ndimage = pytest.importorskip("scipy.ndimage")

import painmap as pm  # noqa: E402
from painmap.body.camera import VIEWS  # noqa: E402
from painmap.compose.cropping import pixel_parts  # noqa: E402
from painmap.render.raster import RasterRenderer  # noqa: E402
from painmap.scene.elements import Layout, Panel, Scene  # noqa: E402

DPI = 150.0
PAPER_MIN = 250
"""A pixel with every channel at or above this reads as paper (white); the body's lightest grey is 243."""
SPECK_CM2 = 0.6
"""A piece of paper enclosed by the body, or of body apart from the rest, smaller than this is a speck."""
SLIVER_CM2 = 2.0
"""A piece of body at the panel's edge smaller than this is a sliver, as is one at most 4 px thick."""
SLIVER_SHARE = 0.15
"""... and so is one smaller than this share of the panel's largest piece of body (another leg's edge)."""
GAP_PX = 2
"""The outline may miss at most this many boundary pixels in a row."""
OCCLUSION_CM = 4.0
"""Neighbouring raster pixels of two body parts this much apart in depth: one passes in front of the other."""
FACING_MIN = 0.3
"""... where both surfaces face the viewer at least this much (not a surface seen edge-on)."""
LINE_REACH_PX = 3
"""A feature line counts as drawn at an occluding edge when its ink lies within this many pixels."""
STROKE = "#0000ff"
LINE = "#00c000"

EIGHT = np.ones((3, 3), bool)


def bare(panel: Panel, *, diagnostic: bool = False) -> Panel:
    """The panel without heat, marks, numbers, callouts and label (and, with `diagnostic`, in flat grey with
    a blue outline and green feature lines)."""
    look = panel.look
    if diagnostic:
        width = max(look.outline_width, 0.6)
        look = dataclasses.replace(look, shade_dark=None, shade_light=None, fill="#d9dbde",
                                   outline_color=STROKE, outline_width=width,
                                   feature_color=LINE, feature_width=max(look.feature_width, 0.45),
                                   guide_width=0.0)
    return dataclasses.replace(panel, look=look, layers=[], markers=[], callouts=[], label=None, guides=[])


def bare_image(panel: Panel, size_in: tuple[float, float], *, diagnostic: bool = False) -> np.ndarray:
    """The bare panel alone on a white page of `size_in` inches at :data:`DPI`, as an RGB uint8 array."""
    w, h = size_in
    scene = Scene(panels=[bare(panel, diagnostic=diagnostic)],
                  layout=Layout(size=(w, h), panels=[(0, 0, w, h)]), paper="#ffffff", ink="#222222")
    return np.asarray(RasterRenderer(DPI).render(scene).convert("RGB"))


def panel_images(fig) -> list[tuple[Panel, np.ndarray, np.ndarray]]:
    """Each panel of a figure with its two bare images (the figure's look, the diagnostic look)."""
    out = []
    for panel, (_, _, w, h) in zip(fig.scene.panels, fig.scene.layout.panels):
        out.append((panel, bare_image(panel, (w, h)), bare_image(panel, (w, h), diagnostic=True)))
    return out


def _touches_edge(labels: np.ndarray) -> set[int]:
    return set(np.unique(np.r_[labels[0], labels[-1], labels[:, 0], labels[:, -1]]).tolist()) - {0}


def _where(mask: np.ndarray) -> str:
    r, c = np.argwhere(mask)[0]
    return f"row {r}, col {c}"


def occluding_pixels(panel: Panel, shape: tuple[int, int]) -> np.ndarray:
    """Page pixels (of an image of `shape` showing the whole panel) where one body part passes in front of
    another: neighbouring raster pixels of different parts whose depth differs by more than
    :data:`OCCLUSION_CM`, both facing the viewer.  Feature lines should run there."""
    proj = panel.projection
    parts, depth, facing = pixel_parts(proj), proj.raster.depth, proj.normal_field[..., 2]
    edge = np.zeros(proj.size, bool)
    for dr, dc in ((0, 1), (1, 0)):
        a = (slice(0, parts.shape[0] - dr), slice(0, parts.shape[1] - dc))
        b = (slice(dr, None), slice(dc, None))
        with np.errstate(invalid="ignore"):
            jump = ((parts[a] >= 0) & (parts[b] >= 0) & (parts[a] != parts[b])
                    & (np.abs(depth[a] - depth[b]) > OCCLUSION_CM)
                    & (np.fmin(facing[a], facing[b]) > FACING_MIN))
        near = np.where(depth[a] > depth[b], 0, 1)  # mark the nearer pixel: the line is its outline
        edge[a] |= jump & (near == 0)
        edge[b] |= jump & (near == 1)
    rows, cols = np.nonzero(edge)
    u, v = proj.grid
    u0, u1, v0, _ = panel.window
    scale = shape[1] / (u1 - u0)
    x = ((u[cols] - u0) * scale).astype(int)
    y = (shape[0] - (v[rows] - v0) * scale).astype(int)
    keep = (x >= 3) & (x < shape[1] - 3) & (y >= 3) & (y < shape[0] - 3)
    out = np.zeros(shape, bool)
    out[y[keep], x[keep]] = True
    return out


def defects(panel: Panel, shaded: np.ndarray, flat: np.ndarray) -> dict[str, list[str]]:
    """What is unclean in a panel's two bare images (see the module docstring): kind -> descriptions."""
    found: dict[str, list[str]] = {"speck": [], "gap": [], "line gap": [], "sliver": []}
    u0, u1, _, _ = panel.window
    cm2 = (flat.shape[1] / (u1 - u0)) ** 2
    r, g, b = (flat[..., k].astype(int) for k in range(3))
    stroke = (b - np.maximum(r, g)) > 40
    line = (g - np.maximum(r, b)) > 40
    near_stroke = ndimage.binary_dilation(stroke, structure=EIGHT, iterations=2)
    # (a) specks: paper enclosed by the fill (in the look readers see), not by the outline; body apart
    for name, image in (("shaded", shaded), ("flat", flat)):
        paper = (image >= PAPER_MIN).all(axis=-1)
        holes, n = ndimage.label(paper)
        edge = _touches_edge(holes)
        sizes = np.bincount(holes.ravel(), minlength=n + 1)
        for k in np.flatnonzero(sizes < SPECK_CM2 * cm2):
            if k and k not in edge and not (near_stroke & (holes == k)).any():
                found["speck"].append(f"{name}: {sizes[k]} px of paper inside the body at "
                                      f"{_where(holes == k)}")
    body = ~(flat >= PAPER_MIN).all(axis=-1)
    pieces, n = ndimage.label(body, structure=EIGHT)
    edge = _touches_edge(pieces)
    sizes = np.bincount(pieces.ravel(), minlength=n + 1)
    largest = sizes[1:].max(initial=0)
    for k in range(1, n + 1):
        piece = pieces == k
        if k not in edge:
            if sizes[k] < SPECK_CM2 * cm2:
                found["speck"].append(f"{sizes[k]} px of body apart at {_where(piece)}")
            continue
        # (c) slivers: a piece the crop cut off, tiny, thin or a small part of the picture
        thick = ndimage.binary_erosion(piece, structure=EIGHT, iterations=2, border_value=1).any()
        if sizes[k] < max(SLIVER_CM2 * cm2, SLIVER_SHARE * largest) or not thick:
            found["sliver"].append(f"{sizes[k]} px{'' if thick else ', thin'} at the edge (the largest piece "
                                   f"{largest} px), {_where(piece)}")
    # (b) the outline: every body pixel next to paper has the stroke within a pixel
    rim = body & ndimage.binary_dilation(~body, structure=EIGHT)
    rim[:3], rim[-3:], rim[:, :3], rim[:, -3:] = False, False, False, False  # a crop's cut is no outline
    _gaps(found["gap"], rim & ~ndimage.binary_dilation(stroke, structure=EIGHT), "outline")
    # ... and a feature line wherever one part passes in front of another
    occluding = occluding_pixels(panel, flat.shape[:2]) & body
    inked = ndimage.binary_dilation(line | stroke, structure=EIGHT, iterations=LINE_REACH_PX)
    _gaps(found["line gap"], occluding & ~inked, "feature line", reach=LINE_REACH_PX)
    return {k: v for k, v in found.items() if v}


def _gaps(out: list[str], missing: np.ndarray, what: str, reach: int = 1) -> None:
    """Runs of `missing` pixels (joined across `reach` pixels) longer than :data:`GAP_PX`."""
    runs, n = ndimage.label(ndimage.binary_dilation(missing, structure=EIGHT, iterations=reach - 1)
                            if reach > 1 else missing, structure=EIGHT)
    runs = np.where(missing, runs, 0)
    for k in range(1, n + 1):
        run = runs == k
        rows, cols = np.nonzero(run)
        if len(rows) and max(np.ptp(rows), np.ptp(cols)) + 1 > GAP_PX:
            out.append(f"{max(np.ptp(rows), np.ptp(cols)) + 1} px of {what} missing at {_where(run)}")


def figure_defects(fig) -> dict[str, list[str]]:
    """:func:`defects` over every panel of a figure, each description prefixed with its view."""
    out: dict[str, list[str]] = {}
    for panel, shaded, flat in panel_images(fig):
        for kind, items in defects(panel, shaded, flat).items():
            out.setdefault(kind, []).extend(f"{panel.view}: {item}" for item in items)
    return out


# --------------------------------------------------------------------------- the checker can fail

@lru_cache(maxsize=4)
def _side_view() -> tuple[Panel, np.ndarray, np.ndarray]:
    """The bare neutral body from the right (its one panel and two images), shared by the planted tests."""
    [(panel, shaded, flat)] = panel_images(pm.draw([], view="right"))
    return panel, shaded, flat


def _fill_pixel(flat: np.ndarray) -> tuple[int, int]:
    """A pixel deep in the body's fill (5 px from any stroke or paper)."""
    fill = (np.abs(flat.astype(int) - [217, 219, 222]).max(axis=-1) <= 2)
    deep = ndimage.binary_erosion(fill, structure=EIGHT, iterations=5)
    rows, cols = np.nonzero(deep)
    middle = np.argmin(np.abs(rows - np.median(rows)))
    return int(rows[middle]), int(cols[middle])


def test_the_bare_side_view_is_clean():
    assert defects(*_side_view()) == {}


def test_a_white_pixel_in_the_fill_is_a_speck():
    panel, shaded, flat = _side_view()
    shaded = shaded.copy()
    r, c = _fill_pixel(flat)
    shaded[r, c] = 255
    found = defects(panel, shaded, flat)
    assert list(found) == ["speck"] and f"row {r}, col {c}" in found["speck"][0]


def test_a_dot_of_body_off_the_body_is_a_speck_and_a_piece_at_the_edge_a_sliver():
    panel, shaded, flat = _side_view()
    flat = flat.copy()
    h, w = flat.shape[:2]
    flat[h // 2: h // 2 + 2, w - 6: w - 4] = (217, 219, 222)   # floating, off the body's right
    flat[h // 3: h // 3 + 40, w - 2:] = (217, 219, 222)        # a two-pixel strip along the panel's edge
    found = defects(panel, shaded, flat)
    assert set(found) == {"speck", "sliver"}, found
    assert "body apart" in found["speck"][0] and "thin" in found["sliver"][0]


def test_a_cut_in_the_outline_is_a_gap():
    panel, shaded, flat = _side_view()
    flat = flat.copy()
    r, g, b = (flat[..., k].astype(int) for k in range(3))
    stroke = np.argwhere((b - np.maximum(r, g)) > 40)
    row = int(np.median(stroke[:, 0]))
    # the outline on the body's front at that height (the rightmost stroke pixels), painted over with fill
    cols = stroke[np.abs(stroke[:, 0] - row) <= 3, 1]
    flat[row - 3: row + 4, cols.max() - 3: cols.max() + 1] = (217, 219, 222)
    found = defects(panel, shaded, flat)
    assert list(found) == ["gap"], found


def test_a_break_in_a_feature_line_is_a_line_gap():
    panel, shaded, flat = _side_view()
    flat = flat.copy()
    r, g, b = (flat[..., k].astype(int) for k in range(3))
    line = np.argwhere((g - np.maximum(r, b)) > 40)
    occluding = np.argwhere(occluding_pixels(panel, flat.shape[:2]))
    assert len(occluding) > 20  # the arm passes in front of the trunk
    row = int(np.median(occluding[:, 0]))
    band = flat[row - 6: row + 7]  # a view: erase the green lines across these 13 rows
    band[(band[..., 1].astype(int) - np.maximum(band[..., 0], band[..., 2])) > 40] = (217, 219, 222)
    assert len(line) > 0
    found = defects(panel, shaded, flat)
    assert list(found) == ["line gap"], found


# --------------------------------------------------------------------------- figures and bodies

FAST_PATTERNS = ("serratus_anterior", "first_dorsal_interosseous", "abductor_hallucis", "tibialis_posterior",
                 "extensor_digitorum", "sternocleidomastoid_sternal", "gluteus_medius",
                 "flexor_digitorum_brevis", "plantaris")
"""Side views (serratus anterior, sternocleidomastoid), hands, a foot's inner side and the sole, crops
(plantaris: the other leg's edge beside the knee)."""


def _catalog_ids() -> list[str]:
    from painmap.patterns.catalog import muscles

    return [p.id for p in muscles()]


@pytest.mark.parametrize("pattern", FAST_PATTERNS)
def test_a_pattern_figure_is_clean(pattern):
    assert figure_defects(pm.draw(pattern)) == {}


def test_the_outline_style_is_clean_too():
    assert figure_defects(pm.draw("serratus_anterior", style="outline")) == {}


@pytest.mark.slow
def test_every_pattern_figure_is_clean():
    unclean = {}
    for pattern in _catalog_ids():
        found = figure_defects(pm.draw(pattern))
        if found:
            unclean[pattern] = found
    assert unclean == {}


@pytest.mark.parametrize("view", list(VIEWS))
def test_every_view_of_the_neutral_body_is_clean(view):
    assert figure_defects(pm.draw([], view=view)) == {}


@pytest.mark.slow
@pytest.mark.parametrize("shape", pm.SHAPES)
def test_every_view_of_every_body_shape_is_clean(shape):
    unclean = {}
    for view in VIEWS:
        found = figure_defects(pm.draw([], view=view, body=shape))
        if found:
            unclean[view] = found
    assert unclean == {}

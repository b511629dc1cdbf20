"""Finding a patient's ink on a registered chart (painmap.chart.ink): any pen, hatching, outlines, no dust.

The pages are made here (a grey body with printed lines on white paper, 100 dpi), so these
tests do not depend on registration; the pens and marking styles come from the benchmark's
chart module.
"""

import importlib.util
import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import painmap as pm
from painmap.chart.ink import AREA_SHARE, fill_holes, find_ink

_spec = importlib.util.spec_from_file_location(
    "_charts", Path(__file__).resolve().parents[1] / "benchmarks" / "_charts.py")
charts = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(charts)

DPI = 100
H, W = 1169, 827  # A4 portrait at 100 dpi


def _disc(cy, cx, ry, rx):
    rows, cols = np.mgrid[0:H, 0:W]
    return ((rows - cy) / ry) ** 2 + ((cols - cx) / rx) ** 2 <= 1


def blank_page() -> np.ndarray:
    """A chart-like page: a grey body (as the chart's #e6e6e6) outlined in dark grey, a few printed
    lines and text-like marks, black corner marks; RGB uint8."""
    page = np.full((H, W, 3), 255, np.uint8)
    body = _disc(600, 413, 420, 170)
    page[body] = 230
    edge = body & ~_disc(600, 413, 418, 168)
    page[edge] = 51
    page[300:900, 413] = 110                       # a feature line down the middle
    page[700, 300:520] = 154                       # a guide line
    for x, y in ((40, 40), (W - 56, 40), (40, H - 56), (W - 56, H - 56)):
        page[y:y + 16, x:x + 16] = 0               # corner marks
    page[1100:1108, 100:700:9] = 60                # a line of "text"
    return page


BLANK = blank_page()
# Two places the patient marks: a patch on the body and one across its edge
PLACES = _disc(450, 360, 60, 45) | _disc(820, 500, 70, 40)


def ink(page, blank=BLANK):
    strength, style = find_ink(page.astype(np.float32) / 255, blank.astype(np.float32) / 255, dpi=DPI)
    assert strength.dtype == np.float32 and strength.shape == page.shape[:2]
    assert 0 <= strength.min() and strength.max() <= 1
    return strength, style


def agreement(strength, truth) -> float:
    """Intersection over union of the pixels read as marked and the true ones."""
    read = strength >= 0.5
    return (read & truth).sum() / (read | truth).sum()


@pytest.mark.parametrize(("pen", "word"), [("red", "colour"), ("blue", "colour"), ("black", "dark"),
                                           ("pencil", "pencil"), ("highlighter", "colour")])
def test_every_pen_is_read_filled(pen, word):
    strength, style = ink(charts.mark(BLANK, PLACES, pen=pen, how="filled", dpi=DPI))
    assert agreement(strength, PLACES) > 0.93
    assert style == f"filled {word}"


@pytest.mark.parametrize("pen", ["blue", "black", "pencil"])
@pytest.mark.parametrize("coverage", [0.25, 0.45])
def test_ballpoint_hatching_is_closed_into_an_area(pen, coverage):
    page = charts.mark(BLANK, PLACES, pen=pen, how="hatched", dpi=DPI, coverage=coverage, width_mm=0.6)
    inked = (page.astype(int).sum(axis=2) < BLANK.astype(int).sum(axis=2) - 60) & PLACES
    assert inked.sum() < 0.55 * PLACES.sum()       # the strokes alone cover about half the area at most
    strength, style = ink(page)
    assert agreement(strength, PLACES) > 0.85
    assert strength[450, 360] == 1 and strength[820, 500] == 1
    assert style.startswith("hatched")


@pytest.mark.parametrize("pen", ["red", "black", "pencil"])
def test_a_circled_area_means_its_inside(pen):
    page = charts.mark(BLANK, PLACES, pen=pen, how="outlined", dpi=DPI, width_mm=0.5)
    strength, style = ink(page)
    assert agreement(strength, PLACES) > 0.85
    assert strength[450, 360] == 1 and strength[820, 500] == 1     # the middle of each circle
    assert style.startswith("outlined")


def test_an_open_stroke_is_not_an_area():
    page = BLANK.copy()
    page[500:503, 300:500] = (20, 40, 160)         # a line of blue pen, not closed
    strength, style = ink(page)
    assert (strength >= 0.5).sum() == 0 and style == "none"


def test_dust_noise_and_jpeg_are_not_ink():
    page = charts.jpeg(charts.dust(BLANK, specks=600, noise=8, seed=3), 50)
    strength, style = ink(page)
    assert (strength >= 0.5).sum() == 0
    assert style == "none"


def test_ink_left_unread_is_a_stroke_on_the_body_not_dust_nor_an_area_edge():
    from painmap.chart.ink import read_ink

    page = charts.mark(BLANK, PLACES, pen="red", how="filled", dpi=DPI)
    page = charts.dust(page, specks=0, noise=6, seed=3)
    rng = np.random.default_rng(4)
    page[rng.integers(0, H, 400), rng.integers(0, W, 400)] = 40     # toner specks, a quarter millimetre
    page[520:522, 250:330] = (20, 40, 160)         # a lone line of blue pen on the body, 20 mm long
    page[60:62, 250:330] = (20, 40, 160)           # and one on the paper, far from the body
    page[448:450, 400:412] = (20, 40, 160)         # a stroke out of the patch's edge, 3 mm long
    found = read_ink(page.astype(np.float32) / 255, BLANK.astype(np.float32) / 255, dpi=DPI)
    unread = found.unread >= 0.5
    assert found.unread.shape == PLACES.shape and agreement(found.strength, PLACES) > 0.9
    assert unread[521, 260:320].all()              # the line, grown by about a millimetre
    assert unread[517, 260:320].all() and unread[512, 260:320].mean() < 0.2
    assert not unread[:200].any()                  # off the body
    assert not (unread & PLACES).any()             # not the area read, nor its edge
    unread[500:545, 240:340] = False                # (and a speck or two next to it)
    assert not unread.any()                        # nothing else: the dust is not ink left unread


def test_the_print_a_pixel_or_two_off_is_not_ink():
    for shift in ((1, 0), (0, -2), (2, 2)):
        strength, _ = ink(np.roll(BLANK, shift, axis=(0, 1)))
        assert (strength >= 0.5).sum() == 0, shift
    strength, _ = ink(charts.blur(BLANK, 1.2))      # a soft scan
    assert (strength >= 0.5).sum() == 0


@pytest.mark.parametrize("paper", [(1.0, 0.93, 0.75), (0.8, 0.8, 0.8), (1.0, 0.85, 0.6)])
def test_yellow_paper_grey_scanner_and_warm_light(paper):
    assert (ink(charts.lighting(BLANK, paper=paper, gradient=0.25))[0] >= 0.5).sum() == 0
    for pen, how in (("pencil", "hatched"), ("highlighter", "filled"), ("blue", "outlined")):
        page = charts.mark(BLANK, PLACES, pen=pen, how=how, dpi=DPI)
        page = charts.lighting(page, paper=paper, gradient=0.25)
        strength, style = ink(page)
        assert agreement(strength, PLACES) > 0.85, (pen, how)
        assert style.startswith(how)


def test_a_body_printed_darker_than_the_chart_is_not_ink():
    printed = BLANK.copy()
    printed[BLANK == 230] = 205                      # a printer's heavier grey
    assert (ink(printed)[0] >= 0.5).sum() == 0


def test_ink_at_the_page_edge_is_not_read():
    page = BLANK.copy()
    page[:, :12] = 30                                # a scanner's shadow along the edge
    assert (ink(page)[0] >= 0.5).sum() == 0


def test_the_real_chart_any_pen(tmp_path):
    drawing = pm.PainDrawing.from_regions(["lumbar_back", "buttock_upper"], side="right")
    blank, mask = charts.chart_and_mask("back", drawing, dpi=DPI)
    for pen, how in (("black", "hatched"), ("red", "outlined")):
        page = charts.mark(blank, mask, pen=pen, how=how, dpi=DPI)
        strength, style = ink(page, blank)
        # (hatching reads half a gap past its outermost strokes: on these small patches, some 10 % more)
        assert agreement(strength, mask) > 0.8, (pen, how)
        assert (strength[mask] >= 0.5).mean() > 0.95, (pen, how)
        assert style == f"{how} {'dark' if pen == 'black' else 'colour'}"


def test_bad_pages_are_refused():
    with pytest.raises(pm.ArgumentError, match="shape"):
        find_ink(np.zeros((100, 80, 3)), np.zeros((100, 81, 3)))
    with pytest.raises(pm.ArgumentError, match="RGB"):
        find_ink(np.zeros((100, 80)), np.zeros((100, 80)))


def test_fill_holes_fills_what_the_edge_cannot_reach():
    mask = np.zeros((40, 60), bool)
    mask[5:30, 5:30] = True
    mask[10:25, 10:25] = False                       # a ring: its inside is filled
    mask[5:30, 40:55] = True
    mask[10:25, 45:50] = False
    mask[10:12, 50:55] = False                       # a ring with a gap: open, not filled
    filled = fill_holes(mask)
    assert filled[10:25, 10:25].all()
    assert not filled[13:25, 45:50].any()
    assert filled[~mask].sum() == 15 * 15
    assert AREA_SHARE < 0.25                         # hatching at 25 % ink is an area


def test_find_ink_takes_uint8_and_float_alike():
    page = charts.mark(BLANK, PLACES, pen="red", how="filled", dpi=DPI)
    a, sa = find_ink(page, BLANK, dpi=DPI)
    b, sb = find_ink(page.astype(np.float32) / 255, BLANK.astype(np.float32) / 255, dpi=DPI)
    assert np.array_equal(a >= 0.5, b >= 0.5) and sa == sb


def test_qc_picture_shows_the_ink_and_the_reading(tmp_path):
    from painmap.chart.qc import INK_RGB, READ_RGB, write_qc
    from painmap.chart.template import chart_geometry

    drawing = pm.PainDrawing.from_regions(["lumbar_back", "buttock_upper"], side="right")
    blank, mask = charts.chart_and_mask("back", drawing, dpi=DPI)
    page = charts.mark(blank, mask, pen="blue", how="hatched", dpi=DPI)
    strength, style = find_ink(page, blank, dpi=DPI)
    path = write_qc(tmp_path / "qc.png", page, strength, drawing, chart_geometry("back"), style=style,
                    label="scan.png", scale=1.0)
    assert path.read_bytes().startswith(b"\x89PNG")
    picture = np.asarray(Image.open(io.BytesIO(path.read_bytes())).convert("RGB")).astype(int)
    assert picture.shape[0] > page.shape[0] and picture.shape[1] == page.shape[1]   # a caption below
    orange = (np.abs(picture[:page.shape[0]] - INK_RGB).sum(axis=2) < 10)
    green = (np.abs(picture[:page.shape[0]] - READ_RGB).sum(axis=2) < 10)
    near_ink = charts._box_mean(mask, 4) > 0
    assert orange.sum() > 100 and near_ink[orange].mean() > 0.95      # the ink's outline, at the ink
    rows = np.nonzero(green)[0]
    painted_rows = np.nonzero(mask)[0]
    assert green.sum() > 100
    assert painted_rows.min() - 40 < rows.mean() < painted_rows.max() + 40   # the reading, where painted
    caption = picture[page.shape[0]:]
    assert (caption < 100).any()                                      # text in the caption



def test_what_the_blank_prints_is_kept_on_disk_and_reads_the_same(tmp_path, monkeypatch):
    from painmap.chart import ink as ink_module
    from painmap.core import cache

    monkeypatch.setenv(cache.ENV, str(tmp_path))
    page = charts.mark(BLANK, PLACES, pen="blue", how="hatched", dpi=DPI, coverage=0.3)
    page = page.astype(np.float32) / 255
    blank = BLANK.astype(np.float32) / 255
    plain = ink_module.read_ink(page, blank, dpi=DPI)
    ink_module._PRINTS.clear()
    stored = ink_module.read_ink(page, blank, dpi=DPI, blank_key=("test blank", 1))
    assert len(list(tmp_path.rglob("chart-print-*"))) == 1
    ink_module._PRINTS.clear()
    monkeypatch.setattr(ink_module, "_work_out_print", None)                 # not worked out again
    loaded = ink_module.read_ink(page, blank.copy(), dpi=DPI, blank_key=("test blank", 1))  # from the disk
    for found in (stored, loaded):
        assert np.array_equal(found.strength, plain.strength) and found.style == plain.style
        assert np.array_equal(found.unread, plain.unread)
    assert plain.strength.sum() > 0.8 * PLACES.sum()

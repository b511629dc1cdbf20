"""Registering real charts: turned, mirrored, cropped, keystoned and photographed charts read, or are refused.

Each readable picture must read within AGREEMENT of the clean export's reading (the share of
painted vertices the two readings share, of those either paints) and name the same muscle first
in ``pm.where``; each unreadable one must raise a PainmapError that says what was found.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

import painmap as pm
from painmap.chart import code as chart_code
from painmap.chart import register as reg
from painmap.chart import scan
from painmap.chart.template import CORNERS, MARK_PATTERNS, chart_scene, mark_modules, side_letters
from tests import chart_pictures as pictures

AGREEMENT = 0.8
DPI = 100


@pytest.fixture(scope="module")
def chart() -> np.ndarray:
    """The back chart filled in (red) at 100 dpi, RGB uint8."""
    return np.array(pictures.filled(("back",), DPI))


@pytest.fixture(scope="module")
def clean(chart):
    """What the clean export reads as, and the first muscle `where` names for it."""
    drawing = pm.PainDrawing.from_image(chart, view="back")
    return drawing, pm.where(drawing, limit=1)[0].pattern.name


def agreement(a: pm.PainDrawing, b: pm.PainDrawing) -> float:
    """The painted vertices both readings share, over those either paints."""
    x, y = a.values > 0, b.values > 0
    return float((x & y).sum() / (x | y).sum())


def assert_reads_as_clean(picture, clean, views="back") -> pm.PainDrawing:
    drawing, first = clean
    read = pm.PainDrawing.from_image(picture, view=views)
    assert agreement(read, drawing) >= AGREEMENT
    assert pm.where(read, limit=1)[0].pattern.name == first
    return read


def registration(picture, views="back"):
    return scan.load_page(picture, views=views, body=pm.PainDrawing.from_regions("sacrum").body).registration


# -- the code --------------------------------------------------------------------------------------------


def test_the_code_round_trips_and_every_one_or_two_bit_error_is_caught():
    code = chart_code.ChartCode("Letter", "older_female", ("back", None, "sole"), 1000)
    bits = chart_code.encode(code)
    assert len(bits) == chart_code.N_BITS == 40
    assert chart_code.decode(bits) == code
    for k in range(40):
        flipped = list(bits)
        flipped[k] ^= 1
        assert chart_code.decode(flipped) is None, k
        for j in range(k + 1, 40, 7):
            twice = list(flipped)
            twice[j] ^= 1
            assert chart_code.decode(twice) is None, (k, j)
    assert chart_code.decode([0] * 40) is None and chart_code.decode([1] * 40) is None


def test_the_code_names_up_to_four_views_and_counts_more():
    views = ("front", "back", "left", "right", "sole")
    code = chart_code.decode(chart_code.encode(chart_code.ChartCode("A4", "neutral", views, 3)))
    assert code.views == ("front", "back", "left", "right", None)
    assert "an A4 chart of the neutral body" in code.describe()


# -- the chart -------------------------------------------------------------------------------------------


def test_the_four_marks_differ_however_turned_or_mirrored():
    # Each mark's pattern is symmetric, so its corner is known at any turn; no two patterns alike.
    grids = {corner: mark_modules(MARK_PATTERNS[corner]) for corner in CORNERS}
    for grid in grids.values():
        for k in range(4):
            turned = np.rot90(grid, k)
            assert np.array_equal(turned, grid) and np.array_equal(turned[:, ::-1], grid)
    assert len({g.tobytes() for g in grids.values()}) == 4


def test_the_chart_marks_the_patients_right_and_left_and_accepts_any_pen():
    from painmap.body.camera import get_view

    assert side_letters(get_view("front")) == ("R", "L")   # the patient's right is on the viewer's left
    assert side_letters(get_view("back")) == ("L", "R")
    assert side_letters(get_view("sole")) == ("R", "L")
    assert side_letters(get_view("left")) is None
    page = chart_scene(["front", "back"])
    letters = [(b.lines[0], b.x) for b in page.blocks if b.lines in (("R",), ("L",))]
    assert [t for t, _ in sorted(letters, key=lambda item: item[1])] == ["R", "L", "L", "R"]
    text = " ".join(" ".join(b.lines) for b in page.blocks)
    assert "with any pen" in text and "not black" not in text


def test_the_printed_code_reads_back_with_the_chart_id():
    png = pm.template(["front", "back"], paper="Letter", body="female", chart_id=517).to_png(dpi=150)
    grey = np.asarray(Image.open(io.BytesIO(png)).convert("L"), np.float32) / 255
    found = reg.register(grey, paper="Letter", landscape=True)
    assert found.code == chart_code.ChartCode("Letter", "female", ("front", "back"), 517)
    assert not found.mirrored and abs(found.turned) < 0.1 and found.fit_in < 0.01
    assert found.dpi == pytest.approx(150, rel=0.01)
    with pytest.raises(pm.PainmapError, match="chart_id=1024 is too large"):
        pm.template("back", chart_id=1024)


def test_the_homography_is_exact_for_a_projective_map():
    truth = np.array([[1.2, 0.1, 5.0], [-0.05, 0.9, 7.0], [1e-3, 2e-3, 1.0]])
    src = np.random.default_rng(0).uniform(0, 100, (20, 2))
    x, y = reg.apply_homography(truth, src[:, 0], src[:, 1])
    fitted = reg.fit_homography(src, np.c_[x, y])
    assert np.allclose(fitted, truth, atol=1e-9)


# -- readable pictures -----------------------------------------------------------------------------------


@pytest.mark.parametrize("degrees", [5, -10, 15])
def test_a_turned_scan_reads_as_the_clean_chart(chart, clean, degrees):
    picture = pictures.turned(chart, degrees)
    assert_reads_as_clean(picture, clean)
    assert registration(picture).turned == pytest.approx(degrees, abs=0.2)


@pytest.mark.parametrize("quarters", [1, 2, 3])
def test_a_scan_saved_turned_by_quarters_reads(chart, clean, quarters):
    picture = pictures.quarter_turned(chart, quarters)
    assert_reads_as_clean(picture, clean)
    assert registration(picture).turned % 360 == pytest.approx(90 * quarters, abs=0.2)


def test_a_mirrored_scan_is_known_and_read_the_right_way_round(chart, clean):
    picture = pictures.mirrored(chart)
    read = assert_reads_as_clean(picture, clean)
    assert registration(picture).mirrored and not registration(chart).mirrored
    # read the right way round: the painted left scapula stays on the patient's left
    assert ("scapula", "left") in read.regions() and ("scapula", "right") not in read.regions()


def test_a_shifted_scan_with_cut_margins_reads(chart, clean):
    assert_reads_as_clean(pictures.cropped(chart, left=0.02, top=0.015, right=0.01), clean)


def test_a_keystoned_picture_reads(chart, clean):
    assert_reads_as_clean(pictures.keystoned(chart, 0.04), clean)


def test_a_jpeg_of_a_turned_scan_reads(chart, clean):
    assert_reads_as_clean(pictures.jpeg(pictures.turned(chart, 3), 50), clean)


def test_a_small_phone_photo_on_a_table_reads(clean):
    shot = pictures.photo(np.array(pictures.filled(("back",), 150)), size=(1200, 1600), seed=1)
    assert_reads_as_clean(shot, clean)


def test_a_photo_stored_turned_with_its_exif_orientation_reads(tmp_path, clean):
    shot = pictures.photo(np.array(pictures.filled(("back",), 150)), size=(1200, 1600), seed=3)
    stored = Image.fromarray(np.ascontiguousarray(np.rot90(shot, -1)))  # the sensor's way round
    exif = Image.Exif()
    exif[0x0112] = 8  # "rotate 90 degrees counter-clockwise to view"
    path = tmp_path / "photo.jpg"
    stored.save(path, "JPEG", quality=90, exif=exif)
    assert_reads_as_clean(path, clean)
    assert abs(scan.load_page(path, views="back", body=clean[0].body).registration.turned) < 5


def test_a_grey_scan_file_reads(tmp_path, chart, clean):
    path = tmp_path / "grey.jpg"
    Image.fromarray(pictures.turned(chart, -4)).convert("L").save(path, quality=85)
    # the red paint is mid-grey now: the chart is registered; what counts as ink is the ink reader's call
    found = scan.load_page(path, views="back", body=clean[0].body)
    assert found.registration.code.views == ("back",)
    assert found.registration.turned == pytest.approx(-4, abs=0.2)


@pytest.mark.slow
def test_a_12_megapixel_phone_photo_from_a_file_with_exif_rotation_reads(tmp_path, clean):
    shot = pictures.photo(np.array(pictures.filled(("back",), 300)), size=(3000, 4000), seed=2)
    # stored turned, with the EXIF tag (6: rotate 90 degrees clockwise to view) a phone writes
    stored = Image.fromarray(np.ascontiguousarray(np.rot90(shot, 1)))
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "photo.jpg"
    stored.save(path, "JPEG", quality=90, exif=exif)
    read = assert_reads_as_clean(path, clean)
    assert read.extent > 0
    found = scan.load_page(path, views="back", body=clean[0].body).registration
    assert abs(found.turned) < 5  # the EXIF turn was applied on loading


def test_a_two_view_chart_turned_half_round_and_mirrored_reads():
    views = ["front", "back"]
    chart = np.array(pictures.filled(tuple(views), DPI, "both"))
    drawing = pm.PainDrawing.from_image(chart, view=views)
    clean = (drawing, pm.where(drawing, limit=1)[0].pattern.name)
    assert_reads_as_clean(pictures.quarter_turned(chart, 2), clean, views)
    assert_reads_as_clean(pictures.mirrored(pictures.turned(chart, 8)), clean, views)


# -- unreadable pictures are refused ---------------------------------------------------------------------


def test_a_scan_with_marks_cut_off_is_refused_naming_the_marks_found(chart):
    with pytest.raises(pm.DataError, match=r"only 2 of the chart's 4 corner marks found .*missing: top left, "
                                           r"bottom left.*whole page"):
        pm.PainDrawing.from_image(pictures.cropped(chart, left=0.1), view="back")


def test_a_typed_letter_with_a_red_stamp_is_refused():
    with pytest.raises(pm.DataError, match="does not look like a painmap chart"):
        pm.PainDrawing.from_image(pictures.stamped_letter(), view="back")


def test_a_blank_page_is_refused_not_read():
    with pytest.raises(pm.DataError, match="no registration marks found"):
        pm.PainDrawing.from_image(np.full((1169, 827, 3), 255, np.uint8), view="back")


def test_a_chart_whose_code_is_damaged_is_refused(chart):
    picture = chart.copy()
    cells = scan.chart_geometry("back").code_cells()
    x, y = cells[25]  # an ink blot on one cell of the code (wherever the bit is)
    col, row = round(x * DPI), round((11.69 - y) * DPI)
    bit = chart_code.encode(chart_code.ChartCode("A4", "neutral", ("back",)))[25]
    picture[row - 4:row + 5, col - 4:col + 5] = 255 if bit else 0
    with pytest.raises(pm.DataError, match="code does not check out"):
        pm.PainDrawing.from_image(picture, view="back")


def test_a_bent_page_is_refused(chart):
    # the middle of the page bowed sideways by 2 mm while the corners stay put
    h, w = chart.shape[:2]
    rows = np.arange(h)[:, None]
    shift = np.rint(0.08 * DPI * np.sin(np.pi * rows / h) ** 2).astype(int)
    cols = np.clip(np.arange(w)[None, :] - shift, 0, w - 1)
    bent = chart[rows, cols]
    with pytest.raises(pm.DataError, match="do not line up with the chart's"):
        pm.PainDrawing.from_image(bent, view="back")


def test_marks_that_no_flat_page_fits_are_refused(chart):
    # the bottom-right mark turned 25 degrees where it is (a corner folded over, a mark stuck on)
    from painmap.chart.template import mark_centres

    x, y = mark_centres((8.27, 11.69))[2]
    col, row, half = round(x * DPI), round((11.69 - y) * DPI), round(0.3 * DPI)
    picture = chart.copy()
    patch = Image.fromarray(picture[row - half:row + half, col - half:col + half])
    picture[row - half:row + half, col - half:col + half] = np.asarray(
        patch.rotate(25, resample=Image.BILINEAR, fillcolor=(255, 255, 255)))
    with pytest.raises(pm.DataError, match=r"not flat or not whole: its four corner marks were found, but no "
                                           r"one view of a flat page fits them \(off by 0\.\d+ in"):
        pm.PainDrawing.from_image(picture, view="back")


def test_the_wrong_views_body_or_paper_are_refused_with_the_fix(chart):
    with pytest.raises(pm.DataError, match=r"panel 1 of image is the 'back' view, not 'front'.*"
                                           r"view=\['back'\]"):
        pm.PainDrawing.from_image(chart, view="front")
    with pytest.raises(pm.DataError, match=r"chart of 1 view \(\['back'\]\), not of 2.*view=\['back'\]"):
        pm.PainDrawing.from_image(chart, view=["front", "back"])
    with pytest.raises(pm.DataError, match="pass body='neutral'"):
        pm.PainDrawing.from_image(chart, view="back", body="female")
    with pytest.raises(pm.DataError, match="printed on A4 paper, not Letter; pass paper='A4'"):
        pm.PainDrawing.from_image(chart, view="back", paper="Letter")


def test_a_view_the_code_cannot_name_is_checked_by_the_printed_figures():
    views = ["back", "az=60,el=10"]  # a view of its own: the code says only "a view of its own"
    png = pm.template(views, drawing=pictures.BACK).to_png(dpi=DPI)
    picture = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    assert pm.PainDrawing.from_image(picture, view=views).extent > 0
    with pytest.raises(pm.DataError, match=r"do not line up.*code cannot name view 2 \('az=30,el=10'"):
        pm.PainDrawing.from_image(picture, view=["back", "az=30,el=10"])
    # The mirror view's outline (arms hanging, nearly symmetric) lines up; its ink does not.
    with pytest.raises(pm.DataError, match=r"ink on .* was not read as pain"):
        pm.PainDrawing.from_image(picture, view=["back", "az=-60,el=10"])


def test_a_too_coarse_picture_is_refused(chart):
    small = np.asarray(Image.fromarray(chart).resize((chart.shape[1] // 4, chart.shape[0] // 4), Image.BOX))
    with pytest.raises(pm.DataError, match=r"registration marks|pixels per inch"):
        pm.PainDrawing.from_image(small, view="back")


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares `width` x `height` pixels (1 bit grey) and holds almost nothing."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b""))
            + chunk(b"IEND", b""))


def test_a_decompression_bomb_and_an_absurd_size_are_refused_before_decoding(tmp_path):
    huge = tmp_path / "huge.png"
    huge.write_bytes(_png_header(16000, 10000))  # 160 million pixels: above painmap's limit
    with pytest.raises(pm.LimitError, match=r"16000x10000 pixels \(160 million\).*at most 150 million"):
        pm.PainDrawing.from_image(huge, view="back")
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_png_header(60000, 60000))  # 3.6 billion: Pillow itself calls it a bomb
    with pytest.raises(pm.LimitError, match="decompression bomb"):
        pm.PainDrawing.from_image(bomb, view="back")


def test_a_chart_printed_by_an_older_painmap_is_refused_as_such(chart):
    from painmap.chart.template import MARK_IN, mark_centres

    old = chart.copy()
    for x, y in mark_centres((8.27, 11.69)):  # the old chart's marks: four plain black squares
        col, row, half = x * DPI, (11.69 - y) * DPI, MARK_IN * DPI / 2
        old[round(row - half):round(row + half), round(col - half):round(col + half)] = 0
    with pytest.raises(pm.DataError, match="chart printed by an older painmap"):
        pm.PainDrawing.from_image(pictures.turned(old, 4), view="back")


def test_overlays_and_masks_are_still_the_page_exactly(chart):
    paint = (chart[..., 0] > 150) & (chart[..., 1] < 100)
    overlay = np.zeros(paint.shape + (4,), np.uint8)
    overlay[paint] = (0, 0, 255, 255)
    assert pm.PainDrawing.from_image(overlay, view="back") == pm.PainDrawing.from_image(paint, view="back")

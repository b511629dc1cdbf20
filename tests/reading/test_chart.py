"""The blank chart and reading it back: regions -> painted chart -> the same regions."""

import io

import numpy as np
import pytest
from PIL import Image

import painmap as pm
from painmap.chart.template import chart_geometry

# Tolerance of the round trip: every painted region reads back at least 80 % covered; the pain
# read outside the painted regions is at most 12 % of the drawing's area; and no other region is
# more than 45 % covered (the edge of a painted region can spill a row of vertices into a
# neighbour, which is much of a thin region seen edge-on, such as the inner leg from behind).
# The ink reader (chart/ink.py) judges a 6-mm neighbourhood and closes gaps up to 3 mm, so an
# area's edge moves out by about a cell: measured outside 8.1 % (back), 2.4 % (front), 11.4 %
# (both views); spill 0.43 (the narrow Achilles region below a painted calf), 0.37 (inner leg
# from behind), 0.30 (iliac crest). The colour rule it replaced read 6 % and 30 %.
READ_BACK = 0.8
OUTSIDE = 0.12
SPILL = 0.45

BACK = (pm.PainDrawing.from_regions(["scapula", "lumbar_back", "buttock_upper"], side="right")
        | pm.PainDrawing.from_regions(["thigh_posterior", "leg_posterior"], side="left"))
FRONT = (pm.PainDrawing.from_regions(["chest", "abdomen_lower"], side="left")
         | pm.PainDrawing.from_regions(["thigh_anterior", "shoulder_anterior"], side="right"))


def painted(views, drawing, dpi=120) -> np.ndarray:
    """The chart filled in with a drawing, as an RGB uint8 picture."""
    png = pm.template(views, drawing=drawing).to_png(dpi=dpi)
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def assert_same_regions(drawing, read) -> None:
    want, got = drawing.regions(), read.regions()
    outside = (read.values > 0) & (drawing.values == 0)
    assert read.body.vertex_areas[outside].sum() <= OUTSIDE * drawing.area
    for key in want:
        assert got.get(key, 0) >= READ_BACK, (key, got.get(key, 0))
    for key, share in got.items():
        if key not in want:
            assert share <= SPILL, (key, share)


@pytest.mark.parametrize(("view", "drawing"), [("back", BACK), ("front", FRONT)])
def test_round_trip_one_view(view, drawing):
    read = pm.PainDrawing.from_image(painted(view, drawing), view=view)
    assert_same_regions(drawing, read)
    assert read.extent == pytest.approx(drawing.extent, rel=0.15)


def test_round_trip_front_and_back_on_one_page(tmp_path):
    both = FRONT | BACK
    path = tmp_path / "chart.png"
    Image.fromarray(painted(["front", "back"], both)).save(path)
    read = pm.PainDrawing.from_image(path, view=["front", "back"])
    assert_same_regions(both, read)


def test_a_rescaled_noisy_scan_reads_back():
    picture = painted("back", BACK, dpi=150)
    h, w = picture.shape[:2]
    scan = np.asarray(Image.fromarray(picture).resize((int(w * 0.55), int(h * 0.55)), Image.BILINEAR), float)
    rng = np.random.default_rng(0)
    scan = scan * np.array([0.97, 0.95, 0.9]) + rng.normal(0, 6, scan.shape)   # yellowish paper, noise
    scan = np.clip(scan, 0, 255).astype(np.uint8)
    read = pm.PainDrawing.from_image(scan, view="back")
    assert_same_regions(BACK, read)


def test_an_rgba_overlay_and_a_mask_read_the_same():
    picture = painted("back", BACK)
    paint = (picture[..., 0] > 150) & (picture[..., 1] < 100)
    overlay = np.zeros(paint.shape + (4,), np.uint8)
    overlay[paint] = (0, 0, 255, 255)
    from_overlay = pm.PainDrawing.from_image(overlay, view="back")
    from_mask = pm.PainDrawing.from_image(paint, view="back")
    assert from_overlay == from_mask
    assert_same_regions(BACK, from_mask)


def test_the_whole_back_chart_covers_the_back_and_nothing_in_front():
    geo = chart_geometry("back")
    mask = np.ones((600, round(600 * geo.aspect)), bool)
    read = pm.PainDrawing.from_image(mask, view="back").regions()
    for back in ("scapula", "lumbar_back", "sacrum", "buttock_upper", "thigh_posterior", "leg_posterior",
                 "occiput", "interscapular"):
        for side in ("right", "left"):
            assert read[(back, side)] > 0.8, (back, side)
    for front in ("chest", "abdomen_upper", "abdomen_lower", "thigh_anterior", "knee_anterior", "forehead",
                  "face_jaw", "neck_anterior", "groin"):
        for side in ("right", "left"):
            assert read.get((front, side), 0) < 0.05, (front, side, read.get((front, side)))


def test_sides_are_the_patients():
    # Paint the right half of the back-view picture: the patient's right side.
    geo = chart_geometry("back")
    mask = np.zeros((600, round(600 * geo.aspect)), bool)
    mask[:, mask.shape[1] // 2 + 8:] = True
    read = pm.PainDrawing.from_image(mask, view="back").regions()
    assert read[("buttock_upper", "right")] > 0.8
    assert ("buttock_upper", "left") not in read


def test_the_chart_is_deterministic():
    assert pm.template("back").to_svg() == pm.template("back").to_svg()


def test_bad_images_get_clear_errors(tmp_path):
    picture = painted("back", BACK)
    with pytest.raises(pm.PainmapError, match=r"only 2 of the chart's 4 corner marks .*missing: top right, "
                                              r"bottom right"):
        pm.PainDrawing.from_image(picture[:, : picture.shape[1] // 2], view="back")
    with pytest.raises(pm.PainmapError, match="no registration marks found"):
        pm.PainDrawing.from_image(np.full_like(picture, 255), view="back")
    with pytest.raises(pm.PainmapError, match="width/height"):
        pm.PainDrawing.from_image(picture[:, : picture.shape[1] // 2, 0] > 200, view="back")  # a mask
    with pytest.raises(pm.PainmapError, match="'back' view, not 'front'"):
        pm.PainDrawing.from_image(picture, view="front")
    with pytest.raises(pm.PainmapError, match="chart of the 'female' body, not the 'neutral' one"):
        pm.PainDrawing.from_image(painted("back", pm.PainDrawing.from_regions("sacrum", body="female")),
                                  view="back")
    with pytest.raises(pm.PainmapError, match="no paint found"):
        pm.PainDrawing.from_image(painted("back", None), view="back")
    with pytest.raises(pm.ChoiceError, match="bakc"):
        pm.PainDrawing.from_image(picture, view="bakc")
    with pytest.raises(pm.PainmapError, match=r"does not exist; expected the path of a chart .*\.\)\.$"):
        pm.PainDrawing.from_image(tmp_path / "missing.png", view="back")
    (tmp_path / "notes.png").write_text("not an image")
    with pytest.raises(pm.PainmapError, match=r"cannot read .* as an image: not a picture; expected .*\.$"):
        pm.PainDrawing.from_image(tmp_path / "notes.png", view="back")
    with pytest.raises(pm.PainmapError, match="shape"):
        pm.PainDrawing.from_image(np.zeros((10, 10, 2)), view="back")


def test_the_svg_chart_reads_back_as_the_png_does(rsvg):
    both = FRONT | BACK
    svg = pm.template(["front", "back"], drawing=both).to_svg()
    picture = rsvg(svg, 100).astype(np.uint8)
    read = pm.PainDrawing.from_image(picture, view=["front", "back"])
    assert_same_regions(both, read)


def turned_scan(picture: np.ndarray, angle: float, scale: float, shift: tuple[int, int]) -> np.ndarray:
    """The page as a careless scan: printed "fit to page", turned, shifted, a shadow at the edge."""
    img = Image.fromarray(picture)
    w, h = img.size
    turned = img.rotate(angle, resample=Image.BILINEAR, fillcolor=(255, 255, 255))
    small = turned.resize((round(w * scale), round(h * scale)), Image.BILINEAR)
    page = Image.new("RGB", (w, h), (255, 255, 255))
    page.paste(small, ((w - small.width) // 2 + shift[0], (h - small.height) // 2 + shift[1]))
    scan = np.asarray(page.resize((round(w * 0.7), round(h * 0.7)), Image.BILINEAR)).copy()
    scan[:4], scan[:, -3:] = 90, 90
    return scan


def test_a_turned_shifted_scaled_scan_is_registered_by_the_marks():
    both = FRONT | BACK
    scan = turned_scan(painted(["front", "back"], both, dpi=150), -2.0, 0.95, (-20, 25))
    read = pm.PainDrawing.from_image(scan, view=["front", "back"])
    assert_same_regions(both, read)
    # Without the registration marks (the scan's paint taken as a mask of the page) it reads wrong.
    paint = (scan[..., 0].astype(int) - scan[..., 1] > 60)
    with pytest.raises(AssertionError):
        assert_same_regions(both, pm.PainDrawing.from_image(paint, view=["front", "back"]))


# -- the chart's id, and scanners' files (16 bits per sample, TIFF, several pages) -------------------------


def painted_with_id(view, drawing, chart_id, dpi=100) -> np.ndarray:
    png = pm.template(view, drawing=drawing, chart_id=chart_id).to_png(dpi=dpi)
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def test_the_chart_id_is_carried_into_the_drawing_and_the_batch_csv(tmp_path):
    from painmap.chart.batch import read_batch

    read = pm.PainDrawing.from_image(painted_with_id("back", BACK, 613), view="back")
    assert read.chart_id == 613
    assert_same_regions(BACK, read)
    # an overlay or a mask has no code; a drawing made from others is not one chart's
    mask = painted("back", BACK)[..., 1] < 100
    assert pm.PainDrawing.from_image(mask, view="back").chart_id is None
    assert (read | BACK).chart_id is None and read.mirrored().chart_id is None and BACK.chart_id is None
    assert read == pm.PainDrawing(read.values)                     # the id is not part of the drawing
    for name, chart_id in (("ana", 7), ("ben", 1023)):
        Image.fromarray(painted_with_id("back", BACK, chart_id)).save(tmp_path / f"{name}.png")
    pm.template("back").save(tmp_path / "blank.png", dpi=100)
    rows = read_batch([tmp_path], tmp_path / "out.csv", views="back")
    assert [(r.patient, r.status, r.drawing and r.drawing.chart_id) for r in rows] == [
        ("ana", "read", 7), ("ben", "read", 1023), ("blank", "refused", None)]
    assert rows[0].summary.endswith("% of the body, chart id 7")                 # the console line
    import csv

    with open(tmp_path / "out.csv", newline="", encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    assert [(r["patient"], r["chart_id"]) for r in table] == [("ana", "7"), ("ben", "1023"), ("blank", "")]


def _png16(path, levels: np.ndarray) -> None:
    """A PNG of 16 bits per sample (grey, RGB), written by hand: Pillow does not write 16-bit RGB."""
    import struct
    import zlib

    h, w = levels.shape[:2]
    kind = 0 if levels.ndim == 2 else 2
    raw = b"".join(b"\0" + row.astype(">u2").tobytes() for row in levels)

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, kind, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _tiff(path, *pages: np.ndarray, reduced: tuple[bool, ...] = ()) -> None:
    """An uncompressed TIFF, written by hand: one page per array (grey or RGB, uint8 or uint16); a page
    marked `reduced` is a reduced-resolution copy (NewSubfileType 1, a scanner's thumbnail)."""
    import struct

    out = bytearray(b"II*\0\0\0\0\0")
    link = 4                                                        # where the next page's offset goes
    for k, levels in enumerate(pages):
        h, w = levels.shape[:2]
        n, bits = (1 if levels.ndim == 2 else 3), 8 * levels.dtype.itemsize
        pixels = levels.astype(f"<u{levels.dtype.itemsize}").tobytes()
        extra = struct.pack(f"<{n}H", *[bits] * n) if n > 1 else b""
        data_at, ifd_at = len(out), len(out) + len(pixels) + len(extra)
        tags = [(254, 4, 1, int(k < len(reduced) and reduced[k])), (256, 4, 1, w), (257, 4, 1, h),
                (258, 3, n, data_at + len(pixels) if n > 1 else bits), (259, 3, 1, 1),
                (262, 3, 1, 2 if n > 1 else 1), (273, 4, 1, data_at), (277, 3, 1, n), (278, 4, 1, h),
                (279, 4, 1, len(pixels)), (284, 3, 1, 1)]
        out += pixels + extra
        out[link:link + 4] = struct.pack("<I", ifd_at)
        out += struct.pack("<H", len(tags)) + b"".join(struct.pack("<HHII", *t) for t in tags)
        link = len(out)
        out += b"\0\0\0\0"
    path.write_bytes(bytes(out))


@pytest.mark.parametrize("kind", ["png grey", "tiff grey", "png rgb", "tiff rgb"])
def test_16_bit_scans_are_read_as_the_8_bit_ones(tmp_path, kind):
    picture = painted("back", BACK, dpi=90)
    want = pm.PainDrawing.from_image(picture, view="back")
    fmt, colours = kind.split()
    levels = picture if colours == "rgb" else np.asarray(Image.fromarray(picture).convert("L"))
    levels = levels.astype(np.uint16) * 257                         # 0..65535, as a 16-bit scanner saves
    path = tmp_path / f"scan.{'png' if fmt == 'png' else 'tif'}"
    (_png16 if fmt == "png" else _tiff)(path, levels)
    with Image.open(path) as im:                                    # the file really is 16-bit
        assert im.mode == ("I;16" if colours == "grey" else "RGB")
    read = pm.PainDrawing.from_image(path, view="back")
    assert_same_regions(BACK, read)
    shared = (read.values > 0) & (want.values > 0)
    assert shared.sum() >= 0.97 * max((read.values > 0).sum(), (want.values > 0).sum())


def test_a_multi_page_tiff_is_refused_and_a_thumbnail_is_not_a_page(tmp_path):
    picture = painted("back", BACK, dpi=90)
    path = tmp_path / "batch.tif"
    _tiff(path, picture, picture, picture)
    with Image.open(path) as im:
        assert im.n_frames == 3
    with pytest.raises(pm.DataError, match=r"holds 3 pages; painmap reads one chart per file .*split it"):
        pm.PainDrawing.from_image(path, view="back")
    # the page and a reduced-resolution copy of it, as some scanners save: the page is read
    one = tmp_path / "one.tif"
    _tiff(one, picture, picture[::4, ::4], reduced=(False, True))
    with Image.open(one) as im:
        assert im.n_frames == 2
    assert_same_regions(BACK, pm.PainDrawing.from_image(one, view="back"))


# -- ink left unread: refused, not silently left out ------------------------------------------------------

SLIVER = (pm.PainDrawing.from_regions(["thigh_lateral", "leg_lateral"], side="right")
          | pm.PainDrawing.from_regions(["chest"], side="left"))
"""The outer thigh and leg are seen edge-on from the front and the back: a strip 1-2 mm wide on the chart."""


def _bench_charts():
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "_charts", Path(__file__).resolve().parents[2] / "benchmarks" / "_charts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("pen", "coverage", "jpeg"), [
    ("blue", 0.3, None), pytest.param("black", 0.25, 70, marks=pytest.mark.slow)])
def test_hatching_too_thin_to_read_is_refused_not_left_out(tmp_path, pen, coverage, jpeg):
    charts = _bench_charts()
    blank, mask = charts.chart_and_mask(["front", "back"], SLIVER, 200)
    # coloured in, the strip along the outer thigh is read ...
    filled = pm.PainDrawing.from_image(charts.mark(blank, mask, pen="red", dpi=200, seed=2),
                                       view=["front", "back"])
    assert filled.regions()[("thigh_lateral", "right")] > 0.8
    # ... hatched, its few short strokes are not an area: refused, naming where, not read without them
    page = charts.mark(blank, mask, pen=pen, how="hatched", coverage=coverage, dpi=200, seed=2)
    if jpeg:
        page = charts.jpeg(page, jpeg)
    qc = tmp_path / "qc.png"
    with pytest.raises(pm.DataError, match=r"was not read as pain: strokes on the right thigh_lateral.* "
                                           r"would add (2\d|3\d) % to the body surface read .*colour those"):
        pm.PainDrawing.from_image(page, view=["front", "back"], qc=qc)
    # the QC picture outlines the ink left unread in magenta
    picture = np.asarray(Image.open(qc).convert("RGB")).astype(int)
    from painmap.chart.qc import UNREAD_RGB

    assert (np.abs(picture - UNREAD_RGB).sum(axis=2) < 30).sum() > 100

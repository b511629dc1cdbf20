"""`painmap read`: a batch of charts into one CSV, a row and a status per file; QC pictures."""

import csv

import numpy as np
import pytest
from PIL import Image

import painmap as pm
from painmap.chart.batch import COLUMNS, drawing_of, format_vertices, parse_vertices
from painmap.cli import main

LOW_BACK = pm.PainDrawing.from_regions(["lumbar_back", "buttock_upper"], side="right")
CALF = pm.PainDrawing.from_regions(["leg_posterior", "thigh_posterior"], side="left")


@pytest.fixture(scope="module")
def scans(tmp_path_factory):
    """A folder of two charts filled in (one PNG, one JPEG), a blank one, and a note that is no picture."""
    folder = tmp_path_factory.mktemp("scans")
    pm.template("back", drawing=LOW_BACK).save(folder / "anna.png", dpi=110)
    png = folder / "tmp.png"
    pm.template("back", drawing=CALF).save(png, dpi=110)
    Image.open(png).convert("RGB").save(folder / "ben.jpg", quality=90)
    png.unlink()
    pm.template("back").save(folder / "blank.png", dpi=110)
    (folder / "notes.txt").write_text("not a chart")
    return folder


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_a_folder_is_read_into_one_row_per_chart(scans, tmp_path, capsys):
    out, qc = tmp_path / "drawings.csv", tmp_path / "qc"
    assert main(["read", str(scans), "--view", "back", "-o", str(out), "--qc", str(qc)]) == 1  # one refused
    rows = read_rows(out)
    assert list(rows[0]) == list(COLUMNS)
    assert [r["patient"] for r in rows] == ["anna", "ben", "blank"]               # pictures only, sorted
    assert [r["status"] for r in rows] == ["read", "read", "refused"]
    assert "no paint found" in rows[2]["why"] and not rows[2]["vertices"]
    assert rows[0]["why"] == rows[1]["why"] == ""
    for row, drawing in zip(rows[:2], (LOW_BACK, CALF)):
        read = drawing_of(row["vertices"])
        shared = (read.values > 0) & (drawing.values > 0)
        assert shared.sum() >= 0.8 * (read.values > 0).sum()                        # where it was painted
        assert float(row["extent"]) == pytest.approx(read.extent, abs=1e-6)
        assert row["marking"]                                                         # the style seen
    assert "lumbar_back right" in rows[0]["regions"] and "buttock_upper right" in rows[0]["regions"]
    assert "leg_posterior left" in rows[1]["regions"]
    assert sorted(p.name for p in qc.iterdir()) == ["anna.png", "ben.png", "blank.png"]
    for name in ("anna.png", "blank.png"):
        assert (qc / name).read_bytes().startswith(b"\x89PNG")
    printed = capsys.readouterr().out
    assert "2 read, 1 refused" in printed and "refused blank" not in printed
    assert any(line.startswith("refused") and "blank.png" in line for line in printed.splitlines())


def test_all_read_exits_0_and_files_may_be_named(scans, tmp_path):
    out = tmp_path / "d.csv"
    files = [str(scans / "anna.png"), str(scans / "ben.jpg")]
    assert main(["read", *files, "--view", "back", "-o", str(out)]) == 0
    assert [r["status"] for r in read_rows(out)] == ["read", "read"]


def test_a_missing_file_or_a_non_picture_is_a_refused_row(scans, tmp_path):
    out = tmp_path / "d.csv"
    args = [str(scans / "anna.png"), str(scans / "notes.txt"), str(tmp_path / "gone.png")]
    assert main(["read", *args, "--view", "back", "-o", str(out)]) == 1
    rows = read_rows(out)
    assert [r["status"] for r in rows] == ["read", "refused", "refused"]
    assert "cannot read" in rows[1]["why"] and "does not exist" in rows[2]["why"]


def test_usage_errors_read_nothing(scans, tmp_path, capsys):
    out = tmp_path / "d.csv"
    assert main(["read", str(scans), "--view", "bakc", "-o", str(out)]) == 2
    assert "back" in capsys.readouterr().err and not out.exists()
    assert main(["read", str(scans), "--view", "back", "-o", str(tmp_path / "no" / "d.csv")]) == 1
    assert "does not exist" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["read", "--view", "back", "-o", str(out)])
    assert exit_.value.code == 2


def test_from_image_writes_a_qc_picture(scans, tmp_path):
    path = tmp_path / "check.png"
    read = pm.PainDrawing.from_image(scans / "anna.png", view="back", qc=path)
    assert read.extent > 0
    picture = np.asarray(Image.open(path).convert("RGB")).astype(int)
    green = np.abs(picture - (0, 150, 60)).sum(axis=2) < 10          # what was read onto the body
    orange = np.abs(picture - (255, 120, 0)).sum(axis=2) < 10        # the ink found
    assert green.sum() > 50 and orange.sum() > 50
    g_rows, g_cols = np.nonzero(green)
    o_rows, o_cols = np.nonzero(orange)
    # the patient's right seen from behind is on the right of the page; the two agree on where
    assert g_cols.mean() > picture.shape[1] / 2 and o_cols.mean() > picture.shape[1] / 2
    assert abs(g_rows.mean() - o_rows.mean()) < 0.05 * picture.shape[0]
    assert abs(g_cols.mean() - o_cols.mean()) < 0.05 * picture.shape[1]
    caption = picture[-40:]
    assert (caption.sum(axis=2) < 200).any()                           # the caption's text


def test_the_vertices_cell_reads_back_exactly():
    idx, values = LOW_BACK.nonzero()
    text = format_vertices(idx, values)
    assert parse_vertices(text) == ([int(i) for i in idx], [float(v) for v in values])
    assert drawing_of(text) == LOW_BACK
    assert len(text) < 8 * len(idx)

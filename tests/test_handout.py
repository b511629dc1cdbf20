"""Printable handouts and booklets."""

import subprocess

import numpy as np
import pytest

import painmap as pm
from painmap.core.text import text_width
from painmap.handout import DEFAULT_ADVICE, MARGIN, PAPERS, handout_scene
from tests.helpers import png_array, require_tool

NOTES = ("Self-care\n\nRoll the buttock on a tennis ball against a wall for a minute or two, twice a day.\n\n"
         "Stretch: cross the sore leg over the other knee and lean forward gently for 30 seconds.")


def _pdf_text(path) -> str:
    exe = require_tool("pdftotext", package="poppler-utils")
    return subprocess.run([exe, str(path), "-"], capture_output=True, text=True, check=True).stdout


def _pdf_png(path, dpi=50, gray=False):
    exe = require_tool("pdftoppm", package="poppler-utils")
    args = [exe, "-r", str(dpi), "-png", "-singlefile"] + (["-gray"] if gray else []) + [str(path)]
    return png_array(subprocess.run(args, capture_output=True, check=True).stdout)


def _inside_the_page(scene, paper):
    width, height = PAPERS[paper]
    for block in scene.blocks:
        for line, y in zip(block.lines, block.baselines()):
            assert block.x >= MARGIN - 1e-6
            assert block.x + text_width(line, block.size, bold=block.bold) <= width - MARGIN + 0.02, line
            assert MARGIN - 0.01 <= y <= height - MARGIN, line
    for left, _, w, _ in scene.layout.panels:
        assert left >= MARGIN - 1e-6 and left + w <= width - MARGIN + 1e-6


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_handout_pdf_has_everything(tmp_path, paper):
    out = pm.handout("gluteus medius", tmp_path / "gm.pdf", paper=paper, notes=NOTES)
    text = " ".join(_pdf_text(out).split())
    for expected in ("Gluteus medius", "About this muscle", "How to find the trigger points",
                     "1. Just under the back of the iliac crest", "About 3 cm", "What you can do",
                     "Pressure:", "Stretch:", "Take care:", "Roll the buttock on a tennis ball",
                     "When to seek medical advice", "numbness, tingling or weakness", "Sources:",
                     "Travell & Simons"):
        assert expected in text, expected
    img = _pdf_png(out)
    w, h = PAPERS[paper]
    assert abs(img.shape[0] / img.shape[1] - h / w) < 0.01
    upper = img[: img.shape[0] // 2]
    assert ((upper[..., 0] - upper[..., 1]) > 60).sum() > 100  # the red glow is on the page


def test_handout_reads_in_greyscale(tmp_path):
    out = pm.handout("gluteus medius", tmp_path / "gm.pdf")
    grey = _pdf_png(out, dpi=60, gray=True)
    page = grey[..., 0]
    figure = page[: page.shape[0] // 2]
    body = (figure > 200) & (figure < 250)
    glow = figure < 150
    assert body.sum() > 2000 and glow.sum() > 100  # the glow still stands out from the body


def test_nothing_is_cut_off_and_long_text_shrinks():
    short = handout_scene("piriformis", notes=NOTES)
    _inside_the_page(short, "A4")
    long_notes = "\n\n".join([NOTES] * 3)
    scene = handout_scene("gluteus minimus", notes=long_notes, paper="Letter")
    _inside_the_page(scene, "Letter")
    sizes = {b.size for b in scene.blocks if any("Roll the buttock" in line for line in b.lines)}
    assert max(sizes) < 10  # shrunk to fit
    assert sum("Roll the buttock" in line for b in scene.blocks for line in b.lines) == 3
    with pytest.raises(pm.PainmapError, match="does not fit"):
        handout_scene("piriformis", notes="word " * 3000)


def test_advice_can_be_replaced_and_defaults():
    own = handout_scene("piriformis", advice="Call the clinic on 555 0100 if it gets worse.")
    text = " ".join(line for b in own.blocks for line in b.lines)
    assert "Call the clinic" in text and " ".join(DEFAULT_ADVICE.split()[:6]) not in text
    default = " ".join(line for b in handout_scene("piriformis").blocks for line in b.lines)
    assert " ".join(DEFAULT_ADVICE.split()[:6]) in default


def test_handout_svg_and_png(tmp_path, rsvg):
    svg = pm.handout("piriformis", tmp_path / "p.svg", heat="classic").read_text()
    assert svg.startswith("<svg") and "<image" not in svg
    img = rsvg(svg, 40)
    assert img.shape[0] > img.shape[1]  # portrait page
    png = pm.handout("piriformis", tmp_path / "p.png", dpi=40).read_bytes()
    assert png[:4] == b"\x89PNG"


def test_handout_needs_a_pattern_and_a_known_paper(tmp_path):
    with pytest.raises(pm.ArgumentError, match=r"patterns=.*at least one referral pattern"):
        pm.handout([], tmp_path / "x.pdf")
    with pytest.raises(pm.ChoiceError, match="'A4', 'Letter'"):
        pm.handout("piriformis", tmp_path / "x.pdf", paper="A5")
    assert not list(tmp_path.iterdir())


def test_same_call_same_bytes(tmp_path):
    a = pm.handout("piriformis", tmp_path / "a.pdf").read_bytes()
    b = pm.handout("piriformis", tmp_path / "b.pdf").read_bytes()
    assert a == b


def test_booklet_has_contents_and_one_page_per_pattern(tmp_path):
    out = pm.booklet(["gluteus medius", "piriformis", "gluteus minimus"], tmp_path / "hip.pdf")
    text = _pdf_text(out)
    pages = text.split("\f")
    assert len([p for p in pages if p.strip()]) == 1 + 4
    contents = " ".join(pages[0].split())
    assert "Hip" in contents
    for name in ("Gluteus medius", "Gluteus minimus, anterior fibres", "Piriformis"):
        assert name in contents
    assert "Piriformis" in pages[-2] + pages[-1]
    with pytest.raises(pm.ChoiceError, match="'pdf'"):
        pm.booklet(["piriformis"], tmp_path / "hip.svg")


def test_booklet_by_group():
    from painmap.handout import _contents

    scene = _contents(pm.muscles(group="hip"), "Hip", "A4")
    lines = [line for b in scene.blocks for line in b.lines]
    assert any(line.startswith("Gluteus medius") and line.rstrip()[-1].isdigit() for line in lines)
    assert np.all([b.x + text_width(line, b.size) < PAPERS["A4"][0] - MARGIN + 0.02
                   for b in scene.blocks for line in b.lines])


def test_handout_on_other_bodies():
    for body, shape in (("child", "child"), ("Older woman", "older_female"), ("larger_male", "larger_male")):
        scene = handout_scene("trapezius upper", body=body)
        assert {p.projection.body.shape for p in scene.panels} == {shape}

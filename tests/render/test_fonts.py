"""Text in any script: embedded TrueType fonts in PDF, fallback fonts for other scripts, clear refusals."""

import os
import warnings

import numpy as np
import pytest

import painmap as pm
from painmap.core.text import text_width
from painmap.render import fonts
from tests.helpers import MISSING_TOOL, REQUIRE_TOOLS_ENV, png_array

CJK = "臀中肌"  # gluteus medius, in Chinese and Japanese


def _cjk_font() -> str:
    """An installed font with Chinese characters, else skip (fail in CI, which installs one)."""
    path = fonts.fallback(CJK[0])
    if path is None:
        reason = f"{MISSING_TOOL}a font with Chinese characters (install fonts-droid-fallback)"
        if os.environ.get(REQUIRE_TOOLS_ENV) == "1":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return path


@pytest.mark.parametrize("make", ["draw", "handout", "booklet"])
def test_pdfs_embed_truetype_fonts_not_type3(tmp_path, make):
    out = tmp_path / "f.pdf"
    if make == "draw":
        pm.draw("piriformis", title="Piriformis").save(out)
    elif make == "handout":
        pm.handout("piriformis", out)
    else:
        pm.booklet(["piriformis"], out)
    pdf = out.read_bytes()
    assert b"/Type3" not in pdf
    assert b"/FontFile2" in pdf and b"DejaVuSans" in pdf  # TrueType (Type 42), embedded


def test_other_scripts_draw_with_an_installed_font_that_has_them(tmp_path):
    path = _cjk_font()
    name = fonts.family(path)
    assert fonts.runs(f"{CJK} hip", fonts.dejavu()) == [(CJK + " ", path), ("hip", fonts.dejavu())]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing is missing
        fig = pm.draw("gluteus medius", view="back", title=f"{CJK} (gluteus medius)", dpi=72)
        png = png_array(fig.to_png())
        svg = fig.save(tmp_path / "g.svg").read_text()
        pdf = fig.save(tmp_path / "g.pdf").read_bytes()
    assert f"'{name}'" in svg and CJK in svg
    assert name.replace(" ", "").encode() in pdf
    # the characters themselves, not DejaVu's empty boxes: far more ink
    from PIL import Image, ImageDraw, ImageFont

    from painmap.render.raster import _typeset

    drawn = np.asarray(_typeset(CJK, 40.0, True).mask)
    boxes = Image.new("L", (200, 80), 0)
    ImageDraw.Draw(boxes).text((0, 60), CJK, fill=255, font=ImageFont.truetype(fonts.dejavu(True), 40),
                               anchor="ls")
    assert (drawn > 128).sum() > 1.5 * (np.asarray(boxes) > 128).sum()
    title = png[: int(0.08 * len(png))]
    assert (title[..., :3] < 128).any()


def test_characters_no_font_has_are_named_in_a_warning():
    char = "\U00013000"  # an Egyptian hieroglyph
    if fonts.fallback(char) is not None:
        pytest.skip("a font on this machine has Egyptian hieroglyphs")
    fonts._warn_missing.cache_clear()
    with pytest.warns(pm.PainmapWarning, match="U\\+13000.*Noto"):
        pm.draw("piriformis", title=f"Hip {char}").to_png()


def test_right_to_left_text_is_refused_before_anything_is_written(tmp_path):
    with pytest.raises(pm.ArgumentError, match="right-to-left"):
        pm.draw("piriformis", title="ألم الورك").save(tmp_path / "a.png")
    with pytest.raises(pm.ArgumentError, match="right-to-left"):
        pm.handout("piriformis", tmp_path / "h.pdf", notes="כאב בירך")
    assert list(tmp_path.iterdir()) == []


def test_wide_characters_are_measured_a_full_em():
    assert text_width("中文", 72) == pytest.approx(2.0)
    assert text_width("ab", 72) < 1.3

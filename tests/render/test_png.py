import numpy as np
import pytest

import painmap as pm
from tests.helpers import png_array


def test_same_call_same_png_and_pdf():
    a, b = pm.draw([], view="back"), pm.draw([], view="back")
    assert a.to_png() == b.to_png()
    assert a.to_pdf() == b.to_pdf()


def test_png_size_follows_dpi_and_size():
    fig = pm.draw([], view="front", size=(4, 5))
    img = png_array(fig.to_png(dpi=100))
    assert img.shape[:2] == (500, 400)
    img = png_array(pm.draw([], size=("800px", "600px"), dpi=100).to_png(dpi=100))
    assert img.shape[:2] == (600, 800)


@pytest.mark.parametrize("style", ["shaded", "outline"])
def test_body_is_drawn_light_on_white_with_a_darker_outline(style):
    img = png_array(pm.draw([], view="front", style=style).to_png(dpi=100))
    grey = img.mean(axis=-1)
    body = grey < 250
    assert 0.12 < body.mean() < 0.5          # a body fills a fair part of the page
    assert grey[body].mean() > 190            # and it is light, calm grey
    assert grey.min() < 150                   # with a darker contour


def test_outline_style_reads_in_greyscale():
    img = png_array(pm.draw([], view="back", style="outline").to_png(dpi=50))
    spread = img.max(axis=-1) - img.min(axis=-1)
    assert spread.max() < 12  # neutral greys only: prints the same in greyscale


def test_dark_and_transparent_backgrounds():
    import io

    from PIL import Image

    dark = pm.draw([], background="dark").to_png(dpi=30)
    assert png_array(dark)[0, 0].mean() < 60
    clear = Image.open(io.BytesIO(pm.draw([], background="transparent").to_png(dpi=30)))
    assert clear.mode == "RGBA" and np.asarray(clear)[0, 0, 3] == 0


@pytest.mark.parametrize("channels, mode", [(3, "RGB"), (4, "RGBA")])
def test_png_encoder_round_trips_every_byte(channels, mode):
    import io

    from PIL import Image

    from painmap.render.png import encode_png

    rng = np.random.default_rng(7)
    pixels = rng.integers(0, 256, (37, 53, channels), dtype=np.uint8)
    pixels[5:20] = pixels[4]  # runs of equal rows: the "Up" filter's zero differences
    data = encode_png(pixels, dpi=150)
    image = Image.open(io.BytesIO(data))
    image.verify()  # the chunks' CRCs and the zlib stream check out
    image = Image.open(io.BytesIO(data))
    assert image.mode == mode and image.size == (53, 37)
    assert np.array_equal(np.asarray(image), pixels)
    assert image.info["dpi"] == pytest.approx((150, 150), abs=0.0127)  # stored in whole pixels per metre
    assert encode_png(pixels, dpi=150) == data
    assert b"pHYs" not in encode_png(pixels)  # no resolution given, none written


def test_figure_png_carries_its_dpi_and_compresses():
    import io

    from PIL import Image

    fig = pm.draw("gluteus_medius", view="back")
    data = fig.to_png(dpi=110)
    image = Image.open(io.BytesIO(data))
    assert image.info["dpi"] == pytest.approx((110, 110), abs=0.0127)
    raw = image.width * image.height * 3
    assert len(data) < raw / 8  # a page of flat paper and smooth shading deflates well

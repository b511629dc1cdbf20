"""Bad input to the public functions: clear painmap errors, no hangs, valid files, nothing left behind.

Each case below was reported in issue 12 as a hang, a crash, a silently wrong
result or an unclear error.
"""

from __future__ import annotations

import time
import xml.dom.minidom

import pytest

import painmap as pm
from painmap.core.errors import ArgumentError, ArgumentTypeError, LimitError, OutputError
from painmap.core.text import wrap, xml_safe
from painmap.handout import handout_scene
from painmap.scene import colors


def _fails(call, kind, *words):
    """`call()` raises `kind` (a painmap error) whose message contains every one of `words`."""
    with pytest.raises(kind) as err:
        call()
    assert isinstance(err.value, pm.PainmapError)
    message = str(err.value)
    for word in words:
        assert word in message, message
    assert message.endswith((".", "?")), message
    return err.value


def test_one_long_word_wraps_fast_and_long_notes_are_refused():
    start = time.process_time()
    lines = wrap("x" * 20000, 3.0, 9)
    assert time.process_time() - start < 1.0
    assert len(lines) > 100 and all(line.endswith("-") for line in lines[:-1])
    assert "".join(line.rstrip("-") for line in lines) == "x" * 20000
    _fails(lambda: pm.handout("tfl", "a.pdf", notes="x" * 20000), LimitError, "notes=", "20000 characters",
           "at most 6000")
    start = time.process_time()
    with pytest.raises(pm.PainmapError, match="does not fit"):
        handout_scene("tfl", notes="x" * 6000)
    assert time.process_time() - start < 30


def test_huge_resolutions_and_sizes_are_refused(tmp_path):
    _fails(lambda: pm.draw("piriformis", dpi=1e6), LimitError, "dpi=1000000.0", "2400")
    _fails(lambda: pm.draw("piriformis", size=("99999px", "99999px")), LimitError, "size='99999px'",
           "667 in", "closest: '200in'")
    _fails(lambda: pm.draw([], dpi=2400), LimitError, "million pixels", "dpi=2400")
    fig = pm.draw([], view="back")
    _fails(lambda: fig.save(tmp_path / "big.png", dpi=2400), LimitError, "million pixels")
    assert list(tmp_path.iterdir()) == []


def test_forbidden_xml_characters_never_reach_the_svg(tmp_path):
    out = pm.draw("piriformis", title="a\x01b\ufffe", caption="c\x0bd").save(tmp_path / "e.svg")
    doc = xml.dom.minidom.parse(str(out))
    title = next(t for t in doc.getElementsByTagName("text") if t.getAttribute("id") == "title")
    assert title.firstChild.data == "ab"
    assert xml_safe("keep\ttabs\nand lines & <b>") == "keep\ttabs\nand lines & <b>"
    svg = pm.draw([], title="<b>&amp; x</b>").to_svg()
    assert "&lt;b&gt;&amp;amp; x&lt;/b&gt;" in svg
    xml.dom.minidom.parseString(svg)


def test_dollar_signs_are_text_not_mathtext():
    fig = pm.draw([], title="costs $5 or $")
    assert fig.to_png()[:4] == b"\x89PNG"


def test_silently_wrong_results_are_errors_now(tmp_path):
    _fails(lambda: pm.draw("piriformis", trigger_points="no"), ArgumentTypeError, "trigger_points='no'",
           "True or False", "closest: False")
    fig = pm.draw([], view="back")
    _fails(lambda: fig.save(tmp_path / "sd0.png", dpi=0), ArgumentError, "dpi=0", "too small",
           "closest: 10.0")
    _fails(lambda: fig.save(tmp_path / "y.png", format="svg"), ArgumentError, "format='svg'", "'y.png'",
           "closest: 'png'")
    _fails(lambda: pm.draw("piriformis", view=["back", "back"]), ArgumentError, "view=['back', 'back']",
           "'back' twice")
    assert list(tmp_path.iterdir()) == []
    assert fig.save(tmp_path / "y.img", format="SVG").read_text().startswith("<svg")


@pytest.mark.parametrize(("call", "argument"), [
    (lambda: pm.draw(None), "patterns=None"),
    (lambda: pm.draw(42), "patterns=42"),
    (lambda: pm.draw(["piriformis", 3]), "patterns=3"),
    (lambda: pm.draw("tfl", view=3), "view=3"),
    (lambda: pm.draw("tfl", title=123), "title=123"),
    (lambda: pm.where(None), "pain=None"),
    (lambda: pm.where(5), "pain=5"),
    (lambda: pm.draw("tfl", dpi="high"), "dpi='high'"),
    (lambda: pm.handout("tfl", "n.pdf", notes=5), "notes=5"),
    (lambda: pm.plot("tfl", ax="axes"), "ax='axes'"),
    (lambda: pm.draw("tfl", side=1), "side=1"),
    (lambda: pm.draw("tfl", legend="yes"), "legend='yes'"),
    (lambda: pm.where("low back", limit=2.5), "limit=2.5"),
    (lambda: pm.draw([]).save(3), "path=3"),
])
def test_wrong_kinds_of_values_name_the_argument(call, argument):
    err = _fails(call, ArgumentTypeError, argument, "expected")
    assert isinstance(err, TypeError)


@pytest.mark.parametrize(("call", "words"), [
    (lambda: pm.draw("tfl", dpi=0), ("dpi=0", "from 10 to 2400")),
    (lambda: pm.draw("tfl", dpi=-1), ("dpi=-1", "too small")),
    (lambda: pm.draw("tfl", dpi=float("nan")), ("dpi=nan", "not a number")),
    (lambda: pm.draw("tfl", view=[]), ("view=[]", "closest: 'auto'")),
    (lambda: pm.draw("tfl", view="bakc"), ("view='bakc'", "did you mean 'back'?")),
    (lambda: pm.draw("tfl", body="fmale"), ("body='fmale'", "did you mean 'female'?")),
    (lambda: pm.draw("tfl", size=(0.1, 6)), ("size=0.1", "too small")),
    (lambda: pm.draw("tfl", size="6 by 8"), ("size='6 by 8'",)),
    (lambda: pm.draw("tfl", colors=["reddish"]), ("colors='reddish'",)),
    (lambda: pm.where("low back", least=2), ("least=2", "from 0 to 1")),
])
def test_bad_values_name_the_argument_and_the_closest_choice(call, words):
    _fails(call, pm.PainmapError, *words)


def test_colours_as_matplotlib_understands_them():
    fig = pm.draw(["tfl"], colors="red", view="right")
    assert fig.scene.layout.legend[0].entry.color == "#ff0000"
    pair = pm.draw(["gluteus medius", "piriformis"], colors=[(0, 0, 1), "tab:green"], view="back")
    assert [i.entry.color for i in pair.scene.layout.legend[:2]] == ["#0000ff", "#2ca02c"]
    assert colors.color("c", "#abc") == "#aabbcc" and colors.color("c", "#11223380") == "#112233"
    _fails(lambda: colors.color("colors", (2, 0, 0)), ArgumentError, "colors=(2, 0, 0)", "0..1")
    _fails(lambda: pm.draw(["gluteus medius", "piriformis"], colors="red"), pm.PainmapError,
           "one colour per muscle")


def test_output_places_that_cannot_hold_a_file(tmp_path):
    fig = pm.draw([], view="back")
    (tmp_path / "folder.svg").mkdir()
    (tmp_path / "afile").write_text("x")
    _fails(lambda: fig.save(tmp_path / "folder.svg"), OutputError, "is a folder")
    _fails(lambda: fig.save(tmp_path / "afile" / "x.svg"), OutputError, "afile' is a file", "not a folder")
    _fails(lambda: fig.save(tmp_path / "afile" / "deeper" / "x.svg"), OutputError, "is a file")
    _fails(lambda: fig.save(tmp_path / "missing" / "x.svg"), OutputError, "does not exist")
    err = _fails(lambda: fig.save(tmp_path / "x.jpg"), pm.ChoiceError, "'.jpg'", "closest: 'x.png'")
    assert "part" not in str(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile", "folder.svg"]


def test_a_failing_write_names_the_target_not_the_temporary_file(tmp_path, monkeypatch):
    import os

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    err = _fails(lambda: pm.draw([]).save(tmp_path / "p.svg"), OutputError, "p.svg", "Permission denied")
    assert ".part" not in str(err) and isinstance(err, OSError)
    assert list(tmp_path.iterdir()) == []


def test_messages_are_sentences():
    err = _fails(lambda: pm.draw([], view="sid"), pm.ChoiceError, "view='sid'", "Expected one of:")
    assert str(err).endswith("'az=<degrees>,el=<degrees>'.")
    assert "\n" not in str(err)
    long = _fails(lambda: pm.draw("x" * 5000), pm.PainmapError, "too long")
    assert len(str(long)) < 400


def test_views_come_from_the_live_registry(monkeypatch):
    from painmap.body import camera

    extra = camera.View("extra", camera.VIEWS["front"].rotation)
    monkeypatch.setitem(camera.VIEWS, "extra", extra)
    assert camera.parse_views("extra") == [extra]
    assert camera.parse_views(["back", extra]) == [camera.VIEWS["back"], extra]
    _fails(lambda: camera.parse_views([extra, extra]), ArgumentError, "'extra' twice")


def test_booklet_and_gallery_check_their_arguments(tmp_path):
    _fails(lambda: pm.booklet(["piriformis"], tmp_path / "b.pdf", stlye="outline"), pm.ChoiceError,
           "'stlye'", "did you mean 'style'?")
    _fails(lambda: pm.booklet(["piriformis"], tmp_path / "b.pdf", paper="A5"), pm.ChoiceError, "paper='A5'")
    from painmap.gallery import write_gallery

    (tmp_path / "file").write_text("")
    _fails(lambda: write_gallery(tmp_path / "file"), OutputError, "is a file")
    _fails(lambda: write_gallery(tmp_path / "g", jobs=0), ArgumentError, "jobs=0")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]

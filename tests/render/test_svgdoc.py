import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

import painmap as pm
from painmap.render.svgdoc import Element, attribute_text, element_text, svg_root

SVG = "{http://www.w3.org/2000/svg}"
NASTY = 'Hip & "thigh" <pain> it\'s\t"a"\nb\r' + "".join(map(chr, (0, 1, 8, 11, 12, 31, 0xFFFE, 0xD800)))


def test_text_and_attributes_are_escaped_and_parse_back():
    root = svg_root("1in", "1in", "0,0,72,72")
    root.add(Element("text", NASTY, id=NASTY, x="1"))
    parsed = ET.fromstring(root.tostring())
    text = parsed.find(f"{SVG}text")
    clean = 'Hip & "thigh" <pain> it\'s\t"a"\nb\r'
    assert text.get("id") == clean  # tab, newline and return survive as character references
    assert text.text == clean.replace("\r", "\n")  # a parser reads a bare CR in text as a newline
    assert text.get("x") == "1"


def test_escapes():
    assert element_text("a<b>&c") == "a&lt;b&gt;&amp;c"
    assert element_text('"quoted"') == '"quoted"'
    assert attribute_text('"quoted" & <x>') == "&quot;quoted&quot; &amp; &lt;x&gt;"
    assert attribute_text("a\tb\nc\rd") == "a&#09;b&#10;c&#13;d"
    assert attribute_text("&amp;") == "&amp;amp;"  # escaped once, never taken for an entity


@given(st.text())
def test_any_string_makes_well_formed_xml(s):
    root = svg_root("1in", "1in", "0,0,72,72")
    root.add(Element("text", s, id=s))
    ET.fromstring(root.tostring())


def test_attribute_names_order_and_empty_values():
    el = Element("path", d="M0 0", clip_path="url(#c)", class_="essential", stroke_width=0.5, fill=None,
                 stroke="", in_="SourceGraphic")
    assert el.tostring() == ('<path class="essential" clip-path="url(#c)" d="M0 0" in="SourceGraphic" '
                             'stroke-width="0.5" />')


def test_nesting_and_empty_elements():
    g = Element("g", id="outer")
    g.add(Element("g", id="inner")).add(Element("rect", width="1"))
    g.add(Element("text", ""))
    assert g.tostring() == '<g id="outer"><g id="inner"><rect width="1" /></g><text /></g>'


def test_root_declares_the_namespaces():
    root = ET.fromstring(svg_root("2in", "1in", "0,0,144,72").tostring())
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == ("2in", "1in", "0,0,144,72")


@pytest.fixture(scope="module")
def glow_svg():
    return pm.draw("gluteus_medius", view="back").to_svg()


def test_figure_structure(glow_svg):
    root = ET.fromstring(glow_svg)
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    assert {"body", "heat", "outline", "trigger-points", "labels", "legend", "body-back", "clip-back",
            "glow-back-0", "alpha-back-0"} <= ids
    top = [el.get("id") for el in root if el.tag == f"{SVG}g"]
    assert top == ["body", "heat", "outline", "trigger-points", "labels", "legend"]
    mask = root.find(f".//{SVG}mask[@id='alpha-back-0']")
    glow = root.find(f".//{SVG}g[@id='glow-back-0']")
    assert glow.get("class") == "glow" and glow.get("mask") == "url(#alpha-back-0)"
    assert len(mask) == len(glow) > 5  # one alpha band under every colour band
    assert len(root.findall(f".//{SVG}g[@class='trigger-point']")) >= 2
    assert list(root.iter(f"{SVG}image")) == []


def test_classic_figure_classes():
    root = ET.fromstring(pm.draw("gluteus_medius", view="back", heat="classic").to_svg())
    classes = {el.get("class") for el in root.iter() if el.get("class")}
    assert {"essential", "spillover", "trigger-point"} <= classes


def test_same_figure_same_bytes(glow_svg):
    assert pm.draw("gluteus_medius", view="back").to_svg() == glow_svg


def test_svg_loads_no_drawing_library():
    code = ("import sys, painmap as pm\npm.draw('gluteus_medius', view='back').to_svg()\n"
            "print(' '.join(sys.modules))")
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout.split())
    assert "matplotlib" not in loaded and "svgwrite" not in loaded


@given(st.text())
def test_the_quick_plainness_check_agrees_with_the_pattern(s):
    from painmap.render.svgdoc import _PLAIN, _plain

    assert _plain(s) == (_PLAIN.fullmatch(s) is not None)


def test_plainness_of_path_data_and_of_text_that_needs_escaping():
    from painmap.render.svgdoc import _plain

    assert _plain("M0 0l50 -50 1600 0z")
    assert _plain("a\u00a0b")  # not printable to Python, but nothing XML forbids: the pattern says so
    assert not _plain('say "hi"') and not _plain("a & b") and not _plain("tab\there") and not _plain("\ufffe")

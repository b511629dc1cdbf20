"""Property-based tests: random values for every keyword of the public functions and the CLI.

Each call either works or raises a :class:`painmap.PainmapError` (never any other
exception), finishes within the deadline, leaves no file behind when it fails, and
every SVG it writes parses as XML.  Examples are derandomized (the same ones on
every run) and bounded; the ``slow`` variants try many more.
"""

from __future__ import annotations

import contextlib
import io
import math
import xml.dom.minidom
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

import painmap as pm
from painmap.cli import main

FAST = settings(derandomize=True, database=None, deadline=timedelta(seconds=60), max_examples=25,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
MANY = settings(FAST, max_examples=200)

# Any value at all: the wrong kinds, the edges of numbers, odd text (control characters included).
ANYTHING = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 10**7), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12), st.binary(max_size=4), st.just(object()), st.just(math.inf),
    st.lists(st.one_of(st.text(max_size=8), st.integers(-2, 3)), max_size=3),
    st.tuples(st.integers(-5, 5000), st.integers(-5, 5000)),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
)
TEXT = st.text(max_size=60) | st.sampled_from(["a\x01b", "$x$ and $", "<b>&amp;</b>", "\ud800", "x" * 400])


@st.composite
def keywords(draw, valid: dict, near: dict):
    """Keyword arguments: a random set of valid ones, and half the time one of them given a bad
    value (a near miss, or anything at all)."""
    kwargs = draw(st.fixed_dictionaries({}, optional=valid))
    if draw(st.booleans()):
        key = draw(st.sampled_from(sorted(valid)))
        kwargs[key] = draw(near[key] | ANYTHING if key in near else ANYTHING)
    return kwargs


PICTURE = {
    "side": st.sampled_from(["right", "left", "both"]),
    "body": st.sampled_from(["neutral", "female", "male"]),
    "style": st.sampled_from(["shaded", "outline"]),
    "heat": st.sampled_from(["glow", "classic"]),
    "colors": st.sampled_from([None, True, False, "red", "#1f6fb2", (0.2, 0.4, 0.6), ["red", "blue", "C2"],
                               {"piriformis": "tab:green"}]),
    "trigger_points": st.booleans(),
    "muscle": st.booleans(),
    "landmarks": st.booleans(),
    "crop": st.sampled_from(["auto", "body"]),
    "cmap": st.sampled_from([None, "viridis", "magma_r"]),
    "vmin": st.none() | st.floats(0, 0.4),
    "vmax": st.none() | st.floats(0.6, 1),
    "alpha": st.none() | st.floats(0, 1),
}
NEAR = {
    "cmap": st.sampled_from(["virdis", "jet ", ""]),
    "vmin": st.floats(-1, 2) | st.just(math.nan),
    "vmax": st.floats(-1, 2) | st.just(math.inf),
    "alpha": st.floats(-1, 2),
    "zorder": st.sampled_from([math.nan, "3", 1e9]),
    "side": st.sampled_from(["Right", "middle", "", "rigth"]),
    "body": st.sampled_from(["fmale", "Female", "child"]),
    "colors": st.sampled_from(["not-a-colour", (1, 2, 3), ["red", 5], {"nope": "red"}, {3: "red"}, "#12"]),
    "view": st.sampled_from([["back", "back"], [], "bakc", "az=x", "az=1e9", ["auto", "back"],
                             "az=30,el=95"]),
    "size": st.tuples(st.floats(-5, 1000) | st.just(math.nan), st.floats(-5, 1000)) | st.sampled_from(
        ["x", "6", "0x0", "1e9x2", ("800pp", "2in"), (1, 1), ("5cm",)]),
    "dpi": st.floats(-10, 5000) | st.sampled_from([math.nan, math.inf, 0, "300", True]),
    "paper": st.sampled_from(["a4", "A5", "letter"]),
    "limit": st.integers(-3, 0) | st.floats(0, 3),
    "least": st.floats(-1, 2) | st.just(math.nan),
}
PATTERNS = st.sampled_from(["piriformis", [], ["tfl", "glute med"], "gluteus minimus", ("piriformis",),
                            ["piriformis", "piriformis"]]) | st.sampled_from(["nope", None, 3, [None],
                                                                              "x" * 300])
DRAW = {
    **PICTURE,
    "view": st.sampled_from(["auto", "back", "right", ["front", "left"], "az=30,el=10", "sole",
                             "right_medial"]),
    "legend": st.sampled_from([None, True, False]),
    "title": TEXT,
    "caption": TEXT,
    "sources": st.booleans(),
    "background": st.sampled_from(["light", "dark", "transparent"]),
    "size": st.none() | st.tuples(st.floats(3, 12), st.floats(4, 12)) | st.sampled_from(
        [("1200px", "900px"), "16x12cm", "6x8", ("5in", "15cm")]),
    "dpi": st.floats(20, 300) | st.sampled_from([72, 150, 300]),
    "view_labels": st.sampled_from([None, True, False]),
}


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def _works_or_painmap_error(call, folder: Path):
    """Run `call`: its result, or None after a PainmapError that left the folder as it was."""
    before = _files(folder)
    try:
        return call()
    except pm.PainmapError as err:
        assert str(err), "an error without a message"
        assert _files(folder) == before, "a failed call left a file behind"
        return None


def _whole(path: Path) -> None:
    """The file written is whole: an SVG parses as XML, a PNG or PDF starts as one; no temporary files."""
    data = path.read_bytes()
    if data.startswith(b"<svg") or data.startswith(b"<?xml"):
        xml.dom.minidom.parseString(data)
    else:
        assert data[:4] in (b"\x89PNG", b"%PDF"), data[:8]
    assert not list(path.parent.glob(".*.part"))


def _check_draw(kwargs, patterns, tmp_path):
    fig = _works_or_painmap_error(lambda: pm.draw(patterns, **kwargs), tmp_path)
    if fig is not None:
        xml.dom.minidom.parseString(fig.to_svg())


@FAST
@given(patterns=PATTERNS, kwargs=keywords(DRAW, NEAR))
def test_draw_works_or_raises_a_painmap_error(tmp_path, patterns, kwargs):
    _check_draw(kwargs, patterns, tmp_path)


@pytest.mark.slow
@MANY
@given(patterns=PATTERNS, kwargs=keywords(DRAW, NEAR))
def test_draw_many(tmp_path, patterns, kwargs):
    _check_draw(kwargs, patterns, tmp_path)


@FAST
@given(kwargs=keywords({**PICTURE, "view": st.sampled_from(["back", "auto", "az=20"]), "title": TEXT,
                       "zorder": st.floats(-5, 5), "gid": st.text(max_size=8), "rasterized": st.booleans(),
                       "dpi": st.just(100), "zordr": st.just(1)}, NEAR),
       ax=st.sampled_from(["axes", "axes", None, "not axes", 3]))
def test_plot_works_or_raises_a_painmap_error(tmp_path, kwargs, ax):
    target = Figure().add_subplot() if ax == "axes" else ax
    if ax is None:
        return  # plt.gca() would touch pyplot's global state
    out = _works_or_painmap_error(lambda: pm.plot("piriformis", ax=target, **kwargs), tmp_path)
    assert out is None or out is target


# A small bare-body figure, so that even the largest accepted PNG stays quick.
SMALL = pm.draw([], view="front", size=(1.2, 1.6), legend=False)
NAMES = st.one_of(
    st.sampled_from(["x.png", "x.svg", "x.pdf", "x.SVG", "x.jpg", "x", "folder", "folder/x.svg",
                     "afile/x.svg", "missing/x.png", ".svg", "..", "x.svg.png"]),
    st.text(alphabet="abc.-_ %", min_size=1, max_size=10),
)


def _save_place(tmp_path: Path, name: str) -> Path:
    (tmp_path / "folder").mkdir(exist_ok=True)
    (tmp_path / "afile").write_text("keep")
    return tmp_path / name


@FAST
@given(name=NAMES, format=st.sampled_from([None, "png", "svg", "pdf", "PNG", "jpg"]) | ANYTHING,
       dpi=st.none() | st.floats(1, 3000) | ANYTHING)
def test_save_writes_a_whole_file_or_nothing(tmp_path, name, format, dpi):
    path = _save_place(tmp_path, name)
    out = _works_or_painmap_error(lambda: SMALL.save(path, format=format, dpi=dpi), tmp_path)
    if out is not None:
        _whole(out)


HANDOUT = {
    **{k: PICTURE[k] for k in ("side", "body", "style", "heat")},
    "paper": st.sampled_from(["A4", "Letter"]),
    "view": st.sampled_from(["auto", "back", ["back", "right"]]),
    "title": TEXT,
    "notes": TEXT | st.just("word " * 3000),
    "advice": TEXT,
    "dpi": st.floats(20, 100),
}


def _check_handout(tmp_path, name, kwargs):
    path = _save_place(tmp_path, name)
    out = _works_or_painmap_error(lambda: pm.handout("piriformis", path, **kwargs), tmp_path)
    if out is not None:
        _whole(out)


@settings(FAST, max_examples=8)
@given(name=st.sampled_from(["h.pdf", "h.svg", "h.txt", "folder", "afile/h.pdf"]),
       kwargs=keywords(HANDOUT, NEAR))
def test_handout_works_or_raises_a_painmap_error(tmp_path, name, kwargs):
    _check_handout(tmp_path, name, kwargs)


@pytest.mark.slow
@settings(MANY, max_examples=40)
@given(name=st.sampled_from(["h.pdf", "h.svg", "h.png", "h.txt", "folder"]),
       kwargs=keywords(HANDOUT, NEAR))
def test_handout_many(tmp_path, name, kwargs):
    _check_handout(tmp_path, name, kwargs)


WHERE = {
    "side": PICTURE["side"],
    "body": PICTURE["body"],
    "limit": st.none() | st.integers(1, 20),
    "least": st.floats(0, 1),
}


@FAST
@given(locations=st.sampled_from(["low back", ["lateral thigh", "buttock_lateral"], "elbowpit", [],
                                  "thigh_lateral", ("outer hip",)]) | ANYTHING,
       kwargs=keywords(WHERE, NEAR))
def test_where_works_or_raises_a_painmap_error(tmp_path, locations, kwargs):
    found = _works_or_painmap_error(lambda: pm.where(locations, **kwargs), tmp_path)
    if found is not None:
        assert all(0 <= m.score <= 1 for m in found)
        assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)


TEMPLATE = {
    "views": st.sampled_from(["back", ["front", "back"], ("left",), "az=30"]),
    "body": st.sampled_from([None, "female", "older woman"]),
    "paper": st.sampled_from(["A4", "Letter"]),
    "dpi": st.floats(20, 200),
}


@settings(FAST, max_examples=15)
@given(kwargs=keywords(TEMPLATE, {**NEAR, "views": NEAR["view"]}))
def test_template_works_or_raises_a_painmap_error(tmp_path, kwargs):
    chart = _works_or_painmap_error(lambda: pm.template(**kwargs), tmp_path)
    if chart is not None:
        xml.dom.minidom.parseString(chart.to_svg())


# The command line: random values for every option of draw, where, handout, list and show.
WORD = st.one_of(st.sampled_from(["piriformis", "glute med", "back", "both", "female", "outline",
                                  "classic", "dark", "6x8", "800x600px", "150", "0", "-1", "nan", "1e9",
                                  "hip", "low back", "x.svg", ""]), st.text(max_size=8))
GOOD = {
    "--view": ["back", "front", "auto", "az=30,el=10"], "--side": ["right", "left", "both"],
    "--body": ["neutral", "female", "male"], "--style": ["shaded", "outline"], "--heat": ["glow", "classic"],
    "--title": ["Hip pain", "a\x01b"], "--caption": ["From the clinic."], "--background": ["light", "dark"],
    "--size": ["6x8", "800x600px", "16x12cm"], "--dpi": ["72", "100"], "--limit": ["3", "1"],
    "--paper": ["A4", "Letter"], "--group": ["hip", "neck"], "--notes": ["notes.txt", "missing.txt"],
    "--cmap": ["viridis", "magma"], "--vmin": ["0.1"], "--vmax": ["0.8"], "--alpha": ["0.5"],
}
POSITIONAL = {"draw": ["piriformis", "glute med", "tfl"], "handout": ["piriformis"], "show": ["piriformis"],
              "where": ["low back", "lateral thigh", "buttock_lateral"], "list": [],
              "template": ["back", "front"]}
OPTIONS = {
    "draw": ["--view", "--side", "--body", "--style", "--heat", "--title", "--caption", "--background",
             "--size", "--dpi", "--colors", "--no-trigger-points", "--no-legend", "--sources", "--cmap",
             "--vmin", "--vmax", "--alpha"],
    "where": ["--side", "--limit"],
    "handout": ["--side", "--body", "--style", "--heat", "--paper", "--title", "--notes"],
    "list": ["--group"],
    "show": [],
    "template": ["--body", "--paper", "--dpi"],
}
FLAGS = {"--colors", "--no-trigger-points", "--no-legend", "--sources"}


@st.composite
def command_lines(draw_value):
    """``painmap`` command lines: mostly good words, some bad ones, in every option."""
    command = draw_value(st.sampled_from(sorted(OPTIONS)))
    good = POSITIONAL[command]
    argv = [command] + draw_value(st.lists(st.sampled_from(good) | WORD if good else WORD,
                                           min_size=command in ("show", "handout", "where"), max_size=2))
    for option in draw_value(st.lists(st.sampled_from(OPTIONS[command] or ["--help"]), max_size=4,
                                      unique=True)):
        if option in FLAGS or option == "--help":
            argv.append(option)
        else:
            argv += [option, draw_value(st.sampled_from(GOOD[option]) | WORD)]
    if command in ("draw", "handout", "template"):
        argv += ["-o", draw_value(st.sampled_from(["out.svg", "out.png", "out.pdf", "out.svg", "out.jpg",
                                                   "folder", "afile/out.svg"]))]
    return argv


def _run_cli(argv, tmp_path):
    """Exit code and stderr of the CLI run in-process from `tmp_path`."""
    _save_place(tmp_path, "x")
    (tmp_path / "notes.txt").write_text("Stretch twice a day.")
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()), \
            contextlib.chdir(tmp_path):
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse: a usage error (2) or --help (0)
            code = exit_.code
    return code, err.getvalue()


@settings(FAST, max_examples=30)
@given(argv=command_lines())
def test_cli_options_work_or_fail_with_a_clear_message(tmp_path, argv):
    before = _files(tmp_path) | {"folder", "afile", "notes.txt"}
    code, err = _run_cli(argv, tmp_path)
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in err
    if code:
        assert err.startswith(("painmap: error:", "usage:")), err
        assert _files(tmp_path) <= before, "a failed command left a file behind"
    else:
        for out in tmp_path.glob("out.*"):
            _whole(out)


def _check_cli(argv, tmp_path, before):
    """`argv` exits 0, or 1/2 with a one-line painmap message (or argparse usage) leaving no file behind."""
    code, err = _run_cli(argv, tmp_path)
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in err, err
    if code:
        assert err.startswith(("painmap: error:", "usage:")), err
        if err.startswith("painmap: error:"):
            assert len(err.strip().splitlines()) == 1, err
        assert _files(tmp_path) <= before, "a failed command left a file behind"
    else:
        for out in tmp_path.glob("out.*"):
            _whole(out)
    return code


OUTPUTS = st.sampled_from(["out.pdf", "out.png", "out.svg", "out.jpg", "folder", "afile/out.pdf", ""])


@st.composite
def booklet_lines(draw_value):
    """``painmap booklet`` with one or two muscles (never the whole catalog) and random options."""
    muscles = st.sampled_from(["piriformis", "tfl", "nope", "glute med"]) | WORD
    argv = ["booklet"] + draw_value(st.lists(muscles, min_size=1, max_size=2).filter(any))
    if draw_value(st.booleans()):
        argv += ["--group", draw_value(st.sampled_from(["nope", "hipp", "x" * 200]))]
    for option in draw_value(st.lists(st.sampled_from(["--paper", "--side", "--body", "--style", "--heat"]),
                                      max_size=2, unique=True)):
        argv += [option, draw_value(st.sampled_from(GOOD.get(option, []) + ["Letter", "bakc"]) | WORD)]
    return argv + ["-o", draw_value(OUTPUTS)]


@settings(FAST, max_examples=8)
@given(argv=booklet_lines())
def test_cli_booklet_works_or_fails_with_a_clear_message(tmp_path, argv):
    _check_cli(argv, tmp_path, _files(tmp_path) | {"folder", "afile", "notes.txt"})


CSV_ROWS = st.lists(st.sampled_from([
    "1,low back,both,a", "2,low back,right,b", "3,outer hip,left,a", "1,low back,both,a",
    "2,outer hip,right,b", "3,sacrum,left,a", "4,nowhere,right,a", "5,low back,middle,b", "6,,right,a",
    "7,buttock_lateral,both", "x,\"low, back\",both,a", "8,low back,both,a,extra", "\x00",
    "9,lateral thigh,RIGHT,c"]), min_size=1, max_size=4)
CSV_HEADERS = st.sampled_from(["patient,region,side,group", "patient,region,side",
                               "patient,vertex,value", "region,side", "", "patient;region;side",
                               "patient,region,side,group"])


@st.composite
def cohort_lines(draw_value):
    """``painmap cohort`` with a random table at a random path and random options."""
    table = st.sampled_from(["t.csv", "t.csv", "t.csv", "missing.csv", "folder", "afile", "", "notes.txt"])
    argv = ["cohort", draw_value(table)]
    for option in draw_value(st.lists(st.sampled_from(["--view", "--group", "--difference", "--body",
                                                       "--style", "--title", "--dpi", "--csv"]),
                                      max_size=3, unique=True)):
        if option == "--difference":
            argv += [option, *draw_value(st.lists(st.sampled_from(["a", "b", "c"]) | WORD, min_size=2,
                                                  max_size=2))]
        elif option == "--csv":
            argv += [option, draw_value(st.sampled_from(["shares.csv", "folder", "afile/s.csv"]))]
        else:
            good = {**GOOD, "--view": ["back", "front", "auto"], "--group": ["a", "b", "c"]}[option]
            argv += [option, draw_value(st.sampled_from(good) | st.sampled_from(good) | WORD)]
    return argv + ["-o", draw_value(OUTPUTS)]


@settings(FAST, max_examples=15)
@given(argv=cohort_lines(), header=CSV_HEADERS, rows=CSV_ROWS)
def test_cli_cohort_works_or_fails_with_a_clear_message(tmp_path, argv, header, rows):
    (tmp_path / "t.csv").write_text("\n".join([header, *rows]) + "\n")
    code = _check_cli(argv, tmp_path, _files(tmp_path) | {"folder", "afile", "notes.txt"})
    if code == 0 and "--csv" in argv:
        assert not list(tmp_path.glob(".*.part"))


# Charts for `where --image`: one blank and one painted (small, made once).
_PAINTED = pm.PainDrawing.from_regions(["buttock_upper", "buttock_lateral"], side="right")


def _charts(folder: Path) -> None:
    pm.template("back").save(folder / "blank.png", dpi=40)
    pm.template("back", drawing=_PAINTED).save(folder / "painted.png", dpi=40)
    (folder / "text.png").write_text("not a picture")
    (folder / "empty.jpg").write_bytes(b"")
    (folder / "chart.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")


@st.composite
def where_image_lines(draw_value):
    """``painmap where --image`` with random files, views and options."""
    image = st.sampled_from(["painted.png", "painted.png", "painted.png", "blank.png", "text.png",
                             "empty.jpg", "chart.svg", "missing.png", "folder", "afile", ""])
    argv = ["where", *draw_value(st.lists(st.sampled_from(["low back", "nowhere"]), max_size=1))]
    argv += ["--image", draw_value(image)]
    views = st.sampled_from(["back", "back", "front", "left", "auto", "az=30", "bakc", "sole", ""])
    argv += ["--view", *draw_value(st.lists(views, min_size=1, max_size=2))]
    for option in draw_value(st.lists(st.sampled_from(["--paper", "--body", "--side", "--limit", "-o"]),
                                      max_size=2, unique=True)):
        value = OUTPUTS if option == "-o" else st.sampled_from(GOOD.get(option, ["A4"])) | WORD
        argv += [option, draw_value(value)]
    return argv


@settings(FAST, max_examples=12)
@given(argv=where_image_lines())
def test_cli_where_image_works_or_fails_with_a_clear_message(tmp_path, argv):
    if not (tmp_path / "painted.png").exists():
        _charts(tmp_path)
    _check_cli(argv, tmp_path, _files(tmp_path) | {"folder", "afile", "notes.txt"})


@st.composite
def bad_gallery_lines(draw_value):
    """``painmap gallery`` with at least one bad argument (a full run would take minutes)."""
    bad = draw_value(st.sets(st.sampled_from(["folder", "dpi", "jobs"]), min_size=1))
    folder = draw_value(st.sampled_from(["afile", "afile/sub", ""])) if "folder" in bad else "gal"
    argv = ["gallery", folder]
    if "dpi" in bad or draw_value(st.booleans()):
        argv += ["--dpi", draw_value(st.sampled_from(["0", "-1", "nan", "inf", "x", "1e9", "5"])
                                     if "dpi" in bad else st.sampled_from(["50", "110"]))]
    if "jobs" in bad or draw_value(st.booleans()):
        argv += ["--jobs", draw_value(st.sampled_from(["0", "-1", "x", "1000000", "2.5", ""])
                                      if "jobs" in bad else st.sampled_from(["1", "2"]))]
    return argv


@settings(FAST, max_examples=15)
@given(argv=bad_gallery_lines())
def test_cli_gallery_with_bad_arguments_fails_with_a_clear_message(tmp_path, argv):
    before = _files(tmp_path) | {"folder", "afile", "notes.txt"}
    with mock.patch("painmap.gallery._warm", side_effect=AssertionError("a full gallery run started")):
        assert _check_cli(argv, tmp_path, before) in (1, 2), argv


@pytest.mark.slow
@settings(MANY, max_examples=60)
@given(argv=cohort_lines() | where_image_lines() | booklet_lines(), header=CSV_HEADERS, rows=CSV_ROWS)
def test_cli_reading_commands_many(tmp_path, argv, header, rows):
    if not (tmp_path / "painted.png").exists():
        _charts(tmp_path)
    (tmp_path / "t.csv").write_text("\n".join([header, *rows]) + "\n")
    _check_cli(argv, tmp_path, _files(tmp_path) | {"folder", "afile", "notes.txt"})

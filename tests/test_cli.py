"""The command line: every command, its exit codes, and no half-written files."""

import contextlib
import io
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from painmap.cli import main


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "painmap", *args], capture_output=True, text=True, cwd=cwd)


def test_help_reads_well(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for command in ("draw", "list", "show", "where", "handout", "booklet", "gallery"):
        assert command in out
    assert "examples:" in out and "painmap draw gluteus-medius piriformis" in out


def test_each_command_has_help_with_an_example(capsys):
    for command in ("draw", "list", "show", "where", "handout", "booklet", "gallery"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "example:" in capsys.readouterr().out


def test_usage_error_exit_code_is_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["paint"])
    assert exit_.value.code == 2
    with pytest.raises(SystemExit) as exit_:
        main(["draw", "piriformis"])  # no -o
    assert exit_.value.code == 2


def test_draw_writes_the_asked_format(tmp_path):
    out = tmp_path / "fig.svg"
    result = run("draw", "gluteus-medius", "piriformis", "--view", "back", "--side", "both",
                 "--heat", "classic", "-o", str(out))
    assert result.returncode == 0, result.stderr
    root = ET.fromstring(out.read_text())
    assert root.find(".//{http://www.w3.org/2000/svg}g[@id='heat']") is not None
    png = str(tmp_path / "m.png")
    assert main(["draw", "glute min", "--size", "600x800px", "--dpi", "100", "-o", png]) == 0
    from PIL import Image

    assert Image.open(tmp_path / "m.png").size == (600, 800)


def test_bad_muscle_prints_the_closest_names_and_writes_nothing(tmp_path):
    result = run("draw", "gluteus-medias", "-o", str(tmp_path / "x.png"))
    assert result.returncode == 2
    assert "gluteus_medius" in result.stderr
    assert list(tmp_path.iterdir()) == []
    result = run("draw", "piriformis", "--view", "frnt", "-o", str(tmp_path / "x.png"))
    assert result.returncode == 2 and "'front'" in result.stderr
    result = run("draw", "piriformis", "-o", str(tmp_path / "x.jpg"))
    assert result.returncode == 2 and "'png', 'svg', 'pdf'" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_body_shapes_by_everyday_names(tmp_path):
    out = tmp_path / "child.pdf"
    assert main(["handout", "trapezius-upper", "-o", str(out), "--body", "Girl"]) == 0
    assert out.read_bytes()[:4] == b"%PDF"
    result = run("draw", "piriformis", "--body", "older_femal", "-o", str(tmp_path / "x.png"))
    assert result.returncode == 2 and "did you mean 'older_female'" in result.stderr
    assert list(tmp_path.iterdir()) == [out]


def test_failed_write_leaves_no_partial_file(tmp_path, monkeypatch):

    import painmap as pm

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        pm.draw("piriformis").save(tmp_path / "p.png")
    assert list(tmp_path.iterdir()) == []


def test_list_is_a_readable_table(capsys):
    assert main(["list", "--group", "hip"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:3] == ["ID", "NAME", "GROUP"]
    rows = [line for line in out[1:] if line.strip() and not line.endswith("'hip'")]
    assert rows and all(" hip " in line for line in rows)
    assert any(line.startswith("gluteus_medius ") for line in rows)
    assert main(["list", "--group", "hips"]) == 2


def test_show_gives_details(capsys):
    assert main(["show", "gluteus-minimus"]) == 0
    out = capsys.readouterr().out
    assert "Gluteus minimus, anterior fibres" in out and "Gluteus minimus, posterior fibres" in out
    assert "trigger points:" in out and "sources:" in out and "Travell & Simons" in out


def test_where_ranks_muscles(capsys):
    assert main(["where", "lateral thigh", "buttock_lateral"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("Gluteus minimus, anterior fibres")
    assert main(["where", "elbowpit"]) == 2


def test_handout_command(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Stretch twice a day.")
    out = tmp_path / "gm.pdf"
    result = run("handout", "gluteus-medius", "-o", str(out), "--notes", str(notes), "--paper", "Letter")
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:4] == b"%PDF"
    missing = str(tmp_path / "nope.txt")
    result = run("handout", "gluteus-medius", "-o", str(tmp_path / "x.pdf"), "--notes", missing)
    assert result.returncode == 1 and "nope.txt" in result.stderr  # a missing file: not a usage error
    assert not (tmp_path / "x.pdf").exists()


def test_booklet_command(tmp_path):
    out = tmp_path / "hip.pdf"
    assert main(["booklet", "piriformis", "gluteus-medius", "-o", str(out)]) == 0
    assert out.read_bytes()[:4] == b"%PDF"


def test_python_dash_m_and_the_script_agree():
    result = run("list")
    assert result.returncode == 0 and "patterns" in result.stdout.splitlines()[-1]


BLAS = ("import os, sys\n"
        "from painmap.cli import main\n"
        "main(['list'])\n"
        "import numpy\n"
        "status = dict(line.split(':', 1) for line in open('/proc/self/status'))\n"
        "sys.stderr.write(os.environ['OPENBLAS_NUM_THREADS'] + ' ' + status['Threads'].strip())")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts threads in /proc")
def test_the_command_line_runs_one_blas_thread_unless_told_otherwise():
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    run_ = [sys.executable, "-c", BLAS]
    default = subprocess.run(run_, env=env, capture_output=True, text=True, check=True).stderr
    assert default == "1 1"  # numpy loaded by the command, with no thread pool beside the main thread
    told = subprocess.run(run_, env={**env, "OPENBLAS_NUM_THREADS": "2"}, capture_output=True, text=True,
                          check=True).stderr
    assert told.startswith("2 ")


# --- exit codes (issue 25): 2 for usage errors only, 1 for every other failure -------------------------

def _raising(error):
    def raise_it(*args, **kwargs):
        raise error
    return raise_it


def _errors():
    import painmap as pm

    return [
        (pm.ArgumentError("dpi", -1, "a positive number"), 2),
        (pm.ArgumentTypeError("dpi", "x", "a number"), 2),
        (pm.LimitError("dpi", 10**9, "at most 2400 dots per inch"), 2),
        (pm.ChoiceError("view", "frnt", ["front", "back"]), 2),
        (pm.UnknownMuscleError("glute", ["gluteus_medius"], ["gluteus_medius"]), 2),
        (pm.DataError("drawings.csv row 3: no patient"), 1),
        (pm.MissingFileError("drawings.csv does not exist"), 1),
        (pm.OutputError("cannot write 'x.png': disk full"), 1),
        (pm.PatternError("x.toml: bad key"), 1),
        (pm.PainmapError("no paint found on the chart"), 1),
        (OSError(28, "No space left on device"), 1),
        (PermissionError(13, "Permission denied"), 1),
    ]


@pytest.mark.parametrize("index", range(12))
def test_each_kind_of_error_has_its_exit_code(index, monkeypatch, capsys):
    error, code = _errors()[index]
    monkeypatch.setattr("painmap.patterns.muscles", _raising(error))
    assert main(["list"]) == code, type(error).__name__
    err = capsys.readouterr().err
    assert err.startswith("painmap: error: ") and len(err.splitlines()) == 1
    assert str(error) in err


def test_ctrl_c_exits_130(monkeypatch, capsys):
    monkeypatch.setattr("painmap.patterns.muscles", _raising(KeyboardInterrupt()))
    assert main(["list"]) == 130
    assert "interrupted" in capsys.readouterr().err


def test_the_exit_codes_are_documented(capsys):
    import painmap.cli as cli

    for code in ("0", "1", "2", "130", "141"):
        assert f"\n{code}\n" in cli.__doc__
    for name in ("ArgumentError", "ArgumentTypeError", "LimitError", "ChoiceError", "UnknownMuscleError",
                 "DataError", "MissingFileError", "OutputError", "PatternError", "OSError"):
        assert name in cli.__doc__
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "exit codes: 0 success, 1 failure, 2 usage error" in capsys.readouterr().out


def test_failures_that_are_not_usage_errors_exit_1(tmp_path, capsys):
    import painmap as pm

    blank = tmp_path / "blank.png"
    pm.template("back").save(blank, dpi=60)
    capsys.readouterr()
    assert main(["where", "--image", str(blank), "--view", "back"]) == 1  # a chart with no paint
    assert "no paint found" in capsys.readouterr().err
    assert main(["where", "--image", str(tmp_path / "none.png"), "--view", "back"]) == 1
    assert main(["cohort", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "f.png")]) == 1
    notes = tmp_path / "notes.bin"
    notes.write_bytes(b"\xff\xfe\x00stretch")
    assert main(["handout", "piriformis", "-o", str(tmp_path / "h.pdf"), "--notes", str(notes)]) == 1
    assert "not UTF-8 text" in capsys.readouterr().err
    assert main(["handout", "piriformis", "-o", str(tmp_path / "h.pdf"), "--notes", str(tmp_path)]) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blank.png", "notes.bin"]


def test_usage_errors_found_by_painmap_exit_2(tmp_path, capsys):
    assert main(["where"]) == 2
    assert "name at least one place" in capsys.readouterr().err
    table = tmp_path / "drawings.csv"
    table.write_text("patient,region,side,group\n1,low back,both,a\n2,outer hip,left,b\n")
    assert main(["cohort", str(table), "-o", str(tmp_path / "m.png"), "--group", "a",
                 "--difference", "a", "b"]) == 2
    assert "not both" in capsys.readouterr().err
    assert main(["show", "glute maximum"]) == 2
    assert main(["draw", "piriformis", "--dpi", "0", "-o", str(tmp_path / "x.png")]) == 2
    assert not (tmp_path / "x.png").exists()


# --- a closed pipe (``painmap list | head -1``) -----------------------------------------------------

def _with_closed_stdout(args, buffered):
    """Run ``python -m painmap`` writing into a pipe whose reader has gone (as after ``head -1``)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if not buffered:
        env["PYTHONUNBUFFERED"] = "1"
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run([sys.executable, "-m", "painmap", *args], stdout=write_end,
                              stderr=subprocess.PIPE, text=True, env=env)
    finally:
        os.close(write_end)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGPIPE and EPIPE are POSIX")
@pytest.mark.parametrize("buffered", [True, False])
@pytest.mark.parametrize("args", [("list",), ("show", "gluteus-minimus"), ("--help",), ("draw", "--help")])
def test_a_closed_pipe_ends_quietly_with_141(args, buffered):
    result = _with_closed_stdout(args, buffered)
    assert result.stderr == ""  # no traceback, no "Broken pipe", no "Exception ignored"
    assert result.returncode == 141


@pytest.mark.skipif(sys.platform == "win32", reason="uses a POSIX shell")
def test_head_of_the_list():
    result = subprocess.run(f"'{sys.executable}' -m painmap list | head -1", shell=True, capture_output=True,
                            text=True)
    assert result.stdout.split()[:3] == ["ID", "NAME", "GROUP"]
    assert result.stderr == ""


# --- --view: one value, repeatable, commas; the words after it that are not views are names -----------

@pytest.mark.parametrize("argv, views, muscles", [
    (["--view", "back", "gluteus-medius"], ["back"], ["gluteus-medius"]),
    (["--view", "back", "left", "gluteus-medius"], ["back", "left"], ["gluteus-medius"]),
    (["gluteus-medius", "--view", "back", "left"], ["back", "left"], ["gluteus-medius"]),
    (["--view", "back,left", "gm"], ["back", "left"], ["gm"]),
    (["--view", "back", "--view", "left", "gm"], ["back", "left"], ["gm"]),
    (["--view=back", "left", "gm"], ["back", "left"], ["gm"]),
    (["--vi", "back", "left", "gm"], ["back", "left"], ["gm"]),
    (["gm", "--view", "back", "piriformis"], ["back"], ["gm", "piriformis"]),
    (["--view", "right_medial", "az=30,el=10", "gracilis"], ["right_medial", "az=30,el=10"], ["gracilis"]),
    (["--view", "back,az=-30,el=10,left"], ["back", "az=-30,el=10", "left"], []),
    (["--view", "frnt", "gm"], ["frnt"], ["gm"]),  # the first word is always a view: reported as one
    (["gm"], None, ["gm"]),
])
def test_view_words_and_muscle_names_are_told_apart(argv, views, muscles):
    from painmap.cli import build_parser, split_views

    args = build_parser().parse_args(split_views(["draw", *argv, "-o", "x.png"]))
    assert args.view == views
    assert args.muscles == muscles


def test_view_then_a_muscle_draws_the_muscle_from_that_view(tmp_path):
    import painmap as pm

    out = tmp_path / "gm.svg"
    result = run("draw", "--view", "back", "gluteus-medius", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text() == pm.draw("gluteus-medius", view="back").to_svg()
    both = tmp_path / "both.svg"
    assert main(["draw", "--view", "back", "left", "gluteus-medius", "-o", str(both)]) == 0
    assert both.read_text() == pm.draw("gluteus-medius", view=["back", "left"]).to_svg()


def test_a_misspelt_view_is_reported_as_one(tmp_path, capsys):
    assert main(["draw", "piriformis", "--view", "frnt", "-o", str(tmp_path / "x.png")]) == 2
    assert "did you mean 'front'" in capsys.readouterr().err
    assert main(["draw", "piriformis", "--view", "back", "rigth", "-o", str(tmp_path / "x.png")]) == 2
    assert "--view right" in capsys.readouterr().err
    # without --view, a misspelt muscle that looks like a view name gets no view hint
    assert main(["draw", "glute-medd", "-o", str(tmp_path / "x.png")]) == 2
    assert "meant as a view" not in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_view_help_says_how_to_give_several(capsys):
    for command in ("draw", "where", "cohort"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        help_text = " ".join(capsys.readouterr().out.split())
        assert "--view back left, --view back,left or --view back --view left" in help_text


# --- painmap cache info / clear ---------------------------------------------------------------------

def test_cache_info_and_clear_print_what_the_cache_module_says(monkeypatch, capsys):
    from painmap.core import cache

    found = {"folder": "/somewhere/painmap", "enabled": True, "in_memory": False, "entries": 12,
             "bytes": 34_500_000, "limit_mb": 1000.0, "reason": None}
    monkeypatch.setattr(cache, "info", lambda: dict(found), raising=False)
    monkeypatch.setattr(cache, "clear", lambda: 12, raising=False)
    from painmap.core import figcache

    monkeypatch.setattr(figcache, "clear", lambda: 3)  # the figure cache's pictures count too
    monkeypatch.setattr(figcache, "info", lambda: {"folder": "/somewhere/painmap/figures", "enabled": True,
                                                   "entries": 3, "bytes": 200_000, "max_entries": 200,
                                                   "max_bytes": 50_000_000})
    assert main(["cache", "info"]) == 0
    out = capsys.readouterr().out
    assert "/somewhere/painmap" in out and "12" in out and "34.5 MB" in out and "1000 MB" in out
    assert "figures:  3 pictures, 0.2 MB, at most 200 pictures and 50 MB; on" in out
    assert main(["cache"]) == 0 and capsys.readouterr().out == out  # info is the default
    assert main(["cache", "clear"]) == 0
    assert capsys.readouterr().out.strip() == "removed 15 entries from /somewhere/painmap"
    with pytest.raises(SystemExit) as exit_:
        main(["cache", "empty"])
    assert exit_.value.code == 2


def test_cache_info_and_clear_on_a_real_cache(tmp_path, monkeypatch, capsys):
    import numpy as np

    from painmap.core import cache

    monkeypatch.setenv("PAINMAP_CACHE_DIR", str(tmp_path))
    cache.clear()
    cache.cached("example", (1,), lambda: {"x": np.zeros(1000)})
    cache.cached("example", (2,), lambda: {"x": np.ones(1000)})
    assert main(["cache", "info"]) == 0
    out = capsys.readouterr().out
    assert str(tmp_path) in out and "entries:  2" in out and "MB" in out
    assert main(["cache", "clear"]) == 0
    assert capsys.readouterr().out.strip() == f"removed 2 entries from {tmp_path}"
    assert not list(tmp_path.glob("*.arrays"))
    monkeypatch.setenv("PAINMAP_CACHE_DIR", "off")
    assert main(["cache", "info"]) == 0
    assert "the cache is off" in capsys.readouterr().out


# --- painmap --version -------------------------------------------------------------------------------

def test_version_names_the_png_back_end(capsys):
    import painmap as pm
    from painmap.render.backends import png_backend

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"painmap {pm.__version__} (PNG: {png_backend()})\n"


def test_version_asks_the_back_end_only_when_given(monkeypatch, capsys):
    import types

    import painmap as pm

    calls = []
    fake = types.ModuleType("painmap.render.backends")
    fake.png_backend = lambda: calls.append(1) or "aggdraw 9.9"
    monkeypatch.setitem(sys.modules, "painmap.render.backends", fake)
    assert main(["list", "--group", "hip"]) == 0
    assert calls == []
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out == f"painmap {pm.__version__} (PNG: aggdraw 9.9)\n" and calls == [1]


def test_a_plain_command_does_not_load_the_back_end_module():
    code = ("import sys\nfrom painmap.cli import main\nmain(['list'])\n"
            "assert 'painmap.render.backends' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


# --- random command lines: exit 0, 1 or 2, never a traceback -------------------------------------------

# Command lines shaped like real ones (a command, names, options with values, an output file) with random
# words, option names and numbers mixed in, so that some run, some fail and some are usage errors.
NAMES = {"draw": ["piriformis", "glute med", "gluteus-medius"], "show": ["piriformis", "gluteus minimus"],
         "where": ["low back", "lateral thigh", "buttock_lateral"], "template": ["back", "front"],
         "cohort": ["drawings.csv", "missing.csv"], "handout": ["piriformis"], "list": [],
         "cache": ["info", "clear"], "read": ["scan.png", "scans", "missing.png"]}
OPTIONS = {
    "draw": ["--view", "--side", "--body", "--style", "--heat", "--dpi", "--size", "--title", "--background",
             "--cmap", "--vmin", "--alpha"],
    "where": ["--view", "--side", "--limit", "--image", "--paper", "--body"],
    "template": ["--body", "--paper", "--dpi"],
    "read": ["--view", "--paper", "--body", "--qc"],
    "cohort": ["--view", "--group", "--difference", "--body", "--style", "--dpi", "--csv", "--title"],
    "handout": ["--side", "--body", "--style", "--heat", "--paper", "--notes", "--advice", "--title"],
    "list": ["--group"], "show": [], "cache": [],
}
VALUES = {
    "--view": ["back", "left", "front,back", "az=30,el=10", "az=30,el=95", "auto", "frnt", ""],
    "--side": ["right", "both", "up"], "--body": ["female", "older woman", "x"], "--style": ["outline"],
    "--heat": ["classic", "hot"], "--dpi": ["72", "0", "nan", "1e9", "-5"],
    "--size": ["6x8", "800x600px", "0"], "--group": ["hip", "hips", "a"], "--limit": ["3", "0", "-1"],
    "--paper": ["A4", "Letter", "A5"], "--notes": ["notes.txt", "missing.txt", "folder"],
    "--advice": ["notes.txt"], "--image": ["missing.png", "notes.txt"], "--title": ["Hip pain", "a\x01b"],
    "--background": ["dark", "transparent", "blue"], "--cmap": ["viridis", "nocmap"], "--vmin": ["0.2", "2"],
    "--alpha": ["0.5", "-1"], "--difference": ["a"], "--csv": ["shares.csv", "folder"],
}
OTHER_OPTIONS = ["--colors", "--no-legend", "--muscle", "--landmarks", "--sources", "--help", "--bogus",
                 "--vi", "--view=back", "--", "-", "--dpi", "-o"]
NUMBER = st.integers(-10, 10**7).map(str) | st.floats(allow_nan=True, allow_infinity=True).map(str)
RANDOM_WORD = st.text(max_size=6) | NUMBER | st.sampled_from(["paint", "", "-h", "left", "back"])
OUTPUTS = ["out.svg", "out.png", "out.pdf", "out.jpg", "folder", "notes.txt/out.svg", ""]


@st.composite
def command_lines(draw_value):
    """A command (now and then a random word) with 0-4 names, options or random words, and an output."""
    command = draw_value(st.sampled_from(sorted(NAMES)) if draw_value(st.integers(0, 5)) else RANDOM_WORD)
    argv = [command]
    for _ in range(draw_value(st.integers(0, 4))):
        kind = draw_value(st.sampled_from(["name", "name", "option", "option", "option", "other", "random"]))
        if kind == "name" and NAMES.get(command):
            argv.append(draw_value(st.sampled_from(NAMES[command])))
        elif kind == "option" and OPTIONS.get(command):
            option = draw_value(st.sampled_from(OPTIONS[command]))
            value = st.sampled_from(VALUES[option])
            argv += [option, draw_value(value if draw_value(st.integers(0, 3)) else RANDOM_WORD)]
        elif kind == "other":
            argv.append(draw_value(st.sampled_from(OTHER_OPTIONS)))
        elif kind == "random":
            argv.append(draw_value(RANDOM_WORD))
    if command in ("draw", "template", "cohort", "handout") and draw_value(st.integers(0, 5)):
        argv += ["-o", draw_value(st.sampled_from(OUTPUTS))]
    return argv


@settings(max_examples=50, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(argv=command_lines())
def test_random_command_lines_exit_0_1_or_2_without_a_traceback(tmp_path, monkeypatch, argv):
    from painmap.core import cache

    monkeypatch.setattr(cache, "clear", lambda: 0, raising=False)  # never empty the machine's cache
    (tmp_path / "folder").mkdir(exist_ok=True)
    (tmp_path / "notes.txt").write_text("Stretch twice a day.")
    (tmp_path / "drawings.csv").write_text("patient,region,side\n1,low back,both\n2,outer hip,right\n")
    monkeypatch.chdir(tmp_path)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse: a usage error (2), --help (0)
            code = exit_.code
    message = err.getvalue()
    assert code in (0, 1, 2), (argv, code, message)
    assert "Traceback" not in message, (argv, message)
    if code:
        assert message.startswith(("painmap: error: ", "usage: ")), (argv, message)


def test_an_empty_view_name_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["draw", "--view", "back,,left", "gluteus-medius", "-o", str(tmp_path / "x.png")])
    assert exit_.value.code == 2
    assert "'back,,left' has an empty view name" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []

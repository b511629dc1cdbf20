"""The command line: every command, its exit codes, and no half-written files."""

import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

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
    assert result.returncode == 2 and "nope.txt" in result.stderr
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

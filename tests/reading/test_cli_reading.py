"""The reading commands: template, where --image, cohort."""

import numpy as np
import pytest
from PIL import Image

import painmap as pm
from painmap.cli import main


@pytest.mark.parametrize("command", ["template", "cohort", "where"])
def test_reading_commands_have_help_with_an_example(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "example:" in capsys.readouterr().out


def test_template_then_where_image(tmp_path, capsys):
    assert main(["template", "back", "-o", str(tmp_path / "chart.pdf")]) == 0
    assert (tmp_path / "chart.pdf").read_bytes().startswith(b"%PDF")
    drawing = pm.PainDrawing.from_regions(["buttock_upper", "buttock_lateral"], side="right")
    scan = tmp_path / "scan.png"
    pm.template("back", drawing=drawing).save(scan, dpi=100)
    capsys.readouterr()
    assert main(["where", "--image", str(scan), "--view", "back", "--limit", "3",
                 "-o", str(tmp_path / "read.png")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("pain drawn on ")
    assert out[2].split()[0] == "MUSCLE" and "LEAVES OUT" in out[2]
    first = out[3]
    assert first.startswith(pm.where(drawing, limit=1)[0].pattern.name)
    assert Image.open(tmp_path / "read.png").size[1] > 500


def test_where_image_errors_exit_1(tmp_path, capsys):
    blank = tmp_path / "blank.png"
    pm.template("back").save(blank, dpi=80)
    assert main(["where", "--image", str(blank), "--view", "back"]) == 1
    assert "no paint found" in capsys.readouterr().err
    assert main(["where", "--image", str(blank), "--view", "front", "back"]) == 1
    assert "is a chart of 1 view (['back']), not of 2" in capsys.readouterr().err
    assert main(["where", "--image", str(tmp_path / "none.png"), "--view", "back"]) == 1
    assert main(["where"]) == 2
    assert "name at least one place" in capsys.readouterr().err


def test_cohort_command(tmp_path, capsys):
    table = tmp_path / "drawings.csv"
    table.write_text("patient,region,side,group\n1,low back,both,a\n2,low back,right,a\n2,outer hip,right,a\n"
                     "3,outer hip,left,b\n")
    out = tmp_path / "map.png"
    shares = tmp_path / "c.csv"
    assert main(["cohort", str(table), "-o", str(out), "--view", "back", "--csv", str(shares)]) == 0
    assert "3 patients in groups a, b" in capsys.readouterr().out
    picture = np.asarray(Image.open(out).convert("RGB"))
    assert picture.shape[0] > 100
    assert pm.read_cohort(shares).sizes == {"a": 2, "b": 1}
    assert main(["cohort", str(table), "-o", str(tmp_path / "d.svg"), "--difference", "a", "b"]) == 0
    assert main(["cohort", str(table), "-o", str(tmp_path / "e.png"), "--group", "c"]) == 2
    assert "unknown group 'c'" in capsys.readouterr().err
    assert main(["cohort", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "f.png")]) == 1
    assert not (tmp_path / "f.png").exists()

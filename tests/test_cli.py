import subprocess
import sys

import pytest

from painmap.cli import main


def test_help_reads_well(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "gallery" in out and "examples:" in out


def test_usage_error_exit_code_is_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["paint"])
    assert exit_.value.code == 2


@pytest.mark.slow
def test_gallery_writes_the_body_sheets(tmp_path):
    out = tmp_path / "gallery"
    result = subprocess.run([sys.executable, "-m", "painmap", "gallery", str(out), "--dpi", "40"],
                            capture_output=True, text=True, check=True)
    names = sorted(p.name for p in out.iterdir())
    for shape in ("neutral", "female", "male"):
        for style in ("shaded", "outline"):
            assert f"body-{shape}-{style}.png" in names and f"body-{shape}-{style}.svg" in names
    assert {"landmarks.png", "landmarks.svg", "regions.png", "regions.svg"} <= set(names)
    assert not [n for n in names if n.endswith(".part")]
    assert "wrote" in result.stdout

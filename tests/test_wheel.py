"""The wheel carries its data: installed into a fresh venv outside the repository, it draws."""

import subprocess
import sys
import venv
from pathlib import Path

import pytest

import painmap as pm

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installed_outside_the_repo_draws_the_body(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
                   check=True, capture_output=True)
    (wheel,) = wheels.glob("painmap-*.whl")
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True)
    work = tmp_path / "elsewhere"
    work.mkdir()
    code = (
        "import painmap, pathlib\n"
        "assert 'site-packages' in painmap.__file__, painmap.__file__\n"
        "from painmap.core import cache\n"  # the data shipped for a first picture (test_shipped_cache.py)
        "from painmap.patterns import catalog\n"
        "assert cache.load_shipped(catalog.COMPILED) is not None\n"
        "assert (cache.shipped_dir() / 'manifest.json').is_file()\n"
        "painmap.draw([], view='back').save('back.png')\n"
        "painmap.draw('gluteus medius', view='back', body='older woman').save('older.png')\n"
        "painmap.draw([], view='left', style='outline').save('left.svg')\n"
        "print(len(painmap.landmarks()), len(painmap.regions()))\n"
    )
    out = subprocess.run([str(python), "-c", code], cwd=work, check=True, capture_output=True, text=True)
    assert out.stdout.split() == [str(len(pm.landmarks())), str(len(pm.regions()))]
    assert (work / "back.png").stat().st_size > 20_000
    assert (work / "older.png").stat().st_size > 20_000  # a shape from shapes.npz
    assert (work / "left.svg").read_text().startswith("<svg")
    cli = subprocess.run([str(env_dir / "bin" / "painmap"), "--help"], capture_output=True, text=True)
    assert cli.returncode == 0 and "gallery" in cli.stdout

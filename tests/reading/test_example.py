"""The reading example script runs and writes its pictures."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.slow
def test_pain_drawings_example(tmp_path):
    out = subprocess.run([sys.executable, str(ROOT / "examples" / "pain_drawings.py"), str(tmp_path)],
                         check=True, capture_output=True, text=True).stdout
    assert "Gluteus minimus, anterior fibres (right)" in out.splitlines()[1]
    names = {"pain-chart.png", "patient-chart.png", "patient-read.png", "cohort.png", "cohort-difference.png"}
    assert names <= {p.name for p in tmp_path.glob("*.png")}
    assert all((tmp_path / n).stat().st_size > 20_000 for n in names)

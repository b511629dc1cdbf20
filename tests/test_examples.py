"""The example notebook runs and shows its figures inline; the example scripts run."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_quickstart_notebook_runs_and_shows_figures(tmp_path):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(ROOT / "examples" / "quickstart.ipynb", as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if o.output_type in ("display_data", "execute_result")
              and ("image/png" in o.get("data", {}) or "image/svg+xml" in o.get("data", {}))]
    assert len(images) >= 5


@pytest.mark.slow
@pytest.mark.parametrize("script", ["article_gluteus_medius.py", "article_gluteus_minimus.py",
                                    "article_piriformis.py", "body_shapes.py"])
def test_article_scripts(script, tmp_path):
    subprocess.run([sys.executable, str(ROOT / "examples" / script), str(tmp_path)], check=True,
                   capture_output=True)
    pngs = list(tmp_path.glob("*.png"))
    assert pngs and all(p.stat().st_size > 30_000 for p in pngs)

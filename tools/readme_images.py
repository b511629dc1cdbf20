"""The README's pictures (``docs/images/``), each from the call that draws it now.

``tests/test_readme_images.py`` draws each again and fails when a committed picture no longer
matches what the code draws: then run this script and commit the pictures it writes.

Run:  python tools/readme_images.py [folder]     (default docs/images)
"""

from __future__ import annotations

import runpy
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import painmap as pm

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def _from_example(script: str, name: str) -> Callable[[Path], None]:
    """A picture an example script writes (run into a scratch folder, the one file copied)."""

    def make(out: Path) -> None:
        with tempfile.TemporaryDirectory() as scratch:
            argv = sys.argv
            sys.argv = [script, scratch]
            try:
                runpy.run_path(str(EXAMPLES / script), run_name="__main__")
            finally:
                sys.argv = argv
            shutil.copyfile(Path(scratch) / name, out)

    return make


RECIPES: dict[str, Callable[[Path], object]] = {
    "gluteus-medius.png": lambda out: pm.draw("gluteus medius").save(out, dpi=90),
    "gluteus-minimus-classic.png": lambda out: pm.draw("gluteus minimus", heat="classic",
                                                       style="outline").save(out, dpi=90),
    "masseter.png": lambda out: pm.draw("masseter").save(out, dpi=90),
    "handout.png": lambda out: pm.handout("gluteus medius", out, paper="A4", dpi=45),
    "pain-chart.png": lambda out: pm.template(["front", "back"]).save(out, dpi=80),
    "cohort.png": _from_example("pain_drawings.py", "cohort.png"),
    "body-shapes.png": _from_example("body_shapes.py", "body-shapes.png"),
}
"""Each README picture's file name and the call that writes it."""


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, make in RECIPES.items():
        make(folder / name)
        print("wrote", folder / name)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "images")

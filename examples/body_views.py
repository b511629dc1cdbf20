"""Reference sheets of the painmap body.

Writes into ``gallery/body`` (or the folder given as the first argument):

* ``body-<shape>-<style>.png/.svg``: front, back, left and right views of every
  body shape in ``pm.SHAPES`` (young adults, child, older, larger, slim), in the
  shaded and the outline style;
* ``landmarks.png/.svg``: every landmark marked and named;
* ``regions.png/.svg``: every region tinted and named.

Run:  python examples/body_views.py [folder]
"""

import sys
from pathlib import Path

import painmap as pm
from painmap.gallery import body_sheets

folder = Path(sys.argv[1] if len(sys.argv) > 1 else "gallery/body")
folder.mkdir(parents=True, exist_ok=True)

for stem, _title, make in body_sheets():
    figure = make()
    figure.save(folder / f"{stem}.png", dpi=200)
    figure.save(folder / f"{stem}.svg")
    print("wrote", folder / stem)

# One figure by hand: the back of the male body in the outline style, for print.
pm.draw([], view="back", body="male", style="outline", title="Back").save(folder / "male-back.pdf")

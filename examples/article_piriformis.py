"""The piriformis picture of the buttock-pain article.

Trigger points beside the middle of the tailbone and at the outer hip; pain over
the sacroiliac area, the buttock and the back of the hip, spilling down the back
of the thigh.

Run:  python examples/article_piriformis.py [folder]
"""

import sys
from pathlib import Path

import painmap as pm

folder = Path(sys.argv[1] if len(sys.argv) > 1 else "gallery/articles")
folder.mkdir(parents=True, exist_ok=True)

fig = pm.draw("piriformis", view="back", title="Piriformis", sources=True, crop="body")
for ext in ("png", "svg", "pdf"):
    fig.save(folder / f"piriformis.{ext}", dpi=200)
print("wrote", folder / "piriformis.png")

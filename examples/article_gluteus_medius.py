"""The "pain pictures" of the gluteus medius article: the lumbago muscle.

A calm grey body with a red glow where gluteus medius trigger points send pain
(the deeper the red, the more often pain is felt there), trigger points marked.

Run:  python examples/article_gluteus_medius.py [folder]
"""

import sys
from pathlib import Path

import painmap as pm

folder = Path(sys.argv[1] if len(sys.argv) > 1 else "gallery/articles")
folder.mkdir(parents=True, exist_ok=True)

fig = pm.draw(
    "gluteus medius",
    view=["back", "right"],
    crop="body",  # the whole body, as in the article's pictures
    title="Gluteus medius: the \u201clumbago muscle\u201d",
    caption="Low back, sacrum and buttock pain from trigger points in the right gluteus medius.",
)
for ext in ("png", "svg", "pdf"):
    fig.save(folder / f"gluteus-medius.{ext}", dpi=200)
print("wrote", folder / "gluteus-medius.png")

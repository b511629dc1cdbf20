"""The gluteus minimus picture of the buttock-pain article.

Both parts of the muscle: the anterior fibres send pain down the side of the leg,
the posterior fibres down the back of the thigh into the calf.

Run:  python examples/article_gluteus_minimus.py [folder]
"""

import sys
from pathlib import Path

import painmap as pm

folder = Path(sys.argv[1] if len(sys.argv) > 1 else "gallery/articles")
folder.mkdir(parents=True, exist_ok=True)

fig = pm.draw("gluteus minimus", title="Gluteus minimus", crop="body",
              caption="Pain that can feel like sciatica: down the side and the back of the leg.")
for ext in ("png", "svg", "pdf"):
    fig.save(folder / f"gluteus-minimus.{ext}", dpi=200)

# The two parts apart, one colour each, and in the Travell & Simons style for print.
parts = pm.draw(["gluteus_minimus_anterior", "gluteus_minimus_posterior"], colors=True,
                title="Gluteus minimus: anterior and posterior fibres")
parts.save(folder / "gluteus-minimus-parts.png", dpi=200)
pm.draw("gluteus minimus", heat="classic", style="outline",
        title="Gluteus minimus (Travell & Simons style)").save(folder / "gluteus-minimus-classic.pdf")
print("wrote", folder / "gluteus-minimus.png")

"""The body shapes side by side, to scale, with the same patterns on each.

Every shape shares the mesh's topology, so a pattern covers the same skin on a
child, an older, a larger and a slim body as on the young adults.  Writes
``body-shapes.png`` (and ``.svg``) into the folder given as the first argument
(default ``gallery``).

Run:  python examples/body_shapes.py [folder]
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

import painmap as pm

folder = Path(sys.argv[1] if len(sys.argv) > 1 else "gallery")
folder.mkdir(parents=True, exist_ok=True)

ROWS = ("female", "male")
KINDS = ("", "child", "older", "larger", "slim")
PATTERNS = ["gluteus_medius", "trapezius_upper"]

fig, axes = plt.subplots(len(ROWS), len(KINDS), figsize=(13.6, 9.4), sharey=True)
for row, sex in zip(axes, ROWS):
    for ax, kind in zip(row, KINDS):
        shape = f"{kind}_{sex}" if kind else sex
        pm.plot(PATTERNS, view="back", side="both", body=shape, crop="body", ax=ax)
        ax.set_title(f'body="{shape}"', fontsize=10)
        ax.set_ylim(-3, 178)  # one height scale for all: the children are smaller
fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.92, wspace=0.02, hspace=0.08)
fig.suptitle("Upper trapezius and gluteus medius, both sides, seen from behind", fontsize=11)
fig.savefig(folder / "body-shapes.png", dpi=110, metadata={"Software": None})
fig.savefig(folder / "body-shapes.svg", metadata={"Date": None})
print("wrote", folder / "body-shapes.png")

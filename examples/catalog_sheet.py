"""Draw every referral pattern in the catalog, with its trigger points marked.

Writes one PNG per pattern (the views where its pain shows) into ``gallery/catalog``
(or the folder given), and ``catalog.png``, a contact sheet of them all.

Run:  python examples/catalog_sheet.py [folder] [--only ID,ID] [--side left] [--all-views]
"""

import argparse
from pathlib import Path

import painmap as pm

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("folder", nargs="?", default="gallery/catalog")
parser.add_argument("--only", help="comma-separated pattern ids")
parser.add_argument("--side", default="right", choices=["right", "left", "both"])
parser.add_argument("--all-views", action="store_true", help="front, back, left and right for every pattern")
parser.add_argument("--dpi", type=float, default=110)
args = parser.parse_args()

folder = Path(args.folder)
folder.mkdir(parents=True, exist_ok=True)
patterns = [pm.muscle(i) for i in args.only.split(",")] if args.only else pm.muscles()
view = ["front", "back", "left", "right"] if args.all_views else "auto"

files = []
for pattern in patterns:
    fig = pm.draw(pattern, view=view, side=args.side, title=f"{pattern.name} ({args.side})")
    files.append(fig.save(folder / f"{pattern.id}.png", dpi=args.dpi))
    print("wrote", files[-1])

if len(files) > 1:
    from PIL import Image

    thumbs = [Image.open(f).convert("RGB") for f in files]
    height = 360
    thumbs = [t.resize((max(1, t.width * height // t.height), height)) for t in thumbs]
    per_row = 6
    rows = [thumbs[i: i + per_row] for i in range(0, len(thumbs), per_row)]
    sheet = Image.new("RGB", (max(sum(t.width for t in r) for r in rows), height * len(rows)), "white")
    for k, row in enumerate(rows):
        x = 0
        for t in row:
            sheet.paste(t, (x, k * height))
            x += t.width
    sheet.save(folder / "catalog.png")
    print("wrote", folder / "catalog.png")

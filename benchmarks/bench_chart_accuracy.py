"""Reading filled-in charts as clinics make them: how many are read correctly, refused, misread.

Run:  python benchmarks/bench_chart_accuracy.py [--quick] [--qc DIR] [--only FAMILY ...]

Charts are painted on known places (the chart filled in with a drawing shows where), marked
with a pen and a marking style, and degraded the ways scans and photos are (benchmarks/_charts.py).
Each is read with ``PainDrawing.from_image`` and judged against the truth, the drawing that was
painted:

* **read correctly**: the painted vertices agree (area-weighted intersection over union) at
  least `AGREEMENT` and ``painmap.where`` names the same first muscle;
* **refused**: a ``PainmapError`` (the reader says why);
* **misread**: anything else, the outcome to avoid.  For the families with nothing to read
  (expect "refuse": not a chart, nothing marked), any reading is a misread; for "either"
  (mirrored, the marks cut off) a correct reading and a refusal are both right.

The goal is zero misreads.  ``--qc DIR`` also writes each chart's quality-control picture.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import _charts as C
import numpy as np

import painmap as pm

AGREEMENT = 0.8
DPI = 200
VIEWS = ["front", "back"]
DRAWINGS = {
    "low back + buttock R": pm.PainDrawing.from_regions(["lumbar_back", "buttock_upper"], side="right"),
    "neck + shoulder L": pm.PainDrawing.from_regions(["neck_posterior", "shoulder_top", "scapula"],
                                                     side="left"),
    "thigh + leg R, chest L": (pm.PainDrawing.from_regions(["thigh_lateral", "leg_lateral"], side="right")
                               | pm.PainDrawing.from_regions(["chest"], side="left")),
}


def _letter(page: np.ndarray) -> np.ndarray:
    """Not a chart: a typed letter (lines of dark 'text') with a red stamp on it, the size of the page."""
    out = np.full_like(page, 255)
    h, w = out.shape[:2]
    rng = np.random.default_rng(1)
    for top in range(h // 10, h - h // 8, h // 40):
        right = int(w * rng.uniform(0.6, 0.9))
        cols = np.arange(w // 10, right)
        out[top:top + h // 120, cols[(cols // 7) % 5 != 0]] = 30
    rows, cols = np.mgrid[0:h, 0:w]
    ring = np.abs(np.hypot(rows - h * 0.7, cols - w * 0.7) - h * 0.08) < h * 0.01
    out[ring] = (200, 30, 30)
    return out


# family -> (what it should be: "read" or "refuse", how the page is marked, how the scan is degraded)
Family = tuple[str, dict, Callable[[np.ndarray], np.ndarray]]
FAMILIES: dict[str, Family] = {
    "clean export (red, filled)": ("read", {}, lambda p: p),
    "turned 5 deg": ("read", {}, lambda p: C.rotate(p, 5)),
    "turned -10 deg": ("read", {}, lambda p: C.rotate(p, -10)),
    "turned 15 deg": ("read", {}, lambda p: C.rotate(p, 15)),
    "turned 90 deg": ("read", {}, lambda p: C.rotate(p, 90)),
    "turned 180 deg": ("read", {}, lambda p: C.rotate(p, 180)),
    "turned 270 deg": ("read", {}, lambda p: C.rotate(p, 270)),
    "mirrored": ("either", {}, C.mirror),
    "cropped 10 % (marks cut off)": ("either", {}, lambda p: C.crop(p, 0.10, "right")),
    "on a larger scanner bed": ("read", {}, lambda p: C.pad(p, 0.05)),
    "photo, 4 % keystone": ("read", {}, lambda p: C.perspective(p, 0.04)),
    "photo 12 Mpx, 6 % keystone, JPEG": ("read", {}, lambda p: C.jpeg(C.perspective(
        p, 0.06, size=(4000, 3000) if p.shape[1] > p.shape[0] else (3000, 4000)), 85)),
    "yellowed paper": ("read", {}, lambda p: C.lighting(p, paper=(1.0, 0.93, 0.72))),
    "warm light, falloff 30 %": ("read", {}, lambda p: C.lighting(p, paper=(1.0, 0.88, 0.7), gradient=0.3)),
    "JPEG quality 50": ("read", {}, lambda p: C.jpeg(p, 50)),
    "dust and noise": ("read", {}, lambda p: C.dust(p, specks=800, noise=8)),
    "pen: blue": ("read", {"pen": "blue"}, lambda p: p),
    "pen: black": ("read", {"pen": "black"}, lambda p: p),
    "pen: pencil": ("read", {"pen": "pencil"}, lambda p: p),
    "pen: yellow highlighter": ("read", {"pen": "highlighter"}, lambda p: p),
    "hatched, blue ballpoint 30 %": ("read", {"pen": "blue", "how": "hatched", "coverage": 0.3}, lambda p: p),
    "hatched, black 25 %, JPEG": ("read", {"pen": "black", "how": "hatched", "coverage": 0.25},
                                  lambda p: C.jpeg(p, 70)),
    "outlined, red": ("read", {"how": "outlined"}, lambda p: p),
    "outlined, pencil, turned 5": ("read", {"pen": "pencil", "how": "outlined"}, lambda p: C.rotate(p, 5)),
    "scanned at 100 dpi": ("read", {}, lambda p: C.resample(p, 0.5)),
    "scanned at 300 dpi": ("read", {}, lambda p: C.resample(p, 1.5)),
    "scanned at 600 dpi": ("read", {}, lambda p: C.resample(p, 3.0)),
    "blank chart (nothing marked)": ("refuse", {"blank": True}, lambda p: p),
    "typed letter with a red stamp": ("refuse", {}, _letter),
}


def agreement(a: pm.PainDrawing, b: pm.PainDrawing) -> float:
    """Area-weighted intersection over union of the painted vertices."""
    area = a.body.vertex_areas
    x, y = a.values > 0, b.values > 0
    union = area[x | y].sum()
    return float(area[x & y].sum() / union) if union else 1.0


def first_muscle(d: pm.PainDrawing) -> str | None:
    found = pm.where(d, limit=1)
    return found[0].pattern.id if found else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one drawing per family instead of three")
    parser.add_argument("--qc", type=Path, help="write each chart's QC picture into this folder")
    parser.add_argument("--only", nargs="*", help="families whose name contains one of these words")
    parser.add_argument("--keep", type=Path, help="also keep the degraded charts (PNG/JPEG) in this folder")
    args = parser.parse_args()
    drawings = dict(list(DRAWINGS.items())[:1]) if args.quick else DRAWINGS
    families = {k: v for k, v in FAMILIES.items() if not args.only or any(w in k for w in args.only)}
    if args.qc:
        args.qc.mkdir(parents=True, exist_ok=True)
    truths = drawings
    results = {}
    worst = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for k, (family, (expect, marking, degrade)) in enumerate(families.items()):
            outcome = []
            for j, (dname, drawing) in enumerate(drawings.items()):
                blank, mask = C.chart_and_mask(VIEWS, drawing, DPI)
                if marking.get("blank"):
                    page = blank
                else:
                    pen = {"pen": "red", "how": "filled", **marking}
                    page = C.mark(blank, mask, dpi=DPI, seed=j, **pen)
                scan = degrade(page)
                path = folder / f"{k:02d}-{j}.{'jpg' if 'JPEG' in family else 'png'}"
                C.save(scan, path, **({"quality": 95} if path.suffix == ".jpg" else {}))
                qc = args.qc / f"{k:02d}-{j} {family.replace('/', '-')}.png" if args.qc else None
                start = time.perf_counter()
                try:
                    read = pm.PainDrawing.from_image(path, view=VIEWS, qc=qc)
                    why = None
                except pm.PainmapError as err:
                    read, why = None, str(err)
                seconds = time.perf_counter() - start
                truth = truths[dname]
                if read is None:
                    verdict, score = "refused", float("nan")
                else:
                    score = agreement(read, truth)
                    good = score >= AGREEMENT and first_muscle(read) == first_muscle(truth)
                    # expect "refuse": there is nothing to read, so any reading is a misread
                    verdict = "correct" if good and expect != "refuse" else "misread"
                if verdict == "misread" or (verdict == "refused" and expect == "read"):
                    worst.append((family, dname, verdict, score, why))
                outcome.append((verdict, score, seconds))
            results[family] = (expect, outcome)
            _print_row(family, expect, outcome)
            sys.stdout.flush()
    total = [o for _, outs in results.values() for o in outs]
    misread = sum(v == "misread" for v, _, _ in total)
    print(f"\n{len(total)} charts: {sum(v == 'correct' for v, _, _ in total)} read correctly, "
          f"{sum(v == 'refused' for v, _, _ in total)} refused, {misread} misread")
    for family, dname, verdict, score, why in worst:
        print(f"  {verdict:8} {family} / {dname}: agreement {score:.2f}" + (f"; {why}" if why else ""))
    _time_ink()
    return 1 if misread else 0


def _time_ink() -> None:
    """How long finding the ink takes on a registered page at 200 dpi (the blank kept, as the reader does)."""
    from _timing import timed

    from painmap.chart.ink import find_ink

    blank, mask = C.chart_and_mask(VIEWS, next(iter(DRAWINGS.values())), DPI)
    page = C.mark(blank, mask, pen="blue", how="hatched", dpi=DPI).astype(np.float32) / 255
    blank = blank.astype(np.float32) / 255
    first, warm = timed(lambda: find_ink(page, blank), repeat=7)
    print(f"\nfind_ink on a {page.shape[1]}x{page.shape[0]} page: first {first:.0f} ms, "
          f"then {warm:.0f} ms (median)")


HEADER = (f"{'family':<36} {'expect':<7} {'n':>2} {'correct':>7} {'refused':>7} {'misread':>7} "
          f"{'agree':>6} {'s/chart':>7}")


def _print_row(family: str, expect: str, outcome) -> None:
    if not hasattr(_print_row, "done"):
        print(HEADER)
        print("-" * len(HEADER))
        _print_row.done = True
    verdicts = [v for v, _, _ in outcome]
    scores = [s for _, s, _ in outcome if s == s]
    agree = f"{statistics.median(scores):.2f}" if scores else "-"
    seconds = statistics.median(t for _, _, t in outcome)
    print(f"{family:<36} {expect:<7} {len(outcome):>2} {verdicts.count('correct'):>7} "
          f"{verdicts.count('refused'):>7} {verdicts.count('misread'):>7} {agree:>6} {seconds:7.2f}")


if __name__ == "__main__":
    sys.exit(main())

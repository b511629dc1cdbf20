"""Reading pain: a painted chart back onto the body, look-up by overlap, a 20,000-patient cohort.

Run:  python benchmarks/bench_reading.py

Peak memory is measured with tracemalloc (numpy's buffers included), per job.
"""

import csv
import tempfile
from pathlib import Path

import numpy as np
from _timing import HEADER, peak_mb, row, timed

import painmap as pm

PATIENTS = 20_000
PLACES = ["low back", "buttock_upper", "buttock_lateral", "thigh_posterior", "thigh_lateral", "leg_posterior",
          "hip_lateral", "groin", "sacroiliac", "knee_anterior", "neck_posterior", "shoulder_top", "scapula"]


def write_cohort_table(path: Path) -> None:
    """A synthetic cohort: each patient names one to four places on one or both sides, in two groups."""
    rng = np.random.default_rng(0)
    with open(path, "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["patient", "region", "side", "group"])
        for patient in range(PATIENTS):
            group = "a" if patient % 3 else "b"
            for place in rng.choice(PLACES, size=rng.integers(1, 5), replace=False):
                out.writerow([patient, place, rng.choice(["right", "left", "both"]), group])


drawing = (pm.PainDrawing.from_regions(["scapula", "lumbar_back", "buttock_upper"], side="right")
           | pm.PainDrawing.from_regions(["thigh_posterior"], side="left"))
with tempfile.TemporaryDirectory() as tmp:
    folder = Path(tmp)
    scan = folder / "scan.png"
    pm.template(["front", "back"], drawing=drawing).save(scan, dpi=150)
    print(HEADER)
    read = lambda: pm.PainDrawing.from_image(scan, view=["front", "back"])  # noqa: E731
    print(row("from_image: A4 front+back chart, 150 dpi PNG", *timed(read, repeat=5),
              f"peak {peak_mb(read):.0f} MB"))
    look = lambda: pm.where(drawing)  # noqa: E731
    print(row(f"where(drawing) over {len(pm.muscles())} patterns", *timed(look, repeat=10),
              f"peak {peak_mb(look):.0f} MB"))
    both = lambda: pm.combinations(drawing)  # noqa: E731
    print(row("combinations(drawing)", *timed(both, repeat=3), f"peak {peak_mb(both):.0f} MB"))
    table = folder / "drawings.csv"
    write_cohort_table(table)
    size = table.stat().st_size / 1e6
    add = lambda: pm.cohort(table)  # noqa: E731
    print(row(f"cohort of {PATIENTS:,} drawings from CSV ({size:.1f} MB)", *timed(add, repeat=2),
              f"peak {peak_mb(add):.0f} MB"))
    rng = np.random.default_rng(1)
    kinds = [pm.PainDrawing.from_regions(list(rng.choice(PLACES, size=3, replace=False)), side="both")
             for _ in range(500)]
    stream = lambda: pm.cohort(kinds[k % 500] for k in range(PATIENTS))  # noqa: E731
    print(row(f"cohort of {PATIENTS:,} PainDrawing objects (a generator)", *timed(stream, repeat=2),
              f"peak {peak_mb(stream):.0f} MB"))

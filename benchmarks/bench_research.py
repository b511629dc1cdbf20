"""Research data at registry scale: a CHOIR body-map export of 7,000 patients read and counted.

Run:  python benchmarks/bench_research.py

Writes a CSV as a CHOIR registry exports it (``record_id, sex, age, bodymap`` with cells such as
``"218,219,223"`` or REDCap keys ``"b18,b19"``), then times, with peak memory (tracemalloc, numpy's
buffers included):

- ``pm.read_drawings(path, atlas="choir", ...)``: the CSV into a DataFrame of area-level drawings;
- ``atlas.presence(frame["drawing"])``: the patients x areas matrix from the stored codes;
- the WPI areas of the same drawings (the WPI score), from the CHOIR areas' overlaps with them;
- the same presence from the painted vertices (the path painmap's own drawings take), for
  drawings made from regions.

Before (painmap 0.1.0) a PainDrawing held one float64 per vertex: 7,000 patients would need
7,000 x 13,524 x 8 B = 757 MB for the drawings alone.  Target: under 5 s and under 200 MB.
"""

import csv
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

import painmap as pm

PATIENTS = 7_000
# Areas that hurt together (a low back, a neck-shoulder, a widespread pattern ...): patients draw
# one or two clusters, plus a few scattered areas, as pain drawings in registries do.
CLUSTERS = [
    ["218", "219", "223", "224", "222", "225"], ["205", "206", "207", "210", "208", "209"],
    ["105", "106", "107", "110", "101", "102"], ["129", "130", "231", "232", "131", "132"],
    ["126", "228", "229", "127", "120", "123"], ["212", "213", "218", "219"], ["116", "117", "121", "122"],
    ["119", "125", "221", "227", "124", "128"],
]


def choir_cell(rng: np.random.Generator, ids: tuple[str, ...], keys: dict[str, str]) -> str:
    chosen: set[str] = set()
    for k in rng.choice(len(CLUSTERS), size=rng.integers(1, 3), replace=False):
        cluster = CLUSTERS[k]
        chosen.update(rng.choice(cluster, size=rng.integers(1, len(cluster) + 1), replace=False))
    chosen.update(rng.choice(ids, size=rng.poisson(1.5), replace=False))
    codes = [keys[c] if rng.random() < 0.2 else c for c in rng.permutation(sorted(chosen))]
    return ",".join(codes)


def write_export(path: Path) -> None:
    rng = np.random.default_rng(23)
    choir = pm.atlas("choir")
    keys = dict(zip(choir.ids, choir.keys))
    with open(path, "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["record_id", "sex", "age", "pain_intensity", "bodymap"])
        for patient in range(1, PATIENTS + 1):
            cell = "none" if rng.random() < 0.03 else choir_cell(rng, choir.ids, keys)
            out.writerow([f"P{patient:05d}", rng.choice(["male", "female"]), int(rng.integers(18, 90)),
                          int(rng.integers(0, 11)), cell])


def measured(fn):
    """(result, seconds, peak MB): the first call timed (imports and all), then a second call under
    tracemalloc for the peak memory (tracemalloc slows Python code several times over; the second
    call leaves out what importing pandas allocates once, about 25 MB)."""
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return result, seconds, peak


def main() -> None:
    choir = pm.atlas("choir")
    choir.labels()  # the atlas's data, read once
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "choir_export.csv"
        write_export(path)
        size = path.stat().st_size / 1e6
        frame, read_s, read_mb = measured(lambda: pm.read_drawings(path, atlas="choir", numbering="sex"))
    present, pres_s, pres_mb = measured(lambda: choir.presence(frame["drawing"]))
    wpi, wpi_s, wpi_mb = measured(lambda: pm.atlas("wpi").presence(frame["drawing"]).sum(axis=1))
    places = [["low back"], ["neck_posterior", "shoulder_top"], ["thigh_lateral", "hip_lateral"]]
    drawn = [pm.PainDrawing.from_regions(places[k % 3], side="both") for k in range(PATIENTS)]
    painted, vert_s, vert_mb = measured(lambda: choir.presence(drawn))
    total = read_s + pres_s
    print(f"CHOIR export: {PATIENTS:,} patients, {size:.1f} MB of CSV, "
          f"{present.sum() / PATIENTS:.1f} areas per patient")
    print(f"{'job':<58} {'seconds':>8} {'peak MB':>8}")
    print(f"{'read_drawings(path, atlas=choir, numbering=sex column)':<58} {read_s:8.2f} {read_mb:8.1f}")
    print(f"{'atlas.presence(frame.drawing): from the stored codes':<58} {pres_s:8.3f} {pres_mb:8.1f}")
    print(f"{'WPI presence of the 7,000 CHOIR drawings (area overlaps)':<58} {wpi_s:8.3f} {wpi_mb:8.1f}")
    print(f"{'atlas.presence of 7,000 drawings from regions (vertices)':<58} {vert_s:8.2f} {vert_mb:8.1f}")
    print(f"read + presence: {total:.2f} s (target < 5 s), peak {max(read_mb, pres_mb):.0f} MB "
          f"(target < 200 MB); matrix {present.shape}, {int(painted.sum())} painted areas from regions; "
          f"mean WPI {wpi.mean():.1f}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    print(f"whole process: peak resident {rss:.0f} MB (Python, numpy, pandas and painmap's body included)")


if __name__ == "__main__":
    main()

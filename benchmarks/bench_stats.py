"""Statistics on a CHOIR-sized registry: 7,000 patients compared, regressed, paired, and tested by vertex.

Run:  python benchmarks/bench_stats.py

The drawings are CHOIR body-map drawings (``PainDrawing.from_segments``: a few bytes each),
made up with two groups that differ in four segments.  Peak memory is measured with
tracemalloc (numpy's buffers included), per job; the first call pays for importing SciPy,
statsmodels and pandas.  Reading the export is timed by ``bench_research.py``.
"""


import numpy as np
import pandas as pd
from _timing import HEADER, peak_mb, row, timed

import painmap as pm
from painmap.reading.atlas import atlas

PATIENTS = 7_000
PERMUTATIONS = 100


def registry(n: int = PATIENTS):
    """CHOIR drawings, groups, ages and sexes; the "widespread" group hurts more often in four segments."""
    rng = np.random.default_rng(0)
    ids = atlas("choir").ids
    base = rng.uniform(0.03, 0.3, len(ids))
    planted = [ids.index(s) for s in ("207", "208", "209", "210")]
    groups = np.where(rng.random(n) < 0.4, "widespread", "regional")
    chance = np.tile(base, (n, 1))
    chance[np.ix_(groups == "widespread", planted)] += 0.15
    hits = rng.random(chance.shape) < chance
    drawings = [pm.PainDrawing.from_segments([ids[k] for k in np.flatnonzero(h)], numbering="male")
                for h in hits]

    covariates = pd.DataFrame({"age": rng.uniform(18, 90, n), "sex": rng.choice(["female", "male"], n)})
    return drawings, list(groups), covariates


drawings, groups, covariates = registry()
print(f"{PATIENTS:,} CHOIR drawings, 74 segments, groups {sorted(set(map(str, groups)))}")
print(HEADER)
jobs = [
    ("compare, Fisher + BH (74 segments)", lambda: pm.compare(drawings, groups), 3),
    ("compare, chi-squared on counts", lambda: pm.compare(drawings, groups, test="chi2"), 3),
    ("regress on age + sex (74 logistic fits)",
     lambda: pm.regress(drawings, covariates, terms=["age", "sex"]), 1),
    ("cooccurrence (2,701 pairs)", lambda: pm.cooccurrence(drawings), 3),
    (f"compare by vertex, {PERMUTATIONS} permutations",
     lambda: pm.compare(drawings, groups, by="vertex", n_permutations=PERMUTATIONS), 1),
]
for label, job, repeat in jobs:
    first, warm = timed(job, repeat=repeat)
    print(row(label, first, warm, f"peak {peak_mb(job):.0f} MB"))
result = pm.compare(drawings, groups)
found = sorted(result.segment[result.p_adjusted < 0.05])
print(f"segments with p_adjusted < 0.05: {found} (planted: ['207', '208', '209', '210'])")

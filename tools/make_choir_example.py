"""Write the made-up CHOIR export the research tutorial reads (docs/tutorial_scripts/data/choir_export.csv).

Run:  python tools/make_choir_example.py

300 patients of a pain clinic, in the shape of a CHOIR / REDCap export: ``record_id``, ``age``,
``sex``, ``group`` (``"fibromyalgia"`` or ``"low back pain"``), ``pain_score`` (0-10) and
``bodymap``, the CHOIR segment ids the patient marked, in the numbering of the diagram for the
patient's sex (the female diagram numbers segments 112-117 differently).  Made up, with known
effects: patients with fibromyalgia mark the upper back, shoulders and arms far more often,
patients with low back pain the low back and buttocks; knee pain grows with age.  One patient's
age is missing, as happens in real exports.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from painmap.reading.atlas import atlas

OUT = Path(__file__).resolve().parents[1] / "docs" / "tutorial_scripts" / "data" / "choir_export.csv"
PATIENTS = 300
FIBRO = ("207", "208", "209", "210", "107", "110", "111", "112", "211", "214", "205", "206")
BACK = ("218", "219", "223", "224", "222", "225")
KNEES = ("129", "130", "231", "232")


def main() -> None:
    rng = np.random.default_rng(2026)
    choir = atlas("choir")
    to_female = {male: female for female, male in choir._female.items()}
    ids = choir.ids
    base = rng.uniform(0.03, 0.12, len(ids))
    rows = []
    for k in range(PATIENTS):
        group = "fibromyalgia" if k % 2 else "low back pain"
        sex = "female" if rng.random() < (0.8 if group == "fibromyalgia" else 0.55) else "male"
        age = int(np.clip(rng.normal(52, 14), 18, 90))
        chance = base.copy()
        for area in FIBRO if group == "fibromyalgia" else BACK:
            chance[ids.index(area)] += 0.45
        for area in KNEES:
            chance[ids.index(area)] += 0.5 / (1 + np.exp(-(age - 65) / 6))
        marked = [ids[j] for j in np.flatnonzero(rng.random(len(ids)) < chance)]
        if sex == "female":
            marked = [to_female.get(a, a) for a in marked]
        score = int(np.clip(round(rng.normal(6.5 if group == "fibromyalgia" else 5.5, 1.5)), 0, 10))
        rows.append([1001 + k, "" if k == 17 else age, sex, group, score, ",".join(marked) or "none"])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["record_id", "age", "sex", "group", "pain_score", "bodymap"])
        out.writerows(rows)
    print(f"wrote {OUT} ({PATIENTS} patients)")


if __name__ == "__main__":
    main()

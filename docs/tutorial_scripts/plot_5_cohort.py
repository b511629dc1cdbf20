"""
Where a cohort hurts
====================

From many patients' pain drawings to one map: the share of patients who feel pain at each
point of the body, per group, and where one group hurts more often than another.

.. painmap-docs-requires: PainDrawing, cohort, write_cohort
"""

# %%
# A study's pain drawings often arrive as a table: one row per patient and painful region
# (or per patient and surface point), with a group. Here we make up a small one, 60
# patients in two groups, and write it as CSV.
import csv

import numpy as np

import painmap as pm

rng = np.random.default_rng(7)
places = {"acute": ["low back", "buttock_upper", "sacroiliac"],
          "chronic": ["low back", "outer hip", "outer thigh", "buttock_lateral", "thigh_posterior"]}
with open("drawings.csv", "w", newline="") as f:
    table = csv.writer(f)
    table.writerow(["patient", "region", "side", "group"])
    for patient in range(60):
        group = "acute" if patient < 30 else "chronic"
        painful = [place for place in places[group] if rng.random() < 0.6] or places[group][:1]
        for place in painful:
            table.writerow([patient, place, rng.choice(["right", "left", "both"]), group])

with open("drawings.csv") as f:
    print("".join(f.readlines()[:6]))

# %%
# :func:`painmap.cohort` adds the drawings up (a sparse sum, so tens of thousands of drawings
# fit in memory). A list of :class:`painmap.PainDrawing` objects works too, with
# ``groups=[...]``.
cohort = pm.cohort("drawings.csv")
print(cohort)
for group in cohort.groups:
    print(f"{group:8} low back {cohort.region_share('lumbar_back', group=group):.0%}, "
          f"outer thigh {cohort.region_share('thigh_lateral', group=group):.0%} of patients (right side)")

# %%
# Draw it: the deeper the colour, the larger the share of patients with pain there.
pm.draw(cohort, view=["front", "back"])

# %%
# Where do chronic patients hurt more often than acute ones?
pm.draw(cohort.difference("chronic", "acute"), view="back")

# %%
# Save the map as a table (one row per surface point and group) for your own statistics.
pm.write_cohort("cohort.csv", cohort)
with open("cohort.csv") as f:
    print(f.readline().strip())

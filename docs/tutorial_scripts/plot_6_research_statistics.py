"""
Statistics of body-map data: a CHOIR export
===========================================

Most pain drawings researchers hold were not drawn on painmap's chart: they are CHOIR body
maps (74 segments; also REDCap's imagemap), stored as one cell of segment ids per patient.
Here we read such an export, compare two groups segment by segment, regress pain on age and
sex, see which segments hurt together, and test the difference over the whole body.

.. painmap-docs-requires: read_drawings, compare, regress, cooccurrence
"""

# %%
# The export
# ----------
# ``data/choir_export.csv`` is a made-up export of 300 patients of a pain clinic, shaped like
# the real ones (``tools/make_choir_example.py`` writes it): a record id, age, sex, the
# clinic's diagnosis group, a pain score, and ``bodymap``, the CHOIR segments the patient
# marked.  Women fill in the female diagram, which numbers segments 112-117 differently, so
# ``numbering="sex"`` reads each row's numbering from its ``sex`` column.
import pandas as pd

import painmap as pm

pd.set_option("display.width", 160)  # the tables below are wide
pd.set_option("display.max_columns", 12)

with open("data/choir_export.csv") as f:
    print("".join(f.readlines()[:4]))

table = pm.read_drawings("data/choir_export.csv", atlas="choir", numbering="sex")
table.head(3)

# %%
# Compare the groups
# ------------------
# :func:`painmap.compare` counts, per segment, the patients of each group with pain there,
# and tests the counts with Fisher's exact test; the p-values are adjusted for the 74 tests
# (Benjamini-Hochberg).  The odds ratio is the odds of pain in the other group over the odds
# in the reference group (the first in sorted order: here fibromyalgia), with Woolf's 95 %
# interval.
result = pm.compare(table, "group")
columns = ["segment", "name", "share_fibromyalgia", "share_low back pain", "odds_ratio", "p_adjusted"]
result.sort_values("p_value")[columns].head(8).round({"share_fibromyalgia": 3, "share_low back pain": 3,
                                                     "odds_ratio": 3})

# %%
# ``test="chi2"`` tests the same counts with Pearson's chi-squared instead (for large tables;
# the note column flags expected counts below 5), and more than two groups get the r x 2 test
# of each segment.  Draw the result: each group's share of patients with pain in each segment,
# side by side on one colour scale, then the difference, the significant segments outlined.
pm.draw(result, view=["front", "back"])

# %%
# Regress on age and sex
# ----------------------
# :func:`painmap.regress` fits, for each segment, a logistic regression of pain there on the
# covariates.  One patient's age is missing: the patient is left out, and painmap says so
# (a warning, and ``fits.attrs["excluded"]``).  Segments where too few patients hurt for the
# number of terms, or where a covariate predicts pain perfectly, are flagged in ``status``.
fits = pm.regress(table, terms=["age", "sex"])
print("left out:", fits.attrs["excluded"])
age = fits[fits.term == "age"].sort_values("p_value")
age[["segment", "name", "estimate", "odds_ratio", "p_adjusted", "events", "status"]].head(6).round(
    {"estimate": 4, "odds_ratio": 4})

# %%
# The knees: each year of age multiplies the odds of knee pain by the odds ratio shown
# (the estimate is its logarithm).  How many fits came out clean:
fits.drop_duplicates("segment").status.value_counts()

# %%
# Which segments hurt together
# ----------------------------
# :func:`painmap.cooccurrence` pairs every two segments: the patients with pain in both, and
# the phi coefficient (their correlation) and the Jaccard index (both over either).
pairs = pm.cooccurrence(table)
pairs.sort_values("phi", ascending=False)[["name_a", "name_b", "count", "phi", "jaccard"]].head(5).round(3)

# %%
# Over the whole body
# -------------------
# Segments are coarse; with ``by="vertex"`` the groups are compared at every point of the
# mesh: a permutation test whose clusters (neighbouring points past a threshold) are
# corrected for the whole body at once, as in body-map studies such as emBODY.  The same call
# works for drawings made on painmap's own chart, which are not limited to segments.
vertex = pm.compare(table, "group", by="vertex", n_permutations=200, seed=1)
print(vertex)
vertex.frame().round(4)

# %%
pm.draw(vertex, view="back")

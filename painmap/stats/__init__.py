"""Statistics of pain drawings: group comparisons, regressions and co-occurrence, per area or per vertex.

Every function works on presence: whether a patient has pain in an area of an atlas
(``by="choir"``, ``"wpi"``, ``"mbm"``, ``"regions"``), or at a vertex of the mesh
(``by="vertex"``).  Presence is kept area-level (a boolean patients x areas matrix) or
sparse (the painful vertices of each patient), never as a dense patients x vertices array.

- :func:`compare`: counts and shares per group, odds ratios, Fisher's exact test or
  chi-squared on counts, adjusted p-values; by vertex, a permutation test with cluster
  correction over the mesh (:class:`VertexComparison`);
- :func:`regress`: per area, a logistic regression of pain on covariates;
- :func:`cooccurrence`: how often two areas hurt together.

SciPy, statsmodels and pandas are an optional extra: ``pip install "painmap[stats]"``.
This part belongs to the model layer: numpy at import, no plotting library.
"""

from __future__ import annotations

from .comparison import compare
from .pairs import cooccurrence
from .regression import regress
from .vertex import Cluster, VertexComparison

__all__ = ["Cluster", "VertexComparison", "compare", "cooccurrence", "regress"]

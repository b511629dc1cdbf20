"""Reading pain: pain drawings, their measures, and cohorts of them.

The drawing side of painmap goes pattern -> surface heat -> picture; this side
goes the other way, onto the same surface: a chart painted by a patient, or
named places, become a :class:`PainDrawing` (a value per vertex of one body
shape), and many drawings a :class:`Cohort`.  Numpy only: nothing here imports a
plotting library.
"""

from __future__ import annotations

from .cohort import Cohort, CohortDifference, cohort
from .drawing import PainDrawing

__all__ = ["Cohort", "CohortDifference", "PainDrawing", "cohort"]

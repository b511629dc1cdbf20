"""painmap: where a muscle's trigger points refer pain, drawn on a human body.

Quick start::

    import painmap as pm
    fig = pm.draw("gluteus_medius", view="back")   # where its trigger points refer pain
    fig.save("gluteus-medius.svg")
    pm.heat(["piriformis", "glute med"], side="both").region("sacroiliac")

Importing painmap loads neither matplotlib nor svgwrite; they are imported when a
picture is drawn.
"""

from __future__ import annotations

from .body.camera import VIEWS, view
from .body.landmarks import landmarks
from .body.mesh import SHAPES
from .body.regions import regions
from .charts import landmark_chart, region_chart
from .errors import ChoiceError, PainmapError, PatternError
from .handout import booklet, handout
from .heat import SurfaceHeat, heat
from .lookup import Combination, Match, combinations, where
from .patterns import AmbiguousMuscleError, Pattern, UnknownMuscleError, load_pattern, muscle, muscles
from .plotting import PainMap, draw, plot
from .reading import PainDrawing
from .reading.chart import template
from .reading.cohort import Cohort, cohort
from .reading.table import (
    cohort_frame,
    drawings_frame,
    read_cohort,
    read_drawings,
    read_groups,
    write_cohort,
    write_drawings,
)

__version__ = "0.1.0"

__all__ = [
    "SHAPES",
    "VIEWS",
    "AmbiguousMuscleError",
    "ChoiceError",
    "Cohort",
    "Combination",
    "Match",
    "PainDrawing",
    "PainMap",
    "PainmapError",
    "Pattern",
    "PatternError",
    "SurfaceHeat",
    "UnknownMuscleError",
    "booklet",
    "cohort",
    "cohort_frame",
    "combinations",
    "draw",
    "drawings_frame",
    "handout",
    "heat",
    "landmark_chart",
    "landmarks",
    "load_pattern",
    "muscle",
    "muscles",
    "plot",
    "read_cohort",
    "read_drawings",
    "read_groups",
    "region_chart",
    "regions",
    "template",
    "view",
    "where",
    "write_cohort",
    "write_drawings",
]

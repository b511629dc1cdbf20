"""painmap: where a muscle's trigger points refer pain, drawn on a human body.

Quick start::

    import painmap as pm
    fig = pm.draw([], view=["front", "back"])   # the bare body
    fig.save("body.svg")

Importing painmap loads neither matplotlib nor svgwrite; they are imported when a
picture is drawn.
"""

from __future__ import annotations

from .body.camera import VIEWS
from .body.landmarks import landmarks
from .body.mesh import SHAPES
from .body.regions import regions
from .charts import landmark_chart, region_chart
from .errors import ChoiceError, PainmapError, PatternError
from .plotting import PainMap, draw, plot

__version__ = "0.1.0"

__all__ = [
    "SHAPES",
    "VIEWS",
    "ChoiceError",
    "PainMap",
    "PainmapError",
    "PatternError",
    "draw",
    "landmark_chart",
    "landmarks",
    "plot",
    "region_chart",
    "regions",
]

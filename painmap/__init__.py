"""painmap: where a muscle's trigger points refer pain, drawn on a human body.

Quick start::

    import painmap as pm
    fig = pm.draw("gluteus_medius", view="back")   # where its trigger points refer pain
    fig.save("gluteus-medius.svg")
    pm.heat(["piriformis", "glute med"], side="both").region("sacroiliac")

Importing painmap loads nothing but this file: each public name is imported from
its module the first time it is used (PEP 562), so ``import painmap`` is quick
and a command-line run pays only for what it draws.  PNG is drawn with aggdraw and
Pillow (through matplotlib where aggdraw is not installed: ``painmap --version``
says which), SVG by painmap's own element writer; matplotlib is imported only for PDF,
``PainMap.figure``, ``pm.plot``, and colour names or colormaps given by name.

The package is layered, each layer importing only those below it (the
documentation's architecture page; ``tests/test_layers.py`` enforces it): ground
(``core/``), model (``body/``, ``patterns/``, ``heat``, ``reading/``), picture
(``scene/``, ``compose/``, ``render/``, ``figure``) and entry points (this file,
``plotting``, ``anatomy``, ``handout``, ``chart/``, ``gallery``, ``cli``).
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public name -> the module (relative to this package) that defines it.
_LAZY: dict[str, str] = {
    "SHAPES": ".body.mesh",
    "VIEWS": ".body.camera",
    "TriggerPointSite": ".press",
    "AmbiguousMuscleError": ".patterns",
    "ArgumentError": ".core.errors",
    "Atlas": ".reading.atlas",
    "ArgumentTypeError": ".core.errors",
    "ChoiceError": ".core.errors",
    "DataError": ".core.errors",
    "DependencyError": ".core.errors",
    "Cohort": ".reading.cohort",
    "Combination": ".reading.lookup",
    "LimitError": ".core.errors",
    "MissingFileError": ".core.errors",
    "Match": ".reading.lookup",
    "OutputError": ".core.errors",
    "PainDrawing": ".reading",
    "PainMap": ".figure",
    "PainmapError": ".core.errors",
    "PainmapWarning": ".core.errors",
    "Pattern": ".patterns",
    "PatternError": ".core.errors",
    "Place": ".body.places",
    "SurfaceHeat": ".heat",
    "UnknownMuscleError": ".patterns",
    "VertexComparison": ".stats.vertex",
    "atlas": ".reading.atlas",
    "atlas_chart": ".anatomy",
    "booklet": ".handout",
    "cohort": ".reading.cohort",
    "cohort_frame": ".reading.cohort",
    "combinations": ".reading.lookup",
    "compare": ".stats.comparison",
    "cooccurrence": ".stats.pairs",
    "draw": ".plotting",
    "drawings_frame": ".reading.table",
    "handout": ".handout",
    "footprint": ".press",
    "heat": ".heat",
    "landmark_chart": ".anatomy",
    "landmarks": ".body.landmarks",
    "load_pattern": ".patterns",
    "muscle": ".patterns",
    "muscles": ".patterns",
    "places": ".body.places",
    "plot": ".plotting",
    "read_cohort": ".reading.cohort",
    "read_drawings": ".reading.table",
    "read_groups": ".reading.table",
    "read_place": ".body.places",
    "region_chart": ".anatomy",
    "regions": ".body.regions",
    "regress": ".stats.regression",
    "template": ".chart.template",
    "trigger_points": ".press",
    "view": ".body.camera",
    "where": ".reading.lookup",
    "write_cohort": ".reading.cohort",
    "write_drawings": ".reading.table",
}

__all__ = [
    "SHAPES",
    "VIEWS",
    "AmbiguousMuscleError",
    "ArgumentError",
    "ArgumentTypeError",
    "Atlas",
    "ChoiceError",
    "Cohort",
    "Combination",
    "DataError",
    "DependencyError",
    "LimitError",
    "Match",
    "MissingFileError",
    "OutputError",
    "PainDrawing",
    "PainMap",
    "PainmapError",
    "PainmapWarning",
    "Pattern",
    "PatternError",
    "Place",
    "SurfaceHeat",
    "TriggerPointSite",
    "UnknownMuscleError",
    "VertexComparison",
    "atlas",
    "atlas_chart",
    "booklet",
    "cohort",
    "cohort_frame",
    "combinations",
    "compare",
    "cooccurrence",
    "draw",
    "drawings_frame",
    "footprint",
    "handout",
    "heat",
    "landmark_chart",
    "landmarks",
    "load_pattern",
    "muscle",
    "muscles",
    "places",
    "plot",
    "read_cohort",
    "read_drawings",
    "read_groups",
    "read_place",
    "region_chart",
    "regions",
    "regress",
    "template",
    "trigger_points",
    "view",
    "where",
    "write_cohort",
    "write_drawings",
]


def __getattr__(name: str) -> Any:
    """Import a public name (or submodule) on first use and keep it, so the next access is a plain lookup."""
    if name not in _LAZY:  # a submodule, as after ``import painmap.patterns``
        try:
            return import_module(f".{name}", __name__)
        except ModuleNotFoundError as err:
            if err.name != f"{__name__}.{name}":
                raise
            raise AttributeError(f"module 'painmap' has no attribute {name!r}") from None
    value = getattr(import_module(_LAZY[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


class _Package(ModuleType):
    """This package's module type: importing ``painmap.heat`` or ``painmap.handout``
    never hides the public functions ``heat`` and ``handout`` of the same name."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, ModuleType) and name in _LAZY:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from .anatomy import atlas_chart, landmark_chart, region_chart
    from .body.camera import VIEWS, view
    from .body.landmarks import landmarks
    from .body.mesh import SHAPES
    from .body.places import Place, places, read_place
    from .body.regions import regions
    from .chart.template import template
    from .core.errors import (
        ArgumentError,
        ArgumentTypeError,
        ChoiceError,
        DataError,
        DependencyError,
        LimitError,
        MissingFileError,
        OutputError,
        PainmapError,
        PainmapWarning,
        PatternError,
    )
    from .figure import PainMap
    from .handout import booklet, handout
    from .heat import SurfaceHeat, heat
    from .patterns import AmbiguousMuscleError, Pattern, UnknownMuscleError, load_pattern, muscle, muscles
    from .plotting import draw, plot
    from .press import TriggerPointSite, footprint, trigger_points
    from .reading import PainDrawing
    from .reading.atlas import Atlas, atlas
    from .reading.cohort import Cohort, cohort, cohort_frame, read_cohort, write_cohort
    from .reading.lookup import Combination, Match, combinations, where
    from .reading.table import drawings_frame, read_drawings, read_groups, write_drawings
    from .stats import VertexComparison, compare, cooccurrence, regress

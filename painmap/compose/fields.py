"""Drawing pain drawings and cohorts: one more kind of field layer on the body.

:func:`painmap.draw` hands a :class:`~painmap.PainDrawing`, a
:class:`~painmap.reading.cohort.Cohort` or a cohort difference to
:class:`FieldPicture`, which builds the same panels as a pattern picture: the
bare body, plus a :class:`~painmap.scene.elements.FieldLayer` of the field, and a legend.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ..body.camera import View
from ..core.errors import DataError
from ..heat import SurfaceHeat
from ..reading.cohort import Cohort, CohortDifference
from ..reading.drawing import PainDrawing
from ..scene.elements import FieldLayer, LegendEntry, Panel, Stops
from .picture import body_panel

DRAWING_COLOR = "#d62728"
DRAWING_STOPS: Stops = ((0.0, DRAWING_COLOR, 0.0), (0.02, DRAWING_COLOR, 0.35), (1.0, DRAWING_COLOR, 0.85))
COHORT_STOPS: Stops = ((0.0, "#fcfdbf", 0.0), (0.02, "#fcd48f", 0.5), (0.3, "#fc8961", 0.75),
                       (0.65, "#b73779", 0.85), (1.0, "#51127c", 0.92))
"""Light yellow (few patients) through orange and magenta to deep purple (most patients)."""
DIFFERENCE_STOPS: Stops = ((0.0, "#2166ac", 0.9), (0.3, "#67a9cf", 0.6), (0.49, "#d1e5f0", 0.0),
                           (0.51, "#fddbc7", 0.0), (0.7, "#ef8a62", 0.6), (1.0, "#b2182b", 0.9))
"""Blue where the second group has pain more often, red where the first does."""
LEVELS = np.linspace(0.01, 0.99, 25)
PERCENT_STEP = 10


def is_field(what: object) -> bool:
    """Whether `what` is drawn as a field: a PainDrawing, a Cohort or a CohortDifference."""
    return isinstance(what, (PainDrawing, Cohort, CohortDifference))


def _scale(top: float) -> float:
    """The legend's top value: the field's maximum rounded up to a multiple of 10 %."""
    return min(1.0, max(PERCENT_STEP, np.ceil(top * 100 / PERCENT_STEP) * PERCENT_STEP) / 100)


class FieldPicture:
    """A drawing, a cohort or a cohort difference, ready to be drawn in any view.

    It offers what :func:`painmap.draw` asks of a picture: ``surface``,
    ``found``, ``panel()``, ``legend()`` and ``describe()``.
    """

    @property
    def found(self) -> list:
        """No referral patterns (no sources, no trigger points)."""
        return []

    def __init__(self, what: PainDrawing | Cohort | CohortDifference) -> None:
        self.what = what
        if isinstance(what, PainDrawing):
            values, body = what.values, what.body
            self.field, self.stops = values, DRAWING_STOPS
        elif isinstance(what, Cohort):
            values, body = what.fraction(), what.body
            self.top = _scale(float(values.max()))
            self.field, self.stops = values / self.top, COHORT_STOPS
        else:
            values, body = what.values, what.body
            self.top = _scale(float(np.abs(values).max()))
            self.field, self.stops = np.clip(0.5 + values / (2 * self.top), 0, 1), DIFFERENCE_STOPS
        if not np.abs(values).max() > 0 and not isinstance(what, CohortDifference):
            raise DataError(f"nothing to draw: the {type(what).__name__} has no pain anywhere")
        self.surface = SurfaceHeat(np.abs(values), body, (), "both")

    def panel(self, view: View, style: str, *, label: bool = False, trigger_points: bool = True) -> Panel:
        base = body_panel(self.surface.body.shape, view, style, label=label)
        field = base.projection.sample(self.field)
        layer = FieldLayer(field, self.stops, LEVELS, "pain")
        return dataclasses.replace(base, layers=[layer])

    def legend(self, trigger_points: bool = False) -> list[LegendEntry]:
        what = self.what
        if isinstance(what, PainDrawing):
            if np.all(np.isin(what.values, (0.0, 1.0))):
                return [LegendEntry("solid", "where the patient feels pain", DRAWING_COLOR)]
            return [LegendEntry("ramp", "pain drawn", stops=self.stops, low="mild", high="strong")]
        top = f"{round(100 * self.top)}%"
        if isinstance(what, Cohort):
            return [LegendEntry("ramp", f"patients with pain there (of {what.n})", stops=self.stops,
                                low="0%", high=top)]
        a, b = what.a, what.b
        return [LegendEntry("ramp", f"share of patients with pain there, {a} minus {b} (red: more often in "
                            f"{a}, blue: in {b})", stops=self.stops, low=f"-{top}", high=f"+{top}")]

    def describe(self, views: list[str]) -> str:
        shown = ", ".join(views)
        what = self.what
        if isinstance(what, PainDrawing):
            return (f"A pain drawing covering {100 * what.extent:.1f}% of the body's surface, on a "
                    f"{what.body.shape} body seen from: {shown}.")
        if isinstance(what, Cohort):
            return (f"Where {what.n} patients feel pain: the colour shows the share of patients with pain "
                    f"at each point, up to {round(100 * self.top)}%, seen from: {shown}.")
        return (f"Where group {what.a} has pain more often (red) or less often (blue) than group {what.b}, "
                f"seen from: {shown}.")

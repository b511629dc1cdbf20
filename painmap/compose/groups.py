"""Drawing a group comparison: each group's share side by side on one colour scale, and the difference.

:func:`painmap.draw` hands the result of :func:`painmap.compare` (a
:class:`~painmap.stats.VertexComparison`, or the DataFrame of a comparison over an atlas's
areas) to :class:`GroupPicture`.  For each view it draws one panel per group, the share of
its patients with pain at each point (all groups on one scale, so equal colours mean equal
shares), then, for two groups, their difference (red: more often in the first group named,
blue: in the reference), with what is significant outlined: the significant clusters of the
mesh's permutation test, or the areas whose adjusted p-value is below 0.05.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ..body.camera import View
from ..body.image import grow_mask
from ..core.errors import DataError
from ..heat import SurfaceHeat
from ..scene.elements import FieldLayer, LegendEntry, Panel, TintLayer
from ..stats.maps import GroupMaps, group_maps
from .fields import COHORT_STOPS, DIFFERENCE_STOPS, LEVELS, _scale
from .picture import body_panel

OUTLINE_COLOR = "#111111"
OUTLINE_PX = 3
"""Width of the outline of what is significant, in pixels of the panel's raster (about 0.25 cm each)."""


class GroupPicture:
    """A comparison of groups, ready to be drawn in any view (the interface of ``FieldPicture``)."""

    def __init__(self, what: object) -> None:
        self.maps: GroupMaps = group_maps(what)
        maps = self.maps
        top = max(float(s.max()) for s in maps.shares)
        if not top > 0:
            raise DataError("nothing to draw: no patient in any group has pain anywhere")
        self.top = _scale(top)
        self.spread = _scale(float(np.abs(maps.difference).max())) if maps.difference is not None else None
        self.surface = SurfaceHeat(np.max(np.stack(maps.shares), axis=0), maps.body, (), "both")

    @property
    def found(self) -> list:
        return []

    def panels(self, views: list[View], style: str, *, label: bool = True) -> list[Panel]:
        """Per group, its share in every view; then the difference in every view."""
        maps = self.maps
        out = [self._panel(view, style, share / self.top, COHORT_STOPS, f"{group} (n={size})", label)
               for group, size, share in zip(maps.groups, maps.sizes, maps.shares) for view in views]
        if maps.difference is not None:
            a, b = maps.contrast
            field = np.clip(0.5 + maps.difference / (2 * self.spread), 0, 1)
            out += [self._panel(view, style, field, DIFFERENCE_STOPS, f"{a} minus {b}", label)
                    for view in views]
        return out

    def panel(self, view: View, style: str, *, label: bool = False, trigger_points: bool = True) -> Panel:
        """One panel: the difference (or the first group's share, for more than two groups)."""
        maps = self.maps
        if maps.difference is None:
            return self._panel(view, style, maps.shares[0] / self.top, COHORT_STOPS, maps.groups[0], label)
        field = np.clip(0.5 + maps.difference / (2 * self.spread), 0, 1)
        return self._panel(view, style, field, DIFFERENCE_STOPS, "", label)

    def _panel(self, view: View, style: str, values: np.ndarray, stops, title: str, label: bool) -> Panel:
        base = body_panel(self.maps.body.shape, view, style, label=label)
        proj = base.projection
        layers: list = [FieldLayer(proj.sample(values), stops, LEVELS, "share")]
        if self.maps.outline.any() and (stops is DIFFERENCE_STOPS or self.maps.difference is None):
            band = outline_band(proj.sample(self.maps.outline.astype(float)), proj.mask)
            if band.any():
                layers.append(TintLayer(band.astype(float), OUTLINE_COLOR, 0.95, "significant"))
        text = f"{title}, {base.label.lower()}" if label and title and base.label else base.label
        return dataclasses.replace(base, layers=layers, label=text)

    def legend(self, trigger_points: bool = False) -> list[LegendEntry]:
        maps = self.maps
        top = f"{round(100 * self.top)}%"
        entries = [LegendEntry("ramp", "patients with pain there (one scale for every group)",
                               stops=COHORT_STOPS, low="0%", high=top)]
        if maps.difference is not None:
            a, b = maps.contrast
            spread = f"{round(100 * self.spread)}%"
            entries.append(LegendEntry("ramp", f"{a} minus {b} (red: more often in {a})",
                                       stops=DIFFERENCE_STOPS, low=f"-{spread}", high=f"+{spread}"))
        if maps.outline.any():
            entries.append(LegendEntry("solid", f"outlined: {maps.outline_text}", OUTLINE_COLOR))
        return entries

    def describe(self, views: list[str]) -> str:
        maps = self.maps
        groups = ", ".join(f"{g} ({n} patients)" for g, n in zip(maps.groups, maps.sizes))
        text = f"The share of patients with pain at each point of the body, per group: {groups}"
        if maps.difference is not None:
            a, b = maps.contrast
            text += f"; and where {a} has pain more often (red) or less often (blue) than {b}"
        if maps.outline.any():
            text += f"; outlined: {maps.outline_text}"
        return f"{text}. Seen from: {', '.join(views)}."


def outline_band(field: np.ndarray, body: np.ndarray | None = None, width: int = OUTLINE_PX) -> np.ndarray:
    """Pixels just inside the 0.5 level of a sampled 0/1 field: a line around it, `width` pixels wide.

    Pixels off the `body` (a mask) count as outside, so where the field runs over the edge of the
    body in this view, the line follows the silhouette and closes.

    Examples
    --------
    >>> square = np.zeros((7, 7)); square[1:6, 1:6] = 1
    >>> outline_band(square, width=1).astype(int)[3].tolist()
    [0, 1, 0, 0, 0, 1, 0]
    """
    inside = np.nan_to_num(field) >= 0.5
    if body is not None:
        inside &= body
    return inside & grow_mask(~inside, width)

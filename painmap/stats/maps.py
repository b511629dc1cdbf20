"""A comparison's result as maps on the body: each group's share, their difference, what is significant.

:func:`painmap.draw` draws a :class:`GroupMaps` (``painmap/compose/fields.py``); this module
makes one from a :class:`~painmap.stats.VertexComparison` or from the DataFrame of
:func:`painmap.compare` over an atlas's areas (each area filled with its value).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..body.mesh import Body, load_body
from ..core.errors import ArgumentError
from ..reading.atlas import atlas
from .vertex import VertexComparison

ALPHA = 0.05
"""An area of a compare table is outlined when its adjusted p-value is below this."""


@dataclass(frozen=True, eq=False)
class GroupMaps:
    """Per-vertex maps of a group comparison.

    Attributes
    ----------
    body : Body
    groups : tuple of str
    sizes : tuple of int
    shares : tuple of ndarray
        Per group, the share of its patients with pain at each vertex (0..1).
    difference : ndarray or None
        ``shares[contrast[0]] - shares[contrast[1]]`` (two groups only).
    contrast : (str, str) or None
    outline : ndarray of bool
        The vertices to outline (significant).
    outline_text : str
        What the outline means, for the legend.
    """

    body: Body
    groups: tuple[str, ...]
    sizes: tuple[int, ...]
    shares: tuple[np.ndarray, ...]
    difference: np.ndarray | None
    contrast: tuple[str, str] | None
    outline: np.ndarray
    outline_text: str


def is_result(what: object) -> bool:
    """Whether `what` is a comparison painmap can draw (a VertexComparison or a compare DataFrame)."""
    if isinstance(what, VertexComparison):
        return True
    attrs = getattr(what, "attrs", None)
    return isinstance(attrs, dict) and attrs.get("painmap") == "compare" and hasattr(what, "columns")


def group_maps(what: object) -> GroupMaps:
    """The maps of a comparison (see :func:`is_result`).

    Examples
    --------
    >>> import painmap as pm
    >>> back, hip = pm.PainDrawing.from_regions("low back"), pm.PainDrawing.from_regions("outer hip")
    >>> maps = group_maps(pm.compare([back] * 5 + [hip] * 5, ["a"] * 5 + ["b"] * 5, by="regions"))
    >>> maps.groups, maps.contrast, bool(maps.outline.any())
    (('a', 'b'), ('b', 'a'), True)
    """
    if isinstance(what, VertexComparison):
        a, b = what.groups  # b is the reference: drawn first, as in a compare table
        p = what.alpha
        return GroupMaps(what.body, (b, a), (what.sizes[b], what.sizes[a]), (what.share(b), what.share(a)),
                         what.difference, (a, b), what.mask(),
                         f"significant cluster (p < {p:g}, cluster-mass permutation test)")
    if not is_result(what):
        raise ArgumentError("result", what, "a result of painmap.compare", problem="something else")
    attrs = what.attrs
    chart, body = atlas(attrs["by"]), load_body("neutral")
    labels = chart.labels(body)
    row = {area: k for k, area in enumerate(what["segment"])}
    order = np.array([row.get(area, -1) for area in chart.ids])

    def spread(values) -> np.ndarray:
        per_area = np.where(order >= 0, np.asarray(values, dtype=float)[np.maximum(order, 0)], 0.0)
        return np.concatenate([[0.0], np.nan_to_num(per_area)])[labels]

    groups = tuple(attrs["groups"])
    shares = tuple(spread(what[f"share_{g}"]) for g in groups)
    significant = what["p_adjusted"].to_numpy(dtype=float) < ALPHA
    outline = spread(significant) > 0.5
    contrast = difference = None
    if len(groups) == 2:
        reference = attrs["reference"]
        other = next(g for g in groups if g != reference)
        contrast = (other, reference)
        difference = shares[groups.index(other)] - shares[groups.index(reference)]
    test = {"fisher": "Fisher's exact test", "chi2": "chi-squared test"}[attrs["test"]]
    adjusted = "" if attrs["correction"] == "none" else f", {attrs['correction']}-adjusted"
    return GroupMaps(body, groups, tuple(attrs["sizes"][g] for g in groups), shares, difference, contrast,
                     outline, f"significant area (p < {ALPHA:g}{adjusted}, {test})")

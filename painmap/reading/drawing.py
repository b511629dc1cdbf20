"""A pain drawing: where one patient feels pain, as one value per vertex of a body shape.

Drawings are made from region names or everyday words (:meth:`PainDrawing.from_regions`),
from a painted blank chart (:meth:`PainDrawing.from_image`), or from values
directly.  All measures are surface measures: areas come from
:attr:`Body.vertex_areas` (true skin area in cm²), never from pixels, so a
drawing's extent is the same whichever view it was drawn in.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..body.mesh import LEFT, RIGHT, Body, load_body
from ..body.regions import region_labels, region_mask
from ..body.sides import pain_side
from ..core.errors import ChoiceError, PainmapError
from .places import location_regions

SIDE_CODES = {"right": RIGHT, "left": LEFT}


def as_body(body: str | Body) -> Body:
    """A :class:`Body` from a shape name (a Body passes through)."""
    return body if isinstance(body, Body) else load_body(body)


class PainDrawing:
    """Pain on the body surface: a value in 0..1 per vertex (0 no pain) of one body shape.

    Parameters
    ----------
    values : array_like, shape (n_vertices,)
        Pain per vertex, 0..1.
    body : str or Body
        The body shape the drawing was made on.

    Examples
    --------
    >>> import painmap as pm
    >>> d = pm.PainDrawing.from_regions(["low back", "buttock_upper"], side="both")
    >>> round(d.extent, 3) > 0
    True
    >>> sorted(d.regions())[:2]
    [('buttock_upper', 'left'), ('buttock_upper', 'right')]
    """

    __slots__ = ("body", "values")

    def __init__(self, values, *, body: str | Body = "neutral") -> None:
        shape = as_body(body)
        arr = np.asarray(values, dtype=float)
        if arr.shape != (shape.n_vertices,):
            raise PainmapError(f"values has shape {arr.shape}; expected one value per vertex of the "
                               f"{shape.shape} body, shape ({shape.n_vertices},).")
        if not np.isfinite(arr).all() or arr.min() < 0 or arr.max() > 1:
            raise PainmapError("values must be finite numbers between 0 (no pain) and 1; got "
                               f"min {np.nanmin(arr):g}, max {np.nanmax(arr):g}.")
        arr = arr.copy()
        arr.setflags(write=False)
        self.values = arr
        self.body = shape

    @classmethod
    def from_regions(
        cls,
        regions: str | Sequence[str],
        *,
        side: str = "right",
        intensity: float | Sequence[float] = 1.0,
        body: str | Body = "neutral",
    ) -> PainDrawing:
        """A drawing covering whole regions, named by id or in everyday words.

        Parameters
        ----------
        regions : str or list of str
            Region ids (``"thigh_lateral"``) or words (``"outer thigh"``, ``"low back"``,
            ``"arch of the foot"``); a word naming several regions ("buttock") takes all.
        side : {"right", "left", "both"}
            The patient's side.
        intensity : float or list of float
            Pain in 0..1, one for all regions or one per entry of `regions`.
        body : str or Body

        Raises
        ------
        painmap.ChoiceError
            An unknown place or side (with the closest valid name).

        Examples
        --------
        >>> d = PainDrawing.from_regions("outer thigh", side="left", intensity=0.5)
        >>> d.values.max()
        np.float64(0.5)
        """
        pain_side(side, argument=None)
        asked = [regions] if isinstance(regions, str) else list(regions)
        if not asked:
            raise PainmapError("regions is empty; name at least one place, e.g. 'low back'.")
        levels = np.broadcast_to(np.asarray(intensity, dtype=float), (len(asked),)) \
            if np.ndim(intensity) == 0 else np.asarray(intensity, dtype=float)
        if levels.shape != (len(asked),):
            raise PainmapError(f"intensity has {levels.size} values for {len(asked)} places; "
                               "give one number, or one per place.")
        if not ((levels >= 0) & (levels <= 1)).all():
            raise PainmapError(f"intensity must be between 0 and 1; got {levels.tolist()}.")
        shape = as_body(body)
        sides = ("right", "left") if side == "both" else (side,)
        values = np.zeros(shape.n_vertices)
        for place, level in zip(asked, levels):
            for name in location_regions(place):
                for s in sides:
                    mask = region_mask(name, s, body=shape)
                    values[mask] = np.maximum(values[mask], level)
        return cls(values, body=shape)

    @classmethod
    def from_image(cls, image, *, view: str | Sequence[str] = "front", body: str | Body = "neutral",
                   paper: str = "A4") -> PainDrawing:
        """Read a painted blank chart (see :func:`painmap.template`) back onto the body.

        See :func:`painmap.chart.scan.read_chart` for what images are accepted
        and how the paint is found.

        Examples
        --------
        >>> import numpy as np, painmap as pm
        >>> from painmap.chart.template import chart_geometry
        >>> geo = chart_geometry(["back"])
        >>> mask = np.zeros((400, round(400 * geo.aspect)), bool)
        >>> mask[160:200, :] = True          # a band across the back, painted on the chart
        >>> d = pm.PainDrawing.from_image(mask, view="back")
        >>> d.extent > 0
        True
        """
        from ..chart.scan import read_chart

        return read_chart(image, views=view, body=as_body(body), paper=paper)

    @property
    def total_area(self) -> float:
        """The body's skin area in cm²."""
        return float(self.body.vertex_areas.sum())

    @property
    def extent(self) -> float:
        """Fraction of the body's surface area with pain (any intensity), 0..1."""
        areas = self.body.vertex_areas
        return float(areas[self.values > 0].sum() / areas.sum())

    @property
    def weighted_extent(self) -> float:
        """Intensity-weighted extent: sum of pain times area over the body's area, 0..1."""
        areas = self.body.vertex_areas
        return float((self.values * areas).sum() / areas.sum())

    @property
    def area(self) -> float:
        """Area with pain, in cm²."""
        return float(self.body.vertex_areas[self.values > 0].sum())

    def regions(self, *, weighted: bool = False, least: float = 0.0) -> dict[tuple[str, str], float]:
        """Each region the drawing touches, per side, with the fraction of its area covered.

        Parameters
        ----------
        weighted : bool
            Weight the covered area by the pain's intensity.
        least : float
            Leave out regions covered less than this.

        Returns
        -------
        dict
            ``{(region, side): fraction}`` in head-to-toe order, right side first.

        Examples
        --------
        >>> d = PainDrawing.from_regions("sacrum", side="right")
        >>> d.regions()[("sacrum", "right")]
        1.0
        """
        areas = self.body.vertex_areas
        codes, names = region_labels(self.body)
        hurt = self.values if weighted else (self.values > 0).astype(float)
        painted = self.values > 0
        out = {}
        for k in np.unique(codes[painted]):
            if k == 0:
                continue
            here = painted & (codes == k)
            # Midline vertices belong to both sides: a side counts when it has paint of its own.
            own = {side: bool((here & (self.body.side == code)).any()) for side, code in SIDE_CODES.items()}
            for side in ("right", "left"):
                if not own[side] and any(own.values()):
                    continue
                mask = region_mask(names[k - 1], side, body=self.body)
                share = float((hurt[mask] * areas[mask]).sum() / areas[mask].sum())
                if share > least:
                    out[(names[k - 1], side)] = round(share, 12)
        return out

    def nonzero(self) -> tuple[np.ndarray, np.ndarray]:
        """The vertices with pain and their values (a sparse form of the drawing)."""
        idx = np.flatnonzero(self.values)
        return idx, self.values[idx]

    def mirrored(self) -> PainDrawing:
        """The same drawing on the patient's other side."""
        return PainDrawing(self.values[self.body.mirror], body=self.body)

    def __or__(self, other: PainDrawing) -> PainDrawing:
        """The union of two drawings of one body (the larger value at each vertex)."""
        if not isinstance(other, PainDrawing):
            return NotImplemented
        if other.body.shape != self.body.shape:
            raise ChoiceError("body shape", other.body.shape, [self.body.shape])
        return PainDrawing(np.maximum(self.values, other.values), body=self.body)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PainDrawing):
            return NotImplemented
        return other.body.shape == self.body.shape and bool(np.array_equal(self.values, other.values))

    __hash__ = None  # type: ignore[assignment]

    @property
    def is_empty(self) -> bool:
        """True when the drawing has no pain anywhere."""
        return not self.values.any()

    def __repr__(self) -> str:
        return f"<PainDrawing body={self.body.shape} extent={100 * self.extent:.1f}%>"

"""A pain drawing: where one patient feels pain, as one value per vertex of a body shape.

Drawings are made from region names or everyday words (:meth:`PainDrawing.from_regions`),
from a painted blank chart (:meth:`PainDrawing.from_image`), or from values
directly.  All measures are surface measures: areas come from
:attr:`Body.vertex_areas` (true skin area in cm²), never from pixels, so a
drawing's extent is the same whichever view it was drawn in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from ..body.mesh import LEFT, RIGHT, Body, load_body
from ..body.places import location_regions
from ..body.regions import region_labels, region_mask
from ..body.shapes import shape_name
from ..body.sides import pain_side
from ..core import checks
from ..core.errors import ArgumentError, ArgumentTypeError, ChoiceError, shown
from .atlas import LEAST, Atlas, atlas_name
from .atlas import atlas as load_atlas

SIDE_CODES = {"right": RIGHT, "left": LEFT}


def as_body(body: str | Body, *, argument: str = "body") -> Body:
    """A :class:`Body` from a shape name (a Body passes through).

    Raises
    ------
    painmap.ChoiceError
        `body` names no body shape (the message names `argument` and the closest shape).
    """
    return body if isinstance(body, Body) else load_body(shape_name(body, argument=argument))


def _values(values: object, shape: Body) -> np.ndarray:
    """`values` as one pain value (0..1) per vertex of `shape`, checked."""
    n = shape.n_vertices
    expected = (f"one value per vertex of the {shape.shape} body, shape ({n},): finite numbers between 0 "
                "(no pain) and 1")
    if values is None or isinstance(values, (str, bytes, Mapping)):
        raise ArgumentTypeError("values", values, expected, problem=checks.kind_of(values))
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise ArgumentTypeError("values", values, expected,
                                problem=f"{checks.kind_of(values)} that does not hold numbers only") from None
    if arr.shape != (n,):
        raise ArgumentError("values", values, expected, problem=f"of shape {arr.shape}")
    bad = np.flatnonzero(~np.isfinite(arr) | (arr < 0) | (arr > 1))
    if bad.size:
        k = int(bad[0])
        finite = bool(np.isfinite(arr[k]))
        raise ArgumentError("values", values, expected,
                            problem=f"{arr[k]:g} at vertex {k} ({bad.size} values "
                                    f"{'outside 0..1' if finite else 'not finite or outside 0..1'} in all)",
                            closest=float(np.clip(arr[k], 0, 1)) if finite else None)
    return arr


class PainDrawing:
    """Pain on the body surface: a value in 0..1 per vertex (0 no pain) of one body shape.

    A drawing keeps only what it needs: the vertices with pain and their values, or, for a
    drawing read from a body map's areas (:meth:`from_segments`), the atlas and the areas.
    :attr:`values` gives the full array, one value per vertex, when it is asked for.

    Parameters
    ----------
    values : array_like, shape (n_vertices,)
        Pain per vertex, 0..1.
    body : str or Body
        The body shape the drawing was made on.

    Attributes
    ----------
    chart_id : int or None
        The id printed in the code of the chart the drawing was read from
        (:meth:`from_image`; ``painmap.template(..., chart_id=N)``), else None.  It says
        where the drawing came from: it is not part of the drawing (``==`` ignores it) and
        a drawing made from others (``|``, :meth:`mirrored`) has none.

    Raises
    ------
    painmap.ArgumentTypeError
        `values` is not numbers (text, None, ...).
    painmap.ArgumentError
        `values` has not one value per vertex, or one outside 0..1 (or not finite).

    Examples
    --------
    >>> import painmap as pm
    >>> d = pm.PainDrawing.from_regions(["low back", "buttock_upper"], side="both")
    >>> round(d.extent, 3) > 0
    True
    >>> sorted(d.regions())[:2]
    [('buttock_upper', 'left'), ('buttock_upper', 'right')]
    """

    __slots__ = ("_areas", "_atlas", "_index", "_level", "body", "chart_id")

    def __init__(self, values, *, body: str | Body = "neutral") -> None:
        shape = as_body(body)
        arr = _values(values, shape)
        self._index = np.flatnonzero(arr).astype(np.int32)
        self._level = arr[self._index].astype(float)
        self._atlas: Atlas | None = None
        self._areas: np.ndarray | None = None
        self.body = shape
        self.chart_id: int | None = None

    @classmethod
    def _sparse(cls, index: np.ndarray, level: np.ndarray, body: Body) -> PainDrawing:
        """A drawing from its painted vertices (sorted, each once) and their values in (0, 1], unchecked."""
        drawing = cls.__new__(cls)
        drawing._index, drawing._level = index.astype(np.int32), level.astype(float)
        drawing._atlas, drawing._areas, drawing.body = None, None, body
        drawing.chart_id = None
        return drawing

    @property
    def values(self) -> np.ndarray:
        """Pain per vertex, 0..1 (a new read-only array each time it is asked for)."""
        idx, level = self.nonzero()
        out = np.zeros(self.body.n_vertices)
        out[idx] = level
        out.setflags(write=False)
        return out

    @classmethod
    def from_segments(cls, codes, *, atlas: str = "choir", numbering: str | None = None,
                      body: str | Body = "neutral") -> PainDrawing:
        """A drawing of whole areas of a body map: CHOIR segments, WPI or Michigan Body Map areas.

        The drawing keeps the atlas and the areas (a few bytes), so that thousands of them fit
        in memory; its pain is 1 on every vertex of those areas.

        Parameters
        ----------
        codes : str, int or list
            The areas as a research export writes them: ``"128,117,107"`` (CHOIR ids),
            ``"b07,f01"`` (REDCap keys, any case), area names, numbers, or a list of these;
            ``""`` (or ``[]``, ``"none"``) is a drawing without pain.
        atlas : {"choir", "wpi", "mbm", "regions"}
            See :func:`painmap.atlas`.
        numbering : {"male", "female"} or None
            For CHOIR ids: the diagram they come from.  Ids 112-117 name different areas
            on the male and the female diagram, so they are refused without it.
        body : str or Body

        Raises
        ------
        painmap.ArgumentError
            An unknown code (with the closest valid one), or CHOIR ids 112-117 without a numbering.
        painmap.ChoiceError
            An unknown atlas or body shape.

        Examples
        --------
        >>> d = PainDrawing.from_segments("b07,f01", atlas="choir")
        >>> d.segments()
        ('101', '207')
        >>> PainDrawing.from_segments([113], numbering="female").segments()   # Abdomen (front-left)
        ('117',)
        """
        chosen = load_atlas(atlas_name(atlas))
        return cls._from_areas(chosen, chosen.areas(codes, numbering=numbering), as_body(body))

    @classmethod
    def _from_areas(cls, chosen: Atlas, areas: np.ndarray, body: Body) -> PainDrawing:
        """A drawing of whole areas of an atlas (1-based area numbers, sorted, each once), unchecked."""
        drawing = cls.__new__(cls)
        drawing._index = drawing._level = None
        drawing._atlas, drawing._areas, drawing.body = chosen, areas, body
        drawing.chart_id = None
        return drawing

    @property
    def atlas(self) -> str | None:
        """The atlas the drawing was read from (:meth:`from_segments`), or None."""
        return None if self._atlas is None else self._atlas.name

    def area_codes(self, atlas: Atlas | str) -> np.ndarray | None:
        """The area numbers (1-based) the drawing was read with, when it was read from `atlas`; else None."""
        if self._atlas is None or self._atlas.name != atlas_name(atlas):
            return None
        return self._areas

    def segments(self, atlas: Atlas | str | None = None, *, least: float = LEAST) -> tuple[str, ...]:
        """The ids of the areas of a body map that the drawing touches, in the map's order.

        A drawing read from `atlas` gives back its own areas; any other drawing (painted,
        from regions, from another atlas) counts an area when it covers at least `least` of
        its skin (see :meth:`painmap.Atlas.presence`).  So painmap's drawings export to CHOIR,
        WPI and the Michigan Body Map.  Without `atlas`: the atlas the drawing was read from,
        else CHOIR.

        Examples
        --------
        >>> PainDrawing.from_regions("low back", side="both").segments("wpi")
        ('11',)
        """
        chosen = load_atlas(atlas_name(atlas if atlas is not None else self.atlas or "choir"))
        hit = chosen.presence([self], least=least)[0]
        return tuple(chosen.ids[k] for k in np.flatnonzero(hit))

    def n_areas(self, by: Atlas | str | None = None, *, least: float = LEAST) -> int:
        """How many areas of a body map the drawing touches: the Widespread Pain Index with ``by="wpi"``.

        `by` is an atlas (see :meth:`segments`; without it, the atlas the drawing was read
        from, else CHOIR).

        Examples
        --------
        >>> PainDrawing.from_segments("01,03,11", atlas="wpi").n_areas()
        3
        >>> PainDrawing.from_segments("218,219,223,207", numbering="male").n_areas(by="wpi")
        3
        """
        return len(self.segments(by, least=least))

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
            An unknown place, side or body shape (with the closest valid name).
        painmap.ArgumentTypeError
            `regions` or `intensity` of the wrong kind (a number for a place, text for a pain).
        painmap.ArgumentError
            No places, an intensity outside 0..1 (or not a number), or not one per place.

        Examples
        --------
        >>> d = PainDrawing.from_regions("outer thigh", side="left", intensity=0.5)
        >>> d.values.max()
        np.float64(0.5)
        """
        asked = _places(regions)
        side = pain_side(side)
        levels = _levels(intensity, len(asked))
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
                   paper: str = "A4", qc=None) -> PainDrawing:
        """Read a painted blank chart (see :func:`painmap.template`) back onto the body.

        See :func:`painmap.chart.scan.read_chart` for what images are accepted
        and how the paint is found.  ``qc=path`` also writes a PNG of what was read
        over the registered scan, for staff to check (:mod:`painmap.chart.qc`).
        A drawing read from a picture of a chart keeps the id its code names in
        :attr:`chart_id` (None for an overlay or a mask).

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

        return read_chart(image, views=view, body=as_body(body), paper=paper, qc=qc)

    @property
    def total_area(self) -> float:
        """The body's skin area in cm²."""
        return float(self.body.vertex_areas.sum())

    @property
    def extent(self) -> float:
        """Fraction of the body's surface area with pain (any intensity), 0..1."""
        areas = self.body.vertex_areas
        return float(areas[self.nonzero()[0]].sum() / areas.sum())

    @property
    def weighted_extent(self) -> float:
        """Intensity-weighted extent: sum of pain times area over the body's area, 0..1."""
        areas = self.body.vertex_areas
        idx, level = self.nonzero()
        return float((level * areas[idx]).sum() / areas.sum())

    @property
    def area(self) -> float:
        """Area with pain, in cm²."""
        return float(self.body.vertex_areas[self.nonzero()[0]].sum())

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
        weighted = checks.flag("weighted", weighted)
        least = checks.number("least", least, 0.0, 1.0)
        areas = self.body.vertex_areas
        codes, names = region_labels(self.body)
        values = self.values
        hurt = values if weighted else (values > 0).astype(float)
        painted = values > 0
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
        """The vertices with pain (sorted) and their values (a sparse form of the drawing)."""
        if self._index is not None:
            return self._index.astype(np.intp), self._level.copy()
        assert self._atlas is not None and self._areas is not None
        idx = np.flatnonzero(np.isin(self._atlas.labels(self.body), self._areas))
        return idx, np.ones(len(idx))

    def _painted(self) -> np.ndarray:
        """The vertices with pain, sorted, without a copy (do not write to it): what a cohort counts."""
        return self._index if self._index is not None else self.nonzero()[0]

    def mirrored(self) -> PainDrawing:
        """The same drawing on the patient's other side."""
        idx, level = self.nonzero()
        twin = self.body.mirror[idx]
        order = np.argsort(twin, kind="stable")
        return PainDrawing._sparse(twin[order], level[order], self.body)

    def __or__(self, other: PainDrawing) -> PainDrawing:
        """The union of two drawings of one body (the larger value at each vertex).

        Raises
        ------
        painmap.ArgumentTypeError
            `other` is not a PainDrawing.
        painmap.ChoiceError
            The two drawings are on different body shapes.

        Examples
        --------
        >>> back = PainDrawing.from_regions("low back")
        >>> (back | PainDrawing.from_regions("sacrum")).extent > back.extent
        True
        """
        if not isinstance(other, PainDrawing):
            err = ArgumentTypeError("other", other, "another PainDrawing on the same body shape",
                                    problem=f"{checks.kind_of(other)}, not a PainDrawing")
            err.args = (f"cannot combine a PainDrawing with {shown(other)} ({checks.kind_of(other)}) "
                        "by |; expected another PainDrawing on the same body shape, as in "
                        "back | hip.",)
            raise err
        if other.body.shape != self.body.shape:
            err = ChoiceError("body shape", other.body.shape, [self.body.shape], argument="other")
            err.args = (f"cannot combine a drawing on the {self.body.shape} body with one on the "
                        f"{other.body.shape} body: they are drawn on different body shapes, whose points "
                        "do not correspond; make both drawings on one body shape (e.g. "
                        f"PainDrawing.from_regions(..., body={self.body.shape!r})).",)
            raise err
        (a, x), (b, y) = self.nonzero(), other.nonzero()
        idx = np.union1d(a, b)
        level = np.zeros(len(idx))
        np.maximum.at(level, np.searchsorted(idx, a), x)
        np.maximum.at(level, np.searchsorted(idx, b), y)
        return PainDrawing._sparse(idx, level, self.body)

    def __ror__(self, other: object) -> PainDrawing:
        """``x | drawing`` where `x` is not a drawing: an error (see :meth:`__or__`)."""
        return self.__or__(other)  # type: ignore[arg-type]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PainDrawing):
            return NotImplemented
        if other.body.shape != self.body.shape:
            return False
        (a, x), (b, y) = self.nonzero(), other.nonzero()
        return bool(np.array_equal(a, b) and np.array_equal(x, y))

    __hash__ = None  # type: ignore[assignment]

    @property
    def is_empty(self) -> bool:
        """True when the drawing has no pain anywhere."""
        return len(self.nonzero()[0]) == 0

    def __repr__(self) -> str:
        if self._atlas is not None:
            codes = ",".join(self._atlas.ids[k - 1] for k in self._areas) or "no pain"
            return f"<PainDrawing {self._atlas.name} {codes} body={self.body.shape}>"
        return f"<PainDrawing body={self.body.shape} extent={100 * self.extent:.1f}%>"


PLACES = "a place (a region id or everyday words such as 'low back') or a list of places"


def _places(regions: object) -> list[str]:
    """The places of :meth:`PainDrawing.from_regions`, checked: text, or a list of texts."""
    if isinstance(regions, str):
        return [regions]
    if isinstance(regions, (bytes, Mapping)) or not isinstance(regions, Iterable):
        raise ArgumentTypeError("regions", regions, PLACES, problem=checks.kind_of(regions),
                                closest="low back")
    asked = checks.items("regions", regions, PLACES, checks.MAX_PATTERNS)
    if not asked:
        raise ArgumentError("regions", regions, PLACES + "; name at least one place", problem="empty",
                            closest="low back")
    for place in asked:
        if not isinstance(place, str):
            raise ArgumentTypeError("regions", place, PLACES,
                                    problem=f"{checks.kind_of(place)} in the list, not a place")
        if len(place) > checks.MAX_NAME_CHARS:
            raise ArgumentError("regions", place, f"a place of at most {checks.MAX_NAME_CHARS} characters",
                                problem="too long")
    return asked


def _levels(intensity: object, n: int) -> np.ndarray:
    """The pain of each of `n` places: one number in 0..1 for all, or one per place."""
    expected = f"a pain value from 0 to 1, or a list of {n} (one per place)"
    if isinstance(intensity, np.ndarray) and intensity.ndim == 0:
        intensity = intensity.item()
    if isinstance(intensity, (str, bytes, Mapping)) or not isinstance(intensity, Iterable):
        return np.full(n, _intensity(intensity))
    levels = [_intensity(x) for x in checks.items("intensity", intensity, expected, n + 1)]
    if len(levels) != n:
        raise ArgumentError("intensity", intensity, expected, problem=f"{len(levels)} values for {n} places")
    return np.asarray(levels, dtype=float)


def _intensity(value: object) -> float:
    """One pain value, 0..1."""
    if isinstance(value, str):
        try:
            guess = float(value)
        except ValueError:
            guess = 1.0
        raise ArgumentTypeError("intensity", value, "a pain value from 0 to 1 (a number, not text)",
                                problem="a str, not a number",
                                closest=min(max(guess, 0.0), 1.0) if guess == guess else 1.0)
    return float(checks.number("intensity", value, 0.0, 1.0))

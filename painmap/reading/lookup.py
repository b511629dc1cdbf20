"""From where it hurts to the muscles that may be sending the pain: look-up by overlap.

A pain drawing and a pattern's heat are both fields on the body surface, so the
look-up compares them there, weighting every vertex by its skin area.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress
from numbers import Real
from typing import Any

import numpy as np

from ..body.mesh import Body
from ..body.places import Place, read_place
from ..body.regions import region_mask
from ..body.shapes import shape_name
from ..body.sides import PAIN_SIDES, pain_side
from ..core import checks, errors
from ..patterns import GuideEntry, Pattern, muscles
from . import ranking
from .cohort import Cohort, members
from .drawing import PainDrawing
from .ranking import EXPLAIN_WEIGHT, MISSED_FROM, PRIOR_WEIGHT, RANK_HALF  # noqa: F401 (here before)
from .table import pandas_module

__all__ = ["Combination", "Match", "combinations", "where"]


@dataclass(frozen=True)
class Match:
    """A candidate muscle for a pain drawing.

    Attributes
    ----------
    pattern : Pattern
    score : float
        ``fit * (1 + prior)``: the fit, raised for a muscle the pain guides name as a
        common source of pain there (see :func:`where`).
    heat : dict
        For each place asked (or each ``"region (side)"`` of a drawing), the share
        of it the pattern explains (0..1).
    side : str
        The side of the patient the pattern's trigger points are taken on
        (``"right"``, ``"left"`` or ``"both"``), the one that fits best.
    explained : float
        Share of the drawing (area times pain) that the pattern's heat covers.
    within : float
        Share of the pattern's heat (area times heat) that falls inside the drawing.
    missed : tuple of (region, side)
        Parts of the drawing the pattern leaves mostly unexplained.
    fit : float
        ``explained ** 0.7 * within ** 0.3`` (0..1): how well the pattern's pain
        covers the drawing, from the overlap alone.
    prior : float
        How commonly the pain guides name the muscle for pain in this place (0..1): its
        best listing's weight (1 for named first, less further down) times how closely
        that listing's place matches the drawing; 0 when no guide lists it here.
    guide : GuideEntry or None
        The listing that gave the prior (its place, rank and source).
    places : tuple of Place
        For places asked in words, what each was read as (a broad word such as "back"
        says which place it was taken to mean).
    """

    pattern: Pattern
    score: float
    heat: dict[str, float]
    side: str = "right"
    explained: float = 0.0
    within: float = 0.0
    missed: tuple[tuple[str, str], ...] = ()
    fit: float = 0.0
    prior: float = 0.0
    guide: GuideEntry | None = None
    places: tuple[Place, ...] = ()

    def __getstate__(self) -> dict[str, Any]:
        """The fields, for a pickle or a copy (with :attr:`heat` and :attr:`missed` worked out)."""
        if _LATER in self.__dict__:
            _fill(self)
        return self.__dict__


_LATER = "_later"
"""The key, in a :class:`Match` from :func:`where`, of what its :attr:`~Match.heat` and
:attr:`~Match.missed` are worked out from when first read."""
_FIELDS = tuple(Match.__dataclass_fields__)


class _Later:
    """A field of :class:`Match` that :func:`where` works out when it is first read.

    A match made by :func:`where` starts without its `heat` and `missed` (they take most of
    the time of a look-up, and most callers read only the scores); it holds ``(details, j)``
    instead, where `details` (a :class:`_Details`) works them out for all the drawing's matches
    at once.  This non-data descriptor is found only while the instance has no value of its
    own; a match made by calling ``Match(...)`` has its values from the start.
    """

    def __init__(self, name: str, default: object) -> None:
        self.name, self.default = name, default

    def __get__(self, match: Match | None, owner: type | None = None) -> Any:
        if match is None:
            if self.default is _NO_DEFAULT:
                raise AttributeError(f"type object 'Match' has no attribute {self.name!r}")
            return self.default
        return _fill(match)[self.name]


_NO_DEFAULT = object()


def _fill(match: Match) -> dict[str, Any]:
    """Work out a match's `heat` and `missed` if they are left for later; its fields, in order."""
    fields = match.__dict__
    later = fields.get(_LATER)
    if later is None:
        if "heat" in fields:  # filled meanwhile
            return fields
        raise AttributeError("this Match has no 'heat' or 'missed': it was not made by Match() or where()")
    details, j = later
    heat, missed = details.row(j)
    filled = {name: heat if name == "heat" else missed if name == "missed" else fields[name]
              for name in _FIELDS}
    object.__setattr__(match, "__dict__", filled)  # one swap: a match is never seen half filled
    return filled


Match.heat = _Later("heat", _NO_DEFAULT)  # type: ignore[assignment]
Match.missed = _Later("missed", Match.__dataclass_fields__["missed"].default)  # type: ignore[assignment]


class _Details:
    """The `heat` and `missed` of one drawing's matches, worked out for all of them when one is read.

    The drawing is held by its painted vertices (`index`) and their pain times area (`weight`);
    `patterns` and `sides` are the matches' rows of the heat table, in order; `masks` the
    vertex masks of the places asked in words (None for a drawing).
    """

    __slots__ = ("index", "masks", "patterns", "rows", "sides", "t", "weight")

    def __init__(self, t: ranking.Tables, index: np.ndarray, weight: np.ndarray, patterns: np.ndarray,
                 sides: np.ndarray, masks: Mapping[str, np.ndarray] | None) -> None:
        self.t, self.index, self.weight, self.masks = t, index, weight, masks
        self.patterns, self.sides = patterns, sides
        self.rows: list[tuple[dict[str, float], tuple[tuple[str, str], ...]]] | None = None

    def row(self, j: int) -> tuple[dict[str, float], tuple[tuple[str, str], ...]]:
        """Match `j`'s `heat` and `missed`."""
        if self.rows is None:
            self.rows = self._work_out()
        return self.rows[j]

    def _work_out(self) -> list[tuple[dict[str, float], tuple[tuple[str, str], ...]]]:
        t, idx, w, chosen, side = self.t, self.index, self.weight, self.patterns, self.sides
        touched = ranking.regions_touched(t, idx, np.array([len(idx)]))[0]
        keys, parts = ranking.region_parts(t, idx, touched)
        covered, pain = ranking.shares(t, idx, w, parts, side, chosen)
        missed = ranking.missed(t, idx, w, parts, side, chosen, covered, pain).T.tolist()
        if self.masks:
            names = list(self.masks)
            covered, pain = ranking.shares(t, idx, w, np.array([self.masks[name][idx] for name in names]),
                                           side, chosen)
        else:
            names = [f"{name} ({s})" for name, s in keys]
        share = (covered / np.maximum(pain, 1e-12)[:, None]).T.tolist()
        return [(dict(zip(names, share[j])), tuple(compress(keys, missed[j]))) for j in range(len(chosen))]


@dataclass(frozen=True)
class Combination:
    """Two or three patterns that together explain a drawing better than any one of them.

    Attributes
    ----------
    patterns : tuple of Pattern
    sides : tuple of str
        The side each pattern is taken on.
    score, explained, within : float
        The fit (as :attr:`Match.fit`: overlap alone, no prior) and the explained and
        within shares, for the patterns' combined heat.
    missed : tuple of (region, side)
    """

    patterns: tuple[Pattern, ...]
    sides: tuple[str, ...]
    score: float
    explained: float
    within: float
    missed: tuple[tuple[str, str], ...] = ()


def _as_drawing(pain, side: str, body: str | Body
                ) -> tuple[PainDrawing, dict[str, np.ndarray], tuple[Place, ...]]:
    """The drawing to look up, the vertex mask of each named place and what each was read as
    (none for a drawing)."""
    if isinstance(pain, PainDrawing):
        if pain.is_empty:
            raise _empty(pain)
        return pain, {}, ()
    pain_side(side, argument=None)
    asked = [pain] if isinstance(pain, str) else list(pain)
    drawing = PainDrawing.from_regions(asked, side=side, body=body)
    sides = ("right", "left") if side == "both" else (side,)
    read = tuple(read_place(loc) for loc in asked)
    masks = {loc: np.any([region_mask(r, s, body=drawing.body) for r in place.regions for s in sides], axis=0)
             for loc, place in zip(asked, read)}
    return drawing, masks, read


def _empty(pain: PainDrawing, which: str = "") -> errors.ArgumentError:
    """The error for an empty drawing (`which`: the drawing's place among many, e.g. "drawing 3 ")."""
    err = errors.ArgumentError("pain", pain, "a drawing with pain somewhere, or places such as 'low back'",
                               problem="empty")
    err.args = (f"the pain drawing {which}is empty: it has no pain anywhere, so nothing can be looked up; "
                "expected a drawing with pain somewhere: paint or name at least one place.",)
    return err


def _measures(d: np.ndarray, areas: np.ndarray, heat: np.ndarray) -> tuple[np.ndarray, ...]:
    """Score, explained share and within share of heat rows against one drawing (dense)."""
    weight = d * areas
    overlap = heat @ weight
    explained = overlap / weight.sum()
    mass = heat @ areas
    within = np.divide(overlap, mass, out=np.zeros_like(overlap), where=mass > 0)
    return explained ** EXPLAIN_WEIGHT * within ** (1 - EXPLAIN_WEIGHT), explained, within


def _missed(drawing: PainDrawing, parts: dict[tuple[str, str], np.ndarray],
            heat: np.ndarray) -> tuple[tuple[str, str], ...]:
    """The regions of the drawing (`parts`: vertex masks) the heat leaves mostly unexplained."""
    weight = drawing.values * drawing.body.vertex_areas
    return tuple(key for key, mask in parts.items()
                 if (weight[mask] * heat[mask]).sum() < MISSED_FROM * weight[mask].sum())


def _region_parts(drawing: PainDrawing) -> dict[tuple[str, str], np.ndarray]:
    """The painted part of each region (and side) the drawing touches (vertex masks)."""
    return {(name, side): region_mask(name, side, body=drawing.body) & (drawing.values > 0)
            for name, side in drawing.regions()}


def where(
    pain: PainDrawing | str | Sequence[str] | Sequence[PainDrawing] | Mapping[Any, PainDrawing] | Cohort,
    *,
    side: str = "right",
    body: str = "neutral",
    limit: int | None = 10,
    least: float = 0.05,
    as_frame: bool = False,
) -> Any:
    """Muscles whose referred pain best overlaps a pain drawing (or named places), best first.

    Parameters
    ----------
    pain : PainDrawing, str, list of str, or many drawings
        A drawing, or places (region ids or everyday words such as "lateral thigh",
        "low back", "arch of the foot"), which become
        ``PainDrawing.from_regions(places, side=side)``.  Or many drawings at once: a
        list of PainDrawing, a dict of patient -> PainDrawing, or a :class:`~painmap.Cohort`
        made from drawings; they are scored together, far faster than one by one.
    side : {"right", "left", "both"}
        The patient's side that hurts, for places.
    body : {"neutral", "female", "male"}
        The body shape, for places (a drawing carries its own).
    limit : int or None
        At most this many matches (per drawing).
    least : float
        Leave out patterns scoring below this.
    as_frame : bool
        Return a pandas DataFrame, one row per match (see Returns).

    Returns
    -------
    list of Match, or one per drawing
        For one drawing or places, its matches.  For a list of drawings, a list of their
        matches in the same order; for a dict or a Cohort, a dict of patient -> matches.
        With ``as_frame=True``, a tidy DataFrame instead, one row per match with the columns
        ``patient`` (for many drawings: the dict's or the cohort's key, or the position in
        the list, from 0), ``group`` (for a Cohort), ``rank`` (1 for the best), ``pattern``
        (its id), ``muscle``, ``side``, ``score``, ``fit``, ``prior``, ``explained`` and ``within``.

    Raises
    ------
    painmap.ArgumentTypeError
        Something that is not a drawing or places (or a list mixing drawings and places).
    painmap.ArgumentError
        An empty drawing (the message says which one), no places, or `limit` or `least`
        out of range.
    painmap.ChoiceError
        An unknown place, side or body shape.

    Notes
    -----
    **Method.** With ``a`` the skin area of each vertex, ``d`` the drawing (0..1)
    and ``h`` a pattern's heat (essential zone 1, spillover zone less, per its file),

    * ``explained = sum(a d h) / sum(a d)``: how much of the drawing the pattern covers;
    * ``within = sum(a d h) / sum(a h)``: how much of the pattern's pain lies in the drawing;
    * ``fit = explained ** 0.7 * within ** 0.3``: explaining the drawing counts
      most, but a pattern whose pain lies mostly elsewhere is marked down;
    * ``score = fit * (1 + prior)``, where ``prior`` (0..1) says how commonly the pain
      guides (Travell & Simons' lists of muscles by pain area, most likely first; each
      pattern file's ``[[guide]]`` entries, with their sources) name the muscle for
      pain in this place: its listing's weight, ``2 / (1 + rank)`` (1 for a muscle
      named first, 1/2 for the third), times how closely the listing's place matches the
      drawing (the area-weighted Jaccard index, 1 for the same place).

    Pain in an essential zone is stronger evidence than pain in a spillover zone
    because the essential zone's heat is higher; a pattern that covers only a corner
    of the drawing has a small `explained`, and one whose pain lies mostly elsewhere a
    small `within`.  When several patterns fit a drawing about equally, the prior puts
    the common cause first; a good fit still beats a listing with a poor one.  Each
    pattern is tried on the right, the left and both sides and keeps its best fit.
    Scores are compared exactly (no rounding); patterns with equal scores have equal
    evidence and are ordered by `explained`, then `within` (never by name).

    **Speed.** The sums run over the painted vertices only, from a table of the patterns'
    heat laid out by vertex and built once per body shape (see
    :mod:`painmap.reading.ranking`); a drawing costs a fraction of a millisecond, and many
    drawings in one call share the work (2,000 drawings take well under a second).  A
    drawing scores the same alone and among many.

    **Limits.** A referral pattern is where pain is *commonly* felt, drawn from the
    literature; the ranking says which catalog patterns fit the drawing, not what
    causes the pain, and it knows only the muscles in the catalog.  Places named in
    words fill whole regions, so they are coarser than a drawing.  This is not a
    diagnosis.  :func:`combinations` suggests muscles that together explain a
    drawing no single one covers.

    Examples
    --------
    >>> import painmap as pm
    >>> [m.pattern.id for m in pm.where(["lateral thigh", "buttock_lateral"])][:1]
    ['gluteus_minimus_anterior']

    Many drawings at once, as a table:

    >>> hip = pm.PainDrawing.from_regions(["lateral thigh", "buttock_lateral"])
    >>> temple = pm.PainDrawing.from_regions("temple", side="left")
    >>> frame = pm.where({"p1": hip, "p2": temple}, limit=2, as_frame=True)
    >>> frame[["patient", "rank", "pattern", "side"]].head(3)
      patient  rank                   pattern   side
    0      p1     1  gluteus_minimus_anterior  right
    1      p1     2          vastus_lateralis  right
    2      p2     1                temporalis   left
    """
    many = _many(pain)
    if many is None:
        pain = _locations(pain, argument="pain")
    side, body, limit, least, as_frame = _arguments(side, body, limit, least, as_frame)
    if many is None:
        if isinstance(pain, PainDrawing):  # refused by _rank if empty
            drawing, masks, read = pain, None, ()
        else:
            drawing, masks, read = _as_drawing(pain, side, body)
        (matches,) = _rank([drawing], limit, least, masks, read)
        return _frame([(None, None, matches)]) if as_frame else matches
    keys, drawings, groups = many
    for k, d in enumerate(drawings):
        if d.is_empty:
            raise _empty(d, f"{'at position ' + str(k) if keys is None else 'of patient ' + repr(keys[k])} ")
    rankings = _rank(drawings, limit, least)
    if as_frame:
        patients = range(len(drawings)) if keys is None else keys
        return _frame(list(zip(patients, groups or [None] * len(drawings), rankings)))
    return rankings if keys is None else dict(zip(keys, rankings))


def _arguments(side: object, body: object, limit: object, least: object, as_frame: object) -> tuple[Any, ...]:
    """:func:`where`'s arguments other than `pain`, checked (remembered for plain values: checking them
    costs about as much as scoring a small drawing)."""
    given = (side, body, limit, least, as_frame)
    kinds = tuple(map(type, given))
    plain = all(kind in _PLAIN for kind in kinds)
    if plain:
        known = _CHECKED.get((given, kinds))
        if known is not None:
            return known
    side = pain_side(side)
    if not isinstance(body, Body):
        body = shape_name(body)
    checked = (side, body, checks.number("limit", limit, 1, 10_000, integer=True, optional=True),
               checks.number("least", least, 0.0, 1.0), checks.flag("as_frame", as_frame))
    if plain:
        if len(_CHECKED) >= 64:
            _CHECKED.clear()
        _CHECKED[given, kinds] = checked
    return checked


_PLAIN = frozenset((str, int, float, bool, type(None)))
_CHECKED: dict[tuple, tuple] = {}
"""Arguments of :func:`where` already checked (with their types), and what they were checked as."""


DRAWINGS = ("a PainDrawing, places (a region name or words such as 'low back', or a list of them), or many "
            "drawings: a list of PainDrawing, a dict of patient -> PainDrawing or a Cohort")


def _many(pain: object) -> tuple[list | None, list[PainDrawing], list | None] | None:
    """Many drawings, as (patients or None for a list, drawings, groups or None); None for one
    drawing or places."""
    if isinstance(pain, (PainDrawing, str)):
        return None
    if isinstance(pain, Cohort):
        keys, groups, drawings = members(pain, argument="pain")
        return list(keys), list(drawings), list(groups)
    if isinstance(pain, Mapping):
        keys, drawings = list(pain), list(pain.values())
        for key, d in zip(keys, drawings):
            if not isinstance(d, PainDrawing):
                problem = f"{checks.kind_of(d)} for patient {errors.shown(key)}, not a PainDrawing"
                raise errors.ArgumentTypeError("pain", d, DRAWINGS, problem=problem)
        if not drawings:
            raise errors.ArgumentError("pain", pain, DRAWINGS, problem="an empty dict")
        return keys, drawings, None
    if pain is None or isinstance(pain, (bytes, Real)) or not isinstance(pain, Iterable):
        return None  # refused by _locations
    items = list(pain)
    drawn = [isinstance(x, PainDrawing) for x in items]
    if not any(drawn):
        return None  # places (checked by _locations)
    if not all(drawn):
        k = drawn.index(False)
        raise errors.ArgumentTypeError("pain", items[k], DRAWINGS, problem=f"{checks.kind_of(items[k])} at "
                                       f"position {k} of a list of drawings, not a PainDrawing")
    return None, items, None


def _rank(drawings: Sequence[PainDrawing], limit: int | None, least: float,
          masks: Mapping[str, np.ndarray] | None = None, read: tuple[Place, ...] = ()) -> list[list[Match]]:
    """The matches of each drawing; `masks` (vertex masks of named places, for one drawing) name the
    shares of :attr:`Match.heat` (else the regions the drawing touches)."""
    if len(drawings) == 1:
        t = ranking.tables(drawings[0].body)
        index, level = drawings[0].nonzero()
        if not len(index):
            raise _empty(drawings[0])
        return [_one(t, index, ranking.weights(t, index, level), limit, least, masks, read)]
    out: list[list[Match] | None] = [None] * len(drawings)
    shapes: dict[str, list[int]] = {}
    for k, d in enumerate(drawings):
        shapes.setdefault(d.body.shape, []).append(k)
    for positions in shapes.values():
        t = ranking.tables(drawings[positions[0]].body)
        sparse = [drawings[k].nonzero() for k in positions]
        sizes = np.fromiter((len(i) for i, _ in sparse), dtype=np.intp, count=len(sparse))
        chunk, painted = 0, 0
        for stop in range(len(positions) + 1):
            if stop < len(positions) and (stop == chunk or painted + sizes[stop] <= ranking.CHUNK_VERTICES):
                painted += sizes[stop]
                continue
            part = sparse[chunk:stop]
            index = part[0][0] if len(part) == 1 else np.concatenate([i for i, _ in part])
            level = part[0][1] if len(part) == 1 else np.concatenate([v for _, v in part])
            for k, matches in zip(positions[chunk:stop],
                                  _chunk(t, index, level, sizes[chunk:stop], limit, least, masks, read)):
                out[k] = matches
            if stop < len(positions):
                chunk, painted = stop, sizes[stop]
    return out  # type: ignore[return-value]


def _chunk(t: ranking.Tables, index: np.ndarray, level: np.ndarray, counts: np.ndarray, limit: int | None,
           least: float, masks: Mapping[str, np.ndarray] | None, read: tuple[Place, ...]
           ) -> list[list[Match]]:
    """The matches of drawings given one after the other by their painted vertices and pain (their
    `heat` and `missed` are worked out when first read, see :class:`_Later`)."""
    weight = ranking.weights(t, index, level)
    if len(counts) == 1:
        return [_one(t, index, weight, limit, least, masks, read)]
    s = ranking.score(t, index, weight, counts)
    rows = np.arange(len(counts))[:, None]
    top = s.order[:, :limit]
    kept = (s.score[rows, top] >= least).sum(axis=1).tolist()  # scores are in order: a prefix is kept
    columns = np.stack([s.score, s.side, s.explained, s.within, s.fit, s.prior, s.listing], axis=-1
                       )[rows, top].tolist()  # per drawing, per match: 7 numbers (sides and listings exact)
    ends = np.cumsum(counts).tolist()
    patterns, entries, new = t.patterns, t.entries, object.__new__
    out = []
    for row, (n, end) in enumerate(zip(kept, ends)):
        if not n:
            out.append([])
            continue
        begin = end - int(counts[row])
        chosen = top[row, :n]
        details = _Details(t, index[begin:end], weight[begin:end], chosen, s.side[row, chosen], masks)
        matches = []
        for j, (i, (score, side, explained, within, fit, prior, listing)) in enumerate(
                zip(chosen.tolist(), columns[row])):
            m = new(Match)
            m.__dict__.update(pattern=patterns[i], score=score, side=PAIN_SIDES[int(side)],
                              explained=explained, within=within, fit=fit, prior=prior,
                              guide=entries[int(listing)] if listing >= 0 else None, places=read,
                              _later=(details, j))
            matches.append(m)
        out.append(matches)
    return out


def _one(t: ranking.Tables, index: np.ndarray, weight: np.ndarray, limit: int | None, least: float,
         masks: Mapping[str, np.ndarray] | None, read: tuple[Place, ...]) -> list[Match]:
    """The matches of one drawing (as :func:`_chunk`, with :func:`ranking.score_one`)."""
    s = ranking.score_one(t, index, weight, limit)
    top = s.order
    scores = s.score.take(top).tolist()
    kept = len(scores)
    while kept and not scores[kept - 1] >= least:  # scores are in order: a prefix is kept
        kept -= 1
    if not kept:
        return []
    chosen = top[:kept]
    side = s.side.take(chosen)
    details = _Details(t, index, weight, chosen, side, masks)
    patterns, entries, new, sides = t.patterns, t.entries, object.__new__, PAIN_SIDES
    matches = []
    for j, (i, score, k, explained, within, fit, prior, listing) in enumerate(zip(
            chosen.tolist(), scores, side.tolist(), *(a.take(chosen).tolist() for a in
                                                     (s.explained, s.within, s.fit, s.prior, s.listing)))):
        m = new(Match)
        d = m.__dict__  # set item by item: the quickest way to a fresh match's fields
        d["pattern"] = patterns[i]
        d["score"] = score
        d["side"] = sides[k]
        d["explained"] = explained
        d["within"] = within
        d["fit"] = fit
        d["prior"] = prior
        d["guide"] = entries[listing] if listing >= 0 else None
        d["places"] = read
        d[_LATER] = (details, j)
        matches.append(m)
    return matches


FRAME_COLUMNS = ("rank", "pattern", "muscle", "side", "score", "fit", "prior", "explained", "within")


def _frame(rankings: list[tuple[object, str | None, list[Match]]]):
    """The matches as a tidy DataFrame (see :func:`where`)."""
    pandas = pandas_module()
    rows = [(patient, group, rank, m.pattern.id, m.pattern.name, m.side, m.score, m.fit, m.prior,
             m.explained, m.within)
            for patient, group, matches in rankings for rank, m in enumerate(matches, start=1)]
    frame = pandas.DataFrame(rows, columns=["patient", "group", *FRAME_COLUMNS])
    if all(patient is None for patient, _, _ in rankings):
        frame = frame.drop(columns="patient")
    if all(group is None for _, group, _ in rankings):
        frame = frame.drop(columns="group")
    return frame


def combinations(
    pain: PainDrawing | str | Sequence[str],
    *,
    side: str = "right",
    body: str = "neutral",
    most: int = 3,
    limit: int = 3,
    gain: float = 0.02,
) -> list[Combination]:
    """Two or three muscles that together explain a drawing better than any single one.

    Greedy cover: start from each of the `limit` best single matches and add, one
    at a time, the pattern of another muscle that raises the combined score (heat
    combined as ``1 - prod(1 - h)``) the most, while it raises it by at least
    `gain`, up to `most` patterns.  Only combinations that beat their first pattern
    are returned, best first.

    Parameters
    ----------
    pain, side, body
        As for :func:`where`.
    most : int
        At most this many patterns in a combination, 2 to 10.
    limit : int
        Start from this many of the best single matches, 1 to 100.
    gain : float
        The least rise in score (0..1) that adding a pattern must bring.

    Raises
    ------
    painmap.ArgumentTypeError, painmap.ArgumentError
        An argument of the wrong kind or out of range (the message names the
        closest valid value).

    Examples
    --------
    >>> import painmap as pm
    >>> combo = pm.combinations(["lateral thigh", "low back"])[0]
    >>> len(combo.patterns) >= 2 and combo.explained > pm.where(["lateral thigh", "low back"])[0].explained
    True
    """
    pain = _locations(pain, argument="pain")
    side = pain_side(side)
    if not isinstance(body, Body):
        body = shape_name(body)
    most = _number("most", most, 2, MOST_PATTERNS, 3, integer=True)
    limit = _number("limit", limit, 1, MOST_SEEDS, 3, integer=True)
    gain = _number("gain", gain, 0.0, 1.0, 0.02)
    drawing, _, _ = _as_drawing(pain, side, body)
    found = muscles()
    table = ranking.tables(drawing.body).heat
    areas = drawing.body.vertex_areas
    flat = table.reshape(-1, table.shape[-1])  # row = side * n + pattern
    n = len(found)
    seeds = where(drawing, limit=limit, least=0.0)
    best_single = max((seed.fit for seed in seeds), default=0.0)
    regions = _region_parts(drawing)
    out: dict[frozenset, Combination] = {}
    for seed in seeds:
        rows = [PAIN_SIDES.index(seed.side) * n + found.index(seed.pattern)]
        combined = flat[rows[0]]
        score = seed.fit
        while len(rows) < most:
            used = {found[r % n].muscle for r in rows}
            trial = 1 - (1 - combined) * (1 - flat)
            s, e, w = _measures(drawing.values, areas, trial)
            s[[r for r in range(len(flat)) if found[r % n].muscle in used]] = -1
            r = int(np.argmax(s))
            if s[r] < score + gain:
                break
            rows.append(r)
            combined, score = trial[r], float(s[r])
        if len(rows) > 1 and score > best_single:
            _, e, w = (float(x[0]) for x in _measures(drawing.values, areas, combined[None]))
            key = frozenset(rows)
            out[key] = Combination(tuple(found[r % n] for r in rows),
                                   tuple(PAIN_SIDES[r // n] for r in rows),
                                   score, e, w, _missed(drawing, regions, combined))
    return sorted(out.values(), key=lambda c: (-c.score, -c.explained))


MOST_PATTERNS = 10
"""The most patterns :func:`combinations` puts together."""
MOST_SEEDS = 100
"""The most single matches :func:`combinations` starts from."""


def _number(argument: str, value: object, low: float, high: float, default: float, *,
            integer: bool = False) -> float | int:
    """:func:`painmap.core.checks.number`, naming the closest valid value also for text, fractions and NaN
    (`default` for NaN)."""
    try:
        return checks.number(argument, value, low, high, integer=integer)
    except errors.ArgumentError as err:
        if err.closest is not None:
            raise
        try:
            guess = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError, OverflowError):
            guess = math.nan
        closest = default if guess != guess else min(max(round(guess) if integer else guess, low), high)
        problem = str(err)[len(f"{argument}={errors.shown(value)} is "):].split("; expected ", 1)[0]
        raise type(err)(argument, value, err.expected, problem=problem,
                        closest=int(closest) if integer else closest) from None


def _locations(value: object, *, argument: str = "locations") -> Any:
    """Where it hurts: a :class:`~painmap.PainDrawing` (passes through), a region name or
    everyday words, or a list of them.

    Examples
    --------
    >>> _locations("low back")
    ['low back']
    """
    if isinstance(value, PainDrawing):
        return value
    what = "a PainDrawing, a place (a region name or words such as 'low back') or a list of places"
    items = [value] if isinstance(value, str) else checks.items(argument, value, what, checks.MAX_PATTERNS)
    if not items:
        raise errors.ArgumentError(argument, value, what, problem="an empty list", closest="low back")
    for item in items:
        if not isinstance(item, str):
            raise errors.ArgumentTypeError(argument, item, what,
                                           problem=f"{checks.kind_of(item)} in the list")
        if len(item) > checks.MAX_NAME_CHARS:
            raise errors.LimitError(argument, item, f"at most {checks.MAX_NAME_CHARS} characters",
                                    problem="too long")
    return items

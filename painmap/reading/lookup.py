"""From where it hurts to the muscles that may be sending the pain: look-up by overlap.

A pain drawing and a pattern's heat are both fields on the body surface, so the
look-up compares them there, weighting every vertex by its skin area.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from ..body.mesh import Body
from ..body.places import Place, read_place
from ..body.regions import region_mask
from ..body.shapes import shape_name
from ..body.sides import PAIN_SIDES, pain_side
from ..core import checks, errors
from ..heat import on_side, pattern_heat
from ..patterns import GuideEntry, Pattern, muscles
from .drawing import PainDrawing, as_body

__all__ = ["Combination", "Match", "combinations", "where"]

EXPLAIN_WEIGHT = 0.7
"""Exponent of the explained share in the score; the pattern's share in the drawing gets the rest."""
MISSED_FROM = 0.5
"""A region of the drawing counts as left out when less than this share of it is explained."""
PRIOR_WEIGHT = 1.0
"""How much a pain guide's listing raises a score: ``score = fit * (1 + PRIOR_WEIGHT * prior)``."""
RANK_HALF = 2.0
"""A muscle listed at rank ``1 + RANK_HALF`` in a guide counts half as much as one listed first."""


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


@lru_cache(maxsize=8)
def _heat_table(shape: str, ids: tuple[str, ...]) -> np.ndarray:
    """Heat of every pattern on every side: shape (3, n_patterns, n_vertices), sides as PAIN_SIDES."""
    body = as_body(shape)
    found = {p.id: p for p in muscles()}
    right = np.array([pattern_heat(found[i], body) for i in ids]).reshape(len(ids), body.n_vertices)
    table = np.stack([on_side(right.T, s, body).T for s in PAIN_SIDES])
    table.setflags(write=False)
    return table


def _as_drawing(pain, side: str, body: str | Body
                ) -> tuple[PainDrawing, dict[str, np.ndarray], tuple[Place, ...]]:
    """The drawing to look up, the vertex mask of each named place and what each was read as
    (none for a drawing)."""
    if isinstance(pain, PainDrawing):
        if pain.is_empty:
            err = errors.ArgumentError("pain", pain, "a drawing with pain somewhere, or places such as "
                                       "'low back'", problem="empty")
            err.args = ("the pain drawing is empty: it has no pain anywhere, so nothing can be looked up; "
                        "expected a drawing with pain somewhere: paint or name at least one place.",)
            raise err
        return pain, {}, ()
    pain_side(side, argument=None)
    asked = [pain] if isinstance(pain, str) else list(pain)
    drawing = PainDrawing.from_regions(asked, side=side, body=body)
    sides = ("right", "left") if side == "both" else (side,)
    read = tuple(read_place(loc) for loc in asked)
    masks = {loc: np.any([region_mask(r, s, body=drawing.body) for r in place.regions for s in sides], axis=0)
             for loc, place in zip(asked, read)}
    return drawing, masks, read


@lru_cache(maxsize=8)
def _guide_table(shape: str, ids: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                                                              np.ndarray, tuple[GuideEntry, ...]]:
    """The pain guides' listings of every pattern, ready to weigh against a drawing.

    Returns the vertex masks of the places listed, once each, on each side (places x sides x
    vertices, sides as :data:`PAIN_SIDES`, as 0/1 floats), their areas (places x sides), the
    place of each listing, each listing's weight by rank, the pattern it belongs to, and the
    listings.
    """
    body = as_body(shape)
    found = {p.id: p for p in muscles()}
    entries = [(k, g) for k, i in enumerate(ids) for g in found[i].guide]
    names = list(dict.fromkeys(g.place for _, g in entries))
    masks = np.zeros((len(names), len(PAIN_SIDES), body.n_vertices))
    for row, name in enumerate(names):
        regions = read_place(name).regions
        right = np.any([region_mask(r, "right", body=body) for r in regions], axis=0)
        left = np.any([region_mask(r, "left", body=body) for r in regions], axis=0)
        masks[row] = [right, left, right | left]
    areas = masks @ body.vertex_areas
    place = np.array([names.index(g.place) for _, g in entries], dtype=np.intp)
    weight = np.array([RANK_HALF / (RANK_HALF + g.rank - 1) for _, g in entries])
    owner = np.array([k for k, _ in entries], dtype=np.intp)
    for a in (masks, areas, place, weight, owner):
        a.setflags(write=False)
    return masks, areas, place, weight, owner, tuple(g for _, g in entries)


def _priors(drawing: PainDrawing, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Each pattern's prior for a drawing (0..1) and the listing that gave it (-1 for none).

    A listing counts by its rank's weight times how closely its place matches the
    drawing: the area-weighted Jaccard index of the place and the pain (1 when the
    drawing is the place exactly), on the side that matches best.
    """
    masks, areas, place, weight, owner, _ = _guide_table(drawing.body.shape, tuple(p.id for p in muscles()))
    d = drawing.values * drawing.body.vertex_areas
    inside = masks @ d  # places x sides
    jaccard = (inside / (areas + d.sum() - inside)).max(axis=1)
    value = weight * jaccard[place]
    prior = np.zeros(n)
    best = np.full(n, -1, dtype=np.intp)
    for row in np.argsort(value, kind="stable"):
        if value[row] > prior[owner[row]]:
            prior[owner[row]], best[owner[row]] = value[row], row
    return prior, best


def _measures(d: np.ndarray, areas: np.ndarray, heat: np.ndarray) -> tuple[np.ndarray, ...]:
    """Score, explained share and within share of heat rows against one drawing."""
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
    """The painted part of each region (and side) the drawing touches."""
    return {(name, side): region_mask(name, side, body=drawing.body) & (drawing.values > 0)
            for name, side in drawing.regions()}


def where(
    pain: PainDrawing | str | Sequence[str],
    *,
    side: str = "right",
    body: str = "neutral",
    limit: int | None = 10,
    least: float = 0.05,
) -> list[Match]:
    """Muscles whose referred pain best overlaps a pain drawing (or named places), best first.

    Parameters
    ----------
    pain : PainDrawing, str or list of str
        A drawing, or places (region ids or everyday words such as "lateral thigh",
        "low back", "arch of the foot"), which become
        ``PainDrawing.from_regions(places, side=side)``.
    side : {"right", "left", "both"}
        The patient's side that hurts, for places.
    body : {"neutral", "female", "male"}
        The body shape, for places (a drawing carries its own).
    limit : int or None
        At most this many matches.
    least : float
        Leave out patterns scoring below this.

    Returns
    -------
    list of Match

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
    """
    pain = _locations(pain, argument="pain")
    side = pain_side(side)
    if not isinstance(body, Body):
        body = shape_name(body)
    limit = checks.number("limit", limit, 1, 10_000, integer=True, optional=True)
    least = checks.number("least", least, 0.0, 1.0)
    drawing, masks, read = _as_drawing(pain, side, body)
    found = muscles()
    table = _heat_table(drawing.body.shape, tuple(p.id for p in found))
    areas = drawing.body.vertex_areas
    per_side = np.array([_measures(drawing.values, areas, table[k]) for k in range(len(PAIN_SIDES))])
    best = np.argmax(per_side[:, 0], axis=0)
    fit, explained, within = per_side[best, :, np.arange(len(found))].T
    prior, listing = _priors(drawing, len(found))
    score = fit * (1 + PRIOR_WEIGHT * prior)
    entries = _guide_table(drawing.body.shape, tuple(p.id for p in found))[-1]
    kept = [i for i in range(len(found)) if score[i] >= least]
    order = sorted(kept, key=lambda i: (-score[i], -explained[i], -within[i]))
    regions = _region_parts(drawing)
    parts = masks or {f"{name} ({s})": mask for (name, s), mask in regions.items()}
    weight = drawing.values * areas
    matches = []
    for i in order[:limit] if limit else order:
        heat = table[best[i], i]
        shares = {name: float((weight[mask] * heat[mask]).sum() / max(weight[mask].sum(), 1e-12))
                  for name, mask in parts.items()}
        matches.append(Match(found[i], float(score[i]), shares, PAIN_SIDES[best[i]], float(explained[i]),
                             float(within[i]), _missed(drawing, regions, heat), float(fit[i]),
                             float(prior[i]), entries[listing[i]] if listing[i] >= 0 else None, read))
    return matches


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
    table = _heat_table(drawing.body.shape, tuple(p.id for p in found))
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

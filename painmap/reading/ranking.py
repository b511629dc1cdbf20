"""The arithmetic of the look-up (:func:`painmap.where`): many drawings scored at once, by a gather.

A drawing touches a few percent of the body's vertices and a pattern's heat covers a few
percent of them, so the look-up never multiplies whole tables.  Everything that does not
depend on the drawing is built once per body shape (:func:`tables`): the heat of every
pattern on every side and the guides' places, laid out by vertex (for each vertex, the
columns where it is not zero and their values), and each pattern's heat mass.  A drawing
then costs a gather of its painted vertices' entries and one ``bincount``; many drawings
share one gather.  Nothing here goes through BLAS, so nothing starts threads of its own.
A drawing looked up alone takes a path of its own (:func:`score_one`) with as few numpy
calls as it can, since at a fraction of a millisecond each call's overhead is what costs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

import numpy as np

from ..body.mesh import LEFT, RIGHT, Body
from ..body.places import read_place
from ..body.regions import region_labels, region_mask
from ..body.sides import PAIN_SIDES
from ..heat import on_side, pattern_heat
from ..patterns import GuideEntry, Pattern, muscles
from .drawing import as_body

EXPLAIN_WEIGHT = 0.7
"""Exponent of the explained share in the score; the pattern's share in the drawing gets the rest."""
MISSED_FROM = 0.5
"""A region of the drawing counts as left out when less than this share of it is explained."""
PRIOR_WEIGHT = 1.0
"""How much a pain guide's listing raises a score: ``score = fit * (1 + PRIOR_WEIGHT * prior)``."""
RANK_HALF = 2.0
"""A muscle listed at rank ``1 + RANK_HALF`` in a guide counts half as much as one listed first."""
CHUNK_VERTICES = 200_000
"""Painted vertices scored in one gather; more drawings are scored in chunks (bounded memory)."""


@dataclass(frozen=True, eq=False)
class Tables:
    """What the look-up needs that does not depend on the drawing, for one body shape.

    Attributes
    ----------
    body : Body
    patterns : tuple of Pattern
        The catalog's patterns; ``n`` of them.
    heat : ndarray, shape (3, n, n_vertices)
        The heat of every pattern on every side (sides as :data:`PAIN_SIDES`), read-only.
    start, column, value : ndarray
        The heat and the guides' places by vertex: vertex ``v``'s entries are
        ``column[start[v]:start[v + 1]]`` (``side * n + pattern`` for heat,
        ``3 * n + place * 3 + side`` for a place) with their ``value`` (the heat; 1 in a place).
    mass : ndarray, shape (3, n)
        Each pattern's heat times area, summed (``heat @ areas``).
    place_areas : ndarray, shape (places, 3)
        The skin area of each place the guides list, per side.
    place, weight, owner : ndarray
        Per listing of a guide: its place (row of `place_areas`), its weight by rank and its pattern.
    owner_start : ndarray
        Where each listed pattern's listings begin (listings are in pattern order).
    owner_count : ndarray
        How many listings each listed pattern has.
    listed : ndarray
        The patterns that have listings, in order.
    entries : tuple of GuideEntry
        The listings.
    padded_column, padded_value : ndarray, shape (n_vertices, most entries of a vertex)
        The by-vertex layout padded to one row per vertex (column 0, value 0 after a vertex's own
        entries), for scoring one drawing with a single gather.
    region_key : ndarray
        Per vertex, its region's code times 3 plus its side (left 0, midline 1, right 2).
    all_mass : bool
        Every pattern has heat somewhere, on every side.
    each, listings : ndarray
        ``0 .. n - 1`` and ``0 .. listings - 1``.
    mass_by_column : ndarray, shape (3 * n,)
        `mass` in the order of the heat's columns (``side * n + pattern``).
    place_areas_by_column : ndarray
        `place_areas` in the order of the places' columns (``place * 3 + side``).
    owner_list : list of int
        `owner` as a list.
    side_start, two, explain_weight, within_weight : ndarray
        ``[0, n, 2 n]``; 2 per pattern; :data:`EXPLAIN_WEIGHT` and ``1 - EXPLAIN_WEIGHT`` per heat
        column (numbers the single look-up would otherwise convert on every call).
    """

    body: Body
    patterns: tuple[Pattern, ...]
    heat: np.ndarray
    start: np.ndarray
    column: np.ndarray
    value: np.ndarray
    mass: np.ndarray
    place_areas: np.ndarray
    place: np.ndarray
    weight: np.ndarray
    owner: np.ndarray
    owner_start: np.ndarray
    owner_count: np.ndarray
    listed: np.ndarray
    entries: tuple[GuideEntry, ...]
    padded_column: np.ndarray
    padded_value: np.ndarray
    region_key: np.ndarray
    all_mass: bool
    each: np.ndarray
    listings: np.ndarray
    mass_by_column: np.ndarray
    place_areas_by_column: np.ndarray
    owner_list: list[int]
    side_start: np.ndarray
    two: np.ndarray
    explain_weight: np.ndarray
    within_weight: np.ndarray

    @property
    def n_columns(self) -> int:
        """Columns of the by-vertex layout: 3 sides x patterns, then places x 3 sides."""
        return 3 * len(self.patterns) + 3 * len(self.place_areas)


def tables(body: Body) -> Tables:
    """The look-up's :class:`Tables` for a body shape, with the catalog's patterns (built once, cached)."""
    found = tuple(muscles())
    shape, patterns, out = _LAST[0]
    if out is not None and shape == body.shape and patterns == found:  # the same objects: `is` is tried first
        return out
    out = _tables(body.shape, tuple(map(attrgetter("id"), found)))
    _LAST[0] = (body.shape, found, out)
    return out


_LAST: list[tuple[str, tuple[Pattern, ...], Tables | None]] = [("", (), None)]
"""The latest tables asked for, with their body shape and the patterns they were built for (naming
the patterns by id costs more than scoring a small drawing); they are also the most recent of
:func:`_tables`' cache, so this holds nothing more in memory."""


@lru_cache(maxsize=8)
def _tables(shape: str, ids: tuple[str, ...]) -> Tables:
    body = as_body(shape)
    found = {p.id: p for p in muscles()}
    patterns = tuple(found[i] for i in ids)
    right = np.array([pattern_heat(p, body) for p in patterns]).reshape(len(ids), body.n_vertices)
    heat = np.stack([on_side(right.T, s, body).T for s in PAIN_SIDES])
    areas = body.vertex_areas
    mass = np.array([heat[k] @ areas for k in range(len(PAIN_SIDES))])

    entries = [(k, g) for k, p in enumerate(patterns) for g in p.guide]
    names = list(dict.fromkeys(g.place for _, g in entries))
    masks = np.zeros((len(names), len(PAIN_SIDES), body.n_vertices))
    for row, name in enumerate(names):
        regions = read_place(name).regions
        r = np.any([region_mask(x, "right", body=body) for x in regions], axis=0)
        left = np.any([region_mask(x, "left", body=body) for x in regions], axis=0)
        masks[row] = [r, left, r | left]
    place_areas = masks @ areas
    place = np.array([names.index(g.place) for _, g in entries], dtype=np.intp)
    weight = np.array([RANK_HALF / (RANK_HALF + g.rank - 1) for _, g in entries])
    owner = np.array([k for k, _ in entries], dtype=np.intp)
    listed, owner_start, owner_count = np.unique(owner, return_index=True, return_counts=True)

    by_column = np.concatenate([heat.reshape(-1, body.n_vertices), masks.reshape(-1, body.n_vertices)])
    column, vertex = np.nonzero(by_column)
    value = by_column[column, vertex]
    by_vertex = np.argsort(vertex, kind="stable")  # by vertex, then column
    column, vertex, value = column[by_vertex], vertex[by_vertex], value[by_vertex]
    start = np.searchsorted(vertex, np.arange(body.n_vertices + 1))
    # The same entries padded to one row per vertex (column 0, value 0 after a vertex's own).
    size = np.diff(start)
    padded_column = np.zeros((body.n_vertices, max(int(size.max(initial=0)), 1)), dtype=np.intp)
    padded_value = np.zeros(padded_column.shape)
    slot = np.arange(len(vertex)) - start[vertex]
    padded_column[vertex, slot] = column
    padded_value[vertex, slot] = value
    out = Tables(body, patterns, heat, start, column, value, mass, place_areas, place, weight, owner,
                 owner_start, owner_count, listed, tuple(g for _, g in entries), padded_column, padded_value,
                 region_labels(body)[0] * 3 + (body.side.astype(np.intp) + 1), bool((mass > 0).all()),
                 np.arange(len(patterns)), np.arange(len(place)), mass.reshape(-1), place_areas.reshape(-1),
                 owner.tolist(), np.arange(3) * len(patterns), np.full(len(patterns), 2, dtype=np.intp),
                 np.full(mass.size, EXPLAIN_WEIGHT), np.full(mass.size, 1 - EXPLAIN_WEIGHT))
    for a in (heat, start, column, value, mass, place_areas, place, weight, owner, owner_start, owner_count,
              listed, padded_column, padded_value, out.region_key, out.each, out.listings, out.mass_by_column,
              out.place_areas_by_column, out.side_start, out.two, out.explain_weight, out.within_weight):
        a.setflags(write=False)
    return out


@dataclass(frozen=True, eq=False)
class Scores:
    """The measures of every pattern for each of several drawings (one row per drawing).

    ``fit``, ``explained``, ``within``, ``prior`` and ``score`` as in :class:`painmap.Match`,
    each pattern on its best side (``side``, an index into :data:`PAIN_SIDES`); ``listing``
    is the guide listing that gave the prior (-1 for none); ``order`` ranks the patterns of
    each drawing, best first.
    """

    score: np.ndarray
    fit: np.ndarray
    explained: np.ndarray
    within: np.ndarray
    prior: np.ndarray
    listing: np.ndarray
    side: np.ndarray
    order: np.ndarray


def weights(t: Tables, index: np.ndarray, level: np.ndarray) -> np.ndarray:
    """Pain times skin area at the painted vertices."""
    return level * t.body.vertex_areas[index]


def score(t: Tables, index: np.ndarray, weight: np.ndarray, counts: np.ndarray) -> Scores:
    """Score every pattern against drawings given by their painted vertices, end to end.

    Parameters
    ----------
    t : Tables
    index, weight : ndarray
        The painted vertices of the drawings one after the other, and :func:`weights` there.
    counts : ndarray of int
        How many painted vertices each drawing has (none may be empty).

    Notes
    -----
    The sums add each drawing's vertices in order whether it is scored alone or among others,
    so a drawing gets the same scores, to the last bit, either way.
    """
    rows, n, width = len(counts), len(t.patterns), t.n_columns
    if rows == 1:
        total = np.add.reduceat(weight, _FIRST)  # sum(a d)
        # The gather: each painted vertex's row of the padded layout (padding adds 0 to column 0).
        column = t.padded_column[index]
        value = t.padded_value[index]
        value *= weight[:, None]
        sums = np.bincount(column.ravel(), value.ravel(), minlength=width)[None]
    else:
        first = np.cumsum(counts) - counts
        total = np.add.reduceat(weight, first)
        # The gather: every entry of every painted vertex, weighted by the vertex's pain and area.
        begin = t.start[index]
        many = t.start[index + 1] - begin
        ends = np.cumsum(many)
        at = np.arange(ends[-1]) + np.repeat(begin - ends + many, many)
        column = t.column[at] + np.repeat(np.repeat(np.arange(rows) * width, counts), many)
        value = t.value[at] * np.repeat(weight, many)
        sums = np.bincount(column, value, minlength=rows * width).reshape(rows, width)

    overlap = sums[:, :3 * n].reshape(rows, 3, n)
    explained = overlap / total[:, None, None]
    if t.all_mass:
        within = overlap / t.mass
    else:
        within = np.divide(overlap, t.mass, out=np.zeros_like(overlap), where=t.mass > 0)
    fit = explained ** EXPLAIN_WEIGHT * within ** (1 - EXPLAIN_WEIGHT)
    side = np.argmax(fit, axis=1)
    pick = (np.arange(rows)[:, None], side, t.each)
    fit, explained, within = fit[pick], explained[pick], within[pick]

    prior = np.zeros((rows, n))
    listing = np.full((rows, n), -1, dtype=np.intp)
    if len(t.place):
        inside = sums[:, 3 * n:].reshape(rows, -1, 3)
        jaccard = (inside / (t.place_areas + total[:, None, None] - inside)).max(axis=2)
        value = t.weight * jaccard[:, t.place]
        best = np.maximum.reduceat(value, t.owner_start, axis=1)
        at_best = np.where(value == np.repeat(best, t.owner_count, axis=1), t.listings, len(t.place))
        first_best = np.minimum.reduceat(at_best, t.owner_start, axis=1)
        prior[:, t.listed] = best  # 0 when no listing's place meets the drawing
        listing[:, t.listed] = np.where(best > 0, first_best, -1)
    total_score = fit * (1 + PRIOR_WEIGHT * prior)
    order = np.lexsort((-within, -explained, -total_score), axis=-1)
    return Scores(total_score, fit, explained, within, prior, listing, side, order)


_FIRST = np.zeros(1, dtype=np.intp)


def score_one(t: Tables, index: np.ndarray, weight: np.ndarray, limit: int | None = None) -> Scores:
    """:func:`score` for one drawing, in fewer and cheaper steps: the same numbers to the last bit.

    The arrays are those of :func:`score`'s one row (1-D); `order` holds only the first `limit`
    patterns (all of them for None).  Reductions along an axis, sorting every pattern and
    arithmetic with Python numbers cost more than the sums themselves for a small drawing, so
    this takes the best side with element-wise comparisons, the priors from the few listings
    whose place the drawing meets, and sorts only the patterns that can come first.
    """
    n = len(t.patterns)
    total = np.add.reduceat(weight, _FIRST)  # sum(a d), summed as in score
    # The gather: each painted vertex's row of the padded layout (padding adds 0 to column 0).
    column = t.padded_column.take(index, axis=0)
    value = t.padded_value.take(index, axis=0)
    value *= weight[:, None]
    sums = np.bincount(column.ravel(), value.ravel(), minlength=t.n_columns)

    overlap = sums[:3 * n]
    explained = overlap / total
    if t.all_mass:
        within = overlap / t.mass_by_column
    else:
        within = np.divide(overlap, t.mass_by_column, out=np.zeros_like(overlap), where=t.mass_by_column > 0)
    fit = np.power(explained, t.explain_weight) * np.power(within, t.within_weight)
    # The best side of each pattern, the first of equals (as argmax): right, unless left is better, unless
    # both sides are better than either.
    right, left, both = fit[:n], fit[n:2 * n], fit[2 * n:]
    side = np.where(both > np.maximum(right, left), t.two, left > right)
    pick = t.side_start.take(side)
    pick += t.each
    fit, explained, within = fit.take(pick), explained.take(pick), within.take(pick)

    prior = np.zeros(n)
    listing = np.full(n, -1, dtype=np.intp)
    if len(t.place):
        inside = sums[3 * n:]  # place * 3 + side
        share = inside / (t.place_areas_by_column + total - inside)
        jaccard = np.maximum(np.maximum(share[0::3], share[1::3]), share[2::3])
        value = t.weight * jaccard.take(t.place)
        met = value.nonzero()[0]  # the listings whose place the drawing meets, in order
        if len(met):
            best: dict[int, tuple[float, int]] = {}
            owners = t.owner_list
            for k, v in zip(met.tolist(), value.take(met).tolist()):
                if v > best.get(owners[k], _NONE)[0]:  # the first of equals stays
                    best[owners[k]] = (v, k)
            patterns = list(best)
            prior[patterns] = [v for v, _ in best.values()]
            listing[patterns] = [k for _, k in best.values()]
    total_score = fit * (1 + PRIOR_WEIGHT * prior)
    order = _first(total_score, explained, within, limit)
    return Scores(total_score, fit, explained, within, prior, listing, side, order)


_NONE = (0.0, -1)


def _first(score: np.ndarray, explained: np.ndarray, within: np.ndarray, limit: int | None) -> np.ndarray:
    """The first `limit` patterns by score, then explained, then within, then place in the catalog: the
    start of ``np.lexsort((-within, -explained, -score))``, sorting only the patterns that can be there."""
    n = len(score)
    if limit is None or limit >= n:
        return np.lexsort((-within, -explained, -score))
    cut = np.partition(score, n - limit)[n - limit]  # the limit-th highest score
    near = (score >= cut).nonzero()[0]  # ties at the cut included, in catalog order
    if len(near) > 2 * limit:
        return near.take(np.lexsort((-within.take(near), -explained.take(near), -score.take(near))))[:limit]
    # Highest first; among equals the first in the catalog (the highest negated place).
    key = zip(score.take(near).tolist(), explained.take(near).tolist(), within.take(near).tolist(),
              (-near).tolist())
    return np.array([-k[3] for k in sorted(key, reverse=True)[:limit]], dtype=np.intp)


def regions_touched(t: Tables, index: np.ndarray, counts: np.ndarray) -> list[list[tuple[int, bool, bool]]]:
    """For each drawing (its painted vertices `index`, `counts` of them, one drawing after the other),
    the regions it touches in head-to-toe order, as ``(code, paint on the right, paint on the left)``
    (paint on the midline alone counts on neither)."""
    width = 3 * len(region_labels(t.body)[1]) + 3
    key = t.region_key[index]  # region code * 3 + side: left 0, midline 1, right 2
    if len(counts) > 1:
        key = key + np.repeat(np.arange(len(counts)) * width, counts)
    present = np.bincount(key, minlength=len(counts) * width).reshape(len(counts), -1, 3)[:, 1:]
    row, code = np.nonzero(present.any(axis=2))
    out: list[list[tuple[int, bool, bool]]] = [[] for _ in counts]
    for r, k, (left, _, right) in zip(row.tolist(), code.tolist(), present[row, code].tolist()):
        out[r].append((k + 1, right > 0, left > 0))
    return out


def region_parts(t: Tables, index: np.ndarray, touched: list[tuple[int, bool, bool]]
                 ) -> tuple[list[tuple[str, str]], np.ndarray]:
    """The regions (and sides) a drawing touches, as :meth:`PainDrawing.regions` names and orders them
    (a side counts when it has paint of its own, both when only the midline has), and which of the
    painted vertices `index` lie in each (parts x painted vertices)."""
    codes, names = region_labels(t.body)
    keys, kept, away = [], [], []
    for k, right, left in touched:
        if right or not left:
            keys.append((names[k - 1], "right"))
            kept.append(k)
            away.append(LEFT)
        if left or not right:
            keys.append((names[k - 1], "left"))
            kept.append(k)
            away.append(RIGHT)
    inside = ((codes[index] == np.array(kept, dtype=codes.dtype)[:, None])
              & (t.body.side[index] != np.array(away, dtype=t.body.side.dtype)[:, None]))
    return keys, inside


def shares(t: Tables, index: np.ndarray, weight: np.ndarray, parts: np.ndarray, side: np.ndarray,
           pattern: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each part (a mask over the painted vertices) and each of some patterns (on a side): the
    part's pain that the pattern's heat covers, ``sum(a d h)`` (parts x patterns), and the part's
    pain, ``sum(a d)``."""
    heat = t.heat[side[:, None], pattern[:, None], index[None, :]]  # patterns x painted vertices
    part_weight = parts * weight
    return np.einsum("pv,kv->pk", part_weight, heat), part_weight.sum(axis=1)


def missed(t: Tables, index: np.ndarray, weight: np.ndarray, parts: np.ndarray, side: np.ndarray,
           pattern: np.ndarray, covered: np.ndarray, pain: np.ndarray) -> np.ndarray:
    """Which parts each pattern leaves mostly unexplained: ``covered < MISSED_FROM * pain`` (parts x
    patterns, from :func:`shares`).

    Heat is often exactly 0.5 or 1, so a share can fall exactly on :data:`MISSED_FROM`; there the
    sums are redone in the order of a sum over the part's vertices (numpy's pairwise sum), so the
    answer does not depend on how the sums were grouped.
    """
    out = covered < MISSED_FROM * pain[:, None]
    near = np.abs(covered - MISSED_FROM * pain[:, None]) <= 1e-9 * pain[:, None]
    for p, k in zip(*np.nonzero(near)):
        mask = parts[p]
        heat = t.heat[side[k], pattern[k], index[mask]]
        out[p, k] = (weight[mask] * heat).sum() < MISSED_FROM * weight[mask].sum()
    return out

"""The arithmetic of the look-up (:func:`painmap.where`): many drawings scored at once, by a gather.

A drawing touches a few percent of the body's vertices and a pattern's heat covers a few
percent of them, so the look-up never multiplies whole tables.  Everything that does not
depend on the drawing is built once per body shape (:func:`tables`): the heat of every
pattern on every side and the guides' places, laid out by vertex (for each vertex, the
columns where it is not zero and their values), and each pattern's heat mass.  A drawing
then costs a gather of its painted vertices' entries and one ``bincount``; many drawings
share one gather.  Nothing here goes through BLAS, so nothing starts threads of its own.
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

    @property
    def n_columns(self) -> int:
        """Columns of the by-vertex layout: 3 sides x patterns, then places x 3 sides."""
        return 3 * len(self.patterns) + 3 * len(self.place_areas)


def tables(body: Body) -> Tables:
    """The look-up's :class:`Tables` for a body shape, with the catalog's patterns (built once, cached)."""
    return _tables(body.shape, tuple(map(attrgetter("id"), muscles())))


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
                 np.arange(len(patterns)), np.arange(len(place)))
    for a in (heat, start, column, value, mass, place_areas, place, weight, owner, owner_start, owner_count,
              listed, padded_column, padded_value, out.region_key, out.each, out.listings):
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

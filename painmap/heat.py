"""Heat on the body surface: one value per vertex, 0 (no pain) to 1 (pain is common).

Each stroke of a pattern gives every vertex a value that falls off smoothly with
distance from the stroke, and with the angle between the vertex's surface normal
and the stroke's, so heat on the front of a thigh does not show through on its
back, nor heat on the flank on the inner arm.  Strokes, and patterns, combine as
independent chances: ``1 - prod(1 - h_i)``; two likely sources make a place more
likely, never more than certain.  A pattern is authored for the patient's right
side; the left side is its mirror image through the mesh's mirror table.

Patterns are measured on one body, :data:`MEASURED_ON` (their offsets and radii
are centimetres on it), and the heat, one value per vertex, carries over to every
other body unchanged: every shape shares one topology, so each zone covers the
same skin, in proportion, on a woman, a man, a child or an older adult.

Anchors (a landmark plus an offset) land on continuous surface points, between
vertices (:mod:`painmap.body.surface`), so trigger points a centimetre apart stay
apart and a small change of offset moves a stroke by that much.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np

from .body.landmarks import landmark_point
from .body.mesh import Body, Shape, load_body
from .body.regions import region_mask
from .body.sides import pain_side
from .body.surface import SurfacePoint, closest_point
from .core.cache import cached, source_digest
from .patterns.catalog import resolve
from .patterns.schema import DEEP_INTENSITY, Anchor, Blob, Chain, Pattern, RegionFill

HeatSide = Literal["right", "left", "both"]
MEASURED_ON = "neutral"  # the body whose centimetres patterns are written in

CORE = 0.3          # fraction of a stroke's radius held at full intensity
COS_FULL = 0.64     # surfaces turned less than ~50 degrees from the stroke's get full heat
COS_NONE = -0.26    # ... and none beyond ~105 degrees
CHAIN_STEP_CM = 1.0
_CODE = source_digest(__file__)  # heat entries depend on this module's code


@dataclass(frozen=True, eq=False)
class SurfaceHeat:
    """Heat per vertex of one body, from one or more patterns on one or both sides.

    Attributes
    ----------
    values : ndarray, shape (n,)
        Heat in 0..1 per vertex.
    body : Body
    patterns : tuple of Pattern
    side : {"right", "left", "both"}

    Examples
    --------
    >>> import painmap as pm
    >>> h = pm.heat("gluteus_medius")
    >>> h.region("sacroiliac") > 0.6, h.region("foot_sole") < 0.1
    (True, True)
    """

    values: np.ndarray
    body: Body
    patterns: tuple[Pattern, ...]
    side: str

    def region(self, name: str, side: str = "right") -> float:
        """Maximum heat in a region on one side of the patient (0..1)."""
        return float(self.values[region_mask(name, side, body=self.body)].max())

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        return self.values if dtype is None else self.values.astype(dtype)

    def __len__(self) -> int:
        return len(self.values)

    def __repr__(self) -> str:
        names = ", ".join(p.id for p in self.patterns) or "no pattern"
        return f"<SurfaceHeat {names} side={self.side} body={self.body.shape} max={self.values.max():.2f}>"


def heat(
    patterns: str | Pattern | Sequence[str | Pattern],
    *,
    side: HeatSide = "right",
    body: Shape = "neutral",
) -> SurfaceHeat:
    """Heat on the body surface for one or more patterns.

    Parameters
    ----------
    patterns : name, Pattern or list of them
        Pattern ids, names or aliases (a muscle with several parts gives them all).
    side : {"right", "left", "both"}
        The patient's side the trigger points are on.
    body : str
        Body shape, one of ``pm.SHAPES`` (forgiving spellings work, e.g. ``"older woman"``).

    Returns
    -------
    SurfaceHeat

    Examples
    --------
    >>> import painmap as pm
    >>> both = pm.heat(["gluteus_medius", "piriformis"], side="both")
    >>> round(both.region("buttock_upper", "left"), 2) == round(both.region("buttock_upper", "right"), 2)
    True
    """
    pain_side(side, argument=None)
    found = tuple(resolve(patterns))
    shape = load_body(body)
    right = combine(pattern_heat(p, shape) for p in found) if found else np.zeros(shape.n_vertices)
    return SurfaceHeat(on_side(right, side, shape), shape, found, side)


def on_side(right: np.ndarray, side: str, body: Body) -> np.ndarray:
    """Heat authored on the right side, moved to `side` ("right", "left" or "both")."""
    if side == "right":
        return right
    mirrored = right[body.mirror]
    return mirrored if side == "left" else combine([right, mirrored])


def combine(fields: Iterable[np.ndarray]) -> np.ndarray:
    """Combine heat fields as independent chances: ``1 - prod(1 - h)``.

    Examples
    --------
    >>> combine([np.array([0.5, 0.0]), np.array([0.5, 1.0])]).tolist()
    [0.75, 1.0]
    """
    miss = None
    for f in fields:
        miss = 1.0 - f if miss is None else miss * (1.0 - f)
    if miss is None:
        raise ValueError("combine() needs at least one field")
    return 1.0 - miss


def pattern_heat(pattern: Pattern, body: Body) -> np.ndarray:
    """Heat per vertex of one pattern on the patient's right side, measured on :data:`MEASURED_ON`.

    The same array for every body (each zone covers the same skin on all of them);
    cached in memory and on disk (:func:`measured`).  Read-only.
    """
    return measured(pattern).heat


@dataclass(frozen=True, eq=False)
class Measured:
    """What a pattern puts on the surface of :data:`MEASURED_ON`, right side: heat and trigger points.

    Attributes
    ----------
    heat : ndarray, shape (n_vertices,)
        Read-only.
    trigger_points : tuple of SurfacePoint
        One per trigger point of the pattern, in order.
    """

    heat: np.ndarray
    trigger_points: tuple[SurfacePoint, ...]


@lru_cache(maxsize=256)
def measured(pattern: Pattern) -> Measured:
    """The heat and trigger points of a pattern, kept in memory and in painmap's disk cache.

    Finding where the anchors land on the surface is most of the cost of a first
    picture; reading the result back takes a millisecond.  The entry is keyed by
    the pattern's strokes and trigger points (:func:`pattern_digest`), this
    module's code and the body data (:mod:`painmap.core.cache`); the arrays are the
    same computed or loaded, so a cold and a warm cache draw the same bytes.

    Examples
    --------
    >>> import painmap as pm
    >>> m = measured(pm.muscle("gluteus_medius"))
    >>> len(m.trigger_points) == len(pm.muscle("gluteus_medius").trigger_points)
    True
    """
    data = cached("heat", (pattern_digest(pattern), MEASURED_ON, _CODE), lambda: _measure(pattern))
    n = load_body(MEASURED_ON).n_vertices
    heat = np.zeros(n)
    heat[data["hot"]] = data["values"]
    heat.setflags(write=False)
    points = tuple(SurfacePoint(tuple(int(v) for v in vs), tuple(float(w) for w in ws))
                   for vs, ws in zip(data["tp_vertices"], data["tp_weights"]))
    return Measured(heat, points)


def pattern_digest(pattern: Pattern) -> str:
    """Hash of what a pattern's heat and trigger points are computed from (its strokes and anchors).

    Names, summary, labels and sources do not enter: they change no heat.

    Examples
    --------
    >>> import dataclasses, painmap as pm
    >>> p = pm.muscle("piriformis")
    >>> pattern_digest(p) == pattern_digest(dataclasses.replace(p, summary="other words"))
    True
    """
    what = (tuple(tp.at for tp in pattern.trigger_points), pattern.essential, pattern.spillover)
    return hashlib.blake2b(repr(what).encode(), digest_size=16).hexdigest()


def _measure(pattern: Pattern) -> dict[str, np.ndarray]:
    """The arrays of a :func:`measured` entry: nonzero heat only (exact float64), trigger points."""
    body = load_body(MEASURED_ON)
    fields = [_stroke_heat(stroke, body) for stroke in pattern.strokes]
    heat = combine(fields)
    hot = np.flatnonzero(heat)
    points = [anchor_point(tp.at, body) for tp in pattern.trigger_points]
    return {"hot": hot.astype(np.int32), "values": heat[hot],
            "tp_vertices": np.array([p.vertices for p in points], dtype=np.int32).reshape(-1, 3),
            "tp_weights": np.array([p.weights for p in points], dtype=float).reshape(-1, 3)}


@lru_cache(maxsize=256)
def footprint_field(pattern: Pattern) -> np.ndarray:
    """The muscle's footprint per vertex on the patient's right side (1 over the belly where it
    can be felt, :data:`~painmap.patterns.schema.DEEP_INTENSITY` where it lies deep, 0 elsewhere);
    zeros for a pattern without one.  Kept in memory; read-only.

    Examples
    --------
    >>> import painmap as pm
    >>> float(footprint_field(pm.muscle("piriformis")).max()) in (0.0, 0.5, 1.0)
    True
    """
    superficial, deep = footprint_parts(pattern)
    field = np.maximum(superficial, deep * DEEP_INTENSITY)
    field.setflags(write=False)
    return field


@lru_cache(maxsize=256)
def footprint_parts(pattern: Pattern) -> tuple[np.ndarray, np.ndarray]:
    """The footprint's parts that can be felt and those that lie deep, each per vertex on the
    patient's right side and each up to 1 (zeros where the pattern has no such part); read-only.

    Examples
    --------
    >>> import painmap as pm
    >>> superficial, deep = footprint_parts(pm.muscle("piriformis"))  # under gluteus maximus
    >>> float(superficial.max()), float(deep.max())
    (0.0, 1.0)
    """
    body = load_body(MEASURED_ON)
    parts = []
    for deep in (False, True):
        fields = [_stroke_heat(part.stroke, body) / (DEEP_INTENSITY if deep else 1.0)
                  for part in pattern.footprint if part.deep == deep]
        field = np.max(fields, axis=0) if fields else np.zeros(body.n_vertices)
        field.setflags(write=False)
        parts.append(field)
    return parts[0], parts[1]


def trigger_point_vertices(pattern: Pattern, body: Body, side: str = "right") -> list[int]:
    """Mesh vertices nearest a pattern's trigger points (both sides' for ``"both"``)."""
    return [p.nearest_vertex for p in trigger_point_locations(pattern, body, side)]


def trigger_point_locations(pattern: Pattern, body: Body, side: str = "right") -> list[SurfacePoint]:
    """Surface points of a pattern's trigger points (right side first for ``"both"``).

    Examples
    --------
    >>> import painmap as pm
    >>> from painmap.body.mesh import load_body
    >>> body = load_body()
    >>> a, b = trigger_point_locations(pm.muscle("rhomboids"), body)[:2]
    >>> float(np.linalg.norm(a.position(body) - b.position(body))) > 1.5
    True
    """
    pain_side(side, argument=None)
    right = list(measured(pattern).trigger_points)
    if side == "right":
        return right
    left = [p.mirrored(body) for p in right]
    return left if side == "left" else right + left


def anchor_point(anchor: Anchor, body: Body) -> SurfacePoint:
    """The surface point an anchor (landmark plus offset) lands on, on the patient's right side.

    The offset is taken in space from the landmark, then brought to the nearest
    point of the skin that faces the landmark's way, on :data:`MEASURED_ON` (the
    point, being topology, then serves every body).
    """
    return _anchor_point(anchor, MEASURED_ON)


def anchor_vertex(anchor: Anchor, body: Body) -> int:
    """The mesh vertex nearest an anchor's surface point."""
    return anchor_point(anchor, body).nearest_vertex


@lru_cache(maxsize=4096)
def _anchor_point(anchor: Anchor, shape: str) -> SurfacePoint:
    body = load_body(shape)
    base = landmark_point(anchor.landmark, "right", body=body)
    if not any(anchor.offset):
        return base
    lateral, up, forward = anchor.offset
    target = base.position(body) + np.array([-lateral, up, forward])
    return closest_point(body, target, base.normal(body))


def _falloff(t: np.ndarray) -> np.ndarray:
    """1 inside the core of a stroke, easing smoothly to 0 at its radius (t = distance / radius)."""
    x = np.clip((t - CORE) / (1.0 - CORE), 0.0, 1.0)
    return 1.0 - x * x * (3.0 - 2.0 * x)


def _facing(cosine: np.ndarray) -> np.ndarray:
    """Weight for a surface whose normal makes this cosine with the stroke's normal."""
    x = np.clip((cosine - COS_NONE) / (COS_FULL - COS_NONE), 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


def _stroke_heat(stroke, body: Body) -> np.ndarray:
    if isinstance(stroke, RegionFill):
        return stroke.intensity * _region_field(stroke.region, stroke.edge, body.shape)
    points, normals, radius, intensity = _stroke_samples(stroke, body.shape)
    return _samples_heat(body, points, normals, radius, intensity)


def _samples_heat(body: Body, points, normals, radius, intensity) -> np.ndarray:
    """Max over sample discs of intensity x fall-off x facing, for every vertex."""
    out = np.zeros(body.n_vertices)
    reach = radius.max()
    near = np.all((body.vertices > points.min(axis=0) - reach) & (body.vertices < points.max(axis=0) + reach),
                  axis=1)
    idx = np.flatnonzero(near)
    if len(idx) == 0:
        return out
    v, n = body.vertices[idx], body.normals[idx]
    best = np.zeros(len(idx))
    for p, nn, r, a in zip(points, normals, radius, intensity):
        d = np.linalg.norm(v - p, axis=1)
        close = d < r
        if close.any():
            h = a * _falloff(d[close] / r) * _facing(n[close] @ nn)
            best[close] = np.maximum(best[close], h)
    out[idx] = best
    return out


@lru_cache(maxsize=2048)
def _stroke_samples(stroke: Blob | Chain, shape: str):
    """Surface sample points along a stroke: positions, normals, radius and intensity each."""
    body = load_body(shape)
    if isinstance(stroke, Blob):
        p = anchor_point(stroke.at, body)
        return (p.position(body)[None], p.normal(body)[None], np.array([stroke.radius]),
                np.array([stroke.intensity]))
    nodes = [anchor_point(a, body) for a in stroke.through]
    pos = np.array([p.position(body) for p in nodes])
    nrm = np.array([p.normal(body) for p in nodes])
    rad, inten = np.array(stroke.radius), np.array(stroke.intensity)
    points, normals, radius, intensity = [pos[0]], [nrm[0]], [rad[0]], [inten[0]]
    for k in range(len(nodes) - 1):
        steps = max(1, int(np.ceil(np.linalg.norm(pos[k + 1] - pos[k]) / CHAIN_STEP_CM)))
        for s in np.arange(1, steps + 1) / steps:
            # A straight line between two landmarks cuts under the skin: follow the surface.
            p = closest_point(body, (1 - s) * pos[k] + s * pos[k + 1], (1 - s) * nrm[k] + s * nrm[k + 1],
                              _CHAIN_FACING)
            points.append(p.position(body))
            normals.append(p.normal(body))
            radius.append((1 - s) * rad[k] + s * rad[k + 1])
            intensity.append((1 - s) * inten[k] + s * inten[k + 1])
    return np.array(points), np.array(normals), np.array(radius), np.array(intensity)


_CHAIN_FACING = 0.3  # a chain follows skin turned less than ~70 degrees from its nodes' normals


@lru_cache(maxsize=512)
def _region_field(region: str, edge: float, shape: str) -> np.ndarray:
    """1 on a region (right side), easing to 0 over `edge` cm around it (read-only)."""
    body = load_body(shape)
    inside = region_mask(region, "right", body=body)
    out = inside.astype(float)
    rv, rn = body.vertices[inside], body.normals[inside]
    lo, hi = rv.min(axis=0) - edge, rv.max(axis=0) + edge
    near = np.flatnonzero(np.all((body.vertices > lo) & (body.vertices < hi), axis=1) & ~inside)
    for chunk in np.array_split(near, max(1, len(near) // 512)):
        d = np.linalg.norm(body.vertices[chunk, None, :] - rv[None, :, :], axis=2)
        d = np.where(body.normals[chunk] @ rn.T > 0.0, d, np.inf)
        out[chunk] = _falloff(CORE + (1 - CORE) * np.clip(d.min(axis=1) / edge, 0.0, 1.0))
    out.setflags(write=False)
    return out

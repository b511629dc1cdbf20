"""Where to press: a muscle's footprint on the skin and its numbered trigger points.

:func:`footprint` gives the skin over the muscle (1 over the belly where it can be
felt, less where it lies under other muscles, 0 elsewhere); :func:`trigger_points`
numbers the muscle's trigger points and says in plain words how to find each one on
your own body, from the bony landmarks around it ("about 3 cm below the highest
point of the hip bone").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .body.landmarks import landmark_point, landmarks
from .body.mesh import Body, Shape, load_body
from .body.sides import pain_side
from .core.errors import PatternError
from .heat import (
    MEASURED_ON,
    HeatSide,
    SurfaceHeat,
    footprint_field,
    footprint_parts,
    on_side,
    trigger_point_locations,
)
from .patterns.catalog import resolve
from .patterns.schema import DEEP_INTENSITY, Pattern

__all__ = ["TriggerPointSite", "footprint", "trigger_points"]

# How each landmark is named to a patient.
LANDMARK_WORDS = {
    "head_vertex": "the top of the head",
    "forehead_center": "the middle of the forehead",
    "temple": "the temple",
    "ear": "the ear opening",
    "mastoid": "the bony bump behind the ear",
    "inion": "the bump at the back of the skull",
    "jaw_angle": "the angle of the jaw",
    "chin": "the chin",
    "c7": "the knobbly bone at the base of the neck",
    "jugular_notch": "the notch at the top of the breastbone",
    "t7": "the spine level with the lower tips of the shoulder blades",
    "t12": "the spine at the lowest rib",
    "l3": "the spine at waist level",
    "l5": "the lowest bone of the lower back",
    "sacrum_s2": "the middle of the flat bone at the base of the spine",
    "psis": "the dimple over the back of the hip bone",
    "coccyx_tip": "the tip of the tailbone",
    "xiphoid": "the lower tip of the breastbone",
    "umbilicus": "the navel",
    "pubic_symphysis": "the middle of the pubic bone",
    "iliac_crest_high": "the highest point of the hip bone",
    "asis": "the bony point at the front of the hip",
    "mid_clavicle": "the middle of the collarbone",
    "acromion": "the bony tip of the shoulder",
    "scapula_superior_angle": "the top corner of the shoulder blade",
    "scapula_spine_root": "the inner end of the ridge of the shoulder blade",
    "scapula_inferior_angle": "the lower tip of the shoulder blade",
    "greater_trochanter": "the bony point at the side of the hip",
    "gluteal_fold_center": "the buttock crease",
    "ischial_tuberosity": "the sitting bone",
    "deltoid_insertion": "the outside of the upper arm, a third of the way down",
    "lateral_epicondyle": "the bony point on the outside of the elbow",
    "medial_epicondyle": "the bony point on the inside of the elbow",
    "olecranon": "the point of the elbow",
    "wrist_palmar_center": "the middle of the wrist crease",
    "wrist_dorsal_center": "the middle of the back of the wrist",
    "radial_styloid": "the bony point of the wrist on the thumb side",
    "ulnar_styloid": "the bony point of the wrist on the little-finger side",
    "thumb_tip": "the tip of the thumb",
    "index_tip": "the tip of the index finger",
    "little_finger_tip": "the tip of the little finger",
    "patella_center": "the middle of the kneecap",
    "knee_lateral": "the outside of the knee joint",
    "knee_medial": "the inside of the knee joint",
    "popliteal_fossa": "the hollow at the back of the knee",
    "fibular_head": "the bony knob below the outside of the knee",
    "tibial_tuberosity": "the bump below the kneecap",
    "mid_calf": "the middle of the calf",
    "lateral_malleolus": "the outer ankle bone",
    "medial_malleolus": "the inner ankle bone",
    "heel": "the back of the heel",
    "big_toe_tip": "the tip of the big toe",
    "foot_dorsum_center": "the middle of the top of the foot",
    "sole_center": "the middle of the sole",
}
# Each landmark's short name, written beside its mark on a picture (``landmarks=True``).
LANDMARK_NAMES = {
    "head_vertex": "crown", "forehead_center": "forehead", "temple": "temple", "ear": "ear",
    "mastoid": "mastoid", "inion": "inion", "jaw_angle": "jaw angle", "chin": "chin", "c7": "C7",
    "jugular_notch": "jugular notch", "t7": "T7", "t12": "T12", "l3": "L3", "l5": "L5",
    "sacrum_s2": "sacrum", "psis": "PSIS", "coccyx_tip": "coccyx", "xiphoid": "xiphoid",
    "umbilicus": "navel", "pubic_symphysis": "pubic bone", "iliac_crest_high": "iliac crest",
    "asis": "ASIS", "mid_clavicle": "clavicle", "acromion": "acromion",
    "scapula_superior_angle": "scapula, top corner", "scapula_spine_root": "scapular spine",
    "scapula_inferior_angle": "scapula, lower tip", "greater_trochanter": "greater trochanter",
    "gluteal_fold_center": "gluteal fold", "ischial_tuberosity": "sitting bone",
    "deltoid_insertion": "deltoid insertion", "lateral_epicondyle": "lateral epicondyle",
    "medial_epicondyle": "medial epicondyle", "olecranon": "olecranon",
    "wrist_palmar_center": "wrist crease", "wrist_dorsal_center": "back of wrist",
    "radial_styloid": "radial styloid", "ulnar_styloid": "ulnar styloid", "thumb_tip": "thumb tip",
    "index_tip": "index tip", "little_finger_tip": "little finger tip", "patella_center": "kneecap",
    "knee_lateral": "knee, outer side", "knee_medial": "knee, inner side",
    "popliteal_fossa": "back of knee", "fibular_head": "fibular head",
    "tibial_tuberosity": "tibial tuberosity", "mid_calf": "mid calf",
    "lateral_malleolus": "outer ankle bone", "medial_malleolus": "inner ankle bone", "heel": "heel",
    "big_toe_tip": "big toe", "foot_dorsum_center": "top of foot", "sole_center": "mid sole",
}
NEAR_CM = 1.5
"""Offsets smaller than this are not worth saying: the point is at the landmark."""


@dataclass(frozen=True)
class TriggerPointSite:
    """One numbered trigger point and how to find it.

    Attributes
    ----------
    number : int
        1, 2, ... in the order of the muscle's patterns and of each pattern's file; the
        same numbers as on the pictures and in the handout (a point's mirror image on the
        other side has the same number).
    label : str
        Where it lies, as the pattern file says.
    vertex : int
        The mesh vertex nearest the point.
    directions : str
        How to find it on your own body, from the nearest bony landmark.
    pattern : Pattern
        The pattern it belongs to.
    side : str
        The patient's side ("right" or "left").
    """

    number: int
    label: str
    vertex: int
    directions: str
    pattern: Pattern
    side: str


def footprint(
    muscle: str | Pattern | Sequence[str | Pattern],
    *,
    side: HeatSide = "right",
    body: Shape = "neutral",
) -> SurfaceHeat:
    """The muscle on the skin: where you would press, per vertex.

    Parameters
    ----------
    muscle : name, Pattern or list of them
        A pattern, a whole muscle ("trapezius": all its parts) or an everyday group
        ("rotator cuff").
    side : {"right", "left", "both"}
    body : str
        Body shape, one of ``pm.SHAPES``.

    Returns
    -------
    SurfaceHeat
        1 over the belly where the muscle can be felt, 0.5 where it lies under other
        muscles, 0 elsewhere (the largest of the parts where they meet).

    Examples
    --------
    >>> import painmap as pm
    >>> f = pm.footprint("gluteus medius")
    >>> bool(f.values.max() <= 1.0)
    True
    """
    pain_side(side, argument=None)
    found = tuple(resolve(muscle))
    shape = load_body(body)
    superficial, deep = footprint_split(found, side, shape)
    return SurfaceHeat(np.maximum(superficial, deep * DEEP_INTENSITY), shape, found, side)


def footprint_split(found: Sequence[Pattern], side: str, body: Body) -> tuple[np.ndarray, np.ndarray]:
    """The patterns' footprints per vertex on `side`: the parts that can be felt and those that lie
    deep, each up to 1 (:func:`footprint` is their maximum, the deep parts at
    :data:`~painmap.patterns.schema.DEEP_INTENSITY`).  Every trigger point is checked to lie on
    its footprint (:func:`checked_footprint`).
    """
    for p in found:
        checked_footprint(p)
    parts = [footprint_parts(p) for p in found]
    split = []
    for k in (0, 1):
        right = np.max([part[k] for part in parts], axis=0) if parts else np.zeros(body.n_vertices)
        split.append(on_side(right, side, body) if side != "both" else np.maximum(right, right[body.mirror]))
    return split[0], split[1]


ON_FOOTPRINT_CM = 2.0
"""A trigger point lies on its muscle: within this distance of where the footprint is felt."""
FELT = 0.45
"""Footprint values from which the muscle is felt (deep parts are 0.5, a little less between the
samples of a stroke)."""


def checked_footprint(pattern: Pattern) -> np.ndarray:
    """The pattern's footprint per vertex (right side), after checking that every trigger point
    lies on it.

    Raises
    ------
    painmap.PatternError
        A trigger point more than :data:`ON_FOOTPRINT_CM` from the footprint (the message names
        the point and the distance), as in a pattern file of one's own.
    """
    field = footprint_field(pattern)
    if not pattern.footprint:
        return field
    body = load_body(MEASURED_ON)
    on = np.flatnonzero(field >= FELT)
    for tp, point in zip(pattern.trigger_points, trigger_point_locations(pattern, body)):
        if float(np.dot(point.weights, field[list(point.vertices)])) >= FELT:
            continue
        distances = np.linalg.norm(body.vertices[on] - point.position(body), axis=1)
        gap = float(distances.min()) if on.size else np.inf
        if gap > ON_FOOTPRINT_CM:
            raise PatternError(f"{pattern.id}: trigger point {tp.label!r} lies {gap:.1f} cm from the "
                               f"muscle's footprint; expected at most {ON_FOOTPRINT_CM:g} cm: move the point "
                               "onto the muscle or widen the [[footprint]] where the muscle reaches")
    return field


def trigger_points(
    muscle: str | Pattern | Sequence[str | Pattern],
    *,
    side: str = "right",
    body: Shape = "neutral",
) -> list[TriggerPointSite]:
    """A muscle's trigger points, numbered, each with directions to find it.

    Parameters
    ----------
    muscle : name, Pattern or list of them
        As for :func:`footprint`.
    side : {"right", "left", "both"}
        The patient's side; with "both", the right side's points, then the left's, a point and
        its mirror image sharing one number (as on the pictures).
    body : str

    Returns
    -------
    list of TriggerPointSite

    Examples
    --------
    >>> import painmap as pm
    >>> first = pm.trigger_points("gluteus medius")[0]
    >>> first.number, "cm" in first.directions or "right on" in first.directions
    (1, True)
    """
    pain_side(side, argument=None)
    shape = load_body(body)
    sides = ("right", "left") if side == "both" else (side,)
    sites: list[TriggerPointSite] = []
    for s in sides:
        number = 0
        for p in resolve(muscle):
            for tp, point in zip(p.trigger_points, trigger_point_locations(p, shape, s)):
                number += 1
                sites.append(TriggerPointSite(number, tp.label, point.nearest_vertex,
                                              directions(point.position(shape), s, shape), p, s))
    return sites


def directions(position: np.ndarray, side: str, body: Body) -> str:
    """Plain words for a point on the body: its offset from the nearest bony landmark.

    Examples
    --------
    >>> from painmap.body.mesh import load_body
    >>> body = load_body()
    >>> at = landmark_point("greater_trochanter", "right", body=body).position(body)
    >>> directions(at + [0.0, 3.0, 0.0], "right", body)
    'About 3 cm up from the bony point at the side of the hip.'
    """
    names, points = _landmark_positions(body.shape, side)
    k = int(np.argmin(np.linalg.norm(points - position, axis=1)))
    offset = position - points[k]
    toward_right = -offset[0]  # the mesh's x grows toward the patient's left
    outward = toward_right if side == "right" else -toward_right
    words = [f"{round(abs(value))} cm {more if value > 0 else less}"
             for value, more, less in ((offset[1], "up", "down"), (outward, "outward", "inward"),
                                       (offset[2], "forward", "back"))
             if abs(value) >= NEAR_CM]
    where = LANDMARK_WORDS[names[k]]
    if not words:
        return f"Right on {where}."
    said = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return f"About {said} from {where}."


def locating_landmarks(patterns: Sequence[Pattern], body: Body) -> list[str]:
    """The bony landmarks that locate the patterns' muscles, in order: those the footprint and the
    trigger points are anchored to, then the one each trigger point's directions start from (a
    landmark without a short name in :data:`LANDMARK_NAMES` is left out).

    Examples
    --------
    >>> import painmap as pm
    >>> from painmap.body.mesh import load_body
    >>> locating_landmarks([pm.muscle("gluteus_medius")], load_body())
    ['psis', 'greater_trochanter', 'iliac_crest_high']
    """
    names: list[str] = []
    for p in patterns:
        strokes = [part.stroke for part in p.footprint]  # a chain's anchors, a blob's one, a region's none
        anchors = [a for s in strokes for a in getattr(s, "through", (getattr(s, "at", None),))]
        anchors += [tp.at for tp in p.trigger_points]
        names += [a.landmark for a in anchors if a is not None]
        known, points = _landmark_positions(body.shape, "right")
        for point in trigger_point_locations(p, body):
            names.append(known[int(np.argmin(np.linalg.norm(points - point.position(body), axis=1)))])
    return [n for n in dict.fromkeys(names) if n in LANDMARK_NAMES]


@lru_cache(maxsize=16)
def _landmark_positions(shape: str, side: str) -> tuple[tuple[str, ...], np.ndarray]:
    body = load_body(shape)
    names = tuple(n for n in landmarks() if n in LANDMARK_WORDS)
    return names, np.array([landmark_point(n, side, body=body).position(body) for n in names])

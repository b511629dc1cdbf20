"""From where it hurts to the muscles that may be sending the pain."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .body.mesh import load_body
from .body.regions import region_mask, regions
from .errors import ChoiceError, check_choice
from .heat import HEAT_SIDES, on_side, pattern_heat
from .patterns import Pattern, muscles

# Everyday words for the region vocabulary's words.
SYNONYMS = {
    "outer": "lateral", "outside": "lateral", "side": "lateral", "inner": "medial", "inside": "medial",
    "front": "anterior", "back": "posterior", "rear": "posterior", "behind": "posterior",
    "buttocks": "buttock", "glute": "buttock", "glutes": "buttock", "bum": "buttock", "seat": "buttock",
    "thighs": "thigh", "shin": "leg", "calf": "leg", "calves": "leg",
    "hand": "wrist_hand", "wrist": "wrist_hand",
    "shoulders": "shoulder", "jaw": "face_jaw", "face": "face_jaw", "cheek": "face_jaw", "knees": "knee",
    "tailbone": "coccyx",
}
PHRASES = {"low back": "lumbar_back", "lower back": "lumbar_back", "mid back": "thoracic_back",
           "upper back": "thoracic_back", "back of the head": "occiput", "top of the head": "head_top",
           "sacroiliac joint": "sacroiliac", "si joint": "sacroiliac", "shoulder blade": "scapula",
           "outer hip": "hip_lateral", "side of the hip": "hip_lateral", "calf": "leg_posterior",
           "shin": "leg_anterior", "arch": "foot_sole", "sole": "foot_sole", "groin": "groin"}
STOPWORDS = {"the", "of", "a", "an", "my", "in", "on", "at", "and", "area", "region"}


@dataclass(frozen=True)
class Match:
    """A candidate muscle for a pain location.

    Attributes
    ----------
    pattern : Pattern
    score : float
        Mean over the asked locations of the pattern's heat there (0..1).
    heat : dict
        Heat per asked location.
    """

    pattern: Pattern
    score: float
    heat: dict[str, float]


def location_regions(location: str) -> list[str]:
    """The regions a location names: a region id, or everyday words ("outer hip", "buttock").

    Raises
    ------
    painmap.ChoiceError
        If nothing matches; lists the regions and the closest one.

    Examples
    --------
    >>> location_regions("lateral thigh")
    ['thigh_lateral']
    >>> location_regions("buttock")
    ['buttock_upper', 'buttock_lower', 'buttock_lateral']
    """
    names = regions()
    text = re.sub(r"[\s\-_]+", " ", location.strip().lower())
    if text.replace(" ", "_") in names:
        return [text.replace(" ", "_")]
    if text in PHRASES:
        return [PHRASES[text]]
    words = [SYNONYMS.get(w, w) for w in text.split() if w not in STOPWORDS]
    tokens = {t for w in words for t in w.split("_")}
    found = [n for n in names if set(n.split("_")) == tokens]
    if not found:
        found = [n for n in names if tokens and tokens <= set(n.split("_"))]
    if not found:
        raise ChoiceError("pain location", location, names)
    return found


def where(
    locations: str | Sequence[str],
    *,
    side: str = "right",
    body: str = "neutral",
    limit: int | None = 10,
    least: float = 0.1,
) -> list[Match]:
    """Muscles whose trigger points send pain to all of the given places, best first.

    Parameters
    ----------
    locations : str or list of str
        Region names or everyday words ("lateral thigh", "low back", "buttock").
    side : {"right", "left", "both"}
        The patient's side that hurts.
    body : {"neutral", "female", "male"}
    limit : int or None
        At most this many matches.
    least : float
        Leave out muscles scoring below this.

    Examples
    --------
    >>> import painmap as pm
    >>> [m.pattern.id for m in pm.where(["lateral thigh", "buttock_lateral"])][:1]
    ['gluteus_minimus_anterior']
    """
    check_choice("side", side, HEAT_SIDES)
    asked = [locations] if isinstance(locations, str) else list(locations)
    if not asked:
        raise ChoiceError("pain location", "", regions())
    shape = load_body(body)
    sides = ("right", "left") if side == "both" else (side,)
    masks = {loc: np.any([region_mask(r, s, body=shape) for r in location_regions(loc) for s in sides],
                         axis=0)
             for loc in asked}
    matches = []
    for p in muscles():
        values = on_side(pattern_heat(p, shape), side, shape)
        heat = {loc: float(values[mask].max()) for loc, mask in masks.items()}
        score = float(np.mean(list(heat.values())))
        if score >= least:
            matches.append(Match(p, score, heat))
    matches.sort(key=lambda m: (-round(m.score, 6), m.pattern.id))
    return matches[:limit] if limit else matches

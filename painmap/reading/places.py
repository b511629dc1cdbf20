"""Everyday words for the region vocabulary: "outer hip", "low back", "arch of the foot"."""

from __future__ import annotations

import re

from ..body.regions import regions
from ..core.errors import ChoiceError

# Everyday words for the region vocabulary's words.
SYNONYMS = {
    "outer": "lateral", "outside": "lateral", "side": "lateral", "inner": "medial", "inside": "medial",
    "front": "anterior", "back": "posterior", "rear": "posterior", "behind": "posterior",
    "buttocks": "buttock", "glute": "buttock", "glutes": "buttock", "bum": "buttock", "seat": "buttock",
    "thighs": "thigh", "shin": "leg", "calf": "leg", "calves": "leg",
    "hand": "wrist_hand", "wrist": "wrist_hand",
    "shoulders": "shoulder", "jaw": "face_jaw", "face": "face_jaw", "cheek": "face_jaw", "knees": "knee",
    "tailbone": "coccyx", "temples": "temple", "finger": "fingers", "toe": "toes",
}
PHRASES = {"low back": "lumbar_back", "lower back": "lumbar_back", "mid back": "thoracic_back",
           "upper back": "thoracic_back", "back of the head": "occiput", "top of the head": "head_top",
           "sacroiliac joint": "sacroiliac", "si joint": "sacroiliac", "shoulder blade": "scapula",
           "outer hip": "hip_lateral", "side of the hip": "hip_lateral", "calf": "leg_posterior",
           "shin": "leg_anterior", "arch": "foot_sole", "sole": "foot_sole", "groin": "groin",
           "arch of the foot": "foot_sole", "sole of the foot": "foot_sole", "top of the foot": "foot_dorsum",
           "back of the hand": "wrist_hand_dorsal", "palm": "wrist_hand_palmar",
           "back of the knee": "knee_posterior", "back of the thigh": "thigh_posterior",
           "back wrist hand": "wrist_hand_dorsal", "back wrist": "wrist_hand_dorsal",
           "back hand": "wrist_hand_dorsal", "palm hand": "wrist_hand_palmar"}
STOPWORDS = {"the", "of", "a", "an", "my", "in", "on", "at", "and", "area", "region", "pain"}


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
    >>> location_regions("pain at the temple")
    ['temple']
    """
    names = regions()
    if not isinstance(location, str):
        raise ChoiceError("pain location", location, names)
    text = re.sub(r"[\s\-_]+", " ", location.strip().lower())
    if text.replace(" ", "_") in names:
        return [text.replace(" ", "_")]
    if text in PHRASES:
        return [PHRASES[text]]
    kept = " ".join(w for w in text.split() if w not in STOPWORDS)
    if kept in PHRASES:
        return [PHRASES[kept]]
    words = [SYNONYMS.get(w, w) for w in kept.split()]
    tokens = {t for w in words for t in w.split("_")}
    found = [n for n in names if set(n.split("_")) == tokens]
    if not found:
        found = [n for n in names if tokens and tokens <= set(n.split("_"))]
    if not found:
        raise ChoiceError("pain location", location, names)
    return found

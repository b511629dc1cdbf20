"""Where it hurts, in words: the place vocabulary ("low back", "Achilles", "tennis elbow").

The vocabulary (``assets/body/places.toml``) names each place patients and
clinicians speak of, the other ways to say it, and the body regions it covers.
A word that could mean several places (``"back"``, ``"side"``, ``"hip"``) is
read one way and the :class:`Place` says which, as does a misspelling read as
the word it is closest to.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from ..core import toml
from ..core.assets import assets_dir
from ..core.cache import cached, source_digest
from ..core.errors import ChoiceError, DataError
from .regions import regions

__all__ = ["Place", "location_regions", "places", "read_place"]

# Words that compose with the region ids' own words ("outer thigh" -> thigh_lateral).
SYNONYMS = {
    "outer": "lateral", "outside": "lateral", "side": "lateral", "inner": "medial", "inside": "medial",
    "front": "anterior", "back": "posterior", "rear": "posterior", "behind": "posterior",
    "shin": "leg", "calf": "leg", "calves": "leg",
    "hand": "wrist_hand", "wrist": "wrist_hand", "thighs": "thigh", "knees": "knee",
}
STOPWORDS = {"the", "of", "a", "an", "my", "in", "on", "at", "and", "area", "region", "pain", "part"}
SPELLING_CUTOFF = 0.84
"""How close (difflib ratio, 0..1) a word must be to a known one to be read as it."""


@dataclass(frozen=True)
class Place:
    """A place on the body, read from words.

    Attributes
    ----------
    words : str
        As asked.
    name : str
        The place it was read as: a name of the vocabulary (:func:`places`) or a region id.
    regions : tuple of str
        The body regions it covers (:func:`painmap.regions`).
    means : str
        What a broad or ambiguous word was taken to mean ("" when the words name the
        place plainly).
    guessed : bool
        True when the words were not known and were read as the closest known words
        (a misspelling).
    """

    words: str
    name: str
    regions: tuple[str, ...]
    means: str = ""
    guessed: bool = False

    def __str__(self) -> str:
        read = repr(self.words) if self.name == self.words else f"{self.words!r} read as {self.name!r}"
        return f"{read}: {self.means}" if self.means else read


def _key(text: str) -> str:
    """Words as matched: lower case, apostrophes dropped, one space between words."""
    text = re.sub(r"['’`]", "", text.strip().lower())
    return re.sub(r"[\s\-_,./]+", " ", text).strip()


def _kept(key: str) -> str:
    return " ".join(w for w in key.split() if w not in STOPWORDS)


_Entry = tuple[str, tuple[str, ...], str, tuple[str, ...]]


@cache
def _vocabulary() -> tuple[dict[str, _Entry], dict[str, str]]:
    """The places (name -> (name, regions, means, other words)) and every way to say one (key -> name).

    Built from ``places.toml`` once and kept in painmap's disk cache (as JSON, keyed by
    the file's text, the region names and this code): every pattern checks its guide's
    places against it, and parsing the TOML and spelling out every phrase's keys cost
    more than the rest of a command-line picture's look-ups.

    Raises
    ------
    painmap.DataError
        If the vocabulary names an unknown region or one phrase means two places.
    """
    text = (assets_dir() / "body" / "places.toml").read_bytes()
    known = regions()
    key = hashlib.blake2b(text + "\0".join(known).encode(), digest_size=16).hexdigest()

    def compute() -> dict[str, np.ndarray]:
        built = _build_vocabulary(toml.loads(text.decode("utf-8")), set(known))
        return {"json": np.frombuffer(json.dumps(built).encode(), dtype=np.uint8)}

    code = source_digest(__file__, Path(toml.__file__))
    table, keys = json.loads(cached("places", (key, code), compute)["json"].tobytes())
    return {name: (name, tuple(r), means, tuple(words)) for name, (_, r, means, words) in table.items()}, keys


def _build_vocabulary(data: dict, known: set[str]) -> tuple[dict[str, _Entry], dict[str, str]]:
    """:func:`_vocabulary` from the parsed ``places.toml`` and the region names."""
    table: dict[str, _Entry] = {}
    keys: dict[str, str] = {}
    for name, entry in data.items():
        bad = [r for r in entry["regions"] if r not in known]
        if bad:
            raise DataError(f"places.toml: place {name!r} names unknown regions {bad}")
        table[name] = (name, tuple(entry["regions"]), entry.get("means", ""), tuple(entry.get("words", [])))
        for words in (name, *entry.get("words", [])):
            for key in {_key(words), _kept(_key(words))}:
                if keys.get(key, name) != name:
                    raise DataError(f"places.toml: {words!r} means both {keys[key]!r} and {name!r}")
                keys[key] = name
    return table, keys


def places() -> list[str]:
    """The names of the place vocabulary, head to toe.

    Each also goes by other words (synonyms, clinical names, common misspellings);
    region ids (:func:`painmap.regions`) and words built from them ("lateral
    thigh") are understood too.

    Examples
    --------
    >>> import painmap as pm
    >>> "between the shoulder blades" in pm.places()
    True
    """
    return list(_vocabulary()[0])


def read_place(location: str) -> Place:
    """The place a region id or everyday words name.

    Tried in turn: a region id; a place of the vocabulary or one of its other
    words (filler words such as "the", "my", "pain" left out); words built from
    the regions' own words ("outer thigh", "posterior knee"); a word within a
    letter or two of a known one (the :class:`Place` says what it was read as).

    Raises
    ------
    painmap.ChoiceError
        If nothing matches; names the closest places.

    Examples
    --------
    >>> read_place("Achilles").regions
    ('ankle_posterior',)
    >>> print(read_place("side"))
    'side' read as 'side of the trunk': the side of the trunk between the lowest ribs and the hip bone
    >>> print(read_place("achillies tendon"))
    'achillies tendon' read as 'Achilles'
    """
    names = regions()
    table, keys = _vocabulary()
    if not isinstance(location, str):
        raise ChoiceError("pain location", location, list(table))
    key = _key(location)
    if key.replace(" ", "_") in names:
        name = key.replace(" ", "_")
        return Place(location, name, (name,))
    for k in (key, _kept(key)):
        if k in keys:
            name, found, means, _ = table[keys[k]]
            return Place(location, name, found, means)
    found = _composed(_kept(key), names)
    if found:
        return Place(location, found[0] if len(found) == 1 else _kept(key), tuple(found),
                     "" if len(found) == 1 else "the regions " + ", ".join(found))
    import difflib  # only for words not in the vocabulary

    close = difflib.get_close_matches(_kept(key), list(keys), n=1, cutoff=SPELLING_CUTOFF)
    if close:
        name, found, means, _ = table[keys[close[0]]]
        return Place(location, name, found, means, guessed=True)
    raise ChoiceError("pain location", location, list(table) + names)


def _composed(kept: str, names: list[str]) -> list[str]:
    """Regions whose id is made of the words' region words ("lateral thigh" -> thigh_lateral)."""
    tokens = {t for w in kept.split() for t in SYNONYMS.get(w, w).split("_")}
    found = [n for n in names if set(n.split("_")) == tokens]
    return found or [n for n in names if tokens and tokens <= set(n.split("_"))]


def location_regions(location: str) -> list[str]:
    """The regions a location names: a region id, or everyday words (see :func:`read_place`).

    Examples
    --------
    >>> location_regions("lateral thigh")
    ['thigh_lateral']
    >>> location_regions("buttock")
    ['buttock_upper', 'buttock_lower', 'buttock_lateral']
    >>> location_regions("pain at the temple")
    ['temple']
    """
    return list(read_place(location).regions)

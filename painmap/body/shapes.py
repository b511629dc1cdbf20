"""Body shape names: the built-in bodies and the forgiving way to name them.

Every shape is ``<kind>`` or ``<kind>_<sex>``: the kind is ``child`` (about 8
years), ``older`` (about 70, with a rounded upper back and the head carried
forward), ``larger`` (about BMI 33-35) or ``slim`` (low body weight), all other
settings average (``tools/build_body.py`` and ``tools/shape_adjust.py`` build
them); ``neutral``, ``female`` and ``male`` are the young adults (about 25) the
others are built beside.  A shape without a sex is halfway between the female and
the male body.

Names are forgiving: case, spaces, hyphens and word order do not matter, and
everyday words work ("older woman", "Female-Child", "boy", "heavy male",
"elderly").  Unknown names raise :class:`painmap.ChoiceError` naming the closest
shape.
"""

from __future__ import annotations

import re
from typing import Literal

from ..core import checks
from ..core.errors import ChoiceError

Shape = Literal[
    "neutral", "female", "male",
    "child", "child_female", "child_male",
    "older", "older_female", "older_male",
    "larger", "larger_female", "larger_male",
    "slim", "slim_female", "slim_male",
]

KINDS: tuple[str, ...] = ("child", "older", "larger", "slim")
SEXES: tuple[str, ...] = ("female", "male")

SHAPES: tuple[str, ...] = ("neutral", *SEXES) + tuple(
    f"{kind}{sex}" for kind in KINDS for sex in ("", *(f"_{s}" for s in SEXES))
)
"""Every body shape's name: the young adults, then each kind alone, female and male."""

_WORDS = {
    "child": ("child", "kid", "children", "paediatric", "pediatric"),
    "older": ("older", "old", "elderly", "senior", "aged"),
    "larger": ("larger", "large", "heavy", "heavier", "big", "bigger", "obese", "plus"),
    "slim": ("slim", "slimmer", "thin", "thinner", "lean", "small", "smaller", "slender"),
    "female": ("female", "woman", "women", "feminine"),
    "male": ("male", "man", "men", "masculine"),
}
_ALIAS = {word: key for key, words in _WORDS.items() for word in words}
_ALIAS |= {"girl": "child female", "boy": "child male"}
_IGNORED = {"adult", "body", "person", "size", "weight", "neutral", "average", "default", "young"}


def resolve_shape(name: object) -> str:
    """Return the shape a name means, forgiving case, spacing, order and everyday words.

    Raises
    ------
    painmap.ChoiceError
        If `name` names no shape; the message lists the shapes and the closest one.

    Examples
    --------
    >>> resolve_shape("Older Woman"), resolve_shape("boy"), resolve_shape("male-larger")
    ('older_female', 'child_male', 'larger_male')
    """
    if isinstance(name, str):
        if name in SHAPES:
            return name
        words = re.sub(r"[\s\-_.]+", " ", name.strip().lower()).split()
        words = " ".join(_ALIAS.get(w, w) for w in words if w not in _IGNORED).split()
        kinds = {w for w in words if w in KINDS}
        sexes = {w for w in words if w in SEXES}
        if words and len(kinds) <= 1 and len(sexes) <= 1 and set(words) <= kinds | sexes:
            return "_".join([*kinds, *sexes])
        if name.strip() and not words:  # only words like "neutral", "adult"
            return "neutral"
    raise ChoiceError("body shape", name, SHAPES)


def shape_name(value: object, *, argument: str = "body") -> str:
    """A body shape's name, forgiving of case, spacing, word order and everyday words.

    Examples
    --------
    >>> shape_name("Older woman")
    'older_female'
    """
    if isinstance(value, str) and len(value) <= checks.MAX_NAME_CHARS:
        try:
            return resolve_shape(value)
        except ChoiceError:
            pass
    return checks.choice(argument, value, SHAPES, kind="body shape")

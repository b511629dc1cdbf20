"""painmap's exception types and the helper that checks a name against a set of choices."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class PainmapError(Exception):
    """Base class of every error painmap raises on purpose."""


class ChoiceError(PainmapError, ValueError):
    """A name (view, body shape, style, region, landmark, ...) that painmap does not know.

    Attributes
    ----------
    kind : str
        What was being named, e.g. ``"view"``.
    value : object
        The value that was given.
    choices : tuple of str
        The valid names.
    closest : list of str
        The valid names closest to `value`, best first (may be empty).
    """

    def __init__(self, kind: str, value: object, choices: Iterable[str]) -> None:
        self.kind = kind
        self.value = value
        self.choices = tuple(choices)
        self.closest = closest_names(str(value), self.choices)
        hint = f"; did you mean {self.closest[0]!r}?" if self.closest else ""
        listing = ", ".join(repr(c) for c in self.choices)
        if len(self.choices) > 12:
            listing = ", ".join(repr(c) for c in self.choices[:12]) + ", ..."
        super().__init__(f"unknown {kind} {value!r}{hint} Expected one of: {listing}")


class PatternError(PainmapError, ValueError):
    """A referral pattern file or mapping that does not follow the pattern schema."""


def closest_names(value: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Return up to `n` of `choices` that look most like `value`, best first.

    Examples
    --------
    >>> closest_names("bakc", ["front", "back", "left", "right"])
    ['back']
    """
    choices = list(choices)
    key = value.lower().replace("-", "_").replace(" ", "_")
    lowered = {c.lower(): c for c in choices}
    hits = difflib.get_close_matches(key, list(lowered), n=n, cutoff=0.5)
    return [lowered[h] for h in hits]


def check_choice(kind: str, value: object, choices: Iterable[str]) -> str:
    """Return `value` if it is one of `choices`, else raise :class:`ChoiceError`.

    Examples
    --------
    >>> check_choice("view", "back", ("front", "back"))
    'back'
    """
    choices = tuple(choices)
    if isinstance(value, str) and value in choices:
        return value
    raise ChoiceError(kind, value, choices)

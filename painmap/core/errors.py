"""painmap's exception types, and how a value is shown in their messages.

Every error painmap raises on purpose is a :class:`PainmapError`, and also the built-in
exception a Python user would catch, as in numpy and pandas:

=====================  ==========================================================
painmap error          also a
=====================  ==========================================================
``ChoiceError``        ``ValueError`` and ``LookupError``: a name painmap does not
                       know (view, body shape, muscle, group ...)
``ArgumentError``      ``ValueError``; ``ArgumentTypeError`` also ``TypeError``
``PatternError``       ``ValueError``
``DataError``          ``ValueError``
``MissingFileError``   ``FileNotFoundError``
``DependencyError``    ``ImportError``: an optional library that is not installed
``OutputError``        ``OSError``
=====================  ==========================================================

painmap raises no bare ``PainmapError``; catch it to catch them all.  The command line
(:mod:`painmap.cli`) exits with 2 for ``ArgumentError`` and ``ChoiceError`` (usage
errors) and with 1 for the others.
"""

from __future__ import annotations

from collections.abc import Iterable

LONGEST_SHOWN = 60
"""Values are shown in messages up to this many characters of their ``repr``."""


class PainmapError(Exception):
    """Base class of every error painmap raises on purpose."""


class ChoiceError(PainmapError, ValueError, LookupError):
    """A name (view, body shape, style, region, landmark, ...) that painmap does not know.

    A ``ValueError`` (a bad value) and a ``LookupError`` (a name not found), like
    pandas' unknown labels, so either ``except`` clause catches it.

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
    argument : str or None
        The argument of the public function that had the value, e.g. ``"body"``.
    """

    def __init__(
        self, kind: str, value: object, choices: Iterable[str], *, argument: str | None = None
    ) -> None:
        self.kind = kind
        self.value = value
        self.argument = argument
        self.choices = tuple(choices)
        self.closest = closest_names(str(value), self.choices)
        hint = f"; did you mean {self.closest[0]!r}?" if self.closest else "."
        listing = ", ".join(repr(c) for c in self.choices[:12]) + (", ..." if len(self.choices) > 12 else "")
        what = (
            f"{argument}={shown(value)} is not a known {kind}"
            if argument
            else f"unknown {kind} {shown(value)}"
        )
        super().__init__(f"{what}{hint} Expected one of: {listing}.")


class FormatError(ChoiceError):
    """A file name whose extension is not one of the output formats (and no `format` given)."""

    def __init__(self, argument: str, path: str, extension: str, formats: Iterable[str],
                 closest: str) -> None:
        super().__init__("output format", extension, formats, argument=argument)
        endings = ", ".join("." + f for f in self.choices)
        listing = ", ".join(repr(f) for f in self.choices)
        ext = f"'.{extension}'" if extension else "(no extension)"
        self.args = (f"{argument}={path!r} has an unknown output format {ext}; expected a file name "
                     f"ending in {endings} (or format= one of {listing}); closest: {closest!r}.",)


class ArgumentError(PainmapError, ValueError):
    """An argument whose value painmap cannot use.

    The message names the argument, shows the value, says what was expected and,
    where there is one, the closest valid choice.

    Attributes
    ----------
    argument : str
    value : object
    expected : str
    closest : object or None
    whole : bool
        Show the value in full (a path) rather than cut short.

    Examples
    --------
    >>> str(ArgumentError("dpi", -1, "a number of dots per inch from 10 to 2400", problem="too small"))
    'dpi=-1 is too small; expected a number of dots per inch from 10 to 2400.'
    """

    def __init__(
        self,
        argument: str,
        value: object,
        expected: str,
        *,
        problem: str | None = None,
        closest: object = None,
        whole: bool = False,
    ) -> None:
        self.argument, self.value, self.expected, self.closest = argument, value, expected, closest
        problem = problem or "cannot be used"
        hint = f"; closest: {shown(closest)}" if closest is not None else ""
        value_text = repr(value) if whole else shown(value)
        super().__init__(f"{argument}={value_text} is {problem}; expected {expected}{hint}.")


class ArgumentTypeError(ArgumentError, TypeError):
    """An argument of the wrong kind (a number where a name is expected, ...)."""


class LimitError(ArgumentError):
    """An argument so large that drawing it would take too long or too much memory."""


class OutputError(PainmapError, OSError):
    """A file that cannot be written where it was asked (a folder, a missing or read-only place)."""


class PatternError(PainmapError, ValueError):
    """A referral pattern file or mapping that does not follow the pattern schema."""


class DataError(PainmapError, ValueError):
    """Input data (a table of drawings, a cohort, a scanned chart) that cannot be read as asked.

    The message says where (file, row, column) and what was found and expected.
    """


class MissingFileError(PainmapError, FileNotFoundError):
    """An input file that does not exist (or is not a file)."""


class DependencyError(PainmapError, ImportError):
    """An optional library that a request needs is not installed (the message says how to install it)."""


class PainmapWarning(UserWarning):
    """Something painmap did differently from what was asked, and says so (e.g. a setting it could
    not use, or text a font cannot show)."""


def shown(value: object) -> str:
    """A value's ``repr`` for a message, cut short when it is long.

    Examples
    --------
    >>> shown("x" * 100)[-5:]
    "...'>"
    """
    text = repr(value)
    if len(text) <= LONGEST_SHOWN:
        return text
    return (
        f"<{type(value).__name__} of {len(value) if hasattr(value, '__len__') else '?'}: "
        f"{text[: LONGEST_SHOWN - 20]}...'>"
    )


def closest_names(value: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Return up to `n` of `choices` that look most like `value`, best first.

    Examples
    --------
    >>> closest_names("bakc", ["front", "back", "left", "right"])
    ['back']
    """
    choices = list(choices)
    key = value[:80].lower().replace("-", "_").replace(" ", "_")
    lowered = {c.lower(): c for c in choices}
    import difflib  # only when a message needs it (an error, a misspelt place): a quick import for the rest

    hits = difflib.get_close_matches(key, list(lowered), n=n, cutoff=0.5)
    return [lowered[h] for h in hits]


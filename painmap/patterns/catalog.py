"""The built-in catalog of referral patterns and finding patterns by name."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from .. import _toml
from .._assets import assets_dir
from ..errors import ChoiceError, PainmapError, PatternError, closest_names
from .schema import GROUPS, Pattern, pattern_from_dict


class UnknownMuscleError(ChoiceError, LookupError):
    """No pattern in the catalog goes by that name; `closest` lists the nearest names."""

    def __init__(self, value: object, choices: Iterable[str], closest: list[str]) -> None:
        super().__init__("muscle", value, choices)
        self.closest = closest
        hint = f" Closest: {', '.join(repr(c) for c in closest)}." if closest else ""
        self.args = (f"unknown muscle {value!r}.{hint} `painmap list` shows them all.",)


class AmbiguousMuscleError(PainmapError, LookupError):
    """The name is a muscle drawn as several patterns; pick one part."""


def load_pattern(path: str | Path) -> Pattern:
    """Read and check one pattern file.

    Raises
    ------
    painmap.PatternError
        If the file is not valid TOML or breaks the schema; the message names the
        file, the key, the bad value and what was expected.
    """
    path = Path(path)
    return pattern_from_dict(_parse(path, path.read_text(encoding="utf-8")), where=path.name, path=path)


def _parse(path: Path, text: str) -> dict:
    try:
        return _toml.loads(text)
    except _toml.TOMLDecodeError as err:
        raise PatternError(f"{path.name}: not valid TOML: {err}") from None


@cache
def _catalog() -> tuple[Pattern, ...]:
    folder = assets_dir() / "muscles"
    files = sorted(p for p in folder.glob("*.toml") if not p.name.startswith("_"))
    texts = [p.read_text(encoding="utf-8") for p in files]
    parsed = _parsed(files, texts)
    patterns = (pattern_from_dict(data, where=p.name, path=p) for p, data in zip(files, parsed))
    return tuple(sorted(patterns, key=lambda p: p.id))


def _parsed(files: list[Path], texts: list[str]) -> list[dict]:
    """The pattern files' TOML, parsed; kept in painmap's disk cache, keyed by the files' names and text.

    Parsing a hundred TOML files is most of a first picture's look-up time; reading
    their parse back as JSON takes a millisecond.  Both ways go through JSON, so
    the patterns are the same with a cold or a warm cache.
    """
    import hashlib
    import json

    import numpy as np

    from ..cache import cached

    key = hashlib.blake2b(digest_size=16)
    for p, text in zip(files, texts):
        key.update(f"{p.name}\0{text}\0".encode())

    def compute() -> dict:
        data = json.dumps([_parse(p, text) for p, text in zip(files, texts)], sort_keys=True)
        return {"json": np.frombuffer(data.encode(), dtype=np.uint8)}

    return json.loads(cached("catalog", (key.hexdigest(),), compute)["json"].tobytes())


@cache
def _muscle_table() -> dict[str, dict]:
    """Display names and short forms of muscles drawn as several patterns (``_muscles.toml``)."""
    path = assets_dir() / "muscles" / "_muscles.toml"
    return _toml.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def muscle_name(key: str) -> str:
    """Display name of a muscle key ("gluteus_minimus" -> "Gluteus minimus").

    Examples
    --------
    >>> muscle_name("gluteus_minimus")
    'Gluteus minimus'
    """
    return _muscle_table().get(key, {}).get("name") or key.replace("_", " ").capitalize()


def normalize(name: str) -> str:
    """Lower-case, with spaces, hyphens and dots turned into single underscores.

    Examples
    --------
    >>> normalize("Gluteus  Medius")
    'gluteus_medius'
    >>> normalize("glute-med.")
    'glute_med'
    """
    return re.sub(r"[\s\-_.]+", "_", name.strip().lower()).strip("_")


@cache
def _index() -> tuple[dict[str, Pattern], dict[str, tuple[Pattern, ...]]]:
    """Lookup keys for single patterns, and for muscles drawn as several patterns."""
    single: dict[str, Pattern] = {}
    parts: dict[str, list[Pattern]] = {}
    for p in _catalog():
        for key in (p.id, p.name, *p.aliases):
            single[normalize(key)] = p
        parts.setdefault(p.muscle, []).append(p)
    muscles = {normalize(m): tuple(ps) for m, ps in parts.items() if len(ps) > 1}
    for key, entry in _muscle_table().items():
        if key not in parts:
            raise PatternError(f"_muscles.toml: key {key!r}: no pattern has muscle = {key!r}")
        for alias in (entry.get("name", key), *entry.get("aliases", [])):
            muscles[normalize(alias)] = tuple(parts[key])
    return single, muscles


def muscles(group: str | None = None) -> list[Pattern]:
    """The catalog's patterns, sorted by id; only one body area's with `group`.

    Examples
    --------
    >>> import painmap as pm
    >>> len(pm.muscles()) >= 60
    True
    >>> {p.group for p in pm.muscles(group="hip")}
    {'hip'}
    """
    if group is None:
        return list(_catalog())
    if group not in GROUPS:
        raise ChoiceError("group", group, GROUPS)
    return [p for p in _catalog() if p.group == group]


def muscle(name: str | Pattern) -> Pattern:
    """Find one pattern by id, name or alias, forgiving case, spaces and hyphens.

    Raises
    ------
    painmap.UnknownMuscleError
        If nothing matches; the message lists the closest names.
    AmbiguousMuscleError
        If the name is a muscle drawn as several parts (the message lists them).

    Examples
    --------
    >>> import painmap as pm
    >>> pm.muscle("Glute Med").id
    'gluteus_medius'
    >>> pm.muscle("QL").name
    'Quadratus lumborum'
    """
    if isinstance(name, Pattern):
        return name
    if not isinstance(name, str):
        raise UnknownMuscleError(name, [], [])
    single, multi = _index()
    key = normalize(name)
    if key in single:
        return single[key]
    if key in multi:
        ids = ", ".join(p.id for p in multi[key])
        raise AmbiguousMuscleError(f"{name!r} is drawn as several patterns: {ids}; name one of them.")
    names = sorted({p.id for p in _catalog()} | set(multi))
    close = closest_names(key, list(single) + list(multi), n=6)
    ids = []
    for c in close:
        target = single[c].id if c in single else multi[c][0].muscle
        if target not in ids:
            ids.append(target)
    raise UnknownMuscleError(name, names, ids[:3])


def resolve(patterns: str | Pattern | Sequence[str | Pattern]) -> list[Pattern]:
    """Patterns from names (a muscle with several parts gives all its parts), in order.

    Examples
    --------
    >>> [p.id for p in resolve("gluteus minimus")]
    ['gluteus_minimus_anterior', 'gluteus_minimus_posterior']
    """
    items = [patterns] if isinstance(patterns, (str, Pattern)) else list(patterns)
    out: list[Pattern] = []
    _, multi = _index()
    for item in items:
        found = multi.get(normalize(item)) if isinstance(item, str) else None
        for p in found or (muscle(item),):
            if p not in out:
                out.append(p)
    return out

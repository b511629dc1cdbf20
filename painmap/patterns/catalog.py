"""The built-in catalog of referral patterns and finding patterns by name."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from ..core import checks
from ..core import toml as _toml
from ..core.assets import assets_dir
from ..core.cache import cached, load_shipped, source_digest
from ..core.errors import (
    ArgumentTypeError,
    ChoiceError,
    LimitError,
    PainmapError,
    PatternError,
    closest_names,
)
from .schema import GROUPS, Pattern, pattern_from_dict


class UnknownMuscleError(ChoiceError, LookupError):
    """No pattern in the catalog goes by that name; `closest` lists the nearest names."""

    def __init__(self, value: object, choices: Iterable[str], closest: list[str]) -> None:
        super().__init__("muscle", value, choices)
        self.closest = closest
        hint = f" Closest: {', '.join(repr(c) for c in closest)}." if closest else ""
        self.args = (f"unknown muscle {value!r}.{hint} `painmap list` shows them all.",)


class AmbiguousMuscleError(PainmapError, ValueError, LookupError):
    """The name is a muscle drawn as several patterns; pick one part.

    Like :class:`~painmap.ChoiceError`, both a ``ValueError`` and a ``LookupError``.
    """


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
    """Every pattern of the catalog, sorted by id."""
    return tuple(sorted((_pattern(i) for i in range(len(_files()))), key=lambda p: p.id))


@cache
def _files() -> tuple[Path, ...]:
    """The catalog's pattern files, sorted by name."""
    folder = assets_dir() / "muscles"
    names = sorted(n for n in os.listdir(folder) if n.endswith(".toml") and not n.startswith("_"))
    return tuple(folder / n for n in names)


@cache
def _pattern(i: int) -> Pattern:
    """The pattern of file `i` of :func:`_files` (built from its stored parse, checked again)."""
    entry = _catalog_entry()
    blob, ends = entry["json"], entry["ends"]
    start = int(ends[i - 1]) if i else 0
    path = _files()[i]
    return pattern_from_dict(json.loads(blob[start:int(ends[i])].tobytes()), where=path.name, path=path)


COMPILED = "catalog.arrays.z"
"""The compiled catalog's file in ``assets/shipped`` (written by ``python tools/build_shipped_cache.py``)."""
CATALOG_FORMAT = 1
"""Part of the compiled catalog's digest: bump it when what :func:`compile_catalog` stores changes."""


@cache
def _catalog_entry() -> dict[str, np.ndarray]:
    """The pattern files' TOML as JSON, one after the other (``json``), where each ends (``ends``),
    and the name index (``index``, see :func:`_build_index`).

    Parsing a hundred TOML files and checking them is most of a first picture's
    look-up time.  The package ships the result, compiled (:data:`COMPILED`), with
    the digest of the TOML files it was compiled from (:func:`sources_digest`); it
    is used when that digest is the files' own, so an edited pattern file is never
    ignored.  Otherwise the parse and the name index are kept in painmap's disk
    cache, keyed by the files' names and bytes, ``_muscles.toml`` and the code that
    reads them.  An entry is only written when every file passed its checks; a
    name look-up then decodes and checks only the patterns it returns.  All ways
    go through JSON, so the patterns are the same with a cold or a warm cache.
    """
    files = _files()
    sources = [p.read_bytes() for p in files]
    digest = sources_digest(files, sources)
    compiled = load_shipped(COMPILED)
    if compiled is not None and compiled["digest"].tobytes() == digest.encode():
        return compiled
    here = Path(__file__).resolve().parent
    code = source_digest(__file__, here / "schema.py", here.parent / "core" / "toml.py")
    return cached("catalog", (digest, code), lambda: _compile(files, sources, digest))


def sources_digest(files: Sequence[Path], sources: Sequence[bytes]) -> str:
    """Digest of the catalog's sources: :data:`CATALOG_FORMAT`, each pattern file's name and bytes
    (`files`, `sources`), and ``_muscles.toml``.

    Examples
    --------
    >>> files = _files()
    >>> len(sources_digest(files, [p.read_bytes() for p in files]))
    32
    """
    key = hashlib.blake2b(digest_size=16)
    key.update(f"painmap-catalog-{CATALOG_FORMAT}\0".encode())
    for p, data in zip(files, sources):
        key.update(p.name.encode() + b"\0" + data + b"\0")
    table = assets_dir() / "muscles" / "_muscles.toml"
    key.update(table.read_bytes() if table.exists() else b"")
    return key.hexdigest()


def compile_catalog() -> dict[str, np.ndarray]:
    """The compiled catalog (the arrays of :data:`COMPILED`), built from the TOML files now.

    Raises
    ------
    painmap.PatternError
        If a pattern file is not valid TOML or breaks the schema.
    """
    files = _files()
    sources = [p.read_bytes() for p in files]
    return _compile(files, sources, sources_digest(files, sources))


def _compile(files: Sequence[Path], sources: Sequence[bytes], digest: str) -> dict[str, np.ndarray]:
    # Newlines as reading the file as text gives them (``Path.read_text``).
    parsed = [_parse(p, data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"))
              for p, data in zip(files, sources)]
    patterns = [pattern_from_dict(data, where=p.name, path=p) for p, data in zip(files, parsed)]
    chunks = [json.dumps(data, sort_keys=True).encode() for data in parsed]
    index = json.dumps(_build_index(patterns), sort_keys=True).encode()
    return {"json": np.frombuffer(b"".join(chunks), dtype=np.uint8),
            "ends": np.cumsum([len(c) for c in chunks]), "index": np.frombuffer(index, dtype=np.uint8),
            "digest": np.frombuffer(digest.encode(), dtype=np.uint8)}


def _build_index(patterns: list[Pattern]) -> dict[str, dict[str, list[int]]]:
    """Lookup keys for single patterns and for muscles drawn as several, as positions in `patterns`.

    Raises
    ------
    painmap.PatternError
        If ``_muscles.toml`` names a muscle no pattern belongs to.
    """
    single: dict[str, list[int]] = {}
    parts: dict[str, list[int]] = {}
    for i in sorted(range(len(patterns)), key=lambda i: patterns[i].id):
        p = patterns[i]
        for key in (p.id, p.name, *p.aliases):
            single[normalize(key)] = [i]
        parts.setdefault(p.muscle, []).append(i)
    muscles = {normalize(m): ps for m, ps in parts.items() if len(ps) > 1}
    ids = {p.id: [i] for i, p in enumerate(patterns)}
    for key, entry in _muscle_table().items():
        if "members" in entry:
            unknown = [m for m in entry["members"] if m not in parts and m not in ids]
            if unknown:
                raise PatternError(f"_muscles.toml: group {key!r}: no muscle or pattern {unknown[0]!r}")
            found = [i for m in entry["members"] for i in parts.get(m) or ids[m]]
        elif key in parts:
            found = parts[key]
        else:
            raise PatternError(f"_muscles.toml: key {key!r}: no pattern has muscle = {key!r}")
        for alias in (key, entry.get("name", key), *entry.get("aliases", [])):
            if normalize(alias) in single:
                raise PatternError(f"_muscles.toml: {key!r}: {alias!r} already names the pattern "
                                   f"{patterns[single[normalize(alias)][0]].id!r}")
            muscles[normalize(alias)] = found
    return {"single": single, "muscles": muscles}


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


def group_name(name: object) -> str | None:
    """The display name of a muscle drawn as several patterns or of an everyday group, if
    `name` (or one of its short forms) is one; else None.

    Examples
    --------
    >>> group_name("rotator cuff"), group_name("traps"), group_name("piriformis")
    ('Rotator cuff', 'Trapezius', None)
    """
    if not isinstance(name, str):
        return None
    key = normalize(name)
    for muscle_key, entry in _muscle_table().items():
        names = (muscle_key, entry.get("name", muscle_key), *entry.get("aliases", []))
        if key in {normalize(a) for a in names}:
            return entry.get("name") or muscle_name(muscle_key)
    return None


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


class _Patterns(Mapping):
    """A lookup table from keys to patterns that builds each pattern only when it is looked up."""

    def __init__(self, positions: dict[str, list[int]], single: bool) -> None:
        self._positions, self._single = positions, single

    def __getitem__(self, key: str):
        found = tuple(_pattern(i) for i in self._positions[key])
        return found[0] if self._single else found

    def __contains__(self, key: object) -> bool:
        return key in self._positions

    def __iter__(self):
        return iter(self._positions)

    def __len__(self) -> int:
        return len(self._positions)


@cache
def _index() -> tuple[Mapping[str, Pattern], Mapping[str, tuple[Pattern, ...]]]:
    """Lookup keys for single patterns, and for muscles drawn as several patterns."""
    index = json.loads(_catalog_entry()["index"].tobytes())
    return _Patterns(index["single"], True), _Patterns(index["muscles"], False)


def muscles(name: str | None = None, *, group: str | None = None) -> list[Pattern]:
    """The catalog's patterns: all, a body area's, or the parts of a muscle or everyday group.

    Parameters
    ----------
    name : str, optional
        A body area (``"hip"``, ``"neck"``: the areas of :data:`GROUPS`), a muscle
        drawn as several patterns (``"trapezius"``), an everyday group of muscles
        (``"rotator cuff"``, ``"glutes"``, ``"calf"``, ``"hip flexors"``) or any
        muscle name or nickname (``"QL"``, ``"lats"``).
    group : str, optional
        A body area only (as `name`, for code that says so).

    Returns
    -------
    list of Pattern
        Sorted by id for all patterns and body areas; in the group's own order for
        a muscle or group.

    Raises
    ------
    painmap.UnknownMuscleError
        If `name` is neither a body area nor a muscle (the message names the closest).
    painmap.ChoiceError
        If `group` is not a body area.

    Examples
    --------
    >>> import painmap as pm
    >>> len(pm.muscles()) >= 60
    True
    >>> {p.group for p in pm.muscles("hip")}
    {'hip'}
    >>> [p.id for p in pm.muscles("rotator cuff")]
    ['supraspinatus', 'infraspinatus', 'teres_minor', 'subscapularis']
    """
    if group is not None:
        if name is not None:
            raise ArgumentTypeError("group", group, "either a name or group=, not both",
                                    problem="given with a name")
        return [p for p in _catalog() if p.group == checks.choice("group", group, GROUPS, kind="body area")]
    if name is None:
        return list(_catalog())
    if isinstance(name, str) and name in GROUPS:
        return [p for p in _catalog() if p.group == name]
    return resolve(name)


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


def pattern_request(value: object, *, argument: str = "patterns") -> Any:
    """Pattern names or :class:`~painmap.Pattern` objects: one, or a list (empty for none).

    Examples
    --------
    >>> pattern_request("piriformis")
    'piriformis'
    """
    what = "a muscle name, a Pattern, or a list of them ([] for the bare body)"
    if isinstance(value, Pattern):
        return value
    items = [value] if isinstance(value, str) else checks.items(argument, value, what, checks.MAX_PATTERNS)
    for item in items:
        if isinstance(item, str):
            if len(item) > checks.MAX_NAME_CHARS:
                raise LimitError(
                    argument,
                    item,
                    f"a muscle name of at most {checks.MAX_NAME_CHARS} characters",
                    problem="too long",
                )
        elif not isinstance(item, Pattern):
            raise ArgumentTypeError(argument, item, what, problem=f"{checks.kind_of(item)} in the list")
    return value

"""A cache of whole pictures drawn by the command line, keyed by everything a picture depends on.

``painmap draw ... -o fig.svg`` is a pure function of its inputs, and Makefiles and
documentation builds run the same command again and again.  When exactly this picture
was drawn before, the command line copies its bytes from here, without importing
numpy, matplotlib or Pillow (which alone cost more than drawing an SVG).

Where: the ``figures`` folder inside painmap's cache folder (``$PAINMAP_CACHE_DIR``,
else ``$XDG_CACHE_HOME/painmap`` or ``~/.cache/painmap`` on Linux, the platform's cache
folder elsewhere).  Off when ``$PAINMAP_CACHE_DIR`` turns the disk cache off or names
no absolute folder, when ``$PAINMAP_FIGURE_CACHE`` is ``off`` (or ``0``, ``no``,
``false``), and for one command with ``painmap draw --no-cache``.

Never stale: an entry's name is a hash of (:func:`key`) the command's parsed
arguments (paths made absolute) and the content of every file they name; painmap's
version and the size and time of every file of the installed package and its data
(an editable install changes code without a new version); every installed
distribution's name, version and install time, and the import path; the Python
version, flags, warning options and platform; the environment variables painmap,
matplotlib, numpy, BLAS and the locale read; matplotlib's configuration files and
font list; and the installed fonts (the caller passes their folders).  Change any of
them and the name changes; old entries are aged out.

Integrity: an entry holds the key it was stored under, the picture's length and its
BLAKE2b hash, checked before a byte is served; a truncated, damaged or foreign entry
is a miss (drawn again and written over).  Only pictures drawn without an error are
stored, with the warnings their drawing printed, which a hit prints again.

Size: at most :data:`MAX_ENTRIES` entries and :data:`MAX_BYTES` bytes; the entries
used longest ago go first.  ``painmap cache clear`` deletes them with the rest of the
cache; ``painmap cache info`` counts them.

This module imports nothing heavy (no numpy): it runs before the drawing code loads.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

try:  # BLAKE2 without hashlib, whose import loads OpenSSL (20 ms)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - another Python
    from hashlib import blake2b

from .assets import assets_dir
from .cachedir import ENV as CACHE_ENV
from .cachedir import locate
from .errors import ChoiceError, OutputError
from .files import write_atomic

ENV = "PAINMAP_FIGURE_CACHE"
"""The environment variable that turns the figure cache off (``off``, ``0``, ``no``, ``false``)."""
ON = ("", "on", "1", "yes", "true")
OFF = ("off", "0", "no", "false", "none")
FOLDER = "figures"
"""The figure cache's folder inside painmap's cache folder."""
SUFFIX = ".figure"
MAGIC = b"painmap-figure-1\n"
"""The first bytes of every entry."""
SCHEMA = 1
MAX_ENTRIES = 200
MAX_BYTES = 50_000_000
MAX_ENTRY_BYTES = 10_000_000
"""A picture larger than this is not stored."""
_STALE_PART_S = 3600.0

ENV_PREFIXES = ("PAINMAP_", "MPL", "MATPLOTLIB", "PYTHON", "NPY_", "NUMPY_", "OPENBLAS", "OMP_", "MKL_",
                "GOTO", "BLIS_", "VECLIB_", "XDG_", "LC_", "FONTCONFIG", "PIL_", "AGG")
"""Environment variables whose names start so are part of the key."""
ENV_NAMES = ("HOME", "LANG", "LANGUAGE", "TZ", "SOURCE_DATE_EPOCH", "USERPROFILE", "LOCALAPPDATA",
             "APPDATA", "WINDIR")
"""Further environment variables that are part of the key."""


class Hit:
    """A picture found in the figure cache: its bytes (`data`) and the warnings its drawing printed
    (`stderr`).  A plain class: dataclasses imports inspect (20 ms)."""

    __slots__ = ("data", "stderr")

    def __init__(self, data: bytes, stderr: str) -> None:
        self.data = data
        self.stderr = stderr


# --- where ---------------------------------------------------------------------------------------

def enabled() -> bool:
    """Whether ``$PAINMAP_FIGURE_CACHE`` leaves the figure cache on.

    Raises
    ------
    painmap.ChoiceError
        For a value that is neither on nor off (``on``, ``off``, ``1``, ``0``, ...).

    Examples
    --------
    >>> import os
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {ENV: "off"}):
    ...     enabled()
    False
    """
    value = os.environ.get(ENV, "").strip().lower()
    if value in ON:
        return True
    if value in OFF:
        return False
    raise ChoiceError("figure cache setting", os.environ[ENV], ("on", "off"), argument=ENV)


def folder() -> Path | None:
    """The figure cache's folder, or None when painmap's disk cache is off or has no absolute folder.

    Examples
    --------
    >>> import os
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {CACHE_ENV: "/tmp/pm"}):
    ...     str(folder())
    '/tmp/pm/figures'
    """
    root = locate(os.environ.get(CACHE_ENV)).folder
    return None if root is None else root / FOLDER


# --- the key -------------------------------------------------------------------------------------

def key(parts: Mapping[str, object]) -> str:
    """The entry name for a picture: a hash of `parts` (the command, its arguments, its inputs ...)
    and of everything else the picture depends on (:func:`context`).

    `parts` must be JSON: strings, numbers, booleans, None, lists and dicts.

    Examples
    --------
    >>> key({"command": "draw", "args": {"view": ["back"]}}) == key({"args": {"view": ["back"]},
    ...                                                                "command": "draw"})
    True
    >>> key({"args": {"view": ["back"]}}) == key({"args": {"view": ["front"]}})
    False
    """
    text = json.dumps({"schema": SCHEMA, "context": context(), "parts": parts}, sort_keys=True,
                      allow_nan=True, ensure_ascii=False)
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def context() -> dict[str, object]:
    """Everything a picture depends on besides the command: painmap's files, the installed
    distributions, Python, the environment and matplotlib's configuration."""
    return {"package": package_digest(), "distributions": distributions(), "python": python(),
            "environment": environment(), "matplotlib": matplotlib_config()}


def package_digest() -> str:
    """A hash of the name, size and modification time of every file of the painmap package and of its
    data (compiled ``__pycache__`` files left out).

    Examples
    --------
    >>> len(package_digest())
    32
    """
    package = Path(__file__).resolve().parents[1]
    roots = [package]
    assets = assets_dir()
    if package not in assets.parents:
        roots.append(assets)
    h = blake2b(digest_size=16)
    for root in roots:
        h.update(f"{root}\0".encode("utf-8", "surrogateescape"))
        for rel, size, mtime in _files(str(root), ""):
            h.update(f"{rel}\0{size}\0{mtime}\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def _files(folder: str, prefix: str) -> list[tuple[str, int, int]]:
    """(relative path, size, mtime_ns) of every file under `folder`, sorted, ``__pycache__`` left out."""
    out: list[tuple[str, int, int]] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return out
    for entry in entries:
        rel = prefix + entry.name
        try:
            if entry.is_dir():
                if entry.name != "__pycache__":
                    out += _files(entry.path, rel + "/")
                continue
            st = entry.stat()
        except OSError:
            continue
        out.append((rel, st.st_size, st.st_mtime_ns))
    return out


def distributions() -> list[list[object]]:
    """Each folder of the import path with the installed distributions in it (``*.dist-info``,
    ``*.egg-info``: name, version and install time) and its ``.pth`` files (size and time)."""
    out: list[list[object]] = []
    for place in sys.path:
        found = []
        try:
            entries = list(os.scandir(place or "."))
        except OSError:
            out.append([place, None])
            continue
        for entry in entries:
            if entry.name.endswith((".dist-info", ".egg-info", ".pth", ".egg-link")):
                try:
                    st = entry.stat()
                except OSError:
                    continue
                found.append([entry.name, st.st_size if entry.name.endswith(".pth") else 0, st.st_mtime_ns])
        out.append([place, sorted(found)])
    return out


def python() -> dict[str, object]:
    """The Python running: version, implementation, executable, flags, warning options, platform."""
    return {"version": sys.version, "tag": sys.implementation.cache_tag, "executable": sys.executable,
            "prefix": sys.prefix, "flags": repr(sys.flags), "warnoptions": list(sys.warnoptions),
            "platform": sys.platform, "machine": os.uname().machine if hasattr(os, "uname") else "",
            "byteorder": sys.byteorder, "maxsize": sys.maxsize}


def environment() -> dict[str, str]:
    """The environment variables painmap and the libraries it draws with read (:data:`ENV_PREFIXES`,
    :data:`ENV_NAMES`), but :data:`ENV`, which only turns this cache on and off."""
    return {name: value for name, value in os.environ.items()
            if name != ENV and (name.startswith(ENV_PREFIXES) or name in ENV_NAMES)}


def matplotlib_config() -> list[list[object]]:
    """The files matplotlib may read its settings and font list from (its ``matplotlibrc`` search
    and its cache folder), each with its size and time, or None where there is none."""
    home = Path(os.path.expanduser("~"))
    config = os.environ.get("MPLCONFIGDIR")
    xdg_config = os.environ.get("XDG_CONFIG_HOME") or str(home / ".config")
    xdg_cache = os.environ.get("XDG_CACHE_HOME") or str(home / ".cache")
    rc = os.environ.get("MATPLOTLIBRC")
    files = ["matplotlibrc"]  # in the working folder: by its own name, so the key does not hold the folder
    if rc:
        files += [rc, os.path.join(rc, "matplotlibrc")]
    folders = [config] if config else [os.path.join(xdg_config, "matplotlib"),
                                       os.path.join(xdg_cache, "matplotlib")]
    folders.append(str(home / ".matplotlib"))
    files += [os.path.join(f, "matplotlibrc") for f in folders]
    out = [[path, *_stat(path)] for path in files]
    for place in folders:
        try:
            names = sorted(n for n in os.listdir(place) if n.startswith("fontlist"))
        except OSError:
            continue
        out += [[os.path.join(place, n), *_stat(os.path.join(place, n))] for n in names]
    return out


def _stat(path: str) -> tuple[int | None, int | None]:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return (None, None)
    return (st.st_size, st.st_mtime_ns)


def tree_state(folders: Iterable[str | os.PathLike]) -> str:
    """A hash of the name, size and time of every file under `folders` (e.g. the font folders).

    Examples
    --------
    >>> tree_state([]) == tree_state([])
    True
    """
    h = blake2b(digest_size=16)
    for place in folders:
        h.update(f"{os.fspath(place)}\0".encode("utf-8", "surrogateescape"))
        for rel, size, mtime in _files(os.fspath(place), ""):
            h.update(f"{rel}\0{size}\0{mtime}\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def file_state(value: str) -> list[object] | None:
    """What a command-line value names on disk, for the key: a file's absolute path and a hash of
    its bytes, a folder's path and its files (:func:`tree_state`), or None when it names nothing.

    Examples
    --------
    >>> file_state("/no/such/file") is None
    True
    """
    if not value or "\x00" in value:
        return None
    try:
        if not os.path.exists(value):
            return None
        path = os.path.abspath(value)
        if os.path.isdir(path):
            return ["folder", path, tree_state([path])]
        h = blake2b(digest_size=20)
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                h.update(chunk)
        return ["file", path, h.hexdigest()]
    except (OSError, ValueError) as err:  # exists but cannot be read: in the key as such
        return ["unreadable", os.path.abspath(value), type(err).__name__]


# --- entries -------------------------------------------------------------------------------------

def load(name: str) -> Hit | None:
    """The picture stored under `name` (a :func:`key`), or None: none, or not whole and intact."""
    place = folder()
    if place is None:
        return None
    path = place / f"{name}{SUFFIX}"
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError:
        return None
    hit = _unpack(raw, name)
    if hit is not None:
        try:  # a hit counts as a use: the entries used longest ago go first
            os.utime(path)
        except OSError:
            pass
    return hit


def _unpack(raw: bytes, name: str) -> Hit | None:
    if not raw.startswith(MAGIC):
        return None
    end = raw.find(b"\n", len(MAGIC))
    if end < 0:
        return None
    try:
        header = json.loads(raw[len(MAGIC):end])
        data = raw[end + 1:]
        if (not isinstance(header, dict) or header.get("key") != name or header.get("bytes") != len(data)
                or blake2b(data, digest_size=32).hexdigest() != header.get("blake2b")
                or not isinstance(header.get("stderr"), str)):
            return None
    except (ValueError, TypeError):
        return None
    return Hit(data, header["stderr"])


def store(name: str, data: bytes, stderr: str = "") -> bool:
    """Store a picture's bytes under `name`, with the warnings its drawing printed; True if stored.

    Never fails: a folder that cannot be written only means the picture is not cached.
    """
    place = folder()
    if place is None or len(data) > MAX_ENTRY_BYTES:
        return False
    digest = blake2b(data, digest_size=32).hexdigest()
    header = json.dumps({"key": name, "bytes": len(data), "blake2b": digest, "stderr": stderr}).encode()
    path = place / f"{name}{SUFFIX}"
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):  # a link, a folder, a pipe: never written through
            return False
    except OSError:  # no such entry yet (the usual case)
        pass
    try:
        place.mkdir(parents=True, exist_ok=True)
        write_atomic(path, MAGIC + header + b"\n" + data)
    except (OSError, OutputError):
        return False
    prune(place)
    return True


def _entries(place: Path) -> list[tuple[float, int, Path]]:
    """(time used, size, path) of every entry in the folder."""
    out = []
    try:
        found = list(os.scandir(place))
    except OSError:
        return out
    for entry in found:
        if entry.name.endswith(SUFFIX) and entry.is_file(follow_symlinks=False):
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            out.append((st.st_mtime, st.st_size, Path(entry.path)))
        elif entry.name.startswith(".painmap-") and entry.name.endswith(".part"):
            try:  # a temporary file left by a process that died while writing it
                if time.time() - entry.stat(follow_symlinks=False).st_mtime > _STALE_PART_S:
                    os.unlink(entry.path)
            except OSError:
                pass
    return out


def prune(place: Path | None = None, *, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> int:
    """Delete the entries used longest ago until at most `max_entries` and `max_bytes` are left;
    return how many were deleted."""
    place = place or folder()
    if place is None:
        return 0
    entries = sorted(_entries(place))
    total = sum(size for _, size, _ in entries)
    removed = 0
    while entries and (len(entries) > max_entries or total > max_bytes):
        _, size, path = entries.pop(0)
        try:
            path.unlink()
        except OSError:
            continue
        total -= size
        removed += 1
    return removed


def clear() -> int:
    """Delete every entry of the figure cache; return how many there were."""
    place = folder()
    if place is None:
        return 0
    removed = 0
    for _, _, path in _entries(place):
        try:
            path.unlink()
        except OSError:
            continue
        removed += 1
    return removed


def info() -> dict[str, object]:
    """The figure cache's folder, whether it is on, how many entries and bytes it holds."""
    place = folder()
    entries = _entries(place) if place is not None else []
    try:
        on = enabled()
    except ChoiceError:
        on = False
    return {"folder": None if place is None else str(place), "enabled": on and place is not None,
            "entries": len(entries), "bytes": sum(size for _, size, _ in entries),
            "max_entries": MAX_ENTRIES, "max_bytes": MAX_BYTES}

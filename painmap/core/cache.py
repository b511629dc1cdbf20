"""An on-disk cache of arrays derived from the body: view projections, visibility, subdivision,
and each pattern's surface heat (:func:`painmap.heat.measured`).

Projecting the body into a view takes about half a second; reading the result
back takes a few milliseconds.  So the first process that needs a projection
stores it, and every later process on the machine loads it.

Where: ``$PAINMAP_CACHE_DIR`` if set (``off`` turns the cache off), else
``$XDG_CACHE_HOME/painmap``, else ``~/.cache/painmap``.  Nothing is shipped in the
package: the entries are several megabytes per (shape, view) and there are more
body shapes to come.

Size: at most ``$PAINMAP_CACHE_MB`` megabytes (default 1000); the entries written
longest ago are deleted first (:func:`prune`).

Invalidation: an entry's file name is a hash of what it was computed from: the
bytes of every file in ``assets/body``, the source code of the modules that
compute it (``painmap/body/*.py`` and this file), numpy's version, and the
entry's own parameters (shape, view, resolution ...).  Change any of them and the
name changes, so a stale entry is never read; old files are only disk space
(delete the folder at any time).

Concurrency: an entry is written to a temporary file that is then renamed into
place (:func:`painmap.core.files.write_atomic`), so a reader sees a whole file or
none; two processes computing the same entry write the same bytes.  A file that
cannot be read is computed again; a folder that cannot be written is skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import BinaryIO

import numpy as np

from .assets import assets_dir
from .errors import PainmapError
from .files import write_atomic

ENV = "PAINMAP_CACHE_DIR"
SUFFIX = ".arrays"
Arrays = dict[str, np.ndarray]


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is turned off.

    Examples
    --------
    >>> import os
    >>> os.environ[ENV] = "off"
    >>> cache_dir() is None
    True
    >>> del os.environ[ENV]
    """
    where = os.environ.get(ENV)
    if where is not None:
        return None if where.strip().lower() in ("off", "none", "0", "") else Path(where)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "painmap"


@cache
def _inputs_digest() -> str:
    """Hash of the body assets, the code that derives data from them, and numpy's version."""
    h = hashlib.blake2b(digest_size=16)
    h.update(np.__version__.encode())
    package = Path(__file__).resolve().parents[1]
    for path in [*sorted((assets_dir() / "body").iterdir()), *sorted((package / "body").glob("*.py")),
                 Path(__file__).resolve()]:
        if path.is_file():
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def source_digest(*paths: str | os.PathLike) -> str:
    """Hash of source files beyond ``painmap/body`` that an entry depends on (pass ``__file__``)."""
    h = hashlib.blake2b(digest_size=16)
    for path in paths:
        h.update(Path(path).read_bytes())
    return h.hexdigest()


def entry_name(kind: str, *params: object) -> str:
    """File name of the entry of `kind` computed with `params` (and the current inputs).

    Examples
    --------
    >>> entry_name("projection", "neutral", "back") == entry_name("projection", "neutral", "back")
    True
    >>> entry_name("projection", "neutral", "back") == entry_name("projection", "female", "back")
    False
    """
    h = hashlib.blake2b(digest_size=16)
    h.update(_inputs_digest().encode())
    h.update(repr(params).encode())
    return f"{kind}-{h.hexdigest()}{SUFFIX}"


def load(name: str) -> Arrays | None:
    """The arrays of an entry, or None if there is none (or it cannot be read)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with open(folder / name, "rb") as handle:
            arrays = read(handle)
    except (OSError, ValueError, TypeError, KeyError):  # missing, truncated by a crash, not an entry
        return None
    try:  # a read counts as a use: prune drops the entries least recently used, not written
        os.utime(folder / name)
    except OSError:  # a read-only cache folder
        pass
    return arrays


def store(name: str, arrays: Arrays) -> None:
    """Write an entry (atomically); silently does nothing if the folder is not writable."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / name, pack(arrays))
        prune(folder)
    except (OSError, PainmapError):  # read-only or vanished folder: run without a cache
        pass


MAGIC = b"painmap-arrays-1"


def pack(arrays: Arrays) -> bytes:
    """Arrays as one entry's bytes: a magic line, a JSON list of (name, dtype, shape), the raw data.

    Reading it back (:func:`read`) is one read per array, straight into the array;
    an ``.npz`` goes through a zip archive, parses a header per array and copies.
    """
    items = [(key, np.asarray(value, order="C")) for key, value in arrays.items()]
    if any(value.dtype.hasobject for _, value in items):
        raise ValueError("cache entries hold plain arrays, not Python objects")
    header = json.dumps([[key, value.dtype.str, list(value.shape)] for key, value in items]).encode()
    data = [value.tobytes() for _, value in items]
    return b"".join([MAGIC, len(header).to_bytes(8, "little"), header, *data])


def read(handle: BinaryIO) -> Arrays:
    """The arrays :func:`pack` wrote, read from an open file (each array read straight into its own).

    Raises
    ------
    ValueError
        If the file is not a whole entry (another format, or cut short).

    Examples
    --------
    >>> import io
    >>> out = read(io.BytesIO(pack({"x": np.arange(3.0), "ok": np.array([True])})))
    >>> out["x"].tolist(), out["ok"].dtype
    ([0.0, 1.0, 2.0], dtype('bool'))
    """
    if handle.read(len(MAGIC)) != MAGIC:
        raise ValueError("not a painmap cache entry")
    header = json.loads(handle.read(int.from_bytes(handle.read(8), "little")))
    out = {}
    for key, dtype, shape in header:
        size = int(np.prod(shape, dtype=np.int64)) * np.dtype(dtype).itemsize
        out[key] = np.frombuffer(_read_exactly(handle, size), dtype).reshape(shape)
    if handle.read(1):
        raise ValueError("a painmap cache entry with bytes past its arrays")
    return out


def _read_exactly(handle: BinaryIO, size: int) -> bytearray:
    buf = bytearray(size)
    if handle.readinto(buf) != size:
        raise ValueError("a painmap cache entry cut short")
    return buf


def prune(folder: Path, limit_mb: float | None = None) -> None:
    """Delete the least recently used entries (written or read) until the folder holds at most `limit_mb`.

    The limit is ``$PAINMAP_CACHE_MB`` (default 1000).  Entries of older code or
    body assets are never read again, so they age out here.
    """
    limit = float(os.environ.get("PAINMAP_CACHE_MB", 1000)) if limit_mb is None else limit_mb
    entries = []
    for path in [*folder.glob(f"*{SUFFIX}"), *folder.glob("*.npz")]:  # .npz: earlier painmaps' entries
        try:
            st = path.stat()
        except OSError:  # removed by another process meanwhile
            continue
        entries.append((st.st_mtime, st.st_size, path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries, key=lambda e: (e[0], e[2].name)):
        if total <= limit * 1e6:
            break
        path.unlink(missing_ok=True)
        total -= size


def cached(kind: str, params: tuple, compute: Callable[[], Arrays]) -> Arrays:
    """Load the entry for (`kind`, `params`), or compute, store and return it.

    The arrays returned are the same whether they were loaded or just computed:
    callers build their objects from them either way, so the same call gives the
    same bytes with a cold or a warm cache.

    Examples
    --------
    >>> out = cached("example", (2,), lambda: {"x": np.arange(2)})
    >>> out["x"].tolist()
    [0, 1]
    """
    name = entry_name(kind, *params)
    found = load(name)
    if found is not None:
        return found
    arrays = {key: np.asarray(value) for key, value in compute().items()}
    store(name, arrays)
    return arrays

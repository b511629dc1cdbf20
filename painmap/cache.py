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
place (:func:`painmap.output.write_atomic`), so a reader sees a whole file or
none; two processes computing the same entry write the same bytes.  A file that
cannot be read is computed again; a folder that cannot be written is skipped.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np

from ._assets import assets_dir
from .errors import PainmapError

ENV = "PAINMAP_CACHE_DIR"
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
    here = Path(__file__).resolve().parent
    for path in [*sorted((assets_dir() / "body").iterdir()), *sorted((here / "body").glob("*.py")),
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
    return f"{kind}-{h.hexdigest()}.npz"


def load(name: str) -> Arrays | None:
    """The arrays of an entry, or None if there is none (or it cannot be read)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with np.load(folder / name, allow_pickle=False) as data:
            return {key: data[key] for key in data.files}
    except (OSError, ValueError, EOFError, KeyError):  # missing, truncated by a crash, not an npz
        return None


def store(name: str, arrays: Arrays) -> None:
    """Write an entry (atomically); silently does nothing if the folder is not writable."""
    from .output import write_atomic

    folder = cache_dir()
    if folder is None:
        return
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / name, buf.getvalue())
        prune(folder)
    except (OSError, PainmapError):  # read-only or vanished folder: run without a cache
        pass


def prune(folder: Path, limit_mb: float | None = None) -> None:
    """Delete the least recently written entries until the folder holds at most `limit_mb`.

    The limit is ``$PAINMAP_CACHE_MB`` (default 1000).  Entries of older code or
    body assets are never read again, so they age out here.
    """
    limit = float(os.environ.get("PAINMAP_CACHE_MB", 1000)) if limit_mb is None else limit_mb
    entries = []
    for path in folder.glob("*.npz"):
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

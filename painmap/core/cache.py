"""An on-disk cache of arrays derived from the body: view projections, visibility, subdivision,
and each pattern's surface heat (:func:`painmap.heat.measured`).

Projecting the body into a view takes about half a second; reading the result
back takes a few milliseconds.  So the first process that needs a projection
stores it, and every later process on the machine loads it.

Where: ``$PAINMAP_CACHE_DIR`` if set (``off``, ``none``, ``0`` or empty turn the
cache off), else the platform's cache folder for painmap (``platformdirs``):
``$XDG_CACHE_HOME/painmap`` or ``~/.cache/painmap`` on Linux,
``~/Library/Caches/painmap`` on macOS, ``%LOCALAPPDATA%\\painmap\\Cache`` on
Windows.  When there is no usable folder (``$PAINMAP_CACHE_DIR`` not absolute,
``HOME`` empty or relative, a user with no home, a folder that cannot be created
or written) the cache lives in memory for the rest of the process, and a
:class:`~painmap.core.errors.PainmapWarning` says so once; painmap never writes
into the working folder.

Shipped entries: most entries are several megabytes per (shape, view), and there
are many shapes, so the package ships only what a first picture of the default body
needs that is small (the subdivision, the visibility of the named views, the heat of
every catalog pattern, each view's raster triangles and outlines ...;
``assets/shipped``, built by ``python tools/build_shipped_cache.py``, about 4 MB
compressed).  They are named by narrow keys
(:func:`shipped_name`: :data:`SHIPPED_FORMAT`, a digest of the body data in
``assets/body`` and the entry's own parameters), not by the code and numpy's version,
so they stay valid across releases of numpy and edits of unrelated code.  An entry
not found in the cache folder is looked up there before it is computed; when the
code that computes an entry changes what it computes, run the tool (the test
``tests/test_shipped_cache.py`` rebuilds entries and says so when they are stale).
``PAINMAP_SHIPPED=off`` ignores them.  An entry read from there is written into the
cache folder like a computed one, so later processes read it without inflating it.

Size: at most ``$PAINMAP_CACHE_MB`` megabytes (default 1000; the in-memory cache
too); the entries used longest ago are deleted first (:func:`prune`).  A gallery
fills about 400 MB.  :func:`info` and :func:`clear` are ``painmap cache info``
and ``painmap cache clear``.

Ownership: painmap deletes only files it wrote.  An entry is recognised by its
name (``<kind>-<32 hex digits>.arrays``) and its first line (:data:`MAGIC`),
checked before any delete; anything else in the folder (other files, folders,
links, a file with an entry's name but other content) is never touched.  There is
no manifest: a shared index would have to be locked between processes, and would
itself be one more file to damage.

Integrity: an entry's header declares each array's dtype and shape, and carries a
CRC-32 of the header and of the data.  The declared sizes must add up to the
file's length before anything is allocated, and both checksums must match, so a
truncated, damaged or foreign file reads as missing: it is computed again and
written over, never drawn and never a MemoryError.  CRC-32 (zlib-ng, 2 ms for the
18 MB a picture reads) finds every damaged run of bytes up to 4 bytes long and
any other damage but one time in four billion; it guards against crashes and disk
trouble, not against someone who can write the cache folder (who could as well
rewrite a cryptographic hash), and blake2b costs 20 times as long.

Invalidation: an entry's file name is a hash of what it was computed from: the
bytes of every file in ``assets/body``, the source code of the modules that
compute it (``painmap/body/*.py`` and this file), numpy's version, and the
entry's own parameters (shape, view, resolution ...).  Change any of them and the
name changes, so a stale entry is never read; old entries are only disk space,
aged out by :func:`prune` or removed by :func:`clear`.

Concurrency: an entry is written to a temporary file that is then renamed into
place (:func:`painmap.core.files.write_atomic`), so a reader sees a whole file or
none; two processes computing the same entry write the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import re
import stat
import struct
import threading
import time
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import BinaryIO

import numpy as np

try:  # zlib-ng computes the same CRC-32 (and inflates the same streams) as the standard library, faster
    from zlib_ng.zlib_ng import compress, crc32, decompress
    from zlib_ng.zlib_ng import error as _ZlibError
except ImportError:  # pragma: no cover - zlib-ng has wheels everywhere painmap installs
    from zlib import compress, crc32, decompress
    from zlib import error as _ZlibError

from .assets import assets_dir
from .cachedir import ENV, OFF, Place, locate
from .errors import PainmapError, PainmapWarning
from .files import write_atomic

SIZE_ENV = "PAINMAP_CACHE_MB"
"""The environment variable holding the cache's size limit in megabytes."""
DEFAULT_MB = 1000.0
SUFFIX = ".arrays"
MAGIC = b"painmap-arrays-2\n"
"""The first bytes of every entry painmap writes."""
_OLD_MAGIC = b"painmap-arrays-1"  # entries of earlier painmaps (no checksums): never read, but ours to prune
_FIXED = struct.Struct("<QII")  # header length, CRC-32 of the header, CRC-32 of the data
_KIND = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_ENTRY = re.compile(r"[a-z][a-z0-9-]*-[0-9a-f]{32}\.arrays")
# write_atomic's temporary files: ".painmap-<12 hex>.part", or ".<entry>.<12 hex>.part" (earlier painmaps)
_PART = re.compile(r"\.(?:painmap|[a-z][a-z0-9-]*-[0-9a-f]{32}\.arrays)[.-][0-9a-f]{12}\.part")
SHIPPED_ENV = "PAINMAP_SHIPPED"
"""The environment variable that turns the shipped entries off (``off``, ``none``, ``0``)."""
SHIPPED_FORMAT = 1
"""Part of every shipped entry's name: bump it (and run ``python tools/build_shipped_cache.py``) when
the way entries are computed or stored changes in a way their parameters do not show."""
SHIPPED_SUFFIX = ".arrays.z"
_STALE_PART_S = 3600.0  # a temporary file this old was left by a process that died while writing it
_MAX_DIMS = 32

Arrays = dict[str, np.ndarray]


# --- where ---------------------------------------------------------------------------------------

_unwritable: dict[Path, str] = {}  # folders this process could not write, and why
_warned: set[str] = set()
_lock = threading.Lock()
_last: tuple[tuple, Place] | None = None  # the place found for the environment seen last


def _place() -> Place:
    """Where the cache is, for the current environment (found again when it changes)."""
    global _last
    key = (os.environ.get(ENV), os.environ.get("XDG_CACHE_HOME"), os.environ.get("HOME"))
    last = _last
    if last is not None and last[0] == key:
        return last[1]
    place = locate(key[0])
    _last = (key, place)
    return place


def _warn(problem: str) -> None:
    """Say once per process that the cache is in memory, and why."""
    with _lock:
        if problem in _warned:
            return
        _warned.add(problem)
    warnings.warn(f"painmap keeps its cache in memory for this process: {problem}. Set {ENV} to a "
                  f"writable absolute folder to keep it on disk (or to 'off' to turn it off).",
                  PainmapWarning, stacklevel=3)


def cache_dir() -> Path | None:
    """The cache folder on disk, or None when the cache is off or only in memory (no usable folder).

    Examples
    --------
    >>> import os
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {ENV: "off"}):
    ...     cache_dir() is None
    True
    """
    return _place().folder


def size_limit_mb() -> float:
    """The size limit in megabytes: ``$PAINMAP_CACHE_MB``, or 1000.

    A value that is not a number of megabytes (``abc``, negative, ``nan``, ``inf``)
    gives a :class:`~painmap.core.errors.PainmapWarning` and the default.

    Examples
    --------
    >>> import os, warnings
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {SIZE_ENV: "250"}):
    ...     size_limit_mb()
    250.0
    >>> with mock.patch.dict(os.environ, {SIZE_ENV: "lots"}), warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     size_limit_mb(), str(w[0].message)[:40]
    (1000.0, "PAINMAP_CACHE_MB='lots' is not a size; e")
    """
    text = os.environ.get(SIZE_ENV)
    if text is None or not text.strip():
        return DEFAULT_MB
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if math.isfinite(value) and value >= 0:
        return value
    key = f"{SIZE_ENV}={text}"
    with _lock:
        seen = key in _warned
        _warned.add(key)
    if not seen:
        warnings.warn(f"{SIZE_ENV}={text!r} is not a size; expected a number of megabytes, 0 or more "
                      f"(e.g. {SIZE_ENV}=500); using the default, {DEFAULT_MB:g}.", PainmapWarning,
                      stacklevel=2)
    return DEFAULT_MB


# --- names ---------------------------------------------------------------------------------------

@cache
def _inputs_digest() -> str:
    """Hash of the body assets, the code that derives data from them, and numpy's version."""
    h = hashlib.blake2b(digest_size=16)
    h.update(np.__version__.encode())
    h.update(body_digest().encode())
    package = Path(__file__).resolve().parents[1]
    for path in [*sorted((package / "body").glob("*.py")), Path(__file__).resolve()]:
        if path.is_file():
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()


@cache
def body_digest() -> str:
    """Hash of the body data: the name and bytes of every file in ``assets/body``.

    Examples
    --------
    >>> len(body_digest())
    32
    """
    h = hashlib.blake2b(digest_size=16)
    for path in sorted((assets_dir() / "body").iterdir()):
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

    `kind` is lower-case letters and digits in words joined by ``-`` (``projection-without``).

    Examples
    --------
    >>> entry_name("projection", "neutral", "back") == entry_name("projection", "neutral", "back")
    True
    >>> entry_name("projection", "neutral", "back") == entry_name("projection", "female", "back")
    False
    """
    return _named(kind, _inputs_digest(), params, SUFFIX)


def shipped_name(kind: str, *params: object) -> str:
    """File name of the shipped entry of `kind` computed with `params`: a narrow key.

    The name hashes :data:`SHIPPED_FORMAT`, :func:`body_digest` and `params`, and not
    the code or numpy's version (unlike :func:`entry_name`), so a shipped entry keeps
    its name until the body data, the parameters or the format change.

    Examples
    --------
    >>> shipped_name("visibility", "neutral", "back").endswith(".arrays.z")
    True
    >>> shipped_name("visibility", "neutral", "back") == shipped_name("visibility", "neutral", "front")
    False
    """
    return _named(kind, f"{SHIPPED_FORMAT}\0{body_digest()}\0", params, SHIPPED_SUFFIX)


def _named(kind: str, salt: str, params: tuple, suffix: str) -> str:
    """``<kind>-<hash of salt and params><suffix>``, for a `kind` of lower-case words joined by ``-``."""
    if not _KIND.fullmatch(kind):
        raise ValueError(f"cache entry kind {kind!r}: expected lower-case words joined by '-'")
    h = hashlib.blake2b(digest_size=16)
    h.update(salt.encode())
    h.update(repr(params).encode())
    return f"{kind}-{h.hexdigest()}{suffix}"


def shipped_dir() -> Path:
    """The folder of the entries shipped in the package (``assets/shipped``)."""
    return assets_dir() / "shipped"


def _shipped_on() -> bool:
    return os.environ.get(SHIPPED_ENV, "on").strip().lower() not in OFF


def load_shipped(name: str) -> Arrays | None:
    """The arrays of a shipped entry (:func:`shipped_name`), or None if the package has none by that name
    (or it is damaged, or ``$PAINMAP_SHIPPED`` is ``off``)."""
    if not _shipped_on():
        return None
    try:
        data = (shipped_dir() / name).read_bytes()
    except OSError:
        return None
    return unzip(data)


def unzip(data: bytes) -> Arrays | None:
    """The arrays of a compressed entry (:func:`zip_entry`), or None if `data` is not a whole one.

    Examples
    --------
    >>> unzip(zip_entry({"x": np.arange(3)}))["x"].tolist()
    [0, 1, 2]
    """
    try:
        return read(io.BytesIO(decompress(data)))
    except (ValueError, _ZlibError):  # not a compressed stream, or not an entry once inflated
        return None


def zip_entry(arrays: Arrays) -> bytes:
    """An entry's bytes (:func:`pack`), compressed as shipped entries are stored."""
    return compress(pack(arrays), 9)


# --- reading and writing -------------------------------------------------------------------------

def load(name: str) -> Arrays | None:
    """The arrays of an entry, or None if there is none (or it cannot be read, or is damaged)."""
    place = _place()
    if not place.enabled:
        return None
    if place.folder is not None:
        path = place.folder / name
        try:
            with open(path, "rb") as handle:
                arrays = read(handle)
        except (OSError, ValueError):  # missing, cut short by a crash, damaged, not an entry
            arrays = None
        if arrays is not None:
            try:  # a read counts as a use: prune drops the entries least recently used, not written
                os.utime(path)
            except OSError:  # a read-only cache folder
                pass
            return arrays
    elif place.problem:
        _warn(place.problem)
    return _memory.get(name)


def store(name: str, arrays: Arrays) -> None:
    """Write an entry (atomically); keep it in memory instead if the folder cannot be written."""
    place = _place()
    if not place.enabled:
        return
    folder = place.folder
    if folder is not None and folder not in _unwritable and not _taken(folder / name):
        data = pack(arrays)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_atomic(folder / name, data)
        except (OSError, PainmapError) as err:
            problem = f"cannot write the cache folder {str(folder)!r} ({_why(err)})"
            _unwritable[folder] = problem
            _warn(problem)
        else:
            prune(folder)
            return
    elif folder is None and place.problem:
        _warn(place.problem)
    _memory.put(name, arrays, size_limit_mb())


def _taken(path: Path) -> bool:
    """Whether `path` is something that is not a file (a link, a folder, a pipe): never written through."""
    try:
        return not stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:  # no such file (the usual case), or no such folder yet
        return False


def _why(err: BaseException) -> str:
    if isinstance(err, OSError) and not isinstance(err, PainmapError) and err.strerror:
        return err.strerror
    return str(err).rstrip(".")


def pack(arrays: Arrays) -> bytes:
    """Arrays as one entry's bytes: :data:`MAGIC`, the header's length and the header's and data's
    CRC-32, the header (a JSON list of name, dtype, shape), the raw data.

    Reading it back (:func:`read`) is one read per array, straight into the array.
    """
    items = [(key, np.asarray(value, order="C")) for key, value in arrays.items()]
    for key, value in items:
        if value.dtype.hasobject or np.dtype(value.dtype.str) != value.dtype:
            raise ValueError(f"cache entries hold plain arrays, not {value.dtype} ({key!r})")
    header = json.dumps([[key, value.dtype.str, list(value.shape)] for key, value in items]).encode()
    data = [value.tobytes() for _, value in items]
    checksum = 0
    for chunk in data:
        checksum = crc32(chunk, checksum)
    return b"".join([MAGIC, _FIXED.pack(len(header), crc32(header), checksum), header, *data])


def read(handle: BinaryIO) -> Arrays:
    """The arrays :func:`pack` wrote, read from an open file (each array read straight into its own).

    Every size is checked against the file's length before anything is allocated,
    and the header's and data's checksums before anything is returned.

    Raises
    ------
    ValueError
        If the file is not a whole, undamaged entry (another format, cut short,
        longer, a changed byte, sizes that do not add up).

    Examples
    --------
    >>> import io
    >>> out = read(io.BytesIO(pack({"x": np.arange(3.0), "ok": np.array([True])})))
    >>> out["x"].tolist(), out["ok"].dtype
    ([0.0, 1.0, 2.0], dtype('bool'))
    """
    start = handle.tell()
    left = handle.seek(0, os.SEEK_END) - start
    handle.seek(start)
    head = handle.read(len(MAGIC) + _FIXED.size)
    if len(head) != len(MAGIC) + _FIXED.size or not head.startswith(MAGIC):
        raise ValueError("not a painmap cache entry")
    size, header_crc, data_crc = _FIXED.unpack_from(head, len(MAGIC))
    left -= len(head)
    if size > left:
        raise ValueError("a painmap cache entry whose header is longer than the file")
    header = handle.read(size)
    if len(header) != size or crc32(header) != header_crc:
        raise ValueError("a painmap cache entry with a damaged header")
    items = _items(header)
    if sum(n for *_, n in items) != left - size:
        raise ValueError("a painmap cache entry whose arrays do not fill the file")
    out, checksum = {}, 0
    for key, dtype, shape, n in items:
        buf = _read_exactly(handle, n)
        checksum = crc32(buf, checksum)
        out[key] = np.frombuffer(buf, dtype).reshape(shape)
    if checksum != data_crc:
        raise ValueError("a painmap cache entry with damaged data")
    if handle.read(1):
        raise ValueError("a painmap cache entry with bytes past its arrays")
    return out


def _items(header: bytes) -> list[tuple[str, np.dtype, tuple[int, ...], int]]:
    """The (name, dtype, shape, bytes) of each array a header declares; ValueError if it is not one."""
    try:
        listing = json.loads(header)
        items = []
        for key, dtype_text, shape in listing:
            if (not isinstance(key, str) or not isinstance(dtype_text, str) or not isinstance(shape, list)
                    or len(shape) > _MAX_DIMS or not all(type(n) is int and n >= 0 for n in shape)):
                raise ValueError("not an array")
            dtype = np.dtype(dtype_text)
            if dtype.hasobject:
                raise ValueError("not a plain array")
            items.append((key, dtype, tuple(shape), math.prod(shape) * dtype.itemsize))
        return items
    except (ValueError, TypeError, KeyError, RecursionError, OverflowError) as err:
        raise ValueError("a painmap cache entry with a header that declares no arrays") from err


def _read_exactly(handle: BinaryIO, size: int) -> bytearray:
    buf = bytearray(size)
    if handle.readinto(buf) != size:
        raise ValueError("a painmap cache entry cut short")
    return buf


# --- ownership and size --------------------------------------------------------------------------

def _ours(path: Path) -> bool:
    """Whether `path` is a file painmap wrote: an entry's name (or its temporary file's) and first line."""
    if not (_ENTRY.fullmatch(path.name) or _PART.fullmatch(path.name)):
        return False
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):  # not a folder, link, pipe ...
            return False
        with open(path, "rb") as handle:
            head = handle.read(len(MAGIC))
    except OSError:
        return False
    return head == MAGIC or head.startswith(_OLD_MAGIC)


def _files(folder: Path) -> list[tuple[float, int, Path]]:
    """(last use, size, path) of the regular files named like entries in `folder` (content unchecked)."""
    found = []
    try:
        listing = list(os.scandir(folder))
    except OSError:  # no folder (yet), or not readable
        return []
    for item in listing:
        if not _ENTRY.fullmatch(item.name):
            continue
        try:
            st = item.stat(follow_symlinks=False)
        except OSError:  # removed by another process meanwhile
            continue
        if stat.S_ISREG(st.st_mode):
            found.append((st.st_mtime, st.st_size, Path(item.path)))
    return found


def _entries(folder: Path) -> list[tuple[float, int, Path]]:
    """(last use, size, path) of painmap's entries in `folder`, name and first line checked."""
    return [e for e in _files(folder) if _ours(e[2])]


def _remove_stale_parts(folder: Path, *, older_than: float = _STALE_PART_S) -> None:
    """Delete painmap's temporary files left by a process that died while writing them."""
    now = time.time()
    for path in folder.glob(".*.part"):
        try:
            if _PART.fullmatch(path.name) and now - os.lstat(path).st_mtime > older_than and _ours(path):
                path.unlink()
        except OSError:
            pass


def prune(folder: Path, limit_mb: float | None = None) -> None:
    """Delete the least recently used entries (written or read) until the folder holds at most `limit_mb`.

    The limit is ``$PAINMAP_CACHE_MB`` (default 1000).  Entries of older code or
    body assets are never read again, so they age out here.  Only painmap's entries
    count and are deleted: the other files in `folder` are left alone.
    """
    limit = (size_limit_mb() if limit_mb is None else limit_mb) * 1e6
    _remove_stale_parts(folder)
    files = _files(folder)
    if sum(size for _, size, _ in files) <= limit:  # the usual case, with no file opened
        return
    entries = _entries(folder)
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries, key=lambda e: (e[0], e[2].name)):
        if total <= limit:
            break
        try:
            path.unlink()
        except FileNotFoundError:  # removed by another process meanwhile
            pass
        except OSError:  # open elsewhere (Windows) or a read-only folder
            continue
        total -= size


# --- in memory -----------------------------------------------------------------------------------

class _Memory:
    """The cache of a process with no usable folder: the entries used last, up to the size limit."""

    def __init__(self) -> None:
        self.entries: OrderedDict[str, Arrays] = OrderedDict()

    def nbytes(self) -> int:
        return sum(a.nbytes for arrays in self.entries.values() for a in arrays.values())

    def get(self, name: str) -> Arrays | None:
        with _lock:
            arrays = self.entries.get(name)
            if arrays is None:
                return None
            self.entries.move_to_end(name)
        return {key: value.copy() for key, value in arrays.items()}  # as fresh as a file's

    def put(self, name: str, arrays: Arrays, limit_mb: float) -> None:
        kept = {key: np.array(value, copy=True) for key, value in arrays.items()}
        size = sum(a.nbytes for a in kept.values())
        with _lock:
            self.entries.pop(name, None)
            if size > limit_mb * 1e6:
                return
            self.entries[name] = kept
            total = self.nbytes()
            while total > limit_mb * 1e6:
                _, dropped = self.entries.popitem(last=False)
                total -= sum(a.nbytes for a in dropped.values())

    def clear(self) -> int:
        with _lock:
            n = len(self.entries)
            self.entries.clear()
        return n


_memory = _Memory()


# --- for the command line ------------------------------------------------------------------------

def info() -> dict:
    """Where the cache is and how much it holds (``painmap cache info``).

    Returns
    -------
    dict
        ``folder``: the folder on disk (str), or None when the cache is off or has no
        usable folder; ``enabled``: False when ``$PAINMAP_CACHE_DIR`` turns it off;
        ``in_memory``: True when new entries are kept in memory (no folder, or one
        that cannot be written); ``entries`` and ``bytes``: painmap's entries on disk
        and in memory (other files in the folder are not counted); ``limit_mb``: the
        size limit; ``reason``: why the cache is in memory (str), else None.

    Examples
    --------
    >>> import os, tempfile
    >>> from unittest import mock
    >>> with tempfile.TemporaryDirectory() as tmp, mock.patch.dict(os.environ, {ENV: tmp}):
    ...     _ = cached("example", (1,), lambda: {"x": np.zeros(1000)})
    ...     found = info()
    >>> found["enabled"], found["in_memory"], found["entries"], found["bytes"] > 8000
    (True, False, 1, True)
    """
    place = _place()
    folder = place.folder
    entries = _entries(folder) if folder is not None else []
    reason = place.problem if place.enabled and folder is None else None
    if folder is not None and reason is None:
        reason = _unwritable.get(folder) or _not_writable(folder)
    return {
        "folder": None if folder is None else str(folder),
        "enabled": place.enabled,
        "in_memory": reason is not None,
        "entries": len(entries) + len(_memory.entries),
        "bytes": sum(size for _, size, _ in entries) + _memory.nbytes(),
        "limit_mb": size_limit_mb(),
        "reason": reason,
    }


def _not_writable(folder: Path) -> str | None:
    """Why `folder` could not be written (without writing), or None."""
    existing = next((p for p in [folder, *folder.parents] if os.path.lexists(p)), None)
    if existing is None or not existing.is_dir():
        return f"cannot create the cache folder {str(folder)!r} ({str(existing)!r} is not a folder)"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"cannot write the cache folder {str(folder)!r} ({str(existing)!r} is read-only)"
    return None


def clear() -> int:
    """Delete every cache entry (``painmap cache clear``) and return how many there were.

    Only painmap's own entries go (on disk and in memory); other files and folders
    inside the cache folder, and the folder itself, stay.

    Examples
    --------
    >>> import os, tempfile
    >>> from unittest import mock
    >>> with tempfile.TemporaryDirectory() as tmp, mock.patch.dict(os.environ, {ENV: tmp}):
    ...     _ = cached("example", (1,), lambda: {"x": np.zeros(3)})
    ...     _ = cached("example", (2,), lambda: {"x": np.ones(3)})
    ...     clear(), clear(), os.listdir(tmp)
    (2, 0, [])
    """
    removed = _memory.clear()
    folder = _place().folder
    if folder is None:
        return removed
    for _, _, path in _entries(folder):
        try:
            path.unlink()
        except OSError:  # removed meanwhile, open elsewhere (Windows), or a read-only folder
            continue
        removed += 1
    _remove_stale_parts(folder, older_than=60.0)  # younger ones may be being written right now
    return removed


def cached(kind: str, params: tuple, compute: Callable[[], Arrays]) -> Arrays:
    """Load the entry for (`kind`, `params`), or compute, store and return it.

    The arrays returned are the same whether they were loaded or just computed:
    callers build their objects from them either way, so the same call gives the
    same bytes with a cold or a warm cache.

    Examples
    --------
    >>> import os, tempfile
    >>> from unittest import mock
    >>> with tempfile.TemporaryDirectory() as tmp, mock.patch.dict(os.environ, {ENV: tmp}):
    ...     out = cached("example", (2,), lambda: {"x": np.arange(2)})
    ...     again = cached("example", (2,), lambda: {"x": np.arange(5)})  # loaded, not computed
    >>> out["x"].tolist(), again["x"].tolist()
    ([0, 1], [0, 1])
    """
    name = entry_name(kind, *params)
    found = load(name)
    if found is None:
        found = load_shipped(shipped_name(kind, *params))
        if found is not None:  # kept in the cache folder too: reading it back there needs no inflating
            store(name, found)
    if found is not None:
        if _recording is not None:
            _recording.append((kind, params, found))
        return found
    arrays = {key: np.asarray(value) for key, value in compute().items()}
    store(name, arrays)
    if _recording is not None:
        _recording.append((kind, params, arrays))
    return arrays


_recording: list[tuple[str, tuple, Arrays]] | None = None


@contextmanager
def recording() -> Iterator[list[tuple[str, tuple, Arrays]]]:
    """Collect the ``(kind, params, arrays)`` of every entry :func:`cached` returns inside the block
    (for ``tools/build_shipped_cache.py``).

    Examples
    --------
    >>> import os, tempfile
    >>> from unittest import mock
    >>> with tempfile.TemporaryDirectory() as tmp, mock.patch.dict(os.environ, {ENV: tmp}):
    ...     with recording() as seen:
    ...         _ = cached("example", (3,), lambda: {"x": np.arange(3)})
    >>> [(kind, params) for kind, params, _ in seen]
    [('example', (3,))]
    """
    global _recording
    outer, _recording = _recording, []
    try:
        yield _recording
    finally:
        _recording = outer

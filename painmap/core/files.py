"""Reading and writing files safely.

Writing: the whole file appears at once, or not at all (a temporary file in the
same folder, then a rename), keeping an existing file's permission bits; a link
is followed, and a device or pipe is written in place, never replaced.

Reading text: UTF-8 (with or without a byte-order mark), and any byte that is not
part of UTF-8 read as Windows-1252 (Latin-1 for the five bytes Windows-1252 leaves
undefined), so a file saved by a Windows or older spreadsheet reads correctly too.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path
from typing import TextIO

from .checks import kind_of, writable
from .errors import ArgumentError, ArgumentTypeError, DataError, MissingFileError, OutputError

ENCODING = "utf-8-sig"
"""Text files are read as UTF-8; a leading byte-order mark is skipped."""
FALLBACK = "painmap.windows-1252"
"""The decoding error handler that reads bytes that are not UTF-8 as Windows-1252."""
TEMPORARY = ".painmap-{}.part"
"""The name of a temporary file while it is written (12 hex digits), short whatever the target's name."""


def _windows_1252_table() -> str:
    chars = []
    for byte in range(256):
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: as Latin-1
            chars.append(chr(byte))
    return "".join(chars)


WINDOWS_1252 = _windows_1252_table()


def _windows_1252(err: UnicodeError) -> tuple[str, int]:
    """Decoding error handler: the bytes that are not UTF-8, read as Windows-1252."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return "".join(WINDOWS_1252[b] for b in err.object[err.start:err.end]), err.end


codecs.register_error(FALLBACK, _windows_1252)


def _path(argument: str, path: object) -> Path:
    if not isinstance(path, (str, os.PathLike)):
        raise ArgumentTypeError(argument, path, "a file path (str or pathlib.Path)", problem=kind_of(path))
    raw = os.fspath(path)
    if not isinstance(raw, str) or "\x00" in raw:
        raise ArgumentError(argument, path, "a file path (str or pathlib.Path)", problem="not a usable path")
    return Path(raw)


def open_text(path: str | os.PathLike, *, what: str = "a text file", newline: str | None = None) -> TextIO:
    """Open a text file to read, decoded as :func:`read_text` decodes it.

    Read it in a ``with`` block; it is read as it is iterated, so a large file is
    never held whole in memory.  `newline` is as for :func:`open`: None reads
    every line end as ``"\n"``; give ``""`` for the :mod:`csv` module, which reads
    line ends itself.

    Raises
    ------
    painmap.MissingFileError
        If `path` does not exist or is a folder (the message names it and `what` was expected).
    painmap.DataError
        If it exists but cannot be opened (no permission).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "notes.txt"
    >>> _ = path.write_bytes("Caf\\u00e9\\n".encode("latin-1"))
    >>> with open_text(path) as handle:
    ...     handle.read()
    'Café\\n'
    """
    target = _path("path", path)
    try:
        return open(target, encoding=ENCODING, errors=FALLBACK, newline=newline)
    except (FileNotFoundError, NotADirectoryError):
        raise MissingFileError(f"cannot read {str(target)!r}: the file does not exist; expected the path of "
                               f"{what}.") from None
    except IsADirectoryError:
        raise MissingFileError(f"cannot read {str(target)!r}: it is a folder, not a file; expected the path "
                               f"of {what}.") from None
    except OSError as err:
        raise DataError(f"cannot read {str(target)!r}: {err.strerror or err}; expected {what} "
                        "that can be read.") from None


def read_text(path: str | os.PathLike, *, what: str = "a text file") -> str:
    """The text of a file: UTF-8 (a byte-order mark allowed), else Windows-1252 or Latin-1.

    Bytes that are valid UTF-8 are read as UTF-8; any other byte is read as
    Windows-1252 (Latin-1 for the five bytes Windows-1252 leaves undefined), so
    a file saved as UTF-8, Latin-1 or "ANSI" (Windows) reads correctly.  Every
    line end (``\r\n``, ``\r``) is read as ``\n``, as :meth:`pathlib.Path.read_text` does.

    Parameters
    ----------
    path : str or Path
    what : str
        What the file should be, for the message when it is missing.

    Raises
    ------
    painmap.MissingFileError
        If `path` does not exist or is a folder.
    painmap.DataError
        If it cannot be opened, or holds a NUL character (a binary file, or UTF-16
        text: save it as UTF-8).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_bytes(b"\\xef\\xbb\\xbfna\\xc3\\xafve")   # UTF-8 with a BOM
    >>> _ = (folder / "b.txt").write_bytes(b"na\\xefve \\x80")                 # Windows-1252
    >>> read_text(folder / "a.txt"), read_text(folder / "b.txt")
    ('naïve', 'naïve €')
    """
    with open_text(path, what=what) as handle:
        text = handle.read()
    nul = text.find("\x00")
    if nul >= 0:  # binary data, or UTF-16 (text with a NUL byte in every other place)
        kind = "UTF-16 text" if text.startswith(("\xff\xfe", "\xfe\xff")) else "a binary file"
        raise DataError(f"cannot read {str(path)!r} as text: it holds a NUL character (character {nul + 1}), "
                        f"as {kind} does; expected {what} saved as UTF-8 (or Windows-1252, Latin-1).")
    return text


def write_atomic(path: str | os.PathLike, data: bytes | str) -> Path:
    """Write `data` to `path`: whole or not at all, keeping what `path` is.

    * A regular file (or a new one) is written through a temporary file in the
      same folder (``.painmap-<12 hex digits>.part``), then renamed over `path`:
      a failure part-way (an error, Ctrl-C) leaves no partial file behind, and
      several processes writing the same path at once leave one of their files,
      whole.  An existing file keeps its permission bits (``rwx`` for owner,
      group and others) and, where allowed, its owner; a new file gets the usual
      mode (0666 less the umask).
    * A symbolic link is followed: its target is written as above, and the link
      stays a link.
    * Anything else that exists (a character device such as ``/dev/null``, a
      named pipe) is written in place, directly, and never replaced.

    Text is written as UTF-8.

    Returns
    -------
    Path
        `path`, as given.

    Raises
    ------
    painmap.core.errors.OutputError
        If `path` is a folder, its folder is missing or is a file, or the write fails
        (e.g. a full disk; the message names `path`, never the temporary file).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = write_atomic(pathlib.Path(tempfile.mkdtemp()) / "a.txt", "hello")
    >>> out.read_text()
    'hello'
    """
    path = _path("path", path)
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    try:
        found = os.stat(path)  # follows links
    except (FileNotFoundError, NotADirectoryError):
        found = None
    except OSError as err:  # a loop of links, a name too long, no permission
        raise OutputError(f"cannot write {str(path)!r}: {err.strerror or err}.") from None
    if found is not None and not stat.S_ISREG(found.st_mode) and not stat.S_ISDIR(found.st_mode):
        _write_in_place(path, payload)
        return path
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    writable(target)
    _replace(path, target, payload, found)
    return path


def _write_in_place(path: Path, payload: bytes) -> None:
    """Write to a device or a pipe: opened as it is (never created, never replaced)."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
    except OSError as err:
        raise OutputError(f"cannot write {str(path)!r}: {err.strerror or err}.") from err


def _replace(path: Path, target: Path, payload: bytes, found: os.stat_result | None) -> None:
    """Write `target` (a regular file, or none yet) through a temporary file, then rename."""
    tmp = target.parent / TEMPORARY.format(os.urandom(6).hex())  # as secrets.token_hex(6), without its import
    try:
        with open(tmp, "xb") as handle:  # "x": a fresh file with the usual permissions
            if found is not None:
                _keep_mode(handle.fileno(), found)
            handle.write(payload)
        os.replace(tmp, target)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        link = f" (a link to {str(target)!r})" if target != path else ""
        raise OutputError(f"cannot write {str(path)!r}{link}: {err.strerror or err}.") from err
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _keep_mode(fd: int, found: os.stat_result) -> None:
    """Give the temporary file the owner (where allowed) and permission bits of the file it replaces."""
    if hasattr(os, "fchown"):
        try:
            os.fchown(fd, found.st_uid, found.st_gid)
        except OSError:
            pass  # not allowed: the new file is the writer's, as any new file
    if hasattr(os, "fchmod"):
        os.fchmod(fd, stat.S_IMODE(found.st_mode) & 0o777)


def header_hint(columns: list[str]) -> str:
    """Why a CSV file's header may not read as columns, as a note for an error message ("" if
    nothing is seen): an Excel workbook or UTF-16 text saved as .csv, or another separator.

    Examples
    --------
    >>> header_hint(["patient;region;side"])
    " (the header seems to use ';' between columns; expected ',')"
    >>> header_hint(["patient", "region"])
    ''
    """
    first = columns[0] if columns else ""
    if first.startswith(("PK\x03\x04", "\xd0\xcf\x11\xe0")):
        return " (this looks like an Excel workbook, not CSV: save it as CSV UTF-8)"
    if "\x00" in "".join(columns):
        return " (this looks like UTF-16 text: save it as CSV UTF-8)"
    if len(columns) == 1 and any(s in first for s in ";\t|"):
        sep = next(s for s in ";\t|" if s in first)
        return f" (the header seems to use {sep!r} between columns; expected ',')"
    return ""


"""Writing files safely: the whole file appears at once, or not at all."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from .checks import writable
from .errors import OutputError


def write_atomic(path: str | os.PathLike, data: bytes | str) -> Path:
    """Write `data` to `path` through a temporary file in the same folder, then rename.

    A failure part-way (an error, Ctrl-C) leaves no partial file behind; several
    processes writing the same path at once leave one of their files, whole.

    Raises
    ------
    painmap.core.errors.OutputError
        If `path` is a folder, its folder is missing or is a file, or the write fails
        (the message names `path`, never the temporary file).
    """
    path = Path(path)
    writable(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.part"
    try:
        with open(tmp, "xb") as handle:  # "x": a fresh file with the usual permissions
            handle.write(payload)
        os.replace(tmp, path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {str(path)!r}: {err.strerror or err}.") from err
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path

"""Where painmap's disk cache lives: one rule for the cache of computed arrays
(:mod:`painmap.core.cache`) and the figure cache (:mod:`painmap.core.figcache`).

``$PAINMAP_CACHE_DIR`` names the folder (``off``, ``none``, ``0`` or empty turn the
cache off), else the platform's cache folder for painmap (``platformdirs``, imported
only then).  Light on purpose: the figure cache finds its folder without numpy.
"""

from __future__ import annotations

import os
import sys
from collections import namedtuple
from pathlib import Path

try:
    import pwd
except ImportError:  # Windows: no passwd database (and no need for one)
    pwd = None

ENV = "PAINMAP_CACHE_DIR"
"""The environment variable naming the cache folder (``off`` turns the cache off)."""
OFF = ("off", "none", "0", "")

Place = namedtuple("Place", ["enabled", "folder", "problem"], defaults=[None])
Place.__doc__ = """Where the cache is: `enabled`; its `folder` on disk, or None (off, or no usable folder);
and the `problem` that left it without one (then the cache is kept in memory)."""


def locate(where: str | None) -> Place:
    """The cache's place for ``$PAINMAP_CACHE_DIR`` = `where` (None: not set).

    Examples
    --------
    >>> locate("off")
    Place(enabled=False, folder=None, problem=None)
    >>> locate("/tmp/pm").folder
    PosixPath('/tmp/pm')
    >>> locate("here").problem
    "PAINMAP_CACHE_DIR='here' is not an absolute path"
    """
    if where is not None:
        if where.strip().lower() in OFF:
            return Place(False, None)
        if not os.path.isabs(where):
            return Place(True, None, f"{ENV}={where!r} is not an absolute path")
        return Place(True, Path(where))
    problem = _home_problem()
    if problem is None:
        import platformdirs

        try:
            found = platformdirs.user_cache_dir("painmap", appauthor=False)
        except (RuntimeError, KeyError, OSError, ValueError) as err:  # no home folder to be found
            return Place(True, None, f"the platform's cache folder cannot be found ({err})")
        if found and os.path.isabs(found):
            return Place(True, Path(found))
        problem = f"the platform's cache folder {found!r} is not an absolute path"
    return Place(True, None, problem)


def _home_problem() -> str | None:
    """Why the home folder cannot hold the cache (on POSIX, unless ``$XDG_CACHE_HOME`` names the place)."""
    if os.name != "posix":
        return None  # Windows: the cache is under %LOCALAPPDATA%, found without HOME
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg) and sys.platform != "darwin":  # macOS: XDG only in newer platformdirs
        return None
    home = os.environ.get("HOME")
    if home is None:
        try:
            if pwd is not None:
                pwd.getpwuid(os.getuid())
        except KeyError:
            return f"HOME is not set and user id {os.getuid()} has no entry in the passwd database"
        return None
    if not os.path.isabs(home):
        return f"HOME={home!r} is not an absolute path"
    return None

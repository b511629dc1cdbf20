"""Which back end draws PNG: aggdraw where it is installed, else matplotlib; and which library deflates it.

PNG is drawn straight to pixels by :mod:`.raster` with aggdraw (fast: a gallery
figure in a few tens of milliseconds, and no matplotlib import).  aggdraw 1.4 has
wheels for CPython 3.11 and later on Linux (x86_64, aarch64; glibc 2.28 or newer)
and on Windows (x86-64, ARM64), but none for Python 3.10 and none for macOS before
14, which no environment marker tells from later macOS; so painmap asks for it
only on Linux and Windows with Python 3.11 and later (``pyproject.toml``; the
wheels are checked by ``tests/test_install.py``).  Elsewhere, or wherever ``import
aggdraw`` fails, PNG is drawn by matplotlib's Agg canvas (:mod:`.mpl`, the back end
that draws PDF): the same picture within a few grey levels at the edges of marks
and letters (``tests/render/test_fallback.py``), at the same pixel size, in the
same PNG format.  It is slower: a gallery figure at 110 dpi takes 80 to 360 ms
instead of 20 to 190 ms, and the first one also pays matplotlib's import (about
half a second).  ``pip install aggdraw`` brings the fast back end to any
platform it installs on (macOS 14 and later from a wheel).

The deflate step (:mod:`.png`) uses zlib-ng where it is installed and the
standard library's zlib otherwise: the same stream format, a little larger and
slower.

``painmap --version`` says which back end is in use (:func:`png_backend`).

The environment variable ``PAINMAP_PNG_BACKEND`` chooses, read at every drawing:
``matplotlib`` draws PNG with matplotlib even where aggdraw imports (to check the
fallback, as the tests do, or to work around an aggdraw problem); ``aggdraw``
insists on aggdraw and fails with an error where it does not import; unset,
empty or ``auto``: aggdraw if it imports, else matplotlib.
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from importlib import metadata
from typing import TYPE_CHECKING

from ..core.errors import ChoiceError, DependencyError
from .page import page_pixels

if TYPE_CHECKING:  # pragma: no cover
    from ..scene.elements import Scene

ENV = "PAINMAP_PNG_BACKEND"
CHOICES = ("auto", "aggdraw", "matplotlib")


def scene_png(scene: Scene, dpi: float) -> bytes:
    """The scene as PNG bytes at `dpi`, drawn by the back end in use (see the module docstring).

    Both back ends give a page of :func:`.page.page_pixels` pixels, RGB on paper and RGBA
    on transparent paper, with its resolution and no timestamps.

    Examples
    --------
    >>> import painmap as pm
    >>> scene_png(pm.draw([], size=(2, 3)).scene, 50)[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    if _uses_aggdraw():
        from .raster import scene_png as raster_png

        return raster_png(scene, dpi)
    return matplotlib_png(scene, dpi)


def png_backend() -> str:
    """The back end that draws PNG here, with its version and, for the fallback, why.

    Looked up without importing matplotlib (and without importing aggdraw where it
    is not installed or not wanted).  A missing zlib-ng is named too.

    Examples
    --------
    >>> png_backend().split()[0] in ("aggdraw", "matplotlib")
    True
    """
    try:
        choice = _choice()
    except ChoiceError:
        return f"none, as {ENV}={os.environ[ENV]!r} names no back end (give {', '.join(CHOICES)})"
    if choice == "matplotlib":
        text = f"{_version('matplotlib')}, as {ENV}=matplotlib"
    else:
        ok, detail = _aggdraw()
        if choice == "aggdraw" and not ok:
            text = f"none, as {ENV}=aggdraw but {detail}"
        else:
            text = detail if ok else f"{_version('matplotlib')}, as {detail}"
    if importlib.util.find_spec("zlib_ng") is None:
        text += f"; deflate by {_version('zlib')}, as zlib-ng is not installed"
    return text


def matplotlib_png(scene: Scene, dpi: float) -> bytes:
    """The scene drawn by matplotlib's Agg canvas, as PNG bytes like :func:`.raster.scene_png`'s.

    The page is :func:`.page.page_pixels` in size (matplotlib rounds ``inches * dpi``
    down without the raster's allowance, so ``"777px"`` at 150 dpi would come out
    776 pixels wide: such a figure is made a millionth of a pixel larger), RGB on
    paper and RGBA (straight alpha) on transparent paper, encoded by
    :func:`.png.encode_png` with the resolution.
    """
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from .mpl import draw_scene
    from .png import encode_png

    width, height = page_pixels(scene.layout.size, dpi)
    fig = draw_scene(scene)
    fig.set_dpi(dpi)
    fig.set_size_inches(*(max(inches, (px + 1e-6) / dpi) for inches, px in zip(scene.layout.size,
                                                                                (width, height))))
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba())
    if rgba.shape[:2] != (height, width):  # a rounding the allowance above did not catch: cut or repeat
        rgba = rgba[max(0, rgba.shape[0] - height):, :width]  # the edges, keeping the lower left corner
        rgba = np.pad(rgba, ((height - rgba.shape[0], 0), (0, width - rgba.shape[1]), (0, 0)), mode="edge")
    pixels = rgba[..., :3] if scene.paper else rgba
    return encode_png(pixels, dpi)


def _choice() -> str:
    value = os.environ.get(ENV, "").strip().lower() or "auto"
    if value not in CHOICES:
        raise ChoiceError("PNG back end", os.environ[ENV], CHOICES, argument=ENV)
    return value


def _uses_aggdraw() -> bool:
    choice = _choice()
    if choice == "matplotlib":
        return False
    ok, detail = _aggdraw()
    if choice == "aggdraw" and not ok:
        raise DependencyError(f"{ENV}=aggdraw, but {detail}: install aggdraw (pip install aggdraw), or "
                              f"unset {ENV} to draw PNG with matplotlib.")
    return ok


@lru_cache(maxsize=1)
def _aggdraw() -> tuple[bool, str]:
    """Whether aggdraw imports, with its name and version (True) or why not (False)."""
    if importlib.util.find_spec("aggdraw") is None:
        return False, "aggdraw is not installed"
    try:
        import aggdraw
    except (ImportError, OSError) as exc:  # a broken build, a missing shared library
        return False, f"aggdraw does not import ({type(exc).__name__}: {exc})"
    version = getattr(aggdraw, "__version__", None) or _distribution_version("aggdraw")
    return True, f"aggdraw {version}" if version else "aggdraw"


def _version(name: str) -> str:
    """A library's name and version, from its installed metadata (nothing is imported)."""
    if name == "zlib":
        import zlib

        return f"zlib {zlib.ZLIB_RUNTIME_VERSION}"
    version = _distribution_version(name)
    return f"{name} {version}" if version else f"{name} (not installed)"


def _distribution_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None

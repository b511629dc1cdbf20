"""The finished picture, :class:`PainMap`: a scene, drawn on demand as PNG, SVG or PDF."""

from __future__ import annotations

import io
import os
from functools import cached_property
from typing import IO, TYPE_CHECKING, ClassVar

from .core import checks
from .core.errors import ArgumentError, ArgumentTypeError
from .core.files import write_atomic
from .scene.elements import Scene

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

DEFAULT_DPI = 150.0
NOTEBOOK_FORMATS = ("png", "svg")
"""The formats a figure may show itself in, in a notebook (:attr:`PainMap.notebook_format`)."""
MIMETYPES = {"png": "image/png", "svg": "image/svg+xml"}


class PainMap:
    """A finished painmap picture: save it, export it, or show it in a notebook.

    Made by :func:`painmap.draw`.  The picture is computed once (the
    :attr:`scene`); PNG, PDF and SVG are drawn from it.

    In a notebook a figure shows itself as one picture, in the format of the class
    setting ``PainMap.notebook_format``: ``"png"`` (the default) or ``"svg"`` (vector,
    sharp at any zoom).  Only that format is stored in the notebook, never both.  Set it
    once, e.g. at the top of a notebook: ``pm.PainMap.notebook_format = "svg"``; any
    other value is refused, with a message, when a figure is shown.

    Examples
    --------
    >>> import painmap as pm
    >>> fig = pm.draw([], view="back")
    >>> fig.to_svg().startswith("<svg")
    True
    >>> list(fig._repr_mimebundle_())
    ['image/png']
    """

    notebook_format: ClassVar[str] = "png"

    def __init__(self, scene: Scene, *, dpi: float = DEFAULT_DPI) -> None:
        self.scene = scene
        self.dpi = dpi

    @cached_property
    def figure(self) -> Figure:
        """The matplotlib Figure (made on first use; painmap never calls ``plt.show``)."""
        from .render.mpl import draw_scene

        return draw_scene(self.scene)

    def to_png(self, *, dpi: float | None = None) -> bytes:
        """The picture as PNG bytes (at `dpi`, else the figure's resolution).

        Drawn straight to pixels (:mod:`painmap.render.raster`), without matplotlib, where
        aggdraw is installed; else by matplotlib (:mod:`painmap.render.backends`).
        """
        from .render.backends import scene_png

        resolution = self.dpi if dpi is None else checks.dpi(dpi)
        checks.pixels(self.scene.layout.size, resolution)
        return scene_png(self.scene, resolution)

    def to_pdf(self) -> bytes:
        """The picture as PDF bytes (vector body outline, shading and glow as images)."""
        from .render.mpl import figure_bytes

        return figure_bytes(self.figure, "pdf", self.dpi)

    def to_svg(self) -> str:
        """The picture as an SVG document: vector paths and bands, no embedded bitmap."""
        from .render.svg import scene_to_svg

        return scene_to_svg(self.scene)

    def save(
        self,
        path: str | os.PathLike | IO,
        *,
        dpi: float | None = None,
        format: str | None = None,
    ):
        """Write the picture to `path`, a file name or a file object; PNG, SVG or PDF.

        Parameters
        ----------
        path : str, os.PathLike or file object
            A file name: written whole or not at all (through a temporary file).  Or a
            file object open for writing (``io.BytesIO``, ``open(name, "wb")``, ...): the
            picture is drawn first and then written in one call, so on an error nothing
            is written to it.  PNG and PDF need a binary file; SVG may also go to a text
            file (``io.StringIO``, ``open(name, "w")``).
        dpi : float, optional
            PNG resolution (default: the figure's).
        format : {"png", "svg", "pdf"}, optional
            The format; by default the extension of the file name (for a file object,
            of its ``name``).  A file object without a name needs it.

        Returns
        -------
        pathlib.Path or file object
            The path written, or the file object.

        Raises
        ------
        painmap.ChoiceError
            If `format`, or else the file name's extension, is not an output format.
        painmap.ArgumentError
            If `format` and the extension disagree, or a file object has no name and no
            `format` is given, or it is closed or not writable.
        painmap.ArgumentTypeError
            If a PNG or PDF is to be written to a text file.
        painmap.OutputError
            If the file cannot be written.

        Examples
        --------
        >>> import painmap as pm, tempfile, pathlib, io
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "body.svg"
        >>> pm.draw([]).save(out).exists()
        True
        >>> buffer = pm.draw([]).save(io.BytesIO(), format="png")
        >>> buffer.getvalue()[:4]
        b'\\x89PNG'
        """
        if _is_file_object(path):
            return self._save_to_file_object(path, dpi=dpi, format=format)
        path, fmt = checks.output(path, format)
        dpi = checks.dpi(dpi, optional=True)
        return write_atomic(path, self._render(fmt, dpi))

    def _render(self, fmt: str, dpi: float | None) -> bytes | str:
        if fmt == "png":
            return self.to_png(dpi=dpi)
        if fmt == "pdf":
            return self.to_pdf()
        return self.to_svg()

    def _save_to_file_object(self, handle: IO, *, dpi: float | None, format: str | None) -> IO:
        fmt = _file_object_format(handle, format)
        dpi = checks.dpi(dpi, optional=True)
        if getattr(handle, "closed", False):
            raise ArgumentError("path", handle, "a file object open for writing", problem="closed")
        writable = getattr(handle, "writable", None)
        if callable(writable) and not writable():
            raise ArgumentError("path", handle, "a file object open for writing", problem="not writable")
        text = _is_text(handle)
        if text and fmt != "svg":
            raise ArgumentTypeError(
                "path", handle, f"a binary file for {fmt.upper()}, e.g. open(name, 'wb') or io.BytesIO()",
                problem="a text file",
            )
        data = self._render(fmt, dpi)  # drawn whole before anything is written
        if isinstance(data, str) and not text:
            data = data.encode("utf-8")
        handle.write(data)
        return handle

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, bytes | str]:
        """The one picture a notebook shows and stores, in :attr:`notebook_format`."""
        fmt = type(self).notebook_format
        if not isinstance(fmt, str) or fmt not in NOTEBOOK_FORMATS:
            fmt = checks.choice("PainMap.notebook_format", fmt, NOTEBOOK_FORMATS, kind="notebook format")
        data = self.to_png() if fmt == "png" else self.to_svg()
        return {MIMETYPES[fmt]: data}

    def __repr__(self) -> str:
        views = ", ".join(p.view for p in self.scene.panels)
        w, h = self.scene.layout.size
        return f"<PainMap views=[{views}] size={w:.1f}x{h:.1f} in>"


def _is_file_object(value: object) -> bool:
    return not isinstance(value, (str, bytes, os.PathLike)) and callable(getattr(value, "write", None))


def _is_text(handle: IO) -> bool:
    """Whether a file object takes str (text mode) rather than bytes."""
    if isinstance(handle, io.TextIOBase):
        return True
    if isinstance(handle, (io.RawIOBase, io.BufferedIOBase)):
        return False
    mode = getattr(handle, "mode", None)
    return isinstance(mode, str) and "b" not in mode


def _file_object_format(handle: IO, format: object) -> str:
    """The format to write to a file object: `format`, else its name's extension."""
    name = getattr(handle, "name", None)
    ext = os.path.splitext(name)[1].lstrip(".").lower() if isinstance(name, str) else ""
    formats = checks.OUTPUT_FORMATS
    if format is not None:
        fmt = checks.choice("format", format.lower() if isinstance(format, str) else format, formats,
                            kind="output format")
        if ext in formats and ext != fmt:
            raise ArgumentError("format", format, f"the format the file name {name!r} ends in",
                                problem=f"not the format of {name!r}", closest=ext)
        return fmt
    if ext in formats:
        return ext
    listing = ", ".join(repr(f) for f in formats)
    why = (f"the file object's name {name!r} ends in none of them" if isinstance(name, str)
           else "the file object has no name to tell it")
    raise ArgumentError("format", None, f"one of {listing}: {why}; e.g. fig.save(buffer, format='png')",
                        problem="missing")

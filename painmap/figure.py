"""The finished picture, :class:`PainMap`: a scene, drawn on demand as PNG, SVG or PDF."""

from __future__ import annotations

import os
from functools import cached_property
from typing import TYPE_CHECKING

from .core import checks
from .core.files import write_atomic
from .scene.elements import Scene

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

DEFAULT_DPI = 150.0


class PainMap:
    """A finished painmap picture: save it, export it, or show it in a notebook.

    Made by :func:`painmap.draw`.  The picture is computed once (the
    :attr:`scene`); PNG, PDF and SVG are drawn from it.

    Examples
    --------
    >>> import painmap as pm
    >>> fig = pm.draw([], view="back")
    >>> fig.to_svg().startswith("<svg")
    True
    """

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

        Drawn straight to pixels (:mod:`painmap.render.raster`), without matplotlib.
        """
        from .render.raster import scene_png

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

    def save(self, path: str | os.PathLike, *, dpi: float | None = None, format: str | None = None):
        """Write the picture to `path`; PNG, SVG or PDF by extension (or `format`).

        The file is written whole or not at all.  Returns the path.

        Examples
        --------
        >>> import painmap as pm, tempfile, pathlib
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "body.svg"
        >>> pm.draw([]).save(out).exists()
        True
        """
        path, fmt = checks.output(path, format)
        dpi = checks.dpi(dpi, optional=True)
        data: bytes | str
        if fmt == "png":
            data = self.to_png(dpi=dpi)
        elif fmt == "pdf":
            data = self.to_pdf()
        else:
            data = self.to_svg()
        return write_atomic(path, data)

    def _repr_png_(self) -> bytes:
        return self.to_png()

    def _repr_svg_(self) -> str:
        return self.to_svg()

    def __repr__(self) -> str:
        views = ", ".join(p.view for p in self.scene.panels)
        w, h = self.scene.layout.size
        return f"<PainMap views=[{views}] size={w:.1f}x{h:.1f} in>"

"""How squarely each vertex of the body is seen in a view, cheap to ask for any (shape, view).

Choosing views automatically asks, for every candidate view, which skin it shows.
Answering from full projections would project every view; instead the answer is
one number per vertex, computed once per (shape, view) and kept in memory and in
painmap's disk cache (:mod:`painmap.core.cache`).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..core.cache import cache_dir, cached, entry_name
from .camera import View, get_view
from .mesh import Shape, load_body
from .projection import DEFAULT_RESOLUTION, Projection, _project, camera_params, project


def vertex_visibility(shape: Shape, view: str | View, resolution: int = DEFAULT_RESOLUTION) -> np.ndarray:
    """Per body vertex: 0 where the view does not show it, else how squarely it faces the camera.

    A vertex counts as shown when a visible pixel of the view's raster lies on a
    triangle touching it; its value is then the cosine between its normal and the
    direction to the camera (clipped to 0..1).  Multiply by
    :attr:`~painmap.body.mesh.Body.vertex_areas` for the skin area shown.

    Parameters
    ----------
    shape : str
        Body shape.
    view : str or View
        A named view or any camera.
    resolution : int
        Raster rows over the body's height (as for :func:`~painmap.body.projection.project`).

    Returns
    -------
    ndarray, shape (n_vertices,)
        Read-only.

    Examples
    --------
    >>> front, back = vertex_visibility("neutral", "front"), vertex_visibility("neutral", "back")
    >>> bool(((front > 0.5) & (back > 0.5)).any())
    False
    """
    return _visibility(shape, get_view(view), resolution)


@lru_cache(maxsize=64)
def _visibility(shape: Shape, camera: View, resolution: int) -> np.ndarray:
    params = (shape, camera_params(camera), resolution)
    data = cached("visibility", params,
                  lambda: {"visibility": facing(_raw_projection(shape, camera, resolution))})
    out = data["visibility"]
    out.setflags(write=False)
    return out


def _raw_projection(shape: Shape, camera: View, resolution: int) -> Projection:
    """The view's projection: the cached one if there is one, else the raster alone.

    Visibility needs no silhouette, shading or feature lines, so a view that is
    only scored (not drawn) does not pay for them.
    """
    folder = cache_dir()
    params = (load_body(shape).shape, camera_params(camera), resolution)
    if folder is not None and (folder / entry_name("projection", *params)).exists():
        return project(shape, camera, resolution)
    return _project(load_body(shape), camera, resolution)


def facing(proj: Projection) -> np.ndarray:
    """Per body vertex of a projection: the cosine toward the camera where shown, else 0."""
    n = proj.body.n_vertices
    faces = proj.body.smooth.faces[proj.raster.face[proj.mask]]  # with repeats: marking them is cheaper
    seen = np.zeros(len(proj.points), bool)
    seen[faces.ravel()] = True
    return np.where(seen[:n], np.clip(proj.normals[:n, 2], 0.0, 1.0), 0.0)

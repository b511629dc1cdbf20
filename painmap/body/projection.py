"""Projecting the body into a view: the 2-D picture every renderer draws from.

A :class:`Projection` holds the posed body seen through one camera, rasterized
once.  From it come the silhouette polygons, interior feature lines, the
shading field, any per-vertex field (heat, region labels) as a picture, and the
2-D positions of surface points.  Coordinates are the picture frame of
:mod:`painmap.body.camera`: ``u`` right and ``v`` up, in centimetres.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, fields
from functools import cached_property, lru_cache

import numpy as np

from ..core.cache import Arrays, cached, entry_name, load, load_shipped, shipped_name
from .camera import View, get_view
from .image import (
    contour_lines,
    drop_small_holes,
    extend_index,
    filled_contours,
    gaussian_blur,
    smooth_rings,
    true_runs,
)
from .mesh import Body, Shape, load_body, vertex_normals
from .pose import pose_arms
from .raster import Raster, rasterize
from .surface import SurfacePoint

DEFAULT_RESOLUTION = 700
"""Raster rows over the body's standing height."""

_MARGIN_CM = 2.0
_LIGHT_KEY = np.array([-0.35, 0.55, 0.75])
_LIGHT_FILL = np.array([0.7, 0.0, 0.7])
# A part's outline becomes a feature line where the depth across it jumps by more than this.
_OCCLUSION_CM = 2.5
_PROBE_PIXELS = 3
_MIN_LINE_POINTS = 6
# A feature line's runs are joined across breaks of up to this many points (about 3 mm each) ...
_LINE_REACH = 12
# ... and continued toward the silhouette over up to this many.
_LINE_ONWARD = 32
# A point is visible when the picture shows surface within this depth of it.
_VISIBLE_CM = 1.0
_HOLE_CM2 = 4.0

Polygon = tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True, eq=False)
class Projection:
    """The body seen in one view, with everything renderers need.

    Build it with :func:`project`, which caches one per (shape, view, resolution).

    Attributes
    ----------
    body : Body
        The body shape.
    view : View
        The camera.
    points : ndarray, shape (N, 3)
        Each vertex of the smoothed (subdivided) mesh in the picture frame
        ``(u, v, d)`` after posing.  The first ``body.n_vertices`` rows are the
        body's own vertices.
    normals : ndarray, shape (N, 3)
        Unit normals of those vertices in the picture frame.
    origin : (float, float)
        ``(u, v)`` of the raster's lower-left corner.
    pixel : float
        Raster pixel size in centimetres.
    raster : Raster
        Visible triangle and barycentric weights per pixel (row 0 at the bottom).
    """

    body: Body
    view: View
    points: np.ndarray
    normals: np.ndarray
    origin: tuple[float, float]
    pixel: float
    raster: Raster

    @property
    def size(self) -> tuple[int, int]:
        """Raster (rows, columns)."""
        return self.raster.face.shape

    @property
    def extent(self) -> tuple[float, float, float, float]:
        """``(u_min, u_max, v_min, v_max)`` of the raster, in centimetres."""
        rows, cols = self.size
        u0, v0 = self.origin
        return (u0, u0 + cols * self.pixel, v0, v0 + rows * self.pixel)

    @cached_property
    def bounds(self) -> tuple[float, float, float, float]:
        """``(u_min, u_max, v_min, v_max)`` of the drawn body, in centimetres."""
        u, v = self.grid
        cols = np.flatnonzero(self.mask.any(axis=0))
        rows = np.flatnonzero(self.mask.any(axis=1))
        half = self.pixel / 2
        return (float(u[cols[0]] - half), float(u[cols[-1]] + half), float(v[rows[0]] - half),
                float(v[rows[-1]] + half))

    @cached_property
    def grid(self) -> tuple[np.ndarray, np.ndarray]:
        """Pixel-centre coordinates ``(u, v)`` as 1-D arrays (columns, rows)."""
        rows, cols = self.size
        u0, v0 = self.origin
        return (u0 + (np.arange(cols) + 0.5) * self.pixel, v0 + (np.arange(rows) + 0.5) * self.pixel)

    @cached_property
    def cache_key(self) -> tuple:
        """What this projection's pictures depend on, as plain values, for disk-cache keys.

        The body shape, the camera, the raster's frame and a digest of which pixels
        show the body (a view with a stray piece of limb left out differs there).
        """
        mask = hashlib.blake2b(np.packbits(self.mask).tobytes(), digest_size=16).hexdigest()
        return (self.body.shape, camera_params(self.view), self.size, self.origin, self.pixel, mask)

    @property
    def mask(self) -> np.ndarray:
        """Pixels covered by the body."""
        return self.raster.mask

    def sample(self, values: np.ndarray, *, margin: int = 3) -> np.ndarray:
        """Per-vertex `values` as a picture, continued `margin` pixels past the silhouette.

        Outside that band the result is NaN.  The continuation means a field drawn
        clipped to the smooth silhouette leaves no gap at the body's edge.
        """
        return self._sample_fine(self.body.smooth.apply(values), margin)

    def _sample_fine(self, values: np.ndarray, margin: int = 3) -> np.ndarray:
        if not margin:
            return self.raster.sample(values, self.body.smooth.faces)
        values = np.asarray(values, dtype=float)
        corners, weights, shown, taken = self._sampling
        picked = values[corners]
        inside = (np.einsum("pk,pk->p", picked, weights) if values.ndim == 1
                  else np.einsum("pkc,pk->pc", picked, weights))
        out = np.full((self.mask.size, *values.shape[1:]), np.nan)
        out[shown] = inside[taken]
        return out.reshape(self.size + values.shape[1:])

    @cached_property
    def _sampling(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Tables for :meth:`sample`, built once per projection.

        The corner vertices and barycentric weights of every body pixel, the flat
        indices of the pixels that get a value (the body and the margin past it),
        and for each of those which body pixel's value it takes.  Sampling a field
        is then one gather and one weighted sum over the body pixels only.
        """
        covered = self.mask
        corners = self.body.smooth.faces[self.raster.face[covered]]
        weights = self.raster.weights
        rank = np.full(covered.size, -1, dtype=np.int32)
        rank[np.flatnonzero(covered)] = np.arange(int(covered.sum()))
        source = self._margin_source
        shown = np.flatnonzero(source >= 0)
        return corners, weights, shown, rank[source[shown]]

    @cached_property
    def _margin_source(self) -> np.ndarray:
        """For each pixel, the flat index of the body pixel whose value it takes, or -1.

        Body pixels point to themselves; pixels up to three steps outside the body
        point to a neighbouring body pixel; the rest to nothing.
        """
        return extend_index(self.mask, 3).ravel()

    @cached_property
    def coverage(self) -> np.ndarray:
        """Softened body mask (0 outside, 1 inside) whose 0.5 level is the silhouette."""
        return gaussian_blur(self.mask.astype(float), 0.8)

    @cached_property
    def silhouette(self) -> list[Polygon]:
        """The body's outline: polygons with holes as (points, path codes) pairs.

        Holes smaller than a few square centimetres are filled: seen from below, the
        slits between the toes would read as holes in the skin.
        """
        return self._look("silhouette")

    def _look(self, name: str):
        """The derived field `name` (silhouette, shading, feature lines): computed, or, for a projection
        made by :func:`project`, read from (or computed into) its disk-cache entry with the other two.

        Only the projections a picture draws pay for these: views that are only scored
        (:mod:`painmap.body.visibility`) or drawn with pixels left out (:func:`without_pixels`) never
        compute the whole view's.
        """
        entry = self.__dict__.get("_look_entry")
        if entry is None:
            return getattr(self, f"_compute_{name}")()
        kind, params = entry
        if kind == "projection-without":  # the entry holds the margin too (equal to the one in use)
            data = cached(kind, params, lambda: _pack_without(self, params))
            _with_derived(self, data)
        else:
            data = cached(kind, params, lambda: _look_arrays(self, shipped_outline("projection", params)))
            self.__dict__.update(_look_fields(self, data))
        return self.__dict__[name]

    def _compute_silhouette(self) -> list[Polygon]:
        u, v = self.grid
        rings = [drop_small_holes(points, codes, _HOLE_CM2) for points, codes in
                 filled_contours(u, v, self.coverage, 0.5)]
        return [(smooth_rings(points, codes, passes=3), codes) for points, codes in rings]

    @cached_property
    def normal_field(self) -> np.ndarray:
        """Unit surface normal per pixel in the picture frame, shape (rows, cols, 3).

        Softened by a one-pixel blur, so that details smaller than a pixel (the
        eyelids, the lips, the ear's folds) shade smoothly instead of speckling.
        """
        n = self._sample_fine(self.normals)
        inside = ~np.isnan(n[..., 0])
        n = np.stack([gaussian_blur(np.where(inside, n[..., k], 0.0), 1.0) for k in range(3)], axis=-1)
        n = np.where(inside[..., None], n, np.nan)
        return n / np.linalg.norm(n, axis=-1, keepdims=True)

    @cached_property
    def shading(self) -> np.ndarray:
        """Soft studio lighting of the body, 0 (dark) to 1 (light), NaN far outside it."""
        return self._look("shading")

    def _compute_shading(self) -> np.ndarray:
        n = self.normal_field
        key = np.clip(n @ (_LIGHT_KEY / np.linalg.norm(_LIGHT_KEY)), 0, 1)
        fill = np.clip(n @ (_LIGHT_FILL / np.linalg.norm(_LIGHT_FILL)), 0, 1)
        facing = np.clip(n[..., 2], 0, 1)
        return np.clip((0.42 + 0.5 * key + 0.14 * fill) * (0.8 + 0.2 * facing), 0, 1)

    @cached_property
    def feature_lines(self) -> list[np.ndarray]:
        """Interior lines where one body part passes in front of another (polylines).

        They follow the outline of each part (head, trunk, each arm and leg) where,
        across the line, the depth jumps: the near arm over the chest in a side view,
        one leg in front of the other.
        """
        return self._look("feature_lines")

    def _compute_feature_lines(self) -> list[np.ndarray]:
        u, v = self.grid
        smooth, covered = self.body.smooth, self.mask
        labels = smooth.apply(np.eye(len(self.body.part_names))[self.body.part])
        # The part weighing most at each body pixel (the labels interpolated as Raster.sample does).
        share = np.einsum("pkc,pk->pc", labels[smooth.faces[self.raster.face[covered]]], self.raster.weights)
        owner = np.full(covered.shape, -1)
        owner[covered] = np.argmax(share, axis=1)
        lines = []
        for k in range(labels.shape[1]):
            soft = _local_blur(owner == k, 1.0)
            for line in contour_lines(u, v, soft, 0.5):
                if len(line) >= _MIN_LINE_POINTS:
                    lines.extend(self._occluding_runs(line))
        return lines

    def _occluding_runs(self, line: np.ndarray) -> list[np.ndarray]:
        """The stretches of `line` across which the visible surface jumps in depth."""
        tangent = np.gradient(line, axis=0)
        normal = np.c_[-tangent[:, 1], tangent[:, 0]]
        normal /= np.maximum(np.linalg.norm(normal, axis=1, keepdims=True), 1e-12)
        step = _PROBE_PIXELS * self.pixel * normal
        depth, facing = [], []
        for probe in (line - step, line + step):
            col, row = self.pixel_of(probe)
            depth.append(np.where(self.mask[row, col], self.raster.depth[row, col], np.nan))
            facing.append(self.normal_field[row, col, 2])
        # The hidden surface behind an occluding edge faces the viewer; where both
        # sides turn away, the jump is only a steep surface seen edge-on.
        behind = np.where(depth[0] < depth[1], facing[0], facing[1])
        with np.errstate(invalid="ignore"):
            gap = np.abs(depth[0] - depth[1])
        flags = (gap > _OCCLUSION_CM) & (behind > 0.35)
        # A run is continued where the depth still steps (the surface behind turning away toward the
        # silhouette) and beside the silhouette (one probe off the body), else it stops short of the outline:
        # a break in the contour.  Short breaks inside a run are closed.
        runs = [run for run in true_runs(_bridged(flags)) if flags[run].sum() >= _MIN_LINE_POINTS]
        core = np.zeros(len(line), bool)
        for run in runs:
            core[run] = True
        with np.errstate(invalid="ignore"):
            goes_on = (gap > _OCCLUSION_CM / 3) | (np.isnan(depth[0]) != np.isnan(depth[1]))
        return [line[run] for run in true_runs(_bridged(core, goes_on, onward=_LINE_ONWARD))]

    def pixel_of(self, uv: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Column and row indices (clipped to the raster) of picture points ``(u, v)``."""
        rows, cols = self.size
        col = np.clip(((uv[:, 0] - self.origin[0]) / self.pixel).astype(int), 0, cols - 1)
        row = np.clip(((uv[:, 1] - self.origin[1]) / self.pixel).astype(int), 0, rows - 1)
        return col, row

    def locate(self, vertices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Picture positions ``(u, v)`` of vertices and whether each can be seen.

        A vertex counts as visible when its surface does not face away from the
        viewer and the picture shows the surface at the vertex's depth at or right
        next to its position (so points on the outline count as visible).
        """
        vertices = np.asarray(vertices, dtype=int)
        return self._locate(self.points[vertices], self.normals[vertices, 2])

    def locate_points(self, points: Sequence[SurfacePoint]) -> tuple[np.ndarray, np.ndarray]:
        """Picture positions and visibility of surface points (see :meth:`locate`)."""
        if not len(points):
            return np.zeros((0, 2)), np.zeros(0, bool)
        corners = np.array([p.vertices for p in points])
        weights = np.array([p.weights for p in points])
        uvd = np.einsum("kj,kjd->kd", weights, self.points[corners])
        facing = np.einsum("kj,kj->k", weights, self.normals[corners, 2])
        return self._locate(uvd, facing)

    def _locate(self, uvd: np.ndarray, facing: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        col, row = self.pixel_of(uvd[:, :2])
        rows, cols = self.size
        dr, dc = np.mgrid[-2:3, -2:3].reshape(2, -1)  # the 5 x 5 pixels around each point, at once
        r = np.clip(row[:, None] + dr, 0, rows - 1)
        c = np.clip(col[:, None] + dc, 0, cols - 1)
        gap = np.abs(self.raster.depth[r, c] - uvd[:, 2:3]).min(axis=1, initial=np.inf)
        visible = (gap < _VISIBLE_CM) & (facing > -0.25)
        return uvd[:, :2], visible


def _bridged(flags: np.ndarray, beside: np.ndarray | None = None, reach: int = _LINE_REACH,
             onward: int | None = None) -> np.ndarray:
    """`flags` with breaks of at most `reach` points between two true runs set, and each run continued
    over up to `onward` (default `reach`) points of `beside` (where the line may go on) at either end.

    Examples
    --------
    >>> f = np.array([0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0], bool)
    >>> b = np.array([1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0], bool)
    >>> _bridged(f, b, 3).astype(int).tolist()
    [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]
    """
    onward = reach if onward is None else onward
    out = flags.copy()
    runs = true_runs(flags)
    for before, after in itertools.pairwise(runs):
        if after[0] - before[-1] - 1 <= reach:
            out[before[-1] + 1: after[0]] = True
    if beside is None:
        return out
    for run in true_runs(out):
        for step, start in ((-1, run[0] - 1), (1, run[-1] + 1)):
            i = start
            while 0 <= i < len(out) and abs(i - start) < onward and beside[i] and not out[i]:
                out[i] = True
                i += step
    return out


def _local_blur(image: np.ndarray, sigma: float) -> np.ndarray:
    """:func:`~painmap.body.image.gaussian_blur` of `image`, computed on the box around its nonzero
    pixels only: the same values to the bit (the blur reaches ``round(3 sigma)`` pixels, sums the same
    products pixel by pixel, and is exactly 0 beyond its reach), at a fraction of the cost for a body
    part, which covers a small part of the raster.
    """
    out = np.zeros(image.shape)
    rows, cols = np.flatnonzero(image.any(axis=1)), np.flatnonzero(image.any(axis=0))
    if not len(rows):
        return out
    reach = max(1, round(3 * sigma)) + 1  # one more: the box's edge rows, repeated as padding, are 0
    box = (slice(max(rows[0] - reach, 0), rows[-1] + reach + 1),
           slice(max(cols[0] - reach, 0), cols[-1] + reach + 1))
    out[box] = gaussian_blur(image[box], sigma)
    return out


@lru_cache(maxsize=32)
def project(
    shape: Shape = "neutral", view: str = "front", resolution: int = DEFAULT_RESOLUTION
) -> Projection:
    """Project a body shape into a named view (cached in memory and on disk).

    The raster and what is slow to derive from it (silhouette, shading, feature
    lines) are kept in painmap's disk cache (:mod:`painmap.core.cache`), so only the
    first process on a machine pays for them: the raster when the view is first
    projected, the derived fields (a second entry) when they are first asked for,
    which a view only scored or drawn with pixels left out never does.

    Parameters
    ----------
    shape : str
        Body shape, one of :data:`painmap.SHAPES` (or a forgiving spelling of one).
    view : {"front", "back", "left", "right"}
        Camera.
    resolution : int
        Raster rows over the body's height; 700 gives about 2.4 mm per pixel.

    Examples
    --------
    >>> p = project("neutral", "front")
    >>> u0, u1, v0, v1 = p.extent
    >>> v1 - v0 > p.body.height
    True
    """
    body, camera = load_body(shape), get_view(view)
    params = (body.shape, camera_params(camera), resolution)
    data = cached("projection", params, lambda: _pack(_project_shipped(body, camera, resolution)))
    proj = _unpack(body, camera, data)
    proj.__dict__["_look_entry"] = ("projection-look", params)  # silhouette, shading, lines: when asked for
    return proj


def without_pixels(proj: Projection, drop: np.ndarray) -> Projection:
    """The projection with the body pixels in `drop` left out (as if nothing were drawn there).

    Its silhouette, shading and feature lines are those of what is left.  The
    result is cached in memory and on disk per (projection, `drop`), so a picture
    that leaves out a stray piece of limb costs nothing the second time.  With no
    disk-cache entry yet, they are worked out only when asked for (an SVG of a
    view whose body's paths are cached or shipped never asks), the margin past the
    silhouette taken from the package's data where it has them.
    """
    drop = np.asarray(drop, bool)
    digest = hashlib.blake2b(np.packbits(drop).tobytes(), digest_size=16).hexdigest()
    key = (proj, digest)
    if key not in _WITHOUT:
        params = without_params(proj, drop)
        new = _dropped(proj, drop)
        data = load(entry_name("projection-without", *params))
        if data is not None:  # a warm cache: everything at once
            _with_derived(new, data)
        else:
            outline = shipped_outline("projection-without", params)
            if outline is not None:  # the margin (else computed when first asked for)
                _with_derived(new, {"ring": outline["ring"], "ring_source": outline["ring_source"]})
            new.__dict__["_look_entry"] = ("projection-without", params)
        while len(_WITHOUT) >= 32:
            del _WITHOUT[next(iter(_WITHOUT))]
        _WITHOUT[key] = new
    return _WITHOUT[key]


def _pack_without(dropped: Projection, params: tuple) -> Arrays:
    """The disk-cache entry of :func:`without_pixels` (`dropped`, made by :func:`_dropped`): computed,
    or with the margin, silhouette and feature lines shipped for it (:func:`shipped_outline`), only the
    shading computed."""
    outline = shipped_outline("projection-without", params)
    if outline is not None:
        outline = dict(outline)
        _with_derived(dropped, {"ring": outline.pop("ring"), "ring_source": outline.pop("ring_source")})
    return _pack(dropped, geometry=False, outline=outline)


def without_outline_arrays(proj: Projection) -> Arrays:
    """What is shipped for a view with pixels left out (`proj`, made by :func:`_dropped`): the margin past
    its silhouette (as :func:`_pack` stores it), its silhouette and its feature lines."""
    source = proj._margin_source
    ring = np.flatnonzero((source >= 0) & ~proj.mask.ravel())
    return {"ring": ring.astype(np.int32), "ring_source": source[ring].astype(np.int32),
            **outline_arrays(proj)}


def without_params(proj: Projection, drop: np.ndarray) -> tuple:
    """The disk-cache parameters of :func:`without_pixels` ``(proj, drop)``: the view and which pixels."""
    digest = hashlib.blake2b(np.packbits(np.asarray(drop, bool)).tobytes(), digest_size=16).hexdigest()
    return (proj.body.shape, camera_params(proj.view), proj.size, proj.origin, proj.pixel, digest)


def shipped_outline(kind: str, params: tuple) -> Arrays | None:
    """The silhouette and feature lines of a view (`kind` ``"projection"``, with :func:`project`'s
    parameters) or of a view with pixels left out (``"projection-without"``, :func:`without_params`)
    as shipped in the package (:func:`outline_arrays`), or None.

    They are shipped for the default body's named views (``python tools/build_shipped_cache.py``): a few
    tens of kilobytes each, against the megabyte of the shading, which is computed instead.
    """
    return load_shipped(shipped_name(f"{kind}-outline", *params))


def _dropped(proj: Projection, drop: np.ndarray) -> Projection:
    """`proj` with the pixels in `drop` uncovered: a new raster, the same (shared) vertex arrays."""
    r = proj.raster
    raster = Raster(np.where(drop, -1, r.face).astype(np.int32), r.weights[~drop[r.mask]],
                    np.where(drop, -np.inf, r.depth))
    return Projection(proj.body, proj.view, proj.points, proj.normals, proj.origin, proj.pixel, raster)


_WITHOUT: dict[tuple[Projection, str], Projection] = {}


def camera_params(view: View) -> tuple:
    """What a view's pictures depend on, as plain values (for cache keys): every field but the words.

    Examples
    --------
    >>> from painmap.body.camera import VIEWS, view
    >>> camera_params(VIEWS["left"]) == camera_params(VIEWS["right_medial"])
    False
    """
    skip = ("name", "title")
    return tuple((f.name, _plain(getattr(view, f.name))) for f in fields(view) if f.name not in skip)


def _plain(value):
    """Exact plain Python values (floats keep every bit: a key never joins two different cameras)."""
    return value.tolist() if isinstance(value, (np.ndarray, np.generic)) else value


def _project_shipped(body: Body, view: View, resolution: int) -> Projection:
    """:func:`_project`, from the raster shipped in the package for the view if there is one
    (:func:`raster_arrays`): the same projection to the bit, without rasterizing."""
    shipped = load_shipped(shipped_name("projection-raster", body.shape, camera_params(view), resolution))
    proj = _project(body, view, resolution, shipped)
    if shipped is not None:
        _with_derived(proj, shipped)  # the margin past the silhouette, shipped too
    return proj


def raster_arrays(proj: Projection) -> Arrays:
    """What is shipped of a view's raster (``projection-raster``): which pixels show the body (bits),
    the triangle seen at each (a few hundred kilobytes, compressed), and the margin past the silhouette.
    The weights and depths are worked out from the triangles (:func:`_raster_from_faces`)."""
    mask = proj.mask
    source = proj._margin_source
    ring = np.flatnonzero((source >= 0) & ~mask.ravel())
    return {"size": np.array(proj.size), "covered": np.packbits(mask), "face": proj.raster.face[mask],
            "ring": ring.astype(np.int32), "ring_source": source[ring].astype(np.int32)}


def _raster_from_faces(xy: np.ndarray, depth: np.ndarray, faces: np.ndarray, shipped: Arrays) -> Raster:
    """The raster :func:`~painmap.body.raster.rasterize` finds, from the triangle seen at each pixel
    (`shipped`, :func:`raster_arrays`): the barycentric weights and depth of each pixel centre in its
    triangle, with the same arithmetic, so the same values to the bit (the tests check it)."""
    rows, cols = (int(n) for n in shipped["size"])
    covered = np.unpackbits(shipped["covered"], count=rows * cols).view(bool)
    pixel = np.flatnonzero(covered)
    face = shipped["face"].astype(np.int32)
    row, col = pixel // cols, pixel % cols
    tri = faces[face]
    x = np.ascontiguousarray(xy[:, 0])[tri]
    y = np.ascontiguousarray(xy[:, 1])[tri]
    x0, x1, x2, y0, y1, y2 = x[:, 0], x[:, 1], x[:, 2], y[:, 0], y[:, 1], y[:, 2]
    area = (x1 - x0) * (y2 - y0) - (y1 - y0) * (x2 - x0)
    px, py = col + 0.5, row + 0.5
    w0 = (x1 - px) * (y2 - py) - (y1 - py) * (x2 - px)
    w0 = w0 / area
    w1 = (x2 - px) * (y0 - py) - (y2 - py) * (x0 - px)
    w1 = w1 / area
    w2 = 1.0 - w0 - w1
    bary = np.stack([w0, w1, w2], axis=1)
    z = np.einsum("pk,pk->p", depth[tri], bary)
    face_img = np.full(rows * cols, -1, dtype=np.int32)
    depth_img = np.full(rows * cols, -np.inf)
    face_img[pixel] = face
    depth_img[pixel] = z
    return Raster(face_img.reshape(rows, cols), bary, depth_img.reshape(rows, cols))


def _project(body: Body, view: View, resolution: int, shipped: Arrays | None = None) -> Projection:
    """Project `body` into `view`: pose, place and rasterize (or take the `shipped` raster's triangles)."""
    smooth = body.smooth
    posed, world_normals = _posed(body, view.arm_flexion, view.arm_adduction)
    points = view.to_picture(posed)
    normals = view.to_picture(world_normals)
    drawn = np.flatnonzero(drawn_faces(body, view, posed, smooth.faces, smooth.apply))
    used = used_vertices(smooth.faces[drawn], len(points))
    if view.gather is not None:
        side = smooth.apply(body.side.astype(float))
        points[:, 0] += gather_shift(points[:, 0], side, used, view.gather)
    pixel = body.height / resolution
    lo = points[used, :2].min(axis=0) - _MARGIN_CM
    hi = points[used, :2].max(axis=0) + _MARGIN_CM
    cols, rows = np.ceil((hi - lo) / pixel).astype(int)
    xy = (points[:, :2] - lo) / pixel
    if shipped is not None and tuple(shipped["size"]) == (rows, cols):
        return Projection(body, view, points, normals, (float(lo[0]), float(lo[1])), pixel,
                          _raster_from_faces(xy, points[:, 2], smooth.faces, shipped))
    raster = rasterize(xy, points[:, 2], smooth.faces[drawn], (rows, cols))
    if len(drawn) < len(smooth.faces):  # face ids refer to the whole mesh
        raster = Raster(np.where(raster.face >= 0, drawn[np.maximum(raster.face, 0)], -1).astype(np.int32),
                        raster.weights, raster.depth)
    return Projection(body, view, points, normals, (float(lo[0]), float(lo[1])), pixel, raster)


@lru_cache(maxsize=8)
def _posed(body: Body, arm_flexion: float, arm_adduction: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """The smoothed mesh's vertices posed with the arms turned (:func:`~painmap.body.pose.pose_arms`), and
    their unit normals (body frame, read-only).  Shared by the views of one pose."""
    posed = body.smooth.apply(pose_arms(body, arm_flexion, arm_adduction))
    normals = vertex_normals(posed, body.smooth.faces)
    posed.setflags(write=False)
    normals.setflags(write=False)
    return posed, normals


def used_vertices(faces: np.ndarray, n: int) -> np.ndarray:
    """The vertices (of `n`) that `faces` use, in increasing order: ``np.unique(faces)``, a lot faster.

    Examples
    --------
    >>> used_vertices(np.array([[4, 1, 2], [2, 1, 0]]), 6)
    array([0, 1, 2, 4])
    """
    seen = np.zeros(n, bool)
    seen[faces.ravel()] = True
    return np.flatnonzero(seen)


def drawn_faces(body: Body, view: View, posed: np.ndarray, faces: np.ndarray, lift=None) -> np.ndarray:
    """Which `faces` (of the posed mesh, vertices `posed`) the view draws, as a boolean mask.

    `lift` maps per-body-vertex values onto the mesh of `faces` (``body.smooth.apply``
    for the subdivided mesh; None when `faces` are the body's own).  The sole view
    keeps the feet; a medial view keeps its leg.
    """
    keep = np.ones(len(faces), bool)
    if view.below is not None:
        keep &= (posed[faces, 1] < view.below).all(axis=1)
    if view.parts is not None:
        wanted = np.isin(np.asarray(body.part_names), view.parts)[body.part].astype(float)
        share = wanted if lift is None else lift(wanted)
        keep &= (share[faces] > 0.5).all(axis=1)
    return keep


def gather_shift(u: np.ndarray, side: np.ndarray, used: np.ndarray, gap: float) -> np.ndarray:
    """Per-vertex shift along ``u`` that moves each side's drawn part toward the other.

    `side` is ``+1`` on the patient's right, ``-1`` on the left (per vertex), `used`
    the vertices drawn.  Each half keeps its shape, and the two (the feet of the
    sole view) end up `gap` centimetres apart, the right one on the picture's left.

    Examples
    --------
    >>> gather_shift(np.array([-20.0, -10.0, 10.0, 20.0]), np.array([1, 1, -1, -1]), np.arange(4), 2.0)
    array([ 9.,  9., -9., -9.])
    """
    shift = np.zeros(len(u))
    right, left = used[side[used] > 0], used[side[used] < 0]
    if len(right) and len(left):
        shift[side > 0] = -gap / 2 - u[right].max()
        shift[side < 0] = gap / 2 - u[left].min()
    return shift


def _pack(proj: Projection, *, geometry: bool = True, outline: Arrays | None = None) -> Arrays:
    """A projection's margin past the silhouette and, with `geometry`, its vertices and raster (body pixels
    only), else its slow derived fields (:func:`_look_arrays`, with the `outline` if shipped), as arrays
    for the disk cache."""
    source = proj._margin_source
    ring = np.flatnonzero((source >= 0) & ~proj.mask.ravel())  # the margin past the silhouette
    out = {"ring": ring.astype(np.int32), "ring_source": source[ring].astype(np.int32)}
    if not geometry:
        return out | _look_arrays(proj, outline)
    inside = np.flatnonzero(proj.mask.ravel())
    return out | {
        "size": np.array(proj.size), "origin": np.array(proj.origin), "pixel": np.array(proj.pixel),
        "points": proj.points, "normals": proj.normals, "inside": inside.astype(np.int32),
        "face": proj.raster.face.ravel()[inside].astype(np.int32),
        "bary": proj.raster.weights, "depth": proj.raster.depth.ravel()[inside],
    }


def _look_arrays(proj: Projection, outline: Arrays | None = None) -> Arrays:
    """The silhouette, shading and feature lines of `proj`, as arrays for the disk cache: all computed,
    or the shading computed and the rest the `outline` shipped for it (:func:`shipped_outline`)."""
    shading = proj._compute_shading().ravel()
    lit = np.flatnonzero(~np.isnan(shading))
    return {"lit": lit.astype(np.int32), "shade": shading[lit],
            **(outline_arrays(proj) if outline is None else outline)}


def outline_arrays(proj: Projection) -> Arrays:
    """The silhouette and feature lines of `proj`, computed, as arrays (the part of :func:`_look_arrays`
    shipped in the package for the default body's views: small, and the slowest to work out)."""
    rings, lines = proj._compute_silhouette(), proj._compute_feature_lines()
    return {
        "ring_points": np.concatenate([p for p, _ in rings]),
        "ring_codes": np.concatenate([c for _, c in rings]),
        "ring_sizes": np.array([len(c) for _, c in rings]),
        "line_points": np.concatenate(lines) if lines else np.zeros((0, 2)),
        "line_sizes": np.array([len(line) for line in lines], dtype=int),
    }


def _look_fields(proj: Projection, data: Arrays) -> dict:
    """The silhouette, shading and feature lines :func:`_look_arrays` stored, by attribute name."""
    rows, cols = proj.size
    shading = np.full(rows * cols, np.nan)
    shading[data["lit"]] = data["shade"]
    ring_ends = np.cumsum(data["ring_sizes"])[:-1]
    line_ends = np.cumsum(data["line_sizes"])[:-1]
    return {
        "shading": shading.reshape(rows, cols),
        "silhouette": list(zip(np.split(data["ring_points"], ring_ends),
                               np.split(data["ring_codes"], ring_ends))),
        "feature_lines": np.split(data["line_points"], line_ends) if len(data["line_sizes"]) else [],
    }


def _unpack(body: Body, view: View, data: Arrays) -> Projection:
    """The projection :func:`_pack` stored, with its derived fields filled in."""
    rows, cols = (int(n) for n in data["size"])
    inside = data["inside"]
    face = np.full(rows * cols, -1, dtype=np.int32)
    face[inside] = data["face"]
    depth = np.full(rows * cols, -np.inf)
    depth[inside] = data["depth"]
    raster = Raster(face.reshape(rows, cols), data["bary"], depth.reshape(rows, cols))
    u0, v0 = (float(x) for x in data["origin"])
    proj = Projection(body, view, data["points"], data["normals"], (u0, v0), float(data["pixel"]), raster)
    return _with_derived(proj, data)


def _with_derived(proj: Projection, data: Arrays) -> Projection:
    """`proj` with the fields :func:`_pack` stored filled in (its raster as they were computed on): the
    margin, and the silhouette, shading and feature lines if the entry has them."""
    rows, cols = proj.size
    source = np.full(rows * cols, -1, dtype=np.int32)
    source[proj.mask.ravel()] = np.flatnonzero(proj.mask)
    source[data["ring"]] = data["ring_source"]
    # Frozen dataclass: the cached properties live in the instance dict, like functools.cached_property's.
    proj.__dict__["_margin_source"] = source
    if "lit" in data:
        proj.__dict__.update(_look_fields(proj, data))
    return proj

"""The body surface: the CC0 MakeHuman mesh in several body shapes (see :mod:`.shapes`).

Every shape shares one topology, so a vertex index means the same spot on the
skin of every body.  Coordinates are the *body frame*::

              y (up, cm; soles at 0)
              |
              |
              +------ x  (toward the patient's LEFT)
             /
            z  (toward the front of the body)

The patient's right side is therefore at negative x.  See
:mod:`painmap.body.camera` for how views map this frame onto a picture.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property

import numpy as np

from ..core.assets import assets_dir
from ..core.cache import cached
from .shapes import SHAPES, Shape, resolve_shape
from .subdivide import Subdivision, catmull_clark

__all__ = ["SHAPES", "Body", "Shape", "load_body", "vertex_normals"]
BUILT_IN: tuple[str, ...] = ("neutral", "female", "male")
"""Shapes stored whole in ``body.npz``; the others are offsets from neutral in ``shapes.npz``."""

RIGHT, MIDLINE, LEFT = 1, 0, -1


@cache
def _mesh_data() -> dict[str, np.ndarray]:
    """What every shape shares: topology, mirror table, parts, joint names (no shape's vertices)."""
    with np.load(assets_dir() / "body" / "body.npz") as data:
        return {key: data[key] for key in data.files if not key.startswith(("vertices_", "joints_"))}


@cache
def _built_in(shape: str) -> tuple[np.ndarray, np.ndarray]:
    """Stored vertices and joint centres of one of the :data:`BUILT_IN` shapes (the others are not read)."""
    with np.load(assets_dir() / "body" / "body.npz") as data:
        return data[f"vertices_{shape}"], data[f"joints_{shape}"]


def _shape_data(shape: str) -> tuple[np.ndarray, np.ndarray]:
    """Vertices and joint centres of one shape (other shapes' data is not read)."""
    if shape in BUILT_IN:
        vertices, joints = _built_in(shape)
        return vertices.astype(float), joints
    with np.load(assets_dir() / "body" / "shapes.npz") as variants:
        offsets, joints, step = variants[f"offsets_{shape}"], variants[f"joints_{shape}"], variants["step_cm"]
    vertices = _built_in("neutral")[0].astype(float) + offsets * float(step)
    lift = vertices[:, 1].min()  # rounding the offsets may lift the soles a little off the floor
    vertices[:, 1] -= lift
    return vertices, joints - [0.0, lift, 0.0]


@dataclass(frozen=True, eq=False)
class Body:
    """One body shape: vertex positions plus the topology all shapes share.

    Attributes
    ----------
    shape : str
        One of :data:`SHAPES`, e.g. ``"neutral"`` or ``"child_female"``.
    vertices : ndarray, shape (n, 3)
        Positions in the body frame, in centimetres.
    quads : ndarray, shape (q, 4)
        The mesh's quads, counter-clockwise seen from outside.
    mirror : ndarray, shape (n,)
        Index of each vertex's left-right twin (itself on the midline).
    side : ndarray, shape (n,)
        ``+1`` on the patient's right, ``-1`` on the left, ``0`` on the midline.
    part : ndarray, shape (n,)
        Index into `part_names` (head, trunk, arm_r, arm_l, leg_r, leg_l).

    Examples
    --------
    >>> body = load_body("female")
    >>> body.vertices.shape == (body.n_vertices, 3)
    True
    """

    shape: str
    vertices: np.ndarray
    quads: np.ndarray
    mirror: np.ndarray
    side: np.ndarray
    part: np.ndarray
    part_names: tuple[str, ...]
    arm_weight: np.ndarray = field(repr=False)
    joints: dict[str, np.ndarray] = field(repr=False)

    @property
    def n_vertices(self) -> int:
        """Number of vertices."""
        return len(self.vertices)

    @property
    def height(self) -> float:
        """Standing height in centimetres."""
        return float(self.vertices[:, 1].max())

    @cached_property
    def faces(self) -> np.ndarray:
        """The quads split into triangles, shape (2 q, 3)."""
        return np.concatenate([self.quads[:, [0, 1, 2]], self.quads[:, [0, 2, 3]]])

    @cached_property
    def smooth(self) -> Subdivision:
        """One Catmull-Clark step of the mesh, used for drawing (kept in painmap's disk cache)."""
        data = cached("subdivision", (self.n_vertices, len(self.quads)),
                      lambda: _compact(vars(catmull_clark(self.quads, self.n_vertices))))
        return Subdivision(data["rows"], data["cols"], data["weights"], int(data["n_new"]), data["faces"],
                           data["by_column"])

    @cached_property
    def smooth_part(self) -> np.ndarray:
        """Body part (index into `part_names`) of each vertex of :attr:`smooth`: the part weighing most in it.

        Kept in painmap's disk cache: every shape shares it, and working it out costs a
        subdivision of six label columns.
        """
        def compute() -> dict[str, np.ndarray]:
            labels = np.eye(len(self.part_names))[self.part]
            return {"part": np.argmax(self.smooth.apply(labels), axis=1).astype(np.int8)}

        return cached("smooth-part", (self.n_vertices, len(self.quads)), compute)["part"]

    @cached_property
    def vertex_areas(self) -> np.ndarray:
        """Skin area around each vertex in cm² (a third of each touching triangle)."""
        tri = self.vertices[self.faces]
        area = np.linalg.norm(np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]), axis=1) / 2
        return np.bincount(self.faces.ravel(), np.repeat(area / 3, 3), minlength=self.n_vertices)

    @property
    def volume(self) -> float:
        """The volume the skin encloses, in litres (the skin is a closed surface).

        At about 1 kg per litre (the body's density with the air in its lungs) this is also
        the body's weight in kg, so ``volume / (height / 100) ** 2`` estimates its BMI.

        Examples
        --------
        >>> body = load_body("neutral")
        >>> 40 < body.volume < 80
        True
        """
        a, b, c = (self.vertices[self.faces[:, k]].astype(float) for k in range(3))
        return float(np.einsum("ij,ij->", a, np.cross(b, c)) / 6e3)

    @cached_property
    def normals(self) -> np.ndarray:
        """Unit vertex normals (area-weighted average of the faces around each vertex)."""
        return vertex_normals(self.vertices, self.faces)


def _compact(arrays: dict) -> dict:
    """Index arrays as int32 (half the bytes to store and load; the same values)."""
    return {k: v.astype(np.int32) if isinstance(v, np.ndarray) and v.dtype.kind == "i" else v
            for k, v in arrays.items()}


def vertex_normals(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """Area-weighted unit vertex normals of a triangle mesh."""
    tri = vertices[faces]
    face_n = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    # Each vertex sums its faces' normals in the order of ``faces[:, 0]``, then ``[:, 1]``, then ``[:, 2]``
    # (the order, and so the bits, of adding them corner by corner with ``np.add.at``, several times faster).
    corner = faces.T.ravel()
    normals = np.stack([np.bincount(corner, np.tile(face_n[:, c], 3), minlength=len(vertices))
                        for c in range(3)], axis=1)
    return normals / np.linalg.norm(normals, axis=1, keepdims=True)


def load_body(shape: Shape | str = "neutral") -> Body:
    """Return the body of the given shape (loaded once, when first asked for, then cached).

    Parameters
    ----------
    shape : str
        One of :data:`SHAPES` (``"neutral"``, ``"female"``, ``"male"``, ``"child"``,
        ``"older_female"``, ``"larger_male"``, ...), or a forgiving spelling of one
        (``"Older woman"``, ``"boy"``); see :mod:`painmap.body.shapes`.

    Raises
    ------
    painmap.ChoiceError
        If `shape` names no known shape.

    Examples
    --------
    >>> load_body("Older Woman").shape
    'older_female'
    """
    return _load_body(resolve_shape(shape))


@cache
def _load_body(shape: str) -> Body:
    data = _mesh_data()
    vertices, joints = _shape_data(shape)
    names = [str(n) for n in data["joint_names"]]
    return Body(
        shape=shape,
        vertices=vertices,
        quads=data["quads"].astype(np.intp),
        mirror=data["mirror"].astype(np.intp),
        side=data["side"].astype(np.int8),
        part=data["part"],
        part_names=tuple(str(p) for p in data["part_names"]),
        arm_weight=data["arm_weight"].astype(float),
        joints=dict(zip(names, joints.astype(float))),
    )

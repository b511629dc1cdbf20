"""What the statistics work on: the patients, their labels and covariates, and where each has pain.

Drawings come as a list (patients numbered 1, 2, ... in order), a mapping patient -> drawing,
or a DataFrame with a ``drawing`` column (:func:`painmap.read_drawings`; its index names the
patients, or, when the index is only row numbers, a ``patient`` or ``id`` column).  Pain is read
from them in one of two forms, never as a dense patients x vertices array:

- :class:`Areas`: a boolean patients x areas matrix, from an atlas (``by="choir"`` ...);
- :class:`Rows`: the painful vertices of each patient, as the rows of a sparse matrix
  (``by="vertex"``).

A patient whose group or covariate is missing is left out and the exclusion reported (a
:class:`~painmap.PainmapWarning` and the result's ``attrs["excluded"]``), never dropped silently.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..body.mesh import Body
from ..core import checks
from ..core.errors import ArgumentError, ArgumentTypeError, ChoiceError, DataError, PainmapWarning, shown
from ..reading.atlas import ATLASES, atlas, atlas_name
from .optional import scipy_sparse

VERTEX = "vertex"
DRAWINGS = ("a list of pain drawings, a dict of patient -> drawing, or a DataFrame with a 'drawing' column "
            "(from painmap.read_drawings)")
ID_COLUMNS = ("patient", "id")


def by_name(value: object) -> str:
    """`by` checked: an atlas name (forgiving, as :func:`painmap.atlas`) or ``"vertex"``.

    Examples
    --------
    >>> by_name("CHOIR"), by_name("vertex")
    ('choir', 'vertex')
    """
    if isinstance(value, str) and value.strip().lower() == VERTEX:
        return VERTEX
    try:
        return atlas_name(value, argument="by")
    except ChoiceError:
        return checks.choice("by", value, (*ATLASES, VERTEX), kind="atlas or 'vertex'")


@dataclass(frozen=True, eq=False)
class Areas:
    """Presence per patient and area: ``present[i, k]`` is True when patient i has pain in area k."""

    ids: tuple[str, ...]
    names: tuple[str, ...]
    present: np.ndarray
    by: str = ""

    def __post_init__(self) -> None:
        k = len(self.ids)
        if self.present.ndim != 2 or self.present.shape[1] != k or len(self.names) != k:
            raise ArgumentError("present", self.present.shape, f"one column per area ({len(self.ids)})",
                                problem="of the wrong shape")

    def take(self, keep: np.ndarray) -> Areas:
        """The patients where `keep` is True."""
        if np.all(keep):
            return self
        return Areas(self.ids, self.names, self.present[keep], self.by)


@dataclass(frozen=True, eq=False)
class Rows:
    """The painful vertices of each patient: patient i's are ``indices[indptr[i]:indptr[i + 1]]``."""

    indptr: np.ndarray
    indices: np.ndarray
    body: Body

    @property
    def n(self) -> int:
        return len(self.indptr) - 1

    @classmethod
    def from_lists(cls, vertex_lists: Sequence[np.ndarray], body: Body) -> Rows:
        lengths = np.fromiter((len(v) for v in vertex_lists), dtype=np.int64, count=len(vertex_lists))
        small = int(lengths.sum()) < 2**31 - 1  # int32 throughout, as scipy.sparse keeps it: no copies
        indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32 if small else np.int64)
        indices = (np.concatenate([np.asarray(v, dtype=np.int32) for v in vertex_lists])
                   if len(vertex_lists) else np.zeros(0, np.int32))
        return cls(indptr, indices, body)

    def take(self, keep: np.ndarray) -> Rows:
        if np.all(keep):
            return self
        rows = np.flatnonzero(keep)
        return Rows.from_lists([self.indices[self.indptr[i]:self.indptr[i + 1]] for i in rows], self.body)

    def counts(self, mask: np.ndarray | None = None) -> np.ndarray:
        """Per vertex, the number of patients (those where `mask` is True) with pain there."""
        if mask is None:
            return np.bincount(self.indices, minlength=self.body.n_vertices)
        per = np.repeat(np.asarray(mask, bool), np.diff(self.indptr))
        return np.bincount(self.indices[per], minlength=self.body.n_vertices)

    def by_vertex(self):
        """A scipy sparse matrix, vertices x patients, 1 where there is pain (CSC over these very arrays:
        no copy of the indices)."""
        sparse = scipy_sparse()
        data = np.ones(len(self.indices), dtype=np.float32)
        return sparse.csc_matrix((data, self.indices, self.indptr), shape=(self.body.n_vertices, self.n))


@dataclass(frozen=True, eq=False)
class Inputs:
    """The drawings in order, who the patients are, and the table they came in (if any)."""

    drawings: list
    patients: list
    frame: object = None
    keyed: bool = False

    @property
    def n(self) -> int:
        return len(self.drawings)


def inputs(drawings: object) -> Inputs:
    """The drawings and the patients' ids; duplicated patients raise a DataError."""
    if hasattr(drawings, "columns") and hasattr(drawings, "index"):
        if "drawing" not in drawings.columns:
            raise ArgumentError("drawings", drawings, DRAWINGS,
                                problem="a DataFrame without a 'drawing' column",
                                closest="pm.read_drawings(table, atlas='choir')")
        numbered = type(drawings.index).__name__ == "RangeIndex"  # no ids of its own: look for a column
        column = next((c for c in ID_COLUMNS if c in drawings.columns), None) if numbered else None
        ids = list(drawings[column]) if column else list(drawings.index)
        _unique(ids, f"column {column!r}" if column else "the index")
        return Inputs(list(drawings["drawing"]), ids, drawings, keyed=True)
    if isinstance(drawings, Mapping):
        return Inputs(list(drawings.values()), list(drawings.keys()), None, keyed=True)
    if hasattr(drawings, "index") and hasattr(drawings, "to_numpy"):  # a pandas Series, by patient
        ids = list(drawings.index)
        _unique(ids, "the Series' index")
        return Inputs(list(drawings.to_numpy()), ids, None, keyed=True)
    if isinstance(drawings, (str, bytes)) or not isinstance(drawings, (Sequence, np.ndarray)):
        raise ArgumentTypeError("drawings", drawings, DRAWINGS, problem=checks.kind_of(drawings))
    items = list(drawings)
    return Inputs(items, list(range(1, len(items) + 1)), None, keyed=False)


def _unique(ids: list, where: str) -> None:
    seen: set = set()
    for patient in ids:
        if patient in seen:
            raise DataError(f"patient {shown(patient)} appears more than once in {where} of drawings; each "
                            "patient needs one row (one drawing): combine the rows first (e.g. a | b of "
                            "two drawings) or drop the duplicate.")
        seen.add(patient)


def is_missing(value: object) -> bool:
    """None, NaN, pandas' NA and NaT."""
    return value is None or type(value).__name__ in ("NAType", "NaTType") or (
        isinstance(value, (float, np.floating)) and math.isnan(value))


def column_values(argument: str, value: object, data: Inputs, what: str) -> list:
    """One value per drawing: from a list (in order), a mapping or Series by patient, or a column name."""
    if isinstance(value, str):
        frame = data.frame
        if frame is None:
            raise ArgumentTypeError(argument, value, f"{what}: a list (one per drawing) or a dict by "
                                    "patient; a column name only when drawings is a DataFrame",
                                    problem="a column name")
        if value not in frame.columns:
            raise ChoiceError("column", value, [str(c) for c in frame.columns if c != "drawing"],
                              argument=argument)
        return list(frame[value])
    if hasattr(value, "index") and hasattr(value, "reindex") and data.keyed:  # a Series: by patient
        return list(value.reindex(data.frame.index if data.frame is not None else data.patients))
    if isinstance(value, Mapping):
        if not data.keyed:
            raise ArgumentTypeError(argument, value, f"{what} as a list in the order of the drawings (a dict "
                                    "by patient needs drawings by patient)", problem="a dict")
        return [value.get(p) for p in data.patients]
    if isinstance(value, (bytes, Mapping)) or (not isinstance(value, (Sequence, np.ndarray)) \
            and not hasattr(value, "__array__")):
        raise ArgumentTypeError(argument, value, f"{what}: a list with one per drawing",
                                problem=checks.kind_of(value))
    values = list(value)
    if len(values) != data.n:
        raise ArgumentError(argument, value, f"one per drawing ({data.n})",
                            problem=f"{len(values)} values for {data.n} drawings: not aligned with drawings")
    return values


def exclusion(data: Inputs, keep: np.ndarray, reasons: dict[str, np.ndarray], what: str) -> list:
    """Warn about the patients left out (not `keep`), with why; return their ids."""
    left_out = [data.patients[i] for i in np.flatnonzero(~keep)]
    if left_out:
        why = ", ".join(f"{name} missing for {int(mask.sum())}"
                        for name, mask in reasons.items() if mask.any())
        listing = ", ".join(shown(p) for p in left_out[:5]) + (", ..." if len(left_out) > 5 else "")
        warnings.warn(f"{len(left_out)} of {data.n} patients left out of {what}: {why} (patients {listing}); "
                      "their ids are in the result's attrs['excluded'].", PainmapWarning, stacklevel=3)
    return left_out


def group_labels(groups: object, data: Inputs) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The group of each drawing as text (None where missing), and the missing ones."""
    raw = column_values("groups", groups, data, "a group for each drawing")
    labels = np.array([None if is_missing(g) else str(g) for g in raw], dtype=object)
    missing = np.array([g is None for g in labels], dtype=bool)
    return labels, {"group": missing}


def _category_order(groups: object, data: Inputs) -> list[str] | None:
    series = data.frame[groups] if isinstance(groups, str) and data.frame is not None else groups
    categories = getattr(getattr(series, "cat", None), "categories", None)
    return None if categories is None else [str(c) for c in categories]


def group_order(groups: object, data: Inputs, labels: np.ndarray) -> list[str]:
    """The groups: a categorical's order, else sorted (numbers as numbers)."""
    present = sorted(set(g for g in labels if g is not None), key=_sort_key)
    order = _category_order(groups, data)
    if order is not None:
        present = [g for g in order if g in set(present)]
    return present


def _sort_key(label: str) -> tuple:
    try:
        return (0, float(label), label)
    except ValueError:
        return (1, 0.0, label)


def area_presence(data: Inputs, by: str) -> Areas:
    """Presence per patient and area of atlas `by`."""
    chart = atlas(by)
    present = np.asarray(chart.presence(data.drawings), dtype=bool)
    return Areas(tuple(chart.ids), tuple(chart.names), present, by)


def vertex_rows(data: Inputs) -> Rows:
    """The painful vertices of each drawing (all on one body shape)."""
    lists, body = [], None
    for k, drawing in enumerate(data.drawings, start=1):
        if not hasattr(drawing, "nonzero") or not hasattr(drawing, "body"):
            raise ArgumentTypeError("drawings", drawing,
                                    "pain drawings (painmap.PainDrawing) for by='vertex'",
                                    problem=f"{checks.kind_of(drawing)} (drawing {k})")
        if body is None:
            body = drawing.body
        elif drawing.body.shape != body.shape:
            raise ArgumentError("drawings", drawing, "drawings on one body shape for by='vertex'",
                                problem=f"drawing {k} on the {drawing.body.shape} body, drawing 1 on the "
                                        f"{body.shape} body")
        lists.append(np.asarray(drawing.nonzero()[0], dtype=np.int32))  # half the bytes of int64
    if body is None:
        raise ArgumentError("drawings", data.drawings, DRAWINGS, problem="empty")
    return Rows.from_lists(lists, body)

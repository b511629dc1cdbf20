"""Cohorts: how many patients feel pain at each point of the body, overall and per group.

A cohort is a sparse sum: each drawing adds one to the vertices where it has
pain, so tens of thousands of drawings aggregate in bounded memory (a count per
vertex and group) however they arrive, from a list, a generator or a CSV file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..body.mesh import Body
from ..body.regions import region_mask
from ..core.errors import ChoiceError, PainmapError
from ..core.files import write_atomic
from .drawing import PainDrawing, as_body
from .table import csv_text, pandas_module, read_records, table_rows

BATCH = 1 << 20
"""Vertex indices buffered before they are added up."""
ALL = "all"


@dataclass(frozen=True, eq=False)
class Cohort:
    """Per vertex, the number of patients with pain there, per group.

    Attributes
    ----------
    body : Body
    counts : dict
        ``{group: ndarray of int, shape (n_vertices,)}``; a cohort without groups
        has the one group ``"all"``.
    sizes : dict
        ``{group: number of patients}``.

    Examples
    --------
    >>> import painmap as pm
    >>> back = pm.PainDrawing.from_regions("low back", side="both")
    >>> hip = pm.PainDrawing.from_regions("outer hip")
    >>> c = pm.cohort([back, back | hip, hip], groups=["a", "a", "b"])
    >>> c.n, c.groups
    (3, ('a', 'b'))
    >>> c.region_share("lumbar_back"), c.region_share("lumbar_back", group="b")
    (0.6666666666666666, 0.0)
    """

    body: Body
    counts: dict[str, np.ndarray]
    sizes: dict[str, int]
    _labels: tuple[str, ...] = field(default=(), repr=False)

    @property
    def n(self) -> int:
        """Number of patients."""
        return sum(self.sizes.values())

    @property
    def groups(self) -> tuple[str, ...]:
        """The group names, in the order first seen (``("all",)`` without groups)."""
        return tuple(self.counts)

    def _check(self, group: str) -> str:
        if group not in self.counts:
            raise ChoiceError("group", group, self.groups)
        return group

    def patients(self, group: str | None = None) -> np.ndarray:
        """Number of patients with pain at each vertex (in one group, or all)."""
        if group is None:
            return sum(self.counts.values())
        return self.counts[self._check(group)]

    def fraction(self, group: str | None = None) -> np.ndarray:
        """Fraction of patients (0..1) with pain at each vertex, in one group or in all."""
        size = self.n if group is None else self.sizes[self._check(group)]
        return self.patients(group) / max(size, 1)

    def difference(self, a: str, b: str) -> CohortDifference:
        """Per vertex, the fraction of group `a` with pain there minus that of group `b`.

        Examples
        --------
        >>> import painmap as pm
        >>> d = pm.PainDrawing.from_regions("sacrum")
        >>> c = pm.cohort([d, d, d], groups=["x", "y", "y"])
        >>> float(c.difference("x", "y").values.max())
        0.0
        """
        return CohortDifference(self, self._check(a), self._check(b))

    def group(self, name: str) -> Cohort:
        """The cohort of one group alone."""
        return Cohort(self.body, {name: self.counts[self._check(name)]}, {name: self.sizes[name]})

    def region_share(self, region: str, side: str = "right", group: str | None = None) -> float:
        """The largest fraction of patients with pain at any point of a region (0..1)."""
        return float(self.fraction(group)[region_mask(region, side, body=self.body)].max())

    def __repr__(self) -> str:
        groups = ", ".join(f"{g}={s}" for g, s in self.sizes.items())
        return f"<Cohort body={self.body.shape} patients={self.n} ({groups})>"


@dataclass(frozen=True, eq=False)
class CohortDifference:
    """Fraction of group `a` with pain at each vertex minus that of group `b` (-1..1)."""

    cohort: Cohort
    a: str
    b: str

    @property
    def values(self) -> np.ndarray:
        return self.cohort.fraction(self.a) - self.cohort.fraction(self.b)

    @property
    def body(self) -> Body:
        return self.cohort.body


def cohort(
    drawings: Iterable[PainDrawing] | Mapping[str, PainDrawing] | str,
    groups: Sequence[str] | Mapping[str, str] | None = None,
    *,
    body: str | Body | None = None,
) -> Cohort:
    """Add drawings up: per vertex, how many patients have pain there, per group.

    Parameters
    ----------
    drawings : iterable of PainDrawing, mapping patient -> PainDrawing, CSV path or DataFrame
        The drawings (all on one body shape).  A path or DataFrame is read with
        :func:`painmap.read_drawings` (rows per patient and region, or per
        patient and vertex; a ``group`` column gives the groups).  Any iterable
        works, also a generator: drawings are added up as they come.
    groups : list or mapping, optional
        A group label per drawing (in order, or by patient for a mapping).
    body : str, optional
        The body shape, for CSV input.

    Returns
    -------
    Cohort

    Raises
    ------
    painmap.PainmapError
        No drawings, drawings on different body shapes, or groups that do not
        match the drawings.
    """
    if isinstance(drawings, Mapping):
        if isinstance(groups, Mapping):
            missing = [p for p in drawings if p not in groups]
            if missing:
                raise PainmapError(f"groups has no group for patient {missing[0]!r}; expected a group for "
                                   "every patient of drawings.")
            labels: Iterable[str | None] = (str(groups[p]) for p in drawings)
        else:
            labels = _labels(groups)
        records: Iterable[tuple[str | None, PainDrawing | np.ndarray]] = _paired(labels, drawings.values(),
                                                                                  groups is not None)
    elif isinstance(drawings, str) or hasattr(drawings, "columns") or hasattr(drawings, "__fspath__"):
        if groups is not None:
            raise PainmapError("groups come from the table's 'group' column; leave groups=None.")
        body = as_body(body or "neutral")
        records = read_records(drawings, body=body)
    else:
        if isinstance(groups, Mapping):
            raise PainmapError("groups by patient need drawings by patient (a dict of patient -> drawing).")
        records = _paired(_labels(groups), drawings, groups is not None)
    return _add_up(records, as_body(body) if body is not None else None, groups is not None)


def _labels(groups) -> Iterable[str | None]:
    if groups is None:
        while True:
            yield None
    if isinstance(groups, str):
        raise PainmapError(f"groups must be one label per drawing, not the single string {groups!r}; "
                           "expected a list such as ['a', 'b'].")
    yield from (str(g) for g in groups)


def _paired(labels, drawings, strict: bool):
    """(label, drawing) pairs; with `strict`, as many labels as drawings."""
    if not strict:
        yield from zip(labels, drawings)
        return
    try:
        yield from zip(labels, drawings, strict=True)
    except ValueError:
        raise PainmapError("groups must have one label per drawing; their numbers differ.") from None


def _add_up(records, body: Body | None, grouped: bool) -> Cohort:
    counts: dict[str, np.ndarray] = {}
    seen: dict[str, set] = {}
    buffers: dict[str, list[np.ndarray]] = {}
    buffered = 0

    def flush() -> None:
        for g, parts in buffers.items():
            if parts:
                counts[g] += np.bincount(np.concatenate(parts), minlength=len(counts[g]))
                parts.clear()

    count = 0
    for record in records:
        if len(record) == 3:  # from a table: (patient, group, vertices with pain), on `body`
            patient, label, drawing = record
        else:
            (label, drawing), patient = record, count
        if isinstance(drawing, PainDrawing):
            if body is None:
                body = drawing.body
            elif drawing.body.shape != body.shape:
                raise PainmapError(f"drawing {count + 1} is on the {drawing.body.shape} body, the others on "
                                   f"the {body.shape} body; a cohort needs one body shape.")
            idx = np.flatnonzero(drawing.values > 0)
        else:
            idx = drawing
        group = ALL if label is None else label
        if group not in counts:
            counts[group] = np.zeros(body.n_vertices, dtype=np.int64)
            seen[group] = set()
            buffers[group] = []
        seen[group].add(patient)
        buffers[group].append(idx)
        buffered += len(idx)
        count += 1
        if buffered >= BATCH:
            flush()
            buffered = 0
    if grouped and count and ALL in counts and len(counts) > 1:
        raise PainmapError("some drawings have a group and some do not; give every drawing a group.")
    if not count:
        raise PainmapError("no drawings to add up; a cohort needs at least one drawing.")
    flush()
    return Cohort(body, counts, {g: len(s) for g, s in seen.items()})


def _cohort_rows(c: Cohort) -> tuple[list[str], list[list[object]]]:
    rows: list[list[object]] = []
    for group, counts in c.counts.items():
        size = c.sizes[group]
        rows += [[group, size, int(v), int(counts[v]), float(counts[v] / size)]
                 for v in np.flatnonzero(counts)]
    return ["group", "patients_in_group", "vertex", "patients", "fraction"], rows


def write_cohort(path, c: Cohort):
    """Write a cohort as CSV: one row per group and vertex where someone has pain.  Returns the path."""
    return write_atomic(path, csv_text(*_cohort_rows(c)))


def cohort_frame(c: Cohort):
    """The cohort as a pandas DataFrame, with the columns of :func:`write_cohort`."""
    return pandas_module().DataFrame(_cohort_rows(c)[1], columns=_cohort_rows(c)[0])


def read_cohort(source, *, body: str = "neutral") -> Cohort:
    """A cohort written by :func:`write_cohort` (a CSV path or a DataFrame)."""
    shape = as_body(body)
    columns, rows, name = table_rows(source)
    needed = {"group", "patients_in_group", "vertex", "patients"}
    if not needed <= set(columns):
        raise PainmapError(f"{name} has columns {columns}; expected {sorted(needed)}")
    counts: dict[str, np.ndarray] = {}
    sizes: dict[str, int] = {}
    for row in rows:
        g = row["group"]
        if g not in counts:
            counts[g] = np.zeros(shape.n_vertices, dtype=np.int64)
            sizes[g] = int(row["patients_in_group"])
        counts[g][int(row["vertex"])] = int(row["patients"])
    if not counts:
        raise PainmapError(f"{name} has no rows")
    return Cohort(shape, counts, sizes)

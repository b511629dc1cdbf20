"""Cohorts: how many patients feel pain at each point of the body, overall and per group.

A cohort is a sparse sum: each drawing adds one to the vertices where it has
pain, so tens of thousands of drawings aggregate in bounded memory (a count per
vertex and group) however they arrive, from a list, a generator or a CSV file.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

import numpy as np

from ..body.mesh import Body
from ..body.regions import region_mask
from ..core.checks import kind_of
from ..core.errors import ArgumentError, ArgumentTypeError, ChoiceError, DataError, PainmapError, shown
from ..core.files import write_atomic
from .drawing import PainDrawing, as_body
from .table import csv_bytes, pandas_module, read_records, read_table, text_label

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

    A cohort made from a list or a dict of drawings also keeps them (the same objects,
    not copies): :meth:`drawings` gives them back, and ``painmap.where(cohort)`` ranks
    the muscles for each patient.  One made from a generator or a table keeps only its
    counts, so that it needs bounded memory however many drawings it adds up.

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
    _members: tuple[tuple, tuple[str, ...], tuple[PainDrawing, ...]] | None = field(default=None, repr=False)

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
        members = None
        if self._members is not None:
            members = tuple(zip(*(m for m in zip(*self._members) if m[1] == name))) or ((), (), ())
        return Cohort(self.body, {name: self.counts[self._check(name)]}, {name: self.sizes[name]},
                      _members=members)

    def drawings(self, group: str | None = None) -> dict:
        """The patients' drawings, ``{patient: PainDrawing}`` (of one group, or all), for a cohort
        made from a list (patients 1, 2, ...) or a dict of drawings.

        Raises
        ------
        painmap.ArgumentError
            The cohort was made from a generator or a table, or read from a file: it kept
            only its counts.

        Examples
        --------
        >>> import painmap as pm
        >>> back, hip = pm.PainDrawing.from_regions("low back"), pm.PainDrawing.from_regions("outer hip")
        >>> pm.cohort([back, hip], groups=["a", "b"]).drawings("b") == {2: hip}
        True
        """
        patients, labels, drawings = members(self)
        if group is not None:
            self._check(group)
        return {p: d for p, g, d in zip(patients, labels, drawings) if group is None or g == group}

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
        A group label per drawing (in order, or by patient for a mapping); each
        a name that is not empty.
    body : str, optional
        The body shape: of the table, for CSV input (``"neutral"`` by default);
        for drawings, the shape they must all be on (by default the first one's).

    Returns
    -------
    Cohort

    Raises
    ------
    painmap.ArgumentError
        No drawings, drawings on different body shapes, or groups that do not
        match the drawings (an :class:`~painmap.ArgumentTypeError` for something
        that is not a drawing).
    painmap.DataError
        A table that cannot be read (the message names the row and column).

    Examples
    --------
    >>> import painmap as pm
    >>> back = pm.PainDrawing.from_regions("low back", side="both")
    >>> pm.cohort({"p1": back, "p2": back}, groups={"p1": "a", "p2": "b"}).sizes
    {'a': 1, 'b': 1}
    """
    shape = as_body(body) if body is not None else None
    if isinstance(drawings, Mapping):
        if isinstance(groups, Mapping):
            missing = [p for p in drawings if p not in groups]
            if missing:
                raise _error(ArgumentError, "groups", groups, "a group for every patient of drawings",
                             f"groups has no group for patient {shown(missing[0])}; expected a group for "
                             "every patient of drawings.")
            labels: Iterable[str | None] = _labels([groups[p] for p in drawings])
        else:
            labels = _labels(groups)
        fast, labels = _at_once(list(drawings), list(drawings.values()), groups, labels, shape)
        if fast is not None:
            return fast
        records: Iterable = _paired(labels, drawings.items(), groups, keyed=True)
    elif isinstance(drawings, (str, os.PathLike)) or hasattr(drawings, "columns"):
        if groups is not None:
            raise ArgumentError("groups", groups, "None when drawings is a table: its 'group' column gives "
                                "the groups", problem="given with a table")
        shape = shape or as_body("neutral")
        records = read_records(drawings, body=shape, argument="drawings")
    elif isinstance(drawings, Iterable) and not isinstance(drawings, bytes):
        if isinstance(groups, Mapping):
            raise ArgumentTypeError("groups", groups, "a list of one group per drawing (groups by patient "
                                    "need drawings by patient, a dict of patient -> drawing)",
                                    problem="a mapping with a list of drawings")
        labels = _labels(groups)
        if isinstance(drawings, (list, tuple)):
            fast, labels = _at_once(range(1, len(drawings) + 1), list(drawings), groups, labels, shape)
            if fast is not None:
                return fast
        records = _paired(labels, drawings, groups, keyed=False)
    else:
        raise ArgumentTypeError("drawings", drawings, DRAWINGS, problem=kind_of(drawings))
    return _add_up(records, shape, drawings)


DRAWINGS = "a list of PainDrawing, a dict of patient -> PainDrawing, a CSV path or a DataFrame"


def members(c: Cohort, *, argument: str = "cohort") -> tuple[tuple, tuple[str, ...], tuple[PainDrawing, ...]]:
    """The patients of a cohort, their groups and their drawings, in the order given.

    Raises
    ------
    painmap.ArgumentError
        The cohort kept only its counts (made from a generator or a table, or read from a file).
    """
    if c._members is None:
        raise _error(ArgumentError, argument, c, "a cohort made from a list or a dict of drawings",
                     f"{c!r} keeps only its counts (it was made from a generator or a table, or read from a "
                     "file), not the patients' drawings; expected a cohort made from a list or a dict of "
                     "drawings, or pass the drawings themselves (e.g. painmap.where(drawings) with a dict of "
                     "patient -> PainDrawing).")
    return c._members


def _from_memory(patients: Sequence, drawings: list, labels: list[str] | None, body: Body | None
                 ) -> Cohort | None:
    """A cohort of drawings already in memory, added up at once and kept (None when something is not
    plain: not a drawing, or another body shape; the item-by-item path then says what)."""
    if not drawings or set(map(type, drawings)) != {PainDrawing}:
        return None
    shapes = set(map(_SHAPE, drawings))
    if len(shapes) != 1 or (body is not None and body.shape not in shapes):
        return None
    body = body or drawings[0].body
    painted = list(map(PainDrawing._painted, drawings))
    if labels is None:
        by_group = {ALL: painted}
    else:
        by_group = {}
        for label, idx in zip(labels, painted):
            by_group.setdefault(label, []).append(idx)
    counts = {g: _count(parts, body.n_vertices) for g, parts in by_group.items()}
    sizes = {g: len(parts) for g, parts in by_group.items()}
    kept = (tuple(patients), tuple(labels) if labels is not None else (ALL,) * len(drawings), tuple(drawings))
    return Cohort(body, counts, sizes, _members=kept)


_SHAPE = attrgetter("body.shape")


def _count(painted: list[np.ndarray], n_vertices: int) -> np.ndarray:
    """How many of the arrays of vertices hold each vertex, adding up :data:`BATCH` vertices at a time."""
    ends = np.cumsum(np.fromiter(map(len, painted), dtype=np.intp, count=len(painted)))
    cuts = np.searchsorted(ends, np.arange(BATCH, ends[-1], BATCH), side="right") if ends[-1] else []
    counts = np.zeros(n_vertices, dtype=np.int64)
    for lo, hi in itertools.pairwise([0, *cuts, len(painted)]):
        if hi > lo:
            counts += np.bincount(np.concatenate(painted[lo:hi]), minlength=n_vertices)
    return counts


def _error(kind: type[ArgumentError], argument: str, value: object, expected: str, message: str
           ) -> ArgumentError:
    """An argument error with a message of its own (the attributes as usual)."""
    err = kind(argument, value, expected)
    err.args = (message,)
    return err


def _at_once(patients: Sequence, drawings: list, groups, labels: Iterator[str | None], body: Body | None
             ) -> tuple[Cohort | None, Iterator[str | None]]:
    """:func:`_from_memory` with the groups checked (one per drawing), or None; and the labels
    still to be read (for the item-by-item path)."""
    if groups is None:
        return _from_memory(patients, drawings, None, body), labels
    given = list(itertools.islice(labels, len(drawings) + 1))
    if len(given) != len(drawings):
        raise ArgumentError("groups", groups, "one label per drawing", problem="not as long as drawings")
    return _from_memory(patients, drawings, given, body), iter(given)  # type: ignore[arg-type]


def _labels(groups) -> Iterator[str | None]:
    """The label of each drawing in turn (None forever without groups)."""
    if groups is None:
        while True:
            yield None
    if isinstance(groups, (str, bytes)) or not isinstance(groups, Iterable):
        raise ArgumentTypeError("groups", groups, "one label per drawing, e.g. ['a', 'b']",
                                problem=kind_of(groups),
                                closest=[groups] if isinstance(groups, str) else None)
    for k, g in enumerate(groups, start=1):
        try:
            yield text_label("groups", g, "a group name for every drawing")
        except ArgumentError as err:
            err.args = (f"{err.args[0][:-1]} (the label of drawing {k}).",)
            raise


def _paired(labels, drawings, groups, *, keyed: bool) -> Iterator[tuple[object, str | None, object]]:
    """(patient, label, drawing) triples; with groups, as many labels as drawings."""
    pairs = drawings if keyed else enumerate(drawings, start=1)
    if groups is None:
        for (patient, drawing), label in zip(pairs, labels):
            yield patient, label, drawing
        return
    try:
        for (patient, drawing), label in zip(pairs, labels, strict=True):
            yield patient, label, drawing
    except ValueError as err:
        if isinstance(err, PainmapError) or "zip()" not in str(err):
            raise
        raise ArgumentError("groups", groups, "one label per drawing",
                            problem="not as long as drawings") from None


def _add_up(records, body: Body | None, source) -> Cohort:
    counts: dict[str, np.ndarray] = {}
    seen: dict[str, set] = {}
    buffers: dict[str, list[np.ndarray]] = {}
    buffered = 0
    asked = body is not None

    def flush() -> None:
        for g, parts in buffers.items():
            if parts:
                counts[g] += np.bincount(np.concatenate(parts), minlength=len(counts[g]))
                parts.clear()

    count = 0
    for patient, label, drawing in records:
        if isinstance(drawing, np.ndarray):  # from a table: the vertices with pain, on `body`
            idx = drawing
        else:
            if not isinstance(drawing, PainDrawing):
                raise ArgumentTypeError("drawings", drawing, DRAWINGS,
                                        problem=f"{kind_of(drawing)}, not a PainDrawing (item {count + 1})")
            if body is None:
                body = drawing.body
            elif drawing.body.shape != body.shape:
                raise _mixed(drawing, count + 1, body, asked)
            idx = drawing.nonzero()[0]  # the painted vertices, sorted (no dense array)
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
    if not count:
        raise _error(ArgumentError, "drawings", source, "at least one drawing",
                     f"no drawings to add up: drawings={shown(source)} is empty; expected at least one "
                     "drawing.")
    flush()
    return Cohort(body, counts, {g: len(s) for g, s in seen.items()})


def _mixed(drawing: PainDrawing, number: int, body: Body, asked: bool) -> ArgumentError:
    """The error for a drawing on another body shape than the cohort's."""
    other = f"body={body.shape!r} was asked" if asked else f"drawing 1 is on the {body.shape} body"
    fix = (f"leave body out, or pass body={drawing.body.shape!r} if all the drawings are on that shape"
           if asked else "make (or read) all the drawings on one body shape, e.g. "
                f"PainDrawing.from_regions(..., body={body.shape!r})")
    return _error(ArgumentError, "drawings", drawing, "drawings on one body shape",
                  f"drawing {number} is on the {drawing.body.shape} body but {other}: these are different "
                  "body shapes, whose points do not correspond, so they cannot be added up; a cohort needs "
                  f"one body shape: {fix}.")


def _checked(c: object, argument: str = "c") -> Cohort:
    if not isinstance(c, Cohort):
        raise ArgumentTypeError(argument, c, "a Cohort (from painmap.cohort or painmap.read_cohort)",
                                problem=kind_of(c))
    return c


def _cohort_rows(c: Cohort) -> tuple[list[str], list[list[object]]]:
    rows: list[list[object]] = []
    for group, counts in c.counts.items():
        size = c.sizes[group]
        rows += [[group, size, int(v), int(counts[v]), float(counts[v] / size)]
                 for v in np.flatnonzero(counts)]
    return ["group", "patients_in_group", "vertex", "patients", "fraction"], rows


def write_cohort(path, c: Cohort):
    """Write a cohort as CSV: one row per group and vertex where someone has pain.  Returns the path.

    Group names that a spreadsheet would run as a formula get a leading ``'``,
    which :func:`read_cohort` removes (see :mod:`painmap.reading.table`).
    """
    return write_atomic(path, csv_bytes(*_cohort_rows(_checked(c)), argument="c"))


def cohort_frame(c: Cohort):
    """The cohort as a pandas DataFrame, with the columns of :func:`write_cohort`."""
    header, rows = _cohort_rows(_checked(c))
    return pandas_module().DataFrame(rows, columns=header)


COHORT_COLUMNS = ("group", "patients_in_group", "vertex", "patients")
MOST_PATIENTS = 10**12


def read_cohort(source, *, body: str = "neutral") -> Cohort:
    """A cohort written by :func:`write_cohort` (a CSV path or a DataFrame).

    Columns ``group, patients_in_group, vertex, patients`` (a ``fraction``
    column is ignored: it follows from the others).  Each group has one size,
    each vertex at most one row per group, and no vertex more patients with
    pain than its group has.

    Raises
    ------
    painmap.MissingFileError
        The file does not exist.
    painmap.DataError
        Missing columns, no rows, or a cell that cannot be read (the message
        names the row and column).

    Examples
    --------
    >>> import painmap as pm, tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "c.csv"
    >>> c = pm.cohort([pm.PainDrawing.from_regions("sacrum")] * 2, groups=["a", "b"])
    >>> pm.read_cohort(pm.write_cohort(path, c)).sizes
    {'a': 1, 'b': 1}
    """
    shape = as_body(body)
    table = read_table(source)
    top = shape.n_vertices - 1
    counts: dict[str, np.ndarray] = {}
    sizes: dict[str, int] = {}
    try:
        table.need(COHORT_COLUMNS)
        for row in table.rows:
            g = row.text("group", "a group name in every row ('all' for a cohort without groups)")
            size = row.whole("patients_in_group", 1, MOST_PATIENTS,
                             "the number of patients in the group, a whole number of at least 1")
            vertex = row.whole("vertex", 0, top,
                               f"a vertex of the {shape.shape} body, a whole number from 0 to {top}")
            patients = row.whole("patients", 0, MOST_PATIENTS,
                                 "the number of patients with pain at the vertex, a whole number")
            if g not in counts:
                counts[g] = np.zeros(shape.n_vertices, dtype=np.int64)
                sizes[g] = size
            elif sizes[g] != size:
                raise row.fail("patients_in_group", f"{size} differs from {sizes[g]} in a row above for "
                               f"group {shown(g)}", "one size per group")
            if patients > size:
                raise row.fail("patients", f"{patients} patients with pain is more than the {size} patients "
                               f"in group {shown(g)}", "a number from 0 to patients_in_group")
            if counts[g][vertex]:
                raise row.fail("vertex", f"vertex {vertex} of group {shown(g)} is also in a row above",
                               "one row per group and vertex")
            counts[g][vertex] = patients
    finally:
        table.close()
    if not counts:
        raise DataError(f"{table.name} has no rows; expected one row per group and vertex where someone has "
                        "pain, as painmap.write_cohort writes.")
    return Cohort(shape, counts, sizes)

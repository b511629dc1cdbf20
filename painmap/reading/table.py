"""Drawings and cohorts as tables: CSV files always, pandas DataFrames when pandas is installed.

Two layouts of drawings, one row per patient and ...

* **region**: columns ``patient, region, side`` and optionally ``intensity`` and
  ``group``.  `region` is a region id or everyday words ("low back"); `side` is
  right, left or both (the patient's; any case).  An empty intensity cell means 1.
  The drawing fills the whole region.
* **vertex**: columns ``patient, vertex, value`` and optionally ``group``: one row
  per vertex with pain (exact).

A cohort is written one row per group and vertex where someone has pain:
``group, patients_in_group, vertex, patients, fraction``.

Every cell a layout needs must be filled in (a patient id, a group when there is
a ``group`` column, ...); a row whose cells are all empty is skipped.  A cell that
cannot be read raises a :class:`painmap.DataError` naming the file (or "the
DataFrame"), the row as a spreadsheet numbers it (the header is row 1), the
column, the value and what was expected.

CSV files are read as UTF-8, Windows-1252 or Latin-1 (see
:func:`painmap.core.files.read_text`), with spaces around cells removed.  Text
cells that a spreadsheet would take for a formula (starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) are written with a leading ``'``, as
OWASP advises against CSV injection, and so are cells starting with ``'``; the
readers remove exactly that quote, so what is written reads back the same.

Examples
--------
>>> import painmap as pm, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "drawings.csv"
>>> _ = path.write_text("patient,region,side,group\\n1,low back,both,a\\n2,outer hip,right,b\\n"
...                     "2,low back,left,b\\n")
>>> sorted(pm.read_drawings(path))
['1', '2']
>>> pm.cohort(path).sizes
{'a': 1, 'b': 1}
"""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..body.mesh import Body
from ..body.places import location_regions
from ..body.regions import region_mask
from ..body.sides import PAIN_SIDES
from ..core import checks
from ..core.errors import (
    ArgumentError,
    ArgumentTypeError,
    ChoiceError,
    DataError,
    DependencyError,
    closest_names,
    shown,
)
from ..core.files import header_hint, open_text, write_atomic
from .drawing import PainDrawing, as_body
from .exports import read_area_table

LAYOUTS: tuple[str, ...] = ("vertex", "region")
REGION_COLUMNS = ("patient", "region", "side")
VERTEX_COLUMNS = ("patient", "vertex", "value")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""Text cells starting with these are formulas to a spreadsheet; they are written after a ``'``."""
ESCAPED_START = (*FORMULA_START, "'")


def escape_cell(value: object) -> object:
    """A text cell as written to CSV: a leading ``'`` before a formula-like start (or a ``'``).

    Numbers pass unchanged.

    Examples
    --------
    >>> escape_cell("=1+1"), escape_cell("'quoted"), escape_cell("p1"), escape_cell(-1)
    ("'=1+1", "''quoted", 'p1', -1)
    """
    if isinstance(value, str) and value.startswith(ESCAPED_START):
        return "'" + value
    return value


def unescape_cell(text: str) -> str:
    """A text cell as read from CSV: the ``'`` that :func:`escape_cell` added, removed.

    Examples
    --------
    >>> unescape_cell("'=1+1"), unescape_cell("''quoted"), unescape_cell("'quoted")
    ('=1+1', "'quoted", "'quoted")
    """
    if text[:1] == "'" and text[1:2] and text[1:].startswith(ESCAPED_START):
        return text[1:]
    return text


NO_MISSING: dict[str, object] = {}


class Row:
    """One row of a table: where it is (for messages) and its cells as text ('' when empty).

    Attributes
    ----------
    cells : dict
        ``{column: text}``, spaces around the text removed.
    missing : dict
        DataFrame cells that held a missing value (NaN, None, pd.NA), as they were.
    """

    __slots__ = ("cells", "index", "line", "missing", "name")

    def __init__(self, name: str, line: int, cells: dict[str, str],
                 missing: dict[str, object] = NO_MISSING, index: object = None, *, frame: bool = False
                 ) -> None:
        self.name, self.line, self.cells, self.missing = name, line, cells, missing
        self.index = (index,) if frame else ()

    @property
    def place(self) -> str:
        """Where the row is: the file (or "the DataFrame") and the row as a spreadsheet numbers it."""
        index = f" (index {self.index[0]!r})" if self.index else ""
        return f"{self.name} row {self.line}{index}"

    def fail(self, column: str, problem: str, expected: str) -> DataError:
        """The error for this row's cell in `column`."""
        return DataError(f"{self.place}, column {column!r}: {problem}; expected {expected}.")

    def text(self, column: str, expected: str) -> str:
        """The cell's text, which must not be empty."""
        value = self.cells.get(column, "")
        if not value:
            raise self.fail(column, self._empty(column), expected)
        return value

    def number(self, column: str, expected: str, *, default: float | None = None,
               low: float = 0.0, high: float = 1.0) -> float:
        """The cell as a finite number from `low` to `high` (`default` when the cell is empty)."""
        value = self.cells.get(column, "")
        if not value and default is not None:
            return default
        if not value:
            raise self.fail(column, self._empty(column), expected)
        try:
            x = float(value)
        except (ValueError, OverflowError):
            raise self.fail(column, f"{shown(value)} is not a number", expected) from None
        if not (math.isfinite(x) and low <= x <= high):
            raise self.fail(column, f"{shown(value)} is not between {low:g} and {high:g}", expected)
        return x

    def whole(self, column: str, low: int, high: int, expected: str) -> int:
        """The cell as a whole number from `low` to `high` (``12.0`` is 12)."""
        value = self.cells.get(column, "")
        try:
            n = int(value)
        except ValueError:
            if not value:
                raise self.fail(column, self._empty(column), expected) from None
            try:
                x = float(value)
            except (ValueError, OverflowError):
                x = math.nan
            if not (math.isfinite(x) and x.is_integer()):
                raise self.fail(column, f"{shown(value)} is not a whole number", expected) from None
            n = int(x)
        if not low <= n <= high:
            raise self.fail(column, f"{shown(value)} is out of range", expected)
        return n

    def _empty(self, column: str) -> str:
        if column in self.missing:
            return f"{self.missing[column]!r} is a missing value"
        return "the cell is empty"


@dataclass
class Table:
    """A table being read: its name for messages, its columns and its rows (read as iterated)."""

    name: str
    columns: list[str]
    rows: Iterator[Row]
    handle: object = None
    """The open file, for a CSV table."""

    def need(self, *layouts: Sequence[str]) -> None:
        """Refuse a table that has none of the column sets `layouts`."""
        if any(set(cols) <= set(self.columns) for cols in layouts):
            return
        wanted = " or ".join(str(list(cols)) for cols in layouts)
        hint = header_hint(self.columns)
        shown_columns = shown(self.columns) if len(repr(self.columns)) > 300 else repr(self.columns)
        raise DataError(f"{self.name} has the columns {shown_columns}{hint}; expected {wanted}.")

    def close(self) -> None:
        """Stop reading: close the rows, and the file."""
        for part in (self.rows, self.handle):
            close = getattr(part, "close", None)
            if close is not None:
                close()


def read_table(source, *, argument: str = "source") -> Table:
    """A CSV file or a DataFrame as a :class:`Table`.

    Raises
    ------
    painmap.ArgumentTypeError
        `source` is neither a path nor a DataFrame.
    painmap.MissingFileError
        The file does not exist.
    painmap.DataError
        An empty file, a column named twice, or (as the rows are read) a row that
        cannot be read as CSV or has more or fewer cells than the header.
    """
    if hasattr(source, "columns") and hasattr(source, "itertuples"):  # a DataFrame
        return _frame_table(source)
    if not isinstance(source, (str, os.PathLike)):
        raise ArgumentTypeError(argument, source, "a CSV file path (str or pathlib.Path) or a pandas "
                                "DataFrame", problem=checks.kind_of(source))
    handle = open_text(source, what="a CSV file", newline="")
    name = repr(str(os.fspath(source)))
    try:
        records = enumerate(csv.reader(handle, strict=True), start=1)
        line, header = _next_record(records, name, 0)
        while header is not None and not any(c.strip() for c in header):  # blank rows above the header
            line, header = _next_record(records, name, line)
        if header is None:
            raise DataError(f"{name} is empty; expected a header row naming the columns, e.g. "
                            f"{','.join(REGION_COLUMNS)}.")
        columns = [unescape_cell(c.strip()) for c in header]
        _unique(columns, name)
    except BaseException:
        handle.close()
        raise
    return Table(name, columns, _csv_rows(handle, records, columns, name, line), handle)


def _next_record(records, name: str, line: int) -> tuple[int, list[str] | None]:
    try:
        return next(records, (line + 1, None))
    except csv.Error as err:
        raise _csv_error(err, name, line + 1) from None


def _csv_error(err: csv.Error, name: str, line: int) -> DataError:
    if "field limit" in str(err):
        return DataError(f"{name} row {line}: a cell is longer than the csv module's limit of "
                         f"{csv.field_size_limit():,} characters ({err}); expected short cells (ids, names, "
                         "numbers), and every quote (\") that opens a cell closed again.")
    return DataError(f"{name} row {line}: cannot be read as CSV ({err}); expected cells separated by "
                     "commas, with any cell holding a comma, quote or line break in double quotes.")


def _unique(columns: list[str], name: str) -> None:
    seen: dict[str, int] = {}
    for k, column in enumerate(columns, start=1):
        if column and column in seen:
            raise DataError(f"{name} has the column {column!r} twice (columns {seen[column]} and {k} of "
                            f"{columns}); expected each column once.")
        seen[column] = k


def _csv_rows(handle, records, columns: list[str], name: str, line: int) -> Iterator[Row]:
    width = len(columns)
    with handle:
        while True:
            line, record = _next_record(records, name, line)
            if record is None:
                return
            cells = [c.strip() for c in record]
            if len(cells) != width and (len(cells) < width or any(cells[width:])) and any(cells):
                raise DataError(
                    f"{name} row {line} has {len(cells)} cells but the header has {width} ({columns}); "
                    "expected one cell per column (a cell holding a comma needs double quotes, "
                    'e.g. "low, back").')
            if not any(cells):
                continue  # a blank row
            yield Row(name, line, {c: (unescape_cell(v) if v[:1] == "'" else v)
                                   for c, v in zip(columns, cells) if c})


def _frame_table(frame) -> Table:
    name = "the DataFrame"
    columns = [str(c).strip() for c in frame.columns]
    _unique(columns, name)
    pd = pandas_module()

    def rows() -> Iterator[Row]:
        for position, (index, *values) in enumerate(frame.itertuples(index=True, name=None)):
            cells, missing = {}, {}
            for column, value in zip(columns, values):
                if _is_missing(value, pd):
                    cells[column], missing[column] = "", value
                else:
                    cells[column] = str(value).strip()
            if not any(cells.values()):
                continue  # a blank row
            yield Row(name, position + 2, cells, missing, index, frame=True)

    return Table(name, columns, rows())


def _is_missing(value: object, pd) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, (float, np.floating)):
        return bool(np.isnan(value))
    return isinstance(value, np.datetime64) and bool(np.isnat(value))


def _layout(table: Table) -> str:
    table.need(REGION_COLUMNS, VERTEX_COLUMNS)
    return "region" if set(REGION_COLUMNS) <= set(table.columns) else "vertex"


@lru_cache(maxsize=1024)
def _place_vertices(place: str, side: str, shape: str) -> np.ndarray:
    body = as_body(shape)
    sides = ("right", "left") if side == "both" else (side,)
    mask = np.zeros(body.n_vertices, bool)
    for name in location_regions(place):
        for s in sides:
            mask |= region_mask(name, s, body=body)
    return np.flatnonzero(mask)


PATIENT = "a patient id in every row"
GROUP = "a group name in every row of a table with a 'group' column"


class _Groups:
    """Each patient's group, checked to be one group per patient."""

    def __init__(self, table: Table) -> None:
        self.grouped = "group" in table.columns
        self.groups: dict[str, str | None] = {}

    def of(self, row: Row, patient: str) -> str | None:
        group = row.text("group", GROUP) if self.grouped else None
        before = self.groups.setdefault(patient, group)
        if before != group:
            raise row.fail("group", f"patient {shown(patient)} is in group {shown(group)} here and in "
                           f"{shown(before)} in a row above", "one group per patient")
        return group


def _vertex_row(row: Row, body: Body) -> tuple[int, float]:
    top = body.n_vertices - 1
    vertex = row.whole("vertex", 0, top, f"a vertex of the {body.shape} body, a whole number from 0 to {top}")
    return vertex, row.number("value", "a pain value from 0 to 1")


def _region_row(row: Row, body: Body) -> tuple[np.ndarray, float]:
    region = row.text("region", "a region id or everyday words such as 'low back'")
    side = row.text("side", "right, left or both").lower()
    if side not in PAIN_SIDES:
        near = closest_names(side, PAIN_SIDES)
        closest = f" (closest: {near[0]!r})" if near else ""
        raise row.fail("side", f"{shown(row.cells['side'])} is not a side{closest}",
                       "right, left or both (the patient's side)")
    level = row.number("intensity", "a pain value from 0 to 1 (or an empty cell for 1)", default=1.0)
    try:
        idx = _place_vertices(region, side, body.shape)
    except ChoiceError as err:
        closest = f" (closest: {err.closest[0]!r})" if err.closest else ""
        raise row.fail("region", f"{shown(region)} is not a region or a known place{closest}",
                       "a region id (see painmap.regions()) or everyday words such as 'low back'") from None
    return idx, level


def _patients(table: Table, body: Body) -> Iterator[tuple[str, str | None, np.ndarray, np.ndarray]]:
    """Per patient (in order of first row): id, group, vertices with pain and their values."""
    layout = _layout(table)
    groups = _Groups(table)
    parts: dict[str, list[tuple[np.ndarray, float]]] = {}
    for row in table.rows:
        patient = row.text("patient", PATIENT)
        groups.of(row, patient)
        if layout == "vertex":
            vertex, level = _vertex_row(row, body)
            idx = np.array([vertex])
        else:
            idx, level = _region_row(row, body)
        parts.setdefault(patient, []).append((idx, level))
    for patient, pieces in parts.items():
        idx = np.concatenate([p for p, _ in pieces])
        values = np.concatenate([np.full(len(p), v) for p, v in pieces])
        order = np.lexsort((-values, idx))
        idx, values = idx[order], values[order]
        first = np.r_[True, idx[1:] != idx[:-1]]
        yield patient, groups.groups[patient], idx[first], values[first]


def read_records(source, *, body: Body, argument: str = "drawings"
                 ) -> Iterator[tuple[str, str | None, np.ndarray]]:
    """(patient, group, vertices with pain) from a table, for :func:`painmap.cohort`.

    Region rows are gathered per patient (a patient's regions may overlap); vertex
    rows stream, one record per run of rows of one patient, so memory stays
    bounded whatever the table's size.  The table is opened (and its columns
    checked) when this is called; its rows are read as the records are taken.
    """
    table = read_table(source, argument=argument)
    try:
        layout = _layout(table)
    except BaseException:
        table.close()
        raise
    return _records(table, layout, body)


def _records(table: Table, layout: str, body: Body) -> Iterator[tuple[str, str | None, np.ndarray]]:
    try:
        yield from _table_records(table, layout, body)
    finally:
        table.close()


def _table_records(table: Table, layout: str, body: Body) -> Iterator[tuple[str, str | None, np.ndarray]]:
    seen = False
    if layout == "region":
        for patient, group, idx, values in _patients(table, body):
            seen = True
            yield patient, group, idx[values > 0]
    else:  # one record per run of rows of one patient (a vertex listed twice in a run counts once)
        groups = _Groups(table)
        patient, group, run = None, None, []
        for row in table.rows:
            here = row.text("patient", PATIENT)
            there = groups.of(row, here)
            vertex, value = _vertex_row(row, body)
            if here != patient:
                if patient is not None:
                    yield patient, group, np.unique(np.array(run, dtype=np.intp))
                patient, group, run = here, there, []
            if value > 0:
                run.append(vertex)
        if patient is not None:
            seen = True
            yield patient, group, np.unique(np.array(run, dtype=np.intp))
    if not seen:
        raise DataError(f"{table.name} has no drawings: no rows below the header; expected one row per "
                        f"patient and {'region' if layout == 'region' else 'vertex'}.")


def read_drawings(source, *, body: str = "neutral", atlas: str | None = None, column: str | None = None,
                  id: str | None = None, numbering: str | None = None, missing: str = "error",
                  sheet: str | int | None = None):
    """Drawings by patient from a CSV file or a DataFrame (see the module's layouts), or, with
    `atlas`, from a research export of body-map areas (CHOIR, REDCap, WPI, Michigan Body Map).

    Parameters
    ----------
    source : str, Path or pandas.DataFrame
        With `atlas`, also an Excel workbook (``.xlsx``).
    body : str
        The body shape the drawings were made on.
    atlas : {"choir", "wpi", "mbm", "regions"}, optional
        Read a research export instead: one row per patient, the codes of the atlas's areas
        in one cell (CHOIR ids ``"128,117,107"``, REDCap keys ``"b07,f01"``, WPI ``"01,03"``,
        Michigan Body Map ``"1,13"``, area names; ``"none"`` is no pain).  The other
        arguments below are for this only.
    column : str, optional
        The column of codes (without it: the one column named like ``bodymap``,
        ``segments`` or the atlas).
    id : str, optional
        The patient id column (without it: ``record_id``, ``patient``, ``patient_id`` or
        ``id``, else the row number).  An id given twice is an error.
    numbering : {"male", "female"} or a column name, optional
        Which CHOIR diagram the ids come from, for all rows or per row from a column of
        male/female.  CHOIR ids 112-117 name different areas on the two, so they are an
        error without it.
    missing : {"error", "no pain", "drop"}
        What an empty cell of codes means (a patient who did not answer, or one without
        pain: the data cannot say): an error naming the row and patient (the default), a
        drawing without pain, or the patient left out and reported (a
        :class:`~painmap.PainmapWarning` and the result's ``attrs["excluded"]``).
    sheet : str or int, optional
        The sheet of an Excel workbook (default the first).

    Returns
    -------
    dict or pandas.DataFrame
        Without `atlas`: ``{patient id: PainDrawing}``, in the order the patients first
        appear; the ids are text, as in the table.  With `atlas`: a DataFrame indexed by
        patient id, with a ``drawing`` column and the table's other columns.

    Raises
    ------
    painmap.MissingFileError
        The file does not exist.
    painmap.DataError
        Missing or duplicated columns, empty or unknown cells, bad numbers, rows
        with too many or too few cells (the message names the row and column); with
        `atlas`, unknown codes, CHOIR ids 112-117 without a numbering, empty cells (with
        ``missing="error"``), missing or repeated patient ids (naming row, patient and value).
    painmap.ArgumentError
        `column`, `id`, `numbering`, `sheet` or `missing` given without `atlas`.

    Examples
    --------
    >>> import painmap as pm, tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "d.csv"
    >>> _ = path.write_text("patient,region,side\\n7,sacrum,Both\\n")
    >>> sorted(pm.read_drawings(path)["7"].regions())
    [('sacrum', 'left'), ('sacrum', 'right')]

    A CHOIR export (REDCap keys and ids mixed; the age kept for the analysis):

    >>> import pandas as pd
    >>> export = pd.DataFrame({"record_id": ["a", "b"], "bodymap": ["b07,f01", "218,219"], "age": [61, 47]})
    >>> frame = pm.read_drawings(export, atlas="choir")
    >>> [d.segments() for d in frame["drawing"]], frame.loc["b", "age"]
    ([('101', '207'), ('218', '219')], np.int64(47))
    """
    if atlas is not None:
        return read_area_table(source, atlas=atlas, column=column, id=id, numbering=numbering,
                               missing=missing, body=body, sheet=sheet)
    given = {"column": column, "id": id, "numbering": numbering, "sheet": sheet}
    for name, value in given.items():
        if value is not None:
            raise ArgumentError(name, value, f"no {name} without atlas= (a table of areas' codes, e.g. "
                                "atlas='choir')", problem="given for a table of regions or vertices")
    if missing != "error":
        raise ArgumentError("missing", missing, "'error' without atlas=", problem="given for a table of "
                            "regions or vertices")
    shape = as_body(body)
    table = read_table(source)
    out = {}
    try:
        for patient, _, idx, values in _patients(table, shape):
            painted = values > 0  # idx is sorted, each vertex once, values checked to be in 0..1
            out[patient] = PainDrawing._sparse(idx[painted], values[painted], shape)
    finally:
        table.close()
    return out


def read_groups(source) -> dict[str, str]:
    """The group of each patient of a table with ``patient`` and ``group`` columns.

    Examples
    --------
    >>> import painmap as pm, tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "d.csv"
    >>> _ = path.write_text("patient,region,side,group\\n1,sacrum,left,a\\n2,sacrum,left,b\\n")
    >>> pm.read_groups(path)
    {'1': 'a', '2': 'b'}
    """
    table = read_table(source)
    try:
        table.need(("patient", "group"))
        groups = _Groups(table)
        for row in table.rows:
            groups.of(row, row.text("patient", PATIENT))
    finally:
        table.close()
    return {patient: str(group) for patient, group in groups.groups.items()}


def _drawing_items(drawings) -> list[tuple[object, PainDrawing]]:
    what = "drawings by patient (a dict of id -> PainDrawing) or a list of PainDrawing"
    if isinstance(drawings, Mapping):
        items = list(drawings.items())
    elif isinstance(drawings, Iterable) and not isinstance(drawings, (str, bytes, PainDrawing)):
        items = [(i + 1, d) for i, d in enumerate(drawings)]
    else:
        raise ArgumentTypeError("drawings", drawings, what, problem=checks.kind_of(drawings))
    seen: dict[str, object] = {}
    for patient, drawing in items:
        if not isinstance(drawing, PainDrawing):
            raise ArgumentTypeError("drawings", drawing, what,
                                    problem=f"{checks.kind_of(drawing)} (patient {shown(patient)})")
        text = text_label("drawings", patient, "a patient id (text or a number) for every drawing")
        if text in seen:
            raise ArgumentError("drawings", patient, "a different id for every patient",
                                problem=f"the same id as {shown(seen[text])} once written")
        seen[text] = patient
    return items


def text_label(argument: str, value: object, expected: str) -> str:
    """A patient id or a group as written: its text, which may not be missing (None, NaN) or empty.

    Examples
    --------
    >>> text_label("groups", 3, "a group name"), text_label("groups", "a", "a group name")
    ('3', 'a')
    """
    if value is None or type(value).__name__ in ("NAType", "NaTType") or (
            isinstance(value, (float, np.floating)) and math.isnan(value)):
        raise ArgumentError(argument, value, expected, problem="missing")
    text = str(value)
    if not text.strip():
        raise ArgumentError(argument, value, expected, problem="empty")
    return text


def _drawing_rows(drawings, groups, layout: str) -> tuple[list[str], list[list[object]]]:
    layout = checks.choice("layout", layout, LAYOUTS)
    items = _drawing_items(drawings)
    expected = "a group name (text) for every drawing"
    if groups is None:
        labels = None
    elif isinstance(groups, Mapping):
        missing = [p for p, _ in items if p not in groups]
        if missing:
            raise ArgumentError("groups", groups, "a group for every patient of drawings",
                                problem=f"missing patient {shown(missing[0])}")
        labels = [groups[p] for p, _ in items]
    elif isinstance(groups, Iterable) and not isinstance(groups, (str, bytes)):
        labels = list(groups)
    else:
        raise ArgumentTypeError("groups", groups, "a list of one group per drawing, or a dict by patient",
                                problem=checks.kind_of(groups))
    if labels is not None:
        if len(labels) != len(items):
            raise ArgumentError("groups", groups, "one group per drawing",
                                problem=f"{len(labels)} labels for {len(items)} drawings")
        labels = [text_label("groups", g, expected) for g in labels]
    header = ["patient", *(("region", "side", "covered") if layout == "region" else ("vertex", "value"))]
    header += ["group"] if labels is not None else []
    rows: list[list[object]] = []
    for k, (patient, drawing) in enumerate(items):
        extra = [labels[k]] if labels is not None else []
        if layout == "region":
            rows += [[patient, name, side, round(share, 6), *extra]
                     for (name, side), share in drawing.regions().items()]
        else:
            idx, values = drawing.nonzero()
            rows += [[patient, int(v), float(x), *extra] for v, x in zip(idx, values)]
    return header, rows


def write_drawings(path, drawings, *, groups=None, layout: str = "vertex"):
    """Write drawings as CSV, one row per patient and vertex (exact) or per patient and region.

    Parameters
    ----------
    path : str or Path
    drawings : mapping patient -> PainDrawing, or list of PainDrawing (patients 1, 2, ...)
    groups : list or mapping, optional
    layout : {"vertex", "region"}
        ``"region"`` rows say the share of each region covered; read back, they
        fill whole regions.

    Returns the path.  The file is written whole or not at all, as UTF-8.  Text
    cells that a spreadsheet would run as a formula get a leading ``'`` (see the
    module); :func:`read_drawings` removes it.  Spaces around an id are not kept.

    Examples
    --------
    >>> import painmap as pm, tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "d.csv"
    >>> d = pm.PainDrawing.from_regions("sacrum")
    >>> _ = pm.write_drawings(path, {"=cmd": d}, layout="region")
    >>> path.read_text().splitlines()[1]
    "'=cmd,sacrum,right,1.0"
    >>> list(pm.read_drawings(path))
    ['=cmd']
    """
    header, rows = _drawing_rows(drawings, groups, layout)
    return write_atomic(path, csv_bytes(header, rows, argument="drawings"))


def drawings_frame(drawings, *, groups=None, layout: str = "vertex"):
    """The drawings as a pandas DataFrame, with the columns of :func:`write_drawings`.

    The cells hold the ids and groups as they are (no formula escaping: a
    DataFrame is not a spreadsheet).
    """
    pd = pandas_module()
    header, rows = _drawing_rows(drawings, groups, layout)
    return pd.DataFrame(rows, columns=header)


class _Lines(list):
    """Collects the lines a csv writer writes, each ending in ``\\n``.

    The writer is given the line end ``\\r\\n`` so that it quotes any cell holding
    a ``\\r`` or a ``\\n``; each line's end is then written as ``\\n``.
    """

    def write(self, text: str) -> int:
        self.append(text[:-2] + "\n" if text.endswith("\r\n") else text)
        return len(text)


def csv_text(header: list[str], rows: Iterable[list[object]]) -> str:
    """CSV text (``\\n`` line ends) of a header and rows, text cells escaped (:func:`escape_cell`)."""
    lines = _Lines()
    writer = csv.writer(lines, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([escape_cell(c) for c in row] for row in rows)
    return "".join(lines)


def csv_bytes(header: list[str], rows: list[list[object]], *, argument: str) -> bytes:
    """:func:`csv_text` as UTF-8; a cell UTF-8 cannot hold (a lone surrogate) is an error naming it."""
    text = csv_text(header, rows)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        bad = next(c for row in rows for c in row if isinstance(c, str) and not _encodes(c))
        raise ArgumentError(argument, bad, "text that UTF-8 can hold", problem="not writable as UTF-8 "
                            "(it holds a lone surrogate)") from None


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def pandas_module():
    try:
        import pandas
    except ImportError:
        raise DependencyError("DataFrames need pandas: pip install 'painmap[pandas]'") from None
    return pandas

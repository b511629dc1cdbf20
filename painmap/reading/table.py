"""Drawings and cohorts as tables: CSV files always, pandas DataFrames when pandas is installed.

Two layouts of drawings, one row per patient and ...

* **region**: columns ``patient, region, side`` and optionally ``intensity`` and
  ``group``.  `region` is a region id or everyday words ("low back"); `side` is
  right, left or both (the patient's).  The drawing fills the whole region.
* **vertex**: columns ``patient, vertex, value`` and optionally ``group``: one row
  per vertex with pain (exact).

A cohort is written one row per group and vertex where someone has pain:
``group, patients_in_group, vertex, patients, fraction``.

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
import io
import os
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache

import numpy as np

from ..body.mesh import Body
from ..body.regions import region_mask
from ..body.sides import pain_side
from ..core import checks
from ..core.errors import PainmapError
from ..core.files import write_atomic
from .drawing import PainDrawing, as_body
from .places import location_regions

LAYOUTS: tuple[str, ...] = ("vertex", "region")
REGION_COLUMNS = ("patient", "region", "side")
VERTEX_COLUMNS = ("patient", "vertex", "value")


def table_rows(source) -> tuple[list[str], Iterator[dict[str, str]], str]:
    """Column names, rows as dicts of strings, and a name for messages."""
    if hasattr(source, "columns"):  # a DataFrame
        columns = [str(c) for c in source.columns]
        frame = source.astype(str)
        return columns, (dict(zip(columns, row)) for row in frame.itertuples(index=False, name=None)), "table"
    if not isinstance(source, (str, os.PathLike)):
        raise PainmapError(f"cannot read drawings from {type(source).__name__}; expected a CSV path or a "
                           "pandas DataFrame.")
    try:
        handle = open(source, newline="", encoding="utf-8-sig")  # closed by rows()
    except OSError as err:
        raise PainmapError(f"cannot read {str(source)!r}: {err.strerror}; expected a CSV file.") from None
    reader = csv.DictReader(handle)
    columns = [c.strip() for c in reader.fieldnames or []]

    def rows():
        with handle:
            for row in reader:
                yield {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}

    return columns, rows(), str(source)


def _layout(columns: Sequence[str], name: str) -> str:
    if set(REGION_COLUMNS) <= set(columns):
        return "region"
    if set(VERTEX_COLUMNS) <= set(columns):
        return "vertex"
    raise PainmapError(f"{name} has columns {list(columns)}; expected {list(REGION_COLUMNS)} (one row per "
                       f"patient and region) or {list(VERTEX_COLUMNS)} (one row per patient and vertex), "
                       "with an optional 'group' column.")


@lru_cache(maxsize=1024)
def _place_vertices(place: str, side: str, shape: str) -> np.ndarray:
    pain_side(side, argument=None)
    body = as_body(shape)
    sides = ("right", "left") if side == "both" else (side,)
    mask = np.zeros(body.n_vertices, bool)
    for name in location_regions(place):
        for s in sides:
            mask |= region_mask(name, s, body=body)
    return np.flatnonzero(mask)


def _patients(source, body: Body, table=None) -> Iterator[tuple[str, str | None, np.ndarray, np.ndarray]]:
    """Per patient (in order of first row): id, group, vertices with pain and their values."""
    columns, rows, name = table or table_rows(source)
    layout = _layout(columns, name)
    grouped = "group" in columns
    parts: dict[str, list[tuple[np.ndarray, float]]] = {}
    groups: dict[str, str | None] = {}
    for line, row in enumerate(rows, start=2):
        patient = row["patient"]
        if not patient:
            raise PainmapError(f"{name} row {line}: the patient is empty; expected a "
                               "patient id in every row.")
        group = row.get("group") if grouped else None
        if groups.setdefault(patient, group) != group:
            raise PainmapError(f"{name} row {line}: patient {patient!r} is in group {group!r} here and in "
                               f"{groups[patient]!r} above; a patient belongs to one group.")
        if layout == "vertex":
            vertex, level = _vertex_row(row, body, name, line)
            idx = np.array([vertex])
        else:
            raw = row.get("intensity") or "1"
            try:
                level = float(raw)
            except ValueError:
                raise PainmapError(f"{name} row {line}: cannot read a number from intensity={raw!r}; "
                                   "expected a pain value from 0 to 1.") from None
            try:
                idx = _place_vertices(row["region"], row["side"] or "right", body.shape)
            except PainmapError as err:
                raise PainmapError(f"{name} row {line}: {err}") from None
            if not 0 <= level <= 1:
                raise PainmapError(f"{name} row {line}: pain {level} is not between 0 and 1.")
        parts.setdefault(patient, []).append((idx, level))
    for patient, pieces in parts.items():
        idx = np.concatenate([p for p, _ in pieces])
        values = np.concatenate([np.full(len(p), v) for p, v in pieces])
        order = np.lexsort((-values, idx))
        idx, values = idx[order], values[order]
        first = np.r_[True, idx[1:] != idx[:-1]]
        yield patient, groups[patient], idx[first], values[first]


def read_records(source, *, body: Body) -> Iterator[tuple[str, str | None, np.ndarray]]:
    """(patient, group, vertices with pain) from a table, for :func:`painmap.cohort`.

    Region rows are gathered per patient (a patient's regions may overlap); vertex
    rows stream one by one (one row per patient and vertex), so memory stays
    bounded whatever the table's size.
    """
    columns, rows, name = table = table_rows(source)
    if _layout(columns, name) == "region":
        for patient, group, idx, values in _patients(source, body, table):
            yield patient, group, idx[values > 0]
        return
    grouped = "group" in columns
    for line, row in enumerate(rows, start=2):
        vertex, value = _vertex_row(row, body, name, line)
        if value > 0:
            yield row["patient"], (row.get("group") if grouped else None), np.array([vertex])


def _vertex_row(row: dict[str, str], body: Body, name: str, line: int) -> tuple[int, float]:
    try:
        vertex, value = int(row["vertex"]), float(row["value"])
    except ValueError:
        raise PainmapError(f"{name} row {line}: cannot read a number from vertex={row['vertex']!r}, "
                           f"value={row['value']!r}; expected a whole vertex number and a pain value "
                           "from 0 to 1.") from None
    if not 0 <= vertex < body.n_vertices:
        raise PainmapError(f"{name} row {line}: vertex {vertex} is not a vertex of the {body.shape} body "
                           f"(0 to {body.n_vertices - 1}).")
    if not 0 <= value <= 1:
        raise PainmapError(f"{name} row {line}: pain {value} is not between 0 and 1.")
    return vertex, value


def read_drawings(source, *, body: str = "neutral") -> dict[str, PainDrawing]:
    """Drawings by patient from a CSV file or a DataFrame (see the module's layouts).

    Raises
    ------
    painmap.PainmapError
        Missing columns, unknown places, bad numbers (the message names the row).
    """
    shape = as_body(body)
    out = {}
    for patient, _, idx, values in _patients(source, shape):
        full = np.zeros(shape.n_vertices)
        full[idx] = values
        out[patient] = PainDrawing(full, body=shape)
    return out


def read_groups(source) -> dict[str, str]:
    """The group of each patient of a table with a ``group`` column."""
    columns, rows, name = table_rows(source)
    if "group" not in columns:
        raise PainmapError(f"{name} has no 'group' column; expected one naming each row's group.")
    return {row["patient"]: row["group"] for row in rows}


def _drawing_rows(drawings, groups, layout: str) -> tuple[list[str], list[list[object]]]:
    checks.choice(None, layout, LAYOUTS, kind="layout")
    items = list(drawings.items()) if isinstance(drawings, Mapping) else \
        [(str(i + 1), d) for i, d in enumerate(drawings)]
    if isinstance(groups, Mapping):
        labels = [groups[p] for p, _ in items]
    else:
        labels = list(groups) if groups is not None else None
    if labels is not None and len(labels) != len(items):
        raise PainmapError(f"groups has {len(labels)} labels for {len(items)} drawings; "
                           "expected one per drawing.")
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

    Returns the path.  The file is written whole or not at all.
    """
    header, rows = _drawing_rows(drawings, groups, layout)
    return write_atomic(path, csv_text(header, rows))


def drawings_frame(drawings, *, groups=None, layout: str = "vertex"):
    """The drawings as a pandas DataFrame, with the columns of :func:`write_drawings`."""
    pd = pandas_module()
    header, rows = _drawing_rows(drawings, groups, layout)
    return pd.DataFrame(rows, columns=header)


def csv_text(header: list[str], rows: list[list[object]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def pandas_module():
    try:
        import pandas
    except ImportError:
        raise PainmapError("DataFrames need pandas: pip install 'painmap[pandas]'") from None
    return pandas

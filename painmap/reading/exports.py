"""Research exports of body-map areas: one row per patient, the areas as codes in one cell.

CHOIR registries and REDCap's imagemap module store a patient's pain drawing as the codes of
the areas the patient marked, in one cell: ``"128,117,107"`` (CHOIR ids), ``"b07,f01"``
(REDCap keys), ``"01,03,11"`` (WPI) or ``"1,13,30"`` (Michigan Body Map).
:func:`read_area_table` (called as ``pm.read_drawings(table, atlas=...)``) reads a CSV file,
an Excel sheet or a pandas DataFrame of them into a DataFrame: one row per patient, indexed
by the patient id, with a ``drawing`` column of area-level :class:`~painmap.PainDrawing`
(a few bytes each: 7,000 patients take about a megabyte) and every other column kept as it
was, for the analysis.

What a cell means
-----------------
- codes (``"128,117"``; separated by ``,``, ``;`` or ``|``; spaces around them ignored; ids,
  REDCap keys or area names, mixed as you like): the drawing of those areas;
- ``"none"`` or ``"no pain"`` (and the Michigan Body Map's ``35``, "No Chronic Pain"): a
  drawing without pain, which counts as a patient with no pain area;
- an empty or missing cell (an empty CSV or Excel cell, NaN or None in a DataFrame, or only
  spaces): the body map was not answered, or the patient has no pain; the data cannot say
  which, so `missing` decides: ``"error"`` (the default: a :class:`~painmap.DataError` naming
  the row and the patient), ``"no pain"`` (an empty drawing) or ``"drop"`` (the patient is
  left out, and said so: a :class:`~painmap.PainmapWarning` and the result's
  ``attrs["excluded"]``, ``{patient: reason}``).

A code that names no area, CHOIR ids 112-117 without a `numbering`, a patient id that is
missing or given twice, are :class:`~painmap.DataError` naming the row (as a spreadsheet
numbers it: the header is row 1), the patient and the value.
"""

from __future__ import annotations

import math
import os
import warnings

import numpy as np

from ..body.mesh import Body
from ..core import checks
from ..core.errors import ArgumentError, ArgumentTypeError, DataError, DependencyError, PainmapWarning, shown
from ..core.files import header_hint, open_text
from .atlas import NUMBERINGS, Atlas, atlas_name
from .atlas import atlas as load_atlas
from .drawing import PainDrawing, as_body

MISSING: tuple[str, ...] = ("error", "no pain", "drop")
ID_COLUMNS: tuple[str, ...] = ("record_id", "patient", "patient_id", "id")
"""Columns taken for the patient id, in this order, when `id` is not given."""
EXCEL_ENDINGS = (".xlsx", ".xlsm", ".xls")
NUMBERING_WORDS = {"male": "male", "m": "male", "man": "male", "female": "female", "f": "female",
                   "woman": "female"}


def read_area_table(source, *, atlas: str | Atlas = "choir", column: str | None = None, id: str | None = None,
                    numbering: str | None = None, missing: str = "error", body: str | Body = "neutral",
                    sheet: str | int | None = None):
    """Drawings of body-map areas from a table, one row per patient (see the module).

    Parameters
    ----------
    source : str, Path or pandas.DataFrame
        A CSV file, an Excel workbook (``.xlsx``, read with openpyxl) or a DataFrame.
    atlas : {"choir", "wpi", "mbm", "regions"}
    column : str, optional
        The column of codes.  Without it, the one column whose name holds ``bodymap``,
        ``body_map``, ``segments`` or the atlas's name.
    id : str, optional
        The patient id column.  Without it, the first of ``record_id`` (REDCap),
        ``patient``, ``patient_id``, ``id``; and without any of them, the row number.
    numbering : {"male", "female"}, a column name, or None
        The CHOIR diagram the ids come from (ids 112-117 differ between them), for every row,
        or read per row from a column holding male or female (``m``/``f``, any case).
    missing : {"error", "no pain", "drop"}
        What an empty or missing cell of codes means (see the module).
    body : str or Body
        The body shape of the drawings.
    sheet : str or int, optional
        The Excel sheet (default the first).

    Returns
    -------
    pandas.DataFrame
        Indexed by patient id (text), with a ``drawing`` column and the table's other columns.

    Raises
    ------
    painmap.DataError
        An unknown code, a CHOIR id 112-117 without a numbering, a missing cell (with
        ``missing="error"``), a missing or repeated patient id (each naming the row,
        patient and value); a table without the columns asked for.
    painmap.DependencyError
        pandas (or openpyxl, for Excel) is not installed.

    Examples
    --------
    >>> import pandas as pd, painmap as pm
    >>> table = pd.DataFrame({"record_id": [1, 2, 3], "bodymap": ["128,117", "b07,f01", "none"],
    ...                       "age": [50, 61, 38]})
    >>> frame = pm.read_drawings(table, atlas="choir", numbering="male")
    >>> list(frame.columns), frame.index.tolist()
    (['drawing', 'bodymap', 'age'], ['1', '2', '3'])
    >>> frame.loc["2", "drawing"].segments()
    ('101', '207')
    >>> frame.loc["3", "drawing"].is_empty
    True
    """
    pd = _pandas()
    chosen = load_atlas(atlas_name(atlas))
    missing = checks.choice("missing", missing, MISSING)
    shape = as_body(body)
    frame, name = _frame(source, sheet, pd)
    columns = [str(c).strip() for c in frame.columns]
    frame.columns = columns
    column = _codes_column(column, columns, chosen, name)
    id_column = _id_column(id, columns, name)
    per_row = _numbering(numbering, columns, chosen, name)
    if "drawing" in columns:
        raise DataError(f"{name} has a column named 'drawing'; expected none: the result puts the drawings "
                        "there (rename that column).")
    cells = frame[column].to_numpy(dtype=object)
    ids = (frame[id_column].to_numpy(dtype=object) if id_column else np.arange(1, len(frame) + 1))
    sexes = frame[per_row].to_numpy(dtype=object) if per_row and per_row not in NUMBERINGS else None
    framed = not isinstance(source, (str, os.PathLike))
    drawings, keep, excluded = [], [], {}
    seen: dict[str, int] = {}
    cache: dict[tuple[object, str | None], np.ndarray] = {}
    for position, (cell, patient) in enumerate(zip(cells, ids)):
        where = _place(name, position, frame.index[position] if framed else None)
        text = _patient(patient, where, id_column)
        if text in seen:
            raise DataError(f"{where}, column {id_column!r}: patient {text!r} again (first in row "
                            f"{seen[text] + 2}); expected one row per patient (merge the rows, or give "
                            "the repeated visits their own ids).")
        seen[text] = position
        row_numbering = per_row if sexes is None else _row_numbering(sexes[position], where, per_row, text)
        if _is_missing(cell):
            if missing == "error":
                raise DataError(f"{where} (patient {text!r}), column {column!r}: the cell is empty; "
                                f"expected the codes of the {chosen.title}'s areas, or 'none' for no pain "
                                "(or read with missing='no pain' to take empty cells for no pain, or "
                                "missing='drop' to leave those patients out).")
            if missing == "drop":
                excluded[text] = f"no codes in column {column!r} ({where})"
                continue
            cell = ""
        key = (cell, row_numbering)
        areas = cache.get(key) if isinstance(cell, (str, int, float)) else None
        if areas is None:
            try:
                areas = chosen.areas(cell, numbering=row_numbering, argument=column)
            except ArgumentError as err:
                raise DataError(f"{where} (patient {text!r}), column {column!r}: {err}") from None
            if isinstance(cell, (str, int, float)):
                cache[key] = areas
        drawings.append(PainDrawing._from_areas(chosen, areas, shape))
        keep.append(position)
    rest = [c for c in columns if c != id_column]
    out = frame.iloc[keep][rest].copy()
    if not framed:  # a CSV's cells are text: numbers as numbers, empty cells as missing, for the analysis
        for name_ in rest:
            if name_ != column:
                out[name_] = _typed(out[name_], pd)
    out.insert(0, "drawing", pd.Series(drawings, index=out.index, dtype=object))
    out.index = pd.Index([_patient(ids[k], "", id_column) for k in keep], name=id_column or "row")
    out.attrs["atlas"] = chosen.name
    out.attrs["excluded"] = excluded
    if excluded:
        first = ", ".join(repr(p) for p in list(excluded)[:5])
        warnings.warn(f"{len(excluded)} patient(s) left out for an empty cell of {column!r} ({first}"
                      f"{', ...' if len(excluded) > 5 else ''}): see the result's attrs['excluded'].",
                      PainmapWarning, stacklevel=3)
    return out


def _frame(source, sheet, pd):
    """The table as a DataFrame of its cells as written, and its name for messages."""
    if hasattr(source, "columns") and hasattr(source, "iloc"):
        if sheet is not None:
            raise ArgumentError("sheet", sheet, "no sheet for a DataFrame", problem="given for a DataFrame")
        return source.copy(deep=False), "the DataFrame"  # (its column names are tidied: not the caller's)
    if not isinstance(source, (str, os.PathLike)):
        raise ArgumentTypeError("source", source, "a CSV or Excel file path, or a pandas DataFrame",
                                problem=checks.kind_of(source))
    path = os.fspath(source)
    name = repr(str(path))
    if str(path).lower().endswith(EXCEL_ENDINGS):
        try:
            import openpyxl  # noqa: F401
        except ImportError:
            raise DependencyError("Excel files need openpyxl: pip install openpyxl") from None
        if not os.path.isfile(path):
            open_text(path, what="an Excel workbook").close()  # the library's own missing-file error
        try:
            frame = pd.read_excel(path, sheet_name=0 if sheet is None else sheet, dtype=object)
        except (ValueError, KeyError) as err:
            raise DataError(f"{name}: cannot read the sheet {sheet!r} ({err}); expected a workbook with that "
                            "sheet.") from None
        return frame, name
    if sheet is not None:
        raise ArgumentError("sheet", sheet, "no sheet for a CSV file (sheets are for Excel workbooks: .xlsx)",
                            problem=f"given for {name}")
    with open_text(path, what="a CSV file", newline="") as handle:
        try:
            frame = pd.read_csv(handle, dtype=str, keep_default_na=False, skipinitialspace=True)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
            raise DataError(f"{name} cannot be read as CSV ({str(err).strip()}); expected a header row and "
                            "one row per patient, a cell holding commas in double quotes (\"128,117\").") \
                from None
    hint = header_hint([str(c) for c in frame.columns])
    if hint:
        raise DataError(f"{name} has the columns {shown(list(frame.columns))}{hint}; expected a header row "
                        "naming the columns, separated by commas.")
    frame = frame.apply(lambda col: col.str.strip())
    return frame, name


def _typed(cells, pd):
    """A column of CSV text: numbers when every filled cell is one, empty cells missing (NaN)."""
    if pd.api.types.is_numeric_dtype(cells):
        return cells
    cells = cells.astype(object)
    empty = cells.isna() | (cells.astype(str).str.strip() == "")
    cells = cells.where(~empty, np.nan)
    numbers = pd.to_numeric(cells, errors="coerce")
    if numbers.notna().sum() == (~empty).sum():
        return numbers
    return cells


def _codes_column(column: str | None, columns: list[str], chosen: Atlas, name: str) -> str:
    if column is not None:
        if not isinstance(column, str):
            raise ArgumentTypeError("column", column, "the name of the column of codes",
                                    problem=checks.kind_of(column))
        if column not in columns:
            return checks.choice("column", column, columns, kind="column")
        return column
    words = ("bodymap", "body_map", "body map", "segments", chosen.name)
    found = [c for c in columns if any(w in c.lower() for w in words)]
    if len(found) != 1:
        raise DataError(f"{name} has the columns {columns}; expected column= naming the column of codes"
                        + (f" (several could be: {found})" if found else
                           " (none is named like 'bodymap', 'segments' or the atlas)") + ".")
    return found[0]


def _id_column(id: str | None, columns: list[str], name: str) -> str | None:
    if id is not None:
        if not isinstance(id, str):
            raise ArgumentTypeError("id", id, "the name of the patient id column", problem=checks.kind_of(id))
        return checks.choice("id", id, columns, kind="column") if id not in columns else id
    return next((c for c in ID_COLUMNS if c in columns), None)


def _numbering(numbering: object, columns: list[str], chosen: Atlas, name: str) -> str | None:
    if numbering is None:
        return None
    if isinstance(numbering, str) and numbering in NUMBERINGS:
        if chosen.name != "choir":
            raise ArgumentError("numbering", numbering, "None: only the CHOIR atlas has a male and a female "
                                "numbering", problem=f"given for the {chosen.name!r} atlas")
        return numbering
    if isinstance(numbering, str) and numbering in columns:
        if chosen.name != "choir":
            raise ArgumentError("numbering", numbering, "None: only the CHOIR atlas has a male and a female "
                                "numbering", problem=f"given for the {chosen.name!r} atlas")
        return numbering
    return checks.choice("numbering", numbering, (*NUMBERINGS, *columns), kind="numbering or column")


def _row_numbering(value: object, where: str, column: str, patient: str) -> str:
    word = "" if _is_missing(value) else str(value).strip().lower()
    if word not in NUMBERING_WORDS:
        raise DataError(f"{where} (patient {patient!r}), column {column!r}: {shown(value)} is not a "
                        "numbering; expected male or female (m or f), which CHOIR diagram the ids come from.")
    return NUMBERING_WORDS[word]


def _place(name: str, position: int, index: object) -> str:
    return f"{name} row {position + 2}" + (f" (index {index!r})" if index is not None else "")


def _patient(value: object, where: str, column: str | None) -> str:
    if _is_missing(value):
        raise DataError(f"{where}, column {column!r}: the patient id is empty; expected an id in every row.")
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        value = int(value)  # 12.0, as a spreadsheet stores a whole number, is patient "12"
    return str(value).strip()


def _is_missing(value: object) -> bool:
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return True
    if isinstance(value, (float, np.floating)):
        return math.isnan(value)
    return isinstance(value, str) and not value.strip()


def _pandas():
    try:
        import pandas
    except ImportError:
        raise DependencyError("reading a table of body-map areas needs pandas: "
                              "pip install 'painmap[pandas]'") from None
    return pandas

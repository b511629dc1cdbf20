"""Bad input on the reading side: a correct result, or a painmap error naming the value and what was expected.

Tables (CSV files and DataFrames) that cannot be read raise :class:`painmap.DataError`
naming the file (or "the DataFrame"), the row as a spreadsheet numbers it (header = row
1), the column and the value; arguments of the wrong kind or out of range raise
:class:`painmap.ArgumentTypeError` / :class:`painmap.ArgumentError`.
"""

from __future__ import annotations

import csv
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import painmap as pm
from painmap.body.mesh import load_body

BODY = load_body()
N = BODY.n_vertices
SACRUM = pm.PainDrawing.from_regions("sacrum")
HIP = pm.PainDrawing.from_regions("outer hip")
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _csv(tmp_path, text: str | bytes, name: str = "t.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def _fails(call, kind, *parts: str) -> Exception:
    """`call` raises `kind` whose message holds each of `parts` and is one sentence."""
    with pytest.raises(kind) as err:
        call()
    message = str(err.value)
    for part in parts:
        assert part in message, (part, message)
    assert message.endswith(".") and "\n" not in message, message
    return err.value


# Encodings ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-8-sig", "utf-8"])
def test_a_latin_1_or_windows_csv_reads_correctly(tmp_path, encoding):
    text = "patient,region,side,group\nJosé,sacrum,left,Zürich\nRenée,coccyx,both,Genève\n"
    path = _csv(tmp_path, text.encode(encoding))
    assert list(pm.read_drawings(path)) == ["José", "Renée"]
    assert pm.read_groups(path) == {"José": "Zürich", "Renée": "Genève"}
    assert pm.cohort(path).sizes == {"Zürich": 1, "Genève": 1}


def test_a_missing_csv_is_a_missing_file_error(tmp_path):
    err = _fails(lambda: pm.read_drawings(tmp_path / "gone.csv"), pm.MissingFileError, "gone.csv",
                 "does not exist", "expected the path of a CSV file")
    assert isinstance(err, FileNotFoundError)


# Rows and cells ----------------------------------------------------------------------------------

def test_a_huge_field_is_a_data_error_naming_the_row_and_the_limit(tmp_path):
    path = _csv(tmp_path, "patient,region,side\n1,sacrum,left\n2,\"" + "x" * 1_000_000 + "\",left\n")
    err = _fails(lambda: pm.read_drawings(path), pm.DataError, "t.csv' row 3",
                 f"the csv module's limit of {csv.field_size_limit():,} characters")
    assert not isinstance(err, csv.Error)


def test_an_open_quote_is_a_data_error_naming_the_row(tmp_path):
    path = _csv(tmp_path, 'patient,region,side\n1,sacrum,left\n2,"coccyx,left\n3,sacrum,left\n')
    _fails(lambda: pm.read_drawings(path), pm.DataError, "row 3", "cannot be read as CSV")


def test_a_csv_without_a_patient_column_lists_the_columns(tmp_path):
    path = _csv(tmp_path, "id,region,side\n1,sacrum,left\n")
    for call in (pm.read_drawings, pm.cohort, pm.read_groups):
        _fails(lambda call=call: call(path), pm.DataError, "has the columns ['id', 'region', 'side']",
               "expected ['patient',")


def test_a_semicolon_csv_says_so(tmp_path):
    path = _csv(tmp_path, "patient;region;side\n1;sacrum;left\n")
    _fails(lambda: pm.read_drawings(path), pm.DataError, "seems to use ';' between columns")


def test_a_workbook_or_utf_16_file_given_as_csv_says_so(tmp_path):
    workbook = _csv(tmp_path, b"PK\x03\x04\x14\x00\x00\x00binary", "book.csv")
    _fails(lambda: pm.read_drawings(workbook), pm.DataError, "looks like an Excel workbook")
    utf16 = _csv(tmp_path, "patient,region,side\n1,sacrum,left\n".encode("utf-16"), "u16.csv")
    _fails(lambda: pm.read_drawings(utf16), pm.DataError, "looks like UTF-16 text")


def test_an_empty_side_cell_is_an_error_naming_the_row(tmp_path):
    path = _csv(tmp_path, "patient,region,side\n1,sacrum,left\n2,coccyx,\n")
    _fails(lambda: pm.read_drawings(path), pm.DataError, "t.csv' row 3, column 'side': the cell is empty",
           "expected right, left or both")


def test_a_table_without_a_side_column_is_not_the_region_layout(tmp_path):
    # The region layout's columns are patient, region and side (the module documents no default side).
    path = _csv(tmp_path, "patient,region\n1,sacrum\n")
    _fails(lambda: pm.read_drawings(path), pm.DataError, "['patient', 'region']",
           "expected ['patient', 'region', 'side']")


def test_sides_are_read_in_any_case(tmp_path):
    path = _csv(tmp_path, "patient,region,side\n1,sacrum,Left\n2,sacrum, BOTH \n")
    drawings = pm.read_drawings(path)
    assert drawings["1"] == pm.PainDrawing.from_regions("sacrum", side="left")
    assert drawings["2"] == pm.PainDrawing.from_regions("sacrum", side="both")


def test_an_empty_patient_cell_is_an_error_naming_the_row(tmp_path):
    path = _csv(tmp_path, "patient,vertex,value\n1,5,1\n ,6,1\n")
    _fails(lambda: pm.cohort(path), pm.DataError, "row 3, column 'patient': the cell is empty",
           "expected a patient id in every row")


@pytest.mark.parametrize("missing", [math.nan, None, "pd.NA"])
def test_missing_patient_ids_in_a_dataframe_name_the_row(missing):
    pd = pytest.importorskip("pandas")
    missing = pd.NA if missing == "pd.NA" else missing
    frame = pd.DataFrame({"patient": pd.Series(["a", "b", missing], dtype=object, index=[10, 11, 12]),
                          "region": ["sacrum"] * 3, "side": ["left"] * 3}, index=[10, 11, 12])
    for call in (pm.read_drawings, pm.cohort):
        _fails(lambda call=call: call(frame), pm.DataError, "the DataFrame row 4 (index 12), column "
               f"'patient': {missing!r} is a missing value", "expected a patient id in every row")


def test_an_empty_group_cell_is_an_error_naming_the_row(tmp_path):
    path = _csv(tmp_path, "patient,region,side,group\n1,sacrum,left,a\n2,sacrum,left,\n")
    for call in (pm.read_drawings, pm.cohort, pm.read_groups):
        _fails(lambda call=call: call(path), pm.DataError, "row 3, column 'group': the cell is empty",
               "expected a group name")
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"patient": [1, 2], "vertex": [3, 4], "value": [1.0, 1.0], "group": ["a", None]})
    _fails(lambda: pm.cohort(frame), pm.DataError, "the DataFrame row 3 (index 1), column 'group'",
           "is a missing value")


def test_a_row_with_more_cells_than_the_header_is_an_error(tmp_path):
    path = _csv(tmp_path, "patient,region,side\n1,sacrum,left\n2,low back,left,oops\n")
    _fails(lambda: pm.read_drawings(path), pm.DataError, "row 3 has 4 cells but the header has 3",
           "a cell holding a comma needs double quotes")


def test_a_row_with_fewer_cells_than_the_header_is_an_error(tmp_path):
    path = _csv(tmp_path, "patient,region,side,group\n1,sacrum,left,a\n2,sacrum,left\n")
    _fails(lambda: pm.read_drawings(path), pm.DataError, "row 3 has 3 cells but the header has 4")


def test_blank_rows_and_empty_trailing_cells_lose_nothing(tmp_path):
    path = _csv(tmp_path, "\npatient,region,side\n1,sacrum,left,\n,,\n\n2,coccyx,left\n")
    assert list(pm.read_drawings(path)) == ["1", "2"]
    bad = _csv(tmp_path, "\npatient,region,side\n1,sacrum,left\n\n2,coccyx\n", "bad.csv")
    _fails(lambda: pm.read_drawings(bad), pm.DataError, "bad.csv' row 5 has 2 cells")  # rows as shown


def test_a_column_named_twice_is_an_error(tmp_path):
    path = _csv(tmp_path, "patient,region,side, side\n1,sacrum,left,right\n")
    _fails(lambda: pm.read_drawings(path), pm.DataError, "has the column 'side' twice (columns 3 and 4")
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame([[1, "sacrum", "left", "right"]], columns=["patient", "region", "side", "side"])
    _fails(lambda: pm.cohort(frame), pm.DataError, "the DataFrame has the column 'side' twice")


@pytest.mark.parametrize("vertex", ["-1", "10000000", str(N), "1.5", "abc", "nan", "inf", "1e400"])
def test_a_vertex_out_of_range_or_not_whole_names_row_value_and_range(tmp_path, vertex):
    path = _csv(tmp_path, f"patient,vertex,value\n1,5,1\n1,{vertex},1\n")
    for call in (pm.read_drawings, pm.cohort):
        _fails(lambda call=call: call(path), pm.DataError, "row 3, column 'vertex'", repr(vertex),
               f"a whole number from 0 to {N - 1}")


def test_a_whole_vertex_written_as_a_decimal_is_read():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"patient": ["a", "a"], "vertex": [5.0, 6.0], "value": [1.0, 0.5]})
    drawing = pm.read_drawings(frame)["a"]
    assert drawing.values[5] == 1.0 and drawing.values[6] == 0.5


def test_a_vertex_listed_twice_for_a_patient_counts_once_in_a_cohort(tmp_path):
    path = _csv(tmp_path, "patient,vertex,value\n1,5,1\n1,5,1\n2,5,1\n")
    c = pm.cohort(path)
    assert c.patients()[5] == 2 and c.fraction()[5] == 1.0


@pytest.mark.parametrize("value", ["2", "-0.5", "nan", "lots"])
def test_a_pain_value_out_of_range_names_it(tmp_path, value):
    path = _csv(tmp_path, f"patient,vertex,value\n1,5,{value}\n")
    _fails(lambda: pm.read_drawings(path), pm.DataError, "row 2, column 'value'", repr(value),
           "expected a pain value from 0 to 1")


def test_read_cohort_refuses_more_patients_than_the_group_has(tmp_path):
    path = _csv(tmp_path, "group,patients_in_group,vertex,patients,fraction\na,1,5,1,1.0\na,1,6,3,3.0\n")
    _fails(lambda: pm.read_cohort(path), pm.DataError, "row 3, column 'patients'",
           "3 patients with pain is more than the 1 patients in group 'a'")


@pytest.mark.parametrize(("rows", "parts"), [
    ("a,1,5,1\na,2,6,1\n", ("row 3, column 'patients_in_group'", "differs from 1")),
    ("a,1,5,1\na,1,5,1\n", ("row 3, column 'vertex'", "vertex 5 of group 'a' is also in a row above")),
    (",1,5,1\n", ("row 2, column 'group': the cell is empty",)),
    ("a,0,5,0\n", ("row 2, column 'patients_in_group'", "'0' is out of range")),
    ("a,1,-1,1\n", ("row 2, column 'vertex'", f"from 0 to {N - 1}")),
    ("", ("has no rows",)),
])
def test_read_cohort_names_the_bad_row(tmp_path, rows, parts):
    path = _csv(tmp_path, "group,patients_in_group,vertex,patients\n" + rows)
    _fails(lambda: pm.read_cohort(path), pm.DataError, *parts)


# Arguments ---------------------------------------------------------------------------------------

def test_combinations_checks_its_arguments():
    err = _fails(lambda: pm.combinations("low back", most="3"), pm.ArgumentTypeError, "most='3'",
                 "a whole number from 2 to 10", "closest: 3")
    assert isinstance(err, TypeError)
    _fails(lambda: pm.combinations(123), pm.ArgumentTypeError, "pain=123", "a PainDrawing, a place")
    _fails(lambda: pm.combinations("low back", most=0), pm.ArgumentError, "most=0 is too small", "closest: 2")
    _fails(lambda: pm.combinations("low back", gain=math.nan), pm.ArgumentError, "gain=nan is not a number",
           "from 0 to 1", "closest: 0.02")
    _fails(lambda: pm.combinations("low back", limit=0), pm.ArgumentError, "limit=0", "closest: 1")
    _fails(lambda: pm.combinations("low back", side="up"), pm.ChoiceError, "side='up'")


def test_cohort_of_things_that_are_not_drawings():
    err = _fails(lambda: pm.cohort([1, 2, 3]), pm.ArgumentTypeError,
                 "drawings=1 is an int, not a PainDrawing", "(item 1)")
    assert isinstance(err, TypeError)
    _fails(lambda: pm.cohort(5), pm.ArgumentTypeError, "drawings=5 is an int")
    _fails(lambda: pm.cohort([SACRUM, HIP], groups=["a", None]), pm.ArgumentError, "groups=None",
           "the label of drawing 2")
    _fails(lambda: pm.cohort([SACRUM, HIP], groups="ab"), pm.ArgumentTypeError, "groups='ab'",
           "closest: ['ab']")


def test_a_drawing_of_text_is_an_argument_type_error():
    err = _fails(lambda: pm.PainDrawing("abc"), pm.ArgumentTypeError, "values='abc' is a str",
                 f"one value per vertex of the neutral body, shape ({N},)")
    assert isinstance(err, TypeError)
    _fails(lambda: pm.PainDrawing(np.full(N, np.nan)), pm.ArgumentError, "nan at vertex 0")
    _fails(lambda: pm.PainDrawing(np.zeros(N), body=5), pm.ArgumentTypeError, "body=5")


def test_from_regions_checks_its_arguments():
    _fails(lambda: pm.PainDrawing.from_regions("sacrum", intensity="high"), pm.ArgumentTypeError,
           "intensity='high' is a str, not a number", "closest: 1.0")
    _fails(lambda: pm.PainDrawing.from_regions("sacrum", intensity=math.nan), pm.ArgumentError,
           "intensity=nan")
    _fails(lambda: pm.PainDrawing.from_regions("sacrum", intensity=[0.5, 1]), pm.ArgumentError,
           "2 values for 1 places")
    _fails(lambda: pm.PainDrawing.from_regions(5), pm.ArgumentTypeError, "regions=5", "closest: 'low back'")
    _fails(lambda: pm.PainDrawing.from_regions(["sacrum", 5]), pm.ArgumentTypeError, "regions=5")


def test_a_drawing_or_a_number_is_an_argument_type_error():
    err = _fails(lambda: SACRUM | 5, pm.ArgumentTypeError, "cannot combine a PainDrawing with 5 (an int)",
                 "expected another PainDrawing")
    assert isinstance(err, TypeError)
    _fails(lambda: 5 | SACRUM, pm.ArgumentTypeError, "cannot combine a PainDrawing with 5")


def test_drawings_on_different_body_shapes_say_so():
    female = pm.PainDrawing.from_regions("sacrum", body="female")
    male = pm.PainDrawing.from_regions("sacrum", body="male")
    _fails(lambda: female | male, pm.PainmapError, "a drawing on the female body with one on the male body",
           "different body shapes", "make both drawings on one body shape")
    _fails(lambda: pm.template(body="male", drawing=female), pm.PainmapError,
           "body='male' but the drawing is on the female body", "different body shapes",
           "leave body out (or give body='female')")
    _fails(lambda: pm.cohort([female, male]), pm.ArgumentError, "drawing 2 is on the male body but drawing 1 "
           "is on the female body", "different body shapes")
    _fails(lambda: pm.cohort([female], body="male"), pm.ArgumentError, "body='male' was asked",
           "pass body='female'")


def test_write_drawings_checks_its_arguments(tmp_path):
    out = tmp_path / "d.csv"
    _fails(lambda: pm.write_drawings(out, [SACRUM, 5]), pm.ArgumentTypeError, "drawings=5")
    _fails(lambda: pm.write_drawings(out, {"": SACRUM}), pm.ArgumentError, "drawings='' is empty")
    _fails(lambda: pm.write_drawings(out, {1: SACRUM, "1": HIP}), pm.ArgumentError, "the same id as 1")
    _fails(lambda: pm.write_drawings(out, [SACRUM], groups={"x": 1}), pm.ArgumentError, "missing patient 1")
    _fails(lambda: pm.write_drawings(out, {"\ud800": SACRUM}), pm.ArgumentError, "not writable as UTF-8")
    _fails(lambda: pm.write_drawings(out, [SACRUM], layout="regions"), pm.ChoiceError,
           "did you mean 'region'")
    _fails(lambda: pm.write_cohort(out, 5), pm.ArgumentTypeError, "c=5")
    assert not out.exists()


# Spreadsheet formulas ----------------------------------------------------------------------------

FORMULA_IDS = ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "\r=x", "'quoted", "''", "'=already", "plain"]


def test_formula_like_text_cells_are_escaped_and_read_back(tmp_path):
    drawings = {pid: SACRUM for pid in FORMULA_IDS}
    groups = ["=HYPERLINK(x)" if k % 2 else "-g" for k in range(len(FORMULA_IDS))]
    for layout in ("vertex", "region"):
        path = pm.write_drawings(tmp_path / f"{layout}.csv", drawings, groups=groups, layout=layout)
        with open(path, newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        for row in rows[1:]:
            assert not row[0].startswith(("=", "+", "-", "@", "\t", "\r")), row
            assert not row[-1].startswith(("=", "+", "-", "@")), row
        assert list(pm.read_drawings(path)) == FORMULA_IDS
        assert list(pm.read_groups(path).values()) == groups
    c = pm.cohort(drawings, groups=groups)
    path = pm.write_cohort(tmp_path / "c.csv", c)
    assert {line.split(",")[0] for line in path.read_text().splitlines()[1:]} == {"'=HYPERLINK(x)", "'-g"}
    assert pm.read_cohort(path).sizes == c.sizes


def test_numbers_are_not_escaped(tmp_path):
    path = pm.write_drawings(tmp_path / "d.csv", {-1: SACRUM})
    first = path.read_text().splitlines()[1]
    assert first.startswith("-1,") and first.split(",")[2] == "1.0"
    assert list(pm.read_drawings(path)) == ["-1"]


def test_a_hand_written_leading_quote_is_kept(tmp_path):
    path = _csv(tmp_path, "patient,region,side\n'007,sacrum,left\n'=x,sacrum,left\n")
    assert list(pm.read_drawings(path)) == ["'007", "=x"]


def test_dataframes_are_not_escaped():
    pd = pytest.importorskip("pandas")
    frame = pm.drawings_frame({"=x": SACRUM, "'q": HIP})
    assert list(frame["patient"].unique()) == ["=x", "'q"]
    assert list(pm.read_drawings(frame)) == ["=x", "'q"]
    assert isinstance(frame, pd.DataFrame)


# Properties --------------------------------------------------------------------------------------

# Cells as text, with the bad ones: empty, spaces, formula-like, numbers out of range, not numbers.
CELL = st.one_of(
    st.sampled_from(["1", "2", "p1", "=1+1", "'x", "-3", "", " ", "sacrum", "low back", "left", "both",
                     "RIGHT", "5", "-1", "10000000", "1.5", "nan", "0.5", "a", "b", "@x", '"', "'", "\x00"]),
    st.text(max_size=6),
)
HEADERS = st.sampled_from([
    "patient,region,side", "patient,region,side,group", "patient,region,side,intensity",
    "patient,vertex,value", "patient,vertex,value,group", "group,patients_in_group,vertex,patients",
    "patient,side,side,region", "patient", "", "region,side",
])


def _line(cells: list[str]) -> str:
    buf = []
    for c in cells:
        buf.append('"' + c.replace('"', '""') + '"' if any(x in c for x in ',"\r\n') else c)
    return ",".join(buf)


@st.composite
def tables(draw) -> str:
    header = draw(HEADERS)
    width = max(1, len(header.split(",")))
    rows = draw(st.lists(st.lists(CELL, min_size=max(0, width - 1), max_size=width + 1), max_size=5))
    raw = draw(st.booleans())  # sometimes lines as they come, unquoted (so quotes can be left open)
    lines = [",".join(r) if raw else _line(r) for r in rows]
    return "\n".join([header, *lines]) + "\n"


READERS = [pm.read_drawings, pm.cohort, pm.read_groups, pm.read_cohort]


@PROPERTY
@given(text=tables(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1"]))
def test_any_csv_gives_drawings_or_a_painmap_error(tmp_path_factory, text, encoding):
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    for read in READERS:
        try:
            read(path)
        except pm.PainmapError as err:
            assert str(err).endswith(".") and "\n" not in str(err), str(err)


MISSING = st.sampled_from([math.nan, None, "", " "])


@st.composite
def frames(draw):
    pd = pytest.importorskip("pandas")
    n = draw(st.integers(1, 4))
    ids = st.one_of(MISSING, st.sampled_from(["p1", "=x", "'y", 3, 3.0, -1]), st.text(max_size=4))
    layout = draw(st.sampled_from(["region", "vertex"]))
    data = {"patient": draw(st.lists(ids, min_size=n, max_size=n))}
    if layout == "region":
        data["region"] = draw(st.lists(st.sampled_from(["sacrum", "low back", "nowhere", ""]) | MISSING,
                                       min_size=n, max_size=n))
        data["side"] = draw(st.lists(st.sampled_from(["left", "Both", "up"]) | MISSING, min_size=n,
                                     max_size=n))
    else:
        data["vertex"] = draw(st.lists(st.sampled_from([0, 5, -1, N, 10**7, 2.5, "x"]) | MISSING,
                                       min_size=n, max_size=n))
        data["value"] = draw(st.lists(st.sampled_from([0, 0.5, 1, 2, -1, "x"]) | MISSING, min_size=n,
                                      max_size=n))
    if draw(st.booleans()):
        data["group"] = draw(st.lists(st.sampled_from(["a", "b", pd.NA]) | MISSING, min_size=n, max_size=n))
    return pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in data.items()})


@PROPERTY
@given(frame=frames())
def test_any_dataframe_gives_drawings_or_a_painmap_error(frame):
    for read in READERS:
        try:
            found = read(frame)
        except pm.PainmapError as err:
            assert str(err).startswith("the DataFrame"), str(err)
            continue
        if read is pm.read_drawings:
            assert all(isinstance(k, str) and k.strip() and k != "nan" for k in found)


# Ids that are written and read back exactly: no spaces around them (cells are read stripped)
# unless the start is escaped (a tab or a carriage return), and formula-like starts often.
IDS = st.one_of(
    st.text(min_size=1, max_size=10),
    st.tuples(st.sampled_from(["=", "+", "-", "@", "\t", "\r", "'", "''", "'="]), st.text(max_size=6))
    .map("".join),
).filter(lambda s: s == s.rstrip() and (s == s.lstrip() or s[0] in "\t\r"))
ACCENTED = st.characters(min_codepoint=0xC0, max_codepoint=0xFF)  # the same in Latin-1 and Windows-1252
PLAIN = st.characters(min_codepoint=0x41, max_codepoint=0x5A)


@PROPERTY
@given(ids=st.lists(IDS, min_size=1, max_size=4, unique=True),
       groups=st.lists(IDS, min_size=4, max_size=4), layout=st.sampled_from(["vertex", "region"]))
def test_write_then_read_round_trips_any_ids(tmp_path_factory, ids, groups, layout):
    drawings = {pid: (SACRUM, HIP)[k % 2] for k, pid in enumerate(ids)}
    path = pm.write_drawings(tmp_path_factory.mktemp("rt") / "d.csv", drawings, groups=groups[:len(ids)],
                             layout=layout)
    read = pm.read_drawings(path)
    assert list(read) == ids
    if layout == "vertex":
        assert read == drawings
    assert pm.read_groups(path) == dict(zip(ids, groups))
    c = pm.cohort(drawings, groups=groups[:len(ids)])
    back = pm.read_cohort(pm.write_cohort(tmp_path_factory.mktemp("rt") / "c.csv", c))
    assert back.sizes == c.sizes and all(np.array_equal(back.counts[g], c.counts[g]) for g in c.groups)


@PROPERTY
@given(ids=st.lists(st.lists(PLAIN | st.tuples(ACCENTED, PLAIN).map("".join), min_size=1, max_size=5)
                    .map("".join), min_size=1, max_size=4, unique=True),
       encoding=st.sampled_from(["utf-8-sig", "cp1252", "latin-1"]),
       line_end=st.sampled_from(["\n", "\r\n"]))
def test_the_same_table_in_any_encoding_reads_to_the_same_drawings(tmp_path_factory, ids, encoding,
                                                                   line_end):
    rows = [f"{pid},{place},{side}" for k, pid in enumerate(ids)
            for place, side in (("sacrum", "left"), ("outer hip", "both"))[: 1 + k % 2]]
    text = line_end.join(["patient,region,side", *rows]) + line_end
    folder = tmp_path_factory.mktemp("enc")
    (folder / "utf8.csv").write_bytes(text.encode("utf-8"))
    (folder / "other.csv").write_bytes(text.encode(encoding))
    expected = pm.read_drawings(folder / "utf8.csv")
    assert list(expected) == ids
    assert pm.read_drawings(folder / "other.csv") == expected

"""Drawings of body-map areas: CHOIR, REDCap, WPI and Michigan Body Map codes in and out, and
research exports read as tables (CSV, Excel, DataFrame), bad input refused by row and patient."""

from __future__ import annotations

import csv
import pickle
import warnings

import numpy as np
import pytest

import painmap as pm

pd = pytest.importorskip("pandas")
CHOIR = pm.atlas("choir")
FEMALE = {"112": "116", "113": "117", "114": "112", "115": "113", "116": "114", "117": "115"}
"""Female id -> the male id of the same area (the reference table's female_choir_id, turned round)."""


# --- from_segments and segments: round trips ----------------------------------------------------------

@pytest.mark.parametrize("name", ["choir", "wpi", "mbm", "regions"])
def test_every_area_round_trips(name):
    atlas = pm.atlas(name)
    numbering = "male" if name == "choir" else None
    for area in atlas.ids:
        drawing = pm.PainDrawing.from_segments(area, atlas=name, numbering=numbering)
        assert drawing.segments(name) == (area,)
        # the same drawing read from its vertices (a painted copy) gives the area back too
        painted = pm.PainDrawing(drawing.values)
        assert area in painted.segments(name), (name, area)


def test_a_random_choir_export_round_trips_ids_and_redcap_keys():
    rng = np.random.default_rng(5)
    keys = dict(zip(CHOIR.ids, CHOIR.keys))
    for _ in range(50):
        chosen = sorted(rng.choice(CHOIR.ids, size=rng.integers(1, 20), replace=False), key=CHOIR.ids.index)
        text = ",".join(keys[c] if rng.random() < 0.5 else c for c in rng.permutation(chosen))
        drawing = pm.PainDrawing.from_segments(text, numbering="male")
        assert drawing.segments("choir") == tuple(chosen)
        assert pm.PainDrawing.from_segments(",".join(keys[c] for c in chosen)).segments() == tuple(chosen)


def test_codes_as_text_lists_numbers_and_names():
    expected = ("107", "128", "207")
    for codes in ("128,107,207", "128, 107 ,207", "128;107|207", ["128", 107, "b07"], [128.0, 107, 207],
                  "F07,B07,f28", "Shoulder (front-right), hand (palm-left), b07"):
        assert pm.PainDrawing.from_segments(codes, numbering="male").segments() == expected, codes
    assert pm.PainDrawing.from_segments(101).segments() == ("101",)
    assert pm.PainDrawing.from_segments("128,128,f28").segments() == ("128",)  # each area once


def test_no_pain_is_an_empty_drawing():
    for codes in ("", "  ", [], "none", "No pain"):
        drawing = pm.PainDrawing.from_segments(codes)
        assert drawing.is_empty and drawing.segments() == () and drawing.n_areas() == 0
        assert drawing.extent == 0
    assert pm.PainDrawing.from_segments("35", atlas="mbm").is_empty  # "No Chronic Pain"
    with pytest.raises(pm.ArgumentError, match="no chronic pain"):
        pm.PainDrawing.from_segments("35,1", atlas="mbm")


def test_female_numbering_maps_112_to_117():
    for female, male in FEMALE.items():
        drawing = pm.PainDrawing.from_segments(female, numbering="female")
        assert drawing.segments() == (male,)
        assert CHOIR.name_of(male) == CHOIR.names[CHOIR.ids.index(male)]
    assert CHOIR.name_of(pm.PainDrawing.from_segments("112", numbering="female").segments()[0]) == \
        "Abdomen (front-right)"
    assert CHOIR.name_of(pm.PainDrawing.from_segments("112", numbering="male").segments()[0]) == \
        "Bicep (front-left)"
    # the other ids, and REDCap keys, are the same on both diagrams
    for codes in ("101,136,238", "f12,f16"):
        assert pm.PainDrawing.from_segments(codes, numbering="female") == \
            pm.PainDrawing.from_segments(codes, numbering="male")


def test_choir_ids_112_to_117_need_a_numbering():
    assert pm.PainDrawing.from_segments("101,f12").segments() == ("101", "112")  # no ambiguity
    for codes in ("112", "128,117", [115]):
        with pytest.raises(pm.ArgumentError, match=r"numbering.*male.*female"):
            pm.PainDrawing.from_segments(codes)
    with pytest.raises(pm.ArgumentError, match="only the CHOIR atlas"):
        pm.PainDrawing.from_segments("01", atlas="wpi", numbering="male")
    with pytest.raises(pm.ChoiceError):
        pm.PainDrawing.from_segments("101", numbering="woman")


@pytest.mark.parametrize("codes, message", [
    ("101,999", r"codes='999' is not an area of the 'choir' atlas \(in '101,999'\)"),
    ("f37", "not an area.*closest: 'f3"),
    ("Shoulder", "not an area"),
    ([101, None], "None in the list"),
    (12.5, "not a whole number"),
    (True, "bool"),
    ({"101": 1}, "dict"),
    (b"101", "bytes"),
])
def test_bad_codes_are_refused_by_name(codes, message):
    with pytest.raises(pm.ArgumentError, match=message):
        pm.PainDrawing.from_segments(codes, numbering="male")


def test_segments_and_n_areas_default_to_the_drawings_own_atlas():
    wpi = pm.PainDrawing.from_segments("01,03", atlas="wpi")
    assert wpi.segments() == ("01", "03") and wpi.n_areas() == 2
    choir = pm.PainDrawing.from_segments("218,219,223", numbering="male")
    assert choir.n_areas() == 3 and choir.n_areas(by="wpi") == 2  # lower back; right hip or buttocks
    painted = pm.PainDrawing(choir.values)
    assert painted.atlas is None and painted.segments() == ("218", "219", "223")


def test_wpi_and_mbm_codes():
    wpi = pm.PainDrawing.from_segments("1,3,11,19", atlas="wpi")
    assert wpi.segments("wpi") == ("01", "03", "11", "19")
    assert wpi.n_areas(by="wpi") == 4
    mbm = pm.PainDrawing.from_segments("Rt jaw, 30, lt buttocks", atlas="mbm")
    assert mbm.segments("mbm") == ("1", "30", "33")


# --- exports to other atlases and the WPI score -------------------------------------------------------

def test_the_wpi_score_of_known_drawings():
    # Low back, both buttocks, the left shoulder on the CHOIR map: WPI lower back, both hips, left shoulder
    drawing = pm.PainDrawing.from_segments("218,219,223,224,207,110", numbering="male")
    assert drawing.segments("wpi") == ("05", "11", "14", "15")
    assert drawing.n_areas(by="wpi") == 4
    # Head and hands are no WPI areas
    assert pm.PainDrawing.from_segments("101,102,125,128,135").n_areas(by="wpi") == 0
    # every CHOIR area: the widest pain there is, all 19
    assert pm.PainDrawing.from_segments(CHOIR.ids, numbering="male").n_areas(by="wpi") == 19
    # painmap's own drawings export to the WPI too
    assert pm.PainDrawing.from_regions(["low back", "thigh_lateral"], side="both").segments("wpi") == \
        ("11", "16", "17")


def test_area_drawings_export_as_their_painted_vertices_would():
    """A drawing of CHOIR areas counts the areas of another atlas exactly as the same pain
    painted vertex by vertex does (the fast path sums the atlases' overlaps)."""
    rng = np.random.default_rng(11)
    drawings = [pm.PainDrawing.from_segments(rng.choice(CHOIR.ids, size=rng.integers(0, 12), replace=False),
                                             numbering="male", body=rng.choice(["neutral", "child_male"]))
                for _ in range(40)]
    painted = [pm.PainDrawing(d.values, body=d.body) for d in drawings]
    for name in ("wpi", "mbm", "regions"):
        atlas = pm.atlas(name)
        for least in (0.0, 0.05, 0.5):
            assert np.array_equal(atlas.presence(drawings, least=least), atlas.presence(painted, least=least))


def test_choir_drawings_export_to_the_mbm():
    drawing = pm.PainDrawing.from_segments("101,103,105,205,129,231", numbering="male")
    assert drawing.segments("mbm") == ("0", "1", "19", "20", "25", "26")


# --- the drawing keeps its areas, not its vertices ------------------------------------------------------

def test_an_area_drawing_is_small_and_gives_its_values_on_request():
    drawing = pm.PainDrawing.from_segments("128,218,219")
    assert drawing.atlas == "choir"
    values = drawing.values
    assert values.shape == (13524,) and not values.flags.writeable
    assert np.array_equal(values > 0, CHOIR.mask("128") | CHOIR.mask("218") | CHOIR.mask("219"))
    assert pm.PainDrawing(values) == drawing  # the same pain, whichever way it is kept
    assert "choir 128,218,219" in repr(drawing)
    held = sum(np.asarray(getattr(drawing, slot)).nbytes for slot in ("_areas",))
    assert held < 16
    assert pickle.loads(pickle.dumps(drawing)) == drawing


def test_area_drawings_combine_with_vertex_drawings():
    back = pm.PainDrawing.from_segments("218,219")
    thigh = pm.PainDrawing.from_regions("thigh_lateral", side="right")
    both = back | thigh
    assert both.extent == pytest.approx(back.extent + thigh.extent - (back.values * thigh.values > 0).mean()
                                        * 0, rel=0.05)
    assert set(both.segments()) >= {"218", "219"}
    mirrored = pm.PainDrawing.from_segments("107").mirrored()
    assert mirrored.segments() == ("110",)


def test_painted_drawings_keep_only_their_painted_vertices():
    values = np.zeros(13524)
    values[[5, 50, 500]] = [0.2, 1.0, 0.5]
    drawing = pm.PainDrawing(values)
    idx, level = drawing.nonzero()
    assert idx.tolist() == [5, 50, 500] and level.tolist() == [0.2, 1.0, 0.5]
    assert np.array_equal(drawing.values, values)
    assert drawing._index.nbytes == 12


# --- tables -------------------------------------------------------------------------------------------------

def _write(path, rows, header=("record_id", "sex", "age", "bodymap")):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(header)
        out.writerows(rows)
    return path


def test_a_csv_export_reads_into_a_dataframe(tmp_path):
    path = _write(tmp_path / "choir.csv", [
        ["p1", "female", 50, "128,112"], ["p2", "male", 61, "b07,f01"], ["p3", "female", 38, "none"]])
    frame = pm.read_drawings(path, atlas="choir", numbering="sex")
    assert frame.index.tolist() == ["p1", "p2", "p3"] and frame.index.name == "record_id"
    assert list(frame.columns) == ["drawing", "sex", "age", "bodymap"]
    assert frame.loc["p1", "drawing"].segments() == ("116", "128")  # female 112 = Abdomen (front-right)
    assert frame.loc["p2", "drawing"].segments() == ("101", "207")
    assert frame.loc["p3", "drawing"].is_empty
    assert frame.attrs["atlas"] == "choir" and frame.attrs["excluded"] == {}
    assert frame["age"].tolist() == [50, 61, 38] and frame["age"].dtype.kind in "if"  # numbers, for analysis
    assert frame["sex"].tolist() == ["female", "male", "female"]
    hit = CHOIR.presence(frame["drawing"])
    assert hit.sum(axis=1).tolist() == [2, 2, 0]


def test_empty_csv_cells_of_other_columns_are_missing(tmp_path):
    path = _write(tmp_path / "gaps.csv", [["1", "", "40", "101"], ["2", "male", "", "102"]])
    frame = pm.read_drawings(path, atlas="choir")
    assert frame["age"].isna().tolist() == [False, True] and frame.loc["1", "age"] == 40
    assert frame["sex"].isna().tolist() == [True, False]


def test_an_excel_sheet_reads_too(tmp_path):
    pytest.importorskip("openpyxl")
    path = tmp_path / "wpi.xlsx"
    pd.DataFrame({"patient": [1, 2], "wpi_areas": ["01,03", 11], "score": [7, 3]}).to_excel(
        path, sheet_name="visit 1", index=False)
    frame = pm.read_drawings(path, atlas="wpi", sheet="visit 1")
    assert frame.index.tolist() == ["1", "2"]
    assert [d.n_areas(by="wpi") for d in frame["drawing"]] == [2, 1]
    assert frame["score"].tolist() == [7, 3]
    with pytest.raises(pm.DataError, match="sheet"):
        pm.read_drawings(path, atlas="wpi", sheet="visit 2")


def test_a_dataframe_reads_with_named_columns():
    table = pd.DataFrame({"who": ["a", "b"], "areas": ["1,13", "35"], "group": ["x", "y"]})
    frame = pm.read_drawings(table, atlas="mbm", column="areas", id="who")
    assert frame.index.tolist() == ["a", "b"]
    assert frame.loc["a", "drawing"].segments("mbm") == ("1", "13")
    assert frame.loc["b", "drawing"].is_empty
    no_id = pm.read_drawings(table[["areas"]], atlas="mbm", column="areas")
    assert no_id.index.tolist() == ["1", "2"] and no_id.index.name == "row"
    spaced = pd.DataFrame({" record_id ": [1], " bodymap": ["f01"]})
    assert pm.read_drawings(spaced, atlas="choir").loc["1", "drawing"].segments() == ("101",)
    assert list(spaced.columns) == [" record_id ", " bodymap"]  # the caller's table is left as it was


def test_empty_cells_are_an_error_no_pain_or_a_reported_drop():
    table = pd.DataFrame({"record_id": [1, 2, 3], "bodymap": ["101", np.nan, "  "]})
    with pytest.raises(pm.DataError, match=r"row 3 \(index 1\) \(patient '2'\), column 'bodymap': the "
                                           r"cell is empty.*missing='no pain'"):
        pm.read_drawings(table, atlas="choir")
    frame = pm.read_drawings(table, atlas="choir", missing="no pain")
    assert [d.is_empty for d in frame["drawing"]] == [False, True, True]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        dropped = pm.read_drawings(table, atlas="choir", missing="drop")
    assert dropped.index.tolist() == ["1"]
    assert set(dropped.attrs["excluded"]) == {"2", "3"}
    assert any(issubclass(w.category, pm.PainmapWarning) and "2 patient(s) left out" in str(w.message)
               for w in caught)
    with pytest.raises(pm.ChoiceError):
        pm.read_drawings(table, atlas="choir", missing="skip")


@pytest.mark.parametrize("rows, message", [
    ([["1", "101"], ["1", "102"]], r"row 3, column 'record_id': patient '1' again \(first in row 2\)"),
    ([["1", "101"], ["", "102"]], "row 3, column 'record_id': the patient id is empty"),
    ([["1", "101"], ["2", "101,f99"]], r"row 3 \(patient '2'\), column 'bodymap'.*'f99' is not an area"),
    ([["1", "117"]], r"row 2 \(patient '1'\).*numbering"),
])
def test_bad_rows_are_named_by_row_and_patient(tmp_path, rows, message):
    path = _write(tmp_path / "bad.csv", rows, header=("record_id", "bodymap"))
    with pytest.raises(pm.DataError, match=message):
        pm.read_drawings(path, atlas="choir")


def test_bad_tables_and_arguments(tmp_path):
    table = pd.DataFrame({"record_id": [1], "choir": ["101"], "bodymap": ["102"]})
    with pytest.raises(pm.DataError, match="several could be"):
        pm.read_drawings(table, atlas="choir")
    assert pm.read_drawings(table, atlas="choir", column="bodymap").iloc[0]["drawing"].segments() == ("102",)
    with pytest.raises(pm.ChoiceError, match="did you mean 'bodymap'"):
        pm.read_drawings(table, atlas="choir", column="bodymapp")
    with pytest.raises(pm.DataError, match="column named 'drawing'"):
        pm.read_drawings(pd.DataFrame({"id": [1], "bodymap": ["101"], "drawing": [1]}), atlas="choir")
    with pytest.raises(pm.DataError, match="male or female"):
        pm.read_drawings(pd.DataFrame({"id": [1], "sex": ["x"], "bodymap": ["101"]}), atlas="choir",
                         numbering="sex")
    with pytest.raises(pm.MissingFileError):
        pm.read_drawings(tmp_path / "none.csv", atlas="choir")
    with pytest.raises(pm.ArgumentError, match="no sheet"):
        pm.read_drawings(table, atlas="choir", column="bodymap", sheet="visit 1")
    with pytest.raises(pm.ArgumentError, match="without atlas"):
        pm.read_drawings(tmp_path / "none.csv", column="bodymap")


def test_read_drawings_without_atlas_is_unchanged(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("patient,region,side\n7,sacrum,Both\n8,thigh_lateral,right\n")
    drawings = pm.read_drawings(path)
    assert isinstance(drawings, dict) and list(drawings) == ["7", "8"]
    assert sorted(drawings["7"].regions()) == [("sacrum", "left"), ("sacrum", "right")]

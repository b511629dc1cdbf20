"""Cohorts: fractions of patients per vertex, groups, tables, and their pictures."""

import numpy as np
import pytest

import painmap as pm
from painmap.body.mesh import load_body
from painmap.body.regions import region_mask

BODY = load_body()
BACK = pm.PainDrawing.from_regions("low back", side="both")
HIP = pm.PainDrawing.from_regions("outer hip", side="right")
SACRUM = pm.PainDrawing.from_regions("sacrum", side="both")


def at(region, side="right"):
    """One vertex inside a region, away from the midline."""
    mask = region_mask(region, side, body=BODY) & (BODY.side != 0)
    return int(np.flatnonzero(mask)[0])


def test_fractions_on_a_hand_checkable_cohort():
    # 4 patients: low back, low back + hip, hip, sacrum.
    c = pm.cohort([BACK, BACK | HIP, HIP, SACRUM])
    assert c.n == 4 and c.groups == ("all",)
    f = c.fraction()
    assert f[at("lumbar_back")] == 0.5
    assert f[at("hip_lateral")] == 0.5
    assert f[at("sacrum", "left")] == 0.25
    assert f[at("hip_lateral", "left")] == 0.0
    assert c.patients()[at("lumbar_back", "left")] == 2


def test_groups_and_their_difference():
    c = pm.cohort([BACK, BACK | HIP, HIP, SACRUM], groups=["a", "a", "b", "b"])
    assert c.sizes == {"a": 2, "b": 2}
    assert c.fraction("a")[at("lumbar_back")] == 1.0
    assert c.fraction("b")[at("lumbar_back")] == 0.0
    diff = c.difference("a", "b").values
    assert diff[at("lumbar_back")] == 1.0
    assert diff[at("hip_lateral")] == 0.0          # one of two in each group
    assert diff[at("sacrum", "left")] == -0.5
    assert c.group("b").n == 2
    with pytest.raises(pm.ChoiceError, match="did you mean 'a'"):
        c.fraction("A ")


def test_drawings_by_patient_with_groups_by_patient():
    c = pm.cohort({"p1": BACK, "p2": HIP}, groups={"p1": "x", "p2": "y"})
    assert c.sizes == {"x": 1, "y": 1}
    with pytest.raises(pm.PainmapError, match="no group for patient 'p2'"):
        pm.cohort({"p1": BACK, "p2": HIP}, groups={"p1": "x"})


def test_a_generator_of_many_drawings_adds_up_exactly():
    rng = np.random.default_rng(3)
    values = rng.random((300, BODY.n_vertices)) < 0.02
    c = pm.cohort(pm.PainDrawing(v.astype(float)) for v in values)
    assert np.array_equal(c.patients(), values.sum(axis=0))


def test_csv_round_trips(tmp_path):
    drawings = {"p1": BACK, "p2": BACK | HIP, "p3": HIP}
    groups = ["a", "a", "b"]
    by_vertex = pm.write_drawings(tmp_path / "v.csv", drawings, groups=groups)
    read = pm.read_drawings(by_vertex)
    assert read == drawings
    assert pm.read_groups(by_vertex) == {"p1": "a", "p2": "a", "p3": "b"}
    by_region = pm.write_drawings(tmp_path / "r.csv", drawings, groups=groups, layout="region")
    assert by_region.read_text().splitlines()[:2] == ["patient,region,side,covered,group",
                                                     "p1,lumbar_back,right,1.0,a"]
    c = pm.cohort(drawings, groups=groups)
    for path in (by_vertex, by_region):
        from_csv = pm.cohort(path)
        assert from_csv.sizes == c.sizes
        assert np.array_equal(from_csv.fraction("a"), c.fraction("a"))
    back = pm.read_cohort(pm.write_cohort(tmp_path / "c.csv", c))
    assert back.sizes == c.sizes and np.array_equal(back.counts["b"], c.counts["b"])


def test_csv_with_everyday_words_and_intensity(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("patient,region,side,intensity\n7,low back,both,0.5\n7,outer hip,right,1\n"
                    "8,sacrum,left,1\n")
    read = pm.read_drawings(path)
    assert read["7"].regions()[("lumbar_back", "left")] == 1.0
    assert read["7"].regions(weighted=True)[("lumbar_back", "left")] == pytest.approx(0.5)
    assert read["7"].regions(weighted=True)[("hip_lateral", "right")] == 1.0
    assert pm.cohort(path).n == 2


@pytest.mark.parametrize(("text", "message"), [
    ("who,where\n1,back\n", "expected \\['patient', 'region', 'side'\\]"),
    ("patient,region,side\n1,elbowpit,right\n",
     "row 2, column 'region': 'elbowpit' is not a region or a known place \\(closest: 'elbow'\\)"),
    ("patient,region,side\n1,sacrum,middle\n", "row 2, column 'side': 'middle' is not a side"),
    ("patient,vertex,value\n1,99999999,1\n",
     "row 2, column 'vertex': '99999999' is out of range; expected a vertex of the neutral body, a whole "
     "number from 0 to 13523"),
    ("patient,vertex,value\n1,12,lots\n", "row 2, column 'value': 'lots' is not a number"),
    ("patient,region,side,intensity\n1,sacrum,left,x\n", "row 2, column 'intensity': 'x' is not a number;"),
    ("patient,region,side\n,sacrum,left\n",
     "row 2, column 'patient': the cell is empty; expected a patient id"),
    ("patient,region,side,intensity\n1,sacrum,left,3\n",
     "row 2, column 'intensity': '3' is not between 0 and 1"),
    ("patient,region,side,group\n1,sacrum,left,a\n1,coccyx,left,b\n", "one group"),
    ("patient,region,side\n", "no drawings"),
])
def test_bad_tables_name_the_row(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(pm.PainmapError, match=message) as err:
        pm.cohort(path)
    assert str(err.value).endswith("."), "a message is a full sentence"


def test_bad_cohorts():
    with pytest.raises(pm.PainmapError, match="no drawings"):
        pm.cohort([])
    with pytest.raises(pm.PainmapError, match="one label per drawing"):
        pm.cohort([BACK, HIP], groups=["a"])
    with pytest.raises(pm.PainmapError, match="one body shape"):
        pm.cohort([BACK, pm.PainDrawing.from_regions("sacrum", body="female")])
    with pytest.raises(pm.PainmapError, match=r"cannot read 'no-such-file.csv'"):
        pm.cohort("no-such-file.csv")


def test_dataframes_when_pandas_is_installed():
    pd = pytest.importorskip("pandas")
    frame = pm.drawings_frame({"p1": BACK, "p2": HIP}, groups=["a", "b"], layout="region")
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == ["patient", "region", "side", "covered",
                                                                        "group"]
    c = pm.cohort(frame)
    assert c.sizes == {"a": 1, "b": 1}
    assert pm.read_drawings(pm.drawings_frame({"p1": BACK}))["p1"] == BACK
    table = pm.cohort_frame(c)
    assert set(table["group"]) == {"a", "b"} and (table["fraction"] == 1.0).all()


def test_cohort_maps_are_field_layers_with_a_percent_legend():
    from painmap.scene.elements import FieldLayer

    c = pm.cohort([BACK, BACK | HIP, HIP, SACRUM], groups=["a", "a", "b", "b"])
    fig = pm.draw(c, view=["front", "back"])
    assert [p.view for p in fig.scene.panels] == ["front", "back"]
    (layer,) = fig.scene.panels[1].layers
    assert isinstance(layer, FieldLayer)
    (entry,) = [item.entry for item in fig.scene.layout.legend]
    assert entry.kind == "ramp" and entry.low == "0%" and entry.high == "50%" and "of 4" in entry.text
    diff = pm.draw(c.difference("a", "b"), view="back")
    (entry,) = [item.entry for item in diff.scene.layout.legend]
    assert (entry.low, entry.high) == ("-100%", "+100%")
    svg = fig.to_svg()
    assert "<image" not in svg and svg.count('class="glow"') == 2   # vector bands, one field per view


def test_a_drawing_is_drawn_where_it_hurts():
    fig = pm.draw(pm.PainDrawing.from_regions("low back", side="both"))
    assert [p.view for p in fig.scene.panels] == ["back"]
    (layer,) = fig.scene.panels[0].layers
    proj = fig.scene.panels[0].projection
    lumbar = proj.sample(BACK.values.astype(float)) > 0.9
    assert np.nanmin(layer.field[lumbar]) > 0.9
    with pytest.raises(pm.PainmapError, match="nothing to draw"):
        pm.draw(pm.PainDrawing(np.zeros(BODY.n_vertices)))


def test_a_list_adds_up_at_once_as_one_by_one():
    rng = np.random.default_rng(7)
    values = rng.random((60, BODY.n_vertices)) < 0.03
    drawings = [pm.PainDrawing(v * rng.uniform(0.2, 1.0, BODY.n_vertices)) for v in values]
    drawings.append(pm.PainDrawing.from_segments("b07,f01", atlas="choir"))   # kept as areas
    groups = [["x", "y", "z"][k % 3] for k in range(len(drawings))]
    at_once = pm.cohort(drawings, groups=groups)
    one_by_one = pm.cohort((d for d in drawings), groups=groups)
    assert at_once.sizes == one_by_one.sizes == {"x": 21, "y": 20, "z": 20}
    for g in "xyz":
        assert np.array_equal(at_once.counts[g], one_by_one.counts[g])
    painted = np.array([d.values > 0 for d in drawings])
    assert np.array_equal(at_once.patients(), painted.sum(axis=0))
    assert np.array_equal(pm.cohort(drawings).patients(), painted.sum(axis=0))


def test_a_cohort_of_a_list_or_dict_keeps_its_drawings():
    c = pm.cohort([BACK, HIP, SACRUM], groups=["a", "b", "a"])
    assert c.drawings() == {1: BACK, 2: HIP, 3: SACRUM}
    assert c.drawings("a") == {1: BACK, 3: SACRUM} and c.drawings()[2] is HIP
    assert c.group("a").drawings() == {1: BACK, 3: SACRUM}
    by_patient = pm.cohort({"p1": BACK, "p2": HIP}, groups={"p1": "x", "p2": "y"})
    assert by_patient.drawings("y") == {"p2": HIP}
    with pytest.raises(pm.ChoiceError):
        c.drawings("c")
    with pytest.raises(pm.ArgumentError, match="keeps only its counts"):
        pm.cohort(d for d in [BACK, HIP]).drawings()


def test_a_list_is_checked_as_before():
    female = pm.PainDrawing.from_regions("low back", body="female")
    with pytest.raises(pm.ArgumentError, match="drawing 2 is on the female body"):
        pm.cohort([BACK, female])
    with pytest.raises(pm.ArgumentError, match="body='female' was asked"):
        pm.cohort([BACK], body="female")
    with pytest.raises(pm.ArgumentTypeError, match=r"not a PainDrawing \(item 2\)"):
        pm.cohort([BACK, "low back"])
    with pytest.raises(pm.ArgumentError, match="not as long as drawings"):
        pm.cohort([BACK, HIP], groups=["a"])
    with pytest.raises(pm.ArgumentError, match="not as long as drawings"):
        pm.cohort([BACK], groups=["a", "b"])
    with pytest.raises(pm.ArgumentError, match="no drawings"):
        pm.cohort([])


def test_a_large_list_adds_up_in_batches(monkeypatch):
    import importlib

    monkeypatch.setattr(importlib.import_module("painmap.reading.cohort"), "BATCH", 1000)   # many batches
    drawings = [BACK, HIP, SACRUM, BACK | HIP] * 50
    c = pm.cohort(drawings)
    expected = 100 * (BACK.values > 0) + 100 * (HIP.values > 0) + 50 * (SACRUM.values > 0)
    expected = expected - 50 * ((BACK.values > 0) & (HIP.values > 0))
    assert np.array_equal(c.patients(), expected)

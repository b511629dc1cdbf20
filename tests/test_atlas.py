"""Atlases: the CHOIR, WPI and Michigan Body Map areas (and painmap's regions) on the body.

Each area is where its diagram puts it (side, face, height), the tiling atlases cover the skin
once, and presence counts what a drawing touches.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

import painmap as pm
from painmap.body.mesh import LEFT, RIGHT, load_body
from painmap.body.regions import region_labels, region_mask

REFERENCE = Path(__file__).resolve().parents[1] / "assets" / "atlases" / "choir.csv"
BODY = load_body("neutral")
CHOIR = pm.atlas("choir")


def _reference() -> list[dict[str, str]]:
    with open(REFERENCE, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _centre(atlas, area, body=BODY) -> np.ndarray:
    mask = atlas.mask(area, body)
    return np.average(body.vertices[mask], axis=0, weights=body.vertex_areas[mask])


# --- the tables ---------------------------------------------------------------------------------------

def test_the_atlases_have_their_published_sizes_and_ids():
    assert [len(pm.atlas(n)) for n in ("choir", "wpi", "mbm")] == [74, 19, 35]
    assert CHOIR.ids == tuple(str(k) for k in [*range(101, 137), *range(201, 239)])
    assert pm.atlas("wpi").ids == tuple(f"{k:02d}" for k in range(1, 20))
    assert pm.atlas("mbm").ids == tuple(str(k) for k in range(35))
    regions = pm.atlas("regions")
    assert len(regions) == 2 * len(pm.regions())
    assert regions.ids[:2] == (f"{pm.regions()[0]}:right", f"{pm.regions()[0]}:left")


def test_choir_names_faces_and_sides_are_the_reference_table():
    rows = _reference()
    assert CHOIR.names == tuple(r["name"] for r in rows)
    assert CHOIR.keys == tuple(r["redcap_key"] for r in rows)
    assert CHOIR.sides == tuple(r["side_patient"] for r in rows)
    assert set(CHOIR.faces) == {"front", "back"}
    assert all((f == "front") == i.startswith("1") for i, f in zip(CHOIR.ids, CHOIR.faces))


def test_every_area_has_skin_on_every_body_shape():
    for name in ("choir", "wpi", "mbm", "regions"):
        atlas = pm.atlas(name)
        for shape in ("neutral", "child_female", "larger_male"):
            sizes = atlas.area_cm2(shape)
            assert len(sizes) == len(atlas)
            assert (sizes > 0).all(), (name, shape, [atlas.ids[k] for k in np.flatnonzero(sizes == 0)])


def test_the_areas_are_the_same_vertices_on_every_shape():
    assert np.array_equal(CHOIR.mask("107", "neutral"), CHOIR.mask("107", "older_female"))
    assert CHOIR.labels("child") is CHOIR.labels("neutral")


# --- tiling ---------------------------------------------------------------------------------------------

def _connected(body) -> np.ndarray:
    """The vertices edge-connected to the skin (the biggest component): all but the eyeballs."""
    edges = np.concatenate([body.quads[:, [k, (k + 1) % 4]] for k in range(4)])
    label = np.arange(body.n_vertices)
    while True:
        lo = np.minimum(label[edges[:, 0]], label[edges[:, 1]])
        new = label.copy()
        np.minimum.at(new, edges[:, 0], lo)
        np.minimum.at(new, edges[:, 1], lo)
        if (new == label).all():
            break
        label = new
    return label == np.bincount(label).argmax()


SKIN = _connected(BODY)


@pytest.mark.parametrize("name", ["choir", "mbm"])
def test_choir_and_mbm_tile_the_skin(name):
    labels = pm.atlas(name).labels()
    assert (labels[SKIN] > 0).all(), "a skin vertex in no area"
    assert (labels[~SKIN] == 0).all(), "an eyeball vertex in an area"
    # only the eyeballs are left out: a few hundred vertices
    assert 0 < (~SKIN).sum() < 400
    # disjoint: one label per vertex, and the masks add up to the labelled vertices
    total = sum(pm.atlas(name).mask(i).astype(int) for i in pm.atlas(name).ids)
    assert total.max() == 1 and total.sum() == (labels > 0).sum()


def test_the_wpi_covers_its_areas_and_leaves_out_head_hands_and_feet():
    wpi = pm.atlas("wpi").labels()
    choir = CHOIR.labels()
    for left_out in ("101", "201", "203", "125", "230", "135", "237", "119", "133", "121"):
        assert (wpi[choir == CHOIR.index(left_out)] == 0).all(), left_out
    for covered in ("105", "107", "108", "111", "115", "116", "126", "131", "208", "212", "218", "223"):
        assert (wpi[choir == CHOIR.index(covered)] > 0).all(), covered


def test_atlases_share_their_borders():
    """Every WPI and MBM area is a union of CHOIR pieces, cut along the same lines: each MBM
    area holds whole CHOIR areas (but the few the MBM splits: face and jaw, the pubic area into
    pelvis and groin, and the CHOIR middle back, whose lowest part, the lumbar spine above the
    iliac crests, is the MBM's lower back)."""
    choir, mbm = CHOIR.labels(), pm.atlas("mbm").labels()
    split = []
    for k, area in enumerate(CHOIR.ids, start=1):
        inside = np.unique(mbm[choir == k])
        if len(inside) > 1:
            split.append(area)
    assert set(split) == {"103", "104", "121", "122", "212", "213"}, split


# --- where the areas are ---------------------------------------------------------------------------------

def test_choir_sides_are_the_patients_sides():
    """The patient's right is at negative x: every right area lies there, every left one on the other side."""
    side = BODY.side
    for area, s in zip(CHOIR.ids, CHOIR.sides):
        mask = CHOIR.mask(area)
        if s == "right":
            assert (side[mask] != LEFT).all(), area
        else:
            assert (side[mask] == LEFT).all(), area
    assert (BODY.vertices[CHOIR.mask("107"), 0] < 0).all()  # Shoulder (front-right)
    assert (BODY.vertices[CHOIR.mask("207"), 0] > 0).all()  # Shoulder (back-left)


def test_choir_fronts_face_the_front_and_backs_the_back():
    normals = BODY.normals
    for area, face in zip(CHOIR.ids, CHOIR.faces):
        mask = CHOIR.mask(area)
        facing = np.average(normals[mask, 2], weights=BODY.vertex_areas[mask])
        if area in ("135", "136", "237", "238"):  # the top and the sole of the foot face up and down
            continue
        assert (facing > 0) == (face == "front"), (area, round(float(facing), 2))
    up = np.average(normals[CHOIR.mask("237"), 1], weights=BODY.vertex_areas[CHOIR.mask("237")])
    assert up < -0.3  # Foot (bottom-left): the sole faces down


def test_choir_areas_run_head_to_toe_as_on_the_diagram():
    y = {area: _centre(CHOIR, area)[1] for area in CHOIR.ids}
    front = ["101", "103", "105", "108", "116", "121", "126", "129", "131", "133", "135"]
    back = ["201", "203", "205", "208", "212", "218", "223", "228", "231", "233", "235", "237"]
    for chain in (front, back):
        heights = [y[a] for a in chain]
        assert heights == sorted(heights, reverse=True), [(a, round(y[a], 1)) for a in chain]
    arm = ["107", "111", "113", "115", "119", "125"]
    assert [y[a] for a in arm] == sorted((y[a] for a in arm), reverse=True)


def test_each_choir_area_mirrors_its_twin():
    """The left area of each pair mirrors the right one, vertex for vertex (but the midline)."""
    mirror = BODY.mirror
    for k, (name, side) in enumerate(zip(CHOIR.names, CHOIR.sides)):
        if side != "right":
            continue
        twin = CHOIR.names.index(name.replace("right", "left"))
        right, left = CHOIR.mask(CHOIR.ids[k]), CHOIR.mask(CHOIR.ids[twin])
        off_midline = BODY.side != 0
        assert np.array_equal(right[mirror] & off_midline, left & off_midline), name


def test_wpi_and_mbm_areas_are_where_their_names_say():
    wpi, mbm = pm.atlas("wpi"), pm.atlas("mbm")
    assert _centre(wpi, "01")[0] < 0 < _centre(wpi, "02")[0]  # right jaw at the patient's right
    assert _centre(wpi, "03")[1] > _centre(wpi, "06")[1] > _centre(wpi, "10")[1]  # neck, chest, abdomen
    assert _centre(wpi, "07")[2] < 0 and _centre(wpi, "11")[2] < 0  # the backs
    assert _centre(mbm, "25")[1] > _centre(mbm, "26")[1]  # head above neck
    assert _centre(mbm, "28")[0] < 0 < _centre(mbm, "27")[0]  # Rt shoulder, Lt shoulder
    assert _centre(mbm, "34")[0] < 0 and _centre(mbm, "34")[2] < 0  # Rt buttocks, behind
    assert _centre(mbm, "23")[1] < _centre(mbm, "21")[1] < _centre(mbm, "19")[1] < _centre(mbm, "17")[1]


def test_the_regions_atlas_is_the_regions():
    regions = pm.atlas("regions")
    codes, names = region_labels(BODY)
    for name in ("sacrum", "thigh_lateral", "neck_anterior"):
        right = regions.mask(f"{name}:right")
        # a region's two sides share the midline in region_mask; the atlas gives the midline to the right
        assert np.array_equal(right | regions.mask(f"{name}:left"), codes == names.index(name) + 1)
        own = region_mask(name, "right", body=BODY) & (BODY.side == RIGHT)
        assert np.array_equal(right & (BODY.side != 0), own)


# --- presence ------------------------------------------------------------------------------------------

def test_presence_from_codes_is_the_codes():
    drawings = [pm.PainDrawing.from_segments(c) for c in ("101,238", "", "f07,b07")]
    hit = CHOIR.presence(drawings)
    assert hit.shape == (3, 74) and hit.dtype == bool
    assert [tuple(CHOIR.ids[k] for k in np.flatnonzero(row)) for row in hit] == [
        ("101", "238"), (), ("107", "207")]


def test_presence_of_painted_drawings_follows_the_share_rule():
    mask = CHOIR.mask("126")  # Upper Leg (front-right)
    areas = BODY.vertex_areas
    order = np.flatnonzero(mask)[np.argsort(BODY.vertices[mask, 1])]
    covered = np.cumsum(areas[order]) / areas[mask].sum()
    k = CHOIR.index("126") - 1
    for share in (0.03, 0.2):
        values = np.zeros(BODY.n_vertices)
        values[order[covered <= share]] = 0.4  # any intensity counts
        drawing = pm.PainDrawing(values)
        assert CHOIR.presence([drawing])[0][k] == (share >= 0.05), share
        exact = covered[covered <= share][-1]
        assert CHOIR.presence([drawing], least=exact - 1e-9)[0][k]
        assert not CHOIR.presence([drawing], least=exact + 1e-9)[0][k]
    lone = np.zeros(BODY.n_vertices)
    lone[order[0]] = 1.0
    assert not CHOIR.presence([pm.PainDrawing(lone)]).any()
    assert CHOIR.presence([pm.PainDrawing(lone)], least=0).sum() == 1


def test_a_whole_area_painted_is_found_in_every_atlas():
    for name in ("choir", "wpi", "mbm"):
        atlas = pm.atlas(name)
        for k, area in enumerate(atlas.ids):
            values = atlas.mask(area).astype(float)
            hit = atlas.presence([pm.PainDrawing(values)])[0]
            assert hit[k], (name, area)
            assert hit.sum() <= 3, (name, area, [atlas.ids[i] for i in np.flatnonzero(hit)])


def test_presence_takes_lists_dicts_and_series_and_refuses_the_rest():
    import pandas as pd

    d = pm.PainDrawing.from_segments("f01")
    for drawings in ([d, d], {"a": d, "b": d}, pd.Series([d, d])):
        assert CHOIR.presence(drawings).sum() == 2
    assert CHOIR.presence(d).shape == (1, 74)
    with pytest.raises(pm.ArgumentTypeError, match="position 1"):
        CHOIR.presence([d, "101"])
    with pytest.raises(pm.ArgumentTypeError):
        CHOIR.presence(3)
    with pytest.raises(pm.ArgumentError):
        CHOIR.presence([d], least=1.5)


# --- names ----------------------------------------------------------------------------------------------

def test_atlas_names_are_forgiving_and_unknown_ones_refused():
    assert pm.atlas("CHOIR") is pm.atlas("choir")
    assert pm.atlas("Michigan Body Map").name == "mbm"
    with pytest.raises(pm.ChoiceError, match="did you mean 'choir'"):
        pm.atlas("chior")
    with pytest.raises(pm.ArgumentTypeError):
        pm.atlas(3)


def test_mask_by_id_key_or_name_and_unknown_areas_refused():
    assert np.array_equal(CHOIR.mask("f07"), CHOIR.mask("Shoulder (front-right)"))
    assert np.array_equal(CHOIR.mask(107), CHOIR.mask("107"))
    with pytest.raises(pm.ChoiceError, match="did you mean"):
        CHOIR.mask("199")


def test_an_atlas_pickles_by_name():
    import pickle

    assert pickle.loads(pickle.dumps(CHOIR)) is CHOIR
    assert len(pickle.dumps(CHOIR)) < 200


# --- the chart -----------------------------------------------------------------------------------------

def test_the_chart_names_every_area_where_it_can_be_seen():
    chart = pm.atlas_chart("choir")
    front, back = chart.scene.panels
    front_ids = {c.text for c in front.callouts}
    back_ids = {c.text for c in back.callouts}
    assert {a for a in CHOIR.ids if a.startswith("1")} <= front_ids
    assert {a for a in CHOIR.ids if a.startswith("2")} <= back_ids
    # front view: the patient's right (107) on the viewer's left of the middle
    spots = {c.text: c.point for c in front.callouts}
    assert spots["107"][0] < spots["110"][0]
    back_spots = {c.text: c.point for c in back.callouts}
    assert back_spots["210"][0] > back_spots["207"][0]  # back view: the patient's right on the viewer's right


def test_the_wpi_chart_shows_its_names():
    chart = pm.atlas_chart("wpi", "front")
    assert "01 Right jaw" in {c.text for c in chart.scene.panels[0].callouts}


def test_the_stored_atlases_are_built_from_the_current_regions(monkeypatch):
    """assets/body/atlases.npz is what tools/build_atlases.py makes of today's regions: rebuild
    it (python tools/build_atlases.py) when the regions change."""
    import importlib

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1] / "tools"))
    built = importlib.import_module("build_atlases").build()
    with np.load(Path(__file__).resolve().parents[1] / "assets" / "body" / "atlases.npz") as stored:
        assert sorted(stored.files) == sorted(built)
        for key, value in built.items():
            assert np.array_equal(stored[key], value), key

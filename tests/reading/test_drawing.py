"""Pain drawings: made from places, measured on the true surface."""

import numpy as np
import pytest

import painmap as pm
from painmap.body.mesh import load_body
from painmap.body.regions import region_mask


def test_extent_is_the_vertex_area_of_the_regions():
    body = load_body()
    d = pm.PainDrawing.from_regions(["sacrum", "lumbar_back"], side="right")
    mask = region_mask("sacrum", "right", body=body) | region_mask("lumbar_back", "right", body=body)
    expected = body.vertex_areas[mask].sum() / body.vertex_areas.sum()
    assert d.extent == pytest.approx(expected, rel=1e-12)
    assert d.area == pytest.approx(body.vertex_areas[mask].sum())
    assert 0.005 < d.extent < 0.05


def test_extent_does_not_depend_on_mesh_density():
    # The hand is meshed far more finely than the thigh; extent follows area, not vertex counts.
    body = load_body()
    hand = pm.PainDrawing.from_regions("fingers")
    thigh = pm.PainDrawing.from_regions("thigh_lateral")
    hand_n = int(region_mask("fingers", "right", body=body).sum())
    thigh_n = int(region_mask("thigh_lateral", "right", body=body).sum())
    counts = hand_n / thigh_n
    assert hand.extent / thigh.extent < counts / 1.5   # far less skin per vertex on the fingers


def test_intensity_weighted_extent_and_regions():
    d = pm.PainDrawing.from_regions(["sacrum", "coccyx"], intensity=[1.0, 0.5], side="both")
    assert d.weighted_extent < d.extent
    regions = d.regions()
    assert regions[("sacrum", "right")] == 1.0 and regions[("coccyx", "left")] == 1.0
    assert d.regions(weighted=True)[("coccyx", "left")] == pytest.approx(0.5)
    assert all(name in ("sacrum", "coccyx") for name, _ in regions)


def test_a_side_is_reported_only_where_painted():
    regions = pm.PainDrawing.from_regions("lumbar_back", side="right").regions()
    assert list(regions) == [("lumbar_back", "right")]
    both = pm.PainDrawing.from_regions("lumbar_back", side="both").regions()
    assert set(both) == {("lumbar_back", "right"), ("lumbar_back", "left")}


def test_union_and_mirror():
    right = pm.PainDrawing.from_regions("outer thigh", side="right")
    left = right.mirrored()
    both = right | left
    assert both == pm.PainDrawing.from_regions("outer thigh", side="both")
    assert both.extent == pytest.approx(right.extent + left.extent, rel=0.02)
    assert set(left.regions()) == {("thigh_lateral", "left")}


def test_same_input_same_numbers():
    a = pm.PainDrawing.from_regions(["buttock", "thigh_posterior"], side="left")
    b = pm.PainDrawing.from_regions(["buttock", "thigh_posterior"], side="left")
    assert a.extent == b.extent and a.regions() == b.regions()


def test_bad_drawings_get_clear_errors():
    with pytest.raises(pm.ChoiceError, match="elbowpit"):
        pm.PainDrawing.from_regions("elbowpit")
    with pytest.raises(pm.ChoiceError, match="did you mean 'right'"):
        pm.PainDrawing.from_regions("sacrum", side="rigth")
    with pytest.raises(pm.PainmapError, match="one value per vertex"):
        pm.PainDrawing(np.ones(10))
    with pytest.raises(pm.PainmapError, match="between 0"):
        pm.PainDrawing(np.full(load_body().n_vertices, 2.0))
    with pytest.raises(pm.PainmapError, match="2 values for 1 places"):
        pm.PainDrawing.from_regions("sacrum", intensity=[1, 0.5])
    with pytest.raises(pm.PainmapError, match="empty"):
        pm.PainDrawing.from_regions([])
    with pytest.raises(pm.ChoiceError, match="body shape"):
        pm.PainDrawing.from_regions("sacrum") | pm.PainDrawing.from_regions("sacrum", body="female")


def test_reading_pain_loads_no_drawing_library():
    import subprocess
    import sys

    code = ("import numpy as np, painmap as pm, sys\n"
            "from painmap.chart.template import chart_geometry\n"
            "d = pm.PainDrawing.from_regions(['low back'], side='both')\n"
            "pm.where(d); pm.combinations(['lateral thigh', 'low back'])\n"
            "geo = chart_geometry('back')\n"
            "m = np.zeros((300, round(300 * geo.aspect)), bool); m[120:160] = True\n"
            "pm.PainDrawing.from_image(m, view='back')\n"
            "print(' '.join(sys.modules))")
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout.split())
    assert "matplotlib" not in loaded and "painmap.render.svg" not in loaded

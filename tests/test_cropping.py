"""Crops cut the body cleanly; the sole view lays the feet side by side without holes."""

import numpy as np
import pytest

import painmap as pm
from painmap.body.landmarks import landmark_vertex
from painmap.body.projection import project
from painmap.compose.cropping import pixel_parts

ARMS = ("arm_r", "arm_l")


def _in_window(panel):
    p = panel.projection
    u, v = p.grid
    u0, u1, v0, v1 = panel.window
    return ((v >= v0) & (v <= v1))[:, None] & ((u >= u0) & (u <= u1))[None, :]


def _arm_pixels(panel):
    p = panel.projection
    parts = pixel_parts(p)
    return np.isin(parts, [p.body.part_names.index(a) for a in ARMS])


@pytest.mark.parametrize("name", ["gluteus_medius", "piriformis"])
def test_buttock_close_ups_show_no_stray_arm(name):
    fig = pm.draw(name)
    assert len(fig.scene.panels) >= 1
    for panel in fig.scene.panels:
        assert panel.window[3] - panel.window[2] < 100  # a close-up
        arm = _arm_pixels(panel) & _in_window(panel)
        assert arm.sum() == 0, (name, panel.view, int(arm.sum()))
    # and the PNG agrees: not one pixel drawn in the top corners of the picture (not even
    # the outline of the arm just past the window's edge), on an adult and a child
    from tests.helpers import png_array

    for body in ("neutral", "child"):
        img = png_array(pm.draw(name, view="back", legend=False, title=None, body=body).to_png(dpi=100))
        h, w, _ = img.shape
        for corner in (img[: h // 8, : w // 8], img[: h // 8, -w // 8:]):
            assert corner.min() > 245, (name, body)


def test_scalenes_hands_are_not_cut_at_the_panel_borders():
    fig = pm.draw("scalenes")
    for panel in fig.scene.panels:
        p = panel.projection
        u, v = p.grid
        u0, u1, v0, v1 = panel.window
        rows = (v >= v0) & (v <= v1)
        for arm in ARMS:
            here = (pixel_parts(p) == p.body.part_names.index(arm)) & rows[:, None]
            if here.any():
                cols = u[np.flatnonzero(here.any(axis=0))]
                assert u0 < cols.min() and cols.max() < u1, (panel.view, arm)


def test_masseter_close_up_stays_on_the_head_and_neck_and_is_labelled():
    fig = pm.draw("masseter")
    body = fig.scene.panels[0].projection.body
    xiphoid = body.vertices[landmark_vertex("xiphoid", "right", body=body), 1]
    notch = body.vertices[landmark_vertex("jugular_notch", "right", body=body), 1]
    for panel in fig.scene.panels:
        assert panel.label
        _, _, v0, v1 = panel.window
        assert v0 > xiphoid + 5 and v0 > notch - 15, panel.view  # not down to mid-chest
        assert v1 - v0 <= 45


def test_sole_view_feet_side_by_side_without_holes():
    p = project("neutral", "sole")
    # no holes in the skin (the slits between the toes are filled), one outline per foot
    assert len(p.silhouette) == 2
    for _, codes in p.silhouette:
        assert (codes == 1).sum() == 1
    # the two feet stand a few centimetres apart, not at the A-pose stance
    cols = np.flatnonzero(p.mask.any(axis=0))
    gaps = np.diff(cols)
    assert gaps.max() * p.pixel < 5
    u, _ = p.grid
    width = u[cols[-1]] - u[cols[0]]
    assert width < 30
    # the patient's right foot is on the picture's left
    heels = [landmark_vertex("heel", s, body=p.body) for s in ("right", "left")]
    (right, left), _ = p.locate(np.array(heels))
    assert right[0] < 0 < left[0]


def test_sole_panel_is_about_as_tall_as_wide_for_both_feet():
    (panel,) = pm.draw([], view="sole").scene.panels
    assert 0.7 < panel.aspect < 1.3


def test_crops_are_deterministic():
    a = pm.draw("piriformis").to_png(dpi=40)
    b = pm.draw("piriformis").to_png(dpi=40)
    assert a == b


@pytest.mark.parametrize("side", ["right", "left"])
def test_sole_crop_shows_one_foot_without_a_sliver_of_the_other(side):
    from painmap.body.image import true_runs

    (panel,) = pm.draw("flexor_digitorum_brevis", view="sole", side=side).scene.panels
    p = panel.projection
    u, _ = p.grid
    u0, u1, _, _ = panel.window
    cols = (u >= u0) & (u <= u1)
    runs = true_runs(p.mask.any(axis=0) & cols)
    assert len(runs) == 1
    assert panel.label == f"{side.capitalize()} sole"
    (both,) = pm.draw("flexor_digitorum_brevis", view="sole", side="both").scene.panels
    assert both.label == "Soles"

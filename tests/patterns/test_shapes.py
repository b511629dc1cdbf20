"""Zones whose shape was off, now where Travell & Simons put them, on the young adult shapes."""

import numpy as np
import pytest

import painmap as pm
from painmap.body.mesh import load_body
from painmap.body.regions import region_mask
from painmap.heat import _stroke_heat, anchor_point

SHAPES = ["neutral", "female", "male"]


def _area_heat(values, name, body):
    mask = region_mask(name, "right", body=body)
    return float((values[mask] * body.vertex_areas[mask]).sum())


@pytest.mark.parametrize("shape", SHAPES)
def test_brachioradialis_hand_zone_is_on_the_back_of_the_hand(shape):
    body = load_body(shape)
    h = pm.heat("brachioradialis", body=shape)
    assert h.region("wrist_hand_dorsal") > 0.9
    # the back of the hand at the thumb web, not wrapped onto the palm or out along the thumb
    dorsal, palmar = (_area_heat(h.values, name, body) for name in ("wrist_hand_dorsal", "wrist_hand_palmar"))
    assert dorsal > 50 * palmar
    assert h.region("wrist_hand_palmar") < 0.35 and h.region("thumb") < 0.1
    hand = pm.muscle("brachioradialis").essential[0]
    web = anchor_point(hand.through[-1], body).position(body)
    wrist = body.joints["wrist_r"]
    assert np.linalg.norm(web - wrist) > 4.0          # out on the hand, past the wrist
    assert (web - wrist) @ body.normals[region_mask("wrist_hand_dorsal", "right", body=body)].mean(axis=0) > 0


@pytest.mark.parametrize("shape", SHAPES)
def test_scalene_chest_zone_is_two_strips_not_a_loop(shape):
    body = load_body(shape)
    pattern = pm.muscle("scalenes")
    strips = pattern.essential[:2]
    heat = np.maximum(_stroke_heat(strips[0], body), _stroke_heat(strips[1], body))
    for a, b in zip(strips[0].through, strips[1].through, strict=True):
        pa, pb = anchor_point(a, body).position(body), anchor_point(b, body).position(body)
        assert np.linalg.norm(pa - pb) > 4.5                    # side by side at each level ...
        between = np.argmin(np.linalg.norm(body.vertices - (pa + pb) / 2, axis=1))
        assert heat[between] < 0.3                               # ... with cool skin between them
    # each strip runs down the chest (longer than it is wide)
    for strip in strips:
        ends = [anchor_point(a, body).position(body) for a in (strip.through[0], strip.through[-1])]
        assert ends[0][1] - ends[1][1] > 2 * max(strip.radius)


@pytest.mark.parametrize("shape", SHAPES)
def test_suboccipital_band_ends_in_the_orbit_not_the_whole_face(shape):
    body = load_body(shape)
    h = pm.heat("suboccipitals", body=shape)
    assert h.region("orbit") > h.region("face_jaw") + 0.05

    def warm_share(name):
        mask = region_mask(name, "right", body=body)
        return body.vertex_areas[mask][h.values[mask] > 0.1].sum() / body.vertex_areas[mask].sum()

    assert warm_share("orbit") > 0.2 and warm_share("face_jaw") < 0.05

import numpy as np
import pytest

import painmap as pm
from painmap.body.landmarks import landmark_vertex
from painmap.body.projection import project


def _u(view, name, side, shape="neutral"):
    p = project(shape, view)
    (uv,), (visible,) = p.locate(np.array([landmark_vertex(name, side, body=p.body)]))
    return uv[0], visible


@pytest.mark.parametrize("shape", ["neutral", "female", "male"])
def test_front_view_shows_patient_right_hand_on_image_left(shape):
    u_right, vis = _u("front", "thumb_tip", "right", shape)
    u_left, _ = _u("front", "thumb_tip", "left", shape)
    assert vis and u_right < -30 < 30 < u_left


@pytest.mark.parametrize("shape", ["neutral", "female", "male"])
def test_back_view_shows_patient_right_hand_on_image_right(shape):
    u_right, vis = _u("back", "wrist_dorsal_center", "right", shape)
    u_left, _ = _u("back", "wrist_dorsal_center", "left", shape)
    assert vis and u_left < -30 < 30 < u_right


def test_side_views_face_the_right_way():
    # Looking at the patient's left side the nose points to the picture's left, and vice versa.
    for view, sign in (("left", -1), ("right", 1)):
        nose, _ = _u(view, "chin", "right")
        back_of_head, _ = _u(view, "inion", "right")
        assert sign * (nose - back_of_head) > 10


def test_each_side_view_sees_its_own_side():
    assert _u("left", "greater_trochanter", "left")[1]
    assert not _u("left", "greater_trochanter", "right")[1]
    assert _u("right", "greater_trochanter", "right")[1]
    assert not _u("right", "greater_trochanter", "left")[1]


def test_unknown_view_is_painmaps_error_with_choices():
    with pytest.raises(pm.ChoiceError, match="'front', 'back', 'left', 'right', 'sole'") as err:
        pm.draw([], view="frnt")
    assert err.value.closest[0] == "front"

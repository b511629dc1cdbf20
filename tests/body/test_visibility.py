import numpy as np

from painmap.body.mesh import load_body
from painmap.body.projection import project
from painmap.body.visibility import facing, vertex_visibility


def test_visibility_is_what_the_projection_shows():
    vis = vertex_visibility("neutral", "back")
    assert np.array_equal(vis, facing(project("neutral", "back")))
    assert not vis.flags.writeable


def test_front_and_back_see_opposite_skin():
    body = load_body("neutral")
    front, back = vertex_visibility("neutral", "front"), vertex_visibility("neutral", "back")
    belly = body.normals[:, 2] > 0.9   # skin facing straight forward
    assert (front[belly] > 0.8).mean() > 0.8 and (back[belly] == 0).mean() > 0.95
    assert (back[body.normals[:, 2] < -0.9] > 0.8).mean() > 0.8

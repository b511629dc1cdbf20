"""The place vocabulary: the words patients and clinicians use, read as body regions."""

import numpy as np
import pytest

import painmap as pm
from painmap.body.mesh import load_body
from painmap.body.places import read_place
from painmap.body.regions import region_mask

# The words of the issue that failed before the vocabulary, and the regions they must cover.
WORDS = {
    "Achilles": {"ankle_posterior"},
    "front of the ankle": {"ankle_anterior"},
    "inner upper arm": {"upper_arm_medial"},
    "between the shoulder blades": {"interscapular"},
    "ball of the foot": {"foot_ball"},
    "big toe": {"big_toe"},
    "kneecap": {"knee_anterior"},
    "behind the eye": {"orbit"},
    "tennis elbow": {"elbow_lateral"},
    "golfer's elbow": {"elbow_medial"},
    "golfers elbow": {"elbow_medial"},
    "side of the head": {"temple", "ear"},
    "outer ankle": {"ankle_lateral"},
    "inner ankle": {"ankle_medial"},
    "heel": {"heel"},
    "toes": {"big_toe", "lesser_toes"},
    "outer upper arm": {"upper_arm_lateral"},
    "sciatica": {"buttock_lower", "thigh_posterior", "knee_posterior", "leg_posterior", "leg_lateral"},
    "low back": {"lumbar_back", "iliac_crest", "sacroiliac"},
    "calf": {"leg_posterior"},
    "shin": {"leg_anterior"},
    "arch of the foot": {"foot_sole"},
    "outer hip": {"hip_lateral"},
    "lateral thigh": {"thigh_lateral"},      # region words still compose
    "posterior knee": {"knee_posterior"},
    "thigh_lateral": {"thigh_lateral"},      # a region id is itself
}


@pytest.mark.parametrize(("words", "expected"), WORDS.items())
def test_everyday_words_resolve(words, expected):
    assert set(read_place(words).regions) == expected


def test_broad_words_mean_the_trunk_and_the_whole_head_and_say_so():
    back = read_place("back")
    assert set(back.regions) == {"scapula", "interscapular", "thoracic_back", "lumbar_back", "iliac_crest",
                                 "sacroiliac", "sacrum"}
    assert not set(back.regions) & {"forearm_posterior", "knee_posterior", "leg_posterior",
                                     "thigh_posterior", "upper_arm_posterior", "neck_posterior"}
    assert "trunk" in back.means
    side = read_place("side")
    assert side.regions == ("flank",) and side.name == "side of the trunk"
    head = read_place("head")
    assert set(head.regions) == {"head_top", "temple", "forehead", "orbit", "face_jaw", "ear", "occiput"}
    assert "whole head" in head.means


def test_misspellings_are_read_as_the_closest_word_and_say_so():
    place = read_place("achillies tendon")
    assert place.regions == ("ankle_posterior",)
    assert str(place) == "'achillies tendon' read as 'Achilles'" and place.guessed
    assert not read_place("Achilles").guessed
    assert read_place("shoulder blde").regions == ("scapula",)
    assert read_place("Between my Shoulder-Blades").regions == ("interscapular",)


def test_unknown_words_raise_with_the_closest_place():
    with pytest.raises(pm.ChoiceError, match="pain location") as err:
        read_place("elbo knee wristy thing")
    assert "Expected one of" in str(err.value)
    with pytest.raises(pm.ChoiceError):
        read_place(42)


def test_every_region_is_named_by_some_place():
    named = {r for name in pm.places() for r in read_place(name).regions}
    assert named == set(pm.regions())


def test_new_regions_lie_where_their_landmarks_are():
    body = load_body()
    from painmap.body.landmarks import landmark_vertex

    def centre(name):
        mask = region_mask(name, "right", body=body)
        w = body.vertex_areas[mask]
        return (body.vertices[mask] * w[:, None]).sum(0) / w.sum()

    heel = body.vertices[landmark_vertex("heel", body=body)]
    achilles, front = centre("ankle_posterior"), centre("ankle_anterior")
    assert achilles[1] > heel[1] + 2 and achilles[2] < front[2] - 4  # above the heel, behind the ankle
    ball, arch = centre("foot_ball"), centre("foot_sole")
    assert ball[2] > arch[2] + 3                                     # the ball is in front of the arch
    medial, lateral = centre("upper_arm_medial"), centre("upper_arm_lateral")
    assert abs(medial[0]) < abs(lateral[0])                          # the inner arm is nearer the body
    assert np.isclose(region_mask("big_toe", "right", body=body).sum(),
                      region_mask("big_toe", "left", body=body).sum())


def test_where_reports_what_a_broad_word_was_read_as():
    match = pm.where("back", limit=1)[0]
    assert [p.name for p in match.places] == ["back"]
    assert match.places[0].regions == read_place("back").regions


def test_cli_prints_how_the_words_were_read(capsys):
    from painmap.cli import main

    assert main(["where", "back", "shoulder blde", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "note: 'back': the back of the trunk" in out
    assert "note: 'shoulder blde' read as 'shoulder blade'" in out

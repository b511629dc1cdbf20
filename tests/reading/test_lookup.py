"""Look-up by overlap: rankings that discriminate, and every pattern finds itself."""

import numpy as np
import pytest

import painmap as pm
from painmap.body.mesh import load_body
from painmap.heat import MEASURED_ON, _stroke_heat, combine

SELF_MARGIN = 0.02
"""A pattern's own essential zone must score at least this much above any other muscle's pattern."""


def essential_drawing(pattern, body):
    """A drawing of a pattern's essential zone (its essential strokes' heat of at least 0.5).

    Heat is measured on the body patterns are written for, as :func:`painmap.heat.pattern_heat` does.
    """
    measured_on = load_body(MEASURED_ON)
    zone = combine(_stroke_heat(s, measured_on) for s in pattern.essential) >= 0.5
    return pm.PainDrawing(zone.astype(float), body=body)


def test_every_pattern_finds_itself_first_with_a_margin():
    assert_self_retrieval(load_body(), SELF_MARGIN)


@pytest.mark.slow
@pytest.mark.parametrize("shape", ["female", "male", "child"])
def test_every_pattern_finds_itself_first_on_other_bodies(shape):
    assert_self_retrieval(load_body(shape), 0.0)


def assert_self_retrieval(body, least_margin: float) -> None:
    worst = []
    for p in pm.muscles():
        matches = pm.where(essential_drawing(p, body), limit=None, least=0.0)
        first = matches[0]
        top = [(m.pattern.id, round(m.score, 3)) for m in matches[:3]]
        assert first.pattern.muscle == p.muscle, (p.id, top)
        own = next(m for m in matches if m.pattern.id == p.id)
        rival = next(m for m in matches if m.pattern.muscle != p.muscle)
        worst.append((own.score - rival.score, p.id, rival.pattern.id))
        assert own.explained > 0.6, (p.id, own.explained)
        drawing_on_midline = (essential_drawing(p, body).values > 0)[body.side == 0].any()
        assert own.side == "right" or drawing_on_midline, (p.id, own.side)
    margin, pid, rival = min(worst)
    assert margin > least_margin, f"{pid} beats {rival} by only {margin:.3f}"


@pytest.mark.parametrize("places", [["pain at the temple"], ["arch of the foot"],
                                    ["back of the wrist and hand"], ["lateral thigh", "buttock_lateral"]])
def test_everyday_complaints_give_no_ties(places):
    matches = pm.where(places, limit=None, least=0.0)
    scores = [m.score for m in matches[:5]]
    assert scores == sorted(scores, reverse=True)
    assert len(set(scores)) == len(scores), scores   # no ties: distinct evidence, distinct scores


def test_a_pattern_explaining_a_corner_ranks_below_one_explaining_most():
    d = pm.PainDrawing.from_regions(["lateral thigh", "buttock_lateral"])
    matches = {m.pattern.id: m for m in pm.where(d, limit=None, least=0.0)}
    minimus, maximus = matches["gluteus_minimus_anterior"], matches["gluteus_maximus"]
    assert minimus.explained > 2 * maximus.explained
    assert minimus.score > maximus.score
    assert ("thigh_lateral", "right") in maximus.missed
    assert minimus.missed == ()


def test_matches_say_what_they_explain():
    (m,) = pm.where(["lateral thigh", "buttock_lateral"], limit=1)
    assert m.pattern.id == "gluteus_minimus_anterior"
    assert set(m.heat) == {"lateral thigh", "buttock_lateral"}
    assert 0 < m.heat["buttock_lateral"] < m.heat["lateral thigh"] <= 1
    assert 0 < m.within < 1 and 0 < m.explained < 1


def test_left_side_pain_finds_left_side_patterns():
    matches = pm.where(pm.PainDrawing.from_regions("buttock", side="left"), limit=3)
    assert all(m.side == "left" for m in matches)
    both = pm.where(pm.PainDrawing.from_regions("buttock", side="both"), limit=1)
    assert both[0].side == "both"


def test_combinations_cover_what_no_single_muscle_covers():
    places = ["lateral thigh", "low back"]
    single = pm.where(places, limit=1)[0]
    combos = pm.combinations(places)
    assert combos and 2 <= len(combos[0].patterns) <= 3
    assert combos[0].score > single.score and combos[0].explained > single.explained + 0.15
    assert len({p.muscle for p in combos[0].patterns}) == len(combos[0].patterns)
    # One muscle explains the temple well: nothing to combine.
    assert pm.combinations(["temple"]) == []


def test_lookup_is_deterministic():
    a = pm.where(["buttock", "thigh_posterior"], side="both")
    b = pm.where(["buttock", "thigh_posterior"], side="both")
    assert [(m.pattern.id, m.score) for m in a] == [(m.pattern.id, m.score) for m in b]


def test_empty_drawing_is_refused():
    empty = pm.PainDrawing(np.zeros(load_body().n_vertices))
    with pytest.raises(pm.PainmapError, match="empty"):
        pm.where(empty)

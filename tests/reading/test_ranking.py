"""The look-up's arithmetic (painmap.reading.ranking) and what `where` hands back (issue 26).

One drawing is scored by a path of its own (`score_one`): it must give the numbers of the many-drawing
path (`score`) to the last bit.  A match from `where` works out its `heat` and `missed` only when they
are first read: it must look, compare, copy and pickle exactly as a match made with `Match(...)`.
"""

import copy
import dataclasses
import pickle

import numpy as np
import pytest

import painmap as pm
from painmap.body.mesh import load_body
from painmap.reading import lookup, ranking
from tests.helpers import random_drawings

FIELDS = ("score", "fit", "explained", "within", "prior", "listing", "side")


def drawings(count, seed):
    """Whole regions on one side or both (ties between sides), scattered vertices, and fading blobs."""
    return random_drawings(count, seed, scattered=(0.002, 0.03))


def test_one_drawing_scores_as_among_many_to_the_last_bit():
    found = drawings(24, seed=7)
    t = ranking.tables(found[0].body)
    sparse = [d.nonzero() for d in found]
    index = np.concatenate([i for i, _ in sparse])
    counts = np.array([len(i) for i, _ in sparse])
    many = ranking.score(t, index, ranking.weights(t, index, np.concatenate([v for _, v in sparse])), counts)
    n = len(t.patterns)
    for row, (i, v) in enumerate(sparse):
        w = ranking.weights(t, i, v)
        for limit in (None, 1, 3, 10, n - 1, n, 500):
            one = ranking.score_one(t, i, w, limit)
            for field in FIELDS:
                got, want = getattr(one, field), getattr(many, field)[row]
                assert got.dtype == want.dtype, field
                assert got.tobytes() == want.tobytes(), (row, limit, field)  # bits, signs of zeros too
            assert one.order.tolist() == many.order[row, :limit].tolist(), (row, limit)


def test_ties_keep_their_order_whatever_the_limit():
    # A small drawing leaves most patterns at 0 with nothing explained: among those complete ties the
    # order is the catalog's, as in the sort of every pattern, wherever the limit cuts them.
    body = load_body()
    t = ranking.tables(body)
    far = pm.PainDrawing.from_regions("temple", side="left")
    i, v = far.nonzero()
    w = ranking.weights(t, i, v)
    full = ranking.score_one(t, i, w, None).order.tolist()
    zeros = [k for k in full if ranking.score_one(t, i, w, None).score[k] == 0]
    assert len(zeros) > 50 and zeros == sorted(zeros) and full[-len(zeros):] == zeros
    for limit in (5, len(full) - len(zeros) + 3, len(full) - 1):
        assert ranking.score_one(t, i, w, limit).order.tolist() == full[:limit]


def test_the_tables_are_built_once_per_shape():
    body = load_body()
    assert ranking.tables(body) is ranking.tables(body)
    assert ranking.tables(load_body("female")) is not ranking.tables(body)


def eager(m):
    """The same match made with Match(...), every field given."""
    return pm.Match(**{f.name: getattr(m, f.name) for f in dataclasses.fields(pm.Match)})


def test_a_match_works_out_its_details_when_first_read():
    d = pm.PainDrawing.from_regions(["lateral thigh", "buttock_lateral"]) | pm.PainDrawing.from_regions(
        "low back", side="left")
    matches = pm.where(d, limit=4)
    assert all("heat" not in vars(m) for m in matches)  # left for later
    assert matches[1].missed == pm.where(d, limit=4)[1].missed
    assert "heat" in vars(matches[1]) and "heat" not in vars(matches[0])
    assert vars(matches[0])["_later"][0].rows is not None  # worked out for all of the drawing's matches
    assert [m.heat for m in matches] and all("_later" not in vars(m) for m in matches)
    fields = [f.name for f in dataclasses.fields(pm.Match)]
    assert [list(vars(m)) for m in matches] == [fields] * 4  # the fields only, in order, as Match(...)
    heat = matches[0].heat
    assert list(heat) == [f"{name} ({side})" for name, side in d.regions()]  # head to toe
    assert all(0 <= x <= 1 for x in heat.values()) and max(heat.values()) > 0.5
    assert matches[0].heat is heat and matches[0].heat is not matches[1].heat


def test_a_match_looks_compares_and_pickles_as_one_made_by_hand():
    d = pm.PainDrawing.from_regions(["scapula", "low back"], side="both")
    for fresh in (lambda: pm.where(d, limit=3), lambda: pm.where(["scapula", "low back"], limit=3)):
        made = [eager(m) for m in fresh()]
        assert fresh() == made and made == fresh()
        assert repr(fresh()) == repr(made)
        assert [pickle.loads(pickle.dumps(m)) for m in fresh()] == made
        assert pickle.dumps(fresh()[0]) == pickle.dumps(made[0])
        assert copy.deepcopy(fresh()) == made and copy.copy(fresh()[2]) == made[2]
        assert [dataclasses.asdict(m) for m in fresh()] == [dataclasses.asdict(m) for m in made]
        assert dataclasses.replace(fresh()[0], score=2.0).heat == made[0].heat
        with pytest.raises(TypeError, match="unhashable"):
            hash(fresh()[0])  # as before: heat is a dict
    with pytest.raises(dataclasses.FrozenInstanceError):
        fresh()[0].heat = {}
    assert pm.Match.missed == () and not hasattr(pm.Match, "heat")


def test_many_drawings_leave_details_for_later_too():
    found = drawings(6, seed=8)
    many = pm.where(found, limit=2)
    assert all("heat" not in vars(m) for ms in many for m in ms)
    assert many == [pm.where(d, limit=2) for d in found]
    assert [[eager(m) for m in ms] for ms in many] == many


def test_checked_arguments_are_remembered_but_bad_ones_still_refused():
    d = pm.PainDrawing.from_regions("sacrum")
    assert len(pm.where(d, limit=3)) == 3
    with pytest.raises(pm.ArgumentTypeError, match="limit"):
        pm.where(d, limit=True)  # equal to 1 and hashed alike, but a bool
    with pytest.raises(pm.ArgumentTypeError, match="limit"):
        pm.where(d, limit=3.0)
    with pytest.raises(pm.ArgumentError, match="least"):
        pm.where(d, least=float("nan"))
    with pytest.raises(pm.ChoiceError):
        pm.where(d, side="middle")
    assert pm.where(d, body="Neutral", limit=1) == pm.where(d, limit=1)
    assert pm.where(d, least=np.float64(0.05), limit=2) == pm.where(d, limit=2)
    assert lookup._arguments("right", "neutral", 3, 0.05, False) == ("right", "neutral", 3, 0.05, False)

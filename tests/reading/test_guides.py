"""painmap.where against the pain guides: a table of pain areas and the muscles the guides name
for each, most likely first (pain_guides.toml, its sources in pain_guides_SOURCES.md).

The guide's ranking is by muscle, so parts of one muscle (upper and middle trapezius) count
once, where the first of them ranks.
"""

import itertools
from pathlib import Path

import pytest

import painmap as pm
from painmap.core import toml

TABLE = toml.loads((Path(__file__).parent / "pain_guides.toml").read_text(encoding="utf-8"))["area"]


def _muscle_order(matches):
    order = []
    for m in matches:
        if m.pattern.muscle not in [p.muscle for p in order]:
            order.append(m.pattern)
    return order


def _is(name, pattern):
    return name in (pattern.id, pattern.muscle)


@pytest.fixture(scope="module")
def rankings():
    return {area["place"]: pm.where(area["place"], limit=40, least=0.0) for area in TABLE}


def test_the_table_is_large_cited_and_names_only_catalog_muscles():
    assert len(TABLE) >= 40
    names = {p.id for p in pm.muscles()} | {p.muscle for p in pm.muscles()}
    for area in TABLE:
        assert area["sources"] and set(area["muscles"]) <= names, area["place"]
    sites = {s.split("://", 1)[1].split("/", 1)[0] for area in TABLE for s in area["sources"] if "://" in s}
    assert len(sites) >= 10


def test_the_guides_first_muscle_is_in_the_top_five_for_nine_areas_in_ten(rankings):
    hits = [any(_is(area["muscles"][0], p) for p in _muscle_order(rankings[area["place"]])[:5])
            for area in TABLE]
    assert sum(hits) / len(hits) >= 0.9, [a["place"] for a, h in zip(TABLE, hits) if not h]


def test_one_of_the_guides_first_three_is_in_the_top_three_for_nine_areas_in_ten(rankings):
    hits = [any(_is(name, p) for name in area["muscles"][:3]
                for p in _muscle_order(rankings[area["place"]])[:3]) for area in TABLE]
    assert sum(hits) / len(hits) >= 0.9, [a["place"] for a, h in zip(TABLE, hits) if not h]


def test_no_ties_at_the_top(rankings):
    for place, matches in rankings.items():
        top = [m.score for m in matches[:4]]
        assert all(a > b for a, b in itertools.pairwise(top)), (place, top)


def test_the_common_cause_comes_first_when_the_fit_is_close():
    # Low back: the guides' most common sources rank high, each explained by its listing.
    ranked = pm.where("low back", limit=5)
    ql = next(m for m in ranked if m.pattern.id == "quadratus_lumborum")
    assert ql.guide is not None and ql.guide.place == "low back" and ql.prior > 0
    assert ql.score == pytest.approx(ql.fit * (1 + ql.prior))
    # Neck: levator scapulae, named second by the guides, is in the top five (it was not before).
    assert "levator_scapulae" in [m.pattern.id for m in pm.where("neck", limit=5)]


def test_a_listing_counts_by_rank_and_by_how_well_its_place_matches():
    exact = pm.where("back of the neck", limit=None, least=0.0)
    broad = pm.where(["back of the neck", "upper back", "shoulder"], limit=None, least=0.0)
    trap = {m.pattern.id: m for m in exact}["trapezius_upper"]
    assert trap.guide.rank == 1 and trap.prior == pytest.approx(1.0)
    assert {m.pattern.id: m for m in broad}["trapezius_upper"].prior < trap.prior
    no_listing = [m for m in exact if m.guide is None]
    assert no_listing and all(m.prior == 0 and m.score == m.fit for m in no_listing)


def test_every_score_is_the_fit_raised_by_the_prior_and_the_ranking_follows_it():
    drawing = pm.PainDrawing.from_regions(["outer hip", "outer thigh"], intensity=[1.0, 0.6])
    ranked = pm.where(drawing, limit=None, least=0.0)
    for m in ranked:
        assert m.score == pytest.approx(m.fit * (1 + m.prior))
        assert 0 <= m.prior <= 1 and (m.prior == 0) == (m.guide is None)
    assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)

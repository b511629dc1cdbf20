"""Every pattern against the referral table written from its sources."""

from pathlib import Path

import numpy as np
import pytest

import painmap as pm
from painmap.core import toml as _toml
from painmap.heat import heat

# One file per body area in referral/, each written from the sources of its patterns.
TABLE = {}
for _file in sorted((Path(__file__).parent / "referral").glob("*.toml")):
    for _id, _entry in _toml.loads(_file.read_text()).items():
        assert _id not in TABLE, f"{_id} is in two referral tables"
        TABLE[_id] = _entry
IDS = [p.id for p in pm.muscles()]


def test_every_pattern_has_a_table_entry():
    assert sorted(TABLE) == sorted(IDS)


def misses(pattern_id, body="neutral"):
    """How a pattern's heat on a body breaks its referral table (empty when it holds)."""
    entry, h = TABLE[pattern_id], heat(pattern_id, body=body)
    out = [f"{region} should be hot, is {h.region(region):.2f}" for region in entry["hot"]
           if h.region(region) < 0.6]
    out += [f"{region} should be warm, is {h.region(region):.2f}" for region in entry.get("warm", [])
            if not 0.1 < h.region(region)]
    out += [f"{region} should stay cool, is {h.region(region):.2f}" for region in entry["cool"]
            if h.region(region) > 0.1]
    return [f"{pattern_id} on {body}: {m}" for m in out]


@pytest.mark.parametrize("pattern_id", IDS)
def test_essential_regions_are_hot_and_excluded_regions_cool(pattern_id):
    assert not misses(pattern_id)


@pytest.mark.parametrize("shape", pm.SHAPES)
def test_the_tables_hold_on_every_shape(shape):
    assert [m for p in IDS for m in misses(p, shape)] == []


@pytest.mark.parametrize("shape", [s for s in pm.SHAPES if s != "neutral"])
def test_zones_cover_the_same_skin_as_on_neutral(shape):
    for pattern_id in ("gluteus_medius", "trapezius_upper", "quadratus_plantae"):
        for side in ("right", "left", "both"):
            np.testing.assert_array_equal(heat(pattern_id, side=side, body=shape).values,
                                          heat(pattern_id, side=side).values)


@pytest.mark.parametrize("pattern_id", IDS)
def test_left_is_the_mirror_of_right(pattern_id):
    right = heat(pattern_id, side="right")
    left = heat(pattern_id, side="left")
    for region in TABLE[pattern_id]["hot"]:
        assert left.region(region, "left") == pytest.approx(right.region(region, "right"))

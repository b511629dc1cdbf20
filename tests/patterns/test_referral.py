"""Every pattern against the referral table written from its sources."""

from pathlib import Path

import pytest

import painmap as pm
from painmap import _toml
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


@pytest.mark.parametrize("pattern_id", IDS)
def test_essential_regions_are_hot_and_excluded_regions_cool(pattern_id):
    entry = TABLE[pattern_id]
    h = heat(pattern_id)
    for region in entry["hot"]:
        assert h.region(region) >= 0.6, f"{pattern_id}: {region} should be hot, is {h.region(region):.2f}"
    for region in entry.get("warm", []):
        assert 0.1 < h.region(region), f"{pattern_id}: {region} should be warm, is {h.region(region):.2f}"
    for region in entry["cool"]:
        assert h.region(region) <= 0.1, f"{pattern_id}: {region} should stay cool, is {h.region(region):.2f}"


@pytest.mark.parametrize("pattern_id", IDS)
def test_left_is_the_mirror_of_right(pattern_id):
    right = heat(pattern_id, side="right")
    left = heat(pattern_id, side="left")
    for region in TABLE[pattern_id]["hot"]:
        assert left.region(region, "left") == pytest.approx(right.region(region, "right"))

"""Pattern files are checked when read; a bad file names the file, key, value and what was expected."""

import pytest

import painmap as pm
from painmap.core import toml as _toml
from painmap.patterns.schema import pattern_from_dict

GOOD = """
id = "demo"
name = "Demo muscle"
muscle = "demo"
group = "hip"
summary = "A made-up pattern for the tests."

[[trigger_points]]
at = "greater_trochanter"
offset = [0, 3, 0]
label = "Above the trochanter"

[[essential]]
blob = "greater_trochanter"
radius = 5

[[spillover]]
chain = ["greater_trochanter", "knee_lateral"]
radius = 4

[[spillover]]
region = "thigh_lateral"

[[sources]]
text = "A source"
url = "https://example.org/demo"
"""


def _load(tmp_path, text, name="demo.toml"):
    path = tmp_path / name
    path.write_text(text)
    return pm.load_pattern(path)


def test_a_good_file_loads(tmp_path):
    p = _load(tmp_path, GOOD)
    assert p.id == "demo" and p.group == "hip"
    assert p.essential[0].radius == 5.0
    assert p.spillover[0].radius == (4.0, 4.0)
    assert p.spillover[1].intensity == pytest.approx(0.45)
    assert p.trigger_points[0].at.offset == (0.0, 3.0, 0.0)


@pytest.mark.parametrize(("old", "new", "key", "bad"), [
    ('blob = "greater_trochanter"', 'blob = "greater_trocanter"', "essential[0].blob.at",
     "greater_trocanter"),
    ("radius = 5", "radius = -5", "essential[0].radius", "-5"),
    ('group = "hip"', 'group = "hips"', "group", "hips"),
    ('region = "thigh_lateral"', 'region = "lateral_thigh"', "spillover[1].region", "lateral_thigh"),
    ("radius = 4", "radius = [4, 4, 4]", "spillover[0].radius", "[4, 4, 4]"),
    ("offset = [0, 3, 0]", "offset = [0, 3]", "trigger_points[0].offset", "[0, 3]"),
    ('url = "https://example.org/demo"', 'url = "example.org"', "sources[0].url", "example.org"),
    ('summary = "A made-up pattern for the tests."', "summry = 'x'", "summry", "x"),
])
def test_bad_values_are_reported_precisely(tmp_path, old, new, key, bad):
    assert old in GOOD
    with pytest.raises(pm.PatternError) as err:
        _load(tmp_path, GOOD.replace(old, new, 1))
    text = str(err.value)
    assert text.startswith("demo.toml: ")
    assert f"key {key!r}" in text
    assert bad in text
    assert "expected" in text


def test_suggests_the_closest_landmark(tmp_path):
    with pytest.raises(pm.PatternError, match="did you mean 'greater_trochanter'"):
        _load(tmp_path, GOOD.replace('blob = "greater_trochanter"', 'blob = "greater_trocanter"'))


def test_file_name_must_match_id(tmp_path):
    with pytest.raises(pm.PatternError, match="file name"):
        _load(tmp_path, GOOD, name="other.toml")


def test_invalid_toml_names_the_file(tmp_path):
    with pytest.raises(pm.PatternError, match=r"demo\.toml: not valid TOML"):
        _load(tmp_path, GOOD + "\n[[[broken")


def test_a_stroke_is_exactly_one_kind():
    data = _toml.loads(GOOD)
    data["essential"][0]["region"] = "hip_lateral"
    with pytest.raises(pm.PatternError, match="exactly one of the keys"):
        pattern_from_dict(data, where="x.toml")


def test_pattern_errors_are_value_errors():
    assert issubclass(pm.PatternError, ValueError) and issubclass(pm.PatternError, pm.PainmapError)

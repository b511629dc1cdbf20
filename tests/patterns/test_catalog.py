import pytest

import painmap as pm
from painmap.patterns import GROUPS, resolve


def test_catalog_is_sorted_unique_and_complete():
    ids = [p.id for p in pm.muscles()]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


def test_every_pattern_cites_sources_and_has_a_summary():
    for p in pm.muscles():
        assert p.sources, p.id
        assert len(p.summary) > 80, p.id
        assert p.trigger_points, p.id
        assert p.group in GROUPS


def test_groups_filter():
    hip = pm.muscles(group="hip")
    assert hip and all(p.group == "hip" for p in hip)
    with pytest.raises(pm.ChoiceError, match="'hip'"):
        pm.muscles(group="hips")


@pytest.mark.parametrize("name", ["gluteus_medius", "Gluteus Medius", "gluteus-medius", "GLUTE MED",
                                  "glute med", "lumbago muscle"])
def test_forgiving_lookup(name):
    assert pm.muscle(name).id == "gluteus_medius"


def test_unknown_name_lists_closest():
    with pytest.raises(pm.UnknownMuscleError) as err:
        pm.muscle("gluteus medias")
    assert err.value.closest[0] == "gluteus_medius"
    assert "gluteus_medius" in str(err.value)
    assert isinstance(err.value, LookupError) and isinstance(err.value, pm.PainmapError)


def test_a_muscle_with_parts():
    with pytest.raises(pm.AmbiguousMuscleError, match="gluteus_minimus_anterior"):
        pm.muscle("gluteus minimus")
    assert [p.id for p in resolve(["gluteus_minimus", "piriformis"])] == [
        "gluteus_minimus_anterior", "gluteus_minimus_posterior", "piriformis"]


@pytest.mark.parametrize(("name", "parts"), [
    ("pectoralis major", ["pectoralis_major_clavicular", "pectoralis_major_sternal"]),
    ("pec major", ["pectoralis_major_clavicular", "pectoralis_major_sternal"]),
    ("rectus_abdominis", ["rectus_abdominis_lower", "rectus_abdominis_upper"]),
    ("six-pack muscle", ["rectus_abdominis_lower", "rectus_abdominis_upper"]),
])
def test_split_muscles_keep_their_whole_names(name, parts):
    assert [p.id for p in resolve(name)] == parts
    with pytest.raises(pm.AmbiguousMuscleError):
        pm.muscle(name)
    whole = pm.heat(name)
    # the whole muscle is both parts: at least as hot as either part everywhere
    for part in parts:
        assert (whole.values >= pm.heat(part).values - 1e-12).all()


@pytest.mark.parametrize(("name", "pattern_id"), [
    ("Medial Pterygoid", "medial_pterygoid"), ("splenius-cervicis", "splenius_cervicis"),
    ("ECRB", "extensor_carpi_radialis_brevis"),
])
def test_new_muscles_are_found_by_name(name, pattern_id):
    assert pm.muscle(name).id == pattern_id

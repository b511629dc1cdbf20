"""Whole muscles, everyday groups and nicknames, wherever a muscle is asked for."""

import pytest

import painmap as pm
from painmap.cli import main
from painmap.heat import heat
from painmap.patterns.catalog import _build_index

GROUPS = {
    "trapezius": {"trapezius_upper", "trapezius_middle", "trapezius_lower"},
    "traps": {"trapezius_upper", "trapezius_middle", "trapezius_lower"},
    "trap": {"trapezius_upper", "trapezius_middle", "trapezius_lower"},
    "quadriceps": {"rectus_femoris", "vastus_intermedius", "vastus_lateralis", "vastus_medialis"},
    "quads": {"rectus_femoris", "vastus_intermedius", "vastus_lateralis", "vastus_medialis"},
    "hamstrings": {"hamstrings_lateral", "hamstrings_medial"},
    "hammies": {"hamstrings_lateral", "hamstrings_medial"},
    "deltoid": {"deltoid_anterior", "deltoid_middle", "deltoid_posterior"},
    "rotator cuff": {"supraspinatus", "infraspinatus", "teres_minor", "subscapularis"},
    "wrist extensors": {"extensor_carpi_radialis_longus", "extensor_carpi_radialis_brevis",
                        "extensor_carpi_ulnaris"},
    "calf": {"gastrocnemius", "soleus", "plantaris"},
    "glutes": {"gluteus_maximus", "gluteus_medius", "gluteus_minimus_anterior", "gluteus_minimus_posterior"},
    "lats": {"latissimus_dorsi"},
    "pecs": {"pectoralis_major_clavicular", "pectoralis_major_sternal"},
    "SCM": {"sternocleidomastoid_clavicular", "sternocleidomastoid_sternal"},
    "QL": {"quadratus_lumborum"},
    "TFL": {"tensor_fasciae_latae"},
    "VMO": {"vastus_medialis"},
    "hip flexors": {"iliopsoas", "rectus_femoris", "tensor_fasciae_latae", "sartorius", "pectineus"},
    "jaw muscles": {"masseter", "temporalis", "medial_pterygoid", "lateral_pterygoid"},
}


@pytest.mark.parametrize(("name", "ids"), GROUPS.items())
def test_muscles_returns_the_parts_of_a_group(name, ids):
    assert {p.id for p in pm.muscles(name)} == ids


def test_body_areas_still_list_their_muscles():
    assert {p.group for p in pm.muscles("hip")} == {"hip"}
    assert pm.muscles("hip") == pm.muscles(group="hip")
    with pytest.raises(pm.ChoiceError):
        pm.muscles(group="rotator cuff")
    with pytest.raises(pm.UnknownMuscleError, match="Closest"):
        pm.muscles("rotatr cuff muscels")


@pytest.mark.parametrize("name", ["rotator cuff", "glutes", "calf", "traps"])
def test_heat_and_draw_take_groups(name, tmp_path):
    parts = pm.muscles(name)
    h = heat(name)
    assert {p.id for p in h.patterns} == {p.id for p in parts}
    single = [heat(p.id).values for p in parts]
    assert h.values.max() == pytest.approx(max(v.max() for v in single))
    svg = pm.draw(name).save(tmp_path / "g.svg").read_text()
    points = sum(len(p.trigger_points) for p in parts)
    assert svg.count('class="trigger-point"') >= points  # every part's points, in one view or more


def test_a_group_handout_fits_one_page_and_is_titled_by_the_group(tmp_path):
    from importlib import import_module

    scene = import_module("painmap.handout").handout_scene("rotator cuff")
    assert scene.blocks[0].lines == ("Rotator cuff",)
    assert any("About these muscles" in line for block in scene.blocks for line in block.lines)
    assert pm.handout("glutes", tmp_path / "g.pdf").stat().st_size > 10_000


def test_the_cli_draws_a_group(tmp_path, capsys):
    assert main(["draw", "rotator cuff", "-o", str(tmp_path / "rc.png")]) == 0
    assert (tmp_path / "rc.png").stat().st_size > 10_000


def test_a_group_alias_that_shadows_a_pattern_is_refused(monkeypatch):
    from painmap.patterns import catalog

    table = dict(catalog._muscle_table())
    table["bad_group"] = {"name": "Bad", "aliases": ["QL"], "members": ["piriformis"]}
    monkeypatch.setattr(catalog, "_muscle_table", lambda: table)
    with pytest.raises(pm.PatternError, match="'QL' already names the pattern 'quadratus_lumborum'"):
        _build_index(list(catalog._catalog()))
    table["bad_group"] = {"name": "Bad", "members": ["no_such_muscle"]}
    with pytest.raises(pm.PatternError, match="no muscle or pattern 'no_such_muscle'"):
        _build_index(list(catalog._catalog()))

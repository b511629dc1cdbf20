"""The catalog's disk-cached parse and name index: the same patterns as reading every file."""

import os
import shutil
import subprocess
import sys

import pytest

import painmap as pm
from painmap import PatternError
from painmap.core import cache
from painmap.core.assets import assets_dir
from painmap.patterns import catalog, load_pattern

LOOKUP = ("import sys, painmap as pm\n"
          "from painmap.patterns import catalog\n"
          "p = pm.muscle('glute med')\n"
          "sys.stdout.write(f'{p.id} {catalog._pattern.cache_info().currsize}')")


def _fresh():
    for f in (catalog._files, catalog._pattern, catalog._catalog_entry, catalog._index,
              catalog._catalog, catalog._muscle_table):
        f.cache_clear()


@pytest.fixture
def catalog_copy(tmp_path, monkeypatch):
    """A copy of the assets with its own muscles folder, and an empty cache."""
    root = tmp_path / "assets"
    root.mkdir()
    (root / "body").symlink_to(assets_dir() / "body")
    shutil.copytree(assets_dir() / "muscles", root / "muscles")
    monkeypatch.setattr(catalog, "assets_dir", lambda: root)
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    _fresh()
    yield root / "muscles"
    _fresh()


def test_every_name_finds_the_pattern_its_file_holds():
    files = {p.stem: p for p in (assets_dir() / "muscles").glob("*.toml") if not p.name.startswith("_")}
    assert [p.id for p in pm.muscles()] == sorted(files)
    single, muscles = catalog._index()
    for key in single:
        found = pm.muscle(key)
        assert found == load_pattern(files[found.id]) and found.path == files[found.id]
    for key in muscles:
        assert [p.id for p in catalog.resolve(key)] == [p.id for p in muscles[key]]
        assert len(muscles[key]) > 1


def test_a_cold_process_builds_only_the_pattern_it_looks_up(tmp_path):
    # The disk-cache way (the compiled catalog shipped in the package off: tests/test_shipped_cache.py)
    env = {**os.environ, cache.ENV: str(tmp_path), cache.SHIPPED_ENV: "off"}
    run = [sys.executable, "-c", LOOKUP]
    first = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout
    again = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout
    assert first == again == "gluteus_medius 1"
    assert [p.name.split("-")[0] for p in tmp_path.iterdir()].count("catalog") == 1


def test_a_changed_file_is_read_again(catalog_copy):
    assert pm.muscle("piriformis").aliases
    path = catalog_copy / "piriformis.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("aliases = [", 'aliases = ["pear muscle", ', 1), encoding="utf-8")
    _fresh()
    assert pm.muscle("Pear Muscle").id == "piriformis"


def test_a_broken_file_fails_and_leaves_no_entry(catalog_copy):
    path = catalog_copy / "piriformis.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('group = "hip"', 'group = "hips"'),
                    encoding="utf-8")
    with pytest.raises(PatternError, match=r"piriformis\.toml"):
        pm.muscle("gluteus medius")
    folder = catalog_copy.parent.parent / "cache"
    assert not any(p.name.startswith("catalog") for p in folder.glob("*"))

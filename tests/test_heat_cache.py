"""The disk cache of surface heat: the same heat, trigger points and pictures, cached or not."""

import os
import subprocess
import sys
from importlib import import_module

import numpy as np

import painmap as pm
from painmap.core import cache
from painmap.patterns import load_pattern

heat = import_module("painmap.heat")  # the module (painmap.heat is also the function)

DRAW = ("import sys, painmap as pm\n"
        "from painmap.body import surface\n"
        "svg = pm.draw('gluteus medius', view='back').to_svg()\n"
        "searched = surface._triangles.cache_info().currsize\n"
        "sys.stdout.write(f'{searched}\\n{svg}')")


def _measured_fresh(pattern):
    heat.measured.cache_clear()
    return heat.measured(pattern)


def test_cached_and_uncached_heat_are_equal(tmp_path, monkeypatch):
    pattern = pm.muscle("gluteus minimus anterior")
    monkeypatch.setenv(cache.ENV, "off")
    off = _measured_fresh(pattern)
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    computed = _measured_fresh(pattern)
    assert [p.name.split("-")[0] for p in tmp_path.iterdir()].count("heat") == 1
    loaded = _measured_fresh(pattern)
    for m in (computed, loaded):
        assert m.heat.dtype == off.heat.dtype and np.array_equal(m.heat, off.heat)
        assert m.trigger_points == off.trigger_points
        assert not m.heat.flags.writeable
    assert off.heat.max() == 1.0 and (off.heat == 0).mean() > 0.5  # a real pattern, mostly cold skin


def test_the_key_follows_the_pattern_file_and_the_code(tmp_path, monkeypatch):
    source = pm.muscle("piriformis").path
    text = source.read_text(encoding="utf-8")
    assert text.count("radius = [5.0, 6.0, 5.0]") == 1
    (tmp_path / "wider").mkdir()
    (tmp_path / "reworded").mkdir()
    wider = tmp_path / "wider" / source.name
    wider.write_text(text.replace("radius = [5.0, 6.0, 5.0]", "radius = [5.0, 7.0, 5.0]"), encoding="utf-8")
    reworded = tmp_path / "reworded" / source.name
    reworded.write_text(text.replace('summary = """', 'summary = """In other words: '), encoding="utf-8")
    assert reworded.read_text(encoding="utf-8") != text
    original, changed = load_pattern(source), load_pattern(wider)
    assert heat.pattern_digest(changed) != heat.pattern_digest(original)
    assert heat.pattern_digest(load_pattern(reworded)) == heat.pattern_digest(original)  # same heat, same key
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    a, b = _measured_fresh(original), _measured_fresh(changed)
    assert not np.array_equal(a.heat, b.heat)
    entries = {p.name for p in (tmp_path / "cache").iterdir()}
    assert len(entries) == 2
    monkeypatch.setattr(heat, "_CODE", "other code")  # a change to heat.py: a new entry, the old not read
    c = _measured_fresh(original)
    assert np.array_equal(c.heat, a.heat)
    assert len({p.name for p in (tmp_path / "cache").iterdir()} - entries) == 1


def test_a_cold_process_with_a_warm_cache_draws_the_same_bytes_without_searching(tmp_path):
    def run(folder):
        env = {**os.environ, cache.ENV: str(folder), cache.SHIPPED_ENV: "off"}  # not the shipped heat
        out = subprocess.run([sys.executable, "-c", DRAW], env=env, capture_output=True, text=True,
                             check=True).stdout
        searched, svg = out.split("\n", 1)
        return int(searched), svg

    folder = tmp_path / "cache"
    searched_cold, cold = run(folder)
    searched_warm, warm = run(folder)
    _, off = run("off")
    assert cold.startswith("<svg") and cold == warm == off
    assert searched_cold > 0 and searched_warm == 0  # the anchors were read back, not searched for

"""The disk cache of projections: same pictures with a cold, warm, broken or no cache."""

import os
import subprocess
import sys

import numpy as np
import pytest

from painmap.core import cache

DRAW = ("import sys, painmap as pm\n"
        "fig = pm.draw([], view='sole')\n"
        "sys.stdout.write(fig.to_svg())")


def _svg(cache_dir) -> str:
    env = {**os.environ, cache.ENV: str(cache_dir)}
    return subprocess.run([sys.executable, "-c", DRAW], env=env, capture_output=True, text=True,
                          check=True).stdout


def test_cold_warm_broken_and_no_cache_give_the_same_bytes(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    cold = _svg(folder)
    entries = sorted(p.name for p in folder.iterdir())
    assert any(n.startswith("projection-") for n in entries)
    assert not any(n.endswith(".part") for n in entries)  # no temporary file left behind
    warm = _svg(folder)
    for p in folder.iterdir():  # a crash mid-write elsewhere, or disk trouble: garbage entries
        p.write_bytes(b"not an npz")
    broken = _svg(folder)
    off = _svg("off")
    assert cold.startswith("<svg") and cold == warm == broken == off
    assert sorted(p.name for p in folder.iterdir()) == entries  # garbage replaced by good entries
    monkeypatch.setenv(cache.ENV, str(folder))
    assert all(cache.load(n) for n in entries)


def test_an_unwritable_cache_folder_is_skipped(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    assert _svg(blocker / "cache").startswith("<svg")


def test_entry_names_follow_every_parameter():
    a = cache.entry_name("projection", "neutral", "back", 700)
    assert a == cache.entry_name("projection", "neutral", "back", 700)
    assert len({a, cache.entry_name("projection", "female", "back", 700),
                cache.entry_name("projection", "neutral", "front", 700),
                cache.entry_name("projection", "neutral", "back", 701),
                cache.entry_name("visibility", "neutral", "back", 700)}) == 5


def test_cached_returns_the_same_arrays_computed_or_loaded(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    calls = []

    def compute():
        calls.append(1)
        return {"x": np.linspace(0, 1, 7) ** 3, "n": np.arange(3, dtype=np.int32)}

    first = cache.cached("test", (1,), compute)
    second = cache.cached("test", (1,), compute)
    assert calls == [1]
    for key in first:
        assert first[key].dtype == second[key].dtype
        assert np.array_equal(first[key], second[key])


def test_prune_keeps_the_newest_entries_within_the_limit(tmp_path):
    for i in range(5):
        path = tmp_path / f"entry-{i}.npz"
        path.write_bytes(b"x" * 400_000)
        os.utime(path, (1000 + i, 1000 + i))
    cache.prune(tmp_path, limit_mb=1.0)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entry-3.npz", "entry-4.npz"]


def test_prune_keeps_an_entry_in_use_over_newer_entries_not_read(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    names = [cache.entry_name("example", i) for i in range(3)]
    for i, name in enumerate(names):
        cache.store(name, {"x": np.zeros(50_000)})  # 400 kB each
        os.utime(tmp_path / name, (1000 + i, 1000 + i))
    assert cache.load(names[0])["x"].shape == (50_000,)  # the oldest written, read just now
    cache.prune(tmp_path, limit_mb=0.9)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([names[0], names[2]])


ORDERS = ("import sys, painmap as pm\n"
          "names = [[], 'gluteus_medius'] if sys.argv[1] == 'bare-first' else ['gluteus_medius', []]\n"
          "svgs = {str(n): pm.draw(n, view='back').to_svg() for n in names}\n"
          "sys.stdout.write(svgs['[]'] + '\\n====\\n' + svgs['gluteus_medius'])")


def test_a_view_with_a_piece_of_limb_left_out_never_shares_cached_geometry(tmp_path):
    # The gluteus medius close-up leaves a stray piece of arm out of the back view: its
    # outline and shading differ from the whole back view's, whichever is cached first.
    def run(order, folder):
        env = {**os.environ, cache.ENV: str(folder)}
        return subprocess.run([sys.executable, "-c", ORDERS, order], env=env, capture_output=True,
                              text=True, check=True).stdout

    first = run("bare-first", tmp_path / "a")
    assert any(p.name.startswith("projection-without") for p in (tmp_path / "a").iterdir())
    assert first == run("glute-first", tmp_path / "b") == run("bare-first", "off")


def test_an_entry_gives_back_every_array_exactly_and_refuses_a_cut_or_foreign_file():
    import io

    arrays = {"x": np.linspace(0, 1, 7) ** 3, "scalar": np.array(3.5), "empty": np.zeros((0, 2)),
              "flags": np.array([[True, False]]), "every_other": np.arange(9, dtype=np.int32)[::2],
              "fortran": np.asfortranarray(np.arange(6.0).reshape(2, 3)), "names": np.array(["ab", "c"])}
    data = cache.pack(arrays)
    back = cache.read(io.BytesIO(data))
    assert list(back) == list(arrays)
    for key, value in arrays.items():
        assert back[key].dtype == value.dtype and back[key].shape == value.shape
        assert np.array_equal(back[key], value) and back[key].flags.writeable
    for bad in (data[:-1], data[:20], b"", data + b"\0", b"PK\3\4" + data[4:]):
        with pytest.raises(ValueError):
            cache.read(io.BytesIO(bad))

"""The disk cache of projections: same pictures with a cold, warm, broken or no cache."""

import errno
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from zlib_ng.zlib_ng import crc32

from painmap.core import cache, cachedir

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
    env = {**os.environ, cache.ENV: str(blocker / "cache")}
    run = subprocess.run([sys.executable, "-c", DRAW], env=env, capture_output=True, text=True, check=True)
    assert run.stdout.startswith("<svg")
    assert run.stderr.count("PainmapWarning") == 1  # said once, for the many entries kept in memory
    assert "in memory" in run.stderr and cache.ENV in run.stderr and str(blocker / "cache") in run.stderr


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


def test_prune_keeps_the_newest_entries_within_the_limit(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    names = [cache.entry_name("example", i) for i in range(5)]
    for i, name in enumerate(names):
        cache.store(name, {"x": np.zeros(50_000)})  # 400 kB each
        os.utime(tmp_path / name, (1000 + i, 1000 + i))
    cache.prune(tmp_path, limit_mb=1.0)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[3:])


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
    def run(order, folder):  # without the shipped SVG bodies, which need no outline or shading
        env = {**os.environ, cache.ENV: str(folder), cache.SHIPPED_ENV: "off"}
        return subprocess.run([sys.executable, "-c", ORDERS, order], env=env, capture_output=True,
                              text=True, check=True).stdout

    first = run("bare-first", tmp_path / "a")
    assert any(p.name.startswith("projection-without") for p in (tmp_path / "a").iterdir())
    assert first == run("glute-first", tmp_path / "b") == run("bare-first", "off")


def test_an_entry_gives_back_every_array_exactly_and_refuses_a_cut_or_foreign_file():
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


# --- where the cache lives -------------------------------------------------------------------------

@pytest.fixture
def fresh(monkeypatch):
    """The cache module with no warning said yet, an empty in-memory cache and no folder found unwritable."""
    monkeypatch.setattr(cache, "_warned", set())
    monkeypatch.setattr(cache, "_memory", cache._Memory())
    monkeypatch.setattr(cache, "_unwritable", {})
    monkeypatch.setattr(cache, "_last", None)
    return cache


def _counting(value=3):
    calls = []

    def compute():
        calls.append(1)
        return {"x": np.arange(value, dtype=np.int64), "y": np.linspace(0, 1, value)}

    return calls, compute


def test_the_test_session_never_uses_the_users_cache():
    import platformdirs

    assert cache.cache_dir() is not None
    assert cache.cache_dir() != Path(platformdirs.user_cache_dir("painmap", appauthor=False))
    assert Path(os.environ[cache.ENV]).is_absolute()


@pytest.mark.skipif(sys.platform != "linux", reason="the XDG layout")
def test_without_painmap_cache_dir_the_platforms_cache_folder_is_used(tmp_path, monkeypatch, fresh):
    monkeypatch.delenv(cache.ENV)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "painmap"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "painmap"
    cache.cached("example", (1,), lambda: {"x": np.arange(3)})
    assert [p.parent for p in (tmp_path / "xdg").rglob("*.arrays")] == [tmp_path / "xdg" / "painmap"]


@pytest.mark.parametrize("value", ["off", "OFF", "none", "0", "", "  "])
def test_the_cache_can_be_turned_off(value, tmp_path, monkeypatch, fresh):
    monkeypatch.setenv(cache.ENV, value)
    monkeypatch.chdir(tmp_path)
    calls, compute = _counting()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cache.cached("example", (1,), compute)
        cache.cached("example", (1,), compute)
        found = cache.info()
    assert calls == [1, 1] and list(tmp_path.iterdir()) == []
    assert found["enabled"] is False and found["in_memory"] is False and found["folder"] is None
    assert cache.clear() == 0


NO_FOLDER = {
    "empty HOME": ({"HOME": ""}, "HOME=''"),
    "relative HOME": ({"HOME": "home"}, "HOME='home'"),
    "no HOME, no passwd entry": ({"HOME": None}, "no entry in the passwd database"),
    "relative PAINMAP_CACHE_DIR": ({cache.ENV: "cache"}, "PAINMAP_CACHE_DIR='cache' is not an absolute"),
    "unexpanded ~": ({cache.ENV: "~/cache"}, "PAINMAP_CACHE_DIR='~/cache'"),
}


@pytest.mark.parametrize("case", NO_FOLDER, ids=list(NO_FOLDER))
def test_no_usable_folder_keeps_the_cache_in_memory_and_says_so_once(case, tmp_path, monkeypatch, fresh):
    env, reason = NO_FOLDER[case]
    if cache.ENV not in env:
        monkeypatch.delenv(cache.ENV)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    for key, value in env.items():
        if value is None:
            monkeypatch.delenv(key, raising=False)
        else:
            monkeypatch.setenv(key, value)
    if cachedir.pwd is not None:
        def no_entry(uid):
            raise KeyError(f"getpwuid(): uid not found: {uid}")
        monkeypatch.setattr(cachedir.pwd, "getpwuid", no_entry)
    monkeypatch.chdir(tmp_path)
    calls, compute = _counting()
    with pytest.warns(cache.PainmapWarning) as said:
        first = cache.cached("example", (1,), compute)
        second = cache.cached("example", (1,), compute)
        cache.cached("example", (2,), compute)
    assert len(said) == 1
    message = str(said[0].message)
    assert reason in message and "in memory" in message and cache.ENV in message
    assert calls == [1, 1]  # the second call was answered from memory
    assert np.array_equal(first["x"], second["x"]) and first["x"] is not second["x"]
    assert list(tmp_path.iterdir()) == []  # nothing in the working folder
    assert not os.path.exists("/.cache/painmap") or case != "empty HOME"
    found = cache.info()
    assert found["folder"] is None and found["in_memory"] and found["entries"] == 2
    assert reason in found["reason"]
    assert cache.clear() == 2 and cache.info()["entries"] == 0


def test_a_process_with_no_home_writes_nothing_in_its_working_folder(tmp_path):
    code = ("import numpy as np\n"
            "from painmap.core import cache\n"
            "calls = []\n"
            "for _ in range(3):\n"
            "    cache.cached('example', (1,), lambda: calls.append(1) or {'x': np.arange(4)})\n"
            "print(len(calls), cache.info()['in_memory'])\n")
    env = {k: v for k, v in os.environ.items() if k not in (cache.ENV, "XDG_CACHE_HOME")}
    env["HOME"] = ""
    run = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True,
                         text=True, check=True)
    assert run.stdout.split() == ["1", "True"]
    assert run.stderr.count("PainmapWarning") == 1 and cache.ENV in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_created_keeps_the_cache_in_memory(tmp_path, monkeypatch, fresh):
    (tmp_path / "file").write_text("a file where the folder should be")
    monkeypatch.setenv(cache.ENV, str(tmp_path / "file" / "cache"))
    calls, compute = _counting()
    with pytest.warns(cache.PainmapWarning, match="cannot write the cache folder") as said:
        cache.cached("example", (1,), compute)
        cache.cached("example", (1,), compute)
    assert len(said) == 1 and calls == [1]
    found = cache.info()
    assert found["in_memory"] and found["folder"] == str(tmp_path / "file" / "cache")
    assert found["entries"] == 1


def test_a_read_only_folder_is_still_read(tmp_path, monkeypatch, fresh):
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    calls, compute = _counting()
    cache.cached("example", (1,), compute)

    def read_only(path, data):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    monkeypatch.setattr(cache, "write_atomic", read_only)  # a read-only file system (root writes 0o555)
    with pytest.warns(cache.PainmapWarning, match="cannot write the cache folder .*Read-only") as said:
        cache.cached("example", (1,), compute)  # read from disk
        cache.cached("example", (2,), compute)  # computed, kept in memory
        cache.cached("example", (2,), compute)
        cache.cached("example", (3,), compute)
    assert calls == [1, 1, 1] and len(said) == 1
    found = cache.info()
    assert found["in_memory"] and found["entries"] == 3 and found["folder"] == str(tmp_path)


def test_the_in_memory_cache_keeps_the_entries_used_last_within_the_limit(tmp_path, monkeypatch, fresh):
    monkeypatch.setenv(cache.ENV, "relative")
    monkeypatch.setenv(cache.SIZE_ENV, "1")
    with pytest.warns(cache.PainmapWarning):
        for i in range(2):
            cache.store(f"e{i}", {"x": np.zeros(50_000)})  # 400 kB each
        cache.load("e0")  # used: kept over e1
        cache.store("e2", {"x": np.zeros(50_000)})
        cache.store("huge", {"x": np.zeros(200_000)})  # larger than the limit: not kept
    assert list(cache._memory.entries) == ["e0", "e2"]


@pytest.mark.parametrize("value", ["abc", "-5", "nan", "NaN", "inf", "1e999", "10MB"])
def test_a_size_limit_that_is_not_a_size_warns_and_uses_the_default(value, monkeypatch, fresh):
    monkeypatch.setenv(cache.SIZE_ENV, value)
    with pytest.warns(cache.PainmapWarning) as said:
        assert cache.size_limit_mb() == 1000.0
        assert cache.size_limit_mb() == 1000.0
    assert len(said) == 1
    message = str(said[0].message)
    assert f"PAINMAP_CACHE_MB={value!r}" in message and "megabytes" in message and "1000" in message
    assert cache.info()["limit_mb"] == 1000.0


@pytest.mark.parametrize(("value", "mb"), [("0", 0.0), ("2.5", 2.5), (" 300 ", 300.0), ("", 1000.0)])
def test_a_size_limit_in_megabytes(value, mb, monkeypatch, fresh):
    monkeypatch.setenv(cache.SIZE_ENV, value)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert cache.size_limit_mb() == mb


def test_entry_kinds_are_plain_words():
    for kind in ("Projection", "a_b", "", "x/y", "-x", "x-", "x.arrays"):
        with pytest.raises(ValueError, match="kind"):
            cache.entry_name(kind, 1)


# --- painmap's files, and nobody else's ------------------------------------------------------------

def _foreign(folder: Path) -> dict[str, bytes]:
    """A user's own files in the cache folder: painmap must never delete any of them."""
    entry = cache.entry_name("example", "foreign")
    files = {
        "x.npz": b"PK\3\4 a user's own archive",
        "y.arrays": cache.pack({"x": np.arange(3)}),  # painmap's format, but not an entry's name
        entry: b"an entry's name, someone else's bytes" * 1000,
        "sub/" + cache.entry_name("example", "in a subfolder"): cache.pack({"x": np.arange(3)}),
        "notes.txt": b"my notes",
        f".{entry}.0123456789ab.part": b"a temporary file's name, not painmap's bytes",
    }
    for name, data in files.items():
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_bytes(data)
        os.utime(folder / name, (0, 0))  # the oldest files in the folder
    return files


def _unchanged(folder: Path, files: dict[str, bytes]) -> bool:
    return all((folder / name).read_bytes() == data for name, data in files.items())


def test_prune_and_clear_delete_only_painmaps_entries(tmp_path, monkeypatch, fresh):
    folder = tmp_path / "cache"
    folder.mkdir()
    monkeypatch.setenv(cache.ENV, str(folder))
    files = _foreign(folder)
    outside = tmp_path / "kept.arrays"
    outside.write_bytes(cache.pack({"x": np.arange(2)}))
    link = folder / cache.entry_name("example", "link")
    link.symlink_to(outside)
    old = folder / ("heat-" + "0" * 32 + ".arrays")  # an entry of an earlier painmap: no checksums
    old.write_bytes(b"painmap-arrays-1" + b"\0" * 100)
    os.utime(old, (500, 500))
    for i in range(3):
        cache.cached("example", (i,), lambda: {"x": np.zeros(10_000)})
        os.utime(folder / cache.entry_name("example", i), (1000 + i, 1000 + i))
    ours = sorted(p.name for p in folder.glob("example-*.arrays") if not p.is_symlink()
                  and p.read_bytes().startswith(cache.MAGIC))
    assert len(ours) == 3

    found = cache.info()
    assert found["entries"] == 4
    assert found["bytes"] == sum((folder / n).stat().st_size for n in [*ours, old.name])

    cache.prune(folder, limit_mb=0.1)  # the three entries are 240 kB: the oldest two go, and the old entry
    assert [p.name for p in folder.glob("example-*.arrays") if p.name in ours] == [
        cache.entry_name("example", 2)]
    assert not old.exists() and _unchanged(folder, files) and link.is_symlink() and outside.exists()

    assert cache.clear() == 1
    assert _unchanged(folder, files) and link.is_symlink() and outside.exists()
    assert sorted(p.name for p in folder.iterdir()) == sorted({n.split("/")[0] for n in files} | {link.name})
    assert cache.info()["entries"] == 0


def test_a_temporary_file_left_by_a_crash_is_removed_once_old(tmp_path, monkeypatch, fresh):
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    entry = cache.entry_name("example", 1)
    data = cache.pack({"x": np.arange(1000)})
    stale = [tmp_path / f".{entry}.aaaaaaaaaaaa.part", tmp_path / ".painmap-cccccccccccc.part"]
    fresh_part = tmp_path / f".{entry}.bbbbbbbbbbbb.part"
    foreign = tmp_path / ".painmap-dddddddddddd.part"
    for path in [*stale, fresh_part, foreign]:
        path.write_bytes(data[:100] if path != foreign else b"someone else's")
        if path != fresh_part:
            os.utime(path, (time.time() - 7200, time.time() - 7200))
    cache.prune(tmp_path)
    assert not any(p.exists() for p in stale)
    assert fresh_part.exists() and foreign.exists()  # the fresh one may be being written right now


def test_a_link_named_like_an_entry_is_never_written_through(tmp_path, monkeypatch, fresh):
    folder = tmp_path / "cache"
    folder.mkdir()
    monkeypatch.setenv(cache.ENV, str(folder))
    target = tmp_path / "my-file.txt"
    target.write_text("mine")
    (folder / cache.entry_name("example", 1)).symlink_to(target)
    calls, compute = _counting()
    cache.cached("example", (1,), compute)
    cache.cached("example", (1,), compute)  # kept in memory instead
    assert calls == [1] and target.read_text() == "mine"
    assert (folder / cache.entry_name("example", 1)).is_symlink()


# --- damaged entries --------------------------------------------------------------------------------

ARRAYS = {"x": np.linspace(0, 1, 200) ** 3, "n": np.arange(50, dtype=np.int32), "ok": np.array([True, False])}


def _forged(items, data: bytes, *, size=None) -> bytes:
    """An entry with correct checksums over a header that declares `items`."""
    header = json.dumps(items).encode()
    return b"".join([cache.MAGIC, cache._FIXED.pack(len(header) if size is None else size,
                                                    crc32(header), crc32(data)), header, data])


def _damaged(data: bytes) -> dict[str, bytes]:
    header_end = len(cache.MAGIC) + cache._FIXED.size + cache._FIXED.unpack_from(data, len(cache.MAGIC))[0]
    flip = lambda at: data[:at] + bytes([data[at] ^ 0x10]) + data[at + 1:]  # noqa: E731
    return {
        "empty": b"",
        "cut in the magic line": data[:5],
        "cut in the header": data[:header_end - 3],
        "cut in the data": data[:-1],
        "a byte more": data + b"\0",
        "flipped in the magic line": flip(3),
        "flipped in the header length": flip(len(cache.MAGIC)),
        "flipped in a checksum": flip(len(cache.MAGIC) + 9),
        "flipped in the header": flip(header_end - 5),  # inside a shape: another picture if it were read
        "flipped in the data": flip(len(data) - 100),
        "zeroed data": data[:header_end] + bytes(len(data) - header_end),
        "an absurd shape": _forged([["x", "<f8", [10**12, 10**6]]], b"\0" * 8),
        "a negative shape": _forged([["x", "<f8", [-1]]], b""),
        "an absurd header length": _forged([["x", "<f8", [1]]], b"\0" * 8, size=2**62),
        "an object dtype": _forged([["x", "|O", [1]]], b"\0" * 8),
        "not a header": _forged({"x": 1}, b""),
        "a nested header": _forged([[[[[[[[["x"]]]]]]]]], b""),
        "the previous format": b"painmap-arrays-1" + data[len(cache.MAGIC):],
        "an npz": b"PK\3\4" + data[4:],
    }


def test_every_kind_of_damage_reads_as_missing():
    data = cache.pack(ARRAYS)
    for kind, bad in _damaged(data).items():
        with pytest.raises(ValueError):
            cache.read(io.BytesIO(bad))
            pytest.fail(f"{kind}: read")


@pytest.mark.parametrize("kind", list(_damaged(cache.pack(ARRAYS))))
def test_a_damaged_entry_is_computed_again_and_written_over(kind, tmp_path, monkeypatch, fresh):
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    calls = []

    def compute():
        calls.append(1)
        return ARRAYS

    name = cache.entry_name("example", kind)
    (tmp_path / name).write_bytes(_damaged(cache.pack(ARRAYS))[kind])
    out = cache.cached("example", (kind,), compute)
    assert calls == [1] and all(np.array_equal(out[k], v) for k, v in ARRAYS.items())
    assert (tmp_path / name).read_bytes() == cache.pack(ARRAYS)  # rewritten whole
    again = cache.cached("example", (kind,), compute)
    assert calls == [1] and all(np.array_equal(again[k], v) for k, v in ARRAYS.items())


def test_a_damaged_entry_never_draws_a_different_picture(tmp_path, monkeypatch, fresh):
    # A flipped bit in the declared dtype or shape, with checksums over the data only, would
    # read a picture's arrays as other numbers or another shape: the header has its own.
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    data = cache.pack({"x": np.arange(6.0).reshape(2, 3)})
    for old, new in ((b"<f8", b"<i8"), (b"[2, 3]", b"[3, 2]")):
        assert data.count(old) == 1
        with pytest.raises(ValueError, match="damaged header"):
            cache.read(io.BytesIO(data.replace(old, new)))


def test_an_entry_refuses_what_it_could_not_give_back_exactly():
    with pytest.raises(ValueError):
        cache.pack({"x": np.array([1, "a"], dtype=object)})
    with pytest.raises(ValueError):
        cache.pack({"x": np.zeros(2, dtype=[("a", "<f8"), ("b", "<i4")])})


# --- properties ---------------------------------------------------------------------------------------

DTYPES = st.sampled_from([np.float64, np.float32, np.int64, np.int32, np.uint8, np.bool_, np.complex128])


@st.composite
def entries(draw):
    n = draw(st.integers(1, 4))
    out = {}
    for i in range(n):
        dtype = draw(DTYPES)
        shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=6))
        out[f"a{i}"] = draw(hnp.arrays(dtype, shape))
    return out


def _same(a: dict, b: dict) -> bool:
    return list(a) == list(b) and all(
        a[k].dtype == b[k].dtype and a[k].shape == b[k].shape and a[k].tobytes() == b[k].tobytes() for k in a)


def _reads_as_missing_or_exact(data: bytes, arrays: dict) -> None:
    try:
        back = cache.read(io.BytesIO(data))
    except ValueError:
        return
    assert _same(back, arrays)


@settings(max_examples=150, deadline=None)
@given(entries(), st.data())
def test_truncated_or_extended_entries_read_as_missing(arrays, data):
    packed = cache.pack(arrays)
    assert _same(cache.read(io.BytesIO(packed)), arrays)
    cut = data.draw(st.integers(0, len(packed) - 1))
    _reads_as_missing_or_exact(packed[:cut], arrays)
    _reads_as_missing_or_exact(packed + data.draw(st.binary(min_size=1, max_size=50)), arrays)


@settings(max_examples=150, deadline=None)
@given(entries(), st.data())
def test_entries_with_flipped_bits_read_as_missing_or_exact(arrays, data):
    packed = bytearray(cache.pack(arrays))
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(packed) * 8 - 1))
        packed[at // 8] ^= 1 << (at % 8)
    _reads_as_missing_or_exact(bytes(packed), arrays)


@settings(max_examples=150, deadline=None)
@given(entries(), st.data())
def test_entries_with_overwritten_bytes_read_as_missing_or_exact(arrays, data):
    packed = cache.pack(arrays)
    start = data.draw(st.integers(0, len(packed) - 1))
    junk = data.draw(st.binary(min_size=1, max_size=40))
    _reads_as_missing_or_exact(packed[:start] + junk + packed[start + len(junk):], arrays)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.binary(max_size=300).map(lambda b: cache.MAGIC + b)))
def test_random_bytes_read_as_missing(data):
    with pytest.raises(ValueError):
        cache.read(io.BytesIO(data))


FOREIGN_NAMES = st.one_of(
    st.from_regex(r"[a-z][a-z0-9-]{0,8}-[0-9a-f]{32}\.(arrays|npz)", fullmatch=True),
    st.from_regex(r"\.[a-z]{1,8}-[0-9a-f]{32}\.arrays\.[0-9a-f]{12}\.part", fullmatch=True),
    st.from_regex(r"[A-Za-z0-9_.-]{1,20}", fullmatch=True).filter(lambda n: n not in (".", "..")),
)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(FOREIGN_NAMES, st.binary(max_size=200), min_size=1, max_size=6), st.booleans())
def test_foreign_files_in_the_folder_survive_prune_and_clear(files, as_folder):
    files = {name: data for name, data in files.items()
             if not data.startswith(cache.MAGIC) and not data.startswith(b"painmap-arrays-1")}
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
        folder = Path(tmp)
        mp.setenv(cache.ENV, tmp)
        for name, data in files.items():
            if as_folder:  # a folder named like an entry, with the file inside it
                (folder / name).mkdir()
                (folder / name / "inside").write_bytes(data)
            else:
                (folder / name).write_bytes(data)
            os.utime(folder / name, (0, 0))
        cache.store(cache.entry_name("example", 1), {"x": np.zeros(1000)})
        cache.prune(folder, limit_mb=0)
        cache.store(cache.entry_name("example", 2), {"x": np.zeros(1000)})
        assert cache.clear() == 1
        for name, data in files.items():
            assert (folder / name / "inside" if as_folder else folder / name).read_bytes() == data
        assert sorted(os.listdir(folder)) == sorted(files)

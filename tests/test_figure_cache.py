"""The figure cache of ``painmap draw`` (painmap/core/figcache.py): a picture drawn before is copied, with
the same bytes and messages and without numpy; anything it depends on that changes gives a fresh draw;
a damaged entry is drawn again; errors and failed draws are never stored."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from painmap.core import figcache

REPO = Path(__file__).resolve().parents[1]
# The command line as a program (main() with no arguments, as `painmap` runs it), then the modules it
# loaded, on the last line of standard error.
PROGRAM = ("import sys\nfrom painmap.cli import main\ntry:\n    code = main()\nfinally:\n"
           "    sys.stderr.write('\\nMODULES ' + ' '.join(sorted(sys.modules)) + '\\n')\nsys.exit(code)")
HEAVY = ("numpy", "matplotlib", "PIL", "aggdraw", "contourpy", "fontTools")


class Run:
    def __init__(self, proc: subprocess.CompletedProcess) -> None:
        self.code = proc.returncode
        self.out = proc.stdout
        self.err, found, modules = proc.stderr.rpartition("\nMODULES ")
        assert found, proc.stderr
        self.modules = set(modules.split())
        self.drew = "numpy" in self.modules  # a picture from the cache loads none of the drawing code

    @property
    def light(self) -> bool:
        return not any(m.split(".")[0] in HEAVY for m in self.modules)


def checkout(folder: Path) -> Path:
    """A copy of painmap and its data (a change to the working tree while the tests run is a change)."""
    shutil.copytree(REPO / "painmap", folder / "painmap")
    shutil.copytree(REPO / "assets", folder / "assets")
    return folder


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory) -> Path:
    """A painmap cache of these tests' own (the back view's projection is built once, by the first draw),
    with a copy of painmap beside it that the tests run."""
    folder = tmp_path_factory.mktemp("figcache")
    checkout(folder / "checkout")
    return folder


def painmap(cache_dir: Path, *argv: str, env: dict | None = None, cwd: Path | None = None,
            pythonpath: Path | None = None) -> Run:
    environ = {name: value for name, value in os.environ.items() if name != figcache.ENV}
    environ.update({"PAINMAP_CACHE_DIR": str(cache_dir),
                    "PYTHONPATH": str(pythonpath or cache_dir / "checkout"), **(env or {})})
    proc = subprocess.run([sys.executable, "-c", PROGRAM, *argv], env=environ, cwd=cwd or cache_dir,
                          capture_output=True, text=True, timeout=600)
    return Run(proc)


def entries(cache_dir: Path) -> set[str]:
    return {p.name for p in (cache_dir / figcache.FOLDER).glob(f"*{figcache.SUFFIX}")}


@pytest.mark.parametrize("suffix", [".svg", pytest.param(".png", marks=pytest.mark.slow),
                                    pytest.param(".pdf", marks=pytest.mark.slow)])
def test_a_second_draw_copies_the_same_bytes_without_numpy(cache_dir, tmp_path, suffix):
    out = tmp_path / f"gm{suffix}"
    first = painmap(cache_dir, "draw", "piriformis", "--view", "back", "-o", str(out))
    assert first.code == 0 and first.drew, first.err
    drawn = out.read_bytes()
    out.unlink()
    second = painmap(cache_dir, "draw", "piriformis", "--view", "back", "-o", str(out))
    assert second.code == 0 and not second.drew and second.light
    assert "painmap.plotting" not in second.modules and "painmap.render.svg" not in second.modules
    assert out.read_bytes() == drawn and second.out == first.out == f"wrote {out}\n" and second.err == ""
    fresh = painmap(cache_dir, "draw", "piriformis", "--view", "back", "-o", str(out), "--no-cache")
    assert fresh.drew and out.read_bytes() == drawn  # the cache holds what a fresh draw writes
    assert not list(tmp_path.glob(".painmap-*"))  # written whole, through a temporary file


@pytest.mark.slow
def test_the_same_command_spelt_otherwise_is_the_same_picture(cache_dir, tmp_path):
    out = tmp_path / "gm.svg"
    assert painmap(cache_dir, "draw", "gluteus-medius", "--view", "back", "-o", str(out)).drew
    for argv in (["draw", "--view=back", "gluteus-medius", "-o", str(out)],
                 ["draw", "gluteus-medius", "--output", str(out), "--view", "back", "--dpi", "150.0"],
                 ["draw", "--view", "back", "gluteus-medius", "-o", "gm.svg"]):
        run = painmap(cache_dir, *argv, cwd=tmp_path)  # a relative path: made absolute
        assert run.code == 0 and not run.drew, argv
    assert painmap(cache_dir, "draw", "gluteus-medius", "--view", "back", "--heat", "classic",
                   "-o", str(out)).drew  # another option
    assert painmap(cache_dir, "draw", "gluteus-medius", "piriformis", "--view", "back", "-o", str(out)).drew
    assert painmap(cache_dir, "draw", "gluteus-medius", "--view", "back", "-o", str(tmp_path / "b.svg")).drew


@pytest.mark.slow
def test_an_environment_variable_painmap_or_its_libraries_read_gives_a_fresh_draw(cache_dir, tmp_path):
    out = tmp_path / "p.svg"
    base = ("draw", "piriformis", "--view", "back", "-o", str(out))
    assert painmap(cache_dir, *base).drew and not painmap(cache_dir, *base).drew
    for env in ({"PAINMAP_PNG_BACKEND": "matplotlib"}, {"MPLBACKEND": "agg"}, {"SOURCE_DATE_EPOCH": "1"},
                {"OPENBLAS_NUM_THREADS": "2"}, {"PYTHONWARNINGS": "ignore"}):
        assert painmap(cache_dir, *base, env=env).drew, env
    assert not painmap(cache_dir, *base, env={"UNRELATED_VARIABLE": "1"}).drew


@pytest.mark.slow
def test_no_cache_and_the_environment_variable_turn_it_off(cache_dir, tmp_path):
    out = tmp_path / "off.svg"
    before = entries(cache_dir)
    for _ in range(2):
        assert painmap(cache_dir, "draw", "piriformis", "--view", "back", "--no-cache", "-o", str(out)).drew
        assert painmap(cache_dir, "draw", "piriformis", "--view", "back", "-o", str(out),
                       env={figcache.ENV: "off"}).drew
    assert entries(cache_dir) == before  # neither read nor stored
    bad = painmap(cache_dir, "draw", "piriformis", "-o", str(out), env={figcache.ENV: "maybe"})
    assert bad.code == 2 and f"{figcache.ENV}='maybe'" in bad.err and "'on', 'off'" in bad.err
    off = painmap(cache_dir, "draw", "piriformis", "--view", "back", "-o", str(out),
                  env={"PAINMAP_CACHE_DIR": "off"})
    assert off.code == 0 and off.drew


@pytest.mark.slow
def test_a_damaged_entry_is_drawn_again_never_served(cache_dir, tmp_path):
    out = tmp_path / "d.svg"
    argv = ("draw", "piriformis", "--view", "back", "--side", "left", "-o", str(out))
    before = entries(cache_dir)
    assert painmap(cache_dir, *argv).drew
    (name,) = entries(cache_dir) - before
    entry = cache_dir / figcache.FOLDER / name
    good, drawn = entry.read_bytes(), out.read_bytes()
    flipped = bytearray(good)
    flipped[-100] ^= 0x01  # one bit of the picture, the length unchanged
    for damaged in (good[: len(good) // 2], bytes(flipped), b"", good.replace(b'"bytes": ', b'"bytes": 1')):
        entry.write_bytes(damaged)
        run = painmap(cache_dir, *argv)
        assert run.code == 0 and run.drew and out.read_bytes() == drawn
        assert entry.read_bytes() == good  # written over with a whole entry
    assert not painmap(cache_dir, *argv).drew and out.read_bytes() == drawn


@pytest.mark.slow
def test_errors_are_never_stored_and_read_the_same_every_time(cache_dir, tmp_path):
    before = entries(cache_dir)
    for argv, code in ((["draw", "piriformis", "--dpi", "0", "-o", str(tmp_path / "x.png")], 2),
                       (["draw", "piriformiss", "--view", "back", "-o", str(tmp_path / "x.svg")], 2),
                       (["draw", "piriformis", "--view", "bak", "-o", str(tmp_path / "x.svg")], 2),
                       (["draw", "piriformis", "--view", "back", "-o", str(tmp_path / "x.jpg")], 2),
                       (["draw", "piriformis", "--view", "back", "-o", str(tmp_path / "no" / "x.svg")], 1)):
        runs = [painmap(cache_dir, *argv) for _ in range(2)]
        assert [r.code for r in runs] == [code, code], runs[0].err
        assert runs[0].err == runs[1].err and "painmap: error:" in runs[0].err
    assert entries(cache_dir) == before
    out = tmp_path / "later.svg"
    argv = ("draw", "piriformis", "--view", "back", "-o", str(out))
    assert painmap(cache_dir, *argv).code == 0
    out.unlink()
    out.mkdir()  # the same picture, now where a folder is: the error a fresh draw gives
    cached, fresh = painmap(cache_dir, *argv), painmap(cache_dir, *argv, "--no-cache")
    assert cached.code == fresh.code != 0 and cached.err == fresh.err and not cached.drew and fresh.drew
    assert cached.out == fresh.out == ""


@pytest.mark.slow
def test_the_warnings_of_a_draw_are_printed_again_from_the_cache(cache_dir, tmp_path):
    out = tmp_path / "w.svg"
    argv = ("draw", "piriformis", "--view", "back", "--title", "Hip \U0010fffd", "-o", str(out))
    first, second = painmap(cache_dir, *argv), painmap(cache_dir, *argv)
    assert first.code == second.code == 0 and first.drew and not second.drew
    assert "PainmapWarning" in first.err and "U+10FFFD" in first.err
    assert second.err == first.err and second.out == first.out
    quiet = painmap(cache_dir, *argv, env={"PYTHONWARNINGS": "ignore"})  # not the same key: drawn, silent
    assert quiet.drew and quiet.err == ""


@pytest.mark.slow
def test_a_changed_painmap_file_gives_a_fresh_draw(cache_dir, tmp_path):
    """An editable install: the code changes, the version does not."""
    copy = checkout(tmp_path / "checkout")
    out = tmp_path / "c.svg"
    argv = ("draw", "piriformis", "--view", "back", "-o", str(out))
    first = painmap(cache_dir, *argv, pythonpath=copy)
    assert first.code == 0 and first.drew, first.err
    assert not painmap(cache_dir, *argv, pythonpath=copy).drew
    source = copy / "painmap" / "render" / "svg.py"
    source.write_text(source.read_text() + "\n# changed\n")
    assert painmap(cache_dir, *argv, pythonpath=copy).drew
    assert not painmap(cache_dir, *argv, pythonpath=copy).drew
    data = copy / "assets" / "muscles" / "piriformis.toml"
    os.utime(data, ns=(data.stat().st_atime_ns, data.stat().st_mtime_ns + 10**9))
    assert painmap(cache_dir, *argv, pythonpath=copy).drew


def test_a_file_an_argument_names_is_in_the_key_by_its_content(tmp_path, monkeypatch):
    from painmap.cli import _figure_key, build_parser

    monkeypatch.setenv("PAINMAP_CACHE_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    named = tmp_path / "caption.txt"
    args = build_parser().parse_args(["draw", "piriformis", "--caption", "caption.txt", "-o", "x.svg"])
    absent = _figure_key(args)
    named.write_text("one")
    one = _figure_key(args)
    assert one == _figure_key(args) != absent
    named.write_text("two")
    assert _figure_key(args) not in (one, absent)
    other = build_parser().parse_args(["draw", "piriformis", "--caption", "caption.txt", "-o", "y.svg"])
    assert _figure_key(other) != _figure_key(args)  # the output file is part of the key too


def test_the_key_follows_fonts_package_files_and_distributions(tmp_path, monkeypatch):
    fonts = tmp_path / "fonts"
    (fonts / "noto").mkdir(parents=True)
    empty = figcache.tree_state([fonts])
    (fonts / "noto" / "NotoSans.ttf").write_bytes(b"font")
    assert figcache.tree_state([fonts]) != empty
    assert figcache.package_digest() == figcache.package_digest()
    monkeypatch.setattr(figcache, "package_digest", lambda: "another painmap")
    changed = figcache.key({"x": 1})
    monkeypatch.undo()
    assert figcache.key({"x": 1}) != changed
    monkeypatch.setattr(sys, "path", [*sys.path, str(tmp_path)])
    plain = figcache.key({"x": 1})
    (tmp_path / "numpy-9.9.dist-info").mkdir()
    assert figcache.key({"x": 1}) != plain


def test_store_load_prune_and_clear(tmp_path, monkeypatch, capsys):
    from painmap.cli import main

    monkeypatch.setenv("PAINMAP_CACHE_DIR", str(tmp_path))
    folder = tmp_path / figcache.FOLDER
    names = [figcache.key({"n": i}) for i in range(3)]
    for i, name in enumerate(names):
        assert figcache.store(name, b"picture %d" % i, "warning\n" * i)
        os.utime(folder / f"{name}{figcache.SUFFIX}", (1000 + i, 1000 + i))
    hit = figcache.load(names[0])  # a use: now the newest
    assert hit.data == b"picture 0" and hit.stderr == ""
    assert figcache.load(names[2]).stderr == "warning\nwarning\n"
    assert figcache.load(figcache.key({"n": 9})) is None
    (folder / f"{names[1]}{figcache.SUFFIX}").rename(folder / f"{names[2]}{figcache.SUFFIX}")
    assert figcache.load(names[2]) is None  # an entry under another's name is not served
    figcache.store(names[2], b"picture 2")
    assert figcache.prune(max_entries=2) == 0
    os.utime(folder / f"{names[2]}{figcache.SUFFIX}", (1, 1))
    assert figcache.prune(max_entries=1) == 1 and entries(tmp_path) == {f"{names[0]}{figcache.SUFFIX}"}
    assert not figcache.store("big", b"x" * (figcache.MAX_ENTRY_BYTES + 1))
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("someone's file")
    (folder / f"{figcache.key({'n': 5})}{figcache.SUFFIX}").symlink_to(elsewhere)
    assert not figcache.store(figcache.key({"n": 5}), b"picture 5")  # never written through a link
    assert elsewhere.read_text() == "someone's file"
    (folder / f"{figcache.key({'n': 5})}{figcache.SUFFIX}").unlink()
    (folder / "notes.txt").write_text("not ours")
    assert main(["cache", "info"]) == 0
    assert "figures:  1 picture, " in capsys.readouterr().out
    assert main(["cache", "clear"]) == 0
    assert capsys.readouterr().out.startswith("removed 1 ") and (folder / "notes.txt").exists()
    assert entries(tmp_path) == set()


def test_main_called_from_python_never_uses_the_figure_cache(tmp_path, capsys):
    """A caller in Python may have changed painmap in memory (tests do): main() draws."""
    from painmap.cli import main

    folder = figcache.folder()
    before = entries(folder.parent) if folder is not None else set()
    for _ in range(2):
        assert main(["draw", "piriformis", "--view", "back", "-o", str(tmp_path / "x.svg")]) == 0
    assert folder is None or entries(folder.parent) == before


def test_the_command_lines_view_names_are_the_cameras():
    from painmap.body.camera import AUTO, VIEWS
    from painmap.cli import VIEW_NAMES

    assert set(VIEW_NAMES) == {*VIEWS, AUTO}


def test_the_cache_folder_is_painmaps(monkeypatch):
    import platformdirs

    monkeypatch.delenv("PAINMAP_CACHE_DIR", raising=False)
    assert figcache.folder() == Path(platformdirs.user_cache_dir("painmap", appauthor=False)) / "figures"
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    assert figcache.folder() == Path(platformdirs.user_cache_dir("painmap", appauthor=False)) / "figures"
    for off in ("off", "0", "relative/path"):
        monkeypatch.setenv("PAINMAP_CACHE_DIR", off)
        assert figcache.folder() is None

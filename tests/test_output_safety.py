"""Files are written whole or not at all: concurrent writers, Ctrl-C, and the same bytes every time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import xml.dom.minidom
from pathlib import Path

import pytest

import painmap as pm
from painmap.core.files import write_atomic
from tests.helpers import png_array

ROOT = Path(__file__).resolve().parents[1]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def test_threads_writing_one_file_leave_one_whole_version(tmp_path):
    out = tmp_path / "same.svg"
    versions = [f"<svg>{'x' * 200_000}{i}</svg>".encode() for i in range(4)]

    def write(data: bytes) -> None:
        for _ in range(20):
            write_atomic(out, data)

    threads = [threading.Thread(target=write, args=(v,)) for v in versions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out.read_bytes() in versions
    assert [p.name for p in tmp_path.iterdir()] == ["same.svg"]


@pytest.mark.slow
def test_four_processes_writing_one_file_leave_it_whole_and_identical(tmp_path):
    for name in ("same.svg", "same.png"):
        out = tmp_path / name
        cmd = [sys.executable, "-m", "painmap", "draw", "piriformis", "--view", "back", "-o", str(out)]
        procs = [subprocess.Popen(cmd, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for _ in range(4)]
        for p in procs:
            _, err = p.communicate(timeout=600)
            assert p.returncode == 0, err.decode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["same.png", "same.svg"]
    fig = pm.draw("piriformis", view="back")
    svg = (tmp_path / "same.svg").read_text()
    xml.dom.minidom.parseString(svg)
    assert svg == fig.to_svg()  # another process, the same bytes
    assert (tmp_path / "same.png").read_bytes() == fig.to_png()


def test_the_same_call_gives_the_same_bytes(tmp_path):
    a = pm.draw(["tfl", "piriformis"], view="back", title="T", colors=True)
    b = pm.draw(["tfl", "piriformis"], view="back", title="T", colors=True)
    assert a.to_svg() == b.to_svg() and a.to_pdf() == b.to_pdf() and a.to_png(dpi=60) == b.to_png(dpi=60)
    first = pm.handout("piriformis", tmp_path / "a.pdf").read_bytes()
    assert pm.handout("piriformis", tmp_path / "b.pdf").read_bytes() == first


@pytest.mark.slow
def test_ctrl_c_during_the_gallery_leaves_no_partial_file(tmp_path):
    out = tmp_path / "gallery"
    proc = subprocess.Popen([sys.executable, "-m", "painmap", "gallery", str(out), "--jobs", "2"],
                            env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.monotonic() + 600
    while proc.poll() is None and time.monotonic() < deadline:
        if len([p for p in out.rglob("*") if p.suffix in (".png", ".svg")]) >= 3:
            break
        time.sleep(0.1)
    assert proc.poll() is None, "the gallery finished before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C in a terminal reaches the whole process group
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 130, err
    assert "interrupted" in err
    assert not (out / "index.html").exists()
    files = [p for p in out.rglob("*") if p.is_file()]
    assert files and not [p for p in files if p.name.endswith(".part")]
    for p in files:
        if p.suffix == ".svg":
            xml.dom.minidom.parse(str(p))
        else:
            assert p.suffix == ".png" and png_array(p.read_bytes()).size > 0


def test_saving_over_a_private_file_through_a_link_keeps_both(tmp_path):
    target = tmp_path / "private.svg"
    target.write_text("old")
    os.chmod(target, 0o600)
    link = tmp_path / "link.svg"
    link.symlink_to(target.name)
    pm.draw([]).save(link)
    assert link.is_symlink() and target.read_text().startswith("<")
    assert target.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.svg", "private.svg"]

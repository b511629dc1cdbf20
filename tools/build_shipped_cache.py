"""Build the data a first picture needs that ships in the package: ``assets/shipped``.

    python tools/build_shipped_cache.py            # (re)write assets/shipped
    python tools/build_shipped_cache.py --check    # exit 1, naming them, if any file is stale or missing

What it writes, each compressed (:func:`painmap.core.cache.zip_entry`):

- ``catalog.arrays.z``: the compiled catalog (:func:`painmap.patterns.catalog.compile_catalog`), with
  the digest of the TOML files it was compiled from; a catalog whose files no longer match that
  digest is parsed again.
- ``<kind>-<hash>.arrays.z``: painmap's disk-cache entries for the default body (``neutral``) that
  are small and slow to compute: the subdivision and its parts, the visibility of every named view,
  the automatic views' table, the landmarks, and the heat of every catalog
  pattern.  They are named by :func:`painmap.core.cache.shipped_name` (the body data, the entry's
  parameters, :data:`~painmap.core.cache.SHIPPED_FORMAT`; not the code), so a change to the code
  that computes them goes unseen until this tool runs again: ``tests/test_shipped_cache.py`` rebuilds
  entries and fails, naming this tool, when they differ.
- ``manifest.json``: the files, each with its kind and size.

Each entry is computed here from scratch (an empty cache, the shipped entries turned off), with the
code and numpy of this checkout, so a picture drawn from them has the same bytes as one drawn from
entries built on the machine.  Run it after changing the body data, the views, the pose, the heat
or viewpick code, or the pattern files.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHAPE = "neutral"
KINDS = ("subdivision", "smooth-part", "visibility", "viewpick", "landmarks", "heat", "svg-body")
"""The disk-cache entries that are shipped whole (a projection is several megabytes a view: only its
raster's triangles and its outlines are; the place names are not: their table comes out in an order that
changes from process to process)."""


def build(views: tuple[str, ...] | None = None, patterns: tuple[str, ...] | None = None) -> dict[str, bytes]:
    """Every shipped file's bytes by name, computed now (in a fresh cache, shipped entries off).

    `views` and `patterns` (pattern ids) limit the views and patterns to those (the tests rebuild a few);
    ``manifest.json`` is then left out.
    """
    from painmap.body.camera import VIEWS
    from painmap.body.mesh import load_body
    from painmap.body.visibility import vertex_visibility
    from painmap.compose import viewpick
    from painmap.core import cache
    from painmap.heat import measured
    from painmap.patterns import catalog

    out: dict[str, bytes] = {}
    kinds: dict[str, str] = {}
    with _fresh_cache(), cache.recording() as seen:
        body = load_body(SHAPE)
        _ = body.smooth, body.smooth_part
        for name in VIEWS if views is None else views:
            vertex_visibility(SHAPE, name)
        if views is None:
            viewpick._candidates(SHAPE)
        for pattern in catalog.muscles():
            if patterns is None or pattern.id in patterns:
                measured(pattern)
        for kind, params, arrays in seen:
            if kind in KINDS and kind != "svg-body":
                name = cache.shipped_name(kind, *params)
                out[name], kinds[name] = cache.zip_entry(arrays), kind
        for name in VIEWS if views is None else views:
            for kind, params, arrays in outlines(name):
                out[cache.shipped_name(kind, *params)] = cache.zip_entry(arrays)
                kinds[cache.shipped_name(kind, *params)] = kind
        for kind, params, arrays in seen:  # the SVG bodies outlines() drew
            if kind == "svg-body":
                name = cache.shipped_name(kind, *params)
                out[name], kinds[name] = cache.zip_entry(arrays), kind
        out[catalog.COMPILED] = cache.zip_entry(catalog.compile_catalog())
        kinds[catalog.COMPILED] = "catalog"
    if views is None and patterns is None:
        manifest = [{"file": name, "kind": kinds[name], "bytes": len(out[name])} for name in sorted(out)]
        out["manifest.json"] = (json.dumps(manifest, indent=1) + "\n").encode()
    return out


def outlines(view: str) -> list[tuple[str, tuple, dict]]:
    """The raster's triangles of the default body's `view`, and its silhouette and feature lines, whole
    and with each set of arms left out (as :func:`painmap.compose.cropping.tidy_limbs` leaves out an arm
    a crop cuts loose): (kind, parameters, arrays) for :func:`painmap.core.cache.shipped_name`."""
    from itertools import combinations

    import numpy as np

    from painmap.body import projection as pj
    from painmap.body.camera import get_view
    from painmap.compose.cropping import LIMBS, pixel_parts
    from painmap.render import svg
    from painmap.scene.style import LOOKS

    proj = pj.project(SHAPE, view)
    params = (proj.body.shape, pj.camera_params(get_view(view)), pj.DEFAULT_RESOLUTION)
    found = [("projection-raster", params, pj.raster_arrays(proj)),
             ("projection-outline", params, pj.outline_arrays(proj))]
    svg._body_geometry(proj, LOOKS["shaded"])  # the SVG's body, recorded as an "svg-body" entry
    parts = pixel_parts(proj)
    limbs = [parts == proj.body.part_names.index(name) for name in LIMBS]
    for k in range(1, len(limbs) + 1):
        for chosen in combinations(limbs, k):
            drop = np.logical_or.reduce(chosen)
            if drop.any() and all(limb.any() for limb in chosen):
                found.append(("projection-without-outline", pj.without_params(proj, drop),
                              pj.without_outline_arrays(pj._dropped(proj, drop))))
                svg._body_geometry(pj.without_pixels(proj, drop), LOOKS["shaded"])
    return found


class _fresh_cache:
    """An empty cache folder and the shipped entries off, for the duration."""

    def __enter__(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="painmap-shipped-")
        self._saved = {k: os.environ.get(k) for k in ("PAINMAP_CACHE_DIR", "PAINMAP_SHIPPED")}
        os.environ["PAINMAP_CACHE_DIR"] = self._tmp.name
        os.environ["PAINMAP_SHIPPED"] = "off"
        return self

    def __exit__(self, *exc):
        for key, value in self._saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        self._tmp.cleanup()


def stale(folder: Path, built: dict[str, bytes], *, complete: bool = True) -> list[str]:
    """The files of `folder` that differ from `built` (compared inflated), are missing, or (if `built` is
    `complete`) are left over."""
    from painmap.core import cache

    problems = []
    for name, data in built.items():
        path = folder / name
        if not path.exists():
            problems.append(f"missing {name}")
        elif name.endswith(cache.SHIPPED_SUFFIX):
            old, new = cache.unzip(path.read_bytes()), cache.unzip(data)
            if old is None or old.keys() != new.keys() or any(
                    old[k].dtype != new[k].dtype or old[k].tobytes() != new[k].tobytes() for k in new):
                problems.append(f"stale {name}")
        elif path.read_bytes() != data and name != "manifest.json":
            problems.append(f"stale {name}")
    for path in sorted(folder.glob("*" + cache.SHIPPED_SUFFIX)) if complete else []:
        if path.name not in built:
            problems.append(f"left over {path.name}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only say whether assets/shipped is up to date")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from painmap.core.assets import assets_dir
    from painmap.core.files import write_atomic

    folder = assets_dir() / "shipped"
    built = build()
    if args.check:
        problems = stale(folder, built) if folder.is_dir() else ["no folder assets/shipped"]
        for line in problems:
            print(line)
        print(f"{len(problems)} problems; run `python tools/build_shipped_cache.py`" if problems
              else f"assets/shipped is up to date ({len(built)} files)")
        sys.exit(1 if problems else 0)
    folder.mkdir(exist_ok=True)
    for path in folder.glob("*.arrays.z"):
        if path.name not in built:
            path.unlink()
    for name, data in built.items():
        if not (folder / name).exists() or (folder / name).read_bytes() != data:
            write_atomic(folder / name, data)
    total = sum(len(d) for d in built.values())
    print(f"wrote {len(built)} files, {total / 1e6:.2f} MB, to {folder}")


if __name__ == "__main__":
    main()

"""The first draw after install (an empty painmap cache) against a cold draw with the cache warm.

Each job is a fresh ``python -m painmap draw ...`` process.  ``first`` runs it with
``PAINMAP_CACHE_DIR`` pointing at a new empty folder (deleted afterwards) and counts the
bytes the draw wrote there; ``warm`` runs it against a folder the same checkout filled
before the timed runs.  Checkouts (this one, and any ``--before DIR``) are interleaved in
one run (A, B, A, B ..., the order swapped every round), so load from other processes
hits them alike; each cell is the median of `--runs` runs, wall clock, with CPU time
(user + system) after it.  Target (issue 26): ``first`` at most 1.5 times ``warm``.

The figure cache of the command line (``painmap/core/figcache.py``: a picture drawn
before is copied, not drawn) is turned off for every run (``PAINMAP_FIGURE_CACHE=off``):
this measures what the data cache saves a draw, which a first draw of another picture
(another muscle, view or option) pays.

Jobs: ``gluteus-medius -o x.png`` (automatic views: choosing them scores seven views),
``gluteus-medius --view back -o x.svg``, ``piriformis -o x.png`` (automatic views).

Run:  python benchmarks/bench_first_draw.py [--runs 7] [--before /path/to/old/checkout]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_peer import Contender, cell, interleaved, median

REPO = Path(__file__).resolve().parent.parent
JOBS = {
    "gluteus medius PNG, auto views": (["gluteus-medius"], ".png"),
    "gluteus medius SVG, back view": (["gluteus-medius", "--view", "back"], ".svg"),
    "piriformis PNG, auto views": (["piriformis"], ".png"),
}


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per cell (the median is shown; >= 7)")
    parser.add_argument("--before", type=Path, action="append", default=[],
                        help="an earlier painmap checkout to compare in the same run (repeatable)")
    parser.add_argument("--jobs", nargs="*", choices=list(JOBS), help="only these jobs")
    args = parser.parse_args()
    if args.runs < 7:
        parser.error("--runs must be at least 7 (medians of fewer runs are noise on a shared machine)")
    mine = [Contender("painmap", "painmap", REPO)]
    mine += [Contender(f"before{i + 1 if len(args.before) > 1 else ''}", "painmap", path.resolve())
             for i, path in enumerate(args.before)]
    for c in mine:  # byte-compile each checkout, as installing a wheel does
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(c.path / "painmap")], check=True)
    tmp = Path(tempfile.mkdtemp(prefix="painmap-first-"))
    load = os.getloadavg()
    print(f"# first draw (empty cache) vs cold draw (warm cache): medians of {args.runs} interleaved runs; "
          f"wall clock (cpu = user+sys)")
    print(f"# {os.cpu_count()} CPUs, load average at start {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; "
          f"python {sys.version.split()[0]}")
    for c in mine:
        print(f"# {c.label}: {c.path}")
    warm_dirs = {c.label: tmp / f"warm-{c.label}" for c in mine}
    written: dict[str, list[int]] = {}

    def draw(c: Contender, job: str, cache: Path) -> dict:
        argv, suffix = JOBS[job]
        out = tmp / f"{c.label}{suffix}"
        env = {**c.env, "PAINMAP_CACHE_DIR": str(cache), "PAINMAP_FIGURE_CACHE": "off"}
        return c.run(["-m", "painmap", "draw", *argv, "-o", str(out)], env=env)

    def first(c: Contender, job: str) -> dict:
        folder = Path(tempfile.mkdtemp(dir=tmp))
        try:
            got = draw(c, job, folder)
            written.setdefault(f"{c.label}/{job}", []).append(folder_bytes(folder))
            return got
        finally:
            shutil.rmtree(folder)

    print("\n| job | measure | " + " | ".join(c.label for c in mine) + " |")
    print("|" + "---|" * (2 + len(mine)))
    for job in args.jobs or list(JOBS):
        for c in mine:
            draw(c, job, warm_dirs[c.label])  # fills this checkout's warm cache
        cold = interleaved(mine, lambda c, job=job: draw(c, job, warm_dirs[c.label]), args.runs)
        empty = interleaved(mine, lambda c, job=job: first(c, job), args.runs, warmup=0)
        print(f"| {job} | first draw, empty cache | " + " | ".join(cell(empty[c.label]) for c in mine) + " |")
        print(f"| {job} | cold draw, warm cache | " + " | ".join(cell(cold[c.label]) for c in mine) + " |")
        ratios = [f"{median(empty[c.label], 'wall') / median(cold[c.label], 'wall'):.2f}x wall, "
                  f"{median(empty[c.label], 'cpu') / median(cold[c.label], 'cpu'):.2f}x cpu" for c in mine]
        print(f"| {job} | first / warm (target <= 1.5x) | " + " | ".join(ratios) + " |")
        sizes = [f"{max(written[f'{c.label}/{job}']) / 1e6:.1f} MB" for c in mine]
        print(f"| {job} | cache bytes written by the first draw | " + " | ".join(sizes) + " |")
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"\n# load average at end {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

"""painmap against its nearest Python peer, anatomapa 0.4.5, on the same back-view job.

The job: the gluteus medius referral area (low back, sacrum, buttock and hip on the
patient's right) seen from behind.  anatomapa colours fixed regions of a body outline
(lower back, buttock, hip, thigh on the right); painmap computes where the pain goes
on a 3-D body.  Every row runs both libraries interleaved in one run (A, B, A, B ...,
the order swapped every round), so load from other processes hits both alike; each
cell is the median of `--runs` runs (at least 7), wall clock, with CPU time after it.

Rows: ``import`` (whole process); warm PNG at the same pixel count (anatomapa's scale
is set so its PNG has as many pixels as painmap's); warm SVG; a cold process drawing
PNG and SVG through the command line (anatomapa has none: ``python -c`` with the same
three lines a user writes), with painmap's figure cache off (``PAINMAP_FIGURE_CACHE=off``: a
new figure, the projection cache warm); the same cold SVG and PNG again with the figure cache
on and the figure drawn once before the timed runs (``figure cached``: the command is copied
from the figure cache without numpy); the same cold PNG with an empty painmap cache (the first
picture ever on a machine); peak RSS of one command-line PNG and SVG, new and cached;
``painmap gallery``.
``--before DIR`` adds an earlier painmap checkout as a third column (same run, same
interleaving); ``--cache-root DIR`` gives each painmap checkout a disk cache of its own
(``DIR/<label>``) rather than the user's.  ``--scaling`` adds time against patterns per
figure, views and dpi.

Each painmap checkout is byte-compiled first (``compileall``), as a wheel install is, so
cold processes load ``.pyc`` files as anatomapa's do (this matters where
``PYTHONDONTWRITEBYTECODE`` is set).  Installs nothing: ``pip install -e '.[bench]'``
gives anatomapa with its raster extra.

Run:  python benchmarks/bench_peer.py [--runs 7] [--before /path/to/old/checkout] [--scaling]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORKER = HERE / "_worker.py"
PEER_PIXELS = 669.6 * 960  # anatomapa's posterior figure at scale 1 (its SVG viewBox)
PEER_CODE = """
import sys
import anatomapa as am
v = {am.Region.LOWER_BACK_RIGHT: 1.0, am.Region.BUTTOCKS_RIGHT: 1.0, am.Region.HIP_RIGHT: 0.5,
     am.Region.THIGH_RIGHT: 0.3}
fig = am.heatmap(v, view="posterior", lang="en")
out = sys.argv[1]
if out.endswith(".png"):
    open(out, "wb").write(fig.to_png(scale=float(sys.argv[2])))
else:
    fig.save(out)
"""
TARGETS = {"import": "< 100 ms", "warm PNG": "<= 0.33", "warm SVG": "<= 4", "cold PNG": "<= 1.0",
           "cold SVG": "<= 5", "RSS": "<= 2", "gallery": "< 8 s"}


class Contender:
    """One library (or painmap checkout) under test."""

    def __init__(self, label: str, library: str, path: Path | None = None) -> None:
        self.label, self.library, self.path = label, library, path
        self.cwd = tempfile.gettempdir()  # never a checkout: `python -c/-m` put the cwd first on sys.path
        self.env = dict(os.environ)
        if path is not None:
            self.env["PYTHONPATH"] = str(path)
        self._worker: subprocess.Popen | None = None

    def run(self, argv: list[str], env: dict | None = None) -> dict:
        """Run a fresh process; its wall time, CPU time (user + system) and peak RSS."""
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, *argv], env=env or self.env, cwd=self.cwd,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            raise RuntimeError(f"{self.label}: {' '.join(argv)} failed: {proc.stderr.read().decode()}")
        proc.stderr.close()
        return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024}

    def warm(self, job: dict) -> dict:
        """Time one job in the long-lived worker process."""
        if self._worker is None:
            self._worker = subprocess.Popen([sys.executable, str(WORKER), self.library], env=self.env,
                                            cwd=self.cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            text=True)
        self._worker.stdin.write(json.dumps(job) + "\n")
        self._worker.stdin.flush()
        line = self._worker.stdout.readline()
        if not line:
            raise RuntimeError(f"{self.label}: the worker died on {job}")
        return json.loads(line)

    def close(self) -> None:
        if self._worker is not None:
            self._worker.stdin.close()
            self._worker.wait()


def interleaved(contenders, measure, runs: int, warmup: int = 1) -> dict[str, list[dict]]:
    """Results of `measure(contender)` for every contender, alternating, order swapped each round."""
    out: dict[str, list[dict]] = {c.label: [] for c in contenders}
    for _ in range(warmup):
        for c in contenders:
            measure(c)
    for i in range(runs):
        for c in (contenders if i % 2 == 0 else contenders[::-1]):
            out[c.label].append(measure(c))
    return out


def median(results: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in results)


def fmt_time(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def cell(results: list[dict] | None, key: str = "wall") -> str:
    if not results:
        return "—"
    if key == "rss":
        return f"{median(results, 'rss'):.0f} MB"
    return f"{fmt_time(median(results, 'wall'))} (cpu {fmt_time(median(results, 'cpu'))})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per cell (the median is shown; >= 7)")
    parser.add_argument("--gallery-runs", type=int, help="runs of the gallery row (default: --runs)")
    parser.add_argument("--before", type=Path, help="an earlier painmap checkout to compare in the same run")
    parser.add_argument("--cache-root", type=Path,
                        help="a disk cache per painmap checkout, DIR/<label> (default: the user's)")
    parser.add_argument("--scaling", action="store_true", help="also time patterns, views and dpi")
    parser.add_argument("--no-gallery", action="store_true", help="skip the (slow) gallery row")
    args = parser.parse_args()
    if args.runs < 7:
        parser.error("--runs must be at least 7 (medians of fewer runs are noise on a shared machine)")
    try:
        import anatomapa
    except ImportError:
        sys.exit("anatomapa is not installed: pip install -e '.[bench]'")

    now = Contender("painmap", "painmap", REPO)
    mine = [now] + ([Contender("before", "painmap", args.before.resolve())] if args.before else [])
    peer = Contender(f"anatomapa {anatomapa.__version__}", "anatomapa")
    everyone = [*mine, peer]
    for c in mine:  # every row draws, but the rows that say "figure cached"
        c.env["PAINMAP_FIGURE_CACHE"] = "off"
    if args.cache_root is not None:
        for c in mine:
            c.env["PAINMAP_CACHE_DIR"] = str((args.cache_root / c.label).resolve())
    for c in mine:  # byte-compile each checkout, as installing a wheel does for anatomapa
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(c.path / "painmap")], check=True)
    tmp = Path(tempfile.mkdtemp(prefix="painmap-bench-"))
    load = os.getloadavg()
    print(f"# painmap vs anatomapa: medians of {args.runs} interleaved runs; wall clock (cpu = user+sys)")
    print(f"# {os.cpu_count()} CPUs, load average at start {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; "
          f"python {sys.version.split()[0]}")

    # The pixel size painmap's PNG has, so that anatomapa draws as many pixels.
    png = tmp / "size.png"
    now.run(["-m", "painmap", "draw", "gluteus-medius", "-o", str(png)])  # also fills the disk cache
    w, h = int.from_bytes(png.read_bytes()[16:20], "big"), int.from_bytes(png.read_bytes()[20:24], "big")
    scale = round((w * h / PEER_PIXELS) ** 0.5, 4)
    print(f"# PNG size: painmap {w} x {h} px at 150 dpi; anatomapa scale {scale} "
          f"({round(669.6 * scale)} x {round(960 * scale)} px)")

    def cli(c: Contender, suffix: str, env: dict | None = None) -> dict:
        out = str(tmp / f"{c.library}{suffix}")
        if c.library == "anatomapa":
            return c.run(["-c", PEER_CODE, out, str(scale)])
        return c.run(["-m", "painmap", "draw", "gluteus-medius", "-o", out], env=env)

    def cached(c: Contender, suffix: str) -> dict:
        """A cold process whose figure was drawn before: the warm-up run of `interleaved` stores it."""
        if c.library == "anatomapa":
            return cli(c, suffix)
        return cli(c, suffix, env={**c.env, "PAINMAP_FIGURE_CACHE": "on"})

    def fresh_cache(c: Contender) -> dict:
        folder = Path(tempfile.mkdtemp(dir=tmp))
        try:
            return cli(c, ".png", env={**c.env, "PAINMAP_CACHE_DIR": str(folder)})
        finally:
            shutil.rmtree(folder)

    rows: list[tuple[str, dict[str, list[dict]], str]] = []
    importer = {c.label: ["-c", f"import {c.library}"] for c in everyone}
    imports = interleaved(everyone, lambda c: c.run(importer[c.label]), args.runs)
    rows.append(("import (whole process)", imports, "import"))
    rows.append(("warm PNG, same pixel size", interleaved(
        everyone, lambda c: c.warm({"kind": "png", "scale": scale}), args.runs, warmup=2), "warm PNG"))
    rows.append(("warm SVG", interleaved(everyone, lambda c: c.warm({"kind": "svg"}), args.runs, warmup=2),
                 "warm SVG"))
    rows.append(("cold `painmap draw gluteus-medius -o x.png`, new figure",
                 interleaved(everyone, lambda c: cli(c, ".png"), args.runs), "cold PNG"))
    rows.append(("cold CLI to SVG, new figure", interleaved(everyone, lambda c: cli(c, ".svg"), args.runs),
                 "cold SVG"))
    rows.append(("cold CLI to SVG, figure cached", interleaved(everyone, lambda c: cached(c, ".svg"),
                                                               args.runs), "cold SVG"))
    rows.append(("cold CLI PNG, figure cached", interleaved(everyone, lambda c: cached(c, ".png"),
                                                            args.runs), "cold PNG"))
    rss_rows = {"PNG, new figure": rows[3][1], "SVG, new figure": rows[4][1],
                "SVG, figure cached": rows[5][1], "PNG, figure cached": rows[6][1]}
    rows.append(("cold CLI PNG, empty painmap cache (first run)",
                 interleaved(mine, fresh_cache, args.runs, warmup=0), ""))
    if not args.no_gallery:
        def gallery(c: Contender) -> dict:
            folder = tmp / f"gallery-{c.label}"
            shutil.rmtree(folder, ignore_errors=True)
            got = c.run(["-m", "painmap", "gallery", str(folder), "--jobs", "2"])
            files[c.label] = len(list(folder.rglob("*.png"))) + len(list(folder.rglob("*.svg")))
            return got

        files: dict[str, int] = {}

        runs = args.gallery_runs or args.runs
        # one unmeasured run each first: it fills the disk cache with every body shape's views
        results = interleaved(mine, gallery, runs, warmup=1)
        written = ", ".join(f"{label} {n}" for label, n in files.items())
        rows.append((f"`painmap gallery --jobs 2` (files: {written})", results, "gallery"))

    labels = [c.label for c in everyone]
    head = f"| measure | {' | '.join(labels)} | painmap / anatomapa | target |"
    print("\n" + head + "\n|" + "---|" * (len(labels) + 3))
    for name, results, target in rows:
        cells = [cell(results.get(label)) for label in labels]
        ratio = "—"
        if peer.label in results:
            ratio = f"{median(results['painmap'], 'wall') / median(results[peer.label], 'wall'):.2f}"
        print(f"| {name} | {' | '.join(cells)} | {ratio} | {TARGETS.get(target, '')} |")
    for kind, runs in rss_rows.items():
        rss_cells = [cell(runs.get(label), "rss") for label in labels]
        ratio = median(runs["painmap"], "rss") / median(runs[peer.label], "rss")
        print(f"| peak RSS of one CLI {kind} draw | {' | '.join(rss_cells)} | {ratio:.2f} | "
              f"{TARGETS['RSS']} |")

    if args.scaling:
        scaling(mine, args.runs)
    for c in everyone:
        c.close()
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"\n# load average at end {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


def scaling(mine: list[Contender], runs: int) -> None:
    """Warm time against patterns per figure, views per figure and dpi (growth shows as ms per unit)."""
    n_all = min(c.warm({"kind": "count"})["bytes"] for c in mine)  # "all": the catalog every checkout has
    tables = [
        ("patterns in one figure (back view)", [1, 4, 16, n_all],
         lambda n, kind: {"kind": kind, "patterns": n}),
        ("views in one figure (gluteus medius)", [1, 2, 4],
         lambda n, kind: {"kind": kind, "view": ["back", "right", "front", "left"][:n]}),
        ("dpi (gluteus medius, back, PNG)", [72, 150, 300, 600],
         lambda n, kind: {"kind": "png", "dpi": n}),
    ]
    for title, sizes, make in tables:
        kinds = ["png"] if title.startswith("dpi") else ["png", "svg"]
        print(f"\n| {title} | " + " | ".join(f"{c.label} {k.upper()}" for k in kinds for c in mine) + " |")
        print("|" + "---|" * (1 + len(kinds) * len(mine)))
        first: dict[tuple[str, str], float] = {}
        for n in sizes:
            cells = []
            for kind in kinds:
                job = make(n, kind)
                got = interleaved(mine, lambda c, job=job: c.warm(job), runs, warmup=1)
                for c in mine:
                    t = median(got[c.label], "wall")
                    base = first.setdefault((c.label, kind), t)
                    cells.append(f"{fmt_time(t)} ({t / base:.1f}x)")
            print(f"| {n} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

"""Reading at the floor (issue 26): `where` for one drawing and for many, and cohorts, against plain numpy.

Run:  python benchmarks/bench_where.py [--runs 7] [--before /tmp/before26]

Prints the issue's rows as a table (painmap against a floor written here in plain numpy, the
same sums; warm calls, median of the runs, with CPU time), then a before/after table against
another checkout (``--before``).  Every measurement is interleaved: painmap, floor, painmap,
floor ... in one run, and before, after, before, after ... across two long-lived worker
processes, one per checkout (``python bench_where.py --worker``, the checkout on PYTHONPATH).
The rows "another process holds a core" start a process that spins on one core for as long as
they run.  Each checkout uses a cache directory of its own (/tmp/bc_where_before, _after).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
MAIN = HERE.parent
SEED = 26
PLACES = ["low back", "buttock_upper", "buttock_lateral", "thigh_posterior", "thigh_lateral", "leg_posterior",
          "hip_lateral", "groin", "sacroiliac", "knee_anterior", "neck_posterior", "shoulder_top", "scapula",
          "temple", "arch of the foot", "forearm_posterior", "chest", "upper_arm_lateral"]
MANY = 2_000
COHORT = 20_000
BIG_COHORT = 100_000
ONE_CALLS = 200
BEFORE_MANY = 200
"""The checkout before issue 26 looks drawings up one by one (40 ms each): it is timed on this many
of the 2,000 drawings and scaled up."""


# ---------------------------------------------------------------- the jobs, run inside a worker
def drawings(pm, count: int, kinds: int | None = None) -> list:
    """`count` drawings of one to three places on a random side and pain; `kinds` distinct ones repeated."""
    rng = np.random.default_rng(SEED)
    made = []
    for _ in range(kinds or count):
        places = [str(p) for p in rng.choice(PLACES, size=rng.integers(1, 4), replace=False)]
        made.append(pm.PainDrawing.from_regions(places, side=str(rng.choice(["right", "left", "both"])),
                                                intensity=float(rng.uniform(0.3, 1.0))))
    return made if kinds is None else [made[k % kinds] for k in range(count)]


class Floor:
    """`where` and `cohort` in plain numpy: a dense vertex-major table, gather, score, top 10."""

    def __init__(self, pm) -> None:
        from painmap.reading import ranking

        t = ranking.tables(pm.PainDrawing.from_regions("sacrum").body)
        width = t.n_columns
        dense = np.zeros((t.body.n_vertices, width))
        vertex = np.repeat(np.arange(t.body.n_vertices), np.diff(t.start))
        dense[vertex, t.column] = t.value
        self.table, self.t, self.n = dense, t, len(t.patterns)
        self.areas = t.body.vertex_areas

    def where(self, index: np.ndarray, level: np.ndarray) -> np.ndarray:
        t, n = self.t, self.n
        w = level * self.areas[index]
        total = w.sum()
        sums = w @ self.table[index]
        overlap = sums[:3 * n].reshape(3, n)
        fit = (overlap / total) ** 0.7 * (overlap / t.mass) ** 0.3
        inside = sums[3 * n:].reshape(-1, 3)
        value = t.weight * (inside / (t.place_areas + total - inside)).max(axis=1)[t.place]
        prior = np.zeros(n)
        prior[t.listed] = np.maximum.reduceat(value, t.owner_start)
        score = fit.max(axis=0) * (1 + prior)
        top = np.argpartition(-score, 10)[:10]
        return top[np.argsort(-score[top])]


def job(pm, name: str, state: dict):
    """The callable for a job (data made once per worker, outside the timing)."""
    if "one" not in state:
        state["one"] = (pm.PainDrawing.from_regions(["scapula", "lumbar_back", "buttock_upper"], side="right")
                        | pm.PainDrawing.from_regions(["thigh_posterior"], side="left"))
        state["many"] = drawings(pm, MANY)
        state["cohort"] = drawings(pm, COHORT, kinds=500)
    one, many, cohort = state["one"], state["many"], state["cohort"]
    if name == "where_one":
        return lambda: pm.where(one)
    if name == "where_many":
        return lambda: pm.where(many)
    if name == "where_many_loop":  # before issue 26: one call per drawing, on BEFORE_MANY of them
        return lambda: [pm.where(d) for d in many[:BEFORE_MANY]]
    if name == "cohort":
        return lambda: pm.cohort(cohort)
    if name.startswith("floor"):
        if "floor" not in state:
            state["floor"] = Floor(pm)
            state["sparse_one"] = one.nonzero()
            state["sparse_many"] = [d.nonzero() for d in many]
            state["painted"] = [d.nonzero()[0].astype(np.int32) for d in cohort]
        floor = state["floor"]
        if name == "floor_where_one":
            return lambda: floor.where(*state["sparse_one"])
        if name == "floor_where_many":
            return lambda: [floor.where(i, v) for i, v in state["sparse_many"]]
        if name == "floor_cohort":
            n = one.body.n_vertices
            return lambda: np.bincount(np.concatenate(state["painted"]), minlength=n)
    raise ValueError(name)


def worker() -> None:
    """Answer one JSON job per line: {"name", "calls"} -> {"wall", "cpu"} per call, in ms."""
    import painmap as pm

    state: dict = {}
    for line in sys.stdin:
        asked = json.loads(line)
        fn = job(pm, asked["name"], state)
        fn()  # warm
        calls = asked.get("calls", 1)
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(calls):
            fn()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(json.dumps({"wall": 1000 * wall / calls, "cpu": 1000 * cpu / calls}), flush=True)


# ---------------------------------------------------------------- the driver
class Worker:
    def __init__(self, checkout: Path, cache: str) -> None:
        env = dict(os.environ, PYTHONPATH=str(checkout), PAINMAP_CACHE_DIR=cache, OMP_NUM_THREADS="",
                   PYTHONHASHSEED="0")
        env.pop("OMP_NUM_THREADS")
        self.proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--worker"], env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def run(self, name: str, calls: int = 1) -> dict:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(json.dumps({"name": name, "calls": calls}) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        assert self.proc.stdin
        self.proc.stdin.close()
        self.proc.wait()


class Spinner:
    """Another process holding a core for as long as the block runs."""

    def __enter__(self):
        self.proc = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        time.sleep(0.3)
        return self

    def __exit__(self, *exc) -> None:
        self.proc.kill()
        self.proc.wait()


def interleaved(pairs: list[tuple[Worker, str, int]], runs: int) -> list[dict]:
    """Run each (worker, job, calls) once per run, in turn; the median wall and CPU of each, in ms."""
    seen: list[list[dict]] = [[] for _ in pairs]
    for _ in range(runs):
        for k, (w, name, calls) in enumerate(pairs):
            seen[k].append(w.run(name, calls))
    return [{key: statistics.median(r[key] for r in results) for key in ("wall", "cpu")} for results in seen]


def cold_cli(before: Path | None, runs: int) -> list[dict]:
    """`painmap where "lateral thigh" buttock_lateral` in a new process each time (after, before, ...)."""
    checkouts = [(MAIN, "/tmp/bc_where_after")] + ([(before, "/tmp/bc_where_before")] if before else [])
    command = [sys.executable, "-m", "painmap", "where", "lateral thigh", "buttock_lateral"]
    seen: list[list[dict]] = [[] for _ in checkouts]
    for rep in range(runs + 1):
        for k, (checkout, cache) in enumerate(checkouts):
            env = dict(os.environ, PYTHONPATH=str(checkout), PAINMAP_CACHE_DIR=cache)
            start, usage = time.perf_counter(), os.times()
            # Run from the checkout: `python -m` puts the working folder first on the path.
            subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, cwd=checkout)
            wall, after = time.perf_counter() - start, os.times()
            cpu = (after.children_user - usage.children_user
                   + after.children_system - usage.children_system)
            if rep:  # the first run of each fills its cache
                seen[k].append({"wall": 1000 * wall, "cpu": 1000 * cpu})
    return [{key: statistics.median(r[key] for r in results) for key in ("wall", "cpu")} for results in seen]


def big_cohort_peak() -> tuple[float, float]:
    """(seconds, peak MB) of a cohort of 100,000 sparse drawings (500 kinds, in a list), in this process."""
    import painmap as pm

    many = drawings(pm, BIG_COHORT, kinds=500)
    pm.cohort(many[:10])
    tracemalloc.start()
    start = time.perf_counter()
    pm.cohort(many, groups=["a" if k % 3 else "b" for k in range(BIG_COHORT)])
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak / 1e6


def cell(r: dict) -> str:
    return f"{r['wall']:.3g} ms (CPU {r['cpu']:.3g})" if r["wall"] < 1000 else \
        f"{r['wall'] / 1000:.3g} s (CPU {r['cpu'] / 1000:.3g})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--before", type=Path, help="another checkout (e.g. /tmp/before26) for before/after")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker()
        return
    after = Worker(MAIN, "/tmp/bc_where_after")
    before = Worker(args.before, "/tmp/bc_where_before") if args.before else None
    runs = args.runs
    print(f"{runs} runs, interleaved; medians; {os.cpu_count()} cores; load average "
          f"{os.getloadavg()[0]:.1f} at the start\n")

    quiet = interleaved([(after, "where_one", ONE_CALLS), (after, "floor_where_one", ONE_CALLS)], runs)
    with Spinner():
        busy = interleaved([(after, "where_one", ONE_CALLS), (after, "floor_where_one", ONE_CALLS)], runs)
    many = interleaved([(after, "where_many", 1), (after, "floor_where_many", 1)], runs)
    herd = interleaved([(after, "cohort", 1), (after, "floor_cohort", 1)], runs)
    print("| measure | painmap | floor | ratio |")
    print("|---|---|---|---|")
    for label, (mine, floor) in [("`where`, one drawing (warm)", quiet),
                                 ("`where`, one drawing, another process holding a core", busy),
                                 (f"`where` over {MANY:,} drawings, one call", many),
                                 (f"`cohort` of {COHORT:,} sparse drawings", herd)]:
        print(f"| {label} | {cell(mine)} | {cell(floor)} | {mine['wall'] / floor['wall']:.1f}x |")
    seconds, peak = big_cohort_peak()
    print(f"| `cohort` of {BIG_COHORT:,} sparse drawings (two groups) | {seconds * 1000:.0f} ms, "
          f"peak {peak:.1f} MB (tracemalloc) | - | - |")

    if before is None:
        after.close()
        return
    print(f"\nbefore ({args.before}) / after ({MAIN}), interleaved:\n")
    rows = [("`where`, one drawing (warm)", ("where_one", ONE_CALLS), ("where_one", ONE_CALLS), 1),
            (f"`where` over {MANY:,} drawings (before: a loop over {BEFORE_MANY}, x{MANY // BEFORE_MANY})",
             ("where_many_loop", 1), ("where_many", 1), MANY // BEFORE_MANY),
            (f"`cohort` of {COHORT:,} sparse drawings", ("cohort", 1), ("cohort", 1), 1)]
    print("| measure | before | after | speed-up |")
    print("|---|---|---|---|")
    for label, old, new, scale in rows:
        b, a = interleaved([(before, *old), (after, *new)], runs if scale == 1 else 3)
        b = {k: v * scale for k, v in b.items()}
        print(f"| {label} | {cell(b)} | {cell(a)} | {b['wall'] / a['wall']:.0f}x |")
    with Spinner():
        b, a = interleaved([(before, "where_one", 20), (after, "where_one", ONE_CALLS)], runs)
    print(f"| `where`, one drawing, another process holding a core | {cell(b)} | {cell(a)} | "
          f"{b['wall'] / a['wall']:.0f}x |")
    new, old = cold_cli(args.before, runs)
    print(f"| cold CLI `painmap where \"lateral thigh\" buttock_lateral` (new process, cache warm) | "
          f"{cell(old)} | {cell(new)} | {old['wall'] / new['wall']:.1f}x |")
    before.close()
    after.close()


if __name__ == "__main__":
    main()

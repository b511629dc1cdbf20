"""A long-lived benchmark worker: times one drawing job per request (not part of the package).

Run by ``bench_peer.py`` as ``python _worker.py painmap`` (with the painmap checkout to
measure on PYTHONPATH) or ``python _worker.py anatomapa``.  Each line on stdin is a
JSON job; each reply line is ``{"wall": seconds, "cpu": seconds}``.  Keeping the
process alive lets the driver interleave warm measurements of several libraries.
"""

from __future__ import annotations

import json
import sys
import time

PATTERN = "gluteus_medius"  # referral: low back, sacrum, buttock and hip on the right
PEER_VALUES = {"LOWER_BACK_RIGHT": 1.0, "BUTTOCKS_RIGHT": 1.0, "HIP_RIGHT": 0.5, "THIGH_RIGHT": 0.3}


def painmap_job(job: dict):
    import painmap as pm

    kind = job["kind"]
    if kind == "count":
        return lambda: pm.muscles()
    patterns = job.get("patterns")
    names = PATTERN if patterns is None else [p.id for p in pm.muscles()][:patterns]
    fig = pm.draw(names, view=job.get("view", "back"))
    if kind == "png":
        return lambda: fig.to_png(dpi=job.get("dpi", 150))
    return fig.to_svg


def peer_job(job: dict):
    import anatomapa as am

    values = {getattr(am.Region, k): v for k, v in PEER_VALUES.items()}
    fig = am.heatmap(values, view="posterior", lang="en")
    return (lambda: fig.to_png(scale=job["scale"])) if job["kind"] == "png" else fig.to_svg


def main() -> None:
    library = sys.argv[1]
    make = painmap_job if library == "painmap" else peer_job
    for line in sys.stdin:
        job = json.loads(line)
        wall, cpu = time.perf_counter(), time.process_time()
        out = make(job)()  # the whole job: the figure is made inside the timing
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(json.dumps({"wall": wall, "cpu": cpu, "bytes": len(out)}), flush=True)


if __name__ == "__main__":
    main()

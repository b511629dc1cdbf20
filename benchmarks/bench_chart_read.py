"""Reading a chart from a big scan or a phone photo: load, register, resample, find the ink, read.

Run:  python benchmarks/bench_chart_read.py

Each job reads one file with ``PainDrawing.from_image``.  "cold" is the first read in a fresh
Python process (painmap's modules imported, nothing read yet: the chart's geometry, the body's
projections and the blank chart come from painmap's disk cache, which an earlier process filled);
"warm" is the median of the next three reads in that process.  A line per job splits a warm read
into its stages.  The machine's load average is printed: on a shared machine the times scale with
it.  The files are made first (a 600-dpi A4 scan, turned 3 degrees, as PNG and as JPEG; a
12-megapixel phone photo of the page on a table, JPEG).
"""

from __future__ import annotations

import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def one(path: str) -> None:
    """Read `path` once cold and three times warm; print the times (ms) and the registration as JSON."""
    import contourpy  # noqa: F401  (the modules are imported before the clock starts)

    import painmap as pm
    from painmap.chart import ink, qc, scan  # noqa: F401

    start = time.perf_counter()
    pm.PainDrawing.from_image(path, view="back")
    cold = (time.perf_counter() - start) * 1000
    warm = []
    for _ in range(3):
        start = time.perf_counter()
        pm.PainDrawing.from_image(path, view="back")
        warm.append((time.perf_counter() - start) * 1000)
    stages = {}

    def clock(name, fn, *args, **kwargs):
        start = time.perf_counter()
        out = fn(*args, **kwargs)
        stages[name] = (time.perf_counter() - start) * 1000
        return out

    from painmap.chart import register as reg_module

    body = pm.PainDrawing.from_regions("sacrum").body
    geo = scan.chart_geometry("back", body=body)
    _, rgb = clock("load", scan._load_file, path)
    grey = np.maximum(np.maximum(rgb[..., 0], rgb[..., 1]), rgb[..., 2])
    reg = clock("register", reg_module.register, grey, paper="A4", landscape=False)
    blank = scan.blank_page(geo.views, body.shape, "A4", reg.code.chart_id)
    page = clock("warp", scan.warp_page, rgb, reg.homography, blank.shape[:2], scan.PAGE_DPI)
    found = clock("ink", ink.read_ink, page, blank, dpi=scan.PAGE_DPI)
    clock("check", scan.aligned_share, scan.ChartPage(page, blank, reg, geo))
    page_map = scan.dpi_map(found.strength.shape, scan.PAGE_DPI)
    values = clock("body", lambda: np.max([scan._read_panel(p, found.strength, page_map) for p in geo.panels],
                                          axis=0))
    clock("unread", scan.unread_surface, values, found.unread, geo, page_map)
    print(json.dumps({"cold": cold, "warm": statistics.median(warm), "dpi": reg.dpi, "turned": reg.turned,
                      "fit_in": reg.fit_in, "stages": stages}))


def make_files(folder: Path) -> list[tuple[str, Path]]:
    import painmap as pm
    from tests import chart_pictures as pictures

    drawing = pictures.BACK
    png = pm.template("back", drawing=drawing).to_png(dpi=600)
    page = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    # A4 at 600 dpi: the page turned 3 degrees on the scanner bed, printed "fit to page"
    scan = Image.fromarray(pictures.turned(page, 3)).resize((4961, 7016), Image.BILINEAR)
    jobs = []
    path = folder / "scan600.png"
    scan.save(path, compress_level=6)
    jobs.append(("600-dpi A4 scan, PNG", path))
    path = folder / "scan600.jpg"
    scan.save(path, quality=90)
    jobs.append(("600-dpi A4 scan, JPEG", path))
    png = pm.template("back", drawing=drawing).to_png(dpi=300)
    shot = pictures.photo(np.asarray(Image.open(io.BytesIO(png)).convert("RGB")), size=(3000, 4000), seed=5)
    path = folder / "photo12mp.jpg"
    Image.fromarray(shot).save(path, quality=90)
    jobs.append(("12-Mpx phone photo, JPEG", path))
    return jobs


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        jobs = make_files(Path(tmp))
        print(f"{'job':<28} {'pixels':>12} {'cold ms':>9} {'warm ms':>9}  registration")
        for label, path in jobs:
            with Image.open(path) as im:
                size = f"{im.width}x{im.height}"
            out = subprocess.run([sys.executable, __file__, "--one", str(path)], capture_output=True,
                                 text=True, check=True, cwd=HERE.parent)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{label:<28} {size:>12} {r['cold']:9.0f} {r['warm']:9.0f}  {r['dpi']:.0f} px/in, "
                  f"turned {r['turned']:.1f} deg, fit {r['fit_in'] * 25.4:.2f} mm")
            print(f"{'':<28} {'':>12} {'':>9} {'':>9}  warm stages (ms): "
                  + ", ".join(f"{k} {v:.0f}" for k, v in r["stages"].items()))
        print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores after the runs)")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        one(sys.argv[2])
    else:
        main()

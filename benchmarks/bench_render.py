"""Drawing one view: PNG at 150 dpi, vector SVG, PDF; output sizes and peak memory.

"first" includes projecting the body into the view (done once per view and then
cached); "warm" is every later call.

Run:  python benchmarks/bench_render.py
"""

import resource

from _timing import HEADER, row, timed

import painmap as pm

print(HEADER)
for view in ("back", "right"):
    first, warm = timed(lambda v=view: pm.draw("gluteus_medius", view=v))
    print(row(f"draw('gluteus_medius', view={view!r}) -> scene", first, warm))
    first, warm = timed(lambda v=view: pm.draw("gluteus_medius", view=v).to_png(dpi=150))
    size = len(pm.draw("gluteus_medius", view=view).to_png(dpi=150)) / 1e3
    print(row("  ... as PNG at 150 dpi", first, warm, f"{size:.0f} kB"))
    first, warm = timed(lambda v=view: pm.draw("gluteus_medius", view=v).to_svg())
    size = len(pm.draw("gluteus_medius", view=view).to_svg().encode()) / 1e3
    print(row("  ... as SVG", first, warm, f"{size:.0f} kB"))
    first, warm = timed(lambda v=view: pm.draw("gluteus_medius", view=v).to_pdf(), repeat=5)
    print(row("  ... as PDF", first, warm))
first, warm = timed(lambda: pm.draw("gluteus minimus", heat="classic").to_svg())
size = len(pm.draw("gluteus minimus", heat="classic").to_svg().encode()) / 1e3
print(row("classic style, two views, as SVG", first, warm, f"{size:.0f} kB"))
first, warm = timed(lambda: pm.draw([], view=["front", "back", "left", "right"]).to_png(dpi=150), repeat=3)
print(row("bare body, four views, PNG at 150 dpi", first, warm))
print(f"\npeak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

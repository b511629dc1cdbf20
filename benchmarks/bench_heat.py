"""Heat on the body surface: one pattern, several, the whole catalog.

Run:  python benchmarks/bench_heat.py
"""

from _timing import HEADER, row, timed

import painmap as pm
from painmap.body.mesh import load_body
from painmap.heat import pattern_heat

print(HEADER)
print(row("load the neutral body", *timed(lambda: load_body("neutral").normals, repeat=3)))
for name in ("gluteus_medius", "gluteus_minimus_anterior", "scalenes", "piriformis"):
    p = pm.muscle(name)
    first, warm = timed(lambda p=p: pattern_heat(p, load_body()))
    print(row(f"heat of one pattern: {name}", first, warm))
print(row("pm.heat(3 patterns, side='both')",
          *timed(lambda: pm.heat(["gluteus_medius", "piriformis", "gluteus minimus"], side="both"))))
print(row(f"heat of all {len(pm.muscles())} patterns, one by one",
          *timed(lambda: [pattern_heat(p, load_body()) for p in pm.muscles()], repeat=3)))

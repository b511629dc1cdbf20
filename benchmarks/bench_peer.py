"""Side by side with a peer: painmap and anatomapa drawing the same pain map.

The job: the gluteus medius referral area (low back, sacrum and buttock on the
right) on a body seen from behind, written as SVG. anatomapa (a pure-Python
library that colours fixed regions of a body outline) takes the regions; painmap
takes the muscle and computes where the pain goes. Install the peer with
`pip install anatomapa` (it is not a painmap dependency).

Run:  python benchmarks/bench_peer.py
"""

from _timing import HEADER, row, timed

import painmap as pm

print(HEADER)
first, warm = timed(lambda: pm.draw("gluteus_medius", view="back").to_svg())
size = len(pm.draw("gluteus_medius", view="back").to_svg().encode()) / 1e3
print(row("painmap: gluteus medius, back view, SVG", first, warm,
          f"{size:.0f} kB, smooth glow + trigger points"))
first, warm = timed(lambda: pm.draw("gluteus_medius", view="back").to_png(dpi=150))
print(row("painmap: same, PNG at 150 dpi", first, warm))

try:
    import anatomapa as am
    from anatomapa import Region
except ImportError:
    print("anatomapa is not installed: pip install anatomapa")
else:
    values = {Region.LOWER_BACK_RIGHT: 1.0, Region.BUTTOCKS_RIGHT: 1.0, Region.HIP_RIGHT: 0.5,
              Region.THIGH_RIGHT: 0.3}

    def peer_svg():
        return am.heatmap(values, view="posterior", lang="en").to_svg()

    first, warm = timed(peer_svg)
    size = len(peer_svg().encode()) / 1e3
    print(row(f"anatomapa {am.__version__}: same regions, posterior, SVG", first, warm,
              f"{size:.0f} kB, flat region fills"))

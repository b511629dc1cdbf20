"""Reading pain: a patient's painted chart, and a cohort map from a table of drawings.

Writes into the folder given (default ``gallery/reading``):

* ``pain-chart.png``: the blank chart, front and back, to print and colour in;
* ``patient-chart.png``: the chart as a patient might colour it in (a stand-in for a scan);
* ``patient-read.png``: what painmap read back from it, drawn on the body;
* ``cohort.png``, ``cohort-difference.png``: where a synthetic cohort of 400 patients hurts,
  and where one group hurts more often than the other.

Run:  python examples/pain_drawings.py [folder]
"""

import sys
from pathlib import Path

import numpy as np

import painmap as pm

out = Path(sys.argv[1] if len(sys.argv) > 1 else "gallery/reading")
out.mkdir(parents=True, exist_ok=True)

# The patient: pain over the outer hip and down the outer thigh, and in the low back.
pm.template(["front", "back"]).save(out / "pain-chart.png", dpi=80)
filled = (pm.PainDrawing.from_regions(["outer hip", "outer thigh", "buttock_lateral"], side="right")
          | pm.PainDrawing.from_regions("low back", side="right"))
pm.template(["front", "back"], drawing=filled).save(out / "patient-chart.png", dpi=100)
pain = pm.PainDrawing.from_image(out / "patient-chart.png", view=["front", "back"])
print(f"pain on {pain.extent:.1%} of the body's surface")
for m in pm.where(pain, limit=5):
    print(f"  {m.score:.2f}  {m.pattern.name} ({m.side}): explains {m.explained:.0%}")
for c in pm.combinations(pain):
    print("  together: " + " + ".join(p.name for p in c.patterns) + f" explain {c.explained:.0%}")
pm.draw(pain, view=["front", "back"], title="Read from the chart").save(out / "patient-read.png", dpi=80)

# The researcher: 400 patients in two groups, as a CSV of places.
rng = np.random.default_rng(7)
groups = {"low back": ["low back", "buttock_upper", "sacroiliac", "thigh_posterior", "leg_posterior"],
          "hip": ["outer hip", "outer thigh", "groin", "buttock_lateral", "knee_lateral"]}
rows = ["patient,region,side,group"]
for patient in range(400):
    group = "low back" if patient % 2 else "hip"
    places = groups[group]
    chosen = [p for p, share in zip(places, (0.8, 0.5, 0.4, 0.3, 0.2)) if rng.random() < share] or places[:1]
    side = rng.choice(["right", "left", "both"], p=[0.4, 0.4, 0.2])
    rows += [f"{patient},{place},{side},{group}" for place in chosen]
table = out / "drawings.csv"
table.write_text("\n".join(rows) + "\n")
cohort = pm.cohort(table)
print(cohort)
pm.draw(cohort, view=["front", "back"], title="Where 400 patients feel pain").save(out / "cohort.png", dpi=90)
pm.draw(cohort.difference("low back", "hip"), view=["front", "back"],
        title="Low-back group minus hip group").save(out / "cohort-difference.png", dpi=70)

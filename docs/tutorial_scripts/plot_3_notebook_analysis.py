"""
An analysis in a notebook
=========================

Work with the numbers behind the pictures: heat on the surface, region by region, and which
muscles may send pain to a place. (Download this page as a notebook at the bottom; in Jupyter
every :class:`painmap.PainMap` shows inline. The repository's ``examples/quickstart.ipynb``
is another notebook to start from.)
"""

# %%
# The catalog is a list of :class:`painmap.Pattern` objects.
import numpy as np

import painmap as pm

hip = pm.muscles(group="hip")
for p in hip:
    print(f"{p.id:28} {len(p.trigger_points)} trigger points, {len(p.sources)} sources")

# %%
# :func:`painmap.heat` computes one value per surface point, from 0 (no pain) to 1 (the
# essential zone); :meth:`painmap.SurfaceHeat.region` reads the largest value in a region.
h = pm.heat("gluteus medius")
{r: round(h.region(r), 2) for r in ["sacroiliac", "buttock_upper", "thigh_posterior", "foot_sole"]}

# %%
# A table of hip muscles against regions, as a heat map:
import matplotlib.pyplot as plt

regions = ["lumbar_back", "sacroiliac", "buttock_upper", "buttock_lateral", "hip_lateral", "groin",
           "thigh_posterior", "thigh_lateral", "knee_lateral", "leg_lateral"]
table = np.array([[pm.heat(p).region(r) for r in regions] for p in hip])

fig, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
ax.imshow(table, cmap="Reds", vmin=0, vmax=1)
ax.set_xticks(range(len(regions)), regions, rotation=45, ha="right")
ax.set_yticks(range(len(hip)), [p.name for p in hip])
ax.set_title("Largest heat per region (patient's right side)")

# %%
# Going the other way: which muscles may send pain to the places a patient points to?
# :func:`painmap.where` ranks them.
matches = pm.where(["lateral thigh", "buttock_lateral"])
for m in matches[:5]:
    print(f"{m.pattern.name:40} score {m.score:.2f}")

# %%
# And draw the best candidates together, one colour each:
pm.draw([m.pattern for m in matches[:3]], colors=True)

"""
A figure for an article
=======================

Draw a muscle's referral pattern the way an article needs it: the views that matter, the
style the journal prints well, a title and the sources, saved as vector SVG or PDF.
"""

# %%
# Start with the defaults: the views where the pain shows, the red glow, and a legend.
import painmap as pm

fig = pm.draw("gluteus medius")
fig

# %%
# Choose the views and the style. ``heat="classic"`` is the Travell & Simons look (solid
# essential zone, stippled spillover zone, an X at each trigger point); ``style="outline"``
# prints cleanly in black and white.
fig = pm.draw("piriformis", view=["back", "right"], side="both", heat="classic", style="outline",
              title="Piriformis", sources=True)
fig

# %%
# Several muscles in one figure, each in its own colour with a legend keyed by name:
pm.draw(["gluteus medius", "gluteus minimus", "piriformis"], view="back", colors=True)

# %%
# Save it. SVG is real vector (paths and filled contour bands, no embedded bitmap); PDF and
# PNG come from matplotlib. The same call always writes the same bytes.
fig.save("piriformis.svg")
fig.save("piriformis.pdf")
fig.save("piriformis.png", dpi=300)

# %%
# Or draw onto your own matplotlib figure, next to your data:
import matplotlib.pyplot as plt

f, (left, right) = plt.subplots(1, 2, figsize=(8, 5))
pm.plot("infraspinatus", view="back", ax=left)
left.set_title("Infraspinatus")
pm.plot("quadratus lumborum", view="back", ax=right)
right.set_title("Quadratus lumborum")

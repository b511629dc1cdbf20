"""
Reading pain drawings
=====================

The other way round: a patient colours in where it hurts on a blank chart, painmap reads the
scan back onto the body, and ranks the muscles whose referred pain best explains it.

.. painmap-docs-requires: PainDrawing, template, where, combinations
"""

# %%
# Print a blank chart (PDF, or PNG and SVG) for the patient to colour in.
import painmap as pm

chart = pm.template(["front", "back"])
chart.save("pain-chart.pdf")
chart

# %%
# Here we stand in for the patient: we fill the chart from two named places and save it, as
# a scanner would. A real scan is read the same way: scan the whole page at any resolution
# (the marks in its corners line up a scan that is shifted, scaled or slightly turned); any
# clearly visible colour (not black or grey) counts as pain, and the small squares by each
# view tell painmap which view it is.
patient = pm.PainDrawing.from_regions(["outer thigh", "buttock_lateral"], side="right")
pm.template(["front", "back"], drawing=patient).save("scan.png", dpi=100)
# sphinx_gallery_thumbnail_number = 2

# %%
# Read the scan back onto the body. The drawing is a value per surface point; its extent is
# a true share of the body's surface area, the same whichever view it was drawn in.
drawing = pm.PainDrawing.from_image("scan.png", view=["front", "back"])
print(drawing)
for (region, side), share in sorted(drawing.regions().items()):
    print(f"{region:18} {side:6} {share:.0%} of it covered")

# %%
# Which muscles may send pain there? :func:`painmap.where` ranks the patterns by how much of
# the drawing their heat explains and how much of their heat falls inside it.
matches = pm.where(drawing)
for m in matches[:5]:
    print(f"{m.pattern.name:40} score {m.score:.2f}  explains {m.explained:.0%}  within {m.within:.0%}")

# %%
# Sometimes two muscles together explain a drawing better than any one:
for combo in pm.combinations(drawing)[:2]:
    names = " + ".join(p.name for p in combo.patterns)
    print(f"{names:60} score {combo.score:.2f}  explains {combo.explained:.0%}")

# %%
# Draw the best candidate's referral pattern to show the patient:
pm.draw(matches[0].pattern, title=f"Best match: {matches[0].pattern.name}")

"""
A handout for a patient
=======================

The whole flow, as a therapist would go through it: from where the patient says it hurts, to the
muscle that may be behind it, to where to press and what to do, to one printable page.
"""

# %%
# The patient says: "my low back and my buttock". :func:`painmap.where` ranks the muscles whose
# trigger points send pain there, as the pain guides list them.
import painmap as pm

for match in pm.where(["low back", "buttock"], limit=3):
    print(f"{match.pattern.name:24s} {match.score:.2f}")

# %%
# The first, gluteus medius, is the muscle of the article painmap grew from. ``muscle=True`` draws
# the muscle under the skin (blue; dashed where it lies under other muscles), ``landmarks=True``
# the bony points that locate it; each trigger point carries a number.
fig = pm.draw("gluteus medius", view=["back", "right"], muscle=True, landmarks=True)
fig

# %%
# :func:`painmap.trigger_points` gives the same numbers, each with directions to find the point on
# your own body, in plain words:
for site in pm.trigger_points("gluteus medius"):
    print(f"{site.number}. {site.directions}")

# %%
# Every pattern has self-care text, written for patients from cited sources:
care = pm.muscle("gluteus medius").self_care
print(care.pressure)
print(care.stretches[0])
print("When not to:", care.caution)

# %%
# The handout puts it all on one page: the picture (with the muscle, as above), "How to find the
# trigger points" with the same numbers, "What you can do", your notes (or ruled lines to write on)
# and "When to seek medical advice" (``advice=`` replaces it). PDF prints best; PNG and SVG work too.
notes = "Ball work on the outer hip twice a day; clamshells, 10 each side."
pm.handout("gluteus medius", "gluteus-medius-handout.pdf", paper="A4", notes=notes)

# %%
# The same page as a picture, to check it on screen (here at a low resolution):
pm.handout("gluteus medius", "gluteus-medius-handout.png", paper="A4", notes=notes, dpi=70)

# %%
# A booklet has a contents page, then one page per pattern, here for the hip:
pm.booklet(None, "hip-booklet.pdf", group="hip")

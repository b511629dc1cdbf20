"""
A patient handout
=================

One printable page per muscle: the pictures with a legend, what the muscle is and does, where
its trigger points are, your own notes (or ruled lines to write on), a "when to seek medical
advice" box and the sources in small print.
"""

# %%
# Write your self-care notes, and make the page. PDF prints best; PNG and SVG work too.
import painmap as pm

notes = """Stretch the side of your hip gently twice a day: cross the sore leg behind the other and lean away.

Sleep with a pillow between your knees, and avoid standing with your weight on one leg."""

pm.handout("gluteus medius", "gluteus-medius-handout.pdf", paper="A4", notes=notes)

# %%
# The same page as a picture, to check it on screen (here at a low resolution):
pm.handout("gluteus medius", "gluteus-medius-handout.png", paper="A4", notes=notes, dpi=70)

# %%
# Without notes the page has ruled lines to write on; ``advice=`` replaces the advice box.
# A booklet has a contents page, then one page per pattern, here for the hip:
pm.booklet(None, "hip-booklet.pdf", group="hip")

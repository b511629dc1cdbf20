"""The chart round trip: print a blank pain-drawing chart (:mod:`.template`) and read a filled-in
scan of it back into a :class:`~painmap.PainDrawing` (:mod:`.scan`).

It stands above both sides of painmap: it draws the chart with the picture side and
reads it into the reading side.  :meth:`painmap.PainDrawing.from_image` reaches it
through the one sanctioned upward hook (documented there).
"""

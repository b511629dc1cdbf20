"""Drawing a scene: one walk over a :class:`~painmap.scene.elements.Scene` (:mod:`.base`) and the
back ends that draw its primitives: pixels (:mod:`.raster`), vector SVG (:mod:`.svg`) and
matplotlib (:mod:`.mpl`, for PDF and Axes, and PNG where aggdraw is not installed:
:mod:`.backends` chooses)."""

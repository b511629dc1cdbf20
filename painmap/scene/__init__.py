"""The picture as data: a renderer-neutral :class:`~painmap.scene.elements.Scene` and its style.

:mod:`.elements` holds the parts of a scene (panels, layers, markers, legend,
text) and their layout on the page; :mod:`.style` the looks and colours.  The
scene is made by :mod:`painmap.compose.picture` and drawn by :mod:`painmap.render`.
"""

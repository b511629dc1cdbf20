"""Turning a request into a scene: what to draw (:mod:`.picture`, :mod:`.fields`), in which
views (:mod:`.viewpick`), cropped how (:mod:`.cropping`)."""

"""A page's size in pixels, shared by both PNG back ends (plain Python: no numpy, no aggdraw)."""

from __future__ import annotations


def page_pixels(size_in: tuple[float, float], dpi: float) -> tuple[int, int]:
    """Pixels of a page: whole pixels of ``inches * dpi``, rounded down as matplotlib's Agg canvas does.

    (The small allowance keeps ``"777px"`` at 150 dpi 777 pixels wide, where the inches carry
    a rounding error.)  Both PNG back ends use it (:mod:`.raster` and the
    matplotlib fallback of :mod:`.backends`).

    Examples
    --------
    >>> page_pixels((5.18, 2.999), 150)
    (777, 449)
    """
    return tuple(max(1, int(x * dpi + 1e-6)) for x in size_in)

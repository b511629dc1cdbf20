"""Colour ramps: turning a 0..1 field into RGBA, identically for every renderer."""

from __future__ import annotations

import numpy as np

from ..scene.style import hex_to_rgb

Stops = tuple[tuple[float, str, float], ...]


def ramp_rgba(field: np.ndarray, stops: Stops) -> np.ndarray:
    """Map `field` (any shape, NaN = nothing) through colour stops to RGBA in 0..1.

    Examples
    --------
    >>> stops = ((0.0, "#ffffff", 0.0), (1.0, "#ff0000", 1.0))
    >>> ramp_rgba(np.array([0.5]), stops).round(2).tolist()
    [[1.0, 0.5, 0.5, 0.5]]
    """
    values = np.array([s[0] for s in stops])
    colors = np.array([np.r_[hex_to_rgb(s[1]), s[2]] for s in stops])
    f = np.asarray(field, dtype=float)
    flat = np.nan_to_num(f, nan=values[0]).ravel()
    out = np.stack([np.interp(flat, values, colors[:, k]) for k in range(4)], axis=-1)
    out[np.isnan(f).ravel(), 3] = 0.0
    return out.reshape(f.shape + (4,))

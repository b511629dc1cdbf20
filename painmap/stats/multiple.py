"""Adjusting p-values for many tests: Benjamini-Hochberg, Holm, Bonferroni (numpy only).

The family is the tests given: p-values that are NaN (an area that could not be tested)
are left out of it and stay NaN.
"""

from __future__ import annotations

import numpy as np

from ..core.errors import ChoiceError

CORRECTIONS: tuple[str, ...] = ("fdr_bh", "holm", "bonferroni", "none")
"""The corrections :func:`adjust` knows (None means ``"none"``)."""
ALIASES = {"bh": "fdr_bh", "fdr": "fdr_bh", "benjamini_hochberg": "fdr_bh", "bonf": "bonferroni"}


def correction_name(value: object, *, argument: str = "correction") -> str:
    """`value` as one of :data:`CORRECTIONS` (None -> ``"none"``), or a ChoiceError with the closest.

    Examples
    --------
    >>> correction_name("BH"), correction_name(None)
    ('fdr_bh', 'none')
    """
    if value is None:
        return "none"
    if isinstance(value, str):
        key = value.strip().lower().replace("-", "_").replace(" ", "_")
        key = ALIASES.get(key, key)
        if key in CORRECTIONS:
            return key
    raise ChoiceError("p-value correction", value, CORRECTIONS, argument=argument)


def adjust(p_values, method: str = "fdr_bh") -> np.ndarray:
    """P-values adjusted for multiple testing (NaN stays NaN and is not counted).

    Parameters
    ----------
    p_values : array_like of float
    method : {"fdr_bh", "holm", "bonferroni", "none"}
        Benjamini-Hochberg false discovery rate, Holm's step-down, Bonferroni, or none
        (the p-values as they are).

    Examples
    --------
    >>> adjust([0.01, 0.04, 0.03, np.nan]).round(3).tolist()
    [0.03, 0.04, 0.04, nan]
    >>> adjust([0.01, 0.04, 0.03], "holm").round(3).tolist()
    [0.03, 0.06, 0.06]
    """
    method = correction_name(method, argument="method")
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.isfinite(p)
    q = p[ok]
    m = len(q)
    if m == 0:
        return out
    if method == "none":
        out[ok] = q
        return out
    if method == "bonferroni":
        out[ok] = np.minimum(q * m, 1.0)
        return out
    order = np.argsort(q, kind="stable")
    ranked = q[order]
    if method == "fdr_bh":
        scaled = ranked * m / np.arange(1, m + 1)
        steps = np.minimum.accumulate(scaled[::-1])[::-1]
    else:  # holm
        steps = np.maximum.accumulate(ranked * (m - np.arange(m)))
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(steps, 1.0)
    out[ok] = adjusted
    return out

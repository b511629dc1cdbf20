"""Which areas hurt together: for each pair of areas, how many patients have pain in both.

Two measures of association come with the counts:

- ``phi``: the phi coefficient, Pearson's correlation of the two areas' 0/1 presence over the
  patients (-1..1; 0 when independent; NaN when an area hurts in no patient or in all);
- ``jaccard``: patients with pain in both over patients with pain in either (0..1; NaN when
  neither hurts in anyone).
"""

from __future__ import annotations

import numpy as np

from ..core import checks
from ..core.errors import ArgumentError
from .data import VERTEX, Areas, area_presence, by_name, inputs
from .optional import pandas

MATRICES: tuple[str, ...] = ("count", "share", "phi", "jaccard")


def cooccurrence(drawings, *, by: str = "choir", matrix: str | None = None):
    """How often each pair of areas hurts together.

    Parameters
    ----------
    drawings : list, dict or DataFrame
        As for :func:`painmap.compare`.
    by : {"choir", "wpi", "mbm", "regions"}
        The atlas whose areas are paired.
    matrix : {"count", "share", "phi", "jaccard"}, optional
        Return this measure as a square areas x areas DataFrame (the diagonal: each area
        with itself) instead of the tidy table.

    Returns
    -------
    pandas.DataFrame
        One row per pair of areas (each pair once): ``segment_a``, ``name_a``,
        ``segment_b``, ``name_b``, ``count_a``, ``count_b`` (patients with pain in each),
        ``count`` (in both), ``share`` (of all patients, in both), ``phi`` and ``jaccard``
        (see the module notes); or the square matrix.

    Examples
    --------
    >>> import numpy as np
    >>> areas = Areas(("a", "b"), ("A", "B"), np.array([[1, 1], [1, 0], [0, 0], [1, 1]], bool))
    >>> row = cooccurrence_areas(areas).iloc[0]
    >>> int(row["count"]), float(row["share"]), round(float(row["jaccard"]), 3)
    (2, 0.5, 0.667)
    """
    by = by_name(by)
    if by == VERTEX:
        raise ArgumentError("by", by, "an atlas: 'choir', 'wpi', 'mbm' or 'regions'",
                            problem="too many pairs for a table", closest="regions")
    if matrix is not None:
        matrix = checks.choice("matrix", matrix, MATRICES, kind="measure")
    return cooccurrence_areas(area_presence(inputs(drawings), by), matrix=matrix)


def measures(present: np.ndarray) -> dict[str, np.ndarray]:
    """Square matrices of every measure over the columns of a boolean patients x areas matrix."""
    x = np.asarray(present, dtype=np.float64)
    n = len(x)
    both = x.T @ x
    single = np.diag(both)
    either = single[:, None] + single[None, :] - both
    with np.errstate(divide="ignore", invalid="ignore"):
        share = both / n if n else np.full_like(both, np.nan)
        p = single / n
        spread = np.sqrt(p * (1 - p))
        phi = (share - p[:, None] * p[None, :]) / (spread[:, None] * spread[None, :])
        jaccard = np.where(either > 0, both / either, np.nan)
    return {"count": both.round().astype(np.int64), "share": share, "phi": phi, "jaccard": jaccard}


def cooccurrence_areas(areas: Areas, *, matrix: str | None = None):
    """:func:`cooccurrence` on a presence matrix."""
    pd = pandas()
    found = measures(areas.present)
    if matrix is not None:
        frame = pd.DataFrame(found[matrix], index=list(areas.ids), columns=list(areas.ids))
        frame.index.name = frame.columns.name = "segment"
        return frame
    a, b = np.triu_indices(len(areas.ids), k=1)
    single = np.diag(found["count"])
    ids, names = np.array(areas.ids, dtype=object), np.array(areas.names, dtype=object)
    frame = pd.DataFrame({
        "segment_a": ids[a], "name_a": names[a], "segment_b": ids[b], "name_b": names[b],
        "count_a": single[a], "count_b": single[b], "count": found["count"][a, b],
        "share": found["share"][a, b], "phi": found["phi"][a, b], "jaccard": found["jaccard"][a, b],
    })
    frame.attrs.update({"painmap": "cooccurrence", "by": areas.by, "n": len(areas.present)})
    return frame

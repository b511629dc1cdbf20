"""Anatomical guide lines drawn in the outline style: spine, scapulae, iliac crests, gluteal folds."""

from __future__ import annotations

from functools import cache

import numpy as np

from ..core import toml as _toml
from ..core.assets import assets_dir
from .image import true_runs
from .mesh import MIDLINE
from .projection import Projection


@cache
def _guides() -> dict[str, list[int]]:
    return _toml.loads((assets_dir() / "body" / "guides.toml").read_text(encoding="utf-8"))


def guide_lines(projection: Projection) -> list[np.ndarray]:
    """Visible stretches of every guide line, both sides, as smooth 2-D polylines."""
    body = projection.body
    chains = []
    for vertices in _guides().values():
        right = np.array(vertices)
        chains.append(right)
        if (body.side[right] != MIDLINE).any():
            chains.append(body.mirror[right])
    uv, visible = projection.locate(np.concatenate(chains))  # all chains at once, then apart
    ends = np.cumsum([len(c) for c in chains])
    lines = []
    for chain_uv, chain_visible in zip(np.split(uv, ends[:-1]), np.split(visible, ends[:-1])):
        for run in true_runs(chain_visible):
            if len(run) >= 2:
                lines.append(smooth_curve(chain_uv[run]))
    return lines


def smooth_curve(points: np.ndarray, per_segment: int = 8) -> np.ndarray:
    """A Catmull-Rom curve through `points` (shape (k, 2)), sampled `per_segment` times a span.

    Examples
    --------
    >>> smooth_curve(np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]])).shape
    (17, 2)
    """
    p = np.asarray(points, dtype=float)
    if len(p) < 3:
        return p
    ext = np.vstack([2 * p[0] - p[1], p, 2 * p[-1] - p[-2]])
    t = np.linspace(0, 1, per_segment, endpoint=False)[:, None]
    out = []
    for i in range(1, len(ext) - 2):
        p0, p1, p2, p3 = ext[i - 1], ext[i], ext[i + 1], ext[i + 2]
        out.append(0.5 * ((2 * p1) + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2
                          + (-p0 + 3 * p1 - 3 * p2 + p3) * t**3))
    out.append(p[-1:])
    return np.vstack(out)

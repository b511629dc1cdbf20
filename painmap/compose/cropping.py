"""Cropping panels: zooming in on the heat, and tidying the limbs a crop cuts.

Panel windows are in the picture frame of :mod:`painmap.body.camera` (centimetres,
``u`` right, ``v`` up).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from ..body.guides import guide_lines
from ..body.image import grow_mask, true_runs
from ..body.projection import Projection, without_pixels
from ..core import checks
from ..scene.elements import FieldLayer, Panel, ZoneLayer

WINDOW_MARGIN_CM = 3.0
"""Space between the body and a panel's edge."""
CROPS: tuple[str, ...] = ("auto", "body")
MIN_CROP_CM = 40.0


def crop(panels: Sequence[Panel], how: str = "auto", *, share: float = 0.55) -> list[Panel]:
    """Zoom panels in on the heat when it covers a small part of the body.

    With ``"auto"``, when the heat and trigger points in all panels span less than
    `share` of the body's height, every panel shows the same band of height around
    them (at least 40 cm), and across, the heat with a margin, at least 0.8 times
    as wide as the band is tall (within the body).  ``"body"`` leaves the whole
    body in view.
    """
    checks.choice(None, how, CROPS, kind="crop")
    if how == "body":
        return list(panels)
    # The sole view is narrowed to the foot with heat; the standing views share a band.
    panels = [p if p.projection.view.below is None else _crop_feet(p) for p in panels]
    # Views of the standing body from the horizon share a band of height; views from
    # above or below show the whole body.
    standing = [p for p in panels
                if p.projection.view.below is None and p.projection.view.rotation[1, 1] > 0.999]
    hots = {id(p): _hot(p) for p in standing}  # once per panel: the box and the limbs both ask
    boxes = {id(p): _heat_box(p, hots[id(p)]) for p in standing}
    spans = [box[2:] for box in boxes.values() if box is not None]
    if not spans:
        return panels
    low, high = min(s[0] for s in spans), max(s[1] for s in spans)
    height = panels[0].projection.body.height
    if high - low > share * height:
        return panels
    margin = max(8.0, 0.35 * (high - low))
    half = max(high - low + 2 * margin, MIN_CROP_CM) / 2
    centre = min(max((low + high) / 2, half - WINDOW_MARGIN_CM), height + WINDOW_MARGIN_CM - half)
    band = centre - half, centre + half
    cropped = []
    for p in panels:
        if p not in standing:
            cropped.append(p)
            continue
        proj = p.projection
        u, v = proj.grid
        v0, v1 = max(band[0], p.window[2]), min(band[1], p.window[3])  # within the panel's own window
        rows = (v >= v0) & (v <= v1)
        cols = np.flatnonzero(proj.mask[rows].any(axis=0))
        lo, hi = u[cols.min()] - WINDOW_MARGIN_CM, u[cols.max()] + WINDOW_MARGIN_CM
        box = boxes[id(p)]
        if box is None:
            u0, u1 = lo, hi
        else:
            pad = max(12.0, 0.5 * (box[1] - box[0]))
            a, b = box[0] - pad, box[1] + pad
            grow = max(0.0, 0.8 * (v1 - v0) - (b - a)) / 2
            a, b = a - grow, b + grow
            shift = max(0.0, lo - a) - max(0.0, b - hi)  # slide back inside the body's extent
            u0, u1 = max(lo, a + shift), min(hi, b + shift)
        p, (u0, u1, v0, v1) = tidy_limbs(p, (float(u0), float(u1), float(v0), float(v1)), hots[id(p)])
        markers = [m for m in p.markers if u0 <= m.u <= u1 and v0 <= m.v <= v1]
        cropped.append(dataclasses.replace(p, window=(u0, u1, v0, v1), markers=markers))
    return cropped


LIMBS: tuple[str, ...] = ("arm_r", "arm_l")
LEGS: tuple[str, ...] = ("leg_r", "leg_l")
_TOUCH_PIXELS = 2
_SEAM_CM = 6.0  # an arm touching the rest of the body along this much of the picture is joined to it


def tidy_limbs(panel: Panel, window: tuple[float, float, float, float], hot: np.ndarray | None = None
               ) -> tuple[Panel, tuple[float, float, float, float]]:
    """Make a crop cut the limbs cleanly: widen it to a whole arm, or leave a stray piece out.

    An arm the `window` cuts at its left or right edge is kept whole when, inside
    the window, it joins the rest of the body or carries heat: the window widens to
    take it in (no hand cut off at the border).  A piece of an arm that lies loose
    in the window (a hand poking into a corner), with no heat on it, is left out
    of the picture, and so is a piece of a leg the window's left or right edge cuts
    (the other leg's edge beside a knee).  A mark counts as heat.  Returns the panel
    (with a new projection if a piece was left out) and the window.  `hot` is the
    panel's :func:`_hot` pixels, if already known.
    """
    proj = panel.projection
    u, v = proj.grid
    u0, u1, v0, v1 = window
    pad = _TOUCH_PIXELS * proj.pixel  # a limb just outside the window still shows its outline
    cols, rows = (u >= u0 - pad) & (u <= u1 + pad), (v >= v0 - pad) & (v <= v1 + pad)
    inside = rows[:, None] & cols[None, :]
    parts = pixel_parts(proj)
    hot = (_hot(panel) if hot is None else hot).copy()
    col, row = proj.pixel_of(np.array([[m.u, m.v] for m in panel.markers]).reshape(-1, 2))
    hot[row, col] = True  # a limb with a mark on it is kept as one with heat
    drop = np.zeros(proj.size, bool)
    for name in LIMBS + LEGS:
        limb = parts == proj.body.part_names.index(name)
        here = limb & inside
        if not here.any():
            continue
        cut_sides = _cut(here.T, limb.T, cols)
        if not cut_sides and (name in LEGS or not _cut(here, limb, rows)):
            continue  # a leg cut only above or below is what the crop is about
        # Joined to the body along a seam (a shoulder), not merely touching it for a moment.
        contact = (grow_mask(here, _TOUCH_PIXELS) & proj.mask & ~limb & inside).sum() * proj.pixel
        joined = contact >= _SEAM_CM
        if joined or (hot & here).any():
            if cut_sides and name in LIMBS:  # take the whole arm in, at the window's height
                limb_u = u[np.flatnonzero((limb & rows[:, None]).any(axis=0))]
                u0 = min(u0, float(limb_u.min()) - WINDOW_MARGIN_CM)
                u1 = max(u1, float(limb_u.max()) + WINDOW_MARGIN_CM)
        else:
            drop |= limb  # the whole limb: a piece kept just past the window would show its outline
    if drop.any():
        panel = _without(panel, drop)
        body_u = u[np.flatnonzero((panel.projection.mask & rows[:, None]).any(axis=0))]
        u0 = max(u0, float(body_u.min()) - WINDOW_MARGIN_CM)
        u1 = min(u1, float(body_u.max()) + WINDOW_MARGIN_CM)
    return panel, (u0, u1, v0, v1)


def _cut(here: np.ndarray, limb: np.ndarray, rows: np.ndarray) -> bool:
    """Whether the first or last of the window's `rows` cuts through `limb` (it goes on outside)."""
    r = np.flatnonzero(rows)
    first, last = r[0], r[-1]
    below = first > 0 and (here[first] & limb[first - 1]).any()
    above = last < len(rows) - 1 and (here[last] & limb[last + 1]).any()
    return bool(below or above)


@lru_cache(maxsize=32)
def pixel_parts(proj: Projection) -> np.ndarray:
    """Index of the body part (``Body.part_names``) seen at each pixel, -1 off the body.

    Cached per projection (read-only): every crop of the view asks for it.
    """
    body = proj.body
    face = proj.raster.face
    out = np.where(face >= 0, body.smooth_part[body.smooth.faces[np.maximum(face, 0), 0]], -1).astype(np.int8)
    out.setflags(write=False)
    return out


def _without(panel: Panel, drop: np.ndarray) -> Panel:
    """The panel with the body pixels in `drop` left out (a stray piece of limb)."""
    new = without_pixels(panel.projection, drop)  # cached: derived fields are not recomputed
    col, row = new.pixel_of(np.array([[m.u, m.v] for m in panel.markers]).reshape(-1, 2))
    markers = [m for m, keep in zip(panel.markers, ~drop[row, col]) if keep]
    guides = guide_lines(new) if panel.guides else []
    return dataclasses.replace(panel, projection=new, markers=markers, guides=guides)


def _crop_feet(panel: Panel) -> Panel:
    """A sole panel narrowed to the foot (or feet) with heat on it."""
    proj = panel.projection
    u, _ = proj.grid
    hot = _hot(panel)
    if not hot.any():
        return panel
    hot_cols = hot.any(axis=0)
    feet = [run for run in true_runs(proj.mask.any(axis=0)) if hot_cols[run].any()]
    near = u[np.concatenate(feet)]
    _, _, v0, v1 = panel.window
    gap = proj.view.gather
    m = WINDOW_MARGIN_CM if gap is None else min(WINDOW_MARGIN_CM, 0.4 * gap)  # no sliver of the other foot
    window = (float(near.min()) - m, float(near.max()) + m, v0, v1)
    label = panel.label
    if label and len(feet) == 1 and len(true_runs(proj.mask.any(axis=0))) == 2:
        # one foot of two: say whose (the patient's right foot is on the picture's left)
        label = "Right sole" if near.mean() < np.mean(u[proj.mask.any(axis=0)]) else "Left sole"
    return dataclasses.replace(panel, window=window, label=label)


def _hot(panel: Panel) -> np.ndarray:
    """Pixels of a panel where some heat layer shows heat."""
    proj = panel.projection
    hot = np.zeros(proj.size, bool)
    for layer in panel.layers:
        if isinstance(layer, (FieldLayer, ZoneLayer)):
            hot |= (layer.field >= 0.08) & proj.mask  # NaN (no heat) is not >= 0.08
    return hot


def _heat_box(panel: Panel, hot: np.ndarray | None = None) -> tuple[float, float, float, float] | None:
    """``(u0, u1, v0, v1)`` around the visible heat and trigger points of a panel (`hot`: its
    :func:`_hot` pixels, if already known)."""
    u, v = panel.projection.grid
    hot = _hot(panel) if hot is None else hot
    crosses = [(m.u, m.v) for m in panel.markers if m.kind == "x"]
    us = list(u[np.flatnonzero(hot.any(axis=0))]) + [c[0] for c in crosses]
    vs = list(v[np.flatnonzero(hot.any(axis=1))]) + [c[1] for c in crosses]
    return (min(us), max(us), min(vs), max(vs)) if us else None

"""Building scenes from what the user asked for: patterns, views, styles, furniture."""

from __future__ import annotations

import dataclasses
import hashlib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import numpy as np

from ..body.camera import View
from ..body.guides import guide_lines
from ..body.landmarks import is_paired, landmark_point
from ..body.projection import DEFAULT_RESOLUTION, Projection, project
from ..body.shapes import resolve_shape
from ..body.surface import SurfacePoint
from ..core import checks
from ..core.errors import ArgumentError
from ..core.text import text_width, wrap
from ..heat import combine, on_side, pattern_heat, trigger_point_locations
from ..heat import heat as surface_heat
from ..patterns import Pattern, resolve
from ..patterns.catalog import muscle_name
from ..press import LANDMARK_NAMES, footprint_split, locating_landmarks
from ..scene.elements import (
    CAPTION_PT,
    PANEL_LABEL_PT,
    FieldLayer,
    Layer,
    LegendEntry,
    Marker,
    OutlineLayer,
    Panel,
    Scene,
    Stops,
    ZoneLayer,
    lattice,
    layout,
)
from ..scene.style import (
    BACKGROUNDS,
    CLASSIC_COLOR,
    CLASSIC_DOT_CM,
    CLASSIC_DOT_STEP_CM,
    CLASSIC_SOLID_FROM,
    CLASSIC_STIPPLE_FROM,
    GLOW_LEVELS,
    GLOW_STOPS,
    INK,
    MUSCLE,
    MUSCLE_COLORS,
    PAPER,
    body_look,
)
from .cropping import WINDOW_MARGIN_CM

HEAT_STYLES: tuple[str, ...] = ("glow", "classic")


def body_panel(
    shape: str,
    view: View,
    style: str,
    *,
    resolution: int = DEFAULT_RESOLUTION,
    label: bool = False,
) -> Panel:
    """A panel showing the bare body in one view (a :class:`View`, already resolved)."""
    shape = resolve_shape(shape)
    look = body_look(style)
    camera = view
    proj = project(shape, camera, resolution)
    u0, u1, v0, v1 = proj.bounds
    m = WINDOW_MARGIN_CM
    if camera.parts is not None:  # a limb drawn alone ends in a straight cut, not its ragged edge
        v1 = _clean_top(proj) - m
    return Panel(
        projection=proj,
        look=look,
        window=(u0 - m, u1 + m, v0 - m, v1 + m),
        guides=guide_lines(proj) if look.guide_width > 0 else [],
        label=camera.title if label else None,
    )


def _clean_top(proj: Projection) -> float:
    """Height (``v``) below which every tall column of the body is whole.

    A leg drawn alone (a medial view) ends at the top in the slanting edge where it
    meets the trunk; a window ending here cuts it straight across.
    """
    _, v = proj.grid
    rows = np.arange(proj.size[0])
    tops = np.where(proj.mask, rows[:, None], -1).max(axis=0)
    tall = tops[tops > 0.6 * tops.max()]
    return float(v[int(np.percentile(tall, 10))])


def glow_stops(color: str) -> Stops:
    """A one-colour glow ramp: transparent where heat is low, `color` where it is high."""
    return ((0.0, color, 0.0), (0.12, color, 0.2), (0.45, color, 0.55), (1.0, color, 0.85))


@dataclass(frozen=True)
class HeatScale:
    """How heat values become colour: matplotlib's `vmin`/`vmax`, `alpha` and `cmap`.

    Heat at or below `vmin` shows nothing, at or above `vmax` the ramp's end; the
    ramp's opacity is multiplied by `alpha`.  `stops` replaces the red glow ramp
    (from a colormap); None keeps it.  PNG, PDF and SVG all draw the scaled field
    and ramp, so they agree.

    Examples
    --------
    >>> HeatScale(vmin=0.2, vmax=0.6).scaled(np.array([0.1, 0.4, 0.9])).round(3).tolist()
    [0.0, 0.5, 1.0]
    """

    vmin: float = 0.0
    vmax: float = 1.0
    alpha: float = 1.0
    stops: Stops | None = None

    def scaled(self, values: np.ndarray) -> np.ndarray:
        """Heat values mapped so that `vmin` -> 0 and `vmax` -> 1 (clipped)."""
        if (self.vmin, self.vmax) == (0.0, 1.0):
            return values
        return np.clip((values - self.vmin) / (self.vmax - self.vmin), 0.0, 1.0)

    def ramp(self, color: str | None = None) -> Stops:
        """The glow ramp for a field drawn in `color` (None: the red glow or the colormap)."""
        stops = glow_stops(color) if color is not None else self.stops or GLOW_STOPS
        if self.alpha == 1.0:
            return stops
        return tuple((v, c, a * self.alpha) for v, c, a in stops)


def heat_layers(proj: Projection, fields: Sequence[tuple[str | None, np.ndarray, str | None]],
                heat_style: str, scale: HeatScale = HeatScale()) -> list[Layer]:
    """Layers drawing per-vertex heat fields in a view.

    Each field is ``(name, values, color)``; a None colour means the red glow ramp
    (or `scale`'s colormap).  ``"glow"`` draws the smooth field, ``"classic"``
    solid essential and stippled spillover zones; both after `scale`'s vmin/vmax.
    """
    checks.choice(None, heat_style, HEAT_STYLES, kind="heat style")
    layers: list[Layer] = []
    for name, values, color in fields:
        values = scale.scaled(values)
        if not np.max(values) > 0:
            continue
        field = sampled(proj, values)
        if heat_style == "glow":
            stops = scale.ramp(color)
            layers.append(FieldLayer(field, stops, np.asarray(GLOW_LEVELS), name))
        else:
            layers.append(ZoneLayer(field, CLASSIC_SOLID_FROM, _stipple(proj, field), CLASSIC_DOT_CM,
                                    color or CLASSIC_COLOR, name))
    return layers


FIELDS_KEPT = 4
"""How many sampled heat fields :func:`sampled` keeps (the most recently drawn; 3 MB each)."""
_FIELDS: OrderedDict[tuple, np.ndarray] = OrderedDict()


def sampled(proj: Projection, values: np.ndarray) -> np.ndarray:
    """``proj.sample(values)``, read-only, kept for the :data:`FIELDS_KEPT` fields drawn last.

    A figure drawn again (the same pattern in another call, a notebook cell run twice) finds its
    heat's picture here, keyed by the view and a digest of the per-vertex values, and the very
    same array lets the renderers find what they derived from it (the SVG's bands).

    Examples
    --------
    >>> proj = project("neutral", "back")
    >>> heat = np.zeros(proj.body.n_vertices)
    >>> heat[:50] = 1.0
    >>> first = sampled(proj, heat)
    >>> sampled(proj, heat.copy()) is first, first.flags.writeable
    (True, False)
    """
    values = np.ascontiguousarray(values, dtype=float)
    key = (proj, values.shape, hashlib.blake2b(values.tobytes(), digest_size=20).digest())
    field = _FIELDS.get(key)
    if field is None:
        field = _FIELDS[key] = proj.sample(values)
        frozen = field
        while isinstance(frozen, np.ndarray):  # read-only, and so is the array it may be a view of
            frozen.setflags(write=False)
            frozen = frozen.base
        while len(_FIELDS) > FIELDS_KEPT:
            _FIELDS.popitem(last=False)
    else:
        _FIELDS.move_to_end(key)
    return field


def _stipple(proj: Projection, field: np.ndarray) -> np.ndarray:
    """Dot centres over the spillover zone (heat between the stipple and solid thresholds)."""
    u0, u1, v0, v1 = proj.extent
    dots = lattice((u0, v0, u1, v1), CLASSIC_DOT_STEP_CM)
    col, row = proj.pixel_of(dots)
    value = np.nan_to_num(field[row, col])
    return dots[(value >= CLASSIC_STIPPLE_FROM) & (value < CLASSIC_SOLID_FROM) & proj.mask[row, col]]


def muscle_layers(proj: Projection, superficial: np.ndarray, deep: np.ndarray
                  ) -> tuple[list[Layer], list[Layer]]:
    """The muscle under the skin in a view: its fills (drawn under the glow) and its outlines (over
    it, so the glow never hides them), solid where it can be felt and dashed where it lies deep.

    `superficial` and `deep` are per-vertex (:func:`painmap.press.footprint_split`); a deep part is
    drawn only where no part that can be felt covers it.
    """
    under: list[Layer] = []
    over: list[Layer] = []
    for name, values, dashes in (("muscle", superficial, ()),
                                 ("muscle-deep", np.minimum(deep, 1.0 - superficial), MUSCLE["dashes"])):
        if not np.max(values, initial=0.0) >= 0.5:
            continue
        field = proj.sample(values)
        fill = MUSCLE["fill_alpha"] * (0.6 if dashes else 1.0)
        under.append(OutlineLayer(field, MUSCLE["color"], fill_alpha=fill, name=f"{name}-fill"))
        over.append(OutlineLayer(field, MUSCLE["color"], width=MUSCLE["width"], dashes=dashes, name=name))
    return under, over


def landmark_markers(proj: Projection, names: Sequence[str], side: str) -> list[Marker]:
    """Marks of the named landmarks the view can see (on both sides for ``side="both"``), each
    named once."""
    body = proj.body
    spots = [(n, s) for n in names for s in (("right", "left") if side == "both" and is_paired(n, body=body)
                                             else ("left" if side == "left" else "right",))]
    uv, visible = proj.locate_points([landmark_point(n, s, body=body) for n, s in spots])
    markers: list[Marker] = []
    for (name, _), (u, v), ok in zip(spots, uv, visible):
        if ok:
            named = any(m.name == name for m in markers)
            label = None if named else LANDMARK_NAMES[name]
            markers.append(Marker(float(u), float(v), "landmark", label=label, name=name))
    return markers


def with_heat(panel: Panel, layers: list[Layer], trigger_points: Sequence[SurfacePoint],
              numbers: Sequence[int] | None = None) -> Panel:
    """A panel with heat layers and trigger-point marks (those the view can see), numbered."""
    markers = list(panel.markers)
    if len(trigger_points):
        uv, visible = _located(panel.projection, tuple(trigger_points))
        numbers = numbers if numbers is not None else [None] * len(trigger_points)
        markers += [Marker(float(u), float(v), "x", n) for (u, v), ok, n in zip(uv, visible, numbers) if ok]
    return dataclasses.replace(panel, layers=list(panel.layers) + layers, markers=markers)


@lru_cache(maxsize=64)
def _located(proj: Projection, points: tuple[SurfacePoint, ...]) -> tuple[np.ndarray, np.ndarray]:
    """:meth:`Projection.locate_points` of `points`, kept for the views and points drawn last (a figure
    drawn again marks the same trigger points; read-only arrays)."""
    uv, visible = proj.locate_points(points)
    uv.setflags(write=False)
    visible.setflags(write=False)
    return uv, visible


def trigger_point_numbers(found: Sequence[Pattern], side: str) -> list[int]:
    """The number of each trigger point as :func:`trigger_point_locations` lists them, pattern by
    pattern; a point and its mirror image share one number (as :func:`painmap.trigger_points` says).

    Examples
    --------
    >>> from painmap.patterns import muscle
    >>> trigger_point_numbers([muscle("piriformis"), muscle("gluteus_medius")], "both")
    [1, 2, 1, 2, 3, 4, 5, 3, 4, 5]
    """
    numbers: list[int] = []
    first = 1
    for p in found:
        own = list(range(first, first + len(p.trigger_points)))
        numbers += own * (2 if side == "both" else 1)
        first += len(own)
    return numbers


def legend_entries(heat_style: str, muscles: Sequence[tuple[str, str]] | None,
                   trigger_points: bool, scale: HeatScale = HeatScale()) -> list[LegendEntry]:
    """Legend entries explaining the heat (and each muscle's colour, if coloured apart)."""
    entries: list[LegendEntry] = []
    if muscles:
        kind = "solid"
        entries += [LegendEntry(kind, name, color) for name, color in muscles]
        if heat_style == "classic":
            entries.append(LegendEntry("stipple", "stipple: spillover zone", "#555555"))
    elif heat_style == "glow":
        what = "more intense red" if scale.stops is None else "stronger colour"
        entries.append(LegendEntry("ramp", f"{what} = pain felt there more often",
                                   stops=scale.ramp(), low="less often", high="more often"))
    else:
        entries += [LegendEntry("solid", "essential zone (felt by most)", CLASSIC_COLOR),
                    LegendEntry("stipple", "spillover zone (felt by some)", CLASSIC_COLOR)]
    if trigger_points:
        entries.append(LegendEntry("x", "trigger point"))
    return entries


def sources_text(patterns, *, brief: bool = False) -> str:
    """One line per source of the patterns, without repeats; `brief` leaves out what each page
    says (its bracketed note) and gives a web page's site rather than its full address, for
    pages of several muscles.

    Examples
    --------
    >>> from painmap.patterns import muscle
    >>> sources_text([muscle("piriformis")], brief=True).startswith("Sources: Travell & Simons")
    True
    """
    seen: list[str] = []
    for p in patterns:
        for s in p.sources:
            text = s.text.split(" (", 1)[0] if brief else s.text
            address = urlsplit(s.url).netloc.removeprefix("www.") if brief and s.url else s.url
            line = text + (f" <{address}>" if address else "")
            if line not in seen:
                seen.append(line)
    return "Sources: " + "; ".join(seen) + "." if seen else ""


class Picture:
    """The heat of the requested patterns, ready to be drawn in any view."""

    def __init__(self, patterns, *, side: str, body: str, heat_style: str, colors,
                 scale: HeatScale = HeatScale(), muscle: bool = False, landmarks: bool = False) -> None:
        checks.choice(None, heat_style, HEAT_STYLES, kind="heat style")
        self.scale = scale
        self.found = resolve(patterns)
        self.surface = surface_heat(self.found, side=side, body=body)
        self.side, self.heat_style = side, heat_style
        self.muscles = muscle_colors(self.found, colors)
        shape = self.surface.body
        if self.muscles:
            fields = [(name, on_side(combine(pattern_heat(p, shape) for p in group), side, shape), color)
                      for name, color, group in self.muscles]
            # Larger fields first, so a small one is not hidden under a large one.
            self.fields = sorted(fields, key=lambda f: -float(f[1].sum()))
        else:
            self.fields = [(None, self.surface.values, None)]
        self.trigger_points = [t for p in self.found for t in trigger_point_locations(p, shape, side)]
        self.numbers = trigger_point_numbers(self.found, side)
        self.footprint = footprint_split(self.found, side, shape) if muscle and self.found else None
        self.landmarks = locating_landmarks(self.found, shape) if landmarks else []

    def panel(self, view: View, style: str, *, label: bool = False, trigger_points: bool = True) -> Panel:
        base = body_panel(self.surface.body.shape, view, style, label=label)
        proj = base.projection
        under, over = muscle_layers(proj, *self.footprint) if self.footprint else ([], [])
        layers = heat_layers(proj, self.fields, self.heat_style, self.scale) if self.found else []
        if self.landmarks:
            base = dataclasses.replace(base, markers=landmark_markers(proj, self.landmarks, self.side))
        return with_heat(base, under + layers + over, self.trigger_points if trigger_points else [],
                         self.numbers)

    def legend(self, trigger_points: bool):
        muscles = [(name, color) for name, color, _ in self.muscles] if self.muscles else None
        entries = legend_entries(self.heat_style, muscles, trigger_points and bool(self.found), self.scale)
        if self.footprint is not None:
            superficial, deep = self.footprint
            if superficial.max() >= 0.5:
                entries.append(LegendEntry("outline", "muscle: where to press", MUSCLE["color"]))
            if np.minimum(deep, 1.0 - superficial).max() >= 0.5:
                entries.append(LegendEntry("outline", "deeper muscle", MUSCLE["color"],
                                           dashes=MUSCLE["dashes"]))
        if self.landmarks:
            entries.append(LegendEntry("landmark", "bony landmark"))
        return entries

    def describe(self, views: list[str]) -> str:
        shown = ", ".join(views)
        body = self.surface.body.shape
        if not self.found:
            return f"A {body} human body seen from: {shown}."
        names = ", ".join(p.name for p in self.found)
        how = ("a red glow; deeper red means the pain is felt there more often" if self.heat_style == "glow"
               else "solid red where the pain is usually felt and red dots where it is felt less often")
        extra = (" The muscle is outlined in blue, dashed where it lies under other muscles."
                 if self.footprint is not None else "")
        extra += " Bony landmarks are marked with small rings." if self.landmarks else ""
        return (f"Where trigger points in {names} ({self.side} side) refer pain, shown as {how}, on a "
                f"{body} body seen from: {shown}. Trigger points are marked with a numbered X.{extra}")


def muscle_colors(found: list[Pattern], colors) -> list[tuple[str, str, list[Pattern]]]:
    """Group patterns by muscle and give each group a colour (empty when not coloured apart).

    `colors` is as :func:`painmap.scene.colors.colors` returns it: None/False, True, a list
    of ``"#rrggbb"`` or a dict from pattern name to ``"#rrggbb"``.
    """
    if colors is None or colors is False:
        return []
    groups: dict[str, list[Pattern]] = {}
    for p in found:
        groups.setdefault(p.muscle, []).append(p)
    names = [muscle_name(key) if len(ps) > 1 else ps[0].name for key, ps in groups.items()]
    if colors is True:
        palette = [MUSCLE_COLORS[i % len(MUSCLE_COLORS)] for i in range(len(groups))]
    elif isinstance(colors, dict):
        by_muscle = {p.muscle: color for key, color in colors.items() for p in resolve(key)}
        palette = [by_muscle.get(key, MUSCLE_COLORS[i % len(MUSCLE_COLORS)]) for i, key in enumerate(groups)]
    else:
        palette = list(colors)
        if len(palette) < len(groups):
            raise ArgumentError("colors", colors, f"one colour per muscle ({len(groups)})",
                                problem=f"{len(palette)} colours for {len(groups)} muscles")
    return [(name, color, ps) for name, color, ps in zip(names, palette, groups.values())]


def scene(
    panels: Sequence[Panel],
    *,
    title: str | None = None,
    caption: str | None = None,
    size: tuple[float, float] | None = None,
    background: str = "light",
    legend: list[LegendEntry] | None = None,
    description: str = "",
    scale_bar: bool = False,
) -> Scene:
    """Lay panels out on a page, all at one scale, with the requested furniture."""
    checks.choice(None, background, BACKGROUNDS, kind="background")
    labels = any(p.label for p in panels)
    options = dict(size=size, title=title, legend=legend, labels=labels, scale_bar=scale_bar,
                   label_widths=[text_width(p.label or "", PANEL_LABEL_PT) for p in panels])
    windows = [(u1 - u0, v1 - v0) for u0, u1, v0, v1 in (p.window for p in panels)]
    lay = layout(windows, **options)
    if caption:
        lines = wrap(caption, lay.size[0] - 0.4, CAPTION_PT)
        lay = layout(windows, caption_lines=len(lines), **options)
        caption = "\n".join(wrap(caption, lay.size[0] - 0.4, CAPTION_PT))
    return Scene(
        panels=list(panels),
        layout=lay,
        paper=PAPER[background],
        ink=INK[background],
        title=title,
        caption=caption,
        description=description,
    )

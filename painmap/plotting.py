"""The figure-level :func:`draw` (a :class:`~painmap.figure.PainMap`) and the axes-level :func:`plot`."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from numbers import Real
from typing import TYPE_CHECKING, Any

from .body.camera import View, parse_views
from .compose import cropping
from .compose.options import heat_scale, picture_options
from .compose.picture import HeatScale, Picture, scene, sources_text
from .compose.viewpick import resolve_views
from .core import checks
from .core.errors import ArgumentError, ArgumentTypeError, ChoiceError
from .figure import DEFAULT_DPI, PainMap
from .patterns.catalog import pattern_request
from .scene.colors import colors as scene_colors
from .scene.style import BACKGROUNDS

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from .compose.fields import FieldPicture
    from .compose.groups import GroupPicture

def draw(
    patterns: Sequence[Any] | str = (),
    *,
    view: str | View | Sequence[str | View] = "auto",
    side: str = "right",
    body: str = "neutral",
    style: str = "shaded",
    heat: str = "glow",
    colors: bool | Sequence[str] | dict[str, str] | None = None,
    trigger_points: bool = True,
    muscle: bool = False,
    landmarks: bool = False,
    legend: bool | None = None,
    title: str | None = None,
    caption: str | None = None,
    sources: bool = False,
    background: str = "light",
    size: tuple[float | str, float | str] | None = None,
    dpi: float = DEFAULT_DPI,
    view_labels: bool | None = None,
    crop: str = "auto",
    scale_bar: bool = False,
    cmap: str | Any | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
    alpha: float | None = None,
) -> PainMap:
    """Draw where trigger points refer pain, on the body, as a :class:`PainMap`.

    Parameters
    ----------
    patterns : name, Pattern, or a list of them
        Referral patterns to show, by id, name or alias (``"glute med"``); a muscle
        drawn as several parts gives all of them.  Empty draws the bare body.  A
        :class:`~painmap.PainDrawing`, a cohort (:func:`painmap.cohort`) or a cohort
        difference (``cohort.difference("a", "b")``) is drawn as a field with a
        legend in percent of patients; `side`, `heat`, `colors` and `trigger_points`
        do not apply to them.  A comparison of groups (the result of
        :func:`painmap.compare`) is drawn as each group's share side by side, on one
        colour scale, then their difference, with what is significant outlined.
    view : str, View or list of them
        ``"front"``, ``"back"``, ``"left"`` (the patient's left side), ``"right"``,
        ``"sole"`` (the feet from below), ``"right_medial"`` / ``"left_medial"``
        (the inner face of that leg, the other leg left out), a camera at any angle
        (:func:`painmap.view` or its name, e.g. ``"az=30,el=10"``), or ``"auto"``
        (the fewest views that show nearly all of the heat; the front for a bare
        body); a list draws the views side by side, sharing one legend.
    side : {"right", "left", "both"}
        The patient's side the trigger points are on.
    body : str
        Body shape, one of ``pm.SHAPES``: ``"neutral"``, ``"female"``, ``"male"``, or a
        child, older, larger or slim body (``"child"``, ``"older_female"``,
        ``"larger_male"``, ...); forgiving spellings work (``"older woman"``, ``"boy"``).
    style : {"shaded", "outline"}
        A soft 3-D grey body, or a flat light body with a dark contour for print.
    heat : {"glow", "classic"}
        A smooth red glow (deeper red = pain felt there more often), or Travell &
        Simons zones: solid essential zone, stippled spillover zone.
    colors : bool, list or dict, optional
        Draw each muscle in its own colour with a legend keyed by muscle name:
        True for painmap's palette, a list of colours (one per muscle, in order) or
        a dict from pattern name to colour.  By default several patterns are
        combined into one field.
    trigger_points : bool
        Mark trigger points with an X, numbered as :func:`painmap.trigger_points` numbers them.
    muscle : bool
        Draw the muscle under the skin (:func:`painmap.footprint`), where to press: a light blue
        fill under the glow with a blue outline over it, dashed where the muscle lies under
        others; in the legend.
    landmarks : bool
        Mark and name the bony landmarks that locate the muscle (for gluteus medius: PSIS,
        greater trochanter, iliac crest) with small rings.
    legend : bool, optional
        Explain the colours under the picture; by default when patterns are drawn.
    title, caption : str, optional
        Text above and below the picture.
    sources : bool
        Add the patterns' sources to the caption.
    background : {"light", "dark", "transparent"}
        Page colour.
    size : (width, height), str or float, optional
        Figure size: numbers are inches; strings may say ``"px"``, ``"cm"``, ``"mm"``
        or ``"in"`` (pixels use `dpi`), as a pair, ``"16x12cm"``, or a width alone
        (``"1200px"``) or None for one side, which then follows the figure's proportions.
        By default 6 inches tall and as wide as the views need.
    dpi : float
        Resolution of PNG output (and the meaning of ``"px"`` in `size`).
    view_labels : bool, optional
        Name each view under it (sides the patient's); by default True.
    crop : {"auto", "body"}
        ``"auto"`` zooms in on the part of the body that hurts when that part is
        small (the jaw, a hand, a foot); ``"body"`` always shows the whole body.
        Either way every panel of a figure is drawn at one scale.
    scale_bar : bool
        Draw a 10 cm bar at the figure's scale at its lower left (for figures in papers).
    cmap : str or matplotlib Colormap, optional
        Colours of the glow instead of the red ramp (e.g. ``"viridis"``); the glow
        still fades to transparent where heat is low.
    vmin, vmax : float, optional
        Heat (0..1) shown as the start and the end of the ramp: heat at or below
        `vmin` is not drawn, heat at or above `vmax` is drawn at full strength.
        Default 0 and 1.
    alpha : float, optional
        Opacity of the glow, 0..1, multiplying the ramp's own (default 1).

    Returns
    -------
    PainMap

    Examples
    --------
    >>> import painmap as pm
    >>> fig = pm.draw("gluteus medius", view=["back", "right"], heat="classic")
    >>> [p.view for p in fig.scene.panels]
    ['back', 'right']
    """
    opts = _checked(patterns, side=side, body=body, style=style, heat=heat, colors=colors, cmap=cmap,
                    vmin=vmin, vmax=vmax, alpha=alpha, muscle=muscle, landmarks=landmarks)
    views = parse_views(view)
    trigger_points, sources = checks.flag("trigger_points", trigger_points), checks.flag("sources", sources)
    legend = checks.flag("legend", legend, optional=True)
    view_labels = checks.flag("view_labels", view_labels, optional=True)
    title, caption = checks.text("title", title), checks.text("caption", caption)
    background = checks.choice("background", background, BACKGROUNDS)
    crop = checks.choice("crop", crop, cropping.CROPS)
    scale_bar = checks.flag("scale_bar", scale_bar)
    dpi = checks.dpi(dpi)
    size_in = checks.size(size, dpi)
    if size_in is not None and None not in size_in:
        checks.pixels(size_in, dpi)

    picture = _picture(opts)
    marks = getattr(picture, "trigger_points", []) if trigger_points else []
    views = resolve_views(views, picture.surface.values, picture.surface.body.shape, marks)
    labels = True if view_labels is None else view_labels
    if _is_group(picture):  # a comparison: a panel per group and view, then the difference
        panels = cropping.crop(picture.panels(views, opts["style"], label=labels), crop)
    else:
        panels = cropping.crop([picture.panel(v, opts["style"], label=labels, trigger_points=trigger_points)
                               for v in views], crop)
    if legend is None:
        legend = bool(picture.found) or not isinstance(picture, Picture)  # a drawing, cohort or comparison
    text = "\n".join(t for t in (caption, sources_text(picture.found) if sources else "") if t)
    page = scene(
        panels, title=title, caption=text or None, size=size_in, background=background,
        legend=picture.legend(trigger_points) if legend else None,
        description=picture.describe([v.name for v in views]), scale_bar=scale_bar,
    )
    checks.pixels(page.layout.size, dpi)
    return PainMap(page, dpi=dpi)


def plot(
    patterns: Sequence[Any] | str = (),
    *,
    view: str | View = "front",
    side: str = "right",
    body: str = "neutral",
    style: str = "shaded",
    heat: str = "glow",
    colors: bool | Sequence[str] | dict[str, str] | None = None,
    trigger_points: bool = True,
    muscle: bool = False,
    landmarks: bool = False,
    crop: str = "auto",
    cmap: str | Any | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
    alpha: float | None = None,
    title: str | None = None,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Draw one view onto a matplotlib Axes (the current one by default) and return it.

    The options mean what they mean for :func:`draw`; the picture on the Axes is
    the same as the corresponding panel of a :func:`draw` figure.  `view` is one
    view (``"auto"``: the first view :func:`draw` would show); `title` becomes the
    Axes title.  Options of the whole figure (`size`, `dpi`, `legend`, ...) belong
    to :func:`draw`.

    Parameters
    ----------
    **kwargs
        matplotlib ``Artist`` properties for the artists painmap adds, as for
        ``ax.plot``: ``zorder`` (the lowest of them; their order is kept),
        ``gid``, ``url``, ``rasterized``, ``visible``, ``label`` (on the body
        outline only, for ``ax.legend()``), ``path_effects``, ``picker``, ...

    Examples
    --------
    >>> import painmap as pm
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().add_subplot()
    >>> pm.plot("piriformis", view="back", ax=ax) is ax
    True
    """
    from matplotlib.axes import Axes

    from .render.mpl import draw_panel

    if not isinstance(view, (str, View)):
        raise ArgumentTypeError("view", view, "one view: a view name, a View or 'auto' (pm.draw takes lists)",
                                problem=f"{checks.kind_of(view)}, not one view", closest="auto")
    opts = _checked(patterns, side=side, body=body, style=style, heat=heat, colors=colors, cmap=cmap,
                    vmin=vmin, vmax=vmax, alpha=alpha, muscle=muscle, landmarks=landmarks)
    views = parse_views(view)
    trigger_points = checks.flag("trigger_points", trigger_points)
    crop = checks.choice("crop", crop, cropping.CROPS)
    title = checks.text("title", title)
    props = artist_properties(kwargs)
    if ax is not None and not isinstance(ax, Axes):
        raise ArgumentTypeError("ax", ax, "a matplotlib Axes (e.g. from plt.subplots()) or None",
                                problem=f"a {type(ax).__name__}, not an Axes")
    picture = _picture(opts)
    # "auto": the first view draw() would show
    (first, *_) = resolve_views(views, picture.surface.values, picture.surface.body.shape)
    if ax is None:
        import matplotlib.pyplot as plt

        ax = plt.gca()
    (panel,) = cropping.crop([picture.panel(first, opts["style"], trigger_points=trigger_points)], crop)
    before = set(ax.get_children())
    draw_panel(panel, ax)
    _set_properties([a for a in ax.get_children() if a not in before], props)
    if title is not None:
        ax.set_title(title)
    return ax


def _checked(patterns, *, side, body, style, heat, colors, cmap, vmin, vmax, alpha, muscle=False,
             landmarks=False) -> dict[str, Any]:
    """The options of what to draw, checked (nothing is computed yet)."""
    patterns = patterns if _is_field(patterns) or _is_result(patterns) else pattern_request(patterns)
    opts = picture_options(side=side, body=body, style=style, heat=heat)
    colors = scene_colors(colors)
    scale = heat_scale(cmap_=cmap, vmin=vmin, vmax=vmax, alpha=alpha, heat=opts["heat"], colors=colors)
    muscle, landmarks = checks.flag("muscle", muscle), checks.flag("landmarks", landmarks)
    if (_is_field(patterns) or _is_result(patterns)) and scale != HeatScale():
        raise ArgumentError("patterns", patterns, "referral patterns, when cmap, vmin, vmax or alpha is "
                            "given (a drawing or a cohort has colours of its own)",
                            problem="a drawing or a cohort")
    if (_is_field(patterns) or _is_result(patterns)) and (muscle or landmarks):
        raise ArgumentError("muscle" if muscle else "landmarks", True, "False for a drawing or a cohort "
                            "(muscles and their landmarks belong to referral patterns)",
                            problem="a drawing or a cohort has no muscle", closest=False)
    return {"patterns": patterns, "colors": colors, "scale": scale, "muscle": muscle, "landmarks": landmarks,
            **opts}


def _picture(opts: dict[str, Any]) -> Picture | FieldPicture | GroupPicture:
    """What to draw: referral patterns, a pain drawing or cohort (:mod:`painmap.compose.fields`), or a
    comparison of groups (:mod:`painmap.compose.groups`)."""
    if _is_result(opts["patterns"]):
        from .compose.groups import GroupPicture

        return GroupPicture(opts["patterns"])
    if _is_field(opts["patterns"]):
        from .compose.fields import FieldPicture

        return FieldPicture(opts["patterns"])
    return Picture(opts["patterns"], side=opts["side"], body=opts["body"], heat_style=opts["heat"],
                   colors=opts["colors"], scale=opts["scale"], muscle=opts["muscle"],
                   landmarks=opts["landmarks"])


# Drawings, cohorts and comparisons are drawn by modules of the reading and statistics side, imported
# only when one is given: none can exist before its module is imported, so while it is not, the
# patterns asked for are names (an SVG from the command line loads neither side).

def _is_field(what: object) -> bool:
    """Whether `what` is a drawing, a cohort or a cohort difference (:func:`compose.fields.is_field`)."""
    if "painmap.reading.drawing" not in sys.modules and "painmap.reading.cohort" not in sys.modules:
        return False
    from .compose.fields import is_field

    return is_field(what)


def _is_result(what: object) -> bool:
    """Whether `what` is a comparison of groups (:func:`stats.maps.is_result`): a VertexComparison, or
    a DataFrame (it has ``attrs``) made by :func:`painmap.compare`."""
    if "painmap.stats.vertex" not in sys.modules and not hasattr(what, "attrs"):
        return False
    from .stats.maps import is_result

    return is_result(what)


def _is_group(picture: object) -> bool:
    if isinstance(picture, Picture):
        return False
    from .compose.groups import GroupPicture

    return isinstance(picture, GroupPicture)


def _set_properties(artists: list, props: dict[str, Any]) -> None:
    """Give painmap's artists on an Axes the user's properties (zorder shifts them, in order)."""
    props = dict(props)
    if "zorder" in props:
        low = min(a.get_zorder() for a in artists)
        for a in artists:
            a.set_zorder(a.get_zorder() - low + props["zorder"])
        del props["zorder"]
    label = props.pop("label", None)
    for a in artists:
        a.set(**props)
    if label is not None:
        artists[0].set_label(label)


FIGURE_OPTIONS = ("legend", "caption", "sources", "background", "size", "dpi", "view_labels", "scale_bar")
"""Options of :func:`painmap.draw` that belong to the whole figure, not to one Axes."""


ARTIST_PROPERTIES = ("agg_filter", "animated", "gid", "in_layout", "label", "mouseover", "path_effects",
                     "picker", "rasterized", "sketch_params", "snap", "url", "visible", "zorder")
"""The matplotlib ``Artist`` properties :func:`painmap.plot` passes to the artists it draws."""


def artist_properties(kwargs: dict[str, object]) -> dict[str, object]:
    """Check the ``**kwargs`` of :func:`painmap.plot`: matplotlib ``Artist`` properties.

    Examples
    --------
    >>> artist_properties({"zorder": 3, "gid": "hip"})
    {'zorder': 3.0, 'gid': 'hip'}
    """
    out: dict[str, object] = {}
    for name, value in kwargs.items():
        if name in FIGURE_OPTIONS:
            raise ArgumentError(name, value, "it set on the figure (pm.draw makes whole figures); pm.plot "
                                "draws onto your Axes", problem="an option of pm.draw, not of pm.plot")
        if name not in ARTIST_PROPERTIES:
            raise ChoiceError("Artist property", name, ARTIST_PROPERTIES, argument="**kwargs")
        out[name] = _artist_value(name, value)
    return out


def _artist_value(name: str, value: object) -> object:
    if name == "zorder":
        return checks.number(name, value, -1e6, 1e6)
    if name in ("animated", "in_layout", "mouseover", "visible", "rasterized"):
        return checks.flag(name, value)
    if name == "snap":
        return checks.flag(name, value, optional=True)
    if name in ("gid", "url", "label"):
        return checks.text(name, value, limit=checks.MAX_NAME_CHARS)
    if name == "path_effects":
        from matplotlib.patheffects import AbstractPathEffect

        items = checks.items(name, value, "a list of matplotlib path effects", 20)
        if not all(isinstance(e, AbstractPathEffect) for e in items):
            raise ArgumentTypeError(name, value, "a list of matplotlib.patheffects objects",
                                    problem="not a list of path effects")
        return items
    if name == "sketch_params":
        if value is None:
            return None
        items = checks.items(name, value, "(scale, length, randomness) numbers, or None", 3)
        return tuple(checks.number(name, v, 0.0, 1e4) for v in items)
    number_picker = name == "picker" and isinstance(value, (bool, Real))
    if value is not None and not callable(value) and not number_picker:
        raise ArgumentTypeError(name, value, "a function, or None", problem=checks.kind_of(value))
    return value

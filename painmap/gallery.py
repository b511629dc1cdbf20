"""The example gallery: every pattern in the catalog, the body sheets, and an index page."""

from __future__ import annotations

import gc
import html
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from .anatomy import landmark_chart, region_chart
from .body.camera import STANDARD_VIEWS
from .body.mesh import SHAPES, load_body
from .compose import viewpick
from .compose.picture import scene
from .core import checks
from .core.files import write_atomic
from .figure import PainMap
from .patterns import GROUPS, muscle, muscles
from .plotting import draw
from .scene.style import BODY_STYLES, GLOW_STOPS

Progress = Callable[[int, int, str], None]


def body_sheets() -> list[tuple[str, str, Callable[[], PainMap]]]:
    """The body sheets as (file stem, title, maker): each shape in each style in four views,
    then the landmark and region charts.  Each figure is drawn only when its maker is called.

    Examples
    --------
    >>> sheets = body_sheets()
    >>> sheets[0][:2], sheets[-1][:2]
    (('body-neutral-shaded', 'Neutral body, shaded style'), ('regions', 'Regions'))
    """
    sheets: list[tuple[str, str, Callable[[], PainMap]]] = []
    for shape in SHAPES:
        for style in BODY_STYLES:
            title = f"{shape.replace('_', ' ').capitalize()} body, {style} style"
            sheets.append((f"body-{shape}-{style}", title,
                           lambda s=shape, st=style, t=title: draw([], view=list(STANDARD_VIEWS), body=s,
                                                                   style=st, title=t)))
    return sheets + [("landmarks", "Landmarks", landmark_chart), ("regions", "Regions", region_chart)]


def pattern_figure(pattern_id: str) -> PainMap:
    """The gallery's picture of one pattern: its views, trigger points, legend and sources."""
    p = muscle(pattern_id)
    return draw(p, title=p.name)


THUMBNAIL_IN = (4.0, 3.0)
"""Size of every pattern's thumbnail on the index page, in inches: one aspect ratio for all."""
THUMBNAIL_DPI = 120.0
THUMB_PX = (round(THUMBNAIL_IN[0] * THUMBNAIL_DPI), round(THUMBNAIL_IN[1] * THUMBNAIL_DPI))


def thumbnail_figure(pattern: str | PainMap) -> PainMap:
    """The index page's thumbnail of one pattern: its views at one fixed size, without a legend.

    Every thumbnail has the same aspect ratio (:data:`THUMBNAIL_IN`), so the grid
    lines up; the legend, too small to read at that size, is explained once at the
    top of the page, and the full figure (with its legend) is one click away.
    `pattern` is a pattern id, or the pattern's :func:`pattern_figure`, whose
    views the thumbnail then reuses (the same picture, without drawing them again).

    Examples
    --------
    >>> thumbnail_figure("scalenes").scene.layout.size
    (4.0, 3.0)
    >>> thumbnail_figure(pattern_figure("scalenes")).scene.layout.legend
    []
    """
    full = pattern_figure(pattern) if isinstance(pattern, str) else pattern
    return PainMap(scene(full.scene.panels, size=THUMBNAIL_IN, description=full.scene.description))


def write_gallery(
    folder: str | os.PathLike,
    *,
    dpi: float = 110,
    body: bool = True,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Write every pattern (PNG and SVG), the body sheets and ``index.html`` into `folder`.

    Parameters
    ----------
    folder : path
        Created if needed.
    dpi : float
        Resolution of the PNGs.
    body : bool
        Also write the body sheets (views, landmarks, regions) into ``folder/body``.
    jobs : int, optional
        Worker processes (default: the number of CPUs, at most 4).
    progress : callable, optional
        Called with (done, total, name) after each picture.

    Returns
    -------
    list of Path
        Every file written.
    """
    folder = checks.folder(folder)
    dpi = checks.dpi(dpi)
    body = checks.flag("body", body)
    jobs = checks.number("jobs", jobs, 1, 64, integer=True, optional=True)
    (folder / "patterns").mkdir(parents=True, exist_ok=True)
    if body:
        (folder / "body").mkdir(exist_ok=True)
    jobs = jobs or min(4, os.cpu_count() or 1)
    _warm()
    written: list[Path] = []
    tasks = [(*task, str(folder), dpi) for task in gallery_tasks(body=body)]
    names = [", ".join(task[1]) for task in tasks]
    if jobs > 1:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        gc.freeze()  # the workers inherit the parent's objects; no collection in them need copy their pages
        try:
            with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
                try:
                    for done, files in enumerate(pool.map(_write_one, tasks), start=1):
                        written += files
                        if progress:
                            progress(done, len(tasks), names[done - 1])
                except BaseException:  # Ctrl-C or an error: drop the pictures not yet started
                    pool.shutdown(cancel_futures=True)
                    raise
        finally:
            gc.unfreeze()
    else:
        for done, task in enumerate(tasks, start=1):
            written += _write_one(task)
            if progress:
                progress(done, len(tasks), names[done - 1])
    written.append(write_atomic(folder / "index.html", index_html(body=body)))
    return written


def gallery_tasks(*, body: bool = True) -> list[tuple[str, tuple[str, ...]]]:
    """The gallery's pictures in the order they are handed to the workers: the slow ones first.

    Each task is (kind, names): ``("body", stems)`` for body sheets drawn by one
    worker (a shape's two styles share its projections), ``("pattern", (id,))``
    for one pattern's figure and thumbnail.  The charts (the slowest pictures)
    come first and the patterns (the many quick ones) last, so that both cores
    stay busy to the end.

    Examples
    --------
    >>> tasks = gallery_tasks()
    >>> tasks[:3]  # doctest: +NORMALIZE_WHITESPACE
    [('body', ('regions',)), ('body', ('landmarks',)),
     ('body', ('body-neutral-shaded', 'body-neutral-outline'))]
    >>> tasks[-1][0], len(gallery_tasks(body=False)) == len(muscles())
    ('pattern', True)
    """
    patterns = [("pattern", (p.id,)) for p in muscles()]
    if not body:
        return patterns
    stems = [stem for stem, _, _ in body_sheets()]
    charts = [s for s in stems if not s.startswith("body-")]
    shapes = [tuple(s for s in stems if s.startswith(f"body-{shape}-")) for shape in SHAPES]
    return [("body", (chart,)) for chart in reversed(charts)] + [("body", pair) for pair in shapes] + patterns


def _warm() -> None:
    """Load, once before forking, what every worker needs, so that no two workers load it.

    The catalog; the neutral body's four views, drawn bare and rendered once as
    PNG and SVG (the renderers, their fonts, the views' shading and outlines);
    what the automatic view choice scores views with; the smoothed mesh and the
    body part of each of its vertices (crops).  All of it comes from painmap's
    disk cache after the first run on a machine, so this costs little.
    """
    muscles()
    bare = draw([], view=list(STANDARD_VIEWS), size=(2.0, 1.0))
    bare.to_png(dpi=20)
    bare.to_svg()
    body = load_body("neutral")
    viewpick.pick_views(np.ones(body.n_vertices), "neutral")  # loads the views' scores; the pick is unused
    body.smooth_part  # noqa: B018  (cached properties: loading them is the point)
    body.smooth  # noqa: B018


def _write_one(task: tuple[str, tuple[str, ...], str, float]) -> list[Path]:
    """Draw one gallery task's pictures and write their PNG and SVG files (runs in a worker process)."""
    kind, names, folder, dpi = task
    if kind == "pattern":
        (name,) = names
        fig, out = pattern_figure(name), Path(folder) / "patterns" / name
        thumb = thumbnail_figure(fig).save(out.with_name(f"{name}-thumb.png"), dpi=THUMBNAIL_DPI)
        return [fig.save(out.with_suffix(".png"), dpi=dpi), fig.save(out.with_suffix(".svg")), thumb]
    makers = {stem: make for stem, _, make in body_sheets()}
    written = []
    for name in names:
        fig, out = makers[name](), Path(folder) / "body" / name
        written += [fig.save(out.with_suffix(".png"), dpi=dpi), fig.save(out.with_suffix(".svg"))]
    return written


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>painmap gallery</title>
<style>
body {{ font-family: "DejaVu Sans", Verdana, Arial, sans-serif; margin: 2em auto; max-width: 1200px;
       color: #222; padding: 0 1em; }}
h1 {{ margin-bottom: 0.2em; }}
h2 {{ border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 2em; }}
nav a {{ margin-right: 0.8em; }}
.grid {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 1.5em; }}
figure {{ margin: 0; }}
figure img {{ width: 100%; height: auto; border: 1px solid #eee; }}
figure img.thumb {{ aspect-ratio: 4 / 3; object-fit: contain; }}
.key {{ display: flex; gap: 1.5em; align-items: center; font-size: 0.9em; margin: 0.6em 0 1em; }}
.ramp {{ display: inline-block; width: 7em; height: 0.8em; vertical-align: middle; margin-right: 0.4em;
         background: {ramp}; }}
figcaption h3 {{ font-size: 1em; margin: 0.4em 0 0.2em; }}
figcaption p {{ font-size: 0.85em; margin: 0; color: #444; }}
figcaption .links {{ font-size: 0.8em; }}
</style>
</head>
<body>
<h1>painmap gallery</h1>
<p>Where each muscle's trigger points send pain. The deeper the red, the more often pain is felt there;
X marks the trigger points. Sides are the patient's (drawn on the right side).</p>
<p class="key"><span><span class="ramp"></span>less often &rarr; more often</span>
<span><b>&times;</b> trigger point</span><span>Click a picture for the full figure with its legend.</span></p>
<nav>{nav}</nav>
{sections}
<script>
// Lets a test (or you) check that every picture on the page loaded.
window.addEventListener("load", function () {{
  var broken = Array.prototype.filter.call(document.images, function (img) {{
    return !(img.complete && img.naturalWidth > 0);
  }});
  document.body.setAttribute("data-images", String(document.images.length));
  var names = broken.map(function (i) {{ return i.getAttribute("src"); }});
  document.body.setAttribute("data-broken", names.join(" "));
}});
</script>
</body>
</html>
"""


def index_html(*, body: bool = True) -> str:
    """The gallery's index page: every pattern by body area with picture, name and summary."""
    sections, nav = [], []
    for group in GROUPS:
        found = muscles(group=group)
        if not found:
            continue
        title = group.replace("_", " ").capitalize()
        nav.append(f'<a href="#{group}">{html.escape(title)}</a>')
        cards = [
            f'<figure id="{p.id}"><a href="patterns/{p.id}.svg"><img class="thumb" '
            f'src="patterns/{p.id}-thumb.png" width="{THUMB_PX[0]}" height="{THUMB_PX[1]}" '
            f'alt="{html.escape(p.name)}: where its trigger points refer pain"></a>'
            f"<figcaption><h3>{html.escape(p.name)}</h3><p>{html.escape(p.summary)}</p>"
            f'<p class="links"><a href="patterns/{p.id}.png">PNG</a> · <a href="patterns/{p.id}.svg">SVG</a>'
            f"</p></figcaption></figure>"
            for p in found
        ]
        sections.append(f'<h2 id="{group}">{html.escape(title)}</h2>\n<div class="grid">\n'
                        + "\n".join(cards) + "\n</div>")
    if body:
        nav.append('<a href="#body">The body</a>')
        cards = [f'<figure><a href="body/{stem}.svg"><img src="body/{stem}.png" '
                 f'alt="{html.escape(text)}"></a><figcaption><h3>{html.escape(text)}</h3></figcaption></figure>'
                 for stem, text, _ in body_sheets()]
        sections.append('<h2 id="body">The body</h2>\n<div class="grid">\n' + "\n".join(cards) + "\n</div>")
    return PAGE.format(nav=" ".join(nav), sections="\n".join(sections), ramp=_css_ramp())


def _css_ramp() -> str:
    """The glow's colour ramp (over the body's grey) as a CSS background, for the page's key."""
    stops = ", ".join(f"rgba({int(c[1:3], 16)},{int(c[3:5], 16)},{int(c[5:7], 16)},{a:g}) {v * 100:g}%"
                      for v, c, a in GLOW_STOPS)
    return f"linear-gradient(to right, {stops}), #dcdee1"

"""Building scenes from what the user asked for: views, body shape, style, furniture."""

from __future__ import annotations

from collections.abc import Sequence

from .body.camera import get_view
from .body.guides import guide_lines
from .body.mesh import SHAPES
from .body.projection import DEFAULT_RESOLUTION, project
from .errors import check_choice
from .render.style import BACKGROUNDS, INK, PAPER, body_look
from .scene import Layout, Panel, Scene, layout

WINDOW_MARGIN_CM = 3.0
LABEL_ROOM_CM = 7.0
VIEW_TITLES = {"front": "Front", "back": "Back", "left": "Left side", "right": "Right side"}


def body_panel(
    shape: str,
    view: str,
    style: str,
    *,
    resolution: int = DEFAULT_RESOLUTION,
    label: bool = False,
    side_room: float = 0.0,
) -> Panel:
    """A panel showing the bare body in one view.

    `side_room` widens the window on both sides (centimetres), e.g. for callouts.
    """
    check_choice("body shape", shape, SHAPES)
    look = body_look(style)
    proj = project(shape, get_view(view).name, resolution)
    points = proj.points[:, :2]
    u0, v0 = points.min(axis=0) - WINDOW_MARGIN_CM
    u1, v1 = points.max(axis=0) + WINDOW_MARGIN_CM
    if label:
        v0 -= LABEL_ROOM_CM
    return Panel(
        projection=proj,
        look=look,
        window=(float(u0 - side_room), float(u1 + side_room), float(v0), float(v1)),
        guides=guide_lines(proj) if look.guide_width > 0 else [],
        label=VIEW_TITLES[view] if label else None,
    )


def scene(
    panels: Sequence[Panel],
    *,
    title: str | None = None,
    caption: str | None = None,
    size: tuple[float, float] | None = None,
    background: str = "light",
    legend: list | None = None,
    description: str = "",
) -> Scene:
    """Lay panels out on a page with the requested furniture."""
    check_choice("background", background, BACKGROUNDS)
    lines = caption.count("\n") + 1 if caption else 0
    lay: Layout = layout([p.aspect for p in panels], size=size, title=bool(title),
                         caption_lines=lines, legend=bool(legend))
    return Scene(
        panels=list(panels),
        layout=lay,
        paper=PAPER[background],
        ink=INK[background],
        title=title,
        caption=caption,
        legend=list(legend or []),
        description=description,
    )

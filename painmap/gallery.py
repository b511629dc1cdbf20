"""The example gallery: reference sheets of the body (and, with patterns, the catalog)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .body.camera import VIEWS
from .body.mesh import SHAPES
from .charts import landmark_chart, region_chart
from .plotting import PainMap, draw
from .render.style import BODY_STYLES


def body_sheets() -> Iterator[tuple[str, PainMap]]:
    """Yield (file stem, figure) for every body sheet: each shape in each style, four views,
    then the landmark and region charts.

    Examples
    --------
    >>> stems = [stem for stem, _ in body_sheets()]
    >>> stems[0], stems[-1]
    ('body-neutral-shaded', 'regions')
    """
    for shape in SHAPES:
        for style in BODY_STYLES:
            yield f"body-{shape}-{style}", draw(
                [], view=list(VIEWS), body=shape, style=style,
                title=f"{shape.capitalize()} body, {style} style",
            )
    yield "landmarks", landmark_chart()
    yield "regions", region_chart()


def write_gallery(folder: str | Path, *, formats: tuple[str, ...] = ("png", "svg"),
                  dpi: float = 150, progress=None) -> list[Path]:
    """Write every gallery sheet into `folder` (created if needed); return the files.

    `progress`, if given, is called with (done, total, name) after each sheet.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    sheets = list(body_sheets())
    written = []
    for done, (stem, fig) in enumerate(sheets, start=1):
        for fmt in formats:
            written.append(fig.save(folder / f"{stem}.{fmt}", dpi=dpi))
        if progress:
            progress(done, len(sheets), stem)
    return written

"""Drawing the site's pictures: in parallel worker processes, and only those whose inputs changed.

A picture is a :class:`Picture`: where it goes, and the painmap call that makes it (a
function name in :data:`MAKERS` and its arguments).  A small manifest beside the pictures
remembers, for each file, a fingerprint of everything that made it (the painmap package
and body data, the call, the pattern file it reads); a picture whose fingerprint is
unchanged is not drawn again.  A fresh build (as in CI) draws everything.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

PATTERN_DPI = 72  # the gallery's pictures: 6 inches tall, 432 px; small files, sharp enough on screen
THUMBNAIL_DPI = 60  # the gallery index's cards: 4 x 3 inches, 240 x 180 px
CHART_DPI = 110  # the anatomy charts carry labels to read


@dataclass(frozen=True)
class Picture:
    """One PNG of the site: ``MAKERS[maker](*args)`` drawn at `dpi` into `out`; `reads`: its input files."""

    out: Path
    maker: str
    args: tuple
    dpi: float = PATTERN_DPI
    reads: tuple[Path, ...] = ()


def _pattern(pattern_id: str, heat: str):
    """A pattern's picture: ``"glow"``, ``"classic"`` or ``"press"`` (the glow with the muscle and its
    landmarks: where to press)."""
    import painmap as pm

    if heat == "press":
        return pm.draw(pattern_id, muscle=True, landmarks=True)
    return pm.draw(pattern_id, heat=heat, style="outline" if heat == "classic" else "shaded")


def _thumbnail(pattern_id: str):
    """The package gallery's thumbnail (one 4:3 size, no legend), else the glow picture."""
    from painmap import gallery

    make = getattr(gallery, "thumbnail_figure", None)
    return make(pattern_id) if make else _pattern(pattern_id, "glow")


def _own_pattern(path: str):
    import painmap as pm

    return pm.draw(pm.load_pattern(path), title="My pattern")


def _body_views(shape: str):
    import painmap as pm
    from painmap.body.camera import STANDARD_VIEWS

    return pm.draw([], view=list(STANDARD_VIEWS), body=shape)


def _body(shape: str):
    import painmap as pm

    return pm.draw([], view="front", body=shape, crop="body")


LINEUP_KINDS = ("", "larger", "slim", "older", "child")
LINEUP_SEXES = ("female", "neutral", "male")


class _Lineup:
    """Every body shape in one picture at one scale (cm per pixel), kinds across and sexes down."""

    def __init__(self, view: str) -> None:
        self.view = view

    def to_png(self, dpi: float) -> bytes:
        import io

        import numpy as np
        from PIL import Image, ImageDraw, ImageFont

        import painmap as pm
        from painmap.body.mesh import load_body
        from painmap.render.fonts import dejavu

        px_per_cm = dpi / 40.0  # 1.8 m tall is 4.5 in at `dpi`
        cells = []
        for sex in LINEUP_SEXES:
            row = []
            for kind in LINEUP_KINDS:
                shape = "_".join(p for p in (kind, "" if sex == "neutral" else sex) if p) or "neutral"
                rgb = np.asarray(Image.open(io.BytesIO(pm.draw(
                    [], view=self.view, body=shape, crop="body", legend=False, view_labels=False,
                    size=(None, 6.0)).to_png(dpi=dpi * 2))).convert("RGB"))
                ink = np.argwhere((rgb < 245).any(axis=2))
                (top, left), (bottom, right) = ink.min(axis=0), ink.max(axis=0) + 1
                body = Image.fromarray(rgb[top:bottom, left:right])
                scale = load_body(shape).height * px_per_cm / (bottom - top)
                row.append((shape, body.resize((max(1, round(body.width * scale)),
                                                round(body.height * scale)), Image.LANCZOS)))
            cells.append(row)
        font = ImageFont.truetype(dejavu(), max(9, round(dpi / 9)))
        gap, label = round(dpi / 6), round(dpi / 5)
        col_w = [max(cells[r][c][1].width for r in range(len(cells))) + gap for c in range(len(LINEUP_KINDS))]
        row_h = [max(img.height for _, img in row) + label + gap for row in cells]
        sheet = Image.new("RGB", (sum(col_w) + gap, sum(row_h) + gap), "white")
        draw = ImageDraw.Draw(sheet)
        y = gap
        for row, h in zip(cells, row_h):
            x = gap
            for (shape, img), w in zip(row, col_w):
                bottom = y + h - label - gap  # soles on one line: heights compare directly
                sheet.paste(img, (x + (w - gap - img.width) // 2, bottom - img.height))
                draw.text((x + (w - gap) // 2, bottom + label // 4), shape, fill=(40, 40, 40), font=font,
                          anchor="mt")
                x += w
            y += h
        out = io.BytesIO()
        sheet.save(out, format="PNG", optimize=True)
        return out.getvalue()


def _lineup(view: str) -> _Lineup:
    return _Lineup(view)


def _landmarks():
    import painmap as pm

    return pm.landmark_chart()


def _regions():
    import painmap as pm

    return pm.region_chart()


def _atlas(name: str):
    import painmap as pm

    return pm.atlas_chart(name)


MAKERS = {"pattern": _pattern, "thumbnail": _thumbnail, "own_pattern": _own_pattern, "body": _body,
          "body_views": _body_views, "lineup": _lineup, "landmarks": _landmarks, "regions": _regions,
          "atlas": _atlas}


def package_fingerprint() -> str:
    """A hash of painmap's code and body data: any change to them redraws every picture."""
    import painmap

    package = Path(painmap.__file__).parent
    files = sorted(package.rglob("*.py"))
    body = package.parent / "assets" / "body"
    if not body.is_dir():  # an installed wheel keeps the assets inside the package
        body = package / "assets" / "body"
    files += sorted(body.glob("*")) if body.is_dir() else []
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.name.encode() + f.read_bytes())
    return digest.hexdigest()


def render(pictures: list[Picture], manifest: Path, *, jobs: int | None = None) -> tuple[int, int]:
    """Draw the pictures whose fingerprint changed; return (drawn, reused)."""
    base = package_fingerprint()
    known = json.loads(manifest.read_text()) if manifest.exists() else {}
    wanted = {}
    for pic in pictures:
        digest = hashlib.sha256(f"{base}|{pic.maker}|{pic.args!r}|{pic.dpi}".encode())
        for f in pic.reads:
            digest.update(Path(f).read_bytes())
        wanted[str(pic.out)] = digest.hexdigest()
    todo = [p for p in pictures if not p.out.exists() or known.get(str(p.out)) != wanted[str(p.out)]]
    todo.sort(key=lambda p: p.maker == "pattern")  # the slow charts first, so the workers finish together
    jobs = jobs or min(4, os.cpu_count() or 1)
    if todo:
        for pic in todo:
            pic.out.parent.mkdir(parents=True, exist_ok=True)
        if jobs > 1 and len(todo) > 1:
            _warm()
            context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods()
                                                  else None)
            with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
                list(pool.map(_draw, todo, chunksize=2))
        else:
            for pic in todo:
                _draw(pic)
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps(dict(sorted(wanted.items())), indent=1))
    return len(todo), len(pictures) - len(todo)


def _warm() -> None:
    """Project the neutral body in the four views once, so forked workers start with it cached."""
    import painmap as pm
    from painmap.body.camera import STANDARD_VIEWS

    pm.draw([], view=list(STANDARD_VIEWS)).to_png(dpi=10)


def _draw(pic: Picture) -> None:
    from painmap.core.files import write_atomic

    write_atomic(pic.out, MAKERS[pic.maker](*pic.args).to_png(dpi=pic.dpi))

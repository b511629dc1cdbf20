"""Reading a batch of filled-in charts into one CSV, one row per file (``painmap read``).

Every file gets a row and a status: ``read``, or ``refused`` with why (the reader's
message: the marks not found, no ink, not a picture ...), or ``failed`` (an unexpected
error: a bug to report).  One file's failure never stops the batch.

The CSV's columns:

============  =====================================================================
``patient``   the file's name without its extension (the path, if two files share it)
``file``      the file as given or found in a folder
``chart_id``  the id printed in the chart's code (``painmap template --id``), for a chart read
``status``    ``read``, ``refused`` or ``failed``
``why``       for a refused or failed file, what was wrong and what to do
``marking``   the marking style seen, e.g. ``hatched colour`` (see :mod:`painmap.chart.ink`)
``extent``    the share of the body's surface with pain, 0..1
``regions``   each region and side touched with the share covered:
              ``lumbar_back right 0.82; buttock_upper right 1``
``vertices``  the exact drawing: the painted vertex numbers, runs as ``10-14``; a value
              other than 1 follows a colon (``17:0.5``); see :func:`parse_vertices`
============  =====================================================================

Examples
--------
>>> format_vertices([3, 4, 5, 9], [1.0, 1.0, 1.0, 0.5])
'3-5 9:0.5'
>>> parse_vertices('3-5 9:0.5')
([3, 4, 5, 9], [1.0, 1.0, 1.0, 0.5])
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..body.camera import parse_views
from ..core import checks
from ..core.errors import ArgumentError, DataError, PainmapError
from ..core.files import write_atomic
from ..reading.drawing import PainDrawing, as_body
from ..reading.table import csv_bytes
from .qc import QcNote, write_refused
from .template import PAPERS

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp", ".gif")
"""The files taken from a folder (any case); a file named on its own is always tried."""
COLUMNS = ("patient", "file", "chart_id", "status", "why", "marking", "extent", "regions", "vertices")


@dataclass
class BatchRow:
    """One file of a batch: its row of the CSV (and, if read, its drawing)."""

    patient: str
    file: str
    status: str = "refused"
    why: str = ""
    marking: str = ""
    drawing: PainDrawing | None = field(default=None, repr=False)

    @property
    def summary(self) -> str:
        """One line for the console."""
        if self.drawing is None:
            return self.why
        chart = "" if self.drawing.chart_id is None else f", chart id {self.drawing.chart_id}"
        return f"{self.marking or 'marked'}, {100 * self.drawing.extent:.1f} % of the body{chart}"

    def cells(self) -> list[object]:
        d = self.drawing
        if d is None:
            return [self.patient, self.file, "", self.status, self.why, self.marking, "", "", ""]
        regions = "; ".join(f"{name} {side} {round(share, 3):g}"
                            for (name, side), share in d.regions().items())
        idx, values = d.nonzero()
        chart_id = "" if d.chart_id is None else d.chart_id
        return [self.patient, self.file, chart_id, self.status, self.why, self.marking, round(d.extent, 6),
                regions, format_vertices(idx, values)]


def scan_files(scans: Iterable[str | os.PathLike]) -> list[Path]:
    """The files a batch reads: each file given, and the pictures in each folder given (sorted)."""
    files: list[Path] = []
    for scan in scans:
        path = Path(os.fspath(scan))
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES
                           and not p.name.startswith(".") and p.is_file())
            files += found or [path]  # a folder without pictures gets a row saying so
        else:
            files.append(path)
    return files


def read_batch(scans: Iterable[str | os.PathLike], output: str | os.PathLike | None = None, *,
               views: str | Sequence[str] = ("front", "back"), body: str = "neutral", paper: str = "A4",
               qc: str | os.PathLike | None = None,
               progress: Callable[[BatchRow], object] | None = None) -> list[BatchRow]:
    """Read every chart of `scans` (files or folders); write the CSV to `output` (see the module).

    Parameters
    ----------
    scans : list of paths
        Chart images, or folders of them (see `IMAGE_SUFFIXES`).
    output : path, optional
        The CSV to write (atomically, after the whole batch).
    views, body, paper
        The charts' views, body shape and paper, as given to :func:`painmap.template`.
    qc : path, optional
        A folder (created if missing) for one quality-control picture per file,
        ``<patient>.png``: what was read over the scan, or why it was refused.
    progress : callable, optional
        Called with each :class:`BatchRow` as it is done.

    Returns
    -------
    list of BatchRow

    Raises
    ------
    painmap.ChoiceError, painmap.ArgumentError
        A bad view, body or paper, or no scans (before any file is read).
    painmap.OutputError
        `output` or `qc` cannot be written.
    """
    views = [v.name for v in parse_views(views, argument="view", auto=False)]
    shape = as_body(body)
    paper = checks.choice("paper", paper, PAPERS)
    files = scan_files(scans)
    if not files:
        raise ArgumentError("scans", scans, "at least one chart image or folder", problem="empty")
    if output is not None:
        checks.writable(Path(os.fspath(output)))
    qc_dir = None
    if qc is not None:
        qc_dir = checks.folder(qc, argument="qc")
        qc_dir.mkdir(parents=True, exist_ok=True)
    stems = [p.stem for p in files]
    rows = []
    for path, stem in zip(files, stems):
        patient = stem if stems.count(stem) == 1 else str(path)
        row = _read_one(path, patient, views, shape, paper, qc_dir)
        rows.append(row)
        if progress is not None:
            progress(row)
    if output is not None:
        write_atomic(output, csv_bytes(list(COLUMNS), [row.cells() for row in rows], argument="scans"))
    return rows


def _read_one(path: Path, patient: str, views, body, paper: str, qc_dir: Path | None) -> BatchRow:
    row = BatchRow(patient, str(path))
    picture = None if qc_dir is None else qc_dir / (_safe(patient) + ".png")
    note = QcNote(picture)
    try:
        if path.is_dir():
            raise DataError(f"folder {str(path)!r} holds no chart images "
                               f"({', '.join(IMAGE_SUFFIXES)}).")
        row.drawing = PainDrawing.from_image(path, view=views, body=body, paper=paper, qc=note)
        row.status, row.marking = "read", note.style
    except (PainmapError, OSError) as err:
        row.status, row.why = "refused", _one_line(err)
    except MemoryError:
        row.status, row.why = "refused", "too large to read in memory; scan it at 200-300 dpi."
    except Exception as err:  # a bug: say so, and go on with the batch
        row.status = "failed"
        row.why = f"unexpected {type(err).__name__}: {_one_line(err)} (a bug in painmap: please report it)"
    if picture is not None and row.status != "read" and path.is_file():
        try:
            write_refused(picture, path, row.why)
        except (PainmapError, OSError):
            pass
    return row


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__


def _safe(name: str) -> str:
    """A file name from a patient id (path separators and the like replaced)."""
    return "".join(c if c.isalnum() or c in "-_.+" else "_" for c in name).strip(".") or "chart"


def format_vertices(index: Iterable[int], values: Iterable[float]) -> str:
    """Painted vertices compactly: runs of value 1 as ``a-b``, other values after a colon."""
    parts: list[str] = []
    run: list[int] = []

    def flush() -> None:
        if run:
            parts.append(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}")
            run.clear()

    for i, v in zip(index, values):
        i, v = int(i), float(v)
        if v >= 1.0 and run and i == run[-1] + 1:
            run.append(i)
        elif v >= 1.0:
            flush()
            run.append(i)
        else:
            flush()
            parts.append(f"{i}:{round(v, 4):g}")
    flush()
    return " ".join(parts)


def parse_vertices(text: str) -> tuple[list[int], list[float]]:
    """The vertices and values of :func:`format_vertices`' text."""
    index: list[int] = []
    values: list[float] = []
    for part in text.split():
        if ":" in part:
            i, v = part.split(":")
            index.append(int(i))
            values.append(float(v))
        elif "-" in part:
            a, b = part.split("-")
            index += range(int(a), int(b) + 1)
            values += [1.0] * (int(b) - int(a) + 1)
        else:
            index.append(int(part))
            values.append(1.0)
    return index, values


def drawing_of(row_vertices: str, body: str = "neutral") -> PainDrawing:
    """The drawing of a CSV row's ``vertices`` cell."""
    shape = as_body(body)
    index, values = parse_vertices(row_vertices)
    full = np.zeros(shape.n_vertices)
    full[index] = values
    return PainDrawing(full, body=shape)

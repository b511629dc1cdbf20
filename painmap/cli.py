"""The ``painmap`` command line (also ``python -m painmap``).

Exit codes
----------
0
    Success.
1
    Any other failure: input that cannot be read (:class:`~painmap.DataError`,
    :class:`~painmap.MissingFileError`, :class:`~painmap.PatternError`, a painted chart
    with no paint on it), an output file that cannot be written
    (:class:`~painmap.OutputError`), any other ``OSError`` or painmap error.
2
    A usage error, and only that: argparse's own (an unknown command or option, a missing
    argument, a number that is not a number, which also print the usage line), and
    painmap's argument errors, :class:`~painmap.ArgumentError` (with
    :class:`~painmap.ArgumentTypeError` and :class:`~painmap.LimitError`) and
    :class:`~painmap.ChoiceError` (with :class:`~painmap.UnknownMuscleError` and an
    unknown view, body, group or output format).
130
    Interrupted (Ctrl-C).
141
    Standard output was closed before painmap finished writing it, as in
    ``painmap list | head -1``: painmap stops quietly, with no message, and exits as a
    program ended by SIGPIPE does in a shell (128 + 13).

Errors are one line on standard error, ``painmap: error: ...``.  Output files are written
whole or not at all.

The figure cache
----------------
``painmap draw`` copies a picture it drew before with exactly the same inputs from the
figure cache (:mod:`painmap.core.figcache`), without loading the drawing code; ``--no-cache``
or ``PAINMAP_FIGURE_CACHE=off`` draw afresh.  Only the program uses it: :func:`main` called
with a list of arguments (from Python, where painmap may have been changed in memory) draws.

Views
-----
``--view`` takes a view, or several separated by commas, and may be repeated; the words
right after it are views too as long as they name views, so ``--view back left``,
``--view back,left`` and ``--view back --view left`` are the same, and
``painmap draw --view back gluteus-medius`` draws gluteus medius from the back.  The first
word after ``--view`` is always taken as a view, so a misspelt view is reported as one.
Names and options may come in any order (argparse's intermixed parsing).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .body.shapes import SHAPES
from .core.errors import ArgumentError, ChoiceError, DataError, MissingFileError, PainmapError, closest_names
from .core.figcache import ENV as FIGURE_CACHE_ENV

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_PIPE_CLOSED = 141
"""Standard output closed early (``painmap list | head -1``): 128 + SIGPIPE, as a shell reports it."""
USAGE_ERRORS = (ArgumentError, ChoiceError)
"""painmap's errors that are usage errors (exit code 2); ArgumentError includes ArgumentTypeError and
LimitError, ChoiceError includes UnknownMuscleError and FormatError."""
VIEW_OPTION = ("--v", "--vi", "--vie", "--view")
"""``--view`` and the abbreviations argparse accepts for it."""
VIEW_NAMES = ("front", "back", "left", "right", "sole", "right_medial", "left_medial", "auto")
"""The view names (:data:`painmap.VIEWS`) and ``auto``, to tell views from muscle names while parsing:
:mod:`painmap.body.camera` imports numpy, which a picture from the figure cache never needs (a test
keeps the two the same)."""

EPILOG = """examples:
  painmap draw gluteus-medius piriformis --view back --side both --heat classic -o fig.svg
  painmap draw "glute min" -o gluteus-minimus.png --dpi 200
  painmap draw --view back left gluteus-medius -o gm.png
  painmap list --group hip
  painmap show gluteus-minimus
  painmap where "lateral thigh" buttock_lateral
  painmap template front back -o chart.pdf
  painmap where --image scan.png --view front back
  painmap read scans/ --view front back -o drawings.csv --qc qc/
  painmap cohort drawings.csv -o map.png --view front back
  painmap handout gluteus-medius -o gm.pdf --notes notes.txt --paper Letter
  painmap booklet --group hip -o hip.pdf
  painmap gallery out/
  painmap cache info

Sides are the patient's. Muscle names are forgiving: ids, names, aliases and short forms
("QL", "glute med") all work; `painmap list` shows them.

exit codes: 0 success, 1 failure, 2 usage error (unknown option, muscle, view ...),
130 interrupted, 141 standard output closed early (e.g. `painmap list | head -1`).
"""


class UsageError(ArgumentError):
    """Command-line arguments that cannot be used together, or a command missing what it works on."""

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(argument, None, message)
        self.args = (message,)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code (see the module's docstring).

    argparse's own usage errors, ``--help`` and ``--version`` raise ``SystemExit``, as
    argparse does (code 2, or 0).
    """
    single_threaded_blas()
    try:
        return _run(sys.argv[1:] if argv is None else list(argv), figure_cache=argv is None)
    except BrokenPipeError:
        _stdout_to_devnull()
        return EXIT_PIPE_CLOSED


def _run(argv: list[str], figure_cache: bool = False) -> int:
    """Run a command; `figure_cache`: ``painmap draw`` may copy its picture from the figure cache
    (only for the program itself: a Python caller of :func:`main` may have changed painmap in memory)."""
    parser = build_parser()
    try:
        args = parser.parse_args(split_views(argv))
    finally:
        sys.stdout.flush()  # the help or version text, while a closed pipe can still be caught
    args.figure_cache = figure_cache
    try:
        code = args.run(args)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        raise
    except KeyboardInterrupt:
        print("painmap: interrupted; no partial files were left", file=sys.stderr)
        return EXIT_INTERRUPTED
    except USAGE_ERRORS as err:
        print(f"painmap: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except (PainmapError, OSError) as err:
        print(f"painmap: error: {err}", file=sys.stderr)
        return EXIT_FAILURE


def _stdout_to_devnull() -> None:
    """After a closed pipe: point standard output at devnull, so Python's flush at exit is quiet.

    The recipe of the Python documentation (the ``signal`` module, "Note on SIGPIPE").
    """
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # replaced by an object without a file (tests)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def single_threaded_blas() -> None:
    """Give this process (and the gallery's workers) one BLAS thread, unless the user chose a number.

    painmap's arrays are small: OpenBLAS's pool of threads, started as numpy loads,
    spins on the other core for about 80 ms of CPU per command and saves no wall time.
    Works only before numpy is imported, as in the ``painmap`` command.
    """
    if "numpy" not in sys.modules:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def build_parser() -> argparse.ArgumentParser:
    parser = CommandParser(
        prog="painmap",
        description="Draw where a muscle's trigger points refer pain, on a human body.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=VersionAction,
                        help="show painmap's version and its PNG back end, and exit")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", required=True,
                                parser_class=CommandParser)

    draw = _command(sub, "draw", "draw patterns as PNG, SVG or PDF",
                    "Draw one or more referral patterns on the body. The output format follows the "
                    "file's extension: .png, .svg or .pdf.",
                    "painmap draw gluteus-medius piriformis --view back --side both --heat classic "
                    "-o fig.svg")
    draw.add_argument("muscles", nargs="*", metavar="MUSCLE", help="pattern ids, names or aliases")
    draw.add_argument("-o", "--output", required=True, help="output file (.png, .svg or .pdf)")
    _picture_options(draw)
    _view_option(draw, "front, back, left, right, sole, right_medial, left_medial, a camera at any angle "
                 "as az=DEG,el=DEG (azimuth 0 front, 90 the patient's left, 180 back; elevation above "
                 "the waist), or auto (default: the views where the pain shows).")
    draw.add_argument("--colors", action="store_true", help="one colour per muscle, with a legend")
    draw.add_argument("--no-trigger-points", action="store_true", help="do not mark trigger points")
    draw.add_argument("--muscle", action="store_true",
                      help="draw the muscle under the skin (where to press), dashed where it lies deep")
    draw.add_argument("--landmarks", action="store_true",
                      help="mark and name the bony landmarks that locate the muscle")
    draw.add_argument("--no-legend", action="store_true", help="leave out the legend")
    draw.add_argument("--title", help="text above the picture")
    draw.add_argument("--caption", help="text under the picture")
    draw.add_argument("--sources", action="store_true", help="list the sources under the picture")
    draw.add_argument("--background", default="light", help="light, dark or transparent (default light)")
    draw.add_argument("--size", help="WIDTHxHEIGHT in inches, or with a unit: 1200x800px, 16x12cm")
    draw.add_argument("--dpi", type=float, default=150, help="PNG resolution (default 150)")
    draw.add_argument("--cmap", help="a matplotlib colormap for the glow, e.g. viridis (default: red)")
    draw.add_argument("--vmin", type=float, help="heat (0..1) at which the glow starts (default 0)")
    draw.add_argument("--vmax", type=float, help="heat (0..1) drawn at full strength (default 1)")
    draw.add_argument("--alpha", type=float, help="opacity of the glow, 0..1 (default 1)")
    draw.add_argument("--no-cache", action="store_true",
                      help="draw afresh: do not copy the picture from the figure cache, nor store it there "
                           f"(${FIGURE_CACHE_ENV}=off: never)")
    draw.set_defaults(run=_draw)

    lst = _command(sub, "list", "list the muscles in the catalog",
                   "List the referral patterns of the built-in catalog as a table.",
                   "painmap list --group hip")
    lst.add_argument("--group", help="only one body area, e.g. hip, neck, shoulder")
    lst.set_defaults(run=_list)

    show = _command(sub, "show", "details of one muscle",
                    "Show a muscle's summary, trigger points, aliases and sources.",
                    "painmap show gluteus-minimus")
    show.add_argument("muscle", metavar="MUSCLE")
    show.set_defaults(run=_show)

    where = _command(sub, "where", "which muscles may send pain to a place",
                     "Rank the muscles whose referred pain best overlaps the places given (region names "
                     "or everyday words) or a painted chart (--image; see `painmap template`), by "
                     "area-weighted overlap on the body's surface.",
                     'painmap where "lateral thigh" buttock_lateral --side right\n'
                     '  painmap where --image scan.png --view back')
    where.add_argument("places", nargs="*", metavar="PLACE")
    where.add_argument("--side", default="right", help="right, left or both (the patient's), for places")
    where.add_argument("--limit", type=int, default=10, help="show at most this many (default 10)")
    where.add_argument("--image", type=Path, help="a painted chart from `painmap template` (PNG, JPEG ...)")
    _view_option(where, "the views on the chart, as given to `painmap template` (default: front back).")
    where.add_argument("--paper", default="A4", help="the chart's paper, A4 or Letter (default A4)")
    where.add_argument("--body", default="neutral", help="neutral, female or male (default neutral)")
    where.add_argument("-o", "--output", help="also write the chart filled in with the pain as read")
    where.set_defaults(run=_where)

    template = _command(sub, "template", "a blank pain chart to print and colour in",
                        "Write a blank pain chart: the body in the views given, to print, colour in "
                        "where it hurts, scan, and read back with `painmap where --image`.",
                        "painmap template front back -o chart.pdf")
    template.add_argument("views", nargs="*", default=["front", "back"], metavar="VIEW",
                          help="views on the page (default: front back)")
    template.add_argument("-o", "--output", required=True, help="output file (.pdf, .png or .svg)")
    template.add_argument("--body", default="neutral", help="neutral, female or male (default neutral)")
    template.add_argument("--paper", default="A4", help="A4 or Letter (default A4)")
    template.add_argument("--dpi", type=float, default=150, help="PNG resolution (default 150)")
    template.add_argument("--id", type=int, default=0, dest="chart_id", metavar="N",
                          help="a number from 0 to 1023 printed into the chart's code, to tell forms apart "
                               "(default 0)")
    template.set_defaults(run=_template)

    read = _command(sub, "read", "read a batch of filled-in charts into one CSV",
                    "Read scans or photos of filled-in charts (files, or folders of PNG, JPEG, TIFF ...)\n"
                    "into one CSV, one row per file, with the columns\n"
                    "  patient   the file's name without its extension\n"
                    "  file      the file\n"
                    "  chart_id  the id printed in the chart's code (`painmap template --id`)\n"
                    "  status    read, refused or failed\n"
                    "  why       what was wrong, and what to do\n"
                    "  marking   the marking style seen, e.g. 'hatched colour'\n"
                    "  extent    the share of the body's surface with pain, 0..1\n"
                    "  regions   each region and side touched, with the share covered:\n"
                    "            'lumbar_back right 0.82; buttock_upper right 1'\n"
                    "  vertices  the exact drawing: painted vertex numbers, runs as 10-14\n"
                    "A file that cannot be read is refused in its row and the batch goes on; the exit\n"
                    "code is 1 when any file was refused.",
                    "painmap read scans/ --view front back -o drawings.csv --qc qc/")
    read.add_argument("scans", nargs="+", metavar="SCAN", help="chart images, or folders of them")
    read.add_argument("-o", "--output", required=True, help="the CSV file to write")
    _view_option(read, "the views on the charts, as given to `painmap template` (default: front back).")
    read.add_argument("--qc", type=Path, metavar="DIR",
                      help="also write a picture of what was read from each chart into this folder")
    read.add_argument("--paper", default="A4", help="the charts' paper, A4 or Letter (default A4)")
    read.add_argument("--body", default="neutral", help="neutral, female or male (default neutral)")
    read.set_defaults(run=_read_charts)

    cohort = _command(sub, "cohort", "map where a cohort of patients feels pain",
                      "Add up pain drawings from a CSV file (one row per patient and region: "
                      "patient,region,side[,intensity][,group]; or per patient and vertex: "
                      "patient,vertex,value[,group]) and draw the share of patients with pain at each "
                      "point of the body.", "painmap cohort drawings.csv -o map.png --view front back")
    cohort.add_argument("table", type=Path, metavar="CSV")
    cohort.add_argument("-o", "--output", required=True, help="output file (.png, .svg or .pdf)")
    _view_option(cohort, "views (default: where the pain shows).")
    cohort.add_argument("--group", help="draw one group of the table's 'group' column")
    cohort.add_argument("--difference", nargs=2, metavar=("A", "B"),
                        help="draw group A's share minus group B's")
    cohort.add_argument("--body", default="neutral", help="neutral, female or male (default neutral)")
    cohort.add_argument("--style", default="shaded", help="shaded or outline (default shaded)")
    cohort.add_argument("--title", help="text above the picture")
    cohort.add_argument("--dpi", type=float, default=150, help="PNG resolution (default 150)")
    cohort.add_argument("--csv", type=Path, help="also write the per-vertex shares as CSV")
    cohort.set_defaults(run=_cohort)

    handout = _command(sub, "handout", "a printable one-page handout",
                       "Write a one-page handout: the pictures, what the muscle is, where its trigger "
                       "points are, your notes, when to seek medical advice, and the sources.",
                       "painmap handout gluteus-medius -o gm.pdf --notes notes.txt --paper Letter")
    handout.add_argument("muscles", nargs="+", metavar="MUSCLE")
    handout.add_argument("-o", "--output", required=True, help="output file (.pdf, .svg or .png)")
    _picture_options(handout)
    handout.add_argument("--paper", default="A4", help="A4 or Letter (default A4)")
    handout.add_argument("--notes", type=Path, help="a text file with your notes (self-care, exercises)")
    handout.add_argument("--advice", type=Path, help="a text file replacing the medical-advice box")
    handout.add_argument("--title", help="title (default: the muscle's name)")
    handout.add_argument("--no-muscle", action="store_true", help="leave out the muscle under the skin")
    handout.add_argument("--landmarks", action="store_true",
                         help="mark and name the bony landmarks that locate the muscle")
    handout.set_defaults(run=_handout)

    booklet = _command(sub, "booklet", "a multi-page PDF, one page per muscle",
                       "Write a booklet: a contents page by body area, then one handout page per "
                       "pattern.", "painmap booklet --group hip -o hip.pdf")
    booklet.add_argument("muscles", nargs="*", metavar="MUSCLE", help="default: the whole catalog")
    booklet.add_argument("--group", help="one body area instead of naming muscles")
    booklet.add_argument("-o", "--output", required=True, help="output .pdf file")
    booklet.add_argument("--paper", default="A4", help="A4 or Letter (default A4)")
    _picture_options(booklet)
    booklet.set_defaults(run=_booklet)

    gallery = _command(sub, "gallery", "draw the whole gallery into a folder",
                       "Draw every pattern as PNG and SVG, the body reference sheets, and an "
                       "index.html page showing them all.", "painmap gallery out/")
    gallery.add_argument("folder", help="output folder (created if missing)")
    gallery.add_argument("--dpi", type=float, default=110, help="PNG resolution (default 110)")
    gallery.add_argument("--jobs", type=int, help="worker processes (default: number of CPUs, at most 4)")
    gallery.set_defaults(run=_gallery)

    cache = _command(sub, "cache", "the disk cache: where it is, how big; clear it",
                     "painmap keeps what it computes from the body (view projections, each pattern's heat) "
                     "in a disk cache, so later runs start fast, and the pictures `painmap draw` wrote in "
                     "its figure cache, copied when exactly the same picture is drawn again. `info` shows "
                     "the folder, entries, size and limit ($PAINMAP_CACHE_DIR, $PAINMAP_CACHE_MB, "
                     f"${FIGURE_CACHE_ENV}); `clear` deletes the entries of both.",
                     "painmap cache info")
    cache.add_argument("action", nargs="?", default="info", choices=("info", "clear"),
                       help="info (default) or clear")
    cache.set_defaults(run=_cache)
    return parser


class CommandParser(argparse.ArgumentParser):
    """painmap's parsers: names and options in any order (``draw gm --view back piriformis -o x.png``).

    A command without subcommands of its own is parsed with argparse's intermixed
    parsing (options first, then the names).  Help is written like any other output: a
    closed pipe ends it as it ends a command (argparse would ignore the error).
    """

    _parsing = False

    def parse_known_args(self, args=None, namespace=None):
        if self._parsing or any(isinstance(a, argparse._SubParsersAction) for a in self._actions):
            return super().parse_known_args(args, namespace)
        self._parsing = True  # up to Python 3.12, the intermixed parse calls this method again
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._parsing = False

    def print_help(self, file=None) -> None:
        (file or sys.stdout).write(self.format_help())


class VersionAction(argparse.Action):
    """``--version``: painmap's version and the PNG back end in use, looked up only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: object = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from .render.backends import png_backend

        print(f"painmap {__version__} (PNG: {png_backend()})")
        parser.exit()


def _view_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--view", action="extend", type=view_list, metavar="VIEW",
                        help=f"{what} Several views: --view back left, --view back,left or --view back "
                        "--view left; the words after them that are not views are not taken as views.")


def view_list(value: str) -> list[str]:
    """The views in one ``--view`` value: names separated by commas (``az=30,el=10`` is one view).

    Examples
    --------
    >>> view_list("back,az=30,el=10,left")
    ['back', 'az=30,el=10', 'left']
    """
    views: list[str] = []
    for piece in value.split(","):
        piece = piece.strip()
        if views and re.match(r"el\s*=", piece) and re.match(r"az\s*=", views[-1]) and "," not in views[-1]:
            views[-1] += "," + piece
        elif piece:
            views.append(piece)
        else:
            raise argparse.ArgumentTypeError(f"{value!r} has an empty view name; expected view names "
                                             "separated by single commas, e.g. back,left")
    return views


def split_views(argv: Sequence[str]) -> list[str]:
    """`argv` with ``--view`` repeated before each further view word after its value.

    ``--view`` takes one value (argparse); the words right after that value that name views
    (``--view back left``) are given their own ``--view``, so the other words are left to the
    command (the muscles, the places).

    Examples
    --------
    >>> split_views(["draw", "--view", "back", "left", "gluteus-medius", "-o", "x.png"])
    ['draw', '--view', 'back', '--view', 'left', 'gluteus-medius', '-o', 'x.png']
    """
    out: list[str] = []
    i = 0
    while i < len(argv):
        token = argv[i]
        out.append(token)
        i += 1
        if token == "--":
            out += argv[i:]
            break
        option, has_value, _ = token.partition("=")
        if option not in VIEW_OPTION:
            continue
        if not has_value:  # the value: always a view, so a misspelt view is reported as one
            if i == len(argv):
                break
            out.append(argv[i])
            i += 1
        while i < len(argv) and _names_views(argv[i]):
            out += [option, argv[i]]
            i += 1
    return out


def _names_views(word: str) -> bool:
    """Whether `word` is meant as views: view names, auto, or angles, separated by commas."""
    try:
        names = view_list(word)
    except argparse.ArgumentTypeError:  # an empty name: not views (argparse reports it if given to --view)
        return False
    return bool(names) and all(n in VIEW_NAMES or re.match(r"(az|el)\s*=", n) for n in names)


def _command(sub, name: str, summary: str, description: str, example: str) -> argparse.ArgumentParser:
    return sub.add_parser(name, help=summary, description=description, epilog=f"example:\n  {example}",
                          formatter_class=argparse.RawDescriptionHelpFormatter)


def _picture_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--side", default="right", help="right, left or both (the patient's; default right)")
    parser.add_argument("--body", default="neutral",
                        help=f"body shape: {', '.join(SHAPES)}; everyday words work too, e.g. "
                             "'older woman', 'boy' (default neutral)")
    parser.add_argument("--style", default="shaded", help="shaded or outline (default shaded)")
    parser.add_argument("--heat", default="glow", help="glow or classic (default glow)")


def _draw(args: argparse.Namespace) -> int:
    """``painmap draw``: from the figure cache when exactly this picture was drawn before
    (:mod:`painmap.core.figcache`; nothing heavy is imported then), else drawn and stored there."""
    from .core import figcache
    from .core.checks import output
    from .core.files import write_atomic

    key = None if args.no_cache or not args.figure_cache or not figcache.enabled() else _figure_key(args)
    hit = figcache.load(key) if key is not None else None
    if hit is not None:
        path, _ = output(args.output)
        sys.stderr.write(hit.stderr)
        print(f"wrote {write_atomic(path, hit.data)}")
        return 0
    import warnings

    with warnings.catch_warnings(record=True) as caught:  # shown as usual, and stored with the picture
        try:
            path, data = _draw_picture(args)
        finally:
            shown = "".join(warnings.formatwarning(w.message, w.category, w.filename, w.lineno, w.line)
                            for w in caught)
            sys.stderr.write(shown)
    print(f"wrote {write_atomic(path, data)}")
    if key is not None:  # only now: a picture that failed to draw or to be written is never stored
        figcache.store(key, data, shown)
    return 0


def _figure_key(args: argparse.Namespace) -> str | None:
    """The figure cache's key for ``painmap draw`` with `args` (None when it cannot be told)."""
    from .core import figcache
    from .render.fonts import font_dirs

    given = {name: float(value) if type(value) is int else value  # --dpi 150.0 and the default 150
             for name, value in vars(args).items() if name not in ("run", "no_cache", "figure_cache")}
    given["output"] = os.path.abspath(args.output)
    words = [w for value in given.values() for w in (value if isinstance(value, list) else [value])
             if isinstance(w, str) and w != given["output"]]
    try:
        return figcache.key({"command": "draw", "version": __version__, "args": given,
                             "files": [figcache.file_state(w) for w in words],
                             "fonts": figcache.tree_state(font_dirs())})
    except (OSError, RuntimeError, KeyError, TypeError, ValueError):  # e.g. no home folder for the fonts
        return None


def _draw_picture(args: argparse.Namespace) -> tuple[Path, bytes]:
    """Where ``painmap draw`` writes, and the picture's bytes in that file's format (as
    :meth:`painmap.PainMap.save` writes them)."""
    import io

    from .core.checks import output
    from .patterns import UnknownMuscleError
    from .plotting import draw

    try:
        fig = draw(args.muscles, view=_views(args.view, "auto"), side=args.side, body=args.body,
                   style=args.style, heat=args.heat, colors=True if args.colors else None,
                   trigger_points=not args.no_trigger_points, muscle=args.muscle, landmarks=args.landmarks,
                   legend=False if args.no_legend else None, title=args.title, caption=args.caption,
                   sources=args.sources, background=args.background, size=args.size, dpi=args.dpi,
                   cmap=args.cmap, vmin=args.vmin, vmax=args.vmax, alpha=args.alpha)
    except UnknownMuscleError as err:  # perhaps a misspelt view after the views of --view
        from .body.camera import VIEWS

        views = closest_names(str(err.value), VIEWS) if isinstance(err.value, str) and args.view else []
        if views:
            err.args = (f"{err.args[0]} If it is meant as a view: --view {views[0]}.",)
        raise
    path, fmt = output(args.output)
    return path, fig.save(io.BytesIO(), format=fmt).getvalue()


def _list(args: argparse.Namespace) -> int:
    from .patterns import muscles

    found = muscles(group=args.group)
    rows = [(p.id, p.name, p.group, ", ".join(p.aliases)) for p in found]
    header = ("ID", "NAME", "GROUP", "ALSO KNOWN AS")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    import shutil  # here, not at the top: its import costs every command-line picture a few milliseconds

    room = max(20, shutil.get_terminal_size((100, 24)).columns - sum(widths) - 6)
    for row in [header, *rows]:
        cells = [row[i].ljust(widths[i]) for i in range(3)]
        print("  ".join(cells), textwrap.shorten(row[3], room, placeholder="...") if row[3] else "")
    print(f"\n{len(rows)} patterns" + (f" in group {args.group!r}" if args.group else ""))
    return 0


def _show(args: argparse.Namespace) -> int:
    import shutil

    from .patterns import resolve

    width = min(88, shutil.get_terminal_size((88, 24)).columns)
    for p in resolve(args.muscle):
        print(f"{p.name}  [{p.id}]")
        print(f"group: {p.group}    muscle: {p.muscle}")
        if p.aliases:
            print("also known as: " + ", ".join(p.aliases))
        print()
        print(textwrap.fill(p.summary, width))
        print("\ntrigger points:")
        for tp in p.trigger_points:
            print(textwrap.fill(tp.label, width, initial_indent="  - ", subsequent_indent="    "))
        print("\nsources:")
        for s in p.sources:
            line = s.text + (f" <{s.url}>" if s.url else "")
            print(textwrap.fill(line, width, initial_indent="  - ", subsequent_indent="    "))
        print()
    return 0


def _where(args: argparse.Namespace) -> int:
    from .reading import PainDrawing
    from .reading.lookup import combinations, where

    if not args.places and args.image is None:
        raise UsageError("PLACE", "name at least one place (e.g. 'low back') or give a painted chart with "
                         "--image.")
    views = _views(args.view, ["front", "back"])
    pain = args.places
    if args.image is not None:
        pain = PainDrawing.from_image(args.image, view=views, body=args.body, paper=args.paper)
        if args.places:
            pain = pain | PainDrawing.from_regions(args.places, side=args.side, body=args.body)
        print(f"pain drawn on {100 * pain.extent:.1f}% of the body's surface")
    matches = where(pain, side=args.side, body=args.body, limit=args.limit)
    if args.output:
        from .chart.template import template

        shown = views if args.image is not None else ["front", "back"]
        drawing = pain if isinstance(pain, PainDrawing) else PainDrawing.from_regions(
            pain, side=args.side, body=args.body)
        print(f"wrote {template(shown, body=args.body, paper=args.paper, drawing=drawing).save(args.output)}")
    if not matches:
        print("no muscle in the catalog refers pain there")
        return 0
    for place in matches[0].places:
        if place.means or place.guessed:
            print(f"note: {place}")
    name_w = max(len(m.pattern.name) for m in matches)
    places = [] if args.image is not None else args.places
    print(f"{'MUSCLE'.ljust(name_w)}  SCORE  EXPLAINS  SIDE   " + "  ".join(places or ["LEAVES OUT"]))
    for m in matches:
        if places:
            cells = "  ".join(f"{m.heat[p]:.2f}".ljust(len(p)) for p in places)
        else:
            cells = ", ".join(f"{name} ({side})" for name, side in m.missed) or "-"
        print(f"{m.pattern.name.ljust(name_w)}  {m.score:.2f}   {100 * m.explained:3.0f}%      "
              f"{m.side.ljust(5)}  {cells}")
    combos = combinations(pain, side=args.side, body=args.body)
    if combos:
        print("\ntogether they explain more than any one of them:")
        for c in combos:
            names = " + ".join(f"{p.name} ({s})" for p, s in zip(c.patterns, c.sides))
            print(f"  {100 * c.explained:3.0f}%  {names}")
    return 0


def _template(args: argparse.Namespace) -> int:
    from .chart.template import template

    chart = template(args.views, body=args.body, paper=args.paper, dpi=args.dpi, chart_id=args.chart_id)
    print(f"wrote {chart.save(args.output)}")
    return 0


def _read_charts(args: argparse.Namespace) -> int:
    from .chart.batch import read_batch

    views = _views(args.view, ["front", "back"])
    rows = read_batch(args.scans, args.output, views=views, body=args.body, paper=args.paper, qc=args.qc,
                      progress=lambda row: print(f"{row.status:<7} {row.file}: {row.why or row.summary}"))
    refused = sum(row.status != "read" for row in rows)
    print(f"{len(rows) - refused} read, {refused} refused; wrote {args.output}")
    return EXIT_FAILURE if refused else EXIT_OK


def _cohort(args: argparse.Namespace) -> int:
    from .plotting import draw
    from .reading.cohort import cohort, write_cohort

    found = cohort(args.table, body=args.body)
    if args.group and args.difference:
        raise UsageError("--group", "give --group or --difference, not both.")
    what = found.group(args.group) if args.group else found
    if args.difference:
        what = found.difference(*args.difference)
    fig = draw(what, view=_views(args.view, "auto"), body=args.body, style=args.style, title=args.title,
               dpi=args.dpi)
    groups = f" in groups {', '.join(found.groups)}" if found.groups != ("all",) else ""
    print(f"{found.n} patients{groups}")
    print(f"wrote {fig.save(args.output)}")
    if args.csv:
        print(f"wrote {write_cohort(args.csv, found)}")
    return 0


def _handout(args: argparse.Namespace) -> int:
    from .handout import handout

    out = handout(args.muscles, args.output, paper=args.paper, side=args.side, body=args.body,
                  style=args.style, heat=args.heat, title=args.title, notes=_read("--notes", args.notes),
                  advice=_read("--advice", args.advice), muscle=not args.no_muscle, landmarks=args.landmarks)
    print(f"wrote {out}")
    return 0


def _views(given: list[str] | None, default: str | list[str]) -> str | list[str]:
    """The ``view`` argument from the ``--view`` values (None when not given)."""
    if given is None:
        return default
    return given[0] if given == ["auto"] else given


def _read(option: str, path: Path | None) -> str | None:
    """A text file an option names (--notes, --advice)."""
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise MissingFileError(f"{option} {str(path)!r}: no such file; expected a text file.") from None
    except OSError as err:
        raise DataError(f"{option} {str(path)!r}: cannot read it: {err.strerror or err}.") from None
    except UnicodeDecodeError as err:
        raise DataError(f"{option} {str(path)!r}: not UTF-8 text (byte {err.start}); expected a text "
                        "file saved as UTF-8.") from None


def _booklet(args: argparse.Namespace) -> int:
    from .handout import booklet

    out = booklet(args.muscles or None, args.output, group=args.group, paper=args.paper, side=args.side,
                  body=args.body, style=args.style, heat=args.heat)
    print(f"wrote {out}")
    return 0


def _gallery(args: argparse.Namespace) -> int:
    from .gallery import write_gallery

    tty = sys.stderr.isatty()

    def progress(done: int, total: int, name: str) -> None:
        if tty:
            bar = "#" * (30 * done // total)
            end = "\n" if done == total else ""
            print(f"\r[{bar:<30}] {done}/{total} {name[:28]:<28}", end=end, file=sys.stderr, flush=True)

    files = write_gallery(args.folder, dpi=args.dpi, jobs=args.jobs, progress=progress)
    print(f"wrote {len(files)} files to {args.folder} (open {Path(args.folder) / 'index.html'})")
    return 0


def _cache(args: argparse.Namespace) -> int:
    from .core import cache, figcache

    if args.action == "clear":
        removed = cache.clear() + figcache.clear()
        folder = cache.info()["folder"]
        print(f"removed {removed} {'entry' if removed == 1 else 'entries'}"
              + (f" from {folder}" if folder is not None else ""))
        return 0
    info = cache.info()
    print(f"folder:   {info['folder'] if info['folder'] is not None else '-'}")
    print(f"entries:  {info['entries']}")
    print(f"size:     {info['bytes'] / 1e6:.1f} MB")
    print(f"limit:    {info['limit_mb']:g} MB (${cache.SIZE_ENV})")
    figures = figcache.info()
    state = "on" if figures["enabled"] else f"off (${figcache.ENV}={os.environ.get(figcache.ENV, '')})"
    if figures["folder"] is None:
        state = "off"
    print(f"figures:  {figures['entries']} picture{'' if figures['entries'] == 1 else 's'}, "
          f"{figures['bytes'] / 1e6:.1f} MB, at most "
          f"{figures['max_entries']} pictures and {figures['max_bytes'] / 1e6:g} MB; {state}")
    if not info["enabled"]:
        print(f"the cache is off (${cache.ENV}={os.environ.get(cache.ENV, '')})")
    elif info["in_memory"]:
        why = info.get("reason")
        print("new entries are kept in memory only" + (f": {why}" if why else ""))
    return 0

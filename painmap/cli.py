"""The ``painmap`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .errors import PainmapError

EPILOG = """examples:
  painmap gallery out/            every gallery sheet as PNG and SVG in out/
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 success, 1 failure, 2 usage error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except PainmapError as err:
        print(f"painmap: error: {err}", file=sys.stderr)
        return 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="painmap",
        description="Draw where a muscle's trigger points refer pain, on a human body.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    gallery = sub.add_parser("gallery", help="draw the example gallery into a folder",
                             description="Draw every gallery sheet as PNG and SVG into a folder.")
    gallery.add_argument("folder", help="output folder (created if missing)")
    gallery.add_argument("--dpi", type=float, default=150, help="PNG resolution (default 150)")
    gallery.set_defaults(run=_gallery)
    return parser


def _gallery(args: argparse.Namespace) -> int:
    from .gallery import write_gallery

    tty = sys.stderr.isatty()

    def progress(done: int, total: int, name: str) -> None:
        if tty:
            bar = "#" * (30 * done // total)
            print(f"\r[{bar:<30}] {done}/{total} {name:<24}", end="" if done < total else "\n",
                  file=sys.stderr, flush=True)

    files = write_gallery(args.folder, dpi=args.dpi, progress=progress)
    print(f"wrote {len(files)} files to {args.folder}")
    return 0

"""TOML reading on every supported Python (tomllib from 3.11, tomli before).

The parser is imported on first use, not with this module: with a warm disk cache
painmap reads no TOML at all, and a command-line picture need not pay for the import.

Examples
--------
>>> loads('name = "piriformis"')
{'name': 'piriformis'}
>>> import painmap.core.toml as toml
>>> issubclass(toml.TOMLDecodeError, ValueError)
True
"""

from __future__ import annotations

import sys
from types import ModuleType


def _parser() -> ModuleType:
    if sys.version_info >= (3, 11):
        import tomllib as toml
    else:  # pragma: no cover
        import tomli as toml
    return toml


def loads(text: str) -> dict:
    """Parse TOML text."""
    return _parser().loads(text)


def __getattr__(name: str):
    """``TOMLDecodeError``, the parser's error (imported with the parser)."""
    if name == "TOMLDecodeError":
        return _parser().TOMLDecodeError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

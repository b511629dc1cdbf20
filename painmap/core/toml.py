"""TOML reading on every supported Python (tomllib from 3.11, tomli before)."""

from __future__ import annotations

import sys

if sys.version_info >= (3, 11):
    import tomllib as toml
else:  # pragma: no cover
    import tomli as toml

TOMLDecodeError = toml.TOMLDecodeError


def loads(text: str) -> dict:
    """Parse TOML text."""
    return toml.loads(text)

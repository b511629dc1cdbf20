"""Referral patterns: the schema, the built-in catalog, and name look-up."""

from .catalog import AmbiguousMuscleError, UnknownMuscleError, load_pattern, muscle, muscles, resolve
from .schema import (
    GROUPS,
    Anchor,
    Blob,
    Chain,
    FootprintPart,
    GuideEntry,
    Pattern,
    RegionFill,
    SelfCare,
    Source,
    TriggerPoint,
)

__all__ = [
    "GROUPS",
    "AmbiguousMuscleError",
    "Anchor",
    "Blob",
    "Chain",
    "FootprintPart",
    "GuideEntry",
    "Pattern",
    "RegionFill",
    "SelfCare",
    "Source",
    "TriggerPoint",
    "UnknownMuscleError",
    "load_pattern",
    "muscle",
    "muscles",
    "resolve",
]

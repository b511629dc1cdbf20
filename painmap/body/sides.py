"""The patient's sides: their names, and the one check of a `side` argument.

Sides are always the patient's (see :mod:`painmap.body.camera` for which way each
view shows them).  A paired landmark or region lies on one side (:data:`SIDES`); a
pattern, a pain drawing or a look-up may be on either or on both (:data:`PAIN_SIDES`).
"""

from __future__ import annotations

from typing import Literal

from ..core import checks

Side = Literal["right", "left"]
SIDES: tuple[str, ...] = ("right", "left")
PAIN_SIDES: tuple[str, ...] = ("right", "left", "both")


def pain_side(value: object, *, argument: str | None = "side", both: bool = True) -> str:
    """`value` if it names a side (``"both"`` too unless `both` is False), else a clear error.

    `argument` names the public argument for the message; None for a side read from
    a file or a table.

    Examples
    --------
    >>> pain_side("both")
    'both'
    >>> pain_side("left", both=False)
    'left'
    """
    return checks.choice(argument, value, PAIN_SIDES if both else SIDES, kind="side")

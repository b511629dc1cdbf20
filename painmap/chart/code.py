"""The chart's code: a printed row of cells that names the chart's paper, body, views and id.

Forty cells in two rows of twenty, next to the upper-right registration mark, each
dark (1) or light (0).  The first 32 carry the payload, the last 8 a CRC-8 of it,
so a misread code (a smudge, a crease, a wrong registration) is caught instead of
trusted::

    bits  0-1   format version (1)
    bits  2     paper (0 A4, 1 Letter)
    bits  3-6   body shape (its place in ``SHAPES``)
    bits  7-9   number of views (7 means seven or more)
    bits 10-21  the first four views, three bits each: place in ``VIEWS`` from 1; 0 is a
                view of its own (``"az=30,el=10"``) or no view
    bits 22-31  chart id, 0..1023
    bits 32-39  CRC-8 (polynomial 0x07, initial value 0xFF) of bits 0-31

Bits are read left to right along the upper row, then the lower row, as the page
is printed; each field is least significant bit first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..body.camera import VIEWS
from ..body.mesh import SHAPES

VERSION = 1
PAPER_NAMES = ("A4", "Letter")
MAX_ID = 1023
CODED_VIEWS = 4
"""The code names the first this many views of a chart."""
PAYLOAD_BITS = 32
CRC_BITS = 8
N_BITS = PAYLOAD_BITS + CRC_BITS
FIELDS = (("version", 2), ("paper", 1), ("shape", 4), ("count", 3), *((f"view{k}", 3) for k in range(4)),
          ("chart_id", 10))


@dataclass(frozen=True)
class ChartCode:
    """What a chart's code says.

    Attributes
    ----------
    paper : str
        ``"A4"`` or ``"Letter"``.
    shape : str
        The body shape.
    views : tuple of (str or None)
        The chart's views in panel order; None for a view the code cannot name (one of
        its own, such as ``"az=30,el=10"``, or beyond the fourth).
    chart_id : int
        A number printed into the chart (0..1023), to tell forms apart.

    Examples
    --------
    >>> code = ChartCode("A4", "neutral", ("front", "back"), 7)
    >>> decode(encode(code)) == code
    True
    """

    paper: str
    shape: str
    views: tuple[str | None, ...]
    chart_id: int = 0

    def describe(self) -> str:
        """The code in words, e.g. ``"an A4 chart of the neutral body, views ['front', 'back'], id 7"``."""
        views = [v if v is not None else "(a view of its own)" for v in self.views]
        article = "an" if self.paper == "A4" else "a"
        return f"{article} {self.paper} chart of the {self.shape} body, views {views}, id {self.chart_id}"


def crc8(bits: Sequence[int]) -> int:
    """CRC-8 (polynomial x^8 + x^2 + x + 1, initial value 0xFF) of a sequence of bits.

    Examples
    --------
    >>> crc8([1, 0, 1]) != crc8([1, 1, 0])
    True
    """
    crc = 0xFF
    for bit in bits:
        top = (crc >> 7) & 1
        crc = (crc << 1) & 0xFF
        if top ^ (bit & 1):
            crc ^= 0x07
    return crc


def _number(name: str | None, names: Sequence[str]) -> int:
    return list(names).index(name) + 1 if name in names else 0


def encode(code: ChartCode) -> tuple[int, ...]:
    """The 40 bits of a chart code (payload, then CRC)."""
    views = list(code.views)
    values = {"version": VERSION, "paper": PAPER_NAMES.index(code.paper), "shape": SHAPES.index(code.shape),
              "count": min(len(views), 7), "chart_id": code.chart_id}
    for k in range(CODED_VIEWS):
        values[f"view{k}"] = _number(views[k], list(VIEWS)) if k < len(views) else 0
    bits: list[int] = []
    for name, width in FIELDS:
        bits += [(values[name] >> b) & 1 for b in range(width)]
    crc = crc8(bits)
    return (*bits, *((crc >> b) & 1 for b in range(CRC_BITS)))


def decode(bits: Sequence[int]) -> ChartCode | None:
    """The chart code spelt by 40 bits, or None when they do not check out (CRC, version, ranges)."""
    bits = [int(b) & 1 for b in bits]
    if len(bits) != N_BITS:
        return None
    payload, check = bits[:PAYLOAD_BITS], bits[PAYLOAD_BITS:]
    if crc8(payload) != sum(b << k for k, b in enumerate(check)):
        return None
    values, at = {}, 0
    for name, width in FIELDS:
        values[name] = sum(b << k for k, b in enumerate(payload[at:at + width]))
        at += width
    if values["version"] != VERSION or values["shape"] >= len(SHAPES) or values["count"] == 0:
        return None
    names = list(VIEWS)
    views = []
    for k in range(values["count"]):
        number = values[f"view{k}"] if k < CODED_VIEWS else 0
        if number > len(names):
            return None
        views.append(names[number - 1] if number else None)
    return ChartCode(PAPER_NAMES[values["paper"]], SHAPES[values["shape"]], tuple(views), values["chart_id"])

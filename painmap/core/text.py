"""Measuring and wrapping text for layout, with DejaVu Sans metrics (no drawing library).

Both renderers write text in DejaVu Sans (matplotlib's default font, and the first
choice of the SVG font list), so lines wrapped with these advance widths fit the
same way in PNG, PDF and SVG.
"""

from __future__ import annotations

import re
import unicodedata

# Advance widths (in ems) of the printable ASCII characters, space to tilde.
_REGULAR = (
    0.32, 0.4, 0.47, 0.84, 0.64, 0.96, 0.78, 0.28, 0.39, 0.39, 0.5, 0.85, 0.32, 0.36, 0.32, 0.34,
    0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.34, 0.34, 0.84, 0.85, 0.84, 0.53,
    1.0, 0.68, 0.69, 0.7, 0.77, 0.63, 0.58, 0.78, 0.75, 0.29, 0.29, 0.65, 0.56, 0.86, 0.75, 0.79,
    0.6, 0.79, 0.7, 0.64, 0.62, 0.73, 0.68, 0.99, 0.69, 0.61, 0.68, 0.39, 0.34, 0.39, 0.84, 0.5,
    0.5, 0.62, 0.63, 0.56, 0.64, 0.62, 0.35, 0.64, 0.63, 0.28, 0.28, 0.58, 0.28, 0.97, 0.63, 0.61,
    0.63, 0.64, 0.42, 0.52, 0.39, 0.63, 0.59, 0.82, 0.59, 0.59, 0.52, 0.63, 0.34, 0.64, 0.84,
)
_BOLD = (
    0.35, 0.46, 0.53, 0.84, 0.7, 1.0, 0.87, 0.32, 0.47, 0.47, 0.52, 0.85, 0.38, 0.41, 0.38, 0.37,
    0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.4, 0.4, 0.84, 0.85, 0.84, 0.59,
    1.0, 0.77, 0.76, 0.73, 0.82, 0.68, 0.68, 0.82, 0.83, 0.36, 0.37, 0.77, 0.64, 0.99, 0.83, 0.85,
    0.73, 0.85, 0.77, 0.72, 0.69, 0.8, 0.77, 1.1, 0.77, 0.72, 0.73, 0.46, 0.37, 0.46, 0.84, 0.5,
    0.5, 0.68, 0.71, 0.59, 0.71, 0.68, 0.44, 0.71, 0.71, 0.33, 0.33, 0.66, 0.33, 1.04, 0.71, 0.68,
    0.71, 0.71, 0.49, 0.6, 0.47, 0.71, 0.65, 0.92, 0.65, 0.65, 0.58, 0.71, 0.37, 0.72, 0.85,
)
_OTHER = 0.7  # any other character: a generous guess, so lines never overflow


def text_width(text: str, size_pt: float, *, bold: bool = False) -> float:
    """Width of one line of text, in inches.

    Examples
    --------
    >>> round(text_width("Hip", 72), 2)
    1.66
    """
    table = _BOLD if bold else _REGULAR
    ems = sum(table[ord(c) - 32] if 32 <= ord(c) < 127 else _other(c) for c in text)
    return ems * size_pt / 72


def _other(char: str) -> float:
    """A non-ASCII character's width in ems: a full em for the wide characters of Chinese, Japanese and
    Korean, a generous guess otherwise."""
    return 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else _OTHER


def wrap(text: str, width_in: float, size_pt: float, *, bold: bool = False) -> list[str]:
    """Break `text` into lines no wider than `width_in`; newlines start new paragraphs.

    A single word longer than the line is broken with a hyphen.

    Examples
    --------
    >>> wrap("the deeper the red, the more often pain is felt there", 1.5, 10)
    ['the deeper the red,', 'the more often pain', 'is felt there']
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            while (fits := _fit(word, width_in, size_pt, bold)) < len(word):
                cut = max(1, fits - 1)
                if line:
                    lines.append(line)
                    line = ""
                lines.append(word[:cut] + "-")
                word = word[cut:]
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate, size_pt, bold=bold) > width_in:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def _fit(word: str, width_in: float, size_pt: float, bold: bool) -> int:
    """How many leading characters of `word` fit in `width_in` (at least one)."""
    table = _BOLD if bold else _REGULAR
    room = width_in * 72 / size_pt
    used = 0.0
    for n, c in enumerate(word):
        used += table[ord(c) - 32] if 32 <= ord(c) < 127 else _OTHER
        if used > room:
            return max(1, n)
    return len(word)


# Characters XML 1.0 does not allow anywhere in a document, even escaped.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` without the characters XML forbids (control characters, lone surrogates).

    Everything painmap writes into SVG, HTML or PDF goes through this.

    Examples
    --------
    >>> xml_safe("a" + chr(1) + "b" + chr(0xFFFE))
    'ab'
    """
    return _XML_FORBIDDEN.sub("", text)


def html_text(text: str) -> str:
    """`text` escaped for HTML (``&``, ``<``, ``>``, quotes), without XML-forbidden characters.

    Examples
    --------
    >>> html_text('Hip & "thigh" <pain>')
    'Hip &amp; &quot;thigh&quot; &lt;pain&gt;'
    """
    import html

    return html.escape(xml_safe(text), quote=True)

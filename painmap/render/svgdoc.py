"""A small element writer for SVG: elements, attributes, escaping, deterministic bytes.

painmap's SVG needs no more than this: an element has a tag, attributes, optional
text and child elements, and is written as XML with its attributes sorted by name,
so the same tree always gives the same string.  Every attribute value and every
text goes through :func:`attribute_text` or :func:`element_text`: characters XML
forbids are dropped (:func:`painmap.core.text.xml_safe`) and ``& < > "`` are escaped,
so any string a user passes (a title, a caption, a label) makes a well-formed
document.
"""

from __future__ import annotations

import re

from ..core.text import xml_safe

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

Value = str | int | float | None
_PLAIN = re.compile('[^&<>"\x00-\x1f\ud800-\udfff\ufffe\uffff]*')  # needs no escaping


class Element:
    """One element: a tag, attributes, text and child elements.

    Attributes are given as keywords in Python spelling: an underscore becomes a
    hyphen and a trailing underscore is dropped (``clip_path`` is ``clip-path``,
    ``class_`` is ``class``); camelCase names (``viewBox``) stay as they are.
    Values that are None or empty are left out; numbers are written with ``str``.

    Examples
    --------
    >>> g = Element("g", id="heat", clip_path="url(#clip)")
    >>> _ = g.add(Element("text", 'Hip & "thigh"', class_="label", x="1.5"))
    >>> g.tostring()
    '<g clip-path="url(#clip)" id="heat"><text class="label" x="1.5">Hip &amp; "thigh"</text></g>'
    """

    __slots__ = ("attrs", "children", "tag", "text")

    def __init__(self, tag: str, text: str | None = None, /, **attrs: Value) -> None:
        self.tag = tag
        self.text = text
        self.attrs = {_NAMES.get(k) or _attribute_name(k): v for k, v in attrs.items()}
        self.children: list[Element] = []

    def add(self, child: Element) -> Element:
        """Append `child` and return it (so ``parent.add(Element(...)).add(...)`` nests)."""
        self.children.append(child)
        return child

    def tostring(self) -> str:
        """The element and everything in it as XML text."""
        out: list[str] = []
        self._write(out)
        return "".join(out)

    def _write(self, out: list[str]) -> None:
        attrs, put, known = self.attrs, out.append, _ATTRIBUTE_TEXT
        put("<" + self.tag)
        for name in sorted(attrs) if len(attrs) > 1 else attrs:
            value = attrs[name]
            if value is not None and (text := value if isinstance(value, str) else str(value)):
                escaped = known.get(text)
                if escaped is None:
                    escaped = attribute_text(text)
                    if len(text) < 100 and len(known) < 4096:  # names, numbers, colours, ids: they repeat
                        known[text] = escaped
                put(f' {name}="{escaped}"')
        if not (self.text or self.children):
            put(" />")
            return
        put(">")
        if self.text:
            put(element_text(self.text))
        for child in self.children:
            child._write(out)
        put(f"</{self.tag}>")


_ATTRIBUTE_TEXT: dict[str, str] = {}
"""Short attribute values already escaped (:func:`attribute_text`), by value."""


def svg_root(width: str, height: str, view_box: str) -> Element:
    """The ``<svg>`` element of a standalone SVG 1.1 document.

    Examples
    --------
    >>> svg_root("2in", "1in", "0,0,144,72").tostring()[:60]
    '<svg baseProfile="full" height="1in" version="1.1" viewBox="'
    """
    root = Element("svg", baseProfile="full", version="1.1", width=width, height=height, viewBox=view_box)
    root.attrs.update({"xmlns": SVG_NS, "xmlns:xlink": XLINK_NS})
    return root


def element_text(text: str) -> str:
    """`text` as XML character data: forbidden characters dropped, ``& < >`` escaped.

    Examples
    --------
    >>> element_text("a < b & c" + chr(7))
    'a &lt; b &amp; c'
    """
    if _plain(text):
        return text
    return xml_safe(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attribute_text(text: str) -> str:
    """`text` as a double-quoted XML attribute value.

    Forbidden characters are dropped; ``& < > "`` are escaped, and tab, newline
    and carriage return become character references (an XML parser would
    otherwise turn them into spaces).

    Examples
    --------
    >>> attribute_text('say "hi" & <go>')
    'say &quot;hi&quot; &amp; &lt;go&gt;'
    >>> attribute_text("two" + chr(10) + "lines")
    'two&#10;lines'
    """
    if _plain(text):
        return text
    text = element_text(text)
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\r" in text or "\n" in text or "\t" in text:
        text = text.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")
    return text


def _plain(text: str) -> bool:
    """Whether `text` needs no escaping and has no character XML forbids (as ``_PLAIN`` says).

    The common cases are told at C speed: a short printable text without ``& < > "`` (numbers,
    names, colours), and a long ASCII one (path data) from which deleting the ASCII characters that
    need escaping or are forbidden deletes nothing.  Anything else goes to the regular expression.
    """
    if len(text) < 200:
        if text.isprintable() and "&" not in text and "<" not in text and ">" not in text and '"' not in text:
            return True
    elif text.isascii():
        data = text.encode("ascii")
        return len(data.translate(None, _NOT_PLAIN_ASCII)) == len(data)
    return _PLAIN.fullmatch(text) is not None


_NOT_PLAIN_ASCII = bytes(range(32)) + b'&<>"'
"""The ASCII characters ``_PLAIN`` refuses: control characters and those escaped."""


def _attribute_name(keyword: str) -> str:
    name = _NAMES[keyword] = keyword.rstrip("_").replace("_", "-")
    return name


_NAMES: dict[str, str] = {}
"""Attribute names by keyword, as :func:`_attribute_name` spells them (filled as they are used)."""

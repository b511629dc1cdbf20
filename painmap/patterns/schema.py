"""The referral-pattern schema: what a pattern file says, checked as it is read.

A pattern is authored for the patient's **right** side.  Everything on the body is
anchored to landmarks; an optional offset moves an anchor by centimetres in the
patient's own directions ``[lateral, up, forward]`` (so ``[2, -3, 0]`` is 2 cm
further from the midline and 3 cm lower), which mirror naturally to the left.

A file in ``assets/muscles/`` looks like this::

    id = "gluteus_medius"
    name = "Gluteus medius"
    muscle = "gluteus_medius"          # parts of one muscle share this
    group = "hip"
    aliases = ["glute med"]
    summary = "Plain-language description, in our own words."

    [[trigger_points]]
    at = "iliac_crest_high"
    offset = [0, -3, -3]
    label = "Just below the back of the iliac crest"

    [[essential]]                      # drawn at full intensity
    chain = ["psis", {at = "iliac_crest_high", offset = [0, -1, 0]}]
    radius = [4, 5]                    # one per node, or one number

    [[essential]]
    blob = "sacrum_s2"
    radius = 5

    [[spillover]]                      # drawn at `spillover_intensity` (default 0.45)
    region = "thigh_posterior"

    [[guide]]                          # where pain guides list it, and how high
    place = "low back"
    rank = 2
    source = "Travell & Simons pain guide, low back; via <page>"

    [[footprint]]                      # the muscle on the skin: where you would press
    chain = ["psis", "iliac_crest_high"]
    radius = [3, 4]

    [[footprint]]
    blob = "greater_trochanter"
    radius = 4
    deep = true                        # lies under other muscles (felt through them)

    [self_care]                        # plain words, our own, from the cited sources
    pressure = "How to press on the points, how long, how often."
    stretches = ["One stretch.", "Another."]
    habit = "One strengthening exercise or posture habit."
    caution = "When not to do it."
    sources = [{ text = "...", url = "https://..." }]

    [[sources]]
    text = "Travell & Simons, Vol. 2, chapter: Gluteus Medius"
    url = "https://..."

A stroke is exactly one of ``blob`` (a landmark and a radius), ``chain`` (a line
through landmarks, with a radius and optional ``intensity`` per node) or
``region`` (a named region, with an optional soft ``edge`` in cm).  Any stroke
may set its own ``intensity`` in 0..1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..body.landmarks import landmarks
from ..body.places import places
from ..body.regions import regions
from ..core.errors import PatternError, closest_names
from ..core.text import html_text

GROUPS: tuple[str, ...] = (
    "head", "neck", "shoulder", "upper_back", "chest", "arm", "forearm_hand", "low_back",
    "abdomen", "hip", "thigh", "leg", "foot",
)
DEFAULT_SPILLOVER = 0.45


@dataclass(frozen=True)
class Anchor:
    """A landmark and an offset ``(lateral, up, forward)`` in centimetres."""

    landmark: str
    offset: tuple[float, float, float] = (0.0, 0.0, 0.0)


@dataclass(frozen=True)
class TriggerPoint:
    """Where a trigger point lies, and a short plain-language label."""

    at: Anchor
    label: str


@dataclass(frozen=True)
class Blob:
    """A round patch of heat around an anchor."""

    at: Anchor
    radius: float
    intensity: float


@dataclass(frozen=True)
class Chain:
    """A band of heat along a line through anchors; radius and intensity per node."""

    through: tuple[Anchor, ...]
    radius: tuple[float, ...]
    intensity: tuple[float, ...]


@dataclass(frozen=True)
class RegionFill:
    """A whole named region, with a soft edge `edge` centimetres wide."""

    region: str
    intensity: float
    edge: float = 2.5


Stroke = Blob | Chain | RegionFill
@dataclass(frozen=True)
class Source:
    """Where the facts come from: a citation and, for a web page, its address."""

    text: str
    url: str | None = None


DEEP_INTENSITY = 0.5
"""Footprint value over the parts of a muscle that lie under others (felt through them)."""


@dataclass(frozen=True)
class FootprintPart:
    """Part of a muscle's footprint on the skin; `deep` when it lies under other muscles."""

    stroke: Stroke
    deep: bool = False


@dataclass(frozen=True)
class SelfCare:
    """What a patient can do for the muscle, in plain words (our own, from the cited sources).

    Attributes
    ----------
    pressure : str
        Pressure on the trigger points with a ball or a thumb: how, how long, how often.
    stretches : tuple of str
        One or two stretches.
    habit : str
        One strengthening exercise or posture habit.
    caution : str
        When not to do it (and when to stop).
    sources : tuple of Source
        Where the advice comes from.
    """

    pressure: str
    stretches: tuple[str, ...]
    habit: str
    caution: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class GuideEntry:
    """A place where a pain guide lists the pattern's muscle as a source of the pain felt there.

    Attributes
    ----------
    place : str
        A place of the vocabulary (:func:`painmap.places`), e.g. ``"low back"``.
    rank : int
        The muscle's place in the guide's list for that area (1 = named first, the most
        common source).
    source : str
        The guide, and where it was read.
    """

    place: str
    rank: int
    source: str


@dataclass(frozen=True)
class Pattern:
    """One referral pattern (a muscle, or one part of a muscle).

    Attributes
    ----------
    id : str
        File name stem and lookup key, e.g. ``"gluteus_minimus_anterior"``.
    name : str
        Display name.
    muscle : str
        Muscle the pattern belongs to (parts of one muscle share it).
    group : str
        Body area, one of :data:`GROUPS`.
    aliases : tuple of str
        Other names and short forms ("glute min", "QL").
    summary : str
        Plain-language description.
    trigger_points : tuple of TriggerPoint
    essential, spillover : tuple of strokes
        The essential (full intensity) and spillover zones.
    spillover_intensity : float
        Default intensity of spillover strokes.
    sources : tuple of Source
    guide : tuple of GuideEntry
        Where pain guides list the muscle as a source of pain, and how high
        (:func:`painmap.where` counts the common causes first).
    footprint : tuple of FootprintPart
        The muscle on the skin: where you would press (parts lying under other
        muscles marked `deep`).
    self_care : SelfCare or None
        What a patient can do for the muscle.
    path : Path or None
        The file the pattern was read from.
    """

    id: str
    name: str
    muscle: str
    group: str
    summary: str
    trigger_points: tuple[TriggerPoint, ...]
    essential: tuple[Stroke, ...]
    spillover: tuple[Stroke, ...]
    sources: tuple[Source, ...]
    aliases: tuple[str, ...] = ()
    spillover_intensity: float = DEFAULT_SPILLOVER
    guide: tuple[GuideEntry, ...] = ()
    footprint: tuple[FootprintPart, ...] = ()
    self_care: SelfCare | None = None
    path: Path | None = field(default=None, compare=False)

    @property
    def strokes(self) -> tuple[Stroke, ...]:
        """Essential and spillover strokes together."""
        return self.essential + self.spillover

    def __repr__(self) -> str:
        return f"<Pattern {self.id!r} ({self.name}, {self.group})>"

    def _repr_html_(self) -> str:
        """A notebook card: name, id, group, aliases, summary, trigger points and sources."""
        aliases = f"<br/><em>also known as: {html_text(', '.join(self.aliases))}</em>" if self.aliases else ""
        points = "".join(f"<li>{html_text(tp.label)}</li>" for tp in self.trigger_points)
        sources = "; ".join(
            f'<a href="{html_text(s.url)}">{html_text(s.text)}</a>' if s.url else html_text(s.text)
            for s in self.sources)
        return (f'<div class="painmap-pattern"><strong>{html_text(self.name)}</strong> '
                f"<code>{html_text(self.id)}</code> ({html_text(self.group)}){aliases}"
                f"<p>{html_text(self.summary)}</p><p>Trigger points:</p><ul>{points}</ul>"
                f"<p><small>Sources: {sources}</small></p></div>")


TOP_KEYS = {"id", "name", "muscle", "group", "aliases", "summary", "trigger_points", "essential",
            "spillover", "sources", "spillover_intensity", "guide", "footprint", "self_care"}
MAX_GUIDE_RANK = 30


def pattern_from_dict(data: dict[str, Any], *, where: str = "<pattern>", path: Path | None = None) -> Pattern:
    """Build a :class:`Pattern` from parsed TOML, checking every key.

    Raises
    ------
    painmap.PatternError
        Naming `where` (the file), the key, the bad value and what was expected.
    """
    check = _Checker(where)
    check.known(data, TOP_KEYS, "")
    spill = check.fraction(data.get("spillover_intensity", DEFAULT_SPILLOVER), "spillover_intensity")
    pattern = Pattern(
        id=check.identifier(data, "id"),
        name=check.text(data, "name"),
        muscle=check.identifier(data, "muscle"),
        group=check.choice(check.text(data, "group"), GROUPS, "group"),
        summary=check.text(data, "summary"),
        aliases=tuple(check.text_list(data.get("aliases", []), "aliases")),
        trigger_points=tuple(
            TriggerPoint(check.anchor({k: v for k, v in tp.items() if k != "label"}, f"trigger_points[{i}]"),
                         check.text(tp, "label", f"trigger_points[{i}]"))
            for i, tp in enumerate(check.tables(data, "trigger_points", required=True))
        ),
        essential=tuple(check.stroke(s, f"essential[{i}]", 1.0)
                        for i, s in enumerate(check.tables(data, "essential", required=True))),
        spillover=tuple(check.stroke(s, f"spillover[{i}]", spill)
                        for i, s in enumerate(check.tables(data, "spillover"))),
        sources=tuple(check.source(s, f"sources[{i}]")
                      for i, s in enumerate(check.tables(data, "sources", required=True))),
        spillover_intensity=spill,
        guide=tuple(check.guide(g, f"guide[{i}]") for i, g in enumerate(check.tables(data, "guide"))),
        footprint=tuple(check.footprint(f, f"footprint[{i}]")
                        for i, f in enumerate(check.tables(data, "footprint"))),
        self_care=check.self_care(data["self_care"]) if "self_care" in data else None,
        path=path,
    )
    if path is not None and path.stem != pattern.id:
        check.fail("id", pattern.id, f"the file name's stem {path.stem!r}")
    return pattern


class _Checker:
    """Reads values out of a parsed file, raising :class:`PatternError` on the first bad one."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, key: str, value: object, expected: str, closest: list[str] | None = None) -> None:
        hint = f"; did you mean {closest[0]!r}?" if closest else ""
        raise PatternError(f"{self.where}: key {key!r}: got {value!r}, expected {expected}{hint}")

    def known(self, table: dict, allowed: set[str], prefix: str) -> None:
        for key in table:
            if key not in allowed:
                self.fail(prefix + key, table[key], f"one of the keys {sorted(allowed)}",
                          closest_names(key, allowed))

    def text(self, table: dict, key: str, prefix: str = "") -> str:
        name = f"{prefix}.{key}" if prefix else key
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(name, value, "a non-empty string")
        return value.strip()

    def identifier(self, table: dict, key: str) -> str:
        value = self.text(table, key)
        if not value.replace("_", "").isalnum() or not value.islower():
            self.fail(key, value, "a snake_case identifier such as 'gluteus_medius'")
        return value

    def text_list(self, value: object, key: str) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(key, value, "a list of non-empty strings")
        return [v.strip() for v in value]

    def choice(self, value: str, choices, key: str) -> str:
        if value not in choices:
            self.fail(key, value, f"one of {list(choices)}", closest_names(value, choices))
        return value

    def tables(self, data: dict, key: str, required: bool = False) -> list[dict]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(key, value, f"an array of tables ([[{key}]])")
        if required and not value:
            self.fail(key, value, f"at least one [[{key}]] table")
        return value

    def number(self, value: object, key: str, low: float = 0.0, high: float = float("inf")) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low < value <= high:
            most = f" and at most {high:g}" if high < 1e9 else ""
            self.fail(key, value, f"a number greater than {low:g}{most}")
        return float(value)

    def fraction(self, value: object, key: str) -> float:
        return self.number(value, key, 0.0, 1.0)

    def anchor(self, table: dict | str, key: str) -> Anchor:
        if isinstance(table, str):
            return Anchor(self.choice(table, landmarks(), key))
        if not isinstance(table, dict):
            self.fail(key, table, "a landmark id or a table {at = ..., offset = [lateral, up, forward]}")
        landmark = table.get("at")
        if not isinstance(landmark, str):
            self.fail(f"{key}.at", landmark, "a landmark id")
        self.choice(landmark, landmarks(), f"{key}.at")
        offset = table.get("offset", [0.0, 0.0, 0.0])
        numbers = isinstance(offset, list) and all(
            isinstance(o, (int, float)) and not isinstance(o, bool) and abs(o) <= 60 for o in offset)
        if not numbers or len(offset) != 3:
            self.fail(f"{key}.offset", offset, "three numbers [lateral, up, forward] in cm, each within 60")
        return Anchor(landmark, tuple(float(o) for o in offset))

    def stroke(self, table: dict, key: str, default_intensity: float) -> Stroke:
        kinds = [k for k in ("blob", "chain", "region") if k in table]
        if len(kinds) != 1:
            self.fail(key, sorted(table), "exactly one of the keys 'blob', 'chain', 'region'")
        kind = kinds[0]
        if kind == "blob":
            self.known(table, {"blob", "offset", "radius", "intensity"}, f"{key}.")
            at = {"at": table["blob"], "offset": table.get("offset", [0.0, 0.0, 0.0])}
            return Blob(self.anchor(at, f"{key}.blob"),
                        self.number(table.get("radius"), f"{key}.radius", 0, 60),
                        self.fraction(table.get("intensity", default_intensity), f"{key}.intensity"))
        if kind == "region":
            self.known(table, {"region", "intensity", "edge"}, f"{key}.")
            region = table["region"]
            if not isinstance(region, str):
                self.fail(f"{key}.region", region, "a region name")
            return RegionFill(self.choice(region, regions(), f"{key}.region"),
                              self.fraction(table.get("intensity", default_intensity), f"{key}.intensity"),
                              self.number(table.get("edge", 2.5), f"{key}.edge", 0, 20))
        self.known(table, {"chain", "radius", "intensity"}, f"{key}.")
        nodes = table["chain"]
        if not isinstance(nodes, list) or len(nodes) < 2:
            self.fail(f"{key}.chain", nodes, "a list of at least two landmarks (or {at, offset} tables)")
        through = tuple(self.anchor(n, f"{key}.chain[{i}]") for i, n in enumerate(nodes))
        radius = self.per_node(table.get("radius"), len(through), f"{key}.radius", 60)
        intensity = self.per_node(table.get("intensity", default_intensity), len(through),
                                  f"{key}.intensity", 1.0)
        return Chain(through, radius, intensity)

    def per_node(self, value: object, n: int, key: str, high: float) -> tuple[float, ...]:
        values = value if isinstance(value, list) else [value] * n
        if len(values) != n:
            self.fail(key, value, f"one number, or a list of {n} numbers (one per chain node)")
        return tuple(self.number(v, key, 0.0, high) for v in values)

    def guide(self, table: dict, key: str) -> GuideEntry:
        self.known(table, {"place", "rank", "source"}, f"{key}.")
        place = self.choice(self.text(table, "place", key), places(), f"{key}.place")
        rank = table.get("rank")
        if isinstance(rank, bool) or not isinstance(rank, int) or not 1 <= rank <= MAX_GUIDE_RANK:
            self.fail(f"{key}.rank", rank, f"a whole number from 1 (named first) to {MAX_GUIDE_RANK}")
        return GuideEntry(place, rank, self.text(table, "source", key))

    def footprint(self, table: dict, key: str) -> FootprintPart:
        deep = table.get("deep", False)
        if not isinstance(deep, bool):
            self.fail(f"{key}.deep", deep, "true (the part lies under other muscles) or false")
        stroke = self.stroke({k: v for k, v in table.items() if k != "deep"}, key,
                             DEEP_INTENSITY if deep else 1.0)
        return FootprintPart(stroke, deep)

    def self_care(self, table: object) -> SelfCare:
        if not isinstance(table, dict):
            self.fail("self_care", table, "a table with pressure, stretches, habit, caution and sources")
        self.known(table, {"pressure", "stretches", "habit", "caution", "sources"}, "self_care.")
        stretches = self.text_list(table.get("stretches"), "self_care.stretches")
        if not 1 <= len(stretches) <= 2:
            self.fail("self_care.stretches", table.get("stretches"), "one or two stretches")
        sources = table.get("sources")
        if not isinstance(sources, list) or not sources or not all(isinstance(t, dict) for t in sources):
            self.fail("self_care.sources", sources, "a list of {text, url} tables, at least one")
        return SelfCare(self.text(table, "pressure", "self_care"), tuple(stretches),
                        self.text(table, "habit", "self_care"), self.text(table, "caution", "self_care"),
                        tuple(self.source(t, f"self_care.sources[{i}]") for i, t in enumerate(sources)))

    def source(self, table: dict, key: str) -> Source:
        self.known(table, {"text", "url"}, f"{key}.")
        url = table.get("url")
        if url is not None and (not isinstance(url, str) or not url.startswith(("http://", "https://"))):
            self.fail(f"{key}.url", url, "a web address starting with http:// or https://")
        return Source(self.text(table, "text", key), url)

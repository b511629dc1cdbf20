"""Atlases: the areas of published pain body maps (CHOIR, WPI, Michigan Body Map) on the body.

An :class:`Atlas` is a list of areas, each with an id, a name, the face it is drawn on and the
patient's side, and the vertices it holds on the body.  Four atlases are built in:

``"choir"``
    The 74 segments of the CHOIR body map (Stanford's Collaborative Health Outcomes
    Information Registry; also REDCap's imagemap ``CHOIRBODYMAP``): ids ``"101"``-``"136"``
    (front) and ``"201"``-``"238"`` (back) in the male diagram's numbering; REDCap keys
    ``f01``-``f36`` and ``b01``-``b38`` are read too, and the female diagram's numbering
    (which differs for 112-117) with ``numbering="female"``.
``"wpi"``
    The 19 areas of the Widespread Pain Index (2010/2016 ACR fibromyalgia criteria), ids
    ``"01"``-``"19"`` as REDCap's imagemap ``FIBROMYALGIA_BODY`` numbers them.  The WPI does not
    cover the whole body (no head but the jaw, no hands, feet, wrists, ankles or groin).
``"mbm"``
    The 35 areas of the Michigan Body Map, ids ``"0"``-``"34"`` as REDCap's imagemap ``MBODY``
    numbers them (its ``"35"``, "No Chronic Pain", reads as an empty drawing).
``"regions"``
    painmap's own regions (:func:`painmap.regions`), one area per region and side, ids
    ``"<region>:<side>"`` (``"sacrum:right"``).

The areas of ``"choir"`` and ``"mbm"`` tile the skin: every skin vertex is in exactly one area.
The eyeballs (144 vertices no edge joins to the skin) are in none.  Vertices on the
midline belong to the patient's right (the areas are disjoint, and a drawing that reaches the
midline from the left still counts on the left: see :meth:`Atlas.presence`).  The shapes of
the areas are cut from the body's landmarks by ``tools/build_atlases.py``; every body shape
shares the mesh's vertex order, so an area holds the same vertices on every shape.

Examples
--------
>>> import painmap as pm
>>> choir = pm.atlas("choir")
>>> len(choir), choir.ids[:3], choir.name_of("107")
(74, ('101', '102', '103'), 'Shoulder (front-right)')
>>> choir.codes("b07, f01, 128")
('101', '128', '207')
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Mapping
from functools import cache

import numpy as np

from ..body.mesh import LEFT, Body, load_body
from ..body.regions import region_labels
from ..body.shapes import shape_name
from ..core import checks
from ..core.assets import assets_dir
from ..core.errors import ArgumentError, ArgumentTypeError, ChoiceError, closest_names, shown

ATLASES: tuple[str, ...] = ("choir", "wpi", "mbm", "regions")
NUMBERINGS: tuple[str, ...] = ("male", "female")
LEAST = 0.05
"""The share of an area's skin a drawing must paint for the area to count (see :meth:`Atlas.presence`)."""
SEPARATORS = re.compile(r"[,;|]")
NO_PAIN_WORDS = ("none", "no pain")
"""Cells that say "no pain" in words; read as an empty drawing, in every atlas."""
AMBIGUOUS = tuple(str(k) for k in range(112, 118))
"""CHOIR ids whose area differs between the male and the female diagram."""
TITLES = {"choir": "CHOIR body map", "wpi": "Widespread Pain Index", "mbm": "Michigan Body Map",
          "regions": "painmap regions"}


class Atlas:
    """The areas of one body map, on the body's vertices.

    Attributes
    ----------
    name : str
        ``"choir"``, ``"wpi"``, ``"mbm"`` or ``"regions"``.
    title : str
        The map's full name.
    ids : tuple of str
        The areas' ids, in the map's order (area ``k`` of :meth:`labels` is ``ids[k - 1]``).
    names, parts, faces, sides : tuple of str
        Per area: its name as the map titles it, the body part, the face it is drawn on
        (``"front"``, ``"back"`` or ``"both"``) and the patient's side (``"right"``,
        ``"left"`` or ``"midline"``: one area across both sides).
    keys : tuple of str
        Per area, the other code data may use for it (the REDCap key of a CHOIR segment), or ``""``.
    tiles : bool
        Whether the areas cover the whole skin.

    Examples
    --------
    >>> import painmap as pm
    >>> wpi = pm.atlas("wpi")
    >>> wpi.ids[0], wpi.names[0], wpi.sides[0]
    ('01', 'Right jaw', 'right')
    >>> int(wpi.mask("01").sum()) > 0
    True
    """

    __slots__ = ("_female", "_id_set", "_label", "_lookup", "_memo", "_numbers", "faces", "ids", "keys",
                 "name", "names", "parts", "sides", "tiles", "title")

    def __init__(self, name: str, rows: list[dict[str, str]], label: np.ndarray, *, tiles: bool,
                 female: dict[str, str] | None = None) -> None:
        self.name, self.title, self.tiles = name, TITLES[name], tiles
        self.ids = tuple(r["id"] for r in rows)
        self.names = tuple(r["name"] for r in rows)
        self.parts = tuple(r["part"] for r in rows)
        self.faces = tuple(r["face"] for r in rows)
        self.sides = tuple(r["side"] for r in rows)
        self.keys = tuple(r.get("key", "") for r in rows)
        label.setflags(write=False)
        self._label = label
        self._female = female or {}
        lookup: dict[str, int] = {}
        for k, (area, key, title) in enumerate(zip(self.ids, self.keys, self.names), start=1):
            for word in (title.casefold(), key.casefold(), area.casefold()):
                if word:
                    lookup[word] = k
        self._lookup = lookup
        self._numbers = {int(i): i for i in self.ids if i.isdigit()}
        self._id_set = frozenset(i.casefold() for i in self.ids)
        self._memo: dict[tuple[str, str | None], int | None] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def __repr__(self) -> str:
        return f"<Atlas {self.name!r}: {len(self)} areas of the {self.title}>"

    def __reduce__(self):
        """Pickled by name: an atlas is painmap's data, not the user's."""
        return atlas, (self.name,)

    def index(self, area: object) -> int:
        """The area's number (1-based, as in :meth:`labels`) from its id, key or name.

        Raises
        ------
        painmap.ChoiceError
            `area` is no area of this atlas (with the closest id).
        """
        k = None
        if isinstance(area, (str, int, np.integer)) and not isinstance(area, bool):
            word = str(area).strip()
            number = _number(word)
            word = self._numbers.get(number, word) if number is not None else word
            k = self._lookup.get(word.casefold())  # ids in the atlas's own (male CHOIR) numbering
        if k is None:
            raise ChoiceError(f"{self.name} area", area, self.ids, argument="area")
        return k

    def name_of(self, area: object) -> str:
        """The name of an area given by id, key or name.

        Examples
        --------
        >>> atlas("mbm").name_of(35 - 1)
        'Rt buttocks'
        """
        return self.names[self.index(area) - 1]

    def labels(self, body: str | Body = "neutral") -> np.ndarray:
        """The area of every vertex of `body` (0 = none, ``k`` = ``ids[k - 1]``), read-only.

        Areas are disjoint, so one number per vertex says them all.  Every body shape shares
        the mesh's vertex order, so the labels are the same on every shape.

        Examples
        --------
        >>> labels = atlas("choir").labels("female")
        >>> atlas("choir").ids[labels[0] - 1] in atlas("choir").ids
        True
        """
        shape = _body(body)
        if len(self._label) != shape.n_vertices:
            raise ValueError("atlas table does not match the body mesh")
        return self._label

    def mask(self, area: object, body: str | Body = "neutral") -> np.ndarray:
        """Boolean mask over the body's vertices of one area (by id, REDCap key or name).

        Examples
        --------
        >>> import painmap as pm
        >>> from painmap.body.mesh import load_body
        >>> body = load_body("male")
        >>> m = pm.atlas("choir").mask("107", body)   # Shoulder (front-right)
        >>> bool((body.vertices[m, 0] < 0).all())       # the patient's right is at negative x
        True
        """
        return self.labels(body) == self.index(area)

    def area_cm2(self, body: str | Body = "neutral") -> np.ndarray:
        """Each area's skin area on `body`, in cm² (one value per id)."""
        shape = _body(body)
        return np.bincount(self.labels(shape), shape.vertex_areas, minlength=len(self) + 1)[1:]

    def codes(self, value: object, *, numbering: str | None = None, argument: str = "codes"
              ) -> tuple[str, ...]:
        """The ids of the areas `value` names, in the atlas's order (see :meth:`areas`).

        Examples
        --------
        >>> atlas("choir").codes("117", numbering="female")
        ('115',)
        """
        return tuple(self.ids[k - 1] for k in self.areas(value, numbering=numbering, argument=argument))

    def areas(self, value: object, *, numbering: str | None = None, argument: str = "codes") -> np.ndarray:
        """The area numbers (1-based, sorted, each once) that `value` names.

        Parameters
        ----------
        value : str, int or list of str/int
            A string of codes separated by commas (or ``;`` or ``|``): ids (``"128,117"``),
            REDCap keys (``"b07,f01"``, any case), the areas' names, or a mix; a number or a
            list of them.  An empty string or list, ``"none"`` or ``"no pain"`` is no area.
        numbering : {"male", "female"} or None
            The CHOIR diagram the ids come from; ids 112-117 name different areas on the two,
            so they need it (other ids and REDCap keys are the same on both).

        Raises
        ------
        painmap.ArgumentError
            An unknown code (with the closest valid one), a CHOIR id 112-117 without a
            numbering, or "no chronic pain" together with areas.
        painmap.ArgumentTypeError
            `value` is not text, a whole number or a list of them.
        """
        if numbering is not None:
            numbering = checks.choice("numbering", numbering, NUMBERINGS)
            if self.name != "choir":
                raise ArgumentError("numbering", numbering, "None: only the CHOIR atlas has a male and a "
                                    "female numbering", problem=f"given for the {self.name!r} atlas")
        tokens = _tokens(value, argument)
        found: set[int] = set()
        no_pain = False
        for token in tokens:
            if token.casefold() in NO_PAIN_WORDS or (self.name == "mbm" and _number(token) == 35):
                no_pain = True
                continue
            k = self._find(token, numbering)
            if k is None:
                raise ArgumentError(argument, token, f"a {self.title} area: an id ({self.ids[0]!r} to "
                                    f"{self.ids[-1]!r}){', a REDCap key' if self.name == 'choir' else ''} or "
                                    "an area's name", problem=f"not an area of the {self.name!r} atlas"
                                    + (f" (in {shown(value)})" if isinstance(value, str) and value != token
                                       else ""), closest=self._closest(token))
            if k < 0:
                raise ArgumentError("numbering", numbering, "'male' or 'female': the CHOIR ids 112 to 117 "
                                    "name different areas on the male and the female diagram (112 is "
                                    "'Bicep (front-left)' on the male one, 'Abdomen (front-right)' on the "
                                    "female one); REDCap keys (f12 ...) are the same on both",
                                    problem=f"missing for the id {token!r} (in {argument})")
            found.add(k)
        if no_pain and found:
            raise ArgumentError(argument, value, "areas, or 'no chronic pain' alone",
                                problem="'no chronic pain' together with areas")
        out = np.array(sorted(found), dtype=np.uint16 if len(self) > 255 else np.uint8)
        out.setflags(write=False)  # shared by the drawings read with it
        return out

    def _find(self, token: str, numbering: str | None) -> int | None:
        """The area `token` names (1-based), None when none, -1 when it needs a CHOIR numbering."""
        key = (token, numbering)
        if key not in self._memo:
            if len(self._memo) > 100_000:
                self._memo.clear()
            self._memo[key] = self._search(token, numbering)
        return self._memo[key]

    def _search(self, token: str, numbering: str | None) -> int | None:
        word = token.casefold()
        area = word if word in self._id_set else None
        if area is None and word not in self._lookup:
            number = _number(token)
            area = None if number is None else self._numbers.get(number)
        if area is None:
            return self._lookup.get(word)
        if self.name == "choir":
            if numbering is None and area in AMBIGUOUS:
                return -1
            if numbering == "female":
                area = self._female.get(area, area)
        return self._lookup[area]

    def _closest(self, token: str) -> str | None:
        near = closest_names(token, [*self.ids, *(k for k in self.keys if k), *self.names])
        return near[0] if near else None

    def presence(self, drawings, *, least: float = LEAST) -> np.ndarray:
        """Which areas each drawing touches: a bool array, one row per drawing, one column per area.

        A drawing read from this atlas (:meth:`painmap.PainDrawing.from_segments`) gives its
        own areas, exactly and at once.  Any other drawing counts an area when its pain (any
        intensity above 0) covers at least `least` of the area's skin (by area in cm², on the
        drawing's body): the default 5 % leaves out the rim a drawing of a neighbouring area
        shares at the border, and still counts a hand-sized patch on a thigh.  ``least=0``
        counts any painted vertex.

        Parameters
        ----------
        drawings : PainDrawing, or a list, dict (values), or pandas Series of them
        least : float
            0..1.

        Examples
        --------
        >>> import painmap as pm
        >>> d = pm.PainDrawing.from_segments("107,207", atlas="choir")
        >>> hit = pm.atlas("choir").presence([d])
        >>> hit.shape, [pm.atlas("choir").ids[k] for k in hit[0].nonzero()[0]]
        ((1, 74), ['107', '207'])
        """
        least = checks.number("least", least, 0.0, 1.0)
        items = _drawings(drawings)
        out = np.zeros((len(items), len(self)), bool)
        totals: dict[str, np.ndarray] = {}
        overlaps: dict[tuple[str, str], np.ndarray] = {}
        for row, drawing in enumerate(items):
            own = drawing.area_codes(self)
            if own is not None:
                out[row, own - 1] = True
                continue
            body = drawing.body
            if body.shape not in totals:
                totals[body.shape] = np.bincount(self.labels(body), body.vertex_areas,
                                                 minlength=len(self) + 1)
            source = drawing.atlas
            if source is not None:  # whole areas of another atlas: their overlap with ours, summed
                key = (source, body.shape)
                if key not in overlaps:
                    overlaps[key] = self._overlap(atlas(source), body)
                painted = overlaps[key][drawing.area_codes(source)].sum(axis=0)
            else:
                idx, _ = drawing.nonzero()
                painted = np.bincount(self._label[idx], body.vertex_areas[idx], minlength=len(self) + 1)
            share = painted[1:] / np.maximum(totals[body.shape][1:], 1e-12)
            out[row] = (painted[1:] > 0) & (share >= least)
        return out

    def _overlap(self, other: Atlas, body: Body) -> np.ndarray:
        """Skin area (cm²) each area of `other` (rows, 0 = none) shares with each of ours (columns)."""
        rows, cols = other.labels(body).astype(np.intp), self.labels(body).astype(np.intp)
        flat = np.bincount(rows * (len(self) + 1) + cols, body.vertex_areas,
                           minlength=(len(other) + 1) * (len(self) + 1))
        return flat.reshape(len(other) + 1, len(self) + 1)


def _body(body: object) -> Body:
    return body if isinstance(body, Body) else load_body(shape_name(body))


def _number(token: str) -> int | None:
    """A whole number written as text (``"128"``, ``"128.0"`` as spreadsheets write it), else None."""
    try:
        x = float(token)
    except (ValueError, OverflowError):
        return None
    return int(x) if math.isfinite(x) and x.is_integer() and token.strip()[:1].isdigit() else None


def _tokens(value: object, argument: str) -> list[str]:
    expected = "codes as text ('128,117' or 'b07,f01'), a whole number, or a list of them"
    if isinstance(value, str):
        return [t.strip() for t in SEPARATORS.split(value) if t.strip()]
    if isinstance(value, (bool, np.bool_)) or value is None or isinstance(value, (bytes, Mapping)):
        raise ArgumentTypeError(argument, value, expected, problem=checks.kind_of(value))
    if isinstance(value, (int, np.integer)):
        return [str(int(value))]
    if isinstance(value, (float, np.floating)):
        if math.isfinite(value) and float(value).is_integer():
            return [str(int(value))]
        raise ArgumentError(argument, value, expected, problem="not a whole number")
    if not isinstance(value, Iterable):
        raise ArgumentTypeError(argument, value, expected, problem=checks.kind_of(value))
    out: list[str] = []
    for item in checks.items(argument, value, expected, 10_000):
        if isinstance(item, str):
            out += [t.strip() for t in SEPARATORS.split(item) if t.strip()]
        elif isinstance(item, (int, np.integer, float, np.floating)) \
                and not isinstance(item, (bool, np.bool_)):
            out += _tokens(item, argument)
        else:
            raise ArgumentTypeError(argument, item, expected, problem=f"{checks.kind_of(item)} in the list")
    return out


DRAWINGS = "PainDrawings: a list, a dict or a pandas Series of them"


def _drawings(drawings) -> list:
    if hasattr(drawings, "area_codes"):
        return [drawings]
    if isinstance(drawings, Mapping):
        items = list(drawings.values())
    elif hasattr(drawings, "to_numpy") and hasattr(drawings, "index"):  # a pandas Series
        items = list(drawings.to_numpy())
    elif isinstance(drawings, Iterable) and not isinstance(drawings, (str, bytes)):
        items = list(drawings)
    else:
        raise ArgumentTypeError("drawings", drawings, DRAWINGS, problem=checks.kind_of(drawings))
    for k, item in enumerate(items):
        if not hasattr(item, "area_codes"):
            raise ArgumentTypeError("drawings", item, DRAWINGS,
                                    problem=f"{checks.kind_of(item)} at position {k}")
    return items


@cache
def _stored() -> dict[str, np.ndarray]:
    with np.load(assets_dir() / "body" / "atlases.npz") as data:
        return {k: data[k] for k in data.files}


def _rows(name: str) -> list[dict[str, str]]:
    with open(assets_dir() / "atlases" / f"{name}.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if name == "choir":
        return [{"id": r["choir_id"], "key": r["redcap_key"], "name": r["name"], "part": r["part"],
                 "face": r["face"], "side": r["side_patient"], "female": r["female_choir_id"]} for r in rows]
    return rows


@cache
def _atlas(name: str) -> Atlas:
    if name == "regions":
        codes, names = region_labels(load_body())
        side = load_body().side
        label = np.where(codes > 0, 2 * codes.astype(np.intp) - 1 + (side == LEFT), 0).astype(np.uint16)
        rows = [{"id": f"{region}:{s}", "name": f"{region.replace('_', ' ')} ({s})", "part": region,
                 "face": "both", "side": s} for region in names for s in ("right", "left")]
        return Atlas(name, rows, label, tiles=False)
    rows = _rows(name)
    female = {r["female"]: r["id"] for r in rows} if name == "choir" else None
    return Atlas(name, rows, _stored()[name].astype(np.uint8), tiles=name != "wpi", female=female)


def atlas(name: str = "choir") -> Atlas:
    """One of painmap's atlases (the areas of a pain body map): see the module.

    Parameters
    ----------
    name : {"choir", "wpi", "mbm", "regions"}
        Also forgiving of case and spaces (``"CHOIR"``, ``"Michigan"``).

    Raises
    ------
    painmap.ChoiceError
        An unknown atlas (with the closest name).

    Examples
    --------
    >>> import painmap as pm
    >>> pm.atlas("wpi").title, len(pm.atlas("mbm"))
    ('Widespread Pain Index', 35)
    """
    return _atlas(atlas_name(name))


ALIASES = {"michigan": "mbm", "michigan body map": "mbm", "widespread pain index": "wpi",
           "choir body map": "choir", "region": "regions"}


def atlas_name(name: object, *, argument: str = "atlas") -> str:
    """An atlas's name, checked (case and spaces forgiven)."""
    if isinstance(name, Atlas) or type(name).__name__ == "Atlas":  # (also one from a module imported twice)
        return str(name.name)
    if isinstance(name, str):
        word = " ".join(name.strip().casefold().replace("_", " ").split())
        word = ALIASES.get(word, word)
        if word in ATLASES:
            return word
    return checks.choice(argument, name, ATLASES, kind="atlas")

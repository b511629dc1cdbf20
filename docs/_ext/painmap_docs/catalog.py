"""The pattern gallery: one page per muscle in the catalog, by body area, written at build time.

Every page is made from the live catalog (``pm.muscles()``): the pictures (glow and
classic), the summary, the trigger points, the referral table the tests hold the pattern to
(``tests/patterns/referral/*.toml``) beside the heat painmap draws there, the sources, and
the pattern file itself.  A pattern added to ``assets/muscles/`` gets its page on the next
build; a page whose muscle left the catalog is removed.
"""

from __future__ import annotations

import os
from pathlib import Path

from .files import write_if_changed
from .pictures import THUMBNAIL_DPI, Picture

HEAT_STYLES = {
    "glow": ("", "The red glow: the deeper the red, the more often pain is felt there"),
    "classic": (', heat="classic", style="outline"',
                "Travell & Simons style: solid essential zone, stippled spillover zone"),
}
PRESS = ("press", ", muscle=True, landmarks=True",
         "Where to press: the muscle under the skin (blue; dashed where it lies under other muscles), "
         "the numbered trigger points and the bony landmarks that locate them")
"""The third picture of each pattern, under its trigger points."""
EXPECTED = {  # the referral tables' keys, as tests/patterns/test_referral.py checks them
    "hot": "essential zone: heat 0.6 or more",
    "warm": "spillover: some heat, above 0.1",
    "cool": "left out by the sources: heat 0.1 or less",
}


def group_title(group: str) -> str:
    """A body area's heading ("forearm_hand" -> "Forearm hand")."""
    return group.replace("_", " ").capitalize()


def by_muscle() -> dict[str, list]:
    """The catalog's patterns grouped by muscle, in catalog order."""
    import painmap as pm

    muscles: dict[str, list] = {}
    for p in pm.muscles():
        muscles.setdefault(p.muscle, []).append(p)
    return muscles


def pictures(folder: Path) -> list[Picture]:
    """The gallery's pictures: each pattern in the glow and the classic style, and its thumbnail."""
    import painmap as pm

    pics = [Picture(folder / "img" / f"{p.id}-{heat}.png", "pattern", (p.id, heat), reads=(p.path,))
            for p in pm.muscles() for heat in (*HEAT_STYLES, PRESS[0])]
    return pics + [Picture(folder / "img" / f"{p.id}-thumb.png", "thumbnail", (p.id,), dpi=THUMBNAIL_DPI,
                           reads=(p.path,)) for p in pm.muscles()]


def referral_tables(root: Path) -> dict[str, dict]:
    """What the sources say, region by region, per pattern id (``tests/patterns/referral/``)."""
    from painmap.core import toml as _toml

    tables: dict[str, dict] = {}
    for path in sorted((root / "tests" / "patterns" / "referral").glob("*.toml")):
        for pattern_id, entry in _toml.loads(path.read_text(encoding="utf-8")).items():
            tables[pattern_id] = {**entry, "_file": path.relative_to(root).as_posix()}
    return tables


def _escape(text: str) -> str:
    """Plain text made safe inside reST (no stray roles, emphasis or references)."""
    for char in "\\*`|_":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def pattern_section(p, table: dict | None, page: Path, *, heading: str | None) -> list[str]:
    """The reST of one pattern on its muscle's page."""
    from painmap.heat import heat

    lines: list[str] = []
    if heading:
        lines += [heading, "-" * len(heading), ""]
    lines += [_escape(p.summary), ""]
    if p.aliases:
        lines += ["Also called: " + ", ".join(f"*{_escape(a)}*" for a in p.aliases) + ".", ""]
    lines += [".. container:: pm-pair", ""]
    for style, (options, text) in HEAT_STYLES.items():
        lines += [f"   .. figure:: img/{p.id}-{style}.png",
                  f"      :alt: {_escape(p.name)}: where its trigger points refer pain ({style} style)", "",
                  f'      ``pm.draw("{p.id}"{options})``: {text}.', ""]
    import painmap as pm

    style, options, text = PRESS
    lines += [".. rubric:: Trigger points: where to press", "",
              f".. figure:: img/{p.id}-{style}.png",
              f"   :alt: {_escape(p.name)}: the muscle, its numbered trigger points and landmarks", "",
              f'   ``pm.draw("{p.id}"{options})``: {text}.', "",
              ".. list-table::", "   :header-rows: 1", "   :widths: 5 35 35 15 10", "",
              "   * - No.", "     - Where", "     - How to find it", "     - Landmark",
              "     - Offset (cm: lateral, up, forward)"]
    for tp, site in zip(p.trigger_points, pm.trigger_points(p)):
        offset = ", ".join(f"{v:g}" for v in tp.at.offset)
        lines += [f"   * - {site.number}", f"     - {_escape(tp.label)}",
                  f"     - {_escape(site.directions)}", f"     - ``{tp.at.landmark}``", f"     - {offset}"]
    lines += [""]
    if table:
        h = heat(p.id)
        lines += [".. rubric:: Referral table", "",
                  "What the sources say about each region (the patient's right side), written independently "
                  f"of the drawing in ``{table['_file']}``, and the heat painmap draws there. "
                  "The tests hold the pattern to it.", "",
                  ".. list-table::", "   :header-rows: 1", "   :widths: 30 50 20", "",
                  "   * - Region", "     - The sources", "     - Heat drawn"]
        keys = [k for k in EXPECTED if k in table] + [k for k in table if k not in EXPECTED and k[0] != "_"]
        for key in keys:
            for region in table[key]:
                lines += [f"   * - ``{region}``", f"     - {EXPECTED.get(key, key)}",
                          f"     - {h.region(region):.2f}"]
        lines += [""]
    lines += [".. rubric:: Sources", ""]
    for s in p.sources:
        lines += [f"- `{_escape(s.text)} <{s.url}>`__" if s.url else f"- {_escape(s.text)}"]
    lines += ["", ".. rubric:: The pattern file", ""]
    if p.path is not None:
        lines += [f"``assets/muscles/{p.path.name}``: how this pattern is written "
                  "(see :ref:`anatomy-patterns`).", "",
                  f".. literalinclude:: {Path(os.path.relpath(p.path, page.parent)).as_posix()}",
                  "   :language: toml", ""]
    return lines


def muscle_page(key: str, parts: list, tables: dict, page: Path) -> str:
    """The reST page of one muscle: each of its patterns."""
    from painmap.patterns.catalog import muscle_name

    title = muscle_name(key) if len(parts) > 1 else parts[0].name
    lines = [f".. _muscle-{key}:", "", title, "=" * len(title), ""]
    area = group_title(parts[0].group)
    ids = ", ".join(f"``{p.id}``" for p in parts)
    lines += [f"Body area: :ref:`{area} <area-{parts[0].group}>`. "
              f"Pattern{'s' if len(parts) > 1 else ''}: {ids}.", ""]
    if len(parts) > 1:
        lines += [f'``pm.draw("{key}")`` draws all {len(parts)} parts together; each is shown below.', ""]
    for p in parts:
        lines += pattern_section(p, tables.get(p.id), page, heading=p.name if len(parts) > 1 else None)
    return "\n".join(lines)


def index_page(muscles: dict[str, list]) -> str:
    """The gallery's contents: every muscle by body area, as a grid of pictures."""
    from painmap.patterns import GROUPS
    from painmap.patterns.catalog import muscle_name

    count = sum(len(parts) for parts in muscles.values())
    lines = [".. _gallery:", "", "Pattern gallery", "===============", "",
             f"Every referral pattern in painmap's catalog: {count} patterns of {len(muscles)} muscles, "
             "by body area. Each page shows the pattern in the red glow and in the Travell & Simons style, "
             "its trigger points, the referral table the tests hold it to, and its sources. The pages are "
             "made from the catalog on every build. Sides are the patient's; patterns are drawn on the "
             "right side. The deeper the red, the more often pain is felt there; an X marks a trigger point.",
             ""]
    toc = []
    for group in GROUPS:
        found = [(key, parts) for key, parts in muscles.items() if parts[0].group == group]
        if not found:
            continue
        title = group_title(group)
        lines += [f".. _area-{group}:", "", title, "-" * len(title), "", ".. container:: pm-grid", ""]
        for key, parts in found:
            name = muscle_name(key) if len(parts) > 1 else parts[0].name
            lines += [f"   .. figure:: img/{parts[0].id}-thumb.png", f"      :alt: {_escape(name)}",
                      f"      :target: {key}.html", "", f"      :doc:`{_escape(name)} <{key}>`", ""]
            toc.append(key)
    lines += [".. toctree::", "   :hidden:", "", *(f"   {key}" for key in toc), ""]
    return "\n".join(lines)


def write(src: Path) -> tuple[list[Picture], list[Path]]:
    """Write the gallery's pages into ``src/gallery``; return its pictures (drawn by the caller)."""
    folder = src / "gallery"
    muscles = by_muscle()
    tables = referral_tables(src.parent)
    wanted = {folder / "index.rst": index_page(muscles)}
    for key, parts in muscles.items():
        page = folder / f"{key}.rst"
        wanted[page] = muscle_page(key, parts, tables, page)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.rst"):
        if old not in wanted:
            old.unlink()
    pics = pictures(folder)
    keep = {p.out for p in pics}
    for old in (folder / "img").glob("*.png"):
        if old not in keep:
            old.unlink()
    return pics, [write_if_changed(path, text) for path, text in wanted.items()]

"""The anatomy page's figures and lists, from the live package (``docs/_generated/``).

``anatomy.rst`` includes the ``.inc`` files written here: one figure per body shape in
``pm.SHAPES``, and the landmark and region vocabularies, so a new shape, landmark or
region shows on the next build.
"""

from __future__ import annotations

from pathlib import Path

from .files import write_if_changed
from .pictures import CHART_DPI, Picture

OWN_PATTERN = Path("anatomy") / "my_pattern.toml"
ATLAS_CHARTS = ("choir", "wpi", "mbm")


def pictures(src: Path) -> list[Picture]:
    """The charts, each body shape, and the example pattern file drawn."""
    import painmap as pm

    out = src / "_generated"
    own = src / OWN_PATTERN
    return [
        Picture(out / "landmarks.png", "landmarks", (), dpi=CHART_DPI),
        Picture(out / "regions.png", "regions", (), dpi=CHART_DPI),
        *(Picture(out / f"atlas-{name}.png", "atlas", (name,), dpi=CHART_DPI) for name in ATLAS_CHARTS),
        Picture(out / "body-views.png", "body_views", ("neutral",), dpi=80),
        *(Picture(out / f"body-{shape}.png", "body", (shape,), dpi=45) for shape in pm.SHAPES),
        *(Picture(out / f"shapes-{view}.png", "lineup", (view,), dpi=60) for view in ("front", "right")),
        Picture(out / "my_pattern.png", "own_pattern", (str(own),), dpi=80, reads=(own,)),
    ]


def _describe(shape: str) -> str:
    """``: <description>`` where painmap describes its shapes (``painmap.body.shapes``), else nothing."""
    try:
        from painmap.body.shapes import shape_description
    except ImportError:
        return ""
    return f": {shape_description(shape)}"


def _lineup_text() -> str:
    """The shapes side by side at one scale, and a table of what they measure."""
    import painmap as pm
    from painmap.body.mesh import load_body

    lines = ["All the shapes side by side, at one scale (soles on one line), from the front and the right:",
             ""]
    for view in ("front", "right"):
        lines += [f".. figure:: /_generated/shapes-{view}.png", f"   :alt: The {len(pm.SHAPES)} body shapes, "
                  f"{view} view, at one scale", "", f"   Every body shape, {view} view, at one scale.", ""]
    lines += ["What each measures on the mesh: standing height, the volume its skin encloses, and the",
              "body-mass index that volume gives at about 1 kg per litre (the body's density with the air in",
              "its lungs).",
              "MakeHuman's adult bodies are slender (its female at BMI 18-19); ``larger`` is heavier than",
              "MakeHuman's heaviest setting (about BMI 35).", "",
              ".. list-table::", "   :header-rows: 1", "", "   * - Shape", "     - Height (cm)",
              "     - Volume (litres)", "     - BMI (about)"]
    for shape in pm.SHAPES:
        body = load_body(shape)
        lines += [f"   * - ``{shape}``", f"     - {body.height:.0f}", f"     - {body.volume:.0f}",
                  f"     - {body.volume / (body.height / 100) ** 2:.1f}"]
    return "\n".join(lines) + "\n\n"


def _atlas_table(name: str) -> str:
    """The atlas's areas as a table: id, (REDCap key,) name, face, the patient's side."""
    import painmap as pm

    atlas = pm.atlas(name)
    keyed = any(atlas.keys)
    header = ["Id", *(["REDCap key"] if keyed else []), "Name", "Face", "Side"]
    lines = [".. list-table::", "   :header-rows: 1", "", "   * - " + "\n     - ".join(header)]
    for k, area in enumerate(atlas.ids):
        cells = [f"``{area}``", *([f"``{atlas.keys[k]}``"] if keyed else []), atlas.names[k], atlas.faces[k],
                 atlas.sides[k]]
        lines.append("   * - " + "\n     - ".join(cells))
    return "\n".join(lines) + "\n"


def _names(names: list[str]) -> str:
    return ", ".join(f"``{n}``" for n in names) + "."


def _places_table() -> str:
    """The place vocabulary as a table: each place, its other words, and its regions."""
    from painmap.body.places import _vocabulary

    rows = [".. list-table::", "   :header-rows: 1", "   :widths: 22 48 30", "",
            "   * - Place", "     - Also understood", "     - Regions"]
    for name, regions, means, words in _vocabulary()[0].values():
        rows += [f"   * - **{name}**" + (f" ({means})" if means else ""), f"     - {', '.join(words) or '-'}",
                 f"     - {', '.join(f'``{r}``' for r in regions)}"]
    return "\n".join(rows) + "\n"


def write(src: Path) -> tuple[list[Picture], list[Path]]:
    """Write the include files; return the pictures (drawn by the caller)."""
    import painmap as pm

    out = src / "_generated"
    shapes = [".. figure:: /_generated/body-views.png", "   :alt: The neutral body in four views", "",
              '   ``pm.draw([], view=["front", "back", "left", "right"])``: the neutral body.', "",
              f"The {len(pm.SHAPES)} body shapes, each ``pm.draw([], body=...)``:", "",
              ".. container:: pm-grid", ""]
    for shape in pm.SHAPES:
        shapes += [f"   .. figure:: /_generated/body-{shape}.png", f"      :alt: The {shape} body", "",
                   f'      ``"{shape}"``{_describe(shape)}', ""]
    files = {
        out / "shapes.inc": _lineup_text() + "\n".join(shapes),
        out / "landmarks.inc": f"{len(pm.landmarks())} landmarks, head to toe: {_names(pm.landmarks())}\n",
        out / "regions.inc": f"{len(pm.regions())} regions, head to toe: {_names(pm.regions())}\n",
        out / "places.inc": _places_table(),
        **{out / f"atlas-{name}.inc": _atlas_table(name) for name in ATLAS_CHARTS},
    }
    return pictures(src), [write_if_changed(path, text) for path, text in files.items()]

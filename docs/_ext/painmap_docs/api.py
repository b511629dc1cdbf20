"""The API reference: one page per name in ``painmap.__all__``, grouped, written at build time.

Nothing here lists names by hand: a name added to ``__all__`` gets a page on the next
build, in the section its defining module belongs to (or "More" if none fits).
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

from .files import write_if_changed

# Sections of the reference, by the painmap module that defines a name (first match wins).
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Pictures and handouts", ("painmap.plotting", "painmap.figure", "painmap.anatomy", "painmap.handout",
                               "painmap.render", "painmap.scene", "painmap.compose", "painmap.view")),
    ("The pattern catalog", ("painmap.patterns",)),
    ("Heat and look-up", ("painmap.heat", "painmap.reading.lookup")),
    ("Reading pain drawings and cohorts", ("painmap.reading", "painmap.chart")),
    ("Statistics of pain drawings", ("painmap.stats",)),
    ("The body", ("painmap.body",)),
)
ERRORS = "Errors"
MORE = "More"


def public_names() -> list[str]:
    """The names the reference documents: ``painmap.__all__``, in its order."""
    import painmap

    return list(painmap.__all__)


def defining_module(name: str) -> str:
    """The module that defines ``painmap.<name>`` (for constants: the module that assigns it)."""
    import painmap

    obj = getattr(painmap, name)
    module = getattr(obj, "__module__", None)
    if isinstance(module, str) and module.startswith("painmap") and (inspect.isclass(obj) or callable(obj)):
        return module
    for modname, mod in sorted(sys.modules.items()):
        if modname.startswith("painmap.") and mod is not None and vars(mod).get(name) is obj:
            return modname
    return "painmap"


def kind(name: str) -> str:
    """``"error"``, ``"class"``, ``"function"`` or ``"data"``."""
    import painmap

    obj = getattr(painmap, name)
    if inspect.isclass(obj):
        return "error" if issubclass(obj, BaseException) else "class"
    return "function" if callable(obj) else "data"


def section(name: str) -> str:
    """The reference section a name belongs to."""
    if kind(name) == "error":
        return ERRORS
    module = defining_module(name)
    for title, prefixes in SECTIONS:
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return title
    return MORE


def summary(name: str) -> str:
    """The first sentence-paragraph of a name's docstring (reST), or a description of a constant."""
    import painmap

    obj = getattr(painmap, name)
    if kind(name) == "data":
        return data_description(name).split("\n\n")[0]
    doc = inspect.getdoc(obj) or ""
    return " ".join(doc.split("\n\n")[0].split())


def data_description(name: str) -> str:
    """Describe a public constant: its attribute docstring if the source has one, and its value."""
    from sphinx.pycode import ModuleAnalyzer

    import painmap

    obj = getattr(painmap, name)
    module = defining_module(name)
    text = ""
    try:
        docs = ModuleAnalyzer.for_module(module).find_attr_docs()
        text = "\n".join(docs.get(("", name), [])).strip()
    except Exception:
        text = ""
    if isinstance(obj, dict):
        value = f"A mapping; its keys: {', '.join(f'``{k!r}``' for k in obj)}."
    elif isinstance(obj, tuple | list | frozenset | set):
        value = f"The accepted names: {', '.join(f'``{v!r}``' for v in obj)}."
    else:
        value = f"``{obj!r}``"
    return f"{text}\n\n{value}" if text else value


def page_stem(name: str, names: list[str]) -> str:
    """The file name (without suffix) of a name's page: ``painmap.<name>``.

    Where two public names differ only in case (``View`` and ``view``), the one that is not a
    class gets ``-function`` added, so the pages stay apart on case-insensitive file systems.
    """
    twins = [n for n in names if n.lower() == name.lower() and n != name]
    return f"painmap.{name}-function" if twins and kind(name) != "class" else f"painmap.{name}"


def page(name: str) -> str:
    """The reST page of one public name."""
    title = f"painmap.{name}"
    lines = [title, "=" * len(title), "", ".. currentmodule:: painmap", ""]
    what = kind(name)
    if what == "function":
        lines += [f".. autofunction:: {name}"]
    elif what in ("class", "error"):
        lines += [f".. autoclass:: {name}", "   :members:"]
        if what == "error":
            lines += ["   :show-inheritance:"]
    else:
        lines += [f".. data:: {name}", "", *("   " + line if line else "" for line in
                                              data_description(name).splitlines())]
    lines += ["", f"Defined in ``{defining_module(name)}``; import it as ``painmap.{name}``.", ""]
    return "\n".join(lines)


def index(names: list[str]) -> str:
    """The reference's contents page: every public name by section, with its summary."""
    by_section: dict[str, list[str]] = {}
    for name in names:
        by_section.setdefault(section(name), []).append(name)
    order = [title for title, _ in SECTIONS] + [ERRORS, MORE]
    lines = [
        ".. _api:", "", "API reference", "=============", "", ".. currentmodule:: painmap", "",
        "Every public name of painmap (``painmap.__all__``), generated from the package on each build.",
        "Import the package as ``import painmap as pm``; everything here is ``pm.<name>``.", "",
    ]
    for title in order:
        if title not in by_section:
            continue
        lines += [title, "-" * len(title), "", ".. list-table::", "   :widths: 30 70", ""]
        for name in by_section[title]:
            lines += [f"   * - :obj:`{name} <painmap.{name}>`", f"     - {summary(name) or ' '}"]
        lines += [""]
    in_order = [name for title in order for name in by_section.get(title, [])]
    lines += [".. toctree::", "   :hidden:", "", *(f"   {page_stem(name, names)}" for name in in_order), ""]
    return "\n".join(lines)


def write(folder: Path) -> list[Path]:
    """Write ``index.rst`` and one ``painmap.<name>.rst`` per public name into `folder`.

    Pages of names no longer public are removed, so the reference never lists a stale name.
    """
    folder.mkdir(parents=True, exist_ok=True)
    names = public_names()
    wanted = {folder / f"{page_stem(name, names)}.rst": page(name) for name in names}
    wanted[folder / "index.rst"] = index(names)
    for old in folder.glob("*.rst"):
        if old not in wanted:
            old.unlink()
    return [write_if_changed(path, text) for path, text in wanted.items()]

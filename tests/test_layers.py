"""The package's layers, read from its imports (module-level and deferred alike).

painmap is built in four layers, each importing only the ones below it:

- ground (``core/``): errors, checks, text, files, the disk cache, assets and TOML; nothing else
  of painmap;
- model (``body/``, ``patterns/``, ``heat``, ``press``, ``reading/``, ``stats/``): no plotting library
  (pandas only when asked for a DataFrame);
- picture (``scene/``, ``compose/``, ``render/``, ``figure``);
- entry points (``painmap``, ``plotting``, ``anatomy``, ``handout``, ``chart/``, ``gallery``, ``cli``).

The docs' architecture page draws the same picture.  These tests fail on any import
cycle, any import that points up (but the one sanctioned hook below), a plotting
library in the model, and a crowded top level.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "painmap"

# Which parts of painmap each part may import (its own included).
ALLOWED: dict[str, set[str]] = {
    "core": {"core"},
    "body": {"core", "body"},
    "patterns": {"core", "body", "patterns"},
    "heat": {"core", "body", "patterns"},
    "press": {"core", "body", "patterns", "heat"},
    "reading": {"core", "body", "patterns", "heat", "reading"},
    "stats": {"core", "body", "patterns", "heat", "reading", "stats"},
    "scene": {"core", "body", "scene"},
    "compose": {"core", "body", "patterns", "heat", "press", "reading", "stats", "scene", "compose"},
    "render": {"core", "body", "scene", "render"},
    "figure": {"core", "scene", "render"},
}
ENTRY = "entry"  # may import anything
PARTS_OF_ENTRY = {"__init__", "__main__", "cli", "gallery", "handout", "plotting", "anatomy", "chart"}
LOWER = {"core": "ground", "body": "model", "patterns": "model", "heat": "model", "press": "model",
         "reading": "model", "stats": "model"}

SANCTIONED_HOOKS = {
    # PainDrawing.from_image reads a scanned chart: the reading side calls the chart round trip,
    # which sits above it (it draws the chart with the picture side).  Imported when called.
    ("painmap.reading.drawing", "painmap.chart.scan"),
}
PLOTTING_LIBRARIES = ("matplotlib", "aggdraw")
MAX_LOOSE_MODULES = 10


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, modules: dict[str, Path], *, deferred_only: bool = False
             ) -> list[tuple[str, int]]:
    """Every module `name` imports, with the line, counting imports inside functions (or only those)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = _module_level(tree)
    found = []
    for node in ast.walk(tree):
        if deferred_only and id(node) in top:
            continue
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                base_name = ".".join(base + ([node.module] if node.module else []))
            else:
                base_name = node.module or ""
            for alias in node.names:
                full = f"{base_name}.{alias.name}"
                found.append((full if full in modules else base_name, node.lineno))
    return found


def _module_level(tree: ast.Module) -> set[int]:
    """The nodes that run when the module is imported (not inside a function)."""
    found, stack = set(), list(tree.body)
    while stack:
        here = stack.pop()
        found.add(id(here))
        if not isinstance(here, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(here))
    return found


def _graph() -> dict[str, list[tuple[str, int]]]:
    modules = _modules()
    graph = {}
    for name, path in modules.items():
        edges = []
        for target, line in _imports(name, path, modules):
            if target.startswith("painmap") and target in modules and target != name:
                # a submodule needs its package's __init__ run first: that is not a dependency
                if not name.startswith(target + "."):
                    edges.append((target, line))
        graph[name] = edges
    return graph


def _part(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return ENTRY
    top = parts[1]
    if top in PARTS_OF_ENTRY:
        return ENTRY
    assert top in ALLOWED, f"{module} belongs to no layer: add it to ALLOWED or PARTS_OF_ENTRY"
    return top


def test_every_module_belongs_to_a_layer():
    for module in _modules():
        _part(module)


def test_imports_point_down():
    wrong = []
    for module, edges in _graph().items():
        part = _part(module)
        if part == ENTRY:
            continue
        for target, line in edges:
            if (module, target) in SANCTIONED_HOOKS:
                continue
            if _part(target) not in ALLOWED[part]:
                wrong.append(f"{module}:{line} imports {target} ({_part(target)})")
    assert not wrong, "imports that point up or sideways:\n" + "\n".join(wrong)


def test_no_import_cycle():
    graph = {m: [t for t, _ in edges if (m, t) not in SANCTIONED_HOOKS] for m, edges in _graph().items()}
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*stack[stack.index(nxt):], nxt]))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_ground_and_model_import_no_plotting_library():
    modules = _modules()
    wrong = []
    for name, path in modules.items():
        if LOWER.get(_part(name)) is None:
            continue
        for target, line in _imports(name, path, modules):
            if target.split(".")[0] in PLOTTING_LIBRARIES:
                wrong.append(f"{name}:{line} imports {target}")
    assert not wrong, "\n".join(wrong)


def test_sanctioned_hooks_exist_and_are_deferred():
    """A hook is the exception, so it must be real and imported only when called."""
    modules = _modules()
    for importer, target in SANCTIONED_HOOKS:
        tree = ast.parse(modules[importer].read_text(encoding="utf-8"))
        top_level = {n.lineno for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))}
        lines = [line for t, line in _imports(importer, modules[importer], modules) if t == target]
        assert lines, f"{importer} no longer imports {target}: drop the hook"
        assert not top_level & set(lines), f"{importer} imports {target} at module level"


def test_deferred_imports_are_for_weight_only():
    """Below the entry points, an import inside a function loads a drawing back end (aggdraw,
    matplotlib: weight), or is the sanctioned hook; never a way around a cycle."""
    modules = _modules()
    wrong = []
    for name, path in modules.items():
        if _part(name) == ENTRY:
            continue
        for target, line in _imports(name, path, modules, deferred_only=True):
            if target in modules and not target.startswith("painmap.render.") \
                    and (name, target) not in SANCTIONED_HOOKS:
                wrong.append(f"{name}:{line} imports {target} inside a function")
    assert not wrong, "\n".join(wrong)


def test_few_modules_loose_at_the_top():
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert len(loose) <= MAX_LOOSE_MODULES, loose


@pytest.mark.parametrize("rule", ["up", "cycle"])
def test_the_checks_catch_a_bad_import(rule, tmp_path, monkeypatch):
    """The two main checks fail on a planted upward import and on a planted cycle."""
    import shutil

    copy = tmp_path / "painmap"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / "core" / "text.py" if rule == "up" else copy / "body" / "shapes.py"
    planted = "from ..figure import PainMap\n" if rule == "up" else "from .mesh import SHAPES\n"
    target.write_text(target.read_text(encoding="utf-8") + "\n\ndef _planted():\n    " + planted,
                      encoding="utf-8")
    monkeypatch.setitem(globals(), "PACKAGE", copy)
    check = test_imports_point_down if rule == "up" else test_no_import_cycle
    with pytest.raises(AssertionError):
        check()

"""painmap's errors are also Python's built-in ones, ``save`` takes file objects, a notebook
stores one picture per figure, every imported library is declared, and the docs have the installation,
changelog and citing pages (and CITATION.cff) and no made-up repository address."""

from __future__ import annotations

import ast
import inspect
import io
import re
import sys
from pathlib import Path

import pytest

import painmap as pm
from painmap.core import errors

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "painmap"

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


# --- errors: PainmapError and the built-in exception a Python user catches ------------------------------

BUILTIN_OF = {
    "ChoiceError": (ValueError, LookupError),
    "UnknownMuscleError": (ValueError, LookupError),
    "AmbiguousMuscleError": (ValueError, LookupError),
    "FormatError": (ValueError, LookupError),
    "ArgumentError": (ValueError,),
    "ArgumentTypeError": (ValueError, TypeError),
    "LimitError": (ValueError,),
    "PatternError": (ValueError,),
    "DataError": (ValueError,),
    "MissingFileError": (FileNotFoundError,),
    "DependencyError": (ImportError,),
    "OutputError": (OSError,),
    "UsageError": (ValueError,),  # painmap.cli: arguments of a command that cannot be used together
}


def _error_classes() -> dict[str, type]:
    """Every exception class defined in painmap (found by reading the source: ``class ...Error``)."""
    import importlib

    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.name.endswith("Error"):
                found[node.name] = getattr(importlib.import_module(module), node.name)
    return found


def test_every_painmap_error_is_also_a_builtin_exception():
    classes = _error_classes()
    assert set(classes) == {"PainmapError", *BUILTIN_OF}, "a new error class: say which built-in it also is"
    for name, builtins in BUILTIN_OF.items():
        cls = classes[name]
        assert issubclass(cls, pm.PainmapError), name
        for builtin in builtins:
            assert issubclass(cls, builtin), f"{name} is not a {builtin.__name__}"


def test_an_unknown_name_is_a_lookup_error_and_a_value_error():
    for call in (lambda: pm.draw("piriformis", view="frnt"), lambda: pm.muscle("glute maximum"),
                 lambda: pm.muscles(group="hips")):
        with pytest.raises(LookupError) as caught:
            call()
        assert isinstance(caught.value, (pm.ChoiceError, ValueError))
    with pytest.raises(LookupError):
        pm.muscle("gluteus minimus")  # a muscle drawn as two patterns: name one of them


def test_no_handler_in_painmap_swallows_a_choice_error():
    """``except LookupError/KeyError`` in painmap would now also catch an unknown name by mistake."""
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                names = {n.id for n in ast.walk(node.type) if isinstance(n, ast.Name)}
                assert "LookupError" not in names, f"{path}:{node.lineno} catches LookupError"


def test_no_bare_painmap_error_is_raised():
    """Every error painmap raises is a subclass that is also a built-in exception."""
    bare = [f"{path.relative_to(ROOT)}:{n}" for path in sorted(PACKAGE.rglob("*.py"))
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
            if "raise PainmapError(" in line]
    assert not bare, bare


# --- PainMap.save: paths and file objects ------------------------------------------------------------

@pytest.fixture(scope="module")
def fig():
    return pm.draw([], view="back", size=(2, 3))


def test_save_writes_to_binary_file_objects(fig, tmp_path):
    for fmt, magic in (("png", b"\x89PNG"), ("pdf", b"%PDF"), ("svg", b"<svg")):
        buffer = io.BytesIO()
        assert fig.save(buffer, format=fmt) is buffer
        assert buffer.getvalue().startswith(magic)
    assert io.BytesIO().getvalue() == b""
    with open(tmp_path / "named.png", "wb") as handle:  # the format from the file's name
        fig.save(handle, dpi=50)
    assert (tmp_path / "named.png").read_bytes() == fig.to_png(dpi=50)
    with open(tmp_path / "named.svg", "wb") as handle:
        fig.save(handle)
    assert (tmp_path / "named.svg").read_text(encoding="utf-8") == fig.to_svg()


def test_svg_may_go_to_a_text_file_png_and_pdf_may_not(fig, tmp_path):
    text = io.StringIO()
    fig.save(text, format="svg")
    assert text.getvalue() == fig.to_svg()
    with open(tmp_path / "t.svg", "w", encoding="utf-8") as handle:
        fig.save(handle)
    assert (tmp_path / "t.svg").read_text(encoding="utf-8") == fig.to_svg()
    for fmt in ("png", "pdf"):
        with pytest.raises(pm.ArgumentTypeError, match=f"expected a binary file for {fmt.upper()}"):
            fig.save(io.StringIO(), format=fmt)
    with open(tmp_path / "t.png", "w") as handle, pytest.raises(TypeError, match="binary"):
        fig.save(handle)
    assert (tmp_path / "t.png").read_bytes() == b""


def test_a_file_object_needs_a_format(fig, tmp_path):
    with pytest.raises(pm.ArgumentError, match=r"format=None is missing.*no name") as caught:
        fig.save(io.BytesIO())
    assert caught.value.argument == "format"
    with open(tmp_path / "picture.dat", "wb") as handle, pytest.raises(pm.ArgumentError, match=r"\.dat"):
        fig.save(handle)
    with open(tmp_path / "picture.png", "wb") as handle, pytest.raises(pm.ArgumentError, match="not the"):
        fig.save(handle, format="svg")
    with pytest.raises(pm.ChoiceError, match="did you mean 'png'"):
        fig.save(io.BytesIO(), format="pnj")


def test_nothing_partial_is_written_to_a_file_object(fig, monkeypatch):
    buffer = io.BytesIO(b"before")
    buffer.seek(0, io.SEEK_END)
    with pytest.raises(pm.ArgumentError):
        fig.save(buffer, format="png", dpi=-1)

    def fail(*args, **kwargs):
        raise RuntimeError("the renderer failed half-way")

    monkeypatch.setattr("painmap.render.svg.scene_to_svg", fail)
    with pytest.raises(RuntimeError):
        fig.save(buffer, format="svg")
    assert buffer.getvalue() == b"before"
    closed = io.BytesIO()
    closed.close()
    with pytest.raises(pm.ArgumentError, match="closed"):
        fig.save(closed, format="png")


def test_save_docstring_shows_a_file_object():
    doc = inspect.getdoc(pm.PainMap.save)
    assert "io.BytesIO()" in doc and 'format="png"' in doc


# --- notebooks: one picture per figure -----------------------------------------------------------------

def _shown(fig) -> dict:
    """What IPython stores for `fig` in a notebook cell's output."""
    from IPython.core.formatters import DisplayFormatter

    data, _ = DisplayFormatter().format(fig)
    return data


@pytest.fixture
def notebook_format():
    before = pm.PainMap.notebook_format
    yield
    pm.PainMap.notebook_format = before


def test_a_notebook_stores_one_picture_png_by_default(fig, notebook_format):
    pytest.importorskip("IPython")
    assert pm.PainMap.notebook_format == "png"
    data = _shown(fig)
    assert [key for key in data if key.startswith("image/")] == ["image/png"]
    assert data["image/png"] == fig.to_png()
    pm.PainMap.notebook_format = "svg"
    data = _shown(fig)
    assert [key for key in data if key.startswith("image/")] == ["image/svg+xml"]
    assert data["image/svg+xml"] == fig.to_svg()


def test_the_rich_repr_holds_exactly_one_image(fig, notebook_format):
    for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
        pm.PainMap.notebook_format = fmt
        assert list(fig._repr_mimebundle_()) == [mime]
    assert not hasattr(pm.PainMap, "_repr_png_") and not hasattr(pm.PainMap, "_repr_svg_")


def test_an_unknown_notebook_format_is_refused_when_shown(fig, notebook_format):
    pm.PainMap.notebook_format = "jpeg"
    with pytest.raises(pm.ChoiceError, match=r"PainMap.notebook_format='jpeg'.*'png', 'svg'"):
        fig._repr_mimebundle_()
    pm.PainMap.notebook_format = None
    with pytest.raises(pm.ArgumentTypeError, match="notebook_format"):
        fig._repr_mimebundle_()


def test_the_notebook_setting_is_documented():
    doc = inspect.getdoc(pm.PainMap)
    assert 'PainMap.notebook_format = "svg"' in doc and '"png"' in doc


# --- dependencies: every library imported is declared ------------------------------------------------

DISTRIBUTION = {"PIL": "pillow", "zlib_ng": "zlib-ng"}  # import name -> distribution name, where they differ


def _requirement_name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].strip().lower()


def _imports(tree: ast.AST) -> tuple[set[str], set[str]]:
    """Top-level package names imported: (all of them, those whose ImportError is caught: a fallback)."""
    every, guarded = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            every |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            every.add(node.module.split(".")[0])
        elif isinstance(node, ast.Try):
            caught = {n.id for h in node.handlers if h.type is not None for n in ast.walk(h.type)
                      if isinstance(n, ast.Name)}
            if caught & {"ImportError", "ModuleNotFoundError"}:
                guarded |= _imports(ast.Module(body=node.body, type_ignores=[]))[0]
    return every, guarded


def test_every_third_party_import_is_declared():
    """Each library painmap imports is a dependency, in an extra, or imported with a fallback."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    required = {_requirement_name(r) for r in project["dependencies"]}
    optional = {_requirement_name(r) for extra, requirements in project["optional-dependencies"].items()
                if extra not in ("test", "docs", "bench") for r in requirements}
    imported, with_fallback = set(), set()
    for path in PACKAGE.rglob("*.py"):
        every, guarded = _imports(ast.parse(path.read_text(encoding="utf-8")))
        imported |= every
        with_fallback |= guarded
    third_party = {name for name in imported if name not in sys.stdlib_module_names and name != "painmap"}
    assert {"contourpy", "numpy", "matplotlib"} <= third_party
    for name in sorted(third_party):
        dist = DISTRIBUTION.get(name, name).lower().replace("_", "-")
        assert dist in required | optional or name in with_fallback, \
            f"painmap imports {name} but pyproject does not declare {dist}"
    assert "contourpy" in required
    assert "pandas" in optional and "pandas" not in required


# --- docs: installation, changelog, citing; CITATION.cff; no made-up repository address -----------------

def test_no_made_up_repository_address():
    for path in [ROOT / "pyproject.toml", ROOT / "docs" / "conf.py", *(ROOT / "docs" / "_ext").rglob("*.py")]:
        assert "example.invalid" not in path.read_text(encoding="utf-8"), path
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not any("example" in url for url in project.get("urls", {}).values())


def test_the_docs_have_installation_changelog_and_citing_pages():
    index = (ROOT / "docs" / "index.rst").read_text(encoding="utf-8")
    toctree = index[index.index(".. toctree::"):]
    for page in ("installation", "changelog", "citing"):
        assert (ROOT / "docs" / f"{page}.rst").exists()
        assert f"\n   {page}\n" in toctree
    install = (ROOT / "docs" / "installation.rst").read_text(encoding="utf-8")
    for needed in ("pip install", "3.10", "3.13", "Windows", "macOS", "arm64", "[pandas]", "aggdraw",
                   "elsewhere (python 3.10, macos) png is drawn through matplotlib", "painmap[fast]",
                   "painmap cache info", "sphinx"):
        assert needed.lower() in " ".join(install.split()).lower(), needed
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for extra in project["optional-dependencies"]:
        assert f"``{extra}``" in install, f"the extra {extra!r} is not described"
    changelog = (ROOT / "docs" / "changelog.rst").read_text(encoding="utf-8")
    assert "Unreleased / 0.1.0" in changelog
    citing = (ROOT / "docs" / "citing.rst").read_text(encoding="utf-8")
    assert "CITATION.cff" in citing and "MakeHuman" in citing and "CC0" in citing
    assert "ATTRIBUTION.md" in citing


def test_citation_file():
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert "http" not in text and "url" not in text  # no address to give
    for line in ("cff-version: 1.2.0", "title: painmap", 'authors:\n  - name: "The painmap developers"',
                 f"version: {pm.__version__}", "license: BSD-3-Clause", "message: "):
        assert f"\n{line}" in f"\n{text}", line
    try:
        import yaml
    except ImportError:
        return
    cff = yaml.safe_load(text)
    assert cff["authors"] == [{"name": "The painmap developers"}]
    assert str(cff["version"]) == pm.__version__


def test_errors_module_documents_the_builtin_of_each_error():
    for name in ("ChoiceError", "ArgumentError", "ArgumentTypeError", "PatternError", "DataError",
                 "MissingFileError", "OutputError"):
        assert f"``{name}``" in errors.__doc__, name

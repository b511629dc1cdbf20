import subprocess
import sys


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print(' '.join(sys.modules))"],
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_import_painmap_loads_no_drawing_library():
    loaded = _modules_after("import painmap")
    assert "matplotlib" not in loaded
    assert "painmap.render.svg" not in loaded


def test_projecting_the_body_loads_no_drawing_library():
    loaded = _modules_after(
        "import painmap\nfrom painmap.body.projection import project\n"
        "p = project('female', 'back'); p.silhouette; p.shading; p.feature_lines"
    )
    assert "matplotlib" not in loaded
    assert "painmap.render.svg" not in loaded


def test_an_svg_loads_no_matplotlib_and_nothing_of_the_reading_or_statistics_side():
    code = ("from painmap.cli import main\nimport tempfile, os\n"
            "main(['draw', 'gluteus medius', '-o', os.path.join(tempfile.mkdtemp(), 'x.svg')])")
    _modules_after(code)  # the first process on an empty cache parses the TOML files
    loaded = _modules_after(code)
    assert "painmap.render.svg" in loaded
    for name in ("matplotlib", "numpy.ma", "PIL", "painmap.reading", "painmap.stats", "pandas", "scipy",
                 "tomllib", "difflib"):  # the TOML and the spelling helpers are only for a cold cache, errors
        assert name not in loaded, name


def test_public_names():
    import painmap as pm

    for name in ("draw", "plot", "PainMap", "landmarks", "regions", "landmark_chart", "region_chart",
                 "ChoiceError", "PainmapError"):
        assert hasattr(pm, name), name


def test_every_public_name_is_lazy_and_resolves():
    import painmap as pm

    assert sorted(pm.__all__) == sorted(pm._LAZY)
    for name in pm.__all__:
        assert getattr(pm, name) is not None, name
    assert pm.draw.__module__ == "painmap.plotting"


def test_import_painmap_loads_no_numpy():
    # Every public name is imported on first use, so the import itself stays quick.
    assert "numpy" not in _modules_after("import painmap")


def test_submodules_named_like_functions_do_not_hide_them():
    code = ("import painmap.heat, painmap.handout\nimport painmap as pm\n"
            "assert callable(pm.heat) and callable(pm.handout)\n"
            "assert pm.heat('piriformis').values.max() > 0")
    subprocess.run([sys.executable, "-c", code], check=True)

"""What a matplotlib or seaborn user expects: colours, cmap/vmin/vmax/alpha, plot(**kwargs), versions."""

from __future__ import annotations

import importlib.metadata
import inspect
import logging
import os
import re
import subprocess
import sys
import warnings
import xml.dom.minidom
from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure

import painmap as pm
from painmap import plotting
from painmap.core import checks
from painmap.render.ramp import ramp_rgba
from painmap.scene import colors
from painmap.scene.elements import FieldLayer
from painmap.scene.style import rgb_to_hex
from tests.helpers import png_array

ROOT = Path(__file__).resolve().parents[1]


def _glow(fig) -> FieldLayer:
    return next(layer for layer in fig.scene.panels[0].layers if isinstance(layer, FieldLayer))


def _hot_pixel(png: np.ndarray, fig) -> np.ndarray:
    """The PNG's colour where the first panel's heat is highest."""
    panel = fig.scene.panels[0]
    field = np.nan_to_num(_glow(fig).field)
    row, col = np.unravel_index(np.argmax(field), field.shape)
    u, v = panel.projection.grid
    u0, u1, v0, v1 = panel.window
    left, bottom, w, h = fig.scene.layout.panels[0]
    width, height = fig.scene.layout.size
    x = (left + (u[col] - u0) / (u1 - u0) * w) / width * png.shape[1]
    y = (1 - (bottom + (v[row] - v0) / (v1 - v0) * h) / height) * png.shape[0]
    return png[int(y) - 1:int(y) + 2, int(x) - 1:int(x) + 2].reshape(-1, 3).mean(axis=0)


def test_colours_are_any_matplotlib_colour():
    for given, hex_ in (("red", "#ff0000"), ("tab:blue", "#1f77b4"), ("#0F0", "#00ff00"),
                        ((0.0, 0.0, 1.0), "#0000ff"), ((1, 0.6, 0, 0.3), "#ff9900"),
                        ("xkcd:sky blue", "#75bbfd")):
        assert colors.color("colors", given) == hex_
    fig = pm.draw(["gluteus medius", "piriformis"], view="back", colors=["tab:orange", (0.0, 0.2, 0.6)])
    assert [i.entry.color for i in fig.scene.layout.legend[:2]] == ["#ff7f0e", "#003399"]
    with pytest.raises(pm.ChoiceError, match="did you mean 'red'"):
        pm.draw(["piriformis"], colors="rde")


def test_colour_checks_do_not_import_matplotlib():
    code = ("import sys, painmap as pm; from painmap.scene import colors; "
            "colors.colors(['#ff0000', (0, 1, 0)]); "
            "pm.draw('piriformis', view='back', colors='#00f').to_svg(); print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=_bare_env()).stdout
    assert out.strip() == "False"


def test_cmap_colours_the_glow_in_png_and_svg_alike(rsvg):
    fig = pm.draw("piriformis", view="back", cmap="viridis", legend=False)
    stops = _glow(fig).stops
    assert stops[-1][1] == "#fde725" and stops[0][1] == "#440154"  # viridis' ends
    assert stops[0][2] == 0.0  # still transparent where there is no heat
    svg = fig.to_svg()
    layer = _glow(fig)
    mids = np.r_[(layer.levels[:-1] + layer.levels[1:]) / 2, layer.levels[-1]]
    ramp = {rgb_to_hex(c) for c in ramp_rgba(mids, stops)[:, :3]}
    glow = next(g for g in xml.dom.minidom.parseString(svg).getElementsByTagName("g")
                if g.getAttribute("class") == "glow")
    fills = {p.getAttribute("fill") for p in glow.getElementsByTagName("path")}
    assert fills and fills <= ramp and "#fde725" not in ramp - fills
    png = png_array(fig.to_png(dpi=60))
    _, g, b = _hot_pixel(png, fig)
    assert g > 150 and b < 120  # yellow-green, not red
    rendered = rsvg(svg, 60)
    h, w = min(png.shape[0], rendered.shape[0]), min(png.shape[1], rendered.shape[1])
    assert np.abs(png[:h, :w] - rendered[:h, :w]).mean() < 3
    with pytest.raises(pm.ChoiceError, match="did you mean 'viridis'"):
        pm.draw("piriformis", cmap="virdis")
    import matplotlib

    same = pm.draw("piriformis", view="back", cmap=matplotlib.colormaps["viridis"], legend=False)
    assert same.to_svg() == svg


def test_alpha_and_vmin_vmax_scale_the_glow():
    plain = pm.draw("piriformis", view="back", legend=False)
    faint = pm.draw("piriformis", view="back", legend=False, alpha=0.3)
    assert [a for _, _, a in _glow(faint).stops] == pytest.approx([0.3 * a for _, _, a in _glow(plain).stops])
    body = np.array([217, 219, 222])
    hot_plain = _hot_pixel(png_array(plain.to_png(dpi=60)), plain)
    hot_faint = _hot_pixel(png_array(faint.to_png(dpi=60)), faint)
    assert np.abs(hot_faint - body).sum() < 0.6 * np.abs(hot_plain - body).sum()

    full = np.nan_to_num(_glow(plain).field)
    low = np.nan_to_num(_glow(pm.draw("piriformis", view="back", vmax=0.5)).field)
    high = np.nan_to_num(_glow(pm.draw("piriformis", view="back", vmin=0.5)).field)
    # Heat rescaled per vertex, then sampled: bounded by the rescaled plain field.
    eps = 1e-9
    assert (low >= full - eps).all() and (low <= np.minimum(2 * full, 1) + eps).all()
    assert low[full >= 0.5].mean() > 0.9  # vmax and above: the end of the ramp
    assert (high <= full + eps).all() and (high >= np.maximum(2 * full - 1, 0) - eps).all()
    assert high[full <= 0.4].mean() < 0.05 and (high > 0.01).sum() < 0.8 * (full > 0.01).sum()
    zones = pm.draw("piriformis", view="back", heat="classic", vmin=0.3)
    assert zones.scene.panels[0].layers
    for bad, words in (({"vmin": 0.6, "vmax": 0.4}, "not below vmax"), ({"alpha": 1.5}, "alpha=1.5"),
                       ({"vmax": 0}, "vmax=0"), ({"heat": "classic", "cmap": "magma"}, "heat='classic'"),
                       ({"heat": "classic", "alpha": 0.5}, "alpha=0.5"),
                       ({"colors": True, "cmap": "magma"}, "colors")):
        with pytest.raises(pm.PainmapError, match=re.escape(words)):
            pm.draw("piriformis", **bad)


def test_plot_takes_the_panel_options_of_draw():
    panel_options = set(inspect.signature(pm.draw).parameters) - set(plotting.FIGURE_OPTIONS) - {"title"}
    assert panel_options <= set(inspect.signature(pm.plot).parameters)
    ax = Figure().add_subplot()
    pm.plot("piriformis", view="back", ax=ax, cmap="magma", vmax=0.8, alpha=0.9, crop="body",
            style="outline", side="left", body="female", title="Piriformis")
    assert ax.get_title() == "Piriformis"
    for option in plotting.FIGURE_OPTIONS:
        with pytest.raises(pm.PainmapError, match=f"{option}=.*an option of pm.draw"):
            pm.plot("piriformis", ax=Figure().add_subplot(), **{option: None})


def test_plot_passes_kwargs_to_its_artists():
    ax = Figure().add_subplot()
    theirs = ax.plot([0, 1], [0, 1], zorder=2)[0]
    pm.plot("piriformis", view="back", ax=ax, zorder=10, gid="painmap-piriformis", rasterized=True,
            label="body")
    mine = [a for a in ax.get_children() if a.get_gid() == "painmap-piriformis"]
    assert len(mine) >= 5 and all(a.get_rasterized() for a in mine)
    assert min(a.get_zorder() for a in mine) == 10 and theirs.get_zorder() == 2
    _, labels = ax.get_legend_handles_labels()
    assert labels == ["body"]
    with pytest.raises(pm.ChoiceError, match="did you mean 'zorder'"):
        pm.plot("piriformis", ax=Figure().add_subplot(), zordr=3)
    with pytest.raises(pm.PainmapError, match="visible='no'"):
        pm.plot("piriformis", ax=Figure().add_subplot(), visible="no")


@pytest.mark.parametrize("grid", [{}, {"sharex": True, "sharey": True}, {"layout": "constrained"}])
def test_no_warnings_on_a_users_subplots_grid(grid, caplog):
    import matplotlib.pyplot as plt

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, axes = plt.subplots(1, 3, figsize=(7, 3), **grid)
        try:
            for ax, view in zip(axes, ["back", "right", "front"]):
                pm.plot("tfl", view=view, ax=ax)
            with caplog.at_level(logging.WARNING, logger="matplotlib"):
                fig.canvas.draw()
        finally:
            plt.close(fig)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_one_version_everywhere():
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", pm.__version__)
    assert pm.__version__ == importlib.metadata.version("painmap")
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in pyproject and 'path = "painmap/__init__.py"' in pyproject
    out = subprocess.run([sys.executable, "-m", "painmap", "--version"], capture_output=True, text=True,
                         env=_bare_env(), check=True).stdout
    assert re.fullmatch(rf"painmap {re.escape(pm.__version__)} \(PNG: .+\)", out.strip())


def test_the_readme_size_strings_work_as_written():
    readme = (ROOT / "README.md").read_text()
    sizes = set(re.findall(r'"(\d+(?:\.\d+)?(?:px|cm|mm|in))"', readme))
    assert "1200px" in sizes
    for text in sizes:
        fig = pm.draw([], size=(text, text), dpi=100)
        inches = checks.size((text, text), 100)[0]
        assert fig.scene.layout.size == pytest.approx((inches, inches))
    for text in re.findall(r"--size (\S+)", readme) + ["1200x800px", "16x12cm", "6x8"]:
        assert checks.size(text, 150) is not None


def test_patterns_show_as_html_cards_in_notebooks():
    card = pm.muscle("tfl")._repr_html_()
    assert "<strong>Tensor fasciae latae</strong>" in card and "TFL" in card
    for p in pm.muscles():
        xml.dom.minidom.parseString(p._repr_html_())


def test_the_command_line_takes_the_glow_options(tmp_path):
    from painmap.cli import main

    out = tmp_path / "g.svg"
    assert main(["draw", "piriformis", "--view", "back", "--cmap", "viridis", "--alpha", "0.5",
                 "--vmin", "0.1", "-o", str(out)]) == 0
    same = pm.draw("piriformis", view="back", cmap="viridis", alpha=0.5, vmin=0.1).to_svg()
    assert out.read_text() == same
    assert main(["draw", "piriformis", "--alpha", "2", "-o", str(tmp_path / "x.svg")]) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.svg"]


def _bare_env() -> dict[str, str]:
    """A subprocess environment with nothing but painmap's source and the test session's cache."""
    return {"PYTHONPATH": str(ROOT), "PATH": "", "PAINMAP_CACHE_DIR": os.environ["PAINMAP_CACHE_DIR"]}

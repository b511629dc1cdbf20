"""painmap.compare, regress and cooccurrence: cross-checked against SciPy and statsmodels, and by hand."""

from __future__ import annotations

import re
import sys

import numpy as np
import pytest

import painmap as pm
from painmap.reading.atlas import atlas
from painmap.stats.comparison import compare_areas, odds_ratios
from painmap.stats.data import Areas
from painmap.stats.multiple import adjust
from painmap.stats.pairs import cooccurrence_areas
from painmap.stats.regression import regress_areas

pd = pytest.importorskip("pandas")
stats = pytest.importorskip("scipy.stats")
sm = pytest.importorskip("statsmodels.api")
from statsmodels.stats.multitest import multipletests  # noqa: E402

CHOIR = atlas("choir")


def random_areas(n=300, k=12, seed=0, planted=(), lift=0.0):
    rng = np.random.default_rng(seed)
    base = rng.uniform(0.05, 0.4, k)
    labels = np.where(np.arange(n) % 2 == 0, "a", "b").astype(object)
    chance = np.tile(base, (n, 1))
    for j in planted:
        chance[labels == "b", j] += lift
    present = rng.random((n, k)) < chance
    ids = tuple(f"s{j}" for j in range(k))
    return Areas(ids, tuple(f"area {j}" for j in range(k)), present, "test"), labels


def choir_drawings(n=200, seed=1, planted=("207", "208"), lift=0.4):
    """CHOIR drawings of two groups; group "fibro" has pain more often in the `planted` segments."""
    rng = np.random.default_rng(seed)
    base = rng.uniform(0.05, 0.3, len(CHOIR.ids))
    where = [CHOIR.ids.index(s) for s in planted]
    drawings, groups = [], []
    for i in range(n):
        group = "fibro" if i % 2 else "lbp"
        chance = base.copy()
        if group == "fibro":
            chance[where] += lift
        codes = [CHOIR.ids[k] for k in np.flatnonzero(rng.random(len(base)) < chance)]
        drawings.append(pm.PainDrawing.from_segments(codes, numbering="male"))
        groups.append(group)
    return drawings, groups


# -- multiple testing ------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["fdr_bh", "holm", "bonferroni"])
def test_adjust_agrees_with_statsmodels(method):
    rng = np.random.default_rng(5)
    p = np.concatenate([rng.uniform(0, 1, 200), rng.uniform(0, 0.01, 30), [0.02, 0.02, 0.02, 1.0, 0.0]])
    assert np.abs(adjust(p, method) - multipletests(p, method=method)[1]).max() < 1e-12


def test_adjust_leaves_untested_out_of_the_family():
    p = np.array([0.01, np.nan, 0.02, 0.04])
    out = adjust(p, "fdr_bh")
    assert np.isnan(out[1])
    assert np.allclose(out[[0, 2, 3]], multipletests(p[[0, 2, 3]], method="fdr_bh")[1], atol=1e-12)
    assert np.array_equal(adjust(p, "none")[[0, 2, 3]], p[[0, 2, 3]])


def test_unknown_correction_names_the_closest():
    with pytest.raises(pm.ChoiceError, match="fdr_bh"):
        adjust([0.1], "fdr_bhh")


# -- compare: numbers --------------------------------------------------------------------------------


def test_a_2x2_table_by_hand():
    """[[8, 2], [3, 7]]: Fisher's two-sided p = 11720 / 167960 (hypergeometric, by hand), OR = 56 / 6."""
    present = np.array([[1]] * 8 + [[0]] * 2 + [[1]] * 3 + [[0]] * 7, dtype=bool)
    labels = np.array(["x"] * 10 + ["y"] * 10, dtype=object)
    row = compare_areas(Areas(("s",), ("S",), present), labels, ["x", "y"], reference="y").iloc[0]
    assert (row.count_x, row.count_y, row.share_x, row.share_y) == (8, 3, 0.8, 0.3)
    assert row.p_value == pytest.approx(11720 / 167960, abs=1e-12)
    assert row.odds_ratio == pytest.approx(56 / 6, abs=1e-12)
    se = np.sqrt(1 / 8 + 1 / 2 + 1 / 3 + 1 / 7)
    assert row.ci_low == pytest.approx(56 / 6 * np.exp(-1.959963984540054 * se), rel=1e-12)
    assert row.ci_high == pytest.approx(56 / 6 * np.exp(1.959963984540054 * se), rel=1e-12)
    assert row.ci_low == pytest.approx(1.1935, abs=1e-4) and row.ci_high == pytest.approx(72.99, abs=1e-2)


def test_haldane_correction_only_with_a_zero_cell():
    ratio, _low, _high, corrected = odds_ratios(np.array([5, 4]), 5, np.array([1, 2]), 6)
    assert corrected.tolist() == [True, False]
    assert ratio[0] == pytest.approx((5.5 * 5.5) / (0.5 * 1.5))
    assert ratio[1] == pytest.approx((4 * 4) / (1 * 2))


def test_compare_agrees_with_scipy():
    areas, labels = random_areas()
    frame = compare_areas(areas, labels, ["a", "b"])
    chi = compare_areas(areas, labels, ["a", "b"], test="chi2")
    for k in range(len(areas.ids)):
        a = int(areas.present[labels == "a", k].sum())
        b = int(areas.present[labels == "b", k].sum())
        assert (frame.count_a[k], frame.count_b[k]) == (a, b)
        table = [[b, 150 - b], [a, 150 - a]]
        assert frame.p_value[k] == pytest.approx(stats.fisher_exact(table).pvalue, abs=1e-12)
        pearson = stats.chi2_contingency(table, correction=False).pvalue
        assert chi.p_value[k] == pytest.approx(pearson, abs=1e-12)
        ratio = stats.contingency.odds_ratio(table, kind="sample")
        assert frame.odds_ratio[k] == pytest.approx(ratio.statistic, rel=1e-12)
    assert np.abs(frame.p_adjusted - multipletests(frame.p_value, method="fdr_bh")[1]).max() < 1e-12
    for result in (frame, chi):  # CHOIRBM's z-test gave p-values above 1; its chi-squared, 1 everywhere
        assert result.p_value.between(0, 1).all() and (result.p_adjusted >= result.p_value - 1e-15).all()
    assert (chi.p_value < 0.99).sum() > len(chi) // 2  # 1 only where the two shares are equal


def test_three_groups_on_counts():
    rng = np.random.default_rng(2)
    present = rng.random((90, 4)) < 0.3
    labels = np.array(["a", "b", "c"] * 30, dtype=object)
    areas = Areas(tuple("pqrs"), tuple("PQRS"), present)
    chi = compare_areas(areas, labels, ["a", "b", "c"], test="chi2", correction="holm")
    for k in range(4):
        table = [[present[labels == g, k].sum(), (~present[labels == g, k]).sum()] for g in "abc"]
        pearson = stats.chi2_contingency(table, correction=False).pvalue
        assert chi.p_value[k] == pytest.approx(pearson, abs=1e-12)
    assert {"odds_ratio_b", "ci_low_c", "count_c"} <= set(chi.columns) and "odds_ratio" not in chi.columns
    fisher = compare_areas(areas, labels, ["a", "b", "c"], seed=3)
    again = compare_areas(areas, labels, ["a", "b", "c"], seed=3)
    assert np.array_equal(fisher.p_value, again.p_value)  # Monte Carlo, but seeded
    assert np.all(np.abs(fisher.p_value - chi.p_value) < 0.1)


def test_untestable_areas_say_so():
    present = np.array([[0, 1, 1]] * 4 + [[0, 1, 0]] * 4, dtype=bool)
    labels = np.array(["a"] * 4 + ["b"] * 4, dtype=object)
    frame = compare_areas(Areas(("n", "e", "ok"), ("N", "E", "OK"), present), labels, ["a", "b"])
    assert np.isnan(frame.p_value[0]) and np.isnan(frame.p_value[1]) and np.isnan(frame.p_adjusted[0])
    assert "no patient has pain" in frame.note[0] and "every patient" in frame.note[1]
    assert frame.p_adjusted[2] == frame.p_value[2]  # the family is the one area tested


def test_planted_difference_found_and_null_split_finds_nothing():
    areas, labels = random_areas(n=400, k=20, seed=4, planted=(3, 11), lift=0.3)
    found = compare_areas(areas, labels, ["a", "b"])
    assert set(found.segment[found.p_adjusted < 0.05]) == {"s3", "s11"}
    assert (found.odds_ratio[[3, 11]] > 1.5).all()  # b over a
    null = compare_areas(areas, np.random.default_rng(9).permutation(labels), ["a", "b"])
    assert (null.p_adjusted >= 0.05).all()


# -- compare: the public function on drawings ---------------------------------------------------------


def test_compare_choir_drawings_finds_the_planted_segments():
    drawings, groups = choir_drawings()
    frame = pm.compare(drawings, groups)
    assert list(frame.columns[:6]) == ["segment", "name", "count_fibro", "count_lbp", "share_fibro",
                                       "share_lbp"]
    presence = CHOIR.presence(drawings)
    g = np.array(groups)
    assert np.array_equal(frame.count_fibro, presence[g == "fibro"].sum(axis=0))
    assert set(frame.segment[frame.p_adjusted < 0.05]) == {"207", "208"}
    assert frame.attrs["reference"] == "fibro" and frame.attrs["sizes"] == {"fibro": 100, "lbp": 100}


def test_compare_a_dataframe_with_a_group_column_and_exclusions():
    drawings, groups = choir_drawings(n=40)
    table = pd.DataFrame({"patient": [f"p{i}" for i in range(40)], "drawing": drawings, "group": groups})
    table.loc[[3, 7], "group"] = None
    with pytest.warns(pm.PainmapWarning, match="2 of 40 patients left out"):
        frame = pm.compare(table, "group", by="wpi")
    assert frame.attrs["excluded"] == ["p3", "p7"]
    assert frame.attrs["sizes"] == {"fibro": 18, "lbp": 20}  # patients 3 and 7 are in fibro
    assert len(frame) == len(atlas("wpi").ids)


def test_groups_as_categorical_series_or_by_patient():
    drawings, groups = choir_drawings(n=40)
    table = pd.DataFrame({"drawing": drawings}, index=[f"p{i}" for i in range(40)])
    labels = pd.Series(pd.Categorical(groups, categories=["lbp", "fibro"]), index=table.index)
    shuffled = labels.sample(frac=1, random_state=1)  # a Series is matched by patient, not by position
    frame = pm.compare(table, shuffled, by="wpi")
    assert frame.attrs["groups"] == ["lbp", "fibro"] and frame.attrs["reference"] == "lbp"
    by_patient = pm.compare(dict(zip(table.index, drawings)), dict(zip(table.index, groups)), by="wpi",
                            reference="lbp")
    assert np.allclose(frame.odds_ratio, by_patient.odds_ratio, equal_nan=True)
    assert by_patient.attrs["groups"] == ["fibro", "lbp"]


def test_a_series_of_drawings_is_matched_by_patient():
    drawings, groups = choir_drawings(n=40)
    table = pd.DataFrame({"drawing": drawings, "group": groups}, index=[f"p{i}" for i in range(40)])
    from_series = pm.compare(table["drawing"], table["group"].sample(frac=1, random_state=2), by="wpi")
    from_table = pm.compare(table, "group", by="wpi")
    assert np.allclose(from_series.p_value, from_table.p_value, equal_nan=True)
    doubled = pd.Series(drawings[:2], index=["p0", "p0"])
    with pytest.raises(pm.DataError, match="'p0' appears more than once"):
        pm.compare(doubled, ["a", "b"], by="wpi")


def test_compare_bad_input():
    drawings, groups = choir_drawings(n=10)
    with pytest.raises(pm.ArgumentError, match="not aligned"):
        pm.compare(drawings, groups[:-1])
    with pytest.raises(pm.ArgumentError, match="a group with 1 patient"):
        pm.compare(drawings, ["a"] * 9 + ["b"])
    with pytest.raises(pm.ArgumentError, match="at least two groups"):
        pm.compare(drawings, ["a"] * 10)
    with pytest.raises(pm.ChoiceError, match="'fisher'"):
        pm.compare(drawings, groups, test="fischer")
    with pytest.raises(pm.ChoiceError, match="'holm'"):
        pm.compare(drawings, groups, correction="hollm")
    with pytest.raises(pm.ChoiceError, match="'choir'"):
        pm.compare(drawings, groups, by="chior")
    with pytest.raises(pm.ChoiceError, match="reference"):
        pm.compare(drawings, groups, reference="nobody")
    table = pd.DataFrame({"drawing": drawings, "group": groups},
                         index=["p1"] * 2 + [f"q{i}" for i in range(8)])
    with pytest.raises(pm.DataError, match="'p1' appears more than once"):
        pm.compare(table, "group")
    with pytest.raises(pm.ChoiceError, match="column"):
        pm.compare(table.reset_index(drop=True), "groupp")


def test_missing_scipy_says_how_to_install(monkeypatch):
    from painmap.stats import optional

    monkeypatch.setitem(sys.modules, "scipy.stats", None)
    with pytest.raises(pm.DependencyError, match=r'pip install "painmap\[stats\]"'):
        optional.scipy_stats()
    monkeypatch.setitem(sys.modules, "statsmodels.api", None)
    with pytest.raises(pm.DependencyError, match="statsmodels"):
        optional.statsmodels_api()


# -- regress -----------------------------------------------------------------------------------------


def covariates(n=400, seed=6):
    rng = np.random.default_rng(seed)
    age = rng.uniform(20, 80, n)
    sex = rng.choice(["female", "male"], n)
    score = rng.normal(5, 2, n)
    eta = -3 + 0.04 * age + 0.6 * (sex == "male") + 0.1 * score
    return pd.DataFrame({"age": age, "sex": sex, "score": score}), rng.random(n) < 1 / (1 + np.exp(-eta))


def test_regress_agrees_with_statsmodels():
    values, y = covariates()
    rng = np.random.default_rng(7)
    other = rng.random(len(y)) < 0.3
    areas = Areas(("y", "o"), ("Y", "O"), np.column_stack([y, other]))
    frame = regress_areas(areas, values, ["age", "sex", "score"])
    assert frame.term.tolist()[:3] == ["age", "sex[T.male]", "score"]
    X = np.column_stack([np.ones(len(y)), values.age, values.sex == "male", values.score]).astype(float)
    for k, outcome in enumerate((y, other)):
        fit = sm.Logit(outcome.astype(float), X).fit(disp=0)
        rows = frame[frame.segment == areas.ids[k]]
        assert np.allclose(rows.estimate, fit.params[1:], atol=1e-6)
        assert np.allclose(rows.std_error, fit.bse[1:], atol=1e-6)
        assert np.allclose(rows.p_value, fit.pvalues[1:], atol=1e-6)
        assert (rows.status == "ok").all() and (rows.events == outcome.sum()).all()
    ages = frame[frame.term == "age"]
    assert np.allclose(ages.p_adjusted, multipletests(ages.p_value, method="fdr_bh")[1], atol=1e-12)
    assert frame.p_value[0] < 1e-6  # age truly matters for y


def test_regress_reports_separation_few_and_no_events():
    values, _y = covariates(n=200)
    male = (values.sex == "male").to_numpy()
    quasi = male | (np.arange(200) % 3 == 0)  # every man has pain: quasi-complete separation
    few = np.zeros(200, bool)
    few[:6] = True
    areas = Areas(("sep", "quasi", "few", "none"), tuple("ABCD"),
                  np.column_stack([male, quasi, few, np.zeros(200, bool)]))
    frame = regress_areas(areas, values, ["age", "sex"]).set_index(["segment", "term"])
    for area in ("sep", "quasi"):
        assert frame.loc[(area, "sex[T.male]"), "status"] == "separation"
        assert "sex[T.male]" in frame.loc[(area, "sex[T.male]"), "note"]
        assert np.isnan(frame.loc[(area, "sex[T.male]"), "estimate"])
    assert frame.loc[("few", "age"), "status"] == "few events"
    assert np.isfinite(frame.loc[("few", "age"), "estimate"])
    assert frame.loc[("none", "age"), "status"] == "no events"


def test_regress_reports_missing_covariates():
    drawings, _groups = choir_drawings(n=60)
    values, _ = covariates(n=60)
    values.loc[[0, 5, 9], "age"] = np.nan
    with pytest.warns(pm.PainmapWarning, match="age missing for 3"):
        frame = pm.regress(drawings, values, by="wpi", terms=["age", "sex"])
    assert frame.attrs["excluded"] == [1, 6, 10]
    assert (frame.n == 57).all()
    with pytest.raises(pm.ArgumentError, match="not aligned"):
        pm.regress(drawings, values.iloc[:50], by="wpi", terms=["age"])
    with pytest.raises(pm.ChoiceError, match="'age'"):
        pm.regress(drawings, values, by="wpi", terms=["agee"])


def test_regress_refuses_numbers_as_text_and_needs_terms():
    drawings, _ = choir_drawings(n=40)
    values, _ = covariates(n=40)
    with pytest.raises(pm.ArgumentError, match=r"pd\.to_numeric"):
        pm.regress(drawings, values.assign(age=values.age.round().astype(str)), by="wpi", terms=["age"])
    table = pd.DataFrame({"drawing": drawings, "age": values.age})
    with pytest.raises(pm.ArgumentError, match="terms"):
        pm.regress(table, by="wpi")
    with pytest.raises(pm.ArgumentError, match="collinear"):
        pm.regress(drawings, values.assign(months=values.age * 12), by="wpi", terms=["age", "months"])


def test_regress_takes_covariates_from_the_drawings_table():
    drawings, groups = choir_drawings(n=80)
    values, _ = covariates(n=80)
    table = pd.DataFrame({"drawing": drawings, "age": values.age, "group": groups})
    frame = pm.regress(table, by="mbm", terms=["age", "group"])
    assert set(frame.term) == {"age", "group[T.lbp]"}
    assert len(frame) == 2 * len(atlas("mbm").ids)


# -- cooccurrence --------------------------------------------------------------------------------------


def test_cooccurrence_agrees_with_direct_counts():
    areas, _ = random_areas(n=200, k=6, seed=8)
    frame = cooccurrence_areas(areas)
    assert len(frame) == 15
    x = areas.present
    for row in frame.itertuples():
        i, j = areas.ids.index(row.segment_a), areas.ids.index(row.segment_b)
        both = int(np.sum(x[:, i] & x[:, j]))
        assert row.count == both and row.share == pytest.approx(both / 200)
        assert row.phi == pytest.approx(np.corrcoef(x[:, i], x[:, j])[0, 1], abs=1e-12)
        assert row.jaccard == pytest.approx(both / np.sum(x[:, i] | x[:, j]), abs=1e-12)
    square = cooccurrence_areas(areas, matrix="phi")
    assert square.shape == (6, 6) and np.allclose(square.to_numpy(), np.corrcoef(x.T), atol=1e-12)


def test_cooccurrence_of_choir_drawings():
    drawings = [pm.PainDrawing.from_segments(c) for c in ("f01,f02", "f01", "f01,f02,b07", "")]
    frame = pm.cooccurrence(drawings).set_index(["segment_a", "segment_b"])
    assert frame.loc[("101", "102"), "count"] == 2 and frame.loc[("101", "102"), "jaccard"] == 2 / 3
    assert frame.loc[("101", "207"), "count"] == 1
    assert pm.cooccurrence(drawings, matrix="count").loc["101", "101"] == 3
    with pytest.raises(pm.ChoiceError, match="'jaccard'"):
        pm.cooccurrence(drawings, matrix="jacard")


# -- by vertex ---------------------------------------------------------------------------------------


def region_drawings(n=60, seed=2, lift=0.5):
    """Half have low-back pain; group "b" has outer-hip pain far more often (a planted cluster)."""
    rng = np.random.default_rng(seed)
    back = pm.PainDrawing.from_regions("low back", side="both")
    hip = pm.PainDrawing.from_regions(["outer hip", "outer thigh"])
    neck = pm.PainDrawing.from_regions("neck_posterior", side="both")
    drawings, groups = [], []
    for i in range(n):
        group = "a" if i % 2 else "b"
        chances = ((back, 0.5), (hip, 0.15 + lift * (group == "b")), (neck, 0.3))
        parts = [d for d, p in chances if rng.random() < p]
        drawing = parts[0] if parts else pm.PainDrawing(np.zeros(back.body.n_vertices))
        for d in parts[1:]:
            drawing = drawing | d
        drawings.append(drawing)
        groups.append(group)
    return drawings, groups, hip


def test_vertex_test_finds_the_planted_cluster_and_not_the_null():
    drawings, groups, hip = region_drawings()
    result = pm.compare(drawings, groups, by="vertex", n_permutations=199, seed=1)
    assert type(result).__name__ == "VertexComparison" and result.groups == ("b", "a")
    cohort = pm.cohort(drawings, groups=groups)
    assert np.array_equal(result.counts["b"], cohort.counts["b"])
    assert np.allclose(result.difference, cohort.fraction("b") - cohort.fraction("a"))
    assert len(result.significant) == 1 and result.significant[0].sign == 1
    hip_vertices = np.flatnonzero(hip.values)
    assert result.mask()[hip_vertices].mean() > 0.9 and result.mask().sum() <= 1.1 * len(hip_vertices)
    assert 0 < result.p_values.min() and result.p_values.max() <= 1
    again = pm.compare(drawings, groups, by="vertex", n_permutations=199, seed=1)
    assert np.array_equal(again.p_values, result.p_values)
    shuffled = list(np.random.default_rng(3).permutation(groups))
    null = pm.compare(drawings, shuffled, by="vertex", n_permutations=199, seed=1)
    assert null.significant == []
    frame = result.frame()
    assert frame.significant.sum() == 1 and frame.peak_difference[0] > 0.3


def test_vertex_test_bad_input():
    drawings, groups, _ = region_drawings(n=12)
    with pytest.raises(pm.ArgumentError, match="exactly two groups"):
        pm.compare(drawings, ["a", "b", "c"] * 4, by="vertex")
    with pytest.raises(pm.LimitError):
        pm.compare(drawings, groups, by="vertex", n_permutations=10**7)
    with pytest.raises(pm.ArgumentError):
        pm.compare(drawings, groups, by="vertex", threshold=0.9)


# -- pictures ------------------------------------------------------------------------------------------


def test_draw_a_comparison_side_by_side_with_one_scale():
    from painmap.scene.elements import FieldLayer, TintLayer

    drawings, groups = choir_drawings()
    fig = pm.draw(pm.compare(drawings, groups), view=["front", "back"])
    panels = fig.scene.panels
    assert len(panels) == 6
    assert [p.label.split(",")[0] for p in panels[:4:2]] == ["fibro (n=100)", "lbp (n=100)"]
    outline = [sum(np.sum(layer.field) for layer in p.layers if isinstance(layer, TintLayer)) for p in panels]
    assert outline[:4] == [0, 0, 0, 0]  # the outline is drawn on the difference only
    assert outline[5] > 3 * outline[4]  # 207 and 208 are on the back (the top of the shoulder shows in front)
    shares = [p.layers[0] for p in panels[:4]]
    assert all(isinstance(layer, FieldLayer) for layer in shares)
    # one scale: the share panels use the same ramp and the fibro back panel reaches the top of it
    assert np.nanmax(shares[1].field) > 0.8 and np.nanmax(shares[3].field) < np.nanmax(shares[1].field)
    legend = [item.entry for item in fig.scene.layout.legend]
    assert [e.kind for e in legend] == ["ramp", "ramp", "solid"]
    assert (legend[0].high, legend[1].low, legend[1].high) == ("60%", "-40%", "+40%")
    assert "lbp minus fibro" in legend[1].text and "significant area" in legend[2].text


@pytest.mark.slow
def test_draw_a_vertex_comparison_renders(tmp_path):
    drawings, groups, _ = region_drawings()
    result = pm.compare(drawings, groups, by="vertex", n_permutations=99, seed=1)
    fig = pm.draw(result, view="right")
    assert len(fig.scene.panels) == 3
    path = fig.save(tmp_path / "vertex.png")
    assert path.stat().st_size > 10_000
    svg = fig.save(tmp_path / "vertex.svg").read_text()
    ids = re.findall(r' id="([^"]+)"', svg)
    assert len(ids) == len(set(ids))  # three panels of one view share no id (each would hide the others)
    assert {"clip-right", "clip-right-2", "clip-right-3"} <= set(ids)

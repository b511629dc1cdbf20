"""Comparing groups: where one group of patients has pain more often than another.

Per area of an atlas, a 2 x 2 table (two groups) or an r x 2 table (r groups) of patients with
and without pain there, tested on the counts:

- ``test="fisher"``: Fisher's exact test (two-sided, SciPy's ``fisher_exact``) for two groups;
  for more groups the Fisher-Freeman-Halton test, its p-value estimated by SciPy from 9,999
  random tables with the observed margins (seeded by `seed`; the smallest p-value it can give
  is 1/10,000);
- ``test="chi2"``: Pearson's chi-squared test of the counts (without Yates' continuity
  correction), r - 1 degrees of freedom.

The odds ratio of each group against the reference group is the sample odds ratio with Woolf's
(logit) 95 % confidence interval; a table with a zero count has 0.5 added to each of its four
cells first (the Haldane-Anscombe correction, said in the ``note`` column).  It is not the
conditional maximum-likelihood estimate that goes with Fisher's test, so near p = 0.05 the
interval and the test may disagree on whether 1 is excluded.  An area where no patient, or
every patient, has pain cannot be tested: its p-value is NaN, it is left out of the
correction's family, and the note says why.  P-values are adjusted over the areas tested
(:func:`painmap.stats.multiple.adjust`).
"""

from __future__ import annotations

import numpy as np

from ..core import checks
from ..core.errors import ArgumentError, ChoiceError
from .data import (
    VERTEX,
    Areas,
    area_presence,
    by_name,
    exclusion,
    group_labels,
    group_order,
    inputs,
    vertex_rows,
)
from .multiple import adjust, correction_name
from .optional import pandas, scipy_stats
from .vertex import compare_vertices

TESTS: tuple[str, ...] = ("fisher", "chi2")
Z95 = 1.959963984540054
MONTE_CARLO_TABLES = 9999
LOW_EXPECTED = 5


def compare(drawings, groups, *, by: str = "choir", test: str = "fisher", correction: str | None = "fdr_bh",
            reference: object = None, seed: int | None = 0, n_permutations: int = 1000,
            threshold: float = 0.01, alpha: float = 0.05):
    """Compare where groups of patients have pain: per area counts, shares, odds ratios and tests.

    Parameters
    ----------
    drawings : list, dict or DataFrame
        Pain drawings: a list (patients in order), a dict patient -> drawing, or a DataFrame
        with a ``drawing`` column (:func:`painmap.read_drawings`; the index, or a ``patient``
        or ``id`` column, names the patients).
    groups : list, dict, Series or str
        The group of each patient: one per drawing, by patient, or the name of a column of
        the drawings' DataFrame.  A missing group (None, NaN) leaves the patient out, with a
        :class:`~painmap.PainmapWarning` (their ids in ``result.attrs["excluded"]``).
    by : {"choir", "wpi", "mbm", "regions", "vertex"}
        The areas compared: those of an atlas (:func:`painmap.atlas`), or every vertex of the
        mesh (a permutation test with cluster correction; returns a
        :class:`~painmap.stats.VertexComparison`).
    test : {"fisher", "chi2"}
        Fisher's exact test, or Pearson's chi-squared on the counts (see the module notes).
        Not used with ``by="vertex"``, whose permutation test has its own statistic.
    correction : {"fdr_bh", "holm", "bonferroni", None}
        Adjustment of the p-values over the areas tested (Benjamini-Hochberg by default).
        Not used with ``by="vertex"``: the cluster-mass permutation test controls the
        family-wise error over the whole body itself.
    reference : group, optional
        The group the others are compared with: odds ratios are the odds of pain in a group
        over the odds in the reference group, and for ``by="vertex"`` differences are the
        other group's share minus the reference's.  By default the first group: a
        categorical's first category, else the first in sorted order.
    seed : int or None
        Seeds the random tables of the Fisher-Freeman-Halton test (more than two groups)
        and the permutations of ``by="vertex"``.
    n_permutations, threshold, alpha : int, float, float
        For ``by="vertex"`` only: the number of permutations, the cluster-forming two-sided
        p-value per vertex and the level at which a cluster is significant (see
        :func:`painmap.stats.vertex.compare_vertices`).

    Returns
    -------
    pandas.DataFrame or VertexComparison
        One row per area: ``segment``, ``name``, ``count_<group>`` and ``share_<group>``
        for each group, ``odds_ratio``, ``ci_low``, ``ci_high`` (for more than two groups,
        ``odds_ratio_<group>`` ... for each group against the reference), ``p_value``,
        ``p_adjusted`` and ``note``.  ``attrs`` holds the settings, the group sizes and the
        patients left out.

    Raises
    ------
    painmap.ChoiceError
        An unknown `by`, `test`, `correction` or `reference` (with the closest valid name).
    painmap.ArgumentError
        Groups not aligned with the drawings, fewer than two groups, or a group with fewer
        than two patients.
    painmap.DataError
        A patient that appears twice.
    painmap.DependencyError
        SciPy or pandas is not installed (``pip install "painmap[stats]"``).

    Examples
    --------
    >>> import painmap as pm
    >>> back, hip = pm.PainDrawing.from_regions("low back"), pm.PainDrawing.from_regions("outer hip")
    >>> result = pm.compare([back] * 6 + [hip] * 6, ["a"] * 6 + ["b"] * 6, by="regions")
    >>> row = result.set_index("segment").loc["lumbar_back:right"]
    >>> int(row.count_a), int(row.count_b), round(float(row.p_value), 4)
    (6, 0, 0.0022)
    """
    by = by_name(by)
    test = checks.choice("test", test.strip().lower() if isinstance(test, str) else test, TESTS, kind="test")
    correction = correction_name(correction)
    data = inputs(drawings)
    labels, missing = group_labels(groups, data)
    keep = ~missing["group"]
    excluded = exclusion(data, keep, missing, "the comparison")
    order = group_order(groups, data, labels)
    reference = checked_groups(order, labels[keep], reference, pairs_only=by == VERTEX)
    if by == VERTEX:
        pair = [next(g for g in order if g != reference), reference]
        result = compare_vertices(vertex_rows(data).take(keep), labels[keep], pair, seed=seed,
                                  n_permutations=n_permutations, threshold=threshold, alpha=alpha)
        result.excluded.extend(excluded)
        return result
    frame = compare_areas(area_presence(data, by).take(keep), labels[keep], order, test=test,
                          correction=correction, reference=reference, seed=seed)
    frame.attrs["excluded"] = excluded
    return frame


def checked_groups(order: list[str], labels: np.ndarray, reference: object, *,
                   pairs_only: bool = False) -> str:
    """At least two groups (exactly two when `pairs_only`), each of two patients or more; the reference."""
    sizes = {g: int(np.sum(labels == g)) for g in order}
    if len(order) < 2 or (pairs_only and len(order) > 2):
        expected = "exactly two groups (by='vertex')" if pairs_only else "at least two groups"
        raise ArgumentError("groups", order, expected, problem=f"{len(order)} group{'s' * (len(order) != 1)}")
    small = [g for g, n in sizes.items() if n < 2]
    if small:
        raise ArgumentError("groups", small[0], "at least two patients in every group",
                            problem=f"a group with {sizes[small[0]]} patient")
    if reference is None:
        return order[0]
    if str(reference) not in order:
        raise ChoiceError("group", reference, order, argument="reference")
    return str(reference)


def counts_by_group(present: np.ndarray, labels: np.ndarray, order: list[str]
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Patients with pain per group and area (groups x areas), and the group sizes."""
    sizes = np.array([np.sum(labels == g) for g in order], dtype=np.int64)
    counts = np.stack([present[labels == g].sum(axis=0) for g in order]).astype(np.int64)
    return counts, sizes


def compare_areas(areas: Areas, labels: np.ndarray, order: list[str], *, test: str = "fisher",
                  correction: str = "fdr_bh", reference: str | None = None, seed: int | None = 0):
    """:func:`compare` on a presence matrix (see there): the DataFrame of the comparison.

    Examples
    --------
    >>> import numpy as np
    >>> areas = Areas(("a1", "a2"), ("one", "two"), np.array([[1, 0], [1, 1], [0, 0], [0, 1]], bool))
    >>> labels = np.array(["x", "x", "y", "y"], dtype=object)
    >>> compare_areas(areas, labels, ["x", "y"])[["count_x", "count_y"]].to_numpy().tolist()
    [[2, 0], [1, 1]]
    """
    pd, stats = pandas(), scipy_stats()
    reference = reference or order[0]
    counts, sizes = counts_by_group(areas.present, labels, order)
    events, total = counts.sum(axis=0), int(sizes.sum())
    testable = (events > 0) & (events < total)
    notes = [[] for _ in areas.ids]
    for k in np.flatnonzero(~testable):
        notes[k].append("no patient has pain here: not tested" if events[k] == 0
                        else "every patient has pain here: not tested")
    p = np.full(len(areas.ids), np.nan)
    if test == "chi2":
        expected = sizes[:, None] * events[None, :] / total
        with np.errstate(divide="ignore", invalid="ignore"):
            absent = (sizes[:, None] - counts, sizes[:, None] - expected)
            chi2 = (((counts - expected) ** 2 / expected).sum(axis=0)
                    + ((absent[0] - absent[1]) ** 2 / absent[1]).sum(axis=0))
        p[testable] = stats.chi2.sf(chi2[testable], len(order) - 1)
        low = testable & ((expected < LOW_EXPECTED) | (sizes[:, None] - expected < LOW_EXPECTED)).any(axis=0)
        for k in np.flatnonzero(low):
            notes[k].append("an expected count below 5: chi-squared is approximate (test='fisher' is exact)")
    elif len(order) == 2:
        for k in np.flatnonzero(testable):
            table = np.stack([counts[:, k], sizes - counts[:, k]], axis=1)
            p[k] = stats.fisher_exact(table).pvalue
    else:
        rng = np.random.default_rng(seed)
        for k in np.flatnonzero(testable):
            table = np.stack([counts[:, k], sizes - counts[:, k]], axis=1)
            method = stats.MonteCarloMethod(n_resamples=MONTE_CARLO_TABLES, rng=rng)
            p[k] = stats.fisher_exact(table, method=method).pvalue
    columns: dict[str, object] = {"segment": list(areas.ids), "name": list(areas.names)}
    for g, c in zip(order, counts):
        columns[f"count_{g}"] = c
    for g, c, n in zip(order, counts, sizes):
        columns[f"share_{g}"] = c / n
    ref = order.index(reference)
    others = [i for i in range(len(order)) if i != ref]
    for i in others:
        ratio, low, high, corrected = odds_ratios(counts[i], sizes[i], counts[ref], sizes[ref])
        suffix = "" if len(order) == 2 else f"_{order[i]}"
        columns[f"odds_ratio{suffix}"] = ratio
        columns[f"ci_low{suffix}"], columns[f"ci_high{suffix}"] = low, high
        for k in np.flatnonzero(corrected & testable):
            notes[k].append(f"odds ratio{suffix.replace('_', ' of ')} with 0.5 added to each cell "
                            "(a zero count)")
    columns["p_value"] = p
    columns["p_adjusted"] = adjust(p, correction)
    columns["note"] = ["; ".join(n) for n in notes]
    frame = pd.DataFrame(columns)
    frame.attrs.update({
        "painmap": "compare", "by": areas.by, "test": test, "correction": correction, "groups": list(order),
        "sizes": {g: int(n) for g, n in zip(order, sizes)}, "reference": reference,
        "odds_ratio": "sample odds ratio, Woolf 95% CI, 0.5 added to each cell of a table with a zero count",
    })
    return frame


def odds_ratios(a: np.ndarray, n_a: int, c: np.ndarray, n_c: int
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Odds of pain in group a over the reference's, Woolf's 95 % interval, and where 0.5 was added.

    Examples
    --------
    >>> ratio, low, high, _ = odds_ratios(np.array([8]), 10, np.array([3]), 10)
    >>> round(float(ratio[0]), 4), round(float(low[0]), 3), round(float(high[0]), 2)
    (9.3333, 1.193, 72.99)
    """
    cells = np.stack([a, n_a - a, c, n_c - c]).astype(float)
    zero = (cells == 0).any(axis=0)
    undefined = (cells[0] + cells[2] == 0) | (cells[1] + cells[3] == 0)
    cells[:, zero] += 0.5
    with np.errstate(divide="ignore", invalid="ignore"):
        log_ratio = np.log(cells[0]) + np.log(cells[3]) - np.log(cells[1]) - np.log(cells[2])
        se = np.sqrt((1 / cells).sum(axis=0))
    ratio, low, high = np.exp(log_ratio), np.exp(log_ratio - Z95 * se), np.exp(log_ratio + Z95 * se)
    for arr in (ratio, low, high):
        arr[undefined] = np.nan
    return ratio, low, high, zero

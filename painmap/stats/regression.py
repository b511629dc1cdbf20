"""Logistic regression of pain in each area on the patients' covariates (age, sex, a score ...).

Per area, ``logit P(pain) = b0 + b1 x1 + ...`` is fitted by maximum likelihood with statsmodels'
``Logit`` (Newton's method).  A numeric covariate enters as it is; a categorical one (text, a
pandas categorical, True/False) is coded against its reference level (a categorical's first
category, else the first in sorted order), one term ``name[T.level]`` per other level.
Intercepts are fitted but not reported.

What can go wrong is reported in the ``status`` column, never hidden:

- ``"no events"``: no patient, or every patient, has pain in the area; nothing is fitted;
- ``"separation"``: a combination of covariates predicts pain perfectly (complete or
  quasi-complete separation, found exactly with a linear programme, Konis 2007); the
  maximum-likelihood estimates do not exist and are left NaN (a penalised fit such as
  Firth's would give finite ones), the note names the terms involved;
- ``"few events"``: fewer than 10 events (patients in the rarer outcome) per term; the fit
  is reported but is unreliable;
- ``"not converged"``: the fit did not converge; reported as fitted;
- ``"not fitted"``: the fit failed (e.g. covariates that are linear combinations of each
  other); the note gives statsmodels' reason;
- ``"ok"``.

P-values (Wald) are adjusted per term over the areas fitted.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np

from ..core import checks
from ..core.errors import ArgumentError, ArgumentTypeError
from .data import VERTEX, Areas, area_presence, by_name, exclusion, inputs
from .multiple import adjust, correction_name
from .optional import pandas, scipy_optimize, scipy_stats, statsmodels_api

EVENTS_PER_TERM = 10
MAX_LEVELS = 20
"""A categorical covariate has at most this many levels (more is most often a number stored as text)."""
SEPARATION_TOL = 1e-7


def regress(drawings, covariates=None, *, by: str = "choir", terms: Sequence[str] | str | None = None,
            correction: str | None = "fdr_bh"):
    """Per area, a logistic regression of pain on covariates.

    Parameters
    ----------
    drawings : list, dict or DataFrame
        As for :func:`painmap.compare`.
    covariates : DataFrame, optional
        One row per patient: in the order of the drawings for a list, by patient (its index)
        for a dict or DataFrame of drawings.  By default the columns of the drawings'
        DataFrame.
    by : {"choir", "wpi", "mbm", "regions"}
        The atlas whose areas are the outcomes.
    terms : list of str
        The covariates in the model (columns); by default every column of `covariates`.
    correction : {"fdr_bh", "holm", "bonferroni", None}
        Adjustment of each term's p-values over the areas.

    Returns
    -------
    pandas.DataFrame
        One row per area and term: ``segment``, ``name``, ``term``, ``estimate`` (log odds
        ratio), ``std_error``, ``odds_ratio``, ``ci_low``, ``ci_high`` (Wald, 95 %),
        ``p_value``, ``p_adjusted``, ``n`` (patients), ``events`` (patients with pain),
        ``status`` and ``note`` (see the module notes).  ``attrs["excluded"]`` lists the
        patients left out for a missing covariate (also said in a
        :class:`~painmap.PainmapWarning`).

    Raises
    ------
    painmap.ChoiceError
        An unknown atlas, term or correction.
    painmap.ArgumentError
        Covariates not aligned with the drawings, or a term with one value only.
    painmap.DependencyError
        statsmodels, SciPy or pandas is not installed (``pip install "painmap[stats]"``).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> areas = Areas(("a",), ("area",), (np.arange(40) % 3 == 0)[:, None])
    >>> x = pd.DataFrame({"age": np.arange(40.0)})
    >>> regress_areas(areas, x, ["age"]).loc[0, ["term", "status"]].tolist()
    ['age', 'ok']
    """
    by = by_name(by)
    if by == VERTEX:
        raise ArgumentError("by", by, "an atlas: 'choir', 'wpi', 'mbm' or 'regions'",
                            problem="not available for a regression", closest="regions")
    correction = correction_name(correction)
    data = inputs(drawings)
    if covariates is None:
        if data.frame is None:
            raise ArgumentError("covariates", None, "a DataFrame of covariates, one row per patient",
                                problem="missing (the drawings are not a DataFrame with covariate columns)")
        if terms is None:
            raise ArgumentError("terms", None, "the covariates to use, e.g. terms=['age', 'sex'] (columns of "
                                "the drawings' table)", problem="not given")
        table = data.frame.drop(columns=["drawing"])
    elif hasattr(covariates, "columns"):
        table = covariates
        if data.keyed:
            missing_rows = [p for p in data.patients if p not in set(table.index)]
            table = table.reindex(data.patients)
            if len(missing_rows) == data.n:
                raise ArgumentError("covariates", covariates, "rows indexed by the drawings' patients",
                                    problem="with no row for any patient: not aligned with drawings")
        else:
            if len(table) != data.n:
                raise ArgumentError("covariates", covariates, f"one row per drawing ({data.n})",
                                    problem=f"{len(table)} rows: not aligned with drawings")
            table = table.reset_index(drop=True)
    else:
        raise ArgumentTypeError("covariates", covariates, "a pandas DataFrame, one row per patient",
                                problem=checks.kind_of(covariates))
    names = _terms(terms, table)
    values = table[names].reset_index(drop=True)
    reasons = {t: values[t].isna().to_numpy(dtype=bool) for t in names}
    missing = np.logical_or.reduce(list(reasons.values())) if reasons else np.zeros(data.n, bool)
    excluded = exclusion(data, ~missing, reasons, "the regression")
    areas = area_presence(data, by).take(~missing)
    frame = regress_areas(areas, values[~missing].reset_index(drop=True), names, correction=correction)
    frame.attrs["excluded"] = excluded
    return frame


def _terms(terms: object, table) -> list[str]:
    columns = [str(c) for c in table.columns]
    if terms is None:
        if not columns:
            raise ArgumentError("terms", terms, "the covariates to use", problem="not given and no columns")
        return columns
    names = [terms] if isinstance(terms, str) else checks.items("terms", terms, "a list of column names", 100)
    if not names:
        raise ArgumentError("terms", terms, "at least one covariate", problem="empty", closest=columns[:1])
    for t in names:
        checks.choice("terms", t, columns, kind="covariate")
    return list(names)


def design(values, terms: list[str]) -> tuple[np.ndarray, list[str]]:
    """The design matrix (intercept first) and the name of each column after it."""
    pd = pandas()
    columns, names = [np.ones(len(values))], []
    for t in terms:
        col = values[t]
        numeric = pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col)
        if numeric and not isinstance(col.dtype, pd.CategoricalDtype):
            x = col.to_numpy(dtype=float)
            if np.ptp(x) == 0:
                raise ArgumentError("terms", t, "covariates that vary between the patients",
                                    problem=f"a covariate with the one value {x[0]:g}")
            columns.append(x)
            names.append(t)
            continue
        if isinstance(col.dtype, pd.CategoricalDtype):
            levels = [lv for lv in col.cat.categories if (col == lv).any()]
        else:
            levels = sorted(set(col), key=lambda v: (str(type(v)), v))
        if len(levels) > MAX_LEVELS:
            as_text = " written as text: convert it with pd.to_numeric" \
                if pd.to_numeric(col, errors="coerce").notna().all() else ""
            raise ArgumentError("terms", t, f"a categorical covariate of at most {MAX_LEVELS} levels, or "
                                "numbers", problem=f"a column of {len(levels)} different values{as_text}")
        if len(levels) < 2:
            raise ArgumentError("terms", t, "covariates that vary between the patients",
                                problem=f"a covariate with the one value {levels[0]!r}" if levels
                                else "empty")
        for level in levels[1:]:
            columns.append((col == level).to_numpy(dtype=float))
            names.append(f"{t}[T.{level}]")
    X = np.column_stack(columns)
    scaled = X / np.abs(X).max(axis=0)
    if np.linalg.matrix_rank(scaled) < X.shape[1]:
        raise ArgumentError("terms", terms, "covariates none of which is a linear combination of the "
                            "others (and of a constant)",
                            problem=f"collinear: the columns {names} are not independent")
    return X, names


def separated_terms(X: np.ndarray, y: np.ndarray, names: list[str]) -> list[str] | None:
    """The terms of a direction that separates y (complete or quasi-complete), or None if there is none.

    Solves Konis' linear programme: find b with ``X b >= 0`` where y = 1 and ``X b <= 0`` where
    y = 0, -1 <= b <= 1, maximising ``sum |X b|``; separation exists when the maximum is above zero.
    """
    linprog = scipy_optimize().linprog
    scale = np.abs(X).max(axis=0)
    Xs = X / np.where(scale > 0, scale, 1)
    sign = np.where(y > 0, 1.0, -1.0)
    signed = Xs * sign[:, None]
    res = linprog(-signed.sum(axis=0), A_ub=-signed, b_ub=np.zeros(len(y)), bounds=[(-1, 1)] * X.shape[1],
                  method="highs")
    if res.status != 0 or -res.fun <= SEPARATION_TOL * len(y):
        return None
    return [n for n, b in zip(["Intercept", *names], res.x) if abs(b) > 1e-6] or ["Intercept"]


def _fit(sm, X: np.ndarray, y: np.ndarray):
    """The maximum-likelihood fit, and whether it looks clean; or (None, error) when it fails.

    A fit is clean without a warning, converged, and with no fitted probability within 1e-6 of 0 or 1.
    Separation always breaks one of these (its estimates run off to infinity), so only a fit that is
    not clean needs the exact check for it (:func:`separated_terms`, a linear programme).
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            fit = sm.Logit(y, X).fit(disp=0, method="newton", maxiter=100)
        except Exception as err:  # statsmodels' separation error, a singular matrix ...
            return None, str(err) or type(err).__name__
    fitted = fit.predict()
    clean = bool(not caught and fit.mle_retvals.get("converged", False)
                 and np.minimum(fitted, 1 - fitted).min() > 1e-6)
    return fit, clean


def regress_areas(areas: Areas, values, terms: list[str], *, correction: str = "fdr_bh"):
    """:func:`regress` on a presence matrix and a DataFrame of covariates (rows aligned)."""
    pd, sm, stats = pandas(), statsmodels_api(), scipy_stats()
    X, names = design(values, terms)
    rows = []
    for k, (area, name) in enumerate(zip(areas.ids, areas.names)):
        y = areas.present[:, k].astype(float)
        n, events = len(y), int(y.sum())
        rare = min(events, n - events)
        base = {"segment": area, "name": name, "n": n, "events": events}
        estimate = se = np.full(len(names), np.nan)
        status, note = "ok", ""
        if rare == 0:
            status = "no events"
            note = ("no patient" if events == 0 else "every patient") + " has pain here: not fitted"
        else:
            fit, clean = _fit(sm, X, y)
            separating = None if clean is True else separated_terms(X, y, names)
            if separating is not None:
                status = "separation"
                verb = "predicts" if len(separating) == 1 else "predict"
                note = (f"{', '.join(separating)} {verb} pain perfectly (separation): the maximum-likelihood "
                        "estimates do not exist")
            elif fit is None:
                status, note = "not fitted", f"the fit failed: {clean}"
            else:
                estimate, se = np.asarray(fit.params)[1:], np.asarray(fit.bse)[1:]
                if not fit.mle_retvals.get("converged", True):
                    status, note = "not converged", "the fit did not converge"
                elif rare < EVENTS_PER_TERM * len(names):
                    status = "few events"
                    which = "patients with pain" if events <= n - events else "patients without pain"
                    note = (f"{rare} {which} for {len(names)} term{'s' * (len(names) > 1)} (fewer than "
                            f"{EVENTS_PER_TERM} per term): estimates unreliable")
        for j, term in enumerate(names):
            rows.append({**base, "term": term, "estimate": estimate[j], "std_error": se[j],
                         "status": status, "note": note})
    frame = pd.DataFrame(rows)
    est, se = frame["estimate"].to_numpy(float), frame["std_error"].to_numpy(float)
    with np.errstate(invalid="ignore", over="ignore"):
        frame["odds_ratio"] = np.exp(est)
        frame["ci_low"] = np.exp(est - 1.959963984540054 * se)
        frame["ci_high"] = np.exp(est + 1.959963984540054 * se)
        frame["p_value"] = 2 * stats.norm.sf(np.abs(est / se))
    frame["p_adjusted"] = np.nan
    for term in names:
        at = (frame["term"] == term).to_numpy()
        frame.loc[at, "p_adjusted"] = adjust(frame.loc[at, "p_value"].to_numpy(float), correction)
    order = ["segment", "name", "term", "estimate", "std_error", "odds_ratio", "ci_low", "ci_high", "p_value",
             "p_adjusted", "n", "events", "status", "note"]
    frame = frame[order]
    frame.attrs.update({"painmap": "regress", "by": areas.by, "terms": names, "correction": correction})
    return frame

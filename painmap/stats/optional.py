"""The optional libraries statistics need (SciPy, statsmodels, pandas), imported when first asked for."""

from __future__ import annotations

from types import ModuleType

from ..core.errors import DependencyError

INSTALL = 'pip install "painmap[stats]"'


def _need(module: str, what: str) -> ModuleType:
    try:
        return __import__(module, fromlist=["_"])
    except ImportError:
        raise DependencyError(f"{what} needs {module.split('.')[0]}, which is not installed: {INSTALL}") \
            from None


def scipy_stats() -> ModuleType:
    """:mod:`scipy.stats`, or a :class:`~painmap.DependencyError` saying how to install it."""
    return _need("scipy.stats", "painmap's statistics")


def scipy_sparse() -> ModuleType:
    """:mod:`scipy.sparse` (with :mod:`scipy.sparse.csgraph` loaded)."""
    _need("scipy.sparse.csgraph", "the test over the mesh")
    return _need("scipy.sparse", "the test over the mesh")


def scipy_optimize() -> ModuleType:
    """:mod:`scipy.optimize` (the check for separation in :func:`painmap.regress`)."""
    return _need("scipy.optimize", "the check for separation")


def statsmodels_api() -> ModuleType:
    """:mod:`statsmodels.api` (logistic regression)."""
    return _need("statsmodels.api", "painmap.regress")


def pandas() -> ModuleType:
    """:mod:`pandas`: the statistics return DataFrames."""
    return _need("pandas", "painmap's statistics (which return DataFrames)")

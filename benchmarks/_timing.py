"""Small timing helpers shared by the benchmark scripts (not part of the package)."""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable


def timed(fn: Callable[[], object], repeat: int = 15) -> tuple[float, float]:
    """(first call, median of the next `repeat` calls), in milliseconds."""
    start = time.perf_counter()
    fn()
    first = (time.perf_counter() - start) * 1000
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return first, statistics.median(runs)


def row(label: str, first: float, warm: float, extra: str = "") -> str:
    return f"{label:<46} {first:9.1f} {warm:9.1f}  {extra}"


HEADER = f"{'job':<46} {'first ms':>9} {'warm ms':>9}"


def peak_mb(fn: Callable[[], object]) -> float:
    """Peak memory allocated while `fn` runs, in MB (tracemalloc; numpy's buffers included)."""
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6

"""PARK_SCORE per call on a 31×1 range (what Excel passes with ``ndim=2``).  Target: well under 50 µs.

Run: ``python -m pytest -n 0 benchmarks/bench_park_score.py --benchmark-only`` (pytest-benchmark; ``-n 0``: in one process, as pytest-benchmark needs), or
``python benchmarks/bench_park_score.py`` for a plain timeit figure.
"""

from __future__ import annotations

import timeit

import greendiag.addin.udfs as udfs
from greendiag.rules import INDICATORS

TARGET_SECONDS = 50e-6


def _column() -> list[list[object]]:
    """A realistic year: numbers near the leading values, a few blanks, 不适用 and text cells."""
    col: list[list[object]] = []
    for ind in INDICATORS:
        lead = ind.leading_value
        col.append([lead if isinstance(lead, str) else float(lead) * 0.9])
    col[4] = [None]
    col[8] = ["不适用"]
    col[15] = [" 25 "]  # numeric text with stray spaces, as typed
    return col


COLUMN = _column()
LEADS = [[None] for _ in range(31)]


def test_park_score_31x1(benchmark):
    result = benchmark(udfs.PARK_SCORE, COLUMN)
    assert result is not None and 0 < result <= 120
    assert benchmark.stats.stats.median < TARGET_SECONDS


def test_park_score_31x1_with_leading_values(benchmark):
    result = benchmark(udfs.PARK_SCORE, COLUMN, LEADS)
    assert result == udfs.PARK_SCORE(COLUMN)
    assert benchmark.stats.stats.median < TARGET_SECONDS


if __name__ == "__main__":
    n = 20000
    best = min(timeit.repeat(lambda: udfs.PARK_SCORE(COLUMN), number=n, repeat=5)) / n
    print(f"PARK_SCORE 31×1: {best * 1e6:.2f} µs per call (target < {TARGET_SECONDS * 1e6:.0f} µs)")

"""Benchmark of the case workbook: build, fill, and read-and-validate vs bare openpyxl.

Run: ``python benchmarks/bench_workbook.py [--repeat N]``.  Prints a table and exits 1 when
reading one case takes more than 1.5× openpyxl's bare ``load_workbook`` of the same file
(the target of issue 3).  Times are the median of N runs (default 15), per case.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

import openpyxl

from greendiag.generator import samples
from greendiag.workbooks import build_template, fill_case, read_case

TARGET = 1.5


def _median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _bare_load(path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        openpyxl.load_workbook(path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args(argv)
    rows = []
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        for label, make in (("园区", samples.sample_park), ("企业", samples.sample_enterprise_large)):
            case = make()
            kind = "park" if label == "园区" else "enterprise"
            build = _median(lambda: build_template(kind, d / "t.xlsx", overwrite=True), args.repeat)  # noqa: B023 - called at once
            fill = _median(lambda: fill_case(case, d / "c.xlsx", overwrite=True), args.repeat)  # noqa: B023 - called at once
            path = d / "c.xlsx"
            _bare_load(path)
            read_case(path)  # warm caches (imports, params)
            bare = _median(lambda: _bare_load(path), args.repeat)  # noqa: B023 - called at once
            read = _median(lambda: read_case(path), args.repeat)  # noqa: B023 - called at once
            result = read_case(path)
            assert result.case == case, result.errors
            ratio = read / bare
            worst = max(worst, ratio)
            rows.append((label, build, fill, bare, read, ratio, path.stat().st_size))
    print(f"{'类型':<4} {'建模板 ms':>10} {'填写 ms':>9} {'openpyxl ms':>12} {'读取+校验 ms':>13} {'倍数':>6} {'文件 KB':>8}")
    for label, build, fill, bare, read, ratio, size in rows:
        print(f"{label:<4} {build * 1000:>10.1f} {fill * 1000:>9.1f} {bare * 1000:>12.1f} {read * 1000:>13.1f} {ratio:>6.2f} {size / 1024:>8.0f}")
    ok = worst <= TARGET
    print(f"读取一个案例 / openpyxl.load_workbook 最大倍数 {worst:.2f}（目标 ≤ {TARGET}）：{'达标' if ok else '未达标'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark of the case workbook: build, fill, and read-and-validate vs bare openpyxl.

Run: ``python benchmarks/bench_workbook.py [--repeat N]``.  Prints a table of CPU times (this
process's, so that other work on a shared machine does not count; wall times beside them) and
exits 1 when reading and validating one case takes more than 1.0× openpyxl's bare
``load_workbook`` of the same file (issue 23), or building a park template more than 150 ms or
filling one more than 250 ms of CPU.  Times are the median of N runs (default 15), per case.
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

TARGET = 1.0
BUILD_MS, FILL_MS = 150, 250


def _median(fn, repeat: int) -> float:
    """Median CPU seconds of ``fn`` over ``repeat`` runs (the wall median goes to ``_WALL``)."""
    cpu, wall = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - t)
    _WALL.append(statistics.median(wall))
    return statistics.median(cpu)


_WALL: list[float] = []


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
            rows.append((label, build, fill, bare, read, ratio, path.stat().st_size, _WALL[-4:]))
    print("CPU ms（括号内为墙钟 ms）")
    print(f"{'类型':<4} {'建模板':>14} {'填写':>14} {'openpyxl':>14} {'读取+校验':>14} {'倍数':>6} {'文件 KB':>8}")
    for label, build, fill, bare, read, ratio, size, wall in rows:
        cells = [f"{c * 1000:.0f} ({w * 1000:.0f})" for c, w in zip((build, fill, bare, read), wall)]
        print(f"{label:<4} {cells[0]:>14} {cells[1]:>14} {cells[2]:>14} {cells[3]:>14} {ratio:>6.2f} {size / 1024:>8.0f}")
    park = rows[0]
    ok = worst <= TARGET and park[1] * 1000 <= BUILD_MS and park[2] * 1000 <= FILL_MS
    print(f"读取一个案例 / openpyxl.load_workbook 最大倍数 {worst:.2f}（目标 ≤ {TARGET}）；园区建模板 {park[1] * 1000:.0f} ms"
          f"（目标 ≤ {BUILD_MS}）、填写 {park[2] * 1000:.0f} ms（目标 ≤ {FILL_MS}）：{'达标' if ok else '未达标'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

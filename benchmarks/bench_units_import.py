"""Benchmark of ``greendiag units import``: the three national lists (3,303 rows) into a fresh registry.

Run: ``python benchmarks/bench_units_import.py [--registry URL] [--repeat N] [--data DIR]``.  Prints the time
of a first import of all rows (no ``--region``) and of a re-import (nothing changes), the median of N runs
(default 3), and exits 1 when the first import takes 10 s or more (the target of issue 19).  Without
``--registry`` each run uses a new SQLite file; a PostgreSQL URL must name an empty database (one run).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from greendiag.generator.units import import_list

TARGET = 10.0
FILES = (("绿色工厂名单.csv", "绿色工厂"), ("绿色工业园区名单.csv", "绿色工业园区"),
         ("绿色供应链管理示范企业名单.csv", "绿色供应链管理企业"))


def _import_all(data: Path, registry: str) -> tuple[float, int]:
    t = time.perf_counter()
    n = 0
    for name, kind in FILES:
        n += import_list(data / name, list_kind=kind, level="国家级", registry=registry).summary.new
    return time.perf_counter() - t, n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data" / "national-green-lists")
    ap.add_argument("--registry", default="")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if not args.data.is_dir():
        args.data = Path("/work/shared/data/national-green-lists")
    first, again = [], []
    for _ in range(args.repeat if not args.registry else 1):
        with tempfile.TemporaryDirectory() as tmp:
            target = args.registry or str(Path(tmp) / "登记库.sqlite")
            t, n = _import_all(args.data, target)
            first.append(t)
            t2, n2 = _import_all(args.data, target)
            again.append(t2)
            assert n2 == 0, n2
    med = statistics.median(first)
    print(f"首次导入 {n} 行：{med:.2f} s（中位数，{len(first)} 次）；重复导入：{statistics.median(again):.2f} s；目标 < {TARGET:.0f} s")
    return 0 if med < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())

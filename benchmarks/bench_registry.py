"""Benchmark of the registry (issue 18): a batch with and without ``--registry``, and a ledger import.

Run:  python benchmarks/bench_registry.py [--cases 200] [--jobs 1] [--pg URL]

* ``batch``: the same N case workbooks (``bench_batch.make_cases``) through
  :func:`greendiag.generator.batch.run_batch` without a registry and with a fresh SQLite registry (and a
  PostgreSQL one with ``--pg``); each timing is the best of ``--repeat`` runs, alternating, so that a busy
  machine slows both alike.  Target: with the registry ≤ 1.2× without.
* ``import``: the with-registry ledger of those N cases, one officer entry typed on every row
  (核定奖励金额, as openpyxl saves it), imported by :func:`greendiag.generator.registry_sync.import_ledger`.
  Target: a 200-row ledger in < 2 s.

Not part of the test run.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _batch(src: Path, out: Path, jobs: int, registry: str | None) -> tuple[float, float]:
    """``(wall seconds, CPU seconds of this process)``; with ``jobs=1`` the CPU time is the whole batch's
    (SQLite included; a PostgreSQL server's own CPU is not), and unlike the wall time it does not grow when
    other programs share the cores."""
    from greendiag.generator.batch import run_batch

    if out.exists():
        shutil.rmtree(out)
    start, cpu = time.perf_counter(), time.process_time()
    run_batch([src], out, jobs=jobs, registry=registry, force=True)
    return time.perf_counter() - start, time.process_time() - cpu


def _type_amounts(ledger: Path) -> int:
    import openpyxl

    from greendiag.workbooks.ledger import FIRST_ROW, LIST_COL, LIST_SHEET

    wb = openpyxl.load_workbook(ledger)
    ws = wb[LIST_SHEET]
    n = 0
    for r in range(FIRST_ROW, ws.max_row + 1):
        tier = ws.cell(r, LIST_COL["reward_tier"]).value
        if isinstance(tier, (int, float)):
            ws.cell(r, LIST_COL["approved_amount"]).value = round(tier * 0.8, 2)
            n += 1
    wb.save(ledger)
    return n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--pg", help="a PostgreSQL URL (an empty database) to time as well")
    args = ap.parse_args()
    from bench_batch import make_cases

    from greendiag.generator.batch import ledger_path
    from greendiag.generator.registry_sync import import_ledger
    from greendiag.registry import open_registry

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        src = root / "cases"
        src.mkdir()
        t0 = time.perf_counter()
        make_cases(args.cases, src)
        print(f"{args.cases} case workbooks written in {time.perf_counter() - t0:.1f} s")
        plain, sqlite, pg = [], [], []
        for k in range(args.repeat):
            plain.append(_batch(src, root / "plain", args.jobs, None))
            sqlite.append(_batch(src, root / "reg", args.jobs, str(root / f"reg{k}.sqlite")))
            if args.pg:
                pg.append(_batch(src, root / "pg", args.jobs, args.pg))
        for name, runs in (("without registry", plain), ("with SQLite registry (new file each run)", sqlite),
                           ("with PostgreSQL registry (first run new, then repeated)", pg)):
            if runs:
                wall, cpu = min(r[0] for r in runs), min(r[1] for r in runs)
                ratio = "" if runs is plain else \
                    f" = {wall / min(r[0] for r in plain):.2f}× wall, {cpu / min(r[1] for r in plain):.2f}× CPU"
                print(f"batch {name}: {wall:.2f} s wall, {cpu:.2f} s CPU (best of {args.repeat}){ratio}")
        ledger = ledger_path(root / "reg")
        n = _type_amounts(ledger)
        with open_registry(root / f"reg{args.repeat - 1}.sqlite") as reg:
            start, cpu = time.perf_counter(), time.process_time()
            summary = import_ledger(reg, ledger)
            took, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(f"ledger import, {n} rows with an entry each: {took:.2f} s wall, {cpu:.2f} s CPU ({summary.applied} entries applied)")


if __name__ == "__main__":
    main()

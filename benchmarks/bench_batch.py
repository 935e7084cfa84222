"""Benchmark of ``greendiag batch``: throughput with 1 process and all cores, peak memory.

Run:  python benchmarks/bench_batch.py [--cases 200] [--small 50] [--no-docs]

Builds N case workbooks with ``greendiag.workbooks.fill_case`` (variants of the sample park and
enterprises, several providers), then runs :func:`greendiag.generator.batch.run_batch` with ``--docs``
(each case's annexes generated) once with ``jobs=1`` and once with ``jobs=os.cpu_count()``.
Each measurement runs in a fresh Python process so that the memory figures do not add up:

* parent: ``tracemalloc`` peak of Python allocations in the batch process (separate runs:
  tracing slows every allocation, so the timing runs are untraced);
* children: ``ru_maxrss`` of the worker processes (``RUSAGE_CHILDREN``: the largest one);
* whole: ``ru_maxrss`` of the batch process itself;
* CPU: user + system seconds of the batch process and its workers, with the load average, so
  that a run on a busy machine can still tell parallel overhead (CPU per case grows) from
  contention (CPU per case equal, wall time longer).

Targets (issue 6): on 2 cores all cores ≥ 1.6× the single-process rate; 200 cases with
documents within 15 s (issue 23); peak memory flat between 50 and 200 cases; CPU per case is
printed next to bare docxtpl's per case.  Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path


def make_cases(n: int, out_dir: Path) -> list[Path]:
    """Write ``n`` varied case workbooks into ``out_dir`` (fill_case of sample variants)."""
    from greendiag.generator import samples
    from greendiag.workbooks import fill_case

    bases = (samples.sample_park, samples.sample_enterprise_large, samples.sample_enterprise_small)
    paths = []
    for k in range(n):
        case = bases[k % 3]()
        provider = f"基准服务商{k % 7}（虚构）"
        case = case.model_copy(
            update={
                "application": case.application.model_copy(
                    update={"name": f"{case.application.name}{k:03d}", "credit_code": "", "district": f"区{k % 16}"}
                ),
                "provider": case.provider.model_copy(update={"name": provider}),
                "satisfaction": case.satisfaction.model_copy(update={"level": ("满意", "不满意", "一般")[k % 3]}),
            }
        )
        district = out_dir / f"区{k % 16:02d}"
        district.mkdir(parents=True, exist_ok=True)
        paths.append(fill_case(case, district / f"case{k:03d}.xlsx"))
    return paths


def _one(n: int, jobs: int, docs: bool, cases_dir: Path, trace: bool) -> dict:
    """One measurement in this process: run the batch, report time and memory as a dict.

    ``trace`` turns on ``tracemalloc`` for the run; it slows every allocation (and forked
    workers inherit it), so timing runs go without it and memory runs with it.
    """
    import resource
    import tracemalloc

    from greendiag.generator.batch import run_batch

    with tempfile.TemporaryDirectory(prefix="greendiag-bench-out-") as out:
        if trace:
            tracemalloc.start()
        t0 = time.perf_counter()
        result = run_batch([cases_dir], out, docs=docs, jobs=jobs, as_of=date(2027, 1, 1))
        seconds = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1] if trace else float("nan")
        tracemalloc.stop()
        me = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return {
        "cases": n,
        "jobs": jobs,
        "trace": trace,
        "read": result.read,
        "failed": result.failed,
        "documents": len(result.docs),
        "seconds": seconds,
        "rate": n / seconds,
        "cpu_seconds": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
        "load": os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan"),
        "parent_py_peak_mb": peak / 2**20,
        "parent_rss_mb": me.ru_maxrss * scale / 2**20,
        "child_rss_mb": kids.ru_maxrss * scale / 2**20,
    }


def bare_docxtpl_cpu_per_case(runs: int = 3) -> float:
    """CPU seconds of stock docxtpl rendering one case's annexes (same templates and contexts, charts
    and photos prepared beforehand), the mean over the batch's three sample kinds: the floor a
    batch with documents is compared with (``bench_generate.bare_docxtpl``)."""
    from bench_generate import bare_docxtpl

    from greendiag.forms import contexts_for
    from greendiag.generator import samples
    from greendiag.rules import assess_case

    contexts = [contexts_for(c, assess_case(c)) for c in
                (samples.sample_park(), samples.sample_enterprise_large(), samples.sample_enterprise_small())]
    for ctx in contexts:  # warm: imports, fonts
        bare_docxtpl(ctx)
    t = time.process_time()
    for _ in range(runs):
        for ctx in contexts:
            bare_docxtpl(ctx)
    return (time.process_time() - t) / (runs * len(contexts))


def measure(n: int, jobs: int, docs: bool, cases_dir: Path, trace: bool) -> dict:
    """Run :func:`_one` in a fresh interpreter so that ru_maxrss covers this run only."""
    cmd = [sys.executable, __file__, "--one", str(n), "--jobs", str(jobs), "--cases-dir", str(cases_dir)]
    if not docs:
        cmd.append("--no-docs")
    if trace:
        cmd.append("--trace")
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"measurement failed:\n{proc.stdout}\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=200)
    ap.add_argument("--small", type=int, default=50)
    ap.add_argument("--no-docs", action="store_true")
    ap.add_argument("--no-memory", action="store_true", help="skip the (slower) tracemalloc runs")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--jobs", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--cases-dir", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    docs = not args.no_docs
    if args.one is not None:
        print(json.dumps(_one(args.one, args.jobs, docs, args.cases_dir, args.trace)))
        return 0

    cores = os.cpu_count() or 1
    rows = []
    with tempfile.TemporaryDirectory(prefix="greendiag-bench-") as tmp:
        dirs = {}
        for n in sorted({args.small, args.cases}):
            dirs[n] = Path(tmp, f"cases{n}")
            t0 = time.perf_counter()
            make_cases(n, dirs[n])
            print(f"built {n} case workbooks in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        plan = [(args.cases, 1, False), (args.cases, cores, False)]  # timing, untraced
        if not args.no_memory:
            plan += [(args.small, cores, True), (args.cases, cores, True)]  # memory, traced
        for n, jobs, trace in plan:
            rows.append(measure(n, jobs, docs, dirs[n], trace))
            print(f"  measured n={n} jobs={jobs} trace={trace}", file=sys.stderr)

    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    print(f"{cores} cores; load average now {load[0]:.1f} (other work on the machine slows every figure)"
          if load else f"{cores} cores")
    head = (
        f"{'cases':>5} {'jobs':>4} {'trace':>5} {'docs':>5} {'seconds':>8} {'cases/s':>8} {'CPU s':>7} {'load':>5} "
        f"{'py peak MB':>10} {'parent RSS':>10} {'child RSS':>9}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        print(
            f"{r['cases']:>5} {r['jobs']:>4} {'yes' if r['trace'] else 'no':>5} {r['documents']:>5} {r['seconds']:>8.1f} "
            f"{r['rate']:>8.2f} {r['cpu_seconds']:>7.1f} {r['load']:>5.1f} "
            f"{r['parent_py_peak_mb']:>10.1f} {r['parent_rss_mb']:>10.1f} {r['child_rss_mb']:>9.1f}"
        )
    single, multi = rows[0], rows[1]
    print()
    print(f"speed-up with {cores} cores: {multi['rate'] / single['rate']:.2f}x (target on 2 cores: >= 1.6x)")
    print(
        f"CPU time per case: {single['cpu_seconds'] / args.cases:.2f} s with 1 process, "
        f"{multi['cpu_seconds'] / args.cases:.2f} s with {cores} (equal = no parallel overhead; a wall-clock "
        "speed-up below the target on a loaded machine comes from the load, see the load column)"
    )
    if docs:
        bare = bare_docxtpl_cpu_per_case()
        print(f"CPU per case next to bare docxtpl: batch {single['cpu_seconds'] / args.cases:.3f} s (read, assess, "
              f"render, write, ledger share) vs bare docxtpl {bare:.3f} s (render only) = "
              f"{single['cpu_seconds'] / args.cases / bare:.2f}x")
    print(f"{args.cases} cases {'with' if docs else 'without'} documents on all cores: {multi['seconds']:.1f} s "
          "(target: <= 15 s with documents on 2 cores)")
    if not args.no_memory:
        small, big = rows[2], rows[3]
        print(
            f"memory {args.small} → {args.cases} cases ({cores} jobs): parent Python peak "
            f"{small['parent_py_peak_mb']:.1f} → {big['parent_py_peak_mb']:.1f} MB, parent RSS "
            f"{small['parent_rss_mb']:.0f} → {big['parent_rss_mb']:.0f} MB, largest worker RSS "
            f"{small['child_rss_mb']:.0f} → {big['child_rss_mb']:.0f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark of issue 12: 120+ workbooks as people send them through every face, with peak memory.

Run:  python benchmarks/bench_robustness.py [--cases 120] [--keep DIR]

Builds (at run time, nothing committed) a corpus of edited sample cases (``tests/corpus/edits.py``,
seeded: pasted text with Excel escapes and invisible characters, error values, absurd numbers,
credit codes as numbers, copied and hidden sheets, rows below tables, inserted rows and columns …)
plus hostile and awkward files: a merged range ``F1:XFD1048576``, a 1 MB file whose
``docProps/core.xml`` inflates to 1 GB, zip bombs, XXE, a .xlsx renamed .xls, an old .xls, a
``.xlsm``, unit names of 244 characters, of rare 4-byte characters and with rich markup, a file
name with control characters and a symbolic link out of the folder.  Then, each in a fresh
process (``ru_maxrss`` is that process's peak):

* ``check``: ``greendiag check`` on every file; the hostile ones each in a process of their own;
* ``generate``: ``greendiag generate`` on every file;
* ``batch``: ``greendiag batch --docs`` over the folder (2 worker processes);
* ``button``: ``run_for_workbook`` on a copy of every file.

Counted: tracebacks (an exception other than the command's exit, or “意外错误”), silent misreads
(a case read although an edit cannot be, or read differently from what the cells show), modified
inputs (SHA-256 before/after), files written outside the output folder.  Targets: all 0; peak
memory under 500 MB per process for every input under 5 MB.  Not part of the test run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build(folder: Path, n: int) -> dict[str, dict]:
    """Write the corpus into ``folder``; ``{file name: {"kind", "expect", "hostile"}}``."""
    from greendiag.generator import samples
    from greendiag.workbooks import fill_case
    from tests import corpus
    from tests.corpus.edits import make_corpus

    folder.mkdir(parents=True, exist_ok=True)
    meta: dict[str, dict] = {}
    for path, kind, exp in make_corpus(folder, n=n, seed=12):
        meta[path.name] = {"kind": kind.name, "problems": exp.problems, "changes": _jsonable(exp.changes),
                           "notes": exp.notes, "hostile": False}
    with tempfile.TemporaryDirectory() as tmp:
        valid = fill_case(samples.sample_park(), Path(tmp) / "park.xlsx")
        ent = fill_case(samples.sample_enterprise_small(), Path(tmp) / "ent.xlsx")
        hostile = {
            "merged_F1_XFD1048576.xlsx": lambda p: corpus.make_huge_merge(valid, p),
            "core_xml_1GB.xlsx": lambda p: corpus.make_core_bomb(valid, p, mb=1024),
            "zip_bomb.xlsx": lambda p: corpus.make_zip_bomb_total(p),
            "zip_bomb_ratio.xlsx": lambda p: corpus.make_zip_bomb_ratio(p),
            "xxe.xlsx": lambda p: corpus.make_xxe(valid, p),
            "billion_laughs.xlsx": lambda p: corpus.make_billion_laughs(valid, p),
            "old_real.xls": lambda p: corpus.make_old_ole(p),
            "csv_renamed.xlsx": lambda p: corpus.make_text_renamed(p),
            "truncated.xlsx": lambda p: corpus.make_truncated(valid, p),
            "dense_600k_cells.xlsx": lambda p: corpus.rewrite_member(valid, p, "xl/worksheets/sheet1.xml", _dense),
        }
        for name, make in hostile.items():
            make(folder / name)
            meta[name] = {"hostile": True}
        awkward = {
            "renamed_xlsx.xls": ent,
            "macro_case.xlsm": ent,
            "ctrl\x01name.xlsx": ent,
        }
        for name, src in awkward.items():
            shutil.copy(src, folder / name)
            meta[name] = {"kind": "ENTERPRISE", "problems": [], "changes": {}, "notes": [name], "hostile": False,
                          "same_as": "enterprise_small"}
        base = samples.sample_enterprise_small()
        for name, unit in (("long_name.xlsx", "北京示例" * 60 + "（虚构）"),
                           ("rare_chars.xlsx", "\U00020000\U0002A6A5" * 40),
                           ("markup.xlsx", "[/]示例[bold]企业[/")):
            case = base.model_copy(update={"application": base.application.model_copy(update={"name": unit})})
            fill_case(case, folder / name)
            meta[name] = {"kind": "ENTERPRISE", "problems": [], "changes": {"application.name": unit},
                          "notes": [name], "hostile": False, "same_as": "enterprise_small"}
    outside = folder.parent / "elsewhere"
    outside.mkdir(exist_ok=True)
    shutil.copy(folder / "renamed_xlsx.xls", outside / "target.xlsx")
    (folder / "link_out.xlsx").symlink_to(outside / "target.xlsx")
    return meta


def _dense(_data: bytes) -> bytes:
    """9 MB of tiny cells: within the XML size limits, 650 MB if openpyxl loaded three of them."""
    row = "".join("<c><v>1</v></c>" for _ in range(50))
    rows = "".join(f'<row r="{r}">{row}</row>' for r in range(1, 12_000))
    return ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + rows + "</sheetData></worksheet>").encode()


def _jsonable(changes: dict) -> dict:
    return {k: ([m.model_dump() for m in v] if k == "team+" else v) for k, v in changes.items()}


def _expectation(meta: dict):
    from greendiag.rules.models import CaseKind, TeamMember
    from tests.corpus.edits import Expect

    changes = dict(meta["changes"])
    if "team+" in changes:
        changes["team+"] = [TeamMember(**m) for m in changes["team+"]]
    return CaseKind[meta["kind"]], Expect(changes=changes, problems=[tuple(p) for p in meta["problems"]],
                                           notes=meta["notes"])


def verdict(path: Path, meta: dict) -> str:
    from greendiag.generator import samples
    from greendiag.workbooks import read_case
    from tests.corpus.edits import expected_case
    from tests.test_robustness import verdict as judge

    result = read_case(path)
    if meta.get("hostile"):
        if result.case is not None or not result.errors:
            return "hostile file accepted"
        return "traceback" if any("意外错误" in p.message for p in result.problems) else ""
    kind, exp = _expectation(meta)
    if meta.get("same_as") == "enterprise_small":
        want = expected_case(samples.sample_enterprise_small(), exp)
        if not result.ok or result.case != want:
            return f"misread {[(p.sheet, p.cell, p.message) for p in result.errors]}"
        return ""
    return judge(result, kind, exp)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rss_mb() -> tuple[float, float]:
    scale = 1 if sys.platform == "darwin" else 1024
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale / 2**20
    return me, kids


def worker(face: str, folder: Path, out: Path, files: list[str], meta: dict) -> dict:
    """One face over ``files`` in this process: counts and this process's peak memory."""
    from typer.testing import CliRunner

    from greendiag.cli import app

    runner = CliRunner()
    tracebacks, misreads, notes = 0, 0, []
    t0 = time.perf_counter()
    if face == "check":
        for name in files:
            path = folder / name
            res = runner.invoke(app, ["check", str(path)])
            if (res.exception is not None and not isinstance(res.exception, SystemExit)) or "意外错误" in res.output:
                tracebacks += 1
                notes.append(f"{name}: {res.exception!r}")
            if name in meta and meta[name].get("notes") is not None or meta.get(name, {}).get("hostile"):
                why = verdict(path, meta[name]) if name in meta else ""
                if why:
                    misreads += 1
                    notes.append(f"{name}: {why[:300]}")
    elif face == "generate":
        for name in files:
            res = runner.invoke(app, ["generate", str(folder / name), "--out", str(out / Path(name).stem)])
            if (res.exception is not None and not isinstance(res.exception, SystemExit)) or "意外错误" in res.output:
                tracebacks += 1
                notes.append(f"{name}: {res.exception!r} {res.output[-300:]}")
    elif face == "batch":
        res = runner.invoke(app, ["batch", str(folder), "--out", str(out), "--docs", "--jobs", "2"])
        if res.exception is not None and not isinstance(res.exception, SystemExit) or res.exit_code != 0:
            tracebacks += 1
            notes.append(f"batch: {res.exception!r} {res.output[-500:]}")
        import openpyxl

        led = openpyxl.load_workbook(next(out.glob("*.xlsx")), read_only=True)
        text = " ".join(str(c) for ws in led.worksheets for row in ws.iter_rows(values_only=True) for c in row if c)
        if "意外" in text or "异常退出" in text:
            tracebacks += 1
            notes.append("ledger names an unexpected error")
        listed = {row[1] for row in led.worksheets[0].iter_rows(min_row=1, values_only=True) if row and len(row) > 1}
        missing = [n for n in files if n.replace("\x01", "") not in listed and n not in listed]
        if missing:
            notes.append(f"not on the work list: {missing}")
            misreads += len(missing)
    elif face == "button":
        from greendiag.addin.ribbon import run_for_workbook

        for name in files:
            try:
                run_for_workbook(folder / name)
            except Exception as exc:
                tracebacks += 1
                notes.append(f"{name}: {exc!r}")
    me, kids = _rss_mb()
    return {"face": face, "files": len(files), "tracebacks": tracebacks, "misreads": misreads,
            "seconds": time.perf_counter() - t0, "rss_mb": me, "child_rss_mb": kids, "notes": notes[:20]}


def run(face: str, folder: Path, out: Path, files: list[str], meta_path: Path) -> dict:
    cmd = [sys.executable, __file__, "--worker", face, "--folder", str(folder), "--out", str(out),
           "--meta", str(meta_path), "--files", json.dumps(files)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        return {"face": face, "files": len(files), "tracebacks": 1, "misreads": 0, "seconds": 0, "rss_mb": float("nan"),
                "child_rss_mb": float("nan"), "notes": [proc.stderr[-800:]]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=120)
    ap.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--meta", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--files", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        meta = json.loads(args.meta.read_text(encoding="utf-8"))
        print(json.dumps(worker(args.worker, args.folder, args.out, json.loads(args.files), meta), ensure_ascii=False))
        return 0

    tmp = Path(tempfile.mkdtemp(prefix="greendiag-robust-")) if args.keep is None else args.keep
    root = tmp / "in"
    t0 = time.perf_counter()
    meta = build(root, args.cases)
    meta_path = tmp / "meta.json"
    meta_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    names = sorted(p.name for p in root.iterdir() if not p.is_symlink())
    sizes = {n: (root / n).stat().st_size for n in names}
    print(f"built {len(names)} workbooks ({args.cases} edited cases, {len(names) - args.cases} hostile/awkward) "
          f"in {time.perf_counter() - t0:.0f} s; largest {max(sizes.values()) / 2**20:.1f} MB", file=sys.stderr)
    before_hash = {n: sha(root / n) for n in names}
    before_tree = {p for p in tmp.rglob("*")}

    rows = []
    hostile = [n for n in names if meta.get(n, {}).get("hostile")]
    ordinary = [n for n in names if n not in hostile]
    for n in hostile:  # each hostile file alone: its own peak
        rows.append(run("check", root, tmp / "o-check", [n], meta_path) | {"label": f"check {n}"})
    rows.append(run("check", root, tmp / "o-check", ordinary, meta_path) | {"label": "check (edited corpus)"})
    rows.append(run("generate", root, tmp / "o-generate", names, meta_path) | {"label": "generate"})
    rows.append(run("batch", root, tmp / "o-batch", names + ["link_out.xlsx"], meta_path) | {"label": "batch --docs"})
    written = {p for p in tmp.rglob("*")} - before_tree
    outside = [p for p in written if not any(q in p.parents or q == p for q in
                                             (tmp / "o-check", tmp / "o-generate", tmp / "o-batch"))]
    button_dir = tmp / "button"
    shutil.copytree(root, button_dir, symlinks=True)
    before_button = {p for p in button_dir.rglob("*")}
    rows.append(run("button", button_dir, button_dir, names, meta_path) | {"label": "run_for_workbook"})
    new = {p for p in button_dir.rglob("*")} - before_button
    outside += [p for p in new if not any(part.endswith(("_文书",)) or "_文书_" in part
                                          for part in p.relative_to(button_dir).parts[:1])]
    modified = [n for n in names if sha(root / n) != before_hash[n]]
    modified += [n for n in names if sha(button_dir / n) != before_hash[n]]

    print(f"{'face':<42} {'files':>5} {'tracebacks':>10} {'misreads':>8} {'seconds':>8} {'peak RSS MB':>11} {'workers MB':>10}")
    for r in rows:
        print(f"{r['label'][:42]:<42} {r['files']:>5} {r['tracebacks']:>10} {r['misreads']:>8} {r['seconds']:>8.1f} "
              f"{r['rss_mb']:>11.0f} {r['child_rss_mb']:>10.0f}")
        for note in r["notes"]:
            print(f"    {note}")
    peak = max(max(r["rss_mb"], r["child_rss_mb"]) for r in rows)
    print()
    print(f"tracebacks {sum(r['tracebacks'] for r in rows)}, silent misreads {sum(r['misreads'] for r in rows)}, "
          f"modified inputs {len(modified)}, files outside the output folder {len(outside)}; "
          f"peak memory of any process {peak:.0f} MB (target < 500 MB; inputs up to "
          f"{max(sizes.values()) / 2**20:.1f} MB)")
    for p in outside[:10]:
        print(f"    outside: {p}")
    if args.keep is None:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

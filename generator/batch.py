"""``greendiag batch``: many case workbooks in, one ledger workbook (批次台账) out.

The city bureau gathers the districts' cases into a batch work list, reviews the reports and
pays capped rewards per provider and year while watching providers for disqualification
(《北京市制造业绿色诊断工作规则》第六至八条、第十八至二十二条).  :func:`run_batch`:

1. finds the ``*.xlsx`` files (recursively in directories; ``~$`` lock files, hidden files,
   files inside the output directory and earlier ledgers are skipped);
2. reads them in parallel (``ProcessPoolExecutor``, one task per file; ``jobs=1`` runs in
   this process): each worker loads the workbook once (``greendiag.generator.load.load_case``: read,
   calendar, ``greendiag.rules.assess_case``), optionally generates its annexes from it (``--docs``,
   templates compiled in the parent before the workers fork) and returns only a
   small picklable :class:`FileResult` (a flat :class:`~greendiag.generator.ledger.CaseRow` and the
   problems) — never a workbook;
3. aggregates in Python (:func:`greendiag.generator.ledger.compute_ledger`) and writes the ledger
   atomically (:func:`greendiag.generator.ledger.write_ledger`).

One broken file never stops the batch: whatever goes wrong with it becomes rows of 问题清单
and a grey row of 批次工作清单.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import time
import zipfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from greendiag.generator.ledger import (
    DOUBTFUL_PREFIXES,
    CaseRow,
    Ledger,
    ProblemRow,
    case_row,
    compute_ledger,
    write_ledger,
)
from greendiag.rules.holidays import HolidayCalendar
from greendiag.workbooks.ledger import LEDGER_MARKER, LEDGER_STEM

if TYPE_CHECKING:
    from greendiag.generator.load import LoadedCase

DOCS_DIR = "文档"


class BatchError(ValueError):
    """Bad arguments for a batch (Chinese message naming the argument); nothing was written."""


@dataclass(frozen=True)
class FileResult:
    """What a worker sends back for one file: small and picklable."""

    file: str
    row: CaseRow
    problems: tuple[ProblemRow, ...] = ()
    docs: tuple[str, ...] = ()
    seconds: float = 0.0
    sha256: str = ""
    """SHA-256 of the workbook's bytes (recorded in the registry with the facts read from it)."""


@dataclass
class BatchResult:
    """Outcome of :func:`run_batch`: the ledger path and what it holds."""

    ledger_path: Path
    ledger: Ledger
    files: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    imports: list = field(default_factory=list)
    """With a registry: what each ledger imported first applied (``registry_sync.ImportSummary``)."""

    @property
    def read(self) -> int:
        return sum(1 for f in self.files if f.row.ok)

    @property
    def failed(self) -> int:
        return sum(1 for f in self.files if not f.row.ok)

    @property
    def docs(self) -> list[str]:
        return [d for f in self.files for d in f.docs]


# --------------------------------------------------------------------------------------------
# Discovery
# --------------------------------------------------------------------------------------------


CASE_SUFFIXES = (".xlsx", ".xlsm")
"""Case workbooks found in folders (any case).  ``.xlsm``: a case saved with macros enabled."""
OTHER_SPREADSHEETS = (".xls", ".et", ".xlsb", ".ods", ".numbers")
"""Spreadsheets in a folder that cannot be read: listed on 问题清单 with what to do."""
_CORE_LIMIT = 64 * 1024
"""Bytes of ``docProps/core.xml`` read to recognise a ledger (a real one is < 2 KB)."""


def is_ledger(path: Path) -> bool:
    """True for a workbook written by :func:`greendiag.generator.ledger.write_ledger` (marker in its
    document properties) or named like one.

    Reads at most 64 KB of ``docProps/core.xml`` and nothing from a file larger than
    ``greendiag.workbooks.safety.MAX_FILE_BYTES`` or a part declared larger than
    ``MAX_XML_MEMBER`` (the limits of ``greendiag check``): a 1 MB file whose properties
    inflate to 1 GB is not read here, and its reader refuses it.
    """
    from greendiag.workbooks.safety import MAX_FILE_BYTES, MAX_XML_MEMBER

    if path.name.startswith(LEDGER_STEM):
        return True
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return False
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo("docProps/core.xml")
            if info.file_size > MAX_XML_MEMBER or info.flag_bits & 0x1:
                return False
            with zf.open(info) as fh:
                core = fh.read(_CORE_LIMIT)
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, ValueError):
        return False
    return LEDGER_MARKER.encode() in core


def _skip(path: Path, out_dir: Path | None) -> bool:
    if path.name.startswith(("~$", ".")):
        return True
    if out_dir is not None and out_dir in path.resolve().parents:
        return True
    return is_ledger(path)


@dataclass(frozen=True)
class Refused:
    """A file found in an input folder and not read: its display name and why (Chinese)."""

    name: str
    reason: str


def discover(
    inputs: Sequence[Path | str], out_dir: Path | str | None = None
) -> tuple[list[tuple[Path, str]], list[Refused]]:
    """``(cases, refused)``: the case workbooks under ``inputs`` (see :func:`find_workbooks`) and
    the files found there that are not read, each with a Chinese reason for 问题清单.

    Folders are walked without following symbolic links; a linked file is taken only when its
    target lies inside the same input folder (then once, under its own name), otherwise it is
    refused, so that nothing is read from, or written next to, a place outside the folder.
    ``.xls``/``.et``/``.xlsb``/``.ods`` files are refused with what to do.
    """
    out = Path(out_dir).resolve() if out_dir is not None else None
    found: dict[Path, str] = {}
    refused: list[Refused] = []
    roots: list[Path] = []
    walked: list[tuple[Path, Path]] = []  # (root, file path as found)
    for raw in inputs:
        p = Path(raw)
        if not p.exists() and not p.is_symlink():
            raise BatchError(f"输入路径不存在：{raw}")
        if p.is_dir():
            root = p.resolve()
            roots.append(root)
            for folder, dirs, names in os.walk(root, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for n in sorted(names):
                    walked.append((root, Path(folder) / n))
        else:
            roots.append(p.resolve().parent)
            if not p.name.startswith("~$") and not is_ledger(p):
                found.setdefault(p.resolve(), "")
    base = Path(os.path.commonpath([str(r) for r in roots])) if roots else Path(".")

    def display(q: Path) -> str:
        try:
            return q.relative_to(base).as_posix()
        except ValueError:  # pragma: no cover - different drives on Windows
            return q.name

    for root, q in walked:
        suffix = q.suffix.lower()
        if q.name.startswith(("~$", ".")) or suffix not in CASE_SUFFIXES + OTHER_SPREADSHEETS:
            continue
        if out is not None and (q.parent == out or out in q.parents):
            continue
        if q.is_symlink():
            target = q.resolve()
            if root not in target.parents or not target.is_file():
                refused.append(Refused(display(q), "是指向输入文件夹以外（或不存在）的快捷方式/符号链接，未读取：请把工作簿本身复制到文件夹中"))
                continue
            q = target
        elif not q.is_file():
            continue
        if suffix in OTHER_SPREADSHEETS and not _is_xlsx(q):
            refused.append(Refused(display(q), f"是 {suffix} 格式，不是 .xlsx 案例工作簿，未读取：请用 Excel/WPS 打开后另存为 .xlsx"))
            continue
        if _skip(q, out):
            continue
        found.setdefault(q.resolve(), "")
    cases = [(q, display(q)) for q in sorted(found)]
    return cases, refused


def _is_xlsx(path: Path) -> bool:
    """A .xlsx saved under another extension (reads only the zip directory)."""
    try:
        with zipfile.ZipFile(path) as zf:
            return "xl/workbook.xml" in zf.namelist()
    except (OSError, zipfile.BadZipFile, ValueError, RuntimeError, EOFError):
        return False


def find_workbooks(inputs: Sequence[Path | str], out_dir: Path | str | None = None) -> list[tuple[Path, str]]:
    """``(path, display name)`` of every case workbook under ``inputs``, sorted, no repeats.

    Directories are searched recursively for ``*.xlsx`` and ``*.xlsm`` (any case) without
    following symbolic links out of them, skipping ``~$`` lock files, hidden files, anything
    inside ``out_dir`` and earlier ledgers; files named explicitly are taken as given (so that a
    misnamed or corrupt file is reported, not silently dropped), except lock files and ledgers.
    The display name is the path relative to the common parent of the inputs.  Raises
    :class:`BatchError` naming an input that does not exist.  :func:`discover` also returns the
    files refused.
    """
    return discover(inputs, out_dir)[0]


# --------------------------------------------------------------------------------------------
# Worker
# --------------------------------------------------------------------------------------------


def _problem(file: str, p: object) -> ProblemRow:
    """A ``workbooks.Problem`` (or anything with similar attributes) as a 问题清单 row."""

    def get(*names: str) -> str:
        for n in names:
            v = getattr(p, n, None)
            if v is not None and v != "":
                return str(getattr(v, "value", v))
        return ""

    level = get("level", "severity") or "错误"
    level = {"error": "错误", "warning": "警告", "info": "提示"}.get(level.lower(), level)
    return ProblemRow(
        file=file,
        sheet=get("sheet"),
        cell=get("cell", "ref"),
        value=get("value")[:200],
        message=get("message", "text") or str(p),
        level=level,
    )


def _is_error(p: ProblemRow) -> bool:
    return p.level in ("错误", "严重")


def process_file(
    path: str, display: str, docs_dir: str | None = None, force: bool = False, year: int | None = None,
    calendar: HolidayCalendar | None = None,
) -> FileResult:
    """Read, assess and (with ``docs_dir``) generate the annexes of one case workbook.

    With ``year`` the annexes are generated only for a case of that 计入年度; ``calendar`` (the
    batch's ``--calendar`` file) adds holiday years a workbook's 节假日安排 table lacks.

    Never raises for a bad file: every failure is returned as problems with ``row.ok`` False.
    Runs in a worker process; the result is small and picklable.
    """
    start = time.perf_counter()
    problems: list[ProblemRow] = []
    docs: list[str] = []
    sha = ""
    try:
        from greendiag.generator.load import load_case

        # the one read of this workbook; salvage: a bad cell is listed, the case still counts (blank there)
        loaded = load_case(path, calendar=calendar, salvage=True)
        sha = loaded.sha256
        problems = [_problem(display, p) for p in loaded.problems]
        if loaded.case is None or loaded.assessment is None:
            n = sum(1 for p in problems if _is_error(p))
            if not problems:
                problems.append(ProblemRow(display, message="工作簿未能读出案例（原因不明）"))
            row = CaseRow(file=display, ok=False, status=f"未能读取（{n or len(problems)} 个问题）")
        else:
            row = case_row(loaded.case, loaded.assessment, display, problem_count=len(problems))
            if loaded.salvaged:
                n = sum(1 for p in problems if _is_error(p))
                row = dataclasses.replace(row, status=f"已读取（{n} 个错误：该处按空白计，见问题清单）")
            if docs_dir is not None and (year is None or row.year == year):
                made, doc_problem = _generate(loaded, display, docs_dir, force)  # refuses a salvaged case
                if made is not None:  # its warnings add what check finds (the report's verdicts)
                    problems = [_problem(display, p) for p in made.warnings]
                    row = case_row(loaded.case, loaded.assessment, display, problem_count=len(problems))
                    docs = [str(d) for d in made.documents]
                if doc_problem is not None:
                    problems.append(doc_problem)
    except Exception as exc:
        problems.append(ProblemRow(display, message=f"无法读取该文件：{_reason(exc)}", level="错误"))
        row = CaseRow(file=display, ok=False, status="未能读取（文件损坏或格式不符）")
        sha = sha or _sha256(path)
    return FileResult(display, row, tuple(problems), tuple(docs), time.perf_counter() - start, sha)


def _sha256(path: str) -> str:
    import hashlib

    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return ""


def _generate(loaded: LoadedCase, display: str, docs_dir: str, force: bool):
    """``(GenerateResult | None, problem | None)``: the annexes of one loaded case, never raising."""
    from greendiag.generator.pipeline import CaseInvalid, generate_loaded

    try:
        # draft: a case check still finds errors in gets documents named and marked 草稿 (none are left out)
        return generate_loaded(loaded, Path(docs_dir), force=force, draft=True), None
    except CaseInvalid:
        return None, None
    except Exception as exc:
        return None, ProblemRow(display, message=f"未生成文档：{_reason(exc)}", level="错误")


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:300]


def _process_args(args: tuple) -> FileResult:
    return process_file(*args)


# --------------------------------------------------------------------------------------------
# Batch
# --------------------------------------------------------------------------------------------


def ledger_path(out_dir: Path | str, year: int | None = None) -> Path:
    """Where the ledger goes: ``<out>/绿色诊断批次台账.xlsx`` or ``…台账_<year>.xlsx``."""
    suffix = f"_{year}" if year is not None else ""
    return Path(out_dir) / f"{LEDGER_STEM}{suffix}.xlsx"


def _docs_dir(out_dir: Path, display: str) -> Path:
    """``<out>/文档/<display without suffix>``, each part a safe, byte-limited name: never outside ``out``."""
    from greendiag.files import safe_filename

    parts = [safe_filename(x) for x in Path(display).with_suffix("").parts if x not in ("", ".", "..", "/", "\\")]
    return out_dir.joinpath(DOCS_DIR, *(parts or ["案例"]))


def run_batch(
    inputs: Sequence[Path | str],
    out_dir: Path | str,
    *,
    year: int | None = None,
    docs: bool = False,
    jobs: int | None = None,
    force: bool = False,
    as_of: date | None = None,
    on_progress: Callable[[FileResult, int, int], None] | None = None,
    console: object | None = None,
    calendar: HolidayCalendar | None = None,
    registry: str | Path | None = None,
) -> BatchResult:
    """Read every case workbook under ``inputs`` and write the ledger into ``out_dir``.

    ``year`` keeps the cases of that 计入年度 (see :mod:`greendiag.generator.ledger`); ``docs``
    generates each readable case's annexes into ``<out>/文档/<relative path>/``; ``jobs``
    worker processes (default ``os.cpu_count()``; 1 = in this process); ``as_of`` is the
    date overdue follow-ups are judged against (default today); ``calendar`` (``--calendar``) adds
    holiday years to every case (a workbook's own 节假日安排 table wins).  ``console`` (a rich
    ``Console``) shows a progress bar; ``on_progress(result, done, total)`` is called per file.

    ``registry`` (a file path or a PostgreSQL URL, :func:`greendiag.registry.open_registry`): the ledgers
    already in ``out_dir`` are read first (one bad cell refuses the batch, nothing written), then in one
    transaction the cases read are stored, those ledgers' officer entries imported, and the ledger is
    written from every case the registry holds (:mod:`greendiag.generator.registry_sync`); an existing
    ledger is then replaced without ``force`` (its entries are in the registry).

    Raises :class:`BatchError` (Chinese, naming the argument) for a missing input, no
    workbooks found, bad ``jobs``/``year``, an existing ledger without ``force`` or ``registry``, a
    registry that cannot be opened or a ledger in ``out_dir`` with an invalid cell.
    """
    start = time.perf_counter()
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise BatchError(f"--out 应为目录，而 {out} 是文件")
    if jobs is not None and jobs < 1:
        raise BatchError(f"--jobs 应为不小于 1 的整数，而不是 {jobs}")
    if year is not None and not 2000 <= year <= 2100:
        raise BatchError(f"--year 应为四位年份（如 2025），而不是 {year}")
    target = ledger_path(out, year)
    if target.exists() and not force and registry is None:
        raise BatchError(f"台账文件已存在：{target}（如需覆盖请加 --force）")
    earlier = _earlier_ledgers(out, target, force) if registry is not None else []
    files, refused = discover(inputs, out)
    if not files and not refused:
        raise BatchError("在输入路径中没有找到案例工作簿（*.xlsx）：" + "、".join(map(str, inputs)))
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(files)))
    tasks = [
        (str(p), name, str(_docs_dir(out.resolve(), name)) if docs else None, force, year, calendar) for p, name in files
    ]
    results = _run(tasks, jobs, on_progress, console) if tasks else []
    order = {name: k for k, (_, name) in enumerate(files)}
    results.sort(key=lambda r: order[r.file])
    results += [_crashed(r.name, r.reason, status="未读取（文件类型或位置不符）") for r in refused]
    rows = [r.row for r in results]
    problems = [p for r in results for p in r.problems]
    imports: list = []
    if registry is not None:
        rows, problems, imports = _with_registry(registry, results, earlier, problems, str(out))
    ledger = compute_ledger(rows, problems, year=year, as_of=as_of)
    out.mkdir(parents=True, exist_ok=True)
    path = write_ledger(ledger, target, force=force or registry is not None)
    return BatchResult(path, ledger, results, time.perf_counter() - start, imports)


def _earlier_ledgers(out: Path, target: Path, force: bool) -> list:
    """The greendiag ledgers in ``out`` (oldest first), read and checked whole before the batch starts.

    A ledger of an earlier greendiag (no baseline sheet) is passed over, except the one about to be replaced
    without ``force``: then the batch stops (its entries could not be imported)."""
    from greendiag.generator.ledger_entries import LedgerInvalid, LedgerWithoutBaseline, read_entries

    found = sorted((p for p in out.glob(f"{LEDGER_STEM}*.xlsx") if not p.name.startswith("~$")),
                   key=lambda p: (p.stat().st_mtime, p.name)) if out.is_dir() else []
    ledgers = []
    for p in found:
        try:
            ledgers.append(read_entries(p))
        except LedgerWithoutBaseline as exc:
            if p.name == target.name and not force:
                raise BatchError(f"{exc}：请把其中的录入在新台账中重新录入后导入，或加 --force 覆盖它") from exc
        except LedgerInvalid as exc:
            raise BatchError(f"{exc}\n请改正后重新运行（台账未被覆盖）") from exc
    return ledgers


def _with_registry(registry: str | Path, results: list[FileResult], ledgers: list, problems: list[ProblemRow],
                   label: str) -> tuple[list[CaseRow], list[ProblemRow], list]:
    from greendiag.generator.registry_sync import sync_batch
    from greendiag.registry import RegistryError, open_registry

    try:
        with open_registry(registry) as reg:
            rows, more, imports = sync_batch(reg, [r.row for r in results], [r.sha256 for r in results], ledgers, label)
    except RegistryError as exc:
        raise BatchError(str(exc)) from exc
    failed = [r.row for r in results if not r.row.ok]
    return rows + failed, problems + more, imports


def _run(
    tasks: list[tuple],
    jobs: int,
    on_progress: Callable[[FileResult, int, int], None] | None,
    console: object | None,
) -> list[FileResult]:
    total = len(tasks)
    results: list[FileResult] = []
    progress = None
    bar = None
    if console is not None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        progress = Progress(
            TextColumn("[bold green]读取案例工作簿"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("{task.description}"), console=console, transient=False,  # type: ignore[arg-type]
        )

    def done(result: FileResult) -> None:
        results.append(result)
        if progress is not None:
            from rich.markup import escape

            progress.update(bar, advance=1, description=escape(result.file))
        if on_progress is not None:
            on_progress(result, len(results), total)

    if jobs <= 1:
        if progress is not None:
            progress.start()
            bar = progress.add_task("", total=total)
        try:
            for task in tasks:
                done(process_file(*task))
        finally:
            if progress is not None:
                progress.stop()
        return results

    _preload(any(t[2] is not None for t in tasks))
    # The parent's objects (modules, compiled templates) go to a permanent generation while the workers
    # run: the forked workers' collections neither scan them nor touch (and so copy) their pages.
    gc.freeze()
    try:
        # Submit everything before the progress bar starts its refresh thread, so that the worker
        # processes are forked from a single-threaded parent.
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(_process_args, task): task for task in tasks}
            if progress is not None:
                progress.start()
                bar = progress.add_task("", total=total)
            try:
                for fut in as_completed(futures):  # Ctrl+C: pending files are cancelled, not awaited
                    task = futures[fut]
                    try:
                        result = fut.result()
                    except BrokenProcessPool:
                        result = _crashed(task[1])
                    except Exception as exc:
                        result = _crashed(task[1], _reason(exc))
                    done(result)
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
            finally:
                if progress is not None:
                    progress.stop()
    finally:
        gc.unfreeze()  # collectable again: a long-lived process (the ribbon, tests) runs many batches
    return results


def _preload(docs: bool) -> None:
    """Import the worker's modules in the parent: forked workers then start with them loaded."""
    import importlib

    names = ["greendiag.workbooks", "greendiag.rules"] + (["greendiag.generator.pipeline"] if docs else [])
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:
            pass
    if docs:  # and the annex templates compiled once, shared by every worker
        from greendiag.forms.render import warm_templates

        warm_templates()


def _crashed(display: str, why: str = "处理该文件的子进程异常退出", status: str = "未能读取（处理失败）") -> FileResult:
    return FileResult(
        display,
        CaseRow(file=display, ok=False, status=status),
        (ProblemRow(display, message=f"无法处理该文件：{why}", level="错误"),),
    )


def _bans(p: object) -> str:
    """Every running ban of a provider-year to its last day (re-entry and funding apart)."""
    parts = []
    if getattr(p, "last_day", None):
        parts.append(f"至{p.last_day.isoformat()}（含）不得重新入围")
    if getattr(p, "funding_last_day", None):
        parts.append(f"至{p.funding_last_day.isoformat()}（含）不得申请资金支持")
    return "，".join(parts) or getattr(p, "status", "")


def summary_lines(result: BatchResult) -> Iterable[str]:
    """Short Chinese summary for the command line."""
    led = result.ledger
    yield f"案例工作簿 {len(result.files)} 个：读取成功 {result.read} 个，未能读取 {result.failed} 个；问题 {len(led.problems)} 条"
    over = [t for t in led.reward_totals if t.excess > 0]
    payable = sum(t.payable for t in led.reward_totals)
    state = "（暂定：含尚未核定金额、按上限暂计的案例）" if led.provisional else ""
    yield f"可拨付奖励合计 {payable:g} 万元{state}；超出年度上限的服务商 {len(over)} 家次"
    out = [p for p in led.providers if p.status != "正常"]
    if out:
        yield "取消资格或资金限制：" + "、".join(f"{p.provider}（{p.year}年，{_bans(p)}）" for p in out)
    held = [o for o in led.outcomes.values() if o.block]
    if held:
        yield f"不予计奖（服务商限制期内或重复案例）{len(held)} 个（见“奖励测算”）"
    flagged = [o for o in led.outcomes.values() if o.unit_flag]
    if flagged:
        yield f"在资金支持限制期内申请的园区、企业 {len(flagged)} 个（第二十一条，见“批次工作清单”）"
    if led.duplicates:
        yield f"疑似重复案例 {len(led.duplicates)} 个（见“批次工作清单”重复列；同组第二个起不予计奖，核实后可选“非重复”）"
    doubtful = [p for p in led.problems if p.message.startswith(DOUBTFUL_PREFIXES)]
    if doubtful:
        yield f"疑似同一服务商或被诊断单位（名称相近，未合并）{len(doubtful)} 对：请核实（见“问题清单”）"
    if led.overdue:
        yield f"跟踪反馈已逾期 {len(led.overdue)} 个"
    if result.docs:
        yield f"已生成文档 {len(result.docs)} 份（{DOCS_DIR}/）"
    yield f"台账：{result.ledger_path}（用时 {result.seconds:.1f} 秒）"

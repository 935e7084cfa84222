"""The ribbon button 绿色诊断 → 生成文书 of ``greendiag.xlam``.

Two layers:

* :func:`run_for_workbook` — pure logic, path in, result out (tested on Linux): hand the
  saved case workbook to :func:`greendiag.generator.pipeline.generate` (same rules as ``greendiag
  generate``: it reads, checks and assesses it once with :func:`greendiag.generator.load.load_case`); where it has errors, return them
  and write nothing; otherwise every annex and the manifest land in a new folder beside it,
  ``<工作簿名>_文书`` (``<工作簿名>_文书_2``, ``_3`` … if that exists: nothing is overwritten).
* :func:`main` — the thin COM layer the add-in's ``GreendiagGenerate`` runs: takes the workbook the
  button was clicked in (``xw.Book.caller()``, never the add-in), refuses it unless greendiag
  built it (the custom document property of :mod:`greendiag.workbooks.marker`), asks before
  saving unsaved changes, saves it, calls :func:`run_for_workbook`, then either writes the
  problems to the result sheet (one row per problem, with a link to the cell) and selects it,
  or opens the output folder.  The result sheet is the one greendiag created (a workbook name
  :data:`RESULT_NAME` points at it); a user's own sheet called 校验结果 is never cleared or
  deleted.  Only Windows desktop Excel runs it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from greendiag.files import MAX_NAME_BYTES, fit_name

if TYPE_CHECKING:
    from greendiag.workbooks import Problem

RESULT_SHEET = "校验结果"
"""Name of the sheet :func:`main` writes the reader's problems to (``校验结果_2`` … if the user has one)."""

RESULT_NAME = "greendiag_result"
"""Workbook-level defined name pointing at the result sheet greendiag created (its mark)."""

NOT_A_CASE = (
    "“{name}”不是 greendiag 生成的案例工作簿，“生成文书”没有做任何改动。\n"
    "请打开用“greendiag new”建立（或由区经信部门下发）的案例工作簿再点击；"
    "旧版 greendiag 生成的工作簿可在命令行运行 greendiag generate。"
)
"""Message when the workbook does not carry the case mark (``{name}``: its file name)."""

OUTPUT_SUFFIX = "_文书"
"""Output folder beside the workbook: ``<stem>_文书`` (numbered ``_2``, ``_3`` … if taken)."""

LINK_COLOR = (5, 99, 193)
"""RGB of the links on the 校验结果 sheet (Office's hyperlink blue)."""

RESULT_HEADER = ("序号", "类别", "工作表", "单元格（点击跳转）", "填写内容", "问题说明")


@dataclass(frozen=True)
class RibbonResult:
    """Outcome of one click on 生成文书 for one workbook.

    ``problems``: the errors of the one load step (``greendiag.generator.load.load_case``, through
    ``generate``) and of ``greendiag check``'s verdicts, empty when the documents were generated;
    ``warnings``: the warnings of the same step.  ``out_dir``: the new folder holding ``outputs`` (the
    annexes, then the manifest), ``None`` when nothing was generated.
    """

    workbook: Path
    problems: tuple[Problem, ...] = ()
    out_dir: Path | None = None
    outputs: tuple[Path, ...] = ()
    manifest: Path | None = None
    warnings: tuple[Problem, ...] = field(default=())
    refusal: str | None = None
    """Why nothing was done (the workbook is not a greendiag case workbook), else None."""

    @property
    def ok(self) -> bool:
        """True when the documents were generated."""
        return not self.problems and not self.refusal and self.out_dir is not None

    @property
    def message(self) -> str:
        """What the user is told in Excel's message box (Chinese)."""
        if self.refusal:
            return self.refusal
        if self.ok:
            n = sum(1 for p in self.outputs if p != self.manifest)
            text = f"已生成 {n} 份文书，保存在：\n{self.out_dir}"
            if self.warnings:
                text += f"\n另有 {len(self.warnings)} 条提示，见“{RESULT_SHEET}”工作表。"
            return text
        return (
            f"工作簿“{self.workbook.name}”有 {len(self.problems)} 处问题，未生成文书。\n"
            f"请按“{RESULT_SHEET}”工作表逐条修改（点击单元格地址可跳转），保存后再点“生成文书”。"
        )


def output_dir_for(workbook: str | os.PathLike[str]) -> Path:
    """The first free output folder beside ``workbook``: ``<stem>_文书``, ``<stem>_文书_2``, …"""
    workbook = Path(workbook)
    base = workbook.with_name(fit_name(workbook.stem, MAX_NAME_BYTES - len((OUTPUT_SUFFIX + "_999").encode())) + OUTPUT_SUFFIX)
    candidate, n = base, 1
    while candidate.exists():
        n += 1
        candidate = base.with_name(f"{base.name}_{n}")
    return candidate


def _claim_output_dir(workbook: Path) -> Path:
    """Create and return a new, empty output folder (never one that already exists)."""
    while True:
        candidate = output_dir_for(workbook)
        try:
            candidate.mkdir()
        except FileExistsError:  # created meanwhile by another click: take the next number
            continue
        return candidate


def run_for_workbook(path: str | os.PathLike[str]) -> RibbonResult:
    """Check the case workbook at ``path`` and, if it has no errors, generate every annex.

    Returns a :class:`RibbonResult`: with the problems (sheet, cell, Chinese message) and no
    outputs when the reader finds errors; otherwise with the new output folder beside the
    workbook (``<stem>_文书``, numbered if taken), the generated files and the manifest.
    The workbook itself is never modified.  A workbook greendiag did not build (no case mark,
    :func:`greendiag.workbooks.marker.case_marker`) is only looked at: the result carries
    ``refusal`` (Chinese) and nothing is written anywhere.

    Raises ``FileNotFoundError`` (Chinese message) when ``path`` is not a file.
    """
    from greendiag.generator.pipeline import CaseInvalid, generate
    from greendiag.workbooks import Problem
    from greendiag.workbooks.marker import case_marker

    workbook = Path(path).absolute()  # not resolve(): opened through a link, the output stays beside the link
    if not workbook.is_file():
        raise FileNotFoundError(f"找不到工作簿文件：{workbook}")
    if case_marker(workbook) is None:
        return RibbonResult(workbook=workbook, refusal=NOT_A_CASE.format(name=workbook.name))
    out_dir = _claim_output_dir(workbook)
    try:  # generate() reads the workbook once and raises CaseInvalid before writing anything
        produced = generate(workbook, out_dir, force=False, pdf=False)
    except CaseInvalid as exc:
        _remove_if_empty(out_dir)
        return RibbonResult(workbook=workbook, problems=tuple(exc.problems) or (Problem("", "", "", str(exc)),))
    except BaseException:
        _remove_if_empty(out_dir)
        raise
    return RibbonResult(
        workbook=workbook,
        out_dir=out_dir,
        outputs=tuple(produced.outputs),
        manifest=produced.manifest,
        warnings=tuple(produced.warnings),
    )


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass


# --------------------------------------------------------------------------- 校验结果 sheet


def _text(value: Any) -> str:
    """A cell value Excel will not take for a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def cell_link(sheet: str | None, cell: str | None, existing_sheets: Sequence[str] | None = None) -> str:
    """Formula of a link to ``sheet!cell`` inside the same workbook, e.g.
    ``=HYPERLINK("#'申请表'!B3","B3")``; plain text when the sheet is unknown or absent."""
    if not sheet or (existing_sheets is not None and sheet not in existing_sheets):
        return _text(cell or "")
    target = (cell or "A1").replace("$", "")
    shown = cell or "（整张表）"
    quoted = "'" + sheet.replace("'", "''") + "'"
    address = f"#{quoted}!{target}".replace('"', '""')
    return f'=HYPERLINK("{address}","{shown.replace(chr(34), chr(34) * 2)}")'


def problem_rows(
    problems: Iterable[Problem], existing_sheets: Sequence[str] | None = None
) -> list[list[Any]]:
    """Rows of the 校验结果 sheet: the header, then per problem 序号, 类别 (错误 / 提示),
    工作表, a link to the cell, 填写内容 (what the reader found) and 问题说明."""
    rows: list[list[Any]] = [list(RESULT_HEADER)]
    for i, p in enumerate(problems, start=1):
        sheet = getattr(p, "sheet", None)
        cell = getattr(p, "cell", None)
        message = getattr(p, "message", None) or str(p)
        severity = str(getattr(p, "severity", "error") or "error").lower()
        kind = "提示" if severity in ("warning", "warn", "info") else "错误"
        rows.append(
            [
                i,
                kind,
                _text(sheet or ""),
                cell_link(sheet, cell, existing_sheets),
                _text(getattr(p, "value", "") or ""),
                _text(message),
            ]
        )
    return rows


# --------------------------------------------------------------------------- COM layer (Windows Excel)


def _caller_book(xw: Any) -> Any:
    """The workbook the button was clicked in (never the add-in)."""
    try:
        book = xw.Book.caller()
    except Exception:  # not started from Excel's RunPython: fall back to the active workbook
        book = xw.books.active if xw.apps else None
    if book is None:
        raise RuntimeError("请先打开（或切换到）案例工作簿，再点击“绿色诊断 → 生成文书”。")
    return book


def _result_sheet(book: Any) -> Any | None:
    """The result sheet greendiag created in ``book`` (the target of :data:`RESULT_NAME`), or None."""
    try:
        if not book.names.contains(RESULT_NAME):
            return None
        return book.names[RESULT_NAME].refers_to_range.sheet
    except Exception:  # the sheet was deleted (the name refers to #REF!) or the name is not a range
        return None


def _free_result_name(names: Sequence[str]) -> str:
    """``校验结果``, or ``校验结果_2``, ``_3`` … when the user has a sheet of that name."""
    taken = {n.lower() for n in names}
    candidate, n = RESULT_SHEET, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{RESULT_SHEET}_{n}"
    return candidate


def _write_problems(book: Any, problems: Sequence[Problem]) -> None:
    sheet = _result_sheet(book)
    names = [s.name for s in book.sheets]
    if sheet is not None:
        sheet.clear()
    else:
        sheet = book.sheets.add(_free_result_name(names), before=book.sheets[0])
        if book.names.contains(RESULT_NAME):  # a stale name (its sheet was deleted): point it anew
            book.names[RESULT_NAME].delete()
        quoted = "'" + sheet.name.replace("'", "''") + "'"
        book.names.add(RESULT_NAME, f"={quoted}!$A$1")
    rows = problem_rows(problems, [n for n in names if n != sheet.name])
    sheet.range("A1").value = rows
    sheet.range("A1").expand("right").font.bold = True
    for i, row in enumerate(rows[1:], start=2):  # links in the usual link blue
        if str(row[3]).startswith("=HYPERLINK("):
            sheet.range(f"D{i}").font.color = LINK_COLOR
    for column, width in zip("ABCDEF", (6, 6, 16, 18, 20, 80)):
        sheet.range(f"{column}:{column}").column_width = width
    sheet.activate()
    sheet.range("A1").select()


def _drop_result_sheet(book: Any) -> None:
    """Delete the result sheet greendiag created (never a sheet the user made) and its name."""
    sheet = _result_sheet(book)
    if sheet is None:
        return
    app = book.app
    alerts = app.display_alerts
    app.display_alerts = False
    try:
        sheet.delete()
        if book.names.contains(RESULT_NAME):
            book.names[RESULT_NAME].delete()
    finally:
        app.display_alerts = alerts


def _is_case_book(book: Any) -> bool:
    """Whether the open workbook carries greendiag's case mark (custom document property)."""
    from greendiag.workbooks.marker import CASE_PROPERTY

    try:
        return any(str(p.Name) == CASE_PROPERTY for p in book.api.CustomDocumentProperties)
    except Exception:
        return False


def _has_unsaved_changes(book: Any) -> bool:
    try:
        return not bool(book.api.Saved)
    except Exception:
        return True  # cannot tell: ask


def open_folder(folder: Path) -> None:
    """Show ``folder`` in the file manager (Explorer on Windows)."""
    if sys.platform.startswith("win"):
        os.startfile(folder)  # type: ignore[attr-defined]
    elif sys.platform == "darwin":
        subprocess.run(["open", str(folder)], check=False)
    else:
        subprocess.run(["xdg-open", str(folder)], check=False)


def main() -> None:
    """Entry point of the ribbon button 生成文书 (the add-in's ``GreendiagGenerate`` runs it).

    Refuses (message box, nothing changed) a workbook greendiag did not build; asks before
    saving unsaved changes (answer 否: nothing happens); runs :func:`run_for_workbook` on the
    saved file, then writes the problems to greendiag's result sheet and selects it, or opens
    the output folder; tells the user in a message box.  Errors are shown as Chinese messages, never as a traceback; if even the
    message box fails, the message goes to stderr and the process exits 1 so that xlwings
    shows it in Excel.
    """
    import xlwings as xw

    app = None
    try:
        book = _caller_book(xw)
        app = book.app
        if str(book.name).lower().endswith((".xlam", ".xla")):
            raise RuntimeError("请先打开（或切换到）案例工作簿，再点击“绿色诊断 → 生成文书”。")
        full = Path(str(book.fullname))
        if "://" in str(book.fullname):
            raise RuntimeError("工作簿在 OneDrive / SharePoint 上：请先“另存为”到本机文件夹，再点击“生成文书”。")
        if not full.is_absolute() or full.suffix.lower() not in (".xlsx", ".xlsm"):
            raise RuntimeError("请先把案例工作簿保存为 .xlsx 文件（文件 → 另存为），再点击“生成文书”。")
        if not _is_case_book(book):  # before anything is saved or changed
            app.alert(NOT_A_CASE.format(name=book.name), title="绿色诊断：不是案例工作簿", mode="info")
            return
        if _has_unsaved_changes(book):
            answer = app.alert(
                f"“{book.name}”有未保存的修改。\n“生成文书”要先保存工作簿再校验，是否保存并继续？",
                title="绿色诊断：保存工作簿", buttons="yes_no", mode="info",
            )
            if answer != "yes":
                return
            book.save()
        result = run_for_workbook(full)
        if result.refusal:  # the saved file lacks the mark (e.g. it was saved by another program)
            app.alert(result.message, title="绿色诊断：不是案例工作簿", mode="info")
            return
        if result.problems:
            _write_problems(book, result.problems)
            app.alert(result.message, title="绿色诊断：校验未通过", mode="critical")
            return
        if result.warnings:
            _write_problems(book, result.warnings)
        else:
            _drop_result_sheet(book)
        open_folder(result.out_dir)
        app.alert(result.message, title="绿色诊断：文书已生成", mode="info")
    except Exception as exc:  # shown to the user in Chinese, never a traceback
        message = str(exc) or exc.__class__.__name__
        if isinstance(exc, OSError) and exc.filename:  # e.g. a read-only folder or a file in use
            message = f"无法读写文件：{exc.filename}（{exc.strerror or exc}）"
        try:
            if app is None:
                raise RuntimeError from exc
            app.alert(message, title="绿色诊断：出错", mode="critical")
        except Exception:
            print(f"绿色诊断：{message}", file=sys.stderr)
            raise SystemExit(1) from None

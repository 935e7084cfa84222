"""What an officer enters in the ledger, and how greendiag reads it back (``greendiag ledger import``).

The ledger's 批次工作清单 has input columns (:data:`greendiag.workbooks.ledger.LIST_INPUTS`: 满意度,
评审结果及日期, 证明材料, 核定奖励金额, violations, 违规认定日期, 处理决定日期, 重复核实).  When greendiag writes
a ledger it also writes a very hidden sheet (:data:`BASE_SHEET`) holding the ledger's identity
(``ledger_id``), each case's registry key (:func:`greendiag.registry.store.case_key`) and the value of
every input cell *as written*.  :func:`read_entries` compares each input cell with that baseline: only
cells an officer changed are entries, so two officers' copies of one ledger each bring their own
changes and neither undoes the other's.  Every cell is checked first; one bad cell refuses the whole
ledger (:class:`LedgerInvalid`, Chinese, naming the sheet and cell of each bad cell).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from greendiag.generator.ledger import CaseRow, Ledger
from greendiag.registry.store import case_key, decode, encode
from greendiag.rules import ledger as L
from greendiag.workbooks.ledger import (
    BASE_FIRST,
    BASE_SHEET,
    FIRST_ROW,
    LIST_COL,
    LIST_INPUTS,
    LIST_SHEET,
    build_baseline,
    col,
)

BASE_IDENT = ("case_key", "file", "unit", "provider", "diagnosis_year")

CHOICES = {
    "satisfaction": ("非常满意", "满意", "一般", "不满意"),
    "review_result": ("合格", "不合格"),
}
FEEDBACK = "follow_up_feedback"
"""反馈日期 on the sheet 跟踪 (指南六: the follow-up a year after the report), an officer entry like the list's."""
INPUTS = (*LIST_INPUTS, FEEDBACK)
"""Every field an officer enters in a ledger: the work list's input columns and 跟踪's 反馈日期."""
TRACK_SHEET = "跟踪"
DATES = ("evaluation_date", "review_date", "finding_date", "decision_date", FEEDBACK)
FLAGS = ("fee_charged", "application_fraud", "funds_fraud", "serious_impact")
LABELS = {
    "satisfaction": "满意度评价", "evaluation_date": "满意度评价日期", "review_result": "评审结果", "review_date": "评审日期",
    "materials_ok": "证明材料符合要求", "approved_amount": "核定奖励金额", "fee_charged": "收取费用",
    "application_fraud": "申报弄虚作假", "funds_fraud": "骗取财政资金", "serious_impact": "严重不良影响",
    "finding_date": "违规认定日期", "decision_date": "处理决定日期", "duplicate_resolved": "重复核实",
    FEEDBACK: "跟踪反馈日期",
}
"""The input columns' names as the ledger's headers say them (for messages and history)."""

_EXCEL_EPOCH = date(1899, 12, 30)


class LedgerInvalid(ValueError):
    """A ledger refused whole: every bad cell named (sheet, cell, value, what is allowed); nothing applied."""


class LedgerWithoutBaseline(LedgerInvalid):
    """A ledger written by a greendiag before the registry (no baseline sheet): its entries cannot be told apart."""


def row_key(row: CaseRow) -> str:
    """The registry key of a ledger row's case."""
    return case_key(row.diagnosis_year, row.unit, row.credit_code, row.provider, row.file)


def entry_value(row: CaseRow, key: str) -> Any:
    """A case's value of input field ``key`` as the registry stores it (plain JSON value)."""
    value = getattr(row, key)
    if key in DATES:
        return value.isoformat() if value else None
    if key == "approved_amount":
        return float(value) if value is not None else None
    if key in CHOICES:
        return value or None
    return bool(value)


def add_baseline(wb: Any, ledger: Ledger, ledger_id: str | None = None) -> str:
    """Write :data:`BASE_SHEET` into the ledger workbook ``wb``: its id (new when ``None``), and per readable
    list row the case key, identity columns and the input values written; returns the id."""
    ledger_id = ledger_id or uuid.uuid4().hex
    rows = [
        (row_key(row), row.file, row.unit, row.provider, row.diagnosis_year,
         *(encode(entry_value(row, key)) for key in INPUTS), FIRST_ROW + i)
        for i, row in enumerate(ledger.rows) if row.ok
    ]
    build_baseline(wb, ledger_id, BASE_IDENT + INPUTS, rows)
    return ledger_id


# ── reading a ledger back ────────────────────────────────────────────────────


@dataclass(frozen=True)
class Entry:
    """One input cell an officer changed: case key, field, new value (registry form), where."""

    case_key: str
    field: str
    value: Any
    baseline: Any
    cell: str
    file: str
    unit: str
    sheet: str = LIST_SHEET


@dataclass
class LedgerEntries:
    """What :func:`read_entries` found: the ledger's id and SHA-256, the entries, rows not matched."""

    path: Path
    ledger_id: str
    sha256: str
    entries: list[Entry] = field(default_factory=list)
    rows: int = 0


def _cell_text(v: Any) -> str:
    return "" if v is None else str(v).strip()


def parse_cell(key: str, raw: Any, cap: float | None) -> Any:
    """The registry value of an input cell as typed (openpyxl's value), or ``ValueError`` saying what is
    allowed (Chinese).  Blank: ``None`` (a flag: 否; 证明材料: 符合)."""
    if isinstance(raw, str):
        raw = raw.strip()
    if raw is None or raw == "":
        return {"materials_ok": True, "duplicate_resolved": False}.get(key, False if key in FLAGS else None)
    if key in DATES:
        return _parse_date(raw)
    if key in CHOICES:
        if raw not in CHOICES[key]:
            raise ValueError(f"应为 {'/'.join(CHOICES[key])} 或留空")
        return raw
    if key == "materials_ok":
        return _choice(raw, {"符合": True, "不符合": False})
    if key in FLAGS:
        return _choice(raw, {"是": True, "否": False})
    if key == "duplicate_resolved":
        return _choice(raw, {"非重复": True})
    if key == "approved_amount":
        if isinstance(raw, str):
            try:
                raw = float(raw.replace(",", ""))
            except ValueError:
                raise ValueError("应为不小于0的万元数（如 18.5）或留空") from None
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise ValueError("应为不小于0的万元数（如 18.5）或留空")
        bad = L.check_approved_amount(float(raw), cap)
        if bad:
            raise ValueError(bad)
        return float(raw)
    raise KeyError(key)  # pragma: no cover - every input column is handled above


def _choice(raw: Any, allowed: dict[str, bool]) -> bool:
    if raw not in allowed:
        raise ValueError(f"应为 {'/'.join(allowed)} 或留空")
    return allowed[raw]


def _parse_date(raw: Any) -> str:
    if isinstance(raw, datetime):
        if raw.time() != datetime.min.time():
            raise ValueError("应为日期（不含时刻），如 2026-03-02")
        raw = raw.date()
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool) and 36526 <= raw <= 73415 and float(raw).is_integer():
        raw = _EXCEL_EPOCH + timedelta(days=int(raw))
    elif isinstance(raw, str):
        text = raw.replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").rstrip("日")
        try:
            y, m, d = (int(x) for x in text.split("-"))
            raw = date(y, m, d)
        except ValueError:
            raise ValueError("应为日期，如 2026-03-02") from None
    if not isinstance(raw, date) or not 2000 <= raw.year <= 2100:
        raise ValueError("应为 2000—2100 年间的日期，如 2026-03-02")
    return raw.isoformat()


def read_entries(path: Path | str) -> LedgerEntries:
    """The officer entries of a greendiag ledger: input cells that differ from the values written.

    Raises :class:`LedgerInvalid` (Chinese) for a file that is not a greendiag ledger (or is unsafe to
    open: the limits of ``greendiag check``), a row that no longer matches a case, and every input cell
    whose value is not allowed (sheet and cell named).  Reads only the two sheets it needs (read-only mode).
    """
    import io

    from openpyxl import load_workbook

    from greendiag.workbooks.safety import check_file

    path = Path(path)
    try:
        check_file(path)
        data = path.read_bytes()
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # UnsafeFile, a broken zip, not a workbook …
        raise LedgerInvalid(f"无法读取台账 {path.name}：{str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__}") from exc
    try:
        if LIST_SHEET not in wb.sheetnames:
            raise LedgerInvalid(f"{path.name} 不是 greendiag 生成的台账（缺少“{LIST_SHEET}”），未导入")
        if BASE_SHEET not in wb.sheetnames:
            raise LedgerWithoutBaseline(f"{path.name} 由较早版本的 greendiag 生成（没有基线表），无法区分其中哪些是工作人员的录入，未导入")
        ledger_id, baseline = _baseline(wb[BASE_SHEET])
        result = LedgerEntries(path, ledger_id, hashlib.sha256(data).hexdigest())
        by_seq: dict[int, tuple] = {}
        errors = _compare(wb[LIST_SHEET], baseline, result, by_seq)
        if TRACK_SHEET in wb.sheetnames:
            errors += _compare_feedback(wb[TRACK_SHEET], by_seq, result)
    finally:
        wb.close()
    if errors:
        raise LedgerInvalid(f"台账 {path.name} 有 {len(errors)} 处无效，整本未导入（登记库未作任何更改）：\n" + "\n".join(errors))
    return result


def _baseline(base: Any) -> tuple[str, dict[tuple, tuple[str, dict[str, Any]]]]:
    """``(ledger id, {(file, unit, provider, diagnosis year): (case key, {field: value written})})``."""
    width = len(BASE_IDENT) + len(INPUTS)
    ledger_id = ""
    baseline: dict[tuple, tuple[str, dict[str, Any]]] = {}
    for n, r in enumerate(base.iter_rows(max_col=width, values_only=True), start=1):
        if n == 1:
            ledger_id = _cell_text(r[1] if len(r) > 1 else None)
        if n < BASE_FIRST or not r or not r[0]:
            continue
        ident = tuple(_cell_text(v) for v in r[1:len(BASE_IDENT)])
        baseline[ident] = (r[0], {k: decode(v) for k, v in zip(INPUTS, r[len(BASE_IDENT):])})
    return ledger_id, baseline


def _compare(ws: Any, baseline: dict[tuple, tuple[str, dict[str, Any]]], result: LedgerEntries,
             by_seq: dict[int, tuple]) -> list[str]:
    """Add to ``result`` every input cell of 批次工作清单 that differs from ``baseline``; returns the errors.
    ``by_seq`` receives 序号 → (case key, values written, file, unit) of each matched row (for 跟踪)."""

    errors: list[str] = []
    cols = {k: LIST_COL[k] - 1 for k in ("file", "unit", "provider", "diagnosis_year", "reward_tier", *LIST_INPUTS)}
    width = max(cols.values()) + 1
    for r, values in enumerate(ws.iter_rows(min_row=FIRST_ROW, max_col=width, values_only=True), start=FIRST_ROW):
        values = tuple(values) + (None,) * (width - len(values))
        cells = {k: values[c] for k, c in cols.items()}
        if not _cell_text(cells["file"]):
            continue
        ident = tuple(_cell_text(cells[k]) for k in ("file", "unit", "provider", "diagnosis_year"))
        found = baseline.get(ident)
        if found is None:
            if _cell_text(cells["unit"]) or any(_cell_text(cells[k]) for k in LIST_INPUTS if k != "materials_ok"):
                errors.append(f"“{LIST_SHEET}”第{r}行（{ident[0]}）：文件、被诊断单位、服务商或诊断年份与生成台账时不同，无法对应到案例")
            continue
        key, written = found
        result.rows += 1
        by_seq[r - FIRST_ROW + 1] = (key, written, ident[0], ident[1])
        cap = cells["reward_tier"] if isinstance(cells["reward_tier"], (int, float)) else None
        for k in LIST_INPUTS:
            ref = f"{col(cols[k] + 1)}{r}"
            try:
                value = parse_cell(k, cells[k], cap)
            except ValueError as exc:
                errors.append(f"“{LIST_SHEET}”单元格 {ref}（{LABELS[k]}）值“{_cell_text(cells[k])}”无效：{exc}")
                continue
            if value != written.get(k):
                result.entries.append(Entry(key, k, value, written.get(k), ref, ident[0], ident[1]))
    return errors


def _compare_feedback(ws: Any, by_seq: dict[int, tuple], result: LedgerEntries) -> list[str]:
    """跟踪's 反馈日期 cells that differ from the value written (rows found by 清单序号); returns the errors."""
    from greendiag.workbooks.ledger import TRACK_COL

    seq_c, fb_c = TRACK_COL["seq"] - 1, TRACK_COL["feedback"] - 1
    errors: list[str] = []
    for r, values in enumerate(ws.iter_rows(min_row=FIRST_ROW, max_col=fb_c + 1, values_only=True), start=FIRST_ROW):
        values = tuple(values) + (None,) * (fb_c + 1 - len(values))
        seq, raw = values[seq_c], values[fb_c]
        found = by_seq.get(seq) if isinstance(seq, int) else None
        if found is None:
            continue
        key, written, file, unit = found
        ref = f"{col(fb_c + 1)}{r}"
        try:
            value = parse_cell(FEEDBACK, raw, None)
        except ValueError as exc:
            errors.append(f"“{TRACK_SHEET}”单元格 {ref}（{LABELS[FEEDBACK]}）值“{_cell_text(raw)}”无效：{exc}")
            continue
        if value != written.get(FEEDBACK):
            result.entries.append(Entry(key, FEEDBACK, value, written.get(FEEDBACK), ref, file, unit, TRACK_SHEET))
    return errors


__all__ = [
    "BASE_SHEET", "Entry", "FEEDBACK", "INPUTS", "LABELS", "LedgerEntries", "LedgerInvalid", "LedgerWithoutBaseline", "add_baseline", "entry_value", "parse_cell",
    "read_entries", "row_key",
]

"""Reader: a filled case workbook → :class:`greendiag.rules.models.Case`, with every problem at once.

``read_case(path) -> ReadResult``: ``.case`` (``None`` when there is any error), ``.problems``
(each :class:`Problem` names sheet, cell, the value found and a Chinese message), ``.errors``,
``.warnings``, ``.ok``.  It never raises for a bad file: a hostile or broken file gives one error.

* Inputs only: formula cells are never read (their cached values are not trusted); everything
  computed (scores, reward cap, checks) is recomputed from the inputs by ``rules``.
* Fields are located by their label in column A and tables by their header labels, so inserted,
  deleted or reordered rows and reordered sheets are read right; a renamed or missing sheet, a
  missing label or header is an error naming what is missing.
* Only the cells the spec names are touched, in bounded ranges, so a huge used range (a cell at
  XFD1048576) costs nothing.  The file is checked before opening (see :mod:`greendiag.workbooks.safety`).
"""

from __future__ import annotations

import io
import re
import warnings as _warnings
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError

from greendiag.rules import citations as C
from greendiag.rules.citations import load_params
from greendiag.rules.holidays import HolidayCalendar
from greendiag.rules.indicators import indicators, qualitative_scores
from greendiag.rules.models import (
    NOT_APPLICABLE,
    QUALITATIVE_STATES,
    BasicRequirementEntry,
    Case,
    CaseKind,
    IndicatorEntry,
    IndicatorYear,
)
from greendiag.workbooks import enterprise as E
from greendiag.workbooks import spec as S
from greendiag.workbooks import text as T
from greendiag.workbooks import values as V
from greendiag.workbooks.assemble import make_case as _make_case
from greendiag.workbooks.calendar import read_calendar_sheet
from greendiag.workbooks.cells import SheetCells, Unsupported, open_cells
from greendiag.workbooks.crosscheck import cross_checks
from greendiag.workbooks.marker import case_edition
from greendiag.workbooks.safety import UnsafeFile, check_file
from greendiag.workbooks.sheets.params import state_key

SCAN_ROWS = 400
"""Rows of column A searched for labels and headers."""
SCAN_COLS = 30
TABLE_ROWS = 500
"""Rows read below a table header at most."""


@dataclass(frozen=True)
class Problem:
    """One problem: where (sheet, cell), what was found (value, as text) and why (Chinese)."""

    sheet: str
    cell: str
    value: str
    message: str
    severity: str = "error"  # "error" | "warning"

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class ReadResult:
    """``case`` is ``None`` when there is an error; ``problems`` lists errors and warnings in sheet order."""

    case: Case | None
    problems: list[Problem] = field(default_factory=list)
    partial: Case | None = None
    """``read_case(path, salvage=True)``, errors only in cells: the case with each bad cell blank (batch counts it)."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return self.case is not None and not self.errors


class _Reader:
    def __init__(self, salvage: bool = False) -> None:
        self.salvage = salvage  # keep a table's readable rows despite a bad cell (ReadResult.partial)
        self.problems: list[Problem] = []
        self.locs: dict[str, tuple[str, str, object]] = {}

    # ── problems ──
    def err(self, sheet: str, cell: str, value: object, message: str) -> None:
        self.problems.append(Problem(sheet, cell, V.show(value), message, "error"))

    def warn(self, sheet: str, cell: str, value: object, message: str) -> None:
        self.problems.append(Problem(sheet, cell, V.show(value), message, "warning"))

    # ── cells ──
    @staticmethod
    def raw(ws: Worksheet, row: int, col: int) -> Any:
        c = ws._cells.get((row, col))
        return None if c is None else c.value

    def cell_value(self, ws: Worksheet, row: int, col: int) -> tuple[bool, Any, Any]:
        """(ok, value, cell) of an input cell; records an error for formulas and merged cells."""
        c = ws._cells.get((row, col))
        if c is None:
            return True, None, None
        ref = f"{get_column_letter(col)}{row}"
        if isinstance(c, MergedCell):
            rng = next((str(m) for m in ws.merged_cells.ranges
                        if m.min_row <= row <= m.max_row and m.min_col <= col <= m.max_col), "")
            self.err(ws.title, ref, "", f"输入单元格被合并（{rng}），内容无法读取：请取消合并后在 {ref} 填写")
            return False, None, c
        if c.data_type == "f" or (isinstance(c.value, str) and c.value.startswith("=") and c.data_type != "s") or (
            c.value is not None and type(c.value).__name__ in ("ArrayFormula", "DataTableFormula")
        ):
            self.err(ws.title, ref, str(c.value), "输入单元格是公式：请直接填写内容（程序不采用公式的缓存结果）")
            return False, None, c
        if isinstance(c.value, str) and (why := T.hidden_marks(c.value)):
            self.err(ws.title, ref, c.value, why)
            return False, None, c
        return True, c.value, c

    def labels(self, ws: Worksheet, col: int = 1) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for r in range(1, min(ws.max_row, SCAN_ROWS) + 1):
            v = self.raw(ws, r, col)
            if isinstance(v, str) and v.strip():
                found.setdefault(_key(v), []).append(r)
        return found

    # ── one field ──
    def parse(self, sheet: str, ref: str, f: S.FieldSpec, value: Any, cell: Any, unit: str | None = None) -> tuple[bool, Any]:
        """Parse by kind; (ok, python value).  Blank required → error, blank expected → warning.
        ``unit``: the row's own unit for a field with :attr:`~greendiag.workbooks.spec.FieldSpec.unit_column`."""
        try:
            k = f.kind
            if k in (S.TEXT, S.LONGTEXT):
                out, w = V.text(value, f.identifier)
                if len(out) > 32000:
                    raise V.ValueProblem("内容过长（超过 32000 字）")
            elif k == S.AMOUNT:
                out, w = V.number(value, unit="万元", limit=f.max_value)
            elif k == S.NUMBER:
                out, w = V.measured(value, f.unit if unit is None else unit, cell, limit=f.max_value)
            elif k == S.INT:
                out, w = V.integer(value, unit=f.unit, limit=f.max_value)
            elif k == S.YEAR:
                out, w = V.year(value)
            elif k == S.DATE:
                out, w = V.a_date(value)
            elif k == S.CHOICE:
                out, w = V.choice(value, f.allowed)
            elif k == S.BOOL:
                out, w = V.yes_no(value)
            else:
                out, w = V.text(value)
        except V.ValueProblem as exc:
            self.err(sheet, ref, value, f"“{f.label}”：{exc}")
            return False, None
        for m in w:
            self.warn(sheet, ref, value, f"“{f.label}”：{m}")
        if out is None or out == "":
            if f.required:
                self.err(sheet, ref, value, f"“{f.label}”为必填项，未填写")
                return False, None
            if f.expected:
                self.warn(sheet, ref, value, f"“{f.label}”未填写（生成的文书中此处将留空待填）")
        return True, out

    # ── form sheets ──
    def form_columns(self, ws: Worksheet) -> tuple[int, int] | None:
        """(label column, value column): where the header row has “项目” and “填写内容” (A, B in the
        template; a column inserted before or between them moves both); ``None`` without that header
        (a column added for notes would then be indistinguishable from the input column)."""
        for _, row in _texts(ws, 10):
            cols = {_key(v): c for c, v in row}  # the rightmost of a repeated label
            if "项目" in cols and "填写内容" in cols and cols["项目"] < cols["填写内容"]:
                return cols["项目"], cols["填写内容"]
        return None

    def form(self, ws: Worksheet, form: S.FormSheet, out: dict[str, Any]) -> bool:
        ok = True
        found_cols = self.form_columns(ws)
        if found_cols is None:
            self.err(ws.title, "第2行", "", "找不到表头“项目”“填写内容”（被修改或删除）：无法确定填写内容在哪一列，"
                                            "本表未读取；请从模板恢复表头（在“项目”列右侧加列时表头随之移动，不影响读取）")
            return False
        lcol, vcol = found_cols
        la, va = get_column_letter(lcol), get_column_letter(vcol)
        found = self.labels(ws, lcol)
        for f in form.fields:
            rows = found.get(_key(f.label))
            if not rows and f.path in S.ADDED_FIELDS:  # a workbook made before the field existed
                self.warn(ws.title, "A列", "", f"找不到“{f.label}”所在行（旧版模板）：按空白处理；"
                                               "需要填写时请用 greendiag new 生成的新模板")
                continue
            if not rows:
                self.err(ws.title, f"{la}列", "", f"找不到“{f.label}”所在行（行被删除或项目名称被修改）：请从模板恢复该行")
                ok = False
                continue
            if len(rows) > 1:
                self.err(ws.title, f"{la}{rows[1]}", f.label, f"“{f.label}”出现多次（第{'、'.join(map(str, rows))}行），无法确定读取哪一行")
                ok = False
                continue
            r = rows[0]
            ref = f"{va}{r}"
            good, value, cell = self.cell_value(ws, r, vcol)
            if not good:
                ok = False
                continue
            if f.kind == S.FIXED:
                out[f.path] = value
                self.locs[f.path] = (ws.title, ref, value)
                continue
            good, parsed = self.parse(ws.title, ref, f, value, cell)
            ok &= good
            self.locs[f.path] = (ws.title, ref, value)
            if good:
                out[f.path] = parsed
        for label, message in S.RETIRED_LABELS.items():  # rows of older templates whose meaning was split
            rows = found.get(_key(label))
            if rows:
                good, value, _ = self.cell_value(ws, rows[0], vcol)  # under 填写内容, wherever it moved
                if good and value not in (None, "") and str(value).strip() not in ("", S.NO):
                    self.err(ws.title, f"{va}{rows[0]}", value, message)
                    ok = False
        return ok

    # ── tables ──
    def find_header(self, ws: Worksheet, labels: tuple[str, ...], what: str) -> tuple[int, dict[str, int]] | None:
        """(header row, ``{label key: column}``): the first row within :data:`SCAN_ROWS` rows whose
        :data:`SCAN_COLS` columns hold every label (a header may start past column A, as the
        indicator table's), each label at its leftmost column; ``None`` with an error naming ``what``."""
        want = [_key(x) for x in labels]
        for r, texts in _texts(ws, min(ws.max_row, SCAN_ROWS)):
            row: dict[str, int] = {}
            for c, v in texts:
                if (k := _key(v)) in want and k not in row:
                    row[k] = c
            if want[0] in row and all(w in row for w in want):
                return r, row
        self.err(ws.title, "", "", f"找不到{what}的表头（应含：{'、'.join(labels)}）：表头被修改或删除")
        return None

    def table(self, ws: Worksheet, t: S.TableSpec) -> list[dict[str, Any]] | None:
        hdr = self.find_header(ws, t.labels, f"“{t.heading}”")
        if hdr is None:
            return None
        header, cols = hdr
        records: list[dict[str, Any]] = []
        ok = True
        num_col = cols[_key(t.number_label)]
        last = min(ws.max_row, header + TABLE_ROWS)
        end = last
        cells = ws._cells
        spots = [cols[_key(f.label)] for f in t.columns]
        for r in range(header + 1, last + 1):
            if all((r, c) not in cells for c in spots) and (r, num_col) not in cells:
                continue  # nothing there: a blank row
            marker = self.raw(ws, r, num_col)
            if isinstance(marker, str) and _key(marker) == "合计":
                end = r
                break
            raw = {}
            for f in t.columns:
                good, value, cell = self.cell_value(ws, r, cols[_key(f.label)])
                if not good:
                    ok = False
                raw[f.path] = (value, cell, f)
            if all(V.is_blank(v) for v, _, _ in raw.values()):
                continue
            rec: dict[str, Any] = {}
            for path, (value, cell, f) in raw.items():
                ref = f"{get_column_letter(cols[_key(f.label)])}{r}"
                unit = _unit_of(raw[f.unit_column][0]) if f.unit_column else None
                good, parsed = self.parse(ws.title, ref, f, value, cell, unit)
                ok &= good
                if good and parsed is not None:
                    rec[path] = parsed
                self.locs[f"{t.path}.{len(records)}.{path}"] = (ws.title, ref, value)
            rec["_row"] = r
            records.append(rec)
            if len(records) == t.capacity + 1:
                self.warn(ws.title, f"A{r}", "", f"“{t.heading}”超过模板预设的 {t.capacity} 行：表内公式（人数、合计、核对）未计入超出的行，greendiag 按全部行计算")
        marker = self.raw(ws, end, num_col)
        below = "“合计”行" if isinstance(marker, str) and _key(marker) == "合计" else f"第{end}行（表头下最多读取 {TABLE_ROWS} 行）"
        ok &= self.outside(ws, end, f"“{t.heading}”", f"在{below}下方，不在表内，未被读取：请移到表内的空行（行不够时在表内插入行）")
        return records if ok or self.salvage else None

    def outside(self, ws: Worksheet, after: int, what: str, why: str, cols: tuple[int, int] = (1, SCAN_COLS),
                until: int | None = None, skip: Any = ()) -> bool:
        """Report every non-empty input cell (not a formula) in rows ``after+1 … until`` (except rows
        ``skip``) and columns ``cols`` as an error: content typed beside a table that would be dropped."""
        found = []
        for (r, c), cell in ws._cells.items():
            if r <= after or (until is not None and r > until) or not (cols[0] <= c <= cols[1]) or r in skip:
                continue
            v = cell.value
            if V.is_blank(v) if not isinstance(v, (int, float, date)) else v is None:
                continue
            if cell.data_type == "f" or type(v).__name__ in ("ArrayFormula", "DataTableFormula"):
                continue
            found.append((r, c, v))
        for r, c, v in sorted(found)[:20]:
            self.err(ws.title, f"{get_column_letter(c)}{r}", v, f"{what}：此单元格{why}")
        return not found

    # ── park tables ──
    def basic(self, ws: Worksheet) -> list[BasicRequirementEntry] | None:
        hdr = self.find_header(ws, S.BASIC_HEADERS, "“工业园区绿色诊断基础性要求诊断表”")
        if hdr is None:
            return None
        header, cols = hdr
        ncol, ccol, ecol = (cols[_key(x)] for x in ("序号", "是否符合", "证明材料索引"))
        rows: dict[int, int] = {}
        ok = True
        for r in range(header + 1, min(ws.max_row, header + 60) + 1):
            n = self.raw(ws, r, ncol)
            if isinstance(n, (int, float)) and not isinstance(n, bool) and float(n).is_integer() and 1 <= n <= S.BASIC_ROWS:
                if int(n) in rows:
                    self.err(ws.title, f"A{r}", n, f"基础性要求序号 {int(n)} 重复（第{rows[int(n)]}、{r}行）")
                    ok = False
                rows[int(n)] = r
        if rows:
            stop = next((r for r in range(max(rows.values()) + 1, header + 61)
                         if isinstance(self.raw(ws, r, 1), str) and "核对" in self.raw(ws, r, 1)), header + 60)
            ok &= self.outside(ws, header, "“基础性要求诊断表”", "不在第1–8项的行内（序号列无1–8的序号），未被读取："
                               "请填在对应序号的行", cols=(1, max(ncol, ccol, ecol)), until=stop - 1, skip=set(rows.values()))
        entries = []
        spec_c = S.FieldSpec("complies", "是否符合", S.BOOL)
        spec_e = S.FieldSpec("evidence", "证明材料索引")
        for n in range(1, S.BASIC_ROWS + 1):
            r = rows.get(n)
            if r is None:
                self.err(ws.title, "A列", "", f"缺少基础性要求第{n}项所在行（行被删除？）：请从模板恢复")
                ok = False
                continue
            g1, v1, c1 = self.cell_value(ws, r, ccol)
            g2, v2, c2 = self.cell_value(ws, r, ecol)
            g1, comp = self.parse(ws.title, f"{get_column_letter(ccol)}{r}", spec_c, v1, c1) if g1 else (False, None)
            g2, ev = self.parse(ws.title, f"{get_column_letter(ecol)}{r}", spec_e, v2, c2) if g2 else (False, None)
            if not (g1 and g2):
                ok = False
                continue
            entries.append(BasicRequirementEntry(number=n, complies=comp, evidence=ev or ""))
        return entries if ok or self.salvage else None

    def indicators(self, ws: Worksheet, diagnosis_year: int | None) -> list[IndicatorYear] | None:
        fixed = ("序号", "二级指标")
        hdr = self.find_header(ws, fixed, "“工业园区绿色诊断评价表”")
        if hdr is None:
            return None
        h1, cols = hdr
        h2 = h1 + 1
        data_cols, note_cols = [], []
        for c in range(1, SCAN_COLS + 1):
            x = self.raw(ws, h2, c)
            if not isinstance(x, str):
                continue
            k = _key(x)
            if k == _key(S.INDICATOR_DATA_LABEL):
                data_cols.append(c)
            elif k in (_key(S.INDICATOR_NOTE_LABELS[0]), _key(S.INDICATOR_NOTE_LABELS[1])):
                note_cols.append(c)
        if len(data_cols) != 3 or len(note_cols) != 3:
            self.err(ws.title, f"第{h2}行", "", "评价表应有3个年份的“指标数据”及“证明材料索引/评价情况说明”列：表头被修改或删除")
            return None
        ncol, namecol = cols[_key("序号")], cols[_key("二级指标")]
        rows: dict[int, int] = {}
        ok = True
        last = len(indicators())
        for r in range(h2 + 1, min(ws.max_row, h2 + 120) + 1):
            n = self.raw(ws, r, ncol)
            if isinstance(n, (int, float)) and not isinstance(n, bool) and float(n).is_integer() and 1 <= n <= last:
                n = int(n)
                if n in rows:
                    self.err(ws.title, f"{get_column_letter(ncol)}{r}", n, f"指标序号 {n} 重复（第{rows[n]}、{r}行）")
                    ok = False
                    continue
                name = self.raw(ws, r, namecol)
                want = indicators()[n - 1].name
                if not isinstance(name, str) or _key(name) != _key(want):
                    self.err(ws.title, f"{get_column_letter(namecol)}{r}", name, f"序号 {n} 的指标名称应为“{want}”：行序或名称被改动")
                    ok = False
                rows[n] = r
        missing = [n for n in range(1, last + 1) if n not in rows]
        if missing:
            self.err(ws.title, f"{get_column_letter(ncol)}列", "", f"缺少指标 {', '.join(map(str, missing))} 所在行（行被删除？）：请从模板恢复")
            return None
        ok &= self.outside(ws, h2, "“评价指标”表", f"不在{last}项指标的行内（序号列无1–{last}的序号），未被读取：请填在对应指标的行",
                           cols=(min(data_cols), max(note_cols)), skip=set(rows.values()))
        years = []
        for i in range(3):
            dcol, ncol_ = data_cols[i], note_cols[i]
            entries = []
            for ind in indicators():
                r = rows[ind.number]
                ref = f"{get_column_letter(dcol)}{r}"
                g, value, cell = self.cell_value(ws, r, dcol)
                gn, note, _ = self.cell_value(ws, r, ncol_)
                note_text = ""
                if gn:
                    nref = f"{get_column_letter(ncol_)}{r}"
                    gn, note_text = self.parse(ws.title, nref, S.FieldSpec("note", f"第{i + 1}年 指标{ind.number} 说明"), note, None)
                if not (g and gn):
                    ok = False
                    continue
                entry = self.indicator_value(ws.title, ref, ind, value, cell, i)
                if entry is None:
                    ok = False
                    continue
                val, na = entry
                entries.append(IndicatorEntry(number=ind.number, value=val, not_applicable=na, note=note_text))
            year = (diagnosis_year - 3 + i) if diagnosis_year else 0
            if ok:
                years.append(IndicatorYear(year=year, entries=tuple(entries)))
        return years if ok or self.salvage else None

    def indicator_value(self, sheet: str, ref: str, ind: Any, value: Any, cell: Any, i: int) -> tuple[Any, bool] | None:
        label = f"第{i + 1}年 指标{ind.number}“{ind.name}”"
        if V.is_blank(value):
            return None, False
        if isinstance(value, str) and V.norm(value) == NOT_APPLICABLE:
            return None, True
        if ind.direction == "qualitative":
            # its own states only (the sheet's list offers no other): a state of another qualitative
            # indicator, pasted past the validation, would score 0 without saying why
            own = S.qualitative_choices(ind.number)
            if not isinstance(value, str):
                self.err(sheet, ref, value, f"{label}为定性指标，应选择：{'/'.join(own)}")
                return None
            try:
                v, w = V.choice(value, QUALITATIVE_STATES)
            except V.ValueProblem:
                self.err(sheet, ref, value, f"{label}：不是可选值：应为 {'/'.join(own)}")
                return None
            if v not in own:
                self.err(sheet, ref, value, f"{label}：“{v}”是其他定性指标的状态，本指标只能选择 {'/'.join(own)}"
                                            "（按其他指标的状态计分会记0分）")
                return None
            for m in w:
                self.warn(sheet, ref, value, f"{label}：{m}")
            return v, False
        try:
            v, w = V.measured(value, ind.unit, cell, limit=S.MAX_INDICATOR)
        except V.ValueProblem as exc:
            self.err(sheet, ref, value, f"{label}（单位：{ind.unit}）：{exc}；无法获得的请填“{NOT_APPLICABLE}”")
            return None
        if isinstance(value, str):
            w.append("数字以文本形式保存，表内得分公式未计入该值：请改为数字")
        for m in w:
            self.warn(sheet, ref, value, f"{label}：{m}")
        return v, False

    def title_list(self, ws: Worksheet) -> None:
        """Warn where 列表's 高级职称名单 differs from rules/params senior_titles (greendiag uses the latter)."""
        col = next((c for c in range(1, SCAN_COLS + 1) if self.raw(ws, 1, c) == S.TITLE_LIST), None)
        if col is None:
            return
        got = []
        for r in range(2, 2 + 200):
            v = self.raw(ws, r, col)
            if v is None or str(v).strip() == "":
                break
            got.append(str(v).strip())
        want = list(load_params("bj_diagnosis")["senior_titles"].value)
        if got != want:
            added = [x for x in got if x not in want]
            removed = [x for x in want if x not in got]
            self.warn(ws.title, f"{get_column_letter(col)}1", S.TITLE_LIST,
                      f"“{S.TITLE_LIST}”已修改（增：{'、'.join(added) or '无'}；删：{'、'.join(removed) or '无'}）："
                      "表内公式按修改后的名单计算，greendiag 按内置名单（rules/params）计算")

    def params(self, ws: Worksheet) -> None:
        """Warn where 参数 differs from rules/params (greendiag computes with rules/params)."""
        found = self.labels(ws)
        ind = {f"indicator_{i.number:02d}": i for i in indicators()}  # the workbook's edition
        rule = load_params("bj_diagnosis")
        defaults: dict[str, Any] = {k: i.leading_value for k, i in ind.items()}
        defaults["max_indicator_score"] = load_params("indicators")["max_indicator_score"].value
        defaults["min_scored_indicators"] = load_params("indicators")["min_scored_indicators"].value
        defaults.update({state_key(st): pts for st, pts in qualitative_scores().items()})
        for key in rule:
            defaults[key] = rule[key].value
        for key, rows in found.items():
            if key not in defaults:
                continue
            r = rows[0]
            v = self.raw(ws, r, 3)
            d = defaults[key]
            same = (v == d) if isinstance(d, str) else (
                isinstance(v, (int, float)) and not isinstance(v, bool) and abs(float(v) - float(d)) < 1e-12
            )
            if not same:
                name = self.raw(ws, r, 2) or key
                self.warn(ws.title, f"C{r}", v, f"参数“{name}”已改为 {V.show(v)}（程序内置值 {V.show(d)}）：表内公式按修改值计算，greendiag 按内置值计算")


_COPY_SUFFIX = re.compile(r"\s*[(（]\s*\d+\s*[)）]\s*$")
"""`` (2)``: what Excel and WPS append to a copied sheet's name."""


def _locate_sheets(wb: Any, rd: _Reader) -> dict[str, Worksheet]:
    """``{spec sheet name: worksheet}``, refusing ambiguity.

    A sheet is taken only under its exact name.  Another sheet whose name differs only by a copy
    suffix (``申请表 (2)``), spaces or full-width forms is a second version of it: which one holds
    the current data cannot be known, so both are reported (an error at the copy).  A hidden
    sheet of a spec name is an error when a visible version exists, else read with a warning.
    """
    wanted = ({n for k in CaseKind for n in S.sheets_for(k)} - {S.README}  # nothing is read from 说明
              | {S.CALENDAR, S.LISTS_SHEET})
    by_key: dict[str, list[Any]] = {}
    for ws in wb.worksheets + list(getattr(wb, "chartsheets", [])):
        base = _key(_COPY_SUFFIX.sub("", ws.title))
        by_key.setdefault(base, []).append(ws)
    out: dict[str, Worksheet] = {}
    for name in wanted:
        group = by_key.get(_key(name), [])
        exact = next((w for w in group if w.title == name), None)
        others = [w for w in group if w is not exact]
        if exact is not None and not isinstance(exact, (Worksheet, SheetCells)):  # a chartsheet
            exact = None
        if exact is None:
            continue  # reported as missing, with the unrecognised names as a hint
        visible_others = [w for w in others if w.sheet_state == "visible"]
        hidden = exact.sheet_state != "visible"
        if others:
            copies = "、".join(f"“{w.title}”" + ("（隐藏）" if w.sheet_state != "visible" else "") for w in others)
            state = "（隐藏）" if hidden else ""
            rd.err(others[0].title, "", "",
                   f"工作簿中同时有“{name}”{state}和 {copies}：无法确定哪一份是最新的，未读取。"
                   f"请保留最新的一份并命名为“{name}”，删除其余")
            continue
        if hidden and not visible_others and name != S.LISTS_SHEET:  # 列表 is hidden by design
            rd.warn(name, "", "", f"工作表“{name}”被隐藏，仍按其内容读取：请取消隐藏核对（右键工作表标签→取消隐藏）")
        out[name] = exact
    return out


def _texts(ws: Worksheet, last: int) -> list[tuple[int, list[tuple[int, str]]]]:
    """``[(row, [(column, text), …]), …]`` in reading order: the text cells there are in rows
    1…``last`` and columns 1…:data:`SCAN_COLS` (looked up, never made; the empty places cost nothing)."""
    rows: dict[int, list[tuple[int, str]]] = {}
    for (r, c), cell in ws._cells.items():
        if 1 <= r <= last and 1 <= c <= SCAN_COLS and isinstance(v := cell.value, str):
            rows.setdefault(r, []).append((c, v))
    return [(r, sorted(rows[r])) for r in sorted(rows)]


def _key(label: str) -> str:
    """A label or header as compared: :func:`~greendiag.workbooks.values.norm` (which remembers short
    texts), without the required mark ``*`` and a trailing colon."""
    return V.norm(label).rstrip("*:：").lstrip("*")


def _read(path: Path, salvage: bool = False, *, fast: bool = True) -> ReadResult:
    """Safety checks, open, read.  ``fast``: the cells through :mod:`greendiag.workbooks.cells` (on
    anything it does not handle, the whole read again through openpyxl's full ``load_workbook``, as
    ``fast=False`` reads)."""
    rd = _Reader(salvage)
    try:
        checked = check_file(path)
    except UnsafeFile as exc:
        return ReadResult(None, [Problem("", "", path.name, str(exc))])
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        rd.warn("", "", path.name, f"文件扩展名为“{path.suffix or '（无）'}”，但内容是 Excel .xlsx 工作簿：已按 .xlsx 读取；"
                                   "请把扩展名改为 .xlsx，以免 Excel 打开时报错")
    if fast:
        with _warnings.catch_warnings():  # openpyxl's warnings about parts it ignores, as below
            _warnings.simplefilter("ignore")
            try:
                book = open_cells(io.BytesIO(checked.data), checked.parts)
            except Exception:
                return _read(path, salvage, fast=False)
            try:
                return _read_book(path, book, rd)
            except Unsupported:
                return _read(path, salvage, fast=False)
            finally:
                book.close()
    try:
        with _warnings.catch_warnings(), path.open("rb") as fh:  # a file object: openpyxl skips its extension check
            _warnings.simplefilter("ignore")
            wb = load_workbook(fh, data_only=False, keep_links=False)
    except Exception as exc:
        kind = type(exc).__name__
        if "Forbidden" in kind or "DTD" in kind or "Entities" in kind:
            msg = "工作簿含有 DTD/外部实体（XXE），出于安全原因未打开"
        else:
            msg = f"无法打开工作簿（文件已损坏或不是 Excel 保存的 .xlsx）：{kind}: {str(exc)[:200]}"
        return ReadResult(None, [Problem("", "", path.name, msg)])
    return _read_book(path, wb, rd)


def _read_book(path: Path, wb: Any, rd: _Reader) -> ReadResult:
    names = wb.sheetnames
    located = _locate_sheets(wb, rd)

    def sheet(name: str) -> Worksheet | None:
        return located.get(name)

    # kind: the fixed cell on 申请表, else the sheet set
    app_ws = sheet(S.APPLICATION)
    kind: CaseKind | None = None
    app_cols = rd.form_columns(app_ws) if app_ws is not None else None
    if app_ws is not None and app_cols is not None:  # without its header, 申请表 itself is refused
        lcol, vcol = app_cols
        rows = rd.labels(app_ws, lcol).get(_key(S.KIND_FIELD.label))
        if rows:
            v = rd.raw(app_ws, rows[0], vcol)
            if isinstance(v, str) and V.norm(v) in (CaseKind.PARK.value, CaseKind.ENTERPRISE.value):
                kind = CaseKind(V.norm(v))
            else:
                rd.err(S.APPLICATION, f"{get_column_letter(vcol)}{rows[0]}", v, f"“{S.KIND_FIELD.label}”应为“园区”或“企业”（由模板确定，请勿修改）")
    if kind is None:
        kind = CaseKind.PARK if (S.INDICATORS in names or S.BASIC in names) else CaseKind.ENTERPRISE
    expected = [n for n in S.sheets_for(kind) if n not in (S.README, S.PARAMS)]
    refused = {_key(_COPY_SUFFIX.sub("", p.sheet)) for p in rd.problems if p.severity == "error"}
    # templates before the roster had a sheet of its own kept it below 服务商信息
    roster_sheet = S.TEAM.sheet if sheet(S.TEAM.sheet) is not None or sheet(S.PROVIDER) is None else S.PROVIDER
    missing = [n for n in expected if sheet(n) is None and n not in E.OPTIONAL_SHEETS and _key(n) not in refused
               and not (n == S.TEAM.sheet and roster_sheet == S.PROVIDER)]
    for n in expected:
        if n in E.OPTIONAL_SHEETS and sheet(n) is None and _key(n) not in refused:
            rd.warn(n, "", "", f"缺少工作表“{n}”（较早版本的模板？）：此部分按未填写处理，文书中留待填写；"
                               "如需填写，请用 greendiag new 生成新模板")
    if missing:
        known = set(S.sheets_for(CaseKind.PARK)) | set(S.sheets_for(CaseKind.ENTERPRISE)) | {S.LISTS_SHEET, S.XLWINGS_CONF}
        others = [n for n in names if n not in known]
        hint = f"（工作簿中未识别的工作表：{'、'.join(others)}，是否被改名？）" if others else "（工作表被删除或改名）"
        for n in missing:
            rd.err(n, "", "", f"缺少工作表“{n}”{hint}：请恢复原名称或从模板复制")
    if kind == CaseKind.ENTERPRISE and S.INDICATORS in names:
        rd.warn(S.INDICATORS, "", "", "企业案例不使用“评价指标”表，已忽略")

    forms = S.forms_for(kind)
    flat: dict[str, Any] = {}
    for name, form in forms.items():
        ws = sheet(name)
        if ws is not None:
            rd.form(ws, form, flat)
    team = retrofits = None
    ws = sheet(roster_sheet)
    if ws is not None:
        team = rd.table(ws, S.TEAM)
    ws = sheet(S.RETROFIT)
    if ws is not None:
        retrofits = rd.table(ws, S.RETROFITS)
    basic: list[BasicRequirementEntry] | None = []
    years: list[IndicatorYear] | None = []
    year = flat.get("diagnosis_year")
    if kind == CaseKind.PARK:
        ws = sheet(S.BASIC)
        basic = rd.basic(ws) if ws is not None else None
        ws = sheet(S.INDICATORS)
        years = rd.indicators(ws, year) if ws is not None else None
    ws = sheet(S.PARAMS)
    if ws is not None:
        rd.params(ws)
    extra = E.read(rd, sheet, kind, path.parent)
    ws = sheet(S.LISTS_SHEET)
    if ws is not None:
        rd.title_list(ws)
    table: HolidayCalendar | None = None
    cal_ws = sheet(S.CALENDAR)
    if cal_ws is not None:  # optional: workbooks made before it existed use chinesecalendar only
        table = read_calendar_sheet(cal_ws, rd.err, rd.warn)

    cross_checks(rd, flat, kind, table, cal_ws is not None, retrofits, years, team)
    errors = [p for p in rd.problems if p.severity == "error"]
    parts = (team, retrofits, basic, years, extra)
    if any(x is None for x in parts):
        return ReadResult(None, _ordered(rd.problems, kind))
    if errors:
        bad = {(p.sheet, p.cell) for p in errors}
        kept = {k: v for k, v in flat.items() if rd.locs.get(k, ("", "", None))[:2] not in bad}
        try:
            partial = _make_case(kind, kept, *parts, table) if rd.salvage else None
        except (ValidationError, KeyError, TypeError):
            partial = None
        return ReadResult(None, _ordered(rd.problems, kind), partial)
    try:
        case = _make_case(kind, flat, *parts, table)
    except ValidationError as exc:
        for e_ in exc.errors():
            loc = ".".join(str(x) for x in e_["loc"])
            sh, ref, v = rd.locs.get(loc, ("", "", ""))
            rd.err(sh, ref, v, f"数据无效（{loc}）：{e_['msg']}")
        return ReadResult(None, _ordered(rd.problems, kind))
    return ReadResult(case, _ordered(rd.problems, kind))


def _unit_of(value: Any) -> str:
    """A row's unit as text ('' when unreadable: the unit cell reports its own problem)."""
    try:
        return V.text(value)[0]
    except V.ValueProblem:
        return ""


def _ordered(problems: list[Problem], kind: CaseKind) -> list[Problem]:
    order = {n: i for i, n in enumerate(("", *S.sheets_for(kind)))}
    return sorted(problems, key=lambda p: order.get(p.sheet, len(order)))


def required_table_problems(case: Case) -> list[Problem]:
    """Errors for a park case whose 附件2-1-1 or 2-1-2 is entirely blank: both are 必填项
    (《北京市工业园区绿色诊断工作指南》五（一））.  ``greendiag check`` adds them; a draft can still be
    generated (the report marks the tables 待填写)."""
    if case.kind != CaseKind.PARK:
        return []
    cite = "《北京市工业园区绿色诊断工作指南》五（一）"
    out = []
    if all(e.complies is None and not e.evidence for e in case.basic_requirements):
        out.append(Problem(S.BASIC, "C列", "", f"附件2-1-1 工业园区绿色诊断基础性要求诊断表为必填项（{cite}），尚未填写任何一项"))
    if all(e.value is None and not e.not_applicable for y in case.indicator_years for e in y.entries):
        out.append(Problem(S.INDICATORS, f"“{S.INDICATOR_DATA_LABEL}”列", "",
                           f"附件2-1-2 工业园区绿色诊断评价表为必填项（{cite}），三个年份均未填写指标数据"))
    return out


def read_case(path: Path | str, *, salvage: bool = False) -> ReadResult:
    """Read the case workbook at ``path``: the :class:`Case` and every problem, never an exception.

    The workbook is read under the rulebook edition it is stamped with (``workbooks.marker.case_edition``;
    ``case.edition`` is that edition's date when it is not the current one, else ``None``); a stamp
    before every edition is an error.  Errors (bad values, missing sheets/rows/headers, formulas in
    input cells, unsafe or broken files) make ``case`` ``None``; warnings (blank fields needed for the documents, unit suffixes,
    percent formats, edited parameters) do not.  Messages are Chinese and name sheet and cell.
    ``salvage``: also build :attr:`ReadResult.partial` when the errors are only in cells.
    """
    try:
        edition = case_edition(path)
    except C.RulebookError as exc:
        return ReadResult(None, [Problem("", "", Path(path).name, str(exc))])
    try:
        with C.using(edition):  # read and compare 参数 under the edition the workbook was built with
            result = _read(Path(path), salvage)
        if edition.date != C.current_edition().date:
            # an earlier (or other) edition than the current one: the case keeps it for assess_case;
            # the current edition stays None (= the current one), so a fresh workbook reads back equal
            if result.case is not None:
                result.case = result.case.model_copy(update={"edition": edition.date})
            if result.partial is not None:
                result.partial = result.partial.model_copy(update={"edition": edition.date})
        return result
    except Exception as exc:
        return ReadResult(None, [Problem("", "", str(path), f"读取工作簿时发生意外错误：{type(exc).__name__}: {str(exc)[:200]}")])

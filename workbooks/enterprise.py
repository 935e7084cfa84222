"""Enterprise diagnosis sheets and the 现场照片 sheet: declared here, built, filled and read here.

《北京市制造业绿色诊断工作规则》第十二条第3项 (合规性, the six areas, 对标国际国内先进水平),
第十二条第2项 (拟开展的重点工作和拟实施的重点项目), 第十五条第3项 (现场照片).

* :data:`COMPLIANCE_TABLE` — 合规性, fixed rows = ``rules.enterprise.COMPLIANCE_ITEMS`` (found by 序号,
  the requirement text checked), 核查结果 符合/不符合/不适用, 证明材料索引, 说明; a native formula
  says whether a veto item (6–11) is 不符合.
* :data:`FINDINGS_TABLE` — 诊断内容, fixed rows = the six areas (found by 方面): 现状, 存在问题, 改进方向.
* :data:`BENCHMARKS` — 对标分析 (:class:`~greendiag.workbooks.spec.TableSpec`): three yearly values,
  国内/国际先进值 with their sources; native formulas give the latest value and the gaps
  (``rules.enterprise.benchmark_gap``).  The template pre-fills suggested indicators (name, unit,
  direction); a row with nothing else filled is a suggestion, not a record.
* 分级评价 is a form sheet of ``spec.forms_for`` (``grading.*``), with native formulas of Beijing's
  rules only: the 第七条 tier of a unit on the national list, else the 第八条 pool line.
* :data:`PLANS` — 拟实施重点工作; :data:`PHOTOS` — 现场照片 (park and enterprise): file names relative
  to the workbook's folder, each checked by the reader (exists, is a readable image).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from greendiag.rules.citations import load_params
from greendiag.rules.enterprise import BENCHMARK_SUGGESTIONS, COMPLIANCE_ITEMS
from greendiag.rules.mirrored import MIRRORED
from greendiag.rules.models import (
    DIAGNOSIS_AREAS,
    AreaFinding,
    BenchmarkRow,
    Case,
    CaseKind,
    ComplianceEntry,
    Photo,
    PlannedWork,
)
from greendiag.workbooks import formulas as F
from greendiag.workbooks import kit as K
from greendiag.workbooks import spec as S
from greendiag.workbooks import values as V
from greendiag.workbooks.sheets.form import fill_table, form_sheet, table

_R = "《北京市制造业绿色诊断工作规则》"


@dataclass(frozen=True)
class FixedTable:
    """A table with one prepared row per ``keys`` item; ``key_label`` column identifies a row."""

    sheet: str
    path: str
    heading: str
    key_label: str
    fixed_labels: tuple[str, ...]  # read-only columns after 序号 (key column included)
    columns: tuple[S.FieldSpec, ...]  # input columns after the fixed ones
    header_row: int = 4

    @property
    def labels(self) -> tuple[str, ...]:
        return ("序号", *self.fixed_labels, *(c.label for c in self.columns))


COMPLIANCE_TABLE = FixedTable(
    sheet=S.COMPLIANCE,
    path="compliance",
    heading="合规性核查表（环境、安全、质量及近三年事故、失信等情形）",
    key_label="序号",
    fixed_labels=("类别", "合规性要求", "依据"),
    columns=(
        S.FieldSpec("status", "核查结果", S.CHOICE, choices="核查结果", expected=True, width=12,
                    hint="符合/不符合/不适用", cite=_R + "第十二条第3项"),
        S.FieldSpec("evidence", "证明材料索引", width=26),
        S.FieldSpec("note", "说明", S.LONGTEXT, width=34),
    ),
)

FINDINGS_TABLE = FixedTable(
    sheet=S.FINDINGS,
    path="findings",
    heading="诊断内容（《规则》第十二条第3项所列六个方面）",
    key_label="方面",
    fixed_labels=("方面",),
    columns=(
        S.FieldSpec("current", "现状", S.LONGTEXT, width=46, cite=_R + "第十二条第3项"),
        S.FieldSpec("problems", "存在问题", S.LONGTEXT, width=40, cite=_R + "第十二条第3项"),
        S.FieldSpec("improvements", "改进方向", S.LONGTEXT, width=40, cite=_R + "第十三条"),
    ),
)

BENCHMARKS = S.TableSpec(
    sheet=S.BENCHMARK,
    path="benchmarks",
    heading="对标分析表（对标国际国内先进水平）",
    columns=(
        S.FieldSpec("indicator", "指标名称", required=True, width=22, cite=_R + "第十二条第3项"),
        S.FieldSpec("unit", "单位", width=10),
        S.FieldSpec("direction", "指标方向", S.CHOICE, choices="指标方向", expected=True, width=11),
        S.FieldSpec("value_1", "第1年数值", S.NUMBER, width=11, unit_column="unit"),
        S.FieldSpec("value_2", "第2年数值", S.NUMBER, width=11, unit_column="unit"),
        S.FieldSpec("value_3", "第3年数值", S.NUMBER, width=11, unit_column="unit"),
        S.FieldSpec("domestic", "国内先进值", S.NUMBER, width=11, unit_column="unit"),
        S.FieldSpec("domestic_source", "国内先进值来源", width=24, hint="标准、行业报告等及其年份"),
        S.FieldSpec("international", "国际先进值", S.NUMBER, width=11, unit_column="unit"),
        S.FieldSpec("international_source", "国际先进值来源", width=24, hint="标准、行业报告等及其年份"),
    ),
    capacity=30,
    key="indicator",
)
BENCHMARK_CALC_LABELS = ("现值（最近年份）", "与国内先进差距（%）", "与国际先进差距（%）")

PLANS = S.TableSpec(
    sheet=S.PLANS,
    path="planned_work",
    heading="拟开展的重点工作和拟实施的重点项目",
    columns=(
        S.FieldSpec("content", "重点工作或项目", required=True, width=40, cite=_R + "第十二条第2项"),
        S.FieldSpec("category", "类别", S.CHOICE, choices="工作类别", width=12),
        S.FieldSpec("schedule", "计划实施时间", width=16, hint="如：2027年上半年"),
        S.FieldSpec("investment", "计划投资（万元）", S.AMOUNT, unit="万元", width=14),
        S.FieldSpec("expected_effect", "预期成效", width=36),
    ),
    capacity=30,
    key="content",
)

PHOTOS = S.TableSpec(
    sheet=S.PHOTOS,
    path="photos",
    heading="现场诊断照片",
    columns=(
        S.FieldSpec("file", "照片文件名", width=36,
                    hint="在本行插入图片（插入→图片，随工作簿携带），或填写本工作簿所在文件夹中的文件名，如：照片/锅炉房.jpg",
                    cite=_R + "第十五条第3项"),
        S.FieldSpec("caption", "照片说明", expected=True, width=48),
        S.FieldSpec("taken", "拍摄日期", S.DATE, width=14),
    ),
    capacity=40,
    key="file",
)

TABLES_FOR = {
    CaseKind.PARK: (PHOTOS,),
    CaseKind.ENTERPRISE: (BENCHMARKS, PLANS, PHOTOS),
}
"""Variable-length tables of this module per kind (the spec-coverage test reads it)."""
FIXED_FOR = {CaseKind.PARK: (), CaseKind.ENTERPRISE: (COMPLIANCE_TABLE, FINDINGS_TABLE)}

OPTIONAL_SHEETS = (S.COMPLIANCE, S.FINDINGS, S.BENCHMARK, S.GRADING, S.PLANS, S.PHOTOS)
"""Sheets added after the first templates: a workbook without them reads with a warning (blank)."""

MAX_PHOTO_BYTES = 50 * 1024 * 1024
"""A photo file larger than this is refused (the report scales every photo down anyway)."""

_HEADER_ROW = 4


# ── building ───────────────────────────────────────────────────────────────
def _sheet(wb: Workbook, name: str, title: str, note: str, last_col: int) -> Worksheet:
    ws = wb.create_sheet(name)
    K.style(ws.cell(1, 1, title), K.TITLE)
    K.merge(ws, start_row=1, start_column=1, end_row=1, end_column=last_col)
    K.style(ws.cell(2, 1, note), K.NOTE)
    K.merge(ws, start_row=2, start_column=1, end_row=2, end_column=last_col)
    ws.row_dimensions[2].height = 45
    return ws


def _fixed_table(wb: Workbook, t: FixedTable, lists: dict[str, str], rows: list[tuple], note: str,
                 widths: tuple[float, ...]) -> Worksheet:
    ncols = len(t.labels)
    ws = _sheet(wb, t.sheet, t.heading, note, ncols)
    h = t.header_row
    for col, label in enumerate(t.labels, start=1):
        K.header(ws.cell(h, col, label))
    dvs = K.Validations(ws, lists)
    first = h + 1
    for i, fixed in enumerate(rows):
        r = first + i
        K.calc(ws.cell(r, 1, i + 1))
        for j, v in enumerate(fixed, start=2):
            K.style(ws.cell(r, j, v), K.CITE if t.fixed_labels[j - 2] == "依据" else K.TEXT)
        for j, f in enumerate(t.columns, start=2 + len(fixed)):
            K.input_cell(ws.cell(r, j), f)
        ws.row_dimensions[r].height = 90 if t.path == "findings" else 54
    last = first + len(rows) - 1
    for j, f in enumerate(t.columns, start=2 + len(t.fixed_labels)):
        letter = get_column_letter(j)
        dvs.add(f, f"{letter}{first}:{letter}{last}")
    for col, w in zip(range(1, ncols + 1), widths):
        ws.column_dimensions[get_column_letter(col)].width = w
    ws.freeze_panes = f"A{first}"
    K.print_setup(ws, f"{h}:{h}", landscape=True)
    return ws


VETO_FOUND, VETO_NONE = "存在，需研判", "未发现"
"""The 合规性 summary of items 6–11: facts for the unit's region (a veto only in 黑龙江/广州, rules.enterprise)."""


def _compliance_sheet(wb: Workbook, lists: dict[str, str]) -> Worksheet:
    t = COMPLIANCE_TABLE
    ws = _fixed_table(
        wb, t, lists, [(i.category, i.text, i.cite) for i in COMPLIANCE_ITEMS],
        "按《北京市制造业绿色诊断工作规则》第十二条第3项核查企业在环境、安全、质量等方面的合规性。第6–11项为近三年的事故、失信等情形，"
        "选“不符合”表示存在该情形：北京市企业由市经济和信息化局入库审核时研判（北京办法第六条）；注册在黑龙江、广州的企业，"
        "为该地文件的否决条件（依据列）。可参照“信用中国”和“国家企业信用信息公示系统”。",
        (6, 12, 46, 30, 12, 26, 34),
    )
    first = t.header_row + 1
    last = first + len(COMPLIANCE_ITEMS) - 1
    status = get_column_letter(2 + len(t.fixed_labels))
    K.bad_cf(ws, f"{status}{first}:{status}{last}", f'{status}{first}="不符合"')
    K.required_cf(ws, f"{status}{first}:{status}{last}")
    veto_first = first + next(k for k, i in enumerate(COMPLIANCE_ITEMS) if i.hlj)
    r = last + 2
    K.style(ws.cell(r, 2, "核查汇总（自动）"), K.STRONG)
    rows = (
        ("不符合项数", f'=COUNTIF({status}{first}:{status}{last},"不符合")'),
        ("未核查项数", f'=COUNTBLANK({status}{first}:{status}{last})'),
        ("事故、失信等情形（第6–11项）",
         f'=IF(COUNTIF({status}{veto_first}:{status}{last},"不符合")>0,"{VETO_FOUND}","{VETO_NONE}")'),
    )
    for k, (label, formula) in enumerate(rows, start=1):
        K.style(ws.cell(r + k, 3, label), K.NOTE)
        K.calc(ws.cell(r + k, 5, formula))
    ref = f"E{r + 3}"
    K.bad_cf(ws, ref, f'{ref}="{VETO_FOUND}"')
    K.protect(ws)
    return ws


def _findings_sheet(wb: Workbook, lists: dict[str, str]) -> Worksheet:
    ws = _fixed_table(
        wb, FINDINGS_TABLE, lists, [(a,) for a in DIAGNOSIS_AREAS],
        "按《北京市制造业绿色诊断工作规则》第十二条第3项，逐方面填写现状、存在问题（对标国际国内先进水平的不足）和改进方向"
        "（第十三条：切实可行的改进提升建议或措施）。可分段填写（单元格内换行：Excel 按 Alt+Enter，LibreOffice 按 Ctrl+Enter）。",
        (6, 16, 46, 40, 40),
    )
    K.protect(ws)
    return ws


def _benchmark_sheet(wb: Workbook, lists: dict[str, str], year_ref: str) -> Worksheet:
    t = BENCHMARKS
    ncols = 1 + len(t.columns) + len(BENCHMARK_CALC_LABELS)
    ws = _sheet(
        wb, t.sheet, "对标分析", "第1–3年为诊断实施年份的前三年；先进值及其来源由服务商填写（本表不提供先进值）。"
        "单位为 % 的指标填写 85 或 85%（都表示 85%），0.85 表示 0.85%（黄色提示请核对），不超过 100。"
        "差距（%）为本表的计算方法（非文件规定）：越小越好指标 =(现值−先进值)/先进值×100，越大越好指标 =(先进值−现值)/先进值×100；"
        "正数表示落后于先进水平，0或负数表示达到或优于先进水平。已列出建议指标，可修改、删除或增加。", ncols,
    )
    ws.cell(3, 8, f'=IF(ISNUMBER({year_ref}),"第1–3年："&({year_ref}-3)&"、"&({year_ref}-2)&"、"&({year_ref}-1)&"年","")')
    h = _HEADER_ROW + 1  # the heading of _table sits on the row above the header
    table(ws, t, h, lists, overrides=_percent_validations(h + 1))
    first, last = h + 1, h + t.capacity
    c = {f.path: get_column_letter(2 + i) for i, f in enumerate(t.columns)}
    calc0 = 2 + len(t.columns)
    for k, label in enumerate(BENCHMARK_CALC_LABELS):
        K.header(ws.cell(h, calc0 + k, label))
        ws.column_dimensions[get_column_letter(calc0 + k)].width = 14
    now_col = get_column_letter(calc0)
    _percent_rows(ws, c, first, last)
    for r in range(first, last + 1):
        unit = f"{c['unit']}{r}"
        v1, v2, v3 = (f"{c[k]}{r}" for k in ("value_1", "value_2", "value_3"))
        p1, p2, p3 = (F.row_percent(v, unit) for v in (v1, v2, v3))  # 95% is 95 on a % row (one percent rule)
        K.calc(ws.cell(r, calc0, f'=IF(ISNUMBER({v3}),{p3},IF(ISNUMBER({v2}),{p2},IF(ISNUMBER({v1}),{p1},"")))'), "General")
        now, d = f"{now_col}{r}", f"{c['direction']}{r}"
        for k, adv in enumerate((f"{c['domestic']}{r}", f"{c['international']}{r}"), start=1):
            a = F.row_percent(adv, unit)
            gap = (f'=IF(AND(ISNUMBER({now}),ISNUMBER({adv}),OR({d}="越小越好",{d}="越大越好")),IF({adv}=0,"",'
                   f'IF({d}="越小越好",({now}-{a}),({a}-{now}))/ABS({a})*100),"")')
            K.calc(ws.cell(r, calc0 + k, gap), "0.0")
    for i, (name, unit, direction) in enumerate(BENCHMARK_SUGGESTIONS):
        r = first + i
        ws[f"{c['indicator']}{r}"] = name
        ws[f"{c['unit']}{r}"] = unit
        ws[f"{c['direction']}{r}"] = direction
    ws.freeze_panes = f"C{first}"
    K.print_setup(ws, f"{h}:{h}", landscape=True)
    K.protect(ws)
    return ws


_VALUE_COLUMNS = ("value_1", "value_2", "value_3", "domestic", "international")


def _percent_validations(first: int) -> dict[str, dict[str, object]]:
    """对标分析's number columns: any number, but on a row whose 单位 is % at most 100 (the one percent
    rule, as 评价指标: 85 and 85% are both 85 %, 150 refused on entry)."""
    col = {f.path: get_column_letter(2 + i) for i, f in enumerate(BENCHMARKS.columns)}
    pct = F.is_percent_unit(f"${col['unit']}{first}")
    return {p: dict(
        type="custom", allow_blank=True, formula1=f"OR(NOT(ISNUMBER({col[p]}{first})),NOT({pct}),{col[p]}{first}<=100)",
        errorStyle="stop", errorTitle="百分比无效", error="单位为 % 的指标请填写 0–100 的百分数，如 85 或 85%（都表示 85%）",
        promptTitle="数值", prompt="按本行单位填写；单位为 % 的填写 85 或 85%（都表示 85%），0.85 表示 0.85%",
    ) for p in _VALUE_COLUMNS}


def _percent_rows(ws: Worksheet, c: dict[str, str], first: int, last: int) -> None:
    """The rows whose 单位 is %: 0–1 amber (did you mean X %?), a shown value above 100 (150% typed) red."""
    pct = F.is_percent_unit(f"${c['unit']}{first}")
    for col in (c[k] for k in _VALUE_COLUMNS):
        rng = f"{col}{first}:{col}{last}"
        x, shown = f"{col}{first}", F.shown_percent(f"{col}{first}")
        K.bad_cf(ws, rng, f"AND(ISNUMBER({x}),{pct},{shown}>100)")
        K.check_cf(ws, rng, f"AND(ISNUMBER({x}),{pct},{shown}>0,{shown}<=1)")


def _grading_sheet(wb: Workbook, forms: dict[str, S.FormSheet], lists: dict[str, str], kind: CaseKind) -> Worksheet:
    form = forms[S.GRADING]
    top = load_params("bj_units")["grading_score_max"]
    ws = form_sheet(wb, form, lists, kind, {}, overrides={"grading.score": dict(
        type="decimal", operator="between", formula1="0", formula2=f"{top.value:g}", allow_blank=True, errorStyle="stop",
        errorTitle="得分无效", error=f"分级评价得分为 0–{top.value:g} 分（百分制，{top.cite}）",
        promptTitle="绿色工厂分级评价得分", prompt=f"选填：0–{top.value:g} 分")})
    score = form.cell_of("grading.score")
    nat = form.cell_of("grading.national")
    u = load_params("bj_units")
    r = form.last_row + 2
    K.style(ws.cell(r, 1, "自动计算（本区为公式，请勿修改）"), K.SUBTITLE)
    ok = f"AND(ISNUMBER({score}),{score}>=0,{score}<={load_params('bj_units')['grading_score_max'].value:g})"
    listed = f'{nat}="{S.YES}"'
    # Beijing's rules only (rules.enterprise.assess_enterprise): 第七条 grades units on the national
    # green-factory list; an applicant meets the 第八条 pool line instead.
    rows = (
        ("北京绿色工厂分级", f'=IF(AND({ok},{listed}),{MIRRORED["factory_tier"].formula([score])[1:]},'
                         f'IF({ok},"不分级（未列入国家级绿色工厂名单）",""))', str(u["tier_names"].cite) + "：对已入围国家级绿色工厂开展分级评价"),
        ("北京培育库分数线", f'=IF(AND({ok},NOT({listed})),IF({score}>={u["incubation_pool_min_score"].value},"达到","未达到"),"")',
         str(u["incubation_pool_min_score"].cite) + "：申请纳入绿色工厂培育库的企业"),
    )
    for k, (label, formula, cite) in enumerate(rows, start=1):
        K.style(ws.cell(r + k, 1, label), K.STRONG)
        K.calc(ws.cell(r + k, 2, formula))
        K.style(ws.cell(r + k, 4, cite), K.NOTE)
    return ws


def _simple_table_sheet(wb: Workbook, t: S.TableSpec, lists: dict[str, str], note: str) -> Worksheet:
    ws = _sheet(wb, t.sheet, t.heading, note, 1 + len(t.columns))
    table(ws, t, _HEADER_ROW + 1, lists)
    ws.freeze_panes = f"A{_HEADER_ROW + 2}"
    K.print_setup(ws, f"{_HEADER_ROW + 1}:{_HEADER_ROW + 1}", landscape=True)
    K.protect(ws)
    return ws


def build_sheets(wb: Workbook, forms: dict[str, S.FormSheet], lists: dict[str, str], kind: CaseKind, year_ref: str,
                 stage: str) -> None:
    """Add this module's sheets of ``kind``: ``stage`` "before_retrofit" (合规性 … 拟实施重点工作) or
    "after_retrofit" (现场照片)."""
    if stage == "before_retrofit" and kind == CaseKind.ENTERPRISE:
        _compliance_sheet(wb, lists)
        _findings_sheet(wb, lists)
        _benchmark_sheet(wb, lists, year_ref)
        _grading_sheet(wb, forms, lists, kind)
        _simple_table_sheet(wb, PLANS, lists, "填写企业在持续提升绿色低碳发展水平方面拟开展的重点工作和拟实施的重点项目"
                                              "（《北京市制造业绿色诊断工作规则》第十二条第2项）。金额单位：万元。")
    if stage == "after_retrofit":
        _simple_table_sheet(wb, PHOTOS, lists, "被诊断单位配合提供诊断工作现场照片（《北京市制造业绿色诊断工作规则》第十五条第3项）。"
                                               "照片文件放在本工作簿所在文件夹（或其子文件夹）中，此处填写文件名，如“照片/锅炉房.jpg”；"
                                               "生成报告时照片按说明逐张印出（自动缩放压缩）。支持 JPG、PNG 等常见格式。")


SERVES = {
    S.COMPLIANCE: "合规性核查（环境、安全、质量；近三年事故、失信等情形）",
    S.FINDINGS: "诊断内容：绿色管理、产品生态设计、生产工艺和设备、资源能源投入、环境排放、碳排放（规则第十二条第3项）",
    S.BENCHMARK: "对标分析：三年数值、国内/国际先进值及来源、差距（公式）",
    S.PLANS: "拟开展的重点工作和拟实施的重点项目（规则第十二条第2项）",
    S.PHOTOS: "现场诊断照片：文件名（相对于本工作簿所在文件夹）和说明（规则第十五条第3项）",
}


# ── filling ────────────────────────────────────────────────────────────────
def fill(wb: Workbook, case: Case) -> None:
    """Type this module's data of ``case`` into its sheets (``fill_case``)."""
    put = K.put
    for t in TABLES_FOR[case.kind]:
        rows = getattr(case, t.path)
        ws = wb[t.sheet]
        first = _HEADER_ROW + 2
        if rows and t is BENCHMARKS:  # the case's rows replace the suggestions
            for r in range(first, first + len(BENCHMARK_SUGGESTIONS)):
                for j in range(2, 2 + len(t.columns)):
                    ws.cell(r, j).value = None
        fill_table(ws, t, first - 1, rows)
    if case.kind != CaseKind.ENTERPRISE:
        return
    ws = wb[S.COMPLIANCE]
    t = COMPLIANCE_TABLE
    for e in case.compliance:
        if not 1 <= e.number <= len(COMPLIANCE_ITEMS):
            raise ValueError(f"合规性序号 {e.number} 无效")
        r = t.header_row + e.number
        for j, col in enumerate(t.columns, start=2 + len(t.fixed_labels)):
            put(ws.cell(r, j), getattr(e, col.path))
    ws = wb[S.FINDINGS]
    t = FINDINGS_TABLE
    for f in case.findings:
        r = t.header_row + 1 + DIAGNOSIS_AREAS.index(f.area)
        for j, col in enumerate(t.columns, start=2 + len(t.fixed_labels)):
            put(ws.cell(r, j), getattr(f, col.path))


# ── reading ────────────────────────────────────────────────────────────────
def _key(x: Any) -> str:
    return V.norm(x).rstrip("*:：").lstrip("*") if isinstance(x, str) else ""


def _read_fixed(rd: Any, ws: Worksheet, t: FixedTable, keys: list[str], expect: list[str] | None) -> list[tuple[int, dict]] | None:
    """Rows of a fixed table: ``[(index, {path: value})]`` for rows with any input; ``None`` on error."""
    hdr = rd.find_header(ws, t.labels, f"“{t.heading}”")
    if hdr is None:
        return None
    header, cols = hdr
    kcol = cols[_key(t.key_label)]
    found: dict[str, int] = {}
    ok = True
    for r in range(header + 1, min(ws.max_row, header + 80) + 1):
        v = rd.raw(ws, r, kcol)
        k = str(int(v)) if isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer() else _key(v)
        if k in keys:
            if k in found:
                rd.err(ws.title, f"{get_column_letter(kcol)}{r}", v, f"“{t.key_label}”{k} 重复（第{found[k]}、{r}行）")
                ok = False
            found[k] = r
    out = []
    for i, k in enumerate(keys):
        r = found.get(k)
        if r is None:
            rd.err(ws.title, f"{get_column_letter(kcol)}列", "", f"缺少“{t.key_label}”为“{k}”的行（行被删除？）：请从模板恢复")
            ok = False
            continue
        if expect is not None:
            tcol = cols[_key(t.fixed_labels[1])]
            got = rd.raw(ws, r, tcol)
            if _key(got) != _key(expect[i]):
                rd.err(ws.title, f"{get_column_letter(tcol)}{r}", got, f"第{k}项的要求应为“{expect[i]}”：行序或文字被改动")
                ok = False
                continue
        rec: dict[str, Any] = {}
        for f in t.columns:
            c = cols[_key(f.label)]
            good, value, cell = rd.cell_value(ws, r, c)
            if good:
                good, parsed = rd.parse(ws.title, f"{get_column_letter(c)}{r}", f, value, cell)
            if not good:
                ok = False
                continue
            if parsed not in (None, ""):
                rec[f.path] = parsed
            rd.locs[f"{t.path}.{i}.{f.path}"] = (ws.title, f"{get_column_letter(c)}{r}", value)
        out.append((i, rec))
    return out if ok else None


def _photo_problem(path: Path) -> str | None:
    """Why the photo at ``path`` cannot be printed, or ``None`` when it decodes."""
    from PIL import Image

    if not path.is_file():
        return "找不到照片文件"
    if path.stat().st_size > MAX_PHOTO_BYTES:
        return f"照片文件超过 {MAX_PHOTO_BYTES // (1024 * 1024)} MB"
    try:
        with Image.open(path) as im:
            im.draft("RGB", (2000, 2000))
            im.load()
    except Exception as exc:
        return f"无法读取照片（不是可识别的图片或文件已损坏：{type(exc).__name__}）"
    return None


def embedded_images(ws: Any) -> dict[int, bytes]:
    """``{row: image bytes}`` of the pictures inserted into ``ws`` (Excel's Insert → Picture; openpyxl's
    ``add_image``), by the row their top-left corner is anchored on (1-based); the first picture of a row wins."""
    out: dict[int, bytes] = {}
    for img in getattr(ws, "_images", ()):
        anchor = img.anchor
        if isinstance(anchor, str):
            from openpyxl.utils.cell import coordinate_from_string

            row = coordinate_from_string(anchor)[1]
        else:
            row = anchor._from.row + 1
        if row not in out:
            try:
                out[row] = img._data()
            except Exception:  # an unreadable part: the photo check says so at its row
                out[row] = b""
    return out


PHOTO_THUMB_PX = (220, 128)
"""Largest width × height (pixels) a picture that :func:`embed_photos` inserts is shown at on 现场照片
(the picture itself is stored whole; the documents print it from there)."""


def photo_file(base: Path, name: str) -> Path | None:
    """The file a 现场照片 name gives inside the folder ``base`` (``/`` or ``\\`` between folders), or ``None``
    for a name that leaves it: an absolute path, a drive (``C:…``, also ``C:照片.jpg``) or ``..``."""
    pure = PurePath(name.replace("\\", "/"))
    if pure.is_absolute() or ":" in name[:3] or ".." in pure.parts:
        return None
    return base / Path(*pure.parts)


def embed_photos(ws: Worksheet, photos: tuple[Photo, ...], photo_dir: Path | str | None = None) -> int:
    """Insert the pictures of ``photos`` into 现场照片 ``ws`` as Excel's Insert → Picture does: each one
    anchored on its photo's row (the row :func:`fill` typed it on), right of the table, shown at most
    :data:`PHOTO_THUMB_PX`, so that the workbook carries its photos (:func:`embedded_images` reads them back).

    A photo's picture is its ``image`` bytes, else, with ``photo_dir``, the file its name gives inside
    that folder (a name outside the folder, a missing or unreadable file: not embedded, the name stays
    for the reader to judge).  Returns the number of pictures inserted.
    """
    import io

    from openpyxl.drawing.image import Image as XLImage

    col = get_column_letter(2 + len(PHOTOS.columns))
    base = Path(photo_dir) if photo_dir is not None else None
    n = 0
    for i, photo in enumerate(photos):
        data = photo.image
        if data is None and base is not None and photo.file:
            path = photo_file(base, photo.file)
            if path is not None and _photo_problem(path) is None:
                data = path.read_bytes()
        if not data or _photo_bytes_problem(data) is not None:
            continue
        img = XLImage(io.BytesIO(data))
        scale = min(1.0, PHOTO_THUMB_PX[0] / img.width, PHOTO_THUMB_PX[1] / img.height)
        img.width, img.height = round(img.width * scale), round(img.height * scale)
        row = _HEADER_ROW + 2 + i
        ws.add_image(img, f"{col}{row}")
        ws.row_dimensions[row].height = max(ws.row_dimensions[row].height or 0, img.height * 0.75 + 6)  # px → pt
        n += 1
    if n:
        ws.column_dimensions[col].width = max(ws.column_dimensions[col].width or 0, PHOTO_THUMB_PX[0] / 7 + 2)
    return n


def _photo_bytes_problem(data: bytes) -> str | None:
    import io

    from PIL import Image

    if len(data) > MAX_PHOTO_BYTES:
        return f"图片超过 {MAX_PHOTO_BYTES // (1024 * 1024)} MB"
    try:
        with Image.open(io.BytesIO(data)) as im:
            im.draft("RGB", (2000, 2000))
            im.load()
    except Exception as exc:
        return f"插入的图片无法读取（{type(exc).__name__}）"
    return None


def check_photos(rd: Any, photos: list[dict], base: Path) -> bool:
    """Each photo: a picture inserted on its row (``rec["image"]``) or a file name relative to ``base``, inside
    that folder (no ``..``, no absolute path), that exists and decodes; errors name the cell."""
    ok = True
    for i, rec in enumerate(photos):
        sheet, ref, value = rd.locs[f"photos.{i}.file"]
        name = rec.get("file", "")
        if rec.get("image") is not None:
            why = _photo_bytes_problem(rec["image"])
            if why:
                rd.err(sheet, ref, value, f"{why}：第{rec['_row']}行插入的图片")
                ok = False
            continue
        if not name:
            rd.err(sheet, ref, value, "该行没有照片：在本行插入图片，或填写照片文件名（规则第十五条第3项）")
            ok = False
            continue
        path = photo_file(base, name)
        if path is None:
            rd.err(sheet, ref, value, f"照片文件名“{name}”不在工作簿所在文件夹内：应为该文件夹中的文件名（如 照片/锅炉房.jpg），"
                                      "不要写完整路径或“..”；也可以把图片直接插入本行")
            ok = False
            continue
        why = _photo_problem(path)
        if why:
            rd.err(sheet, ref, value, f"{why}：“{name}”（相对于工作簿所在文件夹 {base}）")
            ok = False
    return ok


def _with_images(rd: Any, ws: Any, recs: list[dict]) -> list[dict]:
    """The 现场照片 records with the pictures inserted on their rows; a picture on a row without text
    becomes a record of its own (in row order)."""
    images = embedded_images(ws)
    if not images:
        return recs
    by_row = {r["_row"]: r for r in recs}
    for row in sorted(images):
        if row in by_row:
            by_row[row]["image"] = images[row]
        elif row > _HEADER_ROW + 1:  # below the header row (the heading sits above it)
            by_row[row] = {"_row": row, "image": images[row]}
    out = [by_row[r] for r in sorted(by_row)]
    for i, rec in enumerate(out):
        rd.locs[f"photos.{i}.file"] = (ws.title, f"{get_column_letter(2)}{rec['_row']}", rec.get("file", ""))
    return out


def read(rd: Any, sheet: Any, kind: CaseKind, base: Path) -> dict[str, Any] | None:
    """This module's part of the Case (``{field: value}``), or ``None`` when it has an error.

    ``sheet(name)`` returns the worksheet or ``None`` (the caller reports missing sheets).
    """
    out: dict[str, Any] = {}
    ok = True
    tables = {}
    for t in TABLES_FOR[kind]:
        ws = sheet(t.sheet)
        if ws is None:  # an older template: warned by the reader, read as blank
            continue
        recs = rd.table(ws, t)
        if recs is None:
            ok = False
            continue
        tables[t.path] = recs
    if "benchmarks" in tables:
        data = [c.path for c in BENCHMARKS.columns if c.path not in ("indicator", "unit", "direction")]
        kept = []
        for rec in tables["benchmarks"]:
            if not any(rec.get(p) not in (None, "") for p in data):
                continue  # a suggested indicator with nothing filled in
            for side in ("domestic", "international"):
                if rec.get(side) is not None and not rec.get(f"{side}_source"):
                    label = "国内" if side == "domestic" else "国际"
                    col = get_column_letter(2 + [c.path for c in BENCHMARKS.columns].index(f"{side}_source"))
                    rd.warn(BENCHMARKS.sheet, f"{col}{rec['_row']}", "", f"“{rec['indicator']}”填写了{label}先进值但未填写来源：报告中将注明“来源未填写”")
            kept.append(rec)
        out["benchmarks"] = tuple(BenchmarkRow(**{k: v for k, v in r.items() if not k.startswith("_")}) for r in kept)
    if "planned_work" in tables:
        out["planned_work"] = tuple(PlannedWork(**{k: v for k, v in r.items() if not k.startswith("_")}) for r in tables["planned_work"])
    if "photos" in tables:
        recs = _with_images(rd, sheet(S.PHOTOS), tables["photos"])
        ok &= check_photos(rd, recs, base)
        out["photos"] = tuple(Photo(**{k: v for k, v in r.items() if not k.startswith("_")}) for r in recs)
    if kind == CaseKind.ENTERPRISE:
        ws = sheet(S.COMPLIANCE)
        rows = _read_fixed(rd, ws, COMPLIANCE_TABLE, [str(i.number) for i in COMPLIANCE_ITEMS],
                           [i.text for i in COMPLIANCE_ITEMS]) if ws is not None else []
        if rows is None:
            ok = False
        else:
            out["compliance"] = tuple(ComplianceEntry(number=COMPLIANCE_ITEMS[i].number, **rec) for i, rec in rows if rec)
        ws = sheet(S.FINDINGS)
        rows = _read_fixed(rd, ws, FINDINGS_TABLE, list(DIAGNOSIS_AREAS), None) if ws is not None else []
        if rows is None:
            ok = False
        else:
            out["findings"] = tuple(AreaFinding(area=DIAGNOSIS_AREAS[i], **rec) for i, rec in rows if rec)
    return out if ok or getattr(rd, "salvage", False) else None

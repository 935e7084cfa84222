"""The 名单管理 workbook (issue 19): one row per listed unit with its status, grade, 动态管理表 deadline, days
left and running bans; a sheet of alerts; an 事件登记 input area an officer fills (dropdowns of the events,
results and grounds; dates) and ``greendiag units import-events`` records in the registry.

Values come from ``greendiag.rules.lifecycle`` (through the generator); the workbook mirrors the day
arithmetic as native formulas — 剩余天数 ``=截止日-统计日期``, 最后受限日 ``=EDATE(撤销/移出日期, 12×年数)``
(:func:`greendiag.rules.ledger.ban_last_day`), 可重新申报日 ``=最后受限日+1`` — which a LibreOffice
recalculation test compares with Python.  Cells take the workbook kit's looks (named styles, ``workbooks.kit``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from greendiag.files import atomic_path
from greendiag.rules import lifecycle as L
from greendiag.rules.regions import OTHER
from greendiag.workbooks import kit
from greendiag.workbooks.text import xml_safe

UNITS = "名单"
ALERTS = "提醒"
EVENTS = "事件登记"
LISTS = "列表"
EVENT_HEADER_ROW = 4
EVENT_ROWS = 300
"""Rows of the 事件登记 input area."""
AS_OF_CELL = "B2"
"""统计日期 on the 名单 sheet (every 剩余天数 formula counts from it)."""

UNIT_COLUMNS = ("登记号", "单位名称", "地区", "名单类型", "级别", "批次", "列入年度", "状态", "状态说明", "分级/星级/评审",
                "动态管理表截止日", "剩余天数", "动态管理表说明", "限制事项", "撤销/移出日期", "限制年数", "最后受限日",
                "可重新申报日", "待办提醒", "绿色诊断报告（本年度或上一年度）", "分级评价得分", "分级评价日期")
EVENT_COLUMNS = ("登记号", "单位名称（自动）", "事件", "日期", "复审结果", "撤销/移出情形或调整类型", "分级评价得分", "说明")
UNIT_HEADER_ROW = 4


@dataclass(frozen=True)
class SheetRow:
    """One unit row of the 名单 sheet (filled by the generator from the registry and ``unit_life``)."""

    listing_id: int
    name: str
    region: str
    list_kind: str
    level: str
    batch: str
    listed_year: int | None
    life: L.UnitLife
    diagnosis: str = ""
    """Its 绿色诊断 report for the 培育库 (北京办法第五条: this or last year), e.g. ``2026年诊断`` or ``无``."""


@dataclass(frozen=True)
class EventInput:
    """One filled row of 事件登记: ``listing_id`` and the event, with the row's first cell."""

    listing_id: int
    event: L.UnitEvent
    cell: str


class EventSheetError(ValueError):
    """事件登记 rows that cannot be recorded: ``problems`` is a list of Chinese messages naming sheet and cell."""

    def __init__(self, problems: list[str]):
        super().__init__("；".join(problems))
        self.problems = problems


_LOOKS = {
    "表头": (kit.HEADER, None), "文字": (kit.TEXT, None), "计算": (kit.CALC, None),
    "日期计算": (kit.CALC, kit.DATE_FORMAT), "日期": (kit.CENTERED_BOXED, kit.DATE_FORMAT),
    "输入": (kit.INPUT_PLAIN, None), "输入文本": (kit.INPUT_TEXT, None), "输入日期": (kit.INPUT, kit.DATE_FORMAT),
}
"""This workbook's kinds of cell → the kit's looks (named styles) and number formats."""


def _put(ws, r: int, c: int, value, kind: str):
    cell = ws.cell(r, c, xml_safe(value) if isinstance(value, str) else value)
    look, fmt = _LOOKS[kind]
    return kit.style(cell, look, fmt)


def _ban(life: L.UnitLife, as_of: date):
    running = life.running_bans(as_of)
    return running[-1] if running else (life.bans[-1] if life.bans else None)


def build_workbook(rows: Sequence[SheetRow], as_of: date, *, region: str = "", beijing_deadline: str = "",
                   grounds: Sequence[str] = ()) -> openpyxl.Workbook:
    """The 名单管理 workbook of ``rows`` as of ``as_of`` (see the module docstring)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = UNITS
    kit.style(ws.cell(1, 1, f"绿色制造单位名单管理{f'（{region}）' if region else ''}"), kit.TITLE)
    ws["A2"] = "统计日期"
    _put(ws, 2, 2, as_of, "日期")
    ws["C2"] = ("状态、期限和限制由 greendiag 按单位所在地区的文件推算（北京办法、黑龙江细则、广州办法）；"
                + (f"北京动态管理表日期按国家通知取 {beijing_deadline}。" if beijing_deadline else "北京动态管理表日期按国家通知，未给出。")
                + "绿色单元格为公式。事件在“事件登记”表填写后运行 greendiag units import-events。")
    for k, h in enumerate(UNIT_COLUMNS, 1):
        _put(ws, UNIT_HEADER_ROW, k, h, "表头")
    ws.row_dimensions[UNIT_HEADER_ROW].height = 32
    col = {h: get_column_letter(k) for k, h in enumerate(UNIT_COLUMNS, 1)}
    asof = f"${AS_OF_CELL[0]}${AS_OF_CELL[1:]}"
    for i, row in enumerate(rows):
        r = UNIT_HEADER_ROW + 1 + i
        life = row.life
        ban = _ban(life, as_of)
        values = (row.listing_id, row.name, row.region, row.list_kind, row.level, row.batch, row.listed_year,
                  life.status, life.status_text, life.grade, life.dynamic_due)
        for k, v in enumerate(values, 1):
            _put(ws, r, k, v, "日期" if isinstance(v, date) else "文字")
        due = f"{col['动态管理表截止日']}{r}"
        _put(ws, r, 12, f'=IF(ISNUMBER({due}),{due}-{asof},"")', "计算")
        _put(ws, r, 13, life.dynamic_note, "文字")
        _put(ws, r, 14, (ban.text if ban else ""), "文字")
        _put(ws, r, 15, ban.start if ban else None, "日期")
        _put(ws, r, 16, ban.years if ban else None, "文字")
        start, years = f"{col['撤销/移出日期']}{r}", f"{col['限制年数']}{r}"
        last = f"{col['最后受限日']}{r}"
        _put(ws, r, 17, f'=IF(AND(ISNUMBER({start}),ISNUMBER({years})),EDATE({start},12*{years}),"")', "日期计算")
        _put(ws, r, 18, f'=IF(ISNUMBER({last}),{last}+1,"")', "日期计算")
        _put(ws, r, 19, "；".join(a.text for a in life.alerts), "文字")
        _put(ws, r, 20, row.diagnosis, "文字")
        _put(ws, r, 21, life.score, "文字")
        _put(ws, r, 22, life.graded_on, "日期")
    widths = (8, 34, 8, 14, 8, 7, 8, 10, 26, 14, 12, 9, 26, 40, 12, 8, 12, 12, 50, 18, 10, 12)
    for k, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(k)].width = w
    ws.freeze_panes = f"C{UNIT_HEADER_ROW + 1}"
    last_row = UNIT_HEADER_ROW + max(len(rows), 1)
    ws.auto_filter.ref = f"A{UNIT_HEADER_ROW}:{get_column_letter(len(UNIT_COLUMNS))}{last_row}"
    ws.print_title_rows = f"{UNIT_HEADER_ROW}:{UNIT_HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    _alerts_sheet(wb, rows, asof)
    _events_sheet(wb, grounds, last_row)
    return wb


def _alerts_sheet(wb: openpyxl.Workbook, rows: Sequence[SheetRow], asof: str) -> None:
    ws = wb.create_sheet(ALERTS)
    kit.style(ws.cell(1, 1, "提醒：逾期未报、变更申请、培育期满、限制期届满和待决定的事项"), kit.TITLE)
    for k, h in enumerate(("登记号", "单位名称", "类型", "日期", "剩余天数", "说明"), 1):
        _put(ws, 3, k, h, "表头")
    r = 4
    order = {"待决定": 0, "动态管理表逾期": 1, "变更申请": 2, "培育期满": 3, "动态管理表将到期": 4, "限制期届满": 5}
    items = sorted(((row, a) for row in rows for a in row.life.alerts),
                   key=lambda x: (order.get(x[1].kind, 9), x[1].due or date.max, x[0].listing_id))
    for row, a in items:
        _put(ws, r, 1, row.listing_id, "文字")
        _put(ws, r, 2, row.name, "文字")
        _put(ws, r, 3, a.kind, "文字")
        _put(ws, r, 4, a.due, "日期")
        _put(ws, r, 5, f'=IF(ISNUMBER(D{r}),D{r}-{UNITS}!{asof},"")', "计算")
        _put(ws, r, 6, a.text, "文字")
        r += 1
    for k, w in enumerate((8, 34, 14, 12, 9, 90), 1):
        ws.column_dimensions[get_column_letter(k)].width = w
    ws.freeze_panes = "A4"


def _events_sheet(wb: openpyxl.Workbook, grounds: Sequence[str], units_last_row: int) -> None:
    lists = wb.create_sheet(LISTS)
    columns = {"事件": L.EVENT_KINDS, "复审结果": L.REVIEW_RESULTS,
               "情形": tuple(dict.fromkeys((*grounds, *L.MAJOR_CHANGES)))}
    for k, (name, values) in enumerate(columns.items(), 1):
        c = get_column_letter(k)
        lists.cell(1, k, name)
        for i, v in enumerate(values, 2):
            lists.cell(i, k, v)
        wb.defined_names[f"列表_{name}"] = DefinedName(f"列表_{name}", attr_text=f"{LISTS}!${c}$2:${c}${len(values) + 1}")
    lists.sheet_state = "hidden"

    ws = wb.create_sheet(EVENTS)
    kit.style(ws.cell(1, 1, "事件登记：复审结果、动态管理表填报、更名和重大调整、变更申请、撤销或移出、分级评价"), kit.TITLE)
    ws["A2"] = ("每行一件事：填登记号（见“名单”表第一列）、选事件、填日期（更名/重大调整填办理相关手续完成的日期）；"
                "复审选结果，撤销/移出选情形，重大调整选类型。填完保存，运行 greendiag units import-events 名单管理.xlsx --registry 登记库。"
                "已登记的事件不会重复登记；更正请另填一行。")
    kit.style(ws["A2"], kit.NOTE)
    ws.merge_cells("A2:H2")
    ws.row_dimensions[2].height = 48
    for k, h in enumerate(EVENT_COLUMNS, 1):
        _put(ws, EVENT_HEADER_ROW, k, h, "表头")
    ws.row_dimensions[EVENT_HEADER_ROW].height = 32
    first, last = EVENT_HEADER_ROW + 1, EVENT_HEADER_ROW + EVENT_ROWS
    for r in range(first, last + 1):
        for k in range(1, len(EVENT_COLUMNS) + 1):
            if k == 2:
                _put(ws, r, 2, f'=IF(A{r}="","",IFERROR(INDEX({UNITS}!$B$1:$B${units_last_row},'
                               f'MATCH(A{r},{UNITS}!$A$1:$A${units_last_row},0)),"登记号不存在"))', "计算")
            else:
                _put(ws, r, k, None, {4: "输入日期", 6: "输入文本", 8: "输入文本"}.get(k, "输入"))

    def rng(c: str) -> str:
        return f"{c}{first}:{c}{last}"

    dvs = (
        DataValidation(type="whole", operator="greaterThan", formula1="0", sqref=rng("A"),
                       errorTitle="登记号", error="请填写“名单”表第一列的登记号（正整数）"),
        DataValidation(type="list", formula1="=列表_事件", sqref=rng("C"), errorTitle="事件", error="请从下拉列表中选择事件"),
        DataValidation(type="date", operator="between", formula1="36526", formula2="73050", sqref=rng("D"),
                       errorTitle="日期", error="请填写 2000-01-01 至 2099-12-31 之间的日期，如 2026-03-01"),
        DataValidation(type="list", formula1="=列表_复审结果", sqref=rng("E"), errorTitle="复审结果", error="请选择 合格 或 不合格"),
        DataValidation(type="list", formula1="=列表_情形", sqref=rng("F"), errorTitle="情形", error="请从下拉列表中选择情形或调整类型"),
        DataValidation(type="decimal", operator="between", formula1="0", formula2="100", sqref=rng("G"),
                       errorTitle="得分", error="分级评价得分应在 0–100 之间"),
    )
    for dv in dvs:
        dv.showErrorMessage = True
        dv.allow_blank = True
        ws.add_data_validation(dv)
    for k, w in enumerate((8, 34, 14, 12, 10, 44, 10, 30), 1):
        ws.column_dimensions[get_column_letter(k)].width = w
    ws.freeze_panes = f"A{first}"
    wb.active = 0


def write_units_workbook(path: Path | str, rows: Sequence[SheetRow], as_of: date, *, region: str = "",
                         beijing_deadline: str = "", grounds: Sequence[str] = (), force: bool = False) -> Path:
    """Write the 名单管理 workbook atomically; ``FileExistsError`` (Chinese) when ``path`` exists without ``force``."""
    path = Path(path)
    if path.exists() and not force:
        raise FileExistsError(f"文件已存在：{path}（如需覆盖请加 --force）")
    wb = build_workbook(rows, as_of, region=region, beijing_deadline=beijing_deadline, grounds=grounds)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path


def _cell_date(v: object) -> date | None:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if isinstance(v, str):
        try:
            return date.fromisoformat(v.strip().replace("/", "-"))
        except ValueError:
            return None
    return None


def read_events(path: Path | str) -> list[EventInput]:
    """The filled rows of 事件登记 (the workbook is not modified).  ``EventSheetError`` listing every bad
    cell (sheet, cell, value, what is expected) — nothing is recorded then."""
    path = Path(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise EventSheetError([f"{path.name}：无法作为 Excel 工作簿打开（{exc}）"]) from None
    if EVENTS not in wb.sheetnames:
        raise EventSheetError([f"{path.name}：没有“{EVENTS}”工作表（请用 greendiag units sheet 生成的名单管理工作簿）"])
    ws = wb[EVENTS]
    out: list[EventInput] = []
    problems: list[str] = []
    for r, row in enumerate(ws.iter_rows(min_row=EVENT_HEADER_ROW + 1, max_col=len(EVENT_COLUMNS), values_only=True),
                            start=EVENT_HEADER_ROW + 1):
        vals = list(row) + [None] * (len(EVENT_COLUMNS) - len(row))
        lid, _, kind, on, result, ground, score, detail = vals
        if all(v in (None, "") for k, v in enumerate(vals) if k != 1):
            continue

        def bad(col: str, value: object, why: str, r: int = r) -> None:
            problems.append(f"工作表“{EVENTS}”单元格 {col}{r}（值：{'空' if value in (None, '') else value}）：{why}")

        n = len(problems)
        if isinstance(lid, float) and lid.is_integer():
            lid = int(lid)
        if isinstance(lid, str) and lid.strip().isdigit():
            lid = int(lid.strip())
        if not isinstance(lid, int) or isinstance(lid, bool) or lid <= 0:
            bad("A", lid, "应为“名单”表第一列的登记号")
        kind = (kind or "").strip() if isinstance(kind, str) else kind
        if kind not in L.EVENT_KINDS:
            bad("C", kind, f"应为 {'、'.join(L.EVENT_KINDS)} 之一")
        d = _cell_date(on)
        if d is None:
            bad("D", on, "应为日期，如 2026-03-01")
        result = (result or "").strip() if isinstance(result, str) else ("" if result is None else str(result))
        ground = (ground or "").strip() if isinstance(ground, str) else ("" if ground is None else str(ground))
        if score not in (None, "") and (isinstance(score, bool) or not isinstance(score, (int, float)) or not 0 <= score <= 100):
            bad("G", score, "分级评价得分应为 0–100 的数")
            score = None
        event = L.UnitEvent(kind=kind if isinstance(kind, str) else "", on=d or date.min, result=result, ground=ground,
                            score=float(score) if score not in (None, "") else None, detail=str(detail or "").strip())
        why = L.check_event(OTHER, event) if kind in L.EVENT_KINDS else ""
        if why:
            col, value = {L.REVIEW: ("E", result), L.GRADED: ("G", score)}.get(kind, ("F", ground))
            bad(col, value, why)
        if len(problems) == n:
            out.append(EventInput(lid, event, f"A{r}"))
    wb.close()
    if problems:
        raise EventSheetError(problems)
    return out


__all__ = ["ALERTS", "EVENTS", "EventInput", "EventSheetError", "SheetRow", "UNITS", "build_workbook", "read_events",
           "write_units_workbook"]

"""名单信息 on a case workbook (issue 19, 链接诊断): the unit's green-manufacturing listings and tier, read
from a registry export so the workbook shows them without Python.

The export is the 名单管理 workbook ``greendiag units sheet`` writes (its sheet 名单, one row per listing with
status and grade derived by :mod:`greendiag.rules.lifecycle`).  ``greendiag new … --units 名单管理.xlsx``
copies its rows onto the case workbook's sheet :data:`SHEET` and puts a lookup block above them: native
formulas find the name typed on 申请表 (spaces and full-width/half-width brackets not counted,
:func:`lookup_key`) and show, per list kind, whether it is listed, level, batch, year listed, status, tier
(北京办法第七条: national green factories only, as the export already decides), score and its date.  The
values are as of the export's 统计日期 and say so; they do not follow the registry afterwards.

greendiag's own choices: the name match is that narrow one (another punctuation difference shows 否 — the
note says to check the name); a unit listed twice in one kind (e.g. 国家级 and 省级) shows its highest
level (the table below the block lists every row).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import openpyxl
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from greendiag.rules import lifecycle as L
from greendiag.rules.models import CaseKind
from greendiag.workbooks import kit as K
from greendiag.workbooks import spec as S
from greendiag.workbooks import units_sheet as U
from greendiag.workbooks.text import xml_safe

SHEET = "名单信息"
EXPORT_COLUMNS = ("登记号", "单位名称", "地区", "名单类型", "级别", "批次", "列入年度", "状态", "状态说明",
                  "分级/星级/评审", "分级评价得分", "分级评价日期")
"""The 名单 columns copied onto the case workbook (the last two are absent from exports before them)."""
REQUIRED = ("登记号", "单位名称", "名单类型", "级别", "状态")
BLOCK_COLUMNS = ("名单类型", "是否列入", "级别", "批次", "列入年度", "状态", "状态说明", "分级/星级/评审", "分级评价得分",
                 "分级评价日期", "登记号")
"""The lookup block's columns: 名单类型, 是否列入, then the export's columns of the found row."""
NAME_ROW = 4
BLOCK_HEADER_ROW = 6
KINDS: dict[CaseKind, tuple[str, ...]] = {
    CaseKind.ENTERPRISE: ("绿色工厂", "绿色供应链管理企业"),
    CaseKind.PARK: ("绿色工业园区",),
}
"""The list kinds a case of each kind can be on (lifecycle.LIST_KINDS)."""
TABLE_COLUMNS = ("单位名称", "名单类型", *BLOCK_COLUMNS[2:], "地区", "查找键")
"""The copied table's columns: its C–K are the block's C–K (one column width fits both)."""
_HELPER = len(TABLE_COLUMNS) + 1
"""The hidden column of the block holding the matched row (within the copied table)."""


class ExportError(ValueError):
    """A file that is not a usable 名单管理 export (Chinese message naming the file, sheet and cell)."""


@dataclass(frozen=True)
class UnitsExport:
    """The rows of a 名单管理 export: ``source`` (file name), ``as_of`` (its 统计日期), ``rows`` (one dict per
    listing, keys :data:`EXPORT_COLUMNS`)."""

    source: str
    as_of: date | None
    rows: tuple[dict[str, object], ...]


def lookup_key(name: object) -> str:
    """The name as the block's formula compares it (:func:`key_formula`): spaces (half and full width)
    removed, full-width brackets（）made half-width.  ``lookup_key("北京绿源（环境） 科技") == "北京绿源(环境)科技"``."""
    return str(name or "").replace(" ", "").replace("\u3000", "").replace("（", "(").replace("）", ")")


def key_formula(ref: str) -> str:
    """The Excel expression of :func:`lookup_key` applied to cell ``ref``."""
    return f'SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({ref}&""," ",""),"\u3000",""),"（","("),"）",")")'


def _literal(expr: str) -> str:
    """``expr`` with MATCH's wildcards (``* ? ~``) escaped: a name typed as ``北京*`` is not a pattern."""
    return f'SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({expr},"~","~~"),"*","~*"),"?","~?")'


def _as_date(v: object) -> date | None:
    if isinstance(v, datetime):
        return v.date()
    return v if isinstance(v, date) else None


def read_units_export(path: Path | str) -> UnitsExport:
    """The listings of a 名单管理 workbook (sheet 名单, header on row 4, 统计日期 in B2); the file is not
    modified.  ``ExportError`` (Chinese) for a file that is not one; ``OSError`` if it cannot be read."""
    path = Path(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError:
        raise
    except Exception as exc:
        raise ExportError(f"{path.name}：无法作为 Excel 工作簿打开（{exc}）") from None
    try:
        if U.UNITS not in wb.sheetnames:
            raise ExportError(f"{path.name}：没有“{U.UNITS}”工作表（应为 greendiag units sheet 生成的名单管理工作簿）")
        ws = wb[U.UNITS]
        table = [list(r) for r in ws.iter_rows(values_only=True)]
    finally:
        wb.close()
    head = table[U.UNIT_HEADER_ROW - 1] if len(table) >= U.UNIT_HEADER_ROW else []
    cols = {str(h): i for i, h in enumerate(head) if h not in (None, "")}
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        raise ExportError(f"{path.name} 工作表“{U.UNITS}”第{U.UNIT_HEADER_ROW}行：缺少列 {'、'.join(missing)}"
                          "（应为 greendiag units sheet 生成的名单管理工作簿）")
    r2 = table[1] if len(table) > 1 else []
    as_of = _as_date(r2[1]) if len(r2) > 1 else None
    rows = []
    for r in table[U.UNIT_HEADER_ROW:]:
        row = {c: (r[cols[c]] if c in cols and cols[c] < len(r) else None) for c in EXPORT_COLUMNS}
        if row["单位名称"] in (None, ""):
            continue
        row["分级评价日期"] = _as_date(row["分级评价日期"])
        rows.append(row)
    return UnitsExport(path.name, as_of, tuple(rows))


def _order(row: dict[str, object]) -> tuple:
    level = L.LEVELS.index(row["级别"]) if row["级别"] in L.LEVELS else len(L.LEVELS)
    return (row["状态"] != L.STATUS_LISTED, level)


def listing_sheet(wb: Workbook, export: UnitsExport, forms: dict[str, S.FormSheet], kind: CaseKind) -> Worksheet:
    """Add :data:`SHEET` (after 申请表): the lookup block for the name on 申请表 above the export's rows
    (:data:`TABLE_COLUMNS`; columns C–K line up with the block's)."""
    ws = wb.create_sheet(SHEET, index=wb.sheetnames.index(S.APPLICATION) + 1)
    K.style(ws.cell(1, 1, "名单信息：被诊断单位列入绿色制造名单的情况（来自登记库导出）"), K.TITLE)
    as_of = f"{export.as_of:%Y-%m-%d}" if export.as_of else "未注明"
    K.style(ws.cell(2, 1, xml_safe(
        f"来源：{export.source}（greendiag units sheet 从登记库导出，统计日期 {as_of}，共 {len(export.rows)} 条）。"
        "本表在生成工作簿时写入，不随登记库更新；名单有变动请重新导出并生成。状态、分级由 greendiag 按单位所在地区的文件推算"
        "（北京办法第七条：仅对已列入国家级绿色工厂名单的企业分级）。按申请表填写的名称查找，不计空格和全角/半角括号；"
        "显示“否”而单位实际在名单上的，请核对名称是否与名单一致。")), K.NOTE)
    K.merge(ws, start_row=2, start_column=1, end_row=2, end_column=len(BLOCK_COLUMNS))
    ws.row_dimensions[2].height = 48
    first = BLOCK_HEADER_ROW + len(KINDS[kind]) + 4
    last = max(first, first - 1 + len(export.rows))
    _block(ws, forms, kind, first, last)
    K.style(ws.cell(first - 2, 1, f"导出的名单（{export.source}，统计日期 {as_of}）"), K.SUBTITLE)
    for k, h in enumerate(TABLE_COLUMNS, 1):
        K.header(ws.cell(first - 1, k, h))
    for i, row in enumerate(sorted(export.rows, key=_order)):
        values = {**row, "查找键": f"{lookup_key(row['单位名称'])}|{row['名单类型'] or ''}"}
        for k, h in enumerate(TABLE_COLUMNS, 1):
            v = values[h]
            K.style(ws.cell(first + i, k, xml_safe(v) if isinstance(v, str) else v), K.BOXED,
                    K.DATE_FORMAT if isinstance(v, date) else None)
    for k, w in enumerate((34, 16, 8, 8, 9, 9, 28, 18, 10, 12, 8, 8, 34), 1):
        ws.column_dimensions[get_column_letter(k)].width = w
    K.print_setup(ws, f"{first - 1}:{first - 1}", landscape=True)
    K.protect(ws)
    K.fit_rows(ws)  # headers and notes unclipped, now that every column has its width
    return ws


def _block(ws: Worksheet, forms: dict[str, S.FormSheet], kind: CaseKind, first: int, last: int) -> None:
    """The lookup block: the name on 申请表, one row per list kind (:data:`KINDS`) found by a hidden MATCH
    over the table's 查找键 (rows ``first``–``last``); for an enterprise, 分级评价's 已获评国家级绿色工厂 checked."""
    name_cell = f"{K.quote(S.APPLICATION)}!{forms[S.APPLICATION].cell_of('application.name')}"
    K.style(ws.cell(NAME_ROW, 1, "被诊断单位（申请表）"), K.LABEL)
    K.calc(ws.cell(NAME_ROW, 2, f'=IF({name_cell}="","（请在申请表填写名称）",{name_cell})'))
    K.merge(ws, start_row=NAME_ROW, start_column=2, end_row=NAME_ROW, end_column=7)
    for k, h in enumerate(BLOCK_COLUMNS, 1):
        K.header(ws.cell(BLOCK_HEADER_ROW, k, h))
    col = {h: get_column_letter(k) for k, h in enumerate(TABLE_COLUMNS, 1)}
    helper = get_column_letter(_HELPER)
    for i, list_kind in enumerate(KINDS[kind]):
        r = BLOCK_HEADER_ROW + 1 + i
        K.style(ws.cell(r, 1, list_kind), K.LABEL)
        wanted = f'{_literal(key_formula(name_cell))}&"|{list_kind}"'
        ws.cell(r, _HELPER, f'=IF({name_cell}="","",IFERROR(MATCH({wanted},'
                            f'${col["查找键"]}${first}:${col["查找键"]}${last},0),""))')
        K.calc(ws.cell(r, 2, f'=IF({name_cell}="","",IF(ISNUMBER(${helper}{r}),"是","否"))'))
        for k, h in enumerate(BLOCK_COLUMNS[2:], 3):
            got = f"INDEX(${col[h]}${first}:${col[h]}${last},${helper}{r})"
            K.calc(ws.cell(r, k, f'=IF(ISNUMBER(${helper}{r}),IF({got}="","",{got}),"")'),
                   K.DATE_FORMAT if h == "分级评价日期" else None)
        ws.row_dimensions[r].height = 32
    ws.column_dimensions[helper].hidden = True
    if kind == CaseKind.ENTERPRISE:  # 分级评价's typed 已获评国家级绿色工厂 against the export (第七条 grades listed units only)
        r, typed = BLOCK_HEADER_ROW + 1, f"{K.quote(S.GRADING)}!{forms[S.GRADING].cell_of('grading.national')}"
        at = r + len(KINDS[kind])
        listed = f'AND(B{r}="是",C{r}="国家级",F{r}="{L.STATUS_LISTED}")'
        K.style(ws.cell(at, 1, "核对分级评价表"), K.LABEL)
        K.calc(ws.cell(at, 2, (
            f'=IF(B{r}="","",IF({listed}=({typed}="{S.YES}"),"一致",'
            f'"不一致：分级评价表“已获评国家级绿色工厂”应填"&IF({listed},"是","否")&"（以名单为准，北京办法第七条）"))')))
        K.merge(ws, start_row=at, start_column=2, end_row=at, end_column=8)
        ws.row_dimensions[at].height = 20


def shown(export: UnitsExport, name: str, list_kind: str) -> dict[str, object] | None:
    """What the block shows for ``name`` and ``list_kind`` (Python's twin of its formulas, for tests and
    checks): the first row in the sheet's order whose key matches, or ``None``."""
    key = lookup_key(name).casefold()
    for row in sorted(export.rows, key=_order):
        if lookup_key(row["单位名称"]).casefold() == key and row["名单类型"] == list_kind:
            return row
    return None


__all__ = ["EXPORT_COLUMNS", "ExportError", "KINDS", "SHEET", "UnitsExport", "key_formula", "listing_sheet",
           "lookup_key", "read_units_export", "shown"]

"""改造建议 (park): 附件2-1-3 绿色化改造提升建议表 — the retrofit table, its totals and the check that
其中固定资产投资 never exceeds 总投资."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from greendiag.workbooks import kit as K
from greendiag.workbooks import spec as S
from greendiag.workbooks.sheets.form import table

RETROFIT_HEADER = 4
"""Header row of the retrofit table."""


def retrofit_sheet(wb: Workbook, lists: dict[str, str]) -> Worksheet:
    """Add 改造建议: note, table (``spec.RETROFITS``), 合计 row with the totals and their check."""
    ws = wb.create_sheet(S.RETROFIT)
    K.style(ws.cell(1, 1, "附件2-1-3 绿色化改造提升建议表"), K.TITLE)
    K.merge(ws, "A1:F1")
    K.style(ws.cell(2, 1, "填写说明：近期如对该项目有实施意愿，请在备注栏中填写拟实施的时间。备注中请一并填写其他需要说明的事项。金额单位：万元。"), K.NOTE)
    K.merge(ws, "A2:F2")
    ws.row_dimensions[2].height = 30
    header = RETROFIT_HEADER
    first, last = header + 1, header + S.RETROFITS.capacity
    fixed = dict(type="custom", formula1=f"AND(ISNUMBER(D{first}),D{first}>=0,OR(NOT(ISNUMBER(C{first})),D{first}<=C{first}))",
                 allow_blank=True, errorTitle="金额无效", error="其中固定资产投资应为不小于0的数字（万元），且不能大于总投资",
                 promptTitle="其中固定资产投资", prompt="万元，不大于总投资")
    table(ws, S.RETROFITS, header, lists, {"fixed_asset_investment": fixed})
    K.bad_cf(ws, f"D{first}:D{last}", f"AND(ISNUMBER(C{first}),ISNUMBER(D{first}),D{first}>C{first})")
    tr = last + 1
    K.style(ws.cell(tr, 1, "合计"), K.STRONG)
    for col in (3, 4):
        c = K.calc(ws.cell(tr, col), K.AMOUNT_FORMAT)
        c.value = f"=SUM({c.column_letter}{first}:{c.column_letter}{last})"
    # the check of the totals beside them, on the 合计 row (附件2-1-3: 其中固定资产投资 ≤ 总投资, per row);
    # nothing typed below 合计, where the reader reports stray content
    over = f"SUMPRODUCT(ISNUMBER(C{first}:C{last})*ISNUMBER(D{first}:D{last})*(D{first}:D{last}>C{first}:C{last}))"
    chk = K.calc(ws.cell(tr, 5, f'=IF(COUNTA(B{first}:B{last})=0,"{K.PENDING}",IF({over}>0,"不符合："&{over}&"行其中固定资产投资大于总投资","符合"))'))
    K.status_cf(ws, chk.coordinate)
    K.style(ws.cell(tr, 6, "投资核对：《北京市工业园区绿色诊断工作指南》附件2-1-3"), K.CITE_NOTE)
    ws.row_dimensions[tr].height = 30
    ws.freeze_panes = f"A{first}"
    K.print_setup(ws, f"{header}:{header}", landscape=True)
    K.protect(ws)
    return ws

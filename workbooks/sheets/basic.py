"""基础性要求 (park): 附件2-1-1 工业园区绿色诊断基础性要求诊断表 — the eight requirements of
``rules.diagnosis.BASIC_REQUIREMENTS`` (1–6 must comply, 7–8 encouraged), 是/否 and evidence per row,
and a native check of the required ones."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from greendiag.rules.diagnosis import BASIC_REQUIREMENTS
from greendiag.rules.models import Case
from greendiag.workbooks import kit as K
from greendiag.workbooks import spec as S

FIRST_ROW = 3
"""Row of requirement 1 (requirement n is on row ``FIRST_ROW + n - 1``)."""


def basic_sheet(wb: Workbook, lists: dict[str, str]) -> Worksheet:
    """Add 基础性要求: one row per requirement (是否符合 in C, evidence in D), the check under them."""
    ws = wb.create_sheet(S.BASIC)
    K.style(ws.cell(1, 1, "附件2-1-1 工业园区绿色诊断基础性要求诊断表"), K.TITLE)
    K.merge(ws, "A1:D1")
    for col, h in enumerate(S.BASIC_HEADERS, start=1):
        K.header(ws.cell(2, col, h))
    dvs = K.Validations(ws, lists)
    comply = S.FieldSpec("complies", "是否符合", S.BOOL, hint="第1–6项为必须符合项，第7–8项为鼓励项")
    evidence = S.FieldSpec("evidence", "证明材料索引")
    for i, req in enumerate(BASIC_REQUIREMENTS):
        r = FIRST_ROW + i
        K.calc(ws.cell(r, 1, req.number))
        K.style(ws.cell(r, 2, req.text + ("" if req.required else "（鼓励项）")), K.TEXT)
        K.input_cell(ws.cell(r, 3), comply)
        K.input_cell(ws.cell(r, 4), evidence)
        ws.row_dimensions[r].height = 48
        if req.required:
            K.required_cf(ws, f"C{r}")
            K.bad_cf(ws, f"C{r}", f'C{r}="{S.NO}"')
    last = FIRST_ROW - 1 + len(BASIC_REQUIREMENTS)
    dvs.add(comply, f"C{FIRST_ROW}:C{last}")
    dvs.add(evidence, f"D{FIRST_ROW}:D{last}")
    r = last + 2
    K.style(ws.cell(r, 1, "基础性要求核对（自动）"), K.STRONG)
    K.merge(ws, start_row=r, start_column=1, end_row=r, end_column=2)
    req_rows = [FIRST_ROW + i for i, q in enumerate(BASIC_REQUIREMENTS) if q.required]
    blanks = "+".join(f'(C{x}="")' for x in req_rows)
    nos = "+".join(f'(C{x}="{S.NO}")' for x in req_rows)
    c = K.calc(ws.cell(r, 3, f'=IF(({nos})>0,"不符合",IF(({blanks})={len(req_rows)},"{K.PENDING}",IF(({blanks})>0,"未填写完整","符合")))'))
    K.status_cf(ws, c.coordinate)
    K.style(ws.cell(r, 4, str(BASIC_REQUIREMENTS[0].cite)), K.NOTE)
    for col, w in zip("ABCD", (8, 70, 12, 36)):
        ws.column_dimensions[col].width = w
    ws.freeze_panes = "A3"
    K.print_setup(ws, "1:2", landscape=True)
    K.protect(ws)
    return ws


def fill(ws: Worksheet, case: Case) -> None:
    """Type the case's basic-requirement entries; ``ValueError`` for a number outside 1–8."""
    for e in case.basic_requirements:
        if not 1 <= e.number <= S.BASIC_ROWS:
            raise ValueError(f"基础性要求序号 {e.number} 无效")
        K.put(ws.cell(FIRST_ROW - 1 + e.number, 3), e.complies)
        K.put(ws.cell(FIRST_ROW - 1 + e.number, 4), e.evidence)

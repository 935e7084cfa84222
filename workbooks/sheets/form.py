"""Form sheets (label | input | requirement | article per field of a ``spec.FormSheet``) and tables
(``spec.TableSpec``: numbered rows of input cells under a header): the two shapes most sheets take."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from greendiag.rules.models import CaseKind
from greendiag.rules.plausibility import bound_of
from greendiag.workbooks import formulas as F
from greendiag.workbooks import kit as K
from greendiag.workbooks import spec as S

Overrides = dict[str, dict[str, object]]
"""``{field path: DataValidation keyword arguments}``: a field's own validation instead of its kind's."""


def form_sheet(wb: Workbook, form: S.FormSheet, lists: dict[str, str], kind: CaseKind,
               values: dict[str, object], overrides: Overrides | None = None) -> Worksheet:
    """Add the form sheet ``form``: title, header row 2, one row per field (``form.row_of``) with its
    input cell in B (validated, required ones red while empty; ``values`` pre-filled), requirement in C
    and article in D; frozen header, A4 landscape, protected."""
    ws = wb.create_sheet(form.name)
    K.style(ws.cell(1, 1, form.heading), K.TITLE)
    K.merge(ws, "A1:D1")
    for col, h in enumerate(("项目", "填写内容", "要求与单位", "依据"), start=1):
        K.header(ws.cell(2, col, h))
    dvs = K.Validations(ws, lists)
    for f in form.fields:
        r = form.row_of(f.path)
        K.style(ws.cell(r, 1, f.label), K.LABEL)
        b = ws.cell(r, 2)
        if f.kind == S.FIXED:
            b.value = kind.value
            K.calc(b)
        else:
            K.input_cell(b, f)
            if overrides and f.path in overrides:
                K.validation(ws, b.coordinate, **overrides[f.path])
            else:
                dvs.add(f, b.coordinate)
            if f.required or f.expected:
                K.required_cf(ws, b.coordinate)
            if f.path in values and values[f.path] is not None:
                b.value = values[f.path]
        K.style(ws.cell(r, 3, _requirement(form, f, b.coordinate)), K.TEXT)
        K.style(ws.cell(r, 4, f.cite), K.CITE)
        if f.kind == S.LONGTEXT:
            ws.row_dimensions[r].height = 120
        elif len(f.requirement) > 22 or len(f.cite) > 24 or len(f.label) > 14:
            ws.row_dimensions[r].height = 32
        if f.identifier == S.CREDIT_CODE or bound_of(f.path) is not None:
            flag_cf(ws, b.coordinate, f"C{r}")
            longest = _LONGEST_CODE_STATUS if f.identifier == S.CREDIT_CODE else _LONGEST_DOUBT
            ws.row_dimensions[r].height = K.needed_height(K.wrapped_lines(longest, 36, 11), 11)  # room for the flag
    for col, w in zip("ABCD", (30, 48, 36, 40)):  # 依据 (9 pt) on one line up to about 24 characters
        ws.column_dimensions[col].width = w
    if form.name == S.NARRATIVE:
        ws.column_dimensions["B"].width = 90
    ws.freeze_panes = "A3"
    K.print_setup(ws, "1:2", landscape=True)
    K.protect(ws)
    return ws


_LONGEST_CODE_STATUS = "不符合：第3–8位应为6位数字（登记管理机关行政区划码）（GB 32100-2015）"
_LONGEST_DOUBT = "请核对：即9999999.99亿元，超出合理范围（本表自定的核对界限，非文件规定）；是否按元填写了？按万元应为9999999.99"


def _requirement(form: S.FormSheet, f: S.FieldSpec, ref: str) -> str:
    """Column C of a field: its requirement; for a 统一社会信用代码 the check of GB 32100-2015 once typed
    (``不符合：第18位…``), for an amount with a plausibility bound ``请核对：…按万元应为 N`` until confirmed
    (see workbooks.formulas).  The input turns red / amber with it (:func:`flag_cf`)."""
    req = f.requirement.replace('"', '""')
    if f.identifier == S.CREDIT_CODE:
        return f'=IF(LEN(TRIM({ref}))=0,"{req}",{F.credit_code_status(ref)[1:]})'
    bound = bound_of(f.path)
    if bound is not None:
        confirm = next((form.cell_of(g.path) for g in form.fields if g.path == f"{f.path}_confirmed"), None)
        return f'=IF({F.amount_doubt(ref, f"{bound:g}", confirm)[1:]}="","{req}",{F.amount_doubt(ref, f"{bound:g}", confirm)[1:]})'
    return f.requirement


def flag_cf(ws: Worksheet, ref: str, status: str) -> None:
    """``ref`` and its status cell ``status`` red while the status says 不符合, amber while it says 请核对."""
    for cell in (ref, status):
        K.bad_cf(ws, cell, f'LEFT({status},3)="不符合"')
        K.check_cf(ws, cell, f'LEFT({status},3)="请核对"')


def table(ws: Worksheet, t: S.TableSpec, header_row: int, lists: dict[str, str],
          overrides: Overrides | None = None) -> None:
    """Table ``t`` on ``ws``: its heading above ``header_row``, the header, then ``t.capacity`` rows of
    input cells (column A numbers the filled rows by formula), validated per column; a required
    column is red where its row has a key but it is empty."""
    K.style(ws.cell(header_row - 1, 1, t.heading), K.SUBTITLE)
    for col, label in enumerate(t.labels, start=1):
        K.header(ws.cell(header_row, col, label))
    ws.row_dimensions[header_row].height = 36
    ws.column_dimensions["A"].width = max(ws.column_dimensions["A"].width or 0, 8)
    dvs = K.Validations(ws, lists)
    first, last = header_row + 1, header_row + t.capacity
    key_col = get_column_letter(2 + [c.path for c in t.columns].index(t.key))
    for r in range(first, last + 1):
        K.calc(ws.cell(r, 1, f'=IF(LEN(TRIM({key_col}{r}))=0,"",COUNTIF(${key_col}${first}:{key_col}{r},"?*"))'))
        for j, f in enumerate(t.columns, start=2):
            K.input_cell(ws.cell(r, j), f)
    for j, f in enumerate(t.columns, start=2):
        letter = get_column_letter(j)
        if overrides and f.path in overrides:
            K.validation(ws, f"{letter}{first}:{letter}{last}", **overrides[f.path])
        else:
            dvs.add(f, f"{letter}{first}:{letter}{last}")
        if f.width:
            ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, f.width)
        if f.required and f.path != t.key:  # e.g. 成员类别 of a named member
            K.bad_cf(ws, f"{letter}{first}:{letter}{last}", f'AND(LEN(TRIM(${key_col}{first}))>0,LEN(TRIM({letter}{first}))=0)')


def fill_table(ws: Worksheet, t: S.TableSpec, header_row: int, rows: list | tuple) -> None:
    """Type the records ``rows`` of table ``t`` under its header (``fill_case``); ``ValueError`` when there
    are more than the ``t.capacity`` rows the template prepares."""
    if len(rows) > t.capacity:
        raise ValueError(f"{t.heading}模板预设 {t.capacity} 行（公式与数据验证覆盖的行），案例有 {len(rows)} 行")
    for i, rec in enumerate(rows):
        for j, col in enumerate(t.columns, start=2):
            K.put(ws.cell(header_row + 1 + i, j), getattr(rec, col.path))

"""The hidden sheet 列表: the allowed values of every list (``spec.LISTS``), one list per qualitative
indicator, the 高级职称 title list (20 spare rows for an officer's additions) and the speciality keywords."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from greendiag.rules import INDICATORS
from greendiag.rules.citations import load_params
from greendiag.workbooks import kit as K
from greendiag.workbooks import spec as S


def lists_sheet(wb: Workbook) -> tuple[dict[str, str], dict[str, str]]:
    """Hidden sheet 列表: allowed values, title/field keywords.

    Returns (``{list name: range}``, ``{name: range or cell}`` for the keywords).
    """
    ws = wb.create_sheet(S.LISTS_SHEET)
    ws.sheet_state = "hidden"
    refs: dict[str, str] = {}
    col = 1
    for name, values in S.LISTS.items():
        letter = get_column_letter(col)
        K.style(ws.cell(1, col, name), K.STRONG)
        for i, v in enumerate(values, start=2):
            ws.cell(i, col, v)
        refs[name] = f"{K.quote(S.LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
        col += 1
    # one list per qualitative indicator of 附件2-1-2 (its own states only)
    for ind in INDICATORS:
        if ind.direction == "qualitative":
            values = S.qualitative_choices(ind.number)
            letter = get_column_letter(col)
            K.style(ws.cell(1, col, f"指标{ind.number}"), K.STRONG)
            for i, v in enumerate(values, start=2):
                ws.cell(i, col, v)
            refs[f"指标{ind.number}"] = f"{K.quote(S.LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
            col += 1
    extra: dict[str, str] = {}
    p = load_params("bj_diagnosis")
    for key, title in (
        ("senior_titles", S.TITLE_LIST),
        ("related_field_keywords", "相关专业关键词"),
    ):
        letter = get_column_letter(col)
        K.style(ws.cell(1, col, title), K.STRONG)
        values = list(p[key].value)
        for i, v in enumerate(values, start=2):
            ws.cell(i, col, v)
        # the title list keeps 20 blank rows for titles an officer adds (a blank never equals a title);
        # keywords do not (FIND of a blank keyword would match every specialty)
        spare = 20 if key == "senior_titles" else 0
        extra[key] = f"{K.quote(S.LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1 + spare}"
        col += 1
    for c in range(1, col):
        ws.column_dimensions[get_column_letter(c)].width = 16
    K.protect(ws)
    return refs, extra

"""服务商与工作组 (a form) and 工作组成员 (附件2-1 绿色诊断工作组成员表, the roster with two helper
columns for 《北京市制造业绿色诊断工作规则》第十一条第2项)."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from greendiag.rules.citations import load_params
from greendiag.rules.models import CaseKind
from greendiag.workbooks import kit as K
from greendiag.workbooks import spec as S
from greendiag.workbooks.sheets.form import form_sheet, table

TEAM_HEADER = 4
"""Header row of the roster on 工作组成员."""


def provider_sheet(wb: Workbook, forms: dict[str, S.FormSheet], lists: dict[str, str], kind: CaseKind,
                   extra: dict) -> tuple[Worksheet, int]:
    """The form 服务商信息, then the roster on its own sheet (see :func:`team_sheet`)."""
    form_sheet(wb, forms[S.PROVIDER], lists, kind, {})
    return team_sheet(wb, lists, extra)


def _array(texts: object) -> str:
    return "{" + ",".join(f'"{x}"' for x in texts) + "}"  # type: ignore[attr-defined]


def _title_list(extra: dict) -> dict[str, object]:
    """职称: a dropdown of the senior-title list on 列表 that accepts any other title after saying plainly
    it is not on the list (an 工程师 is typed as such; it does not count as 高级职称)."""
    shorts = load_params("bj_diagnosis")["senior_title_short_forms"].value
    short = "、".join(f"{k}={v}" for k, v in list(shorts.items())[:3])
    return dict(
        type="list", formula1=extra["senior_titles"], allow_blank=True, errorStyle="information",
        errorTitle="不在高级职称名单上",
        error=f"此职称不在高级职称名单上，不计入相关专业高级职称人数（规则第十一条第2项）。名单见下拉列表；常用简称也计入（{short}等）。"
              "非高级职称（如工程师）照常填写，点“确定”保留。",
        promptTitle="职称", prompt="从下拉列表选择高级职称，或照证书填写其他职称；常用简称（高工等）按名单名称认定",
    )


def team_sheet(wb: Workbook, lists: dict[str, str], extra: dict) -> tuple[Worksheet, int]:
    """附件2-1 绿色诊断工作组成员表: title, the check of 第十一条第2项 (row 2, filled by
    ``reward.checks_beside_data``), the header frozen at row 4, two locked helper columns (who counts as
    senior/related and as project leader) outside the print area.  ``extra``: the ranges of the title
    and keyword lists on 列表.  Returns the sheet and its header row."""
    ws = wb.create_sheet(S.TEAM.sheet)
    K.style(ws.cell(1, 1, "附件2-1 绿色诊断工作组成员表"), K.TITLE)
    K.merge(ws, "A1:G1")
    header = TEAM_HEADER
    table(ws, S.TEAM, header, lists, overrides={"title": _title_list(extra)})
    K.style(ws.cell(header - 1, 1, "每位成员一行；成员类别从下拉列表选择；职称、从事专业按证书填写（用于核对高级职称和相关专业）。"), K.HINT)
    ws.row_dimensions[header - 1].height = 20
    K.merge(ws, start_row=header - 1, start_column=1, end_row=header - 1, end_column=7)
    # helper columns: who counts for 第十一条第2项 (same logic as rules.is_senior_title / is_related_field)
    h1, h2 = 2 + len(S.TEAM.columns), 3 + len(S.TEAM.columns)
    K.header(ws.cell(header, h1, "相关专业高级职称（自动）"))
    K.header(ws.cell(header, h2, "主导过绿色制造项目（自动）"))
    cols = {c.path: get_column_letter(2 + i) for i, c in enumerate(S.TEAM.columns)}
    shorts = load_params("bj_diagnosis")["senior_title_short_forms"].value
    for r in range(header + 1, header + S.TEAM.capacity + 1):
        name, title, spec_, led = (f"{cols[k]}{r}" for k in ("name", "title", "specialty", "led_projects"))
        t = f'SUBSTITUTE(SUBSTITUTE({title}," ",""),"\u3000","")'
        # exact names, not a substring; a declared short form (高工) as its list name; a blank title never
        # matches the list's blank spare rows
        full = f"IFERROR(INDEX({_array(shorts.values())},MATCH({t},{_array(shorts)},0)),{t})"
        senior = f"LEN({t})>0,SUMPRODUCT(--({extra['senior_titles']}={full}))>0"
        related = f"SUMPRODUCT(--ISNUMBER(FIND({extra['related_field_keywords']},SUBSTITUTE({spec_},\" \",\"\"))))>0"
        K.calc(ws.cell(r, h1, f'=IF(LEN(TRIM({name}))=0,"",IF(AND({senior},{related}),1,0))'))
        K.calc(ws.cell(r, h2, f'=IF(LEN(TRIM({name}))=0,"",IF(AND(ISNUMBER({led}),{led}>=1),1,0))'))
    ws.column_dimensions["A"].width = 6
    for c in (h1, h2):  # outside the print area; wide enough for their headers on two lines
        ws.column_dimensions[get_column_letter(c)].width = 16
    ws.freeze_panes = f"A{header + 1}"
    K.print_setup(ws, f"{header}:{header}", landscape=True)
    ws.print_area = f"A1:{get_column_letter(h1 - 1)}{header + S.TEAM.capacity}"
    K.protect(ws)
    return ws, header

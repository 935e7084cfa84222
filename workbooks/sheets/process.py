"""诊断过程: the form of the diagnosis process; the on-site end date may not precede its start."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from greendiag.rules.models import CaseKind
from greendiag.workbooks import kit as K
from greendiag.workbooks import spec as S
from greendiag.workbooks.sheets.form import form_sheet


def process_sheet(wb: Workbook, forms: dict[str, S.FormSheet], lists: dict[str, str], kind: CaseKind) -> Worksheet:
    """Add 诊断过程 (``spec`` form), the end date validated against the start date and red when earlier."""
    form = forms[S.PROCESS]
    s, e = form.cell_of("process.onsite_start"), form.cell_of("process.onsite_end")
    end_spec = next(f for f in form.fields if f.path == "process.onsite_end")
    # the end date may not precede the start date
    end = dict(type="date", operator="greaterThanOrEqual", formula1=f"MAX({K.DATE_MIN},{s})", allow_blank=True,
               errorTitle="日期无效", error="现场诊断结束日期不能早于开始日期", promptTitle="现场诊断结束日期",
               prompt=K.trim(end_spec.requirement, 250))
    ws = form_sheet(wb, form, lists, kind, {}, {"process.onsite_end": end})
    K.bad_cf(ws, e, f"AND(ISNUMBER({s}),ISNUMBER({e}),{e}<{s})")
    return ws

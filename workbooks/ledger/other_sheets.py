"""The ledger's sheets 问题清单 (every reader problem), 跟踪 (the follow-up a year after the report, 指南六)
and 说明 (the rules as printed, :func:`explanation`)."""

from __future__ import annotations

from typing import Any

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font

from greendiag.rules import ledger as L
from greendiag.rules.citations import load_params
from greendiag.rules.indicators import indicator_count
from greendiag.workbooks import kit
from greendiag.workbooks.ledger.layout import (
    BAD_FILL,
    DATE,
    FIRST_ROW,
    NOTE,
    PARAM,
    PROBLEM_COLUMNS,
    SANCTION_SHEET,
    STRONG,
    TITLE,
    TRACK_COL,
    TRACK_COLUMNS,
    WARN_FILL,
    Book,
    F,
    TableSheet,
    col,
)


def build_problems(wb: Any, book: Book) -> None:
    """Add 问题清单 to ``wb``: one row per ``ProblemRow`` (file, sheet, cell, value, message, level)."""
    problems = book.ledger.problems
    s = TableSheet(wb, "问题清单", PROBLEM_COLUMNS, f"问题清单（{book.scope}）",
                   book.meta + "；每个文件的读取问题，一个文件出错不影响其他文件")
    for k, prob in enumerate(problems):
        r = FIRST_ROW + k
        for c, value in enumerate(
            (k + 1, prob.file, prob.sheet, prob.cell, prob.value, prob.message, prob.level), start=1
        ):
            s.put(r, c, value if value != "" else None)
    last_prob = FIRST_ROW + len(problems) - 1
    s.ws.conditional_formatting.add(
        f"A{FIRST_ROW}:G{max(last_prob, FIRST_ROW)}",
        FormulaRule(formula=[f'$G{FIRST_ROW}="错误"'], fill=WARN_FILL),
    )
    s.finish(last_prob)


def build_tracking(wb: Any, book: Book) -> None:
    """Add 跟踪 to ``wb``: the cut-off date (B2, editable), one row per readable case; 反馈日期 an officer entry."""
    ledger, p = book.ledger, book.p
    s = TableSheet(
        wb, "跟踪", TRACK_COLUMNS, f"后续跟踪（{book.scope}）",
        f"到期日 = 报告提交日期 + {p.follow_up_years} 年（园区：{p.follow_up_cite}；{p.enterprise_follow_up_note}）；"
        "到期日早于统计截止日（B2）且未填反馈日期的行标红。修改 B2 可按其他日期查看。",
    )
    ws = s.ws
    kit.style(ws["A2"], STRONG).value = "统计截止日"
    kit.style(ws["B2"], PARAM, DATE).value = ledger.as_of
    tracked = [i for i, row in enumerate(ledger.rows) if row.ok]
    tc = {key: col(c) for key, c in TRACK_COL.items()}
    for k, i in enumerate(tracked):
        r = FIRST_ROW + k
        row = ledger.rows[i]
        due, fb = f"{tc['due']}{r}", f"{tc['feedback']}{r}"
        values = {
            "seq": i + 1,
            "provider": row.provider,
            "unit": row.unit,
            "kind": row.kind,
            "district": row.district or None,
            "report_date": row.report_date,
            "due": row.follow_up_due,
            "days": F(f'=IF({due}="","",{due}-$B$2)'),
            "state": F(f'=IF({due}="","无报告日期",IF({fb}<>"","已反馈",IF({due}<$B$2,"已逾期","未到期")))'),
            "feedback": row.follow_up_feedback,
            "remark": None,
        }
        for key, c in TRACK_COL.items():
            fmt = "0" if key == "days" else (DATE if key in ("report_date", "due", "feedback") else None)
            s.put(r, c, values[key], fmt)
    last_track = FIRST_ROW + len(tracked) - 1
    ws.conditional_formatting.add(
        f"A{FIRST_ROW}:{col(len(TRACK_COLUMNS))}{max(last_track, FIRST_ROW)}",
        FormulaRule(
            formula=[f'AND(${tc["due"]}{FIRST_ROW}<>"",${tc["feedback"]}{FIRST_ROW}="",${tc["due"]}{FIRST_ROW}<$B$2)'],
            fill=BAD_FILL,
            font=Font(bold=True, color="9C0006"),
        ),
    )
    s.finish(last_track)


def build_notes(wb: Any, book: Book) -> None:
    """Add 说明 to ``wb``: :func:`explanation`, one paragraph per row, A4 portrait."""
    ws = wb.create_sheet("说明")
    ws.column_dimensions["A"].width = 110
    kit.style(ws["A1"], TITLE).value = "台账说明"
    for k, text in enumerate(explanation(book.p), start=3):
        kit.style(ws.cell(k, 1), NOTE).value = text
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4


def explanation(p: Any) -> list[str]:
    """The rules of the ledger in Chinese, as printed on the sheet 说明 (``p`` the ``generator.ledger.LedgerParams``):
    :func:`greendiag.rules.ledger.rules_text`
    plus how the workbook shows them."""
    least = load_params("indicators")["min_scored_indicators"]
    return [
        *L.rules_text(),
        f"园区诊断评分：取案例工作簿最近一年“评价指标”（附件2-1-2）的园区诊断评分；“参与评分指标”列为"
        f"{indicator_count()}项指标中参与评分的项数，少于{least.value}项的标为“不可比”（{least.basis_text}，{least.cite}），不宜与其他园区比较。",
        "问题清单：列出每个文件读取时发现的全部问题；无法读取的文件在“批次工作清单”中以灰色行列出，不计入奖励与动态管理。",
        "公式：“批次工作清单”中浅黄底纹的列（满意度及其评价日期、评审结果及日期、证明材料、核定奖励金额、收取费用、申报弄虚作假、"
        "骗取财政资金、严重不良影响、违规认定日期、处理决定日期、重复核实）可录入或修改；计奖金额、应拨付、合计、可拨付、次数、状态、"
        f"取消资格与资金限制期间（“{SANCTION_SHEET}”表）均为 Excel 公式，随之重算（计入年度、计奖说明、取消资格理由与起始日为生成台账时的值）；"
        "同样的数值由 greendiag 以 Python 计算并经 LibreOffice 重算核对。",
        "录入的保存：以 greendiag batch --registry（或 greendiag ledger import）处理本台账时，浅黄底纹列和“跟踪”表的反馈日期中"
        "与生成时不同的单元格作为工作人员的录入记入登记库（附来源：台账文件、工作表、单元格），此后生成的台账均在原处显示；"
        "任一录入单元格无效时整本台账不导入。请勿修改文件、被诊断单位、服务商、诊断年份各列，以免无法对应到案例。",
    ]



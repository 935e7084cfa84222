"""The ledger's sheet 批次工作清单: one row per source file, the officer's input columns (light yellow) with
their validations; the ban columns are formulas over 资格与限制 (《北京市制造业绿色诊断工作规则》第六至八条)."""

from __future__ import annotations

from typing import Any

from openpyxl.formatting.rule import FormulaRule

from greendiag.workbooks import kit
from greendiag.workbooks.ledger.layout import (
    BAD_FILL,
    FIRST_ROW,
    LIST_COL,
    LIST_COLUMNS,
    LIST_INPUTS,
    LIST_SHEET,
    SANCTION_COL,
    SANCTION_SHEET,
    WARN_FILL,
    Book,
    F,
    TableSheet,
    col,
    ref,
)

VALIDATIONS = (
    ("satisfaction", '"非常满意,满意,一般,不满意"', "满意度评价只能是 非常满意/满意/一般/不满意（附件1-3）"),
    ("review_result", '"合格,不合格"', "评审结果只能是 合格/不合格（规则第十九条）"),
    ("materials_ok", '"符合,不符合"', "请选择 符合/不符合（规则第十九条）"),
    ("fee_charged", '"是,否"', "请选择 是/否（规则第二十二条第1项）"),
    ("application_fraud", '"是,否"', "请选择 是/否（规则第二十二条第2项：申报过程中弄虚作假）"),
    ("funds_fraud", '"是,否"', "请选择 是/否（规则第二十一条：恶意串通、弄虚作假等骗取财政资金）"),
    ("serious_impact", '"是,否"', "请选择 是/否（规则第二十二条第5项）"),
    ("duplicate_resolved", '"非重复"', "经核实不是重复案例的选“非重复”，否则留空"),
)
"""List validations of the input columns: (column key, list formula, error message)."""


def _yes(value: bool) -> str:
    return "是" if value else "否"


def list_value(ledger: Any, i: int, key: str) -> Any:
    """What column ``key`` of row ``i`` shows (``None`` for an empty cell)."""
    row = ledger.rows[i]
    if key == "seq":
        return i + 1
    if key == "year":
        return row.year if row.ok else None
    if key == "duplicate":
        return ledger.duplicates.get(i, "")
    if key == "status":
        if not row.ok or row.status != "已读取":
            return row.status
        return f"已读取（{row.problem_count} 条提示）" if row.problem_count else "已读取"
    if not row.ok and key not in ("file",):
        return None
    if key == "duplicate_resolved":
        return "非重复" if row.duplicate_resolved else None
    value = getattr(row, key)
    if key in ("materials_ok",):
        return "符合" if value else "不符合"
    if key in ("fee_charged", "application_fraud", "funds_fraud", "serious_impact"):
        return _yes(value)
    if value == "":
        return None
    return value


def _fill(row: Any, key: str, value: Any) -> str | None:
    if not row.ok:
        return "grey"
    if key == "duplicate" and value:
        return "warn"
    if key in ("park_score", "score_coverage") and not row.score_comparable:
        return "warn"
    return "input" if key in LIST_INPUTS else None


def build_work_list(wb: Any, book: Book) -> None:
    """Add 批次工作清单 to ``wb``."""
    ledger = book.ledger
    s = TableSheet(
        wb, LIST_SHEET, LIST_COLUMNS, f"绿色诊断批次工作清单（{book.scope}）",
        book.meta + "；依据《北京市制造业绿色诊断工作规则》第六至八条；浅黄底纹列可录入或修改，其余各表随之重算",
    )
    for i in range(book.n_rows):
        r = FIRST_ROW + i
        row = ledger.rows[i]
        for key, c in LIST_COL.items():
            if key in ("provider_block", "unit_flag"):
                value: Any = F(f"={ref(SANCTION_SHEET, SANCTION_COL[key], r)}") if row.ok else None
            else:
                value = list_value(ledger, i, key)
                value = None if value == "" else value
            fmt = "#,##0.00" if key in ("output_value", "reward_tier", "approved_amount", "park_score") else None
            s.put(r, c, value, fmt, fill=_fill(row, key, value))
    _validations(s.ws, book.end)
    _formats(s.ws, book.end)
    s.finish(book.last_list)
    s.ws.page_setup.fitToWidth = 3
    s.ws.print_title_cols = "A:D"


def _validations(ws: Any, end: int) -> None:
    """The input columns' validations (lists, dates, the approved amount within the row's cap)."""
    for key, formula, message in VALIDATIONS:
        c = col(LIST_COL[key])
        kit.validation(ws, f"{c}{FIRST_ROW}:{c}{end}", type="list", formula1=formula, allow_blank=True,
                       error=message, errorTitle="输入有误")
    for key in ("evaluation_date", "review_date", "finding_date", "decision_date"):
        c = col(LIST_COL[key])
        kit.validation(ws, f"{c}{FIRST_ROW}:{c}{end}", type="date", operator="between", formula1="36526",
                       formula2="73415", allow_blank=True, errorTitle="日期无效", error="请填写日期，如 2026-03-02")
    ap, tier = col(LIST_COL["approved_amount"]), col(LIST_COL["reward_tier"])
    kit.validation(
        ws, f"{ap}{FIRST_ROW}:{ap}{end}",
        type="custom", formula1=f"AND(ISNUMBER({ap}{FIRST_ROW}),{ap}{FIRST_ROW}>=0,OR(NOT(ISNUMBER({tier}{FIRST_ROW})),"
        f"{ap}{FIRST_ROW}<={tier}{FIRST_ROW}))", allow_blank=True, errorTitle="核定金额无效",
        error="核定奖励金额请填写不小于0、且不超过本行奖励上限的万元数（规则第十九条：不超过）",
    )


def _formats(ws: Any, end: int) -> None:
    """Checks that start with 不符合 in orange; a ban on the provider or unit in red."""
    for key in ("team_check", "onsite_check", "basic_check"):
        c = col(LIST_COL[key])
        ws.conditional_formatting.add(
            f"{c}{FIRST_ROW}:{c}{end}", FormulaRule(formula=[f'LEFT({c}{FIRST_ROW},3)="不符合"'], fill=WARN_FILL),
        )
    for key in ("provider_block", "unit_flag"):
        c = col(LIST_COL[key])
        ws.conditional_formatting.add(f"{c}{FIRST_ROW}:{c}{end}", FormulaRule(formula=[f'{c}{FIRST_ROW}<>""'], fill=BAD_FILL))

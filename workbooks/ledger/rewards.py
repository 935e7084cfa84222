"""The ledger's sheets 奖励测算 (one row per case that can be rewarded) and 奖励汇总 (provider × year): every
amount a formula over 批次工作清单 and 资格与限制 (《北京市制造业绿色诊断工作规则》第十九、二十条)."""

from __future__ import annotations

from typing import Any

from openpyxl.formatting.rule import FormulaRule

from greendiag.rules import ledger as L
from greendiag.workbooks import kit
from greendiag.workbooks.ledger.layout import (
    AMOUNT,
    BAD_FILL,
    FIRST_ROW,
    HEADER_ROW,
    LIST_COL,
    LIST_SHEET,
    PARAM,
    REWARD_COL,
    REWARD_COLUMNS,
    SANCTION_COL,
    SANCTION_SHEET,
    STRONG,
    TOTAL_COL,
    TOTAL_COLUMNS,
    WARN_FILL,
    Book,
    F,
    TableSheet,
    col,
    ref,
)

CAP_REF = "'奖励测算'!$D$2"
"""The annual cap per provider (第二十条), an editable parameter."""

_REWARD_AMOUNTS = ("output_value", "reward_tier", "approved_amount", "reward_amount", "payable", "cut")
_TOTAL_AMOUNTS = ("total", "cap", "payable", "excess", "payable_check")


def _reward_values(book: Book, k: int, line: Any) -> dict[str, Any]:
    """Row ``k`` of 奖励测算 (reward line ``line``): the case's facts and the formulas of its amounts."""
    ledger = book.ledger
    r = FIRST_ROW + k
    row = ledger.rows[line.index]
    out = ledger.outcomes[line.index]
    lr = FIRST_ROW + line.index
    rc = {key: col(c) for key, c in REWARD_COL.items()}

    def in_list(key: str, row: int = lr) -> str:
        return f"'{LIST_SHEET}'!${col(LIST_COL[key])}${row}"

    res_ref, mat_ref, funds_ref = in_list("review_result"), in_list("materials_ok"), in_list("funds_fraud")
    appr, amt, K, hold = f"{rc['approved_amount']}{r}", f"{rc['reward_amount']}{r}", f"{rc['reward_tier']}{r}", f"{rc['hold']}{r}"
    blk = ref(SANCTION_SHEET, SANCTION_COL["provider_block"], lr)
    return {
        "seq": line.index + 1,
        "provider": row.provider,
        "year": row.year,
        "report_date": row.report_date,
        "file": row.file,
        "unit": row.unit,
        "kind": row.kind,
        "output_value": row.output_value,
        "review_result": F(f'=IF({res_ref}="","未评审",{res_ref})'),
        "materials_ok": F(f'=IF({mat_ref}="","",{mat_ref})'),
        "reward_tier": row.reward_tier,
        "approved_amount": F(f'=IF({in_list("approved_amount")}="","",{in_list("approved_amount")})'),
        "basis": F(f'=IF({amt}=0,"",IF({appr}="","{L.BASIS_CAP}","{L.BASIS_APPROVED}"))'),
        "reward_amount": F(
            f'=IF(OR({res_ref}<>"合格",{mat_ref}<>"符合",{funds_ref}="是",{K}="",{hold}<>""),0,'
            f'IF({appr}="",{K},IF(AND(ISNUMBER({appr}),{appr}>=0,{appr}<={K}),{appr},0)))'
        ),
        "hold": F(
            f'=IF({blk}<>"",{blk},IF(AND(N({rc["duplicate_rank"]}{r})>1,{in_list("duplicate_resolved")}<>"非重复"),'
            f'"{L.DUPLICATE_BLOCK}",""))'
        ),
        "reward_note": out.note,
        "payable": F(
            f"=MAX(0,MIN({amt},$D$2-SUMIFS({rc['reward_amount']}${HEADER_ROW}:{rc['reward_amount']}{r - 1},"
            f"{rc['provider']}${HEADER_ROW}:{rc['provider']}{r - 1},{rc['provider']}{r},"
            f"{rc['year']}${HEADER_ROW}:{rc['year']}{r - 1},{rc['year']}{r})))"
        ),
        "cut": F(f"={amt}-{rc['payable']}{r}"),
        "duplicate_rank": out.duplicate_rank or None,
        "duplicate": ledger.duplicates.get(line.index, ""),
    }


def build_rewards(wb: Any, book: Book) -> None:
    """Add 奖励测算 to ``wb``: the annual cap (D2, editable) and one row per reward line."""
    p = book.p
    s = TableSheet(
        wb, "奖励测算", REWARD_COLUMNS, f"奖励测算（逐案，{book.scope}）",
        "计奖金额 = 核定奖励金额；未核定的暂按第十九条上限计（计奖依据“上限（暂定）”）。服务商在限制期内、重复案例（组内第二个起，"
        "未核实为“非重复”）不予计奖。超出年度上限的部分按服务商、年度内的报告提交日期（空白在后）再按文件名先后核减。"
        "评审结果、证明材料、核定金额、计奖金额、应拨付均为公式：在“批次工作清单”中录入后自动重算。",
    )
    ws = s.ws
    kit.style(ws["A2"], STRONG).value = "服务商年度奖励总额上限（万元）"
    kit.style(ws["D2"], PARAM).value = p.annual_cap
    ws["E2"] = p.annual_cap_cite
    lines = book.ledger.reward_lines
    rc = {key: col(c) for key, c in REWARD_COL.items()}
    for k, line in enumerate(lines):
        values = _reward_values(book, k, line)
        for key, c in REWARD_COL.items():
            fill = "warn" if key == "duplicate" and values[key] else None
            s.put(FIRST_ROW + k, c, values[key] if values[key] != "" else None, AMOUNT if key in _REWARD_AMOUNTS else None,
                  fill=fill)
    ws.conditional_formatting.add(
        f"A{FIRST_ROW}:{col(len(REWARD_COLUMNS))}{book.rend}",
        FormulaRule(formula=[f"${rc['cut']}{FIRST_ROW}>0"], fill=WARN_FILL),
    )
    ws.conditional_formatting.add(
        f"{rc['hold']}{FIRST_ROW}:{rc['hold']}{book.rend}", FormulaRule(formula=[f'{rc["hold"]}{FIRST_ROW}<>""'], fill=BAD_FILL),
    )
    s.finish(FIRST_ROW + len(lines) - 1)


def build_totals(wb: Any, book: Book) -> None:
    """Add 奖励汇总 to ``wb``: per provider and year the sums over 奖励测算, the cap and what is payable."""
    p = book.p
    totals = book.ledger.reward_totals
    s = TableSheet(
        wb, "奖励汇总", TOTAL_COLUMNS, f"奖励汇总（服务商 × 年度，{book.scope}）",
        f"计奖合计、可拨付与核减均为公式，引用“奖励测算”表；年度上限见“奖励测算”!D2（{p.annual_cap_cite}）。"
        "含未核定金额（按上限暂计）案例的，金额状态为“暂定”：市经济和信息化局核定后在“批次工作清单”录入核定奖励金额。",
    )
    tc = {key: col(c) for key, c in TOTAL_COL.items()}
    rr = book.reward_range
    for k, t in enumerate(totals):
        r = FIRST_ROW + k
        crit = f"{rr('provider')},{tc['provider']}{r},{rr('year')},{tc['year']}{r}"
        values = {
            "provider": t.provider,
            "year": t.year,
            "cases": F(f"=COUNTIFS({crit})"),
            "total": F(f"=SUMIFS({rr('reward_amount')},{crit})"),
            "cap": F(f"={CAP_REF}"),
            "payable": F(f"=MIN({tc['cap']}{r},{tc['total']}{r})"),
            "excess": F(f"={tc['total']}{r}-{tc['payable']}{r}"),
            "payable_check": F(f"=SUMIFS({rr('payable')},{crit})"),
            "provisional": F(f'=COUNTIFS({crit},{rr("basis")},"{L.BASIS_CAP}")'),
            "state": F(f'=IF({tc["provisional"]}{r}>0,"暂定","确定")'),
            "cite": f"{p.reward_cite}；{p.annual_cap_cite}",
        }
        for key, c in TOTAL_COL.items():
            s.put(r, c, values[key], AMOUNT if key in _TOTAL_AMOUNTS else None)
    last_total = FIRST_ROW + len(totals) - 1
    tend = max(last_total, FIRST_ROW)
    s.ws.conditional_formatting.add(
        f"A{FIRST_ROW}:{col(len(TOTAL_COLUMNS))}{tend}",
        FormulaRule(formula=[f"${tc['excess']}{FIRST_ROW}>0"], fill=WARN_FILL),
    )
    s.ws.conditional_formatting.add(
        f"{tc['state']}{FIRST_ROW}:{tc['state']}{tend + 1}", FormulaRule(formula=[f'{tc["state"]}{FIRST_ROW}="暂定"'], fill=WARN_FILL),
    )
    if totals:
        r = last_total + 1
        s.put(r, 1, "合计", bold=True)
        for key in ("cases", "total", "payable", "excess", "payable_check", "provisional"):
            c = TOTAL_COL[key]
            fmt = None if key in ("cases", "provisional") else AMOUNT
            s.put(r, c, F(f"=SUM({col(c)}{FIRST_ROW}:{col(c)}{last_total})"), fmt, bold=True)
        s.put(r, TOTAL_COL["state"], F(f'=IF({tc["provisional"]}{r}>0,"暂定","确定")'), bold=True)
    s.finish(last_total)
    s.ws.auto_filter.ref = f"A{HEADER_ROW}:{col(len(TOTAL_COLUMNS))}{tend}"

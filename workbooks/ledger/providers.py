"""The ledger's sheet 服务商动态管理 (provider × year): counts over 批次工作清单, status and periods over
资格与限制 (《北京市制造业绿色诊断工作规则》第二十一、二十二条), all formulas."""

from __future__ import annotations

from typing import Any

from openpyxl.formatting.rule import FormulaRule

from greendiag.rules import ledger as L
from greendiag.workbooks.ledger.layout import (
    BAD_FILL,
    DATE0,
    FIRST_ROW,
    PROVIDER_COL,
    PROVIDER_COLUMNS,
    SANCTION_SHEET,
    Book,
    F,
    TableSheet,
    col,
)

_DATES = ("start", "last_day", "first_allowed", "funding_last_day", "funding_first_allowed")


def _year_formulas(book: Book, r: int, year: int) -> dict[str, F]:
    """Status and periods of the provider on row ``r`` in ``year``: formulas over 资格与限制."""
    pc = {key: col(c) for key, c in PROVIDER_COL.items()}
    sr = book.sanction_range
    y0, y1 = f"DATE({year},1,1)", f"DATE({year},12,31)"
    who = f"({sr('provider')}={pc['provider']}{r})"

    def latest(start_key: str, last_key: str) -> F:
        """The latest last day of the provider's periods that overlap the year (0: none)."""
        return F(f"=SUMPRODUCT(MAX({who}*({sr(start_key)}>0)*({sr(start_key)}<={y1})"
                 f"*({sr(last_key)}>={y0})*{sr(last_key)}))")

    return {
        "status": F(
            f'=IF(COUNTIFS({sr("provider")},{pc["provider"]}{r},{sr("start")},">0",'
            f'{sr("start")},"<="&{y1},{sr("last_day")},">="&{y0})>0,"{L.STATUS_OUT}",'
            f'IF(COUNTIFS({sr("provider")},{pc["provider"]}{r},{sr("funding_start")},">0",'
            f'{sr("funding_start")},"<="&{y1},{sr("funding_last_day")},">="&{y0})>0,'
            f'"{L.STATUS_FUNDING}","{L.STATUS_OK}"))'
        ),
        "last_day": latest("start", "last_day"),
        "first_allowed": F(f'=IF({pc["last_day"]}{r}=0,0,{pc["last_day"]}{r}+1)'),
        "funding_last_day": latest("funding_start", "funding_last_day"),
        "funding_first_allowed": F(f'=IF({pc["funding_last_day"]}{r}=0,0,{pc["funding_last_day"]}{r}+1)'),
    }


def _values(book: Book, r: int, py: Any) -> dict[str, Any]:
    """Row ``r`` for ``py`` (``rules.ledger.ProviderYear``)."""
    p = book.p
    pc = {key: col(c) for key, c in PROVIDER_COL.items()}
    lr = book.list_range
    crit = f"{lr('provider')},{pc['provider']}{r},{lr('year')},{pc['year']}{r}"
    values: dict[str, Any] = {
        "provider": py.provider,
        "year": py.year,
        "cases": F(f"=COUNTIFS({crit})"),
        "unsatisfied": F(f'=COUNTIFS({crit},{lr("satisfaction")},"不满意")'),
        "failed": F(f'=COUNTIFS({crit},{lr("review_result")},"不合格")'),
        "carried": py.carried_from or None,
        "reasons": "；".join(py.reasons) or None,
        "start": py.start,
        "cite": f"{p.status_cite}；{p.funding_ban_cite}" if py.funding_last_day else p.status_cite,
    }
    for key in ("fee_charged", "application_fraud", "funds_fraud", "serious_impact"):
        values[key] = F(f'=COUNTIFS({crit},{lr(key)},"是")')
    if py.year is not None:
        values.update(_year_formulas(book, r, py.year))
    else:
        values.update(status=py.status, last_day=None, first_allowed=None, funding_last_day=None,
                      funding_first_allowed=None)
    return values


def build_providers(wb: Any, book: Book) -> None:
    """Add 服务商动态管理 to ``wb``."""
    p = book.p
    s = TableSheet(
        wb, "服务商动态管理", PROVIDER_COLUMNS, f"服务商动态管理（{book.scope}）",
        f"次数为本计入年度的公式计数（COUNTIFS，引用“批次工作清单”）；状态与期间为公式，引用“{SANCTION_SHEET}”表："
        f"一年内（任意12个月）“不满意”“不合格”累计达到次数，或收取费用、申报弄虚作假、造成严重不良影响（{p.status_cite}），"
        f"或骗取财政资金（{p.funding_ban_cite}）的，自条件成立日（或处理决定日）起取消资格；"
        f"期间的最后一日为N年后的对应日，其次日起可重新入围/申请（{p.period_cite}）。",
    )
    providers = book.ledger.providers
    for k, py in enumerate(providers):
        r = FIRST_ROW + k
        values = _values(book, r, py)
        for key, c in PROVIDER_COL.items():
            s.put(r, c, values[key], DATE0 if key in _DATES else None)
    last_prov = FIRST_ROW + len(providers) - 1
    status = col(PROVIDER_COL["status"])
    s.ws.conditional_formatting.add(
        f"A{FIRST_ROW}:{col(len(PROVIDER_COLUMNS))}{max(last_prov, FIRST_ROW)}",
        FormulaRule(formula=[f'${status}{FIRST_ROW}="取消资格"'], fill=BAD_FILL),
    )
    s.finish(last_prov)

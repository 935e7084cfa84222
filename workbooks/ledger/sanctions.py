"""The ledger's sheet 资格与限制: one row per case of 批次工作清单 (same row), then the cases of other years
that still count; the dates, counts within any 12 months and ban periods as formulas mirroring
:mod:`greendiag.rules.ledger` (《北京市制造业绿色诊断工作规则》第二十一、二十二条), parameters in row 2."""

from __future__ import annotations

from datetime import date
from typing import Any

from openpyxl.formatting.rule import FormulaRule

from greendiag.rules import ledger as L
from greendiag.workbooks import kit
from greendiag.workbooks.ledger.layout import (
    BAD_FILL,
    DATE0,
    FIRST_ROW,
    LIST_COL,
    LIST_SHEET,
    PARAM,
    SANCTION_COL,
    SANCTION_COLUMNS,
    SANCTION_DATES,
    SANCTION_SHEET,
    STRONG,
    Book,
    F,
    TableSheet,
    col,
    ref,
)

_NO_DATE = 2958465  # 9999-12-31, larger than any date: MIN ignores it

def sanction_formulas(r: int, par: dict[str, str], rng: dict[str, str]) -> dict[str, F]:
    """Formulas of one 资格与限制 row ``r`` (the same row as the case on 批次工作清单).

    Mirrors :mod:`greendiag.rules.ledger`: event/begin dates, 不满意/不合格 counts within any 12 months,
    violation date, periods from the condition (or decision) date, the blocks on rewards and units.
    """
    def li(key: str) -> str:
        return ref(LIST_SHEET, LIST_COL[key], r)

    c = {key: f"{col(n)}{r}" for key, n in SANCTION_COL.items()}
    rev, rep, dy, on = li("review_date"), li("report_date"), li("diagnosis_year"), li("onsite_start")
    keys = ("event", "begin", "u_date", "f_date", "v_date", "start", "last_day", "funding_start", "funding_last_day")
    E, G, H, K, N, O, P, Q, R = (c[k] for k in keys)  # noqa: E741 - the sheet's column letters
    J, M = c["u_hit"], c["f_hit"]
    funds = li("funds_fraud")
    dec = li("decision_date")
    pb, pfb, pdb = c["provider"], L.PROVIDER_FUNDING_BLOCK, L.PROVIDER_DISQUALIFIED_BLOCK

    def hit(date_cell: str, key: str, end_key: str, limit: str) -> F:
        return F(f'=IF({date_cell}=0,0,IF(COUNTIFS({rng["provider"]},{pb},{rng[key]},"<="&{date_cell},'
                 f'{rng[end_key]},">="&{date_cell})>={limit},{date_cell},0))')

    def within(key: str, end_key: str, day: str) -> str:
        """COUNTIFS criteria: a period (start in ``key``, last day in ``end_key``) that contains ``day``."""
        return f'{rng[key]},">0",{rng[key]},"<="&{day},{rng[end_key]},">="&{day})'

    big = str(_NO_DATE)
    return {
        "event": F(f'=IF({rev}<>"",{rev},IF({rep}<>"",{rep},IF(ISNUMBER({dy}),DATE({dy},12,31),0)))'),
        "begin": F(f'=IF({on}<>"",{on},IF({rep}<>"",{rep},IF({rev}<>"",{rev},IF(ISNUMBER({dy}),DATE({dy},1,1),0))))'),
        "u_date": F(f'=IF({li("satisfaction")}="不满意",IF({li("evaluation_date")}<>"",{li("evaluation_date")},{E}),0)'),
        "u_end": F(f"=IF({H}=0,0,EDATE({H},{par['window']}))"),
        "u_hit": hit(H, "u_date", "u_end", par["u_limit"]),
        "f_date": F(f'=IF({li("review_result")}="不合格",{E},0)'),
        "f_end": F(f"=IF({K}=0,0,EDATE({K},{par['window']}))"),
        "f_hit": hit(K, "f_date", "f_end", par["f_limit"]),
        "v_date": F(f'=IF(OR({li("fee_charged")}="是",{li("application_fraud")}="是",{funds}="是",'
                    f'{li("serious_impact")}="是"),IF({li("finding_date")}<>"",{li("finding_date")},{E}),0)'),
        "start": F(f'=IF({J}+{M}+{N}=0,0,IF({dec}<>"",{dec},MIN(IF({J}>0,{J},{big}),IF({M}>0,{M},{big}),'
                   f'IF({N}>0,{N},{big}))))'),
        "last_day": F(f'=IF({O}=0,0,EDATE({O},12*IF({funds}="是",{par["fraud_years"]},{par["years"]})))'),
        "funding_start": F(f'=IF({funds}="是",IF({dec}<>"",{dec},{N}),0)'),
        "funding_last_day": F(f"=IF({Q}=0,0,EDATE({Q},12*{par['funding_years']}))"),
        "first_allowed": F(f"=IF({P}=0,0,{P}+1)"),
        "funding_first_allowed": F(f"=IF({R}=0,0,{R}+1)"),
        "provider_block": F(
            f'=IF(COUNTIFS({rng["provider"]},{pb},{within("funding_start", "funding_last_day", E)}>0,"{pfb}",'
            f'IF(COUNTIFS({rng["provider"]},{pb},{within("start", "last_day", G)}>0,"{pdb}",""))'
        ),
        "unit_flag": F(
            f'=IF({G}=0,"",IF(OR(AND({c["name_key"]}<>"",COUNTIFS({rng["name_key"]},{c["name_key"]},'
            f'{within("funding_start", "funding_last_day", G)}>0),AND({c["code_key"]}<>"",COUNTIFS({rng["code_key"]},'
            f'{c["code_key"]},{within("funding_start", "funding_last_day", G)}>0)),"{L.UNIT_FUNDING_FLAG}",""))'
        ),
    }


def sanction_values(row: Any, s: Any) -> dict[str, Any]:
    """Values of a 资格与限制 row for a case not on the work list (another year; ``row`` a ``generator.ledger.CaseRow``,
    ``s`` its ``rules.ledger.Sanction`` or ``None``): its dates and bans still count."""
    name, code = L.unit_keys(row)
    u, f = L.unsatisfied_date(row), L.failed_date(row)

    def d(x: date | None) -> Any:
        return x if x is not None else 0

    v: dict[str, Any] = {
        "seq": f"{row.year}年", "provider": row.provider, "unit": row.unit, "name_key": name, "code_key": code or None,
        "event": d(L.event_date(row)), "begin": d(L.diagnosis_date(row)),
        "u_date": d(u), "u_end": d(L.window_end(u) if u else None), "f_date": d(f),
        "f_end": d(L.window_end(f) if f else None),
        "u_hit": 0, "f_hit": 0, "v_date": d(L.violation_date(row)), "start": 0, "last_day": 0, "funding_start": 0,
        "funding_last_day": 0, "first_allowed": 0, "funding_first_allowed": 0, "provider_block": None, "unit_flag": None,
    }
    if s is not None:
        v.update(u_hit=d(s.unsatisfied_hit), f_hit=d(s.failed_hit), start=s.start, last_day=s.last_day,
                 first_allowed=s.first_allowed, funding_start=d(s.funding_start), funding_last_day=d(s.funding_last_day),
                 funding_first_allowed=d(s.funding_first_allowed))
    return v




def _parameters() -> dict[str, str]:
    """Row 2: the editable parameters (window, counts, years); returns their absolute addresses by name."""
    sc = {key: col(c) for key, c in SANCTION_COL.items()}
    return {
        "window": f"${sc['u_end']}$2", "u_limit": f"${sc['u_hit']}$2", "f_limit": f"${sc['f_hit']}$2",
        "fraud_years": f"${sc['start']}$2", "years": f"${sc['last_day']}$2", "funding_years": f"${sc['funding_last_day']}$2",
    }


def _write_parameters(ws: Any, p: Any) -> None:
    sc = {key: col(c) for key, c in SANCTION_COL.items()}
    kit.style(ws["A2"], STRONG).value = "参数（绿色底纹，可修改）："
    params_row = {
        "u_end": (p.window_months, '0"个月"'),
        "u_hit": (p.unsatisfied_limit, '"不满意"0"次"'),
        "f_hit": (p.failed_limit, '"不合格"0"次"'),
        "start": (p.fraud_requalify_years, '"第二十一条"0"年"'),
        "last_day": (p.requalify_years, '"第二十二条"0"年"'),
        "funding_last_day": (p.funding_ban_years, '"资金"0"年"'),
    }
    for key, (value, fmt) in params_row.items():
        kit.style(ws[f"{sc[key]}2"], PARAM, fmt).value = value


def build_sanctions(wb: Any, book: Book) -> None:
    """Add 资格与限制 to ``wb``."""
    p, ledger = book.p, book.ledger
    s = TableSheet(
        wb, SANCTION_SHEET, SANCTION_COLUMNS, f"资格与限制期间（逐案，{book.scope}）",
        "每行对应“批次工作清单”同一行的案例（其后为其他年度仍计入的案例，数值）。“一年内”按任意12个月：某次日期不晚于前次满一年日"
        f"（{p.window_cite}）；触发案例的取消资格起始日为条件成立日，填写处理决定日期的自该日起算；最后一日为N年后的对应日"
        f"（{p.period_cite}）。日期为 0 的显示为空。",
    )
    ws = s.ws
    _write_parameters(ws, p)
    par = _parameters()
    sc = {key: col(c) for key, c in SANCTION_COL.items()}
    rng = {key: f"${sc[key]}${FIRST_ROW}:${sc[key]}${book.send}" for key in SANCTION_COL}
    for i, row in enumerate(ledger.rows):
        r = FIRST_ROW + i
        if row.ok:
            name, code = L.unit_keys(row)
            values = {"seq": i + 1, "provider": row.provider, "unit": row.unit, "name_key": name, "code_key": code or None}
            values.update(sanction_formulas(r, par, rng))
        else:
            values = {key: (0 if key in SANCTION_DATES else None) for key in SANCTION_COL}
            values["seq"] = i + 1
        for key, c in SANCTION_COL.items():
            s.put(r, c, values[key], DATE0 if key in SANCTION_DATES else None)
    for k, other in enumerate(ledger.others):
        values = sanction_values(other, ledger.other_sanctions.get(k))
        for key, c in SANCTION_COL.items():
            s.put(FIRST_ROW + book.n_rows + k, c, values[key], DATE0 if key in SANCTION_DATES else None, fill="grey")
    ws.conditional_formatting.add(
        f"A{FIRST_ROW}:{col(len(SANCTION_COLUMNS))}{book.send}",
        FormulaRule(formula=[f"${sc['start']}{FIRST_ROW}>0"], fill=BAD_FILL),
    )
    for key in ("name_key", "code_key"):  # matching keys for the formulas, not for reading
        ws.column_dimensions[sc[key]].hidden = True
    s.finish(book.send)
    ws.page_setup.fitToWidth = 2
    ws.print_title_cols = "A:C"

"""Checks across fields of a case read from its workbook (the reader's last step): on-site dates
against each other and against the holiday calendar (《北京市制造业绿色诊断工作规则》第十二条), the
retrofit totals (附件2-1-3), the approved amount against the 第十九条 cap, the documents' bounds and
greendiag's plausibility bounds, senior titles (第十一条第2项), 企业性质（其它）, score coverage.
Problems go to the reader's ``err``/``warn`` at the cells recorded in ``rd.locs``."""

from __future__ import annotations

from typing import Any

from greendiag.rules.citations import load_params
from greendiag.rules.holidays import HolidayCalendar, library_knows, notice_title
from greendiag.rules.indicators import score_coverage
from greendiag.rules.models import CaseKind
from greendiag.workbooks import spec as S
from greendiag.workbooks import values as V


def cross_checks(rd: Any, flat: dict[str, Any], kind: CaseKind, table: HolidayCalendar | None, has_calendar_sheet: bool,
                 retrofits: list[dict[str, Any]] | None, years: list[Any] | None, team: list[dict[str, Any]] | None) -> None:
    """Every check across fields of the values read (``flat``: field path → value; ``table``: the
    workbook's 节假日安排, ``None`` when absent or unreadable)."""
    s, e = flat.get("process.onsite_start"), flat.get("process.onsite_end")
    if s and e and e < s:
        sh, ref, v = rd.locs["process.onsite_end"]
        rd.err(sh, ref, v, f"现场诊断结束日期 {e.isoformat()} 早于开始日期 {s.isoformat()}")
    for key, d in (("process.onsite_start", s), ("process.onsite_end", e)):
        if d is None:
            continue
        in_table = table is not None and table.covers(d.year)
        sh, ref, v = rd.locs[key]
        if not in_table and not library_knows(d.year):
            rd.warn(sh, ref, v, f"“{S.CALENDAR}”表和日历库（chinesecalendar）均未收录{d.year}年的法定节假日和调休安排，"
                                f"无法核对现场诊断工作日（第十二条）：请按《{notice_title(d.year)}》在“{S.CALENDAR}”表补录{d.year}年")
        elif not in_table and has_calendar_sheet:
            rd.warn(sh, ref, v, f"“{S.CALENDAR}”表未收录{d.year}年：表内公式显示“无该年节假日数据”，"
                                f"greendiag 按日历库（chinesecalendar）计算；请在“{S.CALENDAR}”表补录{d.year}年")
    for i, rec in enumerate(retrofits or []):
        t, fx = rec.get("total_investment"), rec.get("fixed_asset_investment")
        if t is not None and fx is not None and fx > t:
            sh, ref, v = rd.locs[f"retrofits.{i}.fixed_asset_investment"]
            rd.err(sh, ref, v, f"其中固定资产投资 {V.show(fx)} 万元大于总投资 {V.show(t)} 万元")
    _check_approved_amount(rd, flat, kind)
    _check_plausible(rd, flat)
    _check_titles(rd, team or [])
    if kind == CaseKind.ENTERPRISE:
        nature, other = flat.get("application.nature"), flat.get("application.nature_other")
        if other and nature != "其它":
            sh, ref, v = rd.locs["application.nature_other"]
            rd.warn(sh, ref, v, "填写了“企业性质（其它）”但企业性质未选“其它”")
    for i, y in enumerate(years or []):  # score coverage (greendiag's default minimum, 参数 min_scored_indicators)
        n = sum(1 for e in y.entries if e.value is not None and not e.not_applicable)
        comparable, coverage = score_coverage(n)
        if n and not comparable:
            least = load_params("indicators")["min_scored_indicators"]
            rd.warn(S.INDICATORS, f"第{i + 1}年“{S.INDICATOR_DATA_LABEL}”列", n,
                    f"第{i + 1}年：{coverage}（最少项数为{least.basis_text}，见“参数”表；{least.cite}）")


def _check_approved_amount(rd: Any, flat: dict[str, Any], kind: CaseKind) -> None:
    """核定奖励金额 must not exceed the cap of 《北京市制造业绿色诊断工作规则》第十九条."""
    from greendiag.rules import reward_cap
    from greendiag.rules.ledger import check_approved_amount

    amount = flat.get("review.approved_amount")
    if amount is None or "review.approved_amount" not in rd.locs:
        return
    output = flat.get("application.output_value") if kind == CaseKind.ENTERPRISE else None
    try:
        cap = reward_cap(kind, output, flat.get("review.result"), flat.get("review.materials_ok") is not False)
    except ValueError:
        cap = None
    why = check_approved_amount(amount, cap)
    if why:
        sh, ref, v = rd.locs["review.approved_amount"]
        rd.err(sh, ref, v, why)


def _check_titles(rd: Any, team: list[dict[str, Any]]) -> None:
    """A title that looks senior (含“高”) but is not on the list nor a declared short form: say plainly it is
    not counted (《规则》第十一条第2项; the list ``senior_titles`` is greendiag's default)."""
    from greendiag.rules.diagnosis import senior_title_name

    for i, rec in enumerate(team):
        title = rec.get("title") or ""
        if "高" in title and not senior_title_name(title) and f"team.{i}.title" in rd.locs:
            rd.warn(*rd.locs[f"team.{i}.title"], f"职称“{title}”不在高级职称名单上（名单见职称栏的下拉列表；"
                                                  "可用简称如 高工、正高、教高），不计入相关专业高级职称人数（《北京市制造业绿色诊断工作规则》第十一条第2项）")


def _check_plausible(rd: Any, flat: dict[str, Any]) -> None:
    """The documents' bounds refused (分级评价得分 0–100), greendiag's plausibility bounds questioned with the
    likely intended value (an amount typed in 元), unless the 产值 is confirmed (:mod:`greendiag.rules.plausibility`)."""
    from greendiag.rules.common import check_score
    from greendiag.rules.plausibility import amount_doubt

    score = flat.get("grading.score")
    if score is not None and "grading.score" in rd.locs:
        try:
            check_score(score, "绿色工厂分级评价得分")
        except ValueError as exc:
            rd.err(*rd.locs["grading.score"], str(exc))
    for path, value in flat.items():
        if path not in rd.locs or not isinstance(value, (int, float)):
            continue
        sh, ref, v = rd.locs[path]
        doubt = amount_doubt(path, _label(path), value)
        if doubt and not (path == "application.output_value" and flat.get("application.output_value_confirmed")):
            rd.warn(sh, ref, v, doubt.message)


def _label(path: str) -> str:
    return next((f.label for k in CaseKind for form in S.forms_for(k).values() for f in form.fields if f.path == path),
                path)

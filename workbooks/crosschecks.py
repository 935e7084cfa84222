"""Cross-field checks of the reader (``workbooks.reader.read_case`` calls them after reading every cell):
核定奖励金额 within the 第十九条 cap, the documents' and greendiag's plausibility bounds
(:mod:`greendiag.rules.plausibility`), titles not on the senior-title list; and a table row's own unit."""

from __future__ import annotations

from typing import Any

from greendiag.rules.models import CaseKind
from greendiag.workbooks import spec as S
from greendiag.workbooks import values as V


def approved_amount(rd: Any, flat: dict[str, Any], kind: CaseKind) -> None:
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


def titles(rd: Any, team: list[dict[str, Any]]) -> None:
    """A title that looks senior (含“高”) but is not on the list nor a declared short form: say plainly it is
    not counted (《规则》第十一条第2项; the list ``senior_titles`` is greendiag's default)."""
    from greendiag.rules.diagnosis import senior_title_name

    for i, rec in enumerate(team):
        title = rec.get("title") or ""
        if "高" in title and not senior_title_name(title) and f"team.{i}.title" in rd.locs:
            rd.warn(*rd.locs[f"team.{i}.title"], f"职称“{title}”不在高级职称名单上（名单见职称栏的下拉列表；"
                                                  "可用简称如 高工、正高、教高），不计入相关专业高级职称人数（《北京市制造业绿色诊断工作规则》第十一条第2项）")


def unit_of(value: Any) -> str:
    """A row's unit as text ('' when unreadable: the unit cell reports its own problem)."""
    try:
        return V.text(value)[0]
    except V.ValueProblem:
        return ""


def plausible(rd: Any, flat: dict[str, Any]) -> None:
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
        doubt = amount_doubt(path, label(path), value)
        if doubt and not (path == "application.output_value" and flat.get("application.output_value_confirmed")):
            rd.warn(sh, ref, v, doubt.message)


def label(path: str) -> str:
    return next((f.label for k in CaseKind for form in S.forms_for(k).values() for f in form.fields if f.path == path),
                path)

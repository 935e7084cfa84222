"""《北京市制造业绿色诊断工作规则》(seed 000) and the procedure of 《北京市工业园区绿色诊断工作指南》(seed 001).

Provider eligibility (第五条), working group (第十一条第2项, 指南三（二）), on-site working days
(第十二条, 指南四（三）1), reward caps (第十九条, 第二十条), provider bans (第二十一条, 第二十二条),
follow-up one year after the report (指南六) and the basic-requirements table (指南附件2-1-1).
Every threshold comes from ``rules/params/bj_diagnosis.toml`` / ``bj_park_guide.toml``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

import chinese_calendar
from pydantic import BaseModel, ConfigDict

from greendiag.rules.citations import Check, Citation, Param, edition_params, with_edition
from greendiag.rules.common import add_years
from greendiag.rules.common import as_date as _as_date
from greendiag.rules.holidays import HolidayCalendar, notice_title
from greendiag.rules.models import BasicRequirementEntry, CaseKind, TeamMember

P = edition_params("bj_diagnosis")
G = edition_params("bj_park_guide")

RULES_DOC = "北京市制造业绿色诊断工作规则"
GUIDE_DOC = "北京市工业园区绿色诊断工作指南"


def _v(p: Param) -> float:
    return float(p.value)


# ── unit type ─────────────────────────────────────────────────────────

_PARK_NAMES = frozenset({"园区", "工业园区", "park"})
_ENTERPRISE_NAMES = frozenset({"企业", "制造业企业", "enterprise"})


@with_edition
def parse_kind(kind: object, arg: str = "unit_type") -> CaseKind:
    """``CaseKind`` from 园区/工业园区 or 企业 (stray spaces allowed); ``ValueError`` naming ``arg`` otherwise."""
    if isinstance(kind, CaseKind):
        return kind
    if isinstance(kind, str):
        k = kind.strip().replace(" ", "").replace("\u3000", "")
        if k in _PARK_NAMES or k.lower() in _PARK_NAMES:
            return CaseKind.PARK
        if k in _ENTERPRISE_NAMES or k.lower() in _ENTERPRISE_NAMES:
            return CaseKind.ENTERPRISE
    raise ValueError(f"参数 {arg} 的值 {kind!r} 无效：被诊断单位类型应为“园区”（或“工业园区”）或“企业”")


# ── 第十九条、第二十条 rewards ─────────────────────────────────────────

REWARD_CITE = P["reward_cap_park"].cite
ANNUAL_CAP_CITE = P["provider_annual_reward_cap"].cite


@with_edition
def reward_cap(
    kind: CaseKind | str,
    output_value: float | None = None,
    review_result: str | None = "合格",
    materials_ok: bool = True,
) -> float:
    """Cap of the reward for one diagnosis, in 万元 (《北京市制造业绿色诊断工作规则》第十九条).

    * park (园区/工业园区): 20;
    * enterprise (企业) with previous-year ``output_value`` (万元) ≥ 100000 (10 亿元，含): 12; below: 8;
    * 0 where ``review_result`` is 不合格 or ``materials_ok`` is false.

    ``review_result`` is 合格, 不合格 or ``None`` (not reviewed yet: the cap the case can reach).
    Raises ``ValueError`` for an enterprise without output value, a negative output value, an
    unknown kind or review result.
    """
    k = parse_kind(kind, "kind")
    if review_result is not None:
        r = str(review_result).strip()
        if r not in ("合格", "不合格", ""):
            raise ValueError(f"评审结果 {review_result!r} 无效：应为“合格”或“不合格”")
    else:
        r = ""
    if not isinstance(materials_ok, bool):
        raise ValueError(f"materials_ok 应为 True/False，而不是 {materials_ok!r}")
    if k is CaseKind.ENTERPRISE:
        if output_value is None or isinstance(output_value, bool) or not isinstance(output_value, (int, float)):
            line = _v(P["reward_output_threshold"])
            raise ValueError(f"被诊断企业须填写上一年度产值（万元）才能确定奖励上限（第十九条：{_yi(line)}亿元即{line:g}万元为界）")
        if not math.isfinite(output_value) or output_value < 0:
            raise ValueError(f"企业上一年度产值 {output_value!r} 无效：应为不小于0的万元数")
    if r == "不合格" or not materials_ok:
        return _v(P["reward_none"])
    if k is CaseKind.PARK:
        return _v(P["reward_cap_park"])
    if output_value >= _v(P["reward_output_threshold"]):  # type: ignore[operator]
        return _v(P["reward_cap_enterprise_large"])
    return _v(P["reward_cap_enterprise_small"])


def _yi(wan: float) -> str:
    """万元 → 亿元 text: 100000 → "10"."""
    return f"{wan / 10000:g}"


@with_edition
def output_line_text() -> str:
    """The 第十九条 line of an enterprise's output value from the parameters: ``"10亿元 = 100000万元"``."""
    line = _v(P["reward_output_threshold"])
    return f"{_yi(line)}亿元 = {line:g}万元"


@with_edition
def enterprise_caps_text() -> str:
    """The two enterprise caps of 第十九条 from the parameters: ``"12或8万元"``."""
    return f"{_v(P['reward_cap_enterprise_large']):g}或{_v(P['reward_cap_enterprise_small']):g}万元"


@with_edition
def reward_tiers_text() -> str:
    """The reward tiers as one Chinese sentence built from the parameters, for hints and ledgers:
    ``"园区不超过20万元；企业上一年度产值10亿元（100000万元，含）以上不超过12万元，以下不超过8万元"``.
    Source: 《北京市制造业绿色诊断工作规则》第十九条.
    """
    threshold = _v(P["reward_output_threshold"])
    return (
        f"园区不超过{_v(P['reward_cap_park']):g}万元；企业上一年度产值{_yi(threshold)}亿元"
        f"（{threshold:g}万元，含）以上不超过{_v(P['reward_cap_enterprise_large']):g}万元，"
        f"以下不超过{_v(P['reward_cap_enterprise_small']):g}万元"
    )


@with_edition
def reward_cap_text(kind: CaseKind | str, output_value: float | None = None,
                    review_result: str | None = "合格", materials_ok: bool = True) -> str:
    """The cap as a sentence with its basis, e.g. ``"奖励上限20万元（每诊断1个园区，《…》第十九条）"``."""
    cap = reward_cap(kind, output_value, review_result, materials_ok)
    k = parse_kind(kind, "kind")
    if review_result is not None and str(review_result).strip() == "不合格":
        why = "诊断评估报告评审结果为“不合格”，不予资金奖励"
    elif not materials_ok:
        why = "诊断评估证明材料不符合要求，不予资金奖励"
    elif k is CaseKind.PARK:
        why = f"每诊断1个园区奖励金额不超过{_v(P['reward_cap_park']):g}万元"
    elif cap == _v(P["reward_cap_enterprise_large"]):
        why = f"被诊断企业上一年度产值{_yi(_v(P['reward_output_threshold']))}亿元（含）以上"
    else:
        why = f"被诊断企业上一年度产值低于{_yi(_v(P['reward_output_threshold']))}亿元"
    return f"奖励上限{cap:g}万元（{why}，{REWARD_CITE}）"


@with_edition
def provider_annual_reward(amounts: Iterable[float | None]) -> float:
    """A provider's reward total for one year, in 万元: ``min(sum(amounts), 300)``.

    Blank (``None``) amounts are left out; a negative or non-numeric amount raises ``ValueError``.
    Source: 《北京市制造业绿色诊断工作规则》第二十条.
    """
    total = 0.0
    for i, a in enumerate(amounts, start=1):
        if a is None:
            continue
        if isinstance(a, bool) or not isinstance(a, (int, float)) or not math.isfinite(a):
            raise ValueError(f"第{i}笔奖励金额 {a!r} 不是数字（万元）")
        if a < 0:
            raise ValueError(f"第{i}笔奖励金额 {a:g} 为负数")
        total += a
    return min(total, _v(P["provider_annual_reward_cap"]))


# ── 第十二条 on-site working days ─────────────────────────────────────

ONSITE_CITE = P["onsite_min_workdays_park"].cite


def _library_workday(d: date) -> bool | None:
    try:
        return chinese_calendar.is_workday(d)
    except NotImplementedError:
        return None


def _unknown_year(year: int, calendar: HolidayCalendar | None) -> ValueError:
    if year < 2004 and calendar is None:
        return ValueError(f"日历库（chinesecalendar）不含{year}年的法定节假日安排（自2004年起），无法计算工作日")
    where = "工作簿“节假日安排”表和日历库（chinesecalendar）均" if calendar is not None else "日历库（chinesecalendar）"
    return ValueError(
        f"{where}未收录{year}年的法定节假日和调休安排，无法计算工作日；"
        f"请按《{notice_title(year)}》在“节假日安排”表中录入{year}年的放假和调休上班日期"
    )


def is_workday(d: date, calendar: HolidayCalendar | None = None) -> bool:
    """Statutory working day?  ``calendar`` (the workbook's 节假日安排, a batch calendar file) decides
    for the years it covers, the library ``chinesecalendar`` for the others.

    Raises ``ValueError`` (Chinese) for a year neither knows: it is never guessed.
    """
    d = _as_date(d, "日期")
    if calendar is not None:
        mine = calendar.is_workday(d)
        if mine is not None:
            return mine
    lib = _library_workday(d)
    if lib is None:
        raise _unknown_year(d.year, calendar)
    return lib


def working_days(start: date, end: date, calendar: HolidayCalendar | None = None) -> int:
    """Statutory working days from ``start`` to ``end``, both included (《规则》第十二条).

    Counts Mondays–Fridays that are not public holidays plus the 调休 make-up working days on a
    weekend, as published by the State Council: ``calendar`` (:class:`~greendiag.rules.holidays.HolidayCalendar`,
    the workbook's 节假日安排 table) for the years it covers, the library ``chinesecalendar`` otherwise.
    Raises ``ValueError`` (Chinese) when ``end`` is before ``start`` or a year is known to neither
    (it is never guessed).
    """
    s, e = _as_date(start, "现场诊断开始日期"), _as_date(end, "现场诊断结束日期")
    if e < s:
        raise ValueError(f"现场诊断结束日期 {e.isoformat()} 早于开始日期 {s.isoformat()}")
    for y in range(s.year, e.year + 1):  # fail on unknown years even if only weekends fall in them
        is_workday(date(y, 1, 1), calendar)
    n = 0
    for k in range((e - s).days + 1):
        if is_workday(date.fromordinal(s.toordinal() + k), calendar):
            n += 1
    return n


def next_working_day(d: date, calendar: HolidayCalendar | None = None) -> date:
    """``d`` itself if it is a working day, else the first working day after it (see :func:`is_workday`)."""
    d = _as_date(d, "日期")
    while not is_workday(d, calendar):
        d += timedelta(days=1)
    return d


DEADLINE_HOLIDAY_CITE = Citation(document="中华人民共和国民法典", article="第二百零三条")
"""期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日."""


def deadline_last_day(last: date, calendar: HolidayCalendar | None = None) -> date:
    """Last day of a period whose nominal last day is ``last``: moved to the day after the rest days
    (法定节假日 and weekends that are not 调休上班) end, i.e. the next working day
    (《中华人民共和国民法典》第二百零三条).  ``ValueError`` for a year no calendar knows.
    """
    return next_working_day(last, calendar)


@with_edition
def onsite_min_workdays(kind: CaseKind | str) -> int:
    """Minimum on-site working days: park 4, enterprise 2 (《规则》第十二条; 指南四（三）1)."""
    k = parse_kind(kind, "kind")
    return int(P["onsite_min_workdays_park" if k is CaseKind.PARK else "onsite_min_workdays_enterprise"].value)


@with_edition
def check_onsite(kind: CaseKind | str, start: date | None, end: date | None,
                 calendar: HolidayCalendar | None = None) -> Check:
    """Is the on-site diagnosis long enough?  Park ≥ 4, enterprise ≥ 2 statutory working days.

    Missing dates and end-before-start fail with a reason; an unknown calendar year raises
    ``ValueError`` (see :func:`working_days`, which ``calendar`` is passed to).
    Source: 《北京市制造业绿色诊断工作规则》第十二条.
    """
    k = parse_kind(kind, "kind")
    need = onsite_min_workdays(k)
    unit = "园区" if k is CaseKind.PARK else "企业"
    if start is None or end is None:
        missing = "开始日期" if start is None else "结束日期"
        return Check(ok=False, reasons=(f"未填写现场诊断{missing}，无法核对现场诊断工作日（{ONSITE_CITE}）",), cite=ONSITE_CITE)
    s, e = _as_date(start, "现场诊断开始日期"), _as_date(end, "现场诊断结束日期")
    if e < s:
        return Check(ok=False, reasons=(f"现场诊断结束日期{e.isoformat()}早于开始日期{s.isoformat()}",), cite=ONSITE_CITE)
    n = working_days(s, e, calendar)
    if n < need:
        return Check(
            ok=False,
            reasons=(f"{unit}现场诊断{n}个工作日，少于{need}个工作日（{ONSITE_CITE}）",),
            cite=ONSITE_CITE,
        )
    return Check(ok=True, cite=ONSITE_CITE)


# ── 第十一条第2项 working group ───────────────────────────────────────

TEAM_CITE = P["team_min_members"].cite
GUIDE_TEAM_CITE = G["team_min_members"].cite


UNIT_WHO = {CaseKind.PARK: ("被诊断园区的相关工作负责人", "园区工作人员"), CaseKind.ENTERPRISE: ("被诊断企业的高级管理人员", "企业人员")}
"""Whom 第十一条第2项 asks for from the diagnosed unit, and the 成员类别 of its other staff (not counted)."""


@with_edition
def unit_role(kind: CaseKind) -> str:
    """The 成员类别 that counts as the unit's member of 第十一条第2项 for ``kind``, in the current
    edition (or ``edition``)."""
    return P["team_unit_role_park" if kind is CaseKind.PARK else "team_unit_role_enterprise"].value


def normalize_title(title: str) -> str:
    """A title as compared with the list: spaces of any width removed (the workbook formula does the same)."""
    return (title or "").replace(" ", "").replace("\u3000", "").strip()


@with_edition
def is_senior_title(title: str, titles: Sequence[str] | None = None) -> bool:
    """高级职称?  The title is exactly one of the senior (正高级/副高级) title names of the list
    ``senior_titles`` in ``rules/params/bj_diagnosis.toml`` (or ``titles``), spaces ignored.

    A declared short form counts as its full name (``senior_title_short_forms``: 高工 = 高级工程师).
    Not a substring test: 高级经理, 高级管理人员, 高级技师 are not 专业技术职称.  The list is
    greendiag's default (《规则》第十一条第2项 says 高级职称 without listing names); edit it to add titles.
    """
    t = normalize_title(title)
    names = P["senior_titles"].value if titles is None else titles
    t = P["senior_title_short_forms"].value.get(t, t)
    return bool(t) and any(t == normalize_title(n) for n in names)


@with_edition
def senior_title_name(title: str) -> str:
    """The name on the list ``senior_titles`` a title stands for (``高工`` → ``高级工程师``: the short
    forms ``senior_title_short_forms``, greendiag's default), ``""`` when it is not on the list."""
    t = normalize_title(title)
    t = P["senior_title_short_forms"].value.get(t, t)
    return next((n for n in P["senior_titles"].value if normalize_title(n) == t), "")


@with_edition
def is_related_field(specialty: str) -> bool:
    """从事专业 in 能源、环境、生态、低碳、生命周期评价“等相关专业” (keyword list in params)."""
    s = (specialty or "").replace(" ", "")
    return any(k in s for k in P["related_field_keywords"].value)


@with_edition
def check_working_group(kind: CaseKind | str, members: Sequence[TeamMember]) -> Check:
    """Working-group composition (《规则》第十一条第2项; park also 《指南》三（二））.

    Passes when the group has ≥ 5 members; ≥ 2 members with a senior title (高级职称, see
    :func:`is_senior_title`) in energy, environment, ecology, low-carbon, LCA or a related field,
    **or** ≥ 3 members who have led green-manufacturing projects (主导绿色制造项目数 ≥ 1); and ≥ 1
    member marked by role: 成员类别 园区相关工作负责人 (park) or 企业高级管理人员 (enterprise) —
    being from the unit (园区工作人员 / 企业人员) is not enough.
    Returns a :class:`Check` whose reasons are Chinese sentences citing the article.
    """
    k = parse_kind(kind, "kind")
    cite = f"{TEAM_CITE}" if k is CaseKind.ENTERPRISE else f"{TEAM_CITE}、{GUIDE_TEAM_CITE}"
    reasons: list[str] = []
    n = len(members)
    need = int(P["team_min_members"].value)
    if n < need:
        reasons.append(f"工作组成员{n}人，少于{need}人（{cite}）")
    senior = sum(1 for m in members if is_senior_title(m.title) and is_related_field(m.specialty))
    leaders = sum(1 for m in members if (m.led_projects or 0) >= 1)
    need_senior = int(P["team_min_senior_related"].value)
    need_leaders = int(P["team_min_project_leaders"].value)
    if senior < need_senior and leaders < need_leaders:
        reasons.append(
            f"能源、环境、生态、低碳、生命周期评价等相关专业高级职称人员{senior}人，少于{need_senior}人，"
            f"且主导过绿色制造相关项目的人员{leaders}人，少于{need_leaders}人（{cite}）"
        )
    need_unit = int(P["team_min_unit_members"].value)
    role = unit_role(k)
    unit_members = sum(1 for m in members if m.category == role)
    if unit_members < need_unit:
        who, staff = UNIT_WHO[k]
        n_staff = sum(1 for m in members if m.category == staff)
        tail = f"；名单中{n_staff}名“{staff}”未标明为{role}，不计入" if n_staff else ""
        reasons.append(f"工作组缺少{who}（成员类别应为“{role}”{tail}）（{cite}）")
    return Check(ok=not reasons, reasons=tuple(reasons), cite=TEAM_CITE)


# ── 第五条 provider eligibility ───────────────────────────────────────

PROVIDER_ELIGIBILITY_CITE = P["provider_min_staff"].cite.model_copy(update={"article": "第五条"})


@with_edition
def check_provider_eligibility(
    beijing_legal_person: bool,
    bad_credit_recent: bool,
    office_and_finance_ok: bool,
    intermediate_staff: int,
    senior_related_staff: int,
    recent_green_work: bool,
    led_projects_recent: int = 0,
    experienced_staff: int = 0,
) -> Check:
    """Basic requirements of a provider applicant (《规则》第五条), both routes of 第3、4项.

    1. 北京市独立法人资格 (``beijing_legal_person``) and no serious bad credit in 3 years
       (``bad_credit_recent`` false);
    2. office and financial management (``office_and_finance_ok``);
    3. route A: ≥ 10 full-time staff with intermediate title or above (``intermediate_staff``),
       of whom ≥ 5 senior-titled in energy/environment/ecology/low-carbon/LCA (``senior_related_staff``);
    4. green-manufacturing work in the last 3 years (``recent_green_work``);
       route B (when 3 is not met): ≥ 5 green-manufacturing projects led in the last 3 years
       (``led_projects_recent``) and ≥ 10 full-time staff with relevant experience (``experienced_staff``).
    Counts must be integers ≥ 0 (``ValueError`` otherwise).
    """
    for name, x in (("intermediate_staff", intermediate_staff), ("senior_related_staff", senior_related_staff),
                    ("led_projects_recent", led_projects_recent), ("experienced_staff", experienced_staff)):
        if isinstance(x, bool) or not isinstance(x, int) or x < 0:
            raise ValueError(f"{name} 应为不小于0的整数，而不是 {x!r}")
    c1, c3, c4 = (P["provider_no_bad_credit_years"].cite, P["provider_min_staff"].cite, P["provider_recent_years"].cite)
    reasons: list[str] = []
    if not beijing_legal_person:
        reasons.append(f"不具有北京市独立法人资格（{c1}）")
    if bad_credit_recent:
        reasons.append(f"近{P['provider_no_bad_credit_years'].value}年有严重失信记录（{c1}）")
    if not office_and_finance_ok:
        reasons.append(f"不具有固定办公场所、办公条件或健全的财务管理制度（{P['provider_min_staff'].cite.model_copy(update={'article': '第五条第2项'})}）")
    route_a = intermediate_staff >= P["provider_min_staff"].value and senior_related_staff >= P["provider_min_senior_staff"].value
    route_b = led_projects_recent >= P["provider_alt_min_projects"].value and experienced_staff >= P["provider_alt_min_experienced_staff"].value
    if not route_a and not route_b:
        reasons.append(
            f"中级职称以上专职人员{intermediate_staff}人（应不少于{P['provider_min_staff'].value}人）、相关专业高级职称人员"
            f"{senior_related_staff}人（应不少于{P['provider_min_senior_staff'].value}人），不满足第3项（{c3}）；"
            f"且近三年主导绿色制造相关项目{led_projects_recent}个（应{P['provider_alt_min_projects'].value}个以上）、有相关工作经验的专职人员"
            f"{experienced_staff}人（应不少于{P['provider_alt_min_experienced_staff'].value}人），不满足第4项替代条件（{c4}）"
        )
    if not recent_green_work:
        reasons.append(f"近三年未参与绿色制造相关评审、论证、评价、省级以上科研项目或标准、政策制定（{c4}）")
    return Check(ok=not reasons, reasons=tuple(reasons), cite=PROVIDER_ELIGIBILITY_CITE)


# ── 第二十一条、第二十二条 provider status ─────────────────────────────

class ProviderStatus(BaseModel):
    """A provider's standing under 《规则》第二十一条、第二十二条.

    ``text`` is ``"正常"`` or ``"取消资格：<理由>；…"``; ``ban_years`` is 3 (no re-entry) when
    disqualified; ``funding_ban_years`` is 5 for fraud to obtain funds (第二十一条).
    """

    model_config = ConfigDict(frozen=True)

    disqualified: bool
    reasons: tuple[str, ...] = ()
    ban_years: int = 0
    funding_ban_years: int = 0
    cite: Citation
    cites: tuple[Citation, ...] = ()

    @property
    def text(self) -> str:
        if not self.disqualified:
            return "正常"
        tail = f"{self.ban_years}年内不得重新入围"
        if self.funding_ban_years and not any("第二十二条" in str(c) for c in self.cites):
            # 第二十一条 alone sets no re-entry term: say where the years come from
            tail += f"（{P['fraud_requalify_years'].cite}，greendiag 的读法：第二十一条未定年限，按第二十二条第2项计）"
        if self.funding_ban_years:
            tail += f"；服务商和被诊断园区、企业{self.funding_ban_years}年内不得申请市经济和信息化局资金支持（{P['fraud_funding_ban_years'].cite}）"
        return "取消资格：" + "；".join(self.reasons) + f"（{tail}）"


@with_edition
def provider_status(
    unsatisfied: int,
    failed: int,
    fee_charged: bool = False,
    fraud: bool = False,
    serious_impact: bool = False,
    funds_fraud: bool = False,
) -> ProviderStatus:
    """Standing of a provider from the events of one year (《规则》第二十二条, 第二十一条).

    ``unsatisfied``: 不满意 satisfaction results within one year (≥ 3 → out);
    ``failed``: 不合格 review results within one year (≥ 2 → out);
    ``fee_charged``: fees for diagnosis services (第二十二条第1项); ``fraud``: 弄虚作假 in the
    provider's application (第2项) — no funding ban; ``serious_impact``: serious harm (第5项) — each
    → out, 3-year ban on re-entry.
    ``funds_fraud``: collusion or fraud to obtain public funds (第二十一条) → out, funds recovered,
    credit record, 5-year ban on city funding for the provider **and** the diagnosed park or
    enterprise.  第二十一条 names no re-entry period of its own; such fraud is also 弄虚作假 under
    第二十二条, so ``ban_years`` is 3 for it as well (parameter ``fraud_requalify_years``,
    greendiag's reading).  Counts must be integers ≥ 0, else ``ValueError``.
    The counts are those of one year read as any 12 months, and the periods' dates are
    :func:`greendiag.rules.ledger.sanction_periods`'s (condition date or the bureau's decision
    date; last banned day = the corresponding day N years later).
    """
    for name, x in (("unsatisfied", unsatisfied), ("failed", failed)):
        if isinstance(x, bool) or not isinstance(x, int) or x < 0:
            raise ValueError(f"{name} 应为不小于0的整数次数，而不是 {x!r}")
    c22 = P["disqualify_ban_years"].cite
    art = lambda i: c22.model_copy(update={"article": f"第二十二条第{i}项"})  # noqa: E731
    reasons: list[str] = []
    cites: list[Citation] = []
    if fee_charged:
        reasons.append(f"对绿色诊断服务内容收取费用（{art(1)}）")
        cites.append(art(1))
    if fraud:
        reasons.append(f"在申报过程中弄虚作假（{art(2)}）")
        cites.append(art(2))
    nu = int(P["disqualify_unsatisfied_count"].value)
    if unsatisfied >= nu:
        reasons.append(f"一年内（任意12个月）满意度评价结果为“不满意”累计{unsatisfied}次，达到{nu}次（{art(3)}）")
        cites.append(art(3))
    nf = int(P["disqualify_failed_count"].value)
    if failed >= nf:
        reasons.append(f"一年内（任意12个月）诊断评估报告评审结果为“不合格”累计{failed}次，达到{nf}次（{art(4)}）")
        cites.append(art(4))
    if serious_impact:
        reasons.append(f"对被诊断单位和社会造成严重不良影响（{art(5)}）")
        cites.append(art(5))
    c21 = P["fraud_funding_ban_years"].cite
    if funds_fraud:
        reasons.append(f"恶意串通、弄虚作假等骗取财政资金，追回骗取资金并记入信用记录（{c21}）")
        cites.append(c21)
    out = bool(reasons)
    return ProviderStatus(
        disqualified=out,
        reasons=tuple(reasons),
        ban_years=int(P["fraud_requalify_years" if funds_fraud else "disqualify_ban_years"].value) if out else 0,
        funding_ban_years=int(P["fraud_funding_ban_years"].value) if funds_fraud else 0,
        cite=c22,
        cites=tuple(cites),
    )


# ── 指南六 follow-up, 附件2-1-1 basic requirements ────────────────────

FOLLOW_UP_CITE = G["follow_up_years"].cite
ENTERPRISE_FOLLOW_UP_CITE = P["provider_min_staff"].cite.model_copy(update={"article": "第十五条第4项"})
ENTERPRISE_FOLLOW_UP_NOTE = (
    "企业的一年跟踪期为 greendiag 的做法（参照《北京市工业园区绿色诊断工作指南》六）："
    f"{ENTERPRISE_FOLLOW_UP_CITE}只要求服务商及时跟踪并按要求反馈，未规定期限"
)
"""The park guide's one-year follow-up applied to enterprises is greendiag's practice, not a rule."""


@with_edition
def follow_up_due(report_date: date) -> date:
    """Date the follow-up feedback is due: one year after the diagnosis report (《指南》六).

    ``report_date`` (``date`` or ``datetime``) is when the diagnosis was completed (report submitted).
    """
    return add_years(_as_date(report_date, "report_date"), int(G["follow_up_years"].value))


class BasicRequirement(BaseModel):
    """One row of 附件2-1-1: number 1–8, text, required (1–6) or encouraged (7–8)."""

    model_config = ConfigDict(frozen=True)

    number: int
    text: str
    required: bool
    cite: Citation


BASIC_REQUIREMENTS: tuple[BasicRequirement, ...] = tuple(
    sorted(
        (
            BasicRequirement(number=p.extra["number"], text=p.value, required=p.extra["required"], cite=p.cite)
            for p in G.values()
            if p.key.startswith("basic_requirement_")
        ),
        key=lambda r: r.number,
    )
)
BASIC_CITE = BASIC_REQUIREMENTS[0].cite


def check_basic_requirements(entries: Sequence[BasicRequirementEntry]) -> Check:
    """附件2-1-1 工业园区绿色诊断基础性要求诊断表: the six required items (1–6) must each be 符合.

    Items 7–8 are encouraged (鼓励): a 不符合 or blank there does not fail the check.
    A missing or blank (``complies is None``) required item fails with “未填写”.
    Source: 《北京市工业园区绿色诊断工作指南》附件2-1-1.
    """
    by_no = {e.number: e for e in entries}
    reasons: list[str] = []
    for r in BASIC_REQUIREMENTS:
        if not r.required:
            continue
        e = by_no.get(r.number)
        if e is None or e.complies is None:
            reasons.append(f"基础性要求第{r.number}项未填写是否符合（{r.cite}）")
        elif not e.complies:
            reasons.append(f"基础性要求第{r.number}项不符合：{r.text.rstrip('。')}（{r.cite}）")
    return Check(ok=not reasons, reasons=tuple(reasons), cite=BASIC_CITE)

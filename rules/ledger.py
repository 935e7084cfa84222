"""The city ledger's rules: rewards, the annual cap, duplicates, provider counts, bans and their periods.

《北京市制造业绿色诊断工作规则》第十八至二十二条 applied to many cases at once.  Pure functions over
:class:`LedgerCase` (the facts one case workbook gives, plus an officer's entries); the ledger
workbook (``greendiag.generator.ledger``) only lays these results out and mirrors them in formulas.

* **计入年度** (:func:`case_year`): the year of the review date, else of the report date, else the
  diagnosis year — rewards are paid per calendar year after the review (第十八条、第二十条 “每年”).
* **Reward per case** (:func:`base_reward`): the amount the bureau decided (核定奖励金额, 万元,
  at most the 第十九条 cap) or, while it is empty, the cap itself marked provisional (上限，暂定);
  0 when 不合格, materials not in order (第十九条), not reviewed (第十八条) or fraud for funds
  (第二十一条, recovered).
* **Duplicates** (:func:`find_duplicates`): the same unit twice is paid once — the second and later
  ones (by report date, then file) are 0 until an officer marks them 非重复.
* **Annual cap** (:func:`allocate_annual_cap`, 第二十条): per provider and calendar year at most 300;
  the excess comes off the cases in order of report date (blank last), then file.
* **“一年内”** (第二十二条第3、4项) is any 12 months (:func:`within_one_year`, parameter
  ``one_year_window_months``), not the calendar year.
* **Bans** (:func:`sanction_periods`): the condition date is the day the condition is met (the 3rd
  不满意, the 2nd 不合格, the finding of a violation); the bureau's decision date replaces it when
  entered.  第二十二条 → disqualified, no re-entry for 3 years; 第二十一条 → also recovery, credit
  record, and no city funding for 5 years for the provider **and** the diagnosed unit.  Periods follow
  《民法典》第二百零一、二百零二条: the last banned day is the corresponding day N years after the
  start (:func:`ban_last_day`), the first allowed day is the next day.
* **Effects** (:func:`provider_block`, :func:`unit_block`): a provider's case begun (诊断开始) in its
  disqualification is not paid; a case reviewed in its funding ban is not paid; a banned unit's
  application (诊断开始) in its ban is flagged.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from greendiag.rules.citations import Citation, Edition, edition_params, with_edition
from greendiag.rules.common import add_years
from greendiag.rules.identity import normalise_code, normalise_name

P = edition_params("bj_diagnosis")
"""``rules/params/bj_diagnosis.toml`` read in the current edition at each access: every public rule below
takes ``edition=`` (:func:`~greendiag.rules.citations.with_edition`; default: the current edition)."""

_VALUES: dict[str, tuple[str, type]] = {
    "ANNUAL_CAP": ("provider_annual_reward_cap", float),
    "UNSATISFIED_LIMIT": ("disqualify_unsatisfied_count", int),
    "FAILED_LIMIT": ("disqualify_failed_count", int),
    "WINDOW_MONTHS": ("one_year_window_months", int),
    "REQUALIFY_YEARS": ("disqualify_ban_years", int),
    "FRAUD_REQUALIFY_YEARS": ("fraud_requalify_years", int),
    "FUNDING_BAN_YEARS": ("fraud_funding_ban_years", int),
}
"""The ledger's numbers by their old constant names: ``ANNUAL_CAP`` (万元, 第二十条), the 不满意 / 不合格
counts and their window (第二十二条第3、4项), the years of the bans (第二十一、二十二条)."""


def _value(name: str) -> float | int:
    key, kind = _VALUES[name]
    return kind(P[key].value)


def __getattr__(name: str):
    """``ANNUAL_CAP`` … (see :data:`_VALUES`) and ``SANCTION_FLAGS``, in the current edition at each access."""
    if name in _VALUES:
        return _value(name)
    if name == "SANCTION_FLAGS":
        return sanction_flags()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


CITE_18 = P["reward_cap_park"].cite.model_copy(update={"article": "第十八条"})
CITE_19 = P["reward_cap_park"].cite
CITE_20 = P["provider_annual_reward_cap"].cite
CITE_21 = P["fraud_funding_ban_years"].cite
CITE_22 = P["disqualify_ban_years"].cite
CITE_WINDOW = P["one_year_window_months"].cite
CITE_PERIOD = P["ban_period_counting"].cite
CITE_FRAUD_REQUALIFY = P["fraud_requalify_years"].cite
"""第二十一条、第二十二条第2项: the re-entry term after fraud for funds (greendiag's reading)."""


def _art22(item: int) -> Citation:
    return CITE_22.model_copy(update={"article": f"第二十二条第{item}项"})


@dataclass(frozen=True)
class SanctionFlag:
    """A case's 是/否 flag that sanctions its provider, with what 是 means.

    ``field``: the ``Case`` field path; ``status``: the provider's status text when 是;
    ``payable``: the case's payable cap when 是 (``"0"``: 第二十一条 recovers the money;
    ``"待核定"``: 第二十二条 sets no amount, the bureau decides — greendiag's reading);
    ``cite``: the article.  Years come from ``rules/params/bj_diagnosis.toml``.
    """

    field: str
    status: str
    payable: str
    cite: Citation


@with_edition
def sanction_flags() -> tuple[SanctionFlag, ...]:
    """The case flags in priority order (the first 是 decides the status shown on 奖励测算), with the years
    of the edition (``SANCTION_FLAGS``: the current edition's)."""
    years, fraud, funding = (_value(k) for k in ("REQUALIFY_YEARS", "FRAUD_REQUALIFY_YEARS", "FUNDING_BAN_YEARS"))
    reading = P["fraud_requalify_years"].basis_text
    return (
        SanctionFlag("review.funds_fraud",
                     f"取消诊断资格，{fraud}年内不得重新入围（{CITE_FRAUD_REQUALIFY}，{reading}：第二十一条未定年限，"
                     f"按第二十二条第2项计），追回骗取资金，记入信用记录，{funding}年内不得申请资金支持（{CITE_21}）", "0", CITE_21),
        SanctionFlag("review.application_fraud", f"取消诊断资格，{years}年内不得重新入围", "待核定", _art22(2)),
        SanctionFlag("review.fee_charged", f"取消诊断资格，{years}年内不得重新入围", "待核定", _art22(1)),
        SanctionFlag("review.serious_impact", f"取消诊断资格，{years}年内不得重新入围", "待核定", _art22(5)),
    )


# ── facts ──────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class LedgerCase:
    """What the ledger rules need to know about one case; plain values (picklable).

    Amounts in 万元, dates as ``date``.  ``ok`` False: a file that gave no case (ignored here).
    ``reward_tier`` is the 第十九条 cap for the type and output value (``None`` when unknown);
    ``approved_amount`` the bureau's 核定奖励金额 (``None`` = not yet decided).
    ``evaluation_date`` is the date of the satisfaction form (附件1-3), ``finding_date`` the date a
    violation (fees, fraud, serious harm) was found, ``decision_date`` the bureau's decision on the
    sanction this case triggers.  ``duplicate_resolved`` True: an officer checked that the case is not
    a duplicate of another one (非重复).
    """

    file: str
    ok: bool = True
    provider: str = ""
    unit: str = ""
    credit_code: str = ""
    kind: str = ""
    diagnosis_year: int | None = None
    onsite_start: date | None = None
    report_date: date | None = None
    review_date: date | None = None
    evaluation_date: date | None = None
    satisfaction: str = ""
    review_result: str = ""
    materials_ok: bool = True
    fee_charged: bool = False
    application_fraud: bool = False
    funds_fraud: bool = False
    serious_impact: bool = False
    finding_date: date | None = None
    decision_date: date | None = None
    reward_tier: float | None = None
    approved_amount: float | None = None
    duplicate_resolved: bool = False

    @property
    def year(self) -> int | None:
        return case_year(self)


def case_year(c: LedgerCase) -> int | None:
    """计入年度: the review date's year, else the report date's, else the diagnosis year (第十八条、第二十条)."""
    for d in (c.review_date, c.report_date):
        if d is not None:
            return d.year
    return c.diagnosis_year


def event_date(c: LedgerCase) -> date | None:
    """The case's date as a review event: review date, else report date, else 31 December of the diagnosis year."""
    for d in (c.review_date, c.report_date):
        if d is not None:
            return d
    return date(c.diagnosis_year, 12, 31) if c.diagnosis_year else None


def diagnosis_date(c: LedgerCase) -> date | None:
    """When the diagnosis (and so the unit's application) began: on-site start, else report date, else
    review date, else 1 January of the diagnosis year."""
    for d in (c.onsite_start, c.report_date, c.review_date):
        if d is not None:
            return d
    return date(c.diagnosis_year, 1, 1) if c.diagnosis_year else None


def unsatisfied_date(c: LedgerCase) -> date | None:
    """Date of a 不满意 (第二十二条第3项): the evaluation date, else :func:`event_date`; ``None`` if not 不满意."""
    if c.satisfaction != "不满意":
        return None
    return c.evaluation_date or event_date(c)


def failed_date(c: LedgerCase) -> date | None:
    """Date of a 不合格 (第二十二条第4项): :func:`event_date` (the review date); ``None`` if not 不合格."""
    return event_date(c) if c.review_result == "不合格" else None


def violation_date(c: LedgerCase) -> date | None:
    """Date a violation of 第二十一条 or 第二十二条第1、2、5项 was found: ``finding_date``, else :func:`event_date`;
    ``None`` when the case has none."""
    if not (c.fee_charged or c.application_fraud or c.funds_fraud or c.serious_impact):
        return None
    return c.finding_date or event_date(c)


# ── periods ────────────────────────────────────────────────────────────────


@with_edition
def within_one_year(first: date, last: date) -> bool:
    """Do ``first`` ≤ ``last`` fall “一年内” (第二十二条第3、4项)?

    True when ``last`` is no later than the corresponding day 12 months after ``first``
    (parameter ``one_year_window_months``; 《民法典》第二百零一、二百零二条: the first day is not
    counted, the corresponding day is the last day, month-end where there is none).
    """
    return first <= last <= window_end(first)


@with_edition
def window_end(first: date) -> date:
    """Last day “一年内” of an event on ``first``: the corresponding day ``one_year_window_months`` later
    (month end where there is none).  Excel: ``EDATE(first, 12)``."""
    return _add_months(first, _value("WINDOW_MONTHS"))


def _add_months(d: date, months: int) -> date:
    import calendar

    m = d.month - 1 + months
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def ban_last_day(start: date, years: int) -> date:
    """Last banned day of an N-year ban starting ``start``: the corresponding day ``years`` later
    (month end where there is none), 《民法典》第二百零一、二百零二条.  Excel: ``EDATE(start, 12*years)``."""
    return add_years(start, years)


def first_allowed_day(start: date, years: int) -> date:
    """First day after an N-year ban: the day after :func:`ban_last_day`."""
    return ban_last_day(start, years) + timedelta(days=1)


def count_hits(dates: Sequence[date | None], limit: int) -> list[bool]:
    """For each date: does it close a run of ``limit`` events within one year (any 12 months)?

    Date ``d`` is a hit when at least ``limit`` of the dates ``e`` satisfy ``e ≤ d ≤ EDATE(e, 12)``
    (``d`` itself included).  Mirrors the ledger formula ``COUNTIFS(date,"<="&d,date+1year,">="&d)``.
    """
    ends = [window_end(e) if e is not None else None for e in dates]
    out = []
    for d in dates:
        if d is None:
            out.append(False)
            continue
        n = sum(1 for e, end in zip(dates, ends) if e is not None and e <= d <= end)
        out.append(n >= limit)
    return out


@dataclass(frozen=True)
class Sanction:
    """The sanction periods one case triggers (all ``None`` when it triggers none).

    ``condition_date``: the day the condition was met (the nth 不满意/不合格 within one year, or the
    finding); ``start``: the decision date if entered, else ``condition_date``; ``last_day``: last
    day of no re-entry (3 years, 第二十二条; 第二十一条 likewise); ``funding_start`` / ``funding_last_day``:
    the 5-year city-funding ban of 第二十一条 (provider **and** this case's unit).
    """

    index: int
    provider: str
    unit: str
    reasons: tuple[str, ...]
    cites: tuple[Citation, ...]
    condition_date: date
    start: date
    last_day: date
    funding_start: date | None = None
    funding_last_day: date | None = None
    unsatisfied_hit: date | None = None
    failed_hit: date | None = None
    violation: date | None = None
    unit_key: tuple[str, str] = ("", "")
    """(name key, credit-code key) of the case's unit (:func:`unit_keys`), for the unit's funding ban."""

    @property
    def first_allowed(self) -> date:
        return self.last_day + timedelta(days=1)

    @property
    def funding_first_allowed(self) -> date | None:
        return self.funding_last_day + timedelta(days=1) if self.funding_last_day else None

    @property
    def reentry_cites(self) -> tuple[Citation, ...]:
        """The articles behind the no-re-entry period (``start`` … ``last_day``): the 第二十二条 items met, and for
        fraud for funds :data:`CITE_FRAUD_REQUALIFY` (第二十一条 sets no term; greendiag reads 第二十二条第2项's)."""
        own = tuple(c for c in self.cites if c != CITE_21)
        return own + ((CITE_FRAUD_REQUALIFY,) if self.funding_last_day else ())

    @property
    def funding_cites(self) -> tuple[Citation, ...]:
        """The article behind the funding ban (``funding_start`` … ``funding_last_day``): 第二十一条; ``()`` without one."""
        return (CITE_21,) if self.funding_last_day else ()


@with_edition
def sanction_periods(cases: Sequence[LedgerCase]) -> dict[int, Sanction]:
    """Index → :class:`Sanction` for every case that triggers a ban (《规则》第二十一条、第二十二条).

    Per provider, the 不满意 dates (:func:`unsatisfied_date`) and 不合格 dates (:func:`failed_date`)
    are counted over any 12 months (:func:`count_hits`, limits 3 and 2); a case whose date closes such
    a run triggers, and so does a case with a violation (:func:`violation_date`).  Each trigger starts
    its own period; periods of one provider that overlap simply add up (the latest last day wins).
    """
    by_provider: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(cases):
        if c.ok:
            by_provider[c.provider].append(i)
    u_hit: dict[int, date] = {}
    f_hit: dict[int, date] = {}
    n_unsatisfied, n_failed = _value("UNSATISFIED_LIMIT"), _value("FAILED_LIMIT")
    for idx in by_provider.values():
        for fn, limit, out in ((unsatisfied_date, n_unsatisfied, u_hit), (failed_date, n_failed, f_hit)):
            dates = [fn(cases[i]) for i in idx]
            for i, d, hit in zip(idx, dates, count_hits(dates, limit)):
                if hit:
                    out[i] = d  # type: ignore[assignment]
    result: dict[int, Sanction] = {}
    for i, c in enumerate(cases):
        if not c.ok:
            continue
        v = violation_date(c)
        dates = [d for d in (u_hit.get(i), f_hit.get(i), v) if d is not None]
        if not dates:
            continue
        reasons: list[str] = []
        cites: list[Citation] = []
        if c.fee_charged:
            reasons.append(f"对绿色诊断服务内容收取费用（{_art22(1)}）")
            cites.append(_art22(1))
        if c.application_fraud:
            reasons.append(f"在申报过程中弄虚作假（{_art22(2)}）")
            cites.append(_art22(2))
        if i in u_hit:
            reasons.append(f"一年内（任意12个月）满意度评价结果为“不满意”累计达到{n_unsatisfied}次（{_art22(3)}）")
            cites.append(_art22(3))
        if i in f_hit:
            reasons.append(f"一年内（任意12个月）诊断评估报告评审结果为“不合格”累计达到{n_failed}次（{_art22(4)}）")
            cites.append(_art22(4))
        if c.serious_impact:
            reasons.append(f"对被诊断单位和社会造成严重不良影响（{_art22(5)}）")
            cites.append(_art22(5))
        if c.funds_fraud:
            reasons.append(f"恶意串通、弄虚作假等骗取财政资金，追回骗取资金并记入信用记录（{CITE_21}）")
            cites.append(CITE_21)
        condition = min(dates)
        start = c.decision_date or condition
        years = _value("FRAUD_REQUALIFY_YEARS" if c.funds_fraud else "REQUALIFY_YEARS")
        fstart = (c.decision_date or v) if c.funds_fraud else None
        result[i] = Sanction(
            index=i, provider=c.provider, unit=c.unit, reasons=tuple(reasons), cites=tuple(cites),
            condition_date=condition, start=start, last_day=ban_last_day(start, years),
            funding_start=fstart,
            funding_last_day=ban_last_day(fstart, _value("FUNDING_BAN_YEARS")) if fstart else None,
            unsatisfied_hit=u_hit.get(i), failed_hit=f_hit.get(i), violation=v, unit_key=unit_keys(c),
        )
    return result


PROVIDER_FUNDING_BLOCK = f"服务商在资金支持限制期内，不予奖励（{CITE_21}）"
PROVIDER_DISQUALIFIED_BLOCK = f"诊断开始于服务商取消资格期间，不予奖励（{CITE_22}）"
UNIT_FUNDING_FLAG = f"该单位在资金支持限制期内，不得申请市经济和信息化局资金支持（{CITE_21}）"


def provider_block(c: LedgerCase, sanctions: Sequence[Sanction]) -> str:
    """Why a case of a banned provider is not paid ('' when it is not blocked).

    A case reviewed (:func:`event_date`) within the provider's funding ban (第二十一条, 5 years) or
    begun (:func:`diagnosis_date`) within its disqualification (第二十二条, 3 years) is payable 0.
    A case begun before a 第二十二条 disqualification and reviewed after it is still paid.
    """
    ev, dg = event_date(c), diagnosis_date(c)
    mine = [s for s in sanctions if s.provider == c.provider]
    if ev is not None and any(s.funding_start and s.funding_start <= ev <= s.funding_last_day for s in mine):
        return PROVIDER_FUNDING_BLOCK
    if dg is not None and any(s.start <= dg <= s.last_day for s in mine):
        return PROVIDER_DISQUALIFIED_BLOCK
    return ""


def unit_block(c: LedgerCase, sanctions: Sequence[Sanction]) -> str:
    """Flag for the application of a unit under a 第二十一条 funding ban ('' when none).

    The unit is matched by name key or credit-code key (:func:`unit_keys`); the case's
    :func:`diagnosis_date` must fall within the ban (first to last banned day).
    """
    dg = diagnosis_date(c)
    if dg is None:
        return ""
    name, code = unit_keys(c)
    for s in sanctions:
        if s.funding_start is None or not s.funding_start <= dg <= s.funding_last_day:  # type: ignore[operator]
            continue
        sn, sc = s.unit_key
        if (name and name == sn) or (code and code == sc):
            return UNIT_FUNDING_FLAG
    return ""


# ── rewards ─────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Reward:
    """The reward a case counts towards its provider's year before the annual cap, in 万元.

    ``basis``: 核定 (the bureau's amount), 上限（暂定） (the cap while no amount is decided) or ''
    (nothing counted); ``note`` says why, with the article.
    """

    amount: float
    basis: str
    note: str

    @property
    def provisional(self) -> bool:
        return self.basis == BASIS_CAP


BASIS_APPROVED = "核定"
BASIS_CAP = "上限（暂定）"


def check_approved_amount(amount: object, cap: float | None) -> str:
    """'' when ``amount`` (万元) is a valid 核定奖励金额 for a case whose 第十九条 cap is ``cap``, else why not."""
    if amount is None:
        return ""
    if isinstance(amount, bool) or not isinstance(amount, (int, float)) or not math.isfinite(amount) or amount < 0:
        return f"核定奖励金额 {amount!r} 无效：应为不小于0的万元数"
    if cap is not None and amount > cap:
        return f"核定奖励金额{amount:g}万元超过奖励上限{cap:g}万元（{CITE_19}：不超过）"
    return ""


def base_reward(c: LedgerCase) -> Reward:
    """The case's own reward before bans, duplicates and the annual cap (《规则》第十八、十九、二十一条)."""
    if c.funds_fraud:
        return Reward(0.0, "", f"骗取财政资金，不予奖励并追回资金（{CITE_21}）")
    if not c.review_result:
        return Reward(0.0, "", f"未评审，暂不计入（{CITE_18}）")
    if c.review_result == "不合格":
        return Reward(0.0, "", f"评审不合格，不予奖励（{CITE_19}）")
    if not c.materials_ok:
        return Reward(0.0, "", f"证明材料不符合要求，不予奖励（{CITE_19}）")
    if c.reward_tier is None:
        return Reward(0.0, "", f"企业上一年度产值缺失，无法确定奖励档次（{CITE_19}）")
    bad = check_approved_amount(c.approved_amount, c.reward_tier)
    if bad:
        return Reward(0.0, "", bad + "，待核")
    if c.approved_amount is not None:
        return Reward(float(c.approved_amount), BASIS_APPROVED, f"评审合格，按核定金额（{CITE_19}）")
    return Reward(float(c.reward_tier), BASIS_CAP, f"评审合格，尚未核定金额，暂按上限（{CITE_19}：不超过）")


# ── duplicates ──────────────────────────────────────────────────────────────

normalize_name = normalise_name
"""The one name key (:func:`greendiag.rules.identity.normalise_name`); old spelling kept for callers."""
normalize_code = normalise_code


def unit_keys(c: LedgerCase) -> tuple[str, str]:
    """(name key, credit-code key) of the case's unit."""
    return normalize_name(c.unit), normalize_code(c.credit_code)


def _order_key(c: LedgerCase) -> tuple:
    return (c.report_date is None, c.report_date or date.min, c.file)


def find_duplicates(cases: Sequence[LedgerCase]) -> dict[int, str]:
    """Index → note for every readable case that has a duplicate: the same unit (same name or credit code)
    in the same diagnosis year — a unit diagnosed again in another year is a new case.

    The note names the other cases (1-based 序号) and why, e.g.
    ``"重复：同名（序号 3）；同信用代码（序号 7）"``.
    """
    by_name: dict[tuple, list[int]] = defaultdict(list)
    by_code: dict[tuple, list[int]] = defaultdict(list)
    for i, c in enumerate(cases):
        if not c.ok:
            continue
        name, code = unit_keys(c)
        if name:
            by_name[(c.diagnosis_year, name)].append(i)
        if code:
            by_code[(c.diagnosis_year, code)].append(i)
    notes: dict[int, list[str]] = defaultdict(list)
    for label, groups in (("同名", by_name), ("同信用代码", by_code)):
        for members in groups.values():
            if len(members) < 2:
                continue
            for i in members:
                others = "、".join(str(j + 1) for j in members if j != i)
                notes[i].append(f"{label}（序号 {others}）")
    return {i: "重复：" + "；".join(parts) for i, parts in notes.items()}


def duplicate_rank(cases: Sequence[LedgerCase]) -> dict[int, int]:
    """Index → rank (1 = first, paid) within each group of duplicates (connected by name or code),
    ordered by report date (blank last) then file, a 不合格 case after the others: a 合格 duplicate of a
    不合格 original is not zeroed — it is the one counted, and the 重复 column asks an officer to check it
    (greendiag's reading: 第十九条 pays a 合格 report once).  Cases without a duplicate are not listed."""
    parent = list(range(len(cases)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_of: dict[tuple, int] = {}
    for i, c in enumerate(cases):
        if not c.ok:
            continue
        for kind, key in zip(("n", "c"), unit_keys(c)):
            if not key:
                continue
            k = (c.diagnosis_year, kind, key)
            if k in first_of:
                parent[find(i)] = find(first_of[k])
            else:
                first_of[k] = i
    groups: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(cases):
        if c.ok:
            groups[find(i)].append(i)
    ranks: dict[int, int] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        for k, i in enumerate(sorted(members, key=lambda j: (cases[j].review_result == "不合格", *_order_key(cases[j]))),
                              start=1):
            ranks[i] = k
    return ranks


DUPLICATE_BLOCK = "重复案例，不重复拨付；经核实非重复的在“重复核实”中选“非重复”"


# ── annual cap ──────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class RewardLine:
    """One case under the annual cap: ``amount`` counted, ``payable`` after the cap (万元)."""

    index: int
    provider: str
    year: int | None
    amount: float
    payable: float

    @property
    def cut(self) -> float:
        return round(self.amount - self.payable, 6)


@dataclass(frozen=True)
class RewardTotal:
    """Per provider and calendar year (第二十条): amounts in 万元; ``provisional`` cases counted at their cap."""

    provider: str
    year: int | None
    cases: int
    total: float
    payable: float
    excess: float
    provisional: int = 0


@with_edition
def allocate_annual_cap(
    cases: Sequence[LedgerCase], amounts: Sequence[float], provisional: Sequence[bool] | None = None,
) -> tuple[list[RewardLine], list[RewardTotal]]:
    """Apply the annual cap of 第二十条 (300 万元 per provider and calendar year).

    Cases are ordered by provider, 计入年度, report date (blank last), file; the case whose amount
    crosses the cap is paid the remainder, later ones 0.  Sum of ``payable`` per provider and year
    equals MIN(cap, total).
    """
    prov = provisional or [False] * len(cases)
    order = sorted(
        (i for i, c in enumerate(cases) if c.ok),
        key=lambda i: (cases[i].provider, case_year(cases[i]) or 0, *_order_key(cases[i])),
    )
    lines: list[RewardLine] = []
    used: dict[tuple[str, int | None], float] = defaultdict(float)
    cap = _value("ANNUAL_CAP")
    for i in order:
        c = cases[i]
        key = (c.provider, case_year(c))
        payable = max(0.0, min(amounts[i], cap - used[key]))
        used[key] += amounts[i]
        lines.append(RewardLine(i, c.provider, key[1], amounts[i], round(payable, 6)))
    grouped: dict[tuple[str, int | None], list[RewardLine]] = {}
    for line in lines:
        grouped.setdefault((line.provider, line.year), []).append(line)
    totals = []
    for (provider, year), group in grouped.items():
        total = round(sum(g.amount for g in group), 6)
        payable = min(cap, total)
        n_prov = sum(1 for g in group if prov[g.index])
        totals.append(RewardTotal(provider, year, len(group), total, payable, round(total - payable, 6), n_prov))
    return lines, totals


# ── everything at once ──────────────────────────────────────────────────────


@dataclass(frozen=True)
class CaseOutcome:
    """What the ledger shows for one case: the reward counted (after bans and duplicates), why, flags."""

    reward: Reward
    amount: float
    note: str
    block: str = ""
    """Why the amount is held at 0 by a provider ban or a duplicate ('' otherwise)."""
    duplicate: str = ""
    duplicate_rank: int = 0
    unit_flag: str = ""


@dataclass(frozen=True)
class Settlement:
    """Result of :func:`settle`: per case outcomes (by index), sanctions, lines and totals."""

    outcomes: dict[int, CaseOutcome]
    sanctions: dict[int, Sanction]
    lines: list[RewardLine]
    totals: list[RewardTotal]


@with_edition
def settle(cases: Sequence[LedgerCase], sanctions: Sequence[Sanction] | None = None) -> Settlement:
    """Apply 第十八至二十二条 to a batch: rewards, bans, duplicates, the annual cap.

    ``sanctions`` (default: :func:`sanction_periods` of ``cases``) may come from a wider set of cases
    (other years), so that bans carry over.  Order of effects on a case's amount: its own reward
    (:func:`base_reward`), then a provider ban (:func:`provider_block`), then a duplicate (second and
    later of a group are 0 until marked 非重复), then the annual cap of its provider's year
    (:func:`allocate_annual_cap`).
    """
    own = sanction_periods(cases)
    sl = list(own.values()) if sanctions is None else list(sanctions)
    dups = find_duplicates(cases)
    ranks = duplicate_rank(cases)
    outcomes: dict[int, CaseOutcome] = {}
    amounts = [0.0] * len(cases)
    provisional = [False] * len(cases)
    for i, c in enumerate(cases):
        if not c.ok:
            continue
        reward = base_reward(c)
        block = provider_block(c, sl)
        hold = block or (DUPLICATE_BLOCK if ranks.get(i, 1) > 1 and not c.duplicate_resolved else "")
        amount, note = (0.0, hold) if hold and reward.amount else (reward.amount, reward.note)
        amounts[i] = amount
        provisional[i] = amount > 0 and reward.provisional
        outcomes[i] = CaseOutcome(reward, amount, note, hold, dups.get(i, ""), ranks.get(i, 0), unit_block(c, sl))
    lines, totals = allocate_annual_cap(cases, amounts, provisional)
    return Settlement(outcomes, own, lines, totals)


# ── per provider and year ───────────────────────────────────────────────────


@dataclass(frozen=True)
class ProviderYear:
    """One provider in one calendar year (《规则》第二十一、二十二条).

    Counts are the events of the calendar year (for reading); the status comes from the sanction
    periods (any 12 months): ``disqualified`` when a no-re-entry period overlaps the year,
    ``last_day`` / ``funding_last_day`` the latest such last day (``None`` when none).
    ``carried_from``: the period started in an earlier year.
    """

    provider: str
    year: int | None
    cases: int
    unsatisfied: int
    failed: int
    fee_charged: int
    application_fraud: int
    funds_fraud: int
    serious_impact: int
    disqualified: bool
    reasons: tuple[str, ...]
    start: date | None
    last_day: date | None
    funding_last_day: date | None
    carried_from: str = ""

    @property
    def status(self) -> str:
        """:data:`STATUS_OUT` while a no-re-entry period overlaps the year, else :data:`STATUS_FUNDING` while only
        a 第二十一条 funding ban does (it runs 5 years, past the 3 of re-entry), else :data:`STATUS_OK`."""
        if self.disqualified:
            return STATUS_OUT
        return STATUS_FUNDING if self.funding_last_day else STATUS_OK

    @property
    def first_allowed(self) -> date | None:
        return self.last_day + timedelta(days=1) if self.last_day else None

    @property
    def funding_first_allowed(self) -> date | None:
        return self.funding_last_day + timedelta(days=1) if self.funding_last_day else None


STATUS_OUT = "取消资格"
STATUS_FUNDING = "不得申请资金支持"
STATUS_OK = "正常"


@with_edition
def provider_years(cases: Sequence[LedgerCase], sanctions: dict[int, Sanction] | None = None) -> list[ProviderYear]:
    """Per provider and 计入年度: counts, status and the periods overlapping the year, sorted by provider, year."""
    sanctions = sanction_periods(cases) if sanctions is None else sanctions
    groups: dict[tuple[str, int | None], list[int]] = defaultdict(list)
    for i, c in enumerate(cases):
        if c.ok:
            groups[(c.provider, case_year(c))].append(i)
    out = []
    for provider, year in sorted(groups, key=lambda k: (k[0], k[1] if k[1] is not None else 0)):
        idx = groups[(provider, year)]
        mine = [s for s in sanctions.values() if s.provider == provider]
        if year is not None:
            y0, y1 = date(year, 1, 1), date(year, 12, 31)
            over = [s for s in mine if s.start <= y1 and s.last_day >= y0]
            fover = [s for s in mine if s.funding_start and s.funding_start <= y1 and s.funding_last_day >= y0]
        else:
            over, fover = [], []
        reasons: list[str] = []
        for s in sorted(over, key=lambda s: s.start):
            reasons.extend(r for r in s.reasons if r not in reasons)
        earlier = [s for s in over if year is not None and s.start.year < year]
        carried = ""
        if earlier and not any(s.start.year == year for s in over):
            s = max(earlier, key=lambda s: s.last_day)
            carried = f"{s.start.year}年取消资格，至{s.last_day.isoformat()}（含）不得重新入围"
        out.append(ProviderYear(
            provider=provider, year=year, cases=len(idx),
            unsatisfied=sum(1 for i in idx if cases[i].satisfaction == "不满意"),
            failed=sum(1 for i in idx if cases[i].review_result == "不合格"),
            fee_charged=sum(1 for i in idx if cases[i].fee_charged),
            application_fraud=sum(1 for i in idx if cases[i].application_fraud),
            funds_fraud=sum(1 for i in idx if cases[i].funds_fraud),
            serious_impact=sum(1 for i in idx if cases[i].serious_impact),
            disqualified=bool(over), reasons=tuple(reasons),
            start=min((s.start for s in over), default=None),
            last_day=max((s.last_day for s in over), default=None),
            funding_last_day=max((s.funding_last_day for s in fover), default=None),  # type: ignore[type-var]
            carried_from=carried,
        ))
    return out


# ── the rules in words ───────────────────────────────────────────────────────


def rules_text(*, edition: Edition | None = None) -> list[str]:
    """The ledger's rules as Chinese sentences for its 说明, in ``edition`` (:mod:`greendiag.rules.ledger_text`)."""
    from greendiag.rules.ledger_text import rules_text as text

    return text(edition=edition)


__all__ = [
    "BASIS_APPROVED", "BASIS_CAP", "CaseOutcome", "LedgerCase", "ProviderYear", "Reward", "RewardLine",
    "RewardTotal", "Sanction", "Settlement", "allocate_annual_cap", "ban_last_day", "base_reward", "case_year",
    "check_approved_amount", "count_hits", "diagnosis_date", "duplicate_rank", "event_date", "failed_date",
    "find_duplicates", "first_allowed_day", "rules_text", "normalize_code", "normalize_name", "provider_block", "provider_years",
    "sanction_flags", "sanction_periods", "settle", "unit_block", "unit_keys", "unsatisfied_date", "violation_date", "window_end", "within_one_year",
]

"""The enterprise diagnosis: compliance items, vetoes of other programmes, benchmark gaps, grading.

《北京市制造业绿色诊断工作规则》第十二条第3项: the working group examines an enterprise's
compliance in 环境、安全、质量, its 绿色管理、产品生态设计、生产工艺和设备、资源能源投入、环境排放、碳排放,
and compares it with domestic and international advanced levels.  The same facts decide other
programmes' gates: the veto conditions of 黑龙江 第十五条 and 广州 第十二条 (近三年), the Beijing
incubation pool (北京 征求意见稿 第五、八条) and the tiers and stars of a graded score.

The list of compliance items (:data:`COMPLIANCE_ITEMS`) is greendiag's checklist built on those
articles: items 1–5 are the compliance the 规则 names (环境、安全、质量); items 6–11 are the veto
conditions, each mapped to the ground it answers in 黑龙江 第十五条 and 广州 第十二条.  An item
marked 不符合 sets that ground; 不适用 and 符合 do not; a blank item is reported as not checked.

The benchmark gap (:func:`benchmark_gap`) is greendiag's method: the relative distance to the
advanced value in percent, positive when the enterprise is behind, whatever the direction.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from greendiag.rules import guangzhou, heilongjiang, regions, units
from greendiag.rules.citations import Check, Citation
from greendiag.rules.models import Case, CaseKind

RULES_DOC = "北京市制造业绿色诊断工作规则"
SCOPE_CITE = Citation(document=RULES_DOC, article="第十二条第3项")
PLANS_CITE = Citation(document=RULES_DOC, article="第十二条第2项")
PROPOSALS_CITE = Citation(document=RULES_DOC, article="第十三条")
PHOTOS_CITE = Citation(document=RULES_DOC, article="第十五条第3项")
BJ_REVOCATION_CITE = Citation(document=units.U["revocation_6"].cite.document, article="第十条（六）")


@dataclass(frozen=True)
class ComplianceItem:
    """One row of the 合规性 checklist: ``number``, ``category`` (环境/安全/质量/信用), the
    requirement (phrased so that 符合 is good), the veto grounds it answers (1-based numbers of
    黑龙江 第十五条 / 广州 第十二条, 0 = none) and its citation text."""

    number: int
    category: str
    text: str
    hlj: int
    gz: int
    cite: str


_R = f"《{RULES_DOC}》第十二条第3项"
_HLJ = f"《{heilongjiang.DOC}》第十五条"
_GZ = f"《{guangzhou.DOC}》第十二条"

COMPLIANCE_ITEMS: tuple[ComplianceItem, ...] = (
    ComplianceItem(1, "环境", "依法取得排污许可证或完成排污登记，按证排污", 0, 0, _R),
    ComplianceItem(2, "环境", "建设项目依法开展环境影响评价并通过竣工环境保护验收", 0, 0, _R),
    ComplianceItem(3, "环境", "污染物达标排放，重点污染物排放总量符合总量控制要求", 0, 0, _R),
    ComplianceItem(4, "安全", "落实安全生产主体责任，开展安全生产标准化建设", 0, 0, _R),
    ComplianceItem(5, "质量", "建立并运行质量管理体系，产品质量符合标准要求", 0, 0, _R),
    ComplianceItem(6, "安全/质量/环境", "近三年未发生安全（含网络安全、数据安全）、质量、环境污染等事故以及偷漏税等违法违规行为", 2, 2,
                   f"{_HLJ}（二）、{_GZ}（二）"),
    ComplianceItem(7, "信用", "近三年未被列入经营异常名录或严重违法失信名单（或已信用修复、已移出），正常经营生产", 1, 1,
                   f"{_HLJ}（一）、{_GZ}（一）"),
    ComplianceItem(8, "信用", "近三年未被列为失信被执行人", 6, 6, f"{_HLJ}（六）、{_GZ}（六）"),
    ComplianceItem(9, "节能", "近三年未被列入工业节能监察整改名单，或已按要求完成整改；未拒不接受工业节能监察、节能诊断", 5, 5,
                   f"{_HLJ}（五）、{_GZ}（五）"),
    ComplianceItem(10, "信用", "近三年未被动态调整出绿色制造名单", 3, 3, f"{_HLJ}（三）、{_GZ}（三）"),
    ComplianceItem(11, "信用", "近三年未在国务院及有关部委相关督查工作中被发现存在严重问题", 4, 4, f"{_HLJ}（四）、{_GZ}（四）"),
)
"""greendiag's 合规性 checklist (see the module docstring)."""

BENCHMARK_SUGGESTIONS: tuple[tuple[str, str, str], ...] = (
    ("单位产品综合能耗", "kgce/t", "越小越好"),
    ("单位工业增加值能耗", "tce/万元", "越小越好"),
    ("单位产品取水量", "m³/t", "越小越好"),
    ("工业固体废物综合利用率", "%", "越大越好"),
    ("单位产品碳排放量", "tCO₂/t", "越小越好"),
    ("可再生能源使用比例", "%", "越大越好"),
)
"""Suggested 对标分析 indicators (name, unit, direction) pre-filled in the template; editable.
No advanced values are shipped: the provider enters them with their source."""


def benchmark_gap(value: float | None, advanced: float | None, direction: str | None) -> float | None:
    """Gap to an advanced value in percent (greendiag's method), ``None`` when not computable.

    越小越好: ``(value − advanced) / |advanced| × 100``; 越大越好: ``(advanced − value) / |advanced| × 100``.
    Positive = behind the advanced level, ≤ 0 = reaches or passes it.  ``None`` when a number is
    missing, the advanced value is 0 or the direction is not given.  The workbook's 对标分析 sheet
    computes the same with a native formula.
    """
    if value is None or advanced is None or not advanced or direction not in ("越小越好", "越大越好"):
        return None
    d = value - advanced if direction == "越小越好" else advanced - value
    return d / abs(advanced) * 100


def latest_value(row) -> float | None:
    """The most recent of a 对标分析 row's three yearly values (第3年, else 第2年, else 第1年)."""
    for v in (row.value_3, row.value_2, row.value_1):
        if v is not None:
            return v
    return None


class BenchmarkResult(BaseModel):
    """One 对标分析 row judged: latest value and gaps (percent, ``None`` = not computable)."""

    model_config = ConfigDict(frozen=True)

    indicator: str
    latest: float | None
    domestic_gap: float | None
    international_gap: float | None


class EnterpriseAssessment(BaseModel):
    """What the enterprise report shows beyond the common checks, each with its citation.

    ``region``: whose document applies (:func:`greendiag.rules.regions.case_region`: 北京 unless the
    address names 黑龙江 or 广州).  ``compliance_failed`` / ``compliance_blank``: numbers of items marked
    不符合 / not checked.  ``hlj_veto`` / ``gz_veto``: ``Check`` of 黑龙江 第十五条 / 广州 第十二条 (ok = no
    veto), only for a unit of that region (else ``None``).  From a 分级评价 score: Beijing ``tier``
    (第七条) only for a unit on the national green-factory list (``listed``), otherwise the Beijing
    ``pool`` line (第八条, 第五条); ``gz_star`` for a Guangzhou unit, ``hlj_review`` for a Heilongjiang
    unit.  ``notes``: facts for the bureau to weigh, each with what the text supports (Beijing: an
    accident or 失信 item is no pool refusal — 第六条 审核; for a listed unit it is a 第十条（六）
    revocation ground only if the accident is 重大 and the unit is blacklisted).
    """

    model_config = ConfigDict(frozen=True)

    compliance_failed: tuple[int, ...]
    compliance_blank: tuple[int, ...]
    benchmarks: tuple[BenchmarkResult, ...]
    region: str = regions.BEIJING
    listed: bool = False
    hlj_veto: Check | None = None
    gz_veto: Check | None = None
    tier: str | None = None
    tier_cite: Citation = units.TIER_CITE
    pool: Check | None = None
    gz_star: int | None = None
    gz_star_cite: Citation = guangzhou.STAR_CITE
    hlj_review: str | None = None
    hlj_review_cite: Citation = heilongjiang.REVIEW_CITE
    notes: tuple[str, ...] = ()

    @property
    def vetoes(self) -> tuple[Check, ...]:
        """The veto checks of the unit's region (none for Beijing: its 办法 has no veto list)."""
        return tuple(c for c in (self.hlj_veto, self.gz_veto) if c is not None)


def veto_flags(case: Case) -> tuple[list[bool], list[bool]]:
    """(黑龙江 第十五条 6 flags, 广州 第十二条 6 flags) from the 合规性 items marked 不符合."""
    hlj, gz = [False] * 6, [False] * 6
    by_no = {e.number: e for e in case.compliance}
    for item in COMPLIANCE_ITEMS:
        e = by_no.get(item.number)
        if e is not None and e.status == "不符合":
            if item.hlj:
                hlj[item.hlj - 1] = True
            if item.gz:
                gz[item.gz - 1] = True
    return hlj, gz


def _beijing_notes(failed: tuple[int, ...], listed: bool) -> tuple[str, ...]:
    """Accident / 失信 items (6, 7, 8) marked 不符合, with what the Beijing 办法 makes of them."""
    hit = [n for n in (6, 7, 8) if n in failed]
    if not hit:
        return ()
    items = "、".join(f"第{n}项" for n in hit)
    if listed:
        return (f"合规性核查{items}不符合（事故或失信情形）：发生重大安全、环境、质量等事故且被列入失信黑名单的，"
                f"属撤销绿色制造单位资格的情形（{BJ_REVOCATION_CITE}），须经核实",)
    return (f"合规性核查{items}不符合（事故或失信情形）：该办法未规定培育库的否决条件，"
            f"由市经济和信息化局入库审核时研判（{units.POOL_REVIEW_CITE}）",)


def assess_enterprise(case: Case) -> EnterpriseAssessment | None:
    """Judge the enterprise sheets of ``case`` (``None`` for a park) under its region's document.

    Region (:func:`greendiag.rules.regions.case_region`): 北京 unless the address names 黑龙江 or 广州.
    Vetoes: 黑龙江 第十五条 (:func:`greendiag.rules.heilongjiang.check_veto`) for a Heilongjiang unit, 广州
    第十二条 (:func:`greendiag.rules.guangzhou.check_veto`) for a Guangzhou unit; Beijing has none.  With a
    分级评价 score: Beijing tier (第七条) for a unit on the national green-factory list (已获评国家级绿色工厂),
    else the pool (第八条 score ≥ 60, 第五条 report of this or last year: the report year is the year of
    提交诊断评估报告日期, else the diagnosis year, the application year the diagnosis year); Guangzhou star
    (第三条) for a Guangzhou unit; Heilongjiang review (第十八条) for a Heilongjiang unit.
    """
    if case.kind is not CaseKind.ENTERPRISE:
        return None
    region = regions.case_region(case)
    hlj_flags, gz_flags = veto_flags(case)
    by_no = {e.number: e for e in case.compliance}
    failed = tuple(i.number for i in COMPLIANCE_ITEMS if by_no.get(i.number) and by_no[i.number].status == "不符合")
    blank = tuple(i.number for i in COMPLIANCE_ITEMS if not by_no.get(i.number) or by_no[i.number].status is None)
    bench = tuple(
        BenchmarkResult(
            indicator=r.indicator,
            latest=latest_value(r),
            domestic_gap=benchmark_gap(latest_value(r), r.domestic, r.direction),
            international_gap=benchmark_gap(latest_value(r), r.international, r.direction),
        )
        for r in case.benchmarks
    )
    g = case.grading
    extra: dict = {"region": region, "listed": g.national}
    if region == regions.HEILONGJIANG:
        extra["hlj_veto"] = heilongjiang.check_veto(hlj_flags)
        if g.score is not None:
            extra["hlj_review"] = heilongjiang.hlj_review(g.score)
    elif region == regions.GUANGZHOU:
        extra["gz_veto"] = guangzhou.check_veto(gz_flags)
        if g.score is not None or g.provincial or g.national:
            extra["gz_star"] = guangzhou.gz_star(g.score, provincial=g.provincial, national=g.national)
    else:
        extra["notes"] = _beijing_notes(failed, g.national)
        if g.score is not None:
            if g.national:
                extra["tier"] = units.factory_tier(g.score)
            else:
                report_year = case.process.report_date.year if case.process.report_date else case.diagnosis_year
                extra["pool"] = units.check_incubation_pool(g.score, report_year, case.diagnosis_year)
    return EnterpriseAssessment(compliance_failed=failed, compliance_blank=blank, benchmarks=bench, **extra)

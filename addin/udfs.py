"""Excel functions of greendiag (xlwings "UDF Modules" = ``greendiag.addin.udfs``).

Thin wrappers over :mod:`rules`: each turns what Excel passes into clean Python values, calls the
rule and returns a number, a date or a Chinese text.  What Excel passes:

* ranges as 2-D lists (``@arg(..., ndim=2)``), or 1-D lists / scalars when called from Python;
* numbers as ``float`` (also whole numbers), ``None`` for blank cells, ``bool`` for TRUE/FALSE;
* dates as ``datetime`` (date-formatted cells) or as Excel serial numbers (1900 date system);
* text with stray spaces, full-width digits (１２．５) or full-width spaces.

Every argument goes through one xlwings converter, :class:`~greendiag.addin.udf_args.ReaderText`
(registered by :func:`~greendiag.addin.udf_args.func` with ``convert=ReaderText``): text becomes what the workbook reader reads — full-width ASCII forms
as ASCII (:func:`greendiag.workbooks.text.narrow`), never Unicode NFKC, which turns ``10²`` into
``102`` and ``①`` into ``1``.  Numbers typed as text are parsed by the reader's own parser
(:func:`greendiag.workbooks.values.norm`/``number``/``choice``), so an indicator value the reader
refuses is refused here with the same words.

Every argument is registered with xlwings' ``err_to_str=True``, so an Excel error value (``#N/A``,
``#DIV/0!`` …, in a cell, a range or a formula) reaches Python as its text instead of ``None`` (a
blank).  A function whose argument is such an error, or whose input a rule cannot judge, *returns*
a text beginning with :data:`ERROR_PREFIX` (``错误：``) and naming the argument, and never raises:
xlwings' VBA wrapper shows a raised exception as ``Err.Description``, which its DLL copies through a
buffer sized for single-byte text, so on Chinese Windows the cell showed ``ValueError: 参`` instead
of the message; a returned text reaches the cell whole (see docs/excel.md).  The undecorated
function, which raises ``ValueError``, is ``f.__wrapped__``.  Each docstring (Chinese, ≤ 255 characters, naming the
source article) is the description Excel's function wizard shows; each ``@arg(doc=...)`` the help
of one argument.  On Linux ``xlwings.func``/``arg`` are no-ops: the functions are plain Python.

``CATALOGUE`` lists every function with its signature, summary and citations (``greendiag rules``).

Edition: every function computes in the rulebook edition in force *today*
(:func:`greendiag.rules.citations.current_edition`), not in the edition its workbook was stamped with.
A function does not see its workbook: xlwings' reserved ``caller`` argument would give the calling
range, but it adds an argument to every VBA wrapper of the add-in (whose stream has about 2 kB of room,
tests/test_addin_build.py) and needs a COM call per recalculation.  A case workbook's own formulas read
its 参数 sheet, and ``greendiag check``/``generate``/``batch`` read it under its stamp, so only a function
typed into an older workbook can differ where a value changed between editions; docs/excel.md says so
to users (the 引领值 can be passed from 参数 as ``leading_value``/``leading_values``).

This is the module xlwings imports ("UDF Modules"; the add-in's VBA wrappers are generated from its
attributes at build time, :mod:`greendiag.addin.functions_vba`).  The functions are written by area —
:mod:`~greendiag.addin.udfs_park` (园区诊断指南), :mod:`~greendiag.addin.udfs_rules` (诊断工作规则),
:mod:`~greendiag.addin.udfs_units` (绿色制造单位管理办法), :mod:`~greendiag.addin.udfs_regions` (黑龙江、广州),
their argument converters in :mod:`~greendiag.addin.udf_args` — and every one is an attribute of this
module (imported below), listed in :data:`CATALOGUE`.
"""

from __future__ import annotations

import inspect

from pydantic import BaseModel, ConfigDict

from greendiag import rules
from greendiag.addin.udf_args import ARG_DOCS, CATEGORY, ERROR_PREFIX, EXCEL_ERRORS, ReaderText, arg, func  # noqa: F401
from greendiag.addin.udfs_park import (  # noqa: F401  (Excel functions: attributes of this module)
    BASIC_CHECK,
    FOLLOW_UP_DUE,
    INDICATOR_SCORE,
    LEADING_VALUE,
    PARK_SCORE,
)
from greendiag.addin.udfs_regions import (  # noqa: F401  (Excel functions: attributes of this module)
    GZ_CULTIVATION,
    GZ_DEADLINE,
    GZ_PUBLICITY_END,
    GZ_REMOVAL,
    GZ_STAR,
    GZ_VALID_UNTIL,
    GZ_VETO,
    HLJ_CULTIVATION,
    HLJ_DEADLINE,
    HLJ_PROJECT_CAP,
    HLJ_PUBLICITY_END,
    HLJ_REMOVAL,
    HLJ_REVIEW,
    HLJ_THIRD_PARTY,
    HLJ_VETO,
)
from greendiag.addin.udfs_rules import (  # noqa: F401  (Excel functions: attributes of this module)
    ONSITE_CHECK,
    ONSITE_MIN_DAYS,
    ONSITE_WORKDAYS,
    PROVIDER_ANNUAL_REWARD,
    PROVIDER_ELIGIBILITY,
    PROVIDER_STATUS,
    REWARD_CAP,
    TEAM_CHECK,
)
from greendiag.addin.udfs_units import (  # noqa: F401  (Excel functions: attributes of this module)
    BJ_CHANGE_DUE,
    BJ_REAPPLY_FROM,
    BJ_REVOCATION,
    FACTORY_TIER,
    INCUBATION_POOL,
)
from greendiag.rules import diagnosis as _d
from greendiag.rules import guangzhou as _gz
from greendiag.rules import heilongjiang as _hlj
from greendiag.rules import units as _u
from greendiag.rules.mirrored import MIRRORED

# ── catalogue ─────────────────────────────────────────────────────────

class CatalogueEntry(BaseModel):
    """One Excel function: name, signature, short Chinese summary, citations, argument help."""

    model_config = ConfigDict(frozen=True)

    name: str
    signature: str
    summary: str
    citations: tuple[str, ...]
    group: str
    args: tuple[tuple[str, str], ...] = ()

    @property
    def cite(self) -> str:
        return "；".join(self.citations)


def _c(*cites) -> tuple[str, ...]:
    return tuple(str(c) for c in cites)


_R = rules.Citation
_RULES = "北京市制造业绿色诊断工作规则"
_GUIDE = "北京市工业园区绿色诊断工作指南"
_IND = rules.indicators.SCORE_CITE
_CAP = rules.indicators.MAX_SCORE_CITE
_METHOD = rules.indicators.METHOD_CITE  # greendiag's method, not the guide's

def _v(params, key: str):
    """A parameter's value as a summary writes it (today's edition)."""
    v = params[key].value
    return f"{v:g}" if isinstance(v, float) else v


def _days(params, keys) -> str:
    """``7-31、8-31`` from ``MM-DD`` parameters."""
    return "、".join("-".join(str(int(x)) for x in str(params[k].value).split("-")) for k in keys)


_P, _U, _H, _Z = _d.P, _u.U, _hlj.H, _gz.Z
_ENTRIES: list[tuple[str, str, str, tuple[str, ...]]] = [
    # (name, group, summary, citations)
    ("INDICATOR_SCORE", "北京·园区诊断", f"单项指标得分（0–{rules.indicators.table().cap:g}；逐项公式为 greendiag 方法）", _c(_IND, _CAP, _METHOD)),
    ("PARK_SCORE", "北京·园区诊断", f"园区诊断评分：{rules.indicator_count()}项得分的平均（空白、不适用不计；greendiag 方法）", _c(_IND, _CAP, _METHOD)),
    ("LEADING_VALUE", "北京·园区诊断", "指标默认引领值（greendiag 默认值）", _c(_IND, _METHOD)),
    ("BASIC_CHECK", "北京·园区诊断", "基础性要求：第1–6项须符合，第7–8项鼓励", _c(_d.BASIC_CITE)),
    ("FOLLOW_UP_DUE", "北京·园区诊断", "诊断完成一年后的跟踪反馈到期日", _c(_d.FOLLOW_UP_CITE)),
    ("REWARD_CAP", "北京·诊断规则", "奖励上限：" + MIRRORED["reward_cap_enterprise"].help(), _c(_d.REWARD_CITE)),
    ("PROVIDER_ANNUAL_REWARD", "北京·诊断规则", f"服务商年度奖励总额，最高{_d.P['provider_annual_reward_cap'].value:g}万元",
     _c(_d.ANNUAL_CAP_CITE)),
    ("ONSITE_WORKDAYS", "北京·诊断规则", "现场诊断法定工作日数（节假日、调休；可按节假日安排表）", _c(_d.ONSITE_CITE)),
    ("ONSITE_CHECK", "北京·诊断规则", f"现场诊断时间：园区≥{_v(_P, 'onsite_min_workdays_park')}、企业≥{_v(_P, 'onsite_min_workdays_enterprise')}个工作日", _c(_d.ONSITE_CITE, _d.G["onsite_min_workdays"].cite)),
    ("ONSITE_MIN_DAYS", "北京·诊断规则", "现场诊断最少工作日数", _c(_d.ONSITE_CITE, _d.G["onsite_min_workdays"].cite)),
    ("TEAM_CHECK", "北京·诊断规则", (f"工作组：≥{_v(_P, 'team_min_members')}人；高级职称≥{_v(_P, 'team_min_senior_related')}或主导项目"
                                 f"≥{_v(_P, 'team_min_project_leaders')}；含{_v(_P, 'team_unit_role_park')}/{_v(_P, 'team_unit_role_enterprise')}"), _c(_d.TEAM_CITE, _d.GUIDE_TEAM_CITE)),
    ("PROVIDER_STATUS", "北京·诊断规则", f"服务商资格：取消情形、{_v(_P, 'disqualify_ban_years')}年不得入围、{_v(_P, 'fraud_funding_ban_years')}年不得申请资金",
     _c(_d.P["disqualify_ban_years"].cite.model_copy(update={"article": "第二十二条"}), _d.P["fraud_funding_ban_years"].cite)),
    ("PROVIDER_ELIGIBILITY", "北京·诊断规则", "服务商申报基本要求（两种人员条件）", _c(_d.PROVIDER_ELIGIBILITY_CITE)),
    ("FACTORY_TIER", "北京·绿色制造单位", "绿色工厂分级：" + MIRRORED["factory_tier"].help(), _c(_u.TIER_CITE)),
    ("INCUBATION_POOL", "北京·绿色制造单位", f"培育库入库线{_u.U['incubation_pool_min_score'].value}分、诊断报告年度",
     _c(_u.POOL_CITE, _u.U["incubation_report_years"].cite)),
    ("BJ_REVOCATION", "北京·绿色制造单位", "撤销绿色制造单位资格的七种情形", _c(_u.REVOCATION_CITE)),
    ("BJ_CHANGE_DUE", "北京·绿色制造单位", f"更名/重大调整后{_v(_U, 'change_report_days')}日内申请（末日逢节假日顺延）", _c(_u.CHANGE_CITE, _d.DEADLINE_HOLIDAY_CITE)),
    ("BJ_REAPPLY_FROM", "北京·绿色制造单位", f"撤销后最早重新申报日期（复审不通过{_v(_U, 'reapply_ban_years')}年）", _c(_u.REAPPLY_CITE)),
    ("HLJ_REVIEW", "黑龙江", "省级评审：" + MIRRORED["hlj_review"].help(), _c(_hlj.REVIEW_CITE)),
    ("HLJ_CULTIVATION", "黑龙江", "培育对象条件（工厂、园区、供应链）", _c(*(_hlj._cite(a) for a in ("第六条", "第七条", "第八条")))),
    ("HLJ_VETO", "黑龙江", "近三年否决条件（六项）", _c(_hlj.VETO_CITE)),
    ("HLJ_DEADLINE", "黑龙江", f"年度截止日（{_days(_H, _hlj.DEADLINES.values())}）",
     _c(*(_hlj.H[k].cite for k in _hlj.DEADLINES.values()))),
    ("HLJ_PUBLICITY_END", "黑龙江", f"省级名单公示{_v(_H, 'publicity_days')}日的最后一天", _c(_hlj.H["publicity_days"].cite)),
    ("HLJ_THIRD_PARTY", "黑龙江", "第三方评价机构基本条件", _c(_hlj.THIRD_PARTY_CITE)),
    ("HLJ_PROJECT_CAP", "黑龙江", f"第三方机构年度国家级评价项目不超过{_v(_H, 'third_party_annual_project_cap')}项", _c(_hlj.PROJECT_CAP_CITE)),
    ("HLJ_REMOVAL", "黑龙江", "名单移出情形", _c(_hlj.REMOVAL_CITE)),
    ("GZ_STAR", "广州", "绿色工厂星级：" + MIRRORED["gz_star"].help(), _c(_gz.STAR_CITE, _gz._cite("第十一条"))),
    ("GZ_CULTIVATION", "广州", "培育条件（工厂、园区、供应链）", _c(_gz._cite("第七条"))),
    ("GZ_VETO", "广州", "近三年否决条件（六项）", _c(_gz.VETO_CITE)),
    ("GZ_DEADLINE", "广州", f"年度日程（{_days(_Z, _gz.DEADLINES.values())}）", _c(*(_gz.Z[k].cite for k in _gz.DEADLINES.values()))),
    ("GZ_PUBLICITY_END", "广州", f"市级名单公示{_v(_Z, 'publicity_days')}日的最后一天", _c(_gz.Z["publicity_days"].cite)),
    ("GZ_VALID_UNTIL", "广州", f"培育对象{_v(_Z, 'cultivation_valid_years')}年有效期的最后一天", _c(_gz.VALIDITY_CITE)),
    ("GZ_REMOVAL", "广州", "名单移出情形", _c(_gz.REMOVAL_CITE)),
]


def _signature(f) -> str:
    parts = []
    for p in inspect.signature(f).parameters.values():
        parts.append(p.name if p.default is inspect.Parameter.empty else f"[{p.name}]")
    return f"{f.__name__}({', '.join(parts)})"


CATALOGUE: dict[str, CatalogueEntry] = {
    name: CatalogueEntry(
        name=name,
        signature=_signature(globals()[name]),
        summary=summary,
        citations=cites,
        group=group,
        args=tuple((a, ARG_DOCS.get(name, {}).get(a, "")) for a in inspect.signature(globals()[name]).parameters),
    )
    for name, group, summary, cites in _ENTRIES
}
"""Every Excel function of this module: ``{name: CatalogueEntry}`` in display order."""

__all__ = ["ARG_DOCS", "CATALOGUE", "CatalogueEntry", *CATALOGUE]

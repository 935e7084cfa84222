"""Declarative sheet specs of the case workbook: one source for the builder and the reader.

Every :class:`greendiag.rules.models.Case` field has exactly one input cell (form sheets) or one table
column (tables).  A *form sheet* lists fields one per row: label in column A, the input in
column B, unit/requirement in C and the source (document + article) in D.  The reader finds a
field by its label in column A, never by its row number, so inserted or deleted rows never make
it misread; tables are found by their header labels in the same way.

Shapes:

* :data:`FORMS` — ``{sheet name: FormSheet}`` per kind (see :func:`forms_for`).
* :data:`TEAM` / :data:`RETROFITS` — :class:`TableSpec` of the 成员表 (附件2-1) and of 附件2-1-3.
* :data:`BASIC_SHEET`, :data:`INDICATOR_SHEET` — park only, fixed-row tables (附件2-1-1, 2-1-2).
* :data:`LISTS` — the allowed values of every list field, written to the hidden sheet 列表.

Units: amounts in 万元, percentages as percent numbers (75 = 75 %), dates as dates.
"""

from __future__ import annotations

from dataclasses import dataclass

from greendiag.rules import diagnosis as _d
from greendiag.rules import ledger as _L
from greendiag.rules.indicators import indicator_states
from greendiag.rules.models import (
    BENCHMARK_DIRECTIONS,
    COMPLIANCE_STATES,
    ENTERPRISE_NATURES,
    MEMBER_CATEGORIES,
    NOT_APPLICABLE,
    PARK_LEVELS,
    PLANNED_WORK_KINDS,
    QUALITATIVE_STATES,
    REVIEW_RESULTS,
    SATISFACTION_LEVELS,
    CaseKind,
)
from greendiag.rules.plausibility import OUTPUT_CONFIRM_LABEL

RULES_DOC = "北京市制造业绿色诊断工作规则"
GUIDE_DOC = "北京市工业园区绿色诊断工作指南"

# ── sheet names ────────────────────────────────────────────────────────────
README = "说明"
APPLICATION = "申请表"
PROVIDER = "服务商与工作组"
TEAM_SHEET = "工作组成员"
PROCESS = "诊断过程"
BASIC = "基础性要求"
INDICATORS = "评价指标"
RETROFIT = "改造建议"
SATISFACTION = "满意度"
REWARD = "奖励测算"
NARRATIVE = "报告正文"
PARAMS = "参数"
# enterprise diagnosis (《北京市制造业绿色诊断工作规则》第十二、十五条), declared in workbooks/enterprise.py
COMPLIANCE = "合规性"
FINDINGS = "诊断内容"
BENCHMARK = "对标分析"
GRADING = "分级评价"
PLANS = "拟实施重点工作"
PHOTOS = "现场照片"
LISTS_SHEET = "列表"
CALENDAR = "节假日安排"  # optional, editable (workbooks.calendar); after 参数
TITLE_LIST = "高级职称名单"  # column on 列表: rules/params senior_titles (第十一条第2项)
XLWINGS_CONF = "xlwings.conf"

YES, NO = "是", "否"

# ── field kinds ────────────────────────────────────────────────────────────
TEXT = "text"  # one line of free text
LONGTEXT = "longtext"  # paragraphs (wrapped, tall row)
AMOUNT = "amount"  # number ≥ 0 in 万元
INT = "int"  # whole number ≥ 0
YEAR = "year"  # 2000–2100
DATE = "date"
CHOICE = "choice"  # one of a list on the hidden sheet 列表
BOOL = "bool"  # 是 / 否
FIXED = "fixed"  # written by the builder, locked (case kind)
NUMBER = "number"  # any number in the field's unit (may be negative)

MIN_YEAR, MAX_YEAR = 2000, 2100

# ── magnitude limits (greendiag's own plausibility bounds, not the documents') ──
MAX_AMOUNT = 1e9
"""万元: 10 万亿元, far above any park's revenue; larger is a typing or unit error."""
MAX_COUNT = 10_000_000
"""people, projects."""
MAX_PERCENT = 10_000.0
"""an indicator in % (growth rates can pass 100; |x| above 10 000 % is an error)."""
MAX_INDICATOR = 1e12
"""an indicator in any other unit (absolute value)."""
LIMITS: dict[str, float] = {"amount": MAX_AMOUNT, "int": MAX_COUNT, "number": MAX_INDICATOR}
"""Default limit of each numeric field kind; :attr:`FieldSpec.limit` overrides it."""

# identifiers: read as text; a number that lost digits is refused
CREDIT_CODE = "credit_code"  # 统一社会信用代码: 18 characters (GB 32100-2015), never a number
PHONE = "phone"  # a number only as a whole number of ≤ 15 digits (Excel keeps 15 significant digits)

LISTS: dict[str, tuple[str, ...]] = {
    "是否": (YES, NO),
    "企业性质": ENTERPRISE_NATURES,
    "园区级别": PARK_LEVELS,
    "成员类别": MEMBER_CATEGORIES,
    "满意度": SATISFACTION_LEVELS,
    "评审结果": REVIEW_RESULTS,
    "定性指标": (*QUALITATIVE_STATES, NOT_APPLICABLE),
    "核查结果": COMPLIANCE_STATES,
    "指标方向": BENCHMARK_DIRECTIONS,
    "工作类别": PLANNED_WORK_KINDS,
}
"""Allowed values of each list (column order on the hidden sheet 列表)."""

ADDED_FIELDS = frozenset({
    "application.output_value_confirmed", "satisfaction.evaluation_date", "review.application_fraud", "review.funds_fraud", "review.finding_date",
    "review.decision_date", "review.approved_amount",
})
"""Optional fields added after templates were in use: a workbook without their row is read with a warning."""

RETIRED_LABELS: dict[str, str] = {
    "弄虚作假、恶意串通骗取财政资金": "旧版模板的“弄虚作假、恶意串通骗取财政资金”已分为两项，处理不同：“服务商在申报过程中弄虚作假”"
    "（《北京市制造业绿色诊断工作规则》第二十二条第2项）和“恶意串通、弄虚作假等骗取财政资金”（第二十一条）。"
    "请用 greendiag new 生成的新模板选择其一",
}
"""Labels of older templates whose meaning was split: a filled one is an error naming the new fields."""


def qualitative_choices(number: int) -> tuple[str, ...]:
    """The states qualitative indicator ``number`` offers in its list: its own set
    (:func:`greendiag.rules.indicator_states`) + 不适用, e.g. 具备/不具备/不适用 for No. 12."""
    return (*indicator_states(number), NOT_APPLICABLE)


SYNONYMS: dict[str, str] = {"其他": "其它", "其它": "其他"}
"""Spellings a person uses for one another; accepted with a warning where only one is allowed."""


@dataclass(frozen=True)
class FieldSpec:
    """One input: ``path`` inside the case (or the table row), label, kind, unit, rules."""

    path: str
    label: str
    kind: str = TEXT
    unit: str = ""
    required: bool = False  # blank is an error (the model cannot be built without it)
    expected: bool = False  # blank is a warning (needed for the documents)
    choices: str | None = None  # key of LISTS
    hint: str = ""
    cite: str = ""
    width: float = 0  # column width for table columns
    limit: float | None = None  # largest absolute value of a number (default: LIMITS by kind)
    identifier: str = ""  # CREDIT_CODE / PHONE: text that must keep every digit
    unit_column: str = ""  # a table's number whose unit is the row's value in that column (对标分析 单位)

    @property
    def max_value(self) -> float | None:
        """Largest absolute value the reader accepts (amounts 万元, counts), ``None``: no limit."""
        return self.limit if self.limit is not None else LIMITS.get(self.kind)

    @property
    def allowed(self) -> tuple[str, ...]:
        if self.kind == BOOL:
            return LISTS["是否"]
        return LISTS[self.choices] if self.choices else ()

    @property
    def requirement(self) -> str:
        bits = []
        if self.required:
            bits.append("必填")
        elif self.expected:
            bits.append("应填")
        else:
            bits.append("选填")
        if self.unit:
            bits.append(f"单位：{self.unit}")
        if self.allowed:
            bits.append("可选：" + "/".join(self.allowed))
        if self.hint:
            bits.append(self.hint)
        return "；".join(bits)


@dataclass(frozen=True)
class FormSheet:
    """A sheet of label/value rows (columns A–D), optionally followed by other blocks."""

    name: str
    heading: str
    serves: str
    fields: tuple[FieldSpec, ...]
    first_row: int = 3

    def row_of(self, path: str) -> int:
        """Row where the builder puts ``path`` (the reader locates it by its label instead)."""
        for i, f in enumerate(self.fields):
            if f.path == path:
                return self.first_row + i
        raise KeyError(path)

    def cell_of(self, path: str) -> str:
        return f"B{self.row_of(path)}"

    @property
    def last_row(self) -> int:
        return self.first_row + len(self.fields) - 1


@dataclass(frozen=True)
class TableSpec:
    """A table with a header row of labels and one record per row (``path`` = Case attribute)."""

    sheet: str
    path: str
    heading: str
    columns: tuple[FieldSpec, ...]  # input columns, after the 序号 column
    capacity: int  # rows prepared (validation, formats) by the builder
    key: str  # column (path) that makes a row a record; blank key with other data → error
    number_label: str = "序号"

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.number_label, *(c.label for c in self.columns))


def _cite(doc: str, article: str) -> str:
    return f"《{doc}》{article}"


_R = lambda article: _cite(RULES_DOC, article)  # noqa: E731
_G = lambda article: _cite(GUIDE_DOC, article)  # noqa: E731

KIND_FIELD = FieldSpec("kind", "被诊断单位类型", FIXED, required=True, hint="由模板确定，请勿修改", cite=_R("第十九条"))
YEAR_FIELD = FieldSpec(
    "diagnosis_year", "诊断实施年份", YEAR, required=True,
    hint="四位年份；评价指标的年份1–3为其前三年", cite=_G("附件2-1-2 注2"),
)
ENTERPRISE_YEAR_FIELD = FieldSpec(
    "diagnosis_year", "诊断实施年份", YEAR, required=True,
    hint="四位年份；诊断评估报告和奖励按年度归属", cite=_R("第二十条"),
)
"""The enterprise workbook's 诊断实施年份 (no 评价指标 sheet: its hint and source differ from the park's)."""

_ENTERPRISE_APP = (
    FieldSpec("application.name", "企业名称", required=True, cite=_R("附件1-1")),
    FieldSpec("application.address", "生产地址", expected=True, cite=_R("附件1-1")),
    FieldSpec("application.district", "所属区", expected=True, hint="如：海淀区", cite=_R("第七条")),
    FieldSpec("application.credit_code", "统一社会信用代码", hint="18位", cite=_R("第八条"), identifier=CREDIT_CODE),
    FieldSpec("application.nature", "企业性质", CHOICE, choices="企业性质", expected=True, cite=_R("附件1-1")),
    FieldSpec("application.nature_other", "企业性质（其它，请注明）", hint="企业性质选“其它”时填写", cite=_R("附件1-1")),
    FieldSpec("application.industry", "企业所属行业", expected=True, cite=_R("附件1-1")),
    FieldSpec("application.main_products", "主营产品", expected=True, cite=_R("附件1-1")),
    FieldSpec(
        "application.output_value", "企业上一年度产值", AMOUNT, unit="万元", expected=True,
        hint=f"{_d.output_line_text()}，决定奖励上限（{_d.enterprise_caps_text()}）", cite=_R("附件1-1、第十九条"),
    ),
    FieldSpec(
        "application.output_value_confirmed", OUTPUT_CONFIRM_LABEL, BOOL,
        hint="产值超过5000亿元时提示核对（本表自定的界限）：确为万元数选“是”，否则改正产值",
        cite=_R("第十九条"),
    ),
    FieldSpec("application.employees", "从业人员数", INT, unit="人", expected=True, cite=_R("附件1-1")),
    FieldSpec("application.project_lead", "项目负责人姓名及职务", expected=True, cite=_R("附件1-1")),
    FieldSpec("application.contact", "联系人姓名及职务", expected=True, cite=_R("附件1-1")),
    FieldSpec("application.contact_mobile", "联系人手机", expected=True, cite=_R("附件1-1"), identifier=PHONE),
    FieldSpec("application.contact_email", "联系人邮箱", cite=_R("附件1-1")),
    FieldSpec("application.intended_provider", "意向绿色诊断服务商名称", expected=True, cite=_R("附件1-1、第七条")),
)

_PARK_APP = (
    FieldSpec("application.name", "园区名称", required=True, cite=_R("附件1-1")),
    FieldSpec("application.management_body", "园区管理机构名称", expected=True, cite=_R("附件1-1")),
    FieldSpec("application.district", "所属区名称", expected=True, hint="如：大兴区", cite=_R("附件1-1")),
    FieldSpec("application.credit_code", "管理机构统一社会信用代码", hint="18位", cite=_R("第八条"), identifier=CREDIT_CODE),
    FieldSpec(
        "application.level", "园区级别", CHOICE, choices="园区级别", expected=True,
        hint="申请表列国家级/市级，报告基本信息表另有“其他”", cite=_R("附件1-1") + "、" + _G("附件2-1"),
    ),
    FieldSpec("application.total_revenue", "上一年度园区总收入", AMOUNT, unit="万元", expected=True, cite=_R("附件1-1")),
    FieldSpec("application.industrial_output", "上一年度园区工业产值", AMOUNT, unit="万元", expected=True, cite=_R("附件1-1")),
    FieldSpec("application.responsible_department", "项目责任部门", expected=True, cite=_R("附件1-1")),
    FieldSpec("application.project_lead", "项目负责人姓名及职务", expected=True, cite=_R("附件1-1")),
    FieldSpec("application.project_lead_phone", "项目负责人联系方式", expected=True, cite=_R("附件1-1"), identifier=PHONE),
    FieldSpec("application.contact", "联系人姓名及职务", expected=True, cite=_R("附件1-1")),
    FieldSpec("application.contact_mobile", "联系人手机", expected=True, cite=_R("附件1-1"), identifier=PHONE),
    FieldSpec("application.email", "电子邮件", cite=_G("附件2-1 基本信息表")),
    FieldSpec("application.fax", "传真", cite=_G("附件2-1 基本信息表"), identifier=PHONE),
    FieldSpec("application.intended_provider", "意向绿色诊断服务商名称", expected=True, cite=_R("附件1-1、第七条")),
)

_PROVIDER = (
    FieldSpec("provider.name", "服务商名称", required=True, cite=_G("附件2-1 基本信息表二")),
    FieldSpec("provider.address", "服务商地址", expected=True, cite=_G("附件2-1 基本信息表二")),
    FieldSpec("provider.legal_rep", "法定代表人", expected=True, cite=_G("附件2-1 基本信息表二")),
    FieldSpec("provider.legal_rep_phone", "法人代表电话", expected=True, cite=_G("附件2-1 基本信息表二"), identifier=PHONE),
    FieldSpec("provider.contact", "联系人", expected=True, cite=_G("附件2-1 基本信息表二")),
    FieldSpec("provider.contact_phone", "联系人电话", expected=True, cite=_G("附件2-1 基本信息表二"), identifier=PHONE),
    FieldSpec("provider.report_lead", "报告编制负责人", expected=True, cite=_G("附件2-1 基本信息表二")),
    FieldSpec("provider.report_lead_phone", "负责人电话", expected=True, cite=_G("附件2-1 基本信息表二"), identifier=PHONE),
    FieldSpec("provider.reviewer", "报告审核人", expected=True, cite=_G("附件2-1 基本信息表二")),
    FieldSpec("provider.reviewer_phone", "审核人电话", expected=True, cite=_G("附件2-1 基本信息表二"), identifier=PHONE),
)

_PROCESS = (
    FieldSpec("process.onsite_start", "现场诊断开始日期", DATE, expected=True, cite=_R("第十二条") + "、" + _G("附件2-3")),
    FieldSpec(
        "process.onsite_end", "现场诊断结束日期", DATE, expected=True,
        hint="不早于开始日期；园区不少于4个、企业不少于2个工作日（按“节假日安排”表的法定节假日及调休计算）",
        cite=_R("第十二条"),
    ),
    FieldSpec("process.report_date", "提交诊断评估报告日期", DATE, expected=True, cite=_G("附件2-3")),
    FieldSpec("process.meeting_date", "诊断工作报告会日期", DATE, expected=True, cite=_G("附件2-3")),
    FieldSpec(
        "process.third_party_evaluation", "同时免费提供第三方评价服务", BOOL,
        hint="绿色工业园区/绿色工厂第三方评价服务（确认单第二段）", cite=_R("第十五条第5项") + "、" + _G("附件2-3"),
    ),
)

_SATISFACTION = (
    FieldSpec("satisfaction.level", "对服务商提供的绿色诊断评估服务的评价", CHOICE, choices="满意度",
              hint="由被诊断单位在满意度评价表上填写，区经信部门收回后记录（第二十二条统计）；服务商不填", cite=_R("附件1-3") + "、" + _G("附件2-4")),
    FieldSpec(
        "satisfaction.evaluation_date", "项目负责人签字日期", DATE,
        hint=f"满意度评价日期；“不满意”按该日计入服务商一年内（任意{_L.WINDOW_MONTHS}个月）次数",
        cite=_R("附件1-3、第二十二条第3项"),
    ),
    FieldSpec("satisfaction.provider_feedback", "对诊断服务商开展绿色诊断评估工作的具体评价和建议", LONGTEXT, hint="可另附页", cite=_R("附件1-3")),
    FieldSpec("satisfaction.programme_feedback", "对绿色诊断评估工作的建议", LONGTEXT, hint="可另附页", cite=_R("附件1-3")),
    FieldSpec("satisfaction.retrofit_intent", "后续绿色化改造的意愿、困难和建议", LONGTEXT, hint="可另附页", cite=_R("附件1-3")),
    FieldSpec("satisfaction.district_opinion", "区级经信部门审核意见", LONGTEXT, cite=_R("第十七条、附件1-3")),
)

_REVIEW = (
    FieldSpec("review.result", "诊断评估报告评审结果", CHOICE, choices="评审结果", hint="未评审留空", cite=_R("第十八条、第十九条")),
    FieldSpec("review.materials_ok", "诊断评估证明材料符合要求", BOOL, hint="留空按“是”", cite=_R("第十九条")),
    FieldSpec("review.review_date", "评审日期", DATE, cite=_R("第十八条")),
    FieldSpec("review.fee_charged", "对绿色诊断服务内容收取费用", BOOL, hint="留空按“否”", cite=_R("第二十二条第1项")),
    FieldSpec(
        "review.application_fraud", "服务商在申报过程中弄虚作假", BOOL,
        hint=f"留空按“否”；取消资格，{_L.REQUALIFY_YEARS}年内不得重新入围（不限制资金支持）", cite=_R("第二十二条第2项"),
    ),
    FieldSpec(
        "review.funds_fraud", "恶意串通、弄虚作假等骗取财政资金", BOOL,
        hint=f"留空按“否”；取消资格，追回资金，记入信用记录，服务商和本园区/企业{_L.FUNDING_BAN_YEARS}年内不得申请"
        "市经济和信息化局资金支持",
        cite=_R("第二十一条"),
    ),
    FieldSpec("review.serious_impact", "对被诊断单位和社会造成严重不良影响", BOOL, hint="留空按“否”", cite=_R("第二十二条第5项")),
    FieldSpec(
        "review.finding_date", "违规行为认定日期", DATE,
        hint="收取费用、弄虚作假、骗取资金或严重不良影响的认定日期；空则按评审日期", cite=_R("第二十一条、第二十二条"),
    ),
    FieldSpec(
        "review.decision_date", "市经济和信息化局处理决定日期", DATE,
        hint="填写后取消资格和资金限制期自该日起算；空则自条件成立之日起算", cite=_R("第二十一条、第二十二条"),
    ),
    FieldSpec(
        "review.approved_amount", "核定奖励金额", AMOUNT, unit="万元",
        hint="市经济和信息化局分类分档核定，不超过下方奖励金额上限；空 = 尚未核定（台账暂按上限）", cite=_R("第十九条"),
    ),
)

_NARRATIVE_SECTIONS = (
    ("narrative.overview", "一、概述"), ("narrative.process_and_methods", "二、诊断评估过程和方法"),
    ("narrative.content", "三、诊断评估内容"), ("narrative.conclusion", "四、诊断评估结论"),
    ("narrative.suggestions", "五、建议"), ("narrative.references", "六、参考文件"),
)
"""The six sections of the report (附件2-1 报告格式一至六), for the park and, in the same order, the enterprise."""


def _narrative(hints_and_cites: tuple[tuple[str, str], ...]) -> tuple[FieldSpec, ...]:
    return tuple(FieldSpec(path, label, LONGTEXT, expected=True, hint=hint, cite=cite)
                 for (path, label), (hint, cite) in zip(_NARRATIVE_SECTIONS, hints_and_cites, strict=True))


_NARRATIVE = _narrative((
    ("目的、范围及准则；基本信息、功能区划、产业发展现状", _G("附件2-1 报告格式一")),
    ("组织安排、资料审核、现场诊断、报告编写及内部技术复核", _G("附件2-1 报告格式二")),
    ("基础性要求符合情况；各方面情况；已开展工作；存在问题", _G("附件2-1 报告格式三")),
    ("工作亮点、存在问题、整体评估和诊断评分；指标变化及原因", _G("附件2-1 报告格式四")),
    ("下一步工作建议和改造提升项目建议（见“改造建议”表）", _G("附件2-1 报告格式五")),
    ("与证明材料索引一栏对应", _G("附件2-1 报告格式六")),
))

_NARRATIVE_ENTERPRISE = _narrative((  # 附件2-1's six sections; what an enterprise diagnosis covers is 规则第十二、十三条
    ("目的、范围及准则；企业基本信息、主要产品、生产工艺、能源资源消耗", _R("第十二条")),
    ("组织安排、资料审核、现场诊断、报告编写及内部技术复核", _R("第十二条")),
    ("合规性；绿色管理、生产工艺和设备、资源能源、排放等方面情况；对标不足和问题；拟开展的重点工作", _R("第十二条第2、3项")),
    ("工作亮点、存在问题、整体评估", _R("第十三条")),
    ("下一步工作建议和改造提升项目建议（见“改造建议”表）", _R("第十三条")),
    ("报告编写所用的参考文件和证明材料", _R("第十六条")),
))


_GRADING = (
    FieldSpec("grading.score", "绿色工厂分级评价得分", NUMBER, unit="分", hint="选填：已开展绿色工厂评价的，填写所得分数",
              cite=_cite("北京市绿色制造单位管理暂行办法（征求意见稿）", "第七条、第八条")),
    FieldSpec("grading.source", "得分来源", hint="评价机构、评价报告名称及日期",
              cite=_cite("北京市绿色制造单位管理暂行办法（征求意见稿）", "第八条")),
    FieldSpec("grading.provincial", "已获评省级绿色工厂", BOOL, hint="留空按“否”；仅注册在广州市的企业用于定星",
              cite=_cite("广州市绿色工厂梯度培育及管理暂行办法（征求意见稿）", "第三条")),
    FieldSpec("grading.national", "已获评国家级绿色工厂", BOOL, hint="留空按“否”；已列入国家级绿色工厂名单的才分级，否则对照培育库分数线",
              cite=_cite("北京市绿色制造单位管理暂行办法（征求意见稿）", "第七条")),
)


def forms_for(kind: CaseKind) -> dict[str, FormSheet]:
    """The form sheets of a kind, in workbook order: ``{sheet name: FormSheet}``."""
    app = _PARK_APP if kind == CaseKind.PARK else _ENTERPRISE_APP
    unit = "工业园区" if kind == CaseKind.PARK else "企业"
    extra = {} if kind == CaseKind.PARK else {
        GRADING: FormSheet(GRADING, "分级评价（选填）", "绿色工厂分级评价得分：已列入国家级绿色工厂名单的企业分级（北京办法第七条），其他企业对照培育库分数线（第八条）", _GRADING),
    }
    return {**{
        APPLICATION: FormSheet(
            APPLICATION, f"绿色诊断申请表（{unit}）", f"附件1-1 绿色诊断申请表（{unit}）；报告封面及基本信息表一",
            (KIND_FIELD, YEAR_FIELD if kind == CaseKind.PARK else ENTERPRISE_YEAR_FIELD, *app),
        ),
        PROVIDER: FormSheet(PROVIDER, "服务商信息", "附件2-1 基本信息表二及绿色诊断工作组成员表", _PROVIDER),
        PROCESS: FormSheet(PROCESS, "诊断过程", "附件2-3 绿色诊断评估工作确认单；现场诊断工作日核对（第十二条）", _PROCESS),
        SATISFACTION: FormSheet(SATISFACTION, "绿色诊断服务工作满意度评价表", "附件1-3 / 附件2-4 满意度评价表", _SATISFACTION),
        REWARD: FormSheet(REWARD, "奖励测算", "市经济和信息化局评审与奖励（第十八至二十二条）", _REVIEW),
        NARRATIVE: FormSheet(NARRATIVE, "绿色诊断评估报告正文", "附件2-1 绿色诊断评估报告（格式）一至六", _NARRATIVE)
        if kind == CaseKind.PARK else FormSheet(NARRATIVE, "企业绿色诊断评估报告正文",
                                               "企业绿色诊断评估报告一至六（参照附件2-1格式；内容依规则第十二条）", _NARRATIVE_ENTERPRISE),
    }, **extra}


TEAM = TableSpec(
    sheet=TEAM_SHEET,  # a sheet of its own: frozen header, columns sized for the roster
    path="team",
    heading="绿色诊断工作组成员表",
    columns=(
        FieldSpec("name", "姓名", required=True, width=12, cite=_G("附件2-1 成员表")),
        FieldSpec("role", "绿色诊断工作分工", width=22),
        FieldSpec("title", "职称", width=22, hint="只填职称名称，如：高级工程师、正高级工程师、研究员、教授（高级职称按“列表”表的高级职称名单认定）"),
        FieldSpec("specialty", "从事专业", width=18, hint="如：能源、环境、生态、低碳、生命周期评价"),
        FieldSpec("category", "成员类别", CHOICE, choices="成员类别", required=True, width=20,
                  hint="被诊断园区的相关工作负责人选“园区相关工作负责人”，企业的高级管理人员选“企业高级管理人员”",
                  cite=_R("第十一条第2项")),
        FieldSpec("led_projects", "主导绿色制造相关项目数", INT, unit="个", width=14),
    ),
    capacity=40,
    key="name",
)

RETROFITS = TableSpec(
    sheet=RETROFIT,
    path="retrofits",
    heading="绿色化改造提升建议表",
    columns=(
        FieldSpec("content", "项目建设内容", required=True, width=34),
        FieldSpec("total_investment", "总投资（万元）", AMOUNT, unit="万元", width=14),
        FieldSpec("fixed_asset_investment", "其中固定资产投资（万元）", AMOUNT, unit="万元", width=16, hint="不大于总投资"),
        FieldSpec("expected_effect", "预期实施效果", width=30),
        FieldSpec("remark", "备注", width=24, hint="有实施意愿的请填写拟实施时间"),
    ),
    capacity=40,
    key="content",
)

# ── park tables (fixed rows) ──────────────────────────────────────────────
BASIC_HEADERS = ("序号", "基本要求", "是否符合", "证明材料索引")
BASIC_ROWS = 8

INDICATOR_FIXED_HEADERS = ("一级指标", "序号", "二级指标", "指标单位", "引领值")
INDICATOR_DATA_LABEL = "指标数据"
INDICATOR_NOTE_LABELS = ("证明材料索引", "评价情况说明", "评价情况说明")  # as in 附件2-1-2
INDICATOR_SCORE_LABEL = "得分"
INDICATOR_FIRST_ROW = 5  # rows 3–4 are the two header rows
INDICATOR_YEAR_COLS = (6, 9, 12)  # F, I, L: 指标数据; +1 note; +2 score
PARK_SCORE_LABEL = "园区诊断评分"


def year_columns(i: int) -> tuple[int, int, int]:
    """(data, note, score) column numbers of year ``i`` (0–2) on 评价指标."""
    c = INDICATOR_YEAR_COLS[i]
    return c, c + 1, c + 2


def sheets_for(kind: CaseKind) -> tuple[str, ...]:
    """Visible sheets of a kind's workbook, in order."""
    if kind == CaseKind.PARK:
        return (README, APPLICATION, PROVIDER, TEAM_SHEET, PROCESS, BASIC, INDICATORS, RETROFIT, PHOTOS, SATISFACTION,
                REWARD, NARRATIVE, PARAMS)
    return (README, APPLICATION, PROVIDER, TEAM_SHEET, PROCESS, COMPLIANCE, FINDINGS, BENCHMARK, GRADING, PLANS, RETROFIT,
            PHOTOS, SATISFACTION, REWARD, NARRATIVE, PARAMS)


def all_fields(kind: CaseKind) -> list[tuple[str, FieldSpec]]:
    """Every form field of a kind as ``(sheet, spec)``."""
    return [(name, f) for name, form in forms_for(kind).items() for f in form.fields]


def _check_unique_labels() -> None:
    for kind in CaseKind:
        for form in forms_for(kind).values():
            labels = [f.label for f in form.fields]
            assert len(labels) == len(set(labels)), form.name


_check_unique_labels()

"""The validated case: what the workbook reader produces, what rules judge and forms print.

Data flows one way: workbook → reader → these models → rules → forms.  Amounts are in
万元 (10,000 yuan), dates are ``datetime.date``, percentages are percent numbers (75 means
75 %).  Free text is kept as typed (stripped); it is escaped when rendered, never here.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from greendiag.rules.holidays import HolidayCalendar


class CaseKind(StrEnum):
    """被诊断单位类型 (《北京市制造业绿色诊断工作规则》第十九条 distinguishes 园区 and 企业)."""

    PARK = "园区"
    ENTERPRISE = "企业"


ENTERPRISE_NATURES = ("国营", "集体", "民营", "独资", "合资", "港澳台资", "其它")
"""企业性质 as printed on 附件1-1 绿色诊断申请表（企业）."""

PARK_LEVELS = ("国家级", "市级", "其他")
"""园区级别: 附件1-1 offers 国家级/市级; the report's 基本信息表 (附件2-1) adds 其他."""

MEMBER_CATEGORIES = ("专家成员", "园区相关工作负责人", "园区工作人员", "企业高级管理人员", "企业人员")
"""成员类别 of the 绿色诊断工作组成员表: 专家成员 and 园区工作人员 as in 附件2-1; the unit's member the
rules require is marked by role (《规则》第十一条第2项: 园区相关工作负责人 / 企业高级管理人员)."""

SATISFACTION_LEVELS = ("非常满意", "满意", "一般", "不满意")
"""附件1-3 / 2-4 绿色诊断服务工作满意度评价表."""

REVIEW_RESULTS = ("合格", "不合格")
"""诊断评估报告评审结果 (《北京市制造业绿色诊断工作规则》第十九条、第二十二条)."""

QUALITATIVE_STATE_SETS: tuple[tuple[str, ...], ...] = (("具备", "不具备"), ("完善", "较完善", "不完善"), ("是", "否"))
"""The states of 附件2-1-2's qualitative indicators, one set per kind of question (leading state
first): No. 12 具备/不具备, Nos. 29 and 31 完善/较完善/不完善, No. 30 是/否.  Each indicator takes only
its own set (:func:`greendiag.rules.indicators.indicator_states`)."""

QUALITATIVE_STATES = tuple(s for states in QUALITATIVE_STATE_SETS for s in states)
"""Every state of the qualitative indicators Nos. 12, 29, 30, 31 of 附件2-1-2 (all sets together)."""

NOT_APPLICABLE = "不适用"

COMPLIANCE_STATES = ("符合", "不符合", "不适用")
"""核查结果 of one 合规性 item (enterprise, 《北京市制造业绿色诊断工作规则》第十二条第3项)."""

DIAGNOSIS_AREAS = ("绿色管理", "产品生态设计", "生产工艺和设备", "资源能源投入", "环境排放", "碳排放")
"""The six areas an enterprise diagnosis examines (《北京市制造业绿色诊断工作规则》第十二条第3项), in order."""

BENCHMARK_DIRECTIONS = ("越小越好", "越大越好")
"""指标方向 of a 对标分析 row: which side of the advanced value is better."""

PLANNED_WORK_KINDS = ("重点工作", "重点项目")
"""拟开展的重点工作 / 拟实施的重点项目 (《北京市制造业绿色诊断工作规则》第十二条第2项)."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class EnterpriseApplication(_Model):
    """附件1-1 绿色诊断申请表（企业）, plus 所属区 and 统一社会信用代码 for the batch list."""

    name: str = Field(description="企业名称")
    address: str = Field("", description="生产地址")
    district: str = Field("", description="所属区")
    credit_code: str = Field("", description="统一社会信用代码（选填）")
    nature: Literal["国营", "集体", "民营", "独资", "合资", "港澳台资", "其它"] | None = Field(
        None, description="企业性质"
    )
    nature_other: str = Field("", description="企业性质为“其它”时注明")
    industry: str = Field("", description="企业所属行业")
    main_products: str = Field("", description="主营产品")
    output_value: float | None = Field(None, ge=0, description="企业上一年度产值（万元）")
    output_value_confirmed: bool = Field(
        False, description="产值已核对：超出合理范围（rules.plausibility）的产值确为万元数，可据以测算奖励上限")
    employees: int | None = Field(None, ge=0, description="从业人员数")
    project_lead: str = Field("", description="项目负责人姓名及职务")
    contact: str = Field("", description="联系人姓名及职务")
    contact_mobile: str = Field("", description="联系人手机")
    contact_email: str = Field("", description="联系人邮箱")
    intended_provider: str = Field("", description="意向绿色诊断服务商名称")


class ParkApplication(_Model):
    """附件1-1 绿色诊断申请表（工业园区）, plus report 基本信息表 fields (附件2-1)."""

    name: str = Field(description="园区名称")
    management_body: str = Field("", description="园区管理机构名称")
    district: str = Field("", description="所属区名称")
    credit_code: str = Field("", description="管理机构统一社会信用代码（选填）")
    level: Literal["国家级", "市级", "其他"] | None = Field(None, description="园区级别")
    total_revenue: float | None = Field(None, ge=0, description="上一年度园区总收入（万元）")
    industrial_output: float | None = Field(None, ge=0, description="上一年度园区工业产值（万元）")
    responsible_department: str = Field("", description="项目责任部门")
    project_lead: str = Field("", description="项目负责人姓名及职务")
    project_lead_phone: str = Field("", description="项目负责人联系方式")
    contact: str = Field("", description="联系人姓名及职务")
    contact_mobile: str = Field("", description="联系人手机")
    email: str = Field("", description="电子邮件")
    fax: str = Field("", description="传真")
    intended_provider: str = Field("", description="意向绿色诊断服务商名称")


class Provider(_Model):
    """服务商信息 (附件2-1 基本信息表 二)."""

    name: str = Field(description="服务商名称")
    address: str = Field("", description="服务商地址")
    legal_rep: str = Field("", description="法定代表人")
    legal_rep_phone: str = Field("", description="法人代表电话")
    contact: str = Field("", description="联系人")
    contact_phone: str = Field("", description="联系人电话")
    report_lead: str = Field("", description="报告编制负责人")
    report_lead_phone: str = Field("", description="负责人电话")
    reviewer: str = Field("", description="报告审核人")
    reviewer_phone: str = Field("", description="审核人电话")


class TeamMember(_Model):
    """One row of the 绿色诊断工作组成员表 (附件2-1; 《规则》第十一条2)."""

    name: str = Field(description="姓名")
    role: str = Field("", description="绿色诊断工作分工")
    title: str = Field("", description="职称")
    specialty: str = Field("", description="从事专业")
    category: Literal["专家成员", "园区相关工作负责人", "园区工作人员", "企业高级管理人员", "企业人员"] = Field(
        description="成员类别")
    led_projects: int | None = Field(None, ge=0, description="主导绿色制造相关项目数")


class DiagnosisProcess(_Model):
    """诊断过程: on-site dates and report dates (附件2-3 确认单; 《规则》第十二条)."""

    onsite_start: date | None = Field(None, description="现场诊断开始日期")
    onsite_end: date | None = Field(None, description="现场诊断结束日期")
    report_date: date | None = Field(None, description="提交诊断评估报告日期")
    meeting_date: date | None = Field(None, description="诊断工作报告会日期")
    third_party_evaluation: bool = Field(
        False, description="同时免费提供绿色工业园区/绿色工厂第三方评价服务（《规则》第十五条5）"
    )


class BasicRequirementEntry(_Model):
    """One row of 附件2-1-1 工业园区绿色诊断基础性要求诊断表 (number 1–8)."""

    number: int = Field(ge=1, le=8)
    complies: bool | None = Field(None, description="是否符合")
    evidence: str = Field("", description="证明材料索引")


class IndicatorEntry(_Model):
    """One indicator of one year in 附件2-1-2.

    ``value`` is a number in the indicator's unit, a qualitative state (具备/完善/是 …) for
    Nos. 12, 29, 30, 31, or ``None`` when blank; ``not_applicable`` marks 不适用.
    """

    number: int = Field(ge=1)
    value: float | str | None = None
    not_applicable: bool = False
    note: str = Field("", description="证明材料索引 / 评价情况说明")

    @field_validator("number")
    @classmethod
    def _indicator_number(cls, n: int) -> int:
        from greendiag.rules.indicators import indicator_count  # indicators imports this module

        last = indicator_count()
        if n > last:
            raise ValueError(f"指标序号应为 1–{last}（附件2-1-2）")
        return n


class IndicatorYear(_Model):
    """One of the three yearly tables of 附件2-1-2 (年份1–3 = the three years before the diagnosis)."""

    year: int
    entries: tuple[IndicatorEntry, ...] = Field(description="one entry per indicator of 附件2-1-2, by number, in order")


class RetrofitProject(_Model):
    """One row of 附件2-1-3 绿色化改造提升建议表."""

    content: str = Field(description="项目建设内容")
    total_investment: float | None = Field(None, ge=0, description="总投资（万元）")
    fixed_asset_investment: float | None = Field(None, ge=0, description="其中固定资产投资（万元）")
    expected_effect: str = Field("", description="预期实施效果")
    remark: str = Field("", description="备注（拟实施时间等）")


class Satisfaction(_Model):
    """附件1-3 / 2-4 绿色诊断服务工作满意度评价表."""

    level: Literal["非常满意", "满意", "一般", "不满意"] | None = None
    evaluation_date: date | None = Field(None, description="项目负责人签字日期（满意度评价表，附件1-3；“不满意”的日期）")
    provider_feedback: str = Field("", description="对诊断服务商开展绿色诊断评估工作的具体评价和建议")
    programme_feedback: str = Field("", description="对绿色诊断评估工作的建议")
    retrofit_intent: str = Field("", description="后续绿色化改造的意愿、困难和建议")
    district_opinion: str = Field("", description="区级经信部门审核意见")


class Review(_Model):
    """奖励测算 inputs: the city's review and the provider events of 《规则》第二十一、二十二条."""

    result: Literal["合格", "不合格"] | None = Field(None, description="诊断评估报告评审结果（未评审为空）")
    materials_ok: bool = Field(True, description="诊断评估证明材料符合要求")
    review_date: date | None = Field(None, description="评审日期")
    fee_charged: bool = Field(False, description="对绿色诊断服务内容收取费用（第二十二条第1项）")
    application_fraud: bool = Field(False, description="服务商在申报过程中弄虚作假（第二十二条第2项：取消资格，3年内不得重新入围）")
    funds_fraud: bool = Field(
        False,
        description="服务商与园区或企业恶意串通、弄虚作假等骗取财政资金（第二十一条：取消资格，追回资金，记入信用记录，"
        "服务商和园区、企业5年内不得申请市经济和信息化局资金支持）",
    )
    serious_impact: bool = Field(False, description="对被诊断单位和社会造成严重不良影响（第二十二条第5项）")
    finding_date: date | None = Field(None, description="违规行为认定日期（收取费用、弄虚作假、骗取资金、严重不良影响）")
    decision_date: date | None = Field(None, description="市经济和信息化局处理决定日期（填写后限制期自该日起算）")
    approved_amount: float | None = Field(
        None, ge=0, description="核定奖励金额（万元，市经济和信息化局决定，不超过第十九条上限；空 = 尚未核定）"
    )


class Narrative(_Model):
    """Report text, sections 一–六 of the 绿色诊断评估报告（格式）(附件2-1). Blank = to be written."""

    overview: str = Field("", description="一、概述")
    process_and_methods: str = Field("", description="二、诊断评估过程和方法")
    content: str = Field("", description="三、诊断评估内容")
    conclusion: str = Field("", description="四、诊断评估结论")
    suggestions: str = Field("", description="五、建议")
    references: str = Field("", description="六、参考文件")


class ComplianceEntry(_Model):
    """One row of the enterprise sheet 合规性: item ``number`` of ``rules.enterprise.COMPLIANCE_ITEMS``.

    ``status`` 符合 / 不符合 / 不适用, ``None`` = not yet checked (《北京市制造业绿色诊断工作规则》第十二条第3项).
    """

    number: int = Field(ge=1)
    status: Literal["符合", "不符合", "不适用"] | None = Field(None, description="核查结果")
    evidence: str = Field("", description="证明材料索引")
    note: str = Field("", description="说明")


class AreaFinding(_Model):
    """One area of the enterprise sheet 诊断内容 (《规则》第十二条第3项): 现状, 存在问题, 改进方向."""

    area: Literal["绿色管理", "产品生态设计", "生产工艺和设备", "资源能源投入", "环境排放", "碳排放"]
    current: str = Field("", description="现状")
    problems: str = Field("", description="存在问题")
    improvements: str = Field("", description="改进方向")


class BenchmarkRow(_Model):
    """One row of 对标分析: the enterprise's values of three years against advanced values.

    The advanced values and their sources are entered by the provider (greendiag ships none).
    ``values`` are the years 第1–3年 (the three years before the diagnosis), ``None`` = blank.
    """

    indicator: str = Field(description="指标名称")
    unit: str = Field("", description="单位")
    direction: Literal["越小越好", "越大越好"] | None = Field(None, description="指标方向")
    value_1: float | None = Field(None, description="第1年数值")
    value_2: float | None = Field(None, description="第2年数值")
    value_3: float | None = Field(None, description="第3年数值")
    domestic: float | None = Field(None, description="国内先进值")
    domestic_source: str = Field("", description="国内先进值来源")
    international: float | None = Field(None, description="国际先进值")
    international_source: str = Field("", description="国际先进值来源")


class Grading(_Model):
    """分级评价 (optional): the green-factory evaluation score and where it comes from."""

    score: float | None = Field(None, ge=0, le=100, description="绿色工厂分级评价得分（分，百分制）")
    source: str = Field("", description="得分来源（评价机构、报告名称及日期）")
    provincial: bool = Field(False, description="已获评省级绿色工厂")
    national: bool = Field(False, description="已获评国家级绿色工厂")


class PlannedWork(_Model):
    """One row of 拟实施重点工作 (《规则》第十二条第2项)."""

    content: str = Field(description="重点工作或项目")
    category: Literal["重点工作", "重点项目"] | None = Field(None, description="类别")
    schedule: str = Field("", description="计划实施时间")
    investment: float | None = Field(None, ge=0, description="计划投资（万元）")
    expected_effect: str = Field("", description="预期成效")


class Photo(_Model):
    """One on-site photo (《规则》第十五条第3项): file name relative to the workbook's folder, caption."""

    file: str = Field("", description="照片文件名（相对于工作簿所在文件夹）；图片插入在工作簿中时可空")
    caption: str = Field("", description="照片说明")
    taken: date | None = Field(None, description="拍摄日期")
    image: bytes | None = Field(None, description="插入在“现场照片”表该行的图片（随工作簿携带），优先于文件名", repr=False)


class Case(_Model):
    """One diagnosis case: one park or one enterprise, as held in one case workbook."""

    kind: CaseKind
    diagnosis_year: int = Field(description="诊断实施年份")
    application: ParkApplication | EnterpriseApplication
    provider: Provider
    team: tuple[TeamMember, ...] = ()
    process: DiagnosisProcess = DiagnosisProcess()
    basic_requirements: tuple[BasicRequirementEntry, ...] = Field(
        (), description="park only: 8 rows of 附件2-1-1"
    )
    indicator_years: tuple[IndicatorYear, ...] = Field(
        (), description="park only: 3 tables of 附件2-1-2, oldest first"
    )
    retrofits: tuple[RetrofitProject, ...] = ()
    satisfaction: Satisfaction = Satisfaction()
    review: Review = Review()
    narrative: Narrative = Narrative()
    compliance: tuple[ComplianceEntry, ...] = Field((), description="enterprise only: 合规性")
    findings: tuple[AreaFinding, ...] = Field((), description="enterprise only: 诊断内容, six areas")
    benchmarks: tuple[BenchmarkRow, ...] = Field((), description="enterprise only: 对标分析")
    grading: Grading = Grading()
    planned_work: tuple[PlannedWork, ...] = Field((), description="enterprise only: 拟实施重点工作")
    photos: tuple[Photo, ...] = Field((), description="现场照片 (park and enterprise)")
    calendar: HolidayCalendar | None = Field(
        None,
        description="节假日安排：工作簿（或批次日历文件）中补录或不同于日历库 chinesecalendar 的年份；None = 只用日历库",
    )
    edition: date | None = Field(
        None,
        description="规则版本：案例工作簿盖章的规则版本日期（rules/params 取值的开始日期）；None = 按当前版本",
    )

    @property
    def unit_name(self) -> str:
        """被诊断工业园区/企业名称."""
        return self.application.name

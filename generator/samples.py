"""Sample cases: realistic, clearly fictional (虚构) cases for the demo, tests and docs.

* :func:`sample_park` — an industrial park diagnosed in 2026: three yearly tables of
  附件2-1-2 (2023, 2024, 2025) with plausible values, some 不适用 and the qualitative
  indicators Nos. 12, 29–31; a working group of six (4 专家成员, ≥2 高级工程师 in energy /
  environment, 1 园区相关工作负责人 and 1 园区工作人员, 《北京市制造业绿色诊断工作规则》第十一条2); on-site diagnosis
  2026-09-28 (Mon) – 2026-10-09 (Fri) spanning 国庆节, i.e. 5 working days by the statutory
  calendar (≥ 4 required, 《北京市工业园区绿色诊断工作指南》四（三）1); 8 basic requirements
  (附件2-1-1); three retrofit projects (附件2-1-3); satisfaction 满意 (附件2-4);
  review 合格.  Narrative text is given for sections 一、二、五 only, so the report shows both
  filled sections and marked blanks.
* :func:`sample_enterprise_large` — 上一年度产值 156000 万元 (≥ 10 亿元 = 100000 万元,
  《北京市制造业绿色诊断工作规则》第十九条).
* :func:`sample_enterprise_small` — 上一年度产值 32000 万元 (< 10 亿元).

Every name is marked （虚构）; phone numbers use the reserved-looking 010-0000xxxx /
139 0000 xxxx patterns and e-mail addresses the ``example.com`` domain.
"""

from __future__ import annotations

from datetime import date

from greendiag.rules.indicators import indicator_count
from greendiag.rules.models import (
    BasicRequirementEntry,
    Case,
    CaseKind,
    DiagnosisProcess,
    EnterpriseApplication,
    IndicatorEntry,
    IndicatorYear,
    Narrative,
    ParkApplication,
    Provider,
    RetrofitProject,
    Review,
    Satisfaction,
    TeamMember,
)

PROVIDER_NAME = "示例绿色科技服务有限公司（虚构）"
PARK_NAME = "北京示例经济技术开发区（虚构）"


def sample_provider() -> Provider:
    """The fictional service provider (服务商) used by all samples (附件2-1 基本信息表 二)."""
    return Provider(
        name=PROVIDER_NAME,
        address="北京市示例区绿源路88号示例大厦6层（虚构）",
        legal_rep="林示范",
        legal_rep_phone="010-00001001",
        contact="周联络",
        contact_phone="139-0000-1002",
        report_lead="陈报告",
        report_lead_phone="139-0000-1003",
        reviewer="王审核",
        reviewer_phone="139-0000-1004",
    )


# (value_2023, value_2024, value_2025, note) per indicator number; "NA" = 不适用.
_PARK_VALUES: dict[int, tuple[object, object, object, str]] = {
    1: (2.1, 2.4, 2.7, "园区能源统计报表（2023–2025）"),
    2: (6.5, 8.2, 10.4, "光伏发电量统计、绿电交易凭证"),
    3: (68.0, 71.5, 74.2, "园区能源消费结构表"),
    4: (1180.0, 1265.0, 1340.0, "园区用水统计、统计年鉴"),
    5: (11.2, 12.1, 13.0, "园区土地利用台账"),
    6: (91.0, 92.5, 93.8, "固体废物管理台账"),
    7: (85.0, 86.3, 88.1, "重点企业水平衡测试报告"),
    8: (18.0, 21.0, 24.5, "再生水厂运行记录"),
    9: ("NA", "NA", "NA", "园区无集中余热资源，本指标不适用"),
    10: ("NA", "NA", "NA", "园区无可回收废气资源，本指标不适用"),
    11: (72.0, 74.5, 77.0, "再生资源回收企业统计"),
    12: ("具备", "具备", "具备", "园区污水处理厂排污许可证"),
    13: (20.0, 26.0, 31.0, "新建工业建筑绿色建筑标识清单"),
    14: (55.0, 58.0, 62.0, "新建公共建筑绿色建筑标识清单"),
    15: (86.0, 88.0, 90.0, "公交线网图及站点覆盖分析"),
    16: (22.0, 27.0, 33.0, "公交运营单位车辆清单"),
    17: (41.0, 43.5, 45.2, "高新技术企业名录及产值统计"),
    18: (24.0, 26.5, 28.0, "绿色产业统计报表"),
    19: (12.5, 13.6, 14.8, "园区统计公报"),
    20: (26.0, 27.5, 29.0, "园区统计公报"),
    21: (98.0, 99.0, 100.0, "危险废物转移联单汇总"),
    22: (2.1, 2.8, 3.2, "园区碳排放核算报告"),
    23: (5.8, 5.4, 5.0, "园区废水排放统计"),
    24: (0.42, 0.36, 0.31, "生态环境统计数据"),
    25: (72.0, 76.0, 79.0, "区生态环境局空气质量通报"),
    26: (27.0, 28.5, 30.0, "园林绿化部门测绘报告"),
    27: (70.0, 74.0, 78.0, "道路绿化调查报告"),
    28: (60.0, 66.0, 72.0, "停车场遮荫设施台账"),
    29: ("较完善", "较完善", "完善", "园区绿色标准体系文件汇编"),
    30: ("否", "是", "是", "《园区绿色低碳发展规划（2024—2030年）》（虚构）"),
    31: ("不完善", "较完善", "较完善", "园区能源与环境信息平台截图"),
}

_PARK_YEARS = (2023, 2024, 2025)


def _park_indicator_years() -> tuple[IndicatorYear, ...]:
    years = []
    for i, year in enumerate(_PARK_YEARS):
        entries = []
        for number in range(1, indicator_count() + 1):
            values = _PARK_VALUES[number]
            value, note = values[i], values[3]
            if value == "NA":
                entries.append(IndicatorEntry(number=number, value=None, not_applicable=True, note=note))
            else:
                entries.append(IndicatorEntry(number=number, value=value, note=note))
        years.append(IndicatorYear(year=year, entries=tuple(entries)))
    return tuple(years)


def sample_park() -> Case:
    """A fictional park case (diagnosis year 2026) filled as a provider would; see module doc."""
    return Case(
        kind=CaseKind.PARK,
        diagnosis_year=2026,
        application=ParkApplication(
            name=PARK_NAME,
            management_body="北京示例经济技术开发区管理委员会（虚构）",
            district="示例区",
            credit_code="11110000MB0000000U",
            level="市级",
            total_revenue=3860000.0,
            industrial_output=2150000.0,
            responsible_department="绿色发展与安全生产处（虚构）",
            project_lead="赵园区 处长",
            project_lead_phone="010-00002001",
            contact="钱联络 主任科员",
            contact_mobile="139-0000-2002",
            email="green@park.example.com",
            fax="010-00002003",
            intended_provider=PROVIDER_NAME,
        ),
        provider=sample_provider(),
        team=(
            TeamMember(
                name="陈报告", role="组长，统筹诊断与报告编制", title="高级工程师",
                specialty="能源管理与节能", category="专家成员", led_projects=6,
            ),
            TeamMember(
                name="刘环评", role="生态环境与污染物排放诊断", title="高级工程师",
                specialty="环境工程", category="专家成员", led_projects=4,
            ),
            TeamMember(
                name="孙碳核", role="碳排放核算与低碳路径分析", title="工程师",
                specialty="低碳技术与碳核算", category="专家成员", led_projects=2,
            ),
            TeamMember(
                name="吴循环", role="资源综合利用与基础设施诊断", title="工程师",
                specialty="资源循环利用", category="专家成员", led_projects=1,
            ),
            TeamMember(
                name="赵园区", role="园区对接与资料协调", title="经济师",
                specialty="园区规划管理", category="园区相关工作负责人",
            ),
            TeamMember(
                name="钱联络", role="数据收集与现场配合", title="助理工程师",
                specialty="安全与环境管理", category="园区工作人员",
            ),
        ),
        process=DiagnosisProcess(
            onsite_start=date(2026, 9, 28),
            onsite_end=date(2026, 10, 9),
            report_date=date(2026, 10, 30),
            meeting_date=date(2026, 11, 6),
            third_party_evaluation=True,
        ),
        basic_requirements=(
            BasicRequirementEntry(number=1, complies=True, evidence="园区绿色低碳政策文件汇编"),
            BasicRequirementEntry(number=2, complies=True, evidence="区生态环境局无重大事故证明；节能目标考核结果"),
            BasicRequirementEntry(number=3, complies=True, evidence="环境质量监测报告；排污许可执行报告"),
            BasicRequirementEntry(number=4, complies=True, evidence="重点企业清洁生产审核验收清单"),
            BasicRequirementEntry(number=5, complies=True, evidence="落后产能排查报告"),
            BasicRequirementEntry(number=6, complies=True, evidence="管委会机构设置文件及人员名单"),
            BasicRequirementEntry(number=7, complies=False, evidence="能源管理体系认证正在办理"),
            BasicRequirementEntry(number=8, complies=True, evidence="分布式光伏项目备案文件"),
        ),
        indicator_years=_park_indicator_years(),
        retrofits=(
            RetrofitProject(
                content="园区标准厂房屋顶分布式光伏扩容（新增装机8 MW）",
                total_investment=3200.0,
                fixed_asset_investment=2900.0,
                expected_effect="年发电约900万kWh，减排二氧化碳约5100吨，可再生能源使用比例提高约3个百分点",
                remark="拟于2027年二季度实施",
            ),
            RetrofitProject(
                content="再生水管网延伸及重点企业冷却水循环改造",
                total_investment=1850.0,
                fixed_asset_investment=1600.0,
                expected_effect="中水回用率提高至30%以上，年节约新水约45万立方米",
                remark="拟于2027年实施，需区水务部门配合",
            ),
            RetrofitProject(
                content="园区能源与碳排放管理平台升级（接入重点用能单位在线监测）",
                total_investment=680.0,
                fixed_asset_investment=420.0,
                expected_effect="实现重点企业能耗与碳排放按月监测，支撑能源管理体系认证",
                remark="拟于2027年一季度启动",
            ),
        ),
        satisfaction=Satisfaction(
            level="满意",
            provider_feedback="工作组专业、认真，现场诊断安排紧凑，建议清单针对性强。",
            programme_feedback="建议进一步简化证明材料报送要求。",
            retrofit_intent="有意向实施光伏扩容和平台升级项目，资金配套存在一定困难，希望获得政策支持。",
            district_opinion="材料齐全，同意上报。",
        ),
        review=Review(result="合格", materials_ok=True, review_date=date(2026, 11, 20)),
        narrative=Narrative(
            overview=(
                "受北京示例经济技术开发区管理委员会（虚构）委托，示例绿色科技服务有限公司（虚构）"
                "依据《北京市工业园区绿色诊断工作指南》对园区开展绿色诊断评估，范围覆盖园区全部批复范围。\n"
                "园区规划面积约16平方公里，以新一代信息技术、高端装备制造和生物医药为主导产业，"
                "2025年园区总收入约386亿元。"
            ),
            process_and_methods=(
                "工作组于2026年9月28日至10月9日开展现场诊断，采用资料审核、现场核查、人员访谈相结合的方法，"
                "报告经内部技术复核后提交。"
            ),
            suggestions=(
                "建议园区重点推进可再生能源扩容、再生水利用和能源管理平台建设，"
                "同步完善绿色标准体系并申请能源管理体系认证。"
            ),
        ),
    )


def _enterprise_team(lead_company: str) -> tuple[TeamMember, ...]:
    return (
        TeamMember(
            name="陈报告", role="组长，统筹诊断与报告编制", title="高级工程师",
            specialty="能源管理与节能", category="专家成员", led_projects=6,
        ),
        TeamMember(
            name="刘环评", role="污染物排放与清洁生产诊断", title="高级工程师",
            specialty="环境工程", category="专家成员", led_projects=4,
        ),
        TeamMember(
            name="孙碳核", role="碳排放核算", title="工程师",
            specialty="低碳技术与碳核算", category="专家成员", led_projects=2,
        ),
        TeamMember(
            name="吴循环", role="资源综合利用诊断", title="工程师",
            specialty="资源循环利用", category="专家成员", led_projects=1,
        ),
        TeamMember(
            name=lead_company, role="企业分管副总经理，负责对接与资料协调", title="工程师",
            specialty="设备与能源管理", category="企业高级管理人员",
        ),
    )


def sample_enterprise_large() -> Case:
    """A fictional enterprise with 上一年度产值 156000 万元 (≥ 10 亿元, 《规则》第十九条)."""
    name = "北京示例精密制造有限公司（虚构）"
    return Case(
        kind=CaseKind.ENTERPRISE,
        diagnosis_year=2026,
        application=EnterpriseApplication(
            name=name,
            address="北京市示例区示例经济技术开发区精工路6号（虚构）",
            district="示例区",
            credit_code="91110000MA00000152",
            nature="民营",
            industry="通用设备制造业",
            main_products="精密数控机床及核心零部件",
            output_value=156000.0,
            employees=1280,
            project_lead="郑总师 副总经理",
            contact="冯能源 能源管理部经理",
            contact_mobile="139-0000-3001",
            contact_email="energy@precision.example.com",
            intended_provider=PROVIDER_NAME,
        ),
        provider=sample_provider(),
        team=_enterprise_team("冯能源"),
        process=DiagnosisProcess(
            onsite_start=date(2026, 6, 8),
            onsite_end=date(2026, 6, 12),
            report_date=date(2026, 7, 10),
            meeting_date=date(2026, 7, 17),
        ),
        retrofits=(
            RetrofitProject(
                content="空压站群控及余热回收改造",
                total_investment=420.0,
                fixed_asset_investment=380.0,
                expected_effect="年节电约160万kWh",
                remark="拟于2027年实施",
            ),
            RetrofitProject(
                content="热处理车间电加热炉替代燃气炉",
                total_investment=960.0,
                fixed_asset_investment=900.0,
                expected_effect="年减少天然气消耗约60万立方米",
                remark="",
            ),
        ),
        satisfaction=Satisfaction(
            level="非常满意",
            provider_feedback="诊断细致，节能措施可落地。",
            retrofit_intent="计划分两年实施空压站和热处理改造。",
            district_opinion="同意上报。",
        ),
        review=Review(result="合格", review_date=date(2026, 8, 14)),
        narrative=Narrative(
            overview="企业主要生产精密数控机床及核心零部件，2025年产值15.6亿元。",
        ),
    )


def sample_enterprise_small() -> Case:
    """A fictional enterprise with 上一年度产值 32000 万元 (< 10 亿元, 《规则》第十九条)."""
    name = "北京示例新材料科技有限公司（虚构）"
    return Case(
        kind=CaseKind.ENTERPRISE,
        diagnosis_year=2026,
        application=EnterpriseApplication(
            name=name,
            address="北京市示例区新材路18号（虚构）",
            district="示例区",
            credit_code="91110000MA0000023W",
            nature="其它",
            nature_other="中外合作",
            industry="化学原料和化学制品制造业",
            main_products="电子级功能涂层材料",
            output_value=32000.0,
            employees=260,
            project_lead="何厂长 生产副总",
            contact="许环保 安环部主管",
            contact_mobile="139-0000-4001",
            contact_email="ehs@newmaterial.example.com",
            intended_provider=PROVIDER_NAME,
        ),
        provider=sample_provider(),
        team=_enterprise_team("许环保"),
        process=DiagnosisProcess(
            onsite_start=date(2026, 4, 27),
            onsite_end=date(2026, 5, 8),
            report_date=date(2026, 6, 5),
            meeting_date=date(2026, 6, 12),
        ),
        retrofits=(
            RetrofitProject(
                content="涂布线有机废气RTO余热回收",
                total_investment=260.0,
                fixed_asset_investment=240.0,
                expected_effect="年节约天然气约12万立方米",
                remark="拟于2027年实施",
            ),
        ),
        satisfaction=Satisfaction(level="满意"),
        review=Review(result="合格", review_date=date(2026, 7, 3)),
    )


SAMPLES = {
    "park": sample_park,
    "enterprise_large": sample_enterprise_large,
    "enterprise_small": sample_enterprise_small,
}
"""Sample factories by key (used by ``greendiag demo`` and the tests)."""


# ---------------------------------------------------------------- the demo: every section filled

DEMO_PHOTO_DIR = "现场照片"
"""Folder (next to the demo workbook) that holds the demo's generated photos."""

_ENTERPRISE_PHOTOS = (
    ("空压站.jpg", "空压站现场：4台螺杆空压机独立运行，无群控系统（虚构示例照片）", (70, 110, 150)),
    ("热处理车间.jpg", "热处理车间燃气加热炉及炉体保温现状（虚构示例照片）", (160, 90, 50)),
    ("屋顶.jpg", "联合厂房屋顶，可利用面积约2.1万平方米（虚构示例照片）", (90, 140, 90)),
    ("危废暂存间.jpg", "危险废物暂存间标识与台账核查（虚构示例照片）", (120, 120, 130)),
)
_PARK_PHOTOS = (
    ("再生水厂.jpg", "园区再生水厂出水口及在线监测设备（虚构示例照片）", (60, 120, 160)),
    ("光伏屋顶.jpg", "标准厂房屋顶分布式光伏电站（虚构示例照片）", (40, 70, 120)),
    ("启动会.jpg", "诊断工作启动会（区经信部门、服务商、园区三方，虚构示例照片）", (150, 130, 100)),
)


def demo_photo_names(kind: CaseKind) -> list[str]:
    """File names of the demo photos of ``kind`` (inside :data:`DEMO_PHOTO_DIR`)."""
    return [name for name, _, _ in (_PARK_PHOTOS if kind is CaseKind.PARK else _ENTERPRISE_PHOTOS)]


def write_demo_photos(folder, kind: CaseKind) -> list:
    """Draw the demo's small photos (JPEG, 640×420, clearly marked 虚构示例) into ``folder``.

    Returns the paths.  The pictures are generated (flat colours and shapes), not real photos.
    """
    from pathlib import Path

    from PIL import Image, ImageDraw, ImageFont

    from greendiag.forms.chart import cjk_font_path

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    font_path = cjk_font_path()
    font = ImageFont.truetype(font_path, 26) if font_path else ImageFont.load_default()
    paths = []
    for name, _caption, rgb in (_PARK_PHOTOS if kind is CaseKind.PARK else _ENTERPRISE_PHOTOS):
        im = Image.new("RGB", (640, 420), rgb)
        d = ImageDraw.Draw(im)
        for k in range(6):  # a few shapes so it compresses like a picture, not a flat fill
            x = 40 + k * 95
            d.rectangle([x, 180 + (k % 3) * 20, x + 70, 380], fill=tuple(min(255, c + 40 + 12 * k) for c in rgb))
        d.ellipse([480, 30, 600, 150], fill=(235, 225, 170))
        d.text((24, 24), "示例照片（虚构）" if font_path else "DEMO (fictional)", fill=(255, 255, 255), font=font)
        d.text((24, 70), name.rsplit(".", 1)[0], fill=(255, 255, 255), font=font)
        path = out / name
        im.save(path, "JPEG", quality=80)
        paths.append(path)
    return paths


def _photos(kind: CaseKind) -> tuple:
    from greendiag.rules.models import Photo

    rows = _PARK_PHOTOS if kind is CaseKind.PARK else _ENTERPRISE_PHOTOS
    return tuple(Photo(file=f"{DEMO_PHOTO_DIR}/{name}", caption=caption) for name, caption, _ in rows)


def demo_park() -> Case:
    """:func:`sample_park` with every report section written and three on-site photos (``greendiag demo``).

    The photos are files under :data:`DEMO_PHOTO_DIR` next to the workbook: :func:`write_demo_photos`.
    """
    park = sample_park()
    n = park.narrative
    return park.model_copy(update={
        "narrative": n.model_copy(update={
            "content": (
                "工作组核查了附件2－1－1所列8项基础性要求，第1–6项必须符合项全部符合，第7项（能源管理体系）正在认证中。\n"
                "能源利用方面，园区2025年可再生能源使用比例10.4%，清洁能源使用率74.2%；资源利用方面，再生水厂日处理能力4万立方米，"
                "中水回用率24.5%；基础设施方面，500米公交站点覆盖率90%；生态环境方面，园区空气质量优良率79%。\n"
                "园区近三年出台了《园区绿色低碳发展规划（2024—2030年）》（虚构），建成分布式光伏12 MW。\n"
                "存在的主要问题：能源管理体系尚未认证；余热资源和废气资源未开展系统调查；部分老旧厂房屋顶未利用。"
            ),
            "conclusion": (
                "园区近三年在可再生能源利用、再生水利用和绿色建筑推广方面亮点突出，31项指标中多数逐年改善。"
                "主要短板是能源管理体系和信息平台建设，建议作为下一阶段重点。整体看，园区绿色化发展水平处于本市园区前列。"
            ),
            "references": (
                "1.《北京市工业园区绿色诊断工作指南》\n2.园区能源统计报表（2023–2025年）（虚构）\n"
                "3.区生态环境局空气质量通报（虚构）\n4.《园区绿色低碳发展规划（2024—2030年）》（虚构）"
            ),
        }),
        "photos": _photos(CaseKind.PARK),
    })


def demo_enterprise() -> Case:
    """:func:`sample_enterprise_large` (产值 156000 万元 ≥ 10 亿元) with every enterprise sheet filled:
    合规性, 诊断内容 (six areas), 对标分析 (advanced values with their — fictional — sources), 分级评价,
    拟实施重点工作, four photos and every report section (``greendiag demo``)."""
    from greendiag.rules.models import AreaFinding, BenchmarkRow, ComplianceEntry, Grading, PlannedWork

    ent = sample_enterprise_large()
    compliance = tuple(
        ComplianceEntry(number=i, status=s, evidence=ev, note=note)
        for i, s, ev, note in (
            (1, "符合", "排污许可证（证书编号示例-001，虚构）", "2025年执行报告按时提交"),
            (2, "符合", "环评批复及竣工环保验收意见（虚构）", ""),
            (3, "符合", "2025年第三方监测报告（虚构）", "VOCs排放浓度低于限值"),
            (4, "符合", "安全生产标准化二级证书（虚构）", ""),
            (5, "符合", "GB/T 19001质量管理体系认证证书（虚构）", ""),
            (6, "符合", "信用中国、国家企业信用信息公示系统查询截图", "近三年无事故及违法违规记录"),
            (7, "符合", "国家企业信用信息公示系统查询截图", ""),
            (8, "符合", "中国执行信息公开网查询截图", ""),
            (9, "不适用", "", "近三年未被列入工业节能监察名单"),
            (10, "不适用", "", "企业尚未列入绿色制造名单"),
            (11, "符合", "企业书面说明", ""),
        )
    )
    findings = (
        AreaFinding(area="绿色管理", current="已建立ISO 50001能源管理体系并通过认证，设能源管理部，配备专职能源管理员2人。",
                    problems="尚未建立碳排放管理制度，绿色供应商管理未覆盖主要原材料供应商。",
                    improvements="建立碳排放管理制度和台账，将绿色采购要求纳入供应商准入。"),
        AreaFinding(area="产品生态设计", current="主导产品数控机床已开展能效提升设计，主轴电机能效达到2级。",
                    problems="未开展产品生命周期评价，缺少产品碳足迹数据。",
                    improvements="选取一款主导产品开展生命周期评价和碳足迹核算，申报绿色设计产品。"),
        AreaFinding(area="生产工艺和设备", current="机加工车间数控化率92%，热处理采用燃气加热炉。",
                    problems="空压站4台空压机独立运行无群控，热处理炉热效率偏低。",
                    improvements="实施空压站群控及余热回收、热处理电加热替代改造（见附表）。"),
        AreaFinding(area="资源能源投入", current="2025年综合能耗1.86万吨标准煤，外购电力占78%。",
                    problems="可再生能源使用比例仅3.1%，屋顶资源未利用。",
                    improvements="建设屋顶分布式光伏，逐步提高绿电消费比例。"),
        AreaFinding(area="环境排放", current="废水经预处理后排入园区污水处理厂，危险废物委托有资质单位处置。",
                    problems="切削液废液产生量较大，综合利用率偏低。",
                    improvements="推广切削液集中供液与再生回用，减少危险废物产生量。"),
        AreaFinding(area="碳排放", current="2025年碳排放总量约4.9万吨二氧化碳当量，单位产值碳排放逐年下降。",
                    problems="未开展碳排放核查，未制定碳达峰行动方案。",
                    improvements="委托第三方开展碳排放核查，制定企业碳达峰行动方案。"),
    )
    benchmarks = (
        BenchmarkRow(indicator="单位产品综合能耗", unit="tce/台", direction="越小越好", value_1=2.41, value_2=2.28, value_3=2.15,
                     domestic=1.90, domestic_source="行业协会2025年能效标杆数据（虚构）",
                     international=1.60, international_source="国际同类企业可持续发展报告2024（虚构）"),
        BenchmarkRow(indicator="单位工业增加值能耗", unit="tce/万元", direction="越小越好", value_1=0.052, value_2=0.049, value_3=0.046,
                     domestic=0.040, domestic_source="北京市通用设备制造业先进值（虚构）",
                     international=0.032, international_source="国际同类企业年报2024（虚构）"),
        BenchmarkRow(indicator="单位产品取水量", unit="m³/台", direction="越小越好", value_1=14.2, value_2=13.1, value_3=12.4,
                     domestic=12.0, domestic_source="行业清洁生产评价指标体系一级基准值（虚构）",
                     international=10.5, international_source="国际同类企业可持续发展报告2024（虚构）"),
        BenchmarkRow(indicator="工业固体废物综合利用率", unit="%", direction="越大越好", value_1=82.0, value_2=85.5, value_3=88.0,
                     domestic=95.0, domestic_source="绿色工厂评价要求行业先进值（虚构）",
                     international=97.0, international_source="国际同类企业年报2024（虚构）"),
        BenchmarkRow(indicator="可再生能源使用比例", unit="%", direction="越大越好", value_1=1.2, value_2=2.0, value_3=3.1,
                     domestic=15.0, domestic_source="行业协会2025年统计（虚构）",
                     international=30.0, international_source="国际同类企业可持续发展报告2024（虚构）"),
    )
    plans = (
        PlannedWork(content="建设联合厂房屋顶分布式光伏（装机2.5 MW）", category="重点项目", schedule="2027年上半年",
                    investment=1100.0, expected_effect="年发电约280万kWh，可再生能源使用比例提高约8个百分点"),
        PlannedWork(content="建立碳排放管理制度并开展年度碳排放核查", category="重点工作", schedule="2026年第四季度",
                    expected_effect="形成碳排放台账，支撑碳达峰行动方案"),
        PlannedWork(content="主导产品生命周期评价及绿色设计产品申报", category="重点工作", schedule="2027年",
                    investment=60.0, expected_effect="取得产品碳足迹数据，申报绿色设计产品"),
    )
    n = ent.narrative
    return ent.model_copy(update={
        "compliance": compliance,
        "findings": findings,
        "benchmarks": benchmarks,
        "grading": Grading(score=78.5, source="示例认证评价中心《绿色工厂自评价报告复核意见》（2026年5月，虚构）"),
        "planned_work": plans,
        "photos": _photos(CaseKind.ENTERPRISE),
        "narrative": n.model_copy(update={
            "overview": (
                "受北京示例精密制造有限公司（虚构）委托，示例绿色科技服务有限公司（虚构）依据《北京市制造业绿色诊断工作规则》"
                "对企业在京生产制造环节开展绿色诊断评估，目的是摸清企业绿色低碳发展现状，找出差距并提出改进建议。\n"
                "企业主要生产精密数控机床及核心零部件，2025年产值15.6亿元，从业人员1280人，厂区占地约12万平方米。"
            ),
            "process_and_methods": (
                "工作组于2026年6月8日召开启动会，6月8日至12日开展现场诊断，采用资料审核、现场核查、设备测试和人员访谈相结合的方法；"
                "报告初稿经服务商内部技术复核后于7月10日提交，7月17日召开诊断工作报告会听取企业意见。"
            ),
            "content": "工作组按《北京市制造业绿色诊断工作规则》第十二条第3项，对企业合规性、六个方面情况和对标情况逐项诊断，结果如下。",
            "conclusion": (
                "企业合规性良好，能源管理体系运行有效，单位产品能耗和取水量逐年下降。"
                "与国内外先进水平相比，可再生能源使用比例和固体废物综合利用率差距较大，碳排放管理基础薄弱。"
                "整体看，企业绿色化发展水平处于行业中上游。"
            ),
            "suggestions": "建议企业以节能降碳改造为主线，优先实施空压站群控、热处理电气化和屋顶光伏项目，同步补齐碳排放管理短板。",
            "references": (
                "1.《北京市制造业绿色诊断工作规则》\n2.企业能源统计报表（2023–2025年）（虚构）\n"
                "3.排污许可证及执行报告（虚构）\n4.行业协会2025年能效标杆数据（虚构）"
            ),
        }),
    })


SAMPLES["demo_park"] = demo_park
SAMPLES["demo_enterprise"] = demo_enterprise

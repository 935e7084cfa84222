"""The source documents' wording the templates print, word for word (``../shared/seeds/``):
the report outline (《北京市工业园区绿色诊断工作指南》附件2-1 报告格式; the enterprise version is greendiag's
adaptation to 《北京市制造业绿色诊断工作规则》第十二条), 附件2-1-1 and 2-1-2 rows, the 保密承诺书 items."""

from __future__ import annotations

from greendiag.rules import BASIC_REQUIREMENTS, INDICATORS

OUTLINE_PARK = {
    "overview": (
        "一、概述",
        ["1.介绍绿色诊断评估的目的、范围及准则。", "2.概述被诊断工业园区的基本信息、功能区划、产业发展现状等。"],
    ),
    "process_and_methods": (
        "二、诊断评估过程和方法",
        ["主要介绍诊断评估的组织安排、资料审核情况、现场诊断评估情况、报告编写及内部技术复核情况。"],
    ),
    "content": (
        "三、诊断评估内容",
        [
            "服务商应按以下内容对园区进行诊断：",
            "1.核查园区绿色诊断基础性要求的符合情况；",
            "2.核查园区能源利用、资源利用、基础设施、产业、生态环境、运行管理等方面情况；",
            "3.对园区在持续推进绿色低碳循环化发展方面已出台的政策措施、已开展的重点工作、已实施的重大项目和取得的主要成绩等方面进行描述；",
            "4.对园区绿色发展存在问题进行描述。",
        ],
    ),
    "conclusion": (
        "四、诊断评估结论",
        [
            "总结园区近三年（含诊断当年）在管理体系、资源能源利用效率提升、基础设施改造升级、生态环境保护、碳减排等绿色低碳发展方面的工作亮点，分析存在问题，对园区绿色化发展水平进行整体评估，并给出诊断评分。说明附件2－1－1各诊断指标符合性情况，并分析附件2－1－2各项指标数值变化情况及其原因。"
        ],
    ),
    "suggestions": (
        "五、建议",
        ["提出园区提升绿色低碳循环化发展水平的下一步工作建议和绿色化改造提升项目建议（附件2－1－3）。"],
    ),
    "references": (
        "六、参考文件",
        ["列出报告编写过程中所使用的相关参考文件（与附件2－1－1和附件2－1－2证明材料索引一栏对应）。"],
    ),
}

OUTLINE_ENTERPRISE = {
    "overview": (
        "一、概述",
        ["1.介绍绿色诊断评估的目的、范围及准则。", "2.概述被诊断企业的基本信息、主要产品、生产工艺、能源资源消耗等。"],
    ),
    "process_and_methods": OUTLINE_PARK["process_and_methods"],
    "content": (
        "三、诊断评估内容",
        [
            "服务商应按以下内容对企业进行诊断（《北京市制造业绿色诊断工作规则》第十二条第2、3项）：",
            "1.核查企业在环境、安全、质量等方面的合规性；",
            "2.核查企业在绿色管理、产品生态设计、生产工艺和设备、资源能源投入、环境排放、碳排放等方面情况；",
            "3.对标国际国内先进水平，诊断评估企业在绿色低碳发展方面的不足和存在问题；",
            "4.描述企业拟开展的重点工作和拟实施的重点项目。",
        ],
    ),
    "conclusion": (
        "四、诊断评估结论",
        [
            "总结企业近三年（含诊断当年）在管理体系、资源能源利用效率提升、生产工艺和技术装备改造升级、污染物减排、碳减排等绿色低碳发展方面的工作亮点，分析存在问题，对企业绿色化发展水平进行整体评估。"
        ],
    ),
    "suggestions": (
        "五、建议",
        ["提出企业提升绿色低碳发展水平的下一步工作建议和绿色化改造提升项目建议（附表）。"],
    ),
    "references": ("六、参考文件", ["列出报告编写过程中所使用的相关参考文件。"]),
}

BASIC_REQUIREMENT_TEXTS = tuple(r.text for r in BASIC_REQUIREMENTS)
"""附件2-1-1 基本要求, word for word (from rules/params/bj_park_guide.toml)."""

_GROUP_LABELS = {
    "EG": "能源利用\n绿色化指标\n（EG）",
    "RG": "资源利用\n绿色化指标\n(RG)",
    "IG": "基础设施\n绿色指标\n(IG)",
    "CG": "产业\n绿色指标\n（CG）",
    "HG": "生态环境\n绿色指标\n（HG）",
    "MG": "运行管理\n绿色指标\n（MG）",
}
"""附件2-1-2 一级指标 as printed (line breaks and the form's mixed brackets included), by group code."""

INDICATOR_GROUPS = tuple(
    (label, range(min(ns), max(ns) + 1))
    for code, label in _GROUP_LABELS.items()
    for ns in ([i.number for i in INDICATORS if i.group == code],)
)
"""附件2-1-2 一级指标 with the numbers of their rows (from rules/params/indicators.toml)."""

INDICATOR_ROWS = tuple((i.name, i.unit) for i in INDICATORS)
"""附件2-1-2 二级指标 and 指标单位, Nos. 1–31, word for word (from rules/params/indicators.toml)."""

COMMITMENT_ITEMS_ENTERPRISE = (
    "一、认真遵守国家保密法律法规以及被诊断企业规章制度，履行保密义务。",
    "二、不提供虚假信息，自愿接受保密审查。",
    "三、不违规记录、录音存储、复制涉及企业生产经营及生产性物资关键指标的秘密信息，不违规记录、录音存储、复制园区未对外公开披露的相关信息，不违规留存相关的秘密载体。",
    "四、不以任何方式泄露本项目所接触和知悉的秘密信息以及相关内容。",
    "五、不与其他人相互串通谎报、瞒报相关关键数据，不从事恶意破坏项目有序运行，及损害他人合法利益的一切行为。",
    "六、不采取贿赂、威胁等非法手段，不隐瞒事实真相，不恶意篡改数据。",
    "七、未经工业园区/企业审查批准，不擅自发表涉及未公开工作内容和涉密的任何信息。",
)
COMMITMENT_ITEMS_PARK = (
    "一、认真遵守国家保密法律法规以及被诊断园区规章制度，履行保密义务。",
    "二、不提供虚假信息，自愿接受保密审查。",
    "三、不违规记录、录音存储、复制园区未对外公开披露的相关信息，不违规留存相关的秘密载体。",
    "四、不以任何方式泄露本项目所接触和知悉的秘密信息以及相关内容。",
    "五、不与其他人相互串通谎报、瞒报相关关键数据，不从事恶意破坏项目有序运行，及损害他人合法利益的一切行为。",
    "六、不采取贿赂、威胁等非法手段，不隐瞒事实真相，不恶意篡改数据。",
    "七、未经园区审查批准，不擅自发表涉及未公开工作内容和涉密的任何信息。",
)

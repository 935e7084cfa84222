"""The docxtpl templates, built by code with python-docx (reproducible, no binary in git).

Wording is copied from the source documents in ``../shared/seeds/``; only the blanks became
Jinja fields (declared in :mod:`greendiag.forms.contexts`):

* 附件1-1 绿色诊断申请表（企业）/（工业园区）, 附件1-2 保密承诺书, 附件1-3 满意度评价表 —
  《北京市制造业绿色诊断工作规则》附件;
* 附件2-1 北京市工业园区绿色诊断评估报告（模板）with 2-1-1, 2-1-2, 2-1-3, 附件2-2 保密承诺书,
  附件2-3 绿色诊断评估工作确认单, 附件2-4 满意度评价表 — 《北京市工业园区绿色诊断工作指南》附件.

Additions made by greendiag (documented in ``docs/forms.md``): the yearly tables of 附件2-1-2
carry two more columns (引领值, 得分) and a 园区诊断评分 row (the guide's note 1 scores each
indicator up to 120 points and section 四 asks for a 诊断评分); section 二 and 四 of the report
print the checks and scores computed by ``greendiag.rules.assess_case`` with their citations, section 四 a
year-over-year table and chart of the indicators.  The source documents give no enterprise
report template: ``report_enterprise`` follows 附件2-1 with the park-only tables left out and writes
section 三 from the enterprise sheets (合规性, 诊断内容, 对标分析 with a gap chart, 拟实施重点工作;
《北京市制造业绿色诊断工作规则》第十二条第2、3项), sections 四/五 add the rule-based conclusions (vetoes,
grading) and the proposals per area (第十三条); both reports end with the on-site photos (第十五条第3项).

:func:`template_bytes` builds a template once per process (cached); ``python -m forms OUT_DIR``
writes them all as .docx files to look at or customise.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from functools import cache
from pathlib import Path

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from greendiag.forms import layout as L
from greendiag.rules import BASIC_REQUIREMENTS, INDICATORS

# ---------------------------------------------------------------- seed wording

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

S = L.SIZE_TABLE
SM = L.SIZE_SMALL
TINY = L.SIZE_TINY
V_TOP = WD_CELL_VERTICAL_ALIGNMENT.TOP


# ---------------------------------------------------------------- small building blocks


def _label_value_rows(doc, rows: list[list[tuple[str, str]]], widths: list[float], *, height: float = 1.1):
    """A two- or four-column 标签 | 值 table; a row with one pair spans the value over the rest."""
    t = L.table(doc, len(rows), widths)
    for r, pairs in zip(t.rows, rows):
        L.set_row_height(r, height)
        cells = r.cells
        if len(pairs) == 1:
            label, value = pairs[0]
            merged = cells[1].merge(cells[-1]) if len(cells) > 2 else cells[1]
            L.cell_text(cells[0], label)
            L.cell_text(merged, value, align=L.LEFT)
        else:
            for i, (label, value) in enumerate(pairs):
                L.cell_text(cells[2 * i], label)
                L.cell_text(cells[2 * i + 1], value, align=L.LEFT)
    return t


def _loop_paragraphs(container, var: str, *, size=L.SIZE_BODY, indent: float = 2, align=L.JUSTIFY):
    """``{%p for para in var %}`` … ``{{ para }}`` … ``{%p endfor %}`` (one paragraph each)."""
    L.paragraph(container, f"{{%p for para in {var} %}}", size=size)
    L.paragraph(container, "{{ para }}", size=size, indent_chars=indent, align=align)
    L.paragraph(container, "{%p endfor %}", size=size)


def _cell_loop_paragraphs(cell, var: str, *, size=S):
    cell.paragraphs[0].text = ""
    p = cell.paragraphs[0]
    L.add_run(p, f"{{%p for para in {var} %}}", size=size)
    L.cell_para(cell, "{{ para }}", size=size, align=L.JUSTIFY)
    L.cell_para(cell, "{%p endfor %}", size=size)


def _signature_block(doc, lines: list[str], *, indent_cm: float = 8.5, space_before: float = 24):
    for i, line in enumerate(lines):
        p = L.paragraph(doc, line, space_before=space_before if i == 0 else 0)
        p.paragraph_format.left_indent = Cm(indent_cm)


def _loop_table_rows(t, loop: str, cells_text: list[str], widths_aligns=None, *, size=S, height: float = 0.9):
    """Append three rows to ``t``: ``{%tr for … %}``, the data row, ``{%tr endfor %}``."""
    head = t.add_row()
    L.cell_text(head.cells[0], f"{{%tr for {loop} %}}", size=size)
    row = t.add_row()
    L.set_row_height(row, height)
    L.cant_split(row)
    for i, (cell, text) in enumerate(zip(row.cells, cells_text)):
        align = widths_aligns[i] if widths_aligns else L.CENTER
        L.cell_text(cell, text, size=size, align=align)
    tail = t.add_row()
    L.cell_text(tail.cells[0], "{%tr endfor %}", size=size)
    return row


# ---------------------------------------------------------------- 附件1-1 申请表


def build_application_enterprise():
    doc = L.new_document("绿色诊断申请表（企业）")
    L.annex_label(doc, "附件1-1")
    L.title(doc, "绿色诊断申请表（企业）", space_after=18)
    w = [3.6, 4.2, 3.4, 4.4]
    nature = (
        "{{ nature_box['国营'] }}国营   {{ nature_box['集体'] }}集体  {{ nature_box['民营'] }}民营   "
        "{{ nature_box['独资'] }}独资   {{ nature_box['合资'] }}合资   {{ nature_box['港澳台资'] }} 港澳台资\n"
        "{{ nature_box['其它'] }} 其它（请注明）{{ nature_other }}"
    )
    t = _label_value_rows(
        doc,
        [
            [("企业名称", "{{ name }}")],
            [("生产地址", "{{ address }}")],
            [("企业性质", nature)],
            [("企业所属行业", "{{ industry }}"), ("主营产品", "{{ main_products }}")],
            [("企业上一年度产值", "{{ output_value }}"), ("从业人员数", "{{ employees }}")],
            [("项目负责人姓名及职务", "{{ project_lead }}"), ("联系人姓名及职务", "{{ contact }}")],
            [("联系人手机", "{{ contact_mobile }}"), ("联系人邮箱", "{{ contact_email }}")],
            [("意向绿色诊断服务商名称", "{{ intended_provider }}")],
        ],
        w,
        height=1.3,
    )
    _application_declaration(t, "本公司自愿申请绿色诊断评估服务，积极配合区经信部门和服务商开展相关工作。", "企业名称(加盖公章)：{{ name }}")
    return doc


def build_application_park():
    doc = L.new_document("绿色诊断申请表（工业园区）")
    L.annex_label(doc, "附件1-1")
    L.title(doc, "绿色诊断申请表（工业园区）", space_after=18)
    w = [3.8, 4.0, 3.8, 4.0]
    t = _label_value_rows(
        doc,
        [
            [("园区名称", "{{ name }}")],
            [("园区管理机构名称", "{{ management_body }}")],
            [("所属区名称", "{{ district }}"), ("园区级别", "{{ level_box['国家级'] }} 国家级   {{ level_box['市级'] }} 市级")],
            [("上一年度园区总收入（万元）", "{{ total_revenue }}"), ("上一年度园区工业产值（万元）", "{{ industrial_output }}")],
            [("项目责任部门", "{{ responsible_department }}")],
            [("项目负责人姓名及职务", "{{ project_lead }}"), ("项目负责人联系方式", "{{ project_lead_phone }}")],
            [("联系人姓名及职务", "{{ contact }}"), ("联系人手机", "{{ contact_mobile }}")],
            [("意向绿色诊断服务商名称", "{{ intended_provider }}")],
        ],
        w,
        height=1.3,
    )
    _application_declaration(t, "本园区自愿申请绿色诊断评估服务，积极配合区经信部门和服务商开展相关工作。", "园区名称(加盖公章)：{{ name }}")
    return doc


def _application_declaration(t, text: str, sign: str) -> None:
    """The last, full-width row of 附件1-1: declaration, stamp line and date (right)."""
    row = t.add_row()
    cell = row.cells[0].merge(row.cells[-1])
    L.set_row_height(row, 6.5)
    L.cell_text(cell, "", valign=V_TOP)
    p = L.cell_para(cell, text, size=L.SIZE_BODY, align=L.JUSTIFY)
    p.paragraph_format.first_line_indent = Pt(28)
    p.paragraph_format.space_before = Pt(12)
    p = L.cell_para(cell, sign, size=L.SIZE_BODY, align=L.LEFT)
    p.paragraph_format.space_before = Pt(48)
    p.paragraph_format.left_indent = Cm(6.0)
    p = L.cell_para(cell, "    年   月   日", size=L.SIZE_BODY, align=L.LEFT)
    p.paragraph_format.left_indent = Cm(10.0)
    p.paragraph_format.space_after = Pt(18)


# ---------------------------------------------------------------- 附件1-2 / 2-2 保密承诺书


def _commitment(annex: str, opening: str, items, copies: str):
    doc = L.new_document("保密承诺书")
    L.annex_label(doc, annex)
    L.title(doc, "保密承诺书", space_after=18)
    L.paragraph(doc, opening, indent_chars=2, align=L.JUSTIFY, line_spacing=1.3)
    for item in items:
        L.paragraph(doc, item, indent_chars=2, align=L.JUSTIFY, line_spacing=1.3)
    L.paragraph(doc, "若违反上述承诺，本单位自愿承担一切法律责任，并接受相关处罚。", indent_chars=2, align=L.JUSTIFY, line_spacing=1.3)
    L.paragraph(doc, copies, indent_chars=2, align=L.JUSTIFY, line_spacing=1.3)
    _signature_block(doc, ["诊断服务商（加盖公章）：", "{{ provider_name }}", "年   月   日"], indent_cm=7.5, space_before=24)
    return doc


def build_commitment_enterprise():
    return _commitment(
        "附件1-2",
        "本单位为{{ unit_name }}开展绿色诊断工作，根据国家相关保密规定，知悉应承担的保密义务和法律责任，郑重承诺如下：",
        COMMITMENT_ITEMS_ENTERPRISE,
        "（该承诺书一式肆份，服务商、工业园区/企业及市区主管部门各一份）",
    )


def build_commitment_park():
    return _commitment(
        "附件2-2",
        "本单位为{{ unit_name }}开展绿色诊断工作，根据国家相关保密规定，知悉应承担的保密义务和法律责任，郑重承诺如下：",
        COMMITMENT_ITEMS_PARK,
        "（该承诺书一式肆份，服务商、园区及市区主管部门各一份）",
    )


# ---------------------------------------------------------------- 附件1-3 / 2-4 满意度评价表


def _satisfaction(annex: str, unit_label: str, sign_label: str, retrofit_label: str):
    doc = L.new_document("绿色诊断服务工作满意度评价表")
    L.annex_label(doc, annex)
    L.title(doc, "绿色诊断服务工作满意度评价表", space_after=18)
    w = [6.0, 9.6]
    t = L.table(doc, 3, w)
    for row, (label, value) in zip(
        t.rows,
        [
            (unit_label, "{{ unit_name }}"),
            (sign_label, "签字：                日期："),
            ("绿色诊断服务商名称", "{{ provider_name }}"),
        ],
    ):
        L.set_row_height(row, 1.3)
        L.cell_text(row.cells[0], label)
        L.cell_text(row.cells[1], value, align=L.LEFT)

    def full_row(height: float):
        row = t.add_row()
        L.set_row_height(row, height)
        return row.cells[0].merge(row.cells[1])

    cell = full_row(2.2)
    p = L.cell_text(cell, "对服务商提供的绿色诊断评估服务的评价（请用“√”标出）", align=L.LEFT, valign=V_TOP)
    p.paragraph_format.space_before = Pt(4)
    p = L.cell_para(
        cell,
        "非常满意（{{ mark['非常满意'] }}）      满意（{{ mark['满意'] }}）      "
        "一般（{{ mark['一般'] }}）      不满意（{{ mark['不满意'] }}）",
        align=L.CENTER,
    )
    p.paragraph_format.space_before = Pt(12)
    for label, var in (
        ("对诊断服务商开展绿色诊断评估工作的具体评价和建议：（选填，可另附页）", "provider_feedback"),
        ("对绿色诊断评估工作的建议：（选填，可另附页）", "programme_feedback"),
        (retrofit_label, "retrofit_intent"),
    ):
        cell = full_row(3.0)
        p = L.cell_text(cell, label, align=L.LEFT, valign=V_TOP)
        p.paragraph_format.space_before = Pt(4)
        L.cell_para(cell, f"{{%p for para in {var} %}}")
        p = L.cell_para(cell, "{{ para }}", align=L.JUSTIFY)
        p.paragraph_format.first_line_indent = Pt(24)
        L.cell_para(cell, "{%p endfor %}")
    row = t.add_row()
    L.set_row_height(row, 4.0)
    L.cell_text(row.cells[0], "区级经信部门审核意见")
    cell = row.cells[1]
    L.cell_text(cell, "", valign=V_TOP)
    L.cell_para(cell, "{%p for para in district_opinion %}")
    L.cell_para(cell, "{{ para }}", align=L.JUSTIFY)
    L.cell_para(cell, "{%p endfor %}")
    p = L.cell_para(cell, "单位名称（加盖公章）：")
    p.paragraph_format.space_before = Pt(30)
    p.paragraph_format.left_indent = Cm(2.5)
    p = L.cell_para(cell, "审核日期：")
    p.paragraph_format.left_indent = Cm(2.5)
    p.paragraph_format.space_after = Pt(8)
    return doc


def build_satisfaction_enterprise():
    return _satisfaction(
        "附件1-3",
        "被诊断工业园区/企业名称（加盖公章）",
        "工业园区/企业项目负责人签字",
        "工业园区/企业后续绿色化改造的意愿、困难和建议：（选填，可另附页）",
    )


def build_satisfaction_park():
    return _satisfaction(
        "附件2-4",
        "被诊断园区名称（加盖公章）",
        "相关工作负责人签字",
        "园区后续绿色化改造的意愿、困难和建议：（选填，可另附页）",
    )


# ---------------------------------------------------------------- 附件2-3 确认单


def build_confirmation_park():
    doc = L.new_document("绿色诊断评估工作确认单")
    L.annex_label(doc, "附件2-3")
    L.title(doc, "绿色诊断评估工作确认单", space_before=12, space_after=24)
    L.paragraph(
        doc,
        "{{ provider_name }}为本单位提供了绿色诊断服务，于{{ onsite_start }}至{{ onsite_end }}开展了现场诊断，"
        "{{ report_date }}向我单位提交了绿色诊断评估报告，{{ meeting_date }}召开了诊断工作报告会。"
        "诊断期间，{{ provider_name }}严格遵守《北京市绿色诊断评估工作规则（2023年版）》的相关要求，"
        "且未向本单位收取任何诊断服务相关费用。",
        indent_chars=2,
        align=L.JUSTIFY,
        line_spacing=1.6,
    )
    L.paragraph(doc, "{%p if third_party %}")
    L.paragraph(
        doc,
        "{{ provider_name }}同时向本单位提供了绿色工业园区第三方评估服务，且未向本单位收取评估费用。",
        indent_chars=2,
        align=L.JUSTIFY,
        line_spacing=1.6,
    )
    L.paragraph(doc, "{%p endif %}")
    _signature_block(doc, ["负责人签字：", "（单位公章）", "  年   月   日"], indent_cm=9.0, space_before=60)
    return doc


# ---------------------------------------------------------------- 附件2-1 评估报告


def _cover(doc, heading: str, unit_label: str) -> None:
    for _ in range(3):
        L.paragraph(doc, "")
    L.paragraph(doc, heading, font=L.TITLE_FONT, size=Pt(26), bold=True, align=L.CENTER, space_after=0)
    for _ in range(6):
        L.paragraph(doc, "")
    for label, var in ((unit_label, "{{ unit_name }}"), ("绿色诊断服务商名称：", "{{ provider_name }}")):
        p = L.paragraph(doc, "", line_spacing=1.8)
        p.paragraph_format.left_indent = Cm(1.0 + 5.8)  # a long name wraps under itself
        p.paragraph_format.first_line_indent = Cm(-5.8)
        L.add_run(p, label, font=L.HEADING_FONT, size=L.SIZE_SUBTITLE)
        L.add_run(p, var, size=L.SIZE_SUBTITLE, underline=True)
    for _ in range(7):
        L.paragraph(doc, "")
    L.paragraph(doc, "{{ report_date }}", font=L.TITLE_FONT, size=L.SIZE_SUBTITLE, align=L.CENTER)
    L.page_break(doc)


def _basic_info_provider_rows():
    return [
        [("服务商名称", "{{ provider.name }}")],
        [("服务商地址", "{{ provider.address }}")],
        [("法定代表人", "{{ provider.legal_rep }}"), ("法人代表电话", "{{ provider.legal_rep_phone }}")],
        [("联系人", "{{ provider.contact }}"), ("联系人电话", "{{ provider.contact_phone }}")],
        [("报告编制负责人", "{{ provider.report_lead }}"), ("负责人电话", "{{ provider.report_lead_phone }}")],
        [("报告审核人", "{{ provider.reviewer }}"), ("审核人电话", "{{ provider.reviewer_phone }}")],
    ]


def _basic_info(doc, unit_rows, unit_kind: str) -> None:
    L.title(doc, "基本信息表", size=L.SIZE_SUBTITLE, font=L.HEADING_FONT, space_after=10)
    w = [3.6, 4.2, 3.4, 4.4]
    t = L.table(doc, 0, w)

    def section_row(text):
        row = t.add_row()
        L.set_row_height(row, 0.9)
        L.cell_text(row.cells[0].merge(row.cells[-1]), text, font=L.HEADING_FONT, align=L.LEFT)

    def pair_rows(rows):
        for pairs in rows:
            row = t.add_row()
            L.set_row_height(row, 0.95)
            cells = row.cells
            if len(pairs) == 1:
                L.cell_text(cells[0], pairs[0][0], size=SM)
                L.cell_text(cells[1].merge(cells[3]), pairs[0][1], size=SM, align=L.LEFT)
            else:
                for i, (label, value) in enumerate(pairs):
                    L.cell_text(cells[2 * i], label, size=SM)
                    L.cell_text(cells[2 * i + 1], value, size=SM, align=L.LEFT)

    section_row("一、企业基本信息")
    pair_rows(unit_rows)
    section_row("二、服务商信息")
    pair_rows(_basic_info_provider_rows())
    row = t.add_row()
    cell = row.cells[0].merge(row.cells[-1])
    L.set_row_height(row, 5.0)
    L.cell_text(cell, "", valign=V_TOP)
    p = L.cell_para(
        cell,
        f"本机构承诺，已对该{unit_kind}绿色发展水平进行了诊断，材料真实有效，绿色诊断服务流程规范完整，结论客观公正。诊断评估报告若存在弄虚作假，本机构愿承担责任。",
        size=S,
        align=L.JUSTIFY,
    )
    p.paragraph_format.first_line_indent = Pt(24)
    p.paragraph_format.space_before = Pt(6)
    for i, line in enumerate(("负责人签字：", "（单位公章）")):
        p = L.cell_para(cell, line, size=S)
        p.paragraph_format.left_indent = Cm(9.5)
        if i == 0:
            p.paragraph_format.space_before = Pt(36)
    L.page_break(doc)


def _members_table(doc, other_label: str) -> None:
    L.title(doc, "绿色诊断工作组成员表", size=L.SIZE_SUBTITLE, font=L.HEADING_FONT, space_after=10)
    w = [1.6, 2.6, 5.0, 2.8, 3.6]
    t = L.table(doc, 1, w)
    L.repeat_header(t.rows[0])
    for cell, text in zip(t.rows[0].cells, ("序号", "姓名", "绿色诊断工作分工", "职称", "从事专业")):
        L.cell_text(cell, text, font=L.HEADING_FONT)
    L.set_row_height(t.rows[0], 1.0)
    for label, var in (("专家成员", "experts"), (other_label, "staff")):
        row = t.add_row()
        L.set_row_height(row, 0.9)
        L.cell_text(row.cells[0].merge(row.cells[-1]), label, font=L.HEADING_FONT)
        _loop_table_rows(
            t,
            f"m in {var}",
            ["{{ m.no }}", "{{ m.name }}", "{{ m.role }}", "{{ m.title }}", "{{ m.specialty }}"],
            [L.CENTER, L.CENTER, L.LEFT, L.CENTER, L.LEFT],
            height=1.0,
        )
    L.page_break(doc)


def _section(doc, key: str, outline: dict) -> None:
    heading, guidance = outline[key]
    L.paragraph(doc, heading, font=L.HEADING_FONT, size=L.SIZE_BODY, space_before=8, space_after=4, keep_with_next=True)
    _loop_paragraphs(doc, f"sections.{key}")
    L.paragraph(doc, f"{{%p if not sections.{key} %}}")
    p = L.paragraph(doc, "", indent_chars=2, align=L.JUSTIFY)
    run = L.add_run(p, "【待填写：" + "".join(guidance) + "】", font=L.KAI_FONT)
    run.font.color.rgb = L.PLACEHOLDER_COLOR
    L.paragraph(doc, "{%p endif %}")


def _finding(doc, text: str, *, size=L.SIZE_BODY) -> None:
    L.paragraph(doc, text, indent_chars=2, align=L.JUSTIFY, size=size)


def _scores_table(doc) -> None:
    t = L.table(doc, 1, [6.0, 4.0, 4.0], size=S)
    for cell, text in zip(t.rows[0].cells, ("年份", "园区诊断评分（分）", "参与评分的指标数")):
        L.cell_text(cell, text, font=L.HEADING_FONT, size=SM)
    _loop_table_rows(t, "s in scores", ["{{ s.year }}", "{{ s.park_score }}", "{{ s.scored }}"], size=SM, height=0.8)


def _changes_table(doc) -> None:
    w = [0.8, 3.6, 1.4, 1.3, 1.3, 1.3, 2.4, 2.4, 1.1]
    t = L.table(doc, 1, w)
    L.repeat_header(t.rows[0])
    heads = (
        "序号", "指标", "单位", "{{ year_labels[0] }}", "{{ year_labels[1] }}", "{{ year_labels[2] }}",
        "第2年较第1年", "第3年较第2年", "趋势",
    )
    for cell, text in zip(t.rows[0].cells, heads):
        L.cell_text(cell, text, font=L.HEADING_FONT, size=TINY)
    _loop_table_rows(
        t,
        "c in changes",
        [
            "{{ c.no }}", "{{ c.name }}", "{{ c.unit }}", "{{ c.vals[0] }}", "{{ c.vals[1] }}",
            "{{ c.vals[2] }}", "{{ c.change_2 }}", "{{ c.change_3 }}", "{{ c.trend }}",
        ],
        [L.CENTER, L.LEFT] + [L.CENTER] * 7,
        size=TINY,
        height=0.6,
    )


def _caption(doc, text: str) -> None:
    L.paragraph(doc, text, font=L.HEADING_FONT, size=SM, align=L.CENTER, space_before=6, space_after=4, keep_with_next=True)


def _report_body(doc, outline: dict, *, park: bool) -> None:
    L.title(doc, "绿色诊断评估报告", size=L.SIZE_SUBTITLE, font=L.HEADING_FONT, space_after=10)
    _section(doc, "overview", outline)
    _section(doc, "process_and_methods", outline)
    _finding(doc, "（一）诊断工作组。{{ team_summary }}工作组组成核验：{{ team_check }}。")
    _finding(doc, "（二）现场诊断。{{ onsite_summary }}现场诊断时间核验：{{ onsite_check }}。")
    _section(doc, "content", outline)
    if park:
        _finding(doc, "{{ basic_summary }}基础性要求核验：{{ basic_check }}。")
    _section(doc, "conclusion", outline)
    if park:
        L.paragraph(doc, "{%p if not scores %}")
        p = L.paragraph(doc, "", indent_chars=2, align=L.JUSTIFY)
        run = L.add_run(p, "【待填写：附件2－1－2指标数据未填写，无法计算园区诊断评分。】", font=L.KAI_FONT)
        run.font.color.rgb = L.PLACEHOLDER_COLOR
        L.paragraph(doc, "{%p endif %}")
        L.paragraph(doc, "{%p if scores %}")
        _finding(doc, "{{ score_summary }}各年诊断评分如下（{{ score_cite }}）：")
        _caption(doc, "表1  园区诊断评分")
        _scores_table(doc)
        L.paragraph(doc, "")
        _finding(doc, "各项指标数值变化情况见表2和图1。{{ change_summary }}")
        _caption(doc, "表2  附件2－1－2各项指标数值逐年变化")
        _changes_table(doc)
        L.paragraph(doc, "{%p if chart %}")
        L.paragraph(doc, "{{ chart }}", align=L.CENTER, space_before=6)
        _caption(doc, "图1  附件2－1－2各项指标得分逐年变化")
        L.paragraph(doc, "{%p endif %}")
        L.paragraph(doc, "{{ chart_note }}", size=SM)
        L.paragraph(doc, "{%p endif %}")
    _section(doc, "suggestions", outline)
    _finding(doc, "{{ retrofit_summary }}")
    L.paragraph(doc, "{%p if follow_up %}")
    _finding(doc, "{{ follow_up }}")
    L.paragraph(doc, "{%p endif %}")
    _section(doc, "references", outline)
    if park:
        _photos_section(doc)


def _placeholder(doc, text: str) -> None:
    """A red 楷体 【待填写：…】 paragraph (a blank the writer must fill, then delete)."""
    p = L.paragraph(doc, "", indent_chars=2, align=L.JUSTIFY)
    run = L.add_run(p, f"【待填写：{text}】", font=L.KAI_FONT)
    run.font.color.rgb = L.PLACEHOLDER_COLOR


def _subheading(doc, text: str) -> None:
    L.paragraph(doc, text, font=L.KAI_FONT, size=L.SIZE_BODY, bold=True, indent_chars=2, space_before=4,
                keep_with_next=True)


def _if(doc, cond: str) -> None:
    L.paragraph(doc, f"{{%p if {cond} %}}")


def _endif(doc) -> None:
    L.paragraph(doc, "{%p endif %}")


def _simple_table(doc, heads: tuple[str, ...], widths: list[float], loop: str, cells: list[str], aligns, *, size=SM,
                  height: float = 0.8) -> None:
    t = L.table(doc, 1, widths)
    L.repeat_header(t.rows[0])
    for cell, text in zip(t.rows[0].cells, heads):
        L.cell_text(cell, text, font=L.HEADING_FONT, size=size)
    _loop_table_rows(t, loop, cells, aligns, size=size, height=height)


def _photos_section(doc) -> None:
    """附：现场诊断照片 (《规则》第十五条第3项), both kinds: each photo with its caption."""
    L.paragraph(doc, "附：现场诊断照片", font=L.HEADING_FONT, size=L.SIZE_BODY, space_before=8, space_after=4,
                keep_with_next=True)
    _if(doc, "photos")
    _finding(doc, "被诊断单位配合提供的诊断工作现场照片如下（{{ photo_cite }}）。")
    L.paragraph(doc, "{%p for ph in photos %}")
    L.paragraph(doc, "{{ ph.image }}", align=L.CENTER, space_before=6, keep_with_next=True)
    L.paragraph(doc, "照片{{ ph.no }}  {{ ph.caption }}", size=SM, align=L.CENTER, space_after=6)
    L.paragraph(doc, "{%p endfor %}")
    _endif(doc)
    _if(doc, "not photos")
    _placeholder(doc, "现场诊断照片（工作簿“现场照片”表未填写；《北京市制造业绿色诊断工作规则》第十五条第3项："
                      "被诊断园区、企业配合提供诊断工作现场照片）")
    _endif(doc)


def _enterprise_content(doc, outline: dict) -> None:
    """三、诊断评估内容 of the enterprise report, written from 合规性, 诊断内容, 对标分析, 拟实施重点工作."""
    heading, guidance = outline["content"]
    L.paragraph(doc, heading, font=L.HEADING_FONT, size=L.SIZE_BODY, space_before=8, space_after=4, keep_with_next=True)
    _loop_paragraphs(doc, "sections.content")
    _if(doc, "not has_content")
    _placeholder(doc, "".join(guidance))
    _endif(doc)
    _subheading(doc, "（一）合规性核查")
    _if(doc, "compliance")
    _finding(doc, "{{ compliance_summary }}")
    _caption(doc, "表1  企业合规性核查表")
    _simple_table(
        doc, ("序号", "类别", "合规性要求", "核查结果", "证明材料索引", "说明"), [0.9, 1.7, 5.8, 1.6, 3.0, 2.6],
        "c in compliance",
        ["{{ c.no }}", "{{ c.category }}", "{{ c.text }}", "{{ c.status }}", "{{ c.evidence }}", "{{ c.note }}"],
        [L.CENTER, L.CENTER, L.LEFT, L.CENTER, L.LEFT, L.LEFT], size=TINY, height=0.7,
    )
    L.paragraph(doc, "")
    _endif(doc)
    _if(doc, "not compliance")
    _placeholder(doc, "企业在环境、安全、质量等方面的合规性（工作簿“合规性”表未填写）")
    _endif(doc)
    _subheading(doc, "（二）绿色低碳发展情况")
    _if(doc, "findings")
    L.paragraph(doc, "{%p for f in findings %}")
    L.paragraph(doc, "{{ f.no }}.{{ f.area }}", font=L.HEADING_FONT, indent_chars=2, keep_with_next=True)
    for label, var in (("现状", "current"), ("存在问题", "problems"), ("改进方向", "improvements")):
        L.paragraph(doc, f"{{%p for para in f.{var} %}}")
        L.paragraph(doc, f"{{% if loop.first %}}{label}：{{% endif %}}{{{{ para }}}}", indent_chars=2, align=L.JUSTIFY)
        L.paragraph(doc, "{%p endfor %}")
    L.paragraph(doc, "{%p endfor %}")
    _endif(doc)
    _if(doc, "not findings")
    _placeholder(doc, "企业在绿色管理、产品生态设计、生产工艺和设备、资源能源投入、环境排放、碳排放等方面的现状和存在问题"
                      "（工作簿“诊断内容”表未填写）")
    _endif(doc)
    _subheading(doc, "（三）对标分析")
    _if(doc, "benchmarks")
    _finding(doc, "{{ benchmark_summary }}")
    _caption(doc, "表2  关键指标对标分析")
    t = L.table(doc, 1, [0.6, 2.6, 1.5, 1.7, 1.4, 1.4, 1.4, 1.2, 1.2, 1.2, 1.2])
    L.repeat_header(t.rows[0])
    heads = ("序号", "指标", "单位", "方向", "{{ benchmark_year_labels[0] }}", "{{ benchmark_year_labels[1] }}",
             "{{ benchmark_year_labels[2] }}", "国内先进值", "差距\n（%）", "国际先进值", "差距\n（%）")
    for cell, text in zip(t.rows[0].cells, heads):
        L.cell_text(cell, text, font=L.HEADING_FONT, size=TINY)
    _loop_table_rows(
        t, "b in benchmarks",
        ["{{ b.no }}", "{{ b.indicator }}", "{{ b.unit }}", "{{ b.direction }}", "{{ b.vals[0] }}", "{{ b.vals[1] }}",
         "{{ b.vals[2] }}", "{{ b.domestic }}", "{{ b.domestic_gap }}", "{{ b.international }}", "{{ b.international_gap }}"],
        [L.CENTER, L.LEFT] + [L.CENTER] * 9, size=TINY, height=0.7,
    )
    _if(doc, "benchmark_chart")
    L.paragraph(doc, "{{ benchmark_chart }}", align=L.CENTER, space_before=6, keep_with_next=True)
    _caption(doc, "图1  关键指标与国内、国际先进值的差距")
    _endif(doc)
    _endif(doc)
    _if(doc, "not benchmarks")
    _placeholder(doc, "对标国际国内先进水平的关键指标分析（工作簿“对标分析”表未填写）")
    _endif(doc)
    _subheading(doc, "（四）拟开展的重点工作和拟实施的重点项目")
    _if(doc, "plans")
    _finding(doc, "{{ plans_summary }}")
    _caption(doc, "表3  拟开展的重点工作和拟实施的重点项目")
    _simple_table(
        doc, ("序号", "重点工作或项目", "类别", "计划实施时间", "计划投资（万元）", "预期成效"), [0.9, 4.6, 1.8, 2.4, 1.9, 3.9],
        "w in plans",
        ["{{ w.no }}", "{{ w.content }}", "{{ w.category }}", "{{ w.schedule }}", "{{ w.investment }}", "{{ w.expected_effect }}"],
        [L.CENTER, L.LEFT, L.CENTER, L.CENTER, L.CENTER, L.LEFT], size=TINY, height=0.7,
    )
    L.paragraph(doc, "")
    _endif(doc)
    _if(doc, "not plans")
    _placeholder(doc, "企业在持续提升绿色低碳发展水平方面拟开展的重点工作和拟实施的重点项目（工作簿“拟实施重点工作”表未填写）")
    _endif(doc)


def _enterprise_report_body(doc, outline: dict) -> None:
    L.title(doc, "绿色诊断评估报告", size=L.SIZE_SUBTITLE, font=L.HEADING_FONT, space_after=10)
    _section(doc, "overview", outline)
    _section(doc, "process_and_methods", outline)
    _finding(doc, "（一）诊断工作组。{{ team_summary }}工作组组成核验：{{ team_check }}。")
    _finding(doc, "（二）现场诊断。{{ onsite_summary }}现场诊断时间核验：{{ onsite_check }}。")
    _enterprise_content(doc, outline)
    _section(doc, "conclusion", outline)
    _loop_paragraphs(doc, "veto_lines")
    _loop_paragraphs(doc, "grading_lines")
    heading, guidance = outline["suggestions"]
    L.paragraph(doc, heading, font=L.HEADING_FONT, size=L.SIZE_BODY, space_before=8, space_after=4, keep_with_next=True)
    _loop_paragraphs(doc, "sections.suggestions")
    _if(doc, "not has_suggestions")
    _placeholder(doc, "".join(guidance))
    _endif(doc)
    _loop_paragraphs(doc, "improvement_lines")
    _finding(doc, "{{ retrofit_summary }}")
    _section(doc, "references", outline)
    _if(doc, "benchmark_sources")
    _finding(doc, "对标先进值来源：")
    _loop_paragraphs(doc, "benchmark_sources")
    _endif(doc)
    _photos_section(doc)


def _basic_requirements_annex(doc) -> None:
    L.page_break(doc)
    L.annex_label(doc, "附件2－1－1")
    L.title(doc, "工业园区绿色诊断基础性要求诊断表", size=L.SIZE_SUBTITLE, font=L.TITLE_FONT, space_after=10)
    w = [9.6, 2.2, 3.8]
    t = L.table(doc, 1 + len(BASIC_REQUIREMENT_TEXTS), w)
    L.set_row_height(t.rows[0], 0.9)
    for cell, text in zip(t.rows[0].cells, ("基本要求", "是否符合", "证明材料索引")):
        L.cell_text(cell, text, font=L.HEADING_FONT)
    for i, (row, text) in enumerate(zip(t.rows[1:], BASIC_REQUIREMENT_TEXTS)):
        L.set_row_height(row, 1.5)
        L.cell_text(row.cells[0], text, size=SM, align=L.JUSTIFY)
        L.cell_text(row.cells[1], f"{{{{ basic[{i}].complies }}}}", size=SM)
        L.cell_text(row.cells[2], f"{{{{ basic[{i}].evidence }}}}", size=SM, align=L.LEFT)


def _indicator_table(doc, k: int):
    """One yearly table of 附件2-1-2 for year index ``k`` (0–2)."""
    w = [1.8, 0.8, 4.1, 1.4, 1.5, 1.3, 1.2, 3.5]
    t = L.table(doc, 1 + len(INDICATOR_ROWS) + 1, w)
    rows = t.rows
    L.repeat_header(rows[0])
    for cell, text in zip(
        rows[0].cells, ("一级指标", "序号", "二级指标", "指标单位", "指标数据", "引领值", "得分", "证明材料索引")
    ):
        L.cell_text(cell, text, font=L.HEADING_FONT, size=TINY)
    first_cells = []
    for n, (name, unit) in enumerate(INDICATOR_ROWS, 1):
        row = rows[n]
        L.set_row_height(row, 0.55)
        L.cant_split(row)
        c = row.cells
        first_cells.append(c[0])
        L.cell_text(c[1], str(n), size=TINY)
        L.cell_text(c[2], name, size=TINY, align=L.LEFT)
        L.cell_text(c[3], unit, size=TINY)
        L.cell_text(c[4], f"{{{{ years[{k}].rows[{n - 1}].value }}}}", size=TINY)
        L.cell_text(c[5], f"{{{{ years[{k}].rows[{n - 1}].leading_value }}}}", size=TINY)
        L.cell_text(c[6], f"{{{{ years[{k}].rows[{n - 1}].score }}}}", size=TINY)
        L.cell_text(c[7], f"{{{{ years[{k}].rows[{n - 1}].note }}}}", size=TINY, align=L.LEFT)
    for group, numbers in INDICATOR_GROUPS:
        top, bottom = first_cells[numbers[0] - 1], first_cells[numbers[-1] - 1]
        merged = top.merge(bottom) if numbers[0] != numbers[-1] else top
        L.cell_text(merged, group.split("\n")[0], size=TINY)
        for part in group.split("\n")[1:]:
            L.cell_para(merged, part, size=TINY, align=L.CENTER)
    last = rows[-1]
    L.set_row_height(last, 0.7)
    L.cell_text(last.cells[0].merge(last.cells[5]), "园区诊断评分（已评分指标得分的算术平均值）", font=L.HEADING_FONT, size=TINY)
    L.cell_text(last.cells[6], f"{{{{ years[{k}].park_score }}}}", font=L.HEADING_FONT, size=TINY)
    return t


def _indicator_annex(doc) -> None:
    first = None
    for k in range(3):
        L.page_break(doc)
        if k == 0:
            L.annex_label(doc, "附件2－1－2")
            L.title(doc, "工业园区绿色诊断评价表", size=L.SIZE_SUBTITLE, font=L.TITLE_FONT, space_after=4)
        heading = L.paragraph(
            doc, f"第{k + 1}年（{{{{ years[{k}].year }}}}年）指标数据评价情况", font=L.HEADING_FONT, size=S,
            align=L.CENTER, space_after=4,
        )
        if first is None:
            first = _indicator_table(doc, 0)._tbl
        else:  # the same table for year k: a copy with the field index changed (building is slow)
            tbl = copy.deepcopy(first)
            for t_el in tbl.iter(qn("w:t")):
                if t_el.text and "years[0]" in t_el.text:
                    t_el.text = t_el.text.replace("years[0]", f"years[{k}]")
                elif t_el.text == "证明材料索引":  # the seed's year-2 and year-3 tables say 评价情况说明
                    t_el.text = "评价情况说明"
            heading._p.addnext(tbl)
    L.paragraph(doc, "注：1.单项指标最高得分不超过120分。", size=SM, space_before=4)
    p = L.paragraph(doc, "2.年份1至年份3原则上为绿色诊断实施年份的前三年。", size=SM)
    p.paragraph_format.left_indent = Pt(21)
    L.paragraph(
        doc,
        "（“引领值”“得分”两栏及“园区诊断评分”一行由greendiag填入：单项最高120分依附件2－1－2注1；逐项得分公式和默认引领值"
        "为greendiag依工信厅节函〔2016〕586号拟定的方法，非本指南规定，未经存档文本核实。）",
        size=TINY,
    )


def _retrofit_annex(doc, label: str | None, note: str) -> None:
    L.page_break(doc)
    if label:
        L.annex_label(doc, label)
    L.title(doc, "绿色化改造提升建议表", size=L.SIZE_SUBTITLE, font=L.TITLE_FONT, space_after=10)
    w = [1.0, 4.0, 2.0, 2.1, 3.8, 2.7]
    t = L.table(doc, 1, w)
    L.repeat_header(t.rows[0])
    for cell, text in zip(
        t.rows[0].cells, ("序号", "项目建设内容", "总投资（万元）", "其中固定资产投资（万元）", "预期实施效果", "备注")
    ):
        L.cell_text(cell, text, font=L.HEADING_FONT, size=SM)
    _loop_table_rows(
        t,
        "r in retrofits",
        [
            "{{ r.no }}", "{{ r.content }}", "{{ r.total_investment }}", "{{ r.fixed_asset_investment }}",
            "{{ r.expected_effect }}", "{{ r.remark }}",
        ],
        [L.CENTER, L.LEFT, L.CENTER, L.CENTER, L.LEFT, L.LEFT],
        size=SM,
        height=1.6,
    )
    L.paragraph(doc, note, size=SM, space_before=6, align=L.JUSTIFY)


def build_report_park():
    doc = L.new_document("北京市工业园区绿色诊断评估报告")
    L.add_page_number_footer(doc)
    _cover(doc, "北京市工业园区绿色诊断评估报告", "园    区   名   称：")
    _basic_info(
        doc,
        [
            [("园区名称", "{{ unit_name }}")],
            [("园区管理机构名称", "{{ management_body }}")],
            [("园区级别", "{{ level_box['国家级'] }}国家级      {{ level_box['市级'] }}市级       {{ level_box['其他'] }}其他")],
            [("项目负责人", "{{ project_lead }}"), ("负责人电话", "{{ project_lead_phone }}")],
            [("项目联系人", "{{ contact }}"), ("联系人电话", "{{ contact_phone }}")],
            [("电子邮件", "{{ email }}"), ("传真", "{{ fax }}")],
        ],
        "工业园区",
    )
    _members_table(doc, "园区工作人员")
    _report_body(doc, OUTLINE_PARK, park=True)
    _basic_requirements_annex(doc)
    _indicator_annex(doc)
    _retrofit_annex(
        doc,
        "附件2－1－3",
        "填表说明：园区近期如对该项目有实施意愿，请在备注栏中填写拟实施的时间。备注中请一并填写其他需要说明的事项。",
    )
    return doc


def build_report_enterprise():
    doc = L.new_document("北京市制造业企业绿色诊断评估报告")
    L.add_page_number_footer(doc)
    _cover(doc, "北京市制造业企业绿色诊断评估报告", "企    业   名   称：")
    _basic_info(
        doc,
        [
            [("企业名称", "{{ unit_name }}")],
            [("生产地址", "{{ address }}")],
            [("企业性质", "{{ nature }}"), ("企业所属行业", "{{ industry }}")],
            [("主营产品", "{{ main_products }}")],
            [("企业上一年度产值", "{{ output_value }}"), ("从业人员数", "{{ employees }}")],
            [("项目负责人", "{{ project_lead }}"), ("项目联系人", "{{ contact }}")],
            [("联系人手机", "{{ contact_phone }}"), ("联系人邮箱", "{{ email }}")],
        ],
        "企业",
    )
    _members_table(doc, "企业人员")
    _enterprise_report_body(doc, OUTLINE_ENTERPRISE)
    _retrofit_annex(
        doc,
        "附表",
        "填表说明：企业近期如对该项目有实施意愿，请在备注栏中填写拟实施的时间。备注中请一并填写其他需要说明的事项。",
    )
    return doc


BUILDERS: dict[str, Callable] = {
    "application_enterprise": build_application_enterprise,
    "application_park": build_application_park,
    "commitment_enterprise": build_commitment_enterprise,
    "commitment_park": build_commitment_park,
    "satisfaction_enterprise": build_satisfaction_enterprise,
    "satisfaction_park": build_satisfaction_park,
    "confirmation_park": build_confirmation_park,
    "report_park": build_report_park,
    "report_enterprise": build_report_enterprise,
}
"""Template key → python-docx builder."""


APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>greendiag</Application><DocSecurity>0</DocSecurity></Properties>"
)
"""docProps/app.xml of every template: python-docx's default names “Microsoft Macintosh Word”
and a Normal.dotm template; the generated documents say greendiag made them, nothing else."""


@cache
def template_bytes(key: str) -> bytes:
    """The .docx bytes of template ``key`` (built once per process).  ``KeyError`` if unknown."""
    doc = BUILDERS[key]()
    for part in doc.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = APP_XML
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write_templates(out_dir: Path | str) -> list[Path]:
    """Write every template as ``<key>.docx`` into ``out_dir`` (to inspect or customise)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for key in BUILDERS:
        path = out / f"{key}.docx"
        path.write_bytes(template_bytes(key))
        paths.append(path)
    return paths


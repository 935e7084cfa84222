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

from collections.abc import Callable
from functools import cache
from pathlib import Path

from docx.shared import Cm, Pt

from greendiag.forms import layout as L
from greendiag.forms.blocks import V_TOP, label_value_rows, signature_block
from greendiag.forms.report_template import build_report_enterprise, build_report_park
from greendiag.forms.trim import docx_bytes
from greendiag.forms.wording import (  # noqa: F401  (re-exported: the seed wording)
    BASIC_REQUIREMENT_TEXTS,
    COMMITMENT_ITEMS_ENTERPRISE,
    COMMITMENT_ITEMS_PARK,
    INDICATOR_GROUPS,
    INDICATOR_ROWS,
    OUTLINE_ENTERPRISE,
    OUTLINE_PARK,
)

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
    t = label_value_rows(
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
    t = label_value_rows(
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
    label, name = sign.split("：", 1)  # the stamp line whole: the label, then the name on its own line
    p = L.cell_para(cell, label + "：", size=L.SIZE_BODY, align=L.LEFT)
    p.paragraph_format.space_before = Pt(48)
    p.paragraph_format.left_indent = Cm(5.0)
    p.paragraph_format.keep_with_next = True
    p = L.cell_para(cell, name, size=L.SIZE_BODY, align=L.LEFT)
    p.paragraph_format.left_indent = Cm(5.0)
    p.paragraph_format.space_before = Pt(6)
    p = L.cell_para(cell, "    年   月   日", size=L.SIZE_BODY, align=L.LEFT)
    p.paragraph_format.left_indent = Cm(10.0)
    p.paragraph_format.space_after = Pt(18)


# ---------------------------------------------------------------- 附件1-2 / 2-2 保密承诺书


def _commitment(annex: str, opening: str, items, copies: str):
    doc = L.new_document("保密承诺书")
    L.annex_label(doc, annex)
    L.title(doc, "保密承诺书", space_after=18)
    L.paragraph(doc, opening, indent_chars=2, align=L.JUSTIFY, line_spacing=1.0)
    for item in items:
        L.paragraph(doc, item, indent_chars=2, align=L.JUSTIFY, line_spacing=1.0)
    L.paragraph(doc, "若违反上述承诺，本单位自愿承担一切法律责任，并接受相关处罚。", indent_chars=2, align=L.JUSTIFY, line_spacing=1.0)
    L.paragraph(doc, copies, indent_chars=2, align=L.JUSTIFY, line_spacing=1.0)
    signature_block(doc, ["诊断服务商（加盖公章）：", "{{ provider_name }}", "年   月   日"], indent_cm=7.5, space_before=10)
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
        "非常满意（    ）      满意（    ）      一般（    ）      不满意（    ）",
        align=L.CENTER,
    )
    p.paragraph_format.space_before = Pt(12)
    for label in (
        "对诊断服务商开展绿色诊断评估工作的具体评价和建议：（选填，可另附页）",
        "对绿色诊断评估工作的建议：（选填，可另附页）",
        retrofit_label,
    ):
        cell = full_row(3.0)
        p = L.cell_text(cell, label, align=L.LEFT, valign=V_TOP)
        p.paragraph_format.space_before = Pt(4)
    row = t.add_row()
    L.set_row_height(row, 4.0)
    L.cell_text(row.cells[0], "区级经信部门审核意见")
    cell = row.cells[1]
    L.cell_text(cell, "", valign=V_TOP)
    p = L.cell_para(cell, "单位名称（加盖公章）：")
    p.paragraph_format.space_before = Pt(42)
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
    signature_block(doc, ["负责人签字：", "（单位公章）", "  年   月   日"], indent_cm=9.0, space_before=60)
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


@cache
def template_bytes(key: str) -> bytes:
    """The .docx bytes of template ``key`` (built once per process; without the parts and styles of
    python-docx's default template no annex uses: :func:`greendiag.forms.trim.docx_bytes`).
    ``KeyError`` if unknown."""
    return docx_bytes(BUILDERS[key]())


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


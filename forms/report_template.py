"""The report templates: 附件2-1 北京市工业园区绿色诊断评估报告 (with 2-1-1, 2-1-2, 2-1-3) and the enterprise
report built on its pattern (the source documents give no enterprise template; sections follow
《北京市制造业绿色诊断工作规则》第十二、十三、十五条).  See :mod:`greendiag.forms.templates` and docs/forms.md."""

from __future__ import annotations

import copy

from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from greendiag.forms import layout as L
from greendiag.forms.blocks import SM, TINY, V_TOP, S, loop_paragraphs, loop_table_rows
from greendiag.forms.wording import (
    BASIC_REQUIREMENT_TEXTS,
    INDICATOR_GROUPS,
    INDICATOR_ROWS,
    OUTLINE_ENTERPRISE,
    OUTLINE_PARK,
)


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
    L.heading(doc, "基本信息表", 1, align=L.CENTER, space_before=0, space_after=10)
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
    L.heading(doc, "绿色诊断工作组成员表", 1, align=L.CENTER, space_before=0, space_after=10)
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
        loop_table_rows(
            t,
            f"m in {var}",
            ["{{ m.no }}", "{{ m.name }}", "{{ m.role }}", "{{ m.title }}", "{{ m.specialty }}"],
            [L.CENTER, L.CENTER, L.LEFT, L.CENTER, L.LEFT],
            height=1.0,
        )
    L.page_break(doc)


def _section(doc, key: str, outline: dict) -> None:
    heading, guidance = outline[key]
    L.heading(doc, heading, 2)
    loop_paragraphs(doc, f"sections.{key}")
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
    loop_table_rows(t, "s in scores", ["{{ s.year }}", "{{ s.park_score }}", "{{ s.scored }}"], size=SM, height=0.8)


def _changes_table(doc) -> None:
    w = [0.9, 2.9, 1.6, 1.4, 1.4, 1.4, 2.4, 2.4, 1.1]  # 0.1 cm margins: years, units, 不适用, 趋势 and 第2年较第1年 on one line
    t = L.table(doc, 1, w, margin_cm=0.1)
    L.repeat_header(t.rows[0])
    heads = (
        "序号", "指标", "单位", "{{ year_labels[0] }}", "{{ year_labels[1] }}", "{{ year_labels[2] }}",
        "第2年较第1年", "第3年较第2年", "趋势",
    )
    for cell, text in zip(t.rows[0].cells, heads):
        L.cell_text(cell, text, font=L.HEADING_FONT, size=TINY)
    loop_table_rows(
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
    L.heading(doc, "绿色诊断评估报告", 1, align=L.CENTER, space_before=0, space_after=10)
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
        _finding(doc, "各项指标数值变化情况见表2{% if chart %}和图1{% endif %}。{{ change_summary }}")
        _caption(doc, "表2  附件2－1－2各项指标数值逐年变化")
        _changes_table(doc)
        L.paragraph(doc, "{%p if chart %}")
        L.paragraph(doc, "{{ chart }}", align=L.CENTER, space_before=6, keep_with_next=True)
        _caption(doc, "图1  附件2－1－2各项指标得分逐年变化")
        L.paragraph(doc, "{%p endif %}")
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
    L.heading(doc, text, 3, space_before=4, space_after=0)


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
    loop_table_rows(t, loop, cells, aligns, size=size, height=height)


def _photos_section(doc) -> None:
    """附：现场诊断照片 (《规则》第十五条第3项), both kinds: each photo with its caption."""
    L.heading(doc, "附：现场诊断照片", 2)
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
    L.heading(doc, heading, 2)
    loop_paragraphs(doc, "sections.content")
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
    t = L.table(doc, 1, [0.8, 2.6, 1.5, 1.6, 1.3, 1.3, 1.3, 1.3, 1.3, 1.3, 1.3], margin_cm=0.1)
    L.repeat_header(t.rows[0])
    heads = ("序号", "指标", "单位", "方向", "{{ benchmark_year_labels[0] }}", "{{ benchmark_year_labels[1] }}",
             "{{ benchmark_year_labels[2] }}", "国内\n先进值", "差距\n（%）", "国际\n先进值", "差距\n（%）")
    for cell, text in zip(t.rows[0].cells, heads):
        L.cell_text(cell, text, font=L.HEADING_FONT, size=TINY)
    loop_table_rows(
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
    L.heading(doc, "绿色诊断评估报告", 1, align=L.CENTER, space_before=0, space_after=10)
    _section(doc, "overview", outline)
    _section(doc, "process_and_methods", outline)
    _finding(doc, "（一）诊断工作组。{{ team_summary }}工作组组成核验：{{ team_check }}。")
    _finding(doc, "（二）现场诊断。{{ onsite_summary }}现场诊断时间核验：{{ onsite_check }}。")
    _enterprise_content(doc, outline)
    _section(doc, "conclusion", outline)
    loop_paragraphs(doc, "veto_lines")
    loop_paragraphs(doc, "grading_lines")
    heading, guidance = outline["suggestions"]
    L.heading(doc, heading, 2)
    loop_paragraphs(doc, "sections.suggestions")
    _if(doc, "not has_suggestions")
    _placeholder(doc, "".join(guidance))
    _endif(doc)
    loop_paragraphs(doc, "improvement_lines")
    _finding(doc, "{{ retrofit_summary }}")
    _section(doc, "references", outline)
    _photos_section(doc)


def _basic_requirements_annex(doc) -> None:
    L.page_break(doc)
    L.annex_label(doc, "附件2－1－1")
    L.heading(doc, "工业园区绿色诊断基础性要求诊断表", 1, align=L.CENTER, font=L.TITLE_FONT, space_before=0, space_after=10)
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
    w = [1.7, 0.8, 4.2, 1.5, 1.4, 1.1, 1.0, 3.9]  # at 8 pt with 0.1 cm margins: units, numbers, headers on one line
    t = L.table(doc, 1 + len(INDICATOR_ROWS) + 1, w, margin_cm=0.1)
    rows = t.rows
    L.repeat_header(rows[0])
    for cell, text in zip(
        rows[0].cells, ("一级指标", "序号", "二级指标", "指标单位", "指标数据", "引领值", "得分", "证明材料索引")
    ):
        L.cell_text(cell, text, font=L.HEADING_FONT, size=L.SIZE_DENSE)
    first_cells = []
    for n, (name, unit) in enumerate(INDICATOR_ROWS, 1):
        row = rows[n]
        L.set_row_height(row, 0.42)
        L.cant_split(row)
        c = row.cells
        first_cells.append(c[0])
        L.cell_text(c[1], str(n), size=L.SIZE_DENSE)
        L.cell_text(c[2], name, size=L.SIZE_DENSE, align=L.LEFT)
        L.cell_text(c[3], unit, size=L.SIZE_DENSE)
        L.cell_text(c[4], f"{{{{ years[{k}].rows[{n - 1}].value }}}}", size=L.SIZE_DENSE)
        L.cell_text(c[5], f"{{{{ years[{k}].rows[{n - 1}].leading_value }}}}", size=L.SIZE_DENSE)
        L.cell_text(c[6], f"{{{{ years[{k}].rows[{n - 1}].score }}}}", size=L.SIZE_DENSE)
        L.cell_text(c[7], f"{{{{ years[{k}].rows[{n - 1}].note }}}}", size=L.SIZE_DENSE, align=L.LEFT)
    for group, numbers in INDICATOR_GROUPS:
        top, bottom = first_cells[numbers[0] - 1], first_cells[numbers[-1] - 1]
        merged = top.merge(bottom) if numbers[0] != numbers[-1] else top
        L.cell_text(merged, group.split("\n")[0], size=L.SIZE_DENSE)
        for part in group.split("\n")[1:]:
            L.cell_para(merged, part, size=L.SIZE_DENSE, align=L.CENTER)
    last = rows[-1]
    L.set_row_height(last, 0.7)
    L.cell_text(last.cells[0].merge(last.cells[5]), "园区诊断评分（已评分指标得分的算术平均值）", font=L.HEADING_FONT, size=L.SIZE_DENSE)
    L.cell_text(last.cells[6], f"{{{{ years[{k}].park_score }}}}", font=L.HEADING_FONT, size=L.SIZE_DENSE)
    return t


def _indicator_annex(doc) -> None:
    first = None
    for k in range(3):
        L.page_break(doc)
        if k == 0:
            L.annex_label(doc, "附件2－1－2").paragraph_format.space_after = Pt(0)
            L.heading(doc, "工业园区绿色诊断评价表", 1, align=L.CENTER, font=L.TITLE_FONT, space_before=0, space_after=2)
        heading = L.paragraph(
            doc, f"第{k + 1}年（{{{{ years[{k}].year }}}}年）指标数据评价情况", font=L.HEADING_FONT, size=S,
            align=L.CENTER, space_after=2,
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
    p = L.paragraph(
        doc,
        "3.“引领值”“得分”两栏及“园区诊断评分”一行为本报告增列：评分方法参照工信厅节函〔2016〕586号《绿色园区评价要求》，"
        "园区诊断评分为已评分指标得分的算术平均值。",
        size=SM,
    )
    p.paragraph_format.left_indent = Pt(21)


def _retrofit_annex(doc, label: str | None, note: str) -> None:
    L.page_break(doc)
    if label:
        L.annex_label(doc, label)
    L.heading(doc, "绿色化改造提升建议表", 1, align=L.CENTER, font=L.TITLE_FONT, space_before=0, space_after=10)
    w = [1.0, 4.0, 2.0, 2.1, 3.8, 2.7]
    t = L.table(doc, 1, w)
    L.repeat_header(t.rows[0])
    for cell, text in zip(
        t.rows[0].cells, ("序号", "项目建设内容", "总投资（万元）", "其中固定资产投资（万元）", "预期实施效果", "备注")
    ):
        L.cell_text(cell, text, font=L.HEADING_FONT, size=SM)
    loop_table_rows(
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
    L.setup_headings(doc)
    L.add_page_number_footer(doc)
    L.unnumbered_first_page(doc)
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
    L.add_toc(doc)
    return doc


def build_report_enterprise():
    doc = L.new_document("北京市制造业企业绿色诊断评估报告")
    L.setup_headings(doc)
    L.add_page_number_footer(doc)
    L.unnumbered_first_page(doc)
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
    L.add_toc(doc)
    return doc

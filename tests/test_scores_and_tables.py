"""Honest park scores (coverage of the 31 indicators, greendiag's minimum) and the 必填 tables.

* a score over 1 indicator is 120 but "不可比" (fewer than 16 of 31, greendiag's default);
* citations separate the guide (indicators, units, cap 120) from greendiag's method;
* ``greendiag check`` errors for an empty 附件2-1-1 / 2-1-2 on a park case (指南五（一））;
* the Word annex heads the year-2/3 tables 评价情况说明 as the seed does.
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from docx import Document
from typer.testing import CliRunner

from greendiag import rules
from greendiag.cli import app
from greendiag.forms.render import render_documents
from greendiag.generator import samples
from greendiag.rules.assess import assess_year
from greendiag.rules.citations import load_params
from greendiag.rules.indicators import METHOD_CITE, MIN_SCORED, MIN_SCORED_CITE, SCORE_CITE
from greendiag.rules.models import CaseKind, IndicatorEntry, IndicatorYear
from greendiag.workbooks import build_template, fill_case, read_case
from greendiag.workbooks import spec as S


def _year(filled: int) -> IndicatorYear:
    """Indicators 1..``filled`` at their leading value ×1.5 (each capped at 120)."""
    entries = []
    for ind in rules.INDICATORS:
        v = None
        if ind.number <= filled:
            v = ind.leading_value if ind.direction == "qualitative" else float(ind.leading_value) * 1.5
        entries.append(IndicatorEntry(number=ind.number, value=v))
    return IndicatorYear(year=2025, entries=tuple(entries))


def test_one_indicator_of_31_is_not_comparable():
    one = assess_year(_year(1))
    assert one.park_score == 120 and one.scored_count == 1 and not one.comparable
    assert one.coverage == f"31项中1项参与评分，少于{MIN_SCORED}项，评分不可比"
    assert not assess_year(_year(MIN_SCORED - 1)).comparable
    at = assess_year(_year(MIN_SCORED))
    assert at.comparable and at.coverage == f"31项中{MIN_SCORED}项参与评分"
    assert MIN_SCORED == 16


def test_citations_separate_the_guide_from_greendiags_method():
    assert str(SCORE_CITE) == "《北京市工业园区绿色诊断工作指南》附件2-1-2"
    assert "586号" in str(METHOD_CITE) and "指南" not in str(METHOD_CITE)
    source = load_params("indicators")["leading_value_source"]  # the method's status: its basis, not prose
    assert source.basis == "reading" and source.verified is None
    assert str(MIN_SCORED_CITE) == "《北京市工业园区绿色诊断工作指南》附件2-1-2"  # its status is its basis
    ind = load_params("indicators")
    assert ind["min_scored_indicators"].basis == "default"
    assert all(ind[f"indicator_{i.number:02d}"].basis == "default" for i in rules.INDICATORS)
    a = rules.assess_case(samples.sample_park())
    assert a.years[0].cite == SCORE_CITE and a.years[0].method_cite == METHOD_CITE


def _park_with(filled: int):
    case = samples.sample_park()
    years = tuple(y.model_copy(update={"entries": _year(filled).entries}) for y in case.indicator_years)
    return case.model_copy(update={"indicator_years": years})


def test_reader_warns_and_report_marks_a_score_that_is_not_comparable(tmp_path):
    case = _park_with(3)
    res = read_case(fill_case(case, tmp_path / "p.xlsx"))
    assert res.ok
    warn = [p for p in res.warnings if p.sheet == S.INDICATORS and "不可比" in p.message]
    assert len(warn) == 3 and "31项中3项参与评分，少于16项" in warn[0].message
    a = rules.assess_case(res.case)
    docs = render_documents(res.case, a)
    report = next(v for k, v in docs.items() if "评估报告" in k)
    text = "\n".join(p.text for p in Document(io.BytesIO(report)).paragraphs)
    cells = "\n".join(c.text for t in Document(io.BytesIO(report)).tables for row in t.rows for c in row.cells)
    assert "3/31项（不可比）" in cells
    assert "评分不可比" in text and "评分方法参照工信厅节函〔2016〕586号" in text and "greendiag" not in text


def test_word_annex_year_2_and_3_tables_say_evaluation_notes():
    case = samples.sample_park()
    docs = render_documents(case, rules.assess_case(case))
    doc = Document(io.BytesIO(next(v for k, v in docs.items() if "评估报告" in k)))
    heads = [t.rows[0].cells[-1].text for t in doc.tables if t.rows[0].cells[0].text == "一级指标"]
    assert heads == ["证明材料索引", "评价情况说明", "评价情况说明"]


def test_check_errors_for_empty_required_park_tables(tmp_path):
    blank = build_template("park", tmp_path / "p.xlsx", name="示例园区", year=2026)
    wb = openpyxl.load_workbook(blank)  # only what the reader needs to build a case
    ws = wb[S.PROVIDER]
    ws[S.forms_for(CaseKind.PARK)[S.PROVIDER].cell_of("provider.name")] = "示例服务商"
    wb.save(blank)
    res = CliRunner().invoke(app, ["check", str(blank)])
    assert res.exit_code == 1
    out = res.output.replace("\n", "").replace(" ", "").replace("│", "")
    assert "附件2-1-1" in out and "附件2-1-2" in out and "五（一）" in out
    from tests.complete import complete

    full = fill_case(complete(samples.sample_park(), tmp_path), tmp_path / "full.xlsx")
    assert CliRunner().invoke(app, ["check", str(full)]).exit_code == 0
    ent = fill_case(complete(samples.sample_enterprise_small(), tmp_path), tmp_path / "ent.xlsx")
    assert CliRunner().invoke(app, ["check", str(ent)]).exit_code == 0


@pytest.mark.libreoffice
def test_native_coverage_rows(soffice, tmp_path):
    from greendiag.generator.office import recalculate

    src = fill_case(_park_with(3), tmp_path / "few.xlsx")
    full = fill_case(samples.sample_park(), tmp_path / "full.xlsx")
    team = fill_case(_manager_team_case(), tmp_path / "team.xlsx")
    out = recalculate([src, full, team], tmp_path / "out")
    _assert_native_team(out[2], _manager_team_case())
    got = {}
    for p in out[:2]:
        ws = openpyxl.load_workbook(p, data_only=True)[S.INDICATORS]
        rows = {str(ws.cell(r, 3).value): r for r in range(1, ws.max_row + 1) if ws.cell(r, 3).value}
        n = next(r for k, r in rows.items() if k.startswith("参与评分的指标数"))
        c = next(r for k, r in rows.items() if k.startswith("园区诊断评分可比性"))
        got[p.stem] = [(ws.cell(n, S.year_columns(i)[2]).value, ws.cell(c, S.year_columns(i)[2]).value) for i in range(3)]
    assert got["few"] == [(3, "不可比")] * 3
    want = [y.scored_count for y in rules.assess_case(samples.sample_park()).years]
    assert got["full"] == [(n, "可比") for n in want]


def test_enterprise_follow_up_is_labelled_as_greendiags_practice():
    ent = rules.assess_case(samples.sample_enterprise_small())
    assert str(ent.follow_up_cite) == "《北京市制造业绿色诊断工作规则》第十五条第4项"
    assert "greendiag 的做法" in ent.follow_up_note and "未规定期限" in ent.follow_up_note
    park = rules.assess_case(samples.sample_park())
    assert str(park.follow_up_cite) == "《北京市工业园区绿色诊断工作指南》六" and park.follow_up_note == ""


def test_edited_title_list_on_the_sheet_is_reported(tmp_path, sample_workbooks):
    path = sample_workbooks.copy("park", tmp_path / "p.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[S.LISTS_SHEET]
    col = next(c for c in range(1, 30) if ws.cell(1, c).value == S.TITLE_LIST)
    r = next(r for r in range(2, 100) if ws.cell(r, col).value is None)
    ws.cell(r, col).value = "高级经理"
    wb.save(path)
    res = read_case(path)
    assert res.ok
    assert any("增：高级经理" in p.message for p in res.warnings if p.sheet == S.LISTS_SHEET)
    assert not any(p.sheet == S.LISTS_SHEET for p in read_case(sample_workbooks["park"]).warnings)


def _manager_team_case():
    """Managers' titles (高级经理, 高级管理人员) in related fields and only a 园区工作人员: fails 第十一条."""
    from greendiag.rules.models import TeamMember

    case = samples.sample_park()
    team = [
        TeamMember(name="甲", title="高级经理", specialty="能源管理", category="专家成员"),
        TeamMember(name="乙", title="高级管理人员", specialty="环境工程", category="专家成员"),
        TeamMember(name="丙", title="高级工程师", specialty="节能", category="专家成员"),
        TeamMember(name="丁", title="工程师", specialty="机械", category="专家成员"),
        TeamMember(name="戊", title="经济师", specialty="园区管理", category="园区工作人员"),
        TeamMember(name="己", title="", specialty="能源", category="专家成员"),  # blank title ≠ the list's blank rows
    ]
    return case.model_copy(update={"team": tuple(team)})


def _assert_native_team(path, case):
    ws = openpyxl.load_workbook(path, data_only=True)[S.REWARD]
    lab = {str(ws.cell(r, 1).value).strip(): r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}
    senior = sum(rules.is_senior_title(m.title) and rules.is_related_field(m.specialty) for m in case.team)
    assert senior == 1
    assert ws.cell(lab["相关专业高级职称人数"], 2).value == senior
    assert ws.cell(lab["园区相关工作负责人人数"], 2).value == 0
    assert ws.cell(lab["工作组要求"], 2).value == ("不符合：相关专业高级职称人员1人，少于2人，且主导过绿色制造相关项目的人员0人，少于3人；工作组缺少被诊断园区的"
                                                 "相关工作负责人（成员类别应为“园区相关工作负责人”；名单中1名“园区工作人员”未标明为园区相关工作负责人，不计入）（第十一条第2项）")
    chk = rules.check_working_group("园区", case.team)
    assert not chk.ok and "高级职称人员1人，少于2人" in chk.text and "园区工作人员" in chk.text

"""Real-engine checks of the case workbook in LibreOffice (one recalculation run for all files).

Hypothesis generates cases; each is typed into a template by ``fill_case``; all workbooks plus the
blank templates are recalculated by ONE ``greendiag.generator.office.recalculate`` call; then every native
formula result (indicator scores, park scores, data changes, reward cap, working group counts and
check, on-site working days and check, basic requirements) must equal ``rules`` within 1e-6, the
blank templates must show no error value, validations and protection must survive, and the reader
must return the identical case from the LibreOffice re-saved file.

``GREENDIAG_LO_CASES`` sets the number of generated cases (default 40 besides the fixed boundary cases, ≈ 1 s of LibreOffice each;
300 were run once by hand: all equal).  Headless LibreOffice drops view settings (frozen panes,
print titles) on export, so those are checked on the openpyxl-saved file only.
"""

from __future__ import annotations

import os
from datetime import date

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

from greendiag import rules
from greendiag.generator import samples
from greendiag.generator.office import recalculate
from greendiag.rules.models import NOT_APPLICABLE, Case, CaseKind, Review
from greendiag.workbooks import build_template, fill_case, read_case
from greendiag.workbooks import spec as S
from greendiag.workbooks.builder import PARAM_ROWS
from tests.strategies import enterprise_cases, park_cases

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

N_CASES = int(os.environ.get("GREENDIAG_LO_CASES", "40"))
ERROR_MARKS = ("#DIV/0!", "#VALUE!", "#NAME?", "#REF!", "#N/A", "#NUM!", "#NULL!", "Err:")


def _collect(strategy, n: int) -> list[Case]:
    out: list[Case] = []

    @settings(max_examples=n, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(case):
        out.append(case)

    collect()
    return out


def _boundary_cases() -> list[Case]:
    """Fixed cases at the boundaries of 第十九条 (10 亿元, 不合格, materials) and 第十二条."""
    ent = samples.sample_enterprise_small()
    out = []
    for value, result, materials in ((99999.99, "合格", True), (100000.0, None, True), (100000.0, "不合格", True),
                                     (156000.0, "合格", False), (0.0, None, True), (None, "合格", True)):
        app = ent.application.model_copy(update={"output_value": value})
        out.append(ent.model_copy(update={"application": app,
                                          "review": Review(result=result, materials_ok=materials)}))
    park = samples.sample_park()
    # 2026-09-28 (Mon) … 2026-10-09 (Fri) spans 国庆节 with make-up Saturday 2026-10-10 outside
    for s, e in ((date(2026, 9, 28), date(2026, 10, 9)), (date(2026, 10, 1), date(2026, 10, 7)),
                 (date(2026, 2, 13), date(2026, 2, 28)), (date(2026, 1, 4), date(2026, 1, 4))):
        out.append(park.model_copy(update={"process": park.process.model_copy(update={"onsite_start": s, "onsite_end": e})}))
    return [samples.sample_park(), samples.sample_enterprise_large(), *out]


def _recalculate(files, out):
    """One LibreOffice run for all files; if soffice dies part-way (seen once after ~250 files on a
    loaded machine), one more run for the files it did not write."""
    try:
        return recalculate(files, out)
    except RuntimeError:
        missing = [f for f in files if not (out / f.name).exists()]
        assert 0 < len(missing) < len(files)
        recalculate(missing, out)
        return [out / f.name for f in files]


@pytest.fixture(scope="module")
def lo(soffice, tmp_path_factory):
    src = tmp_path_factory.mktemp("lo_src")
    out = tmp_path_factory.mktemp("lo_out")
    cases = _boundary_cases() + _collect(park_cases(), N_CASES // 2) + _collect(enterprise_cases(), N_CASES - N_CASES // 2)
    files = [fill_case(c, src / f"case{i:03d}.xlsx") for i, c in enumerate(cases)]
    blanks = [
        build_template("park", src / "blank_park.xlsx"),
        build_template("park", src / "blank_park_2026.xlsx", name="示例园区（虚构）", year=2026),
        build_template("enterprise", src / "blank_enterprise.xlsx"),
        build_template("enterprise", src / "blank_enterprise_2026.xlsx", year=2026),
    ]
    # a person raises the leading value of indicator 1 on 参数 (unprotected without password)
    edited = fill_case(samples.sample_park(), src / "edited_param.xlsx")
    wb = openpyxl.load_workbook(edited)
    wb[S.PARAMS].cell(PARAM_ROWS[CaseKind.PARK]["indicator_01"], 3).value = 2.5
    wb.save(edited)
    recalced = _recalculate([*files, *blanks, edited], out)
    n = len(files)
    return {"cases": list(zip(cases, files, recalced[:n])), "blanks": list(zip(blanks, recalced[n:n + len(blanks)])),
            "edited": (edited, recalced[-1])}


def test_edited_leading_value_flows_into_the_sheet(lo):
    src, path = lo["edited"]
    case = samples.sample_park()
    ws = openpyxl.load_workbook(path, data_only=True)[S.INDICATORS]
    assert ws.cell(S.INDICATOR_FIRST_ROW, 5).value == 2.5
    for i, year in enumerate(case.indicator_years):
        got = ws.cell(S.INDICATOR_FIRST_ROW, S.year_columns(i)[2]).value
        _close(got, rules.indicator_score(1, year.entries[0].value, 2.5), f"指标1 第{i + 1}年")
    result = read_case(src)
    assert result.case == case  # greendiag computes with rules/params, and says so
    assert any(p.sheet == S.PARAMS and "内置值 3" in p.message for p in result.warnings)


def _labels(ws) -> dict[str, int]:
    return {str(ws.cell(r, 1).value).strip(): r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}


def _blank(x) -> bool:
    return x is None or x == ""


def _close(got, want, what: str) -> None:
    if want is None:
        assert _blank(got), f"{what}: expected blank, got {got!r}"
    elif isinstance(want, str):
        assert got == want, f"{what}: expected {want!r}, got {got!r}"
    else:
        assert isinstance(got, (int, float)) and not isinstance(got, bool), f"{what}: expected {want}, got {got!r}"
        assert abs(got - want) <= 1e-6, f"{what}: expected {want}, got {got}"


def _rule_value(e):
    return NOT_APPLICABLE if e.not_applicable else e.value


def test_generated_cases_exist(lo):
    kinds = [c.kind for c, _, _ in lo["cases"]]
    assert kinds.count(CaseKind.PARK) >= N_CASES // 2 and kinds.count(CaseKind.ENTERPRISE) >= N_CASES // 2


def test_native_formulas_equal_rules(lo):
    checked = {"scores": 0, "park": 0, "cap": 0, "workdays": 0}
    for case, _src, path in lo["cases"]:
        wb = openpyxl.load_workbook(path, data_only=True)
        name = f"{path.name} ({case.kind.value})"
        # indicator scores, park score per year, data changes (附件2-1-2)
        if case.kind == CaseKind.PARK:
            ws = wb[S.INDICATORS]
            last = S.INDICATOR_FIRST_ROW + 31
            for i, year in enumerate(case.indicator_years):
                d, _n, s = S.year_columns(i)
                values = [_rule_value(e) for e in year.entries]
                for e in year.entries:
                    r = S.INDICATOR_FIRST_ROW + e.number - 1
                    _close(ws.cell(r, s).value, rules.indicator_score(e.number, _rule_value(e)), f"{name} 第{i + 1}年指标{e.number}")
                    checked["scores"] += 1
                _close(ws.cell(last, s).value, rules.park_score(values), f"{name} 第{i + 1}年园区诊断评分")
                checked["park"] += 1
            change_col = S.year_columns(2)[2] + 1
            for j in range(2):
                a, b = case.indicator_years[j].entries, case.indicator_years[j + 1].entries
                for ea, eb in zip(a, b):
                    va, vb = ea.value, eb.value
                    want = vb - va if isinstance(va, float) and isinstance(vb, float) else None
                    _close(ws.cell(S.INDICATOR_FIRST_ROW + ea.number - 1, change_col + j).value, want, f"{name} 指标{ea.number}变化")
            basic = wb[S.BASIC]
            cell = [basic.cell(r, 3).value for r in range(3, 20) if basic.cell(r, 1).value == "基础性要求核对（自动）"]
            assert len(cell) == 1
            assert (cell[0] == "符合") == rules.check_basic_requirements(case.basic_requirements).ok
        # retrofit totals (附件2-1-3)
        rf = wb[S.RETROFIT]
        total_row = next(r for r in range(5, 60) if rf.cell(r, 1).value == "合计")
        _close(rf.cell(total_row, 3).value, float(sum(p.total_investment or 0 for p in case.retrofits)), f"{name} 总投资合计")
        _close(rf.cell(total_row, 4).value, float(sum(p.fixed_asset_investment or 0 for p in case.retrofits)), f"{name} 固定资产合计")
        over = sum(p.total_investment is not None and p.fixed_asset_investment is not None
                   and p.fixed_asset_investment > p.total_investment for p in case.retrofits)
        want = f"不符合：{over}行其中固定资产投资大于总投资" if over else ("符合" if case.retrofits else "待填写")
        assert rf.cell(total_row, 5).value == want, name  # the check beside the totals
        # reward cap (第十九条)
        ws = wb[S.REWARD]
        lab = _labels(ws)
        out_value = getattr(case.application, "output_value", None)
        if case.kind == CaseKind.ENTERPRISE and out_value is None:
            want_cap = "请填写产值"
        else:
            want_cap = rules.reward_cap(case.kind, out_value, case.review.result, case.review.materials_ok)
        _close(ws.cell(lab["奖励金额上限（万元）"], 2).value, want_cap, f"{name} 奖励上限")
        checked["cap"] += 1
        assert _blank(ws.cell(lab["奖励金额上限（加载项函数核对，见“参数”表）"], 2).value)  # switch off: blank
        # working group (第十一条第2项)
        team = case.team
        unit_cat = "园区相关工作负责人" if case.kind == CaseKind.PARK else "企业高级管理人员"
        _close(ws.cell(lab["工作组成员数（人）"], 2).value, float(len(team)), f"{name} 成员数")
        _close(ws.cell(lab["相关专业高级职称人数"], 2).value,
               float(sum(rules.is_senior_title(m.title) and rules.is_related_field(m.specialty) for m in team)), f"{name} 高级职称")
        _close(ws.cell(lab["主导过绿色制造相关项目人数"], 2).value,
               float(sum((m.led_projects or 0) >= 1 for m in team)), f"{name} 主导项目")
        _close(ws.cell(lab[f"{unit_cat}人数"], 2).value, float(sum(m.category == unit_cat for m in team)), f"{name} 单位人员")
        want_team = "符合" if rules.check_working_group(case.kind, team).ok else ("不符合" if team else "待填写")
        shown_team = ws.cell(lab["工作组要求"], 2).value
        assert shown_team.split("：")[0] == want_team, name  # 不符合：<each failing requirement>（第十一条第2项）
        assert want_team != "不符合" or shown_team.endswith("（第十一条第2项）"), (name, shown_team)
        assert wb[S.TEAM.sheet]["B2"].value == shown_team, name  # beside the roster
        # 第二十一条 / 第二十二条 flags change the payable cap
        pay, cap = ws.cell(lab["应付奖励上限（万元）"], 2).value, ws.cell(lab["奖励金额上限（万元）"], 2).value
        r_ = case.review
        c22 = r_.application_fraud or r_.fee_charged or r_.serious_impact  # 第二十二条
        assert pay == (0 if r_.funds_fraud else "待核定" if c22 else cap), name  # 第二十一条: recovered
        assert (ws.cell(lab["服务商资格"], 2).value == "无取消资格情形") == (not (r_.funds_fraud or c22))
        # on-site working days with the statutory calendar (第十二条)
        s, e = case.process.onsite_start, case.process.onsite_end
        got = ws.cell(lab["现场诊断工作日（个）"], 2).value
        if s is None or e is None:
            assert _blank(got), name
        elif e < s:
            assert got == "结束早于开始", name
        else:
            _close(got, float(rules.working_days(s, e)), f"{name} 工作日 {s}–{e}")
            checked["workdays"] += 1
        want_onsite = "符合" if rules.check_onsite(case.kind, s, e).ok else ("不符合" if s and e else "待填写")
        shown_onsite = ws.cell(lab["现场诊断时间要求"], 2).value
        assert shown_onsite.split("：")[0] == want_onsite, name  # 不符合：现场诊断N个工作日，少于M个工作日（第十二条）
        assert want_onsite != "不符合" or "第十二条" in shown_onsite, (name, shown_onsite)
        assert wb[S.PROCESS].cell(_labels(wb[S.PROCESS])["现场诊断时间要求"], 2).value == shown_onsite, name
        # no error value anywhere a formula computes
        for sheet in (S.REWARD, S.INDICATORS, S.TEAM.sheet, S.PROCESS, S.BASIC, S.RETROFIT):
            if sheet in wb.sheetnames:
                for row in wb[sheet].iter_rows():
                    for c in row:
                        assert not (isinstance(c.value, str) and c.value.startswith(ERROR_MARKS)), f"{name} {sheet}!{c.coordinate}={c.value}"
    assert checked["scores"] >= 31 * 3 * (N_CASES // 4) and checked["workdays"] >= N_CASES // 10
    assert checked["cap"] == len(lo["cases"])


def test_boundary_values_on_the_sheet(lo):
    """The documents' boundaries, read from the recalculated sheets themselves."""
    caps = {}
    for case, _src, path in lo["cases"][:8]:
        if case.kind == CaseKind.ENTERPRISE:
            ws = openpyxl.load_workbook(path, data_only=True)[S.REWARD]
            caps[(case.application.output_value, case.review.result, case.review.materials_ok)] = ws.cell(_labels(ws)["奖励金额上限（万元）"], 2).value
    assert caps[(99999.99, "合格", True)] == 8
    assert caps[(100000.0, None, True)] == 12  # 10亿元（含）
    assert caps[(100000.0, "不合格", True)] == 0
    assert caps[(156000.0, "合格", False)] == 0
    assert caps[(None, "合格", True)] == "请填写产值"
    days = {}
    for case, _src, path in lo["cases"]:
        if case.kind == CaseKind.PARK and case.application.name == samples.PARK_NAME:
            ws = openpyxl.load_workbook(path, data_only=True)[S.REWARD]
            lab = _labels(ws)
            days[(case.process.onsite_start, case.process.onsite_end)] = (
                ws.cell(lab["现场诊断工作日（个）"], 2).value, ws.cell(lab["现场诊断时间要求"], 2).value)
    assert days[(date(2026, 9, 28), date(2026, 10, 9))] == (5, "符合")  # 国庆节 1–7 Oct off
    assert days[(date(2026, 10, 1), date(2026, 10, 7))] == (0, "不符合：现场诊断0个工作日，少于4个工作日（第十二条）")
    assert days[(date(2026, 1, 4), date(2026, 1, 4))][1]== "不符合：现场诊断1个工作日，少于4个工作日（第十二条）"  # Sunday 调休上班
    assert days[(date(2026, 2, 13), date(2026, 2, 28))][0] == rules.working_days(date(2026, 2, 13), date(2026, 2, 28))


def test_blank_templates_show_no_error_values(lo):
    for _src, path in lo["blanks"]:
        wb = openpyxl.load_workbook(path, data_only=True)
        n = 0
        for ws in wb:
            for row in ws.iter_rows():
                for c in row:
                    n += 1
                    assert not (isinstance(c.value, str) and c.value.startswith(ERROR_MARKS)), f"{path.name} {ws.title}!{c.coordinate}={c.value}"
        assert n > 500
        ws = wb[S.REWARD]
        lab = _labels(ws)
        assert ws.cell(lab["工作组要求"], 2).value == "待填写"  # neutral until a member is typed
        assert ws.cell(lab["现场诊断时间要求"], 2).value == "待填写"
        assert wb[S.TEAM.sheet]["B2"].value == "待填写"
        if S.INDICATORS in wb.sheetnames:
            ind = wb[S.INDICATORS]
            assert _blank(ind.cell(S.INDICATOR_FIRST_ROW + 31, S.year_columns(0)[2]).value)
            assert _blank(ind.cell(S.INDICATOR_FIRST_ROW + 32, S.year_columns(0)[2]).value)
            assert ind.cell(S.INDICATOR_FIRST_ROW, 5).value == rules.INDICATORS[0].leading_value
            header = ind.cell(3, S.year_columns(0)[0]).value
            assert header == ("第1年（2023年）" if "2026" in path.name else "第1年（    年）")


def _input_cells(kind: CaseKind) -> dict[str, set[str]]:
    cells: dict[str, set[str]] = {}
    for name, form in S.forms_for(kind).items():
        cells[name] = {form.cell_of(f.path) for f in form.fields if f.kind != S.FIXED}
    return cells


def _covered(ws) -> set[str]:
    out = set()
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for row in ws.iter_rows(min_row=rng.min_row, max_row=rng.max_row, min_col=rng.min_col, max_col=rng.max_col):
                out.update(c.coordinate for c in row)
    return out


def _assert_anchored(wb, label: str) -> None:
    """Custom validation formulas check their own row (relative to the top-left cell of the range)."""
    import re


    ref = re.compile(r"(?<![$A-Z])([A-Z]{1,3})(\d+)")
    for ws in wb:
        for dv in ws.data_validations.dataValidation:
            if dv.type != "custom":
                continue
            rows = [r for rng in dv.sqref.ranges for r in range(rng.min_row, rng.max_row + 1)]
            refs = [int(r) for _c, r in ref.findall(dv.formula1 or "")]
            assert refs and set(refs) == {min(rows)}, (label, ws.title, str(dv.sqref)[:40], dv.formula1)


def test_validation_and_protection_survive_libreoffice(lo):
    for src, path in lo["blanks"]:
        kind = CaseKind.PARK if "park" in path.name else CaseKind.ENTERPRISE
        for label, f in (("openpyxl", src), ("LibreOffice", path)):
            wb = openpyxl.load_workbook(f)
            assert wb[S.LISTS_SHEET].sheet_state == "hidden"
            assert wb[S.XLWINGS_CONF].sheet_state == "hidden"
            assert (wb[S.XLWINGS_CONF]["A1"].value, wb[S.XLWINGS_CONF]["B1"].value) == ("UDF Modules", "greendiag.addin.udfs")
            for name, cells in _input_cells(kind).items():
                ws = wb[name]
                assert ws.protection.sheet, (label, name)
                covered = _covered(ws)
                assert cells <= covered, (label, name, sorted(cells - covered))
                for dv in ws.data_validations.dataValidation:
                    assert dv.showErrorMessage, (label, name, dv.sqref)
                    assert dv.error, (label, name, dv.sqref)
                for ref in cells:
                    assert ws[ref].protection.locked is False, (label, name, ref)
                assert ws["A3"].protection.locked is not False
                if label == "openpyxl":  # headless LibreOffice drops view settings (panes) on export
                    assert ws.freeze_panes == "A3", (label, name)
                    assert ws.print_title_rows == "$1:$2", (label, name)
                assert ws.page_setup.paperSize in (9, "9"), (label, name)  # A4
            _assert_anchored(wb, label)
            team = wb[S.TEAM.sheet]
            hdr = next(r for r in range(1, 60) if team.cell(r, 1).value == "序号" and team.cell(r, 2).value == "姓名")
            assert f"G{hdr + 1}" in _covered(team)  # 成员类别 list
            assert wb[S.PARAMS].protection.sheet
            assert wb[S.PARAMS].cell(PARAM_ROWS[kind]["use_python"], 3).value == "否"
            assert len(wb[S.RETROFIT].conditional_formatting) >= 1
            if kind == CaseKind.PARK:
                ind = wb[S.INDICATORS]
                covered = _covered(ind)
                for i in range(3):
                    d = openpyxl.utils.get_column_letter(S.year_columns(i)[0])
                    assert {f"{d}{S.INDICATOR_FIRST_ROW + k}" for k in range(31)} <= covered, label
                assert ind.protection.sheet


def test_reader_same_case_from_libreoffice_resave(lo):
    mismatches = []
    for case, src, path in lo["cases"]:
        a, b = read_case(src), read_case(path)
        assert a.case == case, (src.name, a.errors)
        if b.case != case:
            mismatches.append((path.name, b.errors[:3]))
    assert mismatches == []

"""The reader on malformed, tolerant and hostile workbooks: clear Chinese errors, never a traceback.

Files are made at test time from a filled sample case (edited through openpyxl as a person would
in Excel) or by ``tests.corpus`` (zip bombs, XXE, encrypted, renamed files).
"""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest
from typer.testing import CliRunner

from greendiag.cli import app
from greendiag.generator import samples
from greendiag.rules.models import CaseKind
from greendiag.workbooks import fill_case, read_case
from greendiag.workbooks import spec as S
from tests import corpus
from tests.opened import open_workbook

PARK_FORMS = S.forms_for(CaseKind.PARK)
ENT_FORMS = S.forms_for(CaseKind.ENTERPRISE)


@pytest.fixture(scope="module")
def files(tmp_path_factory, sample_workbooks):
    return {
        "park": sample_workbooks["park"],
        "ent": sample_workbooks["enterprise_large"],
        "dir": tmp_path_factory.mktemp("corpus"),
    }


def _edit(src, out, fn):
    wb = open_workbook(src)
    fn(wb)
    wb.save(out)
    return out


def _cell(kind: CaseKind, path: str) -> tuple[str, str]:
    forms = PARK_FORMS if kind == CaseKind.PARK else ENT_FORMS
    for name, form in forms.items():
        for f in form.fields:
            if f.path == path:
                return name, form.cell_of(f.path)
    raise KeyError(path)


def _set(kind: CaseKind, path: str, value, number_format: str | None = None):
    sheet, ref = _cell(kind, path)

    def fn(wb):
        wb[sheet][ref].value = value
        if number_format:
            wb[sheet][ref].number_format = number_format

    return fn


def _ind(year_index: int, number: int) -> tuple[int, int]:
    return S.INDICATOR_FIRST_ROW + number - 1, S.year_columns(year_index)[0]


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _errors(path) -> list:
    result = read_case(path)
    assert result.case is None and not result.ok
    assert result.errors, "expected errors"
    for p in result.errors:
        assert _chinese(p.message), p
    return result.errors


# ── tolerant: read right, warn where the document says so ────────────────
ENT = CaseKind.ENTERPRISE
TOLERANT = [
    # (field path, typed value, number format, expected model value, warning expected)
    ("application.name", "  示例企业（虚构）\u3000 ", None, "示例企业（虚构）", False),
    ("application.output_value", "１２００", None, 1200.0, False),
    ("application.output_value", "1200", "@", 1200.0, False),
    ("application.output_value", "1,200", None, 1200.0, False),
    ("application.output_value", "1,200.50", None, 1200.5, False),
    ("application.output_value", "12万元", None, 12.0, True),
    ("application.output_value", "12 万", None, 12.0, True),
    ("application.employees", " 350 ", None, 350, False),
    ("application.employees", 350.0, None, 350, False),
    ("application.nature", "其他", None, "其它", True),
    ("application.contact_mobile", 13900001002, None, "13900001002", False),
    ("process.onsite_start", "2026年3月2日", None, date(2026, 3, 2), False),
    ("process.onsite_start", "2026-03-02", None, date(2026, 3, 2), False),
    ("process.onsite_start", "2026/3/2", None, date(2026, 3, 2), False),
    ("process.onsite_start", "２０２６．３．２", None, date(2026, 3, 2), False),
    ("process.onsite_start", 46083, "General", date(2026, 3, 2), True),
    ("process.onsite_start", datetime(2026, 3, 2, 9, 30), None, date(2026, 3, 2), True),
    ("process.third_party_evaluation", True, None, True, False),
    ("diagnosis_year", "2026年", None, 2026, False),
    ("satisfaction.level", " 满意 ", None, "满意", False),
]


@pytest.mark.parametrize("path,typed,fmt,want,warns", TOLERANT, ids=[f"{t[0]}={t[1]!r}" for t in TOLERANT])
def test_tolerant_inputs(files, tmp_path, path, typed, fmt, want, warns):
    src = files["ent"]
    if path == "process.onsite_start":  # keep end ≥ start
        wb = openpyxl.load_workbook(src)
        s, ref = _cell(ENT, "process.onsite_end")
        wb[s][ref].value = date(2026, 3, 6)
        wb.save(tmp_path / "base.xlsx")
        src = tmp_path / "base.xlsx"
    out = _edit(src, tmp_path / "t.xlsx", _set(ENT, path, typed, fmt))
    result = read_case(out)
    assert result.ok, result.errors
    obj = result.case
    for part in path.split("."):
        obj = getattr(obj, part)
    assert obj == want
    sheet, ref = _cell(ENT, path)
    here = [p for p in result.warnings if p.sheet == sheet and p.cell == ref]
    assert bool(here) == warns, here


STRICT = [
    ("application.output_value", "1.2亿元", "亿"),
    ("application.output_value", "120000元", "万元"),
    ("application.output_value", "1,2", "逗号"),
    ("application.output_value", "很多", "数字"),
    ("application.output_value", -5, "负数"),
    ("application.employees", 5.5, "整数"),
    ("application.employees", "12万元", "单位"),
    ("application.nature", "外资", "可选值"),
    ("satisfaction.level", "特别满意", "可选值"),
    ("process.onsite_start", "下周一", "日期"),
    ("process.onsite_start", "2026-02-30", "有效日期"),
    ("process.third_party_evaluation", "可能", "是”或“否"),
    ("diagnosis_year", 1999, "2000"),
    ("diagnosis_year", "=2020+6", "公式"),
    ("application.output_value", "=SUM(1,2)", "公式"),
]


@pytest.mark.parametrize("path,typed,fragment", STRICT, ids=[f"{t[0]}={t[1]!r}" for t in STRICT])
def test_strict_inputs_are_errors_at_the_cell(files, tmp_path, path, typed, fragment):
    out = _edit(files["ent"], tmp_path / "t.xlsx", _set(ENT, path, typed))
    errors = _errors(out)
    sheet, ref = _cell(ENT, path)
    assert [(p.sheet, p.cell) for p in errors] == [(sheet, ref)]
    assert fragment in errors[0].message
    assert errors[0].value != "" or typed == ""


def test_all_problems_at_once(files, tmp_path):
    def fn(wb):
        for path, value in (("application.output_value", "很多"), ("process.onsite_start", "下周一"),
                            ("satisfaction.level", "特别满意"), ("review.result", "通过")):
            s, ref = _cell(ENT, path)
            wb[s][ref].value = value

    errors = _errors(_edit(files["ent"], tmp_path / "t.xlsx", fn))
    assert {p.sheet for p in errors} == {S.APPLICATION, S.PROCESS, S.SATISFACTION, S.REWARD}
    assert len(errors) == 4


# ── indicators: percent handling, 不适用, wrong entries ─────────────────────
def test_percent_cells(files, tmp_path):
    # indicator 3 清洁能源使用率 (%), indicator 1 能源产出率 (万元/tce)
    def fn(wb):
        ws = wb[S.INDICATORS]
        ws.cell(*_ind(0, 3)).value = "85%"
        c = ws.cell(*_ind(1, 3))
        c.value = 0.85
        c.number_format = "0%"
        ws.cell(*_ind(2, 3)).value = 0.85
        ws.cell(*_ind(0, 2)).value = "不适用 "
        ws.cell(*_ind(1, 2)).value = 130

    result = read_case(_edit(files["park"], tmp_path / "t.xlsx", fn))
    assert result.ok, result.errors
    years = result.case.indicator_years
    assert years[0].entries[2].value == 85.0
    assert years[1].entries[2].value == 85.0  # shown as 85% → 85, as the sheet's score reads it: no warning
    assert years[2].entries[2].value == 0.85  # bare number ≤ 1: kept, with a warning
    assert years[0].entries[1].not_applicable and years[0].entries[1].value is None
    assert years[1].entries[1].value == 130.0
    warned = {p.cell for p in result.warnings if p.sheet == S.INDICATORS}
    letters = [openpyxl.utils.get_column_letter(S.year_columns(i)[0]) for i in range(3)]
    r3, r2 = S.INDICATOR_FIRST_ROW + 2, S.INDICATOR_FIRST_ROW + 1
    assert {f"{letters[0]}{r3}", f"{letters[2]}{r3}", f"{letters[1]}{r2}"} <= warned
    assert f"{letters[1]}{r3}" not in warned


@pytest.mark.parametrize("number,value,fragment", [(12, "有", "可选值"), (12, 1, "定性指标"), (1, "很好", "数字"),
                                                    (5, "1.2亿元", "亿"), (3, "85％％", "数字")])
def test_bad_indicator_entries(files, tmp_path, number, value, fragment):
    def fn(wb):
        wb[S.INDICATORS].cell(*_ind(1, number)).value = value

    errors = _errors(_edit(files["park"], tmp_path / "t.xlsx", fn))
    assert len(errors) == 1 and errors[0].sheet == S.INDICATORS and fragment in errors[0].message
    assert f"指标{number}" in errors[0].message


# ── structure: rows and sheets moved, inserted, deleted, renamed ──────────
def test_inserted_rows_and_reordered_extra_sheets_read_the_same(files, tmp_path):
    def fn(wb):
        wb[S.APPLICATION].insert_rows(4, 2)
        wb[S.APPLICATION]["A4"] = "（我加的备注行）"
        wb[S.INDICATORS].insert_rows(S.INDICATOR_FIRST_ROW + 10)
        wb[S.BASIC].insert_rows(5)
        wb[S.PROVIDER].insert_rows(8)
        wb[S.TEAM.sheet].insert_rows(2)
        wb[S.RETROFIT].insert_rows(6)
        wb.move_sheet(S.NARRATIVE, offset=-6)
        wb.move_sheet(S.INDICATORS, offset=3)
        wb.create_sheet("我的草稿")["A1"] = "园区名称"

    result = read_case(_edit(files["park"], tmp_path / "t.xlsx", fn))
    assert result.ok, result.errors
    assert result.case == samples.sample_park()


def test_deleted_rows_are_errors_not_misreads(files, tmp_path):
    def fn(wb):
        sheet, ref = _cell(CaseKind.PARK, "application.contact_mobile")
        wb[sheet].delete_rows(int(ref[1:]))
        wb[S.INDICATORS].delete_rows(S.INDICATOR_FIRST_ROW + 4)  # indicator 5
        wb[S.BASIC].delete_rows(4)  # requirement 2

    errors = _errors(_edit(files["park"], tmp_path / "t.xlsx", fn))
    text = " ".join(p.message for p in errors)
    assert "联系人手机" in text and "缺少指标 5" in text and "基础性要求第2项" in text


def test_renamed_and_missing_sheets(files, tmp_path):
    def fn(wb):
        wb[S.APPLICATION].title = "申请表(1)"
        del wb[S.INDICATORS]

    errors = _errors(_edit(files["park"], tmp_path / "t.xlsx", fn))
    by_sheet = {p.sheet: p.message for p in errors}
    assert "申请表(1)" in by_sheet[S.APPLICATION]
    assert S.INDICATORS in by_sheet


def test_merged_input_cell(files, tmp_path):
    sheet, ref = _cell(ENT, "application.industry")
    row = int(ref[1:])

    def fn(wb):
        wb[sheet].merge_cells(f"A{row}:B{row}")

    errors = _errors(_edit(files["ent"], tmp_path / "t.xlsx", fn))
    assert [(p.sheet, p.cell) for p in errors] == [(sheet, ref)] and "合并" in errors[0].message


def test_merged_value_with_neighbour_is_fine(files, tmp_path):
    sheet, ref = _cell(ENT, "application.industry")
    row = int(ref[1:])
    result = read_case(_edit(files["ent"], tmp_path / "t.xlsx", lambda wb: wb[sheet].merge_cells(f"B{row}:C{row}")))
    assert result.ok and result.case.application.industry == samples.sample_enterprise_large().application.industry


def test_changed_header_and_duplicated_label(files, tmp_path):
    def fn(wb):
        ws = wb[S.TEAM.sheet]
        hdr = next(r for r in range(1, 60) if ws.cell(r, 1).value == "序号" and ws.cell(r, 2).value == "姓名")
        ws.cell(hdr, 2).value = "名字"
        s, ref = _cell(ENT, "application.industry")
        wb[s][f"A{int(ref[1:]) + 1}"] = "企业所属行业"

    errors = _errors(_edit(files["ent"], tmp_path / "t.xlsx", fn))
    text = " ".join(p.message for p in errors)
    assert "表头" in text and "出现多次" in text


def test_record_rules(files, tmp_path):
    def fn(wb):
        ws = wb[S.TEAM.sheet]
        hdr = next(r for r in range(1, 60) if ws.cell(r, 1).value == "序号" and ws.cell(r, 2).value == "姓名")
        ws.cell(hdr + 10, 4).value = "高级工程师"  # a row without a name
        rf = wb[S.RETROFIT]
        rf["B5"], rf["C5"], rf["D5"] = "光伏改造", 100, 150  # fixed assets > total
        s, e = _cell(ENT, "process.onsite_start")[1], _cell(ENT, "process.onsite_end")[1]
        wb[S.PROCESS][s], wb[S.PROCESS][e] = date(2026, 3, 10), date(2026, 3, 2)

    errors = _errors(_edit(files["ent"], tmp_path / "t.xlsx", fn))
    text = " ".join(p.message for p in errors)
    assert "“姓名”为必填项" in text and "大于总投资" in text and "早于开始日期" in text


def test_kind_cell_tampered(files, tmp_path):
    errors = _errors(_edit(files["ent"], tmp_path / "t.xlsx", lambda wb: wb[S.APPLICATION].__setitem__("B3", "工厂")))
    assert errors[0].cell == "B3" and "园区" in errors[0].message


def test_edited_parameter_is_a_warning(files, tmp_path):
    from greendiag.workbooks.builder import PARAM_ROWS

    result = read_case(_edit(files["park"], tmp_path / "t.xlsx",
                             lambda wb: wb[S.PARAMS].cell(PARAM_ROWS[CaseKind.PARK]["indicator_01"], 3).__setattr__("value", 4)))
    assert result.ok
    assert any(p.sheet == S.PARAMS and "内置值 3" in p.message for p in result.warnings)


def test_huge_used_range(files, tmp_path):
    def fn(wb):
        wb[S.APPLICATION]["XFD1048576"] = "远处的单元格"
        wb[S.INDICATORS]["XFD1048576"] = 1

    out = _edit(files["park"], tmp_path / "t.xlsx", fn)
    assert openpyxl.load_workbook(out, read_only=True)[S.APPLICATION].max_row == 1048576
    result = read_case(out)
    assert result.ok and result.case == samples.sample_park()


# ── hostile files ─────────────────────────────────────────────────────────
HOSTILE = {
    "zip_bomb": (lambda f, d: corpus.make_zip_bomb_total(d / "bomb.xlsx"), "压缩炸弹"),
    "zip_bomb_ratio": (lambda f, d: corpus.make_zip_bomb_ratio(d / "bomb2.xlsx"), "压缩"),
    "huge_sheet": (lambda f, d: corpus.make_huge_sheet(f["ent"], d / "huge.xlsx"), "异常庞大"),
    "xxe": (lambda f, d: corpus.make_xxe(f["ent"], d / "xxe.xlsx"), "外部实体"),
    "xxe_late": (lambda f, d: corpus.make_xxe(f["ent"], d / "xxe2.xlsx", late=True), "外部实体"),
    "billion_laughs": (lambda f, d: corpus.make_billion_laughs(f["ent"], d / "lol.xlsx"), "DTD"),
    "encrypted": (lambda f, d: corpus.make_encrypted(f["ent"], d / "pw.xlsx"), "密码"),
    "old_xls": (lambda f, d: corpus.make_old_ole(d / "old.xlsx"), ".xls"),
    "csv_renamed": (lambda f, d: corpus.make_text_renamed(d / "csv.xlsx"), "不是 Excel"),
    "pdf_renamed": (lambda f, d: corpus.make_pdf_renamed(d / "pdf.xlsx"), "不是 Excel"),
    "docx_zip": (lambda f, d: corpus.make_zip_not_workbook(d / "doc.xlsx"), "不是 Excel"),
    "truncated": (lambda f, d: corpus.make_truncated(f["ent"], d / "half.xlsx"), "不是 Excel"),
    "empty": (lambda f, d: (d / "empty.xlsx").write_bytes(b"") or d / "empty.xlsx", "为空"),
    "missing": (lambda f, d: d / "nope.xlsx", "不存在"),
    "folder": (lambda f, d: d, "文件夹"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_files_give_one_clear_error(files, tmp_path, name):
    make, fragment = HOSTILE[name]
    path = make(files, tmp_path)
    errors = _errors(path)
    assert len(errors) == 1 and fragment in errors[0].message, errors


@pytest.mark.parametrize("name", ["zip_bomb", "xxe", "encrypted", "csv_renamed", "missing"])
def test_check_command_on_hostile_files(files, tmp_path, name):
    path = HOSTILE[name][0](files, tmp_path)
    res = CliRunner().invoke(app, ["check", str(path)])
    assert res.exit_code == 1
    assert "Traceback" not in res.output and res.exception is None or isinstance(res.exception, SystemExit)
    assert HOSTILE[name][1] in res.output.replace("\n", "").replace("│", "").replace(" ", "") or "错误" in res.output


def test_check_command_ok_and_json(files, tmp_path):
    import json

    from tests.complete import complete

    park = fill_case(complete(samples.sample_park(), tmp_path), tmp_path / "park.xlsx")  # with its photos
    res = CliRunner().invoke(app, ["check", str(park)])
    assert res.exit_code == 0 and "通过" in res.output
    res = CliRunner().invoke(app, ["check", str(park), "--json"])
    data = json.loads(res.output)
    assert res.exit_code == 0 and data["ok"] and data["kind"] == "园区" and data["errors"] == 0
    assert all(set(p) == {"sheet", "cell", "value", "message", "severity"} for p in data["problems"])


def test_onsite_year_without_calendar_is_a_warning(files, tmp_path):
    def fn(wb):
        for path, d in (("process.onsite_start", date(2099, 3, 2)), ("process.onsite_end", date(2099, 3, 6))):
            s, ref = _cell(ENT, path)
            wb[s][ref].value = d

    result = read_case(_edit(files["ent"], tmp_path / "t.xlsx", fn))
    assert result.ok
    assert sum("2099年" in p.message and "chinesecalendar" in p.message for p in result.warnings) == 2


def test_roster_below_the_provider_form_in_older_templates(files, tmp_path):
    """Templates before 工作组成员 had its own sheet kept the roster on 服务商与工作组: still read."""
    def fn(wb):
        team, prov = wb[S.TEAM.sheet], wb[S.PROVIDER]
        top = prov.max_row + 2
        for r in range(4, team.max_row + 1):
            for c in range(1, 8):
                v = team.cell(r, c).value
                if not (isinstance(v, str) and v.startswith("=")):
                    prov.cell(top + r - 4, c).value = v
        wb.remove(team)

    result = read_case(_edit(files["park"], tmp_path / "t.xlsx", fn))
    assert result.ok, result.errors
    assert result.case.team == samples.sample_park().team

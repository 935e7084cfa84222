"""Silent misreads of issue 12, one test per class: each reads right or is an error naming sheet and cell.

Workbooks are the sample cases edited through openpyxl the way the files arise (pasted text,
copied sheets, rows typed below a table, numbers where text belongs); see also
``tests/test_robustness.py`` for the random version of the same edits.
"""

from __future__ import annotations

import openpyxl
import pytest

from greendiag.rules.models import CaseKind
from greendiag.workbooks import read_case
from greendiag.workbooks import spec as S
from tests.opened import open_workbook

PARK, ENT = CaseKind.PARK, CaseKind.ENTERPRISE


@pytest.fixture(scope="module")
def files(sample_workbooks):
    return {PARK: sample_workbooks["park"], ENT: sample_workbooks["enterprise_large"]}


def cell_of(kind: CaseKind, path: str) -> tuple[str, str]:
    for name, form in S.forms_for(kind).items():
        for f in form.fields:
            if f.path == path:
                return name, form.cell_of(path)
    raise KeyError(path)


def edited(files, tmp_path, kind, fn):
    wb = open_workbook(files[kind])
    fn(wb)
    out = tmp_path / "edited.xlsx"
    wb.save(out)
    return read_case(out)


def put(kind, path, value):
    sheet, ref = cell_of(kind, path)

    def fn(wb):
        wb[sheet][ref].value = value

    return fn


def only_error_at(result, sheet, ref, fragment=""):
    assert result.case is None
    where = [(p.sheet, p.cell) for p in result.errors]
    assert where == [(sheet, ref)], result.errors
    assert fragment in result.errors[0].message, result.errors[0].message
    return result.errors[0]


def team_header(ws) -> int:
    return next(r for r in range(1, 80) if ws.cell(r, 1).value == "序号" and ws.cell(r, 2).value == "姓名")


# ── sheets ────────────────────────────────────────────────────────────────
def test_hidden_stale_sheet_with_visible_edited_copy_is_refused(files, tmp_path):
    sheet, ref = cell_of(ENT, "application.output_value")

    def fn(wb):
        copy = wb.copy_worksheet(wb[S.APPLICATION])
        copy.title = f"{S.APPLICATION} (2)"
        copy[ref] = 99  # the edited copy …
        wb[S.APPLICATION].sheet_state = "hidden"  # … and the stale original, hidden

    result = edited(files, tmp_path, ENT, fn)
    err = only_error_at(result, f"{S.APPLICATION} (2)", "", "无法确定哪一份是最新的")
    assert "隐藏" in err.message


def test_visible_copy_next_to_the_original_is_refused(files, tmp_path):
    def fn(wb):
        wb.copy_worksheet(wb[S.PROCESS]).title = f"{S.PROCESS}（2）"

    only_error_at(edited(files, tmp_path, ENT, fn), f"{S.PROCESS}（2）", "", S.PROCESS)


def test_hidden_sheet_alone_is_read_with_a_warning(files, tmp_path):
    result = edited(files, tmp_path, ENT, lambda wb: setattr(wb[S.NARRATIVE], "sheet_state", "hidden"))
    assert result.ok and any(p.sheet == S.NARRATIVE and "隐藏" in p.message for p in result.warnings)


# ── tables ────────────────────────────────────────────────────────────────
def test_row_typed_below_the_total_row_is_reported(files, tmp_path):
    def fn(wb):
        ws = wb[S.RETROFIT]
        total = next(r for r in range(1, 200) if ws.cell(r, 1).value == "合计")
        ws.cell(total + 1, 2).value = "补充项目：余热回收"
        ws.cell(total + 1, 3).value = 500

    result = edited(files, tmp_path, PARK, fn)
    assert result.case is None
    assert {(p.sheet, p.cell[:1]) for p in result.errors} == {(S.RETROFIT, "B"), (S.RETROFIT, "C")}
    assert all("合计" in p.message for p in result.errors)


def test_row_typed_below_the_team_table_is_read_not_dropped(files, tmp_path):
    def fn(wb):
        ws = wb[S.TEAM.sheet]
        last = team_header(ws) + S.TEAM.capacity
        ws.cell(last + 1, 2).value = "新成员"
        ws.cell(last + 1, 6).value = "专家成员"

    result = edited(files, tmp_path, PARK, fn)
    assert result.ok and result.case.team[-1].name == "新成员"


def test_values_outside_the_indicator_and_basic_rows_are_reported(files, tmp_path):
    def fn(wb):
        wb[S.INDICATORS].cell(S.INDICATOR_FIRST_ROW + 31 + 3, S.year_columns(0)[0]).value = 42
        wb[S.BASIC]["C11"] = "是"

    result = edited(files, tmp_path, PARK, fn)
    col = openpyxl.utils.get_column_letter(S.year_columns(0)[0])
    assert {(p.sheet, p.cell) for p in result.errors} == {
        (S.INDICATORS, f"{col}{S.INDICATOR_FIRST_ROW + 34}"), (S.BASIC, "C11")}


# ── text ──────────────────────────────────────────────────────────────────
def test_excel_escapes_are_decoded(files, tmp_path):
    result = edited(files, tmp_path, ENT, put(ENT, "application.address", "北京市_x000D__x000A_示例路1号_x005F_x0041_"))
    assert result.ok and result.case.application.address == "北京市\n示例路1号_x0041_"


def test_invisible_only_name_is_blank(files, tmp_path):
    sheet, ref = cell_of(ENT, "application.name")
    only_error_at(edited(files, tmp_path, ENT, put(ENT, "application.name", "\u200b\u2060\u3164 \u200b")),
                  sheet, ref, "必填")

    def member(wb):
        ws = wb[S.TEAM.sheet]
        r = team_header(ws) + 1
        ws.cell(r, 2).value = "\u200b\ufeff"

    result = edited(files, tmp_path, ENT, member)
    assert result.case is None and any("“姓名”为必填项" in p.message for p in result.errors)


def test_zero_width_characters_inside_text_are_refused_at_their_cell(files, tmp_path):
    sheet, ref = cell_of(ENT, "application.industry")
    error = only_error_at(edited(files, tmp_path, ENT, put(ENT, "application.industry", "\u200b汽车\u200b制造\ufeff")),
                          sheet, ref, "零宽字符（U+200B）")
    assert "\u200b" in error.value or "汽车" in error.value


def test_zero_width_characters_at_the_ends_are_white_space(files, tmp_path):
    result = edited(files, tmp_path, ENT, put(ENT, "application.industry", "\ufeff\u200b汽车制造\u200b"))
    assert result.ok and result.case.application.industry == "汽车制造"


@pytest.mark.parametrize("value", ["\u202e造制车汽", "汽车\u2066制造\u2069", "\u200f汽车制造", "汽车制造\u202c"])
def test_direction_marks_are_refused_at_their_cell(files, tmp_path, value):
    sheet, ref = cell_of(ENT, "application.industry")
    only_error_at(edited(files, tmp_path, ENT, put(ENT, "application.industry", value)), sheet, ref, "文字方向控制字符")


def test_a_table_cell_with_a_direction_mark_is_refused_not_reordered(files, tmp_path):
    def member(wb):
        ws = wb[S.TEAM.sheet]
        ws.cell(team_header(ws) + 1, 2).value = "张\u202e三"

    result = edited(files, tmp_path, ENT, member)
    assert result.case is None and {p.sheet for p in result.errors} == {S.TEAM.sheet}
    assert any("文字方向控制字符" in p.message and p.cell == "B5" for p in result.errors), result.errors


@pytest.mark.parametrize("value", ["#REF!", "#N/A", " #DIV/0! ", "#VALUE!"])
def test_error_values_are_rejected_with_their_cell(files, tmp_path, value):
    sheet, ref = cell_of(ENT, "application.industry")
    only_error_at(edited(files, tmp_path, ENT, put(ENT, "application.industry", value)), sheet, ref, "错误值")


def test_error_value_is_not_a_team_member(files, tmp_path):
    def fn(wb):
        ws = wb[S.TEAM.sheet]
        r = team_header(ws) + 1
        ws.cell(r, 2).value = "#N/A"

    result = edited(files, tmp_path, ENT, fn)
    assert result.case is None
    (err,) = result.errors
    assert err.sheet == S.TEAM.sheet and err.cell == f"B{team_header(openpyxl.load_workbook(files[ENT])[S.TEAM.sheet]) + 1}"


def test_true_in_a_text_field_is_not_printed_as_yes(files, tmp_path):
    result = edited(files, tmp_path, ENT, put(ENT, "application.main_products", True))
    assert result.ok and result.case.application.main_products == "TRUE"
    assert any("逻辑值" in p.message for p in result.warnings)


# ── numbers ───────────────────────────────────────────────────────────────
@pytest.mark.parametrize("value", ["10²", "①②", "½"])
def test_compatibility_characters_never_change_a_number(files, tmp_path, value):
    sheet, ref = cell_of(ENT, "application.output_value")
    only_error_at(edited(files, tmp_path, ENT, put(ENT, "application.output_value", value)), sheet, ref, "数字")


def test_superscript_in_an_indicator_is_an_error(files, tmp_path):
    def fn(wb):
        wb[S.INDICATORS].cell(S.INDICATOR_FIRST_ROW, S.year_columns(1)[0]).value = "10²"

    result = edited(files, tmp_path, PARK, fn)
    assert result.case is None and [p.sheet for p in result.errors] == [S.INDICATORS]


@pytest.mark.parametrize("path,value", [("application.output_value", 1e308), ("application.output_value", "1E+308"),
                                        ("application.output_value", 2e9), ("application.employees", 10**9)])
def test_absurd_magnitudes_are_rejected(files, tmp_path, path, value):
    sheet, ref = cell_of(ENT, path)
    err = only_error_at(edited(files, tmp_path, ENT, put(ENT, path, value)), sheet, ref, "超出合理范围")
    assert len(err.value) < 30 and len(err.message) < 200


def test_absurd_indicator_magnitude_is_rejected(files, tmp_path):
    def fn(wb):
        wb[S.INDICATORS].cell(S.INDICATOR_FIRST_ROW + 2, S.year_columns(2)[0]).value = 1e300

    result = edited(files, tmp_path, PARK, fn)
    assert result.case is None and "超出合理范围" in result.errors[0].message


# ── identifiers ───────────────────────────────────────────────────────────
def test_credit_code_stored_as_number_is_rejected(files, tmp_path):
    sheet, ref = cell_of(ENT, "application.credit_code")
    err = only_error_at(edited(files, tmp_path, ENT, put(ENT, "application.credit_code", 911101087890123456)),
                        sheet, ref, "文本")
    assert err.value == "9.11101E+17"  # as Excel shows it, not 9.11101087890123e+17


def test_credit_code_as_text_is_kept(files, tmp_path):
    result = edited(files, tmp_path, ENT, put(ENT, "application.credit_code", "91110108551385082Q"))
    assert result.ok and result.case.application.credit_code == "91110108551385082Q"


@pytest.mark.parametrize("code, fragment", [
    ("91110108551385082", "应为 18 位，现为 17 位"),
    ("91110108551385082QQ", "应为 18 位，现为 19 位"),
    ("9111010855138508IQ", "第17位“I”不可用"),
    ("91110108551385083Q", "第17位（组织机构代码校验码）应为“2”，现为“3”"),
    ("91110108551385082R", "第18位（校验码）应为“Q”，现为“R”"),
])
def test_credit_code_that_does_not_check_is_an_error_at_its_cell(files, tmp_path, code, fragment):
    sheet, ref = cell_of(ENT, "application.credit_code")
    err = only_error_at(edited(files, tmp_path, ENT, put(ENT, "application.credit_code", code)), sheet, ref, fragment)
    assert "GB 32100-2015" in err.message and err.value == code


def test_park_credit_code_is_checked_too(files, tmp_path):
    sheet, ref = cell_of(PARK, "application.credit_code")
    only_error_at(edited(files, tmp_path, PARK, put(PARK, "application.credit_code", "11110000MB0000000X")),
                  sheet, ref, "第18位（校验码）应为“U”")


def test_phone_numbers_as_numbers(files, tmp_path):
    result = edited(files, tmp_path, ENT, put(ENT, "application.contact_mobile", 13900001002))
    assert result.ok and result.case.application.contact_mobile == "13900001002"
    sheet, ref = cell_of(ENT, "provider.contact_phone")
    only_error_at(edited(files, tmp_path, ENT, put(ENT, "provider.contact_phone", 1.39e17)), sheet, ref, "15 位")


# ── the normaliser itself ─────────────────────────────────────────────────
def test_text_normaliser_units():
    from greendiag.workbooks import text as T

    assert T.cell_text(" a_x000D__x000A_b\u3000") == "a\nb"
    assert T.cell_text("_x005F_x000D_") == "_x000D_"
    assert T.cell_text("a\x0bb\ud800c") == "abc"
    assert T.is_blank_text("\u200b\u3000\u3164\u2800\u00a0") and not T.is_blank_text("\u200b张")
    assert T.narrow("１２３％，．") == "123%,." and T.narrow("10²①½") == "10²①½"
    assert T.is_error_value("#N/A") and T.is_error_value("＃ＲＥＦ！") and not T.is_error_value("#1")
    assert T.xml_safe("a\x00b\x1fc\ufffe\td\n") == "abc\td\n"


# ── memory: a merged range openpyxl would expand ─────────────────────────
def test_huge_merged_range_is_refused_before_openpyxl(files, tmp_path):
    from tests import corpus

    out = corpus.make_huge_merge(files[PARK], tmp_path / "merged.xlsx")
    result = read_case(out)
    (err,) = result.errors
    assert "F1:XFD1048576" in err.message and "合并" in err.message
    assert any(ws in err.message for ws in S.sheets_for(PARK))  # names the sheet, not the XML part


def test_ordinary_merges_still_read(files, tmp_path):
    def fn(wb):
        wb[S.NARRATIVE].merge_cells("E1:XFD1")  # a whole-row title merge

    assert edited(files, tmp_path, PARK, fn).ok


def test_dense_tiny_cells_and_styles_are_refused_before_openpyxl(files, tmp_path):
    """24 MB of tiny cells (within the XML limits, 650 MB in openpyxl) and 150 000 cell formats."""
    import random
    import re
    import zipfile

    from tests import corpus

    row = "".join("<c><v>1</v></c>" for _ in range(50))

    def dense(_data: bytes) -> bytes:
        rows = "".join(f'<row r="{r}">{row}</row>' for r in range(1, 12_000))
        return ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                + rows + "</sheetData></worksheet>").encode()

    out = corpus.rewrite_member(files[PARK], tmp_path / "dense.xlsx", "xl/worksheets/sheet1.xml", dense)
    (err,) = read_case(out).errors
    assert "单元格" in err.message and S.README in err.message

    rnd = random.Random(1)
    xfs = b"".join(b'<xf numFmtId="%d" fontId="0" fillId="0" borderId="0"/>' % rnd.randint(0, 200)
                   for _ in range(150_000))

    def styles(data: bytes) -> bytes:
        return re.sub(rb'<cellXfs count="\d+">', b'<cellXfs count="150000">' + xfs, data, count=1)

    out = corpus.rewrite_member(files[PARK], tmp_path / "styles.xlsx", "xl/styles.xml", styles)
    assert zipfile.is_zipfile(out)
    (err,) = read_case(out).errors
    assert "格式" in err.message


@pytest.mark.parametrize("number,state,own", [(12, "是", "具备/不具备/不适用"), (30, "完善", "是/否/不适用"),
                                              (29, " 具备 ", "完善/较完善/不完善/不适用")])
def test_state_of_another_qualitative_indicator_is_an_error(files, tmp_path, number, state, own):
    """A state pasted into a qualitative indicator that does not offer it (the sheet's list refuses it
    when typed) is an error naming the cell and the indicator's own states, never a silent 0."""
    col = openpyxl.utils.get_column_letter(S.year_columns(1)[0])
    ref = f"{col}{S.INDICATOR_FIRST_ROW + number - 1}"

    def fn(wb):
        wb[S.INDICATORS][ref].value = state

    err = only_error_at(edited(files, tmp_path, PARK, fn), S.INDICATORS, ref, f"本指标只能选择 {own}")
    assert f"指标{number}" in err.message and "其他定性指标的状态" in err.message


@pytest.mark.parametrize("value", ["10²", "①", "½"])
def test_excel_function_refuses_what_the_reader_refuses_with_the_same_words(files, tmp_path, value):
    """INDICATOR_SCORE and PARK_SCORE read text through the reader's normaliser and parser (no NFKC)."""
    from greendiag.addin.udfs import INDICATOR_SCORE, PARK_SCORE

    def fn(wb):
        wb[S.INDICATORS].cell(S.INDICATOR_FIRST_ROW, S.year_columns(1)[0]).value = value

    result = edited(files, tmp_path, PARK, fn)
    assert result.case is None and len(result.errors) == 1
    reader = result.errors[0].message  # 第1年 指标1“能源产出率”（单位：万元/tce）：应填写数字…；无法获得的请填“不适用”
    why = reader.split("（单位：万元/tce）：", 1)[1]
    udf = INDICATOR_SCORE(1, value)
    assert udf == f"错误：参数 indicator_value（指标1“能源产出率”，单位：万元/tce）：{why}"
    assert PARK_SCORE([value] + [None] * 30) == f"错误：参数 values（指标1“能源产出率”，单位：万元/tce）：{why}"
    assert INDICATOR_SCORE(1, "６") == INDICATOR_SCORE(1, 6.0) == 120  # full-width digits still read as the reader does


# ── plausible sizes (rules.plausibility) ──────────────────────────────────
def test_output_value_typed_in_yuan_is_warned_at_its_cell_with_the_likely_value(files, tmp_path):
    sheet, ref = cell_of(ENT, "application.output_value")
    result = edited(files, tmp_path, ENT, put(ENT, "application.output_value", 850000000))
    [w] = [p for p in result.warnings if (p.sheet, p.cell) == (sheet, ref)]
    assert "按万元应为 85000" in w.message
    assert result.case is not None and result.case.application.output_value == 850000000


def test_confirmed_output_value_is_not_warned(files, tmp_path):
    sheet, ref = cell_of(ENT, "application.output_value")

    def fn(wb):
        put(ENT, "application.output_value", 850000000)(wb)
        put(ENT, "application.output_value_confirmed", "是")(wb)

    result = edited(files, tmp_path, ENT, fn)
    assert not [p for p in result.problems if (p.sheet, p.cell) == (sheet, ref)]
    assert result.case.application.output_value_confirmed is True


@pytest.mark.parametrize("score", [150, 100.5])
def test_grading_score_above_100_is_an_error_at_its_cell(files, tmp_path, score):
    sheet, ref = cell_of(ENT, "grading.score")
    only_error_at(edited(files, tmp_path, ENT, put(ENT, "grading.score", score)), sheet, ref, "0–100 分")


# ── one percent rule (values.measured) on 对标分析 ─────────────────────────
def _benchmark_row(wb, unit: str, value, fmt: str = "General") -> str:
    from greendiag.workbooks.enterprise import BENCHMARKS

    ws = wb[S.BENCHMARK]
    header = next(r for r in range(1, 20) if ws.cell(r, 2).value == "指标名称")
    cols = {c.path: 2 + i for i, c in enumerate(BENCHMARKS.columns)}
    r = header + 1
    ws.cell(r, cols["unit"]).value = unit
    c = ws.cell(r, cols["value_3"])
    c.value, c.number_format = value, fmt
    return c.coordinate


@pytest.mark.parametrize("value, fmt, unit, read, warned", [
    (0.95, "0%", "%", 95, ""),  # typed 95%: read as shown
    (95, "General", "%", 95, ""),
    (0.95, "General", "%", 0.95, "请确认是否应为 95"),  # questioned
    (150, "General", "%", 150, "大于 100"),
    (0.95, "0%", "t", 0.95, ""),  # not a percentage row: the number as stored
])
def test_benchmark_percent_rows_follow_the_indicator_rule(files, tmp_path, value, fmt, unit, read, warned):
    where = {}

    def fn(wb):
        where["ref"] = _benchmark_row(wb, unit, value, fmt)

    result = edited(files, tmp_path, ENT, fn)
    assert result.case is not None, result.errors
    assert result.case.benchmarks[0].value_3 == pytest.approx(read)
    msgs = [p.message for p in result.warnings if (p.sheet, p.cell) == (S.BENCHMARK, where["ref"])]
    assert (warned in msgs[0]) if warned else not msgs, msgs


# ── titles (第十一条第2项) ─────────────────────────────────────────────────
def _title(wb, kind, value) -> str:
    ws = wb[S.TEAM.sheet]
    header = next(r for r in range(1, 20) if ws.cell(r, 2).value in [c.label for c in S.TEAM.columns])
    col = 2 + [c.path for c in S.TEAM.columns].index("title")
    ws.cell(header + 1, col).value = value
    return ws.cell(header + 1, col).coordinate


@pytest.mark.parametrize("title, counted, warned", [("高工", True, False), ("高级技师", False, True), ("工程师", False, False)])
def test_short_title_counts_and_an_unlisted_senior_looking_title_is_named(files, tmp_path, title, counted, warned):
    from greendiag.rules.diagnosis import is_senior_title

    where = {}
    result = edited(files, tmp_path, ENT, lambda wb: where.setdefault("ref", _title(wb, ENT, title)))
    assert is_senior_title(title) is counted
    msgs = [p.message for p in result.warnings if p.cell == where["ref"] and p.sheet == S.TEAM.sheet]
    assert bool(msgs) is warned and (not warned or "不在高级职称名单上" in msgs[0])


# ── a notes column added to a form sheet ────────────────────────────────
def _notes_column(header: str | None):
    """A person inserts a column after “项目” on 申请表 and types notes in it; ``header``: what the
    header row then says above the input column (None: left as the template's “填写内容”)."""

    def fn(wb):
        ws = wb[S.APPLICATION]
        ws.insert_cols(2)
        for r in range(3, ws.max_row + 1):
            if ws.cell(r, 1).value:
                ws.cell(r, 2).value = "我的备注"
        if header is not None:
            ws.cell(2, 3).value = header

    return fn


@pytest.mark.parametrize("kind", [PARK, ENT])
def test_a_notes_column_before_the_input_column_is_not_read(files, tmp_path, kind):
    result = edited(files, tmp_path, kind, _notes_column(None))
    assert result.ok, result.errors
    assert result.case == read_case(files[kind]).case  # every field from the moved input column


def test_without_the_input_header_the_sheet_is_refused_not_read_from_the_notes(files, tmp_path):
    result = edited(files, tmp_path, PARK, _notes_column("内容"))
    assert result.case is None
    assert [(p.sheet, p.cell) for p in result.errors] == [(S.APPLICATION, "第2行")], result.errors
    assert "填写内容" in result.errors[0].message
    assert not any(p.value == "我的备注" for p in result.problems)

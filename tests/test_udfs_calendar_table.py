"""The optional last argument ``calendar_table`` of ONSITE_WORKDAYS, ONSITE_CHECK and BJ_CHANGE_DUE.

The range arrives as xlwings passes a range registered with ``ndim=2``: a list of rows, dates as
``datetime`` (date-formatted cells) or Excel serial floats, blank cells as ``None``.

2027 is a year chinesecalendar (≤ 2026) does not know.  The 2027 rows below are a TEST FIXTURE, a
plausible arrangement an officer might type, not the official State Council notice (which may differ):
元旦 2027-01-01 (Fri) – 01-03 放假; 国庆节 2027-10-01 (Fri) – 10-07 (Thu) 放假, 调休上班 Sunday
2027-09-26 and Saturday 2027-10-09.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import openpyxl

import greendiag.addin.udfs as u
from greendiag.addin.udf_args import _calendar_table
from greendiag.generator import samples
from greendiag.rules import working_days
from greendiag.workbooks import fill_case
from greendiag.workbooks import spec as S
from greendiag.workbooks.calendar import read_calendar_sheet

RULES = "《北京市制造业绿色诊断工作规则》"


def serial(d: date) -> float:
    """Excel 1900-system serial of ``d``, as a float like Excel passes it."""
    return float((d - date(1899, 12, 30)).days)


def dt(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d)


# a slice of 节假日安排!E:G as typed: datetimes, one row typed as a serial, a blank row in between, spare rows
TABLE_2027 = [
    [dt(2027, 1, 1), "放假", "元旦"], [dt(2027, 1, 2), "放假", "元旦"], [dt(2027, 1, 3), "放假", "元旦"],
    [None, None, None],
    [dt(2027, 9, 26), "调休上班", "国庆节"],
    *([dt(2027, 10, d), "放假", "国庆节"] for d in range(1, 7)),
    [serial(date(2027, 10, 7)), "放假", "国庆节"],
    [dt(2027, 10, 9), "调休上班", "国庆节"],
    *([None, None, None] for _ in range(5)),
]

UNKNOWN_2027 = (
    "错误：参数 start_date/end_date：日历库（chinesecalendar）未收录2027年的法定节假日和调休安排，无法计算工作日；"
    "请按《国务院办公厅关于2027年部分节假日安排的通知》在“节假日安排”表中录入2027年的放假和调休上班日期；"
    "在函数中可将该表作为最后一个参数 calendar_table 传入，如 …, 节假日安排表)"
)


def test_onsite_workdays_counts_2027_from_the_table():
    # Mon 09-27 – Thu 09-30 (4) + Fri 10-08 (1) + Sat 10-09 调休上班 (1); 10-01 – 10-07 放假
    assert u.ONSITE_WORKDAYS(dt(2027, 9, 27), dt(2027, 10, 9), TABLE_2027) == 6
    # + Fri 09-24, Sun 09-26 调休上班, Mon 10-11
    assert u.ONSITE_WORKDAYS(serial(date(2027, 9, 24)), serial(date(2027, 10, 11)), TABLE_2027) == 9
    assert u.ONSITE_WORKDAYS("2027-10-01", "2027-10-07", TABLE_2027) == 0
    assert u.ONSITE_WORKDAYS(dt(2027, 9, 26), dt(2027, 9, 26), TABLE_2027) == 1  # a Sunday worked
    assert u.ONSITE_WORKDAYS(dt(2027, 10, 10), dt(2027, 10, 10), TABLE_2027) == 0  # an ordinary Sunday


def test_without_the_table_2027_is_still_refused():
    for table in ((), (None,), ([[None, None, None]] * 3,)):
        assert u.ONSITE_WORKDAYS(dt(2027, 9, 27), dt(2027, 10, 9), *table) == UNKNOWN_2027
    assert "2027年" in u.ONSITE_CHECK("企业", dt(2027, 10, 8), dt(2027, 10, 9))
    assert "2027年" in u.BJ_CHANGE_DUE(dt(2027, 9, 1))
    # a table covering 2027 does not cover 2028: refused, naming both sources
    text = u.ONSITE_WORKDAYS(dt(2027, 12, 27), dt(2028, 1, 7), TABLE_2027)
    assert text.startswith("错误：") and "节假日安排”表和日历库（chinesecalendar）均未收录2028年" in text


def test_a_2027_table_leaves_2026_to_the_library():
    assert u.ONSITE_WORKDAYS(dt(2026, 9, 28), dt(2026, 10, 9)) == 5
    assert u.ONSITE_WORKDAYS(dt(2026, 9, 28), dt(2026, 10, 9), TABLE_2027) == 5
    assert u.ONSITE_WORKDAYS(serial(date(2026, 9, 30)), serial(date(2026, 10, 9)), TABLE_2027) == 3
    # across the new year: Mon 2026-12-28 – Thu 12-31 by the library (4), 2027 by the table
    # (01-01 放假, weekend, Mon 01-04 – Fri 01-08: 5)
    assert u.ONSITE_WORKDAYS(dt(2026, 12, 28), dt(2027, 1, 8), TABLE_2027) == 9
    assert u.BJ_CHANGE_DUE(serial(date(2026, 1, 31)), TABLE_2027) == date(2026, 3, 2)
    assert u.BJ_CHANGE_DUE(dt(2025, 9, 1), TABLE_2027) == date(2025, 10, 9)  # 2025 国庆节, library


def test_onsite_check_with_the_table():
    assert u.ONSITE_CHECK("园区", dt(2027, 9, 27), dt(2027, 10, 9), TABLE_2027) == "符合"
    assert u.ONSITE_CHECK("园区", dt(2027, 9, 30), dt(2027, 10, 8), TABLE_2027) == (
        f"不符合：园区现场诊断2个工作日，少于4个工作日（{RULES}第十二条）"
    )
    assert u.ONSITE_CHECK("企业", dt(2027, 10, 8), dt(2027, 10, 9), TABLE_2027) == "符合"  # Sat 10-09 worked
    assert u.ONSITE_CHECK("企业", dt(2027, 10, 7), dt(2027, 10, 8), TABLE_2027).startswith("不符合：企业现场诊断1个工作日")


def test_change_due_moves_off_a_2027_holiday():
    # 30 days after 2027-09-01 is Fri 2027-10-01 (国庆节, off until Thu 10-07) → Fri 10-08
    assert u.BJ_CHANGE_DUE(dt(2027, 9, 1), TABLE_2027) == date(2027, 10, 8)
    # 30 days after 2027-08-27 is Sun 2027-09-26, a 调休上班 day: not moved
    assert u.BJ_CHANGE_DUE(serial(date(2027, 8, 27)), TABLE_2027) == date(2027, 9, 26)
    # 30 days after 2027-08-28 is Mon 09-27: an ordinary working day
    assert u.BJ_CHANGE_DUE("2027-08-28", TABLE_2027) == date(2027, 9, 27)


def test_header_text_dates_two_columns_and_full_width_kinds_are_read():
    table = [
        ["日期", "类别"],
        ["2027-10-01", " 放假 "],
        ["2027年10月4日", "放\u3000假"],
        [serial(date(2027, 10, 5)), "放假"],
        [dt(2027, 10, 6), "放假"], [dt(2027, 10, 7), "放假"], [dt(2027, 10, 2), "放假"], [dt(2027, 10, 3), "放假"],
        [None, None],
        ["2027/10/09", "调休上班"],
    ]
    assert u.ONSITE_WORKDAYS(dt(2027, 9, 27), dt(2027, 10, 9), table) == 6
    assert u.ONSITE_WORKDAYS(dt(2027, 9, 27), dt(2027, 10, 9), [dt(2027, 10, 9), "调休上班"]) == 11  # one row, 1-D


def test_bad_rows_name_the_row_of_the_range():
    ok = [dt(2027, 10, 1), "放假", "国庆节"]
    cases = [
        ([ok, [None, None, None], [dt(2027, 10, 2), "休息", "国庆节"]],
         "参数 calendar_table 第3行的类别“休息”无效：应为“放假”或“调休上班”"),
        ([ok, ["十月一日", "放假", None]], "参数 calendar_table 第2行的日期“十月一日”无效：应为日期（如 2027-10-01）"),
        ([ok, [dt(2027, 10, 2), None, "国庆节"]], "参数 calendar_table 第2行未填写类别：应为“放假”或“调休上班”"),
        ([ok, [None, "放假", "国庆节"]], "参数 calendar_table 第2行未填写日期"),
        ([ok, [None] * 3, [serial(date(2027, 10, 1)), "调休上班", ""]],
         "参数 calendar_table 第3行的日期 2027-10-01 与第1行重复：每个日期只能填写一行"),
        ([[dt(2027, 10, 1)], [dt(2027, 10, 2)]], "参数 calendar_table 应为节假日安排表的2列或3列（日期、类别[、节日]），实际为1列"),
        ([ok + ["备注"]], "参数 calendar_table 应为节假日安排表的2列或3列（日期、类别[、节日]），实际为4列"),
        ([ok, [dt(2027, 10, 2), "放假", "#N/A"]], "参数 calendar_table 的第6个单元格是错误值 #N/A"),
    ]
    for table, message in cases:
        for result in (
            u.ONSITE_WORKDAYS(dt(2027, 9, 27), dt(2027, 10, 9), table),
            u.ONSITE_CHECK("园区", dt(2027, 9, 27), dt(2027, 10, 9), table),
            u.BJ_CHANGE_DUE(dt(2027, 9, 1), table),
        ):
            assert isinstance(result, str) and result.startswith(u.ERROR_PREFIX + message), (result, message)


def _type_2027(ws) -> None:
    """Type the fixture's 2027 into the blank rows of 节假日安排, as an officer would."""
    r = next(r for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value is None)
    ws.cell(r, 1).value, ws.cell(r, 2).value = 2027, "国务院办公厅关于2027年部分节假日安排的通知"
    r = next(r for r in range(5, ws.max_row + 1) if ws.cell(r, 5).value is None)
    rows = [row for row in TABLE_2027 if row[0] is not None]
    for k, (d, kind, name) in enumerate(rows):
        ws.cell(r + k, 5).value = d if isinstance(d, datetime) else datetime(1899, 12, 30) + timedelta(days=d)
        ws.cell(r + k, 6).value, ws.cell(r + k, 7).value = kind, name


def test_the_udf_reads_the_workbook_table_as_the_workbook_reader_does(tmp_path):
    path = fill_case(samples.sample_park(), tmp_path / "p.xlsx")
    wb = openpyxl.load_workbook(path)
    _type_2027(wb[S.CALENDAR])
    wb.save(path)
    ws = openpyxl.load_workbook(path, data_only=True)[S.CALENDAR]
    problems: list[str] = []
    sheet_cal = read_calendar_sheet(ws, lambda *a: problems.append(a[-1]), lambda *a: None)
    assert sheet_cal is not None, problems
    # what xlwings passes for 节假日安排!E5:G<last row>: rows of (datetime | None, text | None, text | None)
    rng = [[c.value for c in row] for row in ws.iter_rows(min_row=5, min_col=5, max_col=7)]
    udf_cal = _calendar_table(rng)
    assert udf_cal.days == sheet_cal.days and udf_cal.year_numbers == sheet_cal.year_numbers
    assert udf_cal.covers(2027) and udf_cal.covers(2026) and not udf_cal.covers(2028)
    spans = [(date(2027, 9, 27), date(2027, 10, 9)), (date(2026, 12, 28), date(2027, 1, 8))]
    spans += [(date(y, m, 1), date(y, m, 28)) for y in (2025, 2026, 2027) for m in range(1, 13)]
    for s, e in spans:
        assert u.ONSITE_WORKDAYS(s, e, rng) == working_days(s, e, sheet_cal), (s, e)


def test_the_defined_name_covers_the_whole_table_spare_rows_included(tmp_path):
    """``=ONSITE_WORKDAYS(C5, C6, 节假日安排表)``: the workbook's defined name spans every row of the
    right-hand table, so 2027 typed into the last spare row still counts."""
    path = fill_case(samples.sample_park(), tmp_path / "p.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[S.CALENDAR]
    (title, ref), = wb.defined_names["节假日安排表"].destinations
    assert title == S.CALENDAR
    cells = ws[ref.replace("$", "")]
    last = cells[-1][0].row
    assert [c.column_letter for c in cells[0]] == ["E", "F", "G"] and ws.cell(last + 1, 5).value is None
    assert ws.cell(last, 5).value is None and ws.cell(last, 5).fill.fgColor.rgb.endswith("FFF2CC")  # a spare input row
    first_blank = next(r for r in range(5, last + 1) if ws.cell(r, 5).value is None)
    rows = [r for r in range(first_blank, last + 1)][-len([x for x in TABLE_2027 if x[0] is not None]):]
    for r, entry in zip(rows, [x for x in TABLE_2027 if x[0] is not None]):
        ws.cell(r, 5).value, ws.cell(r, 6).value, ws.cell(r, 7).value = entry
    wb.save(path)
    ws = openpyxl.load_workbook(path, data_only=True)[S.CALENDAR]
    rng = [[c.value for c in row] for row in ws[ref.replace("$", "")]]
    assert u.ONSITE_WORKDAYS(dt(2027, 9, 27), dt(2027, 10, 9), rng) == 6

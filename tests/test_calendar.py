"""The statutory calendar that does not expire: the workbook's 节假日安排 table, the rules, deadlines.

2027 is a year chinesecalendar (≤ 2026) does not know.  The 2027 dates below are what an officer
would type from the State Council notice; they are test data (the real 2027 notice may differ):
国庆节 2027-10-01 (Fri) – 10-07 (Thu) 放假, 调休上班 Sunday 2027-09-26 and Saturday 2027-10-09.
"""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from greendiag import rules
from greendiag.generator import samples
from greendiag.rules import units
from greendiag.rules.diagnosis import deadline_last_day, is_workday, working_days
from greendiag.rules.holidays import (
    CalendarDay,
    CalendarYear,
    HolidayCalendar,
    calendar_from_days,
    library_calendar,
    overlay,
)
from greendiag.workbooks import build_template, fill_case, read_case
from greendiag.workbooks import spec as S
from greendiag.workbooks.calendar import (
    RECENT_YEARS,
    SPARE_DAYS,
    CalendarFileError,
    add_calendar_sheet,
    first_table_year,
    read_calendar_file,
    read_calendar_sheet,
)

NOTICE_2027 = "国务院办公厅关于2027年部分节假日安排的通知"
ENTRIES_2027 = [  # (date, 类别, 节日) as typed
    (date(2027, 1, 1), "放假", "元旦"), (date(2027, 1, 2), "放假", "元旦"), (date(2027, 1, 3), "放假", "元旦"),
    (date(2027, 9, 26), "调休上班", "国庆节"),
    *((date(2027, 10, d), "放假", "国庆节") for d in range(1, 8)),
    (date(2027, 10, 9), "调休上班", "国庆节"),
]
ONSITE = (date(2027, 9, 27), date(2027, 10, 9))  # Mon 27 – Thu 30 (4) + Fri 8 (1) + Sat 9 调休 (1)
WANT_DAYS = 6

CAL_2027 = HolidayCalendar(
    years=(CalendarYear(year=2027, notice=NOTICE_2027),),
    days=tuple(CalendarDay(day=d, kind=k, name=n) for d, k, n in ENTRIES_2027),
)


def _park_2027():
    case = samples.sample_park()
    return case.model_copy(update={
        "diagnosis_year": 2027,
        "process": case.process.model_copy(update={"onsite_start": ONSITE[0], "onsite_end": ONSITE[1]}),
    })


def _type_2027(path, *, text_dates: bool = False):
    """Type 2027 into the blank rows of 节假日安排, as an officer would from the notice
    (``text_dates``: dates typed as text 2027-10-01 and no holiday names, as pasted from a web page)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[S.CALENDAR]
    r = next(r for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value is None)
    ws.cell(r, 1).value, ws.cell(r, 2).value = 2027, NOTICE_2027
    r = next(r for r in range(5, ws.max_row + 1) if ws.cell(r, 5).value is None)
    for k, (d, kind, name) in enumerate(ENTRIES_2027):
        ws.cell(r + k, 5).value, ws.cell(r + k, 6).value = (d.isoformat() if text_dates else d), kind
        ws.cell(r + k, 7).value = None if text_dates else name
    wb.save(path)
    return path


# ── rules ──────────────────────────────────────────────────────────────────
def test_rules_refuse_an_unknown_year_and_count_it_from_the_calendar():
    with pytest.raises(ValueError, match="节假日安排"):
        working_days(*ONSITE)
    assert working_days(*ONSITE, CAL_2027) == WANT_DAYS
    assert rules.check_onsite("园区", *ONSITE, calendar=CAL_2027).ok
    assert not rules.check_onsite("园区", date(2027, 9, 30), date(2027, 10, 8), calendar=CAL_2027).ok  # 2 days
    assert is_workday(date(2027, 9, 26), CAL_2027) and not is_workday(date(2027, 10, 4), CAL_2027)
    # years the calendar does not cover still come from the library
    assert working_days(date(2026, 9, 28), date(2026, 10, 9), CAL_2027) == 5


def test_assess_case_uses_the_case_calendar():
    case = _park_2027()
    a = rules.assess_case(case)
    assert a.onsite_workdays is None and not a.onsite.ok and "2027" in a.onsite.text
    a = rules.assess_case(case.model_copy(update={"calendar": CAL_2027}))
    assert a.onsite_workdays == WANT_DAYS and a.onsite.ok


def test_day_count_deadline_moves_past_holidays():
    """《民法典》第二百零三条: 30 days after 2025-09-01 is 2025-10-01 (国庆节, off until 10-08)."""
    assert units.change_report_due(date(2025, 9, 1)) == date(2025, 10, 9)
    assert units.change_report_due(date(2026, 1, 31)) == date(2026, 3, 2)  # Monday: unchanged
    assert units.change_report_due(date(2026, 3, 6)) == date(2026, 4, 7)  # Sun 04-05 清明 → Tue 04-07 (04-06 off)
    assert units.change_report_due(date(2026, 1, 30)) == date(2026, 3, 2)  # Sun 03-01 → Mon
    assert units.change_report_due(date(2026, 1, 4)) == date(2026, 2, 3)  # Tuesday
    assert deadline_last_day(date(2027, 10, 3), CAL_2027) == date(2027, 10, 8)
    with pytest.raises(ValueError, match="2027"):
        units.change_report_due(date(2026, 12, 20))  # 2027-01-19: unknown year, not guessed
    assert "第二百零三条" in str(rules.load_params("bj_units")["change_report_days"].note)
    assert "第二百零二条" in str(rules.load_params("bj_park_guide")["follow_up_years"].note)


def test_calendar_from_days_covers_the_years_of_its_dates():
    """The table's rows alone: 2027 is covered (it has entries), 2026 is not (the library decides)."""
    cal = calendar_from_days(reversed(ENTRIES_2027))
    assert cal == CAL_2027
    assert cal.covers(2027) and not cal.covers(2026)
    assert working_days(*ONSITE, cal) == WANT_DAYS
    assert calendar_from_days([]) == HolidayCalendar()
    with pytest.raises(ValueError, match="2027-10-01 重复"):
        calendar_from_days([ENTRIES_2027[4], (date(2027, 10, 1), "调休上班", "")])
    with pytest.raises(ValueError, match="类别“休息”无效"):
        calendar_from_days([(date(2027, 10, 1), "休息", "")])


def test_overlay_keeps_only_what_the_library_does_not_say():
    lib = library_calendar()
    assert overlay(lib) is None
    both = CAL_2027.merged(lib)
    assert overlay(both) == CAL_2027


# ── workbook ───────────────────────────────────────────────────────────────
def test_workbook_table_is_read_into_the_case(tmp_path):
    path = fill_case(_park_2027(), tmp_path / "p.xlsx")
    before = read_case(path)
    assert before.ok and before.case.calendar is None
    assert any("2027" in p.message and S.CALENDAR in p.message for p in before.warnings)
    assert rules.assess_case(before.case).onsite_workdays is None
    after = read_case(_type_2027(path))
    assert after.ok, after.errors
    assert after.case.calendar == CAL_2027
    assert rules.assess_case(after.case).onsite_workdays == WANT_DAYS
    assert not any("2027" in p.message and "未收录" in p.message for p in after.warnings)
    # a case that carries its calendar writes it into the table and reads back the same
    again = read_case(fill_case(after.case, tmp_path / "q.xlsx"))
    assert again.case == after.case


def _sheet_years(as_of, need=()):
    wb = openpyxl.Workbook()
    add_calendar_sheet(wb, as_of=as_of, need=need)
    ws = wb[S.CALENDAR]
    years = [ws.cell(r, 1).value for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value is not None]
    days = [ws.cell(r, 5).value for r in range(5, ws.max_row + 1) if ws.cell(r, 5).value is not None]
    spare = sum(1 for r in range(5, ws.max_row + 1) if ws.cell(r, 5).value is None and ws.cell(r, 5).style != "Normal")
    return ws, years, days, spare


def test_the_table_lists_the_librarys_recent_years_and_the_cases_onsite_years():
    """greendiag's default: the library's years from the build year − 2 on (2024–2026 when built in
    2026); a filled case's earlier on-site year (the library knows it) widens the table to it."""
    assert RECENT_YEARS == 2 and first_table_year(date(2026, 3, 1)) == 2024
    ws, years, days, spare = _sheet_years(date(2026, 3, 1))
    assert years == [2024, 2025, 2026]
    assert {d.year for d in days} == {2024, 2025, 2026}
    assert len(days) == sum(1 for d in library_calendar().days if d.day.year >= 2024)
    assert spare == SPARE_DAYS >= 3 * 41  # room for three new years (a notice gives at most 41 entries so far)
    assert "2024年起" in ws["A2"].value
    _, years, days, _ = _sheet_years(date(2026, 3, 1), need=[2019, 2099])  # 2099: unknown to the library
    assert years == list(range(2019, 2027)) and min(days).year == 2019
    # read back: the table's years, no warning (they agree with the library)
    ws, *_ = _sheet_years(date(2027, 1, 5))
    problems = []
    cal = read_calendar_sheet(ws, lambda *a: problems.append(a), lambda *a: problems.append(a))
    assert problems == [] and sorted(cal.year_numbers) == [2025, 2026]


def test_an_old_case_is_filled_with_its_year_and_a_template_warns_for_it(tmp_path):
    """A case whose on-site days fall before the table's years: fill_case lists that year (no warning);
    the template an officer fills lacks it, and the reader says so (greendiag counts it by the library)."""
    case = samples.sample_park()
    old = (date(2021, 9, 27), date(2021, 10, 12))
    case = case.model_copy(update={"process": case.process.model_copy(update={"onsite_start": old[0], "onsite_end": old[1]})})
    res = read_case(fill_case(case, tmp_path / "old.xlsx"))
    assert res.ok and res.case == case
    assert not any("未收录" in p.message for p in res.warnings)
    wb = openpyxl.load_workbook(tmp_path / "old.xlsx")
    ws = wb[S.CALENDAR]
    assert 2021 in [ws.cell(r, 1).value for r in range(5, 40)]
    # the same dates typed into a workbook whose table starts later: a warning naming the year, not an error
    for r in range(5, ws.max_row + 1):
        day = ws.cell(r, 5).value
        for first, hit in ((1, ws.cell(r, 1).value == 2021), (5, day is not None and day.year == 2021)):
            for c in range(first, first + 3) if hit else ():
                ws.cell(r, c).value = None
    wb.save(tmp_path / "later.xlsx")
    res = read_case(tmp_path / "later.xlsx")
    assert res.ok and res.case == case
    msgs = [p.message for p in res.warnings if "2021年" in p.message]
    assert len(msgs) == 2 and all("无该年节假日数据" in m and "按日历库" in m for m in msgs), msgs
    assert rules.assess_case(res.case).onsite_workdays == working_days(*old)
    # a template made for that diagnosis year (greendiag new --year 2021) lists it as well
    ws = openpyxl.load_workbook(build_template("park", tmp_path / "t2021.xlsx", year=2021))[S.CALENDAR]
    assert 2021 in [ws.cell(r, 1).value for r in range(5, 40)]


def test_table_entries_that_contradict_the_library_are_flagged(tmp_path, sample_workbooks):
    path = sample_workbooks.copy("park", tmp_path / "p.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[S.CALENDAR]
    row = next(r for r in range(5, ws.max_row + 1) if ws.cell(r, 5).value is not None
               and ws.cell(r, 5).value.date() == date(2026, 10, 7))
    ws.cell(row, 6).value = "调休上班"  # typo: a holiday marked as a working day
    wb.save(path)
    res = read_case(path)
    assert res.ok
    msgs = [p.message for p in res.warnings if p.sheet == S.CALENDAR]
    assert any("2026年" in m and "不一致" in m and "10-07" in m for m in msgs), msgs
    assert res.case.calendar is not None and res.case.calendar.covers(2026)
    assert rules.working_days(date(2026, 10, 7), date(2026, 10, 7), res.case.calendar) == 1


def test_bad_table_entries_are_errors(tmp_path, sample_workbooks):
    path = sample_workbooks.copy("park", tmp_path / "p.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[S.CALENDAR]
    r = next(r for r in range(5, ws.max_row + 1) if ws.cell(r, 5).value is None)
    ws.cell(r, 5).value, ws.cell(r, 6).value = date(2027, 10, 1), "休息"
    ws.cell(r + 1, 5).value, ws.cell(r + 1, 6).value = "十月一日", "放假"
    wb.save(path)
    res = read_case(path)
    assert not res.ok
    msgs = {p.cell: p.message for p in res.errors if p.sheet == S.CALENDAR}
    assert "类别" in msgs[f"F{r}"] and "日期无效" in msgs[f"E{r + 1}"]


def test_calendar_file_csv_and_xlsx(tmp_path, sample_workbooks):
    csv = tmp_path / "2027.csv"
    csv.write_text("日期,类别,节日,通知\n" + "\n".join(f"{d.isoformat()},{k},{n},{NOTICE_2027}" for d, k, n in ENTRIES_2027),
                   encoding="utf-8")
    assert read_calendar_file(csv) == CAL_2027
    xlsx = _type_2027(sample_workbooks.copy("park", tmp_path / "p.xlsx"))
    got = read_calendar_file(xlsx)
    assert got.covers(2027) and got.covers(2026) and overlay(got) == CAL_2027
    bad = tmp_path / "bad.csv"
    bad.write_text("日期,类别\n2027-13-01,放假\n", encoding="utf-8")
    with pytest.raises(CalendarFileError, match="第2行"):
        read_calendar_file(bad)


@pytest.mark.libreoffice
def test_native_formula_counts_2027_from_the_table(soffice, tmp_path):
    """The on-site working-day formula on 奖励测算, recalculated by LibreOffice, before and after
    the officer types 2027 into 节假日安排, agrees with the rules."""
    from greendiag.generator.office import recalculate

    src = tmp_path / "src"
    src.mkdir()
    blank = fill_case(_park_2027(), src / "before.xlsx")
    typed = _type_2027(fill_case(_park_2027(), src / "after.xlsx"))
    wb = openpyxl.load_workbook(typed)  # the defined name the Excel functions take (calendar_table) resolves
    wb[S.CALENDAR]["I1"] = '=COUNTIF(节假日安排表,"放假")'
    wb.save(typed)
    out = recalculate([blank, typed], tmp_path / "out")
    got = {}
    for p in out:
        ws = openpyxl.load_workbook(p, data_only=True)[S.REWARD]
        lab = {str(ws.cell(r, 1).value).strip(): r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}
        got[p.stem] = (ws.cell(lab["现场诊断工作日（个）"], 2).value, ws.cell(lab["现场诊断时间要求"], 2).value)
    assert got["before"] == ("无该年节假日数据", "不符合：现场诊断工作日无法计算（无该年节假日数据；第十二条）")
    assert got["after"] == (WANT_DAYS, "符合")
    listed = [d for d in library_calendar().days if d.day.year >= first_table_year()]  # the library's recent years
    holidays = sum(1 for d in listed if d.kind == "放假") + sum(1 for e in ENTRIES_2027 if e[1] == "放假")
    assert openpyxl.load_workbook(tmp_path / "out" / "after.xlsx", data_only=True)[S.CALENDAR]["I1"].value == holidays
    case = read_case(typed).case
    assert rules.assess_case(case).onsite_workdays == WANT_DAYS


def test_batch_calendar_file_fills_the_year_the_workbooks_lack(tmp_path):
    """``greendiag batch --calendar 2027.csv``: cases of 2027 get their on-site working days."""
    from typer.testing import CliRunner

    from greendiag.cli import app
    from greendiag.generator.batch import run_batch

    cases = tmp_path / "cases"
    cases.mkdir()
    fill_case(_park_2027(), cases / "p2027.xlsx")
    csv = tmp_path / "2027.csv"
    csv.write_text("日期,类别,节日\n" + "\n".join(f"{d.isoformat()},{k},{n}" for d, k, n in ENTRIES_2027), encoding="utf-8")
    plain = run_batch([cases], tmp_path / "a", jobs=1)
    assert plain.ledger.rows[0].onsite_workdays is None
    res = CliRunner().invoke(app, ["batch", str(cases), "--out", str(tmp_path / "b"), "--jobs", "1", "--calendar", str(csv)])
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(next((tmp_path / "b").glob("*.xlsx")), data_only=False)
    ws = wb["批次工作清单"]
    header = next(r for r in range(1, 10) if any(c.value == "现场工作日" for c in ws[r]))
    col = next(c.column for c in ws[header] if c.value == "现场工作日")
    assert ws.cell(header + 1, col).value == WANT_DAYS
    bad = tmp_path / "bad.csv"
    bad.write_text("x\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["batch", str(cases), "--out", str(tmp_path / "c"), "--calendar", str(bad)])
    assert res.exit_code == 1 and "--calendar" in res.output


def test_text_dates_are_read_but_warned(tmp_path):
    path = _type_2027(fill_case(_park_2027(), tmp_path / "p.xlsx"), text_dates=True)
    res = read_case(path)
    assert res.ok and res.case.calendar == CAL_2027.model_copy(
        update={"days": tuple(x.model_copy(update={"name": ""}) for x in CAL_2027.days)})
    assert sum("文本形式" in p.message for p in res.warnings if p.sheet == S.CALENDAR) == len(ENTRIES_2027)


def test_a_calendar_file_that_disagrees_with_the_workbook_is_a_warning_not_an_error(tmp_path):
    """``generate(..., calendar=…)`` (``batch --docs --calendar``): the workbook's own 2027 wins and
    the disagreement is a warning on 节假日安排, so the documents are still made."""
    from greendiag.generator.pipeline import generate

    path = _type_2027(fill_case(_park_2027(), tmp_path / "p.xlsx"))
    other = CAL_2027.model_copy(update={"days": CAL_2027.days[1:]})  # the file lacks one day
    result = generate(path, tmp_path / "out", calendar=other, draft=True)  # as batch --docs (no photos: a draft)
    notes = [w for w in result.warnings if "日历文件不一致" in w.message]
    assert len(notes) == 1 and notes[0].severity == "warning" and notes[0].sheet == S.CALENDAR

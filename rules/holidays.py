"""The statutory calendar (法定节假日和调休安排) as data: the library's years plus what a person enters.

Each year's holidays and make-up working days (调休上班) are published by the State Council
(国务院办公厅关于××××年部分节假日安排的通知, usually in November of the year before).  The
library ``chinesecalendar`` knows the years up to its release only; a :class:`HolidayCalendar`
carries the years an officer typed in from the notice (the workbook sheet 节假日安排, or a
calendar file for a batch) and takes precedence over the library for those years.

* :class:`CalendarDay` — one date: 放假 (holiday) or 调休上班 (make-up working day on a weekend).
* :class:`HolidayCalendar` — ``years`` (:class:`CalendarYear`: year and notice) and ``days``; ``is_workday(d)`` is ``None``
  for a year it does not cover.
* :func:`calendar_from_days` — the rows of a 日期 | 类别 | 节日 table as a calendar (the years are
  those of the dates listed).
* :func:`library_calendar` — the library's years as a calendar; :func:`library_knows`.
* :func:`differences` — where a calendar's year contradicts the library (dates whose working-day
  status differ), for warnings.

A working day is a Monday–Friday that is not 放假, or a 调休上班 day (《北京市制造业绿色诊断工作规则》
第十二条 counts 工作日; the notices define them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache, cached_property
from typing import Literal

import chinese_calendar
from pydantic import BaseModel, ConfigDict

HOLIDAY, MAKEUP = "放假", "调休上班"

TABLE_NAME = "节假日安排表"
"""Defined name of the 日期 | 类别 | 节日 table in case workbooks (set by ``greendiag.workbooks.calendar``),
named in messages so a user can pass it to the Excel functions' ``calendar_table``."""
DAY_KINDS = (HOLIDAY, MAKEUP)

_NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节", "National Day": "国庆节", "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def notice_title(year: int) -> str:
    """The State Council notice a year's arrangement comes from: 国务院办公厅关于2027年部分节假日安排的通知."""
    return f"国务院办公厅关于{year}年部分节假日安排的通知"


class CalendarDay(BaseModel):
    """One entry of a year's arrangement: ``day``, ``kind`` 放假 / 调休上班, holiday ``name`` (春节 …)."""

    model_config = ConfigDict(frozen=True)

    day: date
    kind: Literal["放假", "调休上班"]
    name: str = ""


class CalendarYear(BaseModel):
    """A year the calendar covers and the notice (通知) its arrangement comes from."""

    model_config = ConfigDict(frozen=True)

    year: int
    notice: str = ""


class HolidayCalendar(BaseModel):
    """Holidays and make-up working days of the ``years`` it covers (year → notice it comes from).

    A year listed in ``years`` is fully described by ``days``: a weekday not listed as 放假 is a
    working day, a weekend day not listed as 调休上班 is not.  Years not listed are not covered.
    """

    model_config = ConfigDict(frozen=True)

    years: tuple[CalendarYear, ...] = ()
    days: tuple[CalendarDay, ...] = ()

    @cached_property
    def year_numbers(self) -> frozenset[int]:
        return frozenset(y.year for y in self.years)

    def covers(self, year: int) -> bool:
        return year in self.year_numbers

    @cached_property
    def _sets(self) -> tuple[frozenset[date], frozenset[date]]:
        return (frozenset(d.day for d in self.days if d.kind == HOLIDAY),
                frozenset(d.day for d in self.days if d.kind == MAKEUP))

    def is_workday(self, d: date) -> bool | None:
        """Working day by this calendar; ``None`` when ``d.year`` is not covered."""
        if d.year not in self.year_numbers:
            return None
        holidays, makeup = self._sets
        if d in makeup:
            return True
        return d.weekday() < 5 and d not in holidays

    def merged(self, fallback: HolidayCalendar | None) -> HolidayCalendar:
        """This calendar, plus the years of ``fallback`` it does not cover (this one wins)."""
        if fallback is None:
            return self
        extra = [y for y in fallback.years if y.year not in self.year_numbers]
        if not extra:
            return self
        numbers = {y.year for y in extra}
        days = self.days + tuple(d for d in fallback.days if d.day.year in numbers)
        return HolidayCalendar(years=tuple(sorted(self.years + tuple(extra), key=lambda y: y.year)),
                               days=tuple(sorted(days, key=lambda x: x.day)))

    def only_years(self, years: Iterable[int]) -> HolidayCalendar | None:
        """The part of this calendar for ``years`` (``None`` when none of them is covered)."""
        want = set(years)
        keep = tuple(y for y in self.years if y.year in want)
        if not keep:
            return None
        numbers = {y.year for y in keep}
        return HolidayCalendar(years=keep, days=tuple(d for d in self.days if d.day.year in numbers))


def calendar_from_days(rows: Iterable[tuple[date, str, str]], notices: Mapping[int, str] | None = None) -> HolidayCalendar:
    """A calendar from the rows ``(day, kind, name)`` of a 日期 | 类别 | 节日 table (the sheet
    节假日安排's right-hand table, an Excel range of it, a calendar file).

    The years covered are the years of the dates listed.  Every State Council notice
    (国务院办公厅关于××××年部分节假日安排的通知) gives 放假 days for the year (元旦, 春节 …), so a year
    with entries is read as fully described by them: a weekday not listed as 放假 is a working day,
    a weekend day not listed as 调休上班 is not.  A year without entries is not covered (the library
    ``chinesecalendar`` decides for it, see :func:`greendiag.rules.diagnosis.is_workday`).  Each year's
    notice is ``notices[year]`` when given (a calendar file's 通知 column), else its title (:func:`notice_title`).

    ``kind`` must be 放假 or 调休上班 (already normalised); a date listed twice raises
    ``ValueError`` (Chinese), as the sheet reader does.  Source of the working-day definition:
    《北京市制造业绿色诊断工作规则》第十二条 (工作日), the notices (放假, 调休上班).
    """
    days: dict[date, CalendarDay] = {}
    for day, kind, name in rows:
        if kind not in DAY_KINDS:
            raise ValueError(f"{day.isoformat()} 的类别“{kind}”无效：应为“{HOLIDAY}”或“{MAKEUP}”")
        if day in days:
            raise ValueError(f"日期 {day.isoformat()} 重复：每个日期只能填写一行")
        days[day] = CalendarDay(day=day, kind=kind, name=name)
    years = sorted({d.year for d in days})
    notices = notices or {}
    return HolidayCalendar(years=tuple(CalendarYear(year=y, notice=notices.get(y) or notice_title(y)) for y in years),
                           days=tuple(days[d] for d in sorted(days)))


def library_knows(year: int) -> bool:
    """Does ``chinesecalendar`` hold the State Council arrangement of ``year``?"""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def library_version() -> str:
    return getattr(chinese_calendar, "__version__", "")


@cache
def library_calendar() -> HolidayCalendar:
    """Every year ``chinesecalendar`` knows, as a :class:`HolidayCalendar` (holiday names in Chinese)."""
    years = sorted({d.year for d in chinese_calendar.holidays})
    days = [CalendarDay(day=d, kind=HOLIDAY, name=_NAMES.get(str(n), str(n))) for d, n in chinese_calendar.holidays.items()]
    days += [CalendarDay(day=d, kind=MAKEUP, name=_NAMES.get(str(n), str(n))) for d, n in chinese_calendar.workdays.items()
             if d.weekday() >= 5]
    return HolidayCalendar(years=tuple(CalendarYear(year=y, notice=notice_title(y)) for y in years), days=tuple(sorted(days, key=lambda x: x.day)))


def _rest_sets(cal: HolidayCalendar, year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(weekdays off, weekend days worked) of ``year`` by ``cal``."""
    holidays, makeup = cal._sets
    off = frozenset(d for d in holidays if d.year == year and d.weekday() < 5 and d not in makeup)
    worked = frozenset(d for d in makeup if d.year == year and d.weekday() >= 5)
    return off, worked


def differences(cal: HolidayCalendar) -> dict[int, list[tuple[date, bool, bool]]]:
    """Per covered year the library also knows: ``(day, calendar says workday, library says workday)``
    for every day on which they disagree (empty years left out)."""
    lib = library_calendar()
    out: dict[int, list[tuple[date, bool, bool]]] = {}
    for y in sorted(cal.year_numbers):
        if not library_knows(y):
            continue
        (off_c, work_c), (off_l, work_l) = _rest_sets(cal, y), _rest_sets(lib, y)
        days = sorted((off_c ^ off_l) | (work_c ^ work_l))
        if days:
            out[y] = [(d, bool(cal.is_workday(d)), bool(lib.is_workday(d))) for d in days]
    return out


def overlay(cal: HolidayCalendar | None) -> HolidayCalendar | None:
    """The years of ``cal`` that add to or depart from the library (``None`` if there are none)."""
    if cal is None:
        return None
    diff = differences(cal)
    keep = [y for y in cal.year_numbers if not library_knows(y) or y in diff]
    return cal.only_years(keep)

"""The editable sheet 节假日安排: the statutory calendar the workbook's formulas and greendiag use.

Two tables side by side, found by their headers (rows may be inserted or deleted):

* 年份 | 国务院办公厅通知 | 来源 — the years the sheet covers and the notice each comes from;
* 日期 | 类别 | 节日 — every 放假 day and every 调休上班 day of those years.

The builder fills it from ``chinesecalendar`` (the library's recent years, :func:`first_table_year`:
greendiag's default; 来源 = 内置日历 and its version) plus a case's own calendar
(:attr:`greendiag.rules.models.Case.calendar`).  Older years stay known to greendiag through the
library; the reader warns when a case's on-site year is not in the table.  When the State
Council publishes a new year (通知, usually in November), an officer types the year, the notice
and its dates into the prepared blank rows: the on-site working-day formula on 奖励测算
(NETWORKDAYS minus 放假 days plus 调休上班 days) and greendiag (``read_case`` →
``Case.calendar`` → ``rules.working_days``) then count that year.

:func:`read_calendar_sheet` turns the sheet back into a :class:`~greendiag.rules.holidays.HolidayCalendar`
with problems (bad dates, unknown 类别, duplicates, a year without notice or dates, entries that
contradict the library); :func:`read_calendar_file` reads a calendar file for a batch (.csv with
the columns 日期,类别,节日[,通知] or any .xlsx with a sheet 节假日安排).
"""

from __future__ import annotations

import csv
import warnings as _warnings
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from greendiag.rules.holidays import (
    DAY_KINDS,
    HOLIDAY,
    MAKEUP,
    TABLE_NAME,
    CalendarDay,
    CalendarYear,
    HolidayCalendar,
    calendar_from_days,
    differences,
    library_calendar,
    library_knows,
    library_version,
    notice_title,
    overlay,
)
from greendiag.rules.models import Case
from greendiag.workbooks import kit as K

SHEET = "节假日安排"
YEAR_HEADERS = ("年份", "国务院办公厅通知", "来源")
DAY_HEADERS = ("日期", "类别", "节日")
HEADER_ROW = 4
YEAR_COL, DAY_COL = 1, 5  # A, E
RECENT_YEARS = 2
"""The sheet lists the library's years from the build year minus this on (:func:`first_table_year`)."""
SPARE_DAYS = 130  # blank rows for the days of new years: a notice gives 28–41 放假/调休上班 days, ~3 years fit
SPARE_YEARS = 5  # blank rows for new years: a few more than the spare day rows hold
MANUAL = "人工录入"

Report = Callable[[str, str, object, str], None]
"""``report(sheet, cell, value, message)``: the reader's ``err`` / ``warn``."""


def first_table_year(as_of: date | None = None, need: Iterable[int] = ()) -> int:
    """The first of the library's years the sheet 节假日安排 lists: the build year (``as_of``, default
    today) minus :data:`RECENT_YEARS`, or an earlier year of ``need`` that the library knows (a filled
    case's on-site years, a template's 诊断实施年份, so that its formulas count them).

    greendiag's own default, not the documents': a case's on-site days (《北京市制造业绿色诊断工作规则》
    第十二条) fall in recent years, and listing all the library's years (2004 on) made the sheet the
    largest of the workbook.  Older years stay known to greendiag through the library
    (:func:`greendiag.rules.holidays.library_calendar`); an officer may type one into the blank rows.
    """
    first = (as_of or date.today()).year - RECENT_YEARS
    return min([first, *(y for y in need if library_knows(y))])


def _table_calendar(case_calendar: HolidayCalendar | None, first: int) -> tuple[HolidayCalendar, dict[int, str]]:
    """The library's years from ``first`` on with the case's own years on top; source per year."""
    full = library_calendar()
    lib = full.only_years(y for y in full.year_numbers if y >= first) or HolidayCalendar()
    cal = case_calendar.merged(lib) if case_calendar is not None else lib
    own = case_calendar.year_numbers if case_calendar is not None else frozenset()
    version = library_version()
    library = f"内置日历（{version}版）" if version else "内置日历"  # no library name on a visible sheet
    sources = {y.year: (MANUAL if y.year in own else library) for y in cal.years}
    return cal, sources


def add_calendar_sheet(wb: Workbook, case_calendar: HolidayCalendar | None = None, *, as_of: date | None = None,
                       need: Iterable[int] = ()) -> dict[str, str]:
    """Add the sheet 节假日安排 to ``wb`` and the workbook-level defined name ``节假日安排表``
    (:data:`greendiag.rules.holidays.TABLE_NAME`) over its right-hand table, spare rows included, for
    ``=ONSITE_WORKDAYS(C5, C6, 节假日安排表)`` (Excel and LibreOffice move it with inserted rows); returns absolute ranges ``years``, ``dates``, ``kinds`` for formulas.

    The table lists the library's years from :func:`first_table_year` (``as_of``, ``need``) on and every
    year of ``case_calendar``."""
    first_year = first_table_year(as_of, need)
    cal, sources = _table_calendar(case_calendar, first_year)
    ws = wb.create_sheet(SHEET)
    K.style(ws.cell(1, 1, "节假日安排（法定节假日放假和调休上班日期）"), K.TITLE)
    K.style(ws.cell(2, 1), K.NOTE).value = (
        "“奖励测算”表的现场诊断工作日按本表计算（周一至周五扣除“放假”日，加上周末的“调休上班”日；《北京市制造业绿色诊断工作规则》第十二条）。"
        f"已收录内置日历库所知的近年年份（{first_year}年起）；更早的年份生成文书和检查时按内置日历库计算，表内公式如需使用请在空行补录。"
        "国务院办公厅公布新一年的节假日安排后，请在左表空行填写年份和通知名称，"
        "在右表空行逐日填写该年全部“放假”日期（含其中的周末）和“调休上班”日期；生成文书、检查和城市台账时同样采用本表，"
        "并对与日历库不一致的日期给出提示。本表受保护（无密码）以防误改表头。"
    )
    K.merge(ws, "A2:G2")
    ws.row_dimensions[2].height = 75
    for col, h in enumerate(YEAR_HEADERS, start=YEAR_COL):
        K.header(ws.cell(HEADER_ROW, col, h))
    for col, h in enumerate(DAY_HEADERS, start=DAY_COL):
        K.header(ws.cell(HEADER_ROW, col, h))
    first = HEADER_ROW + 1
    years = sorted(cal.years, key=lambda y: y.year)
    last_year = _input_table(ws, YEAR_COL, "0", [(y.year, y.notice or notice_title(y.year), sources.get(y.year, MANUAL))
                                                  for y in years], SPARE_YEARS)
    days = sorted(cal.days, key=lambda d: (d.day, d.kind))
    last_day = _input_table(ws, DAY_COL, "yyyy-mm-dd", [(d.day, d.kind, d.name) for d in days], SPARE_DAYS)
    y_, d_, k_ = (get_column_letter(c) for c in (YEAR_COL, DAY_COL, DAY_COL + 1))
    K.validation(ws, f"{y_}{first}:{y_}{last_year}", type="whole", operator="between", formula1="2000", formula2="2100",
                 allow_blank=True, errorTitle="年份无效", error="请填写四位年份，如 2027", promptTitle="年份",
                 prompt="节假日安排所属年份（四位数字）")
    K.validation(ws, f"{d_}{first}:{d_}{last_day}", type="date", operator="between", formula1="36526", formula2="73415",
                 allow_blank=True, errorTitle="日期无效", error="请填写日期，如 2027-10-01", promptTitle="日期",
                 prompt="放假日或调休上班日，如 2027-10-01")
    K.validation(ws, f"{k_}{first}:{k_}{last_day}", type="list", formula1=f'"{",".join(DAY_KINDS)}"', allow_blank=True,
                 errorTitle="类别无效", error="请选择“放假”或“调休上班”", promptTitle="类别",
                 prompt="放假：法定节假日放假（含其中的周末）；调休上班：周末调休上班")
    for col, w in zip("ABCDEFG", (8, 44, 22, 3, 13, 11, 18)):
        ws.column_dimensions[col].width = w
    ws.freeze_panes = f"A{first}"
    K.print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}", None, centered=False)  # both tables side by side on the page
    K.protect(ws)
    q = f"'{SHEET}'!"
    wb.defined_names[TABLE_NAME] = DefinedName(TABLE_NAME, attr_text=f"{q}${d_}${first}:${get_column_letter(DAY_COL + 2)}${last_day}")
    return {
        "years": f"{q}${y_}${first}:${y_}${last_year}",
        "dates": f"{q}${d_}${first}:${d_}${last_day}",
        "kinds": f"{q}${k_}${first}:${k_}${last_day}",
    }


def _input_table(ws: Worksheet, col: int, key_format: str, rows: list[tuple[object, object, object]], spare: int) -> int:
    """Write ``rows`` (three columns from ``col``) under the header, then ``spare`` blank rows, all as
    input cells, the first column formatted ``key_format``; returns the table's last row."""
    first = HEADER_ROW + 1
    last = first + len(rows) + spare - 1
    blank = (None, None, None)
    looks = (K.INPUT_PLAIN.formatted(key_format), K.INPUT_PLAIN, K.INPUT_PLAIN)
    for r in range(first, last + 1):
        K.styled_row(ws, r, col, rows[r - first] if r - first < len(rows) else blank, looks)
    return last


# ── reading ────────────────────────────────────────────────────────────────
def _norm(v: object) -> str:
    return "" if v is None else str(v).replace(" ", "").replace("\u3000", "").strip()


def _as_day(v: object) -> date | None:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool) and 30000 < v < 80000:
        return from_excel(v).date()
    if isinstance(v, str):
        t = v.strip().replace("/", "-").replace(".", "-")
        for fmt in ("%Y-%m-%d",):
            try:
                return datetime.strptime(t, fmt).date()
            except ValueError:
                pass
        if t.endswith("日") and "年" in t and "月" in t:
            try:
                y, rest = t[:-1].split("年")
                m, d = rest.split("月")
                return date(int(y), int(m), int(d))
            except ValueError:
                return None
    return None


def _value(ws: Worksheet, r: int, c: int) -> object:
    """The value at (``r``, ``c``), looked up (an openpyxl worksheet or the reader's :class:`~greendiag.workbooks.cells.SheetCells`), never a cell made."""
    cell = ws._cells.get((r, c))
    return None if cell is None else cell.value


def _find(ws: Worksheet, labels: tuple[str, ...], max_row: int = 60, max_col: int = 20) -> tuple[int, int] | None:
    """The first cell in reading order within ``max_row`` × ``max_col`` where ``labels`` start, side by side."""
    last = min(ws.max_row, max_row)
    starts = sorted(rc for rc, cell in ws._cells.items()
                    if rc[0] <= last and rc[1] <= max_col and _norm(cell.value) == labels[0])
    for r, c in starts:
        if all(_norm(_value(ws, r, c + k)) == lab for k, lab in enumerate(labels[1:], start=1)):
            return r, c
    return None


def read_calendar_sheet(ws: Worksheet, err: Report, warn: Report, *, max_rows: int = 5000) -> HolidayCalendar | None:
    """The sheet 节假日安排 as a calendar (every year it lists), reporting problems through ``err``/``warn``.

    Errors: a missing header, a year or date that is not one, a 类别 other than 放假/调休上班, a date
    twice, a date of a year the left table does not list.  Warnings: a year without notice or without
    dates, a 调休上班 on a weekday, dates that contradict ``chinesecalendar`` (listed per year).
    Returns ``None`` when there is an error.
    """
    sheet = ws.title
    ok = True
    yh, dh = _find(ws, YEAR_HEADERS), _find(ws, DAY_HEADERS)
    if yh is None or dh is None:
        missing = "、".join(YEAR_HEADERS if yh is None else DAY_HEADERS)
        err(sheet, "", "", f"找不到节假日安排表的表头（应含：{missing}）：表头被修改或删除，请从模板恢复")
        return None
    years: dict[int, CalendarYear] = {}
    year_rows: dict[int, int] = {}
    last = min(ws.max_row, max_rows)
    r0, c0 = yh
    for r in range(r0 + 1, last + 1):
        yv, notice, source = (_value(ws, r, c0 + k) for k in range(3))
        if yv is None and not _norm(notice):
            continue
        ref = f"{get_column_letter(c0)}{r}"
        y = _year(yv)
        if y is None:
            err(sheet, ref, yv, "年份应为四位数字（如 2027）")
            ok = False
            continue
        if y in years:
            err(sheet, ref, yv, f"{y}年重复列出（第{year_rows[y]}、{r}行）")
            ok = False
            continue
        if isinstance(yv, str):
            warn(sheet, ref, yv, "年份以文本形式保存：表内公式可能无法识别该年，请改为数字")
        if not _norm(notice):
            warn(sheet, f"{get_column_letter(c0 + 1)}{r}", notice, f"{y}年未填写所依据的国务院办公厅通知（如《{notice_title(y)}》）")
        years[y] = CalendarYear(year=y, notice=str(notice or "").strip())
        year_rows[y] = r
    days: list[CalendarDay] = []
    seen: dict[date, int] = {}
    r0, c0 = dh
    for r in range(r0 + 1, last + 1):
        dv, kind, name = (_value(ws, r, c0 + k) for k in range(3))
        if dv is None and not _norm(kind) and not _norm(name):
            continue
        ref = f"{get_column_letter(c0)}{r}"
        d = _as_day(dv)
        if d is None:
            err(sheet, ref, dv, "日期无效：请填写日期，如 2027-10-01")
            ok = False
            continue
        k = _norm(kind)
        if k not in DAY_KINDS:
            err(sheet, f"{get_column_letter(c0 + 1)}{r}", kind, "类别应为“放假”或“调休上班”")
            ok = False
            continue
        if d in seen:
            err(sheet, ref, dv, f"日期 {d.isoformat()} 重复（第{seen[d]}、{r}行）：每个日期只能填写一行")
            ok = False
            continue
        seen[d] = r
        if d.year not in years:
            err(sheet, ref, dv, f"{d.year}年未列入左侧“年份”表：请先填写年份及所依据的通知")
            ok = False
            continue
        if isinstance(dv, str):
            warn(sheet, ref, dv, "日期以文本形式保存：greendiag 已按日期读取，但表内工作日公式不计入文本，请改为日期格式")
        if k == MAKEUP and d.weekday() < 5:
            warn(sheet, ref, dv, f"{d.isoformat()} 是工作日（周一至周五），标为“调休上班”不改变计算：请核对")
        days.append(CalendarDay(day=d, kind=k, name=str(name or "").strip()))
    if not ok:
        return None
    counts = {y: 0 for y in years}
    for d in days:
        counts[d.day.year] += 1
    for y, n in counts.items():
        if n == 0:
            warn(sheet, f"{get_column_letter(yh[1])}{year_rows[y]}", y,
                 f"{y}年没有填写任何放假或调休上班日期：该年将按周一至周五全部为工作日计算")
    cal = HolidayCalendar(years=tuple(years[y] for y in sorted(years)), days=tuple(sorted(days, key=lambda x: x.day)))
    for y, diffs in differences(cal).items():
        shown = "、".join(f"{d.strftime('%m-%d')}（本表{'工作日' if mine else '休息日'}，日历库{'工作日' if lib else '休息日'}）"
                         for d, mine, lib in diffs[:6])
        more = f"等{len(diffs)}天" if len(diffs) > 6 else ""
        warn(sheet, f"{get_column_letter(yh[1])}{year_rows[y]}", y,
             f"{y}年的节假日安排与日历库 chinesecalendar 不一致：{shown}{more}；表内公式和 greendiag 均按本表计算，请对照国务院办公厅通知核对")
    return cal


def _year(v: object) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, str) and v.strip().rstrip("年").isdigit():
        v = int(v.strip().rstrip("年"))
    if isinstance(v, int) and 2000 <= v <= 2100:
        return v
    return None


class CalendarFileError(ValueError):
    """A calendar file that cannot be used (Chinese message naming the file and the row)."""


def read_calendar_file(path: Path | str) -> HolidayCalendar:
    """A batch calendar file: ``.xlsx`` with a sheet 节假日安排 (e.g. a case workbook), or ``.csv``
    (UTF-8, header 日期,类别,节日 and optionally 通知; one row per 放假 / 调休上班 day; the years are
    those of the dates).  Raises :class:`CalendarFileError` listing the problems.
    """
    p = Path(path)
    if not p.is_file():
        raise CalendarFileError(f"日历文件不存在：{p}")
    problems: list[str] = []

    def err(sheet: str, cell: str, value: object, message: str) -> None:
        problems.append(f"{cell}：{message}" if cell else message)

    def warn(sheet: str, cell: str, value: object, message: str) -> None:
        pass

    if p.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            with _warnings.catch_warnings():
                _warnings.simplefilter("ignore")
                wb = load_workbook(p, data_only=True, read_only=False)
        except Exception as exc:
            raise CalendarFileError(f"无法打开日历文件 {p.name}：{type(exc).__name__}") from None
        if SHEET not in wb.sheetnames:
            raise CalendarFileError(f"日历文件 {p.name} 中没有工作表“{SHEET}”")
        cal = read_calendar_sheet(wb[SHEET], err, warn)
    elif p.suffix.lower() == ".csv":
        cal = _read_csv(p, problems)
    else:
        raise CalendarFileError(f"日历文件 {p.name} 应为 .csv 或 .xlsx（含工作表“{SHEET}”）")
    if cal is None or problems:
        raise CalendarFileError(f"日历文件 {p.name} 有误：" + "；".join(problems[:10]))
    return cal


def _read_csv(p: Path, problems: list[str]) -> HolidayCalendar | None:
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = p.read_text(encoding="gb18030")
    rows = list(csv.reader(text.splitlines()))
    if not rows or [_norm(x) for x in rows[0][:2]] != list(DAY_HEADERS[:2]):
        problems.append("第1行应为表头：日期,类别,节日[,通知]")
        return None
    head = [_norm(x) for x in rows[0]]
    notice_col = head.index("通知") if "通知" in head else None
    days: list[CalendarDay] = []
    notices: dict[int, str] = {}
    seen: set[date] = set()
    for i, row in enumerate(rows[1:], start=2):
        if not any(x.strip() for x in row):
            continue
        d = _as_day(row[0]) if row else None
        k = _norm(row[1]) if len(row) > 1 else ""
        if d is None:
            problems.append(f"第{i}行日期无效：{row[0] if row else ''}")
            continue
        if k not in DAY_KINDS:
            problems.append(f"第{i}行类别应为“{HOLIDAY}”或“{MAKEUP}”")
            continue
        if d in seen:
            problems.append(f"第{i}行日期 {d.isoformat()} 重复")
            continue
        seen.add(d)
        days.append(CalendarDay(day=d, kind=k, name=row[2].strip() if len(row) > 2 else ""))
        if notice_col is not None and len(row) > notice_col and row[notice_col].strip():
            notices.setdefault(d.year, row[notice_col].strip())
    if problems:
        return None
    return calendar_from_days(((d.day, d.kind, d.name) for d in days), notices)


def case_with_calendar(case: Case, extra: HolidayCalendar | None) -> tuple[Case, list[str]]:
    """``case`` with a batch calendar file's years added (the workbook's own table wins), and a
    Chinese warning for each year on which the two disagree.  ``extra`` ``None`` → unchanged."""
    if extra is None:
        return case, []
    own = case.calendar
    notes: list[str] = []
    if own is not None:
        for y in sorted(own.year_numbers & extra.year_numbers):
            a, b = own.only_years([y]), extra.only_years([y])
            if a is not None and b is not None and _rest_days(a, y) != _rest_days(b, y):
                notes.append(f"工作簿“{SHEET}”表的{y}年安排与日历文件不一致：按工作簿计算，请核对")
    added = overlay(extra)
    merged = own.merged(added) if own is not None else added
    return (case if merged == own else case.model_copy(update={"calendar": merged})), notes


def _rest_days(cal: HolidayCalendar, year: int) -> tuple[frozenset[date], frozenset[date]]:
    holidays, makeup = cal._sets
    return (frozenset(d for d in holidays if d.year == year and d.weekday() < 5 and d not in makeup),
            frozenset(d for d in makeup if d.year == year and d.weekday() >= 5))

"""How greendiag's Excel functions (:mod:`greendiag.addin.udfs`) take their arguments.

The decorators :func:`func` (``xlwings.func`` with every argument through :class:`ReaderText` and
``err_to_str=True``; Excel errors and failures come back as a text starting with
:data:`ERROR_PREFIX`) and :func:`arg` (``xlwings.arg`` that also records the help in
:data:`ARG_DOCS`), and the converters every function uses: text, numbers, whole numbers, TRUE/FALSE,
dates (datetime, Excel serials of the 1900 system, text), ranges, and the 节假日安排 table.  See
:mod:`greendiag.addin.udfs` for what Excel passes and why failures are returned, not raised.
"""

from __future__ import annotations

import functools
import inspect
import math
import re
from datetime import date, datetime, timedelta

from xlwings import arg as _xw_arg
from xlwings import func as _xw_func
from xlwings.conversion import Converter

from greendiag.rules import diagnosis as _d
from greendiag.rules.holidays import DAY_KINDS, HOLIDAY, MAKEUP, TABLE_NAME, HolidayCalendar, calendar_from_days
from greendiag.workbooks import text as _T
from greendiag.workbooks import values as _V

CATEGORY = "greendiag 绿色诊断"

# ── argument help: recorded here as well, so Linux (where xlwings.arg is a no-op) keeps it ──

ARG_DOCS: dict[str, dict[str, str]] = {}


def arg(name: str, doc: str, **options):
    """``xlwings.arg`` that also records ``doc`` in :data:`ARG_DOCS` and checks ``name`` exists."""

    def deco(f):
        if name not in inspect.signature(f).parameters:
            raise TypeError(f"{f.__name__} has no argument {name!r}")
        ARG_DOCS.setdefault(f.__name__, {})[name] = doc
        return _xw_arg(name, doc=doc, **options)(f)

    return deco


# ── Excel error values and how a function answers them ────────────────

ERROR_PREFIX = "错误："
"""Start of every text a function returns instead of a result (bad or erroneous input)."""

EXCEL_ERRORS: dict[int, str] = {
    -2146828288 + code: text
    for code, text in (
        (2000, "#NULL!"), (2007, "#DIV/0!"), (2015, "#VALUE!"), (2023, "#REF!"), (2029, "#NAME?"),
        (2036, "#NUM!"), (2042, "#N/A"), (2043, "#GETTING_DATA"), (2045, "#SPILL!"), (2046, "#CONNECT!"),
        (2047, "#BLOCKED!"), (2048, "#UNKNOWN!"), (2049, "#FIELD!"), (2050, "#CALC!"),
    )
}
"""Excel's error values as COM passes them (``VT_ERROR``: 0x800A0000 + ``xlErr…``) → their text.

xlwings (``err_to_str=True``) turns the first seven into their text itself; the newer ones
(#SPILL!, #CALC! …) still arrive as these integers."""

_ERROR_TEXTS = frozenset(EXCEL_ERRORS.values())


def _excel_error(x) -> str | None:
    """The Excel error ``x`` stands for (``"#N/A"`` …), or None."""
    if type(x) is str:
        t = x.strip().upper()
        return t if t in _ERROR_TEXTS else None
    if type(x) is int:
        return EXCEL_ERRORS.get(x)
    return None


def _error_argument(name: str, x) -> str | None:
    """Chinese message if argument ``name`` is, or holds, an Excel error value."""
    if isinstance(x, (list, tuple)):
        for i, cell in enumerate(_cells(x), start=1):
            if (e := _excel_error(cell)) is not None:
                return f"参数 {name} 的第{i}个单元格是错误值 {e}：请先改正该单元格（或它引用的单元格）"
        return None
    if (e := _excel_error(x)) is not None:
        return f"参数 {name} 是错误值 {e}：请先改正该参数所引用的单元格或公式"
    return None


def _narrow(x):
    if type(x) is str:
        return _T.narrow(x)
    if isinstance(x, list):
        return [_narrow(c) for c in x]
    return x


class ReaderText(Converter):
    """The converter of every argument (xlwings' converter mechanism, after its value conversion):
    text, also inside ranges, as the reader reads it — full-width ASCII forms as ASCII
    (:func:`greendiag.workbooks.text.narrow`), nothing else changed (no NFKC).  Idempotent, so the
    same conversion applied again to a direct Python call changes nothing."""

    @staticmethod
    def read_value(value, options):
        return _narrow(value)


def func(**options):
    """``xlwings.func`` for greendiag: arguments through :class:`ReaderText`, Excel errors arrive as
    errors, failures come back as text.

    Registers every argument with ``convert=ReaderText, err_to_str=True`` (and converts a direct
    Python call's arguments the same way); the function returns
    ``"错误：参数 … 是错误值 #N/A：…"`` for the first argument (in order) that is or holds an
    Excel error, and ``"错误：" + message`` when it raises ``ValueError`` (bad input, message
    naming the argument) or any other exception (a defect: its type is named).
    """

    def deco(f):
        sig = inspect.signature(f)
        names = tuple(sig.parameters)

        @functools.wraps(f)
        def excel_function(*args, **kwargs):
            args = tuple(_narrow(a) for a in args)
            kwargs = {k: _narrow(v) for k, v in kwargs.items()}
            values = zip(names, args) if not kwargs else sig.bind(*args, **kwargs).arguments.items()
            for name, value in values:
                if (problem := _error_argument(name, value)) is not None:
                    return ERROR_PREFIX + problem
            try:
                return f(*args, **kwargs)
            except ValueError as exc:
                return ERROR_PREFIX + str(exc)
            except Exception as exc:  # a defect: still shown whole in the cell, never as a truncated #VALUE!
                return f"{ERROR_PREFIX}greendiag 内部错误（{type(exc).__name__}：{exc}），请把公式和参数告知维护者"

        for name in names:
            excel_function = _xw_arg(name, convert=ReaderText, err_to_str=True)(excel_function)
        return _xw_func(**options)(excel_function)

    return deco


# ── converting what Excel passes ──────────────────────────────────────

_SPACES = re.compile(r"[\s\u3000]+")
_INF = float("inf")
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01 (serials ≥ 61 are exact in the 1900 system)


def _clean(s: str) -> str:
    """The reader's normaliser (:func:`greendiag.workbooks.values.norm`): full-width ASCII forms as
    ASCII, invisible characters and spaces of any width dropped; never NFKC (``10²`` stays ``10²``)."""
    return _V.norm(s)


def _text(x, name: str) -> str:
    if x is None:
        return ""
    if isinstance(x, str):
        return _clean(x)
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return _clean(str(x))


def _num(x, name: str, *, required: bool = True) -> float | None:
    """Number from a float/int or numeric text (spaces, full-width, thousands separators, a trailing %)."""
    if x is None or (isinstance(x, str) and _clean(x) == ""):
        if required:
            raise ValueError(f"参数 {name} 为空：请填写数字")
        return None
    if isinstance(x, bool):
        raise ValueError(f"参数 {name} 应为数字，而不是逻辑值 {x}")
    if isinstance(x, (int, float)):
        v = float(x)
    elif isinstance(x, str):
        t = _clean(x).replace(",", "").rstrip("%")
        try:
            v = float(t)
        except ValueError:
            raise ValueError(f"参数 {name} 的值“{x.strip()}”不是数字") from None
    else:
        raise ValueError(f"参数 {name} 应为数字，而不是 {x!r}")
    if not math.isfinite(v):
        raise ValueError(f"参数 {name} 的值 {x!r} 不是有限数字")
    return v


def _int(x, name: str, *, required: bool = True, default: int | None = None) -> int | None:
    v = _num(x, name, required=required and default is None)
    if v is None:
        return default
    if not v.is_integer() or v < 0:
        raise ValueError(f"参数 {name} 应为不小于0的整数，而不是 {x!r}")
    return int(v)


_TRUE = frozenset({"是", "TRUE", "T", "Y", "YES", "1", "√", "✓", "✔", "真", "有", "符合", "合格", "已", "对"})
_FALSE = frozenset({"否", "FALSE", "F", "N", "NO", "0", "×", "✗", "✘", "假", "无", "不符合", "不合格", "未", "错"})


def _bool(x, name: str, default: bool | None = False) -> bool | None:
    """TRUE/FALSE, 1/0, 是/否, √/×, 符合/不符合 …; blank → ``default``."""
    if x is None:
        return default
    if isinstance(x, bool):
        return x
    if isinstance(x, (int, float)) and x in (0, 1):
        return bool(x)
    if isinstance(x, str):
        t = _clean(x).upper()
        if t == "":
            return default
        if t in _TRUE:
            return True
        if t in _FALSE:
            return False
    raise ValueError(f"参数 {name} 的值 {x!r} 无法判断：请填写 TRUE/FALSE、是/否 或 1/0")


_DATE_TEXT = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def _date(x, name: str) -> date:
    """``date`` from ``datetime``/``date``, an Excel serial (1900 system) or text 2026-10-01 / 2026年10月1日."""
    if isinstance(x, datetime):
        return x.date()
    if isinstance(x, date):
        return x
    if isinstance(x, bool):
        raise ValueError(f"参数 {name} 应为日期，而不是逻辑值 {x}")
    if isinstance(x, (int, float)):
        if not math.isfinite(x) or not 61 <= x < 2958466:
            raise ValueError(f"参数 {name} 的值 {x!r} 不是有效的 Excel 日期序列号")
        return _EXCEL_EPOCH + timedelta(days=int(x))
    if isinstance(x, str):
        t = _clean(x)
        m = _DATE_TEXT.match(t)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                pass
        raise ValueError(f"参数 {name} 的值“{x.strip()}”不是日期（如 2026-10-08）")
    if x is None:
        raise ValueError(f"参数 {name} 为空：请填写日期")
    raise ValueError(f"参数 {name} 应为日期，而不是 {x!r}")


def _cells(x) -> list:
    """All cells of a range, row by row: 2-D list, 1-D list or a single value."""
    return [c for row in _rows(x) for c in row]


def _rows(x) -> list[list]:
    """A range as rows of cells: 2-D list as is, a 1-D list as one row, a single value as one cell
    (``[]`` for an empty list)."""
    if isinstance(x, (list, tuple)):
        if x and isinstance(x[0], (list, tuple)):
            return [list(row) for row in x]
        return [list(x)] if x else []
    return [[x]]


def _blank(x) -> bool:
    return x is None or (isinstance(x, str) and _clean(x) == "")


def _vector(x, name: str, n: int) -> list:
    """Exactly ``n`` cells from a one-row or one-column range (n×1 or 1×n)."""
    if isinstance(x, (list, tuple)) and x and isinstance(x[0], (list, tuple)):
        if len(x) > 1 and len(x[0]) > 1:
            raise ValueError(f"参数 {name} 应为一行或一列（{n}×1 或 1×{n}），实际为{len(x)}行{len(x[0])}列")
        cells = [c for row in x for c in row]
    else:
        cells = _cells(x)
    if len(cells) != n:
        raise ValueError(f"参数 {name} 应为{n}个单元格（{n}×1 或 1×{n}），实际为{len(cells)}个")
    return cells


def _kind(x, name: str = "unit_type"):
    return _d.parse_kind(_text(x, name) if isinstance(x, str) else x, name)


def _wrap(name: str, exc: ValueError) -> ValueError:
    msg = str(exc)
    return ValueError(msg if msg.startswith("参数") else f"参数 {name}：{msg}")


def _doc(text):
    """Set a function's description (what Excel's function wizard shows) from ``text()``, built from
    rules/params and rules.mirrored when the module is imported; innermost decorator, so that
    xlwings reads it."""

    def deco(f):
        f.__doc__ = text()
        return f

    return deco


# ── the 节假日安排 table (calendar_table arguments) ──────────────────────

_CALENDAR_TABLE_DOC = (
    "节假日安排表区域（可选）：2或3列，依次为 日期、类别（放假/调休上班）[、节日]，选右表全部行（含预留空行），"
    f"可直接写工作簿中已定义的名称 {TABLE_NAME}；空行跳过。表中列有日期的年份按本表计算（视为该年安排已完整录入），其他年份按日历库 chinesecalendar"
)


def _shown(x) -> str:
    """A cell's value as the user typed it, for a message."""
    if isinstance(x, str):
        return x.strip()
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x)


def _calendar_wrap(name: str, exc: ValueError, cal: HolidayCalendar | None) -> ValueError:
    """:func:`_wrap`, plus, when no table was given and the year is unknown, how to give it."""
    out = _wrap(name, exc)
    if cal is None and "未收录" in str(exc):
        out = ValueError(f"{out}；在函数中可将该表作为最后一个参数 calendar_table 传入，如 …, {TABLE_NAME})")
    return out


def _calendar_table(x, name: str = "calendar_table") -> HolidayCalendar | None:
    """The 节假日安排 table (日期 | 类别 [| 节日]) as a calendar, or ``None`` when omitted or empty.

    Rows are numbered within the range (1 = its first row); blank rows and a header row 日期 | 类别
    are skipped.  Dates: ``datetime``, Excel serials or text (:func:`_date`); 类别 after
    :func:`_text` (full-width, spaces) must be 放假 or 调休上班.  The years covered are those of the
    dates (:func:`greendiag.rules.holidays.calendar_from_days`).
    """
    rows = [] if x is None else _rows(x)
    if not rows:
        return None
    width = len(rows[0])
    if width not in (2, 3):
        raise ValueError(f"参数 {name} 应为节假日安排表的2列或3列（日期、类别[、节日]），实际为{width}列")
    entries: list[tuple[date, str, str]] = []
    seen: dict[date, int] = {}
    for r, cells in enumerate(rows, start=1):
        if all(_blank(c) for c in cells):
            continue
        kind = _text(cells[1], name)
        if _text(cells[0], name) == "日期" and kind == "类别":
            continue  # the header row included in the range
        if _blank(cells[0]):
            raise ValueError(f"参数 {name} 第{r}行未填写日期")
        try:
            d = _date(cells[0], name)
        except ValueError:
            raise ValueError(f"参数 {name} 第{r}行的日期“{_shown(cells[0])}”无效：应为日期（如 2027-10-01）") from None
        if kind not in DAY_KINDS:
            what = "未填写类别" if kind == "" else f"的类别“{kind}”无效"
            raise ValueError(f"参数 {name} 第{r}行{what}：应为“{HOLIDAY}”或“{MAKEUP}”")
        if d in seen:
            raise ValueError(f"参数 {name} 第{r}行的日期 {d.isoformat()} 与第{seen[d]}行重复：每个日期只能填写一行")
        seen[d] = r
        entries.append((d, kind, _text(cells[2], name) if width == 3 else ""))
    return calendar_from_days(entries) if entries else None

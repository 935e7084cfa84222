"""Excel functions of greendiag (xlwings "UDF Modules" = ``greendiag.addin.udfs``).

Thin wrappers over :mod:`rules`: each turns what Excel passes into clean Python values, calls the
rule and returns a number, a date or a Chinese text.  What Excel passes:

* ranges as 2-D lists (``@arg(..., ndim=2)``), or 1-D lists / scalars when called from Python;
* numbers as ``float`` (also whole numbers), ``None`` for blank cells, ``bool`` for TRUE/FALSE;
* dates as ``datetime`` (date-formatted cells) or as Excel serial numbers (1900 date system);
* text with stray spaces, full-width digits (１２．５) or full-width spaces.

Every argument goes through one xlwings converter, :class:`ReaderText` (registered by :func:`func`
with ``convert=ReaderText``): text becomes what the workbook reader reads — full-width ASCII forms
as ASCII (:func:`greendiag.workbooks.text.narrow`), never Unicode NFKC, which turns ``10²`` into
``102`` and ``①`` into ``1``.  Numbers typed as text are parsed by the reader's own parser
(:func:`greendiag.workbooks.values.norm`/``number``/``choice``), so an indicator value the reader
refuses is refused here with the same words.

Every argument is registered with xlwings' ``err_to_str=True``, so an Excel error value (``#N/A``,
``#DIV/0!`` …, in a cell, a range or a formula) reaches Python as its text instead of ``None`` (a
blank).  A function whose argument is such an error, or whose input a rule cannot judge, *returns*
a text beginning with :data:`ERROR_PREFIX` (``错误：``) and naming the argument, and never raises:
xlwings' VBA wrapper shows a raised exception as ``Err.Description``, which its DLL copies through a
buffer sized for single-byte text, so on Chinese Windows the cell showed ``ValueError: 参`` instead
of the message; a returned text reaches the cell whole (see docs/excel.md).  The undecorated
function, which raises ``ValueError``, is ``f.__wrapped__``.  Each docstring (Chinese, ≤ 255 characters, naming the
source article) is the description Excel's function wizard shows; each ``@arg(doc=...)`` the help
of one argument.  On Linux ``xlwings.func``/``arg`` are no-ops: the functions are plain Python.

``CATALOGUE`` lists every function with its signature, summary and citations (``greendiag rules``).
"""

from __future__ import annotations

import functools
import inspect
import math
import re
from datetime import date, datetime, timedelta

from pydantic import BaseModel, ConfigDict
from xlwings import arg as _xw_arg
from xlwings import func as _xw_func
from xlwings.conversion import Converter

from greendiag import rules
from greendiag.rules import diagnosis as _d
from greendiag.rules import guangzhou as _gz
from greendiag.rules import heilongjiang as _hlj
from greendiag.rules import units as _u
from greendiag.rules.holidays import DAY_KINDS, HOLIDAY, MAKEUP, TABLE_NAME, HolidayCalendar, calendar_from_days
from greendiag.rules.indicators import _QUAL, _TABLE, FAST_TABLE, MAX_SCORE, _score
from greendiag.rules.mirrored import MIRRORED
from greendiag.rules.models import (
    MEMBER_CATEGORIES,
    NOT_APPLICABLE,
    QUALITATIVE_STATES,
    BasicRequirementEntry,
    CaseKind,
    TeamMember,
)
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


# ── 附件2-1-2 indicator scores ────────────────────────────────────────

@func(category=CATEGORY)
@arg("number", doc="指标序号 1–31（附件2-1-2 的顺序）")
@arg("indicator_value", doc="当年指标数据：数字；第12、29、30、31项填“具备/完善/是”等；空白或“不适用”不计分")
@arg("leading_value", doc="引领值（可选）：留空用默认值（工信厅节函〔2016〕586号）")
def INDICATOR_SCORE(number, indicator_value, leading_value=None):
    """单项指标得分（0–120分）。正向：100×指标值/引领值；逆向（第23、24项）：100×引领值/指标值，指标值≤0得120分；定性项为引领状态得100分，本项其他状态0分，填其他定性指标的状态（如第12项填“是”）报错。单项最高120分。空白或“不适用”返回空。依据《北京市工业园区绿色诊断工作指南》附件2-1-2及注1。"""
    n = _int(number, "number")
    if not 1 <= n <= 31:
        raise ValueError(f"参数 number 的值 {number!r} 无效：指标序号应为 1–31")
    code, default = _TABLE[n - 1]
    v = _cell_value(code, indicator_value, "indicator_value", n)
    lead = default if leading_value is None else _cell_value(code, leading_value, "leading_value", n)
    try:
        return _score(code, n, v, default if lead is None else lead)
    except ValueError as e:
        raise _wrap("indicator_value", e) from None


def _cell_value(code: int, v, name: str, number: int = 0):
    """One indicator cell as the scorer wants it: float, state text or None (blank / 不适用).

    Text is read as the reader reads the cell (``workbooks.values``: the same parser, the same
    refusal, e.g. ``10²`` or ``①`` → “应填写数字”); ``number`` (1–31) names the indicator."""
    if v is None or isinstance(v, float):
        return v
    if isinstance(v, str):
        if _V.is_blank(v) or _clean(v) == NOT_APPLICABLE:
            return None
        ind = rules.INDICATORS[number - 1] if number else None
        if code == _QUAL:
            try:
                return _V.choice(v, QUALITATIVE_STATES)[0]
            except _V.ValueProblem:
                own = "/".join(rules.indicator_states(number)) if number else "/".join(QUALITATIVE_STATES)
                what = f"（指标{ind.number}“{ind.name}”）" if ind else ""
                raise ValueError(f"参数 {name}{what}：不是可选值：应为 {own}") from None
        try:
            return _V.number(v, unit=ind.unit if ind else "", allow_negative=True)[0]
        except _V.ValueProblem as exc:
            what = f"（指标{ind.number}“{ind.name}”，单位：{ind.unit}）" if ind else ""
            raise ValueError(f"参数 {name}{what}：{exc}；无法获得的请填“{NOT_APPLICABLE}”") from None
    if isinstance(v, int) and not isinstance(v, bool):
        return float(v)
    if isinstance(v, bool):
        raise ValueError(f"参数 {name} 含逻辑值 {v}：指标数据应为数字或状态文字")
    raise ValueError(f"参数 {name} 含无法识别的值 {v!r}")


@func(category=CATEGORY)
@arg("values", ndim=2, doc="同一年31项指标数据（31×1 或 1×31 区域，按附件2-1-2顺序）；空白或“不适用”不计入平均")
@arg("leading_values", ndim=2, doc="引领值（可选，31×1 或 1×31 区域）；留空或其中空白单元格用默认值")
def PARK_SCORE(values, leading_values=None):
    """园区诊断评分：同一年31项单项得分（各不超过120分）的算术平均，空白和“不适用”不计入；全部为空时返回空。依据《北京市工业园区绿色诊断工作指南》附件2-1-2及注1。"""
    cells = _vector(values, "values", 31)
    leads = None if leading_values is None else _vector(leading_values, "leading_values", 31)
    total = 0.0
    count = 0
    cap = MAX_SCORE
    for i in range(31):
        v = cells[i]
        if v is None:
            continue
        code, factor = FAST_TABLE[i]
        if type(v) is float and code != _QUAL and (leads is None or leads[i] is None):
            # hot path: a number against the default leading value (same formulae as rules._score)
            if code == 0:
                s = v * factor
            elif v <= 0.0:
                s = cap
            else:
                s = factor / v
            if s != s or s in (_INF, -_INF):  # NaN/inf cells: let the rule decide (and word the error)
                try:
                    s = _score(code, i + 1, v, _TABLE[i][1])
                except ValueError as e:
                    raise _wrap("values", e) from None
            elif s > cap:
                s = cap
            elif s < 0.0:
                s = 0.0
        else:
            lead = _TABLE[i][1]
            if type(v) is not float:
                v = _cell_value(code, v, "values", i + 1)
                if v is None:
                    continue
            if leads is not None and leads[i] is not None:
                lv = _cell_value(code, leads[i], "leading_values", i + 1)
                if lv is not None:
                    lead = lv
            try:
                s = _score(code, i + 1, v, lead)
            except ValueError as e:
                raise _wrap("values", e) from None
        total += s
        count += 1
    return total / count if count else None


@func(category=CATEGORY)
@arg("number", doc="指标序号 1–31")
def LEADING_VALUE(number):
    """第 number 项指标的默认引领值（数字或“具备/完善/是”），来自工信部《绿色园区评价要求》(工信厅节函〔2016〕586号)，请对照现行文本核对。依据《北京市工业园区绿色诊断工作指南》附件2-1-2。"""
    n = _int(number, "number")
    if not 1 <= n <= 31:
        raise ValueError(f"参数 number 的值 {number!r} 无效：指标序号应为 1–31")
    return rules.INDICATORS[n - 1].leading_value


# ── 《北京市制造业绿色诊断工作规则》 ───────────────────────────────────

@func(category=CATEGORY)
@arg("unit_type", doc="被诊断单位类型：园区（工业园区）或 企业")
@arg("output_value", doc="企业上一年度产值（万元；10亿元=100000万元）；园区可留空")
@arg("review_result", doc="诊断评估报告评审结果：合格 / 不合格；留空表示尚未评审")
@arg("materials_ok", doc="诊断评估证明材料是否符合要求：TRUE/FALSE（是/否），留空视为符合")
@_doc(lambda: f"奖励金额上限（万元）：{MIRRORED['reward_cap_enterprise'].help()}（为0）。企业未填产值报错。"
             f"依据{_d.REWARD_CITE}。")
def REWARD_CAP(unit_type, output_value=None, review_result="合格", materials_ok=True):
    kind = _kind(unit_type)
    out = _num(output_value, "output_value", required=False)
    r = _text(review_result, "review_result")
    if r not in ("", "合格", "不合格"):
        raise ValueError(f"参数 review_result 的值“{r}”无效：应为“合格”“不合格”或留空")
    ok = _bool(materials_ok, "materials_ok", default=True)
    if kind is CaseKind.ENTERPRISE and out is None:
        raise ValueError("参数 output_value 为空：企业须填写上一年度产值（万元）才能确定奖励上限（第十九条）")
    if out is not None and out < 0:
        raise ValueError(f"参数 output_value 的值 {out:g} 为负数")
    return rules.reward_cap(kind, out, r or None, ok)


@func(category=CATEGORY)
@arg("amounts", ndim=2, doc="一家服务商一年内各次奖励金额（万元）的区域；空白单元格不计")
@_doc(lambda: f"服务商年度奖励资金总额（万元）：各次奖励之和，最高{_d.P['provider_annual_reward_cap'].value:g}万元。"
             f"依据{_d.ANNUAL_CAP_CITE}。")
def PROVIDER_ANNUAL_REWARD(amounts):
    vals = []
    for i, c in enumerate(_cells(amounts), start=1):
        v = _num(c, f"amounts（第{i}个单元格）", required=False)
        if v is not None and v < 0:
            raise ValueError(f"参数 amounts（第{i}个单元格）的金额 {v:g} 为负数")
        vals.append(v)
    return rules.provider_annual_reward(vals)


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


@func(category=CATEGORY)
@arg("start_date", doc="现场诊断开始日期（日期或 Excel 日期序列号）")
@arg("end_date", doc="现场诊断结束日期（含当日）")
@arg("calendar_table", ndim=2, doc=_CALENDAR_TABLE_DOC)
def ONSITE_WORKDAYS(start_date, end_date, calendar_table=None):
    """现场诊断工作日数：开始至结束日期（含两端）的法定工作日，扣除法定节假日、计入调休上班日。给出 calendar_table（节假日安排表）时，表中列有日期的年份按该表计算（每年都有放假日，列有日期即视为该年安排已完整录入），其他年份按日历库 chinesecalendar；均未收录的年份报错。依据《北京市制造业绿色诊断工作规则》第十二条。"""
    s, e = _date(start_date, "start_date"), _date(end_date, "end_date")
    cal = _calendar_table(calendar_table)
    try:
        return rules.working_days(s, e, cal)
    except ValueError as exc:
        raise _calendar_wrap("end_date" if e < s else "start_date/end_date", exc, cal) from None


@func(category=CATEGORY)
@arg("unit_type", doc="被诊断单位类型：园区 或 企业")
@arg("start_date", doc="现场诊断开始日期")
@arg("end_date", doc="现场诊断结束日期（含当日）")
@arg("calendar_table", ndim=2, doc=_CALENDAR_TABLE_DOC)
def ONSITE_CHECK(unit_type, start_date, end_date, calendar_table=None):
    """现场诊断时间是否达标：园区不少于4个工作日，企业不少于2个工作日（按法定节假日和调休计算；给出 calendar_table 时，表中列有日期的年份按该表，其他年份按日历库 chinesecalendar）。返回“符合”或“不符合：…”。依据《北京市制造业绿色诊断工作规则》第十二条。"""
    kind = _kind(unit_type)
    s, e = _date(start_date, "start_date"), _date(end_date, "end_date")
    cal = _calendar_table(calendar_table)
    try:
        return rules.check_onsite(kind, s, e, cal).text
    except ValueError as exc:
        raise _calendar_wrap("start_date/end_date", exc, cal) from None


@func(category=CATEGORY)
@arg("unit_type", doc="被诊断单位类型：园区 或 企业")
def ONSITE_MIN_DAYS(unit_type):
    """现场诊断最少工作日数：园区4，企业2。依据《北京市制造业绿色诊断工作规则》第十二条、《北京市工业园区绿色诊断工作指南》四（三）1。"""
    return rules.onsite_min_workdays(_kind(unit_type))


def _roster(x) -> list[TeamMember]:
    if not isinstance(x, (list, tuple)) or not x:
        raise ValueError("参数 roster 应为工作组成员表区域（列：姓名、工作分工、职称、从事专业、成员类别、主导绿色制造项目数）")
    members = []
    for r, cells in enumerate(_rows(x), start=1):
        if all(_blank(c) for c in cells):
            continue
        if len(cells) < 5:
            raise ValueError(f"参数 roster 第{r}行只有{len(cells)}列：应为 姓名、工作分工、职称、从事专业、成员类别、主导绿色制造项目数")
        name = _text(cells[0], "roster")
        if r == 1 and name == "姓名":
            continue  # header row included in the range
        cat = _text(cells[4], "roster")
        if cat not in MEMBER_CATEGORIES:
            raise ValueError(f"参数 roster 第{r}行成员类别“{cat}”无效：应为 {'/'.join(MEMBER_CATEGORIES)}")
        led = _int(cells[5], f"roster 第{r}行主导绿色制造项目数", required=False) if len(cells) > 5 else None
        members.append(TeamMember(
            name=name or f"第{r}行", role=_text(cells[1], "roster"), title=_text(cells[2], "roster"),
            specialty=_text(cells[3], "roster"), category=cat, led_projects=led,
        ))
    return members


@func(category=CATEGORY)
@arg("roster", ndim=2, doc="工作组成员表区域，列依次为：姓名、工作分工、职称、从事专业、成员类别（专家成员/园区相关工作负责人/园区工作人员/企业高级管理人员/企业人员）、主导绿色制造项目数（可空）；可含标题行")
def TEAM_CHECK(roster):
    """工作组组成是否达标：不少于5人；相关专业高级职称（按高级职称名单，非“含高级”）不少于2人或主导过绿色制造项目不少于3人；至少1名园区相关工作负责人或企业高级管理人员（按成员类别）。返回“符合”或“不符合：…”。依据《北京市制造业绿色诊断工作规则》第十一条。"""
    members = _roster(roster)
    cats = {m.category for m in members}
    park_cats, ent_cats = {"园区相关工作负责人", "园区工作人员"}, {"企业高级管理人员", "企业人员"}
    if cats & park_cats and cats & ent_cats:
        raise ValueError("参数 roster 同时含园区成员类别（园区相关工作负责人/园区工作人员）和企业成员类别"
                         "（企业高级管理人员/企业人员），无法判断被诊断单位类型")
    if cats & ent_cats:
        return rules.check_working_group("企业", members).text
    chk = rules.check_working_group("园区", members)
    if not cats & park_cats:  # neither: say both options
        cite = str(_d.TEAM_CITE)
        reasons = [r for r in chk.reasons if "缺少被诊断园区" not in r]
        reasons.append(f"工作组缺少被诊断园区的相关工作负责人或被诊断企业的高级管理人员（成员类别“园区相关工作负责人”或“企业高级管理人员”）（{cite}）")
        return "不符合：" + "；".join(reasons)
    return chk.text


@func(category=CATEGORY)
@arg("unsatisfied_count", doc="一年内（任意12个月）满意度评价为“不满意”的次数")
@arg("failed_count", doc="一年内（任意12个月）诊断评估报告评审“不合格”的次数")
@arg("fee_charged", doc="是否对绿色诊断服务内容收取费用（TRUE/FALSE，留空为否）")
@arg("fraud", doc="是否在申报过程中弄虚作假（第二十二条第2项：3年内不得重新入围，不限制资金支持）")
@arg("serious_impact", doc="是否对被诊断单位和社会造成严重不良影响")
@arg("funds_fraud", doc="是否恶意串通、弄虚作假等骗取财政资金（第二十一条：服务商和园区、企业5年内不得申请资金支持），留空为否")
def PROVIDER_STATUS(unsatisfied_count, failed_count, fee_charged=False, fraud=False, serious_impact=False,
                    funds_fraud=False):
    """服务商资格：收费、申报弄虚作假、一年内（任意12个月）“不满意”累计3次、“不合格”累计2次或造成严重不良影响的取消资格，3年内不得重新入围；骗取财政资金的另追回资金，服务商和园区、企业5年内不得申请资金支持。依据《北京市制造业绿色诊断工作规则》第二十一条、第二十二条。"""
    u = _int(unsatisfied_count, "unsatisfied_count", default=0)
    f = _int(failed_count, "failed_count", default=0)
    return rules.provider_status(
        u, f,
        fee_charged=_bool(fee_charged, "fee_charged"),
        fraud=_bool(fraud, "fraud"),
        serious_impact=_bool(serious_impact, "serious_impact"),
        funds_fraud=_bool(funds_fraud, "funds_fraud"),
    ).text


@func(category=CATEGORY)
@arg("beijing_legal_person", doc="是否具有北京市独立法人资格")
@arg("bad_credit_recent", doc="近3年是否有严重失信记录")
@arg("office_and_finance_ok", doc="是否具有固定办公场所、办公条件和健全的财务管理制度")
@arg("intermediate_staff", doc="从事绿色诊断的中级职称以上专职人员数")
@arg("senior_related_staff", doc="其中能源、环境、生态、低碳、生命周期评价等相关专业高级职称人员数")
@arg("recent_green_work", doc="近三年是否参与过绿色制造相关评审、论证、评价、省级以上科研项目或标准、政策制定")
@arg("led_projects_recent", doc="（职称不满足时）近三年主导的绿色制造相关项目数，可空")
@arg("experienced_staff", doc="（职称不满足时）具有相关工作经验的专职人员数，可空")
def PROVIDER_ELIGIBILITY(beijing_legal_person, bad_credit_recent, office_and_finance_ok, intermediate_staff,
                         senior_related_staff, recent_green_work, led_projects_recent=0, experienced_staff=0):
    """服务商申报基本要求：北京独立法人且近3年无严重失信；办公与财务条件；中级以上专职≥10人且相关专业高级职称≥5人，或近三年主导绿色制造项目5个以上且有经验专职人员≥10人；近三年绿色制造相关工作。依据《北京市制造业绿色诊断工作规则》第五条。"""
    return rules.check_provider_eligibility(
        _bool(beijing_legal_person, "beijing_legal_person", None) is True,
        _bool(bad_credit_recent, "bad_credit_recent", False),
        _bool(office_and_finance_ok, "office_and_finance_ok", None) is True,
        _int(intermediate_staff, "intermediate_staff"),
        _int(senior_related_staff, "senior_related_staff"),
        _bool(recent_green_work, "recent_green_work", None) is True,
        _int(led_projects_recent, "led_projects_recent", default=0),
        _int(experienced_staff, "experienced_staff", default=0),
    ).text


@func(category=CATEGORY)
@arg("report_date", doc="诊断评估报告提交（诊断完成）日期")
def FOLLOW_UP_DUE(report_date):
    """后续跟踪反馈到期日：诊断完成一年后（2月29日顺延为次年2月28日）。依据《北京市工业园区绿色诊断工作指南》六、后续跟踪服务。"""
    return rules.follow_up_due(_date(report_date, "report_date"))


@func(category=CATEGORY)
@arg("compliance", ndim=2, doc="附件2-1-1 八项“是否符合”（8×1 或 1×8 区域）：符合/不符合、是/否、√/×；第1–6项必须符合，第7–8项为鼓励项")
def BASIC_CHECK(compliance):
    """工业园区绿色诊断基础性要求：第1–6项须全部符合（空白视为未填写），第7–8项为鼓励项不影响结论。返回“符合”或“不符合：…”。依据《北京市工业园区绿色诊断工作指南》附件2-1-1。"""
    cells = _vector(compliance, "compliance", 8)
    entries = [
        BasicRequirementEntry(number=i, complies=_bool(c, f"compliance（第{i}项）", None))
        for i, c in enumerate(cells, start=1)
    ]
    return rules.check_basic_requirements(entries).text


# ── 《北京市绿色制造单位管理暂行办法（征求意见稿）》 ─────────────────────

@func(category=CATEGORY)
@arg("score", doc="绿色工厂分级评价得分（分）")
@_doc(lambda: f"绿色工厂分级：{MIRRORED['factory_tier'].help()}。依据{_u.TIER_CITE}。")
def FACTORY_TIER(score):
    return _u.factory_tier(_num(score, "score"))


@func(category=CATEGORY)
@arg("score", doc="分级评价得分（分）")
@arg("report_year", doc="所附绿色诊断评估报告的年度（可空）")
@arg("apply_year", doc="申请入库年度（可空）")
@_doc(lambda: f"能否纳入绿色制造培育库：分级评价得分原则上应达到{_u.U['incubation_pool_min_score'].value}分；"
             f"给出年度时核对诊断报告为本年度或上一年度。返回“符合”或“不符合：…”。依据{_u.POOL_CITE}、第五条。")
def INCUBATION_POOL(score, report_year=None, apply_year=None):
    return _u.check_incubation_pool(
        _num(score, "score"),
        _int(report_year, "report_year", required=False),
        _int(apply_year, "apply_year", required=False),
    ).text


@func(category=CATEGORY)
@arg("not_reviewed", doc="（一）未按规定参加复审")
@arg("review_failed", doc="（二）复审评价结果不合格")
@arg("terminated", doc="（三）所在单位被依法终止")
@arg("false_materials", doc="（四）提供虚假复审材料和数据")
@arg("self_request", doc="（五）所在单位自行要求撤销")
@arg("accident_blacklisted", doc="（六）发生重大安全、环境、质量等事故，被列入失信黑名单")
@arg("other", doc="（七）其他绿色发展水平不符合要求的情况（可空）")
def BJ_REVOCATION(not_reviewed, review_failed, terminated, false_materials, self_request, accident_blacklisted, other=False):
    """绿色制造单位撤销情形：有任一情形的，报请工业和信息化部撤销资格。返回“保留资格”或“撤销资格：…”。依据《北京市绿色制造单位管理暂行办法（征求意见稿）》第十条。"""
    names = ("not_reviewed", "review_failed", "terminated", "false_materials", "self_request", "accident_blacklisted", "other")
    vals = (not_reviewed, review_failed, terminated, false_materials, self_request, accident_blacklisted, other)
    chk = _u.check_revocation([_bool(v, n) for n, v in zip(names, vals)])
    return "保留资格" if chk.ok else "撤销资格：" + "；".join(chk.reasons)


@func(category=CATEGORY)
@arg("handled_date", doc="办理更名、重组、迁址等相关手续的日期")
@arg("calendar_table", ndim=2, doc=_CALENDAR_TABLE_DOC)
def BJ_CHANGE_DUE(handled_date, calendar_table=None):
    """绿色工厂更名或重大调整后申请名称变更/复审的截止日：办理相关手续后30日内（当日不计入）；最后一日为法定节假日或休息日的，顺延至其后第一个工作日（calendar_table 同 ONSITE_WORKDAYS）。依据《北京市绿色制造单位管理暂行办法（征求意见稿）》第十一条、《中华人民共和国民法典》第二百零三条。"""
    handled = _date(handled_date, "handled_date")
    cal = _calendar_table(calendar_table)
    try:
        return _u.change_report_due(handled, cal)
    except ValueError as exc:
        raise _calendar_wrap("handled_date", exc, cal) from None


@func(category=CATEGORY)
@arg("revoked_date", doc="被撤销绿色制造单位称号的日期")
@arg("reason", doc="撤销原因：复审不通过 或 重大调整（重组、主营业务变更、厂区迁址）")
def BJ_REAPPLY_FROM(revoked_date, reason):
    """被撤销后最早可重新申报日期：因复审不通过被撤销的三年内不得重新申报；因重大调整被撤销的可重新申报。依据《北京市绿色制造单位管理暂行办法（征求意见稿）》第十二条。"""
    try:
        return _u.reapply_from(_date(revoked_date, "revoked_date"), _text(reason, "reason"))
    except ValueError as e:
        raise _wrap("reason", e) from None


# ── 《黑龙江省绿色制造与服务体系梯度培育及管理实施细则（征求意见稿）》 ────────

@func(category=CATEGORY)
@arg("score", doc="省级评审得分（分）")
@_doc(lambda: f"黑龙江省级评审结论：{MIRRORED['hlj_review'].help()}。依据{_hlj.REVIEW_CITE}。")
def HLJ_REVIEW(score):
    return _hlj.hlj_review(_num(score, "score"))


@func(category=CATEGORY)
@arg("unit_type", doc="培育对象类型：绿色工厂 / 绿色工业园区 / 绿色供应链管理企业")
@arg("condition1", doc="条件（一）是否满足（工厂：独立法人制造型企业；园区：统一管理、工业增加值占比超50%；供应链：行业主导企业）")
@arg("condition2", doc="条件（二）是否满足（工厂：守法、管理体系健全；园区：发布绿色工厂培育计划；供应链：供应商管理与培育计划）")
@arg("condition3", doc="条件（三）是否满足（工厂、供应链：接受节能监察、节能诊断；园区为重点培育方向，不作判断）")
@arg("condition4", doc="条件（四）是否满足：符合相应评价标准要求")
@arg("value_added_share", doc="园区工业增加值占比（%，可空），须超过50")
def HLJ_CULTIVATION(unit_type, condition1, condition2, condition3, condition4, value_added_share=None):
    """黑龙江绿色制造培育对象条件：绿色工厂第六条、绿色工业园区第七条、绿色供应链管理企业第八条，空白视为未说明。返回“符合”或“不符合：…”。依据《黑龙江省绿色制造与服务体系梯度培育及管理实施细则（征求意见稿）》第六条、第七条、第八条。"""
    kind = _text(unit_type, "unit_type")
    try:
        _hlj.parse_unit_type(kind)
    except ValueError as e:
        raise _wrap("unit_type", e) from None
    met = [_bool(c, f"condition{i}", None) for i, c in enumerate((condition1, condition2, condition3, condition4), start=1)]
    return _hlj.check_cultivation(kind, met, _num(value_added_share, "value_added_share", required=False)).text


_VETO_ARGS_DOC = "（留空视为否）"


@func(category=CATEGORY)
@arg("abnormal_or_dishonest", doc="（一）被列入经营异常名录或严重违法失信名单且未信用修复" + _VETO_ARGS_DOC)
@arg("accident_or_violation", doc="（二）发生安全、质量、环境污染等事故或偷漏税等违法违规行为" + _VETO_ARGS_DOC)
@arg("removed_from_list", doc="（三）被动态调整出绿色制造名单" + _VETO_ARGS_DOC)
@arg("inspection_problem", doc="（四）在国务院及有关部委督查中被发现存在严重问题" + _VETO_ARGS_DOC)
@arg("energy_rectification", doc="（五）被列入工业节能监察整改名单未完成整改，或拒不接受节能监察、节能诊断等" + _VETO_ARGS_DOC)
@arg("dishonest_debtor", doc="（六）企业被列为失信被执行人" + _VETO_ARGS_DOC)
def HLJ_VETO(abnormal_or_dishonest, accident_or_violation, removed_from_list, inspection_problem, energy_rectification, dishonest_debtor):
    """黑龙江否决条件：近三年有任一情形的企业或园区不得申请、推荐和列入绿色制造名单。返回“无否决情形”或“否决：…”。依据《黑龙江省绿色制造与服务体系梯度培育及管理实施细则（征求意见稿）》第十五条。"""
    names = ("abnormal_or_dishonest", "accident_or_violation", "removed_from_list", "inspection_problem", "energy_rectification", "dishonest_debtor")
    vals = (abnormal_or_dishonest, accident_or_violation, removed_from_list, inspection_problem, energy_rectification, dishonest_debtor)
    chk = _hlj.check_veto([_bool(v, n) for n, v in zip(names, vals)])
    return "无否决情形" if chk.ok else "否决：" + "；".join(chk.reasons)


@func(category=CATEGORY)
@arg("item", doc="事项：国家级推荐（7月31日）/ 市级备案（8月31日）/ 动态管理表（3月30日）/ 第三方年度报告（12月31日）")
@arg("calendar_year", doc="年度（四位数字）")
def HLJ_DEADLINE(item, calendar_year):
    """黑龙江年度截止日：国家级推荐7月31日前、市级备案8月31日前、动态管理表3月30日前、第三方年度报告年底前。依据《黑龙江省绿色制造与服务体系梯度培育及管理实施细则（征求意见稿）》第二十一条、第十四条、第二十七条、第二十五条。"""
    try:
        return _hlj.deadline(_text(item, "item"), _int(calendar_year, "calendar_year"))
    except ValueError as e:
        raise _wrap("item/calendar_year", e) from None


@func(category=CATEGORY)
@arg("start_date", doc="公示开始日期")
def HLJ_PUBLICITY_END(start_date):
    """黑龙江拟定省级绿色制造名单公示期（15日，含首日）的最后一天。依据《黑龙江省绿色制造与服务体系梯度培育及管理实施细则（征求意见稿）》第二十条。"""
    return _hlj.publicity_end(_date(start_date, "start_date"))


@func(category=CATEGORY)
@arg("registered_legal_person", doc="（一）是否在中华人民共和国境内注册并具有独立法人资格")
@arg("office_and_finance_ok", doc="（二）是否具有固定办公场所、办公条件和健全财务制度")
@arg("intermediate_staff", doc="（三）从事绿色评价的中级职称以上专职人员数（不少于10）")
@arg("senior_related_staff", doc="（三）其中相关专业高级职称人员数（不少于5）")
@arg("law_abiding", doc="（四）评价人员是否遵守法律法规和评价程序、熟悉相关政策标准")
@arg("recent_green_work", doc="（五）近五年是否主导或参与绿色制造相关评审、评价、科研或标准、政策制定")
def HLJ_THIRD_PARTY(registered_legal_person, office_and_finance_ok, intermediate_staff, senior_related_staff, law_abiding, recent_green_work):
    """黑龙江第三方评价机构基本条件。返回“符合”或“不符合：…”。依据《黑龙江省绿色制造与服务体系梯度培育及管理实施细则（征求意见稿）》第二十三条。"""
    return _hlj.check_third_party(
        _bool(registered_legal_person, "registered_legal_person", None) is True,
        _bool(office_and_finance_ok, "office_and_finance_ok", None) is True,
        _int(intermediate_staff, "intermediate_staff"),
        _int(senior_related_staff, "senior_related_staff"),
        _bool(law_abiding, "law_abiding", None) is True,
        _bool(recent_green_work, "recent_green_work", None) is True,
    ).text


@func(category=CATEGORY)
@arg("project_count", doc="同一法定代表人的第三方机构本年度开展的国家级绿色制造评价项目数")
def HLJ_PROJECT_CAP(project_count):
    """第三方机构年度国家级绿色制造评价项目数不得超过15项。返回“符合”或“不符合：…”。依据《黑龙江省绿色制造与服务体系梯度培育及管理实施细则（征求意见稿）》第二十四条。"""
    return _hlj.check_project_cap(_int(project_count, "project_count")).text


@func(category=CATEGORY)
@arg("veto", doc="（一）是否存在第十五条所列情况")
@arg("no_dynamic_form", doc="（二）是否拒不按时填报动态管理表")
@arg("fraud", doc="（三）所提交材料或数据是否存在造假等问题")
@arg("major_accident", doc="是否发生重大及以上生产安全和质量事故、Ⅱ级及以上突发环境污染事件（可空）")
def HLJ_REMOVAL(veto, no_dynamic_form, fraud, major_accident=False):
    """黑龙江绿色制造名单移出情形。返回“保留”或“移出：…”。依据《黑龙江省绿色制造与服务体系梯度培育及管理实施细则（征求意见稿）》第三十条。"""
    chk = _hlj.check_removal(_bool(veto, "veto"), _bool(no_dynamic_form, "no_dynamic_form"), _bool(fraud, "fraud"),
                             _bool(major_accident, "major_accident"))
    return "保留" if chk.ok else "移出：" + "；".join(chk.reasons)


# ── 《广州市绿色工厂梯度培育及管理暂行办法（征求意见稿）》 ─────────────────

@func(category=CATEGORY)
@arg("score", doc="综合评分（分）；已获评省级或国家级时可空")
@arg("provincial", doc="是否已获评省级绿色工厂（TRUE/FALSE）")
@arg("national", doc="是否已获评国家级绿色工厂（TRUE/FALSE）")
@_doc(lambda: f"广州市绿色工厂星级（0–3）：{MIRRORED['gz_star'].help()}，否则0。依据{_gz.STAR_CITE}、第十一条。")
def GZ_STAR(score, provincial=False, national=False):
    nat = _bool(national, "national")
    prov = _bool(provincial, "provincial")
    s = _num(score, "score", required=not (nat or prov))
    try:
        return _gz.gz_star(s, prov, nat)
    except ValueError as e:
        raise _wrap("score", e) from None


@func(category=CATEGORY)
@arg("unit_type", doc="培育对象类型：绿色工厂 / 绿色工业园区 / 绿色供应链管理企业")
@arg("condition1", doc="第1项是否满足（在广州市范围内、独立法人等；园区另须工业增加值占比超50%，申报省级以上须为省级以上园区）")
@arg("condition2", doc="第2项是否满足（工厂：广州市清洁生产企业且在有效期内；园区、供应链：发布/制定绿色工厂培育计划）")
@arg("condition3", doc="第3项是否满足：符合《绿色工厂梯度培育及管理暂行办法》第十四条相应标准要求")
@arg("value_added_share", doc="园区工业增加值占比（%，可空），须超过50")
def GZ_CULTIVATION(unit_type, condition1, condition2, condition3, value_added_share=None):
    """广州市绿色制造名单培育条件（工厂、园区、供应链各3项），空白视为未说明。返回“符合”或“不符合：…”。依据《广州市绿色工厂梯度培育及管理暂行办法（征求意见稿）》第七条。"""
    kind = _text(unit_type, "unit_type")
    try:
        _hlj.parse_unit_type(kind)
    except ValueError as e:
        raise _wrap("unit_type", e) from None
    met = [_bool(c, f"condition{i}", None) for i, c in enumerate((condition1, condition2, condition3), start=1)]
    return _gz.check_cultivation(kind, met, _num(value_added_share, "value_added_share", required=False)).text


@func(category=CATEGORY)
@arg("not_operating", doc="（一）未正常经营生产（工商注销、连续停产12个月以上、列入经营异常名单未移出等）" + _VETO_ARGS_DOC)
@arg("accident_or_violation", doc="（二）发生安全、质量、环境污染等事故或偷漏税等违法违规行为" + _VETO_ARGS_DOC)
@arg("removed_from_list", doc="（三）被动态调整出绿色制造单位名单" + _VETO_ARGS_DOC)
@arg("inspection_problem", doc="（四）在国务院及有关部委督查中被发现存在严重问题" + _VETO_ARGS_DOC)
@arg("energy_rectification", doc="（五）被列入工业节能监察整改名单且未按要求完成整改" + _VETO_ARGS_DOC)
@arg("dishonest_debtor", doc="（六）企业被列为失信被执行人" + _VETO_ARGS_DOC)
def GZ_VETO(not_operating, accident_or_violation, removed_from_list, inspection_problem, energy_rectification, dishonest_debtor):
    """广州否决条件：近三年有任一情形的不得申请、推荐和列入市级绿色制造名单。返回“无否决情形”或“否决：…”。依据《广州市绿色工厂梯度培育及管理暂行办法（征求意见稿）》第十二条。"""
    names = ("not_operating", "accident_or_violation", "removed_from_list", "inspection_problem", "energy_rectification", "dishonest_debtor")
    vals = (not_operating, accident_or_violation, removed_from_list, inspection_problem, energy_rectification, dishonest_debtor)
    chk = _gz.check_veto([_bool(v, n) for n, v in zip(names, vals)])
    return "无否决情形" if chk.ok else "否决：" + "；".join(chk.reasons)


@func(category=CATEGORY)
@arg("item", doc="事项：培育入库（1月）/ 区级推荐（4月30日）/ 省级推荐（6月30日）/ 动态管理表（4月1日）")
@arg("calendar_year", doc="年度（四位数字）")
def GZ_DEADLINE(item, calendar_year):
    """广州年度日程截止日：培育入库每年1月（返回1月31日）、区级推荐4月30日前、省级推荐6月30日前、动态管理表4月1日前。依据《广州市绿色工厂梯度培育及管理暂行办法（征求意见稿）》第九条、第十条、第十一条、第十三条。"""
    try:
        return _gz.deadline(_text(item, "item"), _int(calendar_year, "calendar_year"))
    except ValueError as e:
        raise _wrap("item/calendar_year", e) from None


@func(category=CATEGORY)
@arg("start_date", doc="公示开始日期")
def GZ_PUBLICITY_END(start_date):
    """广州市级绿色制造名单公示期（7日，含首日）的最后一天。依据《广州市绿色工厂梯度培育及管理暂行办法（征求意见稿）》第十条。"""
    return _gz.publicity_end(_date(start_date, "start_date"))


@func(category=CATEGORY)
@arg("listed_date", doc="列为市级绿色制造名单培育对象的日期")
def GZ_VALID_UNTIL(listed_date):
    """培育对象有效期（三年）的最后一天。依据《广州市绿色工厂梯度培育及管理暂行办法（征求意见稿）》第九条。"""
    return _gz.cultivation_valid_until(_date(listed_date, "listed_date"))


@func(category=CATEGORY)
@arg("veto", doc="（一）是否存在第十二条所列情况")
@arg("no_dynamic_form", doc="（二）是否拒不按时填报动态管理表")
@arg("fraud", doc="（三）所提交材料或数据是否存在造假等问题")
@arg("major_accident", doc="是否发生重大及以上生产安全和质量事故、Ⅱ级及以上突发环境污染事件（可空）")
def GZ_REMOVAL(veto, no_dynamic_form, fraud, major_accident=False):
    """广州市级绿色制造名单移出情形。返回“保留”或“移出：…”。依据《广州市绿色工厂梯度培育及管理暂行办法（征求意见稿）》第十六条。"""
    chk = _gz.check_removal(_bool(veto, "veto"), _bool(no_dynamic_form, "no_dynamic_form"), _bool(fraud, "fraud"),
                            _bool(major_accident, "major_accident"))
    return "保留" if chk.ok else "移出：" + "；".join(chk.reasons)


# ── catalogue ─────────────────────────────────────────────────────────

class CatalogueEntry(BaseModel):
    """One Excel function: name, signature, short Chinese summary, citations, argument help."""

    model_config = ConfigDict(frozen=True)

    name: str
    signature: str
    summary: str
    citations: tuple[str, ...]
    group: str
    args: tuple[tuple[str, str], ...] = ()

    @property
    def cite(self) -> str:
        return "；".join(self.citations)


def _c(*cites) -> tuple[str, ...]:
    return tuple(str(c) for c in cites)


_R = rules.Citation
_RULES = "北京市制造业绿色诊断工作规则"
_GUIDE = "北京市工业园区绿色诊断工作指南"
_IND = rules.indicators.SCORE_CITE
_CAP = rules.indicators.MAX_SCORE_CITE
_METHOD = rules.indicators.METHOD_CITE  # greendiag's method, not the guide's

_ENTRIES: list[tuple[str, str, str, tuple[str, ...]]] = [
    # (name, group, summary, citations)
    ("INDICATOR_SCORE", "北京·园区诊断", "单项指标得分（0–120；逐项公式为 greendiag 方法）", _c(_IND, _CAP, _METHOD)),
    ("PARK_SCORE", "北京·园区诊断", "园区诊断评分：31项得分的平均（空白、不适用不计；greendiag 方法）", _c(_IND, _CAP, _METHOD)),
    ("LEADING_VALUE", "北京·园区诊断", "指标默认引领值（greendiag 默认值）", _c(_IND, _METHOD)),
    ("BASIC_CHECK", "北京·园区诊断", "基础性要求：第1–6项须符合，第7–8项鼓励", _c(_d.BASIC_CITE)),
    ("FOLLOW_UP_DUE", "北京·园区诊断", "诊断完成一年后的跟踪反馈到期日", _c(_d.FOLLOW_UP_CITE)),
    ("REWARD_CAP", "北京·诊断规则", "奖励上限：" + MIRRORED["reward_cap_enterprise"].help(), _c(_d.REWARD_CITE)),
    ("PROVIDER_ANNUAL_REWARD", "北京·诊断规则", f"服务商年度奖励总额，最高{_d.P['provider_annual_reward_cap'].value:g}万元",
     _c(_d.ANNUAL_CAP_CITE)),
    ("ONSITE_WORKDAYS", "北京·诊断规则", "现场诊断法定工作日数（节假日、调休；可按节假日安排表）", _c(_d.ONSITE_CITE)),
    ("ONSITE_CHECK", "北京·诊断规则", "现场诊断时间：园区≥4、企业≥2个工作日", _c(_d.ONSITE_CITE, _d.G["onsite_min_workdays"].cite)),
    ("ONSITE_MIN_DAYS", "北京·诊断规则", "现场诊断最少工作日数", _c(_d.ONSITE_CITE, _d.G["onsite_min_workdays"].cite)),
    ("TEAM_CHECK", "北京·诊断规则", "工作组：≥5人；高级职称≥2或主导项目≥3；含园区相关工作负责人/企业高级管理人员", _c(_d.TEAM_CITE, _d.GUIDE_TEAM_CITE)),
    ("PROVIDER_STATUS", "北京·诊断规则", "服务商资格：取消情形、3年不得入围、5年不得申请资金",
     _c(_d.P["disqualify_ban_years"].cite.model_copy(update={"article": "第二十二条"}), _d.P["fraud_funding_ban_years"].cite)),
    ("PROVIDER_ELIGIBILITY", "北京·诊断规则", "服务商申报基本要求（两种人员条件）", _c(_d.PROVIDER_ELIGIBILITY_CITE)),
    ("FACTORY_TIER", "北京·绿色制造单位", "绿色工厂分级：" + MIRRORED["factory_tier"].help(), _c(_u.TIER_CITE)),
    ("INCUBATION_POOL", "北京·绿色制造单位", f"培育库入库线{_u.U['incubation_pool_min_score'].value}分、诊断报告年度",
     _c(_u.POOL_CITE, _u.U["incubation_report_years"].cite)),
    ("BJ_REVOCATION", "北京·绿色制造单位", "撤销绿色制造单位资格的七种情形", _c(_u.REVOCATION_CITE)),
    ("BJ_CHANGE_DUE", "北京·绿色制造单位", "更名/重大调整后30日内申请（末日逢节假日顺延）", _c(_u.CHANGE_CITE, _d.DEADLINE_HOLIDAY_CITE)),
    ("BJ_REAPPLY_FROM", "北京·绿色制造单位", "撤销后最早重新申报日期（复审不通过3年）", _c(_u.REAPPLY_CITE)),
    ("HLJ_REVIEW", "黑龙江", "省级评审：" + MIRRORED["hlj_review"].help(), _c(_hlj.REVIEW_CITE)),
    ("HLJ_CULTIVATION", "黑龙江", "培育对象条件（工厂、园区、供应链）", _c(*(_hlj._cite(a) for a in ("第六条", "第七条", "第八条")))),
    ("HLJ_VETO", "黑龙江", "近三年否决条件（六项）", _c(_hlj.VETO_CITE)),
    ("HLJ_DEADLINE", "黑龙江", "年度截止日（7-31、8-31、3-30、12-31）",
     _c(*(_hlj.H[k].cite for k in _hlj.DEADLINES.values()))),
    ("HLJ_PUBLICITY_END", "黑龙江", "省级名单公示15日的最后一天", _c(_hlj.H["publicity_days"].cite)),
    ("HLJ_THIRD_PARTY", "黑龙江", "第三方评价机构基本条件", _c(_hlj.THIRD_PARTY_CITE)),
    ("HLJ_PROJECT_CAP", "黑龙江", "第三方机构年度国家级评价项目不超过15项", _c(_hlj.PROJECT_CAP_CITE)),
    ("HLJ_REMOVAL", "黑龙江", "名单移出情形", _c(_hlj.REMOVAL_CITE)),
    ("GZ_STAR", "广州", "绿色工厂星级：" + MIRRORED["gz_star"].help(), _c(_gz.STAR_CITE, _gz._cite("第十一条"))),
    ("GZ_CULTIVATION", "广州", "培育条件（工厂、园区、供应链）", _c(_gz._cite("第七条"))),
    ("GZ_VETO", "广州", "近三年否决条件（六项）", _c(_gz.VETO_CITE)),
    ("GZ_DEADLINE", "广州", "年度日程（1月、4-30、6-30、4-1）", _c(*(_gz.Z[k].cite for k in _gz.DEADLINES.values()))),
    ("GZ_PUBLICITY_END", "广州", "市级名单公示7日的最后一天", _c(_gz.Z["publicity_days"].cite)),
    ("GZ_VALID_UNTIL", "广州", "培育对象三年有效期的最后一天", _c(_gz.VALIDITY_CITE)),
    ("GZ_REMOVAL", "广州", "名单移出情形", _c(_gz.REMOVAL_CITE)),
]


def _signature(f) -> str:
    parts = []
    for p in inspect.signature(f).parameters.values():
        parts.append(p.name if p.default is inspect.Parameter.empty else f"[{p.name}]")
    return f"{f.__name__}({', '.join(parts)})"


CATALOGUE: dict[str, CatalogueEntry] = {
    name: CatalogueEntry(
        name=name,
        signature=_signature(globals()[name]),
        summary=summary,
        citations=cites,
        group=group,
        args=tuple((a, ARG_DOCS.get(name, {}).get(a, "")) for a in inspect.signature(globals()[name]).parameters),
    )
    for name, group, summary, cites in _ENTRIES
}
"""Every Excel function of this module: ``{name: CatalogueEntry}`` in display order."""

__all__ = ["ARG_DOCS", "CATALOGUE", "CatalogueEntry", *CATALOGUE]

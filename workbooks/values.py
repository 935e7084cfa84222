"""Tolerant, strict cell-value parsing for the reader.

Tolerant where a person would be: stray spaces (also full-width), full-width digits, numbers typed
as text, thousands separators ``1,200``, ``85%``, dates typed as ``2026年3月2日`` / ``2026-03-02``
/ ``2026/3/2`` / ``2026.3.2`` or Excel serial numbers.  Strict where guessing would be wrong:
``12万元`` in a 万元 cell is read as 12 **with a warning** (never 120000), ``1.2亿元`` or ``120000元``
are rejected (the person must convert), unknown list entries are rejected.

Percent cells (indicator unit ``%``) hold percent numbers (85 means 85 %):

* ``"85%"`` typed as text → 85 (a warning: text is not counted by the sheet's own formula);
* a number shown with a percent format (Excel, WPS and LibreOffice turn a typed ``85%`` into 0.85
  shown as 85%) → 85, as the cell shows and as the sheet's own score reads it (sheets.indicators.shown_percent);
* a bare number between 0 and 1 → kept as typed, with a warning asking whether X % was meant;
* a number above 100 → kept, with a warning.

Each parser returns ``(value, warnings)`` or raises :class:`ValueProblem` with a Chinese message.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from greendiag.rules.identity import credit_code_problem
from greendiag.workbooks import spec as S
from greendiag.workbooks import text as T


class ValueProblem(ValueError):
    """A cell value that cannot be read; the message is Chinese and names what was expected."""


_SPACES = re.compile(r"[\s\u3000\u00a0]+")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DATE = re.compile(r"^(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*[日号]?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EXCEL_EPOCH = datetime(1899, 12, 30)


def norm(text: str) -> str:
    """Cell text as shown (:func:`greendiag.workbooks.text.decode`), full-width ASCII forms as ASCII
    (``１２`` → ``12``, ``％`` → ``%``; never NFKC, which reads ``10²`` as ``102``), no white space.

    Labels, headers and list entries repeat from sheet to sheet and file to file: texts up to
    :data:`_NORM_CACHED` characters are remembered (the last 8192)."""
    if len(text) <= _NORM_CACHED:
        return _norm_short(text)
    return _norm(text)


def _norm(text: str) -> str:
    return _SPACES.sub("", T.narrow(T.decode(text)))


_NORM_CACHED = 200
_norm_short = lru_cache(maxsize=8192)(_norm)


def is_blank(value: object) -> bool:
    """``None`` or text that shows nothing (spaces, zero-width and other invisible characters)."""
    return value is None or (isinstance(value, str) and T.is_blank_text(T.decode(value)))


_MAX_EXACT = 1e15
"""Excel keeps 15 significant digits: a whole number from 10**15 on may have lost digits."""


def _not_error(value: str) -> None:
    if T.is_error_value(value):
        raise ValueProblem(f"单元格显示错误值 {value.strip()}（公式或粘贴出错）：请填写实际内容")


def check_limit(x: float, limit: float | None, unit: str = "") -> None:
    """Raise :class:`ValueProblem` when ``|x|`` exceeds ``limit`` (an implausible magnitude)."""
    if limit is not None and abs(x) > limit:
        u = "" if unit in ("", "-") else unit
        raise ValueProblem(f"数值 {show(x)}{u} 超出合理范围（绝对值不超过 {show(limit)}{u}）：请核对数值和单位")


def show(value: object) -> str:
    """The value as a person would recognise it in a message."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, float) and math.isfinite(value) and abs(value) >= 1e15:
        return f"{value:.6G}"  # as Excel shows it in General format
    text = T.decode(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def text(value: object, identifier: str = "") -> tuple[str, list[str]]:
    """Free text as a person sees it (:func:`greendiag.workbooks.text.cell_text`: ``_xHHHH_`` decoded,
    invisible-only text blank); numbers as typed (13800000000, not 1.38e10); dates ISO.

    Raises :class:`ValueProblem` for an error value (``#N/A``), a whole number of 16 or more
    digits (Excel has kept only 15: an 18-digit credit code typed as a number), a credit code that
    does not check (:func:`greendiag.rules.identity.credit_code_problem`, GB 32100-2015), and, for an
    ``identifier`` field (:data:`~greendiag.workbooks.spec.CREDIT_CODE`,
    :data:`~greendiag.workbooks.spec.PHONE`), a number that cannot hold every digit.
    A logical value (TRUE) is kept as the word the cell shows, with a warning.
    """
    if value is None:
        return "", []
    if isinstance(value, bool):
        word = "TRUE" if value else "FALSE"
        return word, [f"单元格是逻辑值 {word}（不是文字）：已按“{word}”读取；如需文字请将单元格设为文本后重新输入"]
    if isinstance(value, str):
        _not_error(value)
        out = T.cell_text(value)
        if identifier == S.CREDIT_CODE and (why := credit_code_problem(out)):
            raise ValueProblem(why)
        return out, []
    if isinstance(value, (datetime, date)):
        return show(value), []
    if isinstance(value, (int, float)):
        x = float(value)
        if not math.isfinite(x):
            raise ValueProblem("内容无法识别")
        whole = x.is_integer()
        if identifier == S.CREDIT_CODE:
            raise ValueProblem("统一社会信用代码以数字保存，18 位代码已丢失位数或字母：请将单元格设为文本后重新输入")
        if whole and abs(x) >= _MAX_EXACT:
            raise ValueProblem(f"以数字保存的 {show(x)} 超过 15 位，Excel 已丢失末尾数字：请将单元格设为文本后重新输入")
        if identifier == S.PHONE and (not whole or x < 0):
            raise ValueProblem("电话号码以数字保存且不是整数：请将单元格设为文本后重新输入")
        if isinstance(value, int):
            return str(value), []
        return (str(int(x)) if whole else repr(x)), []
    return T.cell_text(str(value)), []


def number(value: object, *, unit: str = "", percent_format: bool = False, allow_negative: bool = False,
           limit: float | None = None) -> tuple[float | None, list[str]]:
    """A number in ``unit``; see the module docstring for percent cells and unit suffixes.

    ``limit``: largest absolute value accepted (the spec's per-field limit, see
    :attr:`greendiag.workbooks.spec.FieldSpec.max_value`); beyond it :class:`ValueProblem`.
    """
    warnings: list[str] = []
    if is_blank(value):
        return None, []
    if isinstance(value, bool):
        raise ValueProblem("应填写数字，而不是逻辑值")
    if isinstance(value, (datetime, date)):
        raise ValueProblem("应填写数字，而不是日期")
    is_pct = unit == "%"
    if isinstance(value, (int, float)):
        x = float(value)
        if not math.isfinite(x):
            raise ValueProblem("不是有效数字")
        if is_pct and percent_format:
            y = round(x * 100, 10)
            x = y  # as shown (85%) and as the sheet's own score reads it: no disagreement, no warning
        elif is_pct and 0 < x <= 1:
            warnings.append(f"百分比指标填写了 {show(x)}：本表按百分数填写（85 表示 85%），请确认是否应为 {show(x * 100)}")
    elif isinstance(value, str):
        _not_error(value)
        t = norm(value)
        raw = T.cell_text(value)
        if "亿" in t:
            raise ValueProblem(f"金额请换算为{unit or '万元'}填写数字（1亿元 = 10000万元），不要带“亿”字")
        suffix = ""
        for u in ("万元", "万", "元", "%"):
            if t.endswith(u):
                suffix, t = u, t[: -len(u)]
                break
        if suffix in ("万元", "万"):
            if unit != "万元":
                raise ValueProblem(f"此处单位为{unit or '数字'}，不应带“{suffix}”")
            warnings.append(f"“{raw}”带有单位，已按 {t} 万元读取（不是 {t}0000）；请只填写数字")
        elif suffix == "元":
            raise ValueProblem(f"此处单位为{unit or '数字'}，请填写数字（{'万元：1万元 = 10000元' if unit == '万元' else '不带单位'}）")
        elif suffix == "%":
            if not is_pct:
                raise ValueProblem("此处不是百分比，不应带“%”")
        if _THOUSANDS.match(t):
            t = t.replace(",", "")
        elif "," in t:
            raise ValueProblem("数字中的逗号无法识别（千分位应为 1,200 的形式）")
        if not _PLAIN.match(t):
            raise ValueProblem(f"应填写数字{'（单位：' + unit + '）' if unit and unit != '-' else ''}")
        x = float(t)
        if not math.isfinite(x):
            raise ValueProblem("不是有效数字")
        if is_pct and suffix != "%" and 0 < x <= 1:
            warnings.append(f"百分比指标填写了 {show(x)}：本表按百分数填写（85 表示 85%），请确认是否应为 {show(x * 100)}")
    else:
        raise ValueProblem("应填写数字")
    if x < 0 and not allow_negative:
        raise ValueProblem("不能为负数")
    check_limit(x, limit, unit)
    if is_pct and x > 100:
        warnings.append(f"百分比 {show(x)} 大于 100，请核对")
    return x, warnings


def percent_format(cell: object) -> bool:
    """Does ``cell`` (an openpyxl cell or ``None``) have a percent number format (``0%``, ``0.0%``)?
    A literal ``"%"`` or ``\\%`` in the format is not one."""
    fmt = getattr(cell, "number_format", "") or ""
    return "%" in fmt.replace('"%"', "").replace("\\%", "")


def measured(value: object, unit: str, cell: object = None, *, limit: float | None = None) -> tuple[float | None, list[str]]:
    """A measured value in ``unit`` (may be negative): the one percent rule for every percentage input
    (评价指标, 对标分析 rows in %): read as the cell shows (``85%`` → 85), 0–1 questioned, above 100
    questioned (the sheet refuses it), at most :data:`~greendiag.workbooks.spec.MAX_PERCENT`; any other
    unit up to ``limit``.  The sheet's own formulas read a percentage the same way
    (``workbooks.builder.shown_percent``)."""
    is_pct = norm(unit) == "%"
    return number(value, unit="%" if is_pct else unit, percent_format=is_pct and percent_format(cell),
                  allow_negative=True, limit=S.MAX_PERCENT if is_pct else limit)


def integer(value: object, *, unit: str = "", limit: float | None = None) -> tuple[int | None, list[str]]:
    """A whole number ≥ 0 (people, projects), at most ``limit``."""
    x, w = number(value, unit=unit, limit=limit)
    if x is None:
        return None, w
    if not float(x).is_integer():
        raise ValueProblem("应填写整数")
    return int(x), w


def year(value: object) -> tuple[int | None, list[str]]:
    """A four-digit year 2000–2100 (``2026`` or ``2026年``)."""
    if isinstance(value, str) and norm(value).endswith("年"):
        value = norm(value)[:-1]
    if isinstance(value, (datetime, date)):
        raise ValueProblem("应填写四位年份（如 2026），而不是日期")
    try:
        y, w = integer(value, limit=S.MAX_YEAR)
    except ValueProblem:
        raise ValueProblem("应填写四位年份，如 2026") from None
    if y is not None and not (S.MIN_YEAR <= y <= S.MAX_YEAR):
        raise ValueProblem(f"年份应在 {S.MIN_YEAR}–{S.MAX_YEAR} 之间")
    return y, w


def a_date(value: object) -> tuple[date | None, list[str]]:
    """A date: date/datetime, Excel serial, or text 2026-03-02 / 2026/3/2 / 2026.3.2 / 2026年3月2日 / 20260302."""
    warnings: list[str] = []
    if is_blank(value):
        return None, []
    if isinstance(value, bool):
        raise ValueProblem("应填写日期")
    if isinstance(value, datetime):
        d = value.date()
        if value.time() != time(0):
            warnings.append(f"日期带有时间 {value.time().isoformat()}，只取日期 {d.isoformat()}")
    elif isinstance(value, date):
        d = value
    elif isinstance(value, (int, float)):
        x = float(value)
        if not math.isfinite(x) or not (1 <= x < 2958466):
            raise ValueProblem("应填写日期，如 2026-03-02")
        if 19000101 <= x <= 21001231 and x.is_integer():
            return a_date(str(int(x)))
        if not x.is_integer():
            warnings.append("日期带有时间，只取日期")
        d = (_EXCEL_EPOCH + timedelta(days=int(x))).date()
        warnings.append(f"日期以数字 {show(value)} 保存，已按 Excel 日期序号读作 {d.isoformat()}；请设置为日期格式核对")
    elif isinstance(value, str):
        _not_error(value)
        t = norm(value)
        m = _DATE.match(t) or _DATE_COMPACT.match(t)
        if not m:
            raise ValueProblem("日期无法识别：请填写为 2026-03-02、2026/3/2 或 2026年3月2日")
        try:
            d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise ValueProblem("不是有效日期（年月日超出范围）") from None
    else:
        raise ValueProblem("应填写日期")
    if not (S.MIN_YEAR <= d.year <= S.MAX_YEAR):
        raise ValueProblem(f"日期应在 {S.MIN_YEAR}–{S.MAX_YEAR} 年之间")
    return d, warnings


def choice(value: object, allowed: tuple[str, ...]) -> tuple[str | None, list[str]]:
    """One of ``allowed`` (spaces ignored; 其他/其它 accepted for each other with a warning)."""
    if is_blank(value):
        return None, []
    if isinstance(value, bool):
        raise ValueProblem("不是可选值（单元格是逻辑值）：应为 " + "/".join(allowed))
    t, _ = text(value)
    t = _SPACES.sub("", T.narrow(t))
    if t in allowed:
        return t, []
    syn = S.SYNONYMS.get(t)
    if syn in allowed:
        return syn, [f"“{t}”按“{syn}”读取"]
    raise ValueProblem("不是可选值：应为 " + "/".join(allowed))


def yes_no(value: object) -> tuple[bool | None, list[str]]:
    """是/否 (also Excel TRUE/FALSE)."""
    if is_blank(value):
        return None, []
    if isinstance(value, bool):
        return value, []
    if isinstance(value, str):
        _not_error(value)
    t = norm(str(value))
    if t == S.YES:
        return True, []
    if t == S.NO:
        return False, []
    raise ValueProblem("应选择“是”或“否”")

"""Tolerant, strict cell-value parsing for the reader.

Tolerant where a person would be: stray spaces (also full-width), full-width digits, numbers typed
as text, thousands separators ``1,200``, ``85%``, dates typed as ``2026年3月2日`` / ``2026-03-02``
/ ``2026/3/2`` / ``2026.3.2`` or Excel serial numbers.  Strict where guessing would be wrong:
``12万元`` in a 万元 cell is read as 12 **with a warning** (never 120000), ``1.2亿元`` or ``120000元``
are rejected (the person must convert), unknown list entries are rejected.

Percent cells (indicator unit ``%``) hold percent numbers (85 means 85 %):

* ``"85%"`` typed as text → 85 (a warning: text is not counted by the sheet's own formula);
* a number shown with a percent format (Excel turns a typed ``85%`` into 0.85) → 85, with a
  warning that the sheet's native score used 0.85 and the cell should be retyped as 85;
* a bare number between 0 and 1 → kept as typed, with a warning asking whether X % was meant;
* a number above 100 → kept, with a warning.

Each parser returns ``(value, warnings)`` or raises :class:`ValueProblem` with a Chinese message.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, time, timedelta

from greendiag.workbooks import spec as S


class ValueProblem(ValueError):
    """A cell value that cannot be read; the message is Chinese and names what was expected."""


_SPACES = re.compile(r"[\s\u3000\u00a0]+")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DATE = re.compile(r"^(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*[日号]?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EXCEL_EPOCH = datetime(1899, 12, 30)


def norm(text: str) -> str:
    """NFKC (full-width digits/letters/％/，→ ASCII) and no whitespace at all."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and _SPACES.sub("", value) == "")


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
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def text(value: object) -> tuple[str, list[str]]:
    """Free text: strings stripped; numbers as typed (13800000000, not 1.38e10); dates ISO."""
    if value is None:
        return "", []
    if isinstance(value, bool):
        return (S.YES if value else S.NO), []
    if isinstance(value, str):
        return value.strip().strip("\u3000").strip(), []
    if isinstance(value, (datetime, date)):
        return show(value), []
    if isinstance(value, int):
        return str(value), []
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueProblem("内容无法识别")
        return (str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)), []
    return str(value).strip(), []


def number(value: object, *, unit: str = "", percent_format: bool = False, allow_negative: bool = False
           ) -> tuple[float | None, list[str]]:
    """A number in ``unit``; see the module docstring for percent cells and unit suffixes."""
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
            warnings.append(
                f"单元格为百分比格式（显示 {show(y)}%，实际存值 {show(x)}），已按 {show(y)} 读取；"
                f"表内公式按 {show(x)} 计算，请改为直接填写 {show(y)}"
            )
            x = y
        elif is_pct and 0 < x <= 1:
            warnings.append(f"百分比指标填写了 {show(x)}：本表按百分数填写（85 表示 85%），请确认是否应为 {show(x * 100)}")
    elif isinstance(value, str):
        t = norm(value)
        raw = value.strip()
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
    if is_pct and x > 100:
        warnings.append(f"百分比 {show(x)} 大于 100，请核对")
    return x, warnings


def integer(value: object, *, unit: str = "") -> tuple[int | None, list[str]]:
    """A whole number ≥ 0 (people, projects)."""
    x, w = number(value, unit=unit)
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
        y, w = integer(value)
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
    t, _ = text(value)
    t = _SPACES.sub("", t)
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
    t = norm(str(value))
    if t == S.YES:
        return True, []
    if t == S.NO:
        return False, []
    raise ValueProblem("应选择“是”或“否”")

"""Excel functions of 《北京市工业园区绿色诊断工作指南》: indicator scores (附件2-1-2), basic requirements
(附件2-1-1), follow-up due date.  Re-exported by :mod:`greendiag.addin.udfs`.
"""

from __future__ import annotations

from greendiag import rules
from greendiag.addin.udf_args import (
    _INF,
    CATEGORY,
    _bool,
    _clean,
    _date,
    _doc,
    _int,
    _vector,
    _wrap,
    arg,
    func,
)
from greendiag.rules.indicators import _QUAL, _score, indicator_count, table
from greendiag.rules.models import (
    NOT_APPLICABLE,
    QUALITATIVE_STATES,
    BasicRequirementEntry,
)
from greendiag.workbooks import values as _V

# ── 附件2-1-2 indicator scores ────────────────────────────────────────

_N = indicator_count()
"""How many indicators the argument help names (today's edition; a workbook's functions score with it)."""
_QUALITATIVE = "、".join(str(i.number) for i in rules.INDICATORS if i.direction == "qualitative")
_LOWER = "、".join(str(i.number) for i in rules.INDICATORS if i.direction == "lower")


def _number(number) -> int:
    n, last = _int(number, "number"), indicator_count()
    if not 1 <= n <= last:
        raise ValueError(f"参数 number 的值 {number!r} 无效：指标序号应为 1–{last}")
    return n


@func(category=CATEGORY)
@arg("number", doc=f"指标序号 1–{_N}（附件2-1-2 的顺序）")
@arg("indicator_value", doc=f"当年指标数据：数字；第{_QUALITATIVE}项填“具备/完善/是”等；空白或“不适用”不计分")
@arg("leading_value", doc="引领值（可选）：留空用默认值（工信厅节函〔2016〕586号）")
@_doc(lambda: f"单项指标得分（0–{table().cap:g}分）。正向：100×指标值/引领值；逆向（第{_LOWER}项）：100×引领值/指标值，"
             f"指标值≤0得{table().cap:g}分；定性项为100×本状态得分÷引领状态得分（状态得分见“参数”表，greendiag 的方法），"
             f"填其他定性指标的状态（如第12项填“是”）报错。单项最高{table().cap:g}分。空白或“不适用”返回空。"
             "依据《北京市工业园区绿色诊断工作指南》附件2-1-2及注1。")
def INDICATOR_SCORE(number, indicator_value, leading_value=None):
    n = _number(number)
    t = table()
    code, default = t.codes[n - 1]
    v = _cell_value(code, indicator_value, "indicator_value", n)
    lead = default if leading_value is None else _cell_value(code, leading_value, "leading_value", n)
    try:
        return _score(code, n, v, default if lead is None else lead, t)
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
@arg("values", ndim=2, doc=f"同一年{_N}项指标数据（{_N}×1 或 1×{_N} 区域，按附件2-1-2顺序）；空白或“不适用”不计入平均")
@arg("leading_values", ndim=2, doc=f"引领值（可选，{_N}×1 或 1×{_N} 区域）；留空或其中空白单元格用默认值")
@_doc(lambda: f"园区诊断评分：同一年{_N}项单项得分（各不超过{table().cap:g}分）的算术平均，空白和“不适用”不计入；"
      "全部为空时返回空。依据《北京市工业园区绿色诊断工作指南》附件2-1-2及注1。")
def PARK_SCORE(values, leading_values=None):
    t = table()
    n = len(t.codes)
    cells = _vector(values, "values", n)
    leads = None if leading_values is None else _vector(leading_values, "leading_values", n)
    total = 0.0
    count = 0
    cap = t.cap
    for i in range(n):
        v = cells[i]
        if v is None:
            continue
        code, factor = t.fast[i]
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
                    s = _score(code, i + 1, v, t.codes[i][1], t)
                except ValueError as e:
                    raise _wrap("values", e) from None
            elif s > cap:
                s = cap
            elif s < 0.0:
                s = 0.0
        else:
            lead = t.codes[i][1]
            if type(v) is not float:
                v = _cell_value(code, v, "values", i + 1)
                if v is None:
                    continue
            if leads is not None and leads[i] is not None:
                lv = _cell_value(code, leads[i], "leading_values", i + 1)
                if lv is not None:
                    lead = lv
            try:
                s = _score(code, i + 1, v, lead, t)
            except ValueError as e:
                raise _wrap("values", e) from None
        total += s
        count += 1
    return total / count if count else None


@func(category=CATEGORY)
@arg("number", doc=f"指标序号 1–{_N}")
def LEADING_VALUE(number):
    """第 number 项指标的默认引领值（数字或“具备/完善/是”），来自工信部《绿色园区评价要求》(工信厅节函〔2016〕586号)，请对照现行文本核对。依据《北京市工业园区绿色诊断工作指南》附件2-1-2。"""
    return rules.INDICATORS[_number(number) - 1].leading_value



# ── 《北京市工业园区绿色诊断工作指南》: follow-up, basic requirements (附件2-1-1) ──────

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

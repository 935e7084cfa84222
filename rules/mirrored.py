"""Rules a workbook mirrors in a native formula, each declared once: Python, formula text, help, citations.

A workbook shows some rules as native spreadsheet formulas (so the sheet works without the add-in):
the reward cap of 第十九条, the green-factory tier ladder of 《北京市绿色制造单位管理暂行办法》第七条,
the Heilongjiang review ladder (第十八条) and the Guangzhou star rule (第三条).  Each is declared here
once, as strings only (rules/ imports no spreadsheet library):

* ``python(*inputs)`` — what the cell must show, by the rule function itself;
* ``formula(refs, param)`` — the native formula text (``"=IF(…)"``) given the input cells ``refs``
  (in the order of ``inputs``) and ``param(key)``, the text standing for a parameter: a cell on the
  workbook's 参数 sheet, or by default the value of the current edition written out;
* ``help()`` — the sentence for help texts and hints, built from the parameters;
* ``cites()`` — the articles;
* ``boundaries()`` — input rows at the documents' boundaries (60/80/90, 10亿元 …), from the
  parameters, which the LibreOffice test evaluates for every declared rule.

Inputs are cell values as a workbook holds them: numbers, text (合格/不合格, 是/否), blank (``None``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from greendiag.rules import diagnosis as _d
from greendiag.rules import guangzhou as _gz
from greendiag.rules import heilongjiang as _hlj
from greendiag.rules import units as _u
from greendiag.rules.citations import Citation, load_params
from greendiag.rules.models import CaseKind

ParamText = Callable[[str], str]
"""``param(key)`` → the formula text for parameter ``key`` (a cell reference or a literal)."""

YES, NO = "是", "否"
FAILED = "不合格"


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return f"{value:g}"
    return '"' + str(value).replace('"', '""') + '"'


def literal(name: str) -> ParamText:
    """``param`` writing the current edition's values of ``rules/params/<name>.toml`` into the formula."""
    return lambda key: _literal(load_params(name)[key].value)


@dataclass(frozen=True)
class Mirrored:
    """One mirrored rule (see the module docstring)."""

    name: str
    params: str
    """The parameter file its ``param`` keys belong to."""
    inputs: tuple[str, ...]
    python: Callable[..., Any]
    _formula: Callable[[Sequence[str], ParamText], str]
    _help: Callable[[], str]
    _cites: Callable[[], tuple[Citation, ...]]
    _boundaries: Callable[[], tuple[tuple[Any, ...], ...]]

    def formula(self, refs: Sequence[str] | Mapping[str, str], param: ParamText | None = None) -> str:
        """The native formula (with its ``=``) over the input cells ``refs`` (a sequence in the order of
        ``inputs`` or a mapping by input name); ``param`` defaults to :func:`literal` values."""
        cells = [refs[n] for n in self.inputs] if isinstance(refs, Mapping) else list(refs)
        if len(cells) != len(self.inputs):
            raise ValueError(f"{self.name} 需要 {len(self.inputs)} 个输入单元格（{'、'.join(self.inputs)}）")
        return "=" + self._formula(cells, param or literal(self.params))

    def help(self) -> str:
        return self._help()

    def cites(self) -> tuple[Citation, ...]:
        return self._cites()

    def boundaries(self) -> tuple[tuple[Any, ...], ...]:
        return self._boundaries()


def _v(name: str, key: str) -> Any:
    return load_params(name)[key].value


def _around(x: float, step: float = 0.01) -> tuple[float, ...]:
    return (x - step, x, x + step)


# ── 第十九条 reward cap ────────────────────────────────────────────────

def _stop(result: str, materials: str) -> str:
    return f'OR({result}="{FAILED}",{materials}="{NO}")'


def _cap_park(c: Sequence[str], p: ParamText) -> str:
    result, materials = c
    return f"IF({_stop(result, materials)},{p('reward_none')},{p('reward_cap_park')})"


def _cap_enterprise(c: Sequence[str], p: ParamText) -> str:
    output, result, materials = c
    return (f'IF(NOT(ISNUMBER({output})),"请填写产值",IF({_stop(result, materials)},{p("reward_none")},'
            f'IF({output}>={p("reward_output_threshold")},{p("reward_cap_enterprise_large")},{p("reward_cap_enterprise_small")})))')


def _cap_py(kind: CaseKind) -> Callable[..., Any]:
    def cap(*args: Any) -> Any:
        *output, result, materials = args
        if kind is CaseKind.ENTERPRISE and not isinstance(output[0], (int, float)):
            return "请填写产值"
        return _d.reward_cap(kind, output[0] if output else None, result or None, materials != NO)
    return cap


def _reward_help() -> str:
    return _d.reward_tiers_text() + "；评审不合格或证明材料不符合要求的不予奖励"


def _reward_cites() -> tuple[Citation, ...]:
    return (_d.REWARD_CITE,)


def _cap_park_rows() -> tuple[tuple[Any, ...], ...]:
    return tuple((r, m) for r in ("合格", FAILED, None) for m in (YES, NO, None))


def _cap_enterprise_rows() -> tuple[tuple[Any, ...], ...]:
    line = float(_v("bj_diagnosis", "reward_output_threshold"))
    rows: list[tuple[Any, ...]] = [(x, "合格", YES) for x in (0.0, *_around(line), line * 1.56)]
    rows += [(line, FAILED, YES), (line, None, NO), (line - 0.01, None, None), (None, "合格", YES)]
    return tuple(rows)


# ── ladders: 北京 tiers (第七条), 黑龙江 review (第十八条), 广州 stars (第三条) ─────

def _ladder(score: str, steps: Sequence[tuple[str, str]], below: str) -> str:
    """``IF(score>=k1,v1,IF(score>=k2,v2,…,below))`` for steps from the highest line down."""
    out = below
    for line, value in reversed(steps):
        out = f"IF({score}>={line},{value},{out})"
    return out


def _tier(c: Sequence[str], p: ParamText) -> str:
    names = [_literal(n) for n in _v("bj_units", "tier_names")]
    steps = [(p("tier_leader_min"), names[3]), (p("tier_benchmark_min"), names[2]), (p("tier_quality_min"), names[1])]
    return _ladder(c[0], steps, names[0])


def _review(c: Sequence[str], p: ParamText) -> str:
    names = [_literal(n) for n in _v("heilongjiang", "review_results")]
    return _ladder(c[0], [(p("review_national_min"), names[2]), (p("review_pass_min"), names[1])], names[0])


def _star(c: Sequence[str], p: ParamText) -> str:
    score, provincial, national = c
    return (f'IF({national}="{YES}",{p("star_national")},IF({provincial}="{YES}",{p("star_provincial")},'
            f"IF({score}>={p('star1_min_score')},1,0)))")


def _lines(*values: Any) -> tuple[tuple[Any, ...], ...]:
    out: list[tuple[Any, ...]] = [(0.0,), (100.0,)]
    for v in values:
        out += [(x,) for x in _around(float(v))]
    return tuple(out)


def _tier_help() -> str:
    n = _v("bj_units", "tier_names")
    lo, mid, hi = (_v("bj_units", k) for k in ("tier_quality_min", "tier_benchmark_min", "tier_leader_min"))
    return f"得分不足{lo}分为{n[0]}，{lo}（含）–{mid}分为{n[1]}，{mid}（含）–{hi}分为{n[2]}，{hi}分（含）以上为{n[3]}"


def _review_help() -> str:
    n = _v("heilongjiang", "review_results")
    ok, top = _v("heilongjiang", "review_pass_min"), _v("heilongjiang", "review_national_min")
    return f"评审得分{ok}分及以上为{n[1]}，其中{top}分及以上{n[2]}；不足{ok}分为{n[0]}"


def _star_help() -> str:
    return (f"综合评分{_v('guangzhou', 'star1_min_score')}分（含）以上为1星；获评省级绿色工厂为"
            f"{_v('guangzhou', 'star_provincial')}星，国家级为{_v('guangzhou', 'star_national')}星（按最高获评级别）")


MIRRORED: dict[str, Mirrored] = {
    m.name: m
    for m in (
        Mirrored("reward_cap_park", "bj_diagnosis", ("review_result", "materials_ok"), _cap_py(CaseKind.PARK),
                 _cap_park, _reward_help, _reward_cites, _cap_park_rows),
        Mirrored("reward_cap_enterprise", "bj_diagnosis", ("output_value", "review_result", "materials_ok"),
                 _cap_py(CaseKind.ENTERPRISE), _cap_enterprise, _reward_help, _reward_cites, _cap_enterprise_rows),
        Mirrored("factory_tier", "bj_units", ("score",), lambda s: _u.factory_tier(s), _tier, _tier_help,
                 lambda: (_u.TIER_CITE,),
                 lambda: _lines(*(_v("bj_units", k) for k in ("tier_quality_min", "tier_benchmark_min", "tier_leader_min")))),
        Mirrored("hlj_review", "heilongjiang", ("score",), lambda s: _hlj.hlj_review(s), _review, _review_help,
                 lambda: (_hlj.REVIEW_CITE,),
                 lambda: _lines(_v("heilongjiang", "review_pass_min"), _v("heilongjiang", "review_national_min"))),
        Mirrored("gz_star", "guangzhou", ("score", "provincial", "national"),
                 lambda s, pr, na: _gz.gz_star(s, pr == YES, na == YES), _star, _star_help,
                 lambda: (_gz.STAR_CITE,),
                 lambda: tuple((s, pr, na) for (s,) in _lines(_v("guangzhou", "star1_min_score"))
                               for pr, na in ((NO, NO), (YES, NO), (NO, YES), (YES, YES)))),
    )
}
"""Every mirrored rule by name; the LibreOffice test iterates over all of them."""

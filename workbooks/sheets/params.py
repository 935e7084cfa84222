"""参数: the parameters a workbook's formulas use (leading values, caps, thresholds from
``rules/params/*.toml``), each with its value, unit and article, and the add-in switch ``use_python``;
:func:`pref` is how every other sheet refers to them."""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook

from greendiag.rules import INDICATORS
from greendiag.rules.citations import current_edition, load_params
from greendiag.rules.indicators import QUALITATIVE_SCORES_KEY, indicators, qualitative_scores_param
from greendiag.rules.models import QUALITATIVE_STATES, CaseKind
from greendiag.workbooks import kit as K
from greendiag.workbooks import spec as S

_RULE_PARAMS = (
    "team_min_members",
    "team_min_senior_related",
    "team_min_project_leaders",
    "team_min_unit_members",
    "onsite_min_workdays_park",
    "onsite_min_workdays_enterprise",
    "reward_cap_park",
    "reward_output_threshold",
    "reward_cap_enterprise_large",
    "reward_cap_enterprise_small",
    "reward_none",
)
_NOT_FOR: dict[CaseKind, frozenset[str]] = {
    CaseKind.PARK: frozenset({"onsite_min_workdays_enterprise", "reward_output_threshold",
                              "reward_cap_enterprise_large", "reward_cap_enterprise_small"}),
    CaseKind.ENTERPRISE: frozenset({"onsite_min_workdays_park", "reward_cap_park"}),
}
"""Rule parameters of the other kind, left off a workbook's 参数 (its formulas never use them)."""
PARAM_FIRST_ROW = 4
PYTHON_SWITCH_LABELS: dict[CaseKind, str] = {
    CaseKind.PARK: "用加载项函数核对评分和奖励上限",
    CaseKind.ENTERPRISE: "用加载项函数核对奖励上限",
}
"""Label of the add-in switch on 参数: the park workbook checks PARK_SCORE (评价指标) and
REWARD_CAP (奖励测算), the enterprise workbook REWARD_CAP only."""

PARAMS_TITLE: dict[CaseKind, str] = {
    CaseKind.PARK: "参数（引领值、奖励上限、工作组与现场诊断要求）",
    CaseKind.ENTERPRISE: "参数（奖励上限、工作组与现场诊断要求）",
}


def param_keys(kind: CaseKind) -> tuple[str, ...]:
    """The parameters on a workbook's 参数, in order: for a park the 31 leading values (indicator_01…31),
    the indicator score cap and the minimum of scored indicators (评价指标 uses them), then the rule
    parameters of its kind, then the add-in switch ``use_python``."""
    park = (*(f"indicator_{ind.number:02d}" for ind in INDICATORS), "max_indicator_score", "min_scored_indicators",
            *(state_key(state) for state in QUALITATIVE_STATES))
    rules = tuple(k for k in _RULE_PARAMS if k not in _NOT_FOR[kind])
    return (*(park if kind == CaseKind.PARK else ()), *rules, "use_python")


def state_key(state: str) -> str:
    """Key of a qualitative state's points on 参数 (one row per state of the parameter
    ``qualitative_scores``, greendiag's method), e.g. ``qualitative_scores:较完善``."""
    return f"{QUALITATIVE_SCORES_KEY}:{state}"


def state_points_range(kind: CaseKind = CaseKind.PARK) -> str:
    """The block of 参数 (keys in A, points in C) that ``VLOOKUP(state_key, …, 3, FALSE)`` reads."""
    rows = [PARAM_ROWS[kind][state_key(st)] for st in QUALITATIVE_STATES]
    return f"'{S.PARAMS}'!$A${min(rows)}:$C${max(rows)}"


def param_rows(kind: CaseKind) -> dict[str, int]:
    """Row of each parameter on 参数 (column C holds the value), from :func:`param_keys`."""
    return {key: PARAM_FIRST_ROW + i for i, key in enumerate(param_keys(kind))}


PARAM_ROWS: dict[CaseKind, dict[str, int]] = {kind: param_rows(kind) for kind in CaseKind}


def pref(key: str, kind: CaseKind) -> str:
    """Absolute reference to a parameter value on the 参数 of a ``kind`` workbook, e.g. ``参数!$C$4``."""
    return f"'{S.PARAMS}'!$C${PARAM_ROWS[kind][key]}"


def params_sheet(wb: Workbook, kind: CaseKind) -> None:
    """参数: the parameters of ``kind`` only (:func:`param_keys`), each with its value, unit, article,
    basis (文件规定 / greendiag 的读法 / greendiag 默认值) and verification, as in the current edition of the
    rulebook, which the note names (the workbook is stamped with it: ``workbooks.marker``)."""
    ws = wb.create_sheet(S.PARAMS)
    rows = PARAM_ROWS[kind]
    # column A (the parameter keys) is hidden: the title and the note start in B
    K.style(ws.cell(1, 2, PARAMS_TITLE[kind]), K.TITLE)
    K.style(ws.cell(2, 2), K.NOTE).value = (
        f"规则版本 {current_edition().label}（{date.today().isoformat()}生成；检查和生成文书时按此版本计算）。"
        "本表受保护以防误改（无密码）：如需按现行文件修改，请“审阅→撤销工作表保护”后修改“值”一列；修改后各表公式随之更新。"
        "注意：用绿色诊断程序检查或生成文书时，按程序内置的参数重新计算，并提示与内置值不同的参数。"
    )
    K.merge(ws, "B2:G2")
    ws.row_dimensions[2].height = 45
    for col, h in enumerate(("键", "名称", "值", "单位", "依据", "说明", "依据类别与核实"), start=1):
        K.header(ws.cell(3, col, h))
    ind_params = load_params("indicators")
    rule_params = load_params("bj_diagnosis")
    for ind in indicators() if kind == CaseKind.PARK else ():  # the current edition's 引领值
        key = f"indicator_{ind.number:02d}"
        vals = (key, f"{ind.number}. {ind.name}（引领值）", ind.leading_value, ind.unit, str(ind.cite), ind.note or ind.direction_text,
                _status(ind_params[key]))
        for col, v in enumerate(vals, start=1):
            ws.cell(rows[key], col, None if v == "" else v)
    points = qualitative_scores_param() if kind == CaseKind.PARK else None
    for key in param_keys(kind):
        if key.startswith("indicator_") or key == "use_python":
            continue
        if points is not None and key.startswith(f"{QUALITATIVE_SCORES_KEY}:"):
            state = key.split(":", 1)[1]
            vals = (key, f"定性指标状态“{state}”的得分", points.value[state], points.unit, str(points.cite), points.note,
                    _status(points))
            for col, v in enumerate(vals, start=1):
                ws.cell(rows[key], col, None if v == "" else v)
            continue
        p = ind_params[key] if key in ind_params else rule_params[key]
        name = p.note.split("，")[0] if p.note else key
        for col, v in enumerate((key, K.trim(name, 60), p.value, p.unit, str(p.cite), p.note, _status(p)), start=1):
            ws.cell(rows[key], col, None if v == "" else v)
    r = rows["use_python"]
    shown = "“评价指标”“奖励测算”" if kind == CaseKind.PARK else "“奖励测算”"
    for col, v in enumerate(
        ("use_python", PYTHON_SWITCH_LABELS[kind], S.NO, "是/否", "绿色诊断加载项",
         f"选“是”并在 Windows 版 Excel 中安装绿色诊断加载项后，{shown}另显示加载项函数的结果以便核对；"
         "选“否”时只用本表内置公式（WPS、LibreOffice 同样可用）"),
        start=1,
    ):
        ws.cell(r, col, v)
    for row in ws.iter_rows(min_row=4, max_row=r, max_col=7):
        for c in row:
            K.style(c, K.TEXT)
    sw = K.style(ws.cell(r, 3), K.INPUT_TEXT, "General")  # the switch: an input among the locked values
    K.validation(ws, sw.coordinate, type="list", formula1=f"{K.quote(S.LISTS_SHEET)}!$A$2:$A$3", errorTitle="无效选项",
                 error="请选择“是”或“否”", promptTitle="加载项核对",
                 prompt="是：另显示加载项函数的结果（需 Windows 版 Excel 和绿色诊断加载项）；否：仅内置公式")
    for col, w in zip("ABCDEFG", (26, 40, 12, 12, 40, 60, 30)):
        ws.column_dimensions[col].width = w
    ws.freeze_panes = "A4"
    ws.column_dimensions["A"].hidden = True  # parameter keys: for the program, not for the reader of the sheet
    K.fit_rows(ws, list(range(4, r + 1)), all_wrapped=True)  # long 名称, 依据 and 说明 show whole
    K.print_setup(ws, "3:3", landscape=True)
    ws.print_area = f"A1:G{r - 1}"  # the add-in switch does not print
    K.protect(ws)


def _status(p) -> str:
    """Column G: ``文件规定；已核实：seed …，2026-12-07（…）`` / ``greendiag 默认值；未核实``."""
    return f"{p.basis_text}；{p.verified_text}"

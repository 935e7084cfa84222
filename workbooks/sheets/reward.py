"""奖励测算: the review form, then native formulas for the reward cap (《北京市制造业绿色诊断工作规则》
第十九条), the working group (第十一条第2项), on-site working days (第十二条) and the sanctions of
第二十一条/第二十二条; :func:`checks_beside_data` repeats each check's status where its inputs are typed."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from greendiag.rules.citations import load_params
from greendiag.rules.diagnosis import UNIT_WHO, onsite_min_workdays, unit_role
from greendiag.rules.holidays import MAKEUP
from greendiag.rules.ledger import SANCTION_FLAGS
from greendiag.rules.mirrored import MIRRORED
from greendiag.rules.models import CaseKind
from greendiag.rules.plausibility import PENDING, bound_of
from greendiag.workbooks import formulas as F
from greendiag.workbooks import kit as K
from greendiag.workbooks import spec as S
from greendiag.workbooks.sheets.form import form_sheet
from greendiag.workbooks.sheets.params import pref

SANCTIONS: tuple[tuple[str, str, str, str], ...] = tuple(
    (f.field, f.status, f.payable, str(f.cite)) for f in SANCTION_FLAGS
)
"""The 奖励测算 flags (field path, the provider's status when 是, payable cap when 是, article), in
priority order, as the sheet's formulas use them: laid out from ``rules.ledger.SANCTION_FLAGS``, where
the articles and their years live."""


_CALC_ROWS = ("cap", "members", "senior", "leaders", "unit", "team_ok", "workdays", "onsite_ok", "provider_status",
              "payable", "cap_py")
"""The rows of 奖励测算's computed block in order (an enterprise's starts with its 产值 row ``output``)."""


def _calc_rows(kind: CaseKind) -> dict[str, int]:
    first = S.forms_for(kind)[S.REWARD].last_row + 3
    keys = (("output",) if kind == CaseKind.ENTERPRISE else ()) + _CALC_ROWS
    return {k: first + i for i, k in enumerate(keys)}


def status_cells(kind: CaseKind) -> dict[str, tuple[str, str]]:
    """Where the workbook of ``kind`` shows the verdicts ``greendiag check`` repeats: ``{"team_ok": (sheet, cell),
    "onsite_ok": …, "cap": …}`` — the working group's status on 工作组成员, the on-site status below the dates
    on 诊断过程, the reward cap on 奖励测算."""
    return {"team_ok": (S.TEAM.sheet, "B2"),
            "onsite_ok": (S.PROCESS, f"B{S.forms_for(kind)[S.PROCESS].last_row + 3}"),
            "cap": (S.REWARD, f"B{_calc_rows(kind)['cap']}")}


def approved_at_most_cap(ws: Worksheet, cell: str, cap: str) -> None:
    """核定奖励金额 ≤ the 第十九条 cap computed on the sheet: the field's amount validation becomes a custom one."""
    for dv in ws.data_validations.dataValidation:
        if cell in dv.sqref:
            dv.type, dv.operator, dv.formula2 = "custom", None, None
            dv.formula1 = f"AND(ISNUMBER({cell}),{cell}>=0,OR(NOT(ISNUMBER({cap})),{cell}<={cap}))"
            dv.error = "核定奖励金额请填写不小于0、且不超过下方“奖励金额上限”的数字，单位：万元（规则第十九条：不超过）"
            return


def reward_sheet(wb: Workbook, forms: dict[str, S.FormSheet], lists: dict[str, str], kind: CaseKind,
                 team_header: int, extra: dict) -> tuple[Worksheet, dict[str, int]]:
    form = forms[S.REWARD]
    ws = form_sheet(wb, form, lists, kind, {})
    app = forms[S.APPLICATION]
    res = form.cell_of("review.result")
    mat = form.cell_of("review.materials_ok")
    r = form.last_row + 2
    K.style(ws.cell(r, 1, "自动计算（本区为公式，请勿修改）"), K.SUBTITLE)
    r += 1
    rows: dict[str, int] = {}

    def put(key: str, label: str, formula: str, note: str, cite: str, fmt: str | None = None) -> None:
        nonlocal r
        rows[key] = r
        K.style(ws.cell(r, 1, label), K.LABEL)
        ws.row_dimensions[r].height = 32 if len(note) <= 36 else 48
        K.calc(ws.cell(r, 2, formula), fmt)
        K.style(ws.cell(r, 3, note), K.NOTE)
        K.style(ws.cell(r, 4, cite or None), K.CITE_NOTE)
        r += 1

    rule = load_params("bj_diagnosis")
    param = lambda key: pref(key, kind)  # noqa: E731 — the mirrored rule's parameters are 参数 cells
    if kind == CaseKind.PARK:
        cap = MIRRORED["reward_cap_park"]
        put("cap", "奖励金额上限（万元）", cap.formula([res, mat], param), cap.help(), str(cap.cites()[0]), "0.##")
    else:
        out = f"'{S.APPLICATION}'!{app.cell_of('application.output_value')}"
        put("output", "企业上一年度产值（万元）", f'=IF(ISNUMBER({out}),{out},"")', "取自“申请表”", str(rule["reward_output_threshold"].cite), K.AMOUNT_FORMAT)
        o = f"B{rows['output']}"
        sure = f"'{S.APPLICATION}'!{app.cell_of('application.output_value_confirmed')}"
        cap = MIRRORED["reward_cap_enterprise"]
        native = cap.formula([o, res, mat], param).lstrip("=")
        put("cap", "奖励金额上限（万元）", "=" + F.pending(native, o, f"{bound_of('application.output_value'):g}", sure),
            cap.help() + f"；产值超出合理范围且未核对时显示“{PENDING}”", str(cap.cites()[0]), "0.##")
        K.check_cf(ws, f"B{rows['cap']}", f'B{rows["cap"]}="{PENDING}"')
    approved_at_most_cap(ws, form.cell_of("review.approved_amount"), f"$B${rows['cap']}")
    # working group (第十一条第2项)
    h1 = get_column_letter(2 + len(S.TEAM.columns))
    h2 = get_column_letter(3 + len(S.TEAM.columns))
    cols = {c.path: get_column_letter(2 + i) for i, c in enumerate(S.TEAM.columns)}
    f0, f1 = team_header + 1, team_header + S.TEAM.capacity
    team = f"'{S.TEAM.sheet}'!"
    tcite = str(rule["team_min_members"].cite)
    put("members", "工作组成员数（人）", f'=SUMPRODUCT(--(LEN(TRIM({team}{cols["name"]}{f0}:{cols["name"]}{f1}))>0))',
        f"“{S.TEAM.sheet}”表中填写了姓名的成员", tcite, "0")
    put("senior", "相关专业高级职称人数", f"=SUM({team}{h1}{f0}:{h1}{f1})", "能源、环境、生态、低碳、生命周期评价等相关专业高级职称", tcite, "0")
    put("leaders", "主导过绿色制造相关项目人数", f"=SUM({team}{h2}{f0}:{h2}{f1})", "主导绿色制造相关项目数≥1", tcite, "0")
    cat = unit_role(kind)
    put("unit", f"{cat}人数", f'=COUNTIFS({team}{cols["name"]}{f0}:{cols["name"]}{f1},"?*",{team}{cols["category"]}{f0}:{cols["category"]}{f1},"{cat}")',
        f"成员类别为“{cat}”的成员（“{UNIT_WHO[kind][1]}”不计）", tcite, "0")
    b = {k: f"B{v}" for k, v in rows.items()}
    b["staff"] = (f'COUNTIFS({team}{cols["name"]}{f0}:{cols["name"]}{f1},"?*",'
                  f'{team}{cols["category"]}{f0}:{cols["category"]}{f1},"{UNIT_WHO[kind][1]}")')
    put("team_ok", "工作组要求", "=" + _team_status(b, kind, rule),
        f"不少于{rule['team_min_members'].value}人；相关专业高级职称不少于{rule['team_min_senior_related'].value}人"
        f"或主导过绿色制造相关项目的人员不少于{rule['team_min_project_leaders'].value}人；"
        f"至少{rule['team_min_unit_members'].value}名{cat}", tcite)
    # on-site working days (第十二条), statutory calendar on the editable sheet 节假日安排
    pr = forms[S.PROCESS]
    s = f"'{S.PROCESS}'!{pr.cell_of('process.onsite_start')}"
    e = f"'{S.PROCESS}'!{pr.cell_of('process.onsite_end')}"
    put("workdays", "现场诊断工作日（个）",
        f'=IF(OR(NOT(ISNUMBER({s})),NOT(ISNUMBER({e}))),"",IF({e}<{s},"结束早于开始",'
        f'IF(OR(COUNTIF({extra["years"]},YEAR({s}))=0,COUNTIF({extra["years"]},YEAR({e}))=0),"无该年节假日数据",'
        f'NETWORKDAYS({s},{e},{extra["dates"]})+COUNTIFS({extra["dates"]},">="&{s},{extra["dates"]},"<="&{e},'
        f'{extra["kinds"]},"{MAKEUP}"))))',
        f"按“{S.CALENDAR}”表（国务院办公厅节假日安排通知）计算，含首尾两日；无该年数据时请在该表补录",
        str(rule["onsite_min_workdays_park"].cite), "0")
    need = pref("onsite_min_workdays_park" if kind == CaseKind.PARK else "onsite_min_workdays_enterprise", kind)
    wd = f"B{rows['workdays']}"
    why = f'"不符合：现场诊断"&{wd}&"个工作日，少于"&{need}&"个工作日（{rule["onsite_min_workdays_park"].cite.article}）"'
    put("onsite_ok", "现场诊断时间要求",
        f'=IF(ISNUMBER({wd}),IF({wd}>={need},"符合",{why}),'
        f'IF({wd}="","{K.PENDING}","不符合：现场诊断工作日无法计算（"&{wd}&"；{rule["onsite_min_workdays_park"].cite.article}）"))',
        f"{kind.value}现场诊断不应少于{onsite_min_workdays(kind)}个工作日",
        str(rule["onsite_min_workdays_park"].cite))
    # 第二十一条 / 第二十二条: the flags above change the provider's status and what is payable
    flags = {path: f"{form.cell_of(path)}" for path, *_ in SANCTIONS}
    status = '"无取消资格情形"'
    payable = f"B{rows['cap']}"
    for path, text, pay, _cite in reversed(SANCTIONS):
        status = f'IF({flags[path]}="{S.YES}","{text.replace("greendiag", "本工具")}",{status})'  # no tool name shown'
        payable = f'IF({flags[path]}="{S.YES}",{pay if pay == "0" else chr(34) + pay + chr(34)},{payable})'
    put("provider_status", "服务商资格", f"={status}",
        "由上方“收取费用”“弄虚作假”“骗取财政资金”“严重不良影响”各项决定", "、".join(dict.fromkeys(c for *_, c in SANCTIONS)))
    put("payable", "应付奖励上限（万元）", f"={payable}",
        "骗取财政资金的不予奖励并追回（第二十一条）；有第二十二条所列情形的取消服务商资格，本案奖励由市经济和信息化局核定",
        str(rule["reward_cap_park"].cite) + "、第二十一条、第二十二条", "0.##")
    K.bad_cf(ws, f"B{rows['provider_status']}", f'B{rows["provider_status"]}<>"无取消资格情形"')
    K.bad_cf(ws, f"B{rows['payable']}", f'AND(B{rows["payable"]}<>B{rows["cap"]},B{rows["payable"]}<>"")')
    for key in ("team_ok", "onsite_ok"):
        K.status_cf(ws, f"B{rows[key]}")
    ws.row_dimensions[rows["cap"]].height = 48
    for key in ("cap", "payable"):
        K.style(ws[f"B{rows[key]}"], K.CALC_LARGE, "0.##")
    if {k: v for k, v in rows.items()} != {k: v for k, v in _calc_rows(kind).items() if k != "cap_py"}:
        raise RuntimeError("奖励测算的计算行与 _CALC_ROWS 不一致")  # status_cells depends on it
    ws.print_area = f"A1:D{r - 1}"  # the add-in row below does not print
    # optional: the add-in's function beside the native formula (IF is lazy: no #NAME? when off)
    put("cap_py", "奖励金额上限（加载项函数核对，见“参数”表）",
        f'=IF({pref("use_python", kind)}="{S.YES}",REWARD_CAP("{kind.value}",'
        + (f"B{rows['output']}" if kind == CaseKind.ENTERPRISE else '""') + f',{res},{mat}<>"{S.NO}"),"")',
        "“参数”表中选“是”并已安装绿色诊断加载项时显示，用于核对", "", "0.##")
    return ws, rows


def _team_status(b: dict[str, str], kind: CaseKind, rule: dict) -> str:
    """The 第十一条第2项 status naming each failing requirement, as ``rules.check_working_group`` does:
    ``符合``, ``待填写`` (no member yet) or ``不符合：<requirement>；…（第十一条第2项）``."""
    def need(key: str) -> str:
        return pref(key, kind)

    role = unit_role(kind)
    who, staff = UNIT_WHO[kind]
    reasons = (
        f'IF({b["members"]}<{need("team_min_members")},"工作组成员"&{b["members"]}&"人，少于"&{need("team_min_members")}&"人；","")'
        f'&IF(AND({b["senior"]}<{need("team_min_senior_related")},{b["leaders"]}<{need("team_min_project_leaders")}),'
        f'"相关专业高级职称人员"&{b["senior"]}&"人，少于"&{need("team_min_senior_related")}&"人，且主导过绿色制造相关项目的人员"'
        f'&{b["leaders"]}&"人，少于"&{need("team_min_project_leaders")}&"人；","")'
        f'&IF({b["unit"]}<{need("team_min_unit_members")},"工作组缺少{who}（成员类别应为“{role}”"'
        f'&IF({b["staff"]}>0,"；名单中"&{b["staff"]}&"名“{staff}”未标明为{role}，不计入","")&"）；","")'
    )
    article = rule["team_min_members"].cite.article
    return (f'IF({b["members"]}=0,"{K.PENDING}",IF(LEN({reasons})=0,"符合",'
            f'"不符合："&LEFT({reasons},LEN({reasons})-1)&"（{article}）"))')


def checks_beside_data(wb: Workbook, forms: dict[str, S.FormSheet], kind: CaseKind, rows: dict[str, int]) -> None:
    """Each rule's status where its inputs are typed (the 奖励测算 sheet keeps the summary).

    工作组成员 row 2: 第十一条第2项 with the counts; 诊断过程 below the dates: working days and
    第十二条.  Grey 待填写 while the inputs are empty, green 符合, red 不符合.
    """
    rule = load_params("bj_diagnosis")
    rw = f"'{S.REWARD}'!"
    b = {k: f"{rw}$B${v}" for k, v in rows.items()}
    ws = wb[S.TEAM.sheet]
    K.style(ws.cell(2, 1, "核对"), K.STRONG_CENTERED)
    K.style(ws.cell(2, 2, f"={b['team_ok']}"), K.CALC_WRAP)
    K.status_cf(ws, "B2")
    cat = unit_role(kind)
    counts = (f'="成员"&{b["members"]}&"人（不少于{rule["team_min_members"].value}人）；相关专业高级职称"&{b["senior"]}'
              f'&"人（不少于{rule["team_min_senior_related"].value}人）或主导过绿色制造项目"&{b["leaders"]}'
              f'&"人（不少于{rule["team_min_project_leaders"].value}人）；{cat}"&{b["unit"]}'
              f'&"人（至少{rule["team_min_unit_members"].value}人）。依据：{rule["team_min_members"].cite}"')
    K.style(ws.cell(2, 5, counts), K.NOTE)
    K.merge(ws, "B2:D2")  # the status: every failing requirement in the rules' words
    K.merge(ws, "E2:G2")  # the counts behind it
    who, staff = UNIT_WHO[kind]
    longest = {  # the longest text each can show (formulas are not measured by kit.fit_rows)
        "BCD": (f"不符合：工作组成员4人，少于{rule['team_min_members'].value}人；相关专业高级职称人员1人，少于{rule['team_min_senior_related'].value}人，且主导过"
                f"绿色制造相关项目的人员2人，少于{rule['team_min_project_leaders'].value}人；工作组缺少{who}（成员类别应为“{cat}”；名单中1名“{staff}”未标明为"
                f"{cat}，不计入）（{rule['team_min_members'].cite.article}）"),
        "EFG": counts.replace('"&', "").replace('&"', "").replace(f"{rw}$B$", "").lstrip('="'),
    }
    ws.row_dimensions[2].height = max(64, *(  # columns as print fitting may narrow them (0.85)
        K.needed_height(K.wrapped_lines(text, 0.85 * sum(ws.column_dimensions[c].width or 8.43 for c in cols), 11), 11)
        for cols, text in longest.items()))
    ws = wb[S.PROCESS]
    r = forms[S.PROCESS].last_row + 2
    cite = str(rule["onsite_min_workdays_park"].cite)
    for label, key, note in (
        ("现场诊断工作日（自动）", "workdays", "按国务院公布的法定节假日及调休安排计算（含首尾两日）"),
        ("现场诊断时间要求", "onsite_ok", f"{kind.value}现场诊断不应少于{onsite_min_workdays(kind)}个工作日"),
    ):
        K.style(ws.cell(r, 1, label), K.LABEL)
        K.calc(ws.cell(r, 2, f"={b[key]}"), "0")
        K.style(ws.cell(r, 3, note), K.NOTE)
        K.style(ws.cell(r, 4, cite), K.CITE_NOTE)
        ws.row_dimensions[r].height = 32
        r += 1
    K.status_cf(ws, f"B{r - 1}")

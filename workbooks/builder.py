"""Template builder: the case workbook (openpyxl), and :func:`fill_case` that types a case into it.

The workbook guides the person filling it without Python: data validation on every input cell
(lists from the hidden sheet 列表, numeric/date ranges, Chinese input and error messages),
conditional formatting (required cells empty, fixed assets > total investment, percentages
> 100, failing team / on-site checks), protected sheets with unlocked input cells (no password),
frozen headers, A4 print set-up with repeated titles, and native formulas for indicator scores,
park scores, the reward cap and the checks of 《北京市制造业绿色诊断工作规则》第十一、十二、十九条.
Parameters (leading values, caps, thresholds) are read from ``rules/params/*.toml`` onto the sheet
参数 and every formula refers to them there.

Each sheet is built (and, where it has data of its own, filled) by its module in
:mod:`greendiag.workbooks.sheets`, :mod:`greendiag.workbooks.enterprise` and
:mod:`greendiag.workbooks.calendar`, all on :mod:`greendiag.workbooks.kit`; this module puts them
in order, sets how the workbook opens and saves it.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from greendiag.files import atomic_path
from greendiag.rules import citations as C
from greendiag.rules.holidays import HolidayCalendar
from greendiag.rules.models import Case, CaseKind
from greendiag.workbooks import enterprise as E
from greendiag.workbooks import kit as K
from greendiag.workbooks import spec as S
from greendiag.workbooks.calendar import add_calendar_sheet
from greendiag.workbooks.fit import contents, fit_workbook, print_on_request
from greendiag.workbooks.listing import listing_sheet, read_units_export
from greendiag.workbooks.marker import mark_case_workbook
from greendiag.workbooks.sheets import basic, indicators
from greendiag.workbooks.sheets.basic import basic_sheet
from greendiag.workbooks.sheets.form import fill_table, form_sheet
from greendiag.workbooks.sheets.indicators import indicator_sheet
from greendiag.workbooks.sheets.lists import lists_sheet
from greendiag.workbooks.sheets.params import PARAM_ROWS, params_sheet, pref
from greendiag.workbooks.sheets.process import process_sheet
from greendiag.workbooks.sheets.readme import readme_sheet
from greendiag.workbooks.sheets.retrofit import RETROFIT_HEADER, retrofit_sheet
from greendiag.workbooks.sheets.reward import checks_beside_data, reward_sheet
from greendiag.workbooks.sheets.team import provider_sheet
from greendiag.workbooks.writer import save_workbook


def _build(kind: CaseKind, name: str | None, year: int | None,
           calendar: HolidayCalendar | None = None, calendar_years: tuple[int, ...] = ()) -> tuple[Workbook, dict]:
    wb = Workbook()
    wb.remove(wb.active)
    lists, extra = lists_sheet(wb)
    extra.update(add_calendar_sheet(wb, calendar, need=calendar_years))
    forms = S.forms_for(kind)
    app_values: dict[str, object] = {"diagnosis_year": year, "application.name": name}
    form_sheet(wb, forms[S.APPLICATION], lists, kind, app_values)
    _, team_header = provider_sheet(wb, forms, lists, kind, extra)
    process_sheet(wb, forms, lists, kind)
    year_ref = f"'{S.APPLICATION}'!{forms[S.APPLICATION].cell_of('diagnosis_year')}"
    if kind == CaseKind.PARK:
        basic_sheet(wb, lists)
        indicator_sheet(wb, lists, year_ref)
    E.build_sheets(wb, forms, lists, kind, year_ref, "before_retrofit")
    retrofit_sheet(wb, lists)
    E.build_sheets(wb, forms, lists, kind, year_ref, "after_retrofit")
    form_sheet(wb, forms[S.SATISFACTION], lists, kind, {})
    _, checks = reward_sheet(wb, forms, lists, kind, team_header, extra)
    checks_beside_data(wb, forms, kind, checks)
    form_sheet(wb, forms[S.NARRATIVE], lists, kind, {})
    params_sheet(wb, kind)
    readme_sheet(wb, kind, E.SERVES)
    # 节假日安排 after 参数; lists sheet after the visible ones; xlwings.conf last (hidden)
    wb.move_sheet(S.CALENDAR, offset=wb.sheetnames.index(S.PARAMS) - wb.sheetnames.index(S.CALENDAR))
    wb.move_sheet(S.LISTS_SHEET, offset=len(wb.sheetnames))
    conf = wb.create_sheet(S.XLWINGS_CONF)
    conf["A1"] = "UDF Modules"
    conf["B1"] = "greendiag.addin.udfs"
    conf.sheet_state = "hidden"
    print_on_request(wb[S.CALENDAR], "A2", "G")
    print_on_request(wb[S.PARAMS], "B2", "F")
    fit_workbook(wb)  # nothing cut, printed at 9 pt or more (issue 24)
    _first_run(wb)
    wb.calculation.fullCalcOnLoad = True
    mark_case_workbook(wb, kind.value)  # the ribbon button acts only on marked workbooks
    return wb, {"team_header": team_header, "forms": forms}


def _first_run(wb: Workbook) -> None:
    """How the workbook opens: on 说明; every sheet's active cell at its first input; titles,
    headers and notes unclipped (:func:`kit.fit_rows`, after every column has its width)."""
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        size = max(ws[c].font.sz or 11 for c in ("A1", "B1"))
        ws.row_dimensions[1].height = max(ws.row_dimensions[1].height or 0, round(size * 1.9))
        K.fit_rows(ws)
        cell = K.first_input(ws)
        ws.sheet_view.selection[0].activeCell = cell
        ws.sheet_view.selection[0].sqref = cell
        ws.sheet_view.tabSelected = False
    wb.active = 0
    wb.worksheets[0].sheet_view.tabSelected = True


def parse_kind(kind: CaseKind | str) -> CaseKind:
    """``park``/``园区``/``工业园区`` → PARK, ``enterprise``/``企业`` → ENTERPRISE; else ``ValueError``."""
    if isinstance(kind, CaseKind):
        return kind
    k = str(kind).strip().lower()
    if k in ("park", "园区", "工业园区"):
        return CaseKind.PARK
    if k in ("enterprise", "企业"):
        return CaseKind.ENTERPRISE
    raise ValueError(f"案例类型 {kind!r} 无效：应为 park（园区）或 enterprise（企业）")


def _save(wb: Workbook, out: Path | str, overwrite: bool) -> Path:
    out = Path(out)
    if out.suffix.lower() not in (".xlsx", ".xlsm"):
        raise ValueError(f"输出文件 {out} 应以 .xlsx 结尾")
    if out.exists() and not overwrite:
        raise FileExistsError(f"文件 {out} 已存在：如需覆盖请使用 --force")
    with atomic_path(out) as tmp:
        save_workbook(wb, tmp)
    return out


def build_template(kind: CaseKind | str, out: Path | str, *, name: str | None = None, year: int | None = None,
                   overwrite: bool = False, units: Path | str | None = None) -> Path:
    """Write an empty case workbook for ``kind`` (园区/park or 企业/enterprise) to ``out``; returns the path.

    ``name`` pre-fills the unit name, ``year`` the 诊断实施年份 (the indicator years are the three
    years before it, 《北京市工业园区绿色诊断工作指南》附件2-1-2 注2; 节假日安排 lists that year too,
    :func:`greendiag.workbooks.calendar.first_table_year`).  Written atomically; raises
    ``FileExistsError`` if ``out`` exists and not ``overwrite``, ``ValueError`` for an unknown kind,
    a year outside 2000–2100 or an output name not ending in .xlsx.  ``units``: a 名单管理 export
    (``greendiag units sheet``) whose listings the sheet 名单信息 shows for the unit named on 申请表
    (:mod:`greendiag.workbooks.listing`; ``ExportError`` for a file that is not one).
    """
    k = parse_kind(kind)
    if year is not None and not (S.MIN_YEAR <= int(year) <= S.MAX_YEAR):
        raise ValueError(f"诊断实施年份 {year} 无效：应为 {S.MIN_YEAR}–{S.MAX_YEAR}")
    export = read_units_export(units) if units is not None else None
    wb, info = _build(k, name, year, calendar_years=(int(year),) if year is not None else ())
    if export is not None:
        listing_sheet(wb, export, info["forms"], k)
    return _save(wb, out, overwrite)


# ── fill_case: type a case in, as a person would ───────────────────────────
def _get(obj: object, path: str) -> object:
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def fill_case(case: Case, out: Path | str, *, overwrite: bool = False, photo_dir: Path | str | None = None) -> Path:
    """Build the template for ``case.kind`` and type every value of ``case`` into its input cells.

    Strings as text, amounts and indicator data as numbers, dates as dates, booleans as 是/否,
    不适用 for entries marked not applicable.  The photos' pictures are inserted into 现场照片 on their
    rows (:func:`greendiag.workbooks.enterprise.embed_photos`): a photo's ``image``, else with
    ``photo_dir`` the file its name gives in that folder, so the workbook carries them.  节假日安排
    lists the case's on-site years too (:func:`greendiag.workbooks.calendar.first_table_year`), so
    that the workbook's working-day formula counts them.
    Returns the path; errors as :func:`build_template`,
    plus ``ValueError`` for a team or retrofit list longer than the rows the template prepares
    (``spec.TEAM.capacity`` / ``spec.RETROFITS.capacity``) or a park case without 3 indicator years.
    """
    with C.using(C.rulebook().edition(case.edition) if case.edition else None):  # a case read under an edition keeps it
        onsite = (case.process.onsite_start, case.process.onsite_end)
        wb, info = _build(case.kind, None, None, case.calendar, tuple(d.year for d in onsite if d is not None))
    forms: dict[str, S.FormSheet] = info["forms"]
    empty = {ws.title: contents(ws) for ws in wb.worksheets}
    E.fill(wb, case)
    for name, form in forms.items():
        ws = wb[name]
        for f in form.fields:
            if f.kind == S.FIXED:
                continue
            K.put(ws[form.cell_of(f.path)], _get(case, f.path))
    for t, header in ((S.TEAM, info["team_header"]), (S.RETROFITS, RETROFIT_HEADER)):
        fill_table(wb[t.sheet], t, header, getattr(case, t.path))
    if case.kind == CaseKind.PARK:
        basic.fill(wb[S.BASIC], case)
        indicators.fill(wb[S.INDICATORS], case)
    fit_workbook(wb, [ws for ws in wb.worksheets if contents(ws) != empty[ws.title]])  # rows grow to the texts typed in
    E.embed_photos(wb[S.PHOTOS], case.photos, photo_dir)
    return _save(wb, out, overwrite)


__all__ = ["build_template", "fill_case", "parse_kind", "PARAM_ROWS", "pref"]

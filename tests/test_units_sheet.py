"""The 名单管理 workbook (issue 19): Beijing's listed units with status and next deadline; an officer's events
typed into 事件登记 and recorded with history; the revocation, the 第十二条 ban and the 第十一条 change
report after import; native formulas equal Python after a LibreOffice recalculation."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace

import openpyxl
import pytest

from greendiag.generator.units import import_events, import_list, sheet_rows, write_sheet
from greendiag.registry import open_registry
from greendiag.registry import store as S
from greendiag.rules import lifecycle as L
from greendiag.rules import units as BJ
from greendiag.workbooks import units_sheet as W
from tests.test_units_registry import FILES, LISTS, needs_lists

UNIT = "北京奔驰汽车有限公司"
EVENTS = (
    ("复审", date(2026, 3, 1), "不合格", "", "首次复审"),
    ("更名", date(2026, 5, 10), "", "", "更名为北京奔驰汽车制造有限公司（示例）"),
    ("撤销", date(2026, 6, 20), "", "第十条（四）提供虚假复审材料和数据", ""),
)


def _beijing_registry(target: str) -> None:
    for name, kind in FILES:
        import_list(LISTS / name, list_kind=kind, level="国家级", registry=target, region="北京")


def _type_events(path, listing_id: int, events=EVENTS) -> None:
    """What an officer types into 事件登记 (dates as dates, choices from the dropdown lists)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[W.EVENTS]
    for k, (kind, on, result, ground, note) in enumerate(events):
        r = W.EVENT_HEADER_ROW + 1 + k
        ws[f"A{r}"], ws[f"C{r}"], ws[f"D{r}"] = listing_id, kind, datetime(on.year, on.month, on.day)
        ws[f"E{r}"], ws[f"F{r}"], ws[f"H{r}"] = result or None, ground or None, note or None
    wb.save(path)


def _row_of(path, name: str) -> dict:
    ws = openpyxl.load_workbook(path, data_only=True)[W.UNITS]
    head = [c.value for c in ws[W.UNIT_HEADER_ROW]]
    for row in ws.iter_rows(min_row=W.UNIT_HEADER_ROW + 1, values_only=True):
        if row[1] == name:
            return dict(zip(head, row))
    raise AssertionError(name)


@needs_lists
def test_officer_events_scenario_and_formulas_after_libreoffice(soffice, tmp_path):
    from greendiag.generator.office import recalculate

    target = str(tmp_path / "登记库.sqlite")
    _beijing_registry(target)
    first, rows = write_sheet(target, tmp_path / "名单管理.xlsx", as_of=date(2026, 2, 15), region="北京",
                              beijing_deadline="04-30")
    assert len(rows) == 116 and all(r.life.status == L.STATUS_LISTED for r in rows)
    assert {r.life.dynamic_due for r in rows} == {date(2026, 4, 30)}
    wb = openpyxl.load_workbook(first)
    assert wb[W.EVENTS].data_validations.dataValidation and all(dv.showErrorMessage for dv in wb[W.EVENTS].data_validations.dataValidation)
    assert "list" in {dv.type for dv in wb[W.EVENTS].data_validations.dataValidation}
    listing = next(r.listing_id for r in rows if r.name == UNIT)
    _type_events(first, listing)
    assert import_events(first, target) == (3, 0)
    assert import_events(first, target) == (0, 3)  # importing again changes nothing
    with open_registry(target) as reg, reg.read() as conn:
        trail = [h for h in S.history_of(conn, unit=UNIT) if h["field"].startswith("事件：")]
    assert [(h["field"], h["source_file"], h["sheet"], h["cell"]) for h in trail] == [
        ("事件：复审", "名单管理.xlsx", W.EVENTS, "A5"), ("事件：更名", "名单管理.xlsx", W.EVENTS, "A6"),
        ("事件：撤销", "名单管理.xlsx", W.EVENTS, "A7")]

    may, _ = write_sheet(target, tmp_path / "5月.xlsx", as_of=date(2026, 5, 20), region="北京", beijing_deadline="04-30")
    june_due = BJ.change_report_due(date(2026, 5, 10))
    july, july_rows = write_sheet(target, tmp_path / "7月.xlsx", as_of=date(2026, 7, 1), region="北京", beijing_deadline="04-30")
    out_may, out_july, out_first = recalculate([may, july, first], tmp_path / "recalc")

    row = _row_of(out_may, UNIT)
    assert row["状态"] == "在名单" and "第十一条" in row["待办提醒"] and f"截止{june_due:%Y-%m-%d}" in row["待办提醒"]
    assert "第十条（二）" in row["待办提醒"] and "待报请撤销" in row["待办提醒"]
    row = _row_of(out_july, UNIT)
    life = next(r.life for r in july_rows if r.name == UNIT)
    (ban,) = life.bans
    assert row["状态"] == "已撤销" and "第十条（四）" in row["状态说明"]
    assert "第十二条" in row["限制事项"] and row["限制年数"] == 3
    assert row["最后受限日"].date() == ban.last_day == date(2029, 6, 20)
    assert row["可重新申报日"].date() == ban.first_allowed == date(2029, 6, 21)
    # every native formula equals Python: days left on 名单 and 提醒, the looked-up name on 事件登记
    for out, as_of in ((out_may, date(2026, 5, 20)), (out_july, date(2026, 7, 1))):
        lives = {r.listing_id: r.life for r in sheet_rows(target, as_of, "北京", "04-30")}
        wb = openpyxl.load_workbook(out, data_only=True)
        for r in wb[W.UNITS].iter_rows(min_row=W.UNIT_HEADER_ROW + 1, values_only=True):
            lf = lives[r[0]]
            assert (r[11] if r[11] != "" else None) == lf.days_left, r[:3]
        for r in wb[W.ALERTS].iter_rows(min_row=4, values_only=True):
            if r[3] is not None:
                assert r[4] == (r[3].date() - as_of).days
    ws = openpyxl.load_workbook(out_first, data_only=True)[W.EVENTS]
    assert [ws[f"B{r}"].value for r in (5, 6, 7, 8)] == [UNIT, UNIT, UNIT, None]  # an empty row shows nothing
    # the July sheet of a revoked unit: no filing deadline, no change alert
    assert life.dynamic_due is None and not [a for a in life.alerts if a.kind == "变更申请"]


@needs_lists
def test_a_bad_event_row_is_refused_whole(registry_target, tmp_path):
    _beijing_registry(registry_target)
    path, rows = write_sheet(registry_target, tmp_path / "名单管理.xlsx", as_of=date(2026, 2, 15), region="北京")
    listing = rows[0].listing_id
    bad = EVENTS[:2] + (("撤销", date(2026, 6, 20), "", "", ""), ("复审", "明天", "", "", ""))
    _type_events(path, listing, bad[:3])
    wb = openpyxl.load_workbook(path)
    wb[W.EVENTS]["A8"], wb[W.EVENTS]["C8"], wb[W.EVENTS]["D8"] = listing, "复审", "明天"
    wb.save(path)
    with pytest.raises(W.EventSheetError) as err:
        import_events(path, registry_target)
    assert [p.split("（")[0] for p in err.value.problems] == [
        f"工作表“{W.EVENTS}”单元格 F7", f"工作表“{W.EVENTS}”单元格 D8", f"工作表“{W.EVENTS}”单元格 E8"]
    other, _ = write_sheet(registry_target, tmp_path / "另一份.xlsx", as_of=date(2026, 2, 15), region="北京")
    _type_events(other, 99999, EVENTS[:1])
    with pytest.raises(ValueError, match="登记号 99999"):
        import_events(other, registry_target)
    with open_registry(registry_target) as reg, reg.read() as conn:
        assert not [h for h in S.history_of(conn) if h["field"].startswith("事件：")]


def test_guangzhou_and_heilongjiang_units_on_the_sheet(tmp_path):
    """A Guangzhou pool unit (January 2025) and a Heilongjiang listed unit that missed 3月30日, through the registry."""
    target = str(tmp_path / "r.sqlite")
    gz = tmp_path / "gz.csv"
    gz.write_text("企业名称,城市,入库日期\n广州示例制造有限公司,广州市,2025-01-15\n", encoding="utf-8")
    hlj = tmp_path / "hlj.csv"
    hlj.write_text("单位名称,省份,批次\n黑龙江示例制造有限公司,黑龙江省,2024\n", encoding="utf-8")
    import_list(gz, list_kind="绿色工厂", level="培育库", registry=target)
    import_list(hlj, list_kind="绿色工厂", level="省级", registry=target)
    path, rows = write_sheet(target, tmp_path / "s.xlsx", as_of=date(2027, 12, 1))
    by = {r.name: r for r in rows}
    g = by["广州示例制造有限公司"]
    assert (g.region, g.life.status, g.life.cultivation_until) == ("广州", L.STATUS_POOL, date(2028, 1, 15))
    assert g.life.alerts[0].kind == "培育期满" and "第九条" in g.life.alerts[0].text
    h = by["黑龙江示例制造有限公司"]
    # registered in 2026-…: the 2027-03-30 filing is the first the registry can judge
    assert h.life.status == L.STATUS_LISTED and h.life.dynamic_due == date(2027, 3, 30) and h.life.days_left < 0
    assert h.life.alerts[0].kind == "待决定" and "第三十条（二）" in h.life.alerts[0].text
    text = " ".join(str(c.value) for c in openpyxl.load_workbook(path)[W.ALERTS]["F"] if c.value)
    assert "拒不按时填报动态管理表" in text and "培育对象有效期2028-01-15届满" in text
    gz_rows = sheet_rows(target, date(2026, 2, 1), "广州")
    assert [r.name for r in gz_rows] == ["广州示例制造有限公司"]


@needs_lists
def test_the_registry_says_which_units_have_a_diagnosis_report(tmp_path):
    """北京办法第五条: a 绿色诊断 report of this or last year; the registry's cases (the ledger's memory) say which."""
    target = str(tmp_path / "r.sqlite")
    _beijing_registry(target)
    with open_registry(target) as reg, reg.write() as conn:
        uid, _ = S.add_unit(conn, "北京奔驰汽车有限公司", "", "企业", None, S.Source("workbook", "案例.xlsx"))
        S.put_case(conn, "2025|奔驰", {"x": 1}, provider_id=None, unit_id=uid, kind="企业", diagnosis_year=2025,
                   file="案例.xlsx", sha256="0", run_id=None, source=S.Source("workbook", "案例.xlsx"))
    by = {r.name: r.diagnosis for r in sheet_rows(target, date(2026, 5, 1), "北京")}
    assert by[UNIT] == "2025年绿色诊断（第五条）" and by["北京京东方显示技术有限公司"] == "无"
    assert {r.name: r.diagnosis for r in sheet_rows(target, date(2027, 1, 1), "北京")}[UNIT] == "无"
    path, _ = write_sheet(target, tmp_path / "s.xlsx", as_of=date(2026, 5, 1), region="北京")
    assert _row_of(path, UNIT)["绿色诊断报告（本年度或上一年度）"] == "2025年绿色诊断（第五条）"


def test_units_commands(tmp_path):
    """greendiag units import / sheet / import-events: summaries, Chinese errors, exit codes, nothing overwritten."""
    from typer.testing import CliRunner

    from greendiag.cli import app

    def run(*args):  # the console wraps long lines at the terminal's width (a long tmp path): read them joined
        res = CliRunner().invoke(*args)
        return SimpleNamespace(exit_code=res.exit_code, output=res.output.replace("\n", ""))

    reg = str(tmp_path / "登记库.sqlite")
    f = tmp_path / "名单.csv"
    f.write_text("序号,公司名称,省份,批次\n1,北京示例（制造）有限公司,北京,2021\n2,北京示例(制造)有限公司,北京,2021\n"
                 "3,天津示例,天津,2021\n", encoding="utf-8")
    res = run(app, ["units", "import", str(f), "--kind", "绿色工厂", "--registry", reg, "--region", "北京"])
    assert res.exit_code == 0, res.output
    assert "新增1、未变0、更新0、其他地区1；存疑1行" in res.output and "只登记一次" in res.output
    res = run(app, ["units", "import", str(f), "--kind", "绿色工厂", "--registry", reg, "--region", "北京"])
    assert "新增0、未变1" in res.output
    res = run(app, ["units", "import", str(f), "--kind", "绿色工坊", "--registry", reg])
    assert res.exit_code == 1 and "名单类型“绿色工坊”无效" in res.output
    out = tmp_path / "名单管理.xlsx"
    res = run(app, ["units", "sheet", "--registry", reg, "--out", str(out), "--as-of", "2026-02-01", "--bj-deadline", "4月30日"])
    assert res.exit_code == 0 and "1个单位" in res.output, res.output
    wb = openpyxl.load_workbook(out)  # the workbook kit's named styles, not per-cell formats
    assert (wb[W.UNITS]["A4"].style, wb[W.UNITS]["L5"].style, wb[W.EVENTS]["D5"].style) == (
        "绿色诊断·表头", "绿色诊断·公式", "绿色诊断·填写 yyyy-mm-dd")
    res = run(app, ["units", "sheet", "--registry", reg, "--out", str(out)])
    assert res.exit_code == 1 and "已存在" in res.output
    res = run(app, ["units", "sheet", "--registry", reg, "--out", str(tmp_path / "x.xlsx"), "--bj-deadline", "4月31日"])
    assert res.exit_code == 1 and "月-日" in res.output
    _type_events(out, 1, (("撤销", date(2026, 6, 20), "", "", ""),))
    res = run(app, ["units", "import-events", str(out), "--registry", reg])
    assert res.exit_code == 1 and "单元格 F5" in res.output and "未记入任何事件" in res.output
    _type_events(out, 1, (("撤销", date(2026, 6, 20), "", "第十条（二）复审评价结果不合格", ""),))
    res = run(app, ["units", "import-events", str(out), "--registry", reg])
    assert res.exit_code == 0 and "已记入1件事件" in res.output, res.output


def test_an_event_of_another_regions_document_is_refused(tmp_path):
    """A 第三十条 (黑龙江) removal ground typed for a Beijing unit is refused with its cell; nothing is recorded
    (events are append-only: a wrong one could never be taken back)."""
    reg = str(tmp_path / "r.sqlite")
    f = tmp_path / "l.csv"
    f.write_text("单位名称,地区,批次\n北京示例制造有限公司,北京,2021\n", encoding="utf-8")
    import_list(f, list_kind="绿色工厂", level="国家级", registry=reg)
    path, _ = write_sheet(reg, tmp_path / "s.xlsx", as_of=date(2026, 2, 1))
    _type_events(path, 1, (("复审", date(2026, 3, 1), "不合格", "", ""),
                           ("撤销", date(2026, 6, 20), "", "第三十条（二）拒不按时填报动态管理表", "")))
    with pytest.raises(ValueError, match="单元格 A6（登记号 1）.*第十条"):
        import_events(path, reg)
    with open_registry(reg) as r, r.read() as conn:
        assert not [h for h in S.history_of(conn) if h["field"].startswith("事件：")]

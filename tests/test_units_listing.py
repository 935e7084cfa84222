"""名单信息 on a case workbook (issue 19, 链接诊断): ``greendiag new … --units 名单管理.xlsx`` copies the
registry export's listings onto the case workbook; native formulas show the listing and tier of the unit
named on 申请表, equal to Python after a LibreOffice recalculation, and the workbook is still read as before."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from greendiag.rules import lifecycle as L
from greendiag.rules.models import CaseKind
from greendiag.workbooks import build_template, read_case
from greendiag.workbooks import listing as LS
from greendiag.workbooks import spec as S
from greendiag.workbooks.units_sheet import SheetRow, write_units_workbook

AS_OF = date(2026, 5, 20)
FACTORY = "北京绿源(环境)科技有限公司"


def _row(lid: int, name: str, kind: str = "绿色工厂", level: str = "国家级", *events: L.UnitEvent) -> SheetRow:
    facts = L.UnitFacts(name=name, region="北京", list_kind=kind, level=level, listed_year=2019, events=events)
    return SheetRow(lid, name, "北京", kind, level, "第四批", 2019, L.unit_life(facts, AS_OF, "04-30"))


@pytest.fixture
def export(tmp_path):
    graded = L.UnitEvent(L.GRADED, date(2026, 4, 1), score=82.5)
    rows = [
        _row(1, "北京其他制造有限公司"),
        _row(2, FACTORY, "绿色工厂", "培育库"),  # also in the pool: the national listing is shown first
        _row(3, FACTORY, "绿色工厂", "国家级", graded),
        _row(4, FACTORY, "绿色供应链管理企业"),
        _row(5, "北京经济技术开发区", "绿色工业园区"),
        _row(6, "北京撤销示例有限公司", "绿色工厂", "国家级",
             L.UnitEvent(L.REVOKED, date(2026, 3, 1), ground="第十条（四）提供虚假复审材料和数据")),
    ]
    return write_units_workbook(tmp_path / "名单管理.xlsx", rows, AS_OF, region="北京", beijing_deadline="04-30")


def test_read_export_and_python_twin(export):
    assert set(LS.TABLE_COLUMNS) - {"查找键"} == set(LS.EXPORT_COLUMNS)
    assert LS.TABLE_COLUMNS[2:11] == LS.BLOCK_COLUMNS[2:]  # the block's columns C–K sit over the table's
    ex = LS.read_units_export(export)
    assert ex.as_of == AS_OF and ex.source == "名单管理.xlsx" and len(ex.rows) == 6
    got = LS.shown(ex, "北京绿源（环境） 科技有限公司", "绿色工厂")
    assert (got["登记号"], got["级别"], got["分级/星级/评审"], got["分级评价得分"], got["分级评价日期"]) == (
        3, "国家级", "绿色工厂标杆企业", 82.5, date(2026, 4, 1))
    assert LS.shown(ex, "北京绿源环境科技有限公司", "绿色工厂") is None  # brackets dropped: not the narrow key


def test_not_an_export_is_refused_in_chinese(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet"
    wb.save(tmp_path / "x.xlsx")
    with pytest.raises(LS.ExportError, match="没有“名单”工作表"):
        build_template("enterprise", tmp_path / "case.xlsx", units=tmp_path / "x.xlsx")
    assert not (tmp_path / "case.xlsx").exists()


def _block(ws) -> dict[str, dict[str, object]]:
    out = {}
    for r in range(LS.BLOCK_HEADER_ROW + 1, LS.BLOCK_HEADER_ROW + 4):
        kind = ws.cell(r, 1).value
        if kind in L.LIST_KINDS:
            out[kind] = {h: ws.cell(r, k).value for k, h in enumerate(LS.BLOCK_COLUMNS, 1)}
    return out


def test_case_workbook_shows_listing_and_tier_after_libreoffice(soffice, export, tmp_path):
    from greendiag.generator.office import recalculate

    ex = LS.read_units_export(export)
    cases = {  # workbook → (kind, name typed on 申请表, 已获评国家级绿色工厂 typed on 分级评价)
        "listed.xlsx": (CaseKind.ENTERPRISE, "北京绿源（环境） 科技有限公司", None),
        "unlisted.xlsx": (CaseKind.ENTERPRISE, "北京其他*", None),  # a name, not a MATCH pattern
        "revoked.xlsx": (CaseKind.ENTERPRISE, "北京撤销示例有限公司", S.YES),
        "park.xlsx": (CaseKind.PARK, "北京经济技术开发区", None),
        "blank.xlsx": (CaseKind.ENTERPRISE, None, None),
    }
    paths = []
    for file, (kind, name, national) in cases.items():
        path = build_template(kind, tmp_path / file, units=export, year=2026)
        wb = openpyxl.load_workbook(path)
        assert wb.sheetnames[wb.sheetnames.index(S.APPLICATION) + 1] == LS.SHEET
        form = S.forms_for(kind)
        wb[S.APPLICATION][form[S.APPLICATION].cell_of("application.name")] = name
        if national:
            wb[S.GRADING][form[S.GRADING].cell_of("grading.national")] = national
        wb.save(path)
        paths.append(path)
    out = dict(zip(cases, recalculate(paths, tmp_path / "recalc")))

    for file, (kind, name, _) in cases.items():
        ws = openpyxl.load_workbook(out[file], data_only=True)[LS.SHEET]
        block = _block(ws)
        assert set(block) == set(LS.KINDS[kind])
        for list_kind, shown in block.items():
            row = LS.shown(ex, name, list_kind) if name else None
            assert (shown["是否列入"] or "") == ("" if not name else "是" if row else "否"), (file, list_kind)
            for h in LS.BLOCK_COLUMNS[2:]:
                want = row[h] if row else None
                got = shown[h]
                got = got.date() if hasattr(got, "date") else got
                assert (got if got != "" else None) == want, (file, list_kind, h)
    listed = _block(openpyxl.load_workbook(out["listed.xlsx"], data_only=True)[LS.SHEET])
    assert listed["绿色工厂"]["级别"] == "国家级" and listed["绿色工厂"]["分级/星级/评审"] == "绿色工厂标杆企业"
    assert listed["绿色供应链管理企业"]["是否列入"] == "是"
    assert _block(openpyxl.load_workbook(out["unlisted.xlsx"], data_only=True)[LS.SHEET])["绿色工厂"]["是否列入"] == "否"
    check = {f: openpyxl.load_workbook(out[f], data_only=True)[LS.SHEET].cell(LS.BLOCK_HEADER_ROW + 3, 2).value
             for f in ("listed.xlsx", "unlisted.xlsx", "revoked.xlsx", "blank.xlsx")}
    assert check["listed.xlsx"].startswith("不一致") and "应填是" in check["listed.xlsx"]
    assert check["unlisted.xlsx"] == "一致"
    assert check["revoked.xlsx"].startswith("不一致") and "应填否" in check["revoked.xlsx"]  # 已撤销: not graded
    assert check["blank.xlsx"] in ("", None)
    # the extra sheet changes nothing the reader sees: the same problems as the workbook without it
    plain = build_template(CaseKind.ENTERPRISE, tmp_path / "plain.xlsx", year=2026)
    wb = openpyxl.load_workbook(plain)
    wb[S.APPLICATION][S.forms_for(CaseKind.ENTERPRISE)[S.APPLICATION].cell_of("application.name")] = "北京撤销示例有限公司"
    wb[S.GRADING][S.forms_for(CaseKind.ENTERPRISE)[S.GRADING].cell_of("grading.national")] = S.YES
    wb.save(plain)
    with_sheet = read_case(tmp_path / "revoked.xlsx")
    assert with_sheet.problems  # an empty template: required cells reported (the same ones)
    assert [p.to_dict() for p in with_sheet.problems] == [p.to_dict() for p in read_case(plain).problems]

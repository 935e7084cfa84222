"""The ribbon button's logic (``greendiag.addin.ribbon``): output folders, the 校验结果 rows and their links
(recalculated by LibreOffice), and the thin COM layer ``main()`` driven through a fake xlwings
that only offers the attributes the installed xlwings really has."""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
import xlwings

from greendiag.addin import ribbon
from greendiag.addin.ribbon import RESULT_SHEET, RibbonResult, cell_link, output_dir_for, problem_rows


@dataclass(frozen=True)
class P:  # shaped like workbooks.Problem: sheet, cell, message (value, severity)
    sheet: str | None
    cell: str | None
    message: str
    value: str = ""
    severity: str = "error"


# --------------------------------------------------------------------------- output folder


def test_output_folder_is_beside_the_workbook_and_never_reused(tmp_path):
    wb = tmp_path / "朝阳园区2025.xlsx"
    wb.write_bytes(b"")
    assert output_dir_for(wb) == tmp_path / "朝阳园区2025_文书"
    (tmp_path / "朝阳园区2025_文书").mkdir()
    assert output_dir_for(wb) == tmp_path / "朝阳园区2025_文书_2"
    (tmp_path / "朝阳园区2025_文书_2").mkdir()
    (tmp_path / "朝阳园区2025_文书_3").write_text("a file also blocks the name")
    assert output_dir_for(wb) == tmp_path / "朝阳园区2025_文书_4"


def test_claim_output_dir_creates_a_new_empty_folder(tmp_path):
    wb = tmp_path / "案例.xlsx"
    first = ribbon._claim_output_dir(wb)
    second = ribbon._claim_output_dir(wb)
    assert (first.name, second.name) == ("案例_文书", "案例_文书_2")
    assert first.is_dir() and second.is_dir() and not any(second.iterdir())


# --------------------------------------------------------------------------- 校验结果 rows


def test_cell_link_formulas_quote_sheet_names_and_fall_back_to_text():
    assert cell_link("申请表", "B3") == '=HYPERLINK("#\'申请表\'!B3","B3")'
    assert cell_link("张三's 表", "$C$7") == '=HYPERLINK("#\'张三\'\'s 表\'!C7","$C$7")'
    assert cell_link("评价指标", None) == '=HYPERLINK("#\'评价指标\'!A1","（整张表）")'
    # a sheet that is missing from the workbook cannot be linked to: plain text
    assert cell_link("诊断过程", "B4", existing_sheets=["申请表"]) == "B4"
    assert cell_link(None, None) == ""


def test_problem_rows_number_each_problem_and_keep_text_out_of_formulas():
    rows = problem_rows(
        [
            P("申请表", "B5", "“工业总产值”须为不小于 0 的数（万元）", value="-3"),
            P("诊断过程", None, "=缺少工作表"),
            P("报告正文", "B6", "“四、诊断评估结论”未填写", severity="warning"),
        ],
        existing_sheets=["申请表", "报告正文"],
    )
    assert rows[0] == ["序号", "类别", "工作表", "单元格（点击跳转）", "填写内容", "问题说明"]
    assert rows[1] == [1, "错误", "申请表", '=HYPERLINK("#\'申请表\'!B5","B5")', "'-3", "“工业总产值”须为不小于 0 的数（万元）"]
    assert rows[2] == [2, "错误", "诊断过程", "", "", "'=缺少工作表"]
    assert rows[3][:2] == [3, "提示"]


@pytest.mark.libreoffice
def test_links_are_formulas_a_spreadsheet_engine_evaluates(soffice, tmp_path):
    from greendiag.generator.office import recalculate

    wb = openpyxl.Workbook()
    wb.active.title = "申请表"
    wb.create_sheet("张三's 表")
    out = wb.create_sheet(RESULT_SHEET)
    rows = problem_rows(
        [P("申请表", "B3", "错"), P("张三's 表", "C7", "错"), P("申请表", None, "错")],
        existing_sheets=wb.sheetnames,
    )
    for row in rows:
        out.append(row)
    src = tmp_path / "links.xlsx"
    wb.save(src)
    [done] = recalculate([src], tmp_path / "out")
    values = openpyxl.load_workbook(done, data_only=True)[RESULT_SHEET]
    assert [values.cell(r, 4).value for r in (2, 3, 4)] == ["B3", "C7", "（整张表）"]
    formulas = openpyxl.load_workbook(done)[RESULT_SHEET]
    assert all(str(formulas.cell(r, 4).value).upper().startswith("=HYPERLINK(") for r in (2, 3, 4))


def test_result_message_in_chinese(tmp_path):
    bad = RibbonResult(workbook=tmp_path / "案例.xlsx", problems=(P("申请表", "B3", "x"),) * 2)
    assert not bad.ok and "2 处问题" in bad.message and RESULT_SHEET in bad.message
    out = tmp_path / "案例_文书"
    good = RibbonResult(
        workbook=tmp_path / "案例.xlsx",
        out_dir=out,
        outputs=(out / "附件1.docx", out / "附件2.docx", out / "清单.json"),
        manifest=out / "清单.json",
    )
    assert good.ok and "已生成 2 份文书" in good.message and str(out) in good.message


# --------------------------------------------------------------------------- COM layer with a fake xlwings


class FakeRange:
    def __init__(self, sheet, address):
        self.sheet, self.address = sheet, address
        self.font = sheet.fonts.setdefault(address, types.SimpleNamespace(bold=False, color=None))
        self.column_width = None

    @property
    def value(self):
        return self.sheet.cells.get(self.address)

    @value.setter
    def value(self, rows):
        self.sheet.cells[self.address] = rows

    def expand(self, mode="table"):
        return self

    def select(self):
        self.sheet.book.selected = (self.sheet.name, self.address)


class FakeSheet:
    def __init__(self, book, name):
        self.book, self.name, self.cells, self.fonts = book, name, {}, {}

    def range(self, address):
        return FakeRange(self, address)

    def clear(self):
        self.cells.clear()
        self.fonts.clear()

    def activate(self):
        self.book.active_sheet = self.name

    def delete(self):
        assert self.book.app.display_alerts is False, "Excel would ask for confirmation"
        self.book._sheets.remove(self)


class FakeSheets:
    def __init__(self, book):
        self.book = book

    def __iter__(self):
        return iter(list(self.book._sheets))

    def __getitem__(self, key):
        if isinstance(key, int):
            return self.book._sheets[key]
        return next(s for s in self.book._sheets if s.name == key)

    def add(self, name=None, before=None, after=None):
        sheet = FakeSheet(self.book, name)
        index = self.book._sheets.index(before) if before is not None else len(self.book._sheets)
        self.book._sheets.insert(index, sheet)
        return sheet


class FakeApp:
    def __init__(self, fail_alert=False):
        self.alerts, self.display_alerts, self.fail_alert = [], True, fail_alert

    def alert(self, prompt, title=None, buttons="ok", mode=None, callback=None):
        if self.fail_alert:
            raise RuntimeError("COM error")
        self.alerts.append((title, prompt, mode))
        return "ok"


class FakeBook:
    def __init__(self, fullname, sheets=("申请表",), app=None):
        self.fullname, self.name = str(fullname), Path(str(fullname)).name
        self.app = app or FakeApp()
        self._sheets = []
        self.sheets = FakeSheets(self)
        for s in sheets:
            self._sheets.append(FakeSheet(self, s))
        self.saves, self.active_sheet, self.selected = 0, None, None

    def save(self, path=None):
        assert path is None
        self.saves += 1


def fake_xlwings(book):
    caller = staticmethod(lambda: book)
    return types.SimpleNamespace(Book=type("Book", (), {"caller": caller}), books=None, apps=[])


def test_fake_only_uses_attributes_the_installed_xlwings_has():
    for cls, names in [
        (xlwings.Book, ["caller", "save", "sheets", "app", "fullname", "name"]),
        (xlwings.Sheet, ["range", "clear", "activate", "delete", "name"]),
        (xlwings.main.Sheets, ["add"]),
        (xlwings.Range, ["value", "expand", "font", "column_width", "select"]),
        (xlwings.main.Font, ["bold", "color"]),
        (xlwings.App, ["alert", "display_alerts"]),
    ]:
        assert [n for n in names if not hasattr(cls, n)] == [], cls


@pytest.fixture
def com(monkeypatch, tmp_path):
    """Install a fake xlwings holding one saved case workbook; record calls to the logic."""
    path = tmp_path / "案例.xlsx"
    path.write_bytes(b"saved by Excel")
    book = FakeBook(path)
    monkeypatch.setitem(sys.modules, "xlwings", fake_xlwings(book))
    calls = types.SimpleNamespace(run=[], opened=[])
    monkeypatch.setattr(ribbon, "open_folder", lambda folder: calls.opened.append(folder))
    return book, calls


def test_main_with_problems_saves_first_then_writes_and_selects_the_result_sheet(com, monkeypatch):
    book, calls = com
    problems = (P("申请表", "B3", "“园区名称”不能为空"), P("诊断过程", "B4", "日期格式不对"))

    def run(path):
        assert book.saves == 1, "the workbook must be saved before it is read"
        calls.run.append(path)
        return RibbonResult(workbook=Path(path), problems=problems)

    monkeypatch.setattr(ribbon, "run_for_workbook", run)
    ribbon.main()
    assert calls.run == [Path(book.fullname)] and calls.opened == []
    assert [s.name for s in book.sheets] == [RESULT_SHEET, "申请表"]
    rows = book.sheets[RESULT_SHEET].cells["A1"]
    assert rows == problem_rows(problems, ["申请表"])
    assert rows[2][3] == "B4"  # 诊断过程 does not exist in this workbook: no dead link
    sheet = book.sheets[RESULT_SHEET]
    assert sheet.fonts["A1"].bold is True
    assert sheet.fonts["D2"].color == ribbon.LINK_COLOR and "D3" not in sheet.fonts
    assert book.active_sheet == RESULT_SHEET and book.selected == (RESULT_SHEET, "A1")
    [(title, prompt, mode)] = book.app.alerts
    assert "校验未通过" in title and "2 处问题" in prompt and mode == "critical"


def test_main_rewrites_an_old_result_sheet_instead_of_adding_another(com, monkeypatch):
    book, _calls = com
    old = book.sheets.add(RESULT_SHEET, before=book.sheets[0])
    old.cells["A1"] = [["旧结果"]] * 5
    monkeypatch.setattr(
        ribbon, "run_for_workbook", lambda p: RibbonResult(workbook=Path(p), problems=(P("申请表", "B9", "新问题"),))
    )
    ribbon.main()
    assert [s.name for s in book.sheets].count(RESULT_SHEET) == 1
    assert book.sheets[RESULT_SHEET].cells["A1"][1][5] == "新问题"


def test_main_on_success_opens_the_folder_and_drops_a_stale_result_sheet(com, monkeypatch, tmp_path):
    book, calls = com
    book.sheets.add(RESULT_SHEET, before=book.sheets[0])
    out = tmp_path / "案例_文书"
    result = RibbonResult(
        workbook=Path(book.fullname), out_dir=out, outputs=(out / "a.docx", out / "清单.json"), manifest=out / "清单.json"
    )
    monkeypatch.setattr(ribbon, "run_for_workbook", lambda p: result)
    ribbon.main()
    assert calls.opened == [out]
    assert [s.name for s in book.sheets] == ["申请表"]
    assert book.app.display_alerts is True  # restored
    [(title, prompt, mode)] = book.app.alerts
    assert "已生成" in title and str(out) in prompt and mode == "info"


def test_main_asks_to_save_an_unsaved_workbook_first(monkeypatch):
    book = FakeBook("工作簿1")
    monkeypatch.setitem(sys.modules, "xlwings", fake_xlwings(book))
    monkeypatch.setattr(ribbon, "run_for_workbook", lambda p: pytest.fail("must not read an unsaved workbook"))
    ribbon.main()
    assert book.saves == 0
    [(title, prompt, mode)] = book.app.alerts
    assert "另存为" in prompt and mode == "critical"


def test_main_reports_errors_in_chinese_on_stderr_when_excel_cannot_show_them(monkeypatch, tmp_path, capsys):
    path = tmp_path / "案例.xlsx"
    path.write_bytes(b"x")
    book = FakeBook(path, app=FakeApp(fail_alert=True))
    monkeypatch.setitem(sys.modules, "xlwings", fake_xlwings(book))

    def boom(p):
        raise FileNotFoundError(f"找不到工作簿文件：{p}")

    monkeypatch.setattr(ribbon, "run_for_workbook", boom)
    with pytest.raises(SystemExit) as exc:
        ribbon.main()
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert "绿色诊断：找不到工作簿文件" in err and "Traceback" not in err


def test_main_refuses_the_add_in_itself(monkeypatch, tmp_path):
    book = FakeBook(tmp_path / "greendiag.xlam")
    xw = fake_xlwings(book)
    monkeypatch.setitem(sys.modules, "xlwings", xw)
    monkeypatch.setattr(ribbon, "run_for_workbook", lambda p: pytest.fail("must not read the add-in"))
    ribbon.main()
    assert book.saves == 0
    [(_title, prompt, _mode)] = book.app.alerts
    assert "案例工作簿" in prompt


def test_main_on_success_with_warnings_lists_them_and_still_opens_the_folder(com, monkeypatch, tmp_path):
    book, calls = com
    out = tmp_path / "案例_文书"
    warning = P("申请表", "B9", "“四、诊断评估结论”未填写（生成的文书中此处将留空待填）", severity="warning")
    result = RibbonResult(
        workbook=Path(book.fullname), out_dir=out, outputs=(out / "a.docx", out / "m.json"),
        manifest=out / "m.json", warnings=(warning,),
    )
    monkeypatch.setattr(ribbon, "run_for_workbook", lambda p: result)
    ribbon.main()
    assert calls.opened == [out]
    rows = book.sheets[RESULT_SHEET].cells["A1"]
    assert rows[1][1] == "提示" and rows[1][5] == warning.message
    [(_title, prompt, mode)] = book.app.alerts
    assert "已生成 1 份文书" in prompt and "1 条提示" in prompt and mode == "info"


def test_greendiag_main_is_the_ribbon_entry_point(monkeypatch):
    import greendiag

    calls = []
    monkeypatch.setattr(ribbon, "main", lambda: calls.append("ribbon"))
    greendiag.main()
    assert calls == ["ribbon"]


def test_main_explains_file_errors_in_chinese(com, monkeypatch):
    book, _calls = com

    def denied(p):
        raise PermissionError(13, "Permission denied", str(Path(p).parent / "案例_文书"))

    monkeypatch.setattr(ribbon, "run_for_workbook", denied)
    ribbon.main()
    [(title, prompt, mode)] = book.app.alerts
    assert "出错" in title and prompt.startswith("无法读写文件：") and "案例_文书" in prompt and mode == "critical"

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
    def __init__(self, fail_alert=False, answer="yes"):
        self.alerts, self.display_alerts, self.fail_alert, self.answer = [], True, fail_alert, answer

    def alert(self, prompt, title=None, buttons="ok", mode=None, callback=None):
        if self.fail_alert:
            raise RuntimeError("COM error")
        self.alerts.append((title, prompt, mode))
        return "ok" if buttons == "ok" else self.answer


class FakeName:
    def __init__(self, book, name, refers_to):
        self.book, self.name, self.refers_to = book, name, refers_to

    @property
    def refers_to_range(self):
        sheet_name = self.refers_to[1:].rsplit("!", 1)[0].strip("'").replace("''", "'")
        sheets = [s for s in self.book._sheets if s.name == sheet_name]
        if not sheets:  # Excel: the name now refers to =#REF!$A$1
            raise RuntimeError("COM error: #REF!")
        return FakeRange(sheets[0], "A1")

    def delete(self):
        self.book._names.pop(self.name)


class FakeNames:
    def __init__(self, book):
        self.book = book

    def contains(self, name):
        return name in self.book._names

    def __getitem__(self, name):
        return self.book._names[name]

    def add(self, name, refers_to):
        assert name not in self.book._names
        self.book._names[name] = FakeName(self.book, name, refers_to)
        return self.book._names[name]


CASE_PROPERTIES = (types.SimpleNamespace(Name="greendiag", Value="园区案例工作簿"),)


class FakeBook:
    def __init__(self, fullname, sheets=("申请表",), app=None, case=True, saved=True):
        self.fullname, self.name = str(fullname), Path(str(fullname)).name
        self.app = app or FakeApp()
        self._sheets, self._names = [], {}
        self.sheets = FakeSheets(self)
        self.names = FakeNames(self)
        # the COM workbook: Saved flag and custom document properties (greendiag's case mark)
        self.api = types.SimpleNamespace(Saved=saved, CustomDocumentProperties=list(CASE_PROPERTIES if case else ()))
        for s in sheets:
            self._sheets.append(FakeSheet(self, s))
        self.saves, self.active_sheet, self.selected = 0, None, None

    def save(self, path=None):
        assert path is None
        self.saves += 1
        self.api.Saved = True

    def greendiag_result_sheet(self, name=RESULT_SHEET):
        """A result sheet as an earlier click of greendiag left it (marked by the workbook name)."""
        sheet = self.sheets.add(name, before=self.sheets[0])
        self.names.add(ribbon.RESULT_NAME, f"='{name}'!$A$1")
        return sheet


def fake_xlwings(book):
    caller = staticmethod(lambda: book)
    return types.SimpleNamespace(Book=type("Book", (), {"caller": caller}), books=None, apps=[])


def test_fake_only_uses_attributes_the_installed_xlwings_has():
    for cls, names in [
        (xlwings.Book, ["caller", "save", "sheets", "app", "fullname", "name", "names", "api"]),
        (xlwings.Sheet, ["range", "clear", "activate", "delete", "name"]),
        (xlwings.main.Sheets, ["add"]),
        (xlwings.main.Names, ["contains", "__getitem__", "add"]),
        (xlwings.main.Name, ["refers_to_range", "delete", "name"]),
        (xlwings.Range, ["value", "expand", "font", "column_width", "select", "sheet"]),
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
    book.api.Saved = False  # the user typed something: greendiag asks, the answer is 是
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
    assert book.names[ribbon.RESULT_NAME].refers_to == f"='{RESULT_SHEET}'!$A$1"  # greendiag's mark
    [(_t, ask, _m), (title, prompt, mode)] = book.app.alerts
    assert "未保存的修改" in ask and "保存并继续" in ask
    assert "校验未通过" in title and "2 处问题" in prompt and mode == "critical"


def test_main_rewrites_an_old_result_sheet_instead_of_adding_another(com, monkeypatch):
    book, _calls = com
    old = book.greendiag_result_sheet()
    old.cells["A1"] = [["旧结果"]] * 5
    monkeypatch.setattr(
        ribbon, "run_for_workbook", lambda p: RibbonResult(workbook=Path(p), problems=(P("申请表", "B9", "新问题"),))
    )
    ribbon.main()
    assert [s.name for s in book.sheets].count(RESULT_SHEET) == 1
    assert book.sheets[RESULT_SHEET].cells["A1"][1][5] == "新问题"


def test_main_on_success_opens_the_folder_and_drops_a_stale_result_sheet(com, monkeypatch, tmp_path):
    book, calls = com
    book.greendiag_result_sheet()
    out = tmp_path / "案例_文书"
    result = RibbonResult(
        workbook=Path(book.fullname), out_dir=out, outputs=(out / "a.docx", out / "清单.json"), manifest=out / "清单.json"
    )
    monkeypatch.setattr(ribbon, "run_for_workbook", lambda p: result)
    ribbon.main()
    assert calls.opened == [out]
    assert [s.name for s in book.sheets] == ["申请表"]
    assert not book.names.contains(ribbon.RESULT_NAME)
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


def test_main_explains_file_errors_in_chinese(com, monkeypatch):
    book, _calls = com

    def denied(p):
        raise PermissionError(13, "Permission denied", str(Path(p).parent / "案例_文书"))

    monkeypatch.setattr(ribbon, "run_for_workbook", denied)
    ribbon.main()
    [(title, prompt, mode)] = book.app.alerts
    assert "出错" in title and prompt.startswith("无法读写文件：") and "案例_文书" in prompt and mode == "critical"


# --------------------------------------------------------------------------- a safe button


def test_main_refuses_a_workbook_greendiag_did_not_build_and_changes_nothing(monkeypatch, tmp_path):
    path = tmp_path / "2026年预算.xlsx"
    path.write_bytes(b"budget")
    book = FakeBook(path, sheets=("预算", RESULT_SHEET), case=False, saved=False)
    monkeypatch.setitem(sys.modules, "xlwings", fake_xlwings(book))
    monkeypatch.setattr(ribbon, "run_for_workbook", lambda p: pytest.fail("must not read a foreign workbook"))
    ribbon.main()
    assert book.saves == 0 and [s.name for s in book.sheets] == ["预算", RESULT_SHEET]
    assert book.sheets[RESULT_SHEET].cells == {} and book._names == {}
    [(title, prompt, _mode)] = book.app.alerts
    assert "不是案例工作簿" in title and "不是 greendiag 生成的案例工作簿" in prompt and "2026年预算.xlsx" in prompt


def test_main_does_nothing_when_the_user_declines_to_save(com, monkeypatch):
    book, _calls = com
    book.api.Saved = False
    book.app.answer = "no"
    monkeypatch.setattr(ribbon, "run_for_workbook", lambda p: pytest.fail("must not read a stale file"))
    ribbon.main()
    assert book.saves == 0 and [s.name for s in book.sheets] == ["申请表"]
    [(_title, prompt, _mode)] = book.app.alerts
    assert "未保存的修改" in prompt


def test_main_does_not_save_a_workbook_without_changes(com, monkeypatch, tmp_path):
    book, calls = com
    out = tmp_path / "案例_文书"
    result = RibbonResult(workbook=Path(book.fullname), out_dir=out, outputs=(out / "a.docx",))
    monkeypatch.setattr(ribbon, "run_for_workbook", lambda p: result)
    ribbon.main()
    assert book.saves == 0 and calls.opened == [out]


def test_main_never_touches_the_users_own_sheet_named_like_the_result_sheet(com, monkeypatch, tmp_path):
    book, calls = com
    mine = book.sheets.add(RESULT_SHEET)  # the user's own sheet, not marked
    mine.cells["A1"] = "我的校验记录"
    problems = (P("申请表", "B3", "“园区名称”不能为空"),)
    monkeypatch.setattr(ribbon, "run_for_workbook", lambda p: RibbonResult(workbook=Path(p), problems=problems))
    ribbon.main()
    assert [s.name for s in book.sheets] == [f"{RESULT_SHEET}_2", "申请表", RESULT_SHEET]
    assert mine.cells == {"A1": "我的校验记录"}
    assert book.sheets[f"{RESULT_SHEET}_2"].cells["A1"][1][5] == "“园区名称”不能为空"
    # the second click reuses greendiag's sheet, and success deletes only that one
    ribbon.main()
    assert [s.name for s in book.sheets].count(f"{RESULT_SHEET}_2") == 1
    out = tmp_path / "案例_文书"
    result = RibbonResult(workbook=Path(book.fullname), out_dir=out, outputs=(out / "a.docx",))
    monkeypatch.setattr(ribbon, "run_for_workbook", lambda p: result)
    ribbon.main()
    assert [s.name for s in book.sheets] == ["申请表", RESULT_SHEET] and mine.cells == {"A1": "我的校验记录"}
    assert calls.opened == [out]


def test_main_recreates_the_result_sheet_after_the_user_deleted_it(com, monkeypatch):
    book, _calls = com
    old = book.greendiag_result_sheet()
    book.app.display_alerts = False
    old.delete()  # the name greendiag_result now refers to #REF!
    book.app.display_alerts = True
    monkeypatch.setattr(
        ribbon, "run_for_workbook", lambda p: RibbonResult(workbook=Path(p), problems=(P("申请表", "B9", "新问题"),))
    )
    ribbon.main()
    assert [s.name for s in book.sheets] == [RESULT_SHEET, "申请表"]
    assert book.names[ribbon.RESULT_NAME].refers_to_range.sheet.name == RESULT_SHEET

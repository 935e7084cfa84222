"""``run_for_workbook`` on real case workbooks: the sample park typed into a workbook by the
builder (valid), and the same workbook with required inputs blanked (invalid)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import openpyxl
import pytest

from greendiag.addin.ribbon import RESULT_SHEET, output_dir_for, problem_rows, run_for_workbook


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def park_workbook(tmp_path_factory) -> Path:
    from greendiag.generator.samples import sample_park
    from greendiag.workbooks import fill_case
    from tests.complete import complete

    path = tmp_path_factory.mktemp("park") / "示例园区.xlsx"
    fill_case(complete(sample_park(), path.parent), path)  # its photos in 现场照片/ beside it
    return path


def _photos_beside(park_workbook: Path, folder: Path) -> None:
    """A copied workbook names its photos relative to its folder: copy them along."""
    import shutil

    shutil.copytree(park_workbook.parent / "现场照片", folder / "现场照片", dirs_exist_ok=True)


def test_valid_workbook_generates_every_annex_beside_it_and_never_reuses_a_folder(park_workbook, tmp_path):
    wb = tmp_path / park_workbook.name
    wb.write_bytes(park_workbook.read_bytes())
    _photos_beside(park_workbook, tmp_path)
    before = _sha(wb)

    first = run_for_workbook(wb)
    assert first.ok and first.problems == ()
    assert first.out_dir == tmp_path / "示例园区_文书"
    docs = [p for p in first.outputs if p.suffix == ".docx"]
    assert len(docs) >= 5  # park: 附件1-1、2-1、2-2、2-3、2-4
    assert all(p.parent == first.out_dir and p.stat().st_size > 0 for p in first.outputs)
    manifest = json.loads(first.manifest.read_text(encoding="utf-8"))
    assert manifest["input"]["sha256"] == before
    assert _sha(wb) == before  # the workbook is only read
    assert "已生成" in first.message and str(first.out_dir) in first.message

    hashes = {p: _sha(p) for p in first.outputs}
    second = run_for_workbook(wb)
    assert second.ok and second.out_dir == tmp_path / "示例园区_文书_2"
    assert {p: _sha(p) for p in first.outputs} == hashes  # the first folder is untouched
    assert sorted(p.name for p in second.out_dir.iterdir()) == sorted(p.name for p in first.out_dir.iterdir())


def _blank_required_inputs(src: Path, dst: Path) -> list[tuple[str, str]]:
    """Blank 诊断实施年份 and 园区名称 on 申请表 (cells found through the sheet spec)."""
    import greendiag.workbooks.spec as S
    from greendiag.rules.models import CaseKind

    form = S.forms_for(CaseKind.PARK)[S.APPLICATION]
    cells = [form.cell_of("diagnosis_year"), form.cell_of("application.name")]
    wb = openpyxl.load_workbook(src)
    for cell in cells:
        assert wb[S.APPLICATION][cell].value not in (None, "")
        wb[S.APPLICATION][cell].value = None
    wb.save(dst)
    return [(S.APPLICATION, c) for c in cells]


def test_invalid_workbook_returns_problems_with_cells_and_writes_nothing(park_workbook, tmp_path):
    wb = tmp_path / "缺项园区.xlsx"
    blanked = _blank_required_inputs(park_workbook, wb)
    before = _sha(wb)

    result = run_for_workbook(wb)
    assert not result.ok and result.out_dir is None and result.outputs == ()
    assert result.problems
    where = {(p.sheet, p.cell) for p in result.problems}
    assert set(blanked) <= where, (where, blanked)  # the reader points at each blanked cell
    for p in result.problems:
        assert p.message and any("\u4e00" <= ch <= "\u9fff" for ch in p.message)
    assert _sha(wb) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [wb.name]  # no output folder left behind
    assert output_dir_for(wb) == tmp_path / "缺项园区_文书"
    assert "处问题" in result.message

    # the rows main() writes link to the very cells of the problems
    sheets = openpyxl.load_workbook(wb, read_only=True).sheetnames
    rows = problem_rows(result.problems, sheets)
    links = {r[3] for r in rows[1:]}
    for sheet, cell in blanked:
        assert f'=HYPERLINK("#\'{sheet}\'!{cell}","{cell}")' in links, rows


def test_a_saved_result_sheet_does_not_stop_the_next_run(park_workbook, tmp_path):
    """After main() wrote 校验结果 and the user fixed and saved the workbook, it still reads."""
    wb = tmp_path / "改正后.xlsx"
    _photos_beside(park_workbook, tmp_path)
    book = openpyxl.load_workbook(park_workbook)
    ws = book.create_sheet(RESULT_SHEET, 0)
    for row in problem_rows([], book.sheetnames):
        ws.append(row)
    ws.append([1, "申请表", '=HYPERLINK("#\'申请表\'!B3","B3")', "旧问题"])
    book.save(wb)
    result = run_for_workbook(wb)
    assert result.ok, [(p.sheet, p.cell, p.message) for p in result.problems]


def test_missing_workbook_is_a_chinese_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="找不到工作簿文件"):
        run_for_workbook(tmp_path / "没有这个文件.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_a_workbook_greendiag_did_not_build_is_left_byte_identical(tmp_path):
    budget = tmp_path / "2026年预算.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "预算"
    wb.active["A1"] = "办公经费"
    wb.create_sheet(RESULT_SHEET)["A1"] = "我的表"
    wb.save(budget)
    before = budget.read_bytes()
    listing = sorted(p.name for p in tmp_path.iterdir())

    result = run_for_workbook(budget)
    assert not result.ok and result.refusal and result.out_dir is None and result.outputs == ()
    assert result.message.startswith("“2026年预算.xlsx”不是 greendiag 生成的案例工作簿")
    assert budget.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing  # no output folder either


def test_the_case_mark_survives_the_builder_and_a_users_own_result_sheet_is_only_read(park_workbook, tmp_path):
    from greendiag.workbooks.marker import CASE_PROPERTY, case_marker

    assert case_marker(park_workbook) == "园区案例工作簿"
    assert openpyxl.load_workbook(park_workbook).custom_doc_props[CASE_PROPERTY].value == "园区案例工作簿"
    mine = tmp_path / park_workbook.name
    _photos_beside(park_workbook, tmp_path)
    wb = openpyxl.load_workbook(park_workbook)
    wb.create_sheet(RESULT_SHEET)["A1"] = "我的校验记录"
    wb.save(mine)  # openpyxl keeps custom document properties, as Excel does
    before = mine.read_bytes()
    result = run_for_workbook(mine)
    assert result.refusal is None and result.ok
    assert mine.read_bytes() == before

"""Issue 12 outside the reader: nothing escapes the output folder, no traceback, Chinese messages.

Symbolic links in a batch folder, a 1 MB file whose properties inflate to 1 GB, ``.xlsm`` and
renamed files, unit names longer than a core property or made of 4-byte characters, rich markup
in user text, control characters on their way to the ledger, unreadable files.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from greendiag.addin.ribbon import output_dir_for, run_for_workbook
from greendiag.cli import app
from greendiag.forms.render import output_names, safe_name
from greendiag.generator import samples
from greendiag.generator.batch import find_workbooks, is_ledger, run_batch
from greendiag.workbooks import fill_case, read_case
from greendiag.workbooks import spec as S
from tests import corpus
from tests.complete import complete


@pytest.fixture(scope="module")
def ent(tmp_path_factory):
    folder = tmp_path_factory.mktemp("esc")
    return fill_case(complete(samples.sample_enterprise_small(), folder), folder / "ent.xlsx")


def _photos_beside(ent: Path, folder: Path) -> None:
    """A copied workbook names its photos relative to its folder: copy them along."""
    import shutil

    shutil.copytree(ent.parent / "现场照片", folder / "现场照片", dirs_exist_ok=True)


def with_name(tmp_path: Path, name: str, provider: str | None = None) -> Path:
    base = samples.sample_enterprise_small()
    case = base.model_copy(update={
        "application": base.application.model_copy(update={"name": name}),
        "provider": base.provider.model_copy(update={"name": provider or base.provider.name}),
    })
    return fill_case(complete(case, tmp_path), tmp_path / "case.xlsx")


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


# ── batch discovery ───────────────────────────────────────────────────────
def test_symlink_out_of_the_folder_is_not_followed(ent, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    target = outside / "target.xlsx"
    target.write_bytes(ent.read_bytes())
    _photos_beside(ent, Path(target).parent)
    src = tmp_path / "in"
    src.mkdir()
    (src / "own.xlsx").write_bytes(ent.read_bytes())
    _photos_beside(ent, src)
    (src / "link.xlsx").symlink_to(target)
    (src / "linkdir").symlink_to(outside, target_is_directory=True)
    before = files_under(outside)
    out = tmp_path / "out"
    result = run_batch([src], out, docs=True, jobs=1)
    assert files_under(outside) == before  # nothing written beside the link's target
    assert all(out in Path(d).parents for d in result.docs) and result.docs
    refused = [p for p in result.ledger.problems if p.file == "link.xlsx"]
    assert refused and "链接" in refused[0].message
    assert [f.file for f in result.files if f.row.ok] == ["own.xlsx"]


def test_symlink_inside_the_folder_is_read_once(ent, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.xlsx").write_bytes(ent.read_bytes())
    _photos_beside(ent, Path(src / "a.xlsx").parent)
    (src / "b.xlsx").symlink_to(src / "a.xlsx")
    assert [n for _, n in find_workbooks([src])] == ["a.xlsx"]


def test_discovery_reads_nothing_of_an_inflating_core_part(ent, tmp_path):
    bomb = corpus.make_core_bomb(ent, tmp_path / "bomb.xlsx", mb=64)
    assert bomb.stat().st_size < 1024 * 1024
    import tracemalloc

    tracemalloc.start()
    assert not is_ledger(bomb)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 4 * 1024 * 1024
    assert "解压" in read_case(bomb).errors[0].message or "压缩" in read_case(bomb).errors[0].message


def test_xlsm_and_other_spreadsheets_are_listed(ent, tmp_path):
    from greendiag.generator.batch import discover

    src = tmp_path / "in"
    src.mkdir()
    (src / "macro.xlsm").write_bytes(ent.read_bytes())
    _photos_beside(ent, Path(src / "macro.xlsm").parent)
    (src / "renamed.xls").write_bytes(ent.read_bytes())  # a .xlsx saved as .xls: read, with a warning
    corpus.make_old_ole(src / "old.xls")
    cases, refused = discover([src])
    assert [n for _, n in cases] == ["macro.xlsm", "renamed.xls"]
    assert [r.name for r in refused] == ["old.xls"] and ".xlsx" in refused[0].reason
    result = run_batch([src], tmp_path / "out", jobs=1)
    listed = {r.file for r in result.ledger.rows}
    assert listed == {"macro.xlsm", "renamed.xls", "old.xls"}


def test_renamed_xlsx_is_read_with_a_warning(ent, tmp_path):
    renamed = tmp_path / "case.xls"
    renamed.write_bytes(ent.read_bytes())
    _photos_beside(ent, Path(renamed).parent)
    result = read_case(renamed)
    assert result.ok and any("扩展名" in p.message for p in result.warnings)


def test_control_characters_never_reach_the_ledger(ent, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a\x01b\x1f.xlsx").write_bytes(ent.read_bytes())
    _photos_beside(ent, Path(src / "a\x01b\x1f.xlsx").parent)
    result = run_batch([src], tmp_path / "out", jobs=1)
    wb = openpyxl.load_workbook(result.ledger_path)
    assert any(c.value == "ab.xlsx" for row in wb.worksheets[0].iter_rows() for c in row)


# ── names: core properties, bytes, folders ───────────────────────────────
def test_unit_name_longer_than_a_core_property(tmp_path):
    name = "北京示例" * 60 + "（虚构）"  # 244 characters, the sheet allows 500
    path = with_name(tmp_path, name, provider="服" * 300)
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["generate", str(path), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
    docs = sorted(out.glob("*.docx"))
    assert len(docs) == 4
    with zipfile.ZipFile(docs[0]) as zf:
        assert "…" in zf.read("docProps/core.xml").decode()


def test_file_names_are_cut_by_bytes():
    from greendiag.files import fit_name

    rare = "\U00020000" * 60  # 60 CJK Extension B characters, 4 bytes each
    assert len(safe_name(rare).encode()) <= 180
    assert len(fit_name("\U00020000" * 100, 255).encode()) <= 255
    assert len(fit_name("\U00020000" * 100, 255).encode("utf-16-le")) // 2 <= 255


def test_rare_four_byte_unit_name_generates(tmp_path):
    path = with_name(tmp_path, "\U00020000\U0002A6A5" * 40)
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["generate", str(path), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert all(len(p.name.encode()) <= 255 for p in out.iterdir())
    case = read_case(path).case
    assert all(len(n.encode()) <= 255 for n in output_names(case))


def test_ribbon_folder_name_fits(ent, tmp_path):
    long = tmp_path / ("绿" * 83 + ".xlsx")  # 249 + 5 bytes: the longest name a workbook can have
    long.write_bytes(ent.read_bytes())
    _photos_beside(ent, tmp_path)
    assert len(output_dir_for(long).name.encode()) <= 255
    result = run_for_workbook(long)
    assert result.ok and result.out_dir.parent == tmp_path


def test_ribbon_through_a_link_writes_beside_the_link(ent, tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "desk").mkdir()
    target = tmp_path / "real" / "case.xlsx"
    target.write_bytes(ent.read_bytes())
    _photos_beside(ent, tmp_path / "real")
    _photos_beside(ent, tmp_path / "desk")
    link = tmp_path / "desk" / "case.xlsx"
    link.symlink_to(target)
    result = run_for_workbook(link)
    assert result.ok and result.out_dir.parent == tmp_path / "desk"
    assert sorted((tmp_path / "real").iterdir()) == [target, tmp_path / "real" / "现场照片"]


# ── console ───────────────────────────────────────────────────────────────
@pytest.mark.parametrize("name", ["[/]示例企业", "示例[bold]企业[/bold]", "示例企业[/"])
def test_rich_markup_in_user_text_is_printed_literally(tmp_path, name):
    path = with_name(tmp_path, name)
    wb = openpyxl.load_workbook(path)
    wb[S.APPLICATION]["B12"] = "[/]"  # and in a cell that gives a problem
    wb.save(path)
    runner = CliRunner()
    res = runner.invoke(app, ["check", str(path)])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    assert res.exit_code in (0, 1)
    res = runner.invoke(app, ["generate", str(path), "--out", str(tmp_path / "out")])
    assert res.exit_code == 0 and res.exception is None or isinstance(res.exception, SystemExit), res.output
    assert name in res.output.replace("\n", "") or name[:3] in res.output


# ── unreadable ────────────────────────────────────────────────────────────
def test_unreadable_file_gets_a_chinese_message(ent, tmp_path, monkeypatch):
    import greendiag.workbooks.safety as safety

    monkeypatch.setattr(safety.os, "access", lambda p, mode: False)  # root can read anything: simulate
    res = CliRunner().invoke(app, ["check", str(ent)])
    assert res.exit_code == 1 and "没有读取该文件的权限" in res.output.replace("\n", "").replace("│", "").replace(" ", "")


def test_permission_error_in_generate_is_chinese(ent, tmp_path, monkeypatch):
    import greendiag.generator.pipeline as pipeline

    def deny(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(pipeline, "sha256_file", deny)
    res = CliRunner().invoke(app, ["generate", str(ent), "--out", str(tmp_path / "o")])
    assert res.exit_code == 1 and "没有权限" in res.output and "PermissionError" not in res.output


def test_too_long_output_path_is_chinese(ent, tmp_path):
    res = CliRunner().invoke(app, ["generate", str(ent), "--out", str(tmp_path / ("长" * 100))])
    assert res.exit_code == 1 and "过长" in res.output, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)



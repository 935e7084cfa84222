"""greendiag.generator.pipeline.generate and the ``greendiag generate`` command, on real case workbooks
written by ``greendiag.workbooks.fill_case`` and read back by ``greendiag.workbooks.read_case``."""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import datetime
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

import greendiag
from greendiag.cli import app
from greendiag.generator.pipeline import CaseInvalid, OutputExists, generate, planned_outputs
from greendiag.generator.samples import sample_enterprise_large, sample_park
from greendiag.workbooks import fill_case
from tests.complete import complete


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def park_xlsx(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("wb") / "园区案例.xlsx"
    fill_case(complete(sample_park(), path.parent), path)
    os.chmod(path, 0o444)  # generate must only read it
    return path


@pytest.fixture(scope="module")
def enterprise_xlsx(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("wb") / "企业案例.xlsx"
    fill_case(complete(sample_enterprise_large(), path.parent), path)
    return path


@pytest.fixture()
def bad_xlsx(tmp_path) -> Path:
    case = sample_park()
    case = case.model_copy(update={"application": case.application.model_copy(update={"name": ""})})
    path = tmp_path / "缺园区名称.xlsx"
    fill_case(case, path)
    return path


def test_generate_park_writes_annexes_and_manifest(park_xlsx, tmp_path):
    before = sha(park_xlsx)
    result = generate(park_xlsx, tmp_path / "out")
    assert sha(park_xlsx) == before  # input untouched
    names = [p.name for p in result.documents]
    assert names == [
        "北京示例经济技术开发区（虚构）_附件1-1_绿色诊断申请表（工业园区）.docx",
        "北京示例经济技术开发区（虚构）_附件2-2_保密承诺书.docx",
        "北京示例经济技术开发区（虚构）_附件2-1_北京市工业园区绿色诊断评估报告.docx",
        "北京示例经济技术开发区（虚构）_附件2-3_绿色诊断评估工作确认单.docx",
        "北京示例经济技术开发区（虚构）_附件2-4_绿色诊断服务工作满意度评价表.docx",
    ]
    assert result.pdfs == ()
    assert result.outputs[-1] == result.manifest
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    assert manifest["greendiag_version"] == greendiag.__version__
    assert manifest["input"] == {"file": park_xlsx.name, "sha256": before}
    assert datetime.fromisoformat(manifest["generated_at"]).tzinfo is not None
    assert manifest["case"]["unit_name"] == "北京示例经济技术开发区（虚构）"
    listed = {e["file"]: e["sha256"] for e in manifest["outputs"]}
    assert set(listed) == set(names)
    for p in result.documents:
        assert listed[p.name] == sha(p)
        Document(p)  # opens
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([*names, result.manifest.name])
    # the assessment the report shows comes from the workbook as read back
    assert [round(y.park_score, 1) for y in result.assessment.years] == [76.3, 87.8, 95.6]  # 较完善 50 points (qualitative_scores)


def test_generate_enterprise(enterprise_xlsx, tmp_path):
    result = generate(enterprise_xlsx, tmp_path)
    assert [p.name.split("_", 1)[1] for p in result.documents] == [
        "附件1-1_绿色诊断申请表（企业）.docx",
        "附件1-2_保密承诺书.docx",
        "企业绿色诊断评估报告.docx",
        "附件1-3_绿色诊断服务工作满意度评价表.docx",
    ]


def test_refuses_to_overwrite_and_writes_nothing(park_xlsx, tmp_path):
    first = generate(park_xlsx, tmp_path)
    stamps = {p: (sha(p), p.stat().st_mtime_ns) for p in first.outputs}
    with pytest.raises(OutputExists) as err:
        generate(park_xlsx, tmp_path)
    assert "--force" in str(err.value)
    assert {p: (sha(p), p.stat().st_mtime_ns) for p in first.outputs} == stamps
    # only ONE existing target (the manifest) in a fresh folder: nothing else gets written
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / first.manifest.name).write_text("mine", encoding="utf-8")
    with pytest.raises(OutputExists):
        generate(park_xlsx, fresh)
    assert [p.name for p in fresh.iterdir()] == [first.manifest.name]
    assert (fresh / first.manifest.name).read_text(encoding="utf-8") == "mine"


def test_force_overwrites(park_xlsx, tmp_path):
    generate(park_xlsx, tmp_path)
    target = planned_outputs(sample_park(), tmp_path, pdf=False)[0]
    target.write_bytes(b"old")
    result = generate(park_xlsx, tmp_path, force=True)
    assert target.read_bytes() != b"old"
    Document(target)
    assert not list(tmp_path.glob(".greendiag-*"))
    assert len(result.documents) == 5


def test_invalid_workbook_raises_with_reader_problems(bad_xlsx, tmp_path):
    with pytest.raises(CaseInvalid) as err:
        generate(bad_xlsx, tmp_path / "out")
    problems = err.value.problems
    assert any(p.sheet == "申请表" and "园区名称" in p.message for p in problems)
    assert all(p.severity == "error" for p in problems)
    assert not (tmp_path / "out").exists()


def test_missing_input(tmp_path):
    with pytest.raises(FileNotFoundError, match="找不到案例工作簿"):
        generate(tmp_path / "nope.xlsx", tmp_path)


def test_hostile_unit_name_stays_in_out_dir(tmp_path):
    case = sample_park()
    case = case.model_copy(update={"application": case.application.model_copy(update={"name": "../../逃逸<园区>:CON|?*"})})
    wb = tmp_path / "wb.xlsx"
    fill_case(complete(case, tmp_path), wb)
    out = tmp_path / "a" / "b"
    result = generate(wb, out)
    for p in result.outputs:
        assert p.parent == out
        assert not set('<>:"/\\|?*') & set(p.name)
    assert result.documents[0].name.startswith("逃逸园区CON_")
    assert {p.name for p in tmp_path.iterdir()} == {"wb.xlsx", "a", "现场照片"}


def test_render_failure_writes_nothing(park_xlsx, tmp_path, monkeypatch):
    import greendiag.forms.render

    calls = []
    real = greendiag.forms.render.render_document

    def flaky(key, *args, **kwargs):
        calls.append(key)
        if len(calls) == 3:
            raise RuntimeError("boom")
        return real(key, *args, **kwargs)

    monkeypatch.setattr(greendiag.forms.render, "render_document", flaky)
    with pytest.raises(RuntimeError, match="boom"):
        generate(park_xlsx, tmp_path / "out")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_pdf_without_libreoffice_says_so(park_xlsx, tmp_path, monkeypatch):
    import greendiag.generator.office

    monkeypatch.setattr(greendiag.generator.office, "find_soffice", lambda: None)
    result = generate(park_xlsx, tmp_path, pdf=True)
    assert result.pdfs == ()
    assert "LibreOffice" in result.pdf_message and "未生成 PDF" in result.pdf_message
    assert len(result.documents) == 5


@pytest.mark.libreoffice
def test_pdf_with_libreoffice(park_xlsx, tmp_path, soffice):
    result = generate(park_xlsx, tmp_path, pdf=True)
    assert [p.stem for p in result.pdfs] == [p.stem for p in result.documents]
    assert all(p.read_bytes().startswith(b"%PDF") for p in result.pdfs)
    listed = {e["file"]: e["sha256"] for e in json.loads(result.manifest.read_text(encoding="utf-8"))["outputs"]}
    for p in (*result.pdfs, *result.documents):
        assert listed[p.name] == sha(p)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".greendiag")]
    # the report's 目录 carries the page numbers of its headings (LibreOffice does not update the field)
    from pypdf import PdfReader

    from greendiag.forms.toc import outline_pages

    report = next(p for p in result.pdfs if "附件2-1_" in p.name)
    pages = outline_pages(report.read_bytes())
    assert pages["一、概述"] >= 3 and pages["六、参考文件"] > pages["一、概述"]
    toc = re.sub(r"[\s.…·]+", "", next(t for t in (pg.extract_text() for pg in PdfReader(report).pages) if re.search(r"目\s*录", t)))
    for head in ("一、概述", "四、诊断评估结论", "六、参考文件"):
        assert f"{head}{pages[head]}" in toc, (head, pages[head], toc)
    docx = next(p for p in result.documents if "附件2-1_" in p.name)
    assert f"一、概述\t{pages['一、概述']}" in "\n".join(q.text for q in Document(docx).paragraphs)


# ---------------------------------------------------------------- CLI


def test_cli_generate(park_xlsx, tmp_path):
    runner = CliRunner()
    res = runner.invoke(app, ["generate", str(park_xlsx), "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "已生成" in res.output and "2023年 76.3分" in res.output
    assert len(list(tmp_path.glob("*.docx"))) == 5
    res = runner.invoke(app, ["generate", str(park_xlsx), "--out", str(tmp_path)])
    assert res.exit_code == 1
    assert "--force" in res.output
    res = runner.invoke(app, ["generate", str(park_xlsx), "--out", str(tmp_path), "--force"])
    assert res.exit_code == 0, res.output


def test_cli_generate_invalid_prints_problem_table(bad_xlsx, tmp_path):
    res = CliRunner().invoke(app, ["generate", str(bad_xlsx), "--out", str(tmp_path / "o")])
    assert res.exit_code == 1
    assert "申请表" in res.output and "B5" in res.output and "园区名称" in res.output
    assert "Traceback" not in res.output
    assert not (tmp_path / "o").exists()


def test_hostile_case_through_the_workbook(tmp_path):
    """Hostile text typed into every text cell comes out literally in the generated documents."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from test_forms import HOSTILE, docx_text, hostile_enterprise, hostile_park

    for i, case in enumerate((hostile_park(), hostile_enterprise())):
        wb = tmp_path / f"hostile{i}.xlsx"
        fill_case(case, wb)
        before = sha(wb)
        result = generate(wb, tmp_path / f"out{i}", draft=True)  # no photos: a draft
        assert result.draft and all("草稿" in p.name for p in result.documents)
        assert sha(wb) == before
        text = "\n".join(docx_text(p) for p in result.documents)
        for h in HOSTILE:
            for part in h.split("\n"):
                assert part in text, (i, part[:30])


def test_out_dir_is_a_file(park_xlsx, tmp_path):
    target = tmp_path / "not-a-dir"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(NotADirectoryError, match="不是文件夹"):
        generate(park_xlsx, target)
    res = CliRunner().invoke(app, ["generate", str(park_xlsx), "--out", str(target)])
    assert res.exit_code == 1 and "不是文件夹" in res.output and "Traceback" not in res.output


def test_pdf_conversion_failure_keeps_documents_and_manifest(park_xlsx, tmp_path, monkeypatch):
    import greendiag.generator.office

    def broken(files, out_dir, **kw):
        raise RuntimeError("LibreOffice 未能转换")

    monkeypatch.setattr(greendiag.generator.office, "find_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(greendiag.generator.office, "to_pdf", broken)
    result = generate(park_xlsx, tmp_path, pdf=True)
    assert result.pdfs == () and "PDF 转换失败" in result.pdf_message
    assert result.manifest.exists() and len(result.documents) == 5
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".greendiag")]

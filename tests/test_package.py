"""issue 20 item 7: one submission — ``greendiag package`` (signer packs, one PDF with 目录 and bookmarks)
and ``greendiag assemble`` (scanned PDFs back into the official order, one bookmark per document)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from pypdf import PdfReader, PdfWriter
from typer.testing import CliRunner

from greendiag.cli import app
from greendiag.forms.render import documents_for
from greendiag.generator.package import PackageError, assemble, package
from greendiag.generator.samples import sample_park
from greendiag.workbooks import fill_case
from tests.complete import complete


@pytest.fixture(scope="module")
def park_xlsx(tmp_path_factory):
    path = tmp_path_factory.mktemp("pkg") / "园区案例.xlsx"
    fill_case(complete(sample_park(), path.parent), path)
    return path


def _scan(path, pages: int) -> None:
    w = PdfWriter()
    for _ in range(pages):
        w.add_blank_page(595, 842)
    with open(path, "wb") as fh:
        w.write(fh)


def test_assemble_orders_scans_with_one_bookmark_each(park_xlsx, tmp_path):
    scans = tmp_path / "扫描件"
    scans.mkdir()
    # named as an office would: annex numbers with full-width dashes, out of order
    names = {"附件2－4 满意度评价表（盖章）.pdf": 1, "附件2-1评估报告.pdf": 5, "附件1-1 申请表.pdf": 1,
             "附件2-3确认单.pdf": 1, "附件2-2_保密承诺书.pdf": 2}
    for name, n in names.items():
        _scan(scans / name, n)
    (scans / "说明.txt").write_text("not a scan", encoding="utf-8")
    out = tmp_path / "报送材料.pdf"
    res = CliRunner().invoke(app, ["assemble", str(scans), "--case", str(park_xlsx), "--out", str(out)])
    assert res.exit_code == 0, res.output
    reader = PdfReader(out)
    assert len(reader.pages) == 10
    titles = [(o.title, reader.get_destination_page_number(o) + 1) for o in reader.outline]
    assert titles == [("附件1-1 绿色诊断申请表（工业园区）", 1), ("附件2-2 保密承诺书", 2),
                      ("附件2-1 北京市工业园区绿色诊断评估报告", 4), ("附件2-3 绿色诊断评估工作确认单", 9),
                      ("附件2-4 绿色诊断服务工作满意度评价表", 10)]
    manifest = json.loads((tmp_path / "报送材料_manifest.json").read_text(encoding="utf-8"))
    import hashlib

    for d in manifest["documents"]:
        assert d["sha256"] == hashlib.sha256((scans / d["file"]).read_bytes()).hexdigest()
    assert manifest["output"]["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert all(row["ok"] for row in manifest["checklist"][:5])  # every document received
    assert "☑" in res.output
    # again without --force: refused, nothing changed
    before = out.read_bytes()
    res = CliRunner().invoke(app, ["assemble", str(scans), "--case", str(park_xlsx), "--out", str(out)])
    assert res.exit_code == 1 and out.read_bytes() == before


def test_assemble_names_what_is_missing(park_xlsx, tmp_path):
    scans = tmp_path / "s"
    scans.mkdir()
    _scan(scans / "附件2-1.pdf", 3)
    with pytest.raises(PackageError, match="附件1-1 绿色诊断申请表（工业园区）.*附件2-4") as exc:
        assemble(scans, park_xlsx, tmp_path / "o.pdf")
    assert "附件2-1 " not in str(exc.value)
    assert not (tmp_path / "o.pdf").exists()


def test_assemble_command_says_what_is_missing_once(park_xlsx, tmp_path):
    scans = tmp_path / "s"
    scans.mkdir()
    res = CliRunner().invoke(app, ["assemble", str(scans), "--case", str(park_xlsx), "--out", str(tmp_path / "o.pdf")])
    assert res.exit_code == 1
    assert res.output.count("错误：") == 1 and "扫描件缺少：" in res.output  # not followed by a second “错误：1”


@pytest.mark.libreoffice
def test_package_writes_signer_packs_and_one_pdf(park_xlsx, tmp_path, soffice):
    result = package(park_xlsx, tmp_path / "pack")
    assert set(result.packs) == {"服务商", "园区", "区经信部门"}
    from docx import Document

    def text(p):
        return "\n".join(x.text for x in Document(p).paragraphs) + "\n".join(
            c.text for t in Document(p).tables for r in t.rows for c in r.cells)

    provider = text(result.packs["服务商"])
    assert provider.index("保密承诺书") < provider.index("绿色诊断评估报告")
    park = text(result.packs["园区"])
    assert park.index("绿色诊断申请表") < park.index("绿色诊断评估工作确认单") < park.index("满意度评价表")
    assert "初审" in text(result.packs["区经信部门"])
    # the report's headings keep the report's look (black 黑体), not Word's default blue of the pack's first document
    heading = Document(result.packs["服务商"]).styles["Heading 1"]
    assert str(heading.font.color.rgb) == "000000"
    reader = PdfReader(result.pdf)
    flat, pages = [], {}

    def walk(items, level):
        for o in items:
            if isinstance(o, list):
                walk(o, level + 1)
            else:
                flat.append((level, o.title))
                pages[o.title] = reader.get_destination_page_number(o)

    walk(reader.outline, 1)
    top = [t for lv, t in flat if lv == 1]
    assert top == ["封面与目录"] + [f"{s.annex} {s.title}" for s in documents_for(sample_park())]
    assert (3, "一、概述") in flat and (3, "六、参考文件") in flat and (2, "工业园区绿色诊断评价表") in flat
    # the report's 目录 carries page numbers in the PDF
    import re

    toc_text = reader.pages[pages["附件2-1 北京市工业园区绿色诊断评估报告"] + 1].extract_text()
    assert re.search(r"一、概述\.*\s*\d", toc_text), toc_text[:300]
    with zipfile.ZipFile(io.BytesIO(result.packs["服务商"].read_bytes())) as z:
        assert 'TOC \\o "1-2"' in z.read("word/document.xml").decode()
    with zipfile.ZipFile(result.packs["区经信部门"]) as z:  # built like the templates (forms.trim.docx_bytes)
        assert not {"word/stylesWithEffects.xml", "docProps/thumbnail.jpeg"} & set(z.namelist())

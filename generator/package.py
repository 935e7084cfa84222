"""``greendiag package`` and ``greendiag assemble``: one submission (《北京市制造业绿色诊断工作规则》第十六、十七条;
《北京市工业园区绿色诊断工作指南》五（五）: the report and evidence 纸质版和电子版 to the district).

* :func:`package` writes the print pack per signer — one .docx each (the documents joined in the official
  order with docxcompose): the provider's (保密承诺书, 评估报告), the park's or enterprise's (申请表, 确认单,
  满意度评价表) and the district's 初审清单 (第十七条) — plus, when LibreOffice is installed, one PDF of the whole
  set in the official order with a cover, a 目录 and a bookmark per document (the report's headings nested
  under it), and a manifest (SHA-256 of every file, page ranges).
* :func:`assemble` merges the scanned, stamped PDFs (one per document, named by annex number or title) back
  into the official order with one bookmark per document (pypdf), and writes a manifest with each scan's
  SHA-256 and the 初审 checklist ticked from the case and the scans.

Signers and order are :data:`SIGNERS`; the documents themselves are ``greendiag.forms`` (as ``generate``).
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from greendiag import __version__
from greendiag.files import write_bytes_atomic
from greendiag.forms.render import DocumentSpec, documents_for, safe_name
from greendiag.generator.load import load_case, sha256_file
from greendiag.generator.pipeline import CaseInvalid, OutputExists, checked
from greendiag.rules import CaseAssessment
from greendiag.rules.models import Case

SIGNERS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "园区": (
        ("服务商", ("commitment_park", "report_park")),
        ("园区", ("application_park", "confirmation_park", "satisfaction_park")),
    ),
    "企业": (
        ("服务商", ("commitment_enterprise", "report_enterprise")),
        ("企业", ("application_enterprise", "satisfaction_enterprise")),
    ),
}
"""Per case kind: (who signs and stamps, the template keys of its documents in the official order).
The district writes its 审核意见 on the 满意度评价表 the unit returns (第十七条) and ticks the 初审清单."""

WHO_FILLS = {
    "application": "被诊断单位填写并加盖公章（申请时）",
    "commitment": "服务商加盖公章（诊断开始前提交被诊断单位）",
    "report": "服务商编制，负责人签字并加盖公章（诊断完成后）",
    "confirmation": "被诊断园区负责人签字并加盖公章（报告会后）",
    "satisfaction": "被诊断单位填写评价并盖章，区经信部门填写审核意见并盖章（第十七条初审时）",
}
"""Who fills and stamps each document, and when (the same text docs/forms.md gives)."""


class PackageError(RuntimeError):
    """A submission cannot be made (Chinese message): missing scans, a scan that is not a PDF …"""


def checklist(case: Case, assessment: CaseAssessment, present: set[str] | None = None) -> list[tuple[str, bool | None, str]]:
    """The district's 初审 checklist (第十七条: 材料完整性和合规性): ``(item, ticked, basis)`` rows.

    ``present``: the template keys whose stamped scan was received (``None``: not known yet — the
    document rows stay unticked for the officer).  Case rows are ticked from ``assessment``.
    """
    rows: list[tuple[str, bool | None, str]] = []
    for spec in documents_for(case):
        kind = spec.key.split("_")[0]
        rows.append((f"{spec.annex + ' ' if spec.annex else ''}{spec.title}：{WHO_FILLS[kind]}",
                     None if present is None else spec.key in present, "第十六、十七条"))
    rows += [
        ("工作组组成符合要求", assessment.team.ok, str(assessment.team.cite)),
        ("现场诊断工作日符合要求", assessment.onsite.ok, str(assessment.onsite.cite)),
        ("现场照片已附（报告“附：现场诊断照片”）", bool(case.photos), "第十五条第3项"),
        ("报告提出改进提升建议", bool(case.retrofits) or bool(case.narrative.suggestions.strip()), "第十三条"),
    ]
    if getattr(assessment, "basic", None) is not None:
        rows.append(("附件2-1-1 基础性要求诊断表已填写", any(e.complies is not None for e in case.basic_requirements),
                     "指南五（一）"))
    return rows


def _checklist_docx(case: Case, rows) -> bytes:
    from greendiag.forms import layout as L
    from greendiag.forms.trim import docx_bytes

    doc = L.new_document("绿色诊断材料初审清单")
    L.title(doc, "绿色诊断材料初审清单", space_after=6)
    L.paragraph(doc, f"被诊断单位：{case.unit_name}    服务商：{case.provider.name}    诊断年份：{case.diagnosis_year}",
                size=L.SIZE_SMALL, align=L.CENTER, space_after=8)
    t = L.table(doc, 1, [1.0, 10.6, 1.4, 2.6])
    for cell, text in zip(t.rows[0].cells, ("序号", "初审内容", "核对", "依据")):
        L.cell_text(cell, text, font=L.HEADING_FONT, size=L.SIZE_SMALL)
    for k, (item, ok, basis) in enumerate(rows, 1):
        cells = t.add_row().cells
        mark = "☐" if ok is None else ("☑" if ok else "☒")
        for cell, text, align in zip(cells, (str(k), item, mark, basis), (L.CENTER, L.LEFT, L.CENTER, L.LEFT)):
            L.cell_text(cell, text, size=L.SIZE_SMALL, align=align)
    L.paragraph(doc, "☑ 已核对符合  ☒ 不符合  ☐ 待核对（收到加盖公章的纸质材料后勾选）", size=L.SIZE_SMALL, space_before=6)
    for line in ("初审意见：", "", "区经信部门（加盖公章）：", "年   月   日"):
        L.paragraph(doc, line, space_before=12)
    return docx_bytes(doc)


def _compose(parts: list[bytes]) -> bytes:
    """The documents joined into one .docx (docxcompose: styles, numbering, images, sections kept)."""
    from docx import Document
    from docxcompose.composer import Composer

    master = Document(io.BytesIO(parts[0]))
    composer = Composer(master)
    for data in parts[1:]:
        master.add_page_break()
        composer.append(Document(io.BytesIO(data)))
    buf = io.BytesIO()
    composer.save(buf)
    return buf.getvalue()


@dataclass
class PackageResult:
    """What :func:`package` wrote: ``packs`` {signer: .docx}, ``pdf`` (``None`` without LibreOffice),
    ``manifest``, ``message`` (why there is no PDF)."""

    out_dir: Path
    packs: dict[str, Path]
    pdf: Path | None
    manifest: Path
    message: str = ""
    draft: bool = False
    outline: list[tuple[int, str, int]] = field(default_factory=list)


def _planned(case: Case, out: Path, tail: str) -> dict[str, Path]:
    unit = safe_name(case.unit_name)
    names = {signer: out / f"{unit}_{signer}盖章文书{tail}.docx" for signer, _ in SIGNERS[str(case.kind)]}
    names["区经信部门"] = out / f"{unit}_区经信部门初审清单{tail}.docx"
    names["pdf"] = out / f"{unit}_报送材料{tail}.pdf"
    names["manifest"] = out / f"{unit}_报送材料{tail}_manifest.json"
    return names


def package(path: Path | str, out_dir: Path | str, *, force: bool = False, draft: bool = False,
            charts: bool = True, pdf: bool = True) -> PackageResult:
    """``greendiag package``: the signer packs and the one PDF of the case workbook ``path`` (see the module).

    Refuses like ``generate`` (:class:`CaseInvalid`; ``draft`` writes 草稿 packs), never overwrites without
    ``force`` (:class:`OutputExists`).  ``pdf=False`` or no LibreOffice: the .docx packs and the manifest only,
    ``message`` says why.
    """
    from greendiag.forms.render import render_documents

    src = Path(path)
    loaded = load_case(src)
    is_draft = bool(checked(loaded, draft=draft)[1])
    case, assessment = loaded.case, loaded.assessment
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"输出目录 {out} 已存在且不是文件夹：请换一个 --out 目录")
    planned = _planned(case, out, "_草稿" if is_draft else "")
    if not force and (existing := [p for p in planned.values() if p.exists()]):
        raise OutputExists(existing)
    docs = render_documents(case, assessment, src.parent, draft=is_draft, charts=charts)
    by_key = {spec.key: data for spec, data in zip(documents_for(case), docs.values())}
    specs = {spec.key: spec for spec in documents_for(case)}
    out.mkdir(parents=True, exist_ok=True)
    packs: dict[str, Path] = {}
    message, pdf_path, outline = "", None, []
    if pdf:
        from greendiag.generator.office import find_soffice

        if find_soffice() is None:
            message = "未找到 LibreOffice（soffice），未生成 PDF：请安装 LibreOffice 后重新运行；各方盖章文书（Word）已生成。"
        else:
            by_key, pdf_bytes, outline = _pdf(case, specs, by_key, planned["pdf"].stem)
            write_bytes_atomic(planned["pdf"], pdf_bytes)
            pdf_path = planned["pdf"]
    for signer, keys in SIGNERS[str(case.kind)]:
        write_bytes_atomic(planned[signer], _compose([by_key[k] for k in keys]))
        packs[signer] = planned[signer]
    write_bytes_atomic(planned["区经信部门"], _checklist_docx(case, checklist(case, assessment)))
    packs["区经信部门"] = planned["区经信部门"]
    files = [*packs.values(), *([pdf_path] if pdf_path else [])]
    data = {
        "greendiag_version": __version__,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "input": {"file": src.name, "sha256": loaded.sha256},
        "case": {"kind": str(case.kind), "unit_name": case.unit_name, "diagnosis_year": case.diagnosis_year,
                 "provider": case.provider.name},
        "draft": is_draft,
        "order": [{"key": s.key, "annex": s.annex, "title": s.title} for s in documents_for(case)],
        "signers": {signer: list(keys) for signer, keys in SIGNERS[str(case.kind)]},
        "outputs": [{"file": p.name, "sha256": sha256_file(p), "bytes": p.stat().st_size} for p in files],
        "pdf_outline": [{"level": lv, "title": t, "page": pg} for lv, t, pg in outline],
    }
    write_bytes_atomic(planned["manifest"], (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return PackageResult(out, packs, pdf_path, planned["manifest"], message, is_draft, outline)


def _cover_docx(case: Case, entries: list[tuple[str, int]], title: str) -> bytes:
    """Cover and 目录 of the submission PDF: ``entries`` (document, first page in the merged PDF)."""
    from greendiag.forms import layout as L
    from greendiag.forms.trim import docx_bytes

    doc = L.new_document(title)
    for _ in range(5):
        L.paragraph(doc, "")
    L.paragraph(doc, "绿色诊断报送材料", font=L.TITLE_FONT, size=L.SIZE_TITLE, bold=True, align=L.CENTER, space_after=30)
    for label, value in (("被诊断单位", case.unit_name), ("绿色诊断服务商", case.provider.name),
                         ("诊断实施年份", f"{case.diagnosis_year}年")):
        L.paragraph(doc, f"{label}：{value}", font=L.HEADING_FONT, size=L.SIZE_SUBTITLE, align=L.CENTER, space_after=10)
    L.page_break(doc)
    L.title(doc, "目    录", size=L.SIZE_SUBTITLE, font=L.HEADING_FONT)
    L.setup_headings(doc)
    for text, page in entries:
        p = doc.add_paragraph(style="toc 1")
        L.add_run(p, f"{text}\t{page}", size=L.SIZE_BODY)
    return docx_bytes(doc)


def _pdf(case: Case, specs: dict[str, DocumentSpec], by_key: dict[str, bytes], stem: str):
    """(documents with the report's 目录 page numbers filled, merged PDF bytes, outline rows)."""
    from pypdf import PdfReader, PdfWriter

    from greendiag.forms.toc import fill_page_numbers, first_pages
    from greendiag.forms.toc import pdf_outline as _outline
    from greendiag.generator.office import to_pdf

    keys = list(specs)
    with tempfile.TemporaryDirectory(prefix="greendiag-package-") as tmp:
        root = Path(tmp)

        def convert(items: dict[str, bytes], sub: str) -> dict[str, PdfReader]:
            paths = []
            for k, data in items.items():
                p = root / sub / f"{keys.index(k) if k in keys else 99:02d}-{k}.docx"
                p.parent.mkdir(exist_ok=True)
                p.write_bytes(data)
                paths.append(p)
            pdfs = to_pdf(paths, root / f"{sub}-pdf")
            return {k: PdfReader(io.BytesIO(pdf.read_bytes())) for k, pdf in zip(items, pdfs)}

        first = convert(by_key, "a")
        report = next(k for k in keys if k.startswith("report"))
        heads = _outline(first[report])
        by_key = {**by_key, report: fill_page_numbers(by_key[report], first_pages(heads))}
        entries, page = [], 3  # cover and 目录 first
        for k in keys:
            spec = specs[k]
            entries.append((f"{spec.annex} {spec.title}".strip(), page))
            page += len(first[k].pages)
        second = convert({report: by_key[report], "cover": _cover_docx(case, entries, stem)}, "b")
        readers = {**first, report: second[report]}
        writer = PdfWriter()
        writer.append(second["cover"])
        writer.add_outline_item(title="封面与目录", page_number=0)
        outline = [(1, "封面与目录", 1)]
        for k in keys:
            start = len(writer.pages)
            writer.append(readers[k], import_outline=False)
            title = entries[keys.index(k)][0]
            parent = writer.add_outline_item(title=title, page_number=start)
            outline.append((1, title, start + 1))
            parents = {0: parent}  # the report's headings nested as in the report (标题 1 → 2 → 3)
            for level, text, pg in _outline(readers[k]) if k == report else ():
                up = parents.get(level - 1, parent)
                parents[level] = writer.add_outline_item(title=text, page_number=start + pg, parent=up)
                outline.append((level + 1, text, start + pg + 1))
        writer.add_metadata({"/Title": f"绿色诊断报送材料（{case.unit_name}）", "/Author": case.provider.name})
        buf = io.BytesIO()
        writer.write(buf)
    return by_key, buf.getvalue(), outline


# ---------------------------------------------------------------- assemble


def _norm(text: str) -> str:
    return re.sub(r"[\s_－—–-]", "", text).replace("附件", "")


def match_scans(case: Case, folder: Path) -> dict[str, Path]:
    """{template key: scan} for the PDFs in ``folder`` named by annex number (``附件2-1``, ``附件2－1``) or,
    for a document without one (the enterprise report), its title.  Raises :class:`PackageError` for a
    scan that fits two documents or a document two scans fit."""
    scans = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".pdf" and p.is_file())
    found: dict[str, Path] = {}
    for spec in documents_for(case):
        label = _norm(spec.annex) if spec.annex else _norm(spec.title)
        hits = [p for p in scans if (re.search(rf"(?<![\d]){re.escape(label)}(?![\d])", _norm(p.stem)) if spec.annex
                                     else label in _norm(p.stem) or "评估报告" in p.stem)]
        if len(hits) > 1:
            raise PackageError(f"扫描件中有 {len(hits)} 个文件都像是 {spec.annex or spec.title}："
                               + "、".join(p.name for p in hits) + "（每份文书一个 PDF）")
        if hits:
            found[spec.key] = hits[0]
    return found


def assemble(scans: Path | str, case_path: Path | str, out_pdf: Path | str, *, force: bool = False) -> dict[str, Any]:
    """``greendiag assemble``: the scanned, stamped PDFs in ``scans`` merged in the official order into
    ``out_pdf`` with one bookmark per document; a manifest ``<out>_manifest.json`` (each scan's SHA-256,
    pages, the output's SHA-256) and the 初审 checklist ticked from the case and the scans.

    Returns the manifest dict.  Raises :class:`PackageError` (Chinese) when a document has no scan (all
    missing ones named) or a scan is not a readable PDF, :class:`OutputExists` without ``force``.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError

    folder, out = Path(scans), Path(out_pdf)
    if not folder.is_dir():
        raise PackageError(f"扫描件文件夹不存在：{folder}")
    loaded = load_case(case_path)
    if not loaded.ok:
        raise CaseInvalid(loaded.errors or loaded.problems, case_path)
    case = loaded.case
    manifest_path = out.with_name(out.stem + "_manifest.json")
    if not force and (existing := [p for p in (out, manifest_path) if p.exists()]):
        raise OutputExists(existing)
    found = match_scans(case, folder)
    missing = [f"{s.annex} {s.title}".strip() for s in documents_for(case) if s.key not in found]
    if missing:
        raise PackageError("扫描件缺少：" + "、".join(missing) + f"（在 {folder} 中按附件号或标题命名，如“附件2-1.pdf”）")
    writer = PdfWriter()
    items = []
    for spec in documents_for(case):
        scan = found[spec.key]
        try:
            reader = PdfReader(scan)
            n = len(reader.pages)
        except (PdfReadError, OSError, ValueError) as exc:
            raise PackageError(f"扫描件不是可读取的 PDF：{scan.name}（{exc}）") from exc
        start = len(writer.pages)
        writer.append(reader, import_outline=False)
        title = f"{spec.annex} {spec.title}".strip()
        writer.add_outline_item(title=title, page_number=start)
        items.append({"key": spec.key, "title": title, "file": scan.name, "sha256": sha256_file(scan),
                      "first_page": start + 1, "pages": n})
    writer.add_metadata({"/Title": f"绿色诊断报送材料（{case.unit_name}）", "/Author": case.provider.name})
    buf = io.BytesIO()
    writer.write(buf)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(out, buf.getvalue())
    rows = checklist(case, loaded.assessment, set(found))
    data = {
        "greendiag_version": __version__,
        "assembled_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "case": {"kind": str(case.kind), "unit_name": case.unit_name, "provider": case.provider.name},
        "documents": items,
        "output": {"file": out.name, "sha256": sha256_file(out), "pages": len(writer.pages)},
        "checklist": [{"item": i, "ok": ok, "basis": b} for i, ok, b in rows],
    }
    write_bytes_atomic(manifest_path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return data


__all__ = ["SIGNERS", "WHO_FILLS", "PackageError", "PackageResult", "assemble", "checklist", "match_scans", "package"]

"""``greendiag generate``: case workbook → reader → rules → contexts → annexes (+ PDF) + manifest.

:func:`generate` reads the workbook with ``greendiag.workbooks.read_case``, stops with
:class:`CaseInvalid` (the reader's problems) when it has errors, judges the case with
``greendiag.rules.assess_case``, renders every annex of the case kind with ``forms`` and writes a manifest
(JSON: each output with its SHA-256, the input's SHA-256, the greendiag version, the time).
The input workbook is only read.  Outputs are written atomically (temp file in the target
folder + ``os.replace``) and nothing is overwritten without ``force``: every target name is
checked before the first file is written.

:func:`run_demo` is ``greendiag demo``: the sample park and the sample enterprise
(``greendiag.generator.samples.demo_park`` / ``demo_enterprise``, every section filled, with generated
photos) typed into case workbooks by the same builder as ``greendiag new``
(``greendiag.workbooks.fill_case``), then :func:`generate` on each saved file.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from greendiag import __version__
from greendiag.files import write_bytes_atomic
from greendiag.forms.render import documents_for, output_names, render_documents, safe_name
from greendiag.generator.load import LoadedCase, load_case, sha256_file
from greendiag.rules import CaseAssessment
from greendiag.rules.holidays import HolidayCalendar
from greendiag.rules.models import Case
from greendiag.workbooks import Problem

__all__ = ["CaseInvalid", "GenerateResult", "OutputExists", "checked", "generate", "generate_loaded", "run_demo", "sha256_file"]

WARNING_LEVELS = {"warning", "warn", "info", "提示", "警告"}
MANIFEST_SUFFIX = "_manifest.json"


class CaseInvalid(ValueError):
    """The case workbook has errors: ``problems`` are ``workbooks.Problem`` items.  ``draftable``: the
    case was read and only what ``greendiag check`` adds (required sheets, the report's verdicts) is
    wrong, so ``generate --draft`` can write documents marked 草稿."""

    def __init__(self, problems: Iterable[Problem], path: Path | str | None = None, *, draftable: bool = False):
        self.problems = tuple(problems)
        self.path = Path(path) if path else None
        self.draftable = draftable
        where = f"（{self.path.name}）" if self.path else ""
        hint = "；加 --draft 可生成标明“草稿”的文书供内部修改" if draftable else ""
        super().__init__(f"案例工作簿{where}有 {len(self.problems)} 处错误，未生成文书：请按问题清单修改后重试{hint}")


class OutputExists(FileExistsError):
    """Some outputs already exist and ``force`` was not given; ``paths`` lists them."""

    def __init__(self, paths: Iterable[Path]):
        self.paths = tuple(paths)
        names = "、".join(p.name for p in self.paths[:3]) + ("等" if len(self.paths) > 3 else "")
        super().__init__(f"输出文件已存在：{names}（共 {len(self.paths)} 个）。如需覆盖请使用 --force")


@dataclass(frozen=True)
class GenerateResult:
    """What :func:`generate` wrote.

    ``documents``: the .docx annexes in annex order; ``pdfs``: their PDFs (empty without
    ``pdf`` or LibreOffice); ``manifest``: the JSON manifest; ``pdf_message``: a Chinese note
    when PDFs were asked for but LibreOffice is not installed; ``warnings``: the reader's
    non-blocking problems; ``assessment``: the ``rules.CaseAssessment`` shown in the report.
    """

    input: Path
    input_sha256: str
    out_dir: Path
    documents: tuple[Path, ...]
    pdfs: tuple[Path, ...]
    manifest: Path
    pdf_message: str = ""
    warnings: tuple[Problem, ...] = ()
    assessment: CaseAssessment | None = None
    case: Case | None = None
    titles: dict[str, str] = field(default_factory=dict)
    draft: bool = False

    @property
    def outputs(self) -> tuple[Path, ...]:
        """Every file written: documents, PDFs, then the manifest."""
        return (*self.documents, *self.pdfs, self.manifest)


def provenance(case: Case, *, charts: bool = True) -> dict[str, Any]:
    """What greendiag contributed to the documents (for the manifest, never printed in them): its version,
    the method and default values it used, each with where it comes from."""
    from greendiag.rules.citations import load_params
    from greendiag.rules.indicators import METHOD_CITE, qualitative_scores, qualitative_scores_param

    least = load_params("indicators")["min_scored_indicators"]

    notes = []
    if str(case.kind) == "园区":
        notes += [
            f"附件2-1-2 逐项得分公式、引领值和园区诊断评分（平均值）：greendiag 的方法（{METHOD_CITE}），"
            "引领值为 rules/params/indicators.toml 的默认值（工作簿“参数”表列出）",
            f"参与评分的指标少于{least.value}项时评分不可比：{least.basis_text}（{least.cite}）",
            f"定性指标各状态的得分（{'、'.join(f'{k}{v:g}' for k, v in qualitative_scores().items())}分）：greendiag 的方法"
            f"（{qualitative_scores_param().cite}），rules/params/indicators.toml 的 qualitative_scores，工作簿“参数”表列出",
            "指标变化趋势（改善/持平/变差）与逐年变化：greendiag 的计算（rules.assess_case）",
        ]
    else:
        notes += ["对标差距 = 最近年份数值与先进值的相对差（正数表示落后）：greendiag 的计算方法（rules.enterprise.benchmark_gap）",
                  "合规性核查清单（规则第十二条第3项及黑龙江第十五条、广州第十二条）：greendiag 整理"]
    notes.append("现场照片按 EXIF 方向摆正、长边缩至1200像素、JPEG质量75：greendiag 的默认值（forms/photos.py）")
    if not charts:
        notes.append("按 --no-charts 生成，报告不含插图")
    return {"greendiag_version": __version__, "notes": notes}


def is_error(problem: Any) -> bool:
    """A reader problem blocks generation unless its level/severity is a warning or info."""
    level = getattr(problem, "severity", None) or getattr(problem, "level", None) or "error"
    return str(getattr(level, "value", level)).lower() not in WARNING_LEVELS


def manifest_name(case: Case) -> str:
    """``<单位名称>_manifest.json`` (safe name, as the documents)."""
    return safe_name(case.unit_name) + MANIFEST_SUFFIX


def planned_outputs(case: Case, out_dir: Path, *, pdf: bool, draft: bool = False) -> list[Path]:
    """Every path :func:`generate` would write for ``case`` (documents, PDFs, manifest)."""
    names = output_names(case, draft=draft)
    paths = [out_dir / n for n in names]
    if pdf:
        paths += [out_dir / (Path(n).stem + ".pdf") for n in names]
    paths.append(out_dir / manifest_name(case))
    return paths


def _convert(documents: list[Path], out: Path, office: str | None, report: Path | None = None) -> tuple[list[Path], str]:
    """(PDFs moved into ``out``, message why there are none) for ``generate --pdf``: one LibreOffice run, and
    for ``report`` a second one once its 目录 carries the page numbers the first PDF's bookmarks give
    (LibreOffice does not update the field: :mod:`greendiag.forms.toc`); the report's .docx is rewritten
    with them (atomically)."""
    if office is None:
        return [], "未找到 LibreOffice（soffice），未生成 PDF：请安装 LibreOffice 后重新运行 --pdf；Word 文档已生成。"
    import subprocess

    from greendiag.generator.office import OfficeUnavailable, to_pdf

    pdfs: list[Path] = []
    message = ""
    with tempfile.TemporaryDirectory(prefix=".greendiag-pdf-", dir=out) as tmp:
        try:
            converted = to_pdf(documents, tmp)
            if report is not None and report in documents:
                from greendiag.forms.toc import fill_page_numbers, outline_pages

                first = converted[documents.index(report)]
                numbered = fill_page_numbers(report.read_bytes(), outline_pages(first.read_bytes()))
                write_bytes_atomic(report, numbered)
                first.unlink()
                os.replace(to_pdf([report], Path(tmp) / "toc")[0], first)
        except (OfficeUnavailable, RuntimeError, subprocess.TimeoutExpired) as exc:
            converted = []
            message = f"PDF 转换失败，未生成 PDF（Word 文档已生成）：{exc}"
        for p in converted:
            target = out / p.name
            os.replace(p, target)
            pdfs.append(target)
    return pdfs, message


def _manifest(case: Case, src: Path, input_sha: str, files, titles: dict[str, str], *, charts: bool) -> dict[str, Any]:
    """The manifest of one generation: each output's SHA-256 and size, the input's, version, time, provenance."""
    entries = [
        {"file": p.name, "title": titles.get(p.name) or titles.get(p.stem + ".docx", ""), "sha256": sha256_file(p),
         "bytes": p.stat().st_size}
        for p in files
    ]
    return {
        "greendiag_version": __version__,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "input": {"file": src.name, "sha256": input_sha},
        "case": {
            "kind": str(case.kind),
            "unit_name": case.unit_name,
            "diagnosis_year": case.diagnosis_year,
            "provider": case.provider.name,
        },
        "outputs": entries,
        "draft": False,
        "provenance": provenance(case, charts=charts),
    }


def checked(loaded: LoadedCase, *, draft: bool = False) -> tuple[tuple[Problem, ...], tuple[Problem, ...]]:
    """(warnings to show, check's errors a draft is written despite) of a loaded workbook that ``generate``
    and ``package`` write documents from.

    The warnings are the reader's, then ``greendiag check``'s (:func:`greendiag.workbooks.verdicts.case_problems`)
    and, for a draft, check's errors.  Raises :class:`CaseInvalid`: on the reader's errors; on check's errors
    unless ``draft`` (then the documents are drafts, 草稿)."""
    from greendiag.workbooks.verdicts import case_problems

    if not loaded.ok:
        raise CaseInvalid(loaded.errors or loaded.problems, loaded.path)
    verdicts = case_problems(loaded.case, loaded.assessment)
    blocking = tuple(p for p in verdicts if is_error(p))
    if blocking and not draft:
        raise CaseInvalid(blocking, loaded.path, draftable=True)
    return loaded.warnings + tuple(p for p in verdicts if not is_error(p)) + blocking, blocking


def generate(path: Path | str, out_dir: Path | str, *, force: bool = False, pdf: bool = False,
             calendar: HolidayCalendar | None = None, draft: bool = False, charts: bool = True) -> GenerateResult:
    """Generate every annex of the case workbook ``path`` into ``out_dir``.

    Park: 附件1-1（工业园区）, 2-1 评估报告, 2-2, 2-3, 2-4; enterprise: 附件1-1（企业）, 1-2,
    评估报告, 1-3 (《北京市制造业绿色诊断工作规则》附件1; 《北京市工业园区绿色诊断工作指南》附件2).
    With ``pdf`` each document is also converted to PDF (one LibreOffice run); without
    LibreOffice, or when the conversion fails, the .docx files and the manifest are still written
    and ``pdf_message`` says why there is no PDF.  ``calendar`` (a batch calendar file, see
    :func:`greendiag.workbooks.calendar.read_calendar_file`) adds holiday years the workbook lacks.

    Besides the reader's errors, what ``greendiag check`` adds (:func:`greendiag.workbooks.verdicts.case_problems`:
    empty sheets the rules require, a 不符合 verdict the report would print) stops generation; with
    ``draft`` the documents are written anyway, named ``…_草稿.docx`` and watermarked 「草稿」 (a case
    without such errors is written as final even with ``draft``).  ``charts=False`` leaves the report
    figures out (the text then does not refer to them); otherwise a missing Chinese font raises
    ``greendiag.forms.fonts.FontMissing`` (a ``RuntimeError``) before anything is written.

    Raises ``FileNotFoundError`` (Chinese message) when ``path`` is not a file,
    ``NotADirectoryError`` when ``out_dir`` is an existing file, :class:`CaseInvalid` when the
    reader reports errors, :class:`OutputExists` when an output exists and ``force`` is false
    (nothing is written then); ``OSError`` from the file system (e.g. no permission).
    """
    return generate_loaded(load_case(path, calendar=calendar), out_dir, force=force, pdf=pdf, draft=draft,
                           charts=charts)


def generate_loaded(loaded: LoadedCase, out_dir: Path | str, *, force: bool = False, pdf: bool = False,
                    draft: bool = False, charts: bool = True) -> GenerateResult:
    """:func:`generate` from a workbook already read and assessed (:func:`greendiag.generator.load.load_case`):
    a batch reads each workbook once.  Same outputs and errors as :func:`generate`."""
    src, input_sha = loaded.path, loaded.sha256
    warnings, blocking = checked(loaded, draft=draft)
    is_draft = bool(blocking)
    case, assessment = loaded.case, loaded.assessment

    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"输出目录 {out} 已存在且不是文件夹：请换一个 --out 目录")
    office = None
    if pdf:
        from greendiag.generator.office import find_soffice

        office = find_soffice()
    planned = planned_outputs(case, out, pdf=bool(pdf and office), draft=is_draft)
    if out.exists() and not force:
        existing = [p for p in planned if p.exists()]
        if existing:
            raise OutputExists(existing)
    src_resolved = src.resolve()
    if any(p.resolve() == src_resolved for p in planned):  # never write over the input
        raise OutputExists([src])

    from greendiag.forms.photos import PhotoError

    try:  # everything in memory before writing
        rendered = render_documents(case, assessment, src.parent, draft=is_draft, charts=charts)
    except PhotoError as exc:  # a photo changed after the reader checked it
        from greendiag.workbooks import Problem

        raise CaseInvalid([Problem("现场照片", "", "", str(exc))], src) from exc
    out.mkdir(parents=True, exist_ok=True)
    documents: list[Path] = []
    for name, data in rendered.items():
        target = out / name
        write_bytes_atomic(target, data)
        documents.append(target)

    report = next((out / n for n, spec in zip(output_names(case, draft=is_draft), documents_for(case))
                   if spec.key.startswith("report")), None)
    pdfs, pdf_message = _convert(documents, out, office, report) if pdf else ([], "")
    titles = {n: spec.title for n, spec in zip(output_names(case, draft=is_draft), documents_for(case))}
    manifest = out / manifest_name(case)
    data = _manifest(case, src, input_sha, (*documents, *pdfs), titles, charts=charts)
    if is_draft:
        data.update(draft=True, draft_problems=[f"{p.sheet} {p.cell}：{p.message}" for p in blocking])
    write_bytes_atomic(manifest, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return GenerateResult(
        draft=is_draft,
        input=src,
        input_sha256=input_sha,
        out_dir=out,
        documents=tuple(documents),
        pdfs=tuple(pdfs),
        manifest=manifest,
        pdf_message=pdf_message,
        warnings=warnings,
        assessment=assessment,
        case=case,
        titles=titles,
    )


# ---------------------------------------------------------------- demo


def demo_workbook_name(case: Case) -> str:
    """``<单位名称>_案例工作簿.xlsx``."""
    return safe_name(case.unit_name) + "_案例工作簿.xlsx"


def run_demo(out_dir: Path | str, *, force: bool = False, pdf: bool = False) -> list[tuple[Path, GenerateResult]]:
    """``greendiag demo``: the sample park and the sample enterprise (产值 ≥ 10 亿元), each typed into a case
    workbook in ``out_dir`` and generated from the saved file.

    The cases are :func:`greendiag.generator.samples.demo_park` and
    :func:`~greendiag.generator.samples.demo_enterprise` (every sheet and report section filled, clearly
    fictional); their generated photos go to ``out_dir/现场照片/`` and into each workbook's 现场照片 (inserted on
    their rows, so a workbook sent alone still prints them).  Each workbook is built by
    ``greendiag.workbooks.fill_case`` (the builder of ``greendiag new``) and read back from disk by
    :func:`generate`, so the demo runs the whole job.  Returns ``[(workbook path, GenerateResult)]``,
    park first.  Raises :class:`OutputExists` (nothing written) when a file it would write exists and
    ``force`` is false; :class:`CaseInvalid` if a saved workbook does not read back cleanly.
    """
    from greendiag.generator.samples import (
        DEMO_PHOTO_DIR,
        demo_enterprise,
        demo_park,
        demo_photo_names,
        write_demo_photos,
    )
    from greendiag.workbooks import fill_case

    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"输出目录 {out} 已存在且不是文件夹：请换一个 --out 目录")
    cases = [demo_park(), demo_enterprise()]
    if not force:
        planned: list[Path] = []
        for case in cases:
            planned += [out / demo_workbook_name(case), *planned_outputs(case, out, pdf=pdf)]
            planned += [out / DEMO_PHOTO_DIR / n for n in demo_photo_names(case.kind)]
        existing = [p for p in planned if p.exists()]
        if existing:
            raise OutputExists(existing)
    out.mkdir(parents=True, exist_ok=True)
    runs = []
    for case in cases:
        write_demo_photos(out / DEMO_PHOTO_DIR, case.kind)
        workbook = fill_case(case, out / demo_workbook_name(case), overwrite=force, photo_dir=out)  # carries its photos
        runs.append((workbook, generate(workbook, out, force=force, pdf=pdf)))
    return runs

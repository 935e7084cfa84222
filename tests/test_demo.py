"""``greendiag demo``: the sample park through the whole job (builder → saved workbook → generate)."""

from __future__ import annotations

import hashlib
import json

import pytest
from typer.testing import CliRunner

from greendiag.cli import app
from greendiag.generator.pipeline import OutputExists, run_demo
from greendiag.generator.samples import demo_enterprise, demo_park, sample_park
from greendiag.workbooks import read_case


def test_demo_builds_workbooks_then_generates(tmp_path):
    runs = run_demo(tmp_path)
    (park_wb, park), (ent_wb, ent) = runs
    for workbook, result, make in ((park_wb, park, demo_park), (ent_wb, ent, demo_enterprise)):
        assert workbook.parent == tmp_path and workbook.suffix == ".xlsx"
        # the documents were generated from the saved workbook, which holds the sample exactly and carries its
        # photos (inserted on their rows: the pictures of the files beside it)
        read = read_case(workbook)
        photos = tuple(p.model_copy(update={"image": (tmp_path / p.file).read_bytes()}) for p in make().photos)
        assert read.case == make().model_copy(update={"photos": photos}) and read.warnings == []
        manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
        assert manifest["input"]["sha256"] == hashlib.sha256(workbook.read_bytes()).hexdigest()
    assert len(park.documents) == 5 and len(ent.documents) == 4
    assert ent.case.application.output_value >= 100000  # above 10 亿元 (《规则》第十九条)
    written = {p.name for p in tmp_path.iterdir()}
    assert written == {park_wb.name, ent_wb.name, park.manifest.name, ent.manifest.name, "现场照片",
                       *(p.name for p in (*park.documents, *ent.documents))}
    assert len(list((tmp_path / "现场照片").iterdir())) == len(demo_park().photos) + len(demo_enterprise().photos)


def test_demo_refuses_to_overwrite_then_force(tmp_path):
    ((workbook, _), _) = run_demo(tmp_path)
    before = workbook.read_bytes()
    with pytest.raises(OutputExists):
        run_demo(tmp_path)
    assert workbook.read_bytes() == before
    ((workbook2, result), _) = run_demo(tmp_path, force=True)
    assert workbook2 == workbook and len(result.documents) == 5


def test_cli_demo(tmp_path):
    out = tmp_path / "demo-output"
    res = CliRunner().invoke(app, ["demo", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "案例工作簿" in res.output and "95.6分" in res.output and "北京示例精密制造有限公司" in res.output
    assert len(list(out.glob("*.docx"))) == 9 and len(list(out.glob("*.xlsx"))) == 2
    res = CliRunner().invoke(app, ["demo", "--out", str(out)])
    assert res.exit_code == 1 and "--force" in res.output


def test_samples_are_as_documented():
    """The sample cases have the properties generator.samples promises (other tests rely on them)."""
    import chinese_calendar

    from greendiag.generator.samples import sample_enterprise_large, sample_enterprise_small
    from greendiag.rules import assess_case

    park = sample_park()
    p = park.process
    days = [p.onsite_start.fromordinal(d) for d in range(p.onsite_start.toordinal(), p.onsite_end.toordinal() + 1)]
    assert any(chinese_calendar.is_holiday(d) and d.weekday() < 5 for d in days)  # spans 国庆节
    assert len(chinese_calendar.get_workdays(p.onsite_start, p.onsite_end)) == 5
    assert [y.year for y in park.indicator_years] == [2023, 2024, 2025]
    entries = [e for y in park.indicator_years for e in y.entries]
    assert any(e.not_applicable for e in entries) and any(isinstance(e.value, str) for e in entries)
    cats = [m.category for m in park.team]
    assert cats.count("专家成员") == 4 and cats.count("园区相关工作负责人") == 1 and cats.count("园区工作人员") == 1
    assert sum(1 for m in park.team if m.category == "专家成员" and m.title == "高级工程师") >= 2
    assert len(park.basic_requirements) == 8 and len(park.retrofits) == 3
    assert park.satisfaction.level == "满意" and park.review.result == "合格"
    assert park.narrative.overview and not park.narrative.content
    a = assess_case(park)
    assert a.team.ok and a.onsite.ok and a.onsite_workdays == 5
    assert sample_enterprise_large().application.output_value >= 100000 > sample_enterprise_small().application.output_value
    for case in (park, sample_enterprise_large(), sample_enterprise_small()):
        assert "（虚构）" in case.unit_name and "（虚构）" in case.provider.name


def test_demo_pdfs_are_complete(tmp_path, soffice):
    """The demo's reports as PDF: no 【待填写】, every area's text, the benchmark table, every photo."""
    import re
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None or shutil.which("pdfimages") is None:
        pytest.skip("poppler-utils is not installed")
    (park_wb, park), (ent_wb, ent) = run_demo(tmp_path, pdf=True)
    for result in (park, ent):
        assert result.pdfs and not result.pdf_message
        report = next(p for p in result.pdfs if "评估报告" in p.name)
        text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(report), "-"], capture_output=True, text=True,
                                                 check=True).stdout)
        assert "待填写" not in text
        fonts = subprocess.run(["pdffonts", str(report)], capture_output=True, text=True, check=True).stdout
        # 仿宋/宋体 → Noto Serif CJK, 黑体 → Noto Sans CJK, 楷体 → AR PL UKai (generator.office.FONT_ALIASES)
        assert "NotoSerifCJK" in fonts and "NotoSansCJK" in fonts
        ukai = subprocess.run(["fc-list", "AR PL UKai CN"], capture_output=True, text=True).stdout.strip()
        if ukai and result.case.kind.value == "企业":  # its sub-headings are 楷体
            assert "UKai" in fonts
        images = subprocess.run(["pdfimages", "-list", str(report)], capture_output=True, text=True, check=True).stdout
        n_images = len(images.strip().splitlines()) - 2
        case = result.case
        for ph in case.photos:
            assert re.sub(r"\s+", "", ph.caption) in text
        if case.kind.value == "企业":
            for f in case.findings:
                assert f.area in text and re.sub(r"\s+", "", f.current)[:20] in text
            for b in case.benchmarks:
                assert b.indicator in text
            assert "表2关键指标对标分析" in text and "国内先进值" in text
            assert n_images >= len(case.photos) + 1  # photos and the gap chart
        else:
            assert n_images >= len(case.photos) + 1  # photos and the indicator chart

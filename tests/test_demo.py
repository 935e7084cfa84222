"""``greendiag demo``: the sample park through the whole job (builder → saved workbook → generate)."""

from __future__ import annotations

import hashlib
import json

import pytest
from typer.testing import CliRunner

from greendiag.generator.cli import app
from greendiag.generator.pipeline import OutputExists, run_demo
from greendiag.generator.samples import sample_park
from greendiag.workbooks import read_case


def test_demo_builds_workbook_then_generates(tmp_path):
    workbook, result = run_demo(tmp_path)
    assert workbook.parent == tmp_path and workbook.suffix == ".xlsx"
    # the documents were generated from the saved workbook, which holds the sample park exactly
    read = read_case(workbook)
    assert read.case == sample_park()
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    assert manifest["input"]["sha256"] == hashlib.sha256(workbook.read_bytes()).hexdigest()
    assert len(result.documents) == 5
    assert {p.name for p in tmp_path.iterdir()} == {workbook.name, result.manifest.name, *(p.name for p in result.documents)}


def test_demo_refuses_to_overwrite_then_force(tmp_path):
    workbook, _ = run_demo(tmp_path)
    before = workbook.read_bytes()
    with pytest.raises(OutputExists):
        run_demo(tmp_path)
    assert workbook.read_bytes() == before
    workbook2, result = run_demo(tmp_path, force=True)
    assert workbook2 == workbook and len(result.documents) == 5


def test_cli_demo(tmp_path):
    out = tmp_path / "demo-output"
    res = CliRunner().invoke(app, ["demo", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "案例工作簿" in res.output and "93.9分" in res.output
    assert len(list(out.glob("*.docx"))) == 5 and len(list(out.glob("*.xlsx"))) == 1
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
    assert cats.count("专家成员") == 4 and cats.count("园区工作人员") == 2
    assert sum(1 for m in park.team if m.category == "专家成员" and m.title == "高级工程师") >= 2
    assert len(park.basic_requirements) == 8 and len(park.retrofits) == 3
    assert park.satisfaction.level == "满意" and park.review.result == "合格"
    assert park.narrative.overview and not park.narrative.content
    a = assess_case(park)
    assert a.team.ok and a.onsite.ok and a.onsite_workdays == 5
    assert sample_enterprise_large().application.output_value >= 100000 > sample_enterprise_small().application.output_value
    for case in (park, sample_enterprise_large(), sample_enterprise_small()):
        assert "（虚构）" in case.unit_name and "（虚构）" in case.provider.name

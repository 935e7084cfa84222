"""issue 20 item 3: what the report says, ``greendiag check`` says first; ``generate`` refuses while errors
remain and ``generate --draft`` writes documents named and marked 草稿."""

from __future__ import annotations

import zipfile

import openpyxl
from typer.testing import CliRunner

from greendiag.cli import app
from greendiag.generator.pipeline import CaseInvalid, generate
from greendiag.rules.models import CaseKind
from greendiag.workbooks import build_template
from greendiag.workbooks import spec as S


def half_filled_enterprise(path):
    """Only 申请表 (the name, from ``new --name``) and 服务商名称: as a provider starts a case."""
    build_template("enterprise", path, name="半填企业（虚构）", year=2026)
    wb = openpyxl.load_workbook(path)
    wb[S.PROVIDER][S.forms_for(CaseKind.ENTERPRISE)[S.PROVIDER].cell_of("provider.name")] = "示例服务商（虚构）"
    wb.save(path)
    return path


def test_check_reports_what_the_report_would_say(tmp_path):
    wb = half_filled_enterprise(tmp_path / "半填.xlsx")
    res = CliRunner().invoke(app, ["check", str(wb), "--json"])
    assert res.exit_code == 1, res.output
    import json

    problems = json.loads(res.output)["problems"]
    errors = {(p["sheet"], p["cell"]) for p in problems if p["severity"] == "error"}
    process = S.forms_for(CaseKind.ENTERPRISE)[S.PROCESS]
    for where in [(S.TEAM_SHEET, "A列"), (S.PHOTOS, "A列"), (S.COMPLIANCE, "A列"), (S.FINDINGS, "A列"),
                  (S.BENCHMARK, "A列"), (S.PLANS, "A列"), (S.RETROFIT, "A列"),
                  (S.PROCESS, process.cell_of("process.onsite_start")), (S.PROCESS, process.cell_of("process.onsite_end"))]:
        assert where in errors, where
    texts = " ".join(p["message"] for p in problems)
    assert "工作组组成核验：不符合" in texts and "第十一条" in texts and "第十五条第3项" in texts
    assert not any("满意" in p["sheet"] for p in problems)  # the unit's rating is not the provider's to fill


def test_generate_refuses_and_draft_is_marked(tmp_path):
    wb = half_filled_enterprise(tmp_path / "半填.xlsx")
    try:
        generate(wb, tmp_path / "out")
        raise AssertionError("generate must refuse")
    except CaseInvalid as exc:
        assert exc.draftable and "--draft" in str(exc)
    assert not (tmp_path / "out").exists()
    res = CliRunner().invoke(app, ["generate", str(wb), "--out", str(tmp_path / "o1")])
    assert res.exit_code == 1 and "--draft" in res.output
    res = CliRunner().invoke(app, ["generate", str(wb), "--out", str(tmp_path / "o2"), "--draft"])
    assert res.exit_code == 0, res.output
    docs = sorted((tmp_path / "o2").glob("*.docx"))
    assert len(docs) == 4 and all(p.stem.endswith("_草稿") for p in docs)
    for p in docs:  # the watermark on every page: Word's PowerPlusWaterMarkObject in the header
        with zipfile.ZipFile(p) as z:
            headers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/header")]
        assert any('string="草稿"' in h and "PowerPlusWaterMarkObject" in h for h in headers), p.name
    import json

    manifest = json.loads(next((tmp_path / "o2").glob("*_manifest.json")).read_text(encoding="utf-8"))
    assert manifest["draft"] is True and manifest["draft_problems"]

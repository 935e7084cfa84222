"""``greendiag check`` reports, at their cells, the verdicts the enterprise sheets show (issue 24 item 4, Done
when: "the team and on-site status cells name the failing requirement; check reports what the sheet shows
as 不符合"): an enterprise case with a short team (3 members, none a 企业高级管理人员, one typed 企业人员), a one-day
on-site period and an 产值 typed in 元, typed in by ``fill_case`` and recalculated by LibreOffice."""

from __future__ import annotations

import json
import re
from datetime import date

import openpyxl
import pytest
from typer.testing import CliRunner

from greendiag.cli import app
from greendiag.generator import samples
from greendiag.generator.office import recalculate
from greendiag.rules.models import CaseKind, TeamMember
from greendiag.rules.plausibility import PENDING
from greendiag.workbooks import fill_case
from greendiag.workbooks.sheets.reward import status_cells

pytestmark = pytest.mark.libreoffice


def _short_case():
    case = samples.sample_enterprise_large()
    team = (
        TeamMember(name="甲", role="组长", title="高级工程师", specialty="能源管理", category="专家成员", led_projects=1),
        TeamMember(name="乙", role="节能诊断", title="工程师", specialty="机械", category="专家成员"),
        TeamMember(name="丙", role="对接", title="经济师", specialty="企业管理", category="企业人员"),
    )
    process = case.process.model_copy(update={"onsite_start": date(2026, 6, 3), "onsite_end": date(2026, 6, 3)})
    app_ = case.application.model_copy(update={"output_value": 850000000.0, "output_value_confirmed": False})
    return case.model_copy(update={"team": team, "process": process, "application": app_})


@pytest.fixture(scope="module")
def checked(soffice, tmp_path_factory):
    folder = tmp_path_factory.mktemp("verdicts")
    path = fill_case(_short_case(), folder / "short.xlsx")
    shown = openpyxl.load_workbook(recalculate([path], folder / "lo")[0], data_only=True)
    res = CliRunner().invoke(app, ["check", str(path), "--json"])
    assert res.exit_code == 1, res.output
    problems = json.loads(res.output)["problems"]
    return shown, problems


def _reasons(status: str) -> list[str]:
    """The requirements a status cell names: ``不符合：A；B（第十一条第2项）`` → ``["A", "B"]``."""
    assert status.startswith("不符合："), status
    body = re.sub(r"（第[^（）]*条[^（）]*）$", "", status.removeprefix("不符合："))
    return [r for r in body.split("；") if r]


@pytest.mark.parametrize("key", ["team_ok", "onsite_ok"])
def test_check_names_at_the_status_cell_each_requirement_the_sheet_shows_failing(checked, key):
    shown, problems = checked
    sheet, cell = status_cells(CaseKind.ENTERPRISE)[key]
    status = shown[sheet][cell].value
    reasons = _reasons(status)
    at = [p for p in problems if (p["sheet"], p["cell"]) == (sheet, cell)]
    assert len(at) == 1 and at[0]["severity"] == "error", (status, at)
    for reason in reasons:  # the sheet's words are the rules' (check's) words, without the per-reason citation
        assert reason in at[0]["message"], (reason, at[0]["message"])
    if key == "team_ok":
        assert len(reasons) >= 3 and reasons[0] == "工作组成员3人，少于5人", reasons
        assert "“企业高级管理人员”" in status and "1名“企业人员”" in status, status
    else:
        assert reasons == ["现场诊断1个工作日，少于2个工作日"], reasons
    assert shown[sheet].title == sheet


def test_check_warns_at_the_reward_cap_shown_pending(checked):
    shown, problems = checked
    sheet, cell = status_cells(CaseKind.ENTERPRISE)["cap"]
    assert shown[sheet][cell].value == PENDING
    at = [p for p in problems if (p["sheet"], p["cell"]) == (sheet, cell)]
    assert len(at) == 1 and at[0]["severity"] == "warning" and PENDING in at[0]["message"], at

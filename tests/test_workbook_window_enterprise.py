"""The enterprise workbook as a person fills it alone, in a real LibreOffice Calc window (issue 24 item 7).

Typed through xdotool into the demo enterprise workbook: a credit code with a wrong check character,
产值 typed in 元, a 分级评价 score of 150, 95% on a percentage row of 对标分析 and a short team without its
企业高级管理人员; then Ctrl+S.  The stored values, LibreOffice's recalculated sheet and ``greendiag check``
must agree (see tests/test_workbook_window.py for the window helpers and their requirements).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from greendiag import rules
from greendiag.generator import samples
from greendiag.rules.models import CaseKind
from greendiag.rules.plausibility import PENDING
from greendiag.workbooks import fill_case, read_case
from greendiag.workbooks import spec as S
from greendiag.workbooks.enterprise import BENCHMARKS
from tests.test_workbook_window import shots  # noqa: F401  (fixture; display is in tests/conftest.py)
from tests.window import Calc

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

ENT = CaseKind.ENTERPRISE
SHEETS = S.sheets_for(ENT)
FORMS = S.forms_for(ENT)
WRONG_CODE = "91110108551385082R"  # its check character is Q


def _col(spec, path: str) -> str:
    return get_column_letter(2 + [c.path for c in spec.columns].index(path))


def test_a_person_types_into_the_enterprise_workbook_and_saves(display, shots, tmp_path):  # noqa: F811
    path = tmp_path / "enterprise.xlsx"
    fill_case(samples.sample_enterprise_large(), path)
    wb = openpyxl.load_workbook(path)
    code, out = FORMS[S.APPLICATION].cell_of("application.credit_code"), FORMS[S.APPLICATION].cell_of("application.output_value")
    score = FORMS[S.GRADING].cell_of("grading.score")
    bws = wb[S.BENCHMARK]
    ind, v3 = _col(BENCHMARKS, "indicator"), _col(BENCHMARKS, "value_3")
    brow = next(r for r in range(1, 60) if bws[f"{ind}{r}"].value == "工业固体废物综合利用率")
    assert bws[f"{_col(BENCHMARKS, 'unit')}{brow}"].value == "%"
    tws = wb[S.TEAM.sheet]
    cat, name = _col(S.TEAM, "category"), _col(S.TEAM, "name")
    lead = next(r for r in range(5, 40) if tws[f"{cat}{r}"].value == "企业高级管理人员")
    other = next(r for r in range(5, 40) if tws[f"{name}{r}"].value and r != lead)
    last_col = get_column_letter(1 + len(S.TEAM.columns))

    with Calc(display, path, tmp_path / "profile", shots) as calc:
        calc.sheet(SHEETS.index(S.APPLICATION))
        assert calc.enter(code, WRONG_CODE) == []  # text: no stop, the sheet flags it beside
        assert calc.enter(out, "850000000") == []  # a number ≥ 0: no stop, questioned beside
        calc.screenshot("ent-application-typed")
        calc.sheet(SHEETS.index(S.GRADING))
        refused_score = calc.enter(score, "150", name="score-150")
        calc.sheet(SHEETS.index(S.BENCHMARK))
        assert calc.enter(f"{v3}{brow}", "95%") == []
        refused_pct = calc.enter(f"{_col(BENCHMARKS, 'domestic')}{brow}", "150", name="benchmark-150")
        calc.screenshot("ent-benchmark-typed")
        calc.sheet(SHEETS.index(S.TEAM.sheet))
        assert calc.enter(f"{cat}{lead}", "企业人员") == []
        calc.goto(f"B{other}:{last_col}{other}")
        calc.key("Delete")
        calc.answer_dialogs("delete-member")
        calc.screenshot("ent-team-typed")
        calc.sheet(SHEETS.index(S.REWARD))
        calc.screenshot("ent-reward")
        calc.save()
    assert [d.title for d in refused_score] == ["得分无效"], [d.title for d in calc.dialogs]
    assert [d.title for d in refused_pct] == ["百分比无效"], [d.title for d in calc.dialogs]

    # what LibreOffice stored
    wb = openpyxl.load_workbook(path)
    assert wb[S.APPLICATION][code].value == WRONG_CODE and wb[S.APPLICATION][out].value == 850000000
    assert wb[S.GRADING][score].value is None  # 150 refused (the demo has no score)
    typed = wb[S.BENCHMARK][f"{v3}{brow}"]
    assert typed.value == pytest.approx(0.95) and "%" in typed.number_format
    assert wb[S.TEAM.sheet][f"{cat}{lead}"].value == "企业人员" and wb[S.TEAM.sheet][f"{name}{other}"].value is None

    # LibreOffice's own recalculation, saved with the file
    values = openpyxl.load_workbook(path, data_only=True)
    app = values[S.APPLICATION]
    assert app[f"C{code[1:]}"].value.startswith("不符合：第18位（校验码）应为Q"), app[f"C{code[1:]}"].value
    assert app[f"C{out[1:]}"].value.endswith("按万元应为85000"), app[f"C{out[1:]}"].value
    rw = values[S.REWARD]
    lab = {str(rw.cell(r, 1).value).strip(): r for r in range(1, rw.max_row + 1) if rw.cell(r, 1).value}
    assert rw.cell(lab["奖励金额上限（万元）"], 2).value == PENDING
    team_status = values[S.TEAM.sheet]["B2"].value
    assert team_status.startswith("不符合：工作组成员4人，少于5人") and "“企业高级管理人员”" in team_status, team_status
    now = values[S.BENCHMARK].cell(brow, 2 + len(BENCHMARKS.columns)).value
    assert now == pytest.approx(95)

    # greendiag check on the saved file: the code at its cell, the 产值 with its likely value
    res = subprocess.run([str(Path(sys.executable).parent / "greendiag"), "check", "--json", str(path)],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 1, res.stdout + res.stderr
    report = json.loads(res.stdout)
    problems = report["problems"]
    errors = [(p["sheet"], p["cell"]) for p in problems if p["severity"] == "error"]
    assert errors == [(S.APPLICATION, code)], problems
    assert any(p["cell"] == out and "按万元应为 85000" in p["message"] for p in problems)
    assert not [p for p in problems if p["sheet"] == S.BENCHMARK and p["cell"] == f"{v3}{brow}"]

    # with the code corrected, what check assesses is what the sheet shows
    wb = openpyxl.load_workbook(path)
    wb[S.APPLICATION][code] = "91110108551385082Q"
    fixed = tmp_path / "fixed.xlsx"
    wb.save(fixed)
    result = read_case(fixed)
    assert result.ok, [p.message for p in result.errors]
    assert result.case.benchmarks[[b.indicator for b in result.case.benchmarks].index("工业固体废物综合利用率")].value_3 == 95
    a = rules.assess_case(result.case)
    assert a.reward_cap is None and a.reward_cap_text.startswith(f"奖励上限{PENDING}")
    assert not a.team.ok and any("企业高级管理人员" in r for r in a.team.reasons) and any("少于5人" in r for r in a.team.reasons)

"""Round trip: fill_case types a case into the template as a person would, read_case reads it back."""

from __future__ import annotations

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

from greendiag.generator import samples
from greendiag.rules.models import CaseKind
from greendiag.workbooks import build_template, fill_case, read_case
from greendiag.workbooks import spec as S
from tests.strategies import cases


@pytest.mark.slow
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=cases())
def test_fill_then_read_is_identity(case, tmp_path_factory):
    path = fill_case(case, tmp_path_factory.mktemp("rt") / "case.xlsx")
    result = read_case(path)
    assert result.errors == []
    assert result.ok
    assert result.case == case


@pytest.mark.parametrize("make", [samples.sample_park, samples.sample_enterprise_large, samples.sample_enterprise_small])
def test_samples_round_trip(make, tmp_path):
    case = make()
    result = read_case(fill_case(case, tmp_path / "s.xlsx"))
    assert result.ok, result.errors
    assert result.case == case


def test_fill_types_values_as_a_person_would(tmp_path):
    case = samples.sample_park()
    path = fill_case(case, tmp_path / "p.xlsx")
    wb = openpyxl.load_workbook(path)
    form = S.forms_for(CaseKind.PARK)[S.PROCESS]
    start = wb[S.PROCESS][form.cell_of("process.onsite_start")]
    assert start.is_date and start.value.date() == case.process.onsite_start
    third = wb[S.PROCESS][form.cell_of("process.third_party_evaluation")].value
    assert third == ("是" if case.process.third_party_evaluation else "否")
    ind = wb[S.INDICATORS]
    # indicator 9 is 不适用 in the sample; indicator 1 is a number; 12 is the state 具备
    assert ind.cell(S.INDICATOR_FIRST_ROW + 8, S.year_columns(0)[0]).value == "不适用"
    assert ind.cell(S.INDICATOR_FIRST_ROW, S.year_columns(0)[0]).value == 2.1
    assert ind.cell(S.INDICATOR_FIRST_ROW + 11, S.year_columns(2)[0]).value == "具备"


def test_text_starting_with_equals_stays_text(tmp_path):
    case = samples.sample_enterprise_small()
    case = case.model_copy(update={"application": case.application.model_copy(update={"main_products": "=1+1 配件"})})
    path = fill_case(case, tmp_path / "e.xlsx")
    assert read_case(path).case == case


def test_build_refuses_to_overwrite_and_bad_kind(tmp_path):
    out = build_template("park", tmp_path / "t.xlsx", name="示例园区", year=2026)
    with pytest.raises(FileExistsError, match="--force"):
        build_template("park", out)
    build_template("enterprise", out, overwrite=True)
    assert openpyxl.load_workbook(out)[S.APPLICATION]["B3"].value == "企业"
    with pytest.raises(ValueError, match="park"):
        build_template("factory", tmp_path / "x.xlsx")
    with pytest.raises(ValueError, match="年份"):
        build_template("park", tmp_path / "y.xlsx", year=1999)


def test_template_prefills_name_and_year(tmp_path):
    out = build_template("park", tmp_path / "t.xlsx", name="示例园区（虚构）", year=2026)
    ws = openpyxl.load_workbook(out)[S.APPLICATION]
    form = S.forms_for(CaseKind.PARK)[S.APPLICATION]
    assert ws[form.cell_of("application.name")].value == "示例园区（虚构）"
    assert ws[form.cell_of("diagnosis_year")].value == 2026
    result = read_case(out)
    # blank template: the provider name is the only required field still missing
    assert [p.cell for p in result.errors] == [f"B{S.forms_for(CaseKind.PARK)[S.PROVIDER].row_of('provider.name')}"]
    assert result.case is None


def test_fill_refuses_more_rows_than_the_template_prepares(tmp_path):
    case = samples.sample_enterprise_small()
    member = case.team[0]
    too_many = case.model_copy(update={"team": (member,) * (S.TEAM.capacity + 1)})
    with pytest.raises(ValueError, match=str(S.TEAM.capacity)):
        fill_case(too_many, tmp_path / "e.xlsx")
    assert not (tmp_path / "e.xlsx").exists()
    full = case.model_copy(update={"team": (member,) * S.TEAM.capacity})
    assert read_case(fill_case(full, tmp_path / "ok.xlsx")).case == full


def _anchor(dv) -> tuple[int, int]:
    cells = [(c, r) for rng in dv.sqref.ranges for r in range(rng.min_row, rng.max_row + 1)
             for c in range(rng.min_col, rng.max_col + 1)]
    return min(cells)


@pytest.mark.parametrize("kind", ["park", "enterprise"])
def test_relative_validation_formulas_point_at_their_own_row(tmp_path, kind):
    """Excel evaluates a validation formula relative to the top-left cell of its range: a custom
    rule written for F5 but applied from F6 down would check the row above.  Every same-row rule
    must reference its anchor's row; the end date must reference the start date."""
    import re

    from openpyxl.utils import column_index_from_string

    wb = openpyxl.load_workbook(build_template(kind, tmp_path / "t.xlsx"))
    ref = re.compile(r"(?<![$A-Z])([A-Z]{1,3})(\d+)")
    seen = 0
    for ws in wb:
        for dv in ws.data_validations.dataValidation:
            refs = [(column_index_from_string(c), int(r)) for c, r in ref.findall(dv.formula1 or "")]
            if not refs:
                continue
            col, row = _anchor(dv)
            seen += 1
            if dv.type == "custom":
                assert all(r == row for _, r in refs), (ws.title, dv.sqref, dv.formula1)
                assert any(c == col for c, _ in refs), (ws.title, dv.sqref, dv.formula1)
            else:  # 现场诊断结束日期 ≥ 开始日期
                form = S.forms_for(CaseKind(wb[S.APPLICATION]["B3"].value))[S.PROCESS]
                start = ws[form.cell_of("process.onsite_start")]
                assert ws.title == S.PROCESS and refs == [(start.column, start.row)], dv.formula1
    assert seen >= (4 if kind == "park" else 2)


def test_new_command(tmp_path):
    from typer.testing import CliRunner

    from greendiag.cli import app

    out = tmp_path / "园区.xlsx"
    res = CliRunner().invoke(app, ["new", "park", "--out", str(out), "--name", "示例园区（虚构）", "--year", "2026"])
    assert res.exit_code == 0 and out.exists(), res.output
    ws = openpyxl.load_workbook(out)[S.APPLICATION]
    assert (ws["B3"].value, ws["B4"].value) == ("园区", 2026)
    before = out.read_bytes()
    res = CliRunner().invoke(app, ["new", "enterprise", "--out", str(out)])
    assert res.exit_code == 1 and "--force" in res.output and out.read_bytes() == before
    res = CliRunner().invoke(app, ["new", "enterprise", "--out", str(out), "--force"])
    assert res.exit_code == 0 and openpyxl.load_workbook(out)[S.APPLICATION]["B3"].value == "企业"
    res = CliRunner().invoke(app, ["new", "factory", "--out", str(tmp_path / "x.xlsx")])
    assert res.exit_code == 1 and "park" in res.output and not (tmp_path / "x.xlsx").exists()

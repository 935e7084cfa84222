"""Editions in the case workbook: stamped at build, read and scored under the stamp (issue 22)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from greendiag import rules
from greendiag.generator import samples
from greendiag.rules import citations
from greendiag.rules.citations import Rulebook, using
from greendiag.workbooks import fill_case, read_case
from greendiag.workbooks.marker import BUILT_PROPERTY, EDITION_PROPERTY, edition_stamp

PARAMS = Path(rules.__file__).parent / "params"
SECOND = "2026-12-01"  # on or before today: the second edition is today's


@pytest.fixture
def book(tmp_path, monkeypatch) -> Rulebook:
    """The package's rulebook plus a second edition from 2026-12-01: 引领值 of indicator 1 from 3 to 4."""
    root = tmp_path / "params"
    shutil.copytree(PARAMS, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    f = root / "indicators.toml"
    head, tail = f.read_text(encoding="utf-8").split("[indicator_01]\n")
    first, rest = tail.split("\n\n", 1)
    f.write_text(f"{head}[indicator_01]\n{first}\nvalues.{SECOND}.value = 4\n\n{rest}", encoding="utf-8")
    b = Rulebook.load(root)
    monkeypatch.setattr(citations, "rulebook", lambda: b)
    return b


def _first_score(path: Path) -> tuple[date | None, float, list[str]]:
    res = read_case(path)
    assert res.case is not None, res.errors
    return res.case.edition, rules.assess_case(res.case).years[-1].scores[0], [p.message for p in res.warnings]


def test_a_workbook_is_read_and_scored_under_its_stamped_edition(book, tmp_path):
    case = samples.sample_park()
    with using(book.edition("2026-11-21")):
        old = fill_case(case, tmp_path / "old.xlsx")
    new = fill_case(case, tmp_path / "new.xlsx")
    assert edition_stamp(old) == ("2026-11-21", date.today().isoformat())
    assert edition_stamp(new)[0] == SECOND
    ed_old, s_old, warn_old = _first_score(old)
    ed_new, s_new, _ = _first_score(new)
    assert ed_old == date(2026, 11, 21) and ed_new is None  # None: the current edition
    value = case.indicator_years[-1].entries[0].value
    assert s_old == pytest.approx(min(100 * value / 3, 120)) and s_new == pytest.approx(min(100 * value / 4, 120))
    assert not any("引领值" in w for w in warn_old)  # 参数 compared with the edition it was built with
    assert not any("引领值" in w for w in _first_score(new)[2])  # 参数 written with the new edition's 4
    for path, label, lead in ((old, "2026-11-21", 3), (new, SECOND, 4)):
        ws = openpyxl.load_workbook(path)["参数"]
        assert ws["B2"].value.startswith(f"规则版本 {label}（{date.today().isoformat()}生成")
        row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == "indicator_01")
        assert ws.cell(row, 3).value == lead and ws.cell(row, 7).value == "greendiag 默认值；未核实"
        cap = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == "reward_cap_park")
        assert ws.cell(cap, 7).value.startswith("文件规定；已核实：seed 000_c1c7b049d87ce64a.txt，2026-12-07")


def test_a_stamp_before_every_edition_is_refused_in_chinese(book, tmp_path):
    path = fill_case(samples.sample_park(), tmp_path / "case.xlsx")
    wb = openpyxl.load_workbook(path)
    props = wb.custom_doc_props
    kept = [p for p in props.props if p.name != EDITION_PROPERTY]
    props.props = kept
    props.append(openpyxl.packaging.custom.StringProperty(name=EDITION_PROPERTY, value="2020-01-01"))
    wb.save(path)
    res = read_case(path)
    assert res.case is None
    (err,) = res.errors
    assert "工作簿的规则版本“2020-01-01”" in err.message and "早于最早的规则版本（2026-11-21）" in err.message


def test_a_workbook_without_a_stamp_is_read_under_the_first_edition(book, tmp_path):
    path = fill_case(samples.sample_park(), tmp_path / "case.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.custom_doc_props.props = [p for p in wb.custom_doc_props.props if p.name not in (EDITION_PROPERTY, BUILT_PROPERTY)]
    wb.save(path)
    assert edition_stamp(path) == (None, None)
    assert _first_score(path)[0] == date(2026, 11, 21)  # not the current edition (2026-12-01)


def test_qualitative_points_are_listed_on_params_and_used_by_the_scores(tmp_path):
    """参数 lists one row per qualitative state (the parameter qualitative_scores, greendiag 默认值) and the
    评价指标 score of a qualitative indicator looks its points up there (LibreOffice computes it: test_workbook_libreoffice)."""
    from greendiag.rules.indicators import qualitative_scores
    from greendiag.rules.models import CaseKind
    from greendiag.workbooks import build_template
    from greendiag.workbooks import spec as S
    from greendiag.workbooks.sheets.params import PARAM_ROWS, state_key, state_points_range

    path = build_template("park", tmp_path / "p.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[S.PARAMS]
    for state, points in qualitative_scores().items():
        r = PARAM_ROWS[CaseKind.PARK][state_key(state)]
        assert ws.cell(r, 1).value == state_key(state) and ws.cell(r, 3).value == points
        assert ws.cell(r, 7).value.startswith("greendiag 默认值；未核实"), ws.cell(r, 7).value
    score = wb[S.INDICATORS].cell(S.INDICATOR_FIRST_ROW + 30, S.year_columns(0)[2]).value
    assert 'VLOOKUP("qualitative_scores:"&TRIM(' in score and state_points_range() in score

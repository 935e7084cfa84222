"""The declarative spec covers every Case field exactly once, and the values module parses as documented."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from greendiag.rules.models import (
    AreaFinding,
    BenchmarkRow,
    Case,
    CaseKind,
    ComplianceEntry,
    DiagnosisProcess,
    EnterpriseApplication,
    Grading,
    Narrative,
    ParkApplication,
    Photo,
    PlannedWork,
    Provider,
    RetrofitProject,
    Review,
    Satisfaction,
    TeamMember,
)
from greendiag.workbooks import enterprise as E
from greendiag.workbooks import spec as S
from greendiag.workbooks import values as V

_TABLES = {"team", "retrofits", "basic_requirements", "indicator_years", "compliance", "findings", "benchmarks",
           "planned_work", "photos", "calendar", "edition"}  # calendar: sheet 节假日安排; edition: the rulebook stamp


@pytest.mark.parametrize("kind", list(CaseKind))
def test_every_case_field_has_exactly_one_cell(kind):
    paths = [f.path for _, f in S.all_fields(kind)]
    assert len(paths) == len(set(paths))
    app = ParkApplication if kind == CaseKind.PARK else EnterpriseApplication
    want = {"kind", "diagnosis_year"}
    for prefix, model in (("application", app), ("provider", Provider), ("process", DiagnosisProcess),
                          ("satisfaction", Satisfaction), ("review", Review), ("narrative", Narrative),
                          *((("grading", Grading),) if kind == CaseKind.ENTERPRISE else ())):
        want |= {f"{prefix}.{name}" for name in model.model_fields}
    assert set(paths) == want
    park_only = {"grading"} if kind == CaseKind.PARK else set()
    assert set(Case.model_fields) == {p.split(".")[0] for p in want} | _TABLES | park_only
    assert {c.path for c in S.TEAM.columns} == set(TeamMember.model_fields)
    assert {c.path for c in S.RETROFITS.columns} == set(RetrofitProject.model_fields)
    # enterprise sheets and 现场照片 (workbooks/enterprise.py)
    assert {c.path for c in E.BENCHMARKS.columns} == set(BenchmarkRow.model_fields)
    assert {c.path for c in E.PLANS.columns} == set(PlannedWork.model_fields)
    assert {c.path for c in E.PHOTOS.columns} | {"image"} == set(Photo.model_fields)  # image: a picture on the row
    assert {c.path for c in E.COMPLIANCE_TABLE.columns} | {"number"} == set(ComplianceEntry.model_fields)
    assert {c.path for c in E.FINDINGS_TABLE.columns} | {"area"} == set(AreaFinding.model_fields)
    assert {t.path for t in (*E.TABLES_FOR[kind], *E.FIXED_FOR[kind])} <= _TABLES


def test_choice_lists_match_the_models():
    assert S.LISTS["企业性质"] == ("国营", "集体", "民营", "独资", "合资", "港澳台资", "其它")
    assert S.LISTS["满意度"] == ("非常满意", "满意", "一般", "不满意")
    assert S.LISTS["定性指标"][-1] == "不适用"
    for kind in CaseKind:
        for _, f in S.all_fields(kind):
            if f.kind == S.CHOICE:
                assert f.allowed, f.path
            assert f.cite.startswith("《"), f.path


@pytest.mark.parametrize("raw,unit,fmt,want,n_warn", [
    ("85%", "%", False, 85.0, 0),
    ("８５％", "%", False, 85.0, 0),
    (0.85, "%", True, 85.0, 0),  # shown as 85%: read as the sheet reads it
    (0.85, "%", False, 0.85, 1),
    (1, "%", False, 1.0, 1),
    (1.5, "%", False, 1.5, 0),
    (120, "%", False, 120.0, 1),
    ("1,200", "万元", False, 1200.0, 0),
    ("12万元", "万元", False, 12.0, 1),
    (" 3.5e2 ", "万元", False, 350.0, 0),
])
def test_number(raw, unit, fmt, want, n_warn):
    got, warnings = V.number(raw, unit=unit, percent_format=fmt)
    assert got == want and len(warnings) == n_warn, warnings


@pytest.mark.parametrize("raw,fragment", [("1.2亿元", "亿"), ("12万元", "不应带"), ("1,2", "逗号"), ("12元", "单位"),
                                          ("85%", "不是百分比"), (True, "逻辑值"), (float("nan"), "有效数字")])
def test_number_rejects(raw, fragment):
    unit = "万元" if raw != "12万元" else "人"
    with pytest.raises(V.ValueProblem, match=fragment):
        V.number(raw, unit=unit)


@pytest.mark.parametrize("raw,want", [("2026年3月2日", date(2026, 3, 2)), ("2026-03-02", date(2026, 3, 2)),
                                      ("2026/3/2", date(2026, 3, 2)), ("20260302", date(2026, 3, 2)),
                                      (46083, date(2026, 3, 2)), (datetime(2026, 3, 2), date(2026, 3, 2)),
                                      ("2024年2月29日", date(2024, 2, 29))])
def test_dates(raw, want):
    assert V.a_date(raw)[0] == want


@pytest.mark.parametrize("raw", ["2025年2月29日", "3月2日", "2026-13-01", "1999-12-31", -1])
def test_bad_dates(raw):
    with pytest.raises(V.ValueProblem):
        V.a_date(raw)


def test_text_keeps_numbers_as_typed():
    assert V.text(13900001002.0)[0] == "13900001002"
    assert V.text(12.5)[0] == "12.5"
    assert V.text("  示例 \u3000")[0] == "示例"

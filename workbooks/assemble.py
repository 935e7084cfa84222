"""The :class:`~greendiag.rules.models.Case` of the values the reader took (its last step)."""

from __future__ import annotations

from typing import Any

from greendiag.rules.holidays import HolidayCalendar, overlay
from greendiag.rules.models import (
    Case,
    CaseKind,
    DiagnosisProcess,
    EnterpriseApplication,
    Grading,
    Narrative,
    ParkApplication,
    Provider,
    RetrofitProject,
    Review,
    Satisfaction,
    TeamMember,
)


def _nest(flat: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for path, v in flat.items():
        parts = path.split(".")
        d = out
        for p in parts[:-1]:
            d = d.setdefault(p, {})
        d[parts[-1]] = v
    return out


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    """Blank inputs take the model's default (``None``, ``""``, ``False`` / ``True`` for materials)."""
    return {k: v for k, v in d.items() if v is not None and not k.startswith("_")}


def make_case(kind: CaseKind, flat: dict[str, Any], team: Any, retrofits: Any, basic: Any, years: Any,
               extra: dict[str, Any], table: HolidayCalendar | None) -> Case:
    """The validated :class:`Case` of the values read (``ValidationError`` when they do not make one)."""
    nested = _nest(flat)
    app_model = ParkApplication if kind == CaseKind.PARK else EnterpriseApplication
    return Case(
        kind=kind,
        diagnosis_year=nested["diagnosis_year"],
        application=app_model(**_drop_none(nested.get("application", {}))),
        provider=Provider(**_drop_none(nested.get("provider", {}))),
        team=tuple(TeamMember(**_drop_none(r)) for r in team),
        process=DiagnosisProcess(**_drop_none(nested.get("process", {}))),
        basic_requirements=tuple(basic),
        indicator_years=tuple(years),
        retrofits=tuple(RetrofitProject(**_drop_none(r)) for r in retrofits),
        satisfaction=Satisfaction(**_drop_none(nested.get("satisfaction", {}))),
        review=Review(**_drop_none(nested.get("review", {}))),
        narrative=Narrative(**_drop_none(nested.get("narrative", {}))),
        grading=Grading(**_drop_none(nested.get("grading", {}))),
        **extra,
        calendar=overlay(table),
    )

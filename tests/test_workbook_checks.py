"""The sheet's native check formulas (workbooks/formulas.py) agree with their Python rules, recalculated in
LibreOffice: every code of a seeded sample, the real-format codes and each wrong check character."""

from __future__ import annotations

import random
import re

import openpyxl
import pytest

from greendiag.generator.office import recalculate
from greendiag.rules.identity import CREDIT_ALPHABET, credit_code_problem, make_credit_code
from greendiag.workbooks.formulas import CREDIT_OK, credit_code_status

REAL = ("91350100M000100Y43", "91110108551385082Q", "91110000802100433B", "91440300708461136T",
        "91330100716105852F", "11110000MB0000000U")


def _codes() -> list[str]:
    rng = random.Random(24)
    codes = list(REAL)
    for code in REAL:  # every other character at both check positions
        codes += [code[:16] + ch + code[17] for ch in "0123456789X" if ch != code[16]]
        codes += [code[:17] + ch for ch in CREDIT_ALPHABET if ch != code[17]]
    for _ in range(60):  # valid codes of random bodies, and random 18-character strings
        body = rng.choice("159ANY") + rng.choice("123") + "".join(rng.choice("0123456789") for _ in range(6))
        body += "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
        codes.append(make_credit_code(body))
        codes.append("".join(rng.choice(CREDIT_ALPHABET) for _ in range(18)))
    codes += ["", "9111010855138508", "91110108551385082QQ", "9111010855138508IQ", "911A0108551385082Q",
              "91110108551385082q", " 9111 0108 5513 8508 2Q ", "91110108-551385082Q"]
    return codes


_EXPECTED = re.compile(r"第(1[78])位（[^）]*）应为“?(.)")


def _verdict(message: str) -> tuple[str, ...]:
    """(ok) or (position, expected character) or (other problem): comparable across the two wordings."""
    if message in ("", CREDIT_OK):
        return ("ok",)
    m = _EXPECTED.search(message.replace("”", "").replace("“", ""))
    return (m.group(1), m.group(2)) if m else ("other",)


def test_credit_code_formula_agrees_with_python(soffice, tmp_path):
    codes = _codes()
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, code in enumerate(codes, start=1):
        ws.cell(r, 1, code).number_format = "@"
        ws.cell(r, 2, credit_code_status(f"A{r}"))
    src = tmp_path / "codes.xlsx"
    wb.save(src)
    [out] = recalculate([src], tmp_path / "out")
    got = openpyxl.load_workbook(out, data_only=True).active
    for r, code in enumerate(codes, start=1):
        shown = got.cell(r, 2).value or ""
        want = credit_code_problem(code)
        if not code.strip():
            assert shown == "", code
            continue
        assert _verdict(shown) == _verdict(want), (code, shown, want)
        assert (shown == CREDIT_OK) == (want == ""), (code, shown, want)


def test_percent_doubt_and_pending_formulas_agree_with_python(soffice, tmp_path):
    """row_percent reads a % row as values.measured does; amount_doubt and pending say what
    rules.plausibility says (the likely value, 待核对 until confirmed)."""
    from greendiag.rules.plausibility import PENDING, bound_of, output_value_pending
    from greendiag.rules.plausibility import amount_doubt as py_doubt
    from greendiag.workbooks import values as V
    from greendiag.workbooks.formulas import amount_doubt, pending, row_percent

    rows = [(0.95, "0%", "%"), (95, "General", "%"), (0.85, "General", "%"), (150, "General", "%"),
            (0.95, "0%", "t"), (12.5, "0.0%", "％"), (-3, "General", "%")]
    amounts = [(850000000, None), (850000000, "是"), (50000000, None), (50000000.5, None), (156000, None), (None, None)]
    bound = bound_of("application.output_value")
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, (v, fmt, unit) in enumerate(rows, start=1):
        c = ws.cell(r, 1, v)
        c.number_format = fmt
        ws.cell(r, 2, unit)
        ws.cell(r, 3, "=" + row_percent(f"A{r}", f"B{r}"))
    first = len(rows) + 1
    for r, (v, ok) in enumerate(amounts, start=first):
        ws.cell(r, 1, v)
        ws.cell(r, 2, ok)
        ws.cell(r, 3, amount_doubt(f"A{r}", f"{bound:g}", f"B{r}"))
        ws.cell(r, 4, "=" + pending("12", f"A{r}", f"{bound:g}", f"B{r}"))
    src = tmp_path / "rules.xlsx"
    wb.save(src)
    [out] = recalculate([src], tmp_path / "out")
    got = openpyxl.load_workbook(out, data_only=True).active
    for r, (v, fmt, unit) in enumerate(rows, start=1):
        want, _ = V.measured(v, unit, ws.cell(r, 1))
        assert got.cell(r, 3).value == pytest.approx(want), (v, fmt, unit)
    for r, (v, ok) in enumerate(amounts, start=first):
        doubt = None if ok == "是" else py_doubt("application.output_value", "企业上一年度产值", v)
        shown = got.cell(r, 3).value or ""
        assert bool(shown) == bool(doubt), (v, ok, shown)
        if doubt:
            assert shown.endswith(f"按万元应为{doubt.likely:g}"), shown
        assert got.cell(r, 4).value == (PENDING if output_value_pending(v, ok == "是") else 12), (v, ok)


def test_enterprise_sheet_shows_what_check_reports(soffice, tmp_path):
    """The demo enterprise workbook with a wrong credit code, 产值 typed in 元, 95% on a % row of 对标分析 and
    no 企业高级管理人员, recalculated in LibreOffice: the sheet flags each where ``read_case`` reports it."""
    from greendiag.generator import samples
    from greendiag.rules import assess_case, benchmark_gap
    from greendiag.rules.models import CaseKind
    from greendiag.rules.plausibility import PENDING
    from greendiag.workbooks import fill_case, read_case
    from greendiag.workbooks import spec as S
    from greendiag.workbooks.enterprise import BENCHMARKS

    case = samples.sample_enterprise_large()
    path = fill_case(case, tmp_path / "ent.xlsx")
    app = S.forms_for(CaseKind.ENTERPRISE)[S.APPLICATION]
    code, out = app.cell_of("application.credit_code"), app.cell_of("application.output_value")
    wb = openpyxl.load_workbook(path)
    wb[S.APPLICATION][code] = "91110108551385082R"
    wb[S.APPLICATION][out] = 850000000
    ws = wb[S.BENCHMARK]
    cols = {c.path: openpyxl.utils.get_column_letter(2 + i) for i, c in enumerate(BENCHMARKS.columns)}
    row = next(r for r in range(1, 60) if ws[f"{cols['indicator']}{r}"].value == "工业固体废物综合利用率")
    ws[f"{cols['value_3']}{row}"] = 0.95
    ws[f"{cols['value_3']}{row}"].number_format = "0%"
    ws[f"{cols['domestic']}{row}"] = 96
    ws[f"{cols['international']}{row}"] = 0.98  # typed 98%
    ws[f"{cols['international']}{row}"].number_format = "0%"
    ws[f"{cols['direction']}{row}"] = "越大越好"
    ws[f"{cols['domestic_source']}{row}"] = ws[f"{cols['international_source']}{row}"] = "行业报告2025（虚构）"
    team = wb[S.TEAM.sheet]
    cat = openpyxl.utils.get_column_letter(2 + [c.path for c in S.TEAM.columns].index("category"))
    for r in range(5, 40):
        if team[f"{cat}{r}"].value == "企业高级管理人员":
            team[f"{cat}{r}"] = "企业人员"
    wb.save(path)

    result = read_case(path)
    assert [(p.sheet, p.cell) for p in result.errors] == [(S.APPLICATION, code)]
    assert any(p.cell == out and "按万元应为 85000" in p.message for p in result.warnings)
    assert not [p for p in result.problems if p.sheet == S.BENCHMARK]  # 95% and 98% read as shown
    [got] = recalculate([path], tmp_path / "out")
    values = openpyxl.load_workbook(got, data_only=True)
    a = values[S.APPLICATION]
    status = a[f"C{code[1:]}"].value
    assert status.startswith("不符合：第18位（校验码）应为Q"), status
    assert a[f"C{out[1:]}"].value.endswith("按万元应为85000")
    rw = values[S.REWARD]
    labels = {rw.cell(r, 1).value: r for r in range(1, rw.max_row + 1)}
    assert rw.cell(labels["奖励金额上限（万元）"], 2).value == PENDING
    # the case as check sees it once the code is right: the same verdicts as the sheet
    fixed = case.model_copy(update={
        "application": case.application.model_copy(update={"output_value": 850000000.0}),
        "team": tuple(m.model_copy(update={"category": "企业人员"}) if m.category == "企业高级管理人员" else m
                      for m in case.team)})
    verdict = assess_case(fixed)
    assert verdict.reward_cap is None and verdict.reward_cap_text.startswith(f"奖励上限{PENDING}")
    shown = values[S.TEAM.sheet]["B2"].value
    assert not verdict.team.ok and shown.startswith("不符合：") and "企业高级管理人员" in shown, shown
    assert "企业高级管理人员" in values[S.TEAM.sheet]["E2"].value  # the counts beside the status
    b = values[S.BENCHMARK]
    now = b.cell(row, 2 + len(BENCHMARKS.columns)).value
    assert now == pytest.approx(95)
    for k, adv in enumerate((96, 98), start=1):
        want = benchmark_gap(95, adv, "越大越好")
        assert want is not None and b.cell(row, 2 + len(BENCHMARKS.columns) + k).value == pytest.approx(want)

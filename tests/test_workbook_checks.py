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

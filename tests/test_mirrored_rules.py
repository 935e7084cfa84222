"""Every declared mirrored rule (rules.mirrored.MIRRORED): its native formula equals its Python rule in
LibreOffice at every boundary row the rule declares (60/80/90, 10亿元 …), with parameters written as
values and as cells of a 参数 sheet — one recalculation run for all rules."""

from __future__ import annotations

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from greendiag.generator.office import recalculate
from greendiag.rules.citations import load_params
from greendiag.rules.mirrored import MIRRORED


def test_every_rule_declares_inputs_help_citations_and_boundaries():
    assert {"reward_cap_park", "reward_cap_enterprise", "factory_tier", "hlj_review", "gz_star"} <= set(MIRRORED)
    for m in MIRRORED.values():
        assert m.help() and m.cites() and m.boundaries(), m.name
        assert all(len(row) == len(m.inputs) for row in m.boundaries()), m.name
        f = m.formula([f"A{i}" for i in range(1, len(m.inputs) + 1)])
        assert f.startswith("=") and "{" not in f, (m.name, f)
    assert "10亿元（100000万元，含）以上不超过12万元" in MIRRORED["reward_cap_enterprise"].help()
    assert MIRRORED["factory_tier"].help().startswith("得分不足60分为绿色工厂达标企业")
    with pytest.raises(ValueError, match="需要 3 个输入单元格"):
        MIRRORED["gz_star"].formula(["A1"])


@pytest.mark.libreoffice
def test_native_formulas_equal_the_python_rules_at_every_boundary(soffice, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "rules"
    ps = wb.create_sheet("参数")
    where: dict[tuple[str, str], str] = {}

    def param_cell(file: str):
        def cell(key: str) -> str:
            if (file, key) not in where:
                r = len(where) + 1
                ps.cell(r, 1, f"{file}.{key}")
                ps.cell(r, 2, load_params(file)[key].value)
                where[file, key] = f"'参数'!$B${r}"
            return where[file, key]
        return cell

    expected: list[tuple[int, int, object, str]] = []
    r = 1
    for m in MIRRORED.values():
        for row in m.boundaries():
            for c, v in enumerate(row, start=1):
                ws.cell(r, c, v)
            refs = [f"{get_column_letter(c)}{r}" for c in range(1, len(row) + 1)]
            want = m.python(*row)
            for col, param in ((8, None), (9, param_cell(m.params))):
                ws.cell(r, col, m.formula(refs, param))
                expected.append((r, col, want, f"{m.name}{row}"))
            r += 1
    src = tmp_path / "mirrored.xlsx"
    wb.save(src)
    (out,) = recalculate([src], tmp_path / "lo")
    got = openpyxl.load_workbook(out, data_only=True)["rules"]
    assert len(expected) > 60
    for row, col, want, what in expected:
        value = got.cell(row, col).value
        if isinstance(want, (int, float)) and not isinstance(want, bool):
            assert isinstance(value, (int, float)) and value == pytest.approx(want, abs=1e-9), (what, col, value, want)
        else:
            assert value == want, (what, col, value, want)

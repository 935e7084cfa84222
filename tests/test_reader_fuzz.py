"""Property: whatever a person types anywhere, read_case answers with problems, never crashes.

Random cells of a filled workbook (inputs, labels, headers, formulas, numbers of rows) are
overwritten with random values; ``read_case`` must return either a case or Chinese problems with
a sheet name, and never fall back to its catch-all "意外错误" message (that would be a bug).
"""

from __future__ import annotations

from contextlib import contextmanager
from copy import copy
from datetime import date, datetime

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greendiag.workbooks import read_case
from greendiag.workbooks import spec as S

SHEETS = [S.APPLICATION, S.PROVIDER, S.TEAM.sheet, S.PROCESS, S.BASIC, S.INDICATORS, S.RETROFIT, S.SATISFACTION, S.REWARD,
          S.NARRATIVE, S.PARAMS]
VALUES = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
    st.sampled_from(["是", "否", "不适用", "合格", "85%", "12万元", "1.2亿元", "=A1", "=1/0", "#N/A", "序号", "姓名",
                     "企业名称", "园区名称", "2026年2月30日", "  ", "\u3000", "１２"]),
    st.integers(-10**12, 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2200, 1, 1)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2200, 1, 1)),
)
EDITS = st.lists(
    st.tuples(st.sampled_from(SHEETS), st.integers(1, 45), st.integers(1, 16), VALUES), min_size=1, max_size=8
)


@pytest.fixture(scope="module")
def park(sample_workbooks):
    """The filled park sample, loaded once: each example edits it, saves, and puts the cells back
    (:func:`edited`), which costs less than loading the workbook again per example."""
    return openpyxl.load_workbook(sample_workbooks["park"])


@contextmanager
def edited(wb, edits):
    """``wb`` with ``edits`` typed in (those openpyxl refuses are left out) while inside; afterwards
    each touched cell has its loaded value, type and style again, and a cell made only by an edit is gone."""
    saved = []
    try:
        for sheet, row, col, value in edits:
            ws = wb[sheet]
            existed = (row, col) in ws._cells
            cell = ws.cell(row, col)
            if isinstance(cell, openpyxl.cell.cell.MergedCell):
                continue
            saved.append((ws, row, col, existed, cell._value, cell.data_type, copy(cell._style)))
            if isinstance(value, float) and value != value:
                value = "nan"
            try:
                cell.value = value
            except (ValueError, TypeError):  # openpyxl refuses some values
                continue
        yield wb
    finally:
        for ws, row, col, existed, value, data_type, style in reversed(saved):
            if existed:
                cell = ws._cells[(row, col)]
                cell._value, cell.data_type, cell._style = value, data_type, style
            else:
                ws._cells.pop((row, col), None)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=EDITS)
def test_random_edits_never_crash_the_reader(park, tmp_path_factory, edits):
    out = tmp_path_factory.mktemp("f") / "edited.xlsx"
    with edited(park, edits) as wb:
        try:
            wb.save(out)
        except (ValueError, TypeError, OverflowError):
            return  # openpyxl itself cannot write this value: nothing a person could produce
    result = read_case(out)
    assert not any("意外错误" in p.message for p in result.problems), result.problems
    if result.case is None:
        assert result.errors
    for p in result.problems:
        assert p.message and any("\u4e00" <= ch <= "\u9fff" for ch in p.message)

"""The city ledger's workbook (批次台账) laid out with the workbook kit, one module per sheet.

:func:`build_workbook` takes the ledger that ``greendiag.generator.ledger.compute_ledger`` computed (the rules'
results, :mod:`greendiag.rules.ledger`) and lays it out: 批次工作清单 (:mod:`.work_list`), 奖励测算 and 奖励汇总
(:mod:`.rewards`), 服务商动态管理 (:mod:`.providers`), 资格与限制 (:mod:`.sanctions`), 问题清单, 跟踪, 说明
(:mod:`.other_sheets`); the hidden baseline sheet is :mod:`.baseline`.  Totals, counts, bans and payable
amounts are native formulas over the ledger's own tables, so an officer's entries recalculate everything.
Nothing here decides policy: the numbers the formulas mirror are the rules'.
"""

from __future__ import annotations

from typing import Any

from greendiag.workbooks.ledger.baseline import BASE_FIRST, BASE_SHEET, build_baseline
from greendiag.workbooks.ledger.layout import (
    FIRST_ROW,
    HEADER_ROW,
    LEDGER_MARKER,
    LEDGER_STEM,
    LIST_COL,
    LIST_COLUMNS,
    LIST_INPUTS,
    LIST_SHEET,
    PROBLEM_COLUMNS,
    PROVIDER_COL,
    PROVIDER_COLUMNS,
    REWARD_COL,
    REWARD_COLUMNS,
    SANCTION_COL,
    SANCTION_COLUMNS,
    SANCTION_DATES,
    SANCTION_SHEET,
    SHEETS,
    TOTAL_COL,
    TOTAL_COLUMNS,
    TRACK_COL,
    TRACK_COLUMNS,
    Book,
    F,
    col,
)
from greendiag.workbooks.ledger.other_sheets import build_notes, build_problems, build_tracking, explanation
from greendiag.workbooks.ledger.providers import build_providers
from greendiag.workbooks.ledger.rewards import build_rewards, build_totals
from greendiag.workbooks.ledger.sanctions import build_sanctions
from greendiag.workbooks.ledger.work_list import build_work_list


def build_workbook(ledger: Any) -> Any:
    """The ledger as an openpyxl ``Workbook`` (not saved); sheets :data:`SHEETS` in that order.

    ``ledger`` is a ``greendiag.generator.ledger.Ledger`` (rows, problems, reward lines and totals, provider
    years, sanctions, params, scope); read only.
    """
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = LEDGER_STEM
    wb.properties.keywords = LEDGER_MARKER
    wb.properties.creator = "greendiag"
    book = Book(ledger)
    for build in (build_work_list, build_rewards, build_totals, build_providers, build_sanctions, build_problems,
                  build_tracking, build_notes):
        build(wb, book)
    return wb


__all__ = [
    "BASE_FIRST",
    "BASE_SHEET",
    "FIRST_ROW",
    "HEADER_ROW",
    "LEDGER_MARKER",
    "LEDGER_STEM",
    "LIST_COL",
    "LIST_COLUMNS",
    "LIST_INPUTS",
    "LIST_SHEET",
    "PROBLEM_COLUMNS",
    "PROVIDER_COL",
    "PROVIDER_COLUMNS",
    "REWARD_COL",
    "REWARD_COLUMNS",
    "SANCTION_COL",
    "SANCTION_COLUMNS",
    "SANCTION_DATES",
    "SANCTION_SHEET",
    "SHEETS",
    "TOTAL_COL",
    "TOTAL_COLUMNS",
    "TRACK_COL",
    "TRACK_COLUMNS",
    "F",
    "build_baseline",
    "build_workbook",
    "col",
    "explanation",
]

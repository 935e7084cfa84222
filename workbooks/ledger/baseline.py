"""The ledger's very hidden sheet :data:`BASE_SHEET`: the ledger's identity and every officer-input value as
written, which ``greendiag ledger import`` (``generator.ledger_entries``) compares the input cells with."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from greendiag.workbooks.text import xml_safe

BASE_SHEET = "_greendiag"
"""The very hidden sheet with the ledger's identity and the values written (never shown, never to be edited)."""
BASE_FIRST = 5
"""First data row of :data:`BASE_SHEET` (row 4 names the columns)."""


def build_baseline(wb: Any, ledger_id: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Add :data:`BASE_SHEET` to ``wb``: ``ledger_id`` (B1), format 1 (B2), the column names ``columns`` in row 4
    and ``rows`` (plain values, one tuple per case) from :data:`BASE_FIRST`.  Text is written as the work list
    writes it (``xml_safe``: a file name with a control character is compared with the cell as written)."""
    ws = wb.create_sheet(BASE_SHEET)
    ws.sheet_state = "veryHidden"
    ws["A1"], ws["B1"] = "ledger_id", ledger_id
    ws["A2"], ws["B2"] = "format", 1
    ws["A3"] = "greendiag 写入的台账基线：请勿修改"
    for c, name in enumerate(columns, start=1):
        ws.cell(4, c, name)
    for r, values in enumerate(rows, start=BASE_FIRST):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c, xml_safe(value) if type(value) is str else value)

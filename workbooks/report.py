"""Problems as a rich table (``greendiag check``) or JSON (``--json``)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from rich.table import Table
from rich.text import Text

from greendiag.workbooks.reader import Problem, ReadResult

LEVELS = {"error": "错误", "warning": "警告"}


def problems_table(problems: Iterable[Problem], title: str = "问题清单") -> Table:
    """Columns 级别, 工作表, 单元格, 值, 说明 — one row per problem, errors in red.

    Every text is printed literally (``[/]`` in a unit name or a cell is not rich markup)."""
    table = Table(title=Text(title), show_lines=False)
    for col in ("级别", "工作表", "单元格", "值", "说明"):
        table.add_column(col, overflow="fold")
    for p in problems:
        level = LEVELS.get(p.severity, p.severity)
        style = "red" if p.severity == "error" else "yellow"
        table.add_row(Text(level, style=style), Text(p.sheet), Text(p.cell), Text(p.value), Text(p.message))
    return table


def result_json(path: Path | str, result: ReadResult) -> str:
    """``{"file", "ok", "kind", "unit_name", "errors", "warnings", "problems": [{sheet, cell, value, message, severity}]}``."""
    case = result.case
    return json.dumps(
        {
            "file": str(path),
            "ok": result.ok,
            "kind": case.kind.value if case else None,
            "unit_name": case.unit_name if case else None,
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "problems": [p.to_dict() for p in result.problems],
        },
        ensure_ascii=False,
        indent=2,
    )

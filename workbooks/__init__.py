"""Case workbooks: declarative sheet specs, the template builder and the reader.

Public API (docs/design.md): :func:`build_template`, :func:`fill_case`, :func:`read_case`,
:class:`Problem`, :class:`ReadResult`; :func:`problems_table` (rich) and
:func:`result_json` for ``greendiag check``.
"""

from workbooks.builder import build_template, fill_case
from workbooks.reader import Problem, ReadResult, read_case
from workbooks.report import problems_table, result_json

__all__ = ["build_template", "fill_case", "read_case", "Problem", "ReadResult", "problems_table", "result_json"]

"""Case workbooks: declarative sheet specs, the template builder and the reader.

Public API (docs/design.md): :func:`build_template`, :func:`fill_case`, :func:`read_case`,
:class:`Problem`, :class:`ReadResult`.
"""

from workbooks.builder import build_template, fill_case
from workbooks.reader import Problem, ReadResult, read_case

__all__ = ["build_template", "fill_case", "read_case", "Problem", "ReadResult"]

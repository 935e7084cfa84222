"""One path from a case workbook to its assessment, shared by ``check``, ``generate``, ``batch`` and the ribbon.

:func:`load_case` is the single load step: the file's safety checks and reading
(``greendiag.workbooks.read_case``), the holiday calendar (the workbook's 节假日安排 table, plus a
batch's ``--calendar`` file), and ``greendiag.rules.assess_case`` — one :class:`LoadedCase` with
one problem type (``greendiag.workbooks.Problem``) and one severity field (``"error"`` /
``"warning"``).  Each face reads a workbook once and hands the result on (``generate_loaded`` in
``greendiag.generator.pipeline`` renders from it).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from greendiag.rules import CaseAssessment
from greendiag.rules.holidays import HolidayCalendar
from greendiag.rules.models import Case
from greendiag.workbooks import Problem


@dataclass(frozen=True)
class LoadedCase:
    """A case workbook read, checked and assessed.

    ``problems``: the reader's errors and warnings in sheet order, then the calendar's notes
    (warnings on 节假日安排).  ``case`` is ``None`` when the workbook has an error, except that with
    ``load_case(..., salvage=True)`` errors only in cells give the case with each bad cell blank
    (``salvaged`` True: a batch counts it, nothing is generated from it); ``assessment`` is
    ``rules.assess_case(case)`` whenever ``case`` is set.  ``sha256``: hex digest of the bytes read
    (the manifest's input hash).
    """

    path: Path
    sha256: str
    problems: tuple[Problem, ...]
    case: Case | None
    assessment: CaseAssessment | None
    salvaged: bool = False

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity != "error")

    @property
    def ok(self) -> bool:
        """True when the case can be shown and its annexes generated (no error)."""
        return self.case is not None and self.assessment is not None and not self.errors


def sha256_file(path: Path | str) -> str:
    """Hex SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_case(path: Path | str, *, calendar: HolidayCalendar | None = None, salvage: bool = False) -> LoadedCase:
    """Read, check and assess the case workbook ``path`` (once).

    ``salvage`` (a batch): errors only in cells still give the case, each bad cell blank
    (``greendiag.workbooks.read_case(salvage=True)``, :attr:`LoadedCase.salvaged`).
    ``calendar`` (``greendiag.workbooks.calendar.read_calendar_file``) adds holiday years the
    workbook's own table lacks; where they disagree the workbook wins and a warning says so.
    Raises ``FileNotFoundError`` (Chinese message) when ``path`` is not a file; every problem of
    the workbook itself is returned, never raised.
    """
    from greendiag.rules import assess_case
    from greendiag.workbooks import read_case

    src = Path(path)
    if not src.is_file():
        raise FileNotFoundError(f"找不到案例工作簿：{src}")
    digest = sha256_file(src)
    read = read_case(src, salvage=salvage)
    problems = tuple(read.problems)
    case = read.case if not read.errors else None
    salvaged = case is None and read.partial is not None
    if salvaged:
        case = read.partial
    if case is not None and calendar is not None:
        from greendiag.workbooks.calendar import SHEET, case_with_calendar

        case, notes = case_with_calendar(case, calendar)
        problems += tuple(Problem(SHEET, "", "", n, severity="warning") for n in notes)
    assessment = assess_case(case) if case is not None else None
    return LoadedCase(src, digest, problems, case, assessment, salvaged)

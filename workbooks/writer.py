"""Saving a workbook with each worksheet's XML written in memory (openpyxl writes it through a temporary file).

openpyxl's ``Workbook.save`` writes every worksheet to a temporary file, copies it into the archive and
deletes it: about a tenth of a case workbook's save on this machine.  :func:`save_workbook` takes the same
steps as ``openpyxl.writer.excel.save_workbook`` and ``ExcelWriter.write_worksheet``, with the worksheet's
XML in memory; the archive holds the same parts with the same contents.  It does so only for the openpyxl
releases whose ``write_worksheet`` it was checked against (:data:`CHECKED`; tests/test_workbook_writer.py
fails when the installed release's method differs from the one checked); with any other release, it calls
openpyxl's own ``save``.
"""

from __future__ import annotations

import datetime
from io import BytesIO
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

import openpyxl
from openpyxl import Workbook
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter

CHECKED = {"3.1.5": "ccfd37f0bebe758febcb09ce878b088a59f9fcbf2c91d70ec1dcf21e5d434310"}
"""openpyxl release → SHA-256 of the source of its ``ExcelWriter.write_worksheet``, which
:class:`_MemoryWriter` repeats in memory."""


class _MemoryWriter(ExcelWriter):
    def write_worksheet(self, ws):  # as openpyxl's (not write-only), the XML in memory, not a temporary file
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = WorksheetWriter(ws, out=BytesIO())
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.read())
        self.manifest.append(ws)


def save_workbook(wb: Workbook, path: Path | str) -> None:
    """Write ``wb`` to ``path`` as ``wb.save(path)`` does (see the module docstring); openpyxl's errors."""
    if openpyxl.__version__ not in CHECKED or wb.write_only or wb.read_only:
        wb.save(path)
        return
    wb.properties.modified = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)
    with ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        _MemoryWriter(wb, archive).save()

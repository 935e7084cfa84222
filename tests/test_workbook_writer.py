"""greendiag.workbooks.writer: the case workbook saved with its worksheets written in memory is openpyxl's file."""

from __future__ import annotations

import hashlib
import inspect
import zipfile

import openpyxl
import pytest
from openpyxl.writer.excel import ExcelWriter

from greendiag.generator import samples
from greendiag.rules.models import CaseKind
from greendiag.workbooks import builder
from greendiag.workbooks.writer import CHECKED, save_workbook
from tests.complete import complete


def test_the_installed_openpyxl_write_worksheet_is_the_one_checked():
    """A new openpyxl release whose ``ExcelWriter.write_worksheet`` changed fails here: check what
    ``writer._MemoryWriter`` repeats against it, then add the release to ``CHECKED``."""
    if openpyxl.__version__ not in CHECKED:
        pytest.fail(f"openpyxl {openpyxl.__version__} not checked: save_workbook falls back to openpyxl's own save; "
                    f"compare ExcelWriter.write_worksheet with writer._MemoryWriter and add it to CHECKED")
    src = inspect.getsource(ExcelWriter.write_worksheet)
    assert hashlib.sha256(src.encode()).hexdigest() == CHECKED[openpyxl.__version__]


@pytest.mark.parametrize("kind", [CaseKind.PARK, CaseKind.ENTERPRISE])
def test_saved_parts_are_openpyxls(tmp_path, kind):
    """Every part of the archive, byte for byte, as ``Workbook.save`` writes it (the modified time aside),
    photos included."""
    case = complete(samples.sample_park() if kind == CaseKind.PARK else samples.sample_enterprise_large(), tmp_path)
    path = builder.fill_case(case, tmp_path / "c.xlsx", photo_dir=tmp_path)  # the photos embedded
    openpyxl.load_workbook(path).save(tmp_path / "openpyxl.xlsx")  # a save changes the workbook: one load each
    save_workbook(openpyxl.load_workbook(path), tmp_path / "ours.xlsx")
    with zipfile.ZipFile(tmp_path / "openpyxl.xlsx") as a, zipfile.ZipFile(tmp_path / "ours.xlsx") as b:
        assert a.namelist() == b.namelist()
        assert case.photos and any(n.startswith("xl/media/") for n in a.namelist())
        for name in a.namelist():
            if name != "docProps/core.xml":  # dcterms:modified
                assert a.read(name) == b.read(name), name
            assert a.getinfo(name).compress_type == b.getinfo(name).compress_type

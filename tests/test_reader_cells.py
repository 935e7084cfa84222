"""The reader's fast cell parse (``workbooks/cells.py``) reads every workbook as openpyxl's full
``load_workbook`` does: the same case and the same problems, on edited, hostile and generated
workbooks and on XML that openpyxl writes differently from Excel (inline strings, shared and array
formulas, the 1904 date system, booleans, errors, merged inputs)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

from greendiag.generator import samples
from greendiag.workbooks import fill_case
from greendiag.workbooks import reader as R
from greendiag.workbooks import spec as S
from tests import corpus
from tests.corpus.edits import make_corpus
from tests.strategies import enterprise_cases, park_cases


def _collect(strategy, n: int) -> list:
    out: list = []

    @settings(max_examples=n, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(case):
        out.append(case)

    collect()
    return out


def _same(path: Path) -> None:
    fast, full = R._read(path), R._read(path, fast=False)
    assert fast.problems == full.problems, path.name
    assert fast.case == full.case, path.name


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cells")


def test_edited_workbooks_read_alike(folder, sample_workbooks):
    files = [p for p, _, _ in make_corpus(folder / "edits", n=44, seed=23, clean=sample_workbooks.bases())]
    assert len(files) == 44
    for p in files:
        _same(p)


def test_hostile_and_broken_files_read_alike(folder):
    for p in corpus.make_all(folder / "hostile"):
        _same(p)


def test_generated_cases_read_alike(folder):
    for i, case in enumerate(_collect(park_cases(), 6) + _collect(enterprise_cases(), 6)):
        _same(fill_case(case, folder / f"gen{i:02d}.xlsx"))


def _rewrite(src: Path, out: Path, member: str, fn) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item, fn(data) if item.filename == member else data)
    return out


def _sheet_member(path: Path, title: str) -> str:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return wb[title]._worksheet_path
    finally:
        wb.close()


def test_xml_openpyxl_does_not_write_reads_alike(folder, sample_workbooks):
    """Cells as Excel and other programs write them: an inline string, a shared formula over input
    cells, a boolean, an error value, a date serial under the 1904 system, a merged input."""
    src = sample_workbooks["park"]
    form = S.forms_for(samples.sample_park().kind)[S.APPLICATION]
    name_ref = form.cell_of("application.name")
    member = _sheet_member(src, S.APPLICATION)

    def inline(data: bytes) -> bytes:  # the unit name as an inline string of two runs
        cell = f'<c r="{name_ref}" t="inlineStr"><is><r><t>内联</t></r><r><t>园区</t></r></is></c>'.encode()
        return re.sub(rf'<c r="{name_ref}"[^>]*?(/>|>.*?</c>)'.encode(), cell, data, count=1, flags=re.S)

    _same(_rewrite(src, folder / "inline.xlsx", member, inline))

    def epoch(data: bytes) -> bytes:
        return data.replace(b"<workbookPr", b'<workbookPr date1904="1"', 1) if b"<workbookPr" in data else data.replace(
            b"<sheets>", b'<workbookPr date1904="1"/><sheets>', 1)

    _same(_rewrite(src, folder / "epoch.xlsx", "xl/workbook.xml", epoch))
    wb = openpyxl.load_workbook(src)
    ws = wb[S.TEAM.sheet]
    ws["B5"] = "=C5"
    ws["B7"] = "=C7"
    ws["B6"] = True
    ws["C6"] = "#N/A"
    ws["C6"].data_type = "e"
    ws.merge_cells("D5:E5")
    wb.save(folder / "mixed.xlsx")
    _same(folder / "mixed.xlsx")
    member = _sheet_member(folder / "mixed.xlsx", S.TEAM.sheet)

    def shared(data: bytes) -> bytes:  # B5's formula shared with B7, as Excel writes a filled-down formula
        data = data.replace(b"<f>C5</f>", b'<f t="shared" ref="B5:B7" si="0">C5</f>', 1)
        return data.replace(b"<f>C7</f>", b'<f t="shared" si="0"/>', 1)

    _same(_rewrite(folder / "mixed.xlsx", folder / "shared.xlsx", member, shared))


def _openpyxl_number_formats(path: Path) -> tuple[list[str], set[int], set[int]]:
    """Each style's number format and the date / time-span styles as openpyxl's ``apply_stylesheet`` makes them."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
    from openpyxl.styles.stylesheet import apply_stylesheet

    wb = openpyxl.Workbook()
    with zipfile.ZipFile(path) as archive:
        apply_stylesheet(archive, wb)
    fmts = [BUILTIN_FORMATS.get(s.numFmtId, "General") if s.numFmtId < BUILTIN_FORMATS_MAX_SIZE
            else wb._number_formats[s.numFmtId - BUILTIN_FORMATS_MAX_SIZE] for s in wb._cell_styles]
    return fmts, set(wb._date_formats), set(wb._timedelta_formats)


def test_number_formats_are_openpyxls(folder):
    """The reader takes of the stylesheet only each style's number format (``cells.number_formats``): the same
    formats, date and time-span styles as openpyxl's full stylesheet, including custom formats that repeat a
    built-in one or reuse a built-in id, and time spans; a format id the stylesheet lacks goes to openpyxl."""
    from greendiag.workbooks.cells import Unsupported, number_formats

    path = fill_case(samples.sample_park(), folder / "formats.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[S.PROCESS]
    for k, fmt in enumerate(("[h]:mm:ss", "yyyy/m/d h:mm", "0.000%", "#,##0.0000", "mm:ss.0", "@", "0.00")):
        ws.cell(40 + k, 5, 1.5).number_format = fmt
    wb.save(path)

    def edit(xml: bytes) -> bytes:  # a custom id under 164 (redefines 14) and a custom format equal to built-in 2
        xml = re.sub(rb'<numFmts count="(\d+)">', lambda m: b'<numFmts count="%d"><numFmt numFmtId="14" formatCode="0.0"/>'
                     % (int(m.group(1)) + 1), xml, count=1)
        return xml.replace(b'formatCode="#,##0.0000"', b'formatCode="0.00"')

    edited = corpus.rewrite_member(path, folder / "formats-edited.xlsx", "xl/styles.xml", edit)
    for p in (path, edited):
        with zipfile.ZipFile(p) as archive:
            ours = number_formats(archive)
        assert ours == _openpyxl_number_formats(p), p.name
        assert ours[2] and ours[1] > ours[2]  # time spans are dates too
        _same(p)
    def lack(xml: bytes) -> bytes:  # two cell styles whose number format id (170) the stylesheet does not define
        head, sep, tail = xml.partition(b"<cellXfs")
        return head + sep + re.sub(rb'(<xf [^>]*numFmtId=")\d+', rb"\g<1>170", tail, count=2)

    lacking = corpus.rewrite_member(path, folder / "formats-lacking.xlsx", "xl/styles.xml", lack)
    with zipfile.ZipFile(lacking) as archive, pytest.raises(Unsupported):
        number_formats(archive)
    _same(lacking)

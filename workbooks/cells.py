"""The cells of a case workbook, read at openpyxl's floor: only what the reader looks at.

:func:`open_cells` opens the workbook with openpyxl's own reader up to the worksheets (manifest, shared
strings, sheet list, properties: the same parsers as a full ``load_workbook``; of the stylesheet only each
style's number format, :func:`number_formats`) and gives each sheet as a
:class:`SheetCells`, parsed on first use and only for the sheets the reader asks for.  A sheet's XML
is parsed once by lxml (no DTD, no entities, no network: the file already passed
:mod:`greendiag.workbooks.safety`); XPath picks the cells that hold something (a value, a formula or
an inline string), so the thousands of empty formatted cells of a template (spare table rows, the
节假日安排 sheet) cost nothing in Python.  Each cell is turned into a value exactly as openpyxl's
worksheet parser does (numbers, shared and inline strings, booleans, errors, dates by the cell's
number format and the workbook's 1900/1904 epoch, formulas as ``=…`` text, shared formulas
translated, array and data-table formulas as openpyxl's objects); merged ranges cover their cells
with openpyxl's ``MergedCell`` as a full load does.

What it gives is what the reader uses of an openpyxl worksheet: ``title``, ``sheet_state``,
``_cells`` (``{(row, column): cell}``, cells with ``value``, ``data_type``, ``number_format``),
``max_row``, ``merged_cells.ranges``, ``cell(row, column)`` (never creating a cell) and ``_images`` (the
pictures drawn on the sheet, read by openpyxl's own drawing reader as a full load reads them: 现场照片's
inserted photos).  Anything it
does not handle (a cell or row without its reference) raises :class:`Unsupported`; the reader then
loads the file with openpyxl's full ``load_workbook``, the path ``tests/test_reader_cells.py``
compares this one with.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import IO, Any
from zipfile import ZipFile

from lxml import etree
from openpyxl.cell.cell import MergedCell
from openpyxl.cell.text import Text
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.formula.translate import Translator
from openpyxl.packaging.relationship import get_dependents, get_rels_path
from openpyxl.reader.drawings import find_images
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE, is_date_format, is_timedelta_format
from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.xml.constants import SHEET_MAIN_NS

_NS = {"x": SHEET_MAIN_NS}
_MERGED = etree.XPath("x:mergeCells/x:mergeCell/@ref", namespaces=_NS)
_V, _F, _IS, _T, _C, _ROW, _SHEET_DATA = (f"{{{SHEET_MAIN_NS}}}{t}" for t in ("v", "f", "is", "t", "c", "row", "sheetData"))
_coordinate = lru_cache(maxsize=1 << 16)(coordinate_to_tuple)
"""``"B12"`` → ``(12, 2)`` as openpyxl reads a cell's reference (the references of case sheets repeat from file to file)."""
_STYLES = "xl/styles.xml"
_STYLE_SHEET = f"{{{SHEET_MAIN_NS}}}styleSheet"
_NUMFMTS = etree.XPath("x:numFmts/x:numFmt", namespaces=_NS)
_CELL_XFS = etree.XPath("x:cellXfs/x:xf", namespaces=_NS)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class Unsupported(Exception):
    """A sheet this reader does not parse (the caller loads the workbook with openpyxl instead)."""


@dataclass(slots=True)
class Cell:
    """A cell as the reader sees it: its value, openpyxl's data type and its number format."""

    value: Any
    data_type: str
    number_format: str


_EMPTY = Cell(None, "n", "General")


@dataclass(frozen=True)
class _Chartsheet:
    title: str
    sheet_state: str


class _Merged:
    """A sheet's merged ranges; openpyxl's ``CellRange`` objects made on first use of ``ranges`` (the
    reader needs them only to name the range of a merged input cell)."""

    def __init__(self, refs: list[str]):
        self._refs = refs
        self._ranges: list[CellRange] | None = None

    @property
    def ranges(self) -> list[CellRange]:
        if self._ranges is None:
            self._ranges = [CellRange(ref) for ref in self._refs]
        return self._ranges


def _bounds(ref: str) -> tuple[int, int, int, int]:
    """``(min_col, min_row, max_col, max_row)`` of a merged range, refused where ``CellRange(ref)`` refuses it."""
    if "!" in ref:
        rng = CellRange(ref)
        return rng.min_col, rng.min_row, rng.max_col, rng.max_row
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    if min_col > max_col or min_row > max_row:
        raise ValueError(f"合并区域 {ref} 的起止颠倒")
    return min_col, min_row, max_col, max_row


class SheetCells:
    """One worksheet's cells (parsed on first use of ``_cells``, ``max_row`` or ``merged_cells``; from
    then on they are plain attributes)."""

    _cells: dict[tuple[int, int], Any]
    max_row: int
    merged_cells: _Merged

    def __init__(self, book: Book, title: str, sheet_state: str, path: str):
        self.title = title
        self.sheet_state = sheet_state
        self._book = book
        self._path = path
        self._pictures: list[Any] | None = None

    def __getattr__(self, name: str) -> Any:  # only for what is not set yet: the parsed sheet
        if name not in ("_cells", "max_row", "merged_cells"):
            raise AttributeError(name)
        try:
            self._cells, self.max_row, self.merged_cells = self._book.parse_sheet(self, self._path)
        except Exception as exc:  # the reader reads the file with openpyxl instead
            raise Unsupported(f"{self.title}: {type(exc).__name__}: {exc}") from exc
        return getattr(self, name)

    @property
    def _images(self) -> list[Any]:
        """The pictures on the sheet (openpyxl ``Image`` objects with their ``anchor``), as a full load gives them."""
        if self._pictures is None:
            try:
                self._pictures = self._book.images(self._path)
            except Exception as exc:  # the reader reads the file with openpyxl instead
                raise Unsupported(f"{self.title}: {type(exc).__name__}: {exc}") from exc
        return self._pictures

    def cell(self, row: int, column: int) -> Any:
        """The cell at (``row``, ``column``), an empty one where the sheet has none."""
        return self._cells.get((row, column), _EMPTY)


class Book:
    """A workbook's sheets for the reader: ``sheetnames``, ``worksheets`` (:class:`SheetCells`),
    ``chartsheets`` (title and state only)."""

    def __init__(self, fh: IO[bytes], parts: Mapping[str, bytes] | None = None):
        # openpyxl's reader up to its worksheets: manifest, shared strings, workbook (sheets, epoch),
        # properties and styles, as a full load_workbook reads them (and fails where it fails)
        reader = ExcelReader(fh, read_only=True, keep_links=False)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        reader.read_properties()
        reader.read_custom()
        wb = reader.wb
        self._archive = reader.archive
        self._valid_files = reader.valid_files
        self._parts = dict(parts or {})  # worksheet XML already inflated (by the safety checks), taken once
        self._strings = reader.shared_strings
        self._formats, self._dates, self._timedeltas = number_formats(reader.archive, self._parts.pop(_STYLES, None))
        self._epoch = wb.epoch
        self.sheetnames: list[str] = []
        self.worksheets: list[SheetCells] = []
        self.chartsheets: list[_Chartsheet] = []
        for sheet, rel in reader.parser.find_sheets():
            if rel.target not in reader.valid_files:
                continue  # as openpyxl: a sheet without its part is no sheet
            self.sheetnames.append(sheet.name)
            if "chartsheet" in rel.Type:
                self.chartsheets.append(_Chartsheet(sheet.name, sheet.state))
            else:
                self.worksheets.append(SheetCells(self, sheet.name, sheet.state, rel.target))

    def close(self) -> None:
        self._archive.close()

    def images(self, path: str) -> list[Any]:
        """The pictures of the worksheet part ``path``: its drawings' images, as openpyxl's ``read_worksheets``."""
        rels_path = get_rels_path(path)
        if rels_path not in self._valid_files:
            return []
        out: list[Any] = []
        for rel in get_dependents(self._archive, rels_path).find(SpreadsheetDrawing._rel_type):
            out += find_images(self._archive, rel.target)[1]
        return out

    def _number_format(self, style_id: int) -> str:
        return self._formats[style_id]  # IndexError (a style the stylesheet lacks): openpyxl reads the file instead

    def parse_sheet(self, sheet: SheetCells, path: str) -> tuple[dict[tuple[int, int], Any], int, _Merged]:
        """``({(row, column): cell}, max_row, merged ranges)`` of the worksheet part ``path``.

        One pass over the rows of ``sheetData`` in document order: a cell without a value, formula or
        inline string is skipped (an empty formatted cell costs one test), a plain number or shared
        string is read on the spot, anything else by :meth:`_value`.  A row with cells or a cell
        without its reference raises :class:`Unsupported`."""
        xml = self._parts.pop(path, None)
        root = etree.fromstring(self._archive.read(path) if xml is None else xml, _PARSER)
        strings, formats, dates = self._strings, self._formats, self._dates
        cells: dict[tuple[int, int], Any] = {}
        shared_formulae: dict[str, Translator] = {}
        max_row = 0
        for data in root.iterchildren(_SHEET_DATA):
            for row in data.iterchildren(_ROW):
                if not len(row) or row.find(_C) is None:
                    continue
                r = row.get("r")
                if r is None:
                    raise Unsupported(f"{sheet.title}: 行或单元格缺少引用")
                max_row = max(max_row, int(r))
                for el in row.iterchildren(_C):
                    ref = el.get("r")
                    if ref is None:
                        raise Unsupported(f"{sheet.title}: 行或单元格缺少引用")
                    if not len(el):
                        continue
                    v = f = inline = None
                    for child in el:
                        tag = child.tag
                        if tag == _V:
                            v = child if v is None else v
                        elif tag == _F:
                            f = child if f is None else f
                        elif tag == _IS:
                            inline = child if inline is None else inline
                    if v is None and f is None and inline is None:
                        continue
                    s = el.get("s")
                    style_id = int(s) if s else 0
                    t = el.get("t")
                    text = None if v is None else v.text
                    if f is None and text and style_id not in dates and (t is None or t == "n" or t == "s"):
                        if t == "s":  # a shared string
                            value, data_type = strings[int(text)], "s"
                        else:  # a plain number
                            value = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
                            data_type = "n"
                    else:
                        value, data_type = self._value(el, ref, style_id, t or "n", text, f, inline, strings, shared_formulae)
                    cells[_coordinate(ref)] = Cell(value, data_type, formats[style_id])
        refs = [str(ref) for ref in _MERGED(root)]
        for ref in refs:
            min_col, min_row, max_col, max_row_ = _bounds(ref)
            for r in range(min_row, max_row_ + 1):
                for c in range(min_col, max_col + 1):
                    if r != min_row or c != min_col:
                        cells[r, c] = MergedCell(sheet, r, c)
            max_row = max(max_row, max_row_)
        return cells, max(max_row, 1), _Merged(refs)

    def _value(self, el: Any, ref: str, style_id: int, data_type: str, text: str | None, formula: Any, inline: Any,
               strings: Any, shared: dict[str, Translator]) -> tuple[Any, str]:
        """openpyxl's ``WorkSheetParser.parse_cell`` for one filled cell: (value, data type).  ``text``:
        the cell's first ``<v>``'s text, ``formula`` and ``inline`` its first ``<f>`` and ``<is>``."""
        value = None if data_type == "inlineStr" else (text or None)
        if formula is not None:
            text = "=" + (formula.text or "")
            kind = formula.get("t")
            if kind == "array":
                return ArrayFormula(ref=formula.get("ref"), text=text), "f"
            if kind == "shared":
                idx = formula.get("si")
                if idx in shared:
                    return shared[idx].translate_formula(ref), "f"
                if text != "=":
                    shared[idx] = Translator(text, ref)
            elif kind == "dataTable":
                return DataTableFormula(**formula.attrib), "f"
            return text, "f"
        if value is not None:
            if data_type == "n":
                value = float(value) if ("." in value or "E" in value or "e" in value) else int(value)
                if style_id in self._dates:
                    try:
                        return from_excel(value, self._epoch, timedelta=style_id in self._timedeltas), "d"
                    except (OverflowError, ValueError):
                        return "#VALUE!", "e"
            elif data_type == "s":
                value = strings[int(value)]
            elif data_type == "b":
                value = bool(int(value))
            elif data_type == "str":
                data_type = "s"
            elif data_type == "d":
                value = from_ISO8601(value)
        elif data_type == "inlineStr":
            if inline is not None:
                if len(inline) == 1 and inline[0].tag == _T:  # openpyxl's own <is><t>…</t></is>: its text
                    return inline[0].text or "", "s"
                return Text.from_tree(inline).content, "s"
        return value, data_type


def number_formats(archive: ZipFile, xml: bytes | None = None) -> tuple[list[str], set[int], set[int]]:
    """Of ``xl/styles.xml``, what the reader needs: each cell style's number format (by style id) and the
    style ids whose format is a date and a time span, as openpyxl's ``apply_stylesheet`` gives them
    (``wb._cell_styles``' numFmtId, ``wb._number_formats``, ``wb._date_formats``, ``wb._timedelta_formats``)
    without building fonts, fills, borders and named styles (most of a read's stylesheet time).

    Anything it does not read as openpyxl does (a number format id without its format, a style list
    missing, another namespace, an id that is not a number) raises, and the reader loads the file with
    openpyxl instead.  A stylesheet broken only in its fonts, fills or borders (openpyxl refuses it) is read.
    ``xml``: the stylesheet's bytes when they are already inflated.
    """
    try:
        src = archive.read(_STYLES) if xml is None else xml
    except KeyError:  # no stylesheet: openpyxl's default style only
        return ["General"], set(), set()
    root = etree.fromstring(src, _PARSER)
    if root.tag != _STYLE_SHEET:
        raise Unsupported(f"样式表根元素 {root.tag}")
    custom = {int(n.get("numFmtId")): _required(n.get("formatCode")) for n in _NUMFMTS(root)}
    xfs = _CELL_XFS(root)
    if not xfs:
        raise Unsupported("样式表没有单元格样式")
    formats: list[str] = []
    dates: set[int] = set()
    spans: set[int] = set()
    for idx, xf in enumerate(xfs):
        num = int(xf.get("numFmtId", "0"))
        if num in custom:
            fmt = custom[num]
        elif num < BUILTIN_FORMATS_MAX_SIZE:
            fmt = BUILTIN_FORMATS.get(num)
        else:
            raise Unsupported(f"样式 {idx} 的数字格式 {num} 未定义")
        if is_date_format(fmt):
            dates.add(idx)
        if is_timedelta_format(fmt):
            spans.add(idx)
        formats.append("General" if fmt is None else fmt)
    return formats, dates, spans


def _required(text: str | None) -> str:
    if text is None:
        raise Unsupported("数字格式缺少 formatCode")
    return text


def open_cells(fh: IO[bytes], parts: Mapping[str, bytes] | None = None) -> Book:
    """The workbook in ``fh`` for the reader (see the module's docstring); openpyxl's exceptions for a
    file it cannot open.  ``parts``: ``{member name: bytes}`` of members already inflated from the same
    bytes (:class:`greendiag.workbooks.safety.CheckedFile`), used instead of inflating them again."""
    return Book(fh, parts)

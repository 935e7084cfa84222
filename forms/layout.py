"""python-docx helpers that give the templates the look of printed government forms.

A4 paper with 公文 margins (top 3.7 cm, bottom 3.5 cm, left 2.8 cm, right 2.6 cm, GB/T 9704
style), 仿宋 body text and 宋体/黑体 titles set through ``w:eastAsia`` (Word picks the East
Asian font from that attribute, not from ``w:ascii``), tables with single borders.
"""

from __future__ import annotations

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
HEADING_FONT = "黑体"
KAI_FONT = "楷体"
LATIN_FONT = "Times New Roman"
PLACEHOLDER_COLOR = RGBColor(0xC0, 0x00, 0x00)
"""Colour of the 【待填写：…】 blanks of the report (dark red: visibly not final text)."""

SIZE_TITLE = Pt(22)  # 二号
SIZE_SUBTITLE = Pt(16)  # 三号
SIZE_BODY = Pt(14)  # 四号
SIZE_TABLE = Pt(12)  # 小四
SIZE_SMALL = Pt(10.5)  # 五号
SIZE_TINY = Pt(9)  # 小五

CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


def _set_fonts(rpr, east_asian: str) -> None:
    """Latin font for ``w:ascii``/``w:hAnsi`` and ``east_asian`` for ``w:eastAsia`` on a ``w:rPr``."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:ascii"), LATIN_FONT)
    rfonts.set(qn("w:hAnsi"), LATIN_FONT)
    rfonts.set(qn("w:eastAsia"), east_asian)


def set_run_font(run, font: str = BODY_FONT, size=None, bold: bool | None = None, underline=None) -> None:
    """Set a run's font for Latin *and* East Asian text (``w:rFonts/@w:eastAsia``)."""
    run.font.name = LATIN_FONT
    _set_fonts(run._element.get_or_add_rPr(), font)
    if size is not None:
        run.font.size = size
    if bold is not None:
        run.font.bold = bold
    if underline is not None:
        run.font.underline = underline


def new_document(title: str, *, landscape: bool = False) -> DocumentObject:
    """An empty A4 document with 公文 margins and 仿宋 四号 as the Normal style."""
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_height, section.page_width = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.header_distance, section.footer_distance = Cm(1.5), Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = SIZE_BODY
    _set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = 1.25
    # core properties: nothing from python-docx's default template
    cp = doc.core_properties
    cp.title = title
    cp.author = ""
    cp.last_modified_by = ""
    cp.comments = ""
    cp.subject = ""
    cp.keywords = ""
    cp.category = ""
    cp.revision = 1
    return doc


def text_width_cm(doc: DocumentObject) -> float:
    section = doc.sections[-1]
    return (section.page_width - section.left_margin - section.right_margin) / 360000


def paragraph(
    container,
    text: str = "",
    *,
    font: str = BODY_FONT,
    size=SIZE_BODY,
    bold: bool = False,
    align=None,
    indent_chars: float = 0,
    space_before: float = 0,
    space_after: float = 0,
    line_spacing: float | None = None,
    keep_with_next: bool = False,
) -> Paragraph:
    """Add a paragraph (to a document or a cell) holding ``text`` in one run."""
    p = container.add_paragraph()
    if text:
        add_run(p, text, font=font, size=size, bold=bold)
    fmt = p.paragraph_format
    if align is not None:
        p.alignment = align
    if indent_chars:
        fmt.first_line_indent = Pt(size.pt * indent_chars)
    fmt.space_before = Pt(space_before)
    fmt.space_after = Pt(space_after)
    if line_spacing is not None:
        fmt.line_spacing = line_spacing
    if keep_with_next:
        fmt.keep_with_next = True
    return p


def add_run(p: Paragraph, text: str, *, font: str = BODY_FONT, size=SIZE_BODY, bold: bool = False, underline=None):
    run = p.add_run(text)
    set_run_font(run, font, size, bold, underline)
    return run


def title(doc, text: str, *, size=SIZE_TITLE, font: str = TITLE_FONT, space_after: float = 12, space_before: float = 0):
    """A centred form title (宋体/黑体, bold)."""
    return paragraph(
        doc, text, font=font, size=size, bold=True, align=CENTER, space_before=space_before, space_after=space_after
    )


def annex_label(doc, text: str):
    """The 附件x-y label at the top left (黑体 三号), as on the originals."""
    return paragraph(doc, text, font=HEADING_FONT, size=SIZE_SUBTITLE, align=LEFT, space_after=6)


def page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _border_el(tag: str, size: int = 4) -> OxmlElement:
    el = OxmlElement(tag)
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(size))
    el.set(qn("w:space"), "0")
    el.set(qn("w:color"), "000000")
    return el


def table(doc, rows: int, widths_cm: list[float], *, size=SIZE_TABLE) -> Table:
    """A bordered, centred table with fixed column widths (cm)."""
    t = doc.add_table(rows=rows, cols=len(widths_cm))
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False  # w:tblLayout type="fixed", placed by python-docx
    tbl_pr = t._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_border_el(f"w:{edge}"))
    # schema order of w:tblPr (Word rejects misplaced children)
    tbl_pr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"
    )
    grid = t._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_cm):
        col.set(qn("w:w"), str(int(w * 567)))
    for row in t.rows:
        for cell, w in zip(row.cells, widths_cm):
            cell.width = Cm(w)
    return t


def set_row_height(row, cm: float, exact: bool = False) -> None:
    from docx.enum.table import WD_ROW_HEIGHT_RULE

    row.height = Cm(cm)
    row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY if exact else WD_ROW_HEIGHT_RULE.AT_LEAST


def repeat_header(row) -> None:
    """Repeat this row at the top of each page the table spans."""
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def cant_split(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


def cell_text(
    cell: _Cell,
    text: str = "",
    *,
    font: str = BODY_FONT,
    size=SIZE_TABLE,
    bold: bool = False,
    align=CENTER,
    valign=WD_CELL_VERTICAL_ALIGNMENT.CENTER,
) -> Paragraph:
    """Replace a cell's content by one paragraph holding ``text``."""
    p = cell.paragraphs[0]
    for r in list(p.runs):
        r._element.getparent().remove(r._element)
    if text:
        add_run(p, text, font=font, size=size, bold=bold)
    p.alignment = align
    p.paragraph_format.line_spacing = 1.0
    cell.vertical_alignment = valign
    return p


def cell_para(cell: _Cell, text: str = "", *, size=SIZE_TABLE, align=LEFT, font: str = BODY_FONT, bold=False) -> Paragraph:
    """Append another paragraph to a cell."""
    p = cell.add_paragraph()
    if text:
        add_run(p, text, font=font, size=size, bold=bold)
    p.alignment = align
    p.paragraph_format.line_spacing = 1.0
    return p


def add_page_number_footer(doc, *, size=SIZE_BODY) -> None:
    """Footer ``－ N －`` centred (page number field), as on the printed guide."""
    footer = doc.sections[0].footer
    p = footer.paragraphs[0]
    p.alignment = CENTER
    add_run(p, "－ ", size=size, font=TITLE_FONT)
    run = p.add_run()
    set_run_font(run, TITLE_FONT, size)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._element.append(fld)
        elif text.strip() == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._element.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._element.append(t)
    add_run(p, " －", size=size, font=TITLE_FONT)

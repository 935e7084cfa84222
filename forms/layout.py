"""python-docx helpers that give the templates the look of printed government forms.

A4 paper with 公文 margins (top 3.7 cm, bottom 3.5 cm, left 2.8 cm, right 2.6 cm, GB/T 9704
style), 仿宋 body text and 宋体/黑体 titles set through ``w:eastAsia`` (Word picks the East
Asian font from that attribute, not from ``w:ascii``), tables with single borders.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
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
SIZE_DENSE = Pt(8)  # 附件2-1-2 year tables: 31 rows on one page

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
    with core_properties_ns():
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
    """A new page: an empty paragraph that starts one (``pageBreakBefore``), not a break character: when
    the page before is already full the paragraph falls at the top of the next page and the break costs
    nothing, where a break run would push on once more and leave a blank page (the demo report's page 18).
    The paragraph is 1 pt high (exact line spacing, no spacing), so the new page starts as with a break run."""
    f = doc.add_paragraph().paragraph_format
    f.page_break_before = True
    f.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    f.line_spacing = Pt(1)
    f.space_before = f.space_after = Pt(0)


def _border_el(tag: str, size: int = 4) -> OxmlElement:
    el = OxmlElement(tag)
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(size))
    el.set(qn("w:space"), "0")
    el.set(qn("w:color"), "000000")
    return el


def table(doc, rows: int, widths_cm: list[float], *, size=SIZE_TABLE, margin_cm: float | None = None) -> Table:
    """A bordered, centred table with fixed column widths (cm); ``margin_cm``: left/right cell margins
    (Word's default 0.19 cm; narrower lets a dense table keep numbers and short headers on one line)."""
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
    if margin_cm is not None:
        mar = OxmlElement("w:tblCellMar")
        for edge in ("left", "right"):
            el = OxmlElement(f"w:{edge}")
            el.set(qn("w:w"), str(int(margin_cm * 567)))
            el.set(qn("w:type"), "dxa")
            mar.append(el)
        tbl_pr.insert_element_before(mar, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
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


_WATERMARK = (
    '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word">'
    '<w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:noProof/></w:rPr><w:pict>'
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
    'path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas>'
    '<v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/>'
    '<v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/>'
    '<v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/>'
    '<v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>'
    '<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" '
    'o:connectangles="270,180,90,0"/><v:textpath on="t" fitshape="t"/>'
    '<v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>'
    '<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
    '<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s2049" type="#_x0000_t136" '
    'style="position:absolute;margin-left:0;margin-top:0;width:360pt;height:180pt;rotation:315;'
    'z-index:-251654144;mso-position-horizontal:center;mso-position-horizontal-relative:margin;'
    'mso-position-vertical:center;mso-position-vertical-relative:margin" o:allowincell="f" '
    'fillcolor="#d8d8d8" stroked="f"><v:fill opacity=".5"/>'
    '<v:textpath style="font-family:&quot;黑体&quot;;font-size:1pt" string="{text}"/>'
    '<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r></w:p>'
)


def add_watermark(doc: DocumentObject, text: str) -> None:
    """Word's text watermark (a VML ``PowerPlusWaterMarkObject`` in each section's header, as
    Design → Watermark writes it; LibreOffice shows it too) saying ``text`` on every page."""
    from docx.oxml import parse_xml
    from markupsafe import escape

    for section in doc.sections:
        headers = [section.header]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
        for header in headers:
            header.is_linked_to_previous = False
            header._element.append(parse_xml(_WATERMARK.replace("{text}", str(escape(text)))))


HEADING_SIZES = {1: SIZE_SUBTITLE, 2: SIZE_BODY, 3: SIZE_BODY}
"""Heading levels of the reports: 1 the parts (基本信息表, 报告正文, 附件2-1-x), 2 sections 一–六, 3 （一）…."""


def setup_headings(doc: DocumentObject) -> None:
    """Make Word's built-in 标题 1–3 styles (outline levels 1–3: Word's navigation pane, the 目录 field and
    the PDF bookmarks come from them) look like the report's headings: 黑体, black, not italic."""
    from docx.enum.style import WD_STYLE_TYPE

    for level, size in HEADING_SIZES.items():
        style = doc.styles[f"Heading {level}"]
        style.font.name = LATIN_FONT
        _set_fonts(style.element.get_or_add_rPr(), HEADING_FONT if level < 3 else KAI_FONT)
        style.font.size = size
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        rpr = style.element.get_or_add_rPr()
        for tag in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts = rpr.find(qn("w:rFonts"))
            if rfonts is not None and rfonts.get(qn(tag)) is not None:
                del rfonts.attrib[qn(tag)]
        pf = style.paragraph_format
        pf.space_before, pf.space_after = Pt(8), Pt(4)
        pf.keep_with_next = True
        pf.line_spacing = 1.25
    for level in (1, 2):
        name = f"toc {level}"
        if name not in [s.name for s in doc.styles]:
            style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = doc.styles["Normal"]
            style.paragraph_format.left_indent = Pt(0 if level == 1 else 28)
            style.paragraph_format.tab_stops.add_tab_stop(Cm(15.6), alignment=2, leader=1)  # right, dots


def heading(doc, text: str, level: int, *, align=None, size=None, font: str | None = None,
            space_before: float = 8, space_after: float = 4) -> Paragraph:
    """A heading paragraph in Word's 标题 ``level`` style (see :func:`setup_headings`)."""
    p = doc.add_paragraph(style=f"Heading {level}")
    add_run(p, text, font=font or (HEADING_FONT if level < 3 else KAI_FONT), size=size or HEADING_SIZES[level],
            bold=True)
    if align is not None:
        p.alignment = align
    if level == 3:
        p.paragraph_format.first_line_indent = Pt(28)
    p.paragraph_format.space_before = Pt(space_before)
    p.paragraph_format.space_after = Pt(space_after)
    return p


TOC_LEVELS = 2


def _field(p: Paragraph, instr: str) -> None:
    """Append a field's ``begin / instr / separate`` runs to ``p`` (its result and ``end`` follow)."""
    for kind, text in (("begin", None), (None, instr), ("separate", None)):
        r = p.add_run()._r
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            r.append(fld)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
            r.append(el)


def add_toc(doc: DocumentObject) -> None:
    """A 目录 page: the title and a Word ``TOC`` field over the 标题 1–2 headings.

    The field's shown result is written now from the document's headings (one ``toc N`` paragraph each,
    page number blank: :func:`greendiag.forms.toc.fill_page_numbers` writes them from a PDF, Word rewrites
    them when the document is opened — ``w:updateFields`` asks it to).  Call after the whole body is built;
    the page goes after the first page break (the cover).
    """
    names = {s.style_id: s.name for s in doc.styles}  # once: ``p.style`` searches every style per paragraph
    heads = []
    for p in doc.paragraphs:
        name = names.get(p._p.style or "", "")
        if name.startswith("Heading ") and int(name.split()[-1]) <= TOC_LEVELS and "{" not in p.text:
            heads.append((int(name.split()[-1]), p.text))
    body = doc.element.body
    anchor = next(p for p in doc.paragraphs if p.paragraph_format.page_break_before  # :func:`page_break`
                  or any(br.get(qn("w:type")) == "page" for br in p._p.iter(qn("w:br"))))
    title_p = paragraph(doc, "目    录", font=HEADING_FONT, size=SIZE_SUBTITLE, bold=True, align=CENTER, space_after=12)
    items = [title_p._p]
    first = True
    for level, text in heads:
        p = doc.add_paragraph(style=f"toc {level}")
        if first:
            _field(p, f' TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u ')
            first = False
        add_run(p, text, size=SIZE_BODY if level == 1 else SIZE_TABLE)
        add_run(p, "\t", size=SIZE_TABLE)
        items.append(p._p)
    end = doc.add_paragraph()
    r = end.add_run()._r
    fld = OxmlElement("w:fldChar")
    fld.set(qn("w:fldCharType"), "end")
    r.append(fld)
    end.add_run().add_break(WD_BREAK.PAGE)
    items.append(end._p)
    at = anchor._p
    for el in items:
        body.remove(el)
        at.addnext(el)
        at = el
    settings = doc.settings.element
    upd = OxmlElement("w:updateFields")
    upd.set(qn("w:val"), "true")
    # CT_Settings is a sequence: updateFields stands before hdrShapeDefaults … listSeparator (ISO 29500-1 §17.15.1)
    later = {qn(f"w:{n}") for n in _SETTINGS_AFTER_UPDATE_FIELDS}
    nxt = next((el for el in settings if el.tag in later or not el.tag.startswith("{" + W_NS)), None)
    if nxt is None:
        settings.append(upd)
    else:
        nxt.addprevious(upd)


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_SETTINGS_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "attachedSchema", "themeFontLang",
    "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
    "readModeInkLockDown", "smartTagType", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


@contextmanager
def core_properties_ns() -> Iterator[None]:
    """python-docx's ``cp`` prefix as the core-properties namespace while core properties are set: docxtpl
    imports docxcompose, which rebinds ``cp`` to the custom-properties namespace in python-docx's shared map, and
    a setter then appends a second, invalid ``lastModifiedBy`` instead of setting the first."""
    from docx.oxml.ns import nsmap

    saved = nsmap.get("cp")
    nsmap["cp"] = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    try:
        yield
    finally:
        if saved is not None:
            nsmap["cp"] = saved


def unnumbered_first_page(doc: DocumentObject) -> None:
    """The cover carries no page number: a different, empty first-page footer (``w:titlePg``)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_footer.is_linked_to_previous = False

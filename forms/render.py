"""Render the official annexes of one case with docxtpl (``autoescape=True``, ``StrictUndefined``).

User text is printed literally: XML specials are escaped, Jinja syntax in the data is never
evaluated, characters XML 1.0 forbids (control characters) are dropped, and line breaks become
line breaks.  A template variable the context does not define raises
``jinja2.exceptions.UndefinedError`` instead of printing nothing.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from markupsafe import Markup, escape

from greendiag.files import fit_name, write_bytes_atomic
from greendiag.forms.contexts import PhotoItem, build_context
from greendiag.forms.fonts import cjk_font
from greendiag.forms.photos import photo_path, prepare_photo, prepare_photo_bytes
from greendiag.forms.templates import template_bytes
from greendiag.rules.assess import CaseAssessment
from greendiag.rules.models import Case, CaseKind


@dataclass(frozen=True)
class DocumentSpec:
    """One annex a case gets: template key, annex number and title (file name part)."""

    key: str
    annex: str
    title: str

    @property
    def label(self) -> str:
        return f"{self.annex}_{self.title}" if self.annex else self.title


PARK_DOCUMENTS = (
    DocumentSpec("application_park", "附件1-1", "绿色诊断申请表（工业园区）"),
    DocumentSpec("commitment_park", "附件2-2", "保密承诺书"),
    DocumentSpec("report_park", "附件2-1", "北京市工业园区绿色诊断评估报告"),
    DocumentSpec("confirmation_park", "附件2-3", "绿色诊断评估工作确认单"),
    DocumentSpec("satisfaction_park", "附件2-4", "绿色诊断服务工作满意度评价表"),
)
"""The annexes of a park case (《北京市工业园区绿色诊断工作指南》附件2-1至2-4, 申请表 附件1-1)."""

ENTERPRISE_DOCUMENTS = (
    DocumentSpec("application_enterprise", "附件1-1", "绿色诊断申请表（企业）"),
    DocumentSpec("commitment_enterprise", "附件1-2", "保密承诺书"),
    DocumentSpec("report_enterprise", "", "企业绿色诊断评估报告"),
    DocumentSpec("satisfaction_enterprise", "附件1-3", "绿色诊断服务工作满意度评价表"),
)
"""The annexes of an enterprise case (《北京市制造业绿色诊断工作规则》附件1-1至1-3; the report
follows 附件2-1: the source documents give no enterprise report template)."""


def documents_for(case: Case) -> tuple[DocumentSpec, ...]:
    """The annexes a case gets, by its kind (园区 / 企业)."""
    return PARK_DOCUMENTS if case.kind is CaseKind.PARK else ENTERPRISE_DOCUMENTS


# ---------------------------------------------------------------- safe file names

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_NAME_CHARS = 60
MAX_NAME_BYTES = 180
"""Bytes of the unit part: the longest annex suffix (``_附件2-1_北京市工业园区绿色诊断评估报告.docx``,
67 bytes) must still fit the file system's 255."""


def safe_name(text: str, *, max_chars: int = MAX_NAME_CHARS, max_bytes: int = MAX_NAME_BYTES,
              fallback: str = "未命名单位") -> str:
    """A file-name part from user text, safe on Windows, macOS and Linux.

    Drops path separators, ``..``, the characters Windows forbids (``<>:"/\\|?*``), control and
    format characters, leading/trailing dots and spaces; avoids reserved device names
    (CON, PRN, AUX, NUL, COM1–9, LPT1–9); cuts to ``max_chars`` characters and ``max_bytes``
    bytes (UTF-8; UTF-16 units on Windows: :func:`greendiag.files.fit_name`).  Never empty.
    """
    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if ch in "\t\n\r" else ch for ch in text)
    text = _FORBIDDEN.sub("", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"))
    text = re.sub(r"\.{2,}", ".", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    text = fit_name(text[:max_chars], max_bytes).strip(" .")
    if not text:
        text = fallback
    if text.split(".")[0].upper() in _RESERVED:
        text = "_" + text
    return text


DRAFT_MARK = "草稿"
"""The word a draft carries: in its file names (``…_草稿.docx``) and as the watermark on every page."""


def output_names(case: Case, *, draft: bool = False) -> list[str]:
    """File names (``.docx``) of the annexes of ``case``: ``<单位名称>_<附件号>_<标题>.docx``
    (``…_草稿.docx`` for a draft)."""
    unit = safe_name(case.unit_name)
    tail = f"_{DRAFT_MARK}" if draft else ""
    return [f"{unit}_{spec.label}{tail}.docx" for spec in documents_for(case)]


# ---------------------------------------------------------------- Jinja environment

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _finalize(value: Any) -> Any:
    """Escape every printed value; keep markup objects (docxtpl images) as they are.

    docxtpl rewrites ``{_{``, ``}_}``, ``{_%`` and ``%_}`` in the rendered XML into Jinja
    delimiters; the underscore next to a brace or percent sign is therefore written as the
    character reference ``&#95;`` so user text keeps it.
    """
    if hasattr(value, "__html__"):
        return value
    if value is None:
        return ""
    text = _XML_ILLEGAL.sub("", str(value))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    out = str(escape(text))
    if "_" in out:
        out = re.sub(r"(?<=[{%])_|_(?=[}%])", "&#95;", out)
    return Markup(out)


def jinja_env() -> jinja2.Environment:
    """The environment every template is rendered with (autoescape, strict undefined)."""
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, finalize=_finalize)


_ENV = jinja_env()
_COMPILED: dict[str, jinja2.Template] = {}

DOCXTPL_OVERRIDES = {
    "build_xml": "7a89be65223d53b2",
    "render_xml_part": "a269a1b022b2ecce",
    "render_properties": "eecfedd94a23badf",
    "map_tree": "c0e450f7dd1ea137",
    "resolve_listing": "78f205447f727aba",
    "fix_tables": "4b4a73822a4e7dae",
    "fix_docpr_ids": "4888ebc67e3e740b",
}
"""The docxtpl methods :class:`_CachedTemplate` replaces, with the hash of their code
(:func:`docxtpl_code_hash`) in the releases it was written against: docxtpl 0.18.0 to 0.20.2, all
identical (pyproject pins ``docxtpl>=0.18,<0.21``; the hashes of ``map_tree``, ``resolve_listing``,
``fix_tables`` and ``fix_docpr_ids`` taken from 0.20.2).  tests/test_render_cache.py fails when an
installed release changes one of them; then compare the new code with the override and update both."""


def docxtpl_code_hash(name: str) -> str:
    """First 16 hex digits of the SHA-256 of ``ast.unparse`` of ``DocxTemplate.<name>`` (formatting-proof)."""
    import ast
    import hashlib
    import inspect
    import textwrap

    tree = ast.parse(textwrap.dedent(inspect.getsource(getattr(DocxTemplate, name))))
    return hashlib.sha256(ast.unparse(tree.body[0]).encode("utf-8")).hexdigest()[:16]


def _compiled(src_xml: str, jinja_env: jinja2.Environment | None = None) -> jinja2.Template:
    """The Jinja template of a prepared part's XML, compiled once per process (as docxtpl's ``render_xml_part``
    compiles it: with a line break before each paragraph, taken out again after rendering)."""
    template = _COMPILED.get(src_xml)
    if template is None:
        template = _COMPILED[src_xml] = (jinja_env or _ENV).from_string(re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml))
    return template


_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)  # docxtpl's resolve_listing's
_LISTING = "\t\a\n\f"  # the characters docxtpl's resolve_listing turns into markup


def _listing_positions(xml: str) -> list[int]:
    """Where ``xml`` holds a character of :data:`_LISTING`, in order (``str.find``: a regular expression
    over a body with Chinese text takes 30 times longer)."""
    found = []
    for ch in _LISTING:
        at = xml.find(ch)
        while at >= 0:
            found.append(at)
            at = xml.find(ch, at + 1)
    return sorted(found)


@functools.cache
def _prepared(key: str) -> tuple[bytes, str]:
    """Template ``key`` split once per process: (its package with an empty body, its body's XML as docxtpl
    prepares it for Jinja, ``patch_xml``).  Rendering parses the package, not the template's body (the
    park report's is 370 KB): the rendered body replaces the body anyway (:meth:`_CachedTemplate.map_tree`).
    The package's parts are stored, not deflated: a render opens it without inflating them (a fifth of
    opening it); python-docx deflates the documents it writes as always."""
    import zipfile

    tpl = DocxTemplate(io.BytesIO(template_bytes(key)))
    tpl.init_docx()
    body = tpl.patch_xml(tpl.get_xml())
    tpl.docx.element.body.clear()
    deflated, stored = io.BytesIO(), io.BytesIO()
    tpl.docx.save(deflated)
    with zipfile.ZipFile(deflated) as src, zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, src.read(item))
    return stored.getvalue(), body


class _CachedTemplate(DocxTemplate):
    """docxtpl's ``DocxTemplate`` of annex template ``key``, prepared and compiled once per process.

    docxtpl parses the template's body, cleans its XML (``patch_xml``) and compiles its Jinja source on
    every render, which costs more than rendering; here the body is prepared once (:func:`_prepared`) and
    its compiled template cached (:func:`_compiled`).  Core properties are not rendered as templates:
    :func:`render_document` sets them.  The overridden methods repeat docxtpl's own
    (:data:`DOCXTPL_OVERRIDES`) but for the caches, the rendered body is parsed once, as the body of the
    whole document (:meth:`fix_tables`, :meth:`map_tree`), and line breaks in the data are made markup only in the paragraphs that hold one
    (:meth:`resolve_listing`).
    """

    def __init__(self, key: str) -> None:
        shell, self.prepared_body = _prepared(key)
        self._frame = _frame(key)
        self.rendered_root = None
        super().__init__(io.BytesIO(shell))

    def build_xml(self, context, jinja_env=None):
        return self.render_xml_part(self.prepared_body, self.docx._part, context, jinja_env)

    def render_xml_part(self, src_xml, part, context, jinja_env=None):
        template = _compiled(src_xml, jinja_env)
        self.current_rendering_part = part
        dst_xml = template.render(context)
        dst_xml = dst_xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")  # docxtpl's re.sub(r"\n<w:p([ >])", …)
        dst_xml = dst_xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        return self.resolve_listing(dst_xml)

    def resolve_listing(self, xml):
        """docxtpl's, applied only to the paragraphs holding a character it turns into markup (tab, line,
        paragraph or page break): the same result without docxtpl's three nested regular expressions over
        every run of every paragraph (the park report has 1,800 paragraphs, a few dozen with a line break).

        docxtpl rewrites each match of its paragraph pattern (:data:`_PARAGRAPH`) on its own and leaves a
        match without those characters as it was.  A match ends at the first ``</w:p>`` after its start tag
        (in well-formed XML a start tag holds no ``<``), so none runs across the end of a ``</w:p>``: the match
        holding a character is the first one found from the last ``</w:p>`` before it."""
        out, done = [], 0
        for at in _listing_positions(xml):
            if at < done:  # in the paragraph just rewritten
                continue
            end_tag = xml.rfind("</w:p>", done, at)
            para = _PARAGRAPH.search(xml, done if end_tag < 0 else end_tag + 6)
            if para is None or para.start() > at:  # the character is outside every paragraph
                continue
            out += [xml[done:para.start()], DocxTemplate.resolve_listing(self, para.group(0))]
            done = para.end()
        return "".join(out) + xml[done:] if out else xml

    def render_properties(self, context, jinja_env=None) -> None:
        return None

    def fix_tables(self, xml):
        """The rendered body as the body of the whole document, parsed once (:func:`_parse_document`), when
        docxtpl's ``fix_tables`` would change none of its tables' grids (:func:`_grids_kept`); otherwise
        docxtpl's own (a second parse of the document follows in :meth:`map_tree`).

        docxtpl's parses the body on its own (``recover=True``) and fixes each table's ``w:tblGrid`` where
        a row has more cells than the grid has columns or no row spans them all (our templates never
        change a row's cells: ``{%tr for %}`` repeats whole rows).  A body that does not parse as it is
        (where recovering could matter), or a table with any doubt, takes docxtpl's way: the same bytes."""
        from lxml import etree

        body, root = _without_repeated_declarations(xml, self._frame.nsmap), None
        if body is not None and not self._frame.pictures:
            try:
                root = _parse_document(self._frame, body)
            except etree.XMLSyntaxError:
                root = None
        if root is None or not _grids_kept(root.body):
            self.rendered_root = None
            return DocxTemplate.fix_tables(self, xml)
        self.rendered_root = root
        return root.body  # docxtpl's fix_docpr_ids numbers the pictures next (all of them are in the body)

    def fix_docpr_ids(self, tree):
        """docxtpl's (number the pictures from 1001 in document order), also for the body of
        :meth:`fix_tables`' document: python-docx's elements' ``xpath`` takes no ``namespaces``."""
        from docx.oxml.ns import nsmap
        from lxml import etree

        for elt in etree._Element.xpath(tree, "//wp:docPr", namespaces=nsmap):
            self.docx_ids_index += 1
            elt.attrib["id"] = str(self.docx_ids_index)

    def map_tree(self, tree):
        """Put the rendered body in the document.  docxtpl's ``root.replace(body, tree)`` makes lxml move
        the rendered body's every node into the document one at a time (0.12 s for the park report,
        more than rendering it).  Here the document parsed around the rendered body (:meth:`fix_tables`)
        becomes the document part's element; after docxtpl's ``fix_tables`` changed a grid (no annex of
        ours does), docxtpl's own."""
        from docx.document import Document

        root = self.rendered_root
        if root is None or tree is not root.body:
            return DocxTemplate.map_tree(self, tree)
        part = self.docx.part
        part._element = root
        self.docx = Document(root, part)


_TAG_NS_DECLS = re.compile(r'<[^\s<>/!?]+((?: xmlns(?::[\w.-]+)?="[^"]*")+)')
"""A start tag's name and its namespace declarations (libxml2 writes them right after the name, before the
attributes; text and attribute values hold no raw ``<``)."""
_NS_DECL = re.compile(r' xmlns(?::([\w.-]+))?="([^"]*)"')


@dataclass(frozen=True)
class _Frame:
    """The document element of a prepared template around its body: ``head`` (start tag, namespace
    declarations, the children before ``w:body``) and ``tail`` (the children after it, end tag), as
    :func:`_parse_document` joins them to a rendered body; ``nsmap``: the namespaces the start tag declares;
    ``pictures``: whether ``head`` or ``tail`` holds a ``wp:docPr`` (docxtpl's ``fix_docpr_ids`` numbers only
    the body's)."""

    head: str
    tail: str
    nsmap: dict[str | None, str]
    pictures: bool


@functools.cache
def _frame(key: str) -> _Frame:
    """:class:`_Frame` of template ``key``'s prepared package (:func:`_prepared`), once per process."""
    from docx import Document
    from lxml import etree

    root = Document(io.BytesIO(_prepared(key)[0])).element
    start = etree.tostring(etree.Element(root.tag, attrib=dict(root.attrib), nsmap=root.nsmap), encoding="unicode")
    children = [etree.tostring(child, encoding="unicode") for child in root]
    at = list(root).index(root.body)
    outside = children[:at] + children[at + 1:]
    return _Frame(head=start[:-2] + ">" + "".join(children[:at]),
                  tail="".join(children[at + 1:]) + f"</{root.prefix}:{etree.QName(root).localname}>",
                  nsmap=dict(root.nsmap), pictures=any("docPr" in xml for xml in outside))


def _parse_document(frame: _Frame, body: str):
    """The document element (python-docx's element classes) of ``frame`` around ``body`` (its namespace
    declarations repeating the document element's already dropped).  Raises ``lxml.etree.XMLSyntaxError``."""
    from docx.oxml.parser import element_class_lookup
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False)  # as python-docx's, whitespace kept as docxtpl keeps it
    parser.set_element_class_lookup(element_class_lookup)
    return etree.fromstring((frame.head + body + frame.tail).encode("utf-8"), parser)


def _without_repeated_declarations(xml: str, nsmap: dict) -> str | None:
    """``xml`` without the namespace declarations repeating ``nsmap``'s (prefix and URI), looked up where the
    text says `` xmlns`` (``str.find``; a regular expression over every tag of the park report takes 5 ms);
    ``None`` when one is not in a start tag right after its name (user text or an attribute value)."""
    declared = {k or "": v for k, v in nsmap.items()}
    out, done, at = [], 0, xml.find(" xmlns")
    while at >= 0:
        tag = _TAG_NS_DECLS.match(xml, xml.rfind("<", 0, at))
        if tag is None or not tag.start(1) <= at < tag.end(1):
            return None
        out.append(xml[done:tag.start(1)])
        out += [m.group(0) for m in _NS_DECL.finditer(xml, tag.start(1), tag.end(1))
                if declared.get(m.group(1) or "") != m.group(2)]
        done = tag.end(1)
        at = xml.find(" xmlns", done)
    return "".join(out) + xml[done:]


def _grids_kept(body) -> bool:
    """Whether docxtpl's ``fix_tables`` leaves every table of ``body`` as it is: no row has more cells than
    its table's ``w:tblGrid`` has columns and some row spans them all (``w:gridSpan``), counting rows as
    docxtpl does (a nested table's rows count for the tables around it too).  ``False`` when in doubt (a
    table without a grid, a span that is not a number): docxtpl's ``fix_tables`` then decides."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for table in body.iter(w + "tbl"):
        grid = table.find(w + "tblGrid")
        if grid is None:
            return False
        columns, spanned = len(grid.findall(w + "gridCol")), False
        for span in table.iter(w + "gridSpan"):
            try:
                int(span.get(w + "val"))
            except (TypeError, ValueError):
                return False
        for row in table.iter(w + "tr"):
            cells = row.findall(w + "tc")
            if len(cells) > columns:
                return False
            if not spanned:
                spanned = sum(_cell_span(cell, w) for cell in cells) >= columns
        if not spanned:
            return False
    return True


def _cell_span(cell, w: str) -> int:
    """The grid columns a ``w:tc`` spans, as docxtpl's ``fix_tables`` counts them."""
    props = cell.find(w + "tcPr")
    span = None if props is None else props.find(w + "gridSpan")
    return 1 if span is None else int(span.get(w + "val"))


# ---------------------------------------------------------------- rendering


CORE_MAX_CHARS = 255
"""python-docx refuses longer core-property strings (the sheet allows a 500-character name)."""


def _core_text(text: str) -> str:
    """A core-property string: no XML-illegal characters, at most 255 characters (cut with “…”)."""
    text = _XML_ILLEGAL.sub("", text)
    return text if len(text) <= CORE_MAX_CHARS else text[: CORE_MAX_CHARS - 1] + "…"


def warm_templates() -> None:
    """Prepare and compile every annex template in this process (both kinds).

    A batch calls it before forking its workers (``greendiag.generator.batch``): each worker then
    starts with the compiled templates instead of compiling them itself.
    """
    for spec in (*PARK_DOCUMENTS, *ENTERPRISE_DOCUMENTS):
        _compiled(_prepared(spec.key)[1])


def with_images(tpl: DocxTemplate, context: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``context`` whose pictures are images of ``tpl``: ``chart`` (PNG bytes) 160 mm wide,
    ``benchmark_chart`` 155 mm, each of ``photos`` as :func:`photo_image` sizes it."""
    ctx = dict(context)
    if isinstance(ctx.get("chart"), (bytes, bytearray)):
        ctx["chart"] = InlineImage(tpl, io.BytesIO(ctx["chart"]), width=Mm(160))
    if isinstance(ctx.get("benchmark_chart"), (bytes, bytearray)):
        ctx["benchmark_chart"] = InlineImage(tpl, io.BytesIO(ctx["benchmark_chart"]), width=Mm(155))
    if ctx.get("photos"):
        ctx["photos"] = [photo_image(tpl, ph) for ph in ctx["photos"]]
    return ctx


def render_document(key: str, context: dict[str, Any], *, title: str, author: str, draft: bool = False) -> bytes:
    """Render template ``key`` with ``context`` (a context model's ``model_dump()``); .docx bytes.

    ``context["chart"]`` may hold PNG bytes: it becomes an image 160 mm wide.
    Core properties: ``title``, ``author`` and ``last_modified_by`` = ``author``, created/modified now.
    ``draft``: every page carries the watermark 「草稿」 (:func:`greendiag.forms.layout.add_watermark`).
    Raises ``jinja2.exceptions.UndefinedError`` for a variable missing from ``context``.
    """
    tpl = _CachedTemplate(key)
    tpl.render(with_images(tpl, context), _ENV, autoescape=True)
    if draft:
        from greendiag.forms.layout import add_watermark

        add_watermark(tpl.docx, DRAFT_MARK)
    from greendiag.forms.layout import core_properties_ns

    clean = _core_text(author)
    with core_properties_ns():
        cp = tpl.docx.core_properties
        cp.title = _core_text(title)
        cp.author = clean
        cp.last_modified_by = clean
        cp.comments = ""
        cp.subject = ""
        cp.keywords = ""
        cp.category = ""
        now = datetime.now(UTC).replace(microsecond=0)
        cp.created = now
        cp.modified = now
        cp.revision = 1
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()


def photo_image(tpl: DocxTemplate, ph: dict[str, Any]) -> dict[str, Any]:
    """A photo context item with its JPEG bytes made an image: 120 mm wide, or 100 mm high when portrait (two a page)."""
    if not isinstance(ph.get("image"), (bytes, bytearray)):
        return ph
    size = {"height": Mm(100)} if ph.get("portrait") else {"width": Mm(120)}
    return {**ph, "image": InlineImage(tpl, io.BytesIO(ph["image"]), **size)}


def prepared_photos(case: Case, base_dir: Path | str | None) -> list[PhotoItem]:
    """The case's on-site photos, scaled and compressed (:mod:`greendiag.forms.photos`), numbered.

    ``base_dir`` is the workbook's folder (photo file names are relative to it; default the current
    folder).  Raises :class:`~greendiag.forms.photos.PhotoError` for a missing or unreadable file
    (``greendiag.workbooks.read_case`` reports those with sheet and cell before this runs).
    """
    base = Path(base_dir) if base_dir is not None else Path.cwd()
    items = []
    for k, ph in enumerate(case.photos, 1):
        image = getattr(ph, "image", None)
        data, w, h = prepare_photo_bytes(image) if image else prepare_photo(photo_path(base, ph.file))
        items.append(PhotoItem(no=str(k), image=data, portrait=h > w * 1.1, caption=ph.caption))
    return items


@functools.lru_cache(maxsize=64)
def _chart(name: str, font: str, *args: tuple) -> bytes | None:
    """PNG of ``greendiag.forms.chart.<name>(*lists)``, drawn once per distinct content in a process
    (a batch's cases often share their scores; the PNG depends only on them and on the font file).

    ``font``: :func:`greendiag.forms.fonts.cjk_font`, looked up by the caller on every call, so a
    missing font raises :class:`~greendiag.forms.fonts.FontMissing` even when the figure was drawn before.
    """
    from greendiag.forms import chart

    return getattr(chart, name)(*(list(a) for a in args))


def contexts_for(case: Case, assessment: CaseAssessment, base_dir: Path | str | None = None, *,
                 charts: bool = True) -> dict[str, dict[str, Any]]:
    """``{template key: context dict}`` of every annex of ``case`` (what the templates receive).

    ``base_dir``: the folder photo file names are relative to (the workbook's folder).  ``charts``:
    draw the report figures (raises :class:`~greendiag.forms.fonts.FontMissing` without a Chinese
    font); ``False`` leaves them out and the text does not refer to them.
    """
    chart = None
    if charts and case.kind is CaseKind.PARK and assessment.years:
        chart = _chart("indicator_chart", cjk_font(), tuple(y.year for y in assessment.years),
                       tuple(tuple(y.scores) for y in assessment.years))
    bench = None
    ent = assessment.enterprise
    if charts and ent is not None and ent.benchmarks:
        chart_args = (tuple(b.indicator for b in ent.benchmarks), tuple(b.domestic_gap for b in ent.benchmarks),
                      tuple(b.international_gap for b in ent.benchmarks))
        bench = _chart("benchmark_chart", cjk_font(), *chart_args)
    photos = prepared_photos(case, base_dir) if case.photos else []
    out = {}
    for spec in documents_for(case):
        model = build_context(spec.key, case, assessment, chart_png=chart, photos=photos, benchmark_png=bench)
        out[spec.key] = model.model_dump()
    return out


def render_documents(case: Case, assessment: CaseAssessment, base_dir: Path | str | None = None, *, draft: bool = False,
                     charts: bool = True) -> dict[str, bytes]:
    """``{file name: .docx bytes}`` of every annex of ``case`` (names from :func:`output_names`).

    ``base_dir``: the folder photo file names are relative to (the workbook's folder); ``draft``: names
    and watermark 「草稿」; ``charts``: see :func:`contexts_for` (raises ``FontMissing`` without a font).
    """
    contexts = contexts_for(case, assessment, base_dir, charts=charts)
    out = {}
    for spec, name in zip(documents_for(case), output_names(case, draft=draft)):
        out[name] = render_document(
            spec.key,
            contexts[spec.key],
            title=f"{spec.title}（{case.unit_name}）",
            author=case.provider.name,
            draft=draft,
        )
    return out


def render_all(case: Case, assessment: CaseAssessment, out_dir: Path | str, base_dir: Path | str | None = None, *,
               draft: bool = False, charts: bool = True) -> list[Path]:
    """Render every annex of ``case`` into ``out_dir``; returns the paths, in annex order.

    Park: 附件1-1（工业园区）, 2-2, 2-1, 2-3, 2-4; enterprise: 附件1-1（企业）, 1-2, report, 1-3.
    All documents are rendered in memory first, then each is written atomically (temp file +
    ``os.replace``); existing files of the same name are replaced — callers that must not
    overwrite check :func:`output_names` first (``greendiag.generator.pipeline.generate`` does).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    docs = render_documents(case, assessment, base_dir, draft=draft, charts=charts)
    paths = []
    for name, data in docs.items():
        path = out / name
        write_bytes_atomic(path, data)
        paths.append(path)
    return paths

"""Leave out of the documents greendiag builds what python-docx's default template brings and none uses.

python-docx builds every document on its own ``default.docx``, which carries parts of the Word that wrote it:
``word/stylesWithEffects.xml`` (438 KB, Word 2010's copy of the styles for Word 2007, out of step with
``styles.xml``), ``docProps/thumbnail.jpeg`` (a preview of *that* template, wrong for ours), a bibliography
store (``customXml/``), a ``styles.xml`` of 164 style definitions and 137 latent-style exceptions, and list
definitions (``numbering.xml``) only its unused list styles refer to.  Each rendered annex used to copy,
parse and compress all of it (about a quarter of the CPU time of a case).

:func:`docx_bytes` saves such a document without them: :func:`trim_template` drops those parts
(relationship and part; python-docx writes ``[Content_Types].xml`` from the parts still related, so their
overrides go too) and keeps of ``styles.xml`` the ``w:docDefaults`` and the styles reachable from the
document's parts (:func:`reachable_styles`).  LibreOffice renders the annexes pixel for pixel as before.
"""

from __future__ import annotations

import io

from docx.document import Document as DocumentObject
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.oxml.ns import qn

UNUSED_PACKAGE_RELS = (RT.THUMBNAIL,)
"""Package relationships of python-docx's default template no annex needs: its preview picture."""

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
"""The relationship type of ``word/stylesWithEffects.xml`` (MS-DOCX §2.3.8; python-docx names no constant for it)."""

UNUSED_DOCUMENT_RELS = (STYLES_WITH_EFFECTS, RT.CUSTOM_XML)
"""Document relationships no annex needs: Word 2007's copy of the styles, the bibliography store."""

RENDER_TIME_STYLES = ("Header",)
"""Styles of parts added while rendering, kept although no template part names them: the header
python-docx adds for a draft's watermark (its ``default-header.xml``: ``w:pStyle w:val="Header"``)."""

STYLE_REFERENCES = ("pStyle", "rStyle", "tblStyle", "numStyleLink", "styleLink", "clickAndTypeStyle",
                    "defaultTableStyle")
"""WordprocessingML elements whose ``w:val`` names a style (ISO/IEC 29500-1 §17.7)."""

STYLE_CHAINS = ("basedOn", "next", "link")
"""Elements of a ``w:style`` naming the styles it needs (§17.7.4.3, .10, .6)."""


def _refs(element, tags) -> set[str]:
    names = {qn(f"w:{t}") for t in tags}
    return {el.get(qn("w:val")) for el in element.iter(*names)}


def _num_ids(element) -> set[str]:
    return {el.get(qn("w:val")) for el in element.iter(qn("w:numId"))}


def reachable_styles(styles, parts, keep=()) -> set[str]:
    """Style ids reachable from ``parts`` (lxml elements: document, headers, footers, settings …) through
    :data:`STYLE_REFERENCES`, from ``keep`` and from the default style of each type (``w:default="1"``),
    followed along :data:`STYLE_CHAINS`.  ``styles``: the ``w:styles`` element."""
    by_id = {s.get(qn("w:styleId")): s for s in styles.iterchildren(qn("w:style"))}
    todo = set(keep) | {i for i, s in by_id.items() if s.get(qn("w:default")) in ("1", "true", "on")}
    for part in parts:
        todo |= _refs(part, STYLE_REFERENCES)
    seen: set[str] = set()
    while todo:
        style_id = todo.pop()
        if style_id in seen or style_id not in by_id:
            continue
        seen.add(style_id)
        todo |= _refs(by_id[style_id], STYLE_CHAINS)
    return seen


def trim_template(doc: DocumentObject) -> None:
    """Drop from ``doc`` (a built template, before saving) the default template's unused parts
    (:data:`UNUSED_PACKAGE_RELS`, :data:`UNUSED_DOCUMENT_RELS`; ``numbering.xml`` when nothing uses a list),
    its latent styles and every style :func:`reachable_styles` does not reach (with
    :data:`RENDER_TIME_STYLES`)."""
    package, document = doc.part.package, doc.part
    for rels, unused in ((package.rels, UNUSED_PACKAGE_RELS), (document.rels, UNUSED_DOCUMENT_RELS)):
        for r_id in [r_id for r_id, rel in rels.items() if rel.reltype in unused]:
            del rels[r_id]
    styles = doc.styles.element
    numbering = next((p for p in package.iter_parts() if p.content_type == CT.WML_NUMBERING), None)
    stories = [p.element for p in package.iter_parts()
               if isinstance(p, XmlPart) and p.content_type not in (CT.WML_STYLES, CT.WML_NUMBERING)]
    keep = reachable_styles(styles, stories, RENDER_TIME_STYLES)
    lists_used = any(_num_ids(el) for el in stories) or any(_num_ids(s.element) for s in doc.styles if s.style_id in keep)
    if numbering is not None and lists_used:
        keep = reachable_styles(styles, [*stories, numbering.element], RENDER_TIME_STYLES)
    elif numbering is not None:
        for r_id in [r_id for r_id, rel in document.rels.items() if rel.reltype == RT.NUMBERING]:
            del document.rels[r_id]
    for style in list(doc.styles):
        if style.style_id not in keep:
            style.delete()
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)


APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>greendiag</Application><DocSecurity>0</DocSecurity></Properties>"
)
"""docProps/app.xml of every document greendiag builds: python-docx's default names “Microsoft Macintosh Word”
and a Normal.dotm template; the generated documents say greendiag made them, nothing else."""


def docx_bytes(doc: DocumentObject) -> bytes:
    """The .docx bytes of ``doc`` (built by greendiag on python-docx's default template: the annex templates,
    ``greendiag package``'s cover and checklist) without what it does not use (:func:`trim_template`) and
    with greendiag's ``docProps/app.xml`` (:data:`APP_XML`)."""
    trim_template(doc)
    for part in doc.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = APP_XML
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()

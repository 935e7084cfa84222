"""Page numbers of the report's 目录 (the ``TOC`` field's shown result, :func:`greendiag.forms.layout.add_toc`).

The templates write the 目录 entries without page numbers (Word fills them when it updates the field); once a
PDF of the report exists, :func:`fill_page_numbers` writes the pages its outline gives, so the printed and the
PDF 目录 carry them too.
"""

from __future__ import annotations

import io

from greendiag.forms import layout as L


def fill_page_numbers(docx: bytes, pages: dict[str, int]) -> bytes:
    """``docx`` with each 目录 entry whose heading text is in ``pages`` ending in its page number (1-based,
    as the footer counts: the cover is page 1).  Entries not in ``pages`` stay as they are."""
    from docx import Document

    doc = Document(io.BytesIO(docx))
    for p in doc.paragraphs:
        if p.style is None or not p.style.name.startswith("toc "):
            continue
        title = p.text.split("\t")[0].strip()
        if title in pages:
            L.add_run(p, str(pages[title]), size=L.SIZE_BODY if p.style.name == "toc 1" else L.SIZE_TABLE)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()

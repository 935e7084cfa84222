"""Page numbers of the report's 目录 (the ``TOC`` field's shown result, :func:`greendiag.forms.layout.add_toc`).

The templates write the 目录 entries without page numbers (Word fills them when it updates the field); once a
PDF of the report exists, :func:`fill_page_numbers` writes the pages its outline gives, so the printed and the
PDF 目录 carry them too.  LibreOffice does not update a 目录 field when it converts (``soffice --convert-to pdf``
has no option for it; only a macro or UNO code calling the index's ``update()`` would), hence the second pass:
:func:`pdf_outline` / :func:`outline_pages` read the PDF's bookmarks (LibreOffice exports the headings as
bookmarks), ``greendiag generate --pdf`` and ``greendiag package`` convert the report once more with the numbers.
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


def pdf_outline(reader) -> list[tuple[int, str, int]]:
    """A PDF's outline (a ``pypdf.PdfReader``'s) flattened: ``[(level 1…, title, 0-based page)]`` in order."""
    out: list[tuple[int, str, int]] = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 1)
    return out


def first_pages(outline: list[tuple[int, str, int]]) -> dict[str, int]:
    """``{heading: 1-based page}`` of a :func:`pdf_outline` (the first page of each title), what
    :func:`fill_page_numbers` wants."""
    pages: dict[str, int] = {}
    for _level, title, page in outline:
        pages.setdefault(title, page + 1)
    return pages


def outline_pages(pdf: bytes) -> dict[str, int]:
    """:func:`first_pages` of the bookmarks of the PDF ``pdf``; pypdf's errors for a PDF it cannot read."""
    from pypdf import PdfReader

    return first_pages(pdf_outline(PdfReader(io.BytesIO(pdf))))

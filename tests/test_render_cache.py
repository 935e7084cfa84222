"""The template cache of ``greendiag.forms.render`` renders exactly what stock docxtpl renders.

``_CachedTemplate`` replaces some docxtpl methods to prepare and compile each template once per
process and to parse the rendered body once; docxtpl is pinned to the releases whose methods it repeats (``DOCXTPL_OVERRIDES``).
"""

from __future__ import annotations

import io
import zipfile

import pytest
from docxtpl import DocxTemplate

from greendiag.forms import render
from greendiag.forms.templates import template_bytes
from greendiag.generator import samples
from greendiag.rules import assess_case


@pytest.mark.parametrize("name", sorted(render.DOCXTPL_OVERRIDES))
def test_the_docxtpl_methods_the_cache_replaces_are_the_ones_it_was_written_against(name):
    import docxtpl

    assert render.docxtpl_code_hash(name) == render.DOCXTPL_OVERRIDES[name], (
        f"docxtpl {getattr(docxtpl, '__version__', '?')} changed DocxTemplate.{name}: compare it with "
        "forms/render.py _CachedTemplate, then update DOCXTPL_OVERRIDES and the pin in pyproject.toml"
    )


def _stock(key: str, context: dict, source: bytes | None = None) -> bytes:
    """``word/document.xml`` of stock docxtpl rendering ``key`` (or the template ``source``) with ``context``."""
    tpl = DocxTemplate(io.BytesIO(source or template_bytes(key)))
    tpl.render(render.with_images(tpl, context), render.jinja_env(), autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    return zipfile.ZipFile(buf).read("word/document.xml")


@pytest.mark.parametrize("make", [samples.sample_park, samples.sample_enterprise_large])
def test_cached_render_equals_stock_docxtpl_twice(make):
    case = make()
    contexts = render.contexts_for(case, assess_case(case))
    for _ in range(2):  # the second render comes from the caches
        for key, ctx in contexts.items():
            ours = render.render_document(key, ctx, title="t", author="a")
            assert zipfile.ZipFile(io.BytesIO(ours)).read("word/document.xml") == _stock(key, ctx), key


def test_tabs_and_line_breaks_in_the_data_render_as_stock_docxtpl_renders_them():
    """:meth:`_CachedTemplate.resolve_listing` rewrites only the paragraphs holding a tab or line break."""
    case = samples.sample_park()
    for key, ctx in render.contexts_for(case, assess_case(case), charts=False).items():
        ctx = {k: f"甲\t乙\n丙{v}" if isinstance(v, str) else v for k, v in ctx.items()}
        ours = render.render_document(key, ctx, title="t", author="a")
        xml = zipfile.ZipFile(io.BytesIO(ours)).read("word/document.xml")
        assert xml == _stock(key, ctx), key
        assert b"<w:tab/>" in xml and b"<w:br/>" in xml, key


def test_charts_are_drawn_once_per_distinct_content():
    case = samples.sample_park()
    assessment = assess_case(case)
    render._chart.cache_clear()
    first = render.contexts_for(case, assessment)
    second = render.contexts_for(case, assessment)
    info = render._chart.cache_info()
    assert (info.misses, info.hits) == (1, 1)
    assert first["report_park"]["chart"] == second["report_park"]["chart"]


def test_resolve_listing_equals_docxtpls_on_any_arrangement_of_paragraphs():
    """Pieces of WordprocessingML in random order (unclosed, stray and empty paragraphs, breaks outside them)."""
    import random

    pieces = ["<w:p>", '<w:p w:rsidR="1">', "</w:p>", "<w:pPr><w:jc/></w:pPr>", "<w:pStyle/>", "<w:r>",
              "<w:r><w:rPr><w:b/></w:rPr>", "</w:r>", "<w:t>", '<w:t xml:space="preserve">', "</w:t>", "文",
              "\n", "\t", "\a", "\f", "<w:tbl>", "</w:tbl>"]
    rng = random.Random(23)
    tpl = render._CachedTemplate.__new__(render._CachedTemplate)
    for _ in range(3000):
        xml = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        assert tpl.resolve_listing(xml) == DocxTemplate.resolve_listing(tpl, xml), repr(xml)


def _table_template() -> bytes:
    """A paragraph printing ``text`` and two tables: one of 2 columns with ``text`` in a cell, one of 3
    columns whose row has a cell per item (``{%tc for %}``): docxtpl's ``fix_tables`` fits its grid to them."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("{{ text }}")
    kept = doc.add_table(rows=2, cols=2)
    kept.cell(0, 0).text, kept.cell(1, 1).text = "{{ text }}", "乙"
    items = doc.add_table(rows=1, cols=3)
    for cell, text in zip(items.rows[0].cells, ("{%tc for x in items %}", "{{ x }}", "{%tc endfor %}")):
        cell.text = text
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(("items", "text", "once"), [
    ("一二三", "甲", True),  # every grid kept: the body parsed once, with the document
    ("一二三四五", "甲", False),  # a grid widened: docxtpl's fix_tables
    ("一", "甲", False),  # a grid narrowed: docxtpl's fix_tables
    ("一二三", ' xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" 甲', False),  # not a declaration
])
def test_a_body_parsed_once_or_by_docxtpls_fix_tables_renders_as_stock(monkeypatch, items, text, once):
    source = _table_template()
    key = f"test-tables-{len(items)}-{len(text)}"
    monkeypatch.setattr(render, "template_bytes", lambda k: source if k == key else template_bytes(k))
    grids_kept = []
    monkeypatch.setattr(render, "_grids_kept", lambda body, kept=render._grids_kept: grids_kept.append(kept(body))
                        or grids_kept[-1])
    ctx = {"items": list(items), "text": text}
    ours = zipfile.ZipFile(io.BytesIO(render.render_document(key, ctx, title="t", author="a"))).read("word/document.xml")
    assert ours == _stock(key, ctx, source)
    assert ours.count(b"<w:gridCol ") == 2 + len(items)
    assert grids_kept == ([True] if once else [False] if text == "甲" else [])

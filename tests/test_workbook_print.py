"""The printed case workbook (issue 14, item 4): the demo park workbook printed to PDF by LibreOffice.

评价指标 prints one year per A4 landscape page (then one page of the year-over-year changes), every
indicator of a year on its page, header rows repeated, text at ≥ 9 pt; no page is wider than its
paper; no developer words or switch rows print anywhere.  Text sizes come from the PDF itself
(pdfplumber).  Needs LibreOffice with Carlito (metric twin of Calibri, the workbook's font) as
in CI.
"""

from __future__ import annotations

import re

import pytest

from greendiag.generator import samples
from greendiag.generator.office import to_pdf
from greendiag.rules import INDICATORS
from greendiag.workbooks import fill_case

pdfplumber = pytest.importorskip("pdfplumber")

pytestmark = pytest.mark.libreoffice

TITLE = "附件2-1-2 工业园区绿色诊断评价表"
A4_LANDSCAPE = (841.9, 595.3)


def _printed(case, folder) -> list[tuple]:
    """(width, height, text, chars) of each page of ``case``'s workbook printed to PDF by LibreOffice."""
    path = fill_case(case, folder / "demo.xlsx")
    pdf_path = to_pdf([path], folder / "pdf")[0]
    with pdfplumber.open(pdf_path) as pdf:
        return [(pg.width, pg.height, pg.extract_text() or "", pg.chars) for pg in pdf.pages]


@pytest.fixture(scope="module")
def pages(soffice, tmp_path_factory):
    return _printed(samples.sample_park(), tmp_path_factory.mktemp("print"))


def test_indicator_table_prints_one_year_per_a4_landscape_page_at_9pt_or_more(pages):
    table = [p for p in pages if p[2].lstrip().startswith(TITLE)]
    assert len(table) == 4, [p[2][:40] for p in table]
    for k, (w, h, text, chars) in enumerate(table):
        assert (round(w, 1), round(h, 1)) == A4_LANDSCAPE
        flat = re.sub(r"\s", "", text)
        assert "一级指标" in flat and "二级指标" in flat and "引领值" in flat  # titles repeated
        for ind in INDICATORS:  # the whole year on its page (a long name wraps: its first line)
            assert ind.name[:6] in flat, (k, ind.name)
        years = re.findall(r"第(\d)年（", text)
        if k < 3:
            assert years == [str(k + 1)], (k, years)
            assert "园区诊断评分" in flat
        else:
            assert "指标数据变化" in flat
        sizes = [c["size"] for c in chars if c["text"].strip()]
        assert min(sizes) >= 9.0, (k, min(sizes))


def test_every_page_within_its_paper_and_no_developer_words(pages):
    for w, _h, text, chars in pages:
        assert max(c["x1"] for c in chars) <= w + 0.5, text[:40]
        words = ["Python", "xlwings", "PARK_SCORE", "REWARD_CAP", "未启用", "indicator_", "use_python"]
        params_page = text.startswith(("参数", "名称 值 单位 依据 说明"))  # its first page or one under its repeated header
        if not params_page:  # the technical sheet may say which values are greendiag's own defaults
            words.append("greendiag")
        for word in words:
            assert word not in text, (word, text[:60])


@pytest.fixture(scope="module")
def enterprise_pages(soffice, tmp_path_factory):
    """The demo enterprise workbook (``greendiag demo``: every enterprise sheet filled) printed by LibreOffice."""
    return _printed(samples.demo_enterprise(), tmp_path_factory.mktemp("print-enterprise"))


def test_enterprise_reference_sheets_print_only_on_request(enterprise_pages):
    """Printing the whole enterprise workbook prints 节假日安排 and 参数 as one page each (their title and
    how to print the table on request), not the ten pages of the holiday table (issue 24 item 6)."""
    firsts = [re.sub(r"\s", "", text)[:12] for _w, _h, text, _c in enterprise_pages]
    for title in ("节假日安排", "参数"):
        pages = [f for f in firsts if f.startswith(title)]
        assert len(pages) == 1, (title, firsts)
    assert not any(f.startswith(("年份国务院办公厅", "名称值单位")) for f in firsts), firsts  # no continuation pages
    for w, _h, text, chars in enterprise_pages:
        assert max(c["x1"] for c in chars) <= w + 0.5, text[:40]
        assert "chinesecalendar" not in text and "greendiag" not in text, text[:60]


A4_SIZES = {A4_LANDSCAPE, tuple(reversed(A4_LANDSCAPE))}


def _small_print(pages) -> list[tuple]:
    """(page, smallest size, first words) of each page with a character below 9 pt."""
    small = []
    for k, (w, h, text, chars) in enumerate(pages, start=1):
        assert (round(w, 1), round(h, 1)) in A4_SIZES, (k, w, h)
        sizes = [c["size"] for c in chars if c["text"].strip()]
        if min(sizes) < 8.95:
            small.append((k, round(min(sizes), 1), re.sub(r"\s", "", text)[:16]))
    return small


def test_enterprise_workbook_prints_at_9pt_or_more_in_at_most_25_pages(enterprise_pages):
    """The demo enterprise workbook printed whole: A4 pages, every character of every page at 9 pt or more
    (workbooks.fit.fit_page: never shrunk below 9 pt), at most 25 pages (issue 24, Done when); 38 before."""
    assert len(enterprise_pages) <= 25, len(enterprise_pages)
    assert not _small_print(enterprise_pages)


def test_park_workbook_prints_at_9pt_or_more(pages):
    """The park workbook, fitted by the same mechanism: every page at 9 pt or more, in few pages."""
    assert not _small_print(pages)
    assert len(pages) <= 25, len(pages)


def test_short_enterprise_sheets_print_on_one_page(enterprise_pages):
    """A sheet of a few rows of ordinary length prints on one page (issue 24 item 6: 工作组成员 of five members
    took two); 合规性 and 报告正文, whose rows are paragraphs, may take more."""
    titles = [re.sub(r"\s", "", text)[:10] for _w, _h, text, _c in enterprise_pages]
    for title in ("绿色诊断申请表", "服务商信息", "附件2-1绿色诊断", "诊断过程", "分级评价", "拟开展的重点工作",
                  "现场诊断照片", "绿色诊断服务工作"):
        assert sum(t.startswith(title[:10]) for t in titles) == 1, (title, titles)

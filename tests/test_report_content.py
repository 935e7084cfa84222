"""issue 20: what the rendered documents say and hold (no LibreOffice needed).

Every document of the demo park and the demo enterprise: the provider's voice only (no tool name, no
caveat), other parties' parts blank, both figures present, heading styles and a 目录 field, 六、参考文件
built from the evidence the case cites; fonts found by file or a Chinese error; ``--no-charts`` text.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx import Document

from greendiag.forms import render_documents
from greendiag.generator.samples import DEMO_PHOTO_DIR, demo_enterprise, demo_park, write_demo_photos
from greendiag.rules import assess_case

FORBIDDEN = ("greendiag", "未经", "非指南", "默认值", "未核实", "所定", "拟定的", "unverified")


def text_of(data: bytes) -> str:
    """Every text node of the body, headers and footers (tables included)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if re.match(r"word/(document|header\d*|footer\d*)\.xml", n))
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    root = tmp_path_factory.mktemp("content")
    out = {}
    for case in (demo_park(), demo_enterprise()):
        write_demo_photos(root / DEMO_PHOTO_DIR, case.kind)
        out[case.kind.value] = (case, render_documents(case, assess_case(case), root))
    return out


def test_provider_voice_only(rendered):
    for _kind, (_case, docs) in rendered.items():
        for name, data in docs.items():
            # the seeds' own 保密承诺书 item 七 says 未经…审查批准: the official wording, not a caveat
            text = text_of(data).replace("未经园区审查批准", "").replace("未经工业园区/企业审查批准", "")
            for word in FORBIDDEN:
                assert word.lower() not in text.lower(), (name, word)
    park = next(text_of(d) for n, d in rendered["园区"][1].items() if "附件2-1_" in n)
    assert "评分方法参照工信厅节函〔2016〕586号《绿色园区评价要求》" in park


def test_other_parties_parts_are_blank(rendered):
    for _kind, (case, docs) in rendered.items():
        sat = next(text_of(d) for n, d in docs.items() if "满意度评价表" in n)
        assert "√）" not in sat and "非常满意（    ）" in sat
        for typed in (case.satisfaction.district_opinion, case.satisfaction.provider_feedback,
                      case.satisfaction.programme_feedback, case.satisfaction.retrofit_intent):
            if typed.strip():
                assert typed.strip()[:10] not in sat
        assert case.unit_name in sat and case.provider.name in sat


def test_reports_hold_figures_headings_and_toc(rendered):
    for _kind, (case, docs) in rendered.items():
        name, data = next((n, d) for n, d in docs.items() if "报告" in n)
        doc = Document(io.BytesIO(data))
        styles = {p.style.name for p in doc.paragraphs}
        assert {"Heading 1", "Heading 2"} <= styles, name
        heads = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
        assert heads[:6] == ["一、概述", "二、诊断评估过程和方法", "三、诊断评估内容", "四、诊断评估结论", "五、建议", "六、参考文件"]
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read("word/document.xml").decode()
            media = [n for n in z.namelist() if n.startswith("word/media/")]
            settings = z.read("word/settings.xml").decode()
        assert 'TOC \\o "1-2"' in xml and "目    录" in xml and "updateFields" in settings
        assert "<w:titlePg/>" in xml  # the cover carries no page number
        assert len(media) == len(case.photos) + 1, name  # the figure and every photo
        text = text_of(data)
        assert "图1" in text and "未找到中文字体" not in text


def test_references_are_built_from_the_evidence(rendered):
    case, docs = rendered["园区"]
    doc = Document(io.BytesIO(next(d for n, d in docs.items() if "附件2-1_" in n)))
    paras = [p.text for p in doc.paragraphs]
    start = paras.index("六、参考文件")
    refs = [t for t in paras[start + 1:paras.index("附：现场诊断照片")] if re.match(r"^\d+\.", t)]
    assert refs[0] == "1.《北京市工业园区绿色诊断工作指南》"
    cited = [e.evidence for e in case.basic_requirements if e.evidence] + [e.note for e in case.indicator_years[0].entries if e.note]
    assert len(refs) > 10 and all(any(c.split("；")[0] in r for r in refs) for c in cited[:5])
    assert [int(r.split(".")[0]) for r in refs] == list(range(1, len(refs) + 1))
    ent_case, ent_docs = rendered["企业"]
    ent = text_of(next(d for n, d in ent_docs.items() if "报告" in n))
    for b in ent_case.benchmarks:
        assert b.domestic_source in ent


def test_no_charts_text_does_not_refer_to_the_figure(tmp_path):
    for case in (demo_park(), demo_enterprise()):
        write_demo_photos(tmp_path / DEMO_PHOTO_DIR, case.kind)
        docs = render_documents(case, assess_case(case), tmp_path, charts=False)
        text = text_of(next(d for n, d in docs.items() if "报告" in n))
        assert not re.search(r"(?<!截)图1(?!\d)", text), case.kind


def test_missing_font_stops_with_what_to_install(monkeypatch, tmp_path):
    from greendiag.forms import fonts

    monkeypatch.setattr(fonts, "candidates", lambda: [tmp_path / "none.ttc"])
    fonts._find.cache_clear()
    try:
        case = demo_park()
        write_demo_photos(tmp_path / DEMO_PHOTO_DIR, case.kind)
        with pytest.raises(fonts.FontMissing, match="fonts-noto-cjk") as exc:
            render_documents(case, assess_case(case), tmp_path)
        assert "--no-charts" in str(exc.value) and "simhei.ttf" in str(exc.value)
        assert render_documents(case, assess_case(case), tmp_path, charts=False)  # asked: no figure
        monkeypatch.setenv(fonts.FONT_ENV, str(tmp_path / "nope.ttf"))
        with pytest.raises(fonts.FontMissing, match="nope.ttf"):
            fonts.cjk_font()
    finally:
        fonts._find.cache_clear()


def test_font_setting_names_the_file(monkeypatch):
    from greendiag.forms import fonts

    real = fonts.cjk_font()
    monkeypatch.setenv(fonts.FONT_ENV, real)
    assert fonts.cjk_font() == real and fonts.candidates()[0].as_posix() == real


def test_qualitative_trend_follows_the_states():
    case = demo_park()
    years = []
    for k, y in enumerate(case.indicator_years):
        entries = tuple(e.model_copy(update={"value": ("不完善", "较完善", "较完善")[k]}) if e.number == 31 else e
                        for e in y.entries)
        years.append(y.model_copy(update={"entries": entries}))
    a = assess_case(case.model_copy(update={"indicator_years": tuple(years)}))
    assert a.changes[30].trend == "改善"


def test_demo_indicator_31_rises_scores_and_draws(rendered, monkeypatch):
    """The demo park's No. 31 goes 不完善→较完善→较完善: 0, 50, 50 points (qualitative_scores), 改善 in
    the change table, bars of 50 in 图1 and the state points stated in the provider's words."""
    from greendiag.forms import render

    case, docs = rendered["园区"]
    a = assess_case(case)
    assert [y.scores[30] for y in a.years] == [0.0, 50.0, 50.0] and a.changes[30].trend == "改善"
    drawn = []
    monkeypatch.setattr(render, "_chart", lambda name, font, *args: drawn.append(args[-1]) or b"\x89PNG")
    ctx = render.contexts_for(case.model_copy(update={"photos": ()}), a, charts=True)
    report = next(c for c in ctx.values() if "changes" in c)
    row = next(r for r in report["changes"] if str(r["no"]) == "31")
    assert row["trend"] == "改善" and list(row["vals"][:3]) == ["不完善", "较完善", "较完善"]
    assert [s[30] for s in drawn[0]] == [0.0, 50.0, 50.0]
    text = next(text_of(d) for n, d in docs.items() if "附件2-1_" in n)
    assert "定性指标按状态计分（具备、完善、是100分，较完善50分，不具备、不完善、否0分）" in text


def test_zero_scores_are_labelled():
    from greendiag.forms.chart import indicator_chart

    row = [50.0] * 31
    with_zero = indicator_chart([2023], [[0.0] + row[1:]])
    without = indicator_chart([2023], [[None] + row[1:]])
    assert with_zero != without and with_zero.startswith(b"\x89PNG")

"""forms: templates, contexts and rendering of the official annexes.

The LibreOffice part renders every document of the sample park, both sample enterprises and a
park case with hostile text in every text field, converts them all in ONE ``to_pdf`` call and
checks the text extracted by ``pdftotext``: the seeds' fixed wording and the case's values.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import jinja2
import pytest
from docx import Document
from docxtpl import DocxTemplate
from pydantic import BaseModel

from greendiag.forms import (
    BUILDERS,
    CONTEXT_MODELS,
    jinja_env,
    output_names,
    render_all,
    render_document,
    safe_name,
    template_bytes,
)
from greendiag.forms.contexts import build_context, fmt_date, fmt_num
from greendiag.generator.samples import sample_enterprise_large, sample_enterprise_small, sample_park
from greendiag.rules import assess_case
from greendiag.rules.models import Case

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

HOSTILE = (
    "A&B<园区>\"'",
    "{{x}} {% if true %}y{% endif %} {#c#}",
    "=cmd|' /c calc'!A0",
    "😀🏭 emoji ☑ 𠮷",
    "{_{ y }_} {_% z %_}",
    "]]></w:t></w:r><w:p>",
    "长" * 2000,
    "第一行\n第二行",
)


# ---------------------------------------------------------------- helpers


def _hostile(model: BaseModel, counter: list[int]) -> BaseModel:
    """Copy ``model`` with every plain ``str`` field replaced by a hostile string (cycling)."""
    update = {}
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if info.annotation is str and name != "credit_code":  # a credit code is checked (GB 32100), not free text
            update[name] = HOSTILE[counter[0] % len(HOSTILE)]
            counter[0] += 1
        elif isinstance(value, BaseModel):
            update[name] = _hostile(value, counter)
        elif isinstance(value, tuple) and value and isinstance(value[0], BaseModel):
            update[name] = tuple(_hostile(v, counter) for v in value)
    return model.model_copy(update=update)


def hostile_park() -> Case:
    case = _hostile(sample_park(), [0])
    # the unit name carries the worst of them, and no third-party paragraph this time
    app = case.application.model_copy(update={"name": "A&B<园区>{{x}}/..\\CON😀"})
    process = case.process.model_copy(update={"third_party_evaluation": False})
    return case.model_copy(update={"application": app, "process": process})


def hostile_enterprise() -> Case:
    return _hostile(sample_enterprise_small(), [3])


def docx_text(path_or_bytes) -> str:
    """All text of a .docx: body paragraphs and table cells (line breaks as \\n)."""
    doc = Document(io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes)
    parts = [p.text for p in doc.paragraphs]

    def walk(tables):
        for t in tables:
            for row in t.rows:
                for cell in row.cells:
                    parts.extend(p.text for p in cell.paragraphs)
                    walk(cell.tables)

    walk(doc.tables)
    return "\n".join(parts)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------- templates and contexts


@pytest.mark.parametrize("key", sorted(BUILDERS))
def test_no_undeclared_template_variables(key):
    tpl = DocxTemplate(io.BytesIO(template_bytes(key)))
    used = tpl.get_undeclared_template_variables(jinja_env())
    declared = set(CONTEXT_MODELS[key].model_fields)
    assert used, "a template without any field"
    assert used <= declared, f"{key}: undeclared {sorted(used - declared)}"


def test_every_context_field_is_used_by_some_template():
    used: dict[type, set[str]] = {}
    for key in BUILDERS:
        tpl = DocxTemplate(io.BytesIO(template_bytes(key)))
        used.setdefault(CONTEXT_MODELS[key], set()).update(tpl.get_undeclared_template_variables(jinja_env()))
    for model, names in used.items():
        assert set(model.model_fields) - names == set(), model.__name__


@pytest.mark.parametrize("key", sorted(BUILDERS))
def test_template_page_and_fonts(key):
    doc = Document(io.BytesIO(template_bytes(key)))
    s = doc.sections[0]
    assert round(s.page_width.cm, 1) == 21.0 and round(s.page_height.cm, 1) == 29.7
    assert (round(s.top_margin.cm, 1), round(s.bottom_margin.cm, 1)) == (3.7, 3.5)
    assert (round(s.left_margin.cm, 1), round(s.right_margin.cm, 1)) == (2.8, 2.6)
    xml = doc.element.xml
    assert 'w:eastAsia="仿宋"' in xml
    assert re.search(r'w:eastAsia="(宋体|黑体)"', xml)
    assert doc.core_properties.author == ""
    assert not doc.core_properties.comments


def test_missing_context_field_fails_loudly():
    case = sample_park()
    ctx = build_context("commitment_park", case, assess_case(case)).model_dump()
    del ctx["provider_name"]
    with pytest.raises(jinja2.exceptions.UndefinedError):
        render_document("commitment_park", ctx, title="t", author="a")


def test_formatting_helpers():
    from datetime import date

    assert fmt_date(date(2026, 9, 28)) == "2026年9月28日"
    assert fmt_date(None).strip() == "年  月  日"
    assert fmt_num(156000.0) == "156000"
    assert fmt_num(2.10) == "2.1"
    assert fmt_num(0.31, 4) == "0.31"
    assert fmt_num(None) == ""


def test_park_context_values():
    case = sample_park()
    a = assess_case(case)
    ctx = build_context("report_park", case, a)
    assert [s.park_score for s in ctx.scores] == [f"{y.park_score:.1f}" for y in a.years]
    assert ctx.years[0].year == "2023" and ctx.years[2].year == "2025"
    # 不适用 printed as such, its score blank-marked
    assert ctx.years[0].rows[8].value == "不适用" and ctx.years[0].rows[8].score == "—"
    assert ctx.years[0].rows[11].value == "具备"
    assert len(ctx.experts) == 4 and len(ctx.staff) == 2
    assert len(ctx.retrofits) == 4 and ctx.retrofits[3].content == ""  # padded like the original
    assert ctx.sections.content == [] and ctx.sections.overview  # narrative given / to be written
    change = {c.no: c for c in ctx.changes}
    assert change["2"].change_2 == "+1.7个百分点"
    assert change["23"].trend == "改善"  # lower is better
    conf = build_context("confirmation_park", case, a)
    assert (conf.onsite_start, conf.onsite_end) == ("2026年9月28日", "10月9日")
    sat = build_context("satisfaction_park", case, a)  # the unit's rating never reaches the provider's file
    assert set(sat.model_dump()) == {"unit_name", "provider_name"}
    app = build_context("application_park", case, a)
    assert app.level_box == {"国家级": "☐", "市级": "☑", "其他": "☐"}


def test_confirmation_across_year_end_prints_both_years():
    from datetime import date

    case = sample_park()
    case = case.model_copy(update={"process": case.process.model_copy(
        update={"onsite_start": date(2026, 12, 28), "onsite_end": date(2027, 1, 6)})})
    conf = build_context("confirmation_park", case, assess_case(case))
    assert (conf.onsite_start, conf.onsite_end) == ("2026年12月28日", "2027年1月6日")


# ---------------------------------------------------------------- safe names


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("北京示例经济技术开发区（虚构）", "北京示例经济技术开发区（虚构）"),
        ("../../etc/passwd", "etcpasswd"),
        ('a<b>c:d"e/f\\g|h?i*j', "abcdefghij"),
        ("CON", "_CON"),
        ("lpt1.园区", "_lpt1.园区"),
        ("园区. . ", "园区"),
        ("\x00\x1f\u202e", "未命名单位"),
        ("", "未命名单位"),
    ],
)
def test_safe_name(raw, expected):
    assert safe_name(raw) == expected


def test_safe_name_length_limit():
    assert len(safe_name("园" * 500)) == 60


# ---------------------------------------------------------------- rendering (python-docx)


def test_render_all_park_and_enterprise(tmp_path):
    park = sample_park()
    paths = render_all(park, assess_case(park), tmp_path / "p")
    assert [p.name for p in paths] == output_names(park)
    assert len(paths) == 5
    ent = sample_enterprise_large()
    epaths = render_all(ent, assess_case(ent), tmp_path / "e")
    assert len(epaths) == 4
    from greendiag.forms.layout import core_properties_ns

    for p in paths + epaths:
        doc = Document(p)
        cp = doc.core_properties
        with core_properties_ns():  # read as Word does: cp is the core-properties namespace (docxtpl rebinds it)
            assert cp.author == "示例绿色科技服务有限公司（虚构）"
            assert cp.last_modified_by == cp.author
            assert b"custom-properties" not in zipfile.ZipFile(p).read("docProps/core.xml")  # one valid element each
        assert cp.title and cp.title != "python-docx"
        assert not cp.comments
    for p in paths + epaths:
        with zipfile.ZipFile(p) as z:
            app_xml = z.read("docProps/app.xml").decode()
        assert "<Application>greendiag</Application>" in app_xml
        assert "Microsoft" not in app_xml and "Normal.dotm" not in app_xml
    report = next(p for p in paths if "附件2-1" in p.name)
    with zipfile.ZipFile(report) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert media, "the indicator chart is embedded"
    assert not list(tmp_path.rglob("*.tmp"))


@pytest.mark.parametrize("make", [hostile_park, hostile_enterprise])
def test_hostile_text_renders_literally(tmp_path, make):
    case = make()
    paths = render_all(case, assess_case(case), tmp_path)
    assert all(p.parent == tmp_path for p in paths)  # no traversal through the unit name
    assert all("<" not in p.name and "/" not in p.name[1:] for p in paths)
    texts = {p.name: docx_text(p) for p in paths}
    allt = "\n".join(texts.values())
    for h in HOSTILE:
        if "\n" in h:
            assert all(part in allt for part in h.split("\n"))
        else:
            assert h in allt, h[:30]
    if case.kind == "园区":
        assert "A&B<园区>{{x}}/..\\CON😀" in allt
        conf = next(t for n, t in texts.items() if "附件2-3" in n)
        assert "第三方评估服务" not in conf
        assert "本段删除" not in conf


def test_chart_png_is_drawn_with_a_cjk_font():
    from greendiag.forms.chart import cjk_font_path, indicator_chart

    if cjk_font_path() is None:
        pytest.skip("no CJK font installed")
    png = indicator_chart([2023, 2024, 2025], [[50.0] * 31, [None] * 31, [120.0] * 31])
    assert png.startswith(b"\x89PNG")


# ---------------------------------------------------------------- LibreOffice: PDF text


FIXED = {
    "application_park": [
        "附件1-1", "绿色诊断申请表（工业园区）", "园区管理机构名称", "上一年度园区总收入（万元）",
        "本园区自愿申请绿色诊断评估服务，积极配合区经信部门和服务商开展相关工作。", "园区名称(加盖公章)：",
    ],
    "application_enterprise": [
        "附件1-1", "绿色诊断申请表（企业）", "企业上一年度产值", "其它（请注明）",
        "本公司自愿申请绿色诊断评估服务，积极配合区经信部门和服务商开展相关工作。", "企业名称(加盖公章)：",
    ],
    "commitment_park": [
        "附件2-2", "保密承诺书", "七、未经园区审查批准，不擅自发表涉及未公开工作内容和涉密的任何信息。",
        "（该承诺书一式肆份，服务商、园区及市区主管部门各一份）", "诊断服务商（加盖公章）：",
    ],
    "commitment_enterprise": [
        "附件1-2", "三、不违规记录、录音存储、复制涉及企业生产经营及生产性物资关键指标的秘密信息",
        "（该承诺书一式肆份，服务商、工业园区/企业及市区主管部门各一份）",
    ],
    "satisfaction_park": [
        "附件2-4", "绿色诊断服务工作满意度评价表", "被诊断园区名称（加盖公章）", "对服务商提供的绿色诊断评估服务的评价（请用“√”标出）",
        "园区后续绿色化改造的意愿、困难和建议：（选填，可另附页）", "区级经信部门审核意见", "单位名称（加盖公章）：", "审核日期：",
    ],
    "satisfaction_enterprise": [
        "附件1-3", "被诊断工业园区/企业名称（加盖公章）", "工业园区/企业项目负责人签字",
        "工业园区/企业后续绿色化改造的意愿、困难和建议：（选填，可另附页）",
    ],
    "confirmation_park": [
        "附件2-3", "绿色诊断评估工作确认单", "严格遵守《北京市绿色诊断评估工作规则（2023年版）》的相关要求，且未向本单位收取任何诊断服务相关费用。",
        "负责人签字：", "（单位公章）",
    ],
    "report_park": [
        "北京市工业园区绿色诊断评估报告", "基本信息表", "一、企业基本信息", "二、服务商信息",
        "本机构承诺，已对该工业园区绿色发展水平进行了诊断，材料真实有效，绿色诊断服务流程规范完整，结论客观公正。",
        "绿色诊断工作组成员表", "园区工作人员", "一、概述", "二、诊断评估过程和方法", "三、诊断评估内容", "四、诊断评估结论",
        "五、建议", "六、参考文件", "【待填写：服务商应按以下内容对园区进行诊断：", "工业园区绿色诊断基础性要求诊断表",
        "园区重点企业100%实施清洁生产审核。", "工业园区绿色诊断评价表", "第1年（2023年）指标数据评价情况",
        "第3年（2025年）指标数据评价情况", "注：1.单项指标最高得分不超过120分。", "绿化覆盖率", "绿色化改造提升建议表",
        "填表说明：园区近期如对该项目有实施意愿，请在备注栏中填写拟实施的时间。",
    ],
    "report_enterprise": [
        "北京市制造业企业绿色诊断评估报告", "基本信息表", "绿色诊断工作组成员表", "企业人员", "四、诊断评估结论",
        "绿色化改造提升建议表",
    ],
}


@pytest.fixture(scope="module")
def pdf_texts(tmp_path_factory, soffice):
    """Render four cases, convert every document with ONE to_pdf call, return {(case, key): text}."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    from greendiag.forms.render import documents_for
    from greendiag.generator.office import to_pdf

    root = tmp_path_factory.mktemp("forms-pdf")
    cases = {
        "park": sample_park(), "large": sample_enterprise_large(), "small": sample_enterprise_small(),
        "hostile": hostile_park(), "hostile_ent": hostile_enterprise(),
    }
    docx: dict[tuple[str, str], Path] = {}
    for label, case in cases.items():
        paths = render_all(case, assess_case(case), root / label)
        for spec, p in zip(documents_for(case), paths):
            flat = root / f"{label}-{spec.key}.docx"
            shutil.copy(p, flat)
            docx[(label, spec.key)] = flat
    pdfs = to_pdf(list(docx.values()), root / "pdf")
    texts, raw = {}, {}
    for key, pdf in zip(docx, pdfs):
        # three extraction modes: table cells, symbols in fallback fonts and wrapped lines come out
        # in a different order in each; a phrase counts as present when one mode has it whole
        modes = [
            subprocess.run(["pdftotext", *opt, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
            for opt in (["-raw"], [], ["-layout"])
        ]
        texts[key] = "\n§\n".join(modes)
        raw[key] = modes[0]
    return {"cases": cases, "texts": texts, "raw": raw}


def test_pdf_fixed_wording(pdf_texts):
    for (label, key), text in pdf_texts["texts"].items():
        flat = squash(text)
        for phrase in FIXED[key]:
            if label.startswith("hostile") and phrase.startswith("【待填写"):
                continue  # every narrative section is filled in the hostile case
            assert squash(phrase) in flat, f"{label}/{key}: missing {phrase!r}"


def test_pdf_park_values(pdf_texts):
    t = {k: squash(v) for (label, k), v in pdf_texts["texts"].items() if label == "park"}
    case = pdf_texts["cases"]["park"]
    a = assess_case(case)
    name = case.unit_name
    for key in ("application_park", "commitment_park", "satisfaction_park", "report_park"):
        assert name in t[key], key
    assert "3860000" in t["application_park"]
    raw = squash(pdf_texts["raw"][("park", "application_park")])
    assert raw.count("☑") == 1 and raw.count("☐") == 1
    assert f"本单位为{name}开展绿色诊断工作" in t["commitment_park"]
    # the unit ticks and the district writes its opinion (规则第十七条): printed blank
    assert "√）" not in t["satisfaction_park"] and "非常满意（）满意（）一般（）不满意（）" in t["satisfaction_park"]
    assert case.satisfaction.district_opinion and squash(case.satisfaction.district_opinion) not in t["satisfaction_park"]
    conf = t["confirmation_park"]
    assert squash(
        "示例绿色科技服务有限公司（虚构）为本单位提供了绿色诊断服务，于2026年9月28日至10月9日开展了现场诊断，"
        "2026年10月30日向我单位提交了绿色诊断评估报告，2026年11月6日召开了诊断工作报告会。"
    ) in conf
    assert "同时向本单位提供了绿色工业园区第三方评估服务，且未向本单位收取评估费用。" in conf
    assert "本段删除" not in conf
    rep = t["report_park"]
    for y in a.years:
        assert f"{y.park_score:.1f}" in rep
    assert "共5个工作日" in rep and "第十二条" in rep and "第十一条" in rep
    assert "园区标准厂房屋顶分布式光伏扩容" in rep
    assert "于2027年10月30日前后（诊断完成一年后）向市区经信部门反馈" in rep
    assert "陈报告" in rep and "高级工程师" in rep
    # 六 has no narrative: it lists the documents the evidence columns cite, numbered
    assert "【待填写：列出报告编写过程中所使用的相关参考文件" not in rep
    first = next(e.evidence for e in case.basic_requirements if e.evidence).split("；")[0]
    assert squash("1." + first) in rep
    assert "受北京示例经济技术开发区管理委员会（虚构）委托" in rep  # 一 has
    assert "【待填写：1.介绍绿色诊断评估的目的" not in rep


def test_pdf_enterprise_values(pdf_texts):
    t = {(label, k): squash(v) for (label, k), v in pdf_texts["texts"].items()}
    assert "156000万元" in t[("large", "application_enterprise")]
    for label in ("large", "small"):
        raw = pdf_texts["raw"][(label, "application_enterprise")]
        assert raw.count("☑") == 1 and raw.count("☐") == 6
    assert "中外合作" in t[("small", "application_enterprise")]
    assert "32000万元" in t[("small", "application_enterprise")]
    assert "√）" not in t[("large", "satisfaction_enterprise")]
    assert "北京示例精密制造有限公司（虚构）" in t[("large", "report_enterprise")]
    assert "空压站群控及余热回收改造" in t[("large", "report_enterprise")]


def test_pdf_hostile_text_literal(pdf_texts):
    texts = [v for (label, _), v in pdf_texts["texts"].items() if label.startswith("hostile")]
    flat = squash("\n".join(texts))
    for h in ("A&B<园区>\"'", "{{x}}{%iftrue%}y{%endif%}{#c#}", "=cmd|'/c calc'!A0".replace(" ", ""), "]]></w:t></w:r><w:p>",
              "{_{y}_}{_%z%_}"):
        assert squash(h) in flat, h
    assert "长" * 200 in flat
    assert "第三方评估服务" not in squash(pdf_texts["texts"][("hostile", "confirmation_park")])
    ent = squash("\n".join(v for (label, _), v in pdf_texts["texts"].items() if label == "hostile_ent"))
    assert squash("A&B<园区>\"'") in ent and squash("{{x}}") in ent


@pytest.mark.parametrize("kind", ["园区", "企业"])
def test_minimal_case_renders_blank_forms(tmp_path, kind):
    """A case with only the unit and provider names: every annex renders, blanks stay blank."""
    from greendiag.rules.models import CaseKind, EnterpriseApplication, ParkApplication, Provider

    app = ParkApplication(name="空园区") if kind == "园区" else EnterpriseApplication(name="空企业")
    case = Case(kind=CaseKind(kind), diagnosis_year=2026, application=app, provider=Provider(name="某服务商"))
    paths = render_all(case, assess_case(case), tmp_path)
    text = "\n".join(docx_text(p) for p in paths)
    assert "【待填写：1.介绍绿色诊断评估的目的、范围及准则。" in text
    assert "    年  月  日" in text or "20  年    月    日" in text
    if kind == "园区":
        assert "【待填写：附件2－1－2指标数据未填写，无法计算园区诊断评分。】" in text
        assert "表1  园区诊断评分" not in text
        assert "☑" not in text  # no level chosen


@pytest.mark.parametrize("key", sorted(BUILDERS))
def test_templates_are_reproducible(key):
    first, second = BUILDERS[key](), BUILDERS[key]()
    assert first.element.xml == second.element.xml


W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_STYLE_REF = re.compile(r'<w:(?:pStyle|rStyle|tblStyle|numStyleLink|styleLink) w:val="([^"]+)"')
KEPT_UNNAMED = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "Header"}
"""Styles a template keeps although its parts name none of them: the default of each type, and the style
of the header python-docx adds for a draft's watermark."""


def _named_styles(z: zipfile.ZipFile) -> set[str]:
    return {m for n in z.namelist() if n.endswith(".xml") and n != "word/styles.xml"
            for m in _STYLE_REF.findall(z.read(n).decode("utf-8"))}


@pytest.mark.parametrize("key", sorted(BUILDERS))
def test_templates_carry_only_what_the_documents_use(key):
    from lxml import etree

    z = zipfile.ZipFile(io.BytesIO(template_bytes(key)))
    package = " ".join([*z.namelist(), *(z.read(n).decode() for n in z.namelist() if n.endswith((".rels", "].xml")))])
    for dropped in ("stylesWithEffects", "thumbnail", "jpeg", "customXml"):  # python-docx's default template's
        assert dropped not in package, dropped
    styles = etree.fromstring(z.read("word/styles.xml"))
    assert styles.find(f"{W_NS}latentStyles") is None
    defined = {s.get(f"{W_NS}styleId"): s for s in styles.iter(f"{W_NS}style")}
    named = _named_styles(z)
    assert named <= set(defined), "a part names a style styles.xml lacks"
    reached, todo = set(), named | KEPT_UNNAMED
    while todo:  # along basedOn, next, link
        sid = todo.pop()
        if sid not in reached:
            reached.add(sid)
            todo |= {el.get(f"{W_NS}val") for tag in ("basedOn", "next", "link")
                     for el in defined[sid].iter(f"{W_NS}{tag}")}
    assert set(defined) == reached, f"unused styles: {sorted(set(defined) - reached)}"


@pytest.mark.parametrize("make", [sample_park, sample_enterprise_small])
def test_draft_documents_name_only_defined_styles(make):
    from greendiag.forms.render import contexts_for

    case = make()
    for key, ctx in contexts_for(case, assess_case(case), charts=False).items():
        z = zipfile.ZipFile(io.BytesIO(render_document(key, ctx, title="t", author="a", draft=True)))
        assert any(n.startswith("word/header") for n in z.namelist())
        defined = set(re.findall(r'w:styleId="([^"]+)"', z.read("word/styles.xml").decode()))
        assert _named_styles(z) <= defined, key

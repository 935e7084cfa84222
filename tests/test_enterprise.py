"""The enterprise diagnosis sheets (合规性, 诊断内容, 对标分析, 分级评价, 拟实施重点工作) and 现场照片:
workbook → reader → rules (vetoes, gaps, grading) → report."""

from __future__ import annotations

import openpyxl
import pytest

from greendiag.generator import samples
from greendiag.rules import assess_case
from greendiag.rules.enterprise import COMPLIANCE_ITEMS, benchmark_gap
from greendiag.rules.models import CaseKind
from greendiag.workbooks import enterprise as E
from greendiag.workbooks import fill_case, read_case
from greendiag.workbooks import spec as S


def _demo(tmp_path, make):
    case = make()
    samples.write_demo_photos(tmp_path / samples.DEMO_PHOTO_DIR, case.kind)
    return case, fill_case(case, tmp_path / "case.xlsx")


@pytest.mark.parametrize("make", [samples.demo_enterprise, samples.demo_park])
def test_demo_cases_round_trip(make, tmp_path):
    case, path = _demo(tmp_path, make)
    result = read_case(path)
    assert result.ok and result.errors == [] and result.warnings == [], result.problems
    assert result.case == case


def _with_status(case, number: int, status: str):
    rows = tuple(e if e.number != number else e.model_copy(update={"status": status}) for e in case.compliance)
    return case.model_copy(update={"compliance": rows})


def _in_region(case, address):
    return case.model_copy(update={"application": case.application.model_copy(update={"address": address})})


HLJ_ADDRESS = "黑龙江省哈尔滨市示例区示例路1号（虚构）"
GZ_ADDRESS = "广东省广州市示例区示例路2号（虚构）"


@pytest.mark.parametrize("number", [i.number for i in COMPLIANCE_ITEMS if i.hlj])
def test_veto_item_set_to_fail_vetoes_in_the_units_region_only(number, tmp_path):
    """A veto item marked 不符合 on 合规性 (typed into the workbook and read back) vetoes a Heilongjiang unit
    under 第十五条 and a Guangzhou unit under 第十二条; a Beijing unit meets neither document."""
    base = samples.demo_enterprise()
    a = assess_case(base).enterprise
    assert a.region == "北京" and a.hlj_veto is None and a.gz_veto is None and a.vetoes == ()
    case = _with_status(base, number, "不符合")
    samples.write_demo_photos(tmp_path / samples.DEMO_PHOTO_DIR, case.kind)
    read = read_case(fill_case(case, tmp_path / "v.xlsx"))
    assert read.ok
    e = assess_case(read.case).enterprise
    assert e.vetoes == () and e.compliance_failed == (number,)
    item = next(i for i in COMPLIANCE_ITEMS if i.number == number)
    h = assess_case(_in_region(read.case, HLJ_ADDRESS)).enterprise
    g = assess_case(_in_region(read.case, GZ_ADDRESS)).enterprise
    assert (h.region, g.region) == ("黑龙江", "广州") and h.gz_veto is None and g.hlj_veto is None
    assert not h.hlj_veto.ok and not g.gz_veto.ok
    assert h.hlj_veto.reasons[0].endswith(f"第十五条（{'一二三四五六'[item.hlj - 1]}））")
    assert g.gz_veto.reasons[0].endswith(f"第十二条（{'一二三四五六'[item.gz - 1]}））")


def test_non_veto_items_do_not_veto():
    case = samples.demo_enterprise()
    for i in COMPLIANCE_ITEMS:
        if not i.hlj:
            case = _with_status(case, i.number, "不符合")
    for address in (HLJ_ADDRESS, GZ_ADDRESS):
        e = assess_case(_in_region(case, address)).enterprise
        assert all(c.ok for c in e.vetoes) and len(e.vetoes) == 1 and len(e.compliance_failed) == 5


def test_an_accident_is_no_beijing_pool_refusal():
    """北京办法 has no veto list for the pool: an accident item is for the bureau's 入库审核 (第六条), not a
    refusal under 第十条（六）, which revokes a listed unit after a 重大 accident plus blacklisting."""
    case = samples.demo_enterprise()
    assert assess_case(case).enterprise.pool.ok  # 78.5 ≥ 60, report of the diagnosis year
    e = assess_case(_with_status(case, 6, "不符合")).enterprise
    assert e.pool.ok and e.tier is None
    assert len(e.notes) == 1 and "第六条" in e.notes[0] and "第十条" not in e.notes[0]
    listed = case.model_copy(update={"grading": case.grading.model_copy(update={"national": True})})
    e = assess_case(_with_status(listed, 6, "不符合")).enterprise
    assert e.pool is None and e.tier == "绿色工厂优质企业"
    assert "重大" in e.notes[0] and "失信黑名单" in e.notes[0] and e.notes[0].count("第十条（六）") == 1


@pytest.mark.parametrize("score,tier,star,review,pool", [
    (59.9, "绿色工厂达标企业", 0, "不合格", False),
    (60, "绿色工厂优质企业", 0, "不合格", True),
    (80, "绿色工厂标杆企业", 1, "合格", True),
    (90, "绿色工厂领军企业", 1, "重点培育推荐国家级", True),
])
def test_grading_boundaries_per_region(score, tier, star, review, pool):
    """Beijing: 第七条 tier only on the national list, else the 第八条 pool line; Guangzhou stars and
    Heilongjiang review only for units of those regions."""
    case = samples.demo_enterprise()
    case = case.model_copy(update={"grading": case.grading.model_copy(update={"score": score})})
    e = assess_case(case).enterprise
    assert (e.tier, e.gz_star, e.hlj_review, e.pool.ok) == (None, None, None, pool)
    listed = case.model_copy(update={"grading": case.grading.model_copy(update={"national": True})})
    e = assess_case(listed).enterprise
    assert (e.tier, e.gz_star, e.hlj_review, e.pool) == (tier, None, None, None)
    e = assess_case(_in_region(case, GZ_ADDRESS)).enterprise
    assert (e.tier, e.gz_star, e.hlj_review, e.pool) == (None, star, None, None)
    e = assess_case(_in_region(case, HLJ_ADDRESS)).enterprise
    assert (e.tier, e.gz_star, e.hlj_review, e.pool) == (None, None, review, None)


def test_benchmark_gap_directions():
    assert benchmark_gap(2.15, 1.9, "越小越好") == pytest.approx(13.1578947)
    assert benchmark_gap(88, 95, "越大越好") == pytest.approx(7.3684210)
    assert benchmark_gap(1.5, 1.9, "越小越好") < 0  # better than the advanced value
    assert benchmark_gap(1, 0, "越小越好") is None and benchmark_gap(None, 1, "越小越好") is None
    assert benchmark_gap(1, 2, None) is None


def _photo_cell(path):
    wb = openpyxl.load_workbook(path)
    ws = wb[S.PHOTOS]
    return ws, wb


@pytest.mark.parametrize("kind", [CaseKind.ENTERPRISE, CaseKind.PARK])
def test_missing_photo_is_a_problem_with_sheet_and_cell(kind, tmp_path):
    make = samples.demo_enterprise if kind is CaseKind.ENTERPRISE else samples.demo_park
    case, path = _demo(tmp_path, make)
    (tmp_path / case.photos[1].file).unlink()
    (tmp_path / case.photos[0].file).write_bytes(b"not a picture")
    result = read_case(path)
    assert result.case is None
    by_cell = {(p.sheet, p.cell): p.message for p in result.errors}
    first = E._HEADER_ROW + 2
    assert "无法读取照片" in by_cell[(S.PHOTOS, f"B{first}")]
    assert "找不到照片文件" in by_cell[(S.PHOTOS, f"B{first + 1}")] and case.photos[1].file in by_cell[(S.PHOTOS, f"B{first + 1}")]


def test_absolute_photo_path_is_refused(tmp_path):
    case, path = _demo(tmp_path, samples.demo_park)
    wb = openpyxl.load_workbook(path)
    wb[S.PHOTOS][f"B{E._HEADER_ROW + 2}"] = str((tmp_path / case.photos[0].file).resolve())
    wb.save(path)
    result = read_case(path)
    assert any(p.cell == f"B{E._HEADER_ROW + 2}" and "不在工作簿所在文件夹内" in p.message for p in result.errors)


def test_compliance_row_text_changed_is_an_error(tmp_path):
    case, path = _demo(tmp_path, samples.demo_enterprise)
    wb = openpyxl.load_workbook(path)
    ws = wb[S.COMPLIANCE]
    ws.cell(E.COMPLIANCE_TABLE.header_row + 6, 3).value = "近三年无事故"
    wb.save(path)
    result = read_case(path)
    assert result.case is None and any(p.sheet == S.COMPLIANCE and "第6项的要求" in p.message for p in result.errors)


def test_suggested_benchmark_rows_are_not_records(tmp_path):
    from greendiag.workbooks import build_template

    p = build_template("企业", tmp_path / "t.xlsx", name="某企业", year=2026)
    ws = openpyxl.load_workbook(p)[S.BENCHMARK]
    first = E._HEADER_ROW + 2
    assert ws[f"B{first}"].value == "单位产品综合能耗" and ws[f"D{first}"].value == "越小越好"
    wb = openpyxl.load_workbook(p)
    wb[S.PROVIDER]["B3"] = "某服务商"
    wb.save(p)
    result = read_case(p)
    assert result.ok and result.case.benchmarks == () and result.case.compliance == ()


def test_gap_formulas_equal_python_after_libreoffice(soffice, tmp_path):
    """The 对标分析 sheet's native formulas, recalculated by LibreOffice, equal rules.enterprise."""
    from greendiag.generator.office import recalculate

    case, path = _demo(tmp_path, samples.demo_enterprise)
    # add a row of each edge: no direction, advanced value 0, only the first year, better than advanced
    from greendiag.rules.models import BenchmarkRow

    extra = (
        BenchmarkRow(indicator="无方向", value_3=1.0, domestic=2.0, domestic_source="x"),
        BenchmarkRow(indicator="先进值为0", direction="越小越好", value_3=1.0, domestic=0.0, domestic_source="x"),
        BenchmarkRow(indicator="只有第1年", direction="越大越好", value_1=40.0, domestic=50.0, domestic_source="x",
                     international=80.0, international_source="y"),
        BenchmarkRow(indicator="优于先进", direction="越小越好", value_2=0.8, value_3=0.7, domestic=1.0, domestic_source="x"),
    )
    case = case.model_copy(update={"benchmarks": case.benchmarks + extra})
    path = fill_case(case, tmp_path / "gaps.xlsx")
    vetoed = fill_case(_with_status(case, 8, "不符合"), tmp_path / "veto.xlsx")
    listed_case = case.model_copy(update={"grading": case.grading.model_copy(update={"national": True})})
    listed = fill_case(listed_case, tmp_path / "listed.xlsx")
    out, out_veto, out_listed = recalculate([path, vetoed, listed], tmp_path / "recalc")
    ws = openpyxl.load_workbook(out, data_only=True)[S.BENCHMARK]
    a = assess_case(case).enterprise
    first = E._HEADER_ROW + 2
    calc0 = 2 + len(E.BENCHMARKS.columns)
    for i, res in enumerate(a.benchmarks):
        r = first + i
        assert ws.cell(r, 2).value == res.indicator
        now, dom, intl = (ws.cell(r, calc0 + k).value for k in range(3))
        for got, want in ((now, res.latest), (dom, res.domestic_gap), (intl, res.international_gap)):
            if want is None:
                assert got in (None, ""), (res.indicator, got)
            else:
                assert got == pytest.approx(want, rel=1e-9), (res.indicator, got, want)
    assert any(r.domestic_gap is None for r in a.benchmarks) and any(r.domestic_gap < 0 for r in a.benchmarks if r.domestic_gap is not None)
    # the compliance summary formulas: a veto item marked 不符合 shows on the sheet too
    summary = E.COMPLIANCE_TABLE.header_row + len(COMPLIANCE_ITEMS) + 5
    assert openpyxl.load_workbook(out, data_only=True)[S.COMPLIANCE][f"E{summary}"].value == E.VETO_NONE
    ws = openpyxl.load_workbook(out_veto, data_only=True)[S.COMPLIANCE]
    assert ws[f"E{summary}"].value == E.VETO_FOUND and ws[f"E{summary - 2}"].value == 1
    # 分级评价: the native tier / pool formulas agree with rules (score 78.5, not on the national list);
    # Beijing's rules only: no Guangzhou star, no Heilongjiang review
    e = assess_case(case).enterprise
    form = S.forms_for(CaseKind.ENTERPRISE)[S.GRADING]
    ws = openpyxl.load_workbook(out, data_only=True)[S.GRADING]
    got = [ws.cell(form.last_row + 2 + k, 2).value for k in range(1, 4)]
    assert e.tier is None and got == ["不分级（未列入国家级绿色工厂名单）", "达到" if e.pool.ok else "未达到", None]
    ws_listed = openpyxl.load_workbook(out_listed, data_only=True)[S.GRADING]
    e = assess_case(listed_case).enterprise
    assert [ws_listed.cell(form.last_row + 2 + k, 2).value for k in (1, 2)] == [e.tier, None] and e.tier == "绿色工厂优质企业"
    texts = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    assert "黑龙江" not in texts and "一星" not in texts


# ---------------------------------------------------------------- the report


def _report_text(case, base) -> str:
    from greendiag.forms.render import render_documents
    from tests.test_forms import docx_text

    docs = render_documents(case, assess_case(case), base)
    name = next(n for n in docs if "评估报告" in n)
    return docx_text(docs[name])


def test_veto_shows_in_the_report_of_its_region_only(tmp_path):
    case = samples.demo_enterprise()
    samples.write_demo_photos(tmp_path / samples.DEMO_PHOTO_DIR, case.kind)
    hlj = _report_text(_in_region(_with_status(case, 8, "不符合"), HLJ_ADDRESS), tmp_path)
    assert "企业存在黑龙江省绿色制造名单的否决情形：近三年企业被列为失信被执行人" in hlj and "第十五条（六））" in hlj
    assert "广州" not in hlj and "1项不符合" in hlj and "不符合项为第8项" in hlj
    gz = _report_text(_in_region(case, GZ_ADDRESS), tmp_path)
    assert "企业不存在广州市绿色制造名单的否决情形" in gz and "1星" not in gz and "未达到一星" in gz and "黑龙江" not in gz


def test_beijing_report_applies_beijing_rules_only(tmp_path):
    """A Beijing enterprise's report mentions no Heilongjiang or Guangzhou rule; off the national list it
    gets the 第八条 pool line, not a 第七条 tier; an accident item is for the bureau's 入库审核 (第六条)."""
    case = samples.demo_enterprise()
    samples.write_demo_photos(tmp_path / samples.DEMO_PHOTO_DIR, case.kind)
    for c in (case, _with_status(case, 8, "不符合")):
        text = _report_text(c, tmp_path)
        for word in ("黑龙江", "广州", "一星", "星级", "评审分数线", "否决情形"):
            assert word not in text, word
        for tier in ("达标企业", "优质企业", "标杆企业", "领军企业"):
            assert tier not in text, tier
        assert "企业未列入国家级绿色工厂名单，不进行绿色工厂分级评价" in text and "申请纳入北京市绿色制造培育库" in text
    assert "由市经济和信息化局入库审核时研判" in text and "第十条（六）" not in text
    listed = case.model_copy(update={"grading": case.grading.model_copy(update={"national": True})})
    text = _report_text(listed, tmp_path)
    assert "企业已列入国家级绿色工厂名单，分级评价级别为绿色工厂优质企业" in text and "培育库" not in text


def test_demo_enterprise_report_is_complete(tmp_path):
    case = samples.demo_enterprise()
    samples.write_demo_photos(tmp_path / samples.DEMO_PHOTO_DIR, case.kind)
    text = _report_text(case, tmp_path)
    assert "【待填写" not in text
    for f in case.findings:
        assert f.area in text and f.current in text and f.problems in text
    for b in case.benchmarks:
        assert b.indicator in text and b.domestic_source in text
    assert "表2  关键指标对标分析" in text and "图1  关键指标与国内、国际先进值的差距" in text
    assert "申请纳入北京市绿色制造培育库" in text and "第十二条第2项" in text and "第十三条" in text
    for k, ph in enumerate(case.photos, 1):
        assert f"照片{k}  {ph.caption}" in text


def test_empty_sheets_leave_their_sections_to_fill(tmp_path):
    text = _report_text(samples.sample_enterprise_large(), tmp_path)
    for sheet in ("合规性", "诊断内容", "对标分析", "拟实施重点工作", "现场照片"):
        assert f"工作簿“{sheet}”表未填写" in text, sheet


def test_twenty_photos_stay_under_10_mb(tmp_path):
    """Large noisy photos (worst case for JPEG) are scaled and compressed: 20 of them < 10 MB."""
    import os

    from PIL import Image

    from greendiag.rules.models import Photo

    (tmp_path / "照片").mkdir()
    noise = Image.frombytes("RGB", (4000, 3000), os.urandom(4000 * 3000 * 3))
    big = tmp_path / "照片" / "big.jpg"
    noise.save(big, "JPEG", quality=95)
    assert big.stat().st_size > 5 * 1024 * 1024
    tall = tmp_path / "照片" / "tall.png"
    noise.transpose(Image.Transpose.ROTATE_90).save(tall)
    photos = tuple(Photo(file=f"照片/{'big.jpg' if k % 2 else 'tall.png'}", caption=f"第{k}张") for k in range(20))
    case = samples.sample_park().model_copy(update={"photos": photos})
    from greendiag.forms.render import render_documents

    docs = render_documents(case, assess_case(case), tmp_path)
    report = next(v for n, v in docs.items() if "评估报告" in n)
    assert len(report) < 10 * 1024 * 1024, len(report)


def test_older_template_without_the_new_sheets_reads_with_warnings(tmp_path):
    """A workbook made before these sheets existed: read as blank, one warning per missing sheet."""
    case, path = _demo(tmp_path, samples.demo_enterprise)
    wb = openpyxl.load_workbook(path)
    for name in E.OPTIONAL_SHEETS:
        del wb[name]
    wb.save(path)
    result = read_case(path)
    assert result.ok, result.errors
    assert {p.sheet for p in result.warnings if "较早版本的模板" in p.message} == set(E.OPTIONAL_SHEETS)
    c = result.case
    assert (c.compliance, c.findings, c.benchmarks, c.planned_work, c.photos) == ((), (), (), (), ())
    assert c.grading == type(c.grading)()


def test_photo_gone_after_reading_is_a_problem_not_a_traceback(tmp_path, monkeypatch):
    from greendiag.generator.pipeline import CaseInvalid, generate

    case, path = _demo(tmp_path, samples.demo_park)
    (tmp_path / case.photos[0].file).unlink()
    monkeypatch.setattr(E, "_photo_problem", lambda p: None)  # as if it vanished between reading and rendering
    with pytest.raises(CaseInvalid) as info:
        generate(path, tmp_path / "out")
    assert info.value.problems[0].sheet == S.PHOTOS and case.photos[0].file.split("/")[-1] in info.value.problems[0].message
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())

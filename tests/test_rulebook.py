"""The rulebook (rules/params/*.toml): documents, basis, verification records and dated values (issue 22)."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from greendiag import rules
from greendiag.rules.citations import (
    FIRST_EDITION,
    Rulebook,
    RulebookError,
    load_params,
    rulebook,
)

PARAMS = Path(rules.__file__).parent / "params"
SEEDS = next((p / "shared" / "seeds" for p in Path(__file__).resolve().parents if (p / "shared" / "seeds").is_dir()), None)
AUTO = "取值连同单位的原文见于种子文本（逐项自动比对）"


def test_every_document_has_number_status_seed_and_dates():
    for name, doc in rulebook().documents.items():
        assert doc.number and doc.seed.endswith(".txt"), name
        assert doc.status in ("in force", "draft for comment", "superseded"), name
        assert doc.in_force == "unknown" or isinstance(doc.in_force, date), name
    docs = rulebook().documents
    assert docs["bj_units"].published == date(2023, 9, 11)  # the seed's notice date
    assert docs["bj_units"].status == "draft for comment" and docs["guangzhou"].status == "draft for comment"
    assert docs["heilongjiang"].status == "superseded"  # final rules issued 2024-07-23
    assert all(d.in_force == "unknown" for d in docs.values())  # no seed states it: never guessed


def test_every_entry_has_basis_verified_and_dated_values():
    n = 0
    for _doc, e in rulebook().all_params():
        assert e.template.basis in ("document", "reading", "default"), e.key
        assert e.values and all(isinstance(s, date) for s, _ in e.values), e.key
        n += 1
    assert n >= 164


def test_status_of_the_former_notes_is_in_basis():
    ind = load_params("indicators")
    assert all(ind[f"indicator_{i:02d}"].basis == "default" for i in range(1, 32))
    assert all(ind[f"indicator_{i:02d}"].verified is None for i in range(1, 32))
    assert ind["min_scored_indicators"].basis == "default"
    assert ind["leading_value_source"].basis == "reading"
    p = load_params("bj_diagnosis")
    assert p["senior_titles"].basis == "default"
    assert p["fraud_requalify_years"].basis == p["one_year_window_months"].basis == "reading"
    assert p["reward_cap_park"].basis == "document" and p["reward_cap_park"].verified is not None
    assert p["reward_cap_park"].verified_text.startswith("已核实：seed 000_c1c7b049d87ce64a.txt，2026-12-07")
    assert ind["indicator_01"].verified_text == "未核实" and ind["indicator_01"].basis_text == "greendiag 默认值"


STATUS_PROSE = re.compile(
    r"greendiag\s*的?\s*(?:默认|读法|自定|整理|拟定|依|做法|方法)|非(?:文件|指南)规定|(?:文件|指南)未规定|未经.{0,12}核实|[未已]核实"
)
"""A value's status written as prose: it belongs in ``basis`` / ``verified``, not in an article or a note."""


def test_no_article_or_note_states_a_status_in_prose():
    found = [f"{doc.name}.{e.key}.{field}: {text}"
             for doc, e in rulebook().all_params()
             for field, text in (("article", e.template.cite.article), ("note", e.template.note))
             if STATUS_PROSE.search(text)]
    assert not found, "状态应写在 basis / verified 中：\n" + "\n".join(found)


def test_no_citation_of_the_rules_states_a_status_in_prose():
    import importlib
    import pkgutil

    from greendiag.rules.citations import Citation

    found = []
    for m in pkgutil.iter_modules(rules.__path__):
        mod = importlib.import_module(f"greendiag.rules.{m.name}")
        found += [f"{m.name}.{k}: {v.article}" for k, v in vars(mod).items()
                  if isinstance(v, Citation) and STATUS_PROSE.search(v.article)]
    assert not found, "状态应写在参数的 basis / verified 中：\n" + "\n".join(found)


@pytest.mark.parametrize("text", ["附件2-1-2（greendiag 默认值，指南未规定）", "按其3年计（greendiag 的读法）",
                                  "greendiag 自定的合理性范围（非文件规定）", "未经存档文本核实"])
def test_status_prose_is_recognised(text):
    assert STATUS_PROSE.search(text)


@pytest.mark.skipif(SEEDS is None, reason="seed texts not found beside the repository")
def test_automatic_verification_records_hold_against_the_seeds():
    """Each record "取值…见于种子文本（逐项自动比对）" is re-checked: the value with its unit occurs in the seed."""
    texts = {p.name: re.sub(r"\s+", "", p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")}
    checked = 0
    for doc, e in rulebook().all_params():
        v = e.template.verified
        if v is None or v.how != AUTO:
            continue
        seed = texts[v.against.removeprefix("seed ")]
        for _, value in e.values:
            items = value if isinstance(value, list) else [value]
            for item in items:
                want = re.sub(r"\s+", "", str(item)) + (e.template.unit if isinstance(item, int | float) else "")
                assert want in seed, (doc.name, e.key, want)
        checked += 1
    assert checked > 80


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "params"
    shutil.copytree(PARAMS, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return root


@pytest.mark.parametrize("field", ["basis", "verified", "values"])
def test_an_entry_without_basis_verified_or_values_is_refused(tmp_path, field):
    root = _copy(tmp_path)
    f = root / "bj_diagnosis.toml"
    text = f.read_text(encoding="utf-8")
    block = text.split("[reward_cap_park]")[1].split("\n\n")[0]
    line = next(ln for ln in block.splitlines() if ln.startswith(field))
    f.write_text(text.replace("[reward_cap_park]" + block, "[reward_cap_park]" + block.replace(line + "\n", "").replace(line, "")),
                 encoding="utf-8")
    with pytest.raises(RulebookError, match=f"bj_diagnosis.toml 中的 reward_cap_park 缺少 {field}"):
        Rulebook.load(root)


def test_values_are_read_at_an_instant_and_a_date_before_every_edition_is_refused(tmp_path):
    root = _copy(tmp_path)
    f = root / "indicators.toml"
    text = f.read_text(encoding="utf-8")
    head, tail = text.split("[indicator_01]")
    first, rest = tail.split("\n\n", 1)
    f.write_text(head + "[indicator_01]" + first + "\nvalues.2027-03-01.value = 4\n\n" + rest, encoding="utf-8")
    book = Rulebook.load(root)
    assert book.dates == (FIRST_EDITION, date(2027, 3, 1))
    old, new = book.edition(date(2027, 2, 28)), book.edition("2027-03-01")
    assert old.label == "2026-11-21" and new.label == "2027-03-01"
    assert old["indicators"]["indicator_01"].value == 3 and new["indicators"]["indicator_01"].value == 4
    assert new["indicators"]["indicator_01"].start == date(2027, 3, 1)
    assert new["indicators"]["indicator_02"].value == 15  # unchanged values carry over
    with pytest.raises(RulebookError, match="2026-11-20 早于最早的规则版本（2026-11-21）"):
        book.edition(date(2026, 11, 20))


def test_an_expired_value_is_refused_not_replaced(tmp_path):
    root = _copy(tmp_path)
    f = root / "guangzhou.toml"
    text = f.read_text(encoding="utf-8")
    text = text.replace("values.2026-11-21.value = 7\n", "values.2026-11-21.value = 7\nvalues.2027-01-01.expired = true\n")
    f.write_text(text, encoding="utf-8")
    ed = Rulebook.load(root).edition(date(2027, 6, 1))
    assert "publicity_days" not in set(ed["guangzhou"])
    with pytest.raises(RulebookError, match="publicity_days 在 2027-01-01 没有有效取值"):
        ed["guangzhou"]["publicity_days"]


def test_cli_rules_unverified_lists_only_readings_and_defaults():
    from typer.testing import CliRunner

    from greendiag.cli import app

    res = CliRunner().invoke(app, ["rules", "--unverified"], env={"COLUMNS": "250"})
    assert res.exit_code == 0, res.output
    assert "indicators.indicator_01（能源产出率）" in res.output and "bj_diagnosis.senior_titles" in res.output
    assert "bj_diagnosis.one_year_window_months" in res.output and "greendiag 的读法" in res.output
    assert "indicators.qualitative_scores" in res.output
    assert "reward_cap_park" not in res.output and "INDICATOR_SCORE" not in res.output
    n = sum(1 for _, e in rulebook().all_params() if e.template.basis != "document")
    assert f"共 {n} 项greendiag 的读法或默认值（规则版本 2026-11-21）" in res.output
    full = CliRunner().invoke(app, ["rules"], env={"COLUMNS": "250"})
    assert "INDICATOR_SCORE" in full.output and "reward_cap_park" in full.output and "文件规定" in full.output
    assert "征求意见稿" in full.output and "2023-09-11" in full.output and "已被取代" in full.output


SECOND_EDITION = (("indicators", "indicator_01", 4), ("bj_diagnosis", "reward_cap_park", 25),
                  ("indicators", "min_scored_indicators", 20), ("bj_diagnosis", "provider_annual_reward_cap", 250),
                  ("bj_diagnosis", "disqualify_unsatisfied_count", 2))


def _second_edition(tmp_path: Path) -> Rulebook:
    """The package's rulebook plus a second edition from 2027-03-01: 引领值 of indicator 1 changed to 4,
    the park reward cap 20 → 25 万元, the minimum of scored indicators 16 → 20, the annual cap
    300 → 250 万元, 不满意 disqualifying at 2 instead of 3."""
    root = _copy(tmp_path)
    for name, key, value in SECOND_EDITION:
        f = root / f"{name}.toml"
        head, tail = f.read_text(encoding="utf-8").split(f"[{key}]\n")
        first, rest = tail.split("\n\n", 1)
        f.write_text(f"{head}[{key}]\n{first}\nvalues.2027-03-01.value = {value}\n\n{rest}", encoding="utf-8")
    return Rulebook.load(root)


def test_rules_read_the_edition_they_are_given(tmp_path):
    from greendiag.rules.citations import using

    book = _second_edition(tmp_path)
    old, new = book.edition("2026-12-01"), book.edition("2027-03-01")
    assert rules.indicator_score(1, 3.0, edition=old) == 100 and rules.indicator_score(1, 3.0, edition=new) == 75
    assert rules.indicator_score(1, 3.0) == 100  # today's edition of the package
    assert rules.park_score([3.0] + [None] * 30, edition=new) == 75
    assert rules.reward_cap("园区", edition=new) == 25 and rules.reward_cap("园区", edition=old) == 20
    with using(new):
        assert rules.reward_cap("园区") == 25 and rules.indicators.indicators()[0].leading_value == 4
        assert rules.reward_cap("园区", edition=old) == 20  # an explicit keyword wins
    assert rules.reward_cap("园区") == 20
    assert "edition" in str(__import__("inspect").signature(rules.reward_cap))


def test_qualitative_state_points_are_the_parameter(tmp_path):
    """较完善 scores what indicators.toml's qualitative_scores says: 50 by default, 80 once the file says 80."""
    from greendiag.rules.indicators import qualitative_scores, qualitative_scores_param

    p = qualitative_scores_param()
    assert p.basis == "default" and p.verified is None and "附件2-1-2" in str(p.cite)
    assert qualitative_scores()["较完善"] == 50 and rules.indicator_score(29, "较完善") == 50
    root = _copy(tmp_path)
    f = root / "indicators.toml"
    f.write_text(f.read_text(encoding="utf-8").replace('"较完善" = 50', '"较完善" = 80'), encoding="utf-8")
    ed = Rulebook.load(root).edition("2026-12-01")
    assert qualitative_scores(ed)["较完善"] == 80
    assert rules.indicator_score(31, "较完善", edition=ed) == 80
    assert rules.indicator_score(31, "完善", leading_value="较完善", edition=ed) == 120  # 100 × 100 / 80, capped
    f.write_text(f.read_text(encoding="utf-8").replace('"较完善" = 80, ', ""), encoding="utf-8")
    with pytest.raises(RulebookError, match="qualitative_scores 须为每个定性状态"):
        rules.indicator_score(31, "较完善", edition=Rulebook.load(root).edition("2026-12-01"))


def test_assess_case_reads_the_edition_stamped_on_the_case(tmp_path):
    from greendiag.generator.samples import sample_park
    from greendiag.rules.citations import using

    book = _second_edition(tmp_path)
    case = sample_park()
    with using(book.edition("2026-12-01")):
        before = rules.assess_case(case)
    after = rules.assess_case(case, edition=book.edition("2027-03-01"))
    s0, s1 = before.years[-1].scores[0], after.years[-1].scores[0]
    assert s0 is not None and s1 == pytest.approx(min(s0 * 3 / 4, 120)) and s0 != s1
    stamped = case.model_copy(update={"edition": date(2026, 11, 21)})
    assert rules.assess_case(stamped).years[-1].scores[0] == s0
    with pytest.raises(RulebookError, match="早于最早的规则版本"):
        rules.assess_case(case.model_copy(update={"edition": date(2020, 1, 1)}))


def test_the_ledger_and_the_indicator_table_read_the_edition_they_are_given(tmp_path, monkeypatch):
    """Issue 22 item 1 for rules.ledger and rules.indicators: nothing read once at import."""
    from greendiag.generator import samples
    from greendiag.generator.ledger import case_row, compute_ledger
    from greendiag.rules import citations
    from greendiag.rules import ledger as L
    from greendiag.rules.citations import using

    book = _second_edition(tmp_path)
    monkeypatch.setattr(citations, "rulebook", lambda: book)
    old, new = book.edition("2026-12-01"), book.edition("2027-03-01")
    # indicator table: the minimum of scored indicators and the coverage text
    assert rules.min_scored(edition=old) == 16 and rules.min_scored(edition=new) == 20
    with using(new):
        assert rules.MIN_SCORED == 20 and rules.score_coverage(17) == (False, "31项中17项参与评分，少于20项，评分不可比")
        assert rules.indicators.table().rows[0].leading_value == 4
    assert rules.score_coverage(17) == (True, "31项中17项参与评分")
    park = samples.sample_park()
    a_old, a_new = rules.assess_case(park, edition=old), rules.assess_case(park, edition=new)
    assert a_old.years[-1].min_scored == 16 and a_new.years[-1].min_scored == 20
    # ledger: annual cap, counts, and its 说明 in words
    rows = []
    for k, d in enumerate((date(2027, 4, 1), date(2027, 5, 1))):
        c = park.model_copy(update={
            "diagnosis_year": 2027, "edition": date(2026, 11, 21),
            "application": park.application.model_copy(update={"name": f"园区{k}（虚构）"}),
            "process": park.process.model_copy(update={"onsite_start": d, "onsite_end": d, "report_date": d}),
            "satisfaction": park.satisfaction.model_copy(update={"level": "不满意", "evaluation_date": d}),
            "review": park.review.model_copy(update={"result": "合格", "review_date": d, "approved_amount": 20.0}),
        })
        rows.append(case_row(c, rules.assess_case(c), f"{k}.xlsx"))
    assert L.sanction_periods(rows, edition=old) == {}  # 2 不满意: not yet 3
    (s,) = L.sanction_periods(rows, edition=new).values()
    assert s.condition_date == date(2027, 5, 1) and "累计达到2次" in s.reasons[0]
    lines, (total,) = L.allocate_annual_cap(rows, [200.0, 100.0], edition=new)
    assert total.payable == 250 and [x.payable for x in lines] == [200, 50]
    assert L.allocate_annual_cap(rows, [200.0, 100.0], edition=old)[1][0].payable == 300
    assert "不超过 250 万元" in L.rules_text(edition=new)[2] and "不超过 300 万元" in L.rules_text(edition=old)[2]
    with using(new):
        assert L.ANNUAL_CAP == 250 and L.UNSATISFIED_LIMIT == 2
    # a case keeps the 第十九条 cap of the edition stamped on its workbook; the ledger's own rules its edition
    assert [r.reward_tier for r in rows] == [20, 20]
    unstamped = park.model_copy(update={"edition": None})
    with using(new):
        assert case_row(unstamped, rules.assess_case(unstamped), "x.xlsx").reward_tier == 25
    led_old, led_new = compute_ledger(rows, [], edition=old), compute_ledger(rows, [], edition=new)
    assert led_old.params.annual_cap == 300 and led_new.params.annual_cap == 250  # the ledger's editable cells
    assert not led_old.sanctions and len(led_new.sanctions) == 1  # disqualified on the 2nd 不满意 only in the new one
    assert [p.status for p in led_new.providers] == [L.STATUS_OUT] and [p.status for p in led_old.providers] == [L.STATUS_OK]

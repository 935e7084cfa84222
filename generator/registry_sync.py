"""The batch and the registry: officer entries flow back, workbook facts are kept, the ledger is written
from the registry (issue 18).

``greendiag batch DIR --out OUT --registry R`` (:func:`sync_batch`), in **one transaction**:

1. stores what each readable case workbook says (facts, file, SHA-256; provider and unit by
   :func:`greendiag.rules.identity.normalise_name`), with history for every change;
2. imports the officer entries of the greendiag ledgers in ``OUT`` it is about to replace (checked
   whole before anything is applied: :func:`greendiag.generator.ledger_entries.read_entries`);
3. rewrites the bans the rules derive from every case the registry holds (:func:`derived_bans`, table
   ``bans``; each change a history row) — ``ledger import`` does the same in its transaction;
4. returns every case the registry holds — facts with the officers' entries over them — for the ledger,
   and a 问题清单 row for each workbook value that contradicts an officer's entry (the entry stands).

A workbook whose unit name (or credit code) was corrected — same file, provider and year — stays one case
(:func:`corrected`: the case takes its new key, with history).

A batch killed in the middle leaves the registry as it was (the transaction is not committed);
re-running a batch that changes nothing leaves the registry unchanged.
``greendiag ledger import`` is :func:`import_ledger`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from greendiag.generator.ledger import CaseRow, ProblemRow, one_provider_name
from greendiag.generator.ledger_entries import INPUTS, LABELS, LedgerEntries, entry_value, read_entries, row_key
from greendiag.registry import Registry
from greendiag.registry import store as S
from greendiag.rules import ledger as L
from greendiag.workbooks.ledger import LIST_SHEET

VOLATILE = ("status", "problem_count")
"""CaseRow fields that describe one reading, not the case: not stored."""
_DATE_FIELDS = frozenset(f.name for f in dataclasses.fields(CaseRow) if "date" in str(f.type) and "None" in str(f.type))


@dataclass
class ImportSummary:
    """What an import applied: ``applied`` entries, ``unchanged`` (already imported), ``unknown`` rows of
    cases the registry does not hold, ``conflicts`` (an entry replaced another officer's different entry)."""

    file: str
    applied: int = 0
    unchanged: int = 0
    unknown: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"台账 {self.file}：导入录入 {self.applied} 项，已导入过（未变）{self.unchanged} 项"]
        if self.unknown:
            out.append(f"登记库中没有的案例 {len(self.unknown)} 个（先用 greendiag batch --registry 读入其工作簿）：" + "、".join(self.unknown[:10]))
        out += [f"覆盖了另一位工作人员的录入：{c}" for c in self.conflicts]
        return out


def apply_entries(conn: Any, parsed: LedgerEntries, *, bans: bool = True) -> ImportSummary:
    """Apply a read ledger's entries inside a write transaction; history names the ledger file, sheet and cell.
    When something was applied the derived bans are refreshed in the same transaction (``bans=False``: the
    caller does it, as :func:`sync_batch` does once for the whole batch)."""
    summary = ImportSummary(parsed.path.name)
    run = S.start_run(conn, "ledger", parsed.path.name, parsed.sha256)
    ids = S.case_ids(conn)
    source = S.Source("ledger", parsed.path.name, parsed.sha256, LIST_SHEET, "", parsed.ledger_id)
    current = S.current_entries(conn)
    existed = set(current)
    seen = S.ledger_values_seen(conn, parsed.ledger_id)
    changes: list[tuple] = []
    for e in parsed.entries:
        cid = ids.get(e.case_key)
        if cid is None:
            if e.file not in summary.unknown:
                summary.unknown.append(e.file)
            continue
        present = (cid, e.field) in current
        now_value = current.get((cid, e.field))
        if (present and now_value == e.value) or (cid, e.field, S.encode(e.value)) in seen:
            summary.unchanged += 1
            continue
        if present and now_value != e.baseline:
            summary.conflicts.append(f"{e.file} {LABELS[e.field]}：{now_value!s} → {e.value!s}（{e.sheet}!{e.cell}）")
        changes.append((cid, e.field, e.value, now_value if present else e.baseline, source.at(e.sheet, e.cell)))
        current[(cid, e.field)] = e.value
    S.set_entries(conn, changes, run_id=run, present=existed)
    summary.applied = len(changes)
    if bans and changes:
        stored = S.load_cases(conn)
        refresh_bans(conn, stored, [row_from_stored(s) for s in stored], run,
                     S.Source("rules", parsed.path.name, parsed.sha256))
    S.drop_run_if_unused(conn, run)
    return summary


def import_ledger(registry: Registry, path: Path | str) -> ImportSummary:
    """``greendiag ledger import``: every officer entry of one ledger, in one transaction.

    Raises :class:`greendiag.generator.ledger_entries.LedgerInvalid` (nothing applied) for a bad cell.
    """
    parsed = read_entries(path)
    with registry.write() as conn:
        return apply_entries(conn, parsed)


# ── batch ────────────────────────────────────────────────────────────────────


def _facts(row: CaseRow) -> dict[str, Any]:
    return {k: v for k, v in dataclasses.asdict(row).items() if k not in VOLATILE and k != "ok"}


def row_from_stored(stored: S.StoredCase) -> CaseRow:
    """The case as the ledger shows it: its facts, the registered provider name, the officers' entries over them."""
    names = {f.name for f in dataclasses.fields(CaseRow)}
    values: dict[str, Any] = {k: v for k, v in stored.facts.items() if k in names}
    for key, value in stored.entries.items():
        if key in INPUTS:
            values[key] = "" if value is None and key in ("satisfaction", "review_result") else value
    for key in _DATE_FIELDS & values.keys():
        if isinstance(values[key], str):
            values[key] = date.fromisoformat(values[key])
    if stored.provider:
        values["provider"] = stored.provider
    return CaseRow(**values)


def contradictions(stored: S.StoredCase, row: CaseRow | None) -> list[ProblemRow]:
    """问题清单 rows for workbook values (``row``, as read this time) that differ from an officer's entry."""
    if row is None:
        return []
    out = []
    for key, entry in stored.entries.items():
        if key not in INPUTS:
            continue
        value = entry_value(row, key)
        blank = value in (None, False) or (key == "materials_ok" and value is True)
        if not blank and value != entry:
            out.append(ProblemRow(
                row.file, sheet="", cell="", value=str(value),
                message=f"工作簿中的“{LABELS[key]}”为 {_shown(value)}，与台账中工作人员录入的 {_shown(entry)} 不一致："
                        "以台账录入为准，未采用工作簿的值（如需更正请在台账中修改后导入）",
                level="警告",
            ))
    return out


def _shown(value: Any) -> str:
    if isinstance(value, dict) and "last_day" in value:  # a derived ban (history of ``bans``)
        return f"{value['first_day']} 至 {value['last_day']}（含），{value['first_allowed']} 起解除（{value['article']}）"
    if value is None:
        return "（空）"
    if value is True:
        return "是"
    if value is False:
        return "否"
    if isinstance(value, dict):  # a listing or an officer's event (issue 19): its Chinese keys and values
        return "｛" + "，".join(f"{k}：{_shown(v)}" for k, v in value.items()) + "｝"
    return f"{value:g}" if isinstance(value, float) else str(value)


def sync_batch(
    registry: Registry, rows: Sequence[CaseRow], shas: Sequence[str], ledgers: Sequence[LedgerEntries] = (),
    label: str = "",
) -> tuple[list[CaseRow], list[ProblemRow], list[ImportSummary]]:
    """Store a batch's readable ``rows`` (with the SHA-256 of each workbook), import ``ledgers``, and return
    ``(every case the registry holds as ledger rows, contradiction problems, import summaries)``."""
    read: dict[str, CaseRow] = {}
    with registry.write() as conn:
        run = S.start_run(conn, "batch", label)
        corrected(conn, rows, shas, run)
        for row, sha in zip(rows, shas):
            if not row.ok:
                continue
            src = S.Source("workbook", row.file, sha)
            pid, _ = S.add_provider(conn, row.provider, run, src) if row.provider.strip() else (None, "")
            uid, _ = S.add_unit(conn, row.unit, row.credit_code, row.kind, run, src) if row.unit.strip() else (None, "")
            key = row_key(row)
            S.put_case(conn, key, _facts(row), provider_id=pid, unit_id=uid, kind=row.kind,
                       diagnosis_year=row.diagnosis_year, file=row.file, sha256=sha, run_id=run, source=src)
            read[key] = row
        summaries = [apply_entries(conn, parsed, bans=False) for parsed in ledgers]
        stored = S.load_cases(conn)
        rows_stored = [row_from_stored(s) for s in stored]
        refresh_bans(conn, stored, rows_stored, run, S.Source("rules", label))
        S.drop_run_if_unused(conn, run)
    problems = [p for s in stored for p in contradictions(s, read.get(s.key))] + same_file_changed(stored, read)
    out = []
    for s, row in zip(stored, rows_stored):
        if s.key in read:
            row = dataclasses.replace(row, status=read[s.key].status, problem_count=read[s.key].problem_count)
        else:
            row = dataclasses.replace(row, status="登记库（本批次未读取）")
        out.append(row)
    return out, problems, summaries


def derived_bans(stored: Sequence[S.StoredCase], rows: Sequence[CaseRow]) -> list[dict[str, Any]]:
    """The bans the rules derive (:func:`greendiag.rules.ledger.sanction_periods`, providers under one name as the
    ledger counts them) from the registry's cases ``stored`` (``rows``: the same as ledger rows), as ``bans`` rows:
    per triggering case the provider's re-entry ban and, after 第二十一条, the provider's and the unit's funding
    bans, each with its first and last day, first allowed day and article."""
    rows, _ = one_provider_name(list(rows))
    out = []
    for i, s in L.sanction_periods(rows).items():
        case = stored[i]
        common = {"case_id": case.id, "provider_id": case.provider_id, "unit_id": case.unit_id,
                  "condition_date": s.condition_date, "reasons": "；".join(s.reasons)}
        out.append(common | {"party": "provider", "kind": "reentry", "first_day": s.start, "last_day": s.last_day,
                             "first_allowed": s.first_allowed, "article": "、".join(map(str, s.reentry_cites))})
        if s.funding_start and s.funding_last_day and s.funding_first_allowed:
            funding = {"kind": "funding", "first_day": s.funding_start, "last_day": s.funding_last_day,
                       "first_allowed": s.funding_first_allowed, "article": "、".join(map(str, s.funding_cites))}
            out += [common | funding | {"party": "provider"}, common | funding | {"party": "unit"}]
    return out


def stale_bans(conn: Any) -> int:
    """How many bans stored in the registry differ from what the rules derive now from its cases (a registry
    made before the ``bans`` table, or rules of another edition): 0 when they agree.  Reads only."""
    stored = S.load_cases(conn)
    key = ("case_id", "party", "kind", *S.BAN_FIELDS)
    want = {tuple(b[k] for k in key) for b in derived_bans(stored, [row_from_stored(s) for s in stored])}
    have = {tuple(b[k] for k in key) for b in S.current_bans(conn)}
    return len(want ^ have)


def refresh_bans(conn: Any, stored: Sequence[S.StoredCase], rows: Sequence[CaseRow], run: int | None,
                 source: S.Source) -> int:
    """Rewrite the registry's ``bans`` to :func:`derived_bans` (history for each change); the number of changes."""
    return S.refresh_bans(conn, derived_bans(stored, rows), run_id=run, source=source)


def _loose(key: str) -> str:
    """A case key without its unit part: diagnosis year, provider and workbook file name."""
    year, _unit, provider, stem = key.split("|")
    return "|".join((year, provider, stem))


def corrected(conn: Any, rows: Sequence[CaseRow], shas: Sequence[str], run: int | None) -> list[int]:
    """Cases whose workbook now names its unit differently (name or credit code corrected): a registered case not
    read in this batch and a case read now under a key the registry does not hold, with the same diagnosis year,
    provider and file (the same path as shown in the ledger) — one of each — are one case.  The registered case
    takes the new key (:func:`greendiag.registry.store.rekey_case`, with history; its facts then change with
    history as any re-read case's do), so no second case is left.  Anything less certain stays two cases, listed by
    :func:`same_file_changed`.  Returns the ids of the cases re-keyed."""
    registered = S.case_files(conn)
    now = {row_key(r): (r, sha) for r, sha in zip(rows, shas) if r.ok}
    gone: dict[tuple[str, str], list[int]] = {}
    for key, (cid, file) in registered.items():
        if key not in now:
            gone.setdefault((_loose(key), file), []).append(cid)
    new: dict[tuple[str, str], list[str]] = {}
    for key, (row, _sha) in now.items():
        if key not in registered:
            new.setdefault((_loose(key), row.file), []).append(key)
    done = []
    for where, keys in new.items():
        old = gone.get(where, [])
        if len(keys) == 1 and len(old) == 1:
            row, sha = now[keys[0]]
            S.rekey_case(conn, old[0], keys[0], run_id=run, source=S.Source("workbook", row.file, sha))
            done.append(old[0])
    return done


def same_file_changed(stored: Sequence[S.StoredCase], read: dict[str, CaseRow]) -> list[ProblemRow]:
    """提示 rows for a registered case not read this time whose year, provider and file name equal those of a
    case read now under another key, and that :func:`corrected` could not take for a correction (its file was
    elsewhere, or several such cases): both stay in the registry and the ledger — an officer decides, nothing is
    merged."""
    now = {_loose(k): r for k, r in read.items()}
    out = []
    for s in stored:
        r = now.get(_loose(s.key))
        if s.key not in read and r is not None:
            out.append(ProblemRow(r.file, value=str(s.facts.get("unit", "")), level="提示", message=(
                f"疑似同一案例：登记库中已有同一服务商、同一年份、同名文件的案例（{s.file}，被诊断单位“{s.facts.get('unit', '')}”），"
                "本次工作簿的被诊断单位名称或信用代码不同，已作为另一案例登记（两者均列入台账）。如为更正，请在台账中清空旧案例的"
                "评审结果，使其不再计奖、计次；登记库不删除任何记录")))
    return out


_SUBJECTS = {"case": "案例", "entry": "录入", "provider": "服务商", "unit": "单位", "ban": "限制（规则推导）"}
_FIELDS = {"created": "建档（首次读入）", "name": "名称", "sha256": "工作簿 SHA-256", "evaluation_date": "满意度评价日期",
           "onsite_workdays": "现场工作日", "follow_up_due": "跟踪反馈到期日",
           "case_key": "案例标识（被诊断单位名称或信用代码更正）",
           "provider_reentry": "服务商不得重新入围", "provider_funding": "服务商不得申请资金支持",
           "unit_funding": "被诊断单位不得申请资金支持"}


def ban_lines(rows: Sequence[dict[str, Any]]) -> list[str]:
    """``greendiag registry bans`` as Chinese lines: who, which ban, first and last day, first allowed day, article, case."""
    out = []
    for b in rows:
        who = f"服务商 {b['provider']}" if b["party"] == "provider" else f"被诊断单位 {b['unit']}"
        what = "不得重新入围" if b["kind"] == "reentry" else "不得申请资金支持"
        out.append(f"{who} {what}：{b['first_day']} 至 {b['last_day']}（含），{b['first_allowed']} 起解除"
                   f"（{b['article']}）  案例：{b['case_file']}")
    return out


def history_lines(rows: Sequence[dict[str, Any]]) -> list[str]:
    """``greendiag registry history`` as Chinese lines: when, who/which case, field, old → new, source."""
    from greendiag.workbooks.ledger import LIST_COLUMNS

    names = {k: h.split("\n")[0] for k, h, _ in LIST_COLUMNS} | LABELS | _FIELDS
    out = []
    for r in rows:
        what = names.get(r["field"], r["field"])
        who = r.get("provider") or r.get("unit") or ""
        case = f"〔{r['case_file']}〕" if r.get("case_file") else ""
        if r["source_kind"] == "ledger":
            src = f"台账 {r['source_file']}，{r['sheet']}!{r['cell']}"
        elif r["source_kind"] == "rules":
            src = f"规则推导（{r['source_file']} 更改了其依据的录入或案例）"
        elif r["source_kind"] == "units":  # a published list's row, or an officer's 事件登记 row (issue 19)
            at = f"{r['sheet']}!{r['cell']}" if r.get("sheet") else (f"第{r['cell'].lstrip('ABCDEFGHIJKLMNOPQRSTUVWXYZ')}行"
                                                                      if r.get("cell") else "")
            src = f"名单 {r['source_file']}" + (f"，{at}" if at else "") \
                  + (f"（SHA-256 {r['source_sha256'][:12]}…）" if r["source_sha256"] else "")
        else:
            src = f"{'案例工作簿' if r['source_kind'] == 'workbook' else r['source_kind']} {r['source_file']}" \
                  + (f"（SHA-256 {r['source_sha256'][:12]}…）" if r["source_sha256"] else "")
        out.append(f"{r['at']}  {_SUBJECTS.get(r['subject'], r['subject'])} {who}{case} {what}："
                   f"{_shown(r['old_value'])} → {_shown(r['new_value'])}  来源：{src}")
    return out


__all__ = ["ImportSummary", "ban_lines", "corrected", "derived_bans", "refresh_bans", "stale_bans", "history_lines", "same_file_changed", "apply_entries", "contradictions", "import_ledger", "row_from_stored", "sync_batch"]

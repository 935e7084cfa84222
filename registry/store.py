"""Reading and changing the registry: parties, cases, officer entries, the append-only history.

Every function takes a connection inside :meth:`greendiag.registry.Registry.write` (changes) or
:meth:`~greendiag.registry.Registry.read` (queries).  Values are stored as JSON text (dates as
``YYYY-MM-DD``); :func:`encode` / :func:`decode` convert.  Nothing is deleted or overwritten without a
``history`` row naming the old value, the new value, when and the :class:`Source`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from sqlalchemy import Connection, and_, or_, select

from greendiag.registry.db import now
from greendiag.registry.schema import bans, cases, entries, history, providers, runs, units
from greendiag.rules.identity import normalise_code, normalise_name


@dataclass(frozen=True)
class Source:
    """Where a value came from: ``kind`` ``workbook`` (``file`` + ``sha256``) or ``ledger`` (``file`` +
    ``sheet`` + ``cell``; ``ledger_id`` the identity the ledger was written with), or ``units`` (a list file)."""

    kind: str
    file: str = ""
    sha256: str = ""
    sheet: str = ""
    cell: str = ""
    ledger_id: str = ""

    def at(self, sheet: str, cell: str) -> Source:
        return Source(self.kind, self.file, self.sha256, sheet, cell, self.ledger_id)


def encode(value: Any) -> str | None:
    """JSON text of a plain value (``None`` stays SQL NULL); dates as ISO text."""
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_iso)


def _iso(value: Any) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__}")


def decode(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def start_run(conn: Connection, kind: str, file: str = "", sha256: str = "") -> int:
    """A new ``runs`` row (one batch, one ledger import …); returns its id."""
    return conn.execute(runs.insert().values(kind=kind, file=file, sha256=sha256, at=now())).inserted_primary_key[0]


def record(
    conn: Connection, *, run_id: int | None, subject: str, field: str, old: Any, new: Any, source: Source,
    case_id: int | None = None, provider_id: int | None = None, unit_id: int | None = None,
) -> None:
    """Append one ``history`` row (values given as plain Python values, stored as JSON)."""
    conn.execute(history.insert().values(**history_row(
        run_id=run_id, subject=subject, field=field, old=old, new=new, source=source, case_id=case_id,
        provider_id=provider_id, unit_id=unit_id)))


def history_row(
    *, run_id: int | None, subject: str, field: str, old: Any, new: Any, source: Source, case_id: int | None = None,
    provider_id: int | None = None, unit_id: int | None = None, at: datetime | None = None,
) -> dict[str, Any]:
    """The columns of one ``history`` row as :func:`record` writes it (for a bulk insert of many);
    ``at`` defaults to now."""
    return dict(
        at=at or now(), run_id=run_id, subject=subject, case_id=case_id, provider_id=provider_id, unit_id=unit_id,
        field=field, old_value=encode(old), new_value=encode(new), source_kind=source.kind,
        source_file=source.file, source_sha256=source.sha256, sheet=source.sheet, cell=source.cell,
        ledger_id=source.ledger_id,
    )


# ── parties ────────────────────────────────────────────────────────────────


def find_provider(conn: Connection, name: str) -> tuple[int, str] | None:
    """``(id, registered name)`` of the provider whose name key equals ``name``'s, else ``None``."""
    key = normalise_name(name)
    if not key:
        return None
    row = conn.execute(select(providers.c.id, providers.c.name).where(providers.c.name_key == key)).first()
    return (row.id, row.name) if row else None


def add_provider(conn: Connection, name: str, run_id: int | None, source: Source) -> tuple[int, str]:
    """The provider of ``name`` (:func:`find_provider`), registered first when new; ``(id, registered name)``."""
    found = find_provider(conn, name)
    if found is not None:
        return found
    pid = conn.execute(providers.insert().values(
        name=name.strip(), name_key=normalise_name(name), created_at=now())).inserted_primary_key[0]
    record(conn, run_id=run_id, subject="provider", field="name", old=None, new=name.strip(), source=source,
           provider_id=pid)
    return pid, name.strip()


def find_unit(conn: Connection, name: str, credit_code: str = "") -> tuple[int, str] | None:
    """``(id, registered name)`` of a unit: by 统一社会信用代码 key when given (a registered unit without a code
    and of the same name key also matches), else by name key among units without a code."""
    key, code = normalise_name(name), normalise_code(credit_code)
    if code:
        row = conn.execute(select(units.c.id, units.c.name).where(units.c.code_key == code)).first()
        if row is None and key:
            row = conn.execute(select(units.c.id, units.c.name).where(
                and_(units.c.name_key == key, units.c.code_key == ""))).first()
    elif key:
        row = conn.execute(select(units.c.id, units.c.name).where(units.c.name_key == key)
                           .order_by(units.c.id)).first()
    else:
        return None
    return (row.id, row.name) if row else None


def add_unit(conn: Connection, name: str, credit_code: str, kind: str, run_id: int | None,
             source: Source) -> tuple[int, str]:
    """The unit (:func:`find_unit`), registered first when new (a code learnt later is recorded with
    history); ``(id, registered name)``."""
    code = normalise_code(credit_code)
    found = find_unit(conn, name, credit_code)
    if found is not None:
        uid = found[0]
        if code:
            have = conn.execute(select(units.c.code_key).where(units.c.id == uid)).scalar_one()
            if not have:
                conn.execute(units.update().where(units.c.id == uid).values(credit_code=credit_code.strip(), code_key=code))
                record(conn, run_id=run_id, subject="unit", field="credit_code", old=None, new=credit_code.strip(),
                       source=source, unit_id=uid)
        return found
    uid = conn.execute(units.insert().values(
        kind=kind, name=name.strip(), name_key=normalise_name(name), credit_code=(credit_code or "").strip(),
        code_key=code, created_at=now())).inserted_primary_key[0]
    record(conn, run_id=run_id, subject="unit", field="name", old=None, new=name.strip(), source=source, unit_id=uid)
    return uid, name.strip()


# ── cases ──────────────────────────────────────────────────────────────────


def case_key(diagnosis_year: int | None, unit: str, credit_code: str, provider: str, file: str) -> str:
    """A case's identity across batches (greendiag's method): diagnosis year, the unit (credit code key, else
    name key), the provider's name key and the workbook's file name (without folders and suffix, name key) —
    so that a workbook moved to another folder is the same case and two workbooks of one unit are two."""
    code = normalise_code(credit_code)
    unit_key = f"c:{code}" if code else f"n:{normalise_name(unit)}"
    stem = normalise_name(PurePath(file.replace("\\", "/")).stem)
    return "|".join((str(diagnosis_year or ""), unit_key, normalise_name(provider), stem))


@dataclass(frozen=True)
class StoredCase:
    """A case as the registry holds it: ids, key, file and SHA-256 last read, facts, officer entries."""

    id: int
    key: str
    file: str
    sha256: str
    facts: dict[str, Any]
    entries: dict[str, Any]
    provider: str = ""
    """The provider's registered name (the first spelling seen)."""
    provider_id: int | None = None
    unit_id: int | None = None


def put_case(
    conn: Connection, key: str, facts: Mapping[str, Any], *, provider_id: int | None, unit_id: int | None,
    kind: str, diagnosis_year: int | None, file: str, sha256: str, run_id: int | None, source: Source,
) -> tuple[int, list[str]]:
    """Store the facts read from a workbook; ``(case id, changed fields)``.

    A new case records one ``created`` history row; a known one records every changed fact (old and new)
    and takes the new file and SHA-256.  Unchanged facts change nothing (re-running a batch is idempotent).
    """
    new = {k: decode(encode(v)) for k, v in facts.items()}
    row = conn.execute(select(cases).where(cases.c.case_key == key)).first()
    if row is None:
        cid = conn.execute(cases.insert().values(
            case_key=key, provider_id=provider_id, unit_id=unit_id, kind=kind, diagnosis_year=diagnosis_year,
            file=file, sha256=sha256, facts=encode(new), created_run=run_id, updated_run=run_id,
        )).inserted_primary_key[0]
        record(conn, run_id=run_id, subject="case", field="created", old=None, new=file, source=source, case_id=cid,
               provider_id=provider_id, unit_id=unit_id)
        return cid, sorted(new)
    old = decode(row.facts) or {}
    changed = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
    if not changed and row.sha256 == sha256:
        return row.id, []
    if row.sha256 != sha256:
        changed.append("sha256")
        old["sha256"], new_sha = row.sha256, {"sha256": sha256}
    else:
        new_sha = {}
    for k in changed:
        record(conn, run_id=run_id, subject="case", field=k, old=old.get(k), new={**new, **new_sha}.get(k),
               source=source, case_id=row.id, provider_id=provider_id, unit_id=unit_id)
    conn.execute(cases.update().where(cases.c.id == row.id).values(
        facts=encode(new), file=file, sha256=sha256, provider_id=provider_id, unit_id=unit_id, updated_run=run_id))
    return row.id, changed


def set_entry(conn: Connection, case_id: int, field: str, value: Any, *, run_id: int | None, source: Source,
              old: Any = None, had: bool | None = None) -> None:
    """An officer's value of ``field`` for the case (``None``: the officer cleared it), with history."""
    row = conn.execute(select(entries.c.id, entries.c.value).where(
        and_(entries.c.case_id == case_id, entries.c.field == field))).first()
    if row is not None:
        old = decode(row.value)
        if old == decode(encode(value)):
            return
        conn.execute(entries.update().where(entries.c.id == row.id).values(value=encode(value), run_id=run_id, at=now()))
    else:
        conn.execute(entries.insert().values(case_id=case_id, field=field, value=encode(value), run_id=run_id, at=now()))
    ids = conn.execute(select(cases.c.provider_id, cases.c.unit_id).where(cases.c.id == case_id)).first()
    record(conn, run_id=run_id, subject="entry", field=field, old=old, new=value, source=source, case_id=case_id,
           provider_id=ids.provider_id, unit_id=ids.unit_id)


def current_entries(conn: Connection) -> dict[tuple[int, str], Any]:
    """``{(case id, field): value}`` of every officer entry (one query, for imports)."""
    return {(r.case_id, r.field): decode(r.value) for r in conn.execute(select(entries.c.case_id, entries.c.field, entries.c.value))}


def ledger_values_seen(conn: Connection, ledger_id: str) -> set[tuple[int | None, str, str | None]]:
    """``{(case id, field, value as JSON)}`` already imported from the ledger written as ``ledger_id`` (one query)."""
    if not ledger_id:
        return set()
    q = select(history.c.case_id, history.c.field, history.c.new_value).where(
        and_(history.c.ledger_id == ledger_id, history.c.subject == "entry"))
    return {(r.case_id, r.field, r.new_value) for r in conn.execute(q)}


def set_entries(conn: Connection, changes: list[tuple[int, str, Any, Any, Source]], *, run_id: int | None,
                present: Iterable[tuple[int, str]]) -> None:
    """Many officer entries at once (:func:`set_entry` in bulk): ``changes`` of ``(case id, field, new value,
    old value, source)``; ``present``: the ``(case id, field)`` that already have an entry (updated, the others
    inserted).  One history row each."""
    if not changes:
        return
    have = set(present)
    at = now()
    parties = {r.id: (r.provider_id, r.unit_id) for r in conn.execute(
        select(cases.c.id, cases.c.provider_id, cases.c.unit_id).where(cases.c.id.in_({c[0] for c in changes})))}
    rows = []
    for cid, field, value, _old, _src in changes:
        if (cid, field) in have:
            conn.execute(entries.update().where(and_(entries.c.case_id == cid, entries.c.field == field))
                         .values(value=encode(value), run_id=run_id, at=at))
        else:
            rows.append({"case_id": cid, "field": field, "value": encode(value), "run_id": run_id, "at": at})
    if rows:
        conn.execute(entries.insert(), rows)
    conn.execute(history.insert(), [history_row(
        at=at, run_id=run_id, subject="entry", field=field, old=old, new=value, source=src, case_id=cid,
        provider_id=parties[cid][0], unit_id=parties[cid][1]) for cid, field, value, old, src in changes])


def ledger_entry_seen(conn: Connection, case_id: int, field: str, value: Any, ledger_id: str) -> bool:
    """Was this value of ``field`` already imported from the ledger written as ``ledger_id``?  (An import of the
    same ledger again changes nothing, and never undoes a later correction.)"""
    if not ledger_id:
        return False
    return conn.execute(select(history.c.id).where(and_(
        history.c.case_id == case_id, history.c.field == field, history.c.ledger_id == ledger_id,
        history.c.subject == "entry", history.c.new_value.is_(None) if value is None
        else history.c.new_value == encode(value),
    )).limit(1)).first() is not None


def load_cases(conn: Connection, keys: Iterable[str] | None = None) -> list[StoredCase]:
    """Every case (or those of ``keys``) with its facts and officer entries, in the order stored."""
    q = select(cases.c.id, cases.c.case_key, cases.c.file, cases.c.sha256, cases.c.facts, providers.c.name,
               cases.c.provider_id, cases.c.unit_id) \
        .select_from(cases.outerjoin(providers, cases.c.provider_id == providers.c.id)).order_by(cases.c.id)
    if keys is not None:
        q = q.where(cases.c.case_key.in_(list(keys)))
    found = conn.execute(q).all()
    by_case: dict[int, dict[str, Any]] = {}
    for e in conn.execute(select(entries.c.case_id, entries.c.field, entries.c.value)):
        by_case.setdefault(e.case_id, {})[e.field] = decode(e.value)
    return [StoredCase(r.id, r.case_key, r.file, r.sha256, decode(r.facts) or {}, by_case.get(r.id, {}), r.name or "",
                       r.provider_id, r.unit_id)
            for r in found]


def drop_run_if_unused(conn: Connection, run_id: int) -> bool:
    """Remove a ``runs`` row no history row refers to (a re-run that changed nothing leaves no trace)."""
    used = conn.execute(select(history.c.id).where(history.c.run_id == run_id).limit(1)).first()
    used = used or conn.execute(select(cases.c.id).where(
        or_(cases.c.created_run == run_id, cases.c.updated_run == run_id)).limit(1)).first()
    used = used or conn.execute(select(entries.c.id).where(entries.c.run_id == run_id).limit(1)).first()
    used = used or conn.execute(select(bans.c.id).where(bans.c.run_id == run_id).limit(1)).first()
    if used:
        return False
    conn.execute(runs.delete().where(runs.c.id == run_id))
    return True


def case_ids(conn: Connection) -> dict[str, int]:
    """case key → id of every case, and of every key a case had before a correction (:func:`rekey_case`), so
    that a ledger written before the correction still finds its case."""
    former = select(history.c.old_value, history.c.case_id).where(
        and_(history.c.subject == "case", history.c.field == "case_key"))
    out = {decode(r.old_value): r.case_id for r in conn.execute(former)}
    return out | {r.case_key: r.id for r in conn.execute(select(cases.c.case_key, cases.c.id))}


def case_files(conn: Connection) -> dict[str, tuple[int, str]]:
    """case key → (id, file last read) of every case."""
    return {r.case_key: (r.id, r.file) for r in conn.execute(select(cases.c.case_key, cases.c.id, cases.c.file))}


def rekey_case(conn: Connection, case_id: int, new_key: str, *, run_id: int | None, source: Source) -> None:
    """Give a case a new key (its workbook's unit name or credit code was corrected), with history; the old key
    stays known to :func:`case_ids`."""
    row = conn.execute(select(cases.c.case_key, cases.c.provider_id, cases.c.unit_id).where(cases.c.id == case_id)).one()
    conn.execute(cases.update().where(cases.c.id == case_id).values(case_key=new_key, updated_run=run_id))
    record(conn, run_id=run_id, subject="case", field="case_key", old=row.case_key, new=new_key, source=source,
           case_id=case_id, provider_id=row.provider_id, unit_id=row.unit_id)


# ── derived bans ─────────────────────────────────────────────────────────────

BAN_FIELDS = ("provider_id", "unit_id", "condition_date", "first_day", "last_day", "first_allowed", "article", "reasons")
"""The columns of a ``bans`` row that :func:`refresh_bans` compares (besides its key: case, party, kind)."""


def refresh_bans(conn: Connection, wanted: Iterable[Mapping[str, Any]], *, run_id: int | None, source: Source) -> int:
    """Make ``bans`` hold exactly ``wanted`` (dicts of ``case_id``, ``party``, ``kind`` and :data:`BAN_FIELDS`,
    as the rules derived them now); every ban added, changed or ended is a ``history`` row (``subject`` ``ban``,
    ``field`` ``<party>_<kind>``, old and new value: first day, last day, first allowed day, article).  Returns
    the number of changes (0: nothing written)."""
    def shown(b: Mapping[str, Any] | None) -> dict[str, Any] | None:
        return None if b is None else {k: b[k] for k in ("first_day", "last_day", "first_allowed", "article")}

    have = {(r.case_id, r.party, r.kind): dict(r._mapping) for r in conn.execute(select(bans))}
    want = {(b["case_id"], b["party"], b["kind"]): dict(b) for b in wanted}
    at, changes = now(), []
    for key in sorted(set(have) | set(want), key=repr):
        old, new = have.get(key), want.get(key)
        if old is not None and new is not None and all(old[k] == new[k] for k in BAN_FIELDS):
            continue
        if old is None:
            conn.execute(bans.insert().values(**new, run_id=run_id, at=at))
        elif new is None:
            conn.execute(bans.delete().where(bans.c.id == old["id"]))
        else:
            conn.execute(bans.update().where(bans.c.id == old["id"]).values(
                **{k: new[k] for k in BAN_FIELDS}, run_id=run_id, at=at))
        ref = new or old
        changes.append(history_row(
            at=at, run_id=run_id, subject="ban", field=f"{key[1]}_{key[2]}", old=shown(old), new=shown(new),
            source=source, case_id=key[0], provider_id=ref["provider_id"], unit_id=ref["unit_id"]))
    if changes:
        conn.execute(history.insert(), changes)
    return len(changes)


def current_bans(conn: Connection) -> list[dict[str, Any]]:
    """Every ban the registry holds, with the provider's and the unit's registered names and the case's file,
    ordered by provider, first day."""
    q = select(bans, providers.c.name.label("provider"), units.c.name.label("unit"), cases.c.file.label("case_file")) \
        .select_from(bans.join(cases, bans.c.case_id == cases.c.id)
                     .outerjoin(providers, bans.c.provider_id == providers.c.id)
                     .outerjoin(units, bans.c.unit_id == units.c.id))
    rows = [dict(r) for r in conn.execute(q).mappings()]
    return sorted(rows, key=lambda b: (b["provider"] or "", b["first_day"], b["party"], b["kind"], b["case_file"]))


def history_of(conn: Connection, *, provider: str | None = None, unit: str | None = None) -> list[dict[str, Any]]:
    """History rows, oldest first, as dicts (``at`` ISO text, values decoded), of the provider / unit named
    (by name key; a unit also by credit code) — every row when neither is given; ``[]`` for an unknown name."""
    q = select(history, providers.c.name.label("provider"), units.c.name.label("unit"), cases.c.file.label("case_file")) \
        .select_from(history.outerjoin(providers, history.c.provider_id == providers.c.id)
                     .outerjoin(units, history.c.unit_id == units.c.id)
                     .outerjoin(cases, history.c.case_id == cases.c.id)).order_by(history.c.id)
    if provider is not None:
        found = find_provider(conn, provider)
        if found is None:
            return []
        q = q.where(history.c.provider_id == found[0])
    if unit is not None:
        key, code = normalise_name(unit), normalise_code(unit)
        if not key:
            return []
        ids = [r.id for r in conn.execute(select(units.c.id).where(or_(units.c.name_key == key, units.c.code_key == code)))]
        if not ids:
            return []
        q = q.where(history.c.unit_id.in_(ids))
    out = []
    for r in conn.execute(q).mappings():
        d = dict(r)
        d["at"] = d["at"].isoformat(sep=" ") if d["at"] else ""
        d["old_value"], d["new_value"] = decode(d["old_value"]), decode(d["new_value"])
        out.append(d)
    return out


__all__ = [
    "BAN_FIELDS", "Source", "StoredCase", "add_provider", "case_files", "current_bans", "refresh_bans", "rekey_case", "add_unit", "case_ids", "case_key", "current_entries", "decode",
    "drop_run_if_unused", "encode", "find_provider", "ledger_values_seen", "set_entries",
    "find_unit", "history_of", "history_row", "ledger_entry_seen", "load_cases", "put_case", "record", "set_entry", "start_run",
]

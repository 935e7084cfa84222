"""Green-manufacturing units in the registry (issue 19): published lists (``listings``) and the events an
officer records on them (``unit_events``, append-only), in the same database as the ledger's memory.

A listed unit is a row of ``units`` (:func:`greendiag.registry.store.add_unit`: one name key,
:func:`greendiag.rules.identity.normalise_name`), so a park or enterprise diagnosed in a case and listed
by the ministry is one unit.  Statuses, deadlines and bans are never stored: they are derived by
:func:`greendiag.rules.lifecycle.unit_life` from the listing and its events (:func:`load_facts`).

Tables (migration ``u0001``, after the registry's ``0001``):

* ``listings`` — one per unit on one list: ``list_kind`` (绿色工厂 / 绿色工业园区 / 绿色供应链管理企业),
  ``level`` (国家级 / 省级 / 市级 / 培育库), ``region`` (:func:`greendiag.rules.regions.region_of`) with the
  province/city/district as given, ``batch``, ``listed_year`` / ``listed_on``, evaluator, industry, the name
  as listed; ``listing_key`` (kind, level, batch, name key) makes an import idempotent.
* ``unit_events`` — append-only (database triggers refuse UPDATE and DELETE): kind, date, result, ground,
  score, detail and where it was recorded (file, sheet, cell); ``event_key`` makes recording the same event
  twice change nothing.  A correction is a new event.

Every change also appends a ``history`` row (:func:`greendiag.registry.store.record`, source kind ``units``;
fields named in Chinese: ``列入名单``, ``列入名单.批次`` …, ``事件：撤销``).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import (
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    func,
    select,
)

from greendiag.registry.db import now
from greendiag.registry.schema import cases, history, metadata, units
from greendiag.registry.store import Source, history_row, record
from greendiag.rules import lifecycle, regions
from greendiag.rules.identity import DOUBTFUL_RATIO, doubtful, normalise_name, numbered_apart

listings = Table(
    "listings", metadata,
    Column("id", Integer, primary_key=True),
    Column("listing_key", String(500), nullable=False, unique=True),
    Column("unit_id", Integer, ForeignKey("units.id"), nullable=False),
    Column("list_kind", String(20), nullable=False),
    Column("level", String(10), nullable=False),
    Column("region", String(10), nullable=False),
    Column("province", String(40), nullable=False, server_default=""),
    Column("city", String(40), nullable=False, server_default=""),
    Column("district", String(40), nullable=False, server_default=""),
    Column("batch", String(20), nullable=False, server_default=""),
    Column("listed_year", Integer, nullable=True),
    Column("listed_on", Date, nullable=True),
    Column("evaluator", Text, nullable=False, server_default=""),
    Column("industry", Text, nullable=False, server_default=""),
    Column("name_as_listed", Text, nullable=False),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=True),
    Column("created_at", DateTime, nullable=False),
)
Index("ix_listings_unit", listings.c.unit_id)

unit_events = Table(
    "unit_events", metadata,
    Column("id", Integer, primary_key=True),
    Column("event_key", String(64), nullable=False, unique=True),
    Column("listing_id", Integer, ForeignKey("listings.id"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("on", Date, nullable=False),
    Column("result", String(20), nullable=False, server_default=""),
    Column("ground", Text, nullable=False, server_default=""),
    Column("score", Float, nullable=True),
    Column("detail", Text, nullable=False, server_default=""),
    Column("source_file", Text, nullable=False, server_default=""),
    Column("sheet", String(100), nullable=False, server_default=""),
    Column("cell", String(20), nullable=False, server_default=""),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=True),
    Column("at", DateTime, nullable=False),
)
Index("ix_unit_events_listing", unit_events.c.listing_id)

FACT_LABELS = {"region": "适用地区", "province": "地区", "city": "城市", "district": "区县", "batch": "批次",
               "listed_year": "列入年度", "listed_on": "列入日期", "evaluator": "第三方评价机构", "industry": "行业"}
"""Chinese names of a listing's facts in the history (``列入名单.第三方评价机构``)."""

NATIONAL_BATCH_YEARS = {"1": 2017, "2": 2018, "3": 2018, "4": 2019, "5": 2020}
"""Year of the ministry's numbered batches (the national lists' README: 2017: 1; 2018: 2 and 3; 2019: 4;
2020: 5); a batch written as a year (``2021``) is that year."""

UNIT_KIND = {"绿色工厂": "企业", "绿色工业园区": "园区", "绿色供应链管理企业": "企业"}
"""The ``units.kind`` (the ledger's 园区/企业) of a listed unit."""


def batch_year(batch: str) -> int | None:
    """The listing year of a ``batch`` (:data:`NATIONAL_BATCH_YEARS`, or a four-digit year), else ``None``."""
    b = (batch or "").strip().removeprefix("第").removesuffix("批")
    if b in NATIONAL_BATCH_YEARS:
        return NATIONAL_BATCH_YEARS[b]
    return int(b) if b.isdigit() and len(b) == 4 and 1990 <= int(b) <= 2100 else None


@dataclass(frozen=True)
class ListRow:
    """One row of a published list as read (:mod:`greendiag.generator.units` maps the headers):
    ``where`` names it for messages (``绿色工厂名单.csv 第12行``), ``cell`` its first cell (``A12``)."""

    name: str
    province: str = ""
    city: str = ""
    district: str = ""
    batch: str = ""
    evaluator: str = ""
    industry: str = ""
    listed_on: date | None = None
    where: str = ""
    cell: str = ""


@dataclass
class ImportSummary:
    """What an import did: ``new`` / ``unchanged`` / ``changed`` listings, ``skipped`` rows of other regions
    (``--region``), ``doubtful`` rows (where, name, why) an officer should look at (registered, never merged)."""

    new: int = 0
    unchanged: int = 0
    changed: int = 0
    skipped: int = 0
    doubtful: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def registered(self) -> int:
        return self.new + self.unchanged + self.changed


def listing_key(list_kind: str, level: str, batch: str, name: str) -> str:
    """Identity of a listing across imports: list kind, level, batch and the unit's name key."""
    return "|".join((list_kind, level, (batch or "").strip(), normalise_name(name)))


def in_region(row: ListRow, wanted: str) -> bool:
    """Does ``row`` belong to the region ``wanted`` (``--region``)?  Its province/city begins with the text
    given, or both name the same region of :mod:`greendiag.rules.regions`."""
    w = "".join(wanted.split())
    if not w:
        return True
    for text in (row.province, row.city, row.district):
        t = "".join((text or "").split())
        if t and (t.startswith(w) or w.startswith(t)):
            return True
    r = regions.region_of(w)
    return r != regions.OTHER and regions.region_of(row.province, row.city) == r


def import_rows(conn: Connection, rows: Sequence[ListRow], *, list_kind: str, level: str, region: str = "",
                source: Source, run_id: int | None) -> ImportSummary:
    """Register the published list ``rows`` (one transaction is the caller's :meth:`Registry.write`).

    Rows outside ``region`` (when given) are skipped.  A row whose listing is registered with the same
    facts is unchanged (a blank cell or a column the file lacks never clears a known fact); with other facts (evaluator, industry, region …) changed, each with history; else
    new (its unit found by name key, or registered).  Doubtful rows, registered and listed: a blank name, a
    listing repeated within the file, a name close to another unit's of the same province
    (:func:`greendiag.rules.identity.doubtful`), a unit of that name already listed in another province.
    New units and listings are written in bulk (3,303 rows in a few seconds), each with its history row.
    ``ValueError`` (Chinese) for an unknown list kind or level.
    """
    if list_kind not in lifecycle.LIST_KINDS:
        raise ValueError(f"名单类型“{list_kind}”无效：应为 {'、'.join(lifecycle.LIST_KINDS)}")
    if level not in lifecycle.LEVELS:
        raise ValueError(f"级别“{level}”无效：应为 {'、'.join(lifecycle.LEVELS)}")
    out = ImportSummary()
    known = {r.listing_key: r for r in conn.execute(select(listings))}
    unit_ids = {r.name_key: r.id for r in conn.execute(select(units.c.name_key, units.c.id).order_by(units.c.id.desc()))}
    provinces: dict[int, set[str]] = defaultdict(set)
    keys_by_province: dict[str, set[str]] = defaultdict(set)
    key_of = {v: k for k, v in unit_ids.items()}
    for r in known.values():
        provinces[r.unit_id].add(_place(r.region, r.province))
        keys_by_province[_place(r.region, r.province)].add(key_of.get(r.unit_id, ""))
    seen: set[str] = set()
    new_units: dict[str, tuple[str, Source]] = {}
    new_listings: list[tuple[str, str, dict, Source]] = []
    for row in rows:
        if region and not in_region(row, region):
            out.skipped += 1
            continue
        name = " ".join(row.name.split())
        key = normalise_name(name)
        if not key:
            out.doubtful.append((row.where, row.name, "单位名称为空，未登记"))
            continue
        lk = listing_key(list_kind, level, row.batch, name)
        if lk in seen:
            out.doubtful.append((row.where, name, "同一名单、同一批次中重复出现（按规范化名称），只登记一次"))
            continue
        seen.add(lk)
        facts = {
            "region": regions.region_of(row.province, row.city, row.district) if (row.province or row.city or row.district)
            else (regions.region_of(region) if region else regions.OTHER),
            "province": row.province.strip(), "city": row.city.strip(), "district": row.district.strip(),
            "batch": row.batch.strip(), "listed_year": batch_year(row.batch) or (row.listed_on.year if row.listed_on else None),
            "listed_on": row.listed_on, "evaluator": row.evaluator.strip(), "industry": row.industry.strip(),
        }
        src = Source(source.kind, source.file, source.sha256, source.sheet, row.cell, source.ledger_id)
        old = known.get(lk)
        if old is not None:
            diff = {k: (getattr(old, k), v) for k, v in facts.items() if v not in ("", None) and getattr(old, k) != v}
            if not diff:
                out.unchanged += 1
                continue
            conn.execute(listings.update().where(listings.c.id == old.id).values(**{k: v for k, (_, v) in diff.items()}))
            for k, (was, now_) in diff.items():
                record(conn, run_id=run_id, subject="unit", field=f"列入名单.{FACT_LABELS.get(k, k)}", old=was, new=now_, source=src,
                       unit_id=old.unit_id)
            out.changed += 1
            continue
        uid = unit_ids.get(key)
        prov = _place(facts["region"], facts["province"])
        if uid is not None and prov and provinces[uid] and prov not in provinces[uid]:
            out.doubtful.append((row.where, name, f"同名单位已在{'、'.join(sorted(p for p in provinces[uid] if p))}的名单中，"
                                                  "按同一单位登记，请核实"))
        if uid is None and key not in new_units:
            near = _near(key, keys_by_province[prov])
            if near:
                out.doubtful.append((row.where, name, f"与已登记单位“{near}”名称相近，按不同单位登记，请核实"))
            new_units[key] = (name, src)
        if uid is not None:
            provinces[uid].add(prov)
        keys_by_province[prov].add(key)
        new_listings.append((lk, key, {"list_kind": list_kind, "level": level, "name_as_listed": name, **facts}, src))
        out.new += 1
    unit_ids.update(_add_units(conn, new_units, UNIT_KIND[list_kind], run_id))
    _add_listings(conn, new_listings, unit_ids, run_id)
    return out


def _place(region: str, province: str) -> str:
    """Where a listing is, for the doubtful checks: its region of :mod:`greendiag.rules.regions`, else the
    province without 省/市 (北京 and 北京市 are one place)."""
    return region if region in regions.REGIONS else province.strip().removesuffix("省").removesuffix("市")


_SHOWN = {"list_kind": "名单", "level": "级别", "name_as_listed": "名单上的名称", **FACT_LABELS, "listing_id": "登记号",
          "on": "日期", "result": "复审结果", "ground": "情形", "score": "分级评价得分", "detail": "说明"}


def _shown(values: dict) -> dict:
    """A history value as officers read it: Chinese keys, blanks left out."""
    return {_SHOWN.get(k, k): v for k, v in values.items() if v not in ("", None)}


def _history_row(run_id: int | None, field: str, new: object, source: Source, unit_id: int) -> dict:
    """One ``history`` row (as :func:`greendiag.registry.store.record` writes it) for a bulk insert."""
    return history_row(run_id=run_id, subject="unit", field=field, old=None, new=new, source=source, unit_id=unit_id)


def _add_units(conn: Connection, new: dict[str, tuple[str, Source]], kind: str, run_id: int | None) -> dict[str, int]:
    """Register the units ``new`` (name key → (name, source)) in bulk, as :func:`greendiag.registry.store.add_unit`
    registers one (a ``name`` history row each); name key → id."""
    if not new:
        return {}
    top = conn.execute(select(func.max(units.c.id))).scalar() or 0
    at = now()
    conn.execute(units.insert(), [dict(kind=kind, name=name, name_key=key, credit_code="", code_key="", created_at=at)
                                  for key, (name, _) in new.items()])
    ids = {r.name_key: r.id for r in conn.execute(select(units.c.name_key, units.c.id).where(units.c.id > top))}
    conn.execute(history.insert(), [_history_row(run_id, "name", name, src, ids[key]) for key, (name, src) in new.items()])
    return ids


def _add_listings(conn: Connection, new: list[tuple[str, str, dict, Source]], unit_ids: dict[str, int],
                  run_id: int | None) -> None:
    if not new:
        return
    at = now()
    conn.execute(listings.insert(), [dict(listing_key=lk, unit_id=unit_ids[key], run_id=run_id, created_at=at, **facts)
                                     for lk, key, facts, _ in new])
    conn.execute(history.insert(), [_history_row(run_id, "列入名单", _shown(facts), src, unit_ids[key])
                                    for lk, key, facts, src in new])


_COUNTS: dict[str, Counter] = {}
"""Character counts of name keys seen by :func:`_near` (a cache; keys never change)."""


def _near(key: str, others: Iterable[str]) -> str:
    """A registered name key close to ``key`` (same province), or ``''``: one containing the other, or
    :func:`greendiag.rules.identity.doubtful`, checked only where an upper bound of difflib's ratio allows it
    (the characters two keys share, counted with their repeats, bound the matching characters)."""
    n = len(key)
    chars = Counter(key)
    cset = set(chars)
    for o in others:
        if not o or o == key:
            continue
        if o in key or key in o:
            if not numbered_apart(key, o):  # as doubtful(): numbered parties (…1 / …12) are told apart
                return o
            continue
        m = len(o)
        need = DOUBTFUL_RATIO * (n + m) / 2
        if min(n, m) < need:
            continue
        oc = _COUNTS.get(o)
        if oc is None:
            oc = _COUNTS[o] = Counter(o)
        if sum(min(chars[c], oc[c]) for c in cset.intersection(o)) < need:
            continue
        if doubtful(key, o):
            return o
    return ""


# ── events ─────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class EventRow:
    """An officer's event for a listing (the 名单管理 workbook's 事件登记 rows): ``listing_id`` (登记号),
    the :class:`greendiag.rules.lifecycle.UnitEvent` fields, and the sheet and cell it was typed in."""

    listing_id: int
    event: lifecycle.UnitEvent
    sheet: str = ""
    cell: str = ""


def _event_key(listing_id: int, e: lifecycle.UnitEvent) -> str:
    raw = json.dumps([listing_id, e.kind, e.on.isoformat(), e.result, e.ground, e.score, e.detail], ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


def record_events(conn: Connection, rows: Sequence[EventRow], *, source: Source, run_id: int | None) -> tuple[int, int]:
    """Append the events ``rows`` (each with history naming file, sheet and cell); ``(new, already recorded)``.

    ``ValueError`` (Chinese, naming the sheet and cell) for a 登记号 the registry does not hold or an event its
    region's document does not know (:func:`greendiag.rules.lifecycle.check_event`, e.g. a 第三十条 ground for a
    Beijing unit); the caller's transaction then applies nothing.
    """
    ids = {r.id: r.unit_id for r in conn.execute(select(listings.c.id, listings.c.unit_id))}
    region_of = dict(conn.execute(select(listings.c.id, listings.c.region)).all())
    have = {r.event_key for r in conn.execute(select(unit_events.c.event_key))}
    new = same = 0
    for row in rows:
        if row.listing_id not in ids:
            raise ValueError(f"工作表“{row.sheet}”单元格 {row.cell}：登记号 {row.listing_id} 不在登记库中")
        why = lifecycle.check_event(region_of[row.listing_id], row.event)
        if why:
            raise ValueError(f"工作表“{row.sheet}”单元格 {row.cell}（登记号 {row.listing_id}）：{why}")
        key = _event_key(row.listing_id, row.event)
        if key in have:
            same += 1
            continue
        have.add(key)
        e = row.event
        conn.execute(unit_events.insert().values(
            event_key=key, listing_id=row.listing_id, kind=e.kind, on=e.on, result=e.result, ground=e.ground,
            score=e.score, detail=e.detail, source_file=source.file, sheet=row.sheet, cell=row.cell, run_id=run_id,
            at=now()))
        record(conn, run_id=run_id, subject="unit", field=f"事件：{e.kind}", old=None,
               new=_shown({"listing_id": row.listing_id, "on": e.on, "result": e.result, "ground": e.ground,
                           "score": e.score, "detail": e.detail}),
               source=source.at(row.sheet, row.cell), unit_id=ids[row.listing_id])
        new += 1
    return new, same


@dataclass(frozen=True)
class ListedUnit:
    """A listing as the 名单管理 workbook shows it: ids, the unit's registered name, the listing's facts and
    the :class:`greendiag.rules.lifecycle.UnitFacts` the rules derive its life from."""

    listing_id: int
    unit_id: int
    name: str
    province: str
    batch: str
    evaluator: str
    facts: lifecycle.UnitFacts
    diagnosis_years: tuple[int, ...] = ()
    """Diagnosis years of the unit's cases in the registry (the ledger's memory), for 北京办法第五条."""


def load_facts(conn: Connection, region: str = "") -> list[ListedUnit]:
    """Every listing (or those :func:`in_region` ``region``) with its events and the diagnosis years of its
    unit's cases, ordered by region, list kind, batch and name.  ``tracked_from`` is the day the listing was
    registered."""
    q = select(listings, units.c.name).select_from(listings.join(units, listings.c.unit_id == units.c.id))
    evs: dict[int, list[lifecycle.UnitEvent]] = defaultdict(list)
    for e in conn.execute(select(unit_events).order_by(unit_events.c.on, unit_events.c.id)):
        evs[e.listing_id].append(lifecycle.UnitEvent(kind=e.kind, on=e.on, result=e.result, ground=e.ground,
                                                     score=e.score, detail=e.detail,
                                                     source=f"{e.source_file} {e.sheet}!{e.cell}".strip()))
    years: dict[int, set[int]] = defaultdict(set)
    for c in conn.execute(select(cases.c.unit_id, cases.c.diagnosis_year).where(cases.c.unit_id.is_not(None))):
        if c.diagnosis_year:
            years[c.unit_id].add(c.diagnosis_year)
    out = []
    for r in conn.execute(q):
        row = ListRow(name=r.name, province=r.province, city=r.city, district=r.district)
        if region and not in_region(row, region):
            continue
        facts = lifecycle.UnitFacts(
            name=r.name, region=r.region, list_kind=r.list_kind, level=r.level, listed_year=r.listed_year,
            listed_on=r.listed_on, events=tuple(evs.get(r.id, ())), tracked_from=r.created_at.date())
        out.append(ListedUnit(r.id, r.unit_id, r.name, r.province, r.batch, r.evaluator, facts,
                              tuple(sorted(years.get(r.unit_id, ())))))
    order = {k: i for i, k in enumerate(lifecycle.LIST_KINDS)}
    out.sort(key=lambda u: (u.facts.region, order.get(u.facts.list_kind, 9), u.facts.listed_year or 0, u.listing_id))
    return out


__all__ = [
    "EventRow", "ImportSummary", "ListRow", "ListedUnit", "NATIONAL_BATCH_YEARS", "batch_year",
    "import_rows", "in_region", "listing_key", "listings", "load_facts", "record_events", "unit_events",
]

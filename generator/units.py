"""``greendiag units``: import published green-manufacturing lists into the registry, write the 名单管理
workbook, record the events officers enter on it.

Published lists (CSV or XLSX) name their columns in several ways (the ministry's PDFs drifted between
公司名称/单位名称/企业名称, 省市/省份/地区 …): :data:`HEADERS` maps every variant greendiag knows to one
field; a file without a name column is refused with a Chinese message naming the header row.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from greendiag.registry import open_registry
from greendiag.registry import store as S
from greendiag.registry import units as U
from greendiag.rules import lifecycle
from greendiag.workbooks.units_sheet import EVENTS, SheetRow, read_events, write_units_workbook

HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("单位名称", "企业名称", "公司名称", "工厂名称", "园区", "园区名称", "工业园区名称", "名称", "申报单位", "单位"),
    "province": ("地区", "省市", "省份", "省（区、市）", "省(区、市)", "省区市", "所在地区", "省", "所在省份"),
    "city": ("城市", "地市", "市", "所在城市", "市（地）"),
    "district": ("区县", "所属区", "区", "所在区"),
    "batch": ("批次", "批", "年度", "公布年度"),
    "evaluator": ("第三方评价机构", "评价机构", "第三方机构"),
    "industry": ("行业", "所属行业", "行业类别"),
    "listed_on": ("公布日期", "列入日期", "入库日期", "发布日期"),
}
"""Field → the column headings that mean it (compared without spaces, full-width brackets narrowed)."""


class ListFileError(ValueError):
    """A list file that cannot be imported (Chinese message naming the file, sheet and row)."""


def _norm(h: object) -> str:
    return "".join(str(h or "").split()).replace("（", "(").replace("）", ")")


_LOOKUP = {_norm(v): k for k, vs in HEADERS.items() for v in vs}


def _columns(header: list[object], where: str) -> dict[str, int]:
    cols: dict[str, int] = {}
    for i, h in enumerate(header):
        f = _LOOKUP.get(_norm(h))
        if f and f not in cols:
            cols[f] = i
    if "name" not in cols:
        raise ListFileError(f"{where}：找不到单位名称列（应为 {'、'.join(HEADERS['name'][:6])} 等之一），表头为："
                            + "、".join(str(h) for h in header if h not in (None, "")))
    return cols


def _text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return " ".join(str(v).split())


def _date(v: object, where: str) -> date | None:
    if v in (None, ""):
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v).strip().replace("/", "-"))
    except ValueError:
        raise ListFileError(f"{where}：日期“{v}”无法识别，应为 2026-01-15 这样的日期") from None


def read_list(path: Path) -> tuple[list[U.ListRow], str]:
    """The rows of a published list (CSV in UTF-8 or GB18030, or the first sheet of an XLSX) and the file's
    SHA-256.  The header is the first row that holds a name column.  ``ListFileError`` otherwise."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise ListFileError(f"{path.name}：只支持 .csv 和 .xlsx 名单文件")
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    if suffix == ".csv":
        for enc in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ListFileError(f"{path.name}：无法识别文件编码（应为 UTF-8 或 GB18030）")
        table = [list(r) for r in csv.reader(io.StringIO(text))]
        sheet = ""
    else:
        import openpyxl

        try:
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:
            raise ListFileError(f"{path.name}：无法作为 Excel 工作簿打开（{exc}）") from None
        ws = wb.worksheets[0]
        sheet = ws.title
        table = [list(r) for r in ws.iter_rows(values_only=True)]
        wb.close()
    label = f"{path.name}" + (f" 工作表“{sheet}”" if sheet else "")
    head = next((i for i, r in enumerate(table[:20]) if any(_LOOKUP.get(_norm(h)) == "name" for h in r)), None)
    if head is None:
        raise ListFileError(f"{label}：前20行中找不到表头（单位名称列应为 {'、'.join(HEADERS['name'][:6])} 等之一）")
    cols = _columns(table[head], f"{label} 第{head + 1}行")
    rows = []
    for i, r in enumerate(table[head + 1:], start=head + 2):
        if not any(_text(v) for v in r):
            continue
        cells = {f: r[c] if c < len(r) else None for f, c in cols.items()}
        where = f"{label} 第{i}行"
        rows.append(U.ListRow(
            **{f: _text(cells.get(f)) for f in ("name", "province", "city", "district", "batch", "evaluator", "industry")},
            listed_on=_date(cells.get("listed_on"), where), where=where, cell=f"A{i}"))
    return rows, sha


@dataclass(frozen=True)
class ImportResult:
    file: Path
    summary: U.ImportSummary
    rows: int


def import_list(path: Path | str, *, list_kind: str, level: str, registry: str, region: str = "") -> ImportResult:
    """Import one published list into ``registry`` in one transaction (:func:`greendiag.registry.units.import_rows`)."""
    path = Path(path)
    rows, sha = read_list(path)
    with open_registry(registry) as reg, reg.write() as conn:
        run = S.start_run(conn, "units", path.name, sha)
        summary = U.import_rows(conn, rows, list_kind=list_kind, level=level, region=region,
                                source=S.Source("units", path.name, sha), run_id=run)
    return ImportResult(path, summary, len(rows))


def grounds_for(region: str) -> tuple[str, ...]:
    """The 撤销/移出 grounds offered on 事件登记: those of ``region``, or of every region with a document."""
    from greendiag.rules import regions

    wanted = [regions.region_of(region)] if region and regions.region_of(region) in regions.REGIONS else list(regions.REGIONS)
    return tuple(g for r in wanted for g in lifecycle.revocation_grounds(r))


def sheet_rows(registry: str, as_of: date, region: str = "", beijing_deadline: str = "",
               calendar=None) -> list[SheetRow]:
    """The 名单管理 rows: every listing of ``region`` in the registry with its life as of ``as_of``."""
    with open_registry(registry) as reg, reg.read() as conn:
        listed = U.load_facts(conn, region)
    return [SheetRow(u.listing_id, u.name, u.facts.region, u.facts.list_kind, u.facts.level, u.batch, u.facts.listed_year,
                     lifecycle.unit_life(u.facts, as_of, beijing_deadline or None, calendar), _diagnosis(u, as_of))
            for u in listed]


def _diagnosis(u: U.ListedUnit, as_of: date) -> str:
    """The unit's 绿色诊断 report usable for the Beijing 培育库 (北京办法第五条), from the registry's cases."""
    from greendiag.rules import regions, units

    if u.facts.region != regions.BEIJING:
        return ""
    y = units.pool_report_year(u.diagnosis_years, as_of.year)
    return f"{y}年绿色诊断（第五条）" if y else "无"


def write_sheet(registry: str, out: Path | str, *, as_of: date, region: str = "", beijing_deadline: str = "",
                force: bool = False, calendar=None) -> tuple[Path, list[SheetRow]]:
    """``greendiag units sheet``: the 名单管理 workbook of ``region`` as of ``as_of``."""
    if beijing_deadline:
        lifecycle.parse_month_day(beijing_deadline)
    rows = sheet_rows(registry, as_of, region, beijing_deadline, calendar)
    path = write_units_workbook(out, rows, as_of, region=region, beijing_deadline=beijing_deadline,
                                grounds=grounds_for(region), force=force)
    return path, rows


def import_events(path: Path | str, registry: str) -> tuple[int, int]:
    """``greendiag units import-events``: record the 事件登记 rows of a 名单管理 workbook in one transaction
    (history names the file, sheet and cell); ``(new, already recorded)``.  ``EventSheetError`` for bad rows,
    ``ValueError`` for a 登记号 the registry lacks — nothing is recorded then."""
    path = Path(path)
    events = read_events(path)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    rows = [U.EventRow(e.listing_id, e.event, EVENTS, e.cell) for e in events]
    with open_registry(registry) as reg, reg.write() as conn:
        run = S.start_run(conn, "units-events", path.name, sha)
        return U.record_events(conn, rows, source=S.Source("units", path.name, sha), run_id=run)

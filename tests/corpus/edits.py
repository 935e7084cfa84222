"""Edits people make to a case workbook, each with what the reader must answer.

An edit is ``fn(wb, kind, rng) -> Expect``: it changes the openpyxl workbook ``wb`` the way a
person does (paste, type a number where text belongs, insert rows and columns, copy or hide a
sheet, type below a table …) and says what a correct reader answers, worked out here from what
the cells *show*, never by calling the reader's own normaliser:

* ``changes``: model paths whose value the case must now have (``"application.address"``);
  ``"team+"`` appends members;
* ``problems``: ``(sheet, cell or None)`` where the reader must report an error.

:func:`apply_edits` runs several edits in a safe order (structure first, then values, then
sheets) and merges their expectations; :func:`expected_case` applies ``changes`` to the sample.
:func:`make_corpus` writes many edited workbooks with a seeded generator (used by
``benchmarks/bench_robustness.py`` and ``tests/test_robustness.py``).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from greendiag.rules.identity import make_credit_code
from greendiag.rules.models import Case, CaseKind, TeamMember
from greendiag.workbooks import spec as S


@dataclass
class Expect:
    changes: dict[str, Any] = field(default_factory=dict)
    problems: list[tuple[str, str | None]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def merge(self, other: Expect) -> None:
        self.changes.update(other.changes)
        self.problems += other.problems
        self.notes += other.notes


# ── locating cells as a person sees them ──────────────────────────────────
def _label_key(v: Any) -> str:
    return str(v).strip().rstrip("*:：").lstrip("*") if isinstance(v, str) else ""


class Skip(Exception):
    """The edit does not apply to this workbook (its cell was already edited); it is left out."""


_TAKEN: set[str] = set()


def _form_cols(ws) -> tuple[int, int]:
    for r in range(1, 11):
        row = {ws.cell(r, c).value: c for c in range(1, 12)}
        if "项目" in row and "填写内容" in row:
            return row["项目"], row["填写内容"]
    return 1, 2


def field_cell(wb, kind: CaseKind, path: str, *, label: bool = False) -> tuple[str, str]:
    """(sheet, cell) of a form field as a person finds it: the row whose “项目” column shows its
    label, the column under “填写内容” (``label``: the label cell).  Each field is edited once."""
    from openpyxl.utils import get_column_letter

    if path in _TAKEN:
        raise Skip(path)
    _TAKEN.add(path)
    for name, form in S.forms_for(kind).items():
        for f in form.fields:
            if f.path == path:
                ws = wb[name]
                lc, vc = _form_cols(ws)
                for r in range(1, ws.max_row + 1):
                    if _label_key(ws.cell(r, lc).value) == f.label:
                        return name, f"{get_column_letter(lc if label else vc)}{r}"
    raise KeyError(path)


def fields(kind: CaseKind, *kinds: str, identifier: str | None = "") -> list[S.FieldSpec]:
    out = []
    for _, form in S.forms_for(kind).items():
        for f in form.fields:
            if f.kind in kinds and (identifier is None or f.identifier == identifier) and f.path not in _TAKEN:
                out.append(f)
    return out


def _header(ws, first: str, second: str) -> int:
    return next(r for r in range(1, 200) if ws.cell(r, 1).value == first and ws.cell(r, 2).value == second)


# ── text pasted from chat, WPS, web pages: (stored, shown) pieces ─────────
PIECES = [
    ("绿色", "绿色"), ("园区", "园区"), ("A-1", "A-1"), ("[/]", "[/]"), ("[bold]", "[bold]"), ("<&>", "<&>"),
    ("{{ x }}", "{{ x }}"), ("{%", "{%"), ("_x000D__x000A_", "\n"), ("_x000A_", "\n"), ("\u200b", ""),
    ("\ufeff", ""), ("_x0001_", ""), ("_x005F_x000D_", "_x000D_"), ("10²", "10²"), ("①", "①"),
    ("１２", "１２"), ("\U00020000", "\U00020000"), ("=", "="), ("'", "'"), ("#", "#"),
]
EDGES = ["", " ", "\u3000", "\u200b", "\u00a0", "_x000D__x000A_"]


_ZERO_WIDTH = ("\u200b", "\ufeff")


def _pasted(rng: random.Random, min_pieces: int = 1) -> tuple[str, str | None]:
    """(stored, shown) of pasted text; shown ``None`` when the reader must refuse it: a zero-width
    mark between visible pieces (dropping it would silently change the text)."""
    parts = [rng.choice(PIECES) for _ in range(rng.randint(min_pieces, 5))]
    stored = "".join(p[0] for p in parts)
    shown = "".join(p[1] for p in parts)
    left, right = rng.choice(EDGES), rng.choice(EDGES)
    shown = shown.strip(" \n\u3000\u00a0")
    if shown.startswith("=") or not shown:
        stored, shown = "示例" + stored, ("示例" + shown).strip(" \n\u3000\u00a0")
        parts = [("示例", "示例"), *parts]
    visible = [bool(p[1].strip(" \n\u3000\u00a0")) for p in parts]
    inside = any(p[0] in _ZERO_WIDTH and any(visible[:i]) and any(visible[i + 1:]) for i, p in enumerate(parts))
    return left + stored + right, None if inside else shown


# ── the edits ─────────────────────────────────────────────────────────────
def paste_text(wb, kind, rng) -> Expect:
    f = rng.choice(fields(kind, S.TEXT, S.LONGTEXT))
    sheet, ref = field_cell(wb, kind, f.path)
    stored, shown = _pasted(rng)
    wb[sheet][ref].value = stored
    if shown is None:
        return Expect(problems=[(sheet, ref)])
    return Expect(changes={f.path: shown})


def invisible_text(wb, kind, rng) -> Expect:
    f = rng.choice(fields(kind, S.TEXT))
    sheet, ref = field_cell(wb, kind, f.path)
    wb[sheet][ref].value = rng.choice(["\u200b", "\u3164", " \u3000 ", "\u200b\ufeff\u2060", "_x000D_"])
    if f.required:
        return Expect(problems=[(sheet, ref)])
    return Expect(changes={f.path: ""})


def logical_in_text(wb, kind, rng) -> Expect:
    f = rng.choice(fields(kind, S.TEXT))
    sheet, ref = field_cell(wb, kind, f.path)
    v = rng.choice([True, False])
    wb[sheet][ref].value = v
    return Expect(changes={f.path: "TRUE" if v else "FALSE"})


def error_value(wb, kind, rng) -> Expect:
    f = rng.choice(fields(kind, S.TEXT, S.AMOUNT, S.DATE, S.CHOICE, S.INT, identifier=None))
    sheet, ref = field_cell(wb, kind, f.path)
    wb[sheet][ref].value = rng.choice(["#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?"])
    return Expect(problems=[(sheet, ref)])


CROSS_CHECKED = {"review.approved_amount", "application.output_value"}
"""Amounts checked against each other (核定奖励金额 ≤ the cap set by 产值, 第十九条): not set at random."""


def amount(wb, kind, rng) -> Expect:
    f = rng.choice([f for f in fields(kind, S.AMOUNT) if f.path not in CROSS_CHECKED])
    sheet, ref = field_cell(wb, kind, f.path)
    x = rng.randint(0, 10**8) / 100
    typed: Any = rng.choice([x, f"{x:,.2f}", f"{x}", f"  {x} "])
    wb[sheet][ref].value = typed
    return Expect(changes={f.path: x})


def bad_number(wb, kind, rng) -> Expect:
    f = rng.choice(fields(kind, S.AMOUNT, S.INT))
    sheet, ref = field_cell(wb, kind, f.path)
    wb[sheet][ref].value = rng.choice(["10²", "1E+308", 1e308, 2e12, "①", "½", "1.2亿元", "很多", -1])
    return Expect(problems=[(sheet, ref)])


def credit_code_number(wb, kind, rng) -> Expect:
    sheet, ref = field_cell(wb, kind, "application.credit_code")
    wb[sheet][ref].value = rng.randint(10**17, 10**18 - 1)
    return Expect(problems=[(sheet, ref)])


def credit_code_text(wb, kind, rng) -> Expect:
    sheet, ref = field_cell(wb, kind, "application.credit_code")
    code = make_credit_code("91110105" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8)))
    wb[sheet][ref].value = code
    return Expect(changes={"application.credit_code": code})


def phone_number(wb, kind, rng) -> Expect:
    f = rng.choice(fields(kind, S.TEXT, identifier=S.PHONE))
    sheet, ref = field_cell(wb, kind, f.path)
    n = rng.randint(13000000000, 13999999999)
    wb[sheet][ref].value = n
    return Expect(changes={f.path: str(n)})


def formula_input(wb, kind, rng) -> Expect:
    f = rng.choice(fields(kind, S.TEXT, S.AMOUNT, S.DATE, identifier=None))
    sheet, ref = field_cell(wb, kind, f.path)
    wb[sheet][ref].value = rng.choice(["=1+1", "=A1", "=SUM(1,2)"])
    return Expect(problems=[(sheet, ref)])


def merge_input(wb, kind, rng) -> Expect:
    f = rng.choice(fields(kind, S.TEXT, S.AMOUNT))
    sheet, ref = field_cell(wb, kind, f.path)
    _TAKEN.discard(f.path)
    _, lab = field_cell(wb, kind, f.path, label=True)
    wb[sheet].merge_cells(f"{lab}:{ref}")
    return Expect(problems=[(sheet, ref)])


def copy_sheet(wb, kind, rng) -> Expect:
    if "copy_sheet" in _TAKEN:
        raise Skip("copy_sheet")
    _TAKEN.add("copy_sheet")
    name = rng.choice([S.APPLICATION, S.PROCESS, S.PROVIDER, S.SATISFACTION])
    copy = wb.copy_worksheet(wb[name])
    copy.title = f"{name} ({rng.randint(2, 3)})"
    if rng.random() < 0.5:
        wb[name].sheet_state = "hidden"
    return Expect(problems=[(copy.title, None)])


def row_below_total(wb, kind, rng) -> Expect:
    from openpyxl.utils import get_column_letter

    if "retrofit_table" in _TAKEN:
        raise Skip("retrofit_table")
    _TAKEN.add("retrofit_table")
    ws = wb[S.RETROFIT]
    total, col = next((r, c) for r in range(1, 400) for c in (1, 2, 3, 4) if ws.cell(r, c).value == "合计")
    r = total + rng.randint(1, 3)
    ws.cell(r, col + 1).value = "补充项目"
    return Expect(problems=[(S.RETROFIT, f"{get_column_letter(col + 1)}{r}")])


def member_below_table(wb, kind, rng) -> Expect:
    if "member_below_table" in _TAKEN:
        raise Skip("member_below_table")
    _TAKEN.add("member_below_table")
    ws = wb[S.TEAM.sheet]
    last = _header(ws, "序号", "姓名") + S.TEAM.capacity
    ws.cell(last + 1, 2).value = "新成员"
    ws.cell(last + 1, 6).value = "专家成员"
    return Expect(changes={"team+": [TeamMember(name="新成员", category="专家成员")]})


def invisible_member(wb, kind, rng) -> Expect:
    if "invisible_member" in _TAKEN:
        raise Skip("invisible_member")
    _TAKEN.add("invisible_member")
    ws = wb[S.TEAM.sheet]
    r = _header(ws, "序号", "姓名") + 1
    ws.cell(r, 2).value = rng.choice(["\u200b", "\u3164", "#N/A"])
    return Expect(problems=[(S.TEAM.sheet, f"B{r}")])


# structure: the model must not change
def insert_rows(wb, kind, rng) -> Expect:
    name = rng.choice([S.APPLICATION, S.PROCESS, S.SATISFACTION, S.REWARD, S.NARRATIVE, S.RETROFIT])
    ws = wb[name]
    ws.insert_rows(rng.randint(3, 6), rng.randint(1, 3))
    return Expect(notes=[f"insert rows {name}"])


def insert_column(wb, kind, rng) -> Expect:
    name = rng.choice([S.APPLICATION, S.PROCESS, S.RETROFIT, S.REWARD])
    wb[name].insert_cols(rng.choice([1, 2, 3]))
    return Expect(notes=[f"insert column {name}"])


def delete_field_row(wb, kind, rng) -> Expect:
    f = rng.choice([f for _, form in S.forms_for(kind).items() for f in form.fields if f.path not in _TAKEN])
    sheet, ref = field_cell(wb, kind, f.path)
    wb[sheet].delete_rows(int("".join(ch for ch in ref if ch.isdigit())))
    return Expect(problems=[(sheet, None)])


def delete_table_column(wb, kind, rng) -> Expect:
    if "retrofit_table" in _TAKEN:
        raise Skip("retrofit_table")
    _TAKEN.add("retrofit_table")
    ws = wb[S.RETROFIT]
    labels = {c.label for c in S.RETROFITS.columns}
    hdr = next(r for r in range(1, 60) if any(ws.cell(r, c).value == "序号" for c in range(1, 6)))
    ws.delete_cols(rng.choice([c for c in range(1, 12) if ws.cell(hdr, c).value in labels]))  # its header is gone
    return Expect(problems=[(S.RETROFIT, None)])


def delete_blank_rows(wb, kind, rng) -> Expect:
    ws = wb[S.RETROFIT]
    total, col = next((r, c) for r in range(1, 400) for c in (1, 2, 3, 4) if ws.cell(r, c).value == "合计")
    ws.delete_rows(total - rng.randint(2, 5), rng.randint(1, 2))  # empty rows at the end of the table
    return Expect(notes=["delete blank rows 改造建议"])


def far_cell(wb, kind, rng) -> Expect:
    wb[rng.choice([S.APPLICATION, S.NARRATIVE, S.RETROFIT])]["XFD1048576"] = "远处"
    return Expect()


def unrelated_sheet(wb, kind, rng) -> Expect:
    ws = wb.create_sheet(rng.choice(["草稿", "Sheet1", "备注 (2)"]))
    ws["A1"], ws["B1"] = "园区名称", "另一个园区"
    return Expect()


def move_sheets(wb, kind, rng) -> Expect:
    wb.move_sheet(rng.choice([S.NARRATIVE, S.PROCESS, S.REWARD]), offset=-rng.randint(1, 3))
    return Expect()


STRUCTURE: dict[str, Callable] = {
    "insert_rows": insert_rows, "insert_column": insert_column, "delete_field_row": delete_field_row,
    "delete_table_column": delete_table_column, "delete_blank_rows": delete_blank_rows,
}
VALUES: dict[str, Callable] = {
    "paste_text": paste_text, "invisible_text": invisible_text, "logical_in_text": logical_in_text,
    "error_value": error_value, "amount": amount, "bad_number": bad_number,
    "credit_code_number": credit_code_number, "credit_code_text": credit_code_text, "phone_number": phone_number,
    "formula_input": formula_input, "merge_input": merge_input, "row_below_total": row_below_total,
    "member_below_table": member_below_table, "invisible_member": invisible_member, "far_cell": far_cell,
}
SHEETS: dict[str, Callable] = {"copy_sheet": copy_sheet, "unrelated_sheet": unrelated_sheet, "move_sheets": move_sheets}
EDITS = {**STRUCTURE, **VALUES, **SHEETS}


def apply_edits(wb, kind: CaseKind, names: list[str], rng: random.Random) -> Expect:
    """Apply the named edits (structure, then values, then sheets) and merge their expectations;
    an edit whose cell was already edited is left out (:class:`Skip`)."""
    exp = Expect()
    _TAKEN.clear()
    order = sorted(names, key=lambda n: 0 if n in STRUCTURE else 1 if n in VALUES else 2)
    for n in order:
        try:
            exp.merge(EDITS[n](wb, kind, rng))
            exp.notes.append(n)
        except (Skip, IndexError):  # IndexError: no field of that kind left
            continue
    return exp


def expected_case(base: Case, exp: Expect) -> Case:
    """``base`` with ``exp.changes`` applied (model paths ``a.b``; ``team+`` appends members)."""
    case = base
    for path, value in exp.changes.items():
        if path == "team+":
            case = case.model_copy(update={"team": case.team + tuple(value)})
            continue
        parts = path.split(".")
        if len(parts) == 1:
            case = case.model_copy(update={parts[0]: value})
        else:
            sub = getattr(case, parts[0])
            case = case.model_copy(update={parts[0]: sub.model_copy(update={parts[1]: value})})
    return case


def make_corpus(folder: Path | str, n: int = 120, seed: int = 12,
                clean: dict[CaseKind, Path] | None = None) -> list[tuple[Path, CaseKind, Expect]]:
    """Write ``n`` edited sample workbooks into ``folder`` (seeded): ``(path, kind, expectation)``.

    ``clean``: the filled ``sample_park`` and ``sample_enterprise_large`` workbooks by kind, only
    read (a test passes its session's, ``tests/conftest.py`` ``sample_workbooks``); by default they
    are filled here and removed afterwards."""
    import openpyxl

    from greendiag.generator import samples
    from greendiag.workbooks import fill_case

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    if clean is None:
        bases = {CaseKind.PARK: samples.sample_park(), CaseKind.ENTERPRISE: samples.sample_enterprise_large()}
        clean = {k: fill_case(c, folder / f".base-{k.name.lower()}.xlsx") for k, c in bases.items()}
        made = list(clean.values())
    rng = random.Random(seed)
    out = []
    names = sorted(EDITS)
    for i in range(n):
        kind = CaseKind.PARK if i % 2 == 0 else CaseKind.ENTERPRISE
        wb = openpyxl.load_workbook(clean[kind])
        chosen = [names[i % len(names)]] + rng.sample(names, rng.randint(0, 3))
        exp = apply_edits(wb, kind, chosen, rng)
        path = folder / f"case{i:03d}_{'_'.join(sorted(set(chosen)))[:80]}.xlsx"
        wb.save(path)
        out.append((path, kind, exp))
    for p in made:
        p.unlink()
    return out

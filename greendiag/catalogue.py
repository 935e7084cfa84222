"""``greendiag rules``: the catalogue of Excel functions (``greendiag.addin.udfs.CATALOGUE``) with citations, and
the rulebook's values with their basis and verification (``--unverified``: only greendiag's readings and defaults)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text


def catalogue_table() -> Table:
    """A rich table: function signature, summary and the articles it implements, by group."""
    from greendiag.addin.udfs import CATALOGUE

    table = Table(title="greendiag Excel 函数目录（xlwings UDF 模块 addin.udfs）", show_lines=True, expand=True)
    table.add_column("函数（参数，方括号为可选）", ratio=3, overflow="fold")
    table.add_column("说明", ratio=3, overflow="fold")
    table.add_column("政策依据", ratio=4, overflow="fold")
    previous = None
    for e in CATALOGUE.values():
        if e.group != previous:
            table.add_row(Text(f"【{e.group}】", style="bold green"), Text(""), Text(""))
            previous = e.group
        name, _, params = e.signature.partition("(")
        sig = Text(name, style="bold") + Text("\n(" + params)
        table.add_row(sig, Text(e.summary), Text("\n".join(e.citations)))
    return table


def print_catalogue(console: Console) -> None:
    """Print every Excel function with its signature, summary and citations (document + article)."""
    from greendiag.addin.udfs import CATALOGUE

    console.print(catalogue_table())
    console.print(
        Text(
            f"共 {len(CATALOGUE)} 个函数。方括号内为可选参数；每个参数的说明见 Excel 函数向导。"
            "《北京市绿色制造单位管理暂行办法》及黑龙江、广州文件为征求意见稿，请对照正式文本核对。"
        )
    )


def params_table(unverified: bool = False, edition=None) -> Table:
    """A rich table of the rulebook's values in ``edition`` (default today's): file, key, value, citation,
    basis (文件规定 / greendiag 的读法 / greendiag 默认值) and verification.  ``unverified``: only the
    values that are greendiag's reading or default."""
    from greendiag.rules.citations import today_edition

    ed = edition or today_edition()
    title = "greendiag 的读法或默认值（非文件规定）" if unverified else "规则参数"
    table = Table(title=f"{title}（规则版本 {ed.label}）", show_lines=False, expand=True)
    for name, ratio in (("参数", 3), ("取值", 3), ("依据", 4), ("类别", 2), ("核实", 3)):
        table.add_column(name, ratio=ratio, overflow="fold")
    for name, doc in ed.rulebook.documents.items():
        for key, p in ed[name].items():
            if unverified and p.basis == "document":
                continue
            value = "、".join(map(str, p.value)) if isinstance(p.value, list) else str(p.value)
            label = f"{name}.{key}" + (f"（{p.extra['name']}）" if "name" in p.extra else "")
            table.add_row(label, _short(value + p.unit), f"{p.cite}（{doc.status_text}）", p.basis_text, p.verified_text)
    return table


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def documents_table(edition=None) -> Table:
    """A rich table of the rulebook's documents: title, 文号, status, seed, published and in-force dates."""
    from greendiag.rules.citations import today_edition

    ed = edition or today_edition()
    table = Table(title=f"规则文件（规则版本 {ed.label}；各版本开始日期：{'、'.join(d.isoformat() for d in ed.rulebook.dates)}）",
                  expand=True)
    for name, ratio in (("参数文件", 2), ("文件", 5), ("文号", 2), ("状态", 2), ("种子文本", 3), ("发布日期", 2), ("施行日期", 2)):
        table.add_column(name, ratio=ratio, overflow="fold")
    unknown = "不详"
    for name, d in ed.rulebook.documents.items():
        table.add_row(f"{name}.toml", d.title, unknown if d.number == "unknown" else d.number, d.status_text, d.seed,
                      unknown if d.published == "unknown" else str(d.published),
                      unknown if d.in_force == "unknown" else str(d.in_force))
    return table


def print_params(console: Console, unverified: bool = False) -> None:
    """Print the rulebook's documents and values (``unverified``: greendiag's readings and defaults only)."""
    from greendiag.rules.citations import today_edition

    ed = today_edition()
    table = params_table(unverified, ed)
    if not unverified:
        console.print(documents_table(ed))
    console.print(table)
    what = "greendiag 的读法或默认值" if unverified else "参数"
    console.print(Text(f"共 {table.row_count} 项{what}（规则版本 {ed.label}）。"))

"""``greendiag rules``: the catalogue of Excel functions (``greendiag.addin.udfs.CATALOGUE``) with citations."""

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

"""The ``greendiag`` command line (typer).  Each command is a thin shell over one module:

rules → ``addin.udfs`` catalogue · new/check → ``workbooks`` · generate/demo → ``generator`` ·
batch → ``generator.batch`` · addin → ``addin.build``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

app = typer.Typer(
    help="greendiag：绿色诊断案例工作簿、Excel 函数与官方附件生成工具",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
addin_app = typer.Typer(help="Excel 加载项（xlwings 经典加载项，Windows 桌面版 Excel）", no_args_is_help=True)
app.add_typer(addin_app, name="addin")

console = Console()
err_console = Console(stderr=True)


def _fail(message: str, code: int = 1) -> None:
    err_console.print(f"[bold red]错误：[/]{message}")
    raise typer.Exit(code)


@app.command("rules")
def rules_cmd() -> None:
    """列出 Excel 函数目录及其政策依据（文件与条款）。"""
    from generator.catalogue import print_catalogue

    print_catalogue(console)

"""greendiag: 绿色诊断 case workbooks, Excel functions and official annexes.

This top-level module is also the entry point of the Excel add-in: the add-in file is named
``greendiag.xlam``, and xlwings' ``RunMain`` runs ``import greendiag; greendiag.main()``.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("greendiag")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"


def main() -> None:
    """Ribbon button 生成文书: generate every annex for the active workbook (see addin.ribbon)."""
    from addin.ribbon import main as ribbon_main

    ribbon_main()

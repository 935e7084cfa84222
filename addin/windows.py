"""What ``install.cmd`` / ``uninstall.cmd`` of the offline bundle and the Send To entry run on Windows.

``python -P -m greendiag.addin.windows install | uninstall | sendto FILE…`` with the interpreter of
the environment ``%LOCALAPPDATA%\\greendiag\\venv`` (see :mod:`greendiag.addin.bundle`):

* ``install`` — build ``%LOCALAPPDATA%\\greendiag\\greendiag.xlam`` with this interpreter's absolute
  path as ``Interpreter_Win``, install it into Excel's XLSTART with ``xlwings addin install``, and
  write the Send To entry ``绿色诊断：生成文书``;
* ``uninstall`` — ``xlwings addin remove`` and delete the Send To entry (``uninstall.cmd`` then
  deletes the environment);
* ``sendto`` — for each chosen workbook what the ribbon button does, without Excel:
  :func:`greendiag.addin.ribbon.run_for_workbook` (a workbook greendiag did not build is refused;
  problems are listed; the documents land in ``<工作簿名>_文书`` beside it, whose folder is opened).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from greendiag.addin.bundle import SEND_TO_NAME, UNINSTALL_FAILED_MESSAGE, send_to_script


def home() -> Path:
    """``%LOCALAPPDATA%\\greendiag``: the environment and the user's add-in."""
    return Path(os.environ["LOCALAPPDATA"]) / "greendiag"


def send_to_path() -> Path:
    """The Send To entry in ``%APPDATA%\\Microsoft\\Windows\\SendTo``."""
    return Path(os.environ["APPDATA"]) / "Microsoft" / "Windows" / "SendTo" / SEND_TO_NAME


def _xlwings_cli(*args: str) -> str:
    cmd = [sys.executable, "-c", "import sys, xlwings.cli; sys.argv[0] = 'xlwings'; xlwings.cli.main()", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    return ((proc.stdout or "") + (proc.stderr or "")).strip()


def install() -> int:
    """Build and install the add-in for this interpreter; add the Send To entry.  Returns the exit code."""
    from greendiag.addin.build import IMPORT_FUNCTIONS_HELP, AddinBuildError, build_addin, install_addin

    try:
        addin = build_addin(home(), force=True, interpreter=str(Path(sys.executable).resolve()))
        print(f"已生成加载项：{addin}（Python：{Path(sys.executable).resolve()}）")
        print(install_addin(addin))
    except (AddinBuildError, RuntimeError, OSError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    entry = send_to_path()
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_bytes(send_to_script())
    print(f"已加入“发送到”菜单：{entry.stem}（右键案例工作簿 → 发送到 → {entry.stem}）")
    print(IMPORT_FUNCTIONS_HELP)
    return 0


def uninstall() -> int:
    """Remove the add-in from XLSTART, then the Send To entry; 1 (nothing else removed) if the add-in stays."""
    output = _xlwings_cli("addin", "remove", "-f", str(home() / "greendiag.xlam"))
    print(output)
    if "Successfully removed" not in output and "doesn't seem to be installed" not in output:
        print(f"错误：{UNINSTALL_FAILED_MESSAGE}", file=sys.stderr)
        return 1
    send_to_path().unlink(missing_ok=True)
    print("已移除 greendiag 加载项和“发送到”菜单项。")
    return 0


def sendto(paths: list[str]) -> int:
    """Generate the documents for each workbook (as the ribbon button); 1 if any was not generated."""
    from greendiag.addin.ribbon import open_folder, run_for_workbook

    if not paths:
        print("请在文件资源管理器中右键案例工作簿，选择 发送到 → 绿色诊断：生成文书。")
        return 1
    failed = 0
    for raw in paths:
        path = Path(raw)
        print(f"\n【{path.name}】")
        try:
            result = run_for_workbook(path)
        except (OSError, ValueError) as exc:
            print(f"错误：{exc}")
            failed += 1
            continue
        if result.problems:
            print(f"有 {len(result.problems)} 处问题，未生成文书：")
            for p in result.problems:
                where = "!".join(x for x in (getattr(p, "sheet", None), getattr(p, "cell", None)) if x)
                print(f"  - {where}：{getattr(p, 'message', p)}" if where else f"  - {getattr(p, 'message', p)}")
            failed += 1
        elif not result.ok:
            print(result.message)
            failed += 1
        else:
            print(result.message)
            for w in result.warnings:
                print(f"  提示：{getattr(w, 'sheet', '')}!{getattr(w, 'cell', '')}：{getattr(w, 'message', w)}")
            open_folder(result.out_dir)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    command, rest = (args[0], args[1:]) if args else ("", [])
    if command == "install":
        return install()
    if command == "uninstall":
        return uninstall()
    if command == "sendto":
        code = sendto(rest)
        if sys.stdin is not None and sys.stdin.isatty():
            input("\n按回车键关闭此窗口…")
        return code
    print("用法：python -m greendiag.addin.windows install | uninstall | sendto 工作簿…", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())

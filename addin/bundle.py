"""``greendiag addin bundle``: everything a Windows PC without internet needs, in one folder and a .zip.

``<out>/greendiag-bundle/`` holds

* ``greendiag.xlam`` — the add-in as built here (without an interpreter path; the install
  script builds the user's own copy, see below);
* ``wheels/`` — greendiag and every dependency as wheels for Windows x64 and CPython
  :data:`PYTHON_VERSIONS` (``pip download --platform win_amd64 --only-binary=:all:``);
* ``install.cmd`` / ``uninstall.cmd`` — :func:`install_script` / :func:`uninstall_script`;
* ``说明.txt`` — what to do, in Chinese.

``install.cmd`` creates a virtual environment under ``%LOCALAPPDATA%\\greendiag\\venv`` with the
first CPython 3.13/3.12/3.11 it finds (``py`` launcher, then ``python``), installs greendiag
from ``wheels`` with no network (``--no-index``), then runs ``greendiag.addin.windows install``:
build the add-in with that interpreter's absolute path as ``Interpreter_Win``, install it in
Excel's XLSTART (``xlwings addin install``), and add the Send To entry 绿色诊断：生成文书.
``uninstall.cmd`` undoes all of it.  The scripts are ASCII (cmd.exe reads a batch file in the
console's code page); everything said in Chinese is said by Python.

``<out>/greendiag-bundle.zip`` is the same folder zipped.  Nothing is written outside ``out``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

from greendiag.files import atomic_path

BUNDLE_NAME = "greendiag-bundle"
WHEEL_PLATFORM = "win_amd64"
PYTHON_VERSIONS = ("3.11", "3.12", "3.13", "3.14", "3.15")
"""CPython versions a bundle tries to carry wheels for (greendiag needs 3.11 or later; ``-P`` needs 3.11);
a version for which some wheel does not exist is left out when the bundle is built."""

HOME = r"%LOCALAPPDATA%\greendiag"
VENV = HOME + r"\venv"
VENV_PYTHON = VENV + r"\Scripts\python.exe"
SEND_TO_NAME = "绿色诊断：生成文书.cmd"
"""File in the user's Send To folder (``%APPDATA%\\Microsoft\\Windows\\SendTo``); Explorer shows it without ``.cmd``."""


class BundleError(Exception):
    """Bundling failed (message in Chinese, with pip's last line)."""


def _crlf(lines: Sequence[str]) -> bytes:
    text = "\r\n".join(lines) + "\r\n"
    text.encode("ascii")  # cmd.exe: keep batch files ASCII
    return text.encode("ascii")


def _ascii_python(text: str) -> str:
    """A Python string literal of ``text`` in ASCII (``\\uXXXX``): Chinese said by Python from an ASCII .cmd."""
    return "'" + "".join(ch if ch.isascii() and ch not in "'\\%^&|<>\"" else f"\\u{ord(ch):04x}" for ch in text) + "'"


def python_check(versions: Sequence[str]) -> str:
    """Python code: exit 0 for a usable interpreter, else print why (Chinese) and exit 1 (3 for Store Python).

    Usable: 64-bit CPython ``versions`` (lowest to highest), not the Microsoft Store build, whose
    redirected folders (``%LOCALAPPDATA%`` is virtualised per package) break the environment and the add-in.
    """
    low = min(tuple(int(x) for x in v.split(".")) for v in versions)
    high = max(tuple(int(x) for x in v.split(".")) for v in versions)
    store = _ascii_python(STORE_PYTHON_MESSAGE)
    wrong = _ascii_python(WRONG_PYTHON_MESSAGE.replace("{versions}", f"{'.'.join(map(str, low))}–{'.'.join(map(str, high))}"))
    return (
        "import sys; v = sys.version_info[:2]; "
        "s = 'WindowsApps' in sys.base_prefix + sys.executable; "
        f"ok = not s and sys.maxsize > 2**32 and {low} <= v <= {high} and sys.implementation.name == 'cpython'; "
        f"ok or print(({store} if s else {wrong}).format(sys.executable, *v)); "
        "raise SystemExit(0 if ok else 3 if s else 1)"
    )


STORE_PYTHON_MESSAGE = (
    "{0} 是 Microsoft Store 版的 Python {1}.{2}：它的文件夹被重定向，greendiag 的环境和 Excel 加载项无法使用它。"
    "请从 https://www.python.org/downloads/windows/ 下载 Windows installer (64-bit)，只为当前用户安装，然后重新运行 install.cmd。"
)
WRONG_PYTHON_MESSAGE = "{0}（Python {1}.{2}）不适用：离线安装包只含 64 位 Python {versions} 的程序包。"
NOT_INSTALLED_MESSAGE = "greendiag 未能安装（原因见上方信息）。"
REBUILD_MESSAGE = "原有的 Python 环境已不能使用（它所用的 Python 被卸载或更换），正在重建。"


def install_script(versions: Sequence[str] = PYTHON_VERSIONS, wheel: str = "greendiag-0.1.0-py3-none-any.whl") -> bytes:
    """``install.cmd`` for the wheels of CPython ``versions``; ``wheel``: greendiag's own, reinstalled on every run.

    ASCII (cmd.exe reads a batch file in the console's code page); Chinese is printed by Python.
    """
    newest_first = sorted(versions, key=lambda v: tuple(int(x) for x in v.split(".")), reverse=True)
    check = python_check(versions)
    venv_python = '"%VENV%\\Scripts\\python.exe"'
    return _crlf([
        "@echo off",
        "rem greendiag: offline install (Python environment, Excel add-in, Send To entry)",
        "setlocal",
        'set "BUNDLE=%~dp0"',
        f'set "VENV={VENV}"',
        f'set "CHECK={check}"',
        'set "PY="',
        f'for %%V in ({" ".join(newest_first)}) do if not defined PY py -%%V-64 -c "%CHECK%" >nul 2>&1 && set "PY=py -%%V-64"',
        'if not defined PY python -c "%CHECK%" >nul 2>&1 && set "PY=python"',
        "if defined PY goto found",
        'py -c "%CHECK%" 2>nul',  # says in Chinese why the Pythons found do not do (Store, version, 32-bit)
        'python -c "%CHECK%" 2>nul',
        f"echo Python {'/'.join(sorted(versions))} ^(64-bit, python.org^) was not found. See the .txt file in this folder.",
        "echo Install Python from https://www.python.org/downloads/windows/ for this user only, then run install.cmd again.",
        "pause",
        "exit /b 1",
        ":found",
        # an environment whose Python was removed or replaced is rebuilt, not kept broken
        f'if not exist {venv_python} goto create',
        f'{venv_python} -c "%CHECK%" >nul 2>&1 && goto install',
        f'%PY% -c "print({_ascii_python(REBUILD_MESSAGE)})"',
        'rmdir /s /q "%VENV%"',
        ":create",
        '%PY% -m venv "%VENV%" || goto fail',
        ":install",
        f'{venv_python} -m pip install --no-index --find-links "%BUNDLE%wheels" --upgrade greendiag || goto fail',
        # the bundle's greendiag even when the installed one has the same version number
        f'{venv_python} -m pip install --no-index --no-deps --force-reinstall "%BUNDLE%wheels\\{wheel}" || goto fail',
        f"{venv_python} -P -m greendiag.addin.windows install || goto fail",
        "pause",
        "exit /b 0",
        ":fail",
        f'%PY% -c "print({_ascii_python(NOT_INSTALLED_MESSAGE)})"',
        "echo greendiag was not installed (see the messages above).",
        "pause",
        "exit /b 1",
    ])


UNINSTALL_FAILED_MESSAGE = "未能从 Excel 移除加载项（请关闭 Excel 后重新运行 uninstall.cmd）：什么也没有删除。"


def uninstall_script() -> bytes:
    """``uninstall.cmd``: the add-in first (stop if that fails), the Send To entry, then the environment.

    With a working environment its Python removes both (``greendiag.addin.windows uninstall``);
    without one (its Python removed) the script deletes ``greendiag.xlam`` from the default XLSTART
    folder and the Send To entry (found by its content: its name is Chinese) itself.
    """
    xlstart = r"%APPDATA%\Microsoft\Excel\XLSTART\greendiag.xlam"
    return _crlf([
        "@echo off",
        "rem greendiag: remove the Excel add-in, the Send To entry and %LOCALAPPDATA%\\greendiag",
        "setlocal",
        f'set "HOME_DIR={HOME}"',
        f'if not exist "{VENV_PYTHON}" goto noenv',
        f'"{VENV_PYTHON}" -c "" >nul 2>&1 || goto noenv',
        f'"{VENV_PYTHON}" -P -m greendiag.addin.windows uninstall || goto fail',
        "goto remove",
        ":noenv",
        f'if exist "{xlstart}" del "{xlstart}"',
        f'if exist "{xlstart}" goto fail',
        'for %%F in ("%APPDATA%\\Microsoft\\Windows\\SendTo\\*.cmd") do '
        'findstr /c:"greendiag.addin.windows sendto" "%%F" >nul 2>&1 && del "%%F"',
        ":remove",
        'if exist "%HOME_DIR%" rmdir /s /q "%HOME_DIR%"',
        "echo greendiag was removed.",
        "pause",
        "exit /b 0",
        ":fail",
        f'"{VENV_PYTHON}" -c "print({_ascii_python(UNINSTALL_FAILED_MESSAGE)})" 2>nul',
        "echo The add-in could not be removed from Excel: close Excel and run uninstall.cmd again. Nothing was deleted.",
        "pause",
        "exit /b 1",
    ])


def send_to_script() -> bytes:
    """The Send To entry: ``generate`` (as the ribbon button does) on each chosen workbook."""
    return _crlf([
        "@echo off",
        f'"{VENV_PYTHON}" -P -m greendiag.addin.windows sendto %*',
    ])


README = """greendiag 绿色诊断 离线安装包

1. 先安装 Python（{versions} 之一，64 位，https://www.python.org/downloads/windows/ 的 Windows installer，
   选择“仅为我安装”，不需要管理员权限）。不要用 Microsoft Store 版的 Python（install.cmd 会拒绝它）。
2. 关闭 Excel，双击本文件夹中的 install.cmd（再次运行也可以：原有环境不能用时重建，并总是装上本安装包中的 greendiag）。它会：
   - 在 %LOCALAPPDATA%\\greendiag\\venv 建立 Python 环境，从 wheels 文件夹安装 greendiag（不需要联网）；
   - 把加载项 greendiag.xlam 装进 Excel（XLSTART 文件夹），并把这个环境的 python.exe 写入加载项的设置；
   - 在“发送到”菜单中加入“绿色诊断：生成文书”：在文件资源管理器中右键案例工作簿 → 发送到 → 绿色诊断：生成文书，
     即在工作簿旁生成全部文书（WPS 用户、不能使用加载项的电脑也可以这样用）。
3. 打开 Excel，功能区出现“绿色诊断”选项卡。
{import_help}
4. 卸载：关闭 Excel，双击 uninstall.cmd（先从 Excel 移除加载项，移除不了就停下，什么也不删）。
5. 单位电脑由信息化部门管理、漫游用户配置、排查问题的命令：见 greendiag 文档 docs/excel.md 第 0 节。

wheels 文件夹只适用于 Windows 64 位、Python {versions}。
"""


def windows_environment(version: str) -> dict[str, str]:
    """PEP 508 marker environment of 64-bit CPython ``version`` on Windows."""
    return {
        "implementation_name": "cpython", "implementation_version": f"{version}.0", "os_name": "nt",
        "platform_machine": "AMD64", "platform_python_implementation": "CPython", "platform_release": "10",
        "platform_system": "Windows", "platform_version": "10.0", "python_full_version": f"{version}.0",
        "python_version": version, "sys_platform": "win32", "extra": "",
    }


def _wheel_tags_fit(name: str, version: str) -> bool:
    from packaging.tags import Tag
    from packaging.utils import parse_wheel_filename

    target = f"cp{version.replace('.', '')}"
    _n, _v, _b, tags = parse_wheel_filename(name)
    ok = {Tag(i, a, p) for i in (target, "py3", "py2.py3", f"py{version[0]}") for a in (target, "abi3", "none")
          for p in (WHEEL_PLATFORM, "any")}
    return any(t in ok or (t.interpreter.startswith("cp3") and t.abi == "abi3" and t.platform == WHEEL_PLATFORM)
               for t in tags)


def missing_requirements(wheels: Path, version: str) -> list:
    """Requirements of the wheels for CPython ``version`` on Windows that no wheel in ``wheels`` satisfies.

    pip (``download``, ``install --dry-run``) evaluates environment markers for the OS it runs
    on, so on Linux it leaves out ``pywin32; platform_system == "Windows"`` (xlwings) and the
    like; this reads each wheel's ``Requires-Dist`` with Windows' markers instead.
    """
    from email.parser import HeaderParser

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name, parse_wheel_filename

    env = windows_environment(version)
    have: dict[str, list] = {}
    for whl in wheels.glob("*.whl"):
        if _wheel_tags_fit(whl.name, version):
            name, ver, _b, _t = parse_wheel_filename(whl.name)
            have.setdefault(canonicalize_name(name), []).append((ver, whl))
    missing = []
    for found in have.values():
        _ver, whl = max(found)
        with zipfile.ZipFile(whl) as zf:
            meta = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
            headers = HeaderParser().parsestr(zf.read(meta).decode("utf-8"))
        for line in headers.get_all("Requires-Dist") or []:
            req = Requirement(line)
            if req.marker is not None and not req.marker.evaluate(env):
                continue
            candidates = [v for v, _w in have.get(canonicalize_name(req.name), [])]
            if not any(req.specifier.contains(v, prereleases=True) for v in candidates):
                missing.append(Requirement(f"{req.name}{req.specifier}"))
    return sorted(set(missing), key=str)


def _pip(args: list[str]) -> None:
    proc = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True)
    if proc.returncode != 0:
        lines = [line for line in (proc.stderr or proc.stdout).splitlines() if line.strip()]
        raise BundleError(f"pip {args[0]} 失败：{lines[-1] if lines else proc.returncode}")


def _project_root() -> Path:
    import greendiag

    root = Path(greendiag.__file__).resolve().parent.parent
    if not (root / "pyproject.toml").is_file():
        raise BundleError("找不到 greendiag 的源代码（pyproject.toml）：请在源代码目录中安装后运行，或用 --wheel 指定 greendiag 的 .whl")
    return root


def _download(own: Path, wheels: Path, version: str) -> None:
    """Every wheel greendiag (``own``) needs on 64-bit Windows CPython ``version`` into ``wheels``.

    Raises :class:`BundleError` when one does not exist; the wheels added by the failed attempt are removed.
    """
    before = set(wheels.iterdir())
    wanted = [str(own)]
    try:
        for _round in range(10):  # pip evaluates markers for *this* OS: add what only Windows needs
            _pip(["download", "--quiet", "--only-binary=:all:", "--platform", WHEEL_PLATFORM,
                  "--python-version", version, "--implementation", "cp", "--dest", str(wheels), *wanted])
            wanted = sorted(str(r) for r in missing_requirements(wheels, version))
            if not wanted:
                return
        raise BundleError(f"仍缺少 {', '.join(wanted)}")
    except BundleError:
        for path in set(wheels.iterdir()) - before:
            path.unlink()
        raise


def build_bundle(
    out_dir: str | os.PathLike[str],
    *,
    force: bool = False,
    versions: Sequence[str] = PYTHON_VERSIONS,
    wheel: str | os.PathLike[str] | None = None,
    strict: bool = False,
) -> Path:
    """Write ``<out_dir>/greendiag-bundle/`` and ``<out_dir>/greendiag-bundle.zip``; returns the folder.

    ``wheel``: greendiag's own wheel; by default built from this source checkout (``pip wheel``).
    Downloads the dependencies from the package index (network needed here, not on the target PC)
    for each of ``versions`` that has them all; ``install.cmd`` accepts exactly those versions
    (``strict``: every one of ``versions`` must have them, else :class:`BundleError`).
    Raises ``FileExistsError`` (Chinese) if the bundle exists and ``force`` is false, :class:`BundleError`.
    """
    from greendiag.addin.build import IMPORT_FUNCTIONS_HELP, build_addin

    out_dir = Path(out_dir)
    folder, archive = out_dir / BUNDLE_NAME, out_dir / f"{BUNDLE_NAME}.zip"
    if (folder.exists() or archive.exists()) and not force:
        raise FileExistsError(f"{folder} 已存在；如需覆盖请加 --force")
    out_dir.mkdir(parents=True, exist_ok=True)
    work = out_dir / f".{BUNDLE_NAME}.partial"
    shutil.rmtree(work, ignore_errors=True)
    wheels = work / "wheels"
    wheels.mkdir(parents=True)
    try:
        if wheel is None:
            _pip(["wheel", "--no-deps", "--quiet", "--wheel-dir", str(wheels), str(_project_root())])
        else:
            shutil.copy2(wheel, wheels)
        [own] = sorted(wheels.glob("greendiag-*.whl"))
        carried, errors = [], []
        for version in versions:
            try:
                _download(own, wheels, version)
                carried.append(version)
            except BundleError as exc:  # e.g. a dependency has no wheel for that Python yet
                errors.append(f"Python {version}：{exc}")
        if not carried or (strict and errors):
            raise BundleError("；".join(errors))
        build_addin(work)
        (work / "install.cmd").write_bytes(install_script(carried, own.name))
        (work / "uninstall.cmd").write_bytes(uninstall_script())
        readme = README.format(versions="/".join(carried), import_help=IMPORT_FUNCTIONS_HELP)
        (work / "说明.txt").write_bytes(readme.replace("\n", "\r\n").encode("utf-8-sig"))
        shutil.rmtree(folder, ignore_errors=True)
        work.rename(folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    with atomic_path(archive) as tmp, zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, f"{BUNDLE_NAME}/{path.relative_to(folder).as_posix()}")
    return folder

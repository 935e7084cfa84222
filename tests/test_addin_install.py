"""``install.cmd`` / ``uninstall.cmd`` of the offline bundle: which Python they take, what they (re)install.

cmd.exe does not run here: the scripts are checked line by line, the Python code they hand to each
interpreter runs under this Python, and the pip commands of ``install.cmd`` run against a local
wheel in a fresh virtual environment (a second run over a changed wheel of the same version must
install the new code).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from greendiag.addin import bundle

WHEEL = "greendiag-0.1.0-py3-none-any.whl"
VENV_PY = '"%VENV%\\Scripts\\python.exe"'


def _lines(script: bytes) -> list[str]:
    assert script.endswith(b"\r\n") and b"\n" not in script.replace(b"\r\n", b"")  # CRLF for cmd.exe
    return script.decode("ascii").split("\r\n")  # ASCII: cmd.exe reads batch files in the console code page


def _check(versions, *, store: bool = False) -> subprocess.CompletedProcess:
    """Run the interpreter check install.cmd hands to each Python, here (optionally as a Store Python)."""
    code = bundle.python_check(versions)
    if store:
        code = "import sys; sys.base_prefix = r'C:\\Program Files\\WindowsApps\\PythonSoftwareFoundation.Python.3.12_3.12.2800.0_x64__qbz5n2kfra8p0'; " + code
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", env=env)


def test_the_check_accepts_every_version_the_bundle_carries_and_says_why_not_in_chinese():
    ok = _check(bundle.PYTHON_VERSIONS)
    assert ok.returncode == 0 and ok.stdout == ""
    here = f"{sys.version_info[0]}.{sys.version_info[1]}"
    other = [v for v in bundle.PYTHON_VERSIONS if v != here]
    wrong = _check(other[-2:])
    assert wrong.returncode == 1
    assert wrong.stdout.strip() == f"{sys.executable}（Python {here}）不适用：离线安装包只含 64 位 Python {other[-2]}–{other[-1]} 的程序包。"
    store = _check(bundle.PYTHON_VERSIONS, store=True)
    assert store.returncode == 3
    assert "Microsoft Store" in store.stdout and "https://www.python.org/downloads/windows/" in store.stdout
    assert "install.cmd" in store.stdout


def test_install_script_takes_the_versions_of_the_bundle_newest_first():
    lines = _lines(bundle.install_script(("3.11", "3.12", "3.13", "3.14", "3.15"), WHEEL))
    assert 'set "VENV=%LOCALAPPDATA%\\greendiag\\venv"' in lines
    assert 'set "BUNDLE=%~dp0"' in lines  # the folder of the script, wherever it was unpacked
    check = next(line for line in lines if line.startswith('set "CHECK='))
    assert check == f'set "CHECK={bundle.python_check(bundle.PYTHON_VERSIONS)}"' and "(3, 11) <= v <= (3, 15)" in check
    assert ('for %%V in (3.15 3.14 3.13 3.12 3.11) do if not defined PY py -%%V-64 -c "%CHECK%" >nul 2>&1 '
            '&& set "PY=py -%%V-64"') in lines
    assert 'if not defined PY python -c "%CHECK%" >nul 2>&1 && set "PY=python"' in lines
    # none found: the Pythons there say in Chinese why not (Store, version, 32-bit), then an English line
    assert lines.index('py -c "%CHECK%" 2>nul') < lines.index("exit /b 1") < lines.index(":found")
    assert "(3, 11) <= v <= (3, 12)" in bundle.install_script(("3.11", "3.12"), WHEEL).decode("ascii")
    # the CHECK variable holds nothing cmd.exe would expand or cut
    value = check[len('set "CHECK='):-1]
    assert '"' not in value and "%" not in value and "^" not in value and "!" not in value


def test_a_broken_environment_is_rebuilt_and_the_bundles_greendiag_always_installed():
    lines = _lines(bundle.install_script(bundle.PYTHON_VERSIONS, WHEEL))
    order = [
        ":found",
        f"if not exist {VENV_PY} goto create",
        f'{VENV_PY} -c "%CHECK%" >nul 2>&1 && goto install',  # its Python still runs and still fits
        'rmdir /s /q "%VENV%"',
        ":create",
        '%PY% -m venv "%VENV%" || goto fail',
        ":install",
        f'{VENV_PY} -m pip install --no-index --find-links "%BUNDLE%wheels" --upgrade greendiag || goto fail',
        f'{VENV_PY} -m pip install --no-index --no-deps --force-reinstall "%BUNDLE%wheels\\{WHEEL}" || goto fail',
        f"{VENV_PY} -P -m greendiag.addin.windows install || goto fail",
        "exit /b 0",
        ":fail",
    ]
    assert [line for line in lines if line in order] == order
    rebuild = lines[lines.index('rmdir /s /q "%VENV%"') - 1]
    assert rebuild.startswith('%PY% -c "print(') and "\\u91cd\\u5efa" in rebuild  # 重建, said by Python


def _wheel(path: Path, code: int) -> None:
    """A minimal greendiag 0.1.0 wheel whose ``greendiag.CODE`` is ``code``."""
    dist = "greendiag-0.1.0.dist-info"
    files = {
        "greendiag/__init__.py": f"CODE = {code}\n",
        f"{dist}/METADATA": "Metadata-Version: 2.1\nName: greendiag\nVersion: 0.1.0\n",
        f"{dist}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    files[f"{dist}/RECORD"] = "".join(f"{name},,\n" for name in [*files, f"{dist}/RECORD"])
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)


def _pip_commands(script: bytes, venv_python: Path, wheels: Path) -> list[list[str]]:
    """The pip lines of install.cmd, with this machine's paths for %VENV% and %BUNDLE%wheels."""
    out = []
    for line in _lines(script):
        if " -m pip " not in line:
            continue
        line = line.removesuffix(" || goto fail").replace(VENV_PY, shlex.quote(str(venv_python)))
        line = line.replace('"%BUNDLE%wheels\\', f'"{wheels}/').replace('"%BUNDLE%wheels"', f'"{wheels}"')
        out.append(shlex.split(line))
    return out


@pytest.mark.slow  # a virtual environment with pip
def test_a_second_install_over_a_changed_wheel_of_the_same_version_installs_the_new_code(tmp_path):
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    subprocess.run([sys.executable, "-m", "venv", str(tmp_path / "venv")], check=True)
    python = tmp_path / "venv" / "bin" / "python"
    env = {**os.environ, "PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    commands = _pip_commands(bundle.install_script(bundle.PYTHON_VERSIONS, WHEEL), python, wheels)
    assert [c[:4] for c in commands] == [[str(python), "-m", "pip", "install"]] * 2

    def install(code: int, cmds) -> int:
        _wheel(wheels / WHEEL, code)
        for cmd in cmds:
            subprocess.run(cmd, check=True, env=env, capture_output=True)
        return int(subprocess.run([str(python), "-P", "-c", "import greendiag; print(greendiag.CODE)"],
                                  capture_output=True, text=True, check=True, cwd=tmp_path).stdout)

    assert install(1, commands) == 1
    assert install(2, commands[:1]) == 1  # without the second line pip keeps the installed 0.1.0
    assert install(3, commands) == 3  # the script installs the bundle's code


def test_uninstall_removes_the_addin_first_and_stops_when_that_fails():
    lines = _lines(bundle.uninstall_script())
    py = '"%LOCALAPPDATA%\\greendiag\\venv\\Scripts\\python.exe"'
    xlstart = '"%APPDATA%\\Microsoft\\Excel\\XLSTART\\greendiag.xlam"'
    order = [
        f"if not exist {py} goto noenv",
        f'{py} -c "" >nul 2>&1 || goto noenv',  # an environment whose Python is gone cannot run xlwings
        f"{py} -P -m greendiag.addin.windows uninstall || goto fail",
        "goto remove",
        ":noenv",
        f"if exist {xlstart} del {xlstart}",
        f"if exist {xlstart} goto fail",
        ":remove",
        'if exist "%HOME_DIR%" rmdir /s /q "%HOME_DIR%"',
        "exit /b 0",
        ":fail",
    ]
    assert [line for line in lines if line in order] == order
    send_to = next(line for line in lines if "SendTo" in line)
    assert 'findstr /c:"greendiag.addin.windows sendto"' in send_to and bundle.send_to_script().decode().count(
        "greendiag.addin.windows sendto") == 1
    assert re.search(r"\\u672a\\u80fd", lines[lines.index(":fail") + 1])  # 未能…, said by Python if it runs
    assert 'set "HOME_DIR=%LOCALAPPDATA%\\greendiag"' in lines
    assert _lines(bundle.send_to_script())[1] == f"{py} -P -m greendiag.addin.windows sendto %*"

"""Nothing from a received folder runs: both Python starts of the add-in, with the exact commands its VBA builds.

A sender plants ``greendiag.py``, ``xlwings.py`` and ``pydantic.py`` beside the case workbook and
in the folder Excel happens to be in (it follows the last File → Open), or names a folder so that
the workbook's full name carries ``;``-separated paths.  The commands of the 生成文书 button
(``RunPython``) and of the functions' server (``XLPyCommand``) are evaluated from the add-in's VBA as
decoded by oletools (:mod:`tests.vba_commands`), split as cmd.exe and the C runtime split them,
and run here with the planted modules in place.  A ``sitecustomize`` (on ``PYTHONPATH``) records
what was imported from where, and stands in for ``xlwings.serve`` (a COM server, Windows only) by
importing the ``UDF Modules`` as the server does when Excel first calls a function.

The same commands built from the unpatched xlwings template import the planted modules: the test
can see the attack.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from greendiag.addin import build, vba
from tests.vba_commands import button_command, cmd_to_argv, server_command

olevba = pytest.importorskip("oletools.olevba", reason="oletools is in the test extras")

PLANTED = ("greendiag", "xlwings", "pydantic")
WIN_PYTHON = r"C:\Users\张三\AppData\Local\greendiag\venv\Scripts\python.exe"
"""``Interpreter_Win`` as install.cmd writes it; the program run here is this Python."""

SITECUSTOMIZE = r'''
import atexit, importlib, importlib.abc, importlib.machinery, json, os, sys

def _serve(clsid):  # xlwings.serve on Windows: a COM server that imports the UDF Modules on first call
    importlib.import_module("greendiag.addin.udfs")

class _Loader(importlib.abc.Loader):
    def __init__(self, real):
        self.real = real
    def create_module(self, spec):
        return self.real.create_module(spec)
    def exec_module(self, module):
        self.real.exec_module(module)
        if module.__name__ == "xlwings" and hasattr(module, "__path__"):
            module.serve = _serve

class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "xlwings":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)  # the same sys.path as the real import
        if spec is not None:
            spec.loader = _Loader(spec.loader)
        return spec

sys.meta_path.insert(0, _Finder())

@atexit.register
def _report():
    with open(os.environ["GREENDIAG_REPORT"], "w", encoding="utf-8") as f:
        json.dump({"cwd": os.getcwd(), "sys_path": sys.path,
                   "modules": {n: getattr(sys.modules.get(n), "__file__", None) for n in PLANTED}}, f)
'''.replace("PLANTED", repr(PLANTED))


def _decoded_xlwings_module(addin_or_template: Path) -> str:
    with zipfile.ZipFile(addin_or_template) as zf:
        data = zf.read("xl/vbaProject.bin")
    parser = olevba.VBA_Parser("vbaProject.bin", data=data)
    try:
        modules = {name.rsplit(".", 1)[0]: code for _f, _s, name, code in parser.extract_macros()}
    finally:
        parser.close()
    return modules["xlwings"].replace("\r\n", "\n")


@pytest.fixture(scope="module")
def vba_code(tmp_path_factory) -> dict[str, str]:
    addin = build.build_addin(tmp_path_factory.mktemp("addin"))
    return {"addin": _decoded_xlwings_module(addin), "template": _decoded_xlwings_module(build.read_template().path)}


def _plant(folder: Path, markers: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in PLANTED:
        (folder / f"{name}.py").write_text(
            "import pathlib\n"
            f"pathlib.Path({str(markers)!r}, {name + '@' + folder.name!r}).write_text('imported')\n",
            encoding="utf-8",
        )


@pytest.fixture
def received(tmp_path) -> dict[str, Path]:
    """A received folder with 案例.xlsx and the planted modules, Excel's current folder (planted too),
    a folder of planted modules named by a ``;`` trick in the workbook's path, and a marker folder."""
    markers = tmp_path / "markers"
    markers.mkdir()
    folders = {"received": tmp_path / "收到的文件夹", "current": tmp_path / "当前文件夹", "lib": tmp_path / "lib"}
    for folder in folders.values():
        _plant(folder, markers)
    (folders["received"] / "案例.xlsx").write_bytes(b"PK")
    # "<tmp>/x;;;;;<tmp>/lib;y/案例.xlsx": the sixth ";"-field of prepare_sys_path's argument is <tmp>/lib
    tricky = Path(f"{tmp_path}/x;;;;;{tmp_path}/lib;y")
    tricky.mkdir(parents=True)
    (tricky / "案例.xlsx").write_bytes(b"PK")
    return {**folders, "tricky": tricky, "markers": markers, "stub": tmp_path / "stub", "report": tmp_path / "report.json"}


def _run(command: tuple[list[str], list[str]], folders: dict[str, Path]) -> dict:
    """Run the program of ``command`` (this Python for WIN_PYTHON) in Excel's current folder.

    The button's ``cd`` into python.exe's folder is not done here: the Python code must stand on its own.
    """
    _before, argv = command
    folders["stub"].mkdir(exist_ok=True)
    (folders["stub"] / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(folders["stub"]), "GREENDIAG_REPORT": str(folders["report"])}
    assert argv[0] == WIN_PYTHON, argv
    subprocess.run([sys.executable, *argv[1:]], cwd=folders["current"], env=env, capture_output=True, timeout=120)
    report = json.loads(folders["report"].read_text(encoding="utf-8"))
    report["markers"] = sorted(p.name for p in folders["markers"].iterdir())
    return report


def _commands(code: str, workbook: Path, folders: dict[str, Path]) -> dict[str, str]:
    common = {"interpreter": WIN_PYTHON, "active_full_name": str(workbook),
              "this_full_name": str(folders["received"].parent / "XLSTART" / "greendiag.xlam"),
              "config": dict((k.upper(), v) for k, v in build.conf_entries(WIN_PYTHON))}
    return {
        "button": button_command(code, python_command=build.ENTRY_COMMAND, log_file=str(folders["stub"] / "log"), **common),
        "server": server_command(code, **common),
    }


def test_the_evaluated_commands_are_those_excel_runs(vba_code, received):
    """The button's line goes to cmd.exe /C, the server's to cmd.exe /K; Python gets -B -P -c and the code."""
    commands = _commands(vba_code["addin"], received["received"] / "案例.xlsx", received)
    (before, button), (none, server) = cmd_to_argv(commands["button"]), cmd_to_argv(commands["server"])
    scripts = WIN_PYTHON.rsplit("\\", 1)[0]
    assert commands["button"].startswith(f'cmd.exe /C C: & cd "{scripts}" & "{WIN_PYTHON}" -B -P -X utf8=0 -c "import sys, os; os.chdir(')
    assert commands["server"].startswith(f'cmd.exe  /K ""{WIN_PYTHON}" -B -P -c "import sys, os; os.chdir(')
    assert before == ["C:", f'cd "{scripts}"'] and none == []
    assert server[:4] == [WIN_PYTHON, "-B", "-P", "-c"]
    assert button[:6] == [WIN_PYTHON, "-B", "-P", "-X", "utf8=0", "-c"]  # errors to xlwings' log in ANSI
    assert button[6] == (
        f"{build.PYTHON_START}import xlwings.utils;xlwings.utils.prepare_sys_path(\"false;;;;;;\"); "
        f"{build.NO_EMPTY_PATH} {build.ENTRY_COMMAND}"
    )
    assert server[4] == (
        f"{build.PYTHON_START}import xlwings.utils;xlwings.utils.prepare_sys_path(\"false;;;;;;\"); "
        f"{build.NO_EMPTY_PATH} import xlwings; xlwings.serve('$(CLSID)')"
    )
    assert button[7:] == ["--wb=案例.xlsx", "--from_xl=1", r"--app=C:\Program Files\Microsoft Office\root\Office16\Microsoft Excel",
                          "--hwnd=65852"]
    assert len(server) == 5


@pytest.mark.parametrize("start", ["button", "server"])
@pytest.mark.parametrize("where", ["received", "tricky"])
def test_no_planted_module_is_imported(vba_code, received, start, where):
    commands = _commands(vba_code["addin"], received[where] / "案例.xlsx", received)
    report = _run(cmd_to_argv(commands[start]), received)
    assert report["markers"] == []
    assert "" not in report["sys_path"] and str(received["lib"]) not in report["sys_path"]
    assert report["cwd"] == os.path.dirname(sys.executable)  # a fixed working folder: python's own
    planted = [str(received[k]) for k in ("received", "current", "lib")]
    # the real modules were imported: greendiag and xlwings by both, pydantic by the functions
    # (the button's ribbon.main() stops at Book.caller() here, before it reads a workbook)
    assert report["modules"]["greendiag"] and report["modules"]["xlwings"]
    assert report["modules"]["pydantic"] or start == "button"
    for name, file in report["modules"].items():
        assert file is None or not any(file.startswith(p) for p in planted), (name, file)


@pytest.mark.parametrize("start", ["button", "server"])
@pytest.mark.parametrize("where", ["received", "tricky"])
def test_the_template_commands_import_the_planted_modules(vba_code, received, start, where):
    """Control: xlwings' own commands (no -P, "" on sys.path, the workbook's name split at ";")."""
    if where == "tricky":
        for name in PLANTED:  # only the ";" trick is left to find the planted modules
            (received["current"] / f"{name}.py").unlink()
    commands = _commands(vba_code["template"], received[where] / "案例.xlsx", received)
    report = _run(cmd_to_argv(commands[start]), received)
    expected = "current" if where == "received" else "lib"
    assert any(m.endswith("@" + received[expected].name) for m in report["markers"]), report


def test_the_patched_start_code_is_a_single_vba_string_without_quotes():
    """The inserted Python code holds no quote (it sits inside cmd's and VBA's quoted text)."""
    for code in (build.PYTHON_START, build.NO_EMPTY_PATH):
        assert '"' not in code and "&" not in code and "^" not in code
    assert vba.CODEPAGE == "cp1252"

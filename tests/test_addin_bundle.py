"""``greendiag addin bundle``: the offline bundle for a Windows PC, its scripts, and what they run.

The wheel set is built once per session, offline from the wheels a previous run kept (tests/conftest.py
``wheelhouse``) or else downloaded (network: PyPI), and resolved by pip with
``--no-index`` for Windows x64 and each CPython from 3.11 to 3.15; pip evaluates environment markers
for Linux, so Windows-only requirements (pywin32 for xlwings, colorama) are checked with
Windows' markers as well.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from greendiag.addin import bundle, windows
from greendiag.addin.bundle import BUNDLE_NAME, SEND_TO_NAME, build_bundle, missing_requirements
from tests.conftest import skip_offline

VERSIONS = bundle.PYTHON_VERSIONS  # 3.11–3.15


@pytest.fixture(scope="session")
def bundle_dir(tmp_path_factory, greendiag_wheel, wheelhouse) -> Path:
    """The bundle, built once per session: offline from the wheels an earlier run kept in
    ``wheelhouse`` (tests/conftest.py), else downloaded from the index (and kept there)."""
    out = tmp_path_factory.mktemp("bundle")
    try:
        with pytest.MonkeyPatch.context() as env:
            env.setenv("PIP_NO_INDEX", "1")
            env.setenv("PIP_FIND_LINKS", str(wheelhouse))
            return build_bundle(out, versions=VERSIONS, wheel=greendiag_wheel, strict=True)
    except bundle.BundleError:
        pass  # not cached yet, or a requirement changed
    skip_offline("downloading the Windows wheels of the bundle")
    try:
        folder = build_bundle(out, versions=VERSIONS, wheel=greendiag_wheel, force=True, strict=True)
    except bundle.BundleError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"cannot download wheels from the package index here ({exc})")
    for whl in (folder / "wheels").glob("*.whl"):
        if not whl.name.startswith("greendiag-"):
            shutil.copy2(whl, wheelhouse / whl.name)
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("version", VERSIONS)
def test_pip_resolves_the_wheel_set_offline_for_windows(bundle_dir, version, tmp_path):
    wheels = bundle_dir / "wheels"
    report = tmp_path / "report.json"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--no-index", "--find-links", str(wheels),
         "--only-binary=:all:", "--platform", "win_amd64", "--python-version", version, "--implementation", "cp",
         "--target", str(tmp_path / "target"), "--report", str(report), "--quiet",
         # pip checks Requires-Python of the chosen wheels against the running interpreter, not
         # --python-version (pip 24/25): checked below against the target version instead
         "--ignore-requires-python", "greendiag"],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr
    from packaging.specifiers import SpecifierSet

    items = json.loads(report.read_text())["install"]
    names = {item["metadata"]["name"].lower() for item in items}
    for item in items:
        requires = item["metadata"].get("requires_python")
        assert requires is None or SpecifierSet(requires).contains(f"{version}.0"), (item["metadata"]["name"], requires)
    assert {"greendiag", "xlwings", "openpyxl", "docxtpl", "chinesecalendar", "olefile"} <= names
    assert not (tmp_path / "target").exists()  # a dry run installs nothing
    # what pip on Linux leaves out: requirements with Windows-only markers
    assert missing_requirements(wheels, version) == []
    tag = f"cp{version.replace('.', '')}"
    assert list(wheels.glob(f"pywin32-*-{tag}-{tag}-win_amd64.whl")), "xlwings needs pywin32 on Windows"


@pytest.mark.slow
def test_bundle_holds_the_addin_wheels_scripts_and_readme_and_a_zip_of_them(bundle_dir):
    files = sorted(p.relative_to(bundle_dir).as_posix() for p in bundle_dir.rglob("*") if p.is_file())
    assert {"greendiag.xlam", "install.cmd", "uninstall.cmd", "说明.txt"} <= set(files)
    assert [f for f in files if f.startswith("wheels/greendiag-")] and all(
        f.endswith(".whl") for f in files if f.startswith("wheels/")
    )
    assert not [f for f in files if f.startswith("wheels/") and ("linux" in f or "macosx" in f)]
    with zipfile.ZipFile(bundle_dir.parent / f"{BUNDLE_NAME}.zip") as zf:
        assert sorted(zf.namelist()) == sorted(f"{BUNDLE_NAME}/{f}" for f in files)
    [own] = [f for f in files if f.startswith("wheels/greendiag-")]
    assert (bundle_dir / "install.cmd").read_bytes() == bundle.install_script(VERSIONS, own.split("/")[1])
    assert "install.cmd" in (bundle_dir / "说明.txt").read_text(encoding="utf-8-sig")
    # nothing but the folder and the zip beside it
    assert sorted(p.name for p in bundle_dir.parent.iterdir()) == [BUNDLE_NAME, f"{BUNDLE_NAME}.zip"]


@pytest.fixture
def windows_env(monkeypatch, tmp_path):
    local, roaming = tmp_path / "Local", tmp_path / "Roaming"
    monkeypatch.setenv("LOCALAPPDATA", str(local))
    monkeypatch.setenv("APPDATA", str(roaming))
    return local, roaming


def test_windows_install_builds_the_addin_for_this_python_and_adds_send_to(windows_env, monkeypatch, capsys):
    from greendiag.addin import build

    local, roaming = windows_env
    installed = []
    monkeypatch.setattr(build, "install_addin", lambda p: installed.append(Path(p)) or "Successfully installed")
    assert windows.install() == 0
    addin = local / "greendiag" / "greendiag.xlam"
    assert installed == [addin]
    with zipfile.ZipFile(addin) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert str(Path(sys.executable).resolve()) in sheet  # Interpreter_Win: this environment's python
    entry = roaming / "Microsoft" / "Windows" / "SendTo" / SEND_TO_NAME
    assert entry.name == "绿色诊断：生成文书.cmd" and entry.read_bytes() == bundle.send_to_script()
    out = capsys.readouterr().out
    assert "绿色诊断：生成文书" in out and "不需要导入" in out


def test_windows_uninstall_removes_the_addin_and_the_send_to_entry(windows_env, monkeypatch):
    _local, roaming = windows_env
    entry = roaming / "Microsoft" / "Windows" / "SendTo" / SEND_TO_NAME
    entry.parent.mkdir(parents=True)
    entry.write_bytes(b"x")
    calls = []
    monkeypatch.setattr(windows, "_xlwings_cli", lambda *a: calls.append(a) or "Successfully removed the add-in!")
    assert windows.uninstall() == 0
    assert calls == [("addin", "remove", "-f", str(windows.home() / "greendiag.xlam"))]
    assert not entry.exists()


def test_windows_uninstall_stops_when_the_addin_cannot_be_removed(windows_env, monkeypatch, capsys):
    _local, roaming = windows_env
    entry = roaming / "Microsoft" / "Windows" / "SendTo" / SEND_TO_NAME
    entry.parent.mkdir(parents=True)
    entry.write_bytes(b"x")
    busy = "Error: Failed to remove the add-in: If Excel is running, quit Excel and try again."
    monkeypatch.setattr(windows, "_xlwings_cli", lambda *a: busy)
    assert windows.uninstall() == 1
    assert entry.exists()  # nothing else removed: uninstall.cmd stops before deleting the environment
    assert "关闭 Excel" in capsys.readouterr().err
    # an add-in already gone is not a failure
    monkeypatch.setattr(windows, "_xlwings_cli", lambda *a: "Error: Could not remove the add-in. The add-in doesn't seem to be installed.")
    assert windows.uninstall() == 0 and not entry.exists()


def test_send_to_generates_beside_a_case_workbook_and_refuses_any_other(tmp_path, monkeypatch, capsys):
    from greendiag.addin import ribbon
    from greendiag.generator.samples import sample_park
    from greendiag.workbooks import fill_case
    from tests.complete import complete

    opened = []
    monkeypatch.setattr(ribbon, "open_folder", opened.append)
    # check's errors (here: no 现场照片, 规则第十五条第3项) stop it before anything is written
    unfinished = fill_case(sample_park(), tmp_path / "未完成" / "示例园区.xlsx")
    assert windows.main(["sendto", str(unfinished)]) == 1
    assert opened == [] and not (unfinished.parent / "示例园区_文书").exists()
    assert "未生成文书" in capsys.readouterr().out

    case = fill_case(complete(sample_park(), tmp_path), tmp_path / "示例园区.xlsx")  # photos beside it
    other = tmp_path / "预算.xlsx"
    openpyxl.Workbook().save(other)
    before = other.read_bytes()
    assert windows.main(["sendto", str(case)]) == 0
    assert opened == [tmp_path / "示例园区_文书"] and any(opened[0].glob("*.docx"))
    assert windows.main(["sendto", str(other)]) == 1
    assert other.read_bytes() == before
    out = capsys.readouterr().out
    assert "已生成" in out and "不是 greendiag 生成的案例工作簿" in out


def test_cli_bundle_refuses_to_overwrite(tmp_path):
    from typer.testing import CliRunner

    from greendiag.cli import app

    (tmp_path / BUNDLE_NAME).mkdir()
    result = CliRunner().invoke(app, ["addin", "bundle", "--out", str(tmp_path)])
    assert result.exit_code == 1 and "已存在" in result.output

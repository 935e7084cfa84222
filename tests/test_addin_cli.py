"""``greendiag addin build`` / ``greendiag addin install`` (the Windows path with xlwings' installer faked)."""

from __future__ import annotations

import sys
import zipfile

from typer.testing import CliRunner

from greendiag.cli import app

runner = CliRunner()


def test_build_writes_the_addin_and_refuses_to_overwrite(tmp_path):
    result = runner.invoke(app, ["addin", "build", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    path = tmp_path / "greendiag.xlam"
    assert "已生成加载项" in result.output and zipfile.is_zipfile(path)
    before = path.read_bytes()

    again = runner.invoke(app, ["addin", "build", "--out", str(tmp_path)])
    assert again.exit_code == 1
    assert "已存在" in again.output and "--force" in again.output
    assert "Traceback" not in again.output

    forced = runner.invoke(app, ["addin", "build", "--out", str(tmp_path), "--force"])
    assert forced.exit_code == 0, forced.output
    with zipfile.ZipFile(path) as zf, zipfile.ZipFile(__import__("io").BytesIO(before)) as old:
        assert zf.read("xl/vbaProject.bin") == old.read("xl/vbaProject.bin")


def test_install_elsewhere_than_windows_says_what_it_would_do_and_fails(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    result = runner.invoke(app, ["addin", "install"])
    assert result.exit_code == 1
    out = result.output
    assert "Windows" in out and "xlwings addin install -f" in out and "XLSTART" in out


def test_install_on_windows_builds_then_calls_xlwings_and_explains_importing(monkeypatch):
    import greendiag.addin.build as build

    seen = {}

    def fake_install(path):
        seen["path"] = path
        with zipfile.ZipFile(path) as zf:  # the add-in exists and is built when xlwings copies it
            seen["ui"] = zf.read("customUI/customUI.xml").decode("utf-8")
        return "Successfully installed the xlwings add-in!"

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(build, "install_addin", fake_install)
    result = runner.invoke(app, ["addin", "install"])
    assert result.exit_code == 0, result.output
    assert seen["path"].name == "greendiag.xlam" and "生成文书" in seen["ui"]
    assert not seen["path"].exists()  # built in a temporary folder, removed after xlwings copied it
    assert "Successfully installed" in result.output
    assert "不需要导入" in result.output and "ImportPythonUDFsToAddin" not in result.output
    assert "信任对 VBA 工程对象模型的访问" not in result.output


def test_install_reports_xlwings_failure_in_chinese(monkeypatch):
    import greendiag.addin.build as build

    def failing(path):
        raise RuntimeError("xlwings 未能安装加载项：Error: Failed to install the add-in（若 Excel 正在运行，请先关闭 Excel 后重试）")

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(build, "install_addin", failing)
    result = runner.invoke(app, ["addin", "install"])
    assert result.exit_code == 1
    assert "未能安装" in result.output and "Traceback" not in result.output


def test_install_addin_reports_the_real_xlwings_cli_failure_without_its_traceback(tmp_path, monkeypatch):
    """On Linux the real ``xlwings addin install -f`` cannot reach Excel: the error is one Chinese line."""
    import pytest

    from greendiag.addin.build import build_addin, install_addin

    if sys.platform.startswith("win") or sys.platform == "darwin":
        pytest.skip("would really install the add-in")
    monkeypatch.setenv("HOME", str(tmp_path))
    path = build_addin(tmp_path / "dist")
    with pytest.raises(RuntimeError) as exc:
        install_addin(path)
    message = str(exc.value)
    assert message.startswith("xlwings 未能安装加载项：") and "Traceback" not in message
    assert "Windows" in message  # xlwings' own reason: interactive mode needs Windows or macOS

"""The installed distribution is one import package, ``greendiag`` (issue 9), and its layers hold.

One wheel is built per test session (``pip wheel --no-deps --no-build-isolation``: no package index).  Its file list must
hold nothing at the top level but ``greendiag/`` and its ``.dist-info``; unpacked, it is the
installed layout on which import-linter's contracts (pyproject.toml) are checked, and a probe
module in ``greendiag/rules`` importing ``greendiag.generator`` must break them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def wheel(greendiag_wheel) -> Path:
    """The session's wheel (tests/conftest.py: built once, without an isolated build environment)."""
    return greendiag_wheel


@pytest.fixture
def site(wheel, tmp_path) -> Path:
    """The wheel unpacked: the files an install puts into site-packages."""
    with zipfile.ZipFile(wheel) as z:
        z.extractall(tmp_path / "site")
    return tmp_path / "site"


def _lint_imports(site: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe, "lint-imports is not installed (pip install -e '.[test]')"
    return subprocess.run(
        [exe, "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=site, env={**os.environ, "PYTHONPATH": str(site)}, capture_output=True, text=True,
    )


def test_wheel_top_level_is_only_greendiag(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/", 1)[0] for n in names}
    assert {t for t in top if not t.endswith(".dist-info")} == {"greendiag"}
    for sub in ("rules", "workbooks", "forms", "generator", "addin"):
        assert f"greendiag/{sub}/__init__.py" in names
    assert "greendiag/rules/params/indicators.toml" in names  # package data travels too
    dist_info = next(t for t in top if t.endswith(".dist-info"))
    assert "greendiag.cli:app" in zipfile.ZipFile(wheel).read(f"{dist_info}/entry_points.txt").decode()


def test_installed_layout_imports_greendiag_rules_but_no_top_level_rules(site):
    code = (
        "import importlib.util as u, greendiag.rules, greendiag.addin.udfs;"
        f"assert greendiag.rules.__file__.startswith({str(site)!r});"
        "assert all(u.find_spec(n) is None for n in ('rules', 'forms', 'addin', 'workbooks', 'generator'))"
    )
    done = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {code}"],
                          cwd=site, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_layer_contracts_hold(site):
    done = _lint_imports(site)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_rules_importing_generator_breaks_the_contract(site):
    (site / "greendiag" / "rules" / "_layer_probe.py").write_text(
        "from greendiag.generator import pipeline  # a rule must never reach up to a face\n", encoding="utf-8"
    )
    done = _lint_imports(site)
    assert done.returncode != 0
    assert "greendiag.rules is not allowed to import greendiag.generator.pipeline" in done.stdout
    assert "greendiag.rules._layer_probe -> greendiag.generator.pipeline" in done.stdout

"""Shared fixtures and the test markers (pyproject.toml ``[tool.pytest.ini_options] markers``).

Markers, applied here by the fixtures a test uses (so a new test cannot forget them) or by the
test module:

* ``libreoffice`` — uses the ``soffice`` fixture: skipped outside CI where LibreOffice is absent,
  failed in CI;
* ``window`` — a real LibreOffice window under Xvfb driven by xdotool (``tests/window.py``);
* ``network`` — may need the package index (PyPI): wheels come from :func:`wheelhouse` when an
  earlier run cached them, else from the index; skipped with the reason outside CI when it is
  unreachable (:func:`skip_offline`), failed in CI;
* ``slow`` — more than about ten seconds on a 2-core machine.

``python -m pytest`` runs all of them (README, ``.ci/run``); while iterating, for instance
``python -m pytest -m "not slow and not window and not network"``.
"""

from __future__ import annotations

import functools
import gc
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from greendiag.generator import office
from greendiag.generator.office import find_soffice
from tests.registry_db import registry_target  # noqa: F401  (the registry on SQLite and PostgreSQL)
from tests.window import Display, has_window_build, missing_tools

ROOT = Path(__file__).resolve().parent.parent
BY_FIXTURE = {"soffice": "libreoffice", "display": "window", "bundle_dir": "network"}
"""A test using the fixture gets the marker (test_workbook_window's ``display``, test_addin_bundle's wheels)."""

INDEX_URL = "https://pypi.org/simple"

if os.environ.get("PYTEST_XDIST_WORKER"):
    # A pytest-xdist worker starts with COLUMNS=80 and LINES=24 in its environment; rich fixes a console's
    # width from them when it is made (greendiag/cli.py's, at import), so a test's CliRunner(env={"COLUMNS":
    # …}) would no longer widen it.  The worker's own terminal output is not shown: run as one process does.
    for _name in ("COLUMNS", "LINES"):
        os.environ.pop(_name, None)


def in_ci() -> bool:
    return bool(os.environ.get("CI"))


@functools.cache
def index_unreachable() -> str:
    """Why the package index cannot be reached (``""`` when it can); ``PIP_INDEX_URL`` if set, else PyPI."""
    url = (os.environ.get("PIP_INDEX_URL") or INDEX_URL).rstrip("/")
    try:
        with urllib.request.urlopen(url + "/pip/", timeout=5):
            return ""
    except OSError as exc:
        return f"the package index {url} is unreachable ({exc})"


HEAVY = ("slow", "libreoffice", "window")
"""Markers of a module whose tests run first (:func:`pytest_collection_modifyitems`)."""


GC_THRESHOLDS = (10_000, 10, 10)
"""The cyclic garbage collector's thresholds for a test process (Python's defaults: 700, 10, 10)."""


def pytest_collection_finish(session) -> None:
    """Fewer passes of the cyclic garbage collector, and none over what is loaded before the tests.

    openpyxl's workbooks are cycles of many small objects (cell → sheet → cells) and a test makes
    hundreds of thousands of them: with the defaults, a pass starts every 700 allocations and every
    hundredth walks every object of the process (the imported modules, pytest's and hypothesis' state).
    ``gc.freeze`` keeps what exists after collection out of every pass; the larger first threshold
    makes passes rarer.  Cycles are still collected; no test depends on when.  About a tenth of the
    CPU of a test that builds and reads workbooks, for about 20 MB more memory per process."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def pytest_collection_modifyitems(config, items) -> None:
    """Markers by fixture (:data:`BY_FIXTURE`); then the modules holding a slow, LibreOffice or window
    test first, the others after, each in its own order.  pytest-xdist (pyproject: ``-n``, ``--dist
    loadfile --no-loadscope-reorder``) hands whole modules to its workers in this order, so the long
    ones start at once and the short ones fill in: the workers end together."""
    for item in items:
        for fixture, marker in BY_FIXTURE.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(marker)
    heavy = {item.path for item in items if any(item.get_closest_marker(m) for m in HEAVY)}
    items.sort(key=lambda item: item.path not in heavy)  # stable: the order within each group is kept


SAME_WORKER = {
    "tests/test_addin_build.py": "antlr4-vba",
    "tests/test_addin_functions.py": "antlr4-vba",
    "tests/test_addin_udfs_vba.py": "antlr4-vba",
}
"""Modules pytest-xdist hands to one worker together (:func:`pytest_xdist_make_scheduler`): the
antlr4 VBA grammar's first parse in a process costs about 10 s of CPU (its prediction tables are
built then and kept for the process), the later ones a tenth of that."""


@pytest.hookimpl(optionalhook=True)  # a pytest-xdist hook: no error where xdist is not loaded
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile`` as pytest-xdist does it, except that the modules of :data:`SAME_WORKER`
    are one unit of work.  Other modes: pytest-xdist's own scheduler."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class Scheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            scope = super()._split_scope(nodeid)
            return SAME_WORKER.get(scope, scope)

    return Scheduling(config, log)


def skip_offline(what: str) -> None:
    """Skip (outside CI) or fail (in CI) a test that needs the package index for ``what``, when unreachable."""
    reason = index_unreachable()
    if reason:
        if in_ci():
            pytest.fail(f"{what}: {reason}")
        pytest.skip(f"{what} needs the network: {reason} (CI runs it)")


@contextmanager
def run_wide(tmp_path_factory, name: str) -> Iterator[Path]:
    """A folder ``name`` shared by every process of this test run, held under a lock while in use.

    With pytest-xdist (``-n``) each worker runs the session fixtures itself; one that builds into
    the checkout (``pip wheel`` writes ``build/`` there) or that is worth doing once takes its
    result from here: the first worker does the work, the others wait for the lock and find it
    done.  Without xdist it is a folder of the session's own.
    """
    import fcntl

    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above each worker's own
    folder = base / f"run-wide-{name}"
    folder.mkdir(exist_ok=True)
    with open(base / f"run-wide-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield folder
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def greendiag_wheel(tmp_path_factory) -> Path:
    """greendiag's wheel, built once per test run from this checkout without an isolated build
    environment (setuptools comes from the test extras: no package index needed)."""
    with run_wide(tmp_path_factory, "wheel") as out:
        built = list(out.glob("greendiag-*.whl"))
        if not built:
            done = subprocess.run(
                [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT)],
                capture_output=True, text=True,
            )
            if done.returncode != 0:
                pytest.fail(f"pip wheel failed:\n{done.stderr[-3000:]}")
            built = list(out.glob("greendiag-*.whl"))
    (whl,) = built
    return whl


@pytest.fixture(scope="session")
def wheelhouse() -> Path:
    """A folder of downloaded wheels kept between sessions (``$GREENDIAG_WHEELHOUSE``, default
    ``~/.cache/greendiag/wheelhouse``): tests that need wheels from the index try it offline first."""
    folder = Path(os.environ.get("GREENDIAG_WHEELHOUSE") or Path.home() / ".cache" / "greendiag" / "wheelhouse")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def soffice() -> Iterator[str]:
    """Path of LibreOffice; skips the test outside CI where it is not installed, fails in CI.

    For the whole session every ``recalculate`` / ``to_pdf`` call goes to one running LibreOffice
    per mode (``greendiag.generator.office.session``: started on first use, stopped at the end).
    """
    path = find_soffice()
    if path is None:
        if in_ci():
            pytest.fail("CI 必须安装 LibreOffice（libreoffice-calc libreoffice-writer）")
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc libreoffice-writer (or the -nogui builds)")
    with office.session():
        yield path


@pytest.fixture(scope="session")
def display() -> Iterator[Display]:
    """One virtual X display (Xvfb) for the session's real-window tests (``tests/window.py``),
    stopped at the end (and by the kernel if the test process dies); skips outside CI where
    Xvfb, xdotool, xprop or a LibreOffice with windows is missing, fails in CI."""
    missing = missing_tools()
    if not missing and not has_window_build():
        missing = ["libreoffice-calc (installed build has no window plug-in: -nogui)"]
    if missing:
        reason = f"real-window test needs {', '.join(missing)} (apt-get install libreoffice-calc xvfb xdotool x11-utils)"
        if in_ci():
            pytest.fail("CI 必须能打开 LibreOffice 窗口：" + reason)
        pytest.skip(reason)
    with Display() as d:
        yield d


class SampleWorkbooks:
    """Case workbooks shared by a session: each built once, on first use, into one folder.

    ``park``, ``enterprise_large``, ``enterprise_small``: the samples of ``greendiag.generator.samples``
    typed in by ``fill_case``; ``park_blank``, ``enterprise_blank``: ``build_template``.  Read-only:
    a test that edits a workbook saves its edit elsewhere (``openpyxl.load_workbook(path)`` …
    ``wb.save(tmp_path / …)``).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._paths: dict[str, Path] = {}

    def __getitem__(self, key: str) -> Path:
        if key not in self._paths:
            from greendiag.generator import samples
            from greendiag.workbooks import build_template, fill_case

            path = self.folder / f"{key}.xlsx"
            if key.endswith("_blank"):
                build_template(key.removesuffix("_blank"), path)
            else:
                fill_case(getattr(samples, f"sample_{key}")(), path)
            self._paths[key] = path
        return self._paths[key]

    def bases(self) -> dict:
        """The filled samples the edit corpus starts from (``tests.corpus.edits``), by case kind."""
        from greendiag.rules.models import CaseKind

        return {CaseKind.PARK: self["park"], CaseKind.ENTERPRISE: self["enterprise_large"]}

    def copy(self, key: str, dest: Path) -> Path:
        """A copy of workbook ``key`` at ``dest`` (returned) for a test to edit or to pass where a file is written beside it."""
        import shutil

        dest.parent.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copyfile(self[key], dest))


@pytest.fixture(scope="session")
def sample_workbooks(tmp_path_factory) -> SampleWorkbooks:
    """:class:`SampleWorkbooks` of the session (read-only)."""
    return SampleWorkbooks(tmp_path_factory.mktemp("samples"))

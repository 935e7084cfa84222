"""Shared fixtures.  LibreOffice tests skip outside CI where soffice is absent; in CI they must run."""

from __future__ import annotations

import os

import pytest

from greendiag.generator.office import find_soffice
from tests.registry_db import registry_target  # noqa: F401  (the registry on SQLite and PostgreSQL)


@pytest.fixture(scope="session")
def soffice() -> str:
    """Path of LibreOffice; skips the test outside CI where it is not installed, fails in CI."""
    path = find_soffice()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("CI 必须安装 LibreOffice（libreoffice-calc libreoffice-writer）")
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc libreoffice-writer (or the -nogui builds)")
    return path

"""greendiag.files: atomic outputs with ordinary permissions."""

from __future__ import annotations

import os
import stat

import pytest

from greendiag.files import atomic_path, write_bytes_atomic


def test_failed_replace_leaves_previous_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "x.docx"
    target.write_bytes(b"previous")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["x.docx"]


def test_exception_inside_block_removes_temp_and_keeps_target_absent(tmp_path):
    target = tmp_path / "sub" / "ledger.xlsx"
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("boom")
    assert not target.exists()
    assert list((tmp_path / "sub").iterdir()) == []


def test_new_file_gets_umask_permissions_not_0600(tmp_path):
    old = os.umask(0o022)
    try:
        import importlib

        import greendiag.files as files

        importlib.reload(files)
        path = files.write_bytes_atomic(tmp_path / "a.docx", b"data")
    finally:
        os.umask(old)
        importlib.reload(files)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert path.read_bytes() == b"data"

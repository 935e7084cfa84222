"""Workbooks a test opens again and again (the session's samples), parsed once per process."""

from __future__ import annotations

import pickle
from pathlib import Path

import openpyxl

_OPENED: dict[tuple, bytes] = {}


def open_workbook(path: Path):
    """``openpyxl.load_workbook(path)`` for a test to edit, made faster for a file opened again and again
    (the session's samples): parsed once per process, then each call a copy of that parse (pickled;
    about a tenth of a parse).  Keyed by the file's path, size and modification time.  The copy saves as
    the parse would, but for the order of merged ranges (a set in openpyxl)."""
    stat = Path(path).stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _OPENED:
        _OPENED[key] = pickle.dumps(openpyxl.load_workbook(path), protocol=pickle.HIGHEST_PROTOCOL)
    return pickle.loads(_OPENED[key])

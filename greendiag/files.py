"""Atomic output files: every file greendiag writes goes through here.

A file is written to a temporary name in its target folder and moved onto the target with
``os.replace`` only once complete, so a crash or a full disk never leaves a half-written
workbook or document behind.  The result gets the usual permissions for a new file (0666
less the umask), not the 0600 of ``tempfile.mkstemp``: colleagues on a shared drive can read it.
Callers decide beforehand whether an existing target may be replaced.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _new_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_MODE = _new_file_mode()


@contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; when the block succeeds, move it onto ``target``.

    The folder is created if needed.  On any exception the temporary file is removed and
    ``target`` is left as it was.  Raises ``OSError`` when the folder cannot be written.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".~greendiag-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, _MODE)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes_atomic(target: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically (see :func:`atomic_path`); returns ``target``."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


MAX_NAME_BYTES = 255
"""Longest file name: 255 UTF-8 bytes (ext4, APFS, most Linux file systems) and 255 UTF-16 code
units (NTFS, exFAT); a character outside the BMP takes 4 bytes / 2 units."""


def fit_name(text: str, max_bytes: int = MAX_NAME_BYTES) -> str:
    """``text`` cut at a character boundary so that it takes at most ``max_bytes`` bytes in UTF-8
    and at most ``max_bytes`` code units in UTF-16 (the file-name limits of Linux/macOS and
    Windows).  Counts bytes, not characters: 60 rare 4-byte characters are 240 bytes."""
    out, nbytes, units = [], 0, 0
    for ch in text:
        b = len(ch.encode("utf-8", "surrogatepass"))
        u = 2 if ord(ch) > 0xFFFF else 1
        if nbytes + b > max_bytes or units + u > max_bytes:
            break
        out.append(ch)
        nbytes += b
        units += u
    return "".join(out)


def safe_filename(part: str, max_bytes: int = MAX_NAME_BYTES, fallback: str = "_") -> str:
    """One path component from a name found on disk: no separators, no ``.``/``..``, fitted by bytes."""
    part = part.replace("/", "_").replace("\\", "_").replace("\x00", "")
    if part in ("", ".", ".."):
        return fallback
    return fit_name(part, max_bytes) or fallback

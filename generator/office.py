"""LibreOffice (soffice) headless: recalculate workbooks and convert documents to PDF.

Each call runs in a fresh user profile so that parallel calls do not collide and so that
``OOXMLRecalcMode`` can be forced to "always": without it LibreOffice keeps the stale cached
values openpyxl wrote (none) instead of computing the formulas.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

_RECALC_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


class OfficeUnavailable(RuntimeError):
    """LibreOffice is not installed (no ``soffice`` / ``libreoffice`` on PATH)."""


def find_soffice() -> str | None:
    """Path of the LibreOffice executable, or ``None`` where it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in (
        r"C:\Program Files\LibreOffice\program\soffice.exe",
        "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    ):
        if os.path.exists(candidate):
            return candidate
    return None


def convert(
    files: Iterable[Path | str],
    out_dir: Path | str,
    fmt: str,
    *,
    recalculate: bool = False,
    timeout: float = 600,
) -> list[Path]:
    """Convert ``files`` with one LibreOffice run into ``out_dir``; returns the output paths.

    ``fmt`` is a LibreOffice filter spec such as ``"pdf"`` or ``"xlsx"``.  With
    ``recalculate`` every formula is recomputed on load (fresh profile, OOXMLRecalcMode=0).
    Several files in one call share one LibreOffice start-up, which is what makes
    recalculating hundreds of workbooks in a test affordable.

    Raises :class:`OfficeUnavailable` without LibreOffice, ``RuntimeError`` with LibreOffice's
    output when a file was not converted, ``subprocess.TimeoutExpired`` past ``timeout`` s.
    """
    soffice = find_soffice()
    if soffice is None:
        raise OfficeUnavailable("未找到 LibreOffice（soffice）：请安装 LibreOffice 后再转换 PDF 或重算公式")
    files = [Path(f).resolve() for f in files]
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    if not files:
        return []
    ext = fmt.split(":", 1)[0]
    with tempfile.TemporaryDirectory(prefix="greendiag-lo-") as profile:
        if recalculate:
            user = Path(profile, "user")
            user.mkdir(parents=True)
            (user / "registrymodifications.xcu").write_text(_RECALC_XCU, encoding="utf-8")
        cmd = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            fmt,
            "--outdir",
            str(out_dir),
            *map(str, files),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    outputs = [out_dir / (f.stem + "." + ext) for f in files]
    missing = [o for o in outputs if not o.exists()]
    if missing:
        raise RuntimeError(
            f"LibreOffice 未能转换 {', '.join(m.name for m in missing)}：{proc.stdout}{proc.stderr}"
        )
    return outputs


def recalculate(files: Iterable[Path | str], out_dir: Path | str, *, timeout: float = 600) -> list[Path]:
    """Recalculate .xlsx workbooks in LibreOffice and save them as .xlsx into ``out_dir``.

    The inputs are not modified.  Same errors as :func:`convert`.
    """
    return convert(files, out_dir, "xlsx:Calc MS Excel 2007 XML", recalculate=True, timeout=timeout)


def to_pdf(files: Iterable[Path | str], out_dir: Path | str, *, timeout: float = 600) -> list[Path]:
    """Convert .docx/.xlsx files to PDF into ``out_dir``.  Same errors as :func:`convert`."""
    return convert(files, out_dir, "pdf", timeout=timeout)

"""LibreOffice (soffice) headless: recalculate workbooks and convert documents to PDF.

Each call runs in a fresh user profile so that parallel calls do not collide and so that
``OOXMLRecalcMode`` can be forced to "always": without it LibreOffice keeps the stale cached
values openpyxl wrote (none) instead of computing the formulas.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

_RECALC_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


FONT_ALIASES: dict[str, tuple[str, ...]] = {
    "仿宋": ("Noto Serif CJK SC",),
    "宋体": ("Noto Serif CJK SC",),
    "黑体": ("Noto Sans CJK SC",),
    "楷体": ("AR PL UKai CN",),
}
"""The Windows Chinese fonts the forms use (``forms.layout``) → open fonts of the same style used in
PDFs where the Windows font is not installed (Linux).  Debian has no simplified-Chinese 仿宋: cwTeX
仿宋 (fonts-cwtex-fs) lacks most simplified characters (绿、诊、断 …), so 仿宋 prints in the Song
(明朝/serif) face, 楷体 in AR PL UKai CN (fonts-arphic-ukai).  An installed Windows font still wins."""

_OTHER_NAMES = {"仿宋": ("FangSong", "仿宋_GB2312", "FangSong_GB2312"), "宋体": ("SimSun", "NSimSun", "新宋体"),
                "黑体": ("SimHei",), "楷体": ("KaiTi", "楷体_GB2312", "KaiTi_GB2312")}


def fontconfig_file(folder: Path) -> Path:
    """Write a fontconfig file into ``folder`` that loads the system configuration and adds
    :data:`FONT_ALIASES` (``accept``, strong binding: used only when the named font is missing)."""
    system = Path("/etc/fonts/fonts.conf")
    parts = ['<?xml version="1.0"?>', '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">', "<fontconfig>"]
    if system.exists():
        parts.append(f"  <include ignore_missing=\"yes\">{system}</include>")
    for name, targets in FONT_ALIASES.items():
        for family in (name, *_OTHER_NAMES.get(name, ())):
            accept = "".join(f"<family>{t}</family>" for t in targets)
            parts.append(f'  <alias binding="strong"><family>{family}</family><accept>{accept}</accept></alias>')
    parts.append("</fontconfig>")
    path = folder / "fonts.conf"
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path


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
        env = None
        if fmt.startswith("pdf") and os.name == "posix" and sys.platform != "darwin":
            env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file(Path(profile)))}
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
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

"""LibreOffice (soffice) headless: recalculate workbooks and convert documents to PDF.

Each call runs in a fresh user profile so that parallel calls do not collide and so that
``OOXMLRecalcMode`` can be forced to "always": without it LibreOffice keeps the stale cached
values openpyxl wrote (none) instead of computing the formulas.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
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
    running = _running(soffice, recalculate) if _SESSIONS is not None else None
    with tempfile.TemporaryDirectory(prefix="greendiag-lo-") as profile:
        if running is None and recalculate:
            _recalc_profile(Path(profile))
        cmd = [
            soffice,
            f"-env:UserInstallation={running.profile_url if running else Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            fmt,
            "--outdir",
            str(out_dir),
            *map(str, files),
        ]
        # the aliases also for a client handed to a running office: should the hand-over fail, the
        # client converts by itself and must print with the same fonts
        env = _font_env(Path(profile)) if fmt.startswith("pdf") else None
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    outputs = [out_dir / (f.stem + "." + ext) for f in files]
    missing = [o for o in outputs if not o.exists()]
    if missing:
        said = proc.stdout + proc.stderr + (running.log_tail() if running else "")
        raise RuntimeError(f"LibreOffice 未能转换 {', '.join(m.name for m in missing)}：{said}")
    return outputs


def _recalc_profile(folder: Path) -> None:
    """A user profile in ``folder`` that recalculates every formula on load (OOXMLRecalcMode=0)."""
    user = folder / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(_RECALC_XCU, encoding="utf-8")


def _font_env(folder: Path) -> dict[str, str] | None:
    """The environment for printing to PDF: :func:`fontconfig_file`'s aliases (Linux only)."""
    if os.name == "posix" and sys.platform != "darwin":
        return {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file(folder))}
    return None


# ---------------------------------------------------------------- one LibreOffice for many calls

_KEEP_OPEN = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"
 office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text><text:p/></office:text></office:body></office:document>
"""

_SESSIONS: dict[bool, _Running | None] | None = None
"""Inside :func:`session`: the running LibreOffice per ``recalculate`` mode (started on first use;
``None``: it failed to start, calls of that mode each start their own)."""


class _Running:
    """A headless LibreOffice with its own profile, kept alive by a hidden empty document.

    ``soffice --convert-to`` with the same ``UserInstallation`` hands its files to this process
    through LibreOffice's single-instance pipe (``/tmp/OSL_PIPE_<uid>_SingleOfficeIPC_<md5 of the
    profile URL>``) and waits for them, instead of starting an office of its own; without an open
    document the office would quit after the first conversion.  PDF conversions use
    :func:`fontconfig_file`'s aliases (set when the office starts), recalculations the
    recalculating profile: one office per mode.
    """

    def __init__(self, soffice: str, recalculate: bool, start_timeout: float = 30) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="greendiag-lo-session-"))
        profile = self.folder / "profile"
        if recalculate:
            _recalc_profile(profile)
        self.profile_url = profile.as_uri()
        keep = self.folder / "keep-open.fodt"
        keep.write_text(_KEEP_OPEN, encoding="utf-8")
        self.log = self.folder / "soffice.log"
        # LibreOffice writes each byte of the MD5 in hex without its leading zero (desktop/source/app/officeipcthread.cxx)
        digest = "".join(format(b, "x") for b in hashlib.md5(self.profile_url.encode("utf-16-le")).digest())
        pipe = Path("/tmp", f"OSL_PIPE_{os.getuid()}_SingleOfficeIPC_{digest}")  # sal/osl/unx/pipe.cxx
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [soffice, f"-env:UserInstallation={self.profile_url}", "--headless", "--norestore", "--nolockcheck",
                 "--nologo", str(keep)],
                stdout=log, stderr=subprocess.STDOUT, env=_font_env(self.folder), start_new_session=True,
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
            )
        deadline = time.monotonic() + start_timeout
        while not self._accepts(pipe):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"LibreOffice 未能启动（{self.log_tail()}）")
            time.sleep(0.1)

    def _accepts(self, pipe: Path) -> bool:
        """Whether the office takes conversions yet: its pipe exists and it has opened the keep-open
        document (LibreOffice's lock file ``.~lock.<name>#`` beside it).  The pipe appears before the
        office listens; a client that cannot hand its files over converts them itself (printing
        "convert … ->") outside this office's settings, and would become the office for the next."""
        return pipe.exists() and (self.folder / ".~lock.keep-open.fodt#").exists()

    def alive(self) -> bool:
        return self.proc.poll() is None

    def log_tail(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-2000:]
        except OSError:
            return ""

    def stop(self) -> None:
        """End the office (its whole process group) and remove its profile."""
        for sig, grace in ((signal.SIGTERM, 20), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.proc.wait(grace)
                break
            except subprocess.TimeoutExpired:
                continue
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # soffice.bin left behind by its launcher
        except ProcessLookupError:
            pass
        shutil.rmtree(self.folder, ignore_errors=True)


def _die_with_parent() -> None:
    """In the office's launcher before exec (Linux): the kernel ends it when the Python process that
    started it ends, however that ends (a killed test run leaves no office behind: soffice.bin goes
    with its launcher)."""
    import ctypes

    ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _running(soffice: str, recalculate: bool) -> _Running | None:
    assert _SESSIONS is not None
    if recalculate in _SESSIONS and _SESSIONS[recalculate] is None:
        return None  # it failed to start once: one office per call for the rest of the session
    office = _SESSIONS.get(recalculate)
    if office is not None and not office.alive():
        office.stop()
        office = None
    if office is None:
        try:
            office = _Running(soffice, recalculate)
        except RuntimeError as exc:  # each call starts its own office, as outside a session
            warnings.warn(f"LibreOffice kept running failed to start, one per call instead: {exc}", stacklevel=3)
            _SESSIONS[recalculate] = None
            return None
        _SESSIONS[recalculate] = office
    return office


@contextmanager
def session() -> Iterator[None]:
    """Inside ``with session():`` every :func:`convert` (``recalculate``, ``to_pdf``) goes to one
    LibreOffice kept running (one per mode, started on first use) instead of starting one per call
    (a start costs seconds; tests convert a dozen times).  On exit every office it started is
    stopped.  POSIX only (elsewhere a no-op); not re-entrant across threads.
    """
    global _SESSIONS
    if _SESSIONS is not None or os.name != "posix":
        yield
        return
    _SESSIONS = {}
    try:
        yield
    finally:
        offices, _SESSIONS = _SESSIONS, None
        for office in offices.values():
            if office is not None:
                office.stop()


def recalculate(files: Iterable[Path | str], out_dir: Path | str, *, timeout: float = 600) -> list[Path]:
    """Recalculate .xlsx workbooks in LibreOffice and save them as .xlsx into ``out_dir``.

    The inputs are not modified.  Same errors as :func:`convert`.
    """
    return convert(files, out_dir, "xlsx:Calc MS Excel 2007 XML", recalculate=True, timeout=timeout)


def to_pdf(files: Iterable[Path | str], out_dir: Path | str, *, timeout: float = 600) -> list[Path]:
    """Convert .docx/.xlsx files to PDF into ``out_dir``.  Same errors as :func:`convert`."""
    return convert(files, out_dir, "pdf", timeout=timeout)

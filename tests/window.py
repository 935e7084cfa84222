"""A person at a LibreOffice Calc window, under a virtual X display (Xvfb), driven by xdotool.

Used by ``tests/test_workbook_window.py``.  Everything goes through the keyboard as a person types
it: the Name Box (Ctrl+Shift+F5) to reach a cell, the characters of the entry, Enter; Ctrl+S and
Enter on the "keep current format" question to save as .xlsx.  Dialogs that pop up (data
validation stop messages, the format question) are found as top-level windows other than the
document window; their titles are read with ``xprop`` (LibreOffice writes them as COMPOUND_TEXT,
which ``xdotool getwindowname`` does not decode), a screenshot of the screen is taken, and they are
answered with Enter.  Screenshots use Pillow's X grabber (``ImageGrab.grab(xdisplay=…)``).

Needs (Debian): ``libreoffice-calc`` (the ``-nogui`` build opens no windows), ``xvfb``, ``xdotool``,
``x11-utils`` (xprop).  :func:`missing_tools` says which are absent.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import select
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

TOOLS = ("Xvfb", "xdotool", "xprop", "soffice")
SCREEN = (1600, 1000)


def _die_with_parent() -> None:
    """In the child before exec: the kernel sends SIGTERM when the test process ends, however it
    ends (a killed or timed-out pytest no longer leaves Xvfb or LibreOffice running)."""
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def stop(proc: subprocess.Popen | None, *, group: bool = False, wait: float = 10) -> None:
    """Stop a process this module started (with ``group``, its whole process group): SIGTERM,
    SIGKILL after ``wait`` s; always reaped."""
    if proc is None:
        return
    send = (lambda sig: os.killpg(proc.pid, sig)) if group else (lambda sig: os.kill(proc.pid, sig))
    for sig, grace in ((signal.SIGTERM, wait), (signal.SIGKILL, 5)):
        if proc.poll() is not None:
            break
        try:
            send(sig)
            proc.wait(grace)
            break
        except ProcessLookupError:
            break
        except subprocess.TimeoutExpired:
            continue
    if group:  # members the leader left behind (soffice.bin after its launcher)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def missing_tools() -> list[str]:
    return [t for t in TOOLS if shutil.which(t) is None]


def has_window_build() -> bool:
    """True where LibreOffice can open windows (the ``-nogui`` build lacks the VCL X11 plug-in)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return False
    program = Path(os.path.realpath(soffice)).parent
    return any(program.glob("libvclplug_gen*.so")) or any(program.glob("libvclplug_gtk3*.so"))


class Display:
    """An Xvfb server on a free display number; ``with Display() as d: d.env`` has ``DISPLAY``."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self.name = ""
        self._keys: dict[str, int] = {}

    def __enter__(self) -> Display:
        """Xvfb picks the display number itself (``-displayfd``: the first free one from 1 up, taken
        under its lock file), so test processes running side by side (pytest-xdist) never race for one."""
        read, write = os.pipe()
        try:
            proc = subprocess.Popen(
                ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24", "-nolisten", "tcp"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(write,), preexec_fn=_die_with_parent,
            )
            os.close(write)
            write = -1
            said, deadline = b"", time.monotonic() + 30
            while not said.endswith(b"\n"):  # written once the server accepts connections
                if not select.select([read], [], [], max(0.0, deadline - time.monotonic()))[0]:
                    break
                chunk = os.read(read, 16)
                if not chunk:
                    break
                said += chunk
        finally:
            os.close(read)
            if write >= 0:
                os.close(write)
        if proc.poll() is not None or not said.strip().isdigit():
            stop(proc, wait=2)
            raise RuntimeError(f"Xvfb did not start (exit code {proc.returncode})")
        self.proc, self.name = proc, f":{said.strip().decode()}"
        return self

    def map_keys(self, text: str) -> bool:
        """Give every non-ASCII character of ``text`` a key of its own (unused keycodes), once.

        ``xdotool type`` otherwise remaps one spare key per character, and LibreOffice drops
        characters typed before it has reread the keyboard map; a person's input method commits
        the whole word at once.  Returns True when new keys were mapped (the caller lets the
        application catch up).  Uses Xlib's ``XChangeKeyboardMapping`` through ctypes.
        """
        new = sorted({ch for ch in text if ord(ch) >= 128} - set(self._keys))
        if not new:
            return False
        x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XGetKeyboardMapping.restype = ctypes.POINTER(ctypes.c_ulong)
        dpy = x11.XOpenDisplay(self.name.encode())
        if not dpy:
            raise RuntimeError(f"cannot open X display {self.name}")
        try:
            lo, hi = ctypes.c_int(), ctypes.c_int()
            x11.XDisplayKeycodes(ctypes.c_void_p(dpy), ctypes.byref(lo), ctypes.byref(hi))
            per = ctypes.c_int()
            n = hi.value - lo.value + 1
            syms = x11.XGetKeyboardMapping(ctypes.c_void_p(dpy), ctypes.c_ubyte(lo.value), n, ctypes.byref(per))
            # keys of multimedia keysyms (XF86…) nobody presses here, then unmapped ones (one stays
            # unmapped for xdotool's own scratch key); characters not in ``text`` give theirs back
            spare = [lo.value + i for i in range(n) if 0x1008FF00 <= syms[i * per.value] <= 0x1008FFFF]
            spare += [lo.value + i for i in range(n) if all(syms[i * per.value + j] == 0 for j in range(per.value))][1:]
            x11.XFree(syms)
            taken = set(self._keys.values())
            free = [c for c in spare if c not in taken]
            for ch in [c for c in list(self._keys) if c not in text]:
                if len(free) >= len(new):
                    break
                free.append(self._keys.pop(ch))
            if len(free) < len(new):
                raise RuntimeError(f"no free keycodes left for typing {len(new)} characters")
            for ch, code in zip(new, free):
                keysym = 0x01000000 | ord(ch)
                arr = (ctypes.c_ulong * 2)(keysym, keysym)
                x11.XChangeKeyboardMapping(ctypes.c_void_p(dpy), code, 2, arr, 1)
                self._keys[ch] = code
            x11.XSync(ctypes.c_void_p(dpy), 0)
        finally:
            x11.XCloseDisplay(ctypes.c_void_p(dpy))
        return True

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "DISPLAY": self.name, "SAL_USE_VCLPLUGIN": "gen"}

    def __exit__(self, *exc) -> None:
        stop(self.proc)
        self.proc = None


@dataclass
class Dialog:
    """A dialog that appeared after an action: its title, its text is in the screenshot."""

    title: str
    screenshot: Path | None


@dataclass
class Calc:
    """LibreOffice Calc showing ``path`` in a window on ``display``, with a fresh profile."""

    display: Display
    path: Path
    profile: Path
    shots: Path
    proc: subprocess.Popen | None = None
    window: str = ""
    dialogs: list[Dialog] = field(default_factory=list)
    _n: int = 0

    # ── X tools ──
    def _run(self, *args: str, check: bool = True) -> str:
        out = subprocess.run(args, env=self.display.env, capture_output=True, text=True, timeout=30)
        if check and out.returncode != 0:
            raise RuntimeError(f"{' '.join(args)}: {out.stderr.strip()}")
        return out.stdout

    def xdo(self, *args: str, check: bool = True) -> str:
        return self._run("xdotool", *args, check=check)

    def title_of(self, wid: str) -> str:
        out = self._run("xprop", "-id", wid, "WM_NAME", check=False)
        return out.split("=", 1)[1].strip().strip('"') if "=" in out else ""

    def windows(self) -> dict[str, str]:
        """Visible top-level windows ``{id: title}``."""
        ids = self.xdo("search", "--onlyvisible", "--name", ".", check=False).split()
        return {w: self.title_of(w) for w in ids}

    def screenshot(self, name: str) -> Path:
        from PIL import ImageGrab

        self.shots.mkdir(parents=True, exist_ok=True)
        out = self.shots / f"{name}.png"
        ImageGrab.grab(xdisplay=self.display.name).save(out)
        return out

    # ── life ──
    def start(self, timeout: float = 90) -> Calc:
        self.profile.mkdir(parents=True, exist_ok=True)
        log = self.profile.with_name(self.profile.name + "-soffice.log")  # what LibreOffice said, for the error
        with open(log, "wb") as out:
            self.proc = subprocess.Popen(
                ["soffice", f"-env:UserInstallation={self.profile.resolve().as_uri()}", "--norestore", "--nologo",
                 "--nolockcheck", "--calc", str(self.path)],
                env=self.display.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        want = f"{self.path.name} - LibreOffice Calc"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for wid, title in self.windows().items():
                if title == want:
                    self.window = wid
                    self._wait_painted(deadline)
                    self.xdo("windowfocus", "--sync", self.window, check=False)
                    return self
            if self.proc.poll() is not None:
                said = log.read_text(encoding="utf-8", errors="replace")[-2000:]
                raise RuntimeError(f"LibreOffice ended (code {self.proc.returncode}) before its window appeared "
                                   f"(display {self.display.name}, windows {self.windows()}): {said!r}")
            time.sleep(0.3)
        raise RuntimeError(f"no window “{want}” within {timeout} s: {self.windows()}")

    def _wait_painted(self, deadline: float) -> None:
        """Until the window shows the sheet (many colours, same picture twice: load and recalculation done)."""
        from PIL import ImageGrab

        last = None
        while time.monotonic() < deadline:
            img = ImageGrab.grab(xdisplay=self.display.name).convert("RGB").resize((400, 250))
            if img.getcolors(maxcolors=64) is None and last is not None and img.tobytes() == last:
                return
            last = img.tobytes()
            time.sleep(1.0)

    def close(self) -> None:
        """Stop LibreOffice (its whole process group: soffice.bin too)."""
        stop(self.proc, group=True, wait=20)

    def __enter__(self) -> Calc:
        try:
            return self.start()
        except BaseException:
            self.close()  # a window that never appeared: its LibreOffice is stopped all the same
            raise

    def __exit__(self, *exc) -> None:
        self.close()

    # ── a person's actions ──
    def focus(self) -> None:
        self.xdo("windowfocus", "--sync", self.window, check=False)

    def key(self, *keys: str) -> None:
        self.xdo("key", "--clearmodifiers", *keys)

    def type(self, text: str) -> None:
        """Type ``text`` as keystrokes (Chinese characters on keys of their own, see Display.map_keys).

        ASCII runs and Chinese runs go as separate xdotool calls with a pause between them: a
        Chinese key pressed right after a shifted one (``$``) was sometimes lost.
        """
        if self.display.map_keys(text):
            time.sleep(0.5)
        for run in re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]+", text):
            self.xdo("type", "--delay", "60", run)
            time.sleep(0.15)

    def goto(self, ref: str) -> None:
        """Select ``ref`` (``B4``) through the Name Box, as a person types it there."""
        self.focus()
        self.key("ctrl+shift+F5")
        time.sleep(0.3)
        self.key("End", "shift+Home")
        self.type(ref)
        self.key("Return")
        time.sleep(0.4)
        self.answer_dialogs(f"goto-{ref}", expect_none=True)

    def sheet(self, index: int) -> None:
        """Show the ``index``-th visible sheet (0 = first), as a person clicks its tab
        (Ctrl+PageUp to the first sheet, then Ctrl+PageDown)."""
        self.focus()
        for _ in range(20):
            self.key("ctrl+Prior")
        for _ in range(index):
            self.key("ctrl+Next")
        time.sleep(0.4)

    def enter(self, ref: str, text: str, *, name: str = "") -> list[Dialog]:
        """Go to ``ref`` of the sheet shown, type ``text``, press Enter; returns the dialogs that
        popped up (each answered with Enter = OK)."""
        self.goto(ref)
        self.type(text)
        self.key("Return")
        time.sleep(0.8)
        return self.answer_dialogs(name or f"enter-{ref}")

    def answer_dialogs(self, name: str, *, expect_none: bool = False, wait: float = 0.0) -> list[Dialog]:
        """Screenshot, record and answer (Enter) every window other than the document's."""
        found: list[Dialog] = []
        deadline = time.monotonic() + wait
        while True:
            others = {w: t for w, t in self.windows().items() if w != self.window and t}
            if not others:
                if time.monotonic() >= deadline:
                    break
                time.sleep(0.2)
                continue
            wid, title = next(iter(others.items()))
            self._n += 1
            shot = self.screenshot(f"dialog{self._n:02d}-{_safe(name)}")
            found.append(Dialog(title, shot))
            if expect_none:
                raise AssertionError(f"unexpected dialog “{title}” after {name} (screenshot {shot})")
            self.xdo("windowfocus", "--sync", wid, check=False)
            self.key("Return")
            time.sleep(0.5)
        self.dialogs.extend(found)
        self.focus()
        return found

    def show_sheet(self, index: int, shot: str, cell: str = "A1") -> Path:
        """Show sheet ``index`` at ``cell`` and take a screenshot named ``shot``."""
        self.sheet(index)
        self.goto(cell)
        time.sleep(0.6)
        return self.screenshot(shot)

    def save(self, timeout: float = 60) -> list[Dialog]:
        """Ctrl+S; on the “keep current format” question press Enter (Use Excel 2007-365!)."""
        before = self.path.stat().st_mtime_ns
        self.focus()
        self.key("ctrl+s")
        asked = self.answer_dialogs("save", wait=3.0)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.path.stat().st_mtime_ns != before:
                time.sleep(1.0)  # LibreOffice writes in place: let it finish
                return asked
            asked += self.answer_dialogs("save-late")
            time.sleep(0.3)
        raise AssertionError(f"{self.path.name} was not saved within {timeout} s; dialogs: {asked}")


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)[:60]

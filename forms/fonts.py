"""The Chinese font the report figures are drawn with, found by file, the same way every time.

Order (first existing file wins, nothing depends on a font cache):

1. the file named by the environment variable :data:`FONT_ENV` (``GREENDIAG_CJK_FONT``; a .ttf/.ttc/.otf
   path — the setting for a machine whose fonts are elsewhere);
2. the Windows fonts by file name in ``%WINDIR%\\Fonts`` (:data:`WINDOWS_FILES`: 黑体, 微软雅黑, 宋体 …);
3. the Noto CJK fonts of Linux distributions (:data:`LINUX_FILES`: Debian/Ubuntu ``fonts-noto-cjk``,
   Fedora ``google-noto-sans-cjk-fonts``, Arch ``noto-fonts-cjk``), then macOS' PingFang/Heiti.

Without any of them :func:`cjk_font` raises :class:`FontMissing` with a Chinese message naming what
to install; ``greendiag generate --no-charts`` writes the reports without figures instead.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

FONT_ENV = "GREENDIAG_CJK_FONT"

WINDOWS_FILES = ("simhei.ttf", "msyh.ttc", "msyh.ttf", "simsun.ttc", "simfang.ttf", "simkai.ttf", "Deng.ttf")
"""File names in ``%WINDIR%\\Fonts`` (黑体, 微软雅黑, 宋体, 仿宋, 楷体, 等线), tried in this order."""

LINUX_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
)
"""Absolute paths tried after the Windows fonts (Linux Noto CJK, WenQuanYi, macOS)."""

INSTALL_HINT = (
    "未找到绘制报告插图所需的中文字体。Windows 请确认 C:\\Windows\\Fonts 中有黑体（simhei.ttf）、微软雅黑（msyh.ttc）"
    "或宋体（simsun.ttc）；Debian/Ubuntu 请安装 fonts-noto-cjk（sudo apt-get install fonts-noto-cjk），"
    "Fedora 请安装 google-noto-sans-cjk-fonts；或用环境变量 " + FONT_ENV + " 指定一个中文字体文件（.ttf/.ttc/.otf）。"
    "也可以加 --no-charts 生成不含插图的报告。"
)


class FontMissing(RuntimeError):
    """No Chinese font file was found (message: :data:`INSTALL_HINT`, or the bad setting)."""


def candidates() -> list[Path]:
    """Every file :func:`cjk_font` tries, in order (the setting first, if set)."""
    out = []
    setting = os.environ.get(FONT_ENV, "").strip()
    if setting:
        out.append(Path(setting).expanduser())
    windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot") or "C:\\Windows"
    out += [Path(windir, "Fonts", name) for name in WINDOWS_FILES]
    out += [Path(p) for p in LINUX_FILES]
    return out


@cache
def _find(setting: str, windir: str) -> str:
    if setting and not Path(setting).expanduser().is_file():
        raise FontMissing(f"环境变量 {FONT_ENV} 指定的字体文件不存在：{setting}")
    for path in candidates():
        if path.is_file():
            return str(path)
    raise FontMissing(INSTALL_HINT)


def cjk_font() -> str:
    """Path of the Chinese font file (see the module's order); raises :class:`FontMissing`."""
    return _find(os.environ.get(FONT_ENV, "").strip(), os.environ.get("WINDIR", ""))


@cache
def face_index(path: str) -> int:
    """In a font collection (.ttc) the index of the Simplified Chinese face (``… SC``), else 0 (cached: each
    look opens the collection, ~2 ms for every figure otherwise)."""
    if not path.lower().endswith(".ttc"):
        return 0
    from PIL import ImageFont

    for index in range(12):
        try:
            name = ImageFont.truetype(path, 10, index=index).getname()[0]
        except OSError:
            break
        if name.endswith(" SC"):
            return index
    return 0

"""On-site photos for the reports (《北京市制造业绿色诊断工作规则》第十五条第3项): scaled and compressed.

Each photo is turned upright (EXIF orientation), converted to RGB and scaled so its longer side is
at most :data:`MAX_SIDE` pixels, then saved as JPEG quality :data:`JPEG_QUALITY` (greendiag's
defaults: a 150 mm wide picture at about 200 dpi).  A phone photo of 3–6 MB becomes 150–400 KB,
so a report with 20 photos stays well under 10 MB.  Results are cached per file (path, size,
modification time) for the life of the process.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path, PurePath

MAX_SIDE = 1200
JPEG_QUALITY = 75


class PhotoError(ValueError):
    """A photo file is missing or cannot be decoded (the reader reports this before rendering)."""


def photo_path(base: Path, name: str) -> Path:
    """The file of photo ``name`` (relative, ``/`` or ``\\`` separators) under ``base``."""
    return Path(base, *PurePath(name.replace("\\", "/")).parts)


@lru_cache(maxsize=256)
def _prepare(path: str, size: int, mtime_ns: int) -> tuple[bytes, int, int]:
    return _scaled(path)


def _scaled(source) -> tuple[bytes, int, int]:
    from PIL import Image, ImageOps

    with Image.open(source) as im:
        im.draft("RGB", (MAX_SIDE * 2, MAX_SIDE * 2))  # JPEG: decode at a reduced scale, much faster
        im = ImageOps.exif_transpose(im)
        if im.mode != "RGB":
            im = im.convert("RGB")
        im.thumbnail((MAX_SIDE, MAX_SIDE))
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=True)
        return buf.getvalue(), im.width, im.height


def prepare_photo(path: Path) -> tuple[bytes, int, int]:
    """(JPEG bytes, width px, height px) of the scaled photo at ``path``; :class:`PhotoError` if unreadable."""
    try:
        st = path.stat()
        return _prepare(str(path), st.st_size, st.st_mtime_ns)
    except Exception as exc:
        raise PhotoError(f"无法读取现场照片 {path}：{type(exc).__name__}: {exc}") from exc


@lru_cache(maxsize=64)
def prepare_photo_bytes(data: bytes) -> tuple[bytes, int, int]:
    """As :func:`prepare_photo` for a picture carried inside the workbook (its bytes); :class:`PhotoError`."""
    try:
        return _scaled(io.BytesIO(data))
    except Exception as exc:
        raise PhotoError(f"无法读取工作簿中插入的现场照片：{type(exc).__name__}: {exc}") from exc

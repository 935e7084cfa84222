"""Checks made on a file *before* it is handed to openpyxl.

A case workbook is small (about 100 KB).  Refused with a Chinese message, never a traceback:

* a missing path, a folder, an empty file;
* an OLE compound file: a password-protected (encrypted) workbook — Office stores those as OLE
  with an ``EncryptionInfo`` stream — or an old .xls;
* anything else that is not a zip (e.g. a CSV, PDF or Word file renamed .xlsx);
* a zip that is not a workbook (no ``xl/workbook.xml``);
* a zip bomb: more than :data:`MAX_MEMBERS` members, more than :data:`MAX_UNCOMPRESSED` bytes
  declared uncompressed, or a member over 1 MB compressed more than :data:`MAX_RATIO` times;
* a sheet too big to hold (memory, time): one XML part over :data:`MAX_XML_MEMBER` or all XML
  over :data:`MAX_XML_TOTAL` uncompressed (pictures in ``xl/media`` do not count).  A huge
  *used range* with few cells (a cell at XFD1048576) is fine: the reader touches only the
  spec's cells in bounded ranges.
  (zipfile stops at the declared size and checks the CRC, so a lying header cannot inflate more);
* more than :data:`MAX_CELLS` cells and rows in all sheets (dense tiny cells fit in the XML limits
  but not in memory), or more than :data:`MAX_STYLE_ELEMENTS` formats in ``xl/styles.xml``;
* a merged range too large to hold (``F1:XFD1048576``): openpyxl creates one object per merged
  cell, so merged ranges covering more than :data:`MAX_MERGED_CELLS` cells are refused before
  openpyxl sees them, naming the sheet and the range;
* XML with a document type declaration (``<!DOCTYPE`` / ``<!ENTITY``): external entities and
  entity expansion bombs.  openpyxl also parses through defusedxml (installed), which refuses them.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED = 60 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_RATIO = 200
MAX_XML_MEMBER = 10 * 1024 * 1024
"""One sheet's XML: a filled case sheet is < 200 KB; 10 MB is ~400 000 cells for openpyxl to hold."""
MAX_XML_TOTAL = 25 * 1024 * 1024
MAX_CELLS = 300_000
"""Cells and rows in all sheets together (a filled case has ~10 000): openpyxl holds an object
for each, ~400 bytes; 25 MB of XML can hold 1.7 million tiny cells (650 MB)."""
MAX_STYLE_ELEMENTS = 100_000
"""Formats, fonts, fills, borders in ``xl/styles.xml`` (Excel itself allows 65 490 cell formats;
openpyxl needs ~2 KB for each: 150 000 take 320 MB)."""
MAX_MERGED_CELLS = 200_000
"""Cells covered by merged ranges in one workbook (a whole-row title merge A1:XFD1 is 16 384)."""
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_PROLOG_LIMIT = 1024 * 1024
_PROLOG_RE = re.compile(rb"\s*(<\?.*?\?>|<!--.*?-->)", re.S)


def _has_doctype(fh) -> bool:
    """Does the XML prolog (before the root element) declare a DTD?  Reads only the prolog.

    Skips the XML declaration, processing instructions, comments and whitespace; a prolog longer
    than 1 MB counts as hostile.  UTF-16 is handled by dropping NUL bytes.
    """
    buf = b""
    pos = 0
    while True:
        chunk = fh.read(64 * 1024)
        buf += chunk.replace(b"\x00", b"")
        if buf.startswith(b"\xef\xbb\xbf") or buf.startswith(b"\xff\xfe") or buf.startswith(b"\xfe\xff"):
            buf = buf[3:] if buf.startswith(b"\xef") else buf[2:]
        while True:
            m = _PROLOG_RE.match(buf, pos)
            if not m:
                break
            pos = m.end()
        rest = buf[pos:].lstrip().lstrip(b"\xef\xbb\xbf").lstrip()
        if rest[:9].upper() == b"<!DOCTYPE" or b"<!ENTITY" in rest[:64].upper():
            return True
        if rest.startswith(b"<") and len(rest) > 1 and rest[1:2] not in (b"?", b"!"):
            return False  # the root element
        if not chunk:
            return b"<!" in rest
        if len(buf) > _PROLOG_LIMIT:
            return True


class UnsafeFile(ValueError):
    """The file cannot or must not be opened as a case workbook; the message is Chinese."""


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed :func:`check_file`: its bytes and the XML parts the checks decompressed
    (``{member name: bytes}``: worksheets, comments, ``xl/styles.xml``), for a reader that opens the
    same bytes so that nothing is read or inflated twice."""

    data: bytes
    parts: dict[str, bytes]


def check_file(path: Path) -> CheckedFile:
    """Raise :class:`UnsafeFile` unless ``path`` looks like a sane .xlsx/.xlsm workbook; the bytes checked."""
    if not path.exists():
        raise UnsafeFile(f"文件不存在：{path}")
    if path.is_dir():
        raise UnsafeFile(f"{path} 是文件夹，不是工作簿文件")
    size = path.stat().st_size
    if not os.access(path, os.R_OK):
        raise UnsafeFile(f"没有读取该文件的权限：{path.name}（请检查文件权限，或关闭以独占方式打开它的程序后重试）")
    if size == 0:
        raise UnsafeFile("文件为空（0 字节），不是 Excel 工作簿")
    if size > MAX_FILE_BYTES:
        raise UnsafeFile(f"文件大小 {size // (1024 * 1024)} MB，远超案例工作簿的正常大小，未打开")
    try:
        fh = path.open("rb")
    except PermissionError:
        raise UnsafeFile(f"没有读取该文件的权限：{path.name}（请检查文件权限，或关闭以独占方式打开它的程序后重试）") from None
    except OSError as exc:
        raise UnsafeFile(f"无法打开文件 {path.name}：{exc.strerror or exc}") from None
    with fh:
        head = fh.read(8)
        if head == _OLE_MAGIC:
            fh.seek(0)
            blob = fh.read(min(size, 8 * 1024 * 1024))
            if _ENCRYPTION_INFO in blob:
                raise UnsafeFile("工作簿设置了打开密码（已加密），无法读取：请在 Excel 中删除密码（文件→信息→保护工作簿→用密码进行加密，清空）后另存为 .xlsx")
            raise UnsafeFile("这是旧版 Excel 97-2003（.xls）或其他 OLE 格式文件：请用 Excel/WPS 另存为 .xlsx 后再读取")
        try:
            data = head + fh.read(MAX_FILE_BYTES + 1 - len(head))
        except OSError as exc:
            raise UnsafeFile(f"无法读取文件 {path.name}：{exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:  # grown since its size was taken
        raise UnsafeFile(f"文件大小超过 {MAX_FILE_BYTES // (1024 * 1024)} MB，远超案例工作簿的正常大小，未打开")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UnsafeFile("文件不是 Excel .xlsx 工作簿（内容不是 xlsx 格式，可能是其他文件改了扩展名）：请用 Excel/WPS 另存为 .xlsx")
    parts: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            _check_members(infos)
            twice = {name for name, n in Counter(i.filename for i in infos).items() if n > 1}
            for i in infos:
                if i.filename.endswith((".xml", ".rels", ".vml")) or i.filename == "[Content_Types].xml":
                    # the parts counted below are read whole once here (their size is bounded above)
                    xml = _whole(zf, i) if _counted(i.filename) and i.filename not in twice else None
                    if xml is not None:
                        parts[i.filename] = xml
                    with io.BytesIO(xml) if xml is not None else zf.open(i) as fh:
                        if _has_doctype(fh):
                            raise UnsafeFile(f"部件 {i.filename} 含有 DTD/外部实体声明（XXE），出于安全原因未打开")
            _check_merged(zf, infos, parts)
    except UnsafeFile:
        raise
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
        raise UnsafeFile(f"工作簿文件已损坏，无法解压：{exc}") from None
    return CheckedFile(data, parts)


def _check_members(infos: list[zipfile.ZipInfo]) -> None:
    """The zip's directory: a workbook's members, none encrypted, no zip bomb, XML within its limits."""
    if len(infos) > MAX_MEMBERS:
        raise UnsafeFile(f"压缩包内有 {len(infos)} 个部件，不像案例工作簿，未打开")
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise UnsafeFile("文件是压缩包但不是 Excel 工作簿（缺少 xl/workbook.xml）：请用 Excel/WPS 另存为 .xlsx")
    total = xml_total = 0
    for i in infos:
        if i.flag_bits & 0x1:
            raise UnsafeFile("工作簿内部部件已加密，无法读取")
        if i.file_size > 1024 * 1024 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise UnsafeFile(
                f"部件 {i.filename} 压缩比异常（{i.compress_size} 字节解压为 {i.file_size} 字节），疑似压缩炸弹，未打开"
            )
        total += i.file_size
        if i.filename.endswith(".xml"):
            xml_total += i.file_size
            if i.file_size > MAX_XML_MEMBER:
                raise UnsafeFile(
                    f"部件 {i.filename} 解压后 {i.file_size // (1024 * 1024)} MB（超过 {MAX_XML_MEMBER // (1024 * 1024)} MB）："
                    "工作表内容或使用区域异常庞大，不像案例工作簿，未打开"
                )
    if xml_total > MAX_XML_TOTAL:
        raise UnsafeFile(f"工作簿表格内容解压后共 {xml_total // (1024 * 1024)} MB，远超案例工作簿的正常大小，未打开")
    if total > MAX_UNCOMPRESSED:
        raise UnsafeFile(f"工作簿解压后共 {total // (1024 * 1024)} MB，远超案例工作簿的正常大小（疑似压缩炸弹），未打开")


def _whole(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    """The member's bytes, ``None`` when it cannot be read (it is then read as before, and fails where it failed)."""
    try:
        return zf.read(info)
    except Exception:
        return None


def _counted(name: str) -> bool:
    """The parts :func:`_check_merged` reads whole: the stylesheet, comments and worksheets (all ``.xml``)."""
    return name == "xl/styles.xml" or (name.startswith(("xl/comments", "xl/worksheets/")) and name.endswith(".xml"))


_MERGE_RE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Za-z$]+[$]?\d+)(?::([A-Za-z$]+[$]?\d+))?\"")
_CELL_TAG_RE = re.compile(rb"<(?:c|row|\w+:(?:c|row))[\s/>]")
"""A cell or row tag, with or without a namespace prefix (the unprefixed forms tried first: the fast case)."""
_COMMENT_TAG_RE = re.compile(rb"<(?:\w+:)?comment[\s>]")
_STYLE_TAG_RE = re.compile(rb"<(?:\w+:)?(?:xf|font|fill|border|numFmt|dxf)[\s/>]")
_CELL_RE = re.compile(r"\$?([A-Za-z]+)\$?(\d+)")


def _area(a: bytes, b: bytes | None) -> int:
    def pos(ref: bytes) -> tuple[int, int]:
        m = _CELL_RE.fullmatch(ref.decode("ascii", "replace"))
        if m is None:
            return 1, 1
        col = 0
        for ch in m.group(1).upper():
            col = col * 26 + ord(ch) - 64
        return int(m.group(2)), col

    r1, c1 = pos(a)
    r2, c2 = pos(b) if b else (r1, c1)
    return (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)


def sheet_names(zf: zipfile.ZipFile) -> dict[str, str]:
    """``{part name: sheet name}`` from ``xl/workbook.xml`` and its relationships (best effort)."""
    from defusedxml import ElementTree

    try:
        wb = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except Exception:
        return {}
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[rel.get("Id")] = target
    out = {}
    for el in wb.iter():
        if el.tag.endswith("}sheet") and el.get("name"):
            rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
            if rid in targets:
                out[targets[rid]] = el.get("name")
    return out


def _member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, parts: dict[str, bytes]) -> bytes:
    data = parts.get(info.filename)
    return zf.read(info) if data is None else data


def _check_merged(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], parts: dict[str, bytes]) -> None:
    """Refuse more than :data:`MAX_CELLS` cells and rows, and merged ranges covering more than
    :data:`MAX_MERGED_CELLS` cells (openpyxl would create an object per cell: ``F1:XFD1048576``
    is 17 billion).  ``parts``: members already read (by name)."""
    total = cells = 0
    names: dict[str, str] | None = None
    for i in infos:
        if i.filename == "xl/styles.xml":
            styles = len(_STYLE_TAG_RE.findall(_member(zf, i, parts)))
            if styles > MAX_STYLE_ELEMENTS:
                raise UnsafeFile(f"工作簿含有 {styles} 个单元格格式/字体/边框（Excel 最多 65490 种格式），远超正常规模"
                                 "（读取需要极大内存），未打开：请用 Excel/WPS 清除多余格式后另存")
            continue
        if i.filename.startswith("xl/comments") and i.filename.endswith(".xml"):  # each comment makes a cell
            cells += len(_COMMENT_TAG_RE.findall(_member(zf, i, parts)))
            continue
        if not (i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")):
            continue
        data = _member(zf, i, parts)
        cells += len(_CELL_TAG_RE.findall(data))
        if cells > MAX_CELLS:
            names = sheet_names(zf)
            raise UnsafeFile(
                f"工作表“{names.get(i.filename, i.filename)}”等含有超过 {MAX_CELLS} 个单元格和行，远超案例工作簿的正常规模"
                "（读取需要极大内存），未打开：请删除多余的数据或工作表后保存"
            )
        first = data.find(b"mergeCell")
        if first < 0:
            continue
        # a merged range's tag starts at the last "<" before the first "mergeCell" or later (the sheet's cells come first)
        for m in _MERGE_RE.finditer(data, max(0, data.rfind(b"<", 0, first))):
            total += _area(m.group(1), m.group(2))
            if total > MAX_MERGED_CELLS:
                names = names if names is not None else sheet_names(zf)
                where = names.get(i.filename, i.filename)
                ref = m.group(1).decode("ascii", "replace") + (":" + m.group(2).decode("ascii", "replace") if m.group(2) else "")
                raise UnsafeFile(
                    f"工作表“{where}”的合并单元格 {ref} 等合并区域共超过 {MAX_MERGED_CELLS} 个单元格（整行整列合并），"
                    f"读取需要极大内存，未打开：请在该表取消这些合并（开始→合并后居中→取消单元格合并）后保存"
                )

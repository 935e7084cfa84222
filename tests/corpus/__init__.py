"""Malformed and hostile workbooks, made at test time (no binaries committed).

Each ``make_*`` function writes one file into a folder and returns its path.  Used by
``tests/test_reader_corpus.py``; handy by hand too::

    python -c "from tests.corpus import make_all; make_all('corpus-out')"
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

_CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def make_zip_bomb_total(out: Path, mb: int = 70) -> Path:
    """A zip whose members declare > 60 MB uncompressed (spaces compress ~1000×), as .xlsx."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("xl/workbook.xml", "<workbook/>")
        chunk = b" " * (1024 * 1024)
        for k in range(4):
            with zf.open(f"xl/worksheets/sheet{k + 1}.xml", "w") as fh:
                for _ in range(mb // 4 + 1):
                    fh.write(chunk)
    return out


def make_zip_bomb_ratio(out: Path) -> Path:
    """One 4 MB member compressed > 200× (a small bomb by ratio)."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/sharedStrings.xml", "<sst>" + "a" * (4 * 1024 * 1024) + "</sst>")
    return out


def make_huge_sheet(valid: Path, out: Path, mb: int = 11) -> Path:
    """A valid workbook plus a sheet of ~``mb`` MB of incompressible cells (hundreds of thousands of cells)."""
    import os

    rows = []
    size = 0
    r = 1
    while size < mb * 1024 * 1024:
        row = "".join(f'<c r="{col}{r}" t="inlineStr"><is><t>{os.urandom(12).hex()}</t></is></c>' for col in "ABCDEFGH")
        rows.append(f'<row r="{r}">{row}</row>')
        size += len(rows[-1])
        r += 1
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             + "".join(rows) + "</sheetData></worksheet>")
    return rewrite_member(valid, out, "xl/worksheets/sheet1.xml", lambda _data: sheet.encode())


def rewrite_member(src: Path, out: Path, member: str, transform) -> Path:
    """Copy the zip ``src`` to ``out`` with ``member`` replaced by ``transform(bytes) -> bytes``."""
    with zipfile.ZipFile(src) as zin:
        if member not in zin.namelist():
            raise KeyError(f"{member} not in {src}")
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == member:
                data = transform(data)
            zout.writestr(info, data)
    return out


XXE_DOCTYPE = b'<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _with_doctype(doctype: bytes, *, pad: bytes = b""):
    def inject(data: bytes) -> bytes:
        if data.startswith(b"<?xml"):
            head, sep, rest = data.partition(b"?>")
            return head + sep + pad + doctype + rest
        return pad + doctype + data

    return inject


def make_xxe(valid: Path, out: Path, *, late: bool = False) -> Path:
    """xl/workbook.xml with an external entity; ``late`` puts it after 5 KB of comment."""
    pad = b"<!--" + b"x" * 5000 + b"-->" if late else b""
    return rewrite_member(valid, out, "xl/workbook.xml", _with_doctype(XXE_DOCTYPE, pad=pad))


def make_billion_laughs(valid: Path, out: Path) -> Path:
    lol = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    return rewrite_member(valid, out, "xl/styles.xml", _with_doctype(lol))


def make_encrypted(valid: Path, out: Path, password: str = "绿色诊断") -> Path:
    """The workbook encrypted with an open password (Agile encryption, as Excel does) via msoffcrypto."""
    from msoffcrypto.format.ooxml import OOXMLFile

    buf = io.BytesIO()
    with valid.open("rb") as fh:
        OOXMLFile(fh).encrypt(password, buf)
    out.write_bytes(buf.getvalue())
    return out


def make_old_ole(out: Path) -> Path:
    """Starts like an OLE compound file (old .xls) without encryption info."""
    out.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048)
    return out


def make_text_renamed(out: Path) -> Path:
    out.write_text("企业名称,产值\n示例,12000\n", encoding="utf-8")
    return out


def make_pdf_renamed(out: Path) -> Path:
    out.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return out


def make_truncated(valid: Path, out: Path) -> Path:
    data = valid.read_bytes()
    out.write_bytes(data[: len(data) // 2])
    return out


def make_zip_not_workbook(out: Path) -> Path:
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("word/document.xml", "<document/>")
        zf.writestr("[Content_Types].xml", _CT)
    return out


def make_all(folder: Path | str) -> list[Path]:
    """Write the hostile files (those not needing a valid workbook) into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [
        make_zip_bomb_total(folder / "zip_bomb.xlsx"),
        make_zip_bomb_ratio(folder / "zip_bomb_ratio.xlsx"),
        make_old_ole(folder / "old.xlsx"),
        make_text_renamed(folder / "csv_renamed.xlsx"),
        make_pdf_renamed(folder / "pdf_renamed.xlsx"),
        make_zip_not_workbook(folder / "docx_renamed.xlsx"),
    ]


def make_huge_merge(valid: Path, out: Path, ref: str = "F1:XFD1048576", sheet: str = "xl/worksheets/sheet2.xml") -> Path:
    """A valid workbook whose sheet ``sheet`` merges ``ref`` (17 billion cells for openpyxl to create)."""

    def add(data: bytes) -> bytes:
        merge = f'<mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'.encode()
        if b"<mergeCells" in data:
            head, _, rest = data.partition(b"<mergeCells")
            _, _, tail = rest.partition(b"</mergeCells>")
            return head + merge + tail
        return data.replace(b"</sheetData>", b"</sheetData>" + merge, 1)

    return rewrite_member(valid, out, sheet, add)


def make_core_bomb(valid: Path, out: Path, mb: int = 1024) -> Path:
    """A valid workbook whose ``docProps/core.xml`` inflates to ``mb`` MB (a ~1 MB file)."""
    with zipfile.ZipFile(valid) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for info in zin.infolist():
            if info.filename == "docProps/core.xml":
                continue
            zout.writestr(info, zin.read(info.filename))
        with zout.open("docProps/core.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0"?><cp:coreProperties xmlns:cp="x">')
            chunk = b" " * (1024 * 1024)
            for _ in range(mb):
                fh.write(chunk)
            fh.write(b"</cp:coreProperties>")
    return out

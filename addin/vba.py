"""The add-in's VBA: MS-OVBA compression and an in-place rewrite of one module's source.

xlwings' template ``vbaProject.bin`` holds its VBA as source only: ``_VBA_PROJECT`` has version
0xFFFF and every PerformanceCache (p-code) "MUST be ignored on read" ([MS-OVBA] 2.3.4.1,
2.3.4.3), so Excel compiles the modules from their source when it opens the add-in.  A module
stream is ``PerformanceCache`` (``MODULEOFFSET`` bytes, 0 for the ``xlwings`` module) followed
by the source as a CompressedContainer ([MS-OVBA] 2.4.1).

:func:`replace_module_source` swaps a module's source without changing any stream's size:
olefile (the maintained OLE library) can rewrite a stream only in place, so the new compressed
source is padded to the old length with a trailing VBA comment of chosen length, and the
``dir`` stream (module offsets) stays untouched.  No maintained library compresses correctly
(``ms-ovba-compression`` 1.0.1's output does not decompress), hence :func:`compress` here,
tested against oletools' decompressor.
"""

from __future__ import annotations

import io
import re
import struct

import olefile

CHUNK = 4096
"""Decompressed bytes per CompressedChunk ([MS-OVBA] 2.4.1.1.4)."""

CODEPAGE = "cp1252"
"""The template project's PROJECTCODEPAGE (1252): module source is single-byte text."""


class VBAError(Exception):
    """The VBA project is not as expected (message in Chinese)."""


def _copy_token_help(difference: int) -> tuple[int, int]:
    """(bit_count, maximum_length) for a CopyToken at ``difference`` bytes into the chunk (2.4.1.3.19.1)."""
    bit_count = max((difference - 1).bit_length(), 4)
    return bit_count, (0xFFFF >> bit_count) + 3


def _compress_chunk(data: bytes) -> bytes:
    """One CompressedChunk (header + data) for at most 4096 bytes (2.4.1.3.7)."""
    out = bytearray()
    positions: dict[bytes, list[int]] = {}
    i, n = 0, len(data)
    while i < n:
        flag_at = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if i >= n:
                break
            best_len, best_off = 0, 0
            if i > 0 and i + 3 <= n:
                _bits, max_len = _copy_token_help(i)
                limit = min(max_len, n - i)
                for j in reversed(positions.get(data[i : i + 3], ())):
                    length = 3
                    while length < limit and data[j + length] == data[i + length]:
                        length += 1
                    if length > best_len:
                        best_len, best_off = length, i - j
                        if length == limit:
                            break
            if best_len >= 3:
                bit_count, _max = _copy_token_help(i)
                out += struct.pack("<H", ((best_off - 1) << (16 - bit_count)) | (best_len - 3))
                flags |= 1 << bit
                step = best_len
            else:
                out.append(data[i])
                step = 1
            for k in range(i, i + step):
                if k + 3 <= n:
                    positions.setdefault(data[k : k + 3], []).append(k)
            i += step
        out[flag_at] = flags
    if len(out) > CHUNK:  # incompressible: a raw chunk (2.4.1.3.10), only possible for a full chunk
        if n != CHUNK:
            raise VBAError("VBA 源代码无法压缩")
        return struct.pack("<H", 0x3000 | (CHUNK - 1)) + data
    return struct.pack("<H", 0xB000 | (len(out) + 2 - 3)) + bytes(out)


def compress(data: bytes) -> bytes:
    """MS-OVBA CompressedContainer of ``data`` ([MS-OVBA] 2.4.1.3.6): 0x01, then one chunk per 4096 bytes."""
    return b"\x01" + b"".join(_compress_chunk(data[i : i + CHUNK]) for i in range(0, len(data), CHUNK))


def decompress(container: bytes) -> bytes:
    """The data of an MS-OVBA CompressedContainer ([MS-OVBA] 2.4.1.3.1); ``VBAError`` if malformed."""
    if not container or container[0] != 1:
        raise VBAError("VBA 压缩数据的签名不是 0x01")
    out = bytearray()
    pos = 1
    while pos < len(container):
        if pos + 2 > len(container):
            raise VBAError("VBA 压缩数据被截断")
        (header,) = struct.unpack_from("<H", container, pos)
        size, signature, compressed = (header & 0x0FFF) + 3, (header >> 12) & 7, header >> 15
        if signature != 3:
            raise VBAError("VBA 压缩块的签名无效")
        end = min(pos + size, len(container))
        chunk_start = len(out)
        pos += 2
        if not compressed:
            out += container[pos : pos + CHUNK]
            pos += CHUNK
            continue
        while pos < end:
            flags = container[pos]
            pos += 1
            for bit in range(8):
                if pos >= end:
                    break
                if flags >> bit & 1:
                    (token,) = struct.unpack_from("<H", container, pos)
                    pos += 2
                    bit_count, _max = _copy_token_help(len(out) - chunk_start)
                    offset = (token >> (16 - bit_count)) + 1
                    length = (token & (0xFFFF >> bit_count)) + 3
                    src = len(out) - offset
                    if src < chunk_start:
                        raise VBAError("VBA 压缩数据的复制偏移越界")
                    for k in range(length):  # byte by byte: a copy may overlap itself
                        out.append(out[src + k])
                else:
                    out.append(container[pos])
                    pos += 1
    return bytes(out)


# --------------------------------------------------------------------------- module streams


def _padding(n: int) -> bytes:
    """``n`` bytes of comment text with few repeats (each byte mostly one literal when compressed)."""
    alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    x, out = 12345, bytearray()
    for _ in range(n):
        x = (1103515245 * x + 12345) % 2**31
        out.append(alphabet[(x >> 16) % len(alphabet)])
    return bytes(out)


PAD_LINE = 100
"""Characters of padding per comment line (a VBA line holds at most 1023)."""


def fit_source(source: bytes, size: int) -> tuple[bytes, bytes]:
    """``(source', container)``: ``source`` plus trailing comment lines, compressed to exactly ``size`` bytes.

    Raises ``VBAError`` when the source does not fit (it needs a little room for the comment).
    """
    newline = b"\r\n" if b"\r\n" in source else b"\n"
    base = source if source.endswith(newline) else source + newline
    split = (len(base) // CHUNK) * CHUNK  # chunks before this offset do not change with the padding
    head = compress(base[:split]) if split else b"\x01"

    def attempt(n: int, repeat: bool) -> tuple[bytes, bytes] | None:
        # n literals add about n bytes, plus a flag byte per 8 tokens (a step of two): a filler that
        # ends by repeating its first three characters trades three literals for one copy token
        filler = _padding(n) + (_padding(n)[:3] if repeat else b"")
        lines = [filler[k: k + PAD_LINE] for k in range(0, len(filler), PAD_LINE)] or [b""]
        tail = base[split:] + b"".join(b"' greendiag " + line + newline for line in lines)
        try:
            return base[:split] + tail, head + compress(tail)[1:]
        except VBAError:  # the comment made the last chunk incompressible
            return None

    def length(n: int) -> int:
        got = attempt(n, False)
        return len(got[1]) if got else size + 1

    low, high = 0, 4 * size  # about the largest n whose container is still shorter than size - 32
    while low < high:
        mid = (low + high + 1) // 2
        if length(mid) < size - 32:
            low = mid
        else:
            high = mid - 1
    for n in range(low, low + 512):
        shortest = None
        for repeat in (False, True):
            got = attempt(n, repeat)
            if got is None:
                continue
            if len(got[1]) == size:
                return got
            shortest = len(got[1]) if shortest is None else min(shortest, len(got[1]))
        if shortest is not None and shortest > size + 4:
            break
    raise VBAError(f"VBA 模块压缩后无法恰好占用原有的 {size} 字节（修改后为 {len(compress(base))} 字节）")


def module_source(vba_project: bytes, module: str) -> bytes:
    """Decompressed source of ``VBA/<module>`` (the template modules start at offset 0: checked)."""
    with olefile.OleFileIO(vba_project) as ole:
        stream = ole.openstream(f"VBA/{module}").read()
    if stream[:1] != b"\x01":
        raise VBAError(f"VBA 模块 {module} 带有 p-code 缓存或不是压缩的源代码，无法修改")
    return decompress(stream)


def replace_module_source(vba_project: bytes, module: str, source: bytes) -> bytes:
    """A copy of ``vba_project`` whose module ``module`` has ``source``; every stream keeps its size."""
    module_source(vba_project, module)  # checks the module starts at offset 0
    buffer = io.BytesIO(vba_project)
    with olefile.OleFileIO(buffer, write_mode=True) as ole:
        size = ole.get_size(f"VBA/{module}")
        _source, container = fit_source(source, size)
        ole.write_stream(f"VBA/{module}", container)
    return buffer.getvalue()


def module_size(vba_project: bytes, module: str) -> int:
    """Size in bytes of the stream ``VBA/<module>``."""
    with olefile.OleFileIO(vba_project) as ole:
        return ole.get_size(f"VBA/{module}")


# --------------------------------------------------------------------------- source


def without_mac_branches(source: str) -> str:
    """``source`` with every ``#If Mac`` / ``#If Not Mac`` block resolved as Windows compiles it (``Mac`` false).

    Conditional compilation ([MS-VBAL] 3.4): on Windows only the other branch is compiled, so dropping
    the Mac branch (with every directive nested in it) and the block's own directives changes nothing
    Excel for Windows compiles.  Other ``#If`` blocks are kept as they are.  Raises ``VBAError`` for an
    ``#ElseIf`` in a Mac block or unbalanced directives.
    """
    out: list[str] = []
    stack: list[list[bool] | None] = []  # per open #If: [branch kept] for a Mac block, None for any other
    for line in source.split("\n"):
        text = line.strip()
        mac = re.match(r"#If (Not )?Mac Then\b", text)
        if mac:
            stack.append([bool(mac[1])])
            continue
        if text.startswith("#If "):
            stack.append(None)
        elif re.match(r"#Else\b", text) and stack and stack[-1] is not None:
            stack[-1][0] = not stack[-1][0]
            continue
        elif text.startswith("#ElseIf ") and stack and stack[-1] is not None:
            raise VBAError(f"VBA 中 #If Mac 块含有 #ElseIf，无法按 Windows 化简：{text}")
        elif re.match(r"#End If\b", text):
            if not stack:
                raise VBAError("VBA 条件编译的 #End If 多于 #If")
            if stack.pop() is not None:
                continue
        if all(entry is None or entry[0] for entry in stack):
            out.append(line)
    if stack:
        raise VBAError("VBA 条件编译的 #If 没有对应的 #End If")
    return "\n".join(out)

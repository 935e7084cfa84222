"""One normaliser for the text of every cell the reader takes, and the cleaning every writer uses.

What a cell holds is not always what a person sees in it.  :func:`cell_text` turns a stored
string into what Excel shows:

* Excel's ``_xHHHH_`` escapes are decoded (a line break pasted from WeChat is stored as
  ``_x000D__x000A_``; ``_x005F_`` escapes a literal ``_x``), with openpyxl's own
  ``openpyxl.utils.escape.unescape`` (openpyxl does not apply it when reading);
* ``\\r\\n`` and ``\\r`` become ``\\n``; characters that show nothing and that XML 1.0 forbids
  (control characters, lone surrogates, U+FFFE/U+FFFF) and the zero-width marks
  (U+200B, U+2060, U+FEFF, U+200E/U+200F) are dropped;
* leading and trailing white space (also U+3000 and U+00A0) is dropped.

Text made only of invisible characters (spaces, zero-width and format characters, Hangul and
Braille fillers) counts as blank (:func:`is_blank_text`).  An input with a direction mark, or a
zero-width mark between visible characters, is refused at its cell (:func:`hidden_marks`): never
silently altered.  Spreadsheet error values
(``#REF!``, ``#N/A`` …) are recognised by :func:`is_error_value` so that the reader rejects them
with their cell.

:func:`narrow` is the only compatibility mapping used to compare labels, list entries and to
read numbers or dates typed as text: full-width ASCII forms (``１２``, ``％``, ``，``, ``．``)
and the ideographic space become ASCII.  Unicode NFKC is *not* used: it changes values
(``10²`` → ``102``, ``½`` → ``1/2``, ``①`` → ``1``).

:func:`xml_safe` drops what XML 1.0 forbids, for anything written into .xlsx/.docx parts.
"""

from __future__ import annotations

import re
import unicodedata

from openpyxl.utils.escape import unescape

ERROR_VALUES = frozenset(
    {
        "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
        "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#PYTHON!",
        "#NV", "#WERT!", "#BEZUG!", "#DIV/0", "ERR:502", "ERR:504", "ERR:508", "ERR:511", "ERR:522",
    }
)
"""Error values Excel, WPS and LibreOffice show in a cell (an error cell pasted as values keeps them)."""

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ZERO_WIDTH = re.compile("[\u200b\u200e\u200f\u2060\ufeff]")
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ZERO_WIDTH_INSIDE = re.compile("[\u200b\u2060\ufeff]")
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e\u034f\u17b4\u17b5")
_EDGE = " \t\n\r\u3000\u00a0\u2002\u2003\u2009\u202f\u205f\u200c\u200d"
_WIDE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDE[0x3000] = 0x20


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone
    surrogates, U+FFFE/U+FFFF): safe for any cell or document part a writer produces."""
    return _XML_ILLEGAL.sub("", text)


def decode(text: str) -> str:
    """Stored cell text → the characters Excel shows: ``_xHHHH_`` decoded, line breaks as ``\\n``,
    invisible control and zero-width characters dropped.  Nothing is stripped."""
    if "_x" in text:
        text = unescape(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _ZERO_WIDTH.sub("", xml_safe(text))


def _invisible(ch: str) -> bool:
    return ch in _FILLERS or ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp", "Cs")


def is_blank_text(text: str) -> bool:
    """True when ``text`` shows nothing: empty, or only spaces and invisible characters."""
    return all(_invisible(ch) for ch in text)


def strip(text: str) -> str:
    """``text`` without invisible characters at either end (interior ones are kept)."""
    start, end = 0, len(text)
    while start < end and (text[start] in _EDGE or _invisible(text[start])):
        start += 1
    while end > start and (text[end - 1] in _EDGE or _invisible(text[end - 1])):
        end -= 1
    return text[start:end]


def cell_text(text: str) -> str:
    """What a person sees in a text cell, without surrounding space: :func:`decode` then :func:`strip`;
    ``""`` for invisible-only text."""
    return strip(decode(text))


def hidden_marks(text: str) -> str | None:
    """Why the input ``text`` is refused, or ``None``: a direction mark anywhere (U+202A–U+202E,
    U+2066–U+2069, U+200E/U+200F, U+061C: the text would show in another order than it is stored) or
    a zero-width mark between visible characters (U+200B, U+2060, U+FEFF: dropping it or keeping it
    both change the text someone else compares or prints).  Such marks at either end count as white
    space (:func:`strip`); invisible-only text is blank."""
    t = unescape(text) if "_x" in text else text
    if is_blank_text(t):
        return None
    codes = sorted({f"U+{ord(c):04X}" for c in _BIDI.findall(t)})
    if codes:
        return (f"含有不可见的文字方向控制字符（{'、'.join(codes)}），显示的文字顺序与保存的不同："
                "请清除该单元格后重新输入（不要从网页或聊天软件粘贴）")
    codes = sorted({f"U+{ord(c):04X}" for c in _ZERO_WIDTH_INSIDE.findall(strip(t))})
    if codes:
        return (f"文字中间夹有不可见的零宽字符（{'、'.join(codes)}），看不出却会使文字与名单、文书不一致："
                "请清除该单元格后重新输入（不要从网页或聊天软件粘贴）")
    return None


def narrow(text: str) -> str:
    """Full-width ASCII forms (``０``–``～``) and U+3000 as ASCII; nothing else changes."""
    return text.translate(_WIDE)


def is_error_value(text: str) -> bool:
    """True for a spreadsheet error value such as ``#REF!`` or ``#N/A`` (full-width forms too)."""
    t = narrow(text).strip().upper()
    return t in ERROR_VALUES

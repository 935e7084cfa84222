"""Who is who: one name key for providers (服务商) and diagnosed or listed units (园区、企业).

The same provider is written ``北京绿源(环境)科技有限公司`` in one workbook and
``北京绿源（环境）科技有限公司`` or ``北京绿源 （环境） 科技有限公司`` in another; a ban, the
annual cap of 300 万元 (《北京市制造业绿色诊断工作规则》第二十条) and a duplicate check must see one
provider.  :func:`normalise_name` is the only name key greendiag uses — for providers, for units
in the ledger's duplicate check and for the registry (``greendiag.registry``).  It is greendiag's own
method, not a rule of the documents.

Identity (greendiag's method): a 统一社会信用代码 (:func:`normalise_code`) decides where present; otherwise
the name key.  Names whose keys differ but are close (:func:`doubtful`) are listed for an officer,
never merged silently.

The 统一社会信用代码 checked by its own standard, GB 32100-2015《法人和其他组织统一社会信用代码编码规则》: 18
characters from the code's alphabet
(digits and upper-case letters without I, O, S, V, Z); position 1 登记管理部门代码, 2 机构类别代码,
3–8 登记管理机关行政区划码 (six digits), 9–17 主体标识码 (组织机构代码, GB 11714-1997: eight body
characters and its own check character at position 17), 18 the code's check character.

* position 18: ``31 − (Σ value(cᵢ)·3ⁱ⁻¹ mod 31) mod 31`` over positions 1–17 (weights 1, 3, 9, 27,
  19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28), the result written with the code's alphabet;
* position 17 (the 组织机构代码's ninth character): ``11 − (Σ value(cᵢ)·wᵢ mod 11)`` over positions
  9–16 with weights 3, 7, 9, 10, 5, 8, 4, 2 (letters valued A=10 … Z=35), 10 written ``X``, 11 ``0``.

:func:`credit_code_problem` says in Chinese what is wrong (``""`` when the code checks);
:func:`credit_code_check_char` and :func:`org_code_check_char` compute the check characters (the
workbook's native formula mirrors them, tested against them in LibreOffice).  The comparison is
only case- and space-insensitive (as the sheet's formula is; :func:`normalise_code`, the identity key,
also drops dashes and narrows full-width forms); the reader keeps the text as typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from difflib import SequenceMatcher

from greendiag.rules.citations import Citation

_DROP = re.compile(r"[\s\W_]+", re.UNICODE)


def normalise_name(name: str | None) -> str:
    """Name key: NFKC (full-width letters, digits and brackets to half-width), case-folded, with every
    space (of any width) and every bracket or punctuation mark removed; ``''`` for a blank name.

    ``normalise_name("北京绿源（环境） 科技有限公司") == normalise_name("北京绿源(环境)科技有限公司")
    == "北京绿源环境科技有限公司"``.  Pure text: no abbreviations (有限公司/公司) are merged.
    """
    return _DROP.sub("", unicodedata.normalize("NFKC", name or "")).casefold()


def normalise_code(code: str | None) -> str:
    """统一社会信用代码 key: NFKC, upper-case, spaces and dashes removed (``''`` when blank)."""
    return _DROP.sub("", unicodedata.normalize("NFKC", code or "")).upper()


DOUBTFUL_RATIO = 0.9
"""Two different name keys at least this similar (difflib ratio, greendiag's default) are doubtful."""


def doubtful(a: str, b: str) -> bool:
    """Are two names possibly the same party although their keys differ (one key inside the other, or a
    difflib ratio ≥ :data:`DOUBTFUL_RATIO`)?  ``False`` when the keys are equal or either is blank."""
    ka, kb = normalise_name(a), normalise_name(b)
    if not ka or not kb or ka == kb:
        return False
    m = SequenceMatcher(None, ka, kb)
    near = ka in kb or kb in ka or m.ratio() >= DOUBTFUL_RATIO
    return near and not numbered_apart(ka, kb, m)


def numbered_apart(ka: str, kb: str, matcher: SequenceMatcher | None = None) -> bool:
    """Do two different name keys differ only in numbers (digits or numerals: ``…001``/``…002``,
    ``第一分公司``/``第二分公司``)?  Then they are numbered parties, told apart by their numbers, not doubtful
    (greendiag's method).  ``matcher``: a ``SequenceMatcher`` already set to ``ka`` and ``kb``."""
    m = matcher or SequenceMatcher(None, ka, kb)
    changed = [(ka[i1:i2], kb[j1:j2]) for op, i1, i2, j1, j2 in m.get_opcodes() if op != "equal"]
    return bool(changed) and all((a + b).isnumeric() for a, b in changed)


def doubtful_pairs(names: Sequence[str]) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of ``names`` that are :func:`doubtful` — the same pairs as calling it
    on every pair, in that order, but fast enough for a registry's thousand names: difflib's upper bounds
    (lengths, then the characters shared) are checked before its ratio.  Names of one key are never a pair."""
    keys = [normalise_name(n) for n in names]
    out: list[tuple[int, int]] = []
    matcher = SequenceMatcher(None)
    for j, kb in enumerate(keys):
        if not kb:
            continue
        matcher.set_seq2(kb)
        for i in range(j):
            ka = keys[i]
            if not ka or ka == kb:
                continue
            matcher.set_seq1(ka)
            if ka in kb or kb in ka:
                if not numbered_apart(ka, kb, matcher):
                    out.append((i, j))
                continue
            if (matcher.real_quick_ratio() >= DOUBTFUL_RATIO and matcher.quick_ratio() >= DOUBTFUL_RATIO
                    and matcher.ratio() >= DOUBTFUL_RATIO and not numbered_apart(ka, kb, matcher)):
                out.append((i, j))
    out.sort()
    return out



# ── 统一社会信用代码 (GB 32100-2015) ─────────────────────────────────────
CREDIT_CODE_CITE = Citation(document="法人和其他组织统一社会信用代码编码规则（GB 32100-2015）", article="第4、5章")
ORG_CODE_CITE = Citation(document="全国组织机构代码编制规则（GB 11714-1997）", article="第5章")

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 characters of a 统一社会信用代码, in value order (0–30)."""
CREDIT_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
"""Weights of positions 1–17 for the final check character: 3ⁱ⁻¹ mod 31."""
ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
"""Values of the 组织机构代码's characters (0–35; GB 11714)."""
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
CREDIT_CODE_LENGTH = 18



def _as_checked(code: str) -> str:
    """Upper case, spaces removed (as the sheet's formula ``SUBSTITUTE(UPPER(TRIM(x))," ","")``)."""
    return code.strip().replace(" ", "").upper()


def credit_code_check_char(first17: str) -> str:
    """The 18th character of a 统一社会信用代码 whose first 17 characters are ``first17``.

    Raises ``ValueError`` when ``first17`` is not 17 characters of :data:`CREDIT_ALPHABET`.
    GB 32100-2015 第5章 (代码校验字符).
    """
    if len(first17) != 17 or any(c not in CREDIT_ALPHABET for c in first17):
        raise ValueError(f"not 17 characters of the credit-code alphabet: {first17!r}")
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def org_code_check_char(body8: str) -> str:
    """The 9th character of a 组织机构代码 whose first 8 characters are ``body8`` (GB 11714-1997).

    Raises ``ValueError`` when ``body8`` is not 8 digits or upper-case letters.
    """
    if len(body8) != 8 or any(c not in ORG_ALPHABET for c in body8):
        raise ValueError(f"not 8 organisation-code characters: {body8!r}")
    c = 11 - sum(ORG_ALPHABET.index(ch) * w for ch, w in zip(body8, ORG_WEIGHTS, strict=True)) % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def credit_code_problem(code: str) -> str:
    """What is wrong with a 统一社会信用代码, in Chinese; ``""`` when it checks (or is blank).

    Checked in order: 18 characters, each of the code's alphabet (no I、O、S、V、Z), positions 3–8
    six digits (行政区划码), position 17 (the 组织机构代码's check character) and position 18 (the
    code's check character).  The message names the position and the expected character.
    """
    c = _as_checked(code)
    if not c:
        return ""
    cite = f"（{CREDIT_CODE_CITE}）"
    if len(c) != CREDIT_CODE_LENGTH:
        return f"统一社会信用代码应为 18 位，现为 {len(c)} 位{cite}"
    bad = [(i + 1, ch) for i, ch in enumerate(c) if ch not in CREDIT_ALPHABET]
    if bad:
        where = "、".join(f"第{i}位“{ch}”" for i, ch in bad[:3])
        return f"统一社会信用代码只使用数字和除 I、O、S、V、Z 以外的大写字母：{where}不可用{cite}"
    if not c[2:8].isdigit():
        return f"统一社会信用代码第3–8位应为登记管理机关行政区划码（6 位数字），现为“{c[2:8]}”{cite}"
    org = org_code_check_char(c[8:16])
    if c[16] != org:
        return (f"统一社会信用代码第17位（组织机构代码校验码）应为“{org}”，现为“{c[16]}”：代码有误，"
                f"请对照营业执照核对{cite}")
    last = credit_code_check_char(c[:17])
    if c[17] != last:
        return f"统一社会信用代码第18位（校验码）应为“{last}”，现为“{c[17]}”：代码有误，请对照营业执照核对{cite}"
    return ""


def make_credit_code(first16: str) -> str:
    """A checking 统一社会信用代码 from its first 16 characters (both check characters computed).

    For samples and tests (greendiag's helper, not part of the standard).  Raises ``ValueError`` as
    the check-character functions do.
    """
    with_org = first16 + org_code_check_char(first16[8:16])
    return with_org + credit_code_check_char(with_org)


__all__ = ["CREDIT_ALPHABET", "CREDIT_CODE_CITE", "DOUBTFUL_RATIO", "credit_code_check_char", "credit_code_problem",
           "doubtful", "doubtful_pairs", "make_credit_code", "numbered_apart", "normalise_code", "normalise_name", "org_code_check_char"]

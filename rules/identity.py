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
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

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
    if ka in kb or kb in ka:
        return True
    return SequenceMatcher(None, ka, kb).ratio() >= DOUBTFUL_RATIO


__all__ = ["DOUBTFUL_RATIO", "doubtful", "normalise_code", "normalise_name"]

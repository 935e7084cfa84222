"""六、参考文件 of the reports: numbered, from the report text and the evidence the case cites.

《北京市工业园区绿色诊断工作指南》附件2-1 报告格式六: “列出报告编写过程中所使用的相关参考文件（与附件2－1－1和
附件2－1－2证明材料索引一栏对应）”.  The list is the 报告正文 section 六 (its own numbering removed) followed by
every distinct document cited in 附件2-1-1 and the first year's 2-1-2 证明材料索引 (park), the 合规性 证明材料索引
and the 对标分析 sources of the advanced values (enterprise), each once, in the order met.
"""

from __future__ import annotations

import re

from greendiag.rules.models import Case, CaseKind

_NUMBERING = re.compile(r"^\s*(?:[（(]?\d+[）).、．]|[0-9]+\s)\s*")
_SPLIT = re.compile(r"[；;\n]+")


def _items(text: str) -> list[str]:
    return [part.strip(" 　。") for part in _SPLIT.split(text or "") if part.strip(" 　。")]


def _key(text: str) -> str:
    return re.sub(r"[\s《》〈〉“”\"'（）()]", "", text)


def reference_list(case: Case, narrative: list[str]) -> list[str]:
    """The numbered lines of 六、参考文件 (``["1.《…》", "2.…"]``); ``[]`` when nothing is cited.

    ``narrative``: the paragraphs of 报告正文 六 (a leading ``1.`` / ``（1）`` is replaced by the list's own
    number).  Evidence cells are split at ``；`` and line breaks; a document cited twice is listed once.
    """
    found: list[str] = [_NUMBERING.sub("", line).strip() for line in narrative]
    if case.kind is CaseKind.PARK:
        for e in case.basic_requirements:
            found += _items(e.evidence)
        if case.indicator_years:
            for e in case.indicator_years[0].entries:
                found += _items(e.note)
    else:
        for c in case.compliance:
            found += _items(c.evidence)
        for b in case.benchmarks:
            found += _items(b.domestic_source) + _items(b.international_source)
    seen: set[str] = set()
    out: list[str] = []
    for text in found:
        k = _key(text)
        if text and k not in seen:
            seen.add(k)
            out.append(f"{len(out) + 1}.{text}")
    return out

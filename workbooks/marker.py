"""The mark that says "greendiag built this case workbook": a custom document property.

The ribbon button (``greendiag.addin.ribbon``) acts only on a workbook that carries it, so a
click in some other workbook (a budget sheet) changes nothing.  Excel shows the property under
文件 → 信息 → 属性 → 高级属性 → 自定义; Excel, WPS and LibreOffice keep it when they save.
It is a greendiag convention, not part of any source document.

Beside it the workbook is stamped with the rulebook edition it was built under and the build date
(:data:`EDITION_PROPERTY`, :data:`BUILT_PROPERTY`): the reader reads and scores the workbook under
that edition (:func:`case_edition`), so a later edition does not change an earlier workbook's
results, and its 参数 warnings compare with the values the workbook was built with.
"""

from __future__ import annotations

import os
import zipfile
from datetime import date

from defusedxml import ElementTree as SafeET
from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty

from greendiag.rules import citations as C

CASE_PROPERTY = "greendiag"
"""Name of the custom document property; its value is :func:`case_marker_value` of the kind."""

EDITION_PROPERTY = "greendiag规则版本"
"""Custom property: the rulebook edition (its start date, ``2026-11-21``) the workbook was built under."""
BUILT_PROPERTY = "greendiag生成日期"
"""Custom property: the date the workbook was built."""
_CUSTOM_PART = "docProps/custom.xml"
_CUSTOM_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"


def case_marker_value(kind_text: str) -> str:
    """Value of the property, e.g. ``园区案例工作簿``."""
    return f"{kind_text}案例工作簿"


def mark_case_workbook(wb: Workbook, kind_text: str, edition: C.Edition | None = None, built: date | None = None) -> None:
    """Add the case mark and the edition stamp (``edition``: default the current one; ``built``:
    default today) to an openpyxl workbook before it is saved.  An existing stamp is kept: filling a
    workbook does not change the edition it was built under."""
    names = wb.custom_doc_props.names
    if CASE_PROPERTY not in names:
        wb.custom_doc_props.append(StringProperty(name=CASE_PROPERTY, value=case_marker_value(kind_text)))
    if EDITION_PROPERTY not in names:
        ed = edition or C.current_edition()
        wb.custom_doc_props.append(StringProperty(name=EDITION_PROPERTY, value=ed.label))
        wb.custom_doc_props.append(StringProperty(name=BUILT_PROPERTY, value=(built or date.today()).isoformat()))


def edition_stamp(path: str | os.PathLike[str]) -> tuple[str | None, str | None]:
    """(edition, build date) as stamped in the saved workbook at ``path``, each ``None`` when absent."""
    props = _custom_properties(path)
    return props.get(EDITION_PROPERTY), props.get(BUILT_PROPERTY)


def case_edition(path: str | os.PathLike[str]) -> C.Edition:
    """The rulebook edition to read the workbook at ``path`` under: the stamped one; for a workbook
    made before stamps existed, the first edition (it was built under it).

    Raises :class:`greendiag.rules.citations.RulebookError` (Chinese) for a stamp that is not a date
    or lies before every edition — never another edition instead.
    """
    stamp, _ = edition_stamp(path)
    book = C.rulebook()
    if stamp is None:
        return book.edition(book.dates[0])
    try:
        return book.edition(stamp)
    except C.RulebookError as exc:
        raise C.RulebookError(f"工作簿的规则版本“{stamp}”（文档属性 {EDITION_PROPERTY}）无法使用：{exc}") from None


def case_marker(path: str | os.PathLike[str]) -> str | None:
    """The property's value in the saved workbook at ``path``, or None (not marked, not a workbook).

    Reads only ``docProps/custom.xml`` from the zip: the workbook is not loaded or modified.
    """
    return _custom_properties(path).get(CASE_PROPERTY)


def _custom_properties(path: str | os.PathLike[str]) -> dict[str, str]:
    """The custom document properties (non-empty text) of the workbook at ``path``; ``{}`` when none
    or not a workbook.  Reads only ``docProps/custom.xml`` from the zip."""
    try:
        with zipfile.ZipFile(path) as zf:
            if _CUSTOM_PART not in zf.namelist() or zf.getinfo(_CUSTOM_PART).file_size > 1_000_000:
                return {}
            root = SafeET.fromstring(zf.read(_CUSTOM_PART))
    except (OSError, zipfile.BadZipFile, SafeET.ParseError, ValueError):
        return {}
    out: dict[str, str] = {}
    for prop in root.iter(f"{_CUSTOM_NS}property"):
        text = "".join(prop.itertext()).strip()
        if prop.get("name") and text and prop.get("name") not in out:
            out[prop.get("name")] = text
    return out

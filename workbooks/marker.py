"""The mark that says "greendiag built this case workbook": a custom document property.

The ribbon button (``greendiag.addin.ribbon``) acts only on a workbook that carries it, so a
click in some other workbook (a budget sheet) changes nothing.  Excel shows the property under
文件 → 信息 → 属性 → 高级属性 → 自定义; Excel, WPS and LibreOffice keep it when they save.
It is a greendiag convention, not part of any source document.
"""

from __future__ import annotations

import os
import zipfile

from defusedxml import ElementTree as SafeET
from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty

CASE_PROPERTY = "greendiag"
"""Name of the custom document property; its value is :func:`case_marker_value` of the kind."""

_CUSTOM_PART = "docProps/custom.xml"
_CUSTOM_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"


def case_marker_value(kind_text: str) -> str:
    """Value of the property, e.g. ``园区案例工作簿``."""
    return f"{kind_text}案例工作簿"


def mark_case_workbook(wb: Workbook, kind_text: str) -> None:
    """Add the custom document property to an openpyxl workbook before it is saved."""
    if CASE_PROPERTY not in wb.custom_doc_props.names:
        wb.custom_doc_props.append(StringProperty(name=CASE_PROPERTY, value=case_marker_value(kind_text)))


def case_marker(path: str | os.PathLike[str]) -> str | None:
    """The property's value in the saved workbook at ``path``, or None (not marked, not a workbook).

    Reads only ``docProps/custom.xml`` from the zip: the workbook is not loaded or modified.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            if _CUSTOM_PART not in zf.namelist() or zf.getinfo(_CUSTOM_PART).file_size > 1_000_000:
                return None
            root = SafeET.fromstring(zf.read(_CUSTOM_PART))
    except (OSError, zipfile.BadZipFile, SafeET.ParseError, ValueError):
        return None
    for prop in root.iter(f"{_CUSTOM_NS}property"):
        if prop.get("name") == CASE_PROPERTY:
            return "".join(prop.itertext()).strip() or None
    return None

"""The Excel function catalogue of ``greendiag.addin.udfs`` as xlwings registers it.

On Linux ``xlwings.func`` / ``xlwings.arg`` are no-ops and ``xlwings.udfs`` needs pywin32,
so a subprocess stubs the pywin32 modules, puts xlwings' real Windows decorators
(``xlwings.udfs.xlfunc`` / ``xlarg`` / ``xlret``) in place and imports ``greendiag.addin.udfs``: the
resulting ``__xlfunc__`` metadata is exactly what ``xlwings.udfs.import_udfs`` turns into
Excel's function help (``Application.MacroOptions(Description=ret doc[:255],
ArgumentDescriptions=[arg doc[:255] …])``).
"""

from __future__ import annotations

import inspect
import json
import re
import subprocess
import sys

import pytest

EXPECTED = {  # issue 2: names and argument order
    "REWARD_CAP": ["unit_type", "output_value", "review_result", "materials_ok"],
    "PROVIDER_ANNUAL_REWARD": ["amounts"],
    "INDICATOR_SCORE": ["number", "indicator_value", "leading_value"],
    "PARK_SCORE": ["values", "leading_values"],
    "ONSITE_WORKDAYS": ["start_date", "end_date", "calendar_table"],
    "ONSITE_CHECK": ["unit_type", "start_date", "end_date", "calendar_table"],
    "BJ_CHANGE_DUE": ["handled_date", "calendar_table"],
    "TEAM_CHECK": ["roster"],
    "PROVIDER_STATUS": ["unsatisfied_count", "failed_count", "fee_charged", "fraud", "serious_impact", "funds_fraud"],
    "FACTORY_TIER": ["score"],
    "GZ_STAR": ["score", "provincial", "national"],
    "HLJ_REVIEW": ["score"],
}

CJK = re.compile(r"[\u4e00-\u9fff]")
CITATION = re.compile(r"《[^》]+》[^《]{0,20}?(第[一二三四五六七八九十百零〇0-9]+条|附件[0-9\-]+|[一二三四五六七八九十]+[、（(])")
XL_DESCRIPTION_LIMIT = 255  # xlwings truncates descriptions to what MacroOptions accepts

_PROBE = r"""
import json, sys
from unittest import mock
for name in ("pythoncom", "pywintypes", "win32api", "win32con", "win32com", "win32com.client"):
    sys.modules[name] = mock.MagicMock(name=name)
import xlwings, xlwings.udfs as u
xlwings.func, xlwings.arg, xlwings.ret, xlwings.sub = u.xlfunc, u.xlarg, u.xlret, u.xlsub
import greendiag.addin.udfs as m
out = {}
for attr in dir(m):
    f = getattr(m, attr)
    x = getattr(f, "__xlfunc__", None)
    if x is None or not getattr(f, "__module__", "").startswith(m.__name__):  # udfs and its udfs_<area> modules
        continue
    out[x["name"]] = {
        "doc": x["ret"]["doc"],
        "category": x["category"],
        "args": [{"name": a["name"], "doc": a["doc"], "optional": "optional" in a} for a in x["args"]],
    }
print(json.dumps(out, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def registered() -> dict:
    """{function name: {doc, category, args: [{name, doc, optional}]}} as xlwings on Windows sees it."""
    proc = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def udfs():
    import greendiag.addin.udfs

    return greendiag.addin.udfs


def test_every_required_function_is_registered_with_its_argument_order(registered):
    for name, args in EXPECTED.items():
        assert name in registered, f"{name} is not registered with xlwings"
        assert [a["name"] for a in registered[name]["args"]] == args, name


def test_every_function_has_a_chinese_description_with_a_citation(registered):
    for name, info in registered.items():
        doc = info["doc"]
        shown = doc[:XL_DESCRIPTION_LIMIT]  # what MacroOptions gets from xlwings
        assert CJK.search(shown), f"{name}: the description Excel shows is not Chinese"
        assert CITATION.search(shown), f"{name}: no citation 《文件》第…条 in the description Excel shows"


def test_every_argument_has_a_chinese_description_excel_can_show(registered):
    for name, info in registered.items():
        for arg in info["args"]:
            doc = arg["doc"]
            assert not doc.startswith("Positional argument"), f"{name}({arg['name']}): no @arg(doc=...)"
            assert CJK.search(doc), f"{name}({arg['name']}): argument description is not Chinese"
            assert len(doc) <= XL_DESCRIPTION_LIMIT, f"{name}({arg['name']}): Excel cuts it at 255 characters"


def test_functions_are_plain_python_on_linux_and_match_the_registration(registered, udfs):
    for name, info in registered.items():
        f = getattr(udfs, name)
        assert callable(f)
        assert list(inspect.signature(f).parameters) == [a["name"] for a in info["args"]], name


def test_catalogue_lists_the_registered_functions_with_citations(registered, udfs):
    catalogue = udfs.CATALOGUE
    entries = list(catalogue.values()) if isinstance(catalogue, dict) else list(catalogue)
    names = [getattr(e, "name", None) or e["name"] for e in entries]
    assert set(EXPECTED) <= set(names)
    assert set(names) <= set(registered), set(names) - set(registered)
    for e in entries:
        cite = getattr(e, "cite", None) or getattr(e, "citation", None) or getattr(e, "citations", None)
        assert cite, f"{e}: no citation"
        assert "《" in str(cite) and "》" in str(cite)
        args = getattr(e, "args", None)
        if args is not None:  # the catalogue shows the same argument help Excel shows
            reg = registered[e.name]["args"]
            assert [a for a, _doc in args] == [a["name"] for a in reg], e.name
            assert [d for _a, d in args] == [a["doc"] for a in reg], e.name


def test_the_addins_udf_modules_setting_names_this_module(udfs):
    import importlib

    from greendiag.addin.build import UDF_MODULES, conf_entries

    assert dict(conf_entries())["UDF Modules"] == UDF_MODULES
    assert importlib.import_module(UDF_MODULES) is udfs


def test_functions_share_one_category_in_the_insert_function_dialog(registered):
    from pathlib import Path

    categories = {info["category"] for info in registered.values()}
    assert len(categories) == 1 and categories != {"xlwings"}, categories
    doc = (Path(__file__).resolve().parents[1] / "docs" / "excel.md").read_text(encoding="utf-8")
    assert f"类别“{categories.pop()}”" in doc

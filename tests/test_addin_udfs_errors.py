"""Excel error values reach every function as errors, and the answer is a whole Chinese message.

A subprocess stubs pywin32, puts xlwings' real Windows decorators in place, imports
``greendiag.addin.udfs`` and converts each error the way ``xlwings.udfs.call_udf`` does for a UDF
argument: ``conversion.read(None, value, options)`` for a value (a literal or a formula such as
``NA()``) and ``conversion.read(Range, None, options)`` for a cell reference, with the Windows
engine's cleaning (``xlwings._xlwindows``) and the options each argument is registered with.
COM hands Excel errors to Python as ``VT_ERROR`` integers (0x800A0000 + ``xlErr…``).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

ERRORS = {"#N/A": -2146826246, "#DIV/0!": -2146826281, "#REF!": -2146826265, "#VALUE!": -2146826273}

_PROBE = r"""
import ctypes, json, sys, types
from unittest import mock

for name in ("pythoncom", "pywintypes", "win32api", "win32con", "win32com", "win32com.client", "win32gui",
             "win32process", "win32timezone", "win32com.client.dynamic", "win32com.client.gencache"):
    sys.modules[name] = mock.MagicMock(name=name)
sys.modules["pythoncom"].__file__ = "pythoncom.dll"
sys.modules["pywintypes"].TimeType = type("PyTime", (), {})  # isinstance() needs a class
sys.modules["pywintypes"].com_error = type("com_error", (Exception,), {})
ctypes.oledll = ctypes.windll = ctypes.PyDLL = mock.MagicMock(name="windll")  # Windows-only parts of ctypes
import xlwings
import xlwings._xlwindows as win
import xlwings.udfs as u
from xlwings import conversion

xlwings.func, xlwings.arg, xlwings.ret, xlwings.sub = u.xlfunc, u.xlarg, u.xlret, u.xlsub
excel = xlwings.main.Engine(impl=win.engine)
xlwings.engines.add(excel)
import greendiag.addin.udfs as m

ERRORS = json.loads(sys.argv[1])


def cell(value):
    # what call_udf reads for a cell reference: the COM Range's Value, cleaned by the Windows engine
    app = types.SimpleNamespace(engine=excel)
    return types.SimpleNamespace(raw_value=value, impl=types.SimpleNamespace(max_cells_per_read=None),
                                 sheet=types.SimpleNamespace(book=types.SimpleNamespace(app=app)))


out = []
for name in m.CATALOGUE:
    f = getattr(m, name)
    args = f.__xlfunc__["args"]
    for a in args:
        plain = {k: v for k, v in a["options"].items() if k != "err_to_str"}
        for text, code in ERRORS.items():
            for how, read in (
                ("value", lambda o: conversion.read(None, code, o)),
                ("cell", lambda o: conversion.read(cell([[code]]), None, o)),
            ):
                delivered = read(a["options"])
                call = [None] * len(args)
                call[a["pos"]] = delivered
                result = f(*call)
                out.append({
                    "function": name, "arg": a["name"], "error": text, "how": how,
                    "options": a["options"], "delivered": repr(delivered),
                    "without_option": repr(read(plain)), "result": repr(result),
                    "result_text": result if isinstance(result, str) else None,
                    # call_udf's last step: what goes back to the VBA wrapper and into the cell
                    "written": conversion.write(result, None, f.__xlfunc__["ret"]["options"]),
                })
print(json.dumps(out, ensure_ascii=False, default=lambda o: o.__name__))  # convert=ReaderText: a class
"""


@pytest.fixture(scope="module")
def calls() -> list[dict]:
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(ERRORS)], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_every_argument_of_every_function_is_called_with_each_error(calls):
    import inspect

    import greendiag.addin.udfs as udfs

    expected = sum(len(inspect.signature(getattr(udfs, n)).parameters) for n in udfs.CATALOGUE) * len(ERRORS) * 2
    assert len(calls) == expected


def test_every_argument_is_registered_to_receive_errors_as_errors(calls):
    for c in calls:
        assert c["options"].get("err_to_str") is True, f"{c['function']}({c['arg']})"


def test_without_the_option_xlwings_would_pass_a_blank(calls):
    """Why the option matters: by default an error cell arrives as None, like an empty cell."""
    scalar = [c for c in calls if c["how"] == "value" and "ndim" not in c["options"]]
    assert scalar and all(c["without_option"] == "None" for c in scalar)


def test_every_function_answers_an_error_argument_with_a_chinese_message_naming_it(calls):
    for c in calls:
        where = f"{c['function']}({c['arg']} = {c['error']} as a {c['how']})"
        text = c["result_text"]
        assert text is not None, f"{where}: returned {c['result']}, as if the cell were blank"
        assert text.startswith("错误：参数 " + c["arg"]), f"{where}: {text}"
        assert c["error"] in text and "错误值" in text, f"{where}: {text}"
        assert c["written"] == [[text]], f"{where}: xlwings hands back {c['written']!r}"  # a 1×1 array: one cell


def test_range_arguments_name_the_cell_holding_the_error():
    import greendiag.addin.udfs as u

    values = [[50.0]] * 31
    values = values[:6] + [["#DIV/0!"]] + values[7:]
    assert u.PARK_SCORE(values) == "错误：参数 values 的第7个单元格是错误值 #DIV/0!：请先改正该单元格（或它引用的单元格）"
    assert u.PARK_SCORE([[50.0]] * 31, [[None]] * 30 + [[ERRORS["#N/A"]]]).startswith(
        "错误：参数 leading_values 的第31个单元格是错误值 #N/A"
    )
    # the newer errors arrive as integers even with err_to_str: still errors, not numbers
    assert u.FACTORY_TIER(-2146826243).startswith("错误：参数 score 是错误值 #SPILL!")
    # a text that merely starts with # is ordinary (bad) input, not an error value
    assert u.FACTORY_TIER("#1").startswith("错误：参数 score 的值")


def test_an_unexpected_exception_is_shown_whole_not_raised(monkeypatch):
    import greendiag.addin.udfs as u

    def boom(*_a):
        raise KeyError("x")

    monkeypatch.setattr(u._u, "factory_tier", boom)
    assert u.FACTORY_TIER(70.0) == "错误：greendiag 内部错误（KeyError：'x'），请把公式和参数告知维护者"

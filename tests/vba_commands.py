"""The command lines the add-in's VBA builds, evaluated from its own source (a test helper).

:func:`button_command` and :func:`server_command` take the decoded ``xlwings`` module and evaluate,
in order, the very statements ``RunPython``/``ExecuteWindows`` (the 生成文书 button) and
``XLPyCommand`` (the functions' server, started by xlwings' DLL) use to build their command, with
a small evaluator of VBA string expressions (literals, ``&``, variables, ``Chr``, ``Replace``,
``GetConfig``).  :func:`cmd_to_argv` then does what ``cmd.exe /C`` or ``/K`` and the Microsoft C
runtime do to such a line ("Parsing C command-line arguments"; ``cmd /?`` on quotes after ``/K``),
giving the ``argv`` Python receives.  Only the Windows branches are evaluated; each statement
must occur exactly once in its procedure, so a template that changes fails loudly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

_TOKEN = re.compile(r'\s*(?:(?P<str>"(?:[^"]|"")*")|(?P<num>\d+)|(?P<name>[A-Za-z_][\w.$]*)|(?P<op>[&+(),]))')


def vba_eval(expr: str, env: Mapping[str, object], functions: Mapping[str, Callable]) -> str:
    """Value of a VBA string expression: ``"lit"`` / number / ``name`` / ``F(args)``, joined by ``&`` or ``+``."""
    tokens = []
    pos = 0
    while pos < len(expr.rstrip()):
        m = _TOKEN.match(expr, pos)
        if not m:
            raise ValueError(f"cannot read VBA expression at {expr[pos:]!r}")
        kind = m.lastgroup
        tokens.append((kind, m[kind]))
        pos = m.end()
    tokens.append(("end", ""))
    i = 0

    def term():
        nonlocal i
        kind, text = tokens[i]
        i += 1
        if kind == "str":
            return text[1:-1].replace('""', '"')
        if kind == "num":
            return int(text)
        if kind != "name":
            raise ValueError(f"unexpected {text!r} in {expr!r}")
        if tokens[i] == ("op", "("):
            i += 1
            args = []
            while tokens[i] != ("op", ")"):
                args.append(concat())
                if tokens[i] == ("op", ","):
                    i += 1
            i += 1
            return functions[text](*args)
        return env[text]

    def concat():
        nonlocal i
        value = str(term())
        while tokens[i] in (("op", "&"), ("op", "+")):
            i += 1
            value += str(term())
        return value

    value = concat()
    if tokens[i][0] != "end":
        raise ValueError(f"trailing {tokens[i][1]!r} in {expr!r}")
    return value


def procedure(code: str, kind: str, name: str) -> str:
    """Body of ``Function``/``Sub`` ``name`` with line continuations (`` _``) joined."""
    start = code.index(f"{kind} {name}(")
    body = code[start: code.index(f"End {kind}", start)]
    return re.sub(r" _\r?\n\s*", " ", body)


def statement(body: str, lhs: str, must_contain: str = "", must_not_contain: str = "\0") -> str:
    """The right-hand side of the one assignment ``lhs = …`` in ``body`` (filtered by the two texts)."""
    found = [
        line.strip()[len(lhs) + 3:]
        for line in body.splitlines()
        if line.strip().startswith(f"{lhs} = ") and must_contain in line and must_not_contain not in line
    ]
    if len(found) != 1:
        raise AssertionError(f"{len(found)} assignments of {lhs} in the procedure (expected 1)")
    return found[0]


def _functions(config: Mapping[str, str]) -> dict[str, Callable]:
    return {
        "Chr": lambda n: chr(int(n)),
        "Replace": lambda s, a, b: s.replace(a, b),
        "GetConfig": lambda key, default="": config.get(key.upper(), default),
        "WScript.Run": lambda command, *_rest: command,
        "Left$": lambda s, n: s[: int(n)],
        "ParentFolder": lambda p: p.rsplit("\\", 1)[0],
    }


def button_command(code: str, *, interpreter: str, active_full_name: str, this_full_name: str,
                   python_command: str, config: Mapping[str, str], log_file: str) -> str:
    """What ``RunPython python_command`` hands to ``WScript.Run`` (an absolute ``Interpreter_Win``, no conda)."""
    fns = _functions(config)
    run = procedure(code, "Function", "RunPython")
    env: dict[str, object] = {"ActiveFullName": active_full_name, "ThisFullName": this_full_name}
    env["AddExcelDir"] = vba_eval(statement(run, "AddExcelDir", "GetConfig"), env, fns)
    env["PYTHONPATH"] = vba_eval(statement(run, "PYTHONPATH", "AddExcelDir", "_MAC"), env, fns)
    ex = procedure(code, "Function", "ExecuteWindows")
    assert re.match(r"[A-Za-z]:\\", interpreter), "a drive-letter path, as the bundle writes it"
    env.update(PYTHON_WIN=interpreter, PythonCommand=python_command, LOG_FILE=log_file, CondaCmd="",
               WindowStyle=0, WaitOnReturn=True,
               **{"ActiveWorkbook.Name": active_full_name.replace("\\", "/").rsplit("/", 1)[-1],
                  "Application.Path": r"C:\Program Files\Microsoft Office\root\Office16",
                  "Application.Name": "Microsoft Excel", "Application.Hwnd": 65852})
    env["PythonDir"] = vba_eval(statement(ex, "PythonDir", "ParentFolder"), env, fns)
    env["DriveCommand"] = vba_eval(statement(ex, "DriveCommand", '& cd """'), env, fns)
    for old, new in (("&", "^&"), ("\\", "\\\\")):
        env["PYTHONPATH"] = vba_eval(statement(ex, "PYTHONPATH", f'"{old}", "{new}"'), env, fns)
    env["PythonInterpreter"] = vba_eval(statement(ex, "PythonInterpreter", "Chr(34)"), env, fns)
    env["RunCommand"] = vba_eval(statement(ex, "RunCommand", "PythonInterpreter"), env, fns)
    return vba_eval(statement(ex, "ExitCode", "WScript.Run"), env, fns)


def server_command(code: str, *, interpreter: str, active_full_name: str, this_full_name: str,
                   config: Mapping[str, str]) -> str:
    """What ``XLPyCommand`` returns for xlwings' DLL to start the functions' server (no conda, no console)."""
    fns = _functions({**config, "INTERPRETER_WIN": interpreter})
    body = procedure(code, "Function", "XLPyCommand")
    env: dict[str, object] = {"ActiveWorkbook.FullName": active_full_name, "ThisWorkbook.FullName": this_full_name,
                              "ConsoleSwitch": "", "LicenseKeyEnvString": ""}
    env["AddExcelDir"] = vba_eval(statement(body, "AddExcelDir"), env, fns)
    env["PYTHONPATH"] = vba_eval(statement(body, "PYTHONPATH", "AddExcelDir"), env, fns)
    for old, new in (("\\", "\\\\"), ("'", "\\'"), ("&", "^&")):
        env["PYTHONPATH"] = vba_eval(statement(body, "PYTHONPATH", f'"{old}", "{new}"'), env, fns)
    env["PYTHON_WIN"] = vba_eval(statement(body, "PYTHON_WIN", '"INTERPRETER_WIN"'), env, fns)
    env["PYTHON_WIN"] = vba_eval(statement(body, "PYTHON_WIN", "/K", "CondaCmd"), env, fns)
    env["tail"] = vba_eval(statement(body, "tail"), env, fns)
    return vba_eval(statement(body, "XLPyCommand", "tail"), env, fns)


def msvcrt_argv(line: str) -> list[str]:
    """``argv`` as the Microsoft C runtime splits a command line (backslashes before quotes, ``""`` in quotes)."""
    args: list[str] = []
    current, quoted, started, i = [], False, False, 0
    while i < len(line):
        ch = line[i]
        if ch == "\\":
            n = len(line[i:]) - len(line[i:].lstrip("\\"))
            if line[i + n: i + n + 1] == '"':
                current.append("\\" * (n // 2))
                if n % 2:
                    current.append('"')
                    i += n + 1
                else:
                    i += n
            else:
                current.append("\\" * n)
                i += n
            started = True
            continue
        if ch == '"':
            if quoted and line[i + 1: i + 2] == '"':
                current.append('"')
                i += 2
                continue
            quoted, started = not quoted, True
        elif ch in " \t" and not quoted:
            if started:
                args.append("".join(current))
                current, started = [], False
        else:
            current.append(ch)
            started = True
        i += 1
    if started:
        args.append("".join(current))
    return args


def cmd_to_argv(command: str) -> tuple[list[str], list[str]]:
    """``(commands before the program, the program's argv)`` for a ``cmd.exe /C`` or ``/K`` line.

    After ``/C`` or ``/K`` with more than two quotes, cmd removes the first character if it is a
    quote and the last quote; outside quotes ``^`` escapes the next character, ``&`` separates
    commands and ``2> "file"`` at the end redirects stderr.  The last command is the program; the
    ones before it (``C:``, ``cd "…"``) are returned as text.  ``|``, ``<``, ``>`` elsewhere are refused.
    """
    m = re.match(r"cmd\.exe\s+(?:/\w+\s+)*?/([CK])\s", command, re.I)
    assert m, command
    rest = command[m.end():]
    if rest.count('"') > 2 and rest.startswith('"'):
        last = rest.rindex('"')
        rest = rest[1:last] + rest[last + 1:]
    commands, out, quoted, i = [], [], False, 0
    while i < len(rest):
        ch = rest[i]
        if ch == '"':
            quoted = not quoted
        elif ch == "^" and not quoted:
            i += 1
            ch = rest[i]
        elif ch == "&" and not quoted:
            commands.append("".join(out).strip())
            out, i = [], i + 1
            continue
        elif ch in "|<>" and not quoted:
            if ch == ">" and out[-1:] == ["2"] and re.fullmatch(r'> "[^"]*" *', rest[i:]):
                out.pop()  # the "2" of "2>": stderr to xlwings' log file
                break
            raise AssertionError(f"unexpected {ch!r} in {rest!r}")
        out.append(ch)
        i += 1
    return commands, msvcrt_argv("".join(out))

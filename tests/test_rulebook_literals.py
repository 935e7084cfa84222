"""Policy values are typed only in the rulebook (issue 22, "Done when": ``grep`` finds 20, 12, 8, 300,
60/80/90 and the 31 indicator names only in rules/params).

The package's sources outside ``rules/params`` are read as Python: every string a user can see (string
literals and f-string parts; docstrings are documentation and left out, except the docstrings of the
Excel functions in ``addin/``, which are the function wizard's help) is searched for the documents'
numbers in the context that makes them policy — the reward caps (20/12/8 万元), the annual cap
(300 万元), the output line (10 亿元 = 100000 万元), the score lines (60/80/90 分, ``>=60`` …), the
count of indicators (31项, 1–31, /31) — and for the 31 indicator names.  Whole numbers 31 and 32 in
code where they count indicators (``range(1, 32)``, ``n <= 31``, ``[:31]``, ``Field(le=31)``, a
range of 31 cells) are refused too.  Such a text must be built from the rulebook:
``rules/params`` values, ``len(INDICATORS)``, or a sentence of ``rules/mirrored.py``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from greendiag import rules

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("rules", "generator", "workbooks", "forms", "addin", "registry", "greendiag")

POLICY = re.compile(
    r"(?<![\d.])(?:20|12|8|300)(?:\s*[或、/和]\s*\d+)*\s*万元"   # 第十九条 caps, 第二十条 annual cap
    r"|(?<![\d.])(?:10\s*亿元|100000\s*万元)"                       # 第十九条 output line
    r"|(?<![\d.])(?:60|80|90)\s*分"                                   # score lines (60/80/90 分)
    r"|[<>]=?\s*(?:60|80|90)(?![\d.])"                                # … as written in a formula
    r"|(?<![\d.])31\s*[项个×x]|/\s*31(?![\d.])|(?<![\d.])1\s*[–-]\s*31(?![\d.])|31\s*[×x]"  # count of indicators
)


def _sources() -> list[Path]:
    out = []
    for pkg in PACKAGES:
        for p in sorted((ROOT / pkg).rglob("*.py")):
            if "params" not in p.relative_to(ROOT).parts[:2]:
                out.append(p)
    return out


def _docstring_nodes(tree: ast.AST, keep_functions: bool) -> set[int]:
    """ids of the Constant nodes that are docstrings (left out of the search)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            if keep_functions and isinstance(node, ast.FunctionDef) and node.decorator_list:
                continue
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                out.add(id(body[0].value))
        # attribute docstrings: a string expression right after an assignment
        for field in ("body", "orelse"):
            stmts = getattr(node, field, None)
            if isinstance(stmts, list):
                for a, b in zip(stmts, stmts[1:], strict=False):
                    if isinstance(a, (ast.Assign, ast.AnnAssign)) and isinstance(b, ast.Expr) \
                            and isinstance(b.value, ast.Constant) and isinstance(b.value.value, str):
                        out.add(id(b.value))
    return out


ALLOWED_NAMES = {
    # 对标分析's suggested rows for an enterprise (rules.enterprise.BENCHMARK_SUGGESTIONS), not the park indicator
    ("rules/enterprise.py", "可再生能源使用比例"),
}
SAMPLES = "generator/samples.py"
"""The fictional sample cases: their texts are a user's words (indicator names, counts), not policy."""

_COUNT_CALLS = frozenset({"range", "_vector"})
_COUNT_KEYWORDS = frozenset({"le", "lt", "min_length", "max_length"})


def _counts_indicators(node: ast.Constant, parent: dict[int, ast.AST]) -> bool:
    """An int 31/32 used as the count of indicators (see the module docstring)."""
    up = parent.get(id(node))
    if isinstance(up, ast.UnaryOp):
        up = parent.get(id(up))
    if isinstance(up, (ast.Compare, ast.Slice)):
        return True
    if isinstance(up, ast.keyword):
        return up.arg in _COUNT_KEYWORDS
    if isinstance(up, ast.Call):
        f = up.func
        name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
        return name in _COUNT_CALLS
    return False


def _findings() -> list[str]:
    names = [i.name for i in rules.INDICATORS]
    found = []
    for path in _sources():
        rel = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstring_nodes(tree, keep_functions=rel.startswith("addin/udfs"))
        parent = {id(c): n for n in ast.walk(tree) for c in ast.iter_child_nodes(n)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Constant) or id(node) in docs:
                continue
            v = node.value
            if isinstance(v, int) and not isinstance(v, bool) and v in (31, 32) and _counts_indicators(node, parent):
                found.append(f"{rel}:{node.lineno}: {v}（指标项数，应为 len(INDICATORS)）")
            elif isinstance(v, str) and rel != SAMPLES:
                for m in POLICY.finditer(v):
                    found.append(f"{rel}:{node.lineno}: “{m.group(0)}” in {v[:60]!r}")
                for n in names:
                    if n in v and (rel, n) not in ALLOWED_NAMES:
                        found.append(f"{rel}:{node.lineno}: 指标名“{n}”")
    return found


def test_policy_values_are_typed_only_in_the_rulebook():
    found = _findings()
    assert not found, "规则数值写在 rules/params 之外：\n" + "\n".join(found)


@pytest.mark.parametrize("text", ["园区不超过20万元", "12或8万元", "上限300 万元", "产值10亿元", "得分≥60分",
                                  "IF(A1>=90,", "31项指标", "12/31项", "序号 1–31"])
def test_the_search_finds_what_it_looks_for(text):
    assert POLICY.search(text)


@pytest.mark.parametrize("text", ["120分", "2026年12月", "第12项", "1200万元", "60天", "31日", "2099-12-31"])
def test_the_search_leaves_other_numbers(text):
    assert not POLICY.search(text)

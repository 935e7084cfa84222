"""Citations and cited parameters: every rule value carries the document and article it comes from.

Parameters live as data in ``rules/params/*.toml`` (one file per source document in
``../shared/seeds/``).  Each entry is a table ``{value = ..., article = "第十九条"}``;
the file's ``[document]`` table names the document.  :func:`load_params` turns a file
into a mapping of :class:`Param`.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict


class Citation(BaseModel):
    """A place in a source document, e.g. 《北京市制造业绿色诊断工作规则》第十九条."""

    model_config = ConfigDict(frozen=True)

    document: str
    article: str = ""

    def __str__(self) -> str:
        return f"《{self.document}》{self.article}"


class Param(BaseModel):
    """One rule parameter (threshold, cap, leading value, deadline, list) with its citation."""

    model_config = ConfigDict(frozen=True)

    key: str
    value: Any
    cite: Citation
    unit: str = ""
    note: str = ""
    extra: dict[str, Any] = {}
    """Other keys of the entry (e.g. an indicator's number, group, name, direction)."""

    def __str__(self) -> str:
        unit = self.unit if self.unit else ""
        return f"{self.value}{unit}（{self.cite}）"


class Check(BaseModel):
    """Outcome of a rule check: ``ok`` with the reasons it fails, each reason citing its rule.

    ``text`` is what a user sees in Excel or a ledger: ``"符合"`` or ``"不符合：<理由>；<理由>"``.
    """

    model_config = ConfigDict(frozen=True)

    ok: bool
    reasons: tuple[str, ...] = ()
    cite: Citation

    @property
    def text(self) -> str:
        return "符合" if self.ok else "不符合：" + "；".join(self.reasons)


_PARAM_KEYS = frozenset({"value", "article", "document", "unit", "note"})


@cache
def load_params(name: str) -> dict[str, Param]:
    """Load ``rules/params/<name>.toml`` into ``{key: Param}``.

    Raises ``FileNotFoundError`` for an unknown name and ``ValueError`` naming the key for an
    entry without ``value`` or ``article``.
    """
    text = resources.files("greendiag.rules.params").joinpath(f"{name}.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    document = data.pop("document")["title"]
    params: dict[str, Param] = {}
    for key, entry in data.items():
        if not isinstance(entry, dict) or "value" not in entry or "article" not in entry:
            raise ValueError(f"参数文件 {name}.toml 中的 {key} 缺少 value 或 article")
        params[key] = Param(
            key=key,
            value=entry["value"],
            cite=Citation(document=entry.get("document", document), article=entry["article"]),
            unit=entry.get("unit", ""),
            note=entry.get("note", ""),
            extra={k: v for k, v in entry.items() if k not in _PARAM_KEYS},
        )
    return params

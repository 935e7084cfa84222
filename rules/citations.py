"""The rulebook: every rule value with its document, article, basis, verification and dated values.

Parameters live as data in ``rules/params/*.toml`` (one file per source document in
``../shared/seeds/``), in OpenFisca-core's shape — values keyed by the date they start, references
as metadata, read at an instant::

    [document]                      # the source document
    title = "北京市制造业绿色诊断工作规则"
    number = "unknown"              # 文号, or "unknown"
    status = "in force"             # in force / draft for comment / superseded
    seed = "000_c1c7b049d87ce64a.txt"
    published = "unknown"           # a date where the seed gives one, else "unknown" (never guessed)
    in_force = "unknown"            # likewise
    status_note = "…"

    [reward_cap_park]
    unit = "万元"
    article = "第十九条"
    note = "…"
    basis = "document"              # document / reading (greendiag's reading) / default (greendiag's default)
    verified = { against = "seed 000_c1c7b049d87ce64a.txt", on = 2026-12-07, how = "…" }  # or "not verified"
    values.2026-11-21.value = 20    # start date → value; a later start date is a new edition
    # values.2028-01-01.expired = true   ends the value's validity (OpenFisca's null)

An **edition** is the rulebook as it stands on one of its start dates: :meth:`Rulebook.edition`
picks, for an instant, the latest start date on or before it.  The first edition, 2026-11-21, is
the date greendiag transcribed the values from the seeds — not a document's in-force date (unknown
for all five seeds).  A date before every edition, or a parameter with no value valid on the
edition's date, raises :class:`RulebookError` with a Chinese message; nothing falls back silently.

:func:`load_params` gives ``{key: Param}`` of one file in today's edition (or the edition passed).
Rule modules hold :func:`edition_params` instead: a view read at each access in the *current*
edition — the one a rule was called with (``edition=`` keyword added by :func:`with_edition`, or
:func:`using`), today's edition otherwise.  Nothing is read once at import.
"""

from __future__ import annotations

import functools
import inspect
import tomllib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

Basis = Literal["document", "reading", "default"]
BASIS_TEXT: dict[str, str] = {"document": "文件规定", "reading": "greendiag 的读法", "default": "greendiag 默认值"}
"""How each basis is shown to users (参数 sheet, ``greendiag rules``)."""
STATUS_TEXT: dict[str, str] = {"in force": "现行", "draft for comment": "征求意见稿", "superseded": "已被取代"}
UNKNOWN = "unknown"
NOT_VERIFIED = "not verified"
FIRST_EDITION = date(2026, 11, 21)
"""The first edition: the date the values were transcribed from the seeds (not a document's date)."""


class RulebookError(ValueError):
    """A rulebook file breaks the format, or no value is valid at the requested date (Chinese message)."""


class Citation(BaseModel):
    """A place in a source document, e.g. 《北京市制造业绿色诊断工作规则》第十九条."""

    model_config = ConfigDict(frozen=True)

    document: str
    article: str = ""

    def __str__(self) -> str:
        return f"《{self.document}》{self.article}"


class Verified(BaseModel):
    """A verification record: the value was checked ``against`` a text ``on`` a date, ``how``."""

    model_config = ConfigDict(frozen=True)

    against: str
    on: date
    how: str = ""

    def __str__(self) -> str:
        return f"已核实：{self.against}，{self.on.isoformat()}" + (f"（{self.how}）" if self.how else "")


class Document(BaseModel):
    """A source document's ``[document]`` table: title, 文号, status, seed, dates ("unknown" where unknown)."""

    model_config = ConfigDict(frozen=True)

    name: str
    title: str
    number: str
    status: Literal["in force", "draft for comment", "superseded"]
    seed: str
    published: date | Literal["unknown"]
    in_force: date | Literal["unknown"]
    status_note: str = ""

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]


class Param(BaseModel):
    """One rule parameter (threshold, cap, leading value, deadline, list) as read in one edition.

    ``value`` is the value valid on the edition's date, ``start`` the date it started; ``basis`` says
    whether it is the document's, greendiag's reading or greendiag's default; ``verified`` is the
    verification record (``None``: not verified).
    """

    model_config = ConfigDict(frozen=True)

    key: str
    value: Any
    cite: Citation
    unit: str = ""
    note: str = ""
    basis: Basis = "document"
    verified: Verified | None = None
    start: date = FIRST_EDITION
    extra: dict[str, Any] = {}
    """Other keys of the entry (e.g. an indicator's number, group, name, direction)."""

    def __str__(self) -> str:
        unit = self.unit if self.unit else ""
        return f"{self.value}{unit}（{self.cite}）"

    @property
    def basis_text(self) -> str:
        """文件规定 / greendiag 的读法 / greendiag 默认值."""
        return BASIS_TEXT[self.basis]

    @property
    def verified_text(self) -> str:
        """``已核实：<against>，<date>（how）`` or ``未核实``."""
        return str(self.verified) if self.verified else "未核实"


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


_META_KEYS = frozenset({"values", "article", "document", "unit", "note", "basis", "verified"})


class Entry(BaseModel):
    """One parameter of a file with all its dated values: ``values`` is ``((start, value or None), …)``,
    sorted by start; ``None`` marks an ``expired`` value (no value from that date)."""

    model_config = ConfigDict(frozen=True)

    name: str
    template: Param
    values: tuple[tuple[date, Any], ...]

    @property
    def key(self) -> str:
        return self.template.key

    def at(self, on: date) -> Param:
        """The parameter valid on ``on``; raises :class:`RulebookError` when no value is valid then."""
        found = None
        for start, value in self.values:
            if start <= on:
                found = (start, value)
        if found is None or found[1] is None:
            span = "、".join(f"{s.isoformat()} 起" + ("失效" if v is None else "有效") for s, v in self.values)
            raise RulebookError(f"参数 {self.name}.toml 的 {self.key} 在 {on.isoformat()} 没有有效取值（{span}），不按其他日期的取值代替")
        return self.template.model_copy(update={"value": found[1], "start": found[0]})


def _date(v: Any, where: str) -> date:
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v))
    except ValueError:
        raise RulebookError(f"{where}：“{v}”不是日期（应写作 2026-11-21）") from None


def _parse_file(name: str, data: dict[str, Any]) -> tuple[Document, dict[str, Entry]]:
    where = f"参数文件 {name}.toml"
    doc = data.pop("document", None)
    if not isinstance(doc, dict):
        raise RulebookError(f"{where} 缺少 [document] 表")
    try:
        document = Document(name=name, **doc)
    except Exception as e:  # pydantic's message is English: name the table and the keys instead
        raise RulebookError(
            f"{where} 的 [document] 须有 title、number（文号或 unknown）、status（in force / draft for comment / "
            f"superseded）、seed、published、in_force（日期或 unknown）：{e}"
        ) from None
    entries: dict[str, Entry] = {}
    for key, entry in data.items():
        here = f"{where} 中的 {key}"
        if not isinstance(entry, dict):
            raise RulebookError(f"{here} 不是参数表")
        missing = [k for k in ("article", "basis", "verified", "values") if k not in entry]
        if missing:
            raise RulebookError(f"{here} 缺少 {'、'.join(missing)}（每项参数须有条款、依据类别、核实记录和按日期的取值）")
        if entry["basis"] not in BASIS_TEXT:
            raise RulebookError(f"{here} 的 basis 须为 document、reading 或 default，而不是“{entry['basis']}”")
        ver = entry["verified"]
        if ver == NOT_VERIFIED:
            verified = None
        elif isinstance(ver, dict) and {"against", "on"} <= set(ver):
            verified = Verified(against=ver["against"], on=_date(ver["on"], here), how=ver.get("how", ""))
        else:
            raise RulebookError(f"{here} 的 verified 须为 {{ against = …, on = 日期 }} 或 \"not verified\"")
        values = entry["values"]
        if not isinstance(values, dict) or not values:
            raise RulebookError(f"{here} 的 values 须按开始日期列出取值，如 values.2026-11-21.value = 20")
        dated: list[tuple[date, Any]] = []
        for start, v in values.items():
            if not isinstance(v, dict) or ("value" in v) == bool(v.get("expired")):
                raise RulebookError(f"{here} 的 values.{start} 须有 value，或写 expired = true")
            dated.append((_date(start, here), v.get("value")))
        dated.sort(key=lambda sv: sv[0])
        template = Param(
            key=key,
            value=None,
            cite=Citation(document=entry.get("document", document.title), article=entry["article"]),
            unit=entry.get("unit", ""),
            note=entry.get("note", ""),
            basis=entry["basis"],
            verified=verified,
            extra={k: v for k, v in entry.items() if k not in _META_KEYS},
        )
        entries[key] = Entry(name=name, template=template, values=tuple(dated))
    return document, entries


class Params(Mapping[str, Param]):
    """One file's parameters in one edition: ``params[key]`` is the :class:`Param` valid on the edition's date.

    Iteration gives the keys with a value valid on that date; a key without one raises
    :class:`RulebookError` (not ``KeyError``: the parameter exists, but not in this edition).
    """

    def __init__(self, entries: dict[str, Entry], on: date) -> None:
        self._entries = entries
        self._on = on
        self._cache: dict[str, Param] = {}

    def __getitem__(self, key: str) -> Param:
        p = self._cache.get(key)
        if p is None:
            p = self._cache[key] = self._entries[key].at(self._on)
        return p

    def _valid(self, key: str) -> bool:
        values = [v for s, v in self._entries[key].values if s <= self._on]
        return bool(values) and values[-1] is not None

    def __iter__(self) -> Iterator[str]:
        return (k for k in self._entries if self._valid(k))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class Edition:
    """The rulebook on one edition date: ``edition["bj_diagnosis"]`` → :class:`Params`."""

    def __init__(self, rulebook: Rulebook, on: date) -> None:
        self.rulebook = rulebook
        self.date = on
        self._params: dict[str, Params] = {}

    @property
    def label(self) -> str:
        """``2026-11-21``: the edition's date, as stamped in workbooks."""
        return self.date.isoformat()

    def __getitem__(self, name: str) -> Params:
        p = self._params.get(name)
        if p is None:
            if name not in self.rulebook.entries:
                raise RulebookError(f"规则库中没有参数文件 {name}.toml")
            p = self._params[name] = Params(self.rulebook.entries[name], self.date)
        return p

    def __repr__(self) -> str:
        return f"Edition({self.label})"


class Rulebook:
    """All parameter files with their dated values; :meth:`edition` reads them at an instant."""

    def __init__(self, files: Mapping[str, dict[str, Any]]) -> None:
        self.documents: dict[str, Document] = {}
        self.entries: dict[str, dict[str, Entry]] = {}
        for name, data in files.items():
            self.documents[name], self.entries[name] = _parse_file(name, dict(data))
        self.dates: tuple[date, ...] = tuple(
            sorted({s for es in self.entries.values() for e in es.values() for s, _ in e.values})
        )
        self._editions: dict[date, Edition] = {}

    @classmethod
    def load(cls, root: Path | None = None) -> Rulebook:
        """Read every ``*.toml`` of ``root`` (default: the package's ``rules/params``)."""
        base = resources.files("greendiag.rules.params") if root is None else root
        files = {}
        for f in sorted(base.iterdir(), key=lambda f: f.name):
            if f.name.endswith(".toml"):
                try:
                    files[f.name[:-5]] = tomllib.loads(f.read_text(encoding="utf-8"))
                except tomllib.TOMLDecodeError as e:
                    raise RulebookError(f"参数文件 {f.name} 不是有效的 TOML：{e}") from None
        return cls(files)

    def edition(self, on: date | str | None = None) -> Edition:
        """The edition in force on ``on`` (default today): the latest start date on or before it.

        ``on`` may be an edition label (``"2026-11-21"``).  Raises :class:`RulebookError` for a date
        before every edition.
        """
        when = date.today() if on is None else _date(on, "规则版本日期")
        starts = [d for d in self.dates if d <= when]
        if not starts:
            raise RulebookError(
                f"规则版本：{when.isoformat()} 早于最早的规则版本（{self.dates[0].isoformat()}），"
                "没有可用的参数，不按其他版本代替"
            )
        d = starts[-1]
        e = self._editions.get(d)
        if e is None:
            e = self._editions[d] = Edition(self, d)
        return e

    def all_params(self) -> Iterator[tuple[Document, Entry]]:
        """Every entry of every file, with its document, in file order."""
        for name, entries in self.entries.items():
            for e in entries.values():
                yield self.documents[name], e


@cache
def rulebook() -> Rulebook:
    """The package's rulebook (``rules/params``), read once."""
    return Rulebook.load()


def today_edition() -> Edition:
    """The edition in force today."""
    return rulebook().edition()


def stamped_edition(stamp: date | str | None) -> Edition | None:
    """The edition a case stamped ``stamp`` (``Case.edition``: its workbook's edition date) is judged in;
    ``None`` for no stamp (then rules read the current edition).  Raises :class:`RulebookError` for a
    stamp before every edition."""
    return None if stamp is None else rulebook().edition(stamp)


def load_params(name: str, edition: Edition | None = None) -> Params:
    """``{key: Param}`` of ``rules/params/<name>.toml`` in ``edition`` (default: the current edition,
    :func:`current_edition` — today's unless a caller set another with :func:`using`).

    Raises :class:`RulebookError` (a ``ValueError``) for an unknown file name or a malformed file.
    """
    return (edition or current_edition())[name]


_ACTIVE: ContextVar[Edition | None] = ContextVar("greendiag_rules_edition", default=None)


def current_edition() -> Edition:
    """The edition rules read now: the one set by :func:`using` / an ``edition=`` keyword, else today's."""
    return _ACTIVE.get() or today_edition()


@contextmanager
def using(edition: Edition | None) -> Iterator[Edition]:
    """Within the block, every rule reads ``edition`` (``None``: leave the current one)."""
    if edition is None:
        yield current_edition()
        return
    token = _ACTIVE.set(edition)
    try:
        yield edition
    finally:
        _ACTIVE.reset(token)


def with_edition(f: Callable[..., Any]) -> Callable[..., Any]:
    """Give rule ``f`` a keyword ``edition: Edition | None = None``: the rulebook edition it reads
    (default: the current one, i.e. today's unless a caller chose another)."""

    @functools.wraps(f)
    def rule(*args: Any, edition: Edition | None = None, **kwargs: Any) -> Any:
        if edition is None:
            return f(*args, **kwargs)
        with using(edition):
            return f(*args, **kwargs)

    sig = inspect.signature(f)
    extra = inspect.Parameter("edition", inspect.Parameter.KEYWORD_ONLY, default=None, annotation="Edition | None")
    rule.__signature__ = sig.replace(parameters=[*sig.parameters.values(), extra])  # type: ignore[attr-defined]
    return rule


class EditionParams(Mapping[str, Param]):
    """``{key: Param}`` of one file, read at each access in :func:`current_edition` (see :class:`Params`)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def _now(self) -> Params:
        return current_edition()[self.name]

    def __getitem__(self, key: str) -> Param:
        return self._now()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._now())

    def __len__(self) -> int:
        return len(self._now())


def edition_params(name: str) -> EditionParams:
    """The parameters of ``rules/params/<name>.toml`` as rule modules hold them: read in the current edition."""
    return EditionParams(name)

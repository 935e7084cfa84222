"""The indicator chart of the park report (附件2-1 第四部分: 各项指标数值变化情况).

Scores are on one scale (0–120 points, 《北京市工业园区绿色诊断工作指南》附件2-1-2 注1), so the
chart compares the three years' scores of every indicator.  Text is drawn with a CJK font found
once per process (Noto Sans/Serif CJK, SimSun, Microsoft YaHei …); without one the chart is not
drawn (``None``) rather than printed with missing glyphs.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache

CJK_FONT_NAMES = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "Source Han Serif SC",
    "SimSun",
    "Microsoft YaHei",
    "SimHei",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "PingFang SC",
    "Noto Sans CJK JP",
    "Noto Serif CJK JP",
)


@cache
def cjk_font_path() -> str | None:
    """Path of the first installed CJK font of :data:`CJK_FONT_NAMES`, or ``None`` (cached)."""
    from matplotlib import font_manager

    by_name: dict[str, str] = {}
    for f in font_manager.fontManager.ttflist:
        by_name.setdefault(f.name, f.fname)
    for name in CJK_FONT_NAMES:
        if name in by_name:
            return by_name[name]
    return None


@cache
def _font_properties():
    from matplotlib.font_manager import FontProperties

    path = cjk_font_path()
    return FontProperties(fname=path) if path else None


def indicator_chart(years: Sequence[int], scores: Sequence[Sequence[float | None]]) -> bytes | None:
    """PNG bytes: grouped bars of the 31 indicator scores per year, ``None`` without a CJK font.

    ``years``: e.g. ``(2023, 2024, 2025)``; ``scores``: one 31-item sequence (points or ``None``
    for blank / 不适用) per year, oldest first.
    """
    fp = _font_properties()
    if fp is None or not years:
        return None
    from matplotlib.figure import Figure  # no pyplot: no GUI backend, no global state

    fig = Figure(figsize=(6.3, 2.9), dpi=150)
    ax = fig.add_subplot(1, 1, 1)
    n_years = len(years)
    width = 0.8 / n_years
    colors = ("#9ecae1", "#4292c6", "#08519c")
    xs = list(range(1, 32))
    for k, (year, row) in enumerate(zip(years, scores)):
        vals = [0 if s is None else s for s in row][:31]
        offs = [x - 0.4 + width * (k + 0.5) for x in xs[: len(vals)]]
        ax.bar(offs, vals, width=width, color=colors[k % len(colors)], label=f"{year}年")
    for x in xs:  # indicators scored in no year: say so instead of an empty slot
        if all(len(row) < x or row[x - 1] is None for row in scores):
            ax.text(x, 3, "不适用/未填", rotation=90, ha="center", va="bottom", fontproperties=fp, fontsize=5,
                    color="#666666")
    ax.axhline(100, color="#888888", linewidth=0.6, linestyle="--")
    ax.set_xlim(0.4, 31.6)
    ax.set_ylim(0, 125)
    ax.set_xticks(xs)
    ax.set_xticklabels([str(x) for x in xs], fontsize=6)
    ax.tick_params(axis="y", labelsize=6)
    ax.set_xlabel("指标序号（附件2－1－2）", fontproperties=fp, fontsize=7)
    ax.set_ylabel("得分（分）", fontproperties=fp, fontsize=7)
    ax.legend(prop=_legend_font(), ncols=n_years, loc="upper center",
              bbox_to_anchor=(0.5, 1.14), frameon=False)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    fig.subplots_adjust(left=0.08, right=0.99, bottom=0.17, top=0.88)  # fixed: no tight_layout pass
    buf = io.BytesIO()
    fig.savefig(buf, format="png", pil_kwargs={"compress_level": 1})
    return buf.getvalue()


@cache
def _legend_font():
    fp = _font_properties().copy()
    fp.set_size(7)
    return fp


def benchmark_chart(names: Sequence[str], domestic: Sequence[float | None],
                    international: Sequence[float | None]) -> bytes | None:
    """PNG bytes: horizontal bars of the gaps (%) to the domestic and international advanced values.

    One pair of bars per 对标分析 indicator (``None`` = not computable, drawn as no bar); positive =
    behind the advanced level.  ``None`` without a CJK font or without any computable gap.
    """
    fp = _font_properties()
    if fp is None or not any(v is not None for v in (*domestic, *international)):
        return None
    from matplotlib.figure import Figure

    n = len(names)
    fig = Figure(figsize=(6.3, 0.55 + 0.42 * n), dpi=150)
    ax = fig.add_subplot(1, 1, 1)
    ys = list(range(n))[::-1]
    h = 0.38
    for vals, off, color, label in ((domestic, h / 2, "#4292c6", "与国内先进差距"),
                                    (international, -h / 2, "#fd8d3c", "与国际先进差距")):
        xs = [0 if v is None else v for v in vals]
        ax.barh([y + off for y in ys], xs, height=h, color=color, label=label)
        for y, v in zip(ys, vals):
            if v is not None:
                ax.text(v, y + off, f" {v:.1f}%", va="center", ha="left" if v >= 0 else "right", fontsize=6)
    ax.axvline(0, color="#444444", linewidth=0.6)
    ax.set_yticks(ys)
    ax.set_yticklabels(list(names), fontproperties=fp, fontsize=7)
    ax.tick_params(axis="x", labelsize=6)
    ax.set_xlabel("差距（%，正数表示落后于先进水平）", fontproperties=fp, fontsize=7)
    ax.margins(x=0.15)
    ax.legend(prop=_legend_font(), ncols=2, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    fig.subplots_adjust(left=0.27, right=0.97, bottom=0.45 / (0.55 + 0.42 * n) + 0.08, top=1 - 0.35 / (0.55 + 0.42 * n))
    buf = io.BytesIO()
    fig.savefig(buf, format="png", pil_kwargs={"compress_level": 1})
    return buf.getvalue()

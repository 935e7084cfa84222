"""The indicator chart of the park report (附件2-1 第四部分: 各项指标数值变化情况).

Scores are on one scale (0–120 points, 《北京市工业园区绿色诊断工作指南》附件2-1-2 注1), so the
chart compares the three years' scores of every indicator.  Text is drawn with the Chinese font file
:func:`greendiag.forms.fonts.cjk_font` finds; without one the functions raise
:class:`~greendiag.forms.fonts.FontMissing` (a figure is never left out silently).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache

from greendiag.forms.fonts import FontMissing, cjk_font, face_index
from greendiag.rules.indicators import indicator_count


def cjk_font_path() -> str | None:
    """Path of the Chinese font file the figures use (:func:`greendiag.forms.fonts.cjk_font`), ``None`` if none."""
    try:
        return cjk_font()
    except FontMissing:
        return None


@cache
def _font_properties(path: str):
    from matplotlib.font_manager import FontProperties

    return FontProperties(fname=path)


def indicator_chart(years: Sequence[int], scores: Sequence[Sequence[float | None]]) -> bytes | None:
    """PNG bytes: grouped bars of the 31 indicator scores per year (``None`` without years).

    ``years``: e.g. ``(2023, 2024, 2025)``; ``scores``: one 31-item sequence (points or ``None``
    for blank / 不适用) per year, oldest first.  A score of 0 is labelled “0” (a bar of no height
    would look like a missing value).  Raises :class:`~greendiag.forms.fonts.FontMissing`.
    """
    if not years:
        return None
    fp = _font_properties(cjk_font())
    from matplotlib.figure import Figure  # no pyplot: no GUI backend, no global state

    fig = Figure(figsize=(6.3, 2.9), dpi=150)
    ax = fig.add_subplot(1, 1, 1)
    n_years = len(years)
    width = 0.8 / n_years
    colors = ("#9ecae1", "#4292c6", "#08519c")
    n = indicator_count()
    xs = list(range(1, n + 1))
    for k, (year, row) in enumerate(zip(years, scores)):
        vals = [0 if s is None else s for s in row][:n]
        offs = [x - 0.4 + width * (k + 0.5) for x in xs[: len(vals)]]
        ax.bar(offs, vals, width=width, color=colors[k % len(colors)], label=f"{year}年")
        for x, s in zip(offs, row[:n]):
            if s is not None and s == 0:  # a zero bar has no height: label it
                ax.text(x, 0.8, "0", ha="center", va="bottom", fontsize=4.5, color=colors[k % len(colors)])
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
    ax.legend(prop=_legend_font(fp), ncols=n_years, loc="upper center",
              bbox_to_anchor=(0.5, 1.14), frameon=False)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    fig.subplots_adjust(left=0.08, right=0.99, bottom=0.17, top=0.88)  # fixed: no tight_layout pass
    buf = io.BytesIO()
    fig.savefig(buf, format="png", pil_kwargs={"compress_level": 1})
    return buf.getvalue()


def _legend_font(fp):
    legend = fp.copy()
    legend.set_size(7)
    return legend


def benchmark_chart(names: Sequence[str], domestic: Sequence[float | None],
                    international: Sequence[float | None]) -> bytes | None:
    """PNG bytes: horizontal bars of the gaps (%) to the domestic and international advanced values.

    One pair of bars per 对标分析 indicator (``None`` = not computable: no bar, "—"); positive =
    behind the advanced level, negative bars point left of the zero line.  Drawn with Pillow (a few
    milliseconds; matplotlib takes ~60 ms for the same).  ``None`` without any
    computable gap.  Raises :class:`~greendiag.forms.fonts.FontMissing`.
    """
    values = [v for v in (*domestic, *international) if v is not None]
    if not values:
        return None
    path = cjk_font()
    spec = (path, face_index(path))
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(spec[0], 27, index=spec[1])
    small = ImageFont.truetype(spec[0], 23, index=spec[1])
    colors = ((66, 146, 198), (253, 141, 60))
    n = len(names)
    width, left, right, top, row = 1240, 360, 110, 76, 84
    height = top + n * row + 60
    im = Image.new("RGB", (width, height), "white")
    d = ImageDraw.Draw(im)
    lo, hi = min(0.0, *values), max(0.0, *values)
    span = (hi - lo) or 1.0
    if lo < 0:  # room for the value text left of a negative bar
        lo -= 0.14 * span
        span = hi - lo
    plot = width - left - right

    def x(v: float) -> float:
        return left + (v - lo) / span * plot

    for k, (label, color) in enumerate(zip(("与国内先进差距", "与国际先进差距"), colors)):
        lx = left + k * 320
        d.rectangle([lx, 22, lx + 30, 46], fill=color)
        d.text((lx + 38, 18), label, font=font, fill=(40, 40, 40))
    for i, name in enumerate(names):
        y0 = top + i * row
        while len(name) > 1 and d.textlength(name, font=font) > left - 24:  # a long name: cut with …
            name = name[:-2] + "…"
        d.text((left - 12, y0 + row / 2), name, font=font, fill=(30, 30, 30), anchor="rm")
        for k, (vals, color) in enumerate(((domestic, colors[0]), (international, colors[1]))):
            v = vals[i] if i < len(vals) else None
            yb = y0 + 8 + k * 34
            if v is None:
                d.text((x(0) + 6, yb + 15), "—", font=small, fill=(110, 110, 110), anchor="lm")
                continue
            a, b = sorted((x(0), x(v)))
            d.rectangle([a, yb, max(b, a + 1), yb + 30], fill=color)
            d.text((b + 6, yb + 15) if v >= 0 else (a - 6, yb + 15), f"{v:.1f}%", font=small, fill=(40, 40, 40),
                   anchor="lm" if v >= 0 else "rm")
    zero = x(0)
    d.line([zero, top - 4, zero, top + n * row], fill=(60, 60, 60), width=2)
    d.text((left + plot / 2, height - 26), "差距（%，正数表示落后于先进水平）", font=small, fill=(60, 60, 60), anchor="mm")
    buf = io.BytesIO()
    im.save(buf, "PNG", optimize=False, compress_level=1)
    return buf.getvalue()

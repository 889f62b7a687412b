"""Progress charts: matplotlib (Agg, object API) to SVG, Japanese text with matplotlib-fontja.

Every chart is drawn from plain JSON-able data (dates as ISO strings) and a language. The SVG is
cached under a SHA-256 of (chart kind, drawing version, language, data): the same data gives the
same chart from the cache, in the web page and in the PDF report alike; new data gives a new key.
Rendering never touches the database.

Text stays text (`svg.fonttype = "none"`), in the Japanese sans-serif the page itself uses (the
chart's own IPAexGothic first, then the fonts of the app's stylesheet, then the one the PDF
report bundles): drawn as glyph paths, the seven charts of a progress page came to about 270 KB
before compression, and compressing them was a fifth of the page's time; as text, about 110 KB
(WeasyPrint draws the text with the report's fonts). Labels are anchored (start, middle or end),
so a fallback font's slightly different widths move no label off its tick. The id salt is fixed
so output is reproducible; ids nothing refers to, the metadata block and the indentation are
dropped. The `<svg>` loses its fixed width and height (its viewBox stays) to scale with the page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Callable
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib_fontja  # noqa: F401  (registers IPAexGothic and makes it the default)
from django.core.cache import cache
from matplotlib import dates as mdates
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

CHART_VERSION = "4"  # bump when the drawing changes, so cached charts are redrawn
CACHE_SECONDS = 60 * 60 * 24 * 30

# The app's palette (app.css): AA contrast on white.
PRIMARY = "#0a4f8f"
WARN = "#8a4b00"
OK = "#1c6b34"
GREY = "#6b7783"
LIGHT = "#c9d1d9"
SERIES = ["#0a4f8f", "#b3541e", "#1c6b34", "#6a3d9a", "#a4161a", "#4a5560"]

RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "osteoload",
    "font.size": 13,
    "axes.titlesize": 13,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#e3e8ee",
    "grid.linewidth": 0.8,
    "axes.edgecolor": GREY,
    "axes.labelcolor": "#1b1f24",
    "xtick.color": "#4a5560",
    "ytick.color": "#4a5560",
    "legend.frameon": False,
    "legend.fontsize": 12,
}
# Sized for a phone first: in a card about 320 CSS pixels wide (a 390-pixel phone less the
# page's and the card's padding) the 13-point text is still about 12 pixels, the ticks 11.
WIDTH_IN = 5.0
HEIGHT_IN = 3.3


def t(lang: str, en: str, ja: str) -> str:
    return ja if lang == "ja" else en


def cache_key(kind: str, data: Any, lang: str) -> str:
    payload = json.dumps(
        {"kind": kind, "v": CHART_VERSION, "lang": lang, "data": data},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def render(kind: str, data: Any, lang: str) -> str:
    """The SVG of chart `kind` for `data` in `lang`, from the cache when drawn before."""
    if kind not in DRAWERS:
        raise ValueError(f"unknown chart kind {kind!r}")
    key = f"osteoload:chart:{cache_key(kind, data, lang)}"
    svg = cache.get(key)
    if svg is None:
        svg = draw(kind, data, lang, id_prefix=f"c{key[-12:]}")
        cache.set(key, svg, CACHE_SECONDS)
    return str(svg)


def draw(kind: str, data: Any, lang: str, *, id_prefix: str = "c") -> str:
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), layout="constrained")
        DRAWERS[kind](fig, data, lang)
        return unique_ids(_svg(fig), id_prefix)


_SIZE = re.compile(r'(<svg[^>]*?)\s(?:width|height)="[^"]*"')
_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(url\(#|href="#)([^")]+)')
_ID_ATTR = re.compile(r'\sid="([^"]+)"')
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)
_BETWEEN_TAGS = re.compile(r">\s+<")
_FONT = re.compile(r"font-family: '([^']+)'")
# After the chart's own font: the app stylesheet's Japanese sans-serifs, then the PDF report's
# bundled one (reports/_pdf_style.html); single quotes, as the style sits in a double-quoted
# attribute.
FONT_STACK = (
    "'Hiragino Sans', 'Hiragino Kaku Gothic ProN', 'Noto Sans CJK JP', 'Yu Gothic', Meiryo, "
    "'Bundled Gothic', system-ui, sans-serif"
)


def unique_ids(svg: str, prefix: str) -> str:
    """Prefix every id (and every reference to one) so several charts can share one HTML page:
    matplotlib numbers its ids from 1 in each figure."""
    svg = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    return _REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)


def _svg(fig: Figure) -> str:
    buffer = io.StringIO()
    FigureCanvasSVG(fig).print_svg(buffer, metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]  # drop the XML prolog and doctype: inline in HTML
    for _ in range(2):
        text = _SIZE.sub(r"\1", text, count=1)
    return compact(text).replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


def compact(svg: str) -> str:
    """matplotlib's SVG without what a page does not need (ids nothing refers to, metadata,
    indentation), with the font stack after the chart's own font."""
    referenced = {m.group(2) for m in _REF.finditer(svg)}
    svg = _ID_ATTR.sub(lambda m: m.group(0) if m.group(1) in referenced else "", svg)
    svg = _METADATA.sub("", svg)
    svg = _BETWEEN_TAGS.sub("><", svg.strip())
    return _FONT.sub(lambda m: f"font-family: '{m.group(1)}', {FONT_STACK}", svg)


def _dates(points: list[list[Any]]) -> list[dt.date]:
    return [dt.date.fromisoformat(p[0]) for p in points]


def _date_axis(ax: Any, lang: str, maxticks: int = 5) -> None:
    locator = mdates.AutoDateLocator(minticks=2, maxticks=maxticks)
    ax.xaxis.set_major_locator(locator)
    if lang == "ja":
        formatter = mdates.ConciseDateFormatter(
            locator,
            formats=["%Y年", "%-m月", "%-m/%-d", "%H:%M", "%H:%M", "%S"],
            zero_formats=["", "%Y年", "%-m月", "%-m/%-d", "%H:%M", "%H:%M"],
            offset_formats=["", "%Y年", "%Y年%-m月", "%Y/%-m/%-d", "%Y/%-m/%-d", "%Y/%-m/%-d"],
        )
    else:
        formatter = mdates.ConciseDateFormatter(locator)
    ax.xaxis.set_major_formatter(formatter)


def unit_name(unit: str, lang: str) -> str:
    """A test's unit as written in the language (a count of repetitions is 回 in Japanese)."""
    return "回" if unit == "reps" and lang == "ja" else unit


def _single_date(ax: Any, points: list[Any]) -> None:
    """One result: three months either side, not the four years matplotlib picks."""
    if len(points) == 1:
        day = _dates(points)[0]
        ax.set_xlim(day - dt.timedelta(days=90), day + dt.timedelta(days=90))


def _empty(fig: Figure, lang: str) -> None:
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.text(0.5, 0.5, t(lang, "No data yet", "まだデータがありません"), ha="center", va="center")


# --- the charts ----------------------------------------------------------------------------------


def draw_e1rm(fig: Figure, data: dict[str, Any], lang: str) -> None:
    """Estimated 1RM (kg) of each main lift over time."""
    series = [s for s in data.get("series", []) if s.get("points")]
    if not series:
        _empty(fig, lang)
        return
    ax = fig.add_subplot()
    for i, s in enumerate(series):
        points = s["points"]
        ax.plot(
            _dates(points),
            [p[1] for p in points],
            marker="o",
            markersize=4,
            linewidth=2,
            color=SERIES[i % len(SERIES)],
            label=s["name_ja"] if lang == "ja" else s["name_en"],
        )
    ax.set_ylabel(t(lang, "estimated 1RM (kg)", "推定1RM（kg）"))
    ax.set_ylim(bottom=0)
    _date_axis(ax, lang)
    _legend_below(ax)


def _legend_below(ax: Any, **kwargs: Any) -> None:
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, **kwargs)


def draw_load(fig: Figure, data: dict[str, Any], lang: str) -> None:
    """Weekly session load (session RPE × minutes); spike weeks in the warning colour."""
    weeks = data.get("weeks", [])
    if not weeks:
        _empty(fig, lang)
        return
    ax = fig.add_subplot()
    starts = [dt.date.fromisoformat(w[0]) for w in weeks]
    colours = [WARN if w[2] else PRIMARY for w in weeks]
    ax.bar(starts, [w[1] for w in weeks], width=5, color=colours)
    for start, w in zip(starts, weeks, strict=True):
        if w[2]:
            ax.annotate(
                "▲" if lang != "ja" else "急増",
                (start, w[1]),
                ha="center",
                va="bottom",
                color=WARN,
                fontsize=11,
            )
    ax.set_ylabel(t(lang, "weekly load (AU)", "週の負荷（AU）"))
    _date_axis(ax, lang)
    if any(w[2] for w in weeks):
        from matplotlib.patches import Patch

        ax.legend(
            handles=[
                Patch(color=PRIMARY, label=t(lang, "week", "週")),
                Patch(color=WARN, label=t(lang, "rise over 30 %", "30%超の増加")),
            ],
            loc="upper left",
        )


def draw_adherence(fig: Figure, data: dict[str, Any], lang: str) -> None:
    """Sessions done versus planned per program week."""
    weeks = data.get("weeks", [])
    if not weeks:
        _empty(fig, lang)
        return
    ax = fig.add_subplot()
    xs = list(range(len(weeks)))
    ax.bar(
        [x - 0.2 for x in xs],
        [w[1] for w in weeks],
        width=0.4,
        color=LIGHT,
        label=t(lang, "planned", "予定"),
    )
    ax.bar(
        [x + 0.2 for x in xs],
        [w[2] for w in weeks],
        width=0.4,
        color=PRIMARY,
        label=t(lang, "done", "実施"),
    )
    ax.set_xticks(xs, [t(lang, f"W{w[0]}", f"{w[0]}週") for w in weeks])
    ax.set_ylabel(t(lang, "sessions", "セッション数"))
    ax.yaxis.get_major_locator().set_params(integer=True)
    _legend_below(ax)


SITE_NAMES = {
    "lumbar_spine": ("Lumbar spine", "腰椎"),
    "femoral_neck": ("Femoral neck", "大腿骨頸部"),
    "total_hip": ("Total hip", "大腿骨近位部（全体）"),
    "radius": ("Radius", "橈骨"),
}


def site_name(site: str, lang: str) -> str:
    en, ja = SITE_NAMES.get(site, (site, site))
    return ja if lang == "ja" else en


def draw_dxa(fig: Figure, data: dict[str, Any], lang: str) -> None:
    """T-score (or %YAM) of each DXA site over time, with the category lines."""
    series = {site: pts for site, pts in data.get("series", {}).items() if pts}
    if not series:
        _empty(fig, lang)
        return
    ax = fig.add_subplot()
    for value, label_en, label_ja in data.get("lines", []):
        ax.axhline(value, color=GREY, linestyle="--", linewidth=1)
        ax.annotate(
            t(lang, label_en, label_ja),
            (0, value),
            xycoords=("axes fraction", "data"),
            xytext=(2, 2),
            textcoords="offset points",
            color=GREY,
            fontsize=11,
        )
    for i, (site, points) in enumerate(series.items()):
        ax.plot(
            _dates(points),
            [p[1] for p in points],
            marker="o",
            markersize=5,
            linewidth=2,
            color=SERIES[i % len(SERIES)],
            label=site_name(site, lang),
        )
    metric = data.get("metric", "t_score")
    ax.set_ylabel(t(lang, "T-score", "Tスコア") if metric == "t_score" else "%YAM")
    _date_axis(ax, lang)
    _legend_below(ax)


def draw_forecast(fig: Figure, data: dict[str, Any], lang: str) -> None:
    """Forecast change of BMD (%) per site: with the program and without training, 95 % bands."""
    sites = data.get("sites", {})
    if not sites:
        _empty(fig, lang)
        return
    axes = fig.subplots(1, len(sites), sharey=True, squeeze=False)[0]
    months = [0, *data["months"]]
    for ax, (site, s) in zip(axes, sites.items(), strict=True):
        if s.get("with"):
            mean, low, high = ([0.0, *v] for v in s["with"])
            ax.fill_between(months, low, high, color=PRIMARY, alpha=0.18, linewidth=0)
            ax.plot(
                months,
                mean,
                color=PRIMARY,
                linewidth=2.2,
                label=t(lang, "with training", "トレーニングあり"),
            )
        mean, low, high = ([0.0, *v] for v in s["without"])
        ax.fill_between(months, low, high, color=GREY, alpha=0.15, linewidth=0)
        ax.plot(
            months,
            mean,
            color=GREY,
            linewidth=2,
            linestyle="--",
            label=t(lang, "without training", "トレーニングなし"),
        )
        ax.axhline(0, color="#1b1f24", linewidth=0.8)
        ax.set_title(site_name(site, lang))
        ax.set_xlabel(t(lang, "months from now", "今からの月数"))
    axes[0].set_ylabel(t(lang, "change in BMD (%)", "骨密度の変化（%）"))
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncol=2)


def draw_tests(fig: Figure, data: dict[str, Any], lang: str) -> None:
    """Small multiples: each functional test over time with its cut-off line."""
    tests = [x for x in data.get("tests", []) if x.get("points")]
    if not tests:
        _empty(fig, lang)
        return
    cols = min(2, len(tests))
    rows = (len(tests) + cols - 1) // cols
    fig.set_size_inches(WIDTH_IN, 2.4 * rows + 0.2)
    axes = fig.subplots(rows, cols, squeeze=False).flatten()
    for ax, test in zip(axes, tests, strict=False):
        points = test["points"]
        ax.plot(
            _dates(points),
            [p[1] for p in points],
            marker="o",
            markersize=4,
            linewidth=2,
            color=PRIMARY,
        )
        if test.get("cutoff") is not None:
            ax.axhline(test["cutoff"], color=WARN, linestyle="--", linewidth=1)
        name = test["name_ja"] if lang == "ja" else test["name_en"]
        ax.set_title(f"{name} ({unit_name(test['unit'], lang)})", fontsize=12)
        _date_axis(ax, lang, maxticks=4)
        _single_date(ax, points)
        ax.tick_params(labelsize=10)
    for ax in axes[len(tests) :]:
        ax.set_axis_off()


def draw_sleep(fig: Figure, data: dict[str, Any], lang: str) -> None:
    """Hours asleep per night with the 6-hour guide line."""
    nights = data.get("nights", [])
    if not nights:
        _empty(fig, lang)
        return
    ax = fig.add_subplot()
    days = _dates(nights)
    hours = [n[1] for n in nights]
    guide = data.get("guide_h")
    colours = [WARN if guide is not None and h < guide else PRIMARY for h in hours]
    ax.bar(days, hours, width=0.8, color=colours)
    if guide is not None:
        ax.axhline(guide, color=GREY, linestyle="--", linewidth=1)
    ax.set_ylabel(t(lang, "hours asleep", "睡眠時間（時間）"))
    ax.set_ylim(0, max(10, *hours) + 0.5)
    _date_axis(ax, lang)


DRAWERS: dict[str, Callable[[Figure, Any, str], None]] = {
    "e1rm": draw_e1rm,
    "load": draw_load,
    "adherence": draw_adherence,
    "dxa": draw_dxa,
    "forecast": draw_forecast,
    "tests": draw_tests,
    "sleep": draw_sleep,
}

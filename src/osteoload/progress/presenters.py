"""A client's progress as charts and plain tables, for the progress page and the PDF reports.

`chart_data_*` turn the read data into the plain, JSON-able data the charts are drawn (and cached)
from; `progress_charts` renders them. The tables under each chart show the same numbers in text,
for screen readers and for anyone who prefers figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from osteoload.clients.models import DxaResult, DxaSite, FunctionalTest
from osteoload.engine import assessment as rules
from osteoload.engine import forecast as fc
from osteoload.engine.types import Sex

from . import charts
from .forecasting import ForecastResult
from .selectors import Progress


@dataclass
class ChartView:
    kind: str
    title: str
    svg: str
    caption: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    summary: str = ""
    """One plain sentence above the chart (the forecast: what it says, for a client too)."""


def t(lang: str, en: str, ja: str) -> str:
    return ja if lang == "ja" else en


def _num(value: Any, places: int = 1) -> str:
    if value is None:
        return "–"
    number = float(value)
    return f"{number:.{places}f}".rstrip("0").rstrip(".") if places else f"{number:.0f}"


# --- chart data ----------------------------------------------------------------------------------


def chart_data_e1rm(progress: Progress) -> dict[str, Any]:
    return {
        "series": [
            {
                "name_ja": lift.name_ja,
                "name_en": lift.name_en,
                "points": [[p.date.isoformat(), p.e1rm_kg] for p in lift.points],
            }
            for lift in progress.lifts
            if lift.main_lift
        ]
    }


def chart_data_load(progress: Progress) -> dict[str, Any]:
    if progress.load is None:
        return {"weeks": []}
    return {
        "weeks": [[w.start.isoformat(), round(w.load, 1), w.spike] for w in progress.load.weeks]
    }


def chart_data_adherence(progress: Progress) -> dict[str, Any]:
    if progress.adherence is None:
        return {"weeks": []}
    return {"weeks": [[w.number, w.planned, w.done] for w in progress.adherence.weeks]}


def _dxa_metric(results: list[DxaResult]) -> str:
    return "t_score" if any(r.t_score is not None for r in results) else "yam_percent"


def chart_data_dxa(progress: Progress) -> dict[str, Any]:
    metric = _dxa_metric(progress.dxa)
    series: dict[str, list[list[Any]]] = {}
    for r in progress.dxa:
        value = getattr(r, metric)
        if value is not None:
            series.setdefault(r.site, []).append([r.measured_on.isoformat(), float(value)])
    if metric == "t_score":
        lines = [
            [rules.WHO_NORMAL_T, "normal (WHO)", "正常（WHO）"],
            [rules.WHO_OSTEOPOROSIS_T, "osteoporosis (WHO)", "骨粗鬆症（WHO）"],
        ]
    else:
        lines = [
            [rules.JP_NORMAL_YAM, "normal", "正常"],
            [rules.JP_OSTEOPOROSIS_YAM, "osteoporosis", "骨粗鬆症"],
        ]
    return {"metric": metric, "series": series, "lines": lines}


# name_en, name_ja, unit, cut-off (engine rule; None: no single cut-off)
def _test_specs(sex: str) -> list[tuple[str, str, str, str, float | None]]:
    grip = rules.GRIP_LOW_KG[Sex(sex)] if sex in ("male", "female") else None
    return [
        ("grip_kg", "Grip strength", "握力", "kg", grip),
        ("chair_stand_5x_s", "5-times chair stand", "5回椅子立ち上がり", "s", rules.CHAIR_5X_LOW_S),
        ("tug_s", "Timed Up and Go", "TUG", "s", rules.TUG_AT_RISK_S),
        (
            "single_leg_stance_s",
            "One-leg standing",
            "開眼片脚起立時間",
            "s",
            rules.SINGLE_LEG_DEFICIT_S,
        ),
        ("gait_speed_m_s", "Usual gait speed", "通常歩行速度", "m/s", rules.GAIT_LOW_M_S),
        ("chair_stand_30s", "30-second chair stand", "30秒椅子立ち上がり", "reps", None),
        ("sppb", "SPPB", "SPPB", "/12", None),
    ]


def chart_data_tests(progress: Progress) -> dict[str, Any]:
    tests: list[FunctionalTest] = progress.tests
    out = []
    for key, en, ja, unit, cutoff in _test_specs(progress.client.sex):
        points = [
            [x.tested_on.isoformat(), float(getattr(x, key))]
            for x in tests
            if getattr(x, key) is not None
        ]
        if points:
            out.append(
                {
                    "key": key,
                    "name_en": en,
                    "name_ja": ja,
                    "unit": unit,
                    "cutoff": cutoff,
                    "points": points,
                }
            )
    return {"tests": out}


def chart_data_sleep(progress: Progress) -> dict[str, Any]:
    from osteoload.engine.sleep import MIN_HOURS_ASLEEP

    return {
        "nights": [[s.night_of.isoformat(), float(s.hours_asleep)] for s in progress.sleep],
        "guide_h": MIN_HOURS_ASLEEP,
    }


# --- the views -----------------------------------------------------------------------------------


def e1rm_view(progress: Progress, lang: str) -> ChartView:
    rows = []
    for lift in progress.lifts:
        if not lift.points:
            continue
        first, last = lift.points[0], lift.points[-1]
        change = "–" if lift.change_kg is None else f"{lift.change_kg:+.1f} kg"
        rows.append(
            [
                lift.name(lang),
                first.date.isoformat(),
                f"{first.e1rm_kg:.1f} kg",
                last.date.isoformat(),
                f"{last.e1rm_kg:.1f} kg",
                change,
            ]
        )
    return ChartView(
        kind="e1rm",
        title=t(lang, "Strength: estimated 1RM of the main lifts", "筋力：主な種目の推定1RM"),
        svg=charts.render("e1rm", chart_data_e1rm(progress), lang),
        caption=t(
            lang,
            "From the best set of each session (Epley formula: reps plus reps in reserve).",
            "各セッションの最良セットから推定（Epley式、回数＋余力回数）。",
        ),
        headers=[
            t(lang, "Exercise", "種目"),
            t(lang, "First", "初回"),
            "",
            t(lang, "Latest", "最新"),
            "",
            t(lang, "Change", "変化"),
        ],
        rows=rows,
    )


def load_view(progress: Progress, lang: str) -> ChartView:
    report = progress.load
    rows = []
    warnings: list[str] = []
    if report is not None:
        for w in report.weeks:
            change = "–" if w.change_pct is None else f"{w.change_pct:+.0f} %"
            rows.append(
                [
                    w.start.isoformat(),
                    f"{w.load:.0f}",
                    str(w.sessions),
                    change,
                    t(lang, "spike", "急増") if w.spike else "",
                ]
            )
        warnings = list(report.warnings_ja if lang == "ja" else report.warnings_en)
    return ChartView(
        kind="load",
        title=t(lang, "Weekly training load", "週ごとのトレーニング負荷"),
        svg=charts.render("load", chart_data_load(progress), lang),
        caption=t(
            lang,
            "Session RPE × minutes, summed per week (Foster 2001). A rise of more than 30 % over "
            "the previous week is marked (product policy).",
            "セッションRPE×時間（分）の週合計（Foster 2001）。前週より30%を超える増加に印をつけます"
            "（当社の方針）。",
        ),
        headers=[
            t(lang, "Week of", "週の初日"),
            t(lang, "Load (AU)", "負荷（AU）"),
            t(lang, "Sessions", "回数"),
            t(lang, "vs previous", "前週比"),
            "",
        ],
        rows=rows,
        warnings=warnings,
    )


def adherence_view(progress: Progress, lang: str) -> ChartView:
    a = progress.adherence
    rows = []
    caption = t(lang, "No program yet.", "プログラムはまだありません。")
    if a is not None:
        for w in a.weeks:
            rows.append(
                [
                    str(w.number),
                    w.start.isoformat(),
                    str(w.planned),
                    str(w.done),
                    "" if w.complete else t(lang, "this week", "今週"),
                ]
            )
        if a.ratio is not None:
            caption = t(
                lang,
                f"{a.done} of {a.planned} planned sessions done in completed weeks "
                f"({a.ratio:.0%}).",
                f"終わった週の予定{a.planned}回のうち{a.done}回実施（{a.ratio:.0%}）。",
            )
        else:
            caption = t(lang, "The first week is not over yet.", "最初の週がまだ終わっていません。")
    return ChartView(
        kind="adherence",
        title=t(lang, "Adherence: sessions done and planned", "実施率：予定と実施のセッション"),
        svg=charts.render("adherence", chart_data_adherence(progress), lang),
        caption=caption,
        headers=[
            t(lang, "Week", "週"),
            t(lang, "From", "開始日"),
            t(lang, "Planned", "予定"),
            t(lang, "Done", "実施"),
            "",
        ],
        rows=rows,
    )


def dxa_view(progress: Progress, lang: str) -> ChartView:
    rows = [
        [
            r.measured_on.isoformat(),
            charts.site_name(r.site, lang),
            _num(r.t_score),
            _num(r.yam_percent),
            _num(r.bmd_g_cm2, 3),
        ]
        for r in progress.dxa
    ]
    metric = _dxa_metric(progress.dxa)
    return ChartView(
        kind="dxa",
        title=t(lang, "Bone density (DXA) over time", "骨密度（DXA）の推移"),
        svg=charts.render("dxa", chart_data_dxa(progress), lang),
        caption=t(
            lang,
            "Dashed lines: WHO categories (T ≥ −1.0 normal, T ≤ −2.5 osteoporosis)."
            if metric == "t_score"
            else "Dashed lines: Japanese criteria (%YAM ≥ 80 normal, ≤ 70 osteoporosis).",
            "点線：WHOの区分（T ≥ −1.0 正常、T ≤ −2.5 骨粗鬆症）。"
            if metric == "t_score"
            else "点線：日本の診断基準（%YAM 80以上 正常、70以下 骨粗鬆症）。",
        ),
        headers=[
            t(lang, "Date", "測定日"),
            t(lang, "Site", "部位"),
            t(lang, "T-score", "Tスコア"),
            "%YAM",
            t(lang, "BMD (g/cm²)", "骨密度（g/cm²）"),
        ],
        rows=rows,
    )


def _forecast_rows(f: ForecastResult, lang: str) -> list[list[str]]:
    """Per site: name, mean change with training (95 % band), the same without training."""
    rows = []
    for site in ("lumbar_spine", "femoral_neck"):
        final = f.final(site)
        pct = {key: fc.signed_pct(final[key]) for key in fc.SERIES_KEYS}
        # no-break spaces: on a phone a range wraps as a whole, never inside
        without = (
            f"{pct['no_training_pct_change']}\u00a0% "
            f"({pct['no_training_lower95']}\u00a0…\u00a0{pct['no_training_upper95']})"
        )
        with_ = (
            f"{pct['pct_change']}\u00a0% ({pct['lower95']}\u00a0…\u00a0{pct['upper95']})"
            if f.with_training
            else "–"
        )
        rows.append([charts.site_name(site, lang), with_, without])
    return rows


def _forecast_headers(f: ForecastResult, lang: str) -> list[str]:
    return [
        t(lang, "Site", "部位"),
        t(lang, f"With training, {f.months} months", f"トレーニングあり（{f.months}か月）"),
        t(lang, "Without training", "トレーニングなし"),
    ]


def program_outlook(
    f: ForecastResult | None, lang: str, *, editable: bool = False
) -> ChartView | None:
    """The program page's bone outlook: the forecast of the program as it stands (the working
    copy, every planned session done), so a trainer sees what an edit does to the spine and hip
    (`editable`: the viewer may edit, and the card says it follows the edits). No chart: the
    progress page has it."""
    if f is None or f.response is None or not f.with_training:
        return None
    caption = t(
        lang,
        f"If every planned session is done for {f.months} months: mean change with 95 % "
        "bands (osteoload mechanostat model).",
        f"予定したセッションを{f.months}か月間すべて実施した場合の平均的な変化と95%の幅"
        "（osteoloadのメカノスタットモデル）。",
    )
    if editable:
        caption += t(
            lang, " It follows your edits of the program.", "プログラムの変更が反映されます。"
        )
    return ChartView(
        kind="outlook",
        title=t(lang, "Bone-density outlook of this program", "このプログラムの骨密度の見込み"),
        svg="",
        caption=caption,
        headers=_forecast_headers(f, lang),
        rows=_forecast_rows(f, lang),
        notes=f.assumptions(lang),
    )


def forecast_view(progress: Progress, lang: str) -> ChartView | None:
    f = progress.forecast
    if f is None or f.response is None:
        return None
    rows = _forecast_rows(f, lang)
    if not f.with_training:
        caption = t(
            lang,
            "Without a program only the expected change without training is shown.",
            "プログラムがないため、トレーニングなしの場合の見込みだけを表示しています。",
        )
    elif f.measured:
        caption = t(
            lang,
            f"With the current program at the adherence so far ({f.adherence:.0%}).",
            f"現在のプログラムを、これまでの実施率（{f.adherence:.0%}）で続けた場合。",
        )
    else:
        caption = t(
            lang,
            "With the current program if every planned session is done.",
            "現在のプログラムを予定どおりすべて実施した場合。",
        )
    caption += " " + t(
        lang,
        f"Mean change over {f.months} months with 95 % bands (osteoload mechanostat model).",
        f"{f.months}か月間の平均的な変化と95%の幅（osteoloadのメカノスタットモデル）。",
    )
    return ChartView(
        kind="forecast",
        title=t(lang, "Bone-density forecast", "骨密度の見込み"),
        svg=charts.render("forecast", f.chart_data(), lang),
        caption=caption,
        headers=_forecast_headers(f, lang),
        rows=rows,
        notes=_hip_site_note(progress, lang) + f.assumptions(lang),
        summary=_forecast_summary(f, lang),
    )


def _hip_site_note(progress: Progress, lang: str) -> list[str]:
    """The model forecasts the femoral neck; a client whose hip scans are of the total hip only
    must know which number of her next scan to compare."""
    sites = {r.site for r in progress.dxa}
    if DxaSite.TOTAL_HIP not in sites or DxaSite.FEMORAL_NECK in sites:
        return []
    return [
        t(
            lang,
            "The hip forecast is for the femoral neck; the scans so far report the total hip. "
            "Compare the femoral-neck value of the next scan (ask for it if the report lacks it).",
            "股関節の見込みは大腿骨頸部の値です。これまでの検査は大腿骨近位部（全体）の値なので、"
            "次の検査では大腿骨頸部の値と比べてください（結果にない場合は検査機関にお尋ねください）。",
        )
    ]


def _forecast_summary(f: ForecastResult, lang: str) -> str:
    """The forecast in one plain sentence: from today, the mean at each site, with and without
    training; the table below has the ranges."""
    mean = {
        (site, key): fc.signed_pct(f.final(site)[key])
        for site in ("lumbar_spine", "femoral_neck")
        for key in ("pct_change", "no_training_pct_change")
    }
    ls, fn = mean["lumbar_spine", "pct_change"], mean["femoral_neck", "pct_change"]
    ls0 = mean["lumbar_spine", "no_training_pct_change"]
    fn0 = mean["femoral_neck", "no_training_pct_change"]
    # the bands are for the mean of similar clients (the engine's `bands` note), not for one
    # person's next scan
    range_en = (
        " The shaded bands below are the likely range of the average for people like you, not "
        "of one person: a single DXA result also varies by 1–3 % between scans."
    )
    range_ja = (
        "下の図の帯は、同じような方の平均が入ると見込まれる範囲で、一人ひとりの幅ではありません。"
        "DXAの値は測定ごとにも1〜3%ほど変動します。"
    )
    if not f.with_training:
        return t(
            lang,
            f"Without training, bone density is expected to change by about {ls} % at the spine "
            f"and {fn} % at the hip over the next {f.months} months." + range_en,
            f"トレーニングをしない場合、今から{f.months}か月後の骨密度は腰椎で約{ls}%、"
            f"股関節（大腿骨頸部）で約{fn}%変化すると見込まれます。" + range_ja,
        )
    return t(
        lang,
        f"With the current training, bone density is expected to change by about {ls} % at the "
        f"spine and {fn} % at the hip over the next {f.months} months; without training, by "
        f"about {ls0} % and {fn0} %." + range_en,
        f"今のトレーニングを続けると、今から{f.months}か月後の骨密度は腰椎で約{ls}%、"
        f"股関節（大腿骨頸部）で約{fn}%変化すると見込まれます。トレーニングをしない場合は"
        f"それぞれ約{ls0}%、約{fn0}%です。" + range_ja,
    )


def tests_view(progress: Progress, lang: str) -> ChartView:
    data = chart_data_tests(progress)
    rows = []
    for test in data["tests"]:
        first, last = test["points"][0], test["points"][-1]
        rows.append(
            [
                test["name_ja"] if lang == "ja" else test["name_en"],
                charts.unit_name(test["unit"], lang),
                f"{first[0]}: {_num(first[1], 2)}",
                f"{last[0]}: {_num(last[1], 2)}",
                "–" if test["cutoff"] is None else _num(test["cutoff"], 2),
            ]
        )
    return ChartView(
        kind="tests",
        title=t(lang, "Functional tests over time", "体力テストの推移"),
        svg=charts.render("tests", data, lang),
        caption=t(
            lang,
            "Dashed lines: the cut-offs the assessment uses (AWGS 2019, CDC STEADI, JOA).",
            "点線：評価で使う基準値（AWGS 2019、CDC STEADI、日本整形外科学会）。",
        ),
        headers=[
            t(lang, "Test", "テスト"),
            t(lang, "Unit", "単位"),
            t(lang, "First", "初回"),
            t(lang, "Latest", "最新"),
            t(lang, "Cut-off", "基準値"),
        ],
        rows=rows,
    )


def sleep_view(progress: Progress, lang: str) -> ChartView:
    return ChartView(
        kind="sleep",
        title=t(lang, "Sleep, last four weeks", "睡眠（最近4週間）"),
        svg=charts.render("sleep", chart_data_sleep(progress), lang),
        caption=t(
            lang,
            "Hours asleep per night; dashed line: 6 hours (MHLW sleep guide 2023).",
            "1晩ごとの睡眠時間。点線：6時間（健康づくりのための睡眠ガイド2023）。",
        ),
    )


def progress_charts(progress: Progress, lang: str) -> list[ChartView]:
    views = [
        e1rm_view(progress, lang),
        load_view(progress, lang),
        adherence_view(progress, lang),
        dxa_view(progress, lang),
        forecast_view(progress, lang),
        tests_view(progress, lang),
        sleep_view(progress, lang),
    ]
    return [v for v in views if v is not None]


def sources_of(progress: Progress) -> list[str]:
    """The reference keys behind what the progress shows (for the reports' bibliography)."""
    from osteoload.engine import monitoring

    keys: list[str] = []
    if progress.assessment is not None:
        keys += [f.get("source", "") for f in progress.assessment.result.get("findings", [])]
    keys += ["epley_1985", *monitoring.SOURCES]
    keys += [
        rules.WHO_SOURCE,
        rules.JP_SOURCE,
        rules.AWGS_SOURCE,
        rules.TUG_SOURCE,
        rules.SINGLE_LEG_SOURCE,
        "mhlw_sleep_guide_2023",
    ]
    if progress.forecast is not None:
        keys += progress.forecast.sources
    return [k for k in dict.fromkeys(keys) if k]

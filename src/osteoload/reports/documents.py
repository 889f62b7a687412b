"""What the two PDF reports say, assembled from the stored facts, the logs and the engine.

- The **client summary** (several pages, friendly): the assessment in words, the safety tier, the
  program, adherence, strength, home practice, sleep and food, the forecast, every progress chart
  and the full bibliography of the sources behind them.
- The **physician summary** (one A4 page): the same facts as figures — assessment, tier and
  envelope, program, adherence, strength progress, pain flags, forecast — with the sources of the
  rules shown.

Both are built in the language asked for (ja or en), whatever the page's language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from osteoload.clients.models import Client
from osteoload.clients.selectors import active_assignments
from osteoload.engine import ENGINE_VERSION
from osteoload.engine import assessment as rules
from osteoload.engine.assessment import (
    FallRiskCategory,
    JpCategory,
    OstaRisk,
    SarcopeniaCategory,
    WhoCategory,
)
from osteoload.engine.nutrition import NUTRIENT_NAMES, NUTRIENTS
from osteoload.engine.references import Reference, bibliography, exists
from osteoload.engine.types import Tier
from osteoload.engine.wording import count_en
from osteoload.lifestyle import selectors as lifestyle
from osteoload.progress.presenters import ChartView, progress_charts, sources_of
from osteoload.progress.selectors import Progress, progress_for
from osteoload.training import selectors as training_selectors
from osteoload.training.models import ProgramWeek


def t(lang: str, en: str, ja: str) -> str:
    return ja if lang == "ja" else en


def _name(table: dict[Any, tuple[str, str]], enum: Any, value: Any, lang: str) -> str:
    try:
        en, ja = table[enum(value)]
    except (KeyError, ValueError):
        return str(value)
    return t(lang, en, ja)


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    source: str = ""


@dataclass
class LiftRow:
    name: str
    first_date: str
    first_kg: str
    latest_date: str
    latest_kg: str
    change: str


@dataclass
class Report:
    lang: str
    client: Client
    generated_at: dt.datetime
    trainers: list[str]
    progress: Progress
    assessment_facts: list[Fact] = field(default_factory=list)
    findings: list[tuple[str, str]] = field(default_factory=list)  # (text, source)
    envelope_facts: list[Fact] = field(default_factory=list)
    tier: str = ""
    tier_name: str = ""
    program_facts: list[Fact] = field(default_factory=list)
    adherence_text: str = ""
    lifts: list[LiftRow] = field(default_factory=list)
    forecast_rows: list[list[str]] = field(default_factory=list)
    forecast_caption: str = ""
    forecast_notes: list[str] = field(default_factory=list)
    forecast_key_notes: list[str] = field(default_factory=list)
    lifestyle_facts: list[Fact] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    charts: list[ChartView] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    engine_version: str = ENGINE_VERSION

    def chart(self, kind: str) -> ChartView | None:
        return next((c for c in self.charts if c.kind == kind), None)

    @property
    def forecast_chart(self) -> ChartView | None:
        return self.chart("forecast")


def _assessment(report: Report, result: dict[str, Any]) -> list[str]:
    lang = report.lang
    bone = result.get("bone", {})
    facts = [
        Fact(
            t(lang, "WHO category", "WHO分類"),
            _name(rules.WHO_NAMES, WhoCategory, bone.get("who_category"), lang),
            rules.WHO_SOURCE,
        ),
        Fact(
            t(lang, "Japanese criteria", "日本の診断基準"),
            _name(rules.JP_NAMES, JpCategory, bone.get("jp_category"), lang),
            rules.JP_SOURCE,
        ),
    ]
    if bone.get("lowest_t_score") is not None:
        site = bone.get("lowest_site") or ""
        facts.append(
            Fact(
                t(lang, "Lowest T-score", "最も低いTスコア"),
                f"{bone['lowest_t_score']:+.1f} ({_site(site, lang)})",
            )
        )
    if bone.get("lowest_yam_percent") is not None:
        site = bone.get("lowest_yam_site") or bone.get("lowest_site") or ""
        facts.append(
            Fact(
                t(lang, "Lowest %YAM", "最も低い%YAM"),
                f"{bone['lowest_yam_percent']:g} % ({_site(site, lang)})",
            )
        )
    osta = result.get("osta")
    if osta:
        facts.append(
            Fact(
                "OSTA",
                f"{osta['index']} ({_name(rules.OSTA_NAMES, OstaRisk, osta['risk'], lang)})",
                rules.OSTA_SOURCE,
            )
        )
    sarc = result.get("sarcopenia", {})
    facts.append(
        Fact(
            t(lang, "Sarcopenia (AWGS 2019)", "サルコペニア（AWGS 2019）"),
            _name(rules.SARCOPENIA_NAMES, SarcopeniaCategory, sarc.get("category"), lang),
            rules.AWGS_SOURCE,
        )
    )
    if result.get("osteosarcopenia"):
        facts.append(
            Fact(t(lang, "Osteosarcopenia", "オステオサルコペニア"), t(lang, "yes", "あり"))
        )
    fall = result.get("fall_risk", {})
    facts.append(
        Fact(
            t(lang, "Fall risk", "転倒リスク"),
            _name(rules.FALL_NAMES, FallRiskCategory, fall.get("category"), lang),
            rules.FALLS_SOURCE,
        )
    )
    report.assessment_facts = facts
    report.findings = [
        (f["ja"] if lang == "ja" else f["en"], f.get("source", ""))
        for f in result.get("findings", [])
    ]
    report.tier = str(result.get("tier", ""))
    report.tier_name = _name(rules.TIER_NAMES, Tier, report.tier, lang)
    report.envelope_facts = _envelope(result.get("envelope", {}), lang)
    return list(result.get("sources", []))


def _site(site: str, lang: str) -> str:
    from osteoload.progress.charts import site_name

    return site_name(site, lang)


def _envelope(env: dict[str, Any], lang: str) -> list[Fact]:
    if not env:
        return []
    src = env.get("sources", {})
    yes, no = t(lang, "allowed", "可"), t(lang, "not allowed", "不可")
    impact = {
        "none": ("none", "なし"),
        "low": ("low", "低"),
        "moderate": ("moderate", "中"),
        "high": ("high", "高"),
    }
    imp_en, imp_ja = impact.get(env.get("max_impact", ""), (env.get("max_impact", ""),) * 2)
    facts = [
        Fact(
            t(lang, "Highest intensity", "最大強度"),
            f"{env.get('max_pct_1rm')} %1RM",
            src.get("max_pct_1rm", ""),
        ),
        Fact(
            t(lang, "Impact", "衝撃負荷"),
            t(lang, f"up to {imp_en}", f"{imp_ja}まで"),
            src.get("max_impact", ""),
        ),
        Fact(
            t(lang, "Loaded spinal flexion", "負荷をかけた体幹前屈"),
            yes if env.get("loaded_spinal_flexion") else no,
            src.get("loaded_spinal_flexion", ""),
        ),
        Fact(
            t(lang, "Twisting under load", "負荷をかけたひねり"),
            yes if env.get("spinal_rotation_under_load") else no,
            src.get("spinal_rotation_under_load", ""),
        ),
        Fact(
            t(lang, "Balance training", "バランストレーニング"),
            t(
                lang,
                f"≥ {env.get('min_balance_minutes_per_week')} min/week",
                f"週{env.get('min_balance_minutes_per_week')}分以上",
            ),
            src.get("min_balance_minutes_per_week", ""),
        ),
        Fact(
            t(lang, "Supervision", "指導者の監督"),
            t(lang, "required", "必要")
            if env.get("supervision_required")
            else t(lang, "not required", "不要"),
            src.get("supervision_required", ""),
        ),
    ]
    return facts


def _program(report: Report) -> None:
    lang = report.lang
    program = report.progress.program
    if program is None:
        return
    today = report.progress.today
    number = max(1, min(program.length_weeks, (today - program.start_date).days // 7 + 1))
    week = ProgramWeek.objects.filter(program=program, number=number).first()
    report.program_facts = [
        Fact(t(lang, "Started", "開始日"), program.start_date.isoformat()),
        Fact(
            t(lang, "Length", "期間"),
            t(lang, f"{program.length_weeks} weeks", f"{program.length_weeks}週間"),
        ),
        Fact(t(lang, "Sessions per week", "週あたりの回数"), str(program.sessions_per_week)),
        Fact(t(lang, "Tier", "運動区分"), program.tier),
    ]
    if week is not None:
        report.program_facts.append(
            Fact(
                t(lang, "This week", "今週"),
                t(lang, f"week {week.number}: ", f"第{week.number}週：")
                + str(week.get_phase_display())
                + (f" · {week.main_pct_1rm} %1RM" if week.main_pct_1rm else ""),
            )
        )


def _adherence(report: Report) -> None:
    lang = report.lang
    a = report.progress.adherence
    if a is None:
        report.adherence_text = t(lang, "No program yet.", "プログラムはまだありません。")
    elif a.ratio is None:
        report.adherence_text = t(
            lang, "The first program week is not over yet.", "最初の週がまだ終わっていません。"
        )
    else:
        report.adherence_text = t(
            lang,
            f"{a.done} of {a.planned} planned sessions done ({a.ratio:.0%}) in "
            f"{sum(1 for w in a.weeks if w.complete)} completed weeks.",
            f"終わった{sum(1 for w in a.weeks if w.complete)}週で、予定{a.planned}回のうち"
            f"{a.done}回実施（{a.ratio:.0%}）。",
        )


def _lifts(report: Report) -> None:
    for lift in report.progress.lifts:
        if not lift.points:
            continue
        first, last = lift.points[0], lift.points[-1]
        change = "–" if lift.change_kg is None else f"{lift.change_kg:+.1f} kg"
        report.lifts.append(
            LiftRow(
                lift.name(report.lang),
                first.date.isoformat(),
                f"{first.e1rm_kg:.1f}",
                last.date.isoformat(),
                f"{last.e1rm_kg:.1f}",
                change,
            )
        )


PHYSICIAN_NOTES = frozenset(
    {
        "bands",
        "antiresorptive",
        "hormone_therapy",
        "medication_not_modelled",
        "spine_artefact",
        "men_extrapolated",
        "young_least_supported",
        "pooled_trials_smaller",
        "repeated_landings_hip_low",
        "high_rep_sets_hip_high",
    }
)
"""The forecast's assumptions the one-page physician summary keeps: what the band means, what a
drug was assumed to do, and where the model is least reliable for this client (the technical
ones, such as how %1RM became kilograms, are in the client report)."""


def _forecast(report: Report) -> list[str]:
    chart = report.chart("forecast")
    if chart is None:
        return []
    report.forecast_rows = chart.rows
    report.forecast_caption = chart.caption
    # the forecast's assumptions go wherever its numbers go: without them a reader takes the
    # band for this client's own range, or misses that a drug was assumed to act
    report.forecast_notes = chart.notes
    forecast = report.progress.forecast
    if forecast is not None and forecast.response is not None:
        key = "ja" if report.lang == "ja" else "en"
        report.forecast_key_notes = [
            a[key] for a in forecast.response["assumptions"] if a["code"] in PHYSICIAN_NOTES
        ]
    return report.progress.forecast.sources if report.progress.forecast else []


def _lifestyle(report: Report) -> list[str]:
    lang = report.lang
    progress = report.progress
    facts: list[Fact] = []
    home = progress.home
    if home:
        days = len({s.done_on for s in home})
        facts.append(
            Fact(
                t(lang, "Home practice", "自宅での練習"),
                t(
                    lang,
                    f"{count_en(days, 'day')}, balance {progress.home_balance_min} min, walking "
                    f"{sum(s.walk_min for s in home)} min",
                    f"{days}日、バランス{progress.home_balance_min}分、ウォーキング"
                    f"{sum(s.walk_min for s in home)}分",
                ),
            )
        )
    sources: list[str] = []
    summary = lifestyle.sleep_summary(report.client, progress.sleep, today=progress.today)
    if summary:
        facts.append(
            Fact(
                t(lang, "Sleep (4 weeks)", "睡眠（4週間）"),
                t(
                    lang,
                    f"{count_en(summary['nights'], 'night')}, mean "
                    f"{summary['mean_hours_asleep']:.1f} h "
                    f"asleep, {summary['nights_under_6h']} under 6 h",
                    f"{summary['nights']}晩、平均{summary['mean_hours_asleep']:.1f}時間、"
                    f"6時間未満{summary['nights_under_6h']}晩",
                ),
                "mhlw_sleep_guide_2023",
            )
        )
        sources += summary.get("sources", [])
    check = lifestyle.latest_nutrition_check(report.client)
    if check is not None:
        # In the engine's nutrient order: a stored result's keys come back in another order on
        # PostgreSQL (jsonb sorts them).
        status = check.result.get("status", {})
        below = [k for k in NUTRIENTS if status.get(k) == "below"]
        names = [NUTRIENT_NAMES[k][1 if lang == "ja" else 0] for k in below]
        facts.append(
            Fact(
                t(
                    lang,
                    f"Food check ({check.checked_on.isoformat()})",
                    f"食事チェック（{check.checked_on.isoformat()}）",
                ),
                (
                    t(lang, "below target: ", "目標に届かない栄養素：")
                    + t(lang, ", ", "、").join(names)
                )
                if names
                else t(lang, "all targets met", "すべての目標を満たしています"),
            )
        )
        sources += check.result.get("sources", [])
    report.lifestyle_facts = facts
    return sources


def build_report(client: Client, *, lang: str, today: dt.date | None = None) -> Report:
    """Everything both reports show (about 20 queries)."""
    today = today or timezone.localdate()
    progress = progress_for(client, today=today)
    report = Report(
        lang=lang,
        client=client,
        generated_at=timezone.localtime(),
        trainers=[
            a.trainer.user.display_name or a.trainer.user.email
            for a in active_assignments(client=client)
        ],
        progress=progress,
    )
    keys: list[str] = []
    if progress.assessment is not None:
        keys += _assessment(report, progress.assessment.result)
    _program(report)
    _adherence(report)
    _lifts(report)
    report.charts = progress_charts(progress, lang)
    keys += _forecast(report)
    keys += _lifestyle(report)
    report.flags = [
        f"{flag.raised_at:%Y-%m-%d}: {flag.get_kind_display()}" for flag in progress.flags
    ]
    keys += sources_of(progress)
    if progress.program is not None:
        generated = training_selectors.generated_document(program=progress.program)
        keys += [str(s) for s in _program_sources(generated)]
    report.references = bibliography([k for k in dict.fromkeys(keys) if k and exists(k)])
    return report


def _program_sources(document: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for week in document.get("weeks", []):
        for session in week.get("sessions", []):
            out += [e.get("source", "") for e in session.get("exercises", [])]
        out += [h.get("source", "") for h in week.get("home_practice", [])]
    return [s for s in dict.fromkeys(out) if s]


def short_citation(ref: Reference) -> str:
    """First author et al. (year). Where published. — a reference line that fits a one-page
    summary; the client summary has the full citations."""
    authors = ref.authors.split(",")[0].strip()
    if "," in ref.authors or " and " in ref.authors or ";" in ref.authors:
        authors = authors.removesuffix(" et al.") + " et al."
    where = ref.published_in or ref.title
    return f"{authors} ({ref.year}). {where}."


def physician_references(report: Report) -> list[str]:
    """The sources of what the one-page summary states: assessment, envelope, program, progression
    and monitoring rules, and the forecast's headline sources (the model's full list is in the
    client summary)."""
    keep: list[str] = []
    if report.progress.assessment is not None:
        keep += list(report.progress.assessment.result.get("sources", []))
    keep += ["epley_1985", "foster_2001_session_rpe"]
    forecast = report.progress.forecast
    if forecast is not None and forecast.response is not None:
        keep += ["frost_2003_mechanostat"]
        keep += [a.get("source", "") for a in forecast.response.get("assumptions", [])]
    refs = bibliography([k for k in dict.fromkeys(keep) if k and exists(k)])
    return [short_citation(r) for r in refs]

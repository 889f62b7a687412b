"""Weekly training-load monitoring from session RPE (Foster 2001).

* Session load (arbitrary units) = session RPE (CR-10, asked about 30 min after) × minutes
  [foster_2001_session_rpe]; valid for resistance training [sweet_2004_session_rpe_resistance].
* Per calendar week (Monday–Sunday, rest days count as 0): weekly load, monotony = mean daily load
  ÷ its standard deviation (sample SD over the 7 days), strain = weekly load × monotony.
  No alarm thresholds for monotony or strain: the published ones come from athletes.
* Spike warning: weekly load more than 30 % above the previous week's. The 30 % is product policy
  (the notes suggest 30–50 % as a soft "sudden spike" check, not evidence).
* EWMA acute:chronic ratio (λ = 2/(N+1), N = 7 and 28) [williams_2017_ewma_acwr], shown only as a
  soft note when above 1.5 [gabbett_2016_training_injury_paradox], and only after 28 days of
  data. Its evidence is contested (mathematical coupling, no validation in older adults)
  [lolli_2019_acwr_spurious, windt_2019_acwr_coupling, frontiers_2021_acwr_editorial]: never use
  it to decide a load.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

SPIKE_RISE = 0.30  # policy
ACWR_SOFT_LIMIT = 1.5  # gabbett_2016 "danger zone", athlete data
ACUTE_DAYS = 7
CHRONIC_DAYS = 28
SOURCES = (
    "foster_2001_session_rpe",
    "sweet_2004_session_rpe_resistance",
    "williams_2017_ewma_acwr",
    "gabbett_2016_training_injury_paradox",
    "lolli_2019_acwr_spurious",
    "windt_2019_acwr_coupling",
    "frontiers_2021_acwr_editorial",
    "osteoload_policy",
)
ACWR_CAVEAT_EN = (
    "The acute:chronic workload ratio comes from athlete data and its evidence is contested "
    "(mathematical coupling; not validated in older adults). It is shown as a soft hint only."
)
ACWR_CAVEAT_JA = (
    "急性:慢性負荷比（ACWR）はアスリートのデータに基づく指標で、その根拠には異論があります"
    "（数学的なカップリング、高齢者では未検証）。参考表示にとどめます。"
)


@dataclass(frozen=True, slots=True)
class SessionLog:
    date: dt.date
    session_rpe: float
    duration_min: float

    @property
    def load(self) -> float:
        return session_load(self.session_rpe, self.duration_min)


def session_load(session_rpe: float, duration_min: float) -> float:
    """Foster's session load in arbitrary units: session RPE (0–10) × minutes."""
    if not 0 <= session_rpe <= 10:
        raise ValueError(f"session RPE must be between 0 and 10, got {session_rpe:g}")
    if duration_min < 0:
        raise ValueError(f"duration cannot be negative, got {duration_min:g}")
    return session_rpe * duration_min


@dataclass(frozen=True, slots=True)
class Week:
    start: dt.date  # a Monday
    load: float
    monotony: float | None
    strain: float | None
    sessions: int
    change_pct: float | None  # vs the previous week; None when that week's load was 0
    spike: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "week_start": self.start.isoformat(),
            "load": round(self.load, 1),
            "monotony": None if self.monotony is None else round(self.monotony, 2),
            "strain": None if self.strain is None else round(self.strain, 1),
            "sessions": self.sessions,
            "change_pct": None if self.change_pct is None else round(self.change_pct, 1),
            "spike": self.spike,
        }


@dataclass(frozen=True, slots=True)
class WeeklyReport:
    weeks: tuple[Week, ...]
    acwr: float | None
    warnings_en: tuple[str, ...]
    warnings_ja: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "weeks": [w.to_dict() for w in self.weeks],
            "acwr_ewma": None if self.acwr is None else round(self.acwr, 2),
            "acwr_caveat_en": ACWR_CAVEAT_EN,
            "acwr_caveat_ja": ACWR_CAVEAT_JA,
            "warnings_en": list(self.warnings_en),
            "warnings_ja": list(self.warnings_ja),
            "sources": list(SOURCES),
        }


def daily_loads(logs: Iterable[SessionLog]) -> tuple[dt.date, list[float]]:
    """(first day, load per day) from the first to the last logged day; days off are 0."""
    items = sorted(logs, key=lambda s: s.date)
    if not items:
        raise ValueError("no sessions to monitor")
    first, last = items[0].date, items[-1].date
    days = [0.0] * ((last - first).days + 1)
    for s in items:
        days[(s.date - first).days] += s.load
    return first, days


def monotony(week: list[float]) -> float | None:
    """Mean ÷ sample SD of the 7 daily loads; None when the SD is 0 (undefined)."""
    sd = statistics.stdev(week)
    return None if sd == 0 else statistics.fmean(week) / sd


def ewma(values: list[float], span: int) -> list[float]:
    """Exponentially weighted moving average, λ = 2/(span + 1), seeded with the first value."""
    lam = 2.0 / (span + 1)
    out: list[float] = []
    for i, v in enumerate(values):
        out.append(v if i == 0 else lam * v + (1 - lam) * out[-1])
    return out


def acwr_ewma(days: list[float]) -> float | None:
    """EWMA acute (7) ÷ chronic (28) on the last day; None before 28 days or no chronic load."""
    if len(days) < CHRONIC_DAYS:
        return None
    chronic = ewma(days, CHRONIC_DAYS)[-1]
    return None if chronic <= 0 else ewma(days, ACUTE_DAYS)[-1] / chronic


def weekly_report(logs: Iterable[SessionLog]) -> WeeklyReport:
    items = list(logs)
    first, days = daily_loads(items)
    monday = first - dt.timedelta(days=first.weekday())
    offset = (first - monday).days
    padded = [0.0] * offset + days
    padded += [0.0] * (-len(padded) % 7)
    counts: dict[dt.date, int] = {}
    for s in items:
        start = s.date - dt.timedelta(days=s.date.weekday())
        counts[start] = counts.get(start, 0) + 1
    weeks: list[Week] = []
    warn_en: list[str] = []
    warn_ja: list[str] = []
    previous: float | None = None
    for i in range(0, len(padded), 7):
        chunk = padded[i : i + 7]
        start = monday + dt.timedelta(days=i)
        total = sum(chunk)
        mono = monotony(chunk)
        change = None if not previous else (total - previous) / previous * 100.0
        spike = change is not None and change > SPIKE_RISE * 100.0
        if spike:
            warn_en.append(
                f"Week of {start.isoformat()}: load rose {change:.0f} % over the previous week "
                "(more than 30 %, product policy). Check recovery and pain before adding more."
            )
            warn_ja.append(
                f"{start.isoformat()}の週: 負荷が前週より{change:.0f}%増えました"
                "（30%超、当社の方針）。"
                "さらに増やす前に回復と痛みを確認してください。"
            )
        weeks.append(
            Week(
                start=start,
                load=total,
                monotony=mono,
                strain=None if mono is None else total * mono,
                sessions=counts.get(start, 0),
                change_pct=change,
                spike=spike,
            )
        )
        previous = total
    ratio = acwr_ewma(days)
    if ratio is not None and ratio > ACWR_SOFT_LIMIT:
        warn_en.append(
            f"Soft hint: EWMA acute:chronic ratio {ratio:.2f} (> {ACWR_SOFT_LIMIT}). "
            + ACWR_CAVEAT_EN
        )
        warn_ja.append(
            f"参考: EWMAによる急性:慢性負荷比 {ratio:.2f}（{ACWR_SOFT_LIMIT}超）。" + ACWR_CAVEAT_JA
        )
    return WeeklyReport(
        weeks=tuple(weeks), acwr=ratio, warnings_en=tuple(warn_en), warnings_ja=tuple(warn_ja)
    )

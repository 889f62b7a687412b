"""Today's home practice for a client, from their current program.

Three kinds of item, each with the catalogue's cues so the client knows how to do it safely:

- **balance**: the engine's home practice of the program's current week (minutes a day, days a
  week; it completes the weekly balance minutes the client's tier needs);
- **back extensors**: the bodyweight back-extensor exercises the program prescribes in the gym,
  with the same sets and reps, on days without a gym session — home-based back-extensor
  strengthening is what Sinaki 2002 (`sinaki_2002_back_extensors`) studied; repeating the gym's
  prescription at home on the other days is product policy (`osteoload_policy`);
- **walking**: about 30 minutes, as the Japanese osteoporosis guideline advises alongside strength
  training (`jos_2015_guideline`). Walking alone does little for bone density; it keeps the client
  active between sessions.

No program (e.g. a physician's clearance is still awaited): no home items — the trainer sets them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from osteoload.engine.catalog import Catalog, load_catalog
from osteoload.engine.types import Equipment, Pattern

BACK_EXTENSION_SOURCE = "sinaki_2002_back_extensors"
WALKING_SOURCE = "jos_2015_guideline"
WALKING_MINUTES = 30  # jos_2015_guideline (walking about 30 min with strength training)
WALKING_ID = "walking"

_WALKING_CUES_JA = (
    "背すじを伸ばし、少し速めの楽な速さで歩きます",
    "歩きやすい靴で、段差や滑りやすい道を避けます",
    "息が上がりすぎない程度で続けます",
)
_WALKING_CUES_EN = (
    "Walk tall at a comfortable, slightly brisk pace",
    "Wear good shoes; avoid steps and slippery paths",
    "Keep a pace at which you can still talk",
)


@dataclass(frozen=True)
class HomeItem:
    id: str
    kind: str  # "balance" | "back_extension" | "walking"
    name_ja: str
    name_en: str
    minutes_per_day: int | None = None
    days_per_week: int | None = None
    sets: int | None = None
    reps: int | None = None
    cues_ja: tuple[str, ...] = ()
    cues_en: tuple[str, ...] = ()
    why_ja: str = ""
    why_en: str = ""
    source: str = ""

    def name(self, lang: str) -> str:
        return self.name_ja if lang == "ja" else self.name_en

    def cues(self, lang: str) -> tuple[str, ...]:
        return self.cues_ja if lang == "ja" else self.cues_en

    def why(self, lang: str) -> str:
        return self.why_ja if lang == "ja" else self.why_en


@dataclass(frozen=True)
class HomePlan:
    week_number: int | None
    items: tuple[HomeItem, ...] = field(default_factory=tuple)

    @property
    def balance_minutes(self) -> int:
        """Balance minutes for one day of home practice."""
        return sum(i.minutes_per_day or 0 for i in self.items if i.kind == "balance")

    @property
    def balance_minutes_per_week(self) -> int:
        return sum(
            (i.minutes_per_day or 0) * (i.days_per_week or 0)
            for i in self.items
            if i.kind == "balance"
        )

    @property
    def back_extension_sets(self) -> int:
        return sum(i.sets or 0 for i in self.items if i.kind == "back_extension")

    @property
    def walking_minutes(self) -> int:
        return sum(i.minutes_per_day or 0 for i in self.items if i.kind == "walking")

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(i.source for i in self.items if i.source))


def _walking() -> HomeItem:
    return HomeItem(
        id=WALKING_ID,
        kind="walking",
        name_ja="ウォーキング",
        name_en="Walking",
        minutes_per_day=WALKING_MINUTES,
        cues_ja=_WALKING_CUES_JA,
        cues_en=_WALKING_CUES_EN,
        why_ja="筋力トレーニングと合わせて約30分歩くことが、骨密度の維持に勧められています"
        "（骨粗鬆症の予防と治療ガイドライン2015年版）。",
        why_en="About 30 minutes of walking alongside strength training is advised to help keep "
        "bone density (Japanese osteoporosis guideline 2015).",
        source=WALKING_SOURCE,
    )


def build_home_plan(
    *,
    week_number: int | None,
    home_practice: list[dict[str, Any]],
    prescriptions: list[Any],
    catalog: Catalog | None = None,
) -> HomePlan:
    """The home plan from a program week's stored `home_practice` (engine dicts) and the week's
    prescriptions (objects with exercise_id, pattern, sets, reps). Pure: no queries."""
    if week_number is None:
        return HomePlan(week_number=None)
    cat = catalog or load_catalog()
    items: list[HomeItem] = []
    for practice in home_practice:
        exercise = cat.get(practice["id"]) if practice.get("id") in cat else None
        items.append(
            HomeItem(
                id=str(practice.get("id", "")),
                kind="balance" if practice.get("pattern") == Pattern.BALANCE.value else "other",
                name_ja=str(practice.get("name_ja", "")),
                name_en=str(practice.get("name_en", "")),
                minutes_per_day=int(practice.get("minutes_per_day") or 0),
                days_per_week=int(practice.get("days_per_week") or 0),
                cues_ja=exercise.cues_ja if exercise else (),
                cues_en=exercise.cues_en if exercise else (),
                why_ja=str(practice.get("why_ja", "")),
                why_en=str(practice.get("why_en", "")),
                source=str(practice.get("source", "")),
            )
        )
    seen: set[str] = set()
    for rx in prescriptions:
        if rx.pattern != Pattern.BACK_EXTENSION.value or rx.exercise_id in seen:
            continue
        if rx.exercise_id not in cat:
            continue
        exercise = cat.get(rx.exercise_id)
        if exercise.equipment - {Equipment.BODYWEIGHT}:
            continue  # needs the gym's machine or weights: not a home exercise
        seen.add(rx.exercise_id)
        items.append(
            HomeItem(
                id=exercise.id,
                kind="back_extension",
                name_ja=exercise.name_ja,
                name_en=exercise.name_en,
                sets=rx.sets,
                reps=rx.reps,
                cues_ja=exercise.cues_ja,
                cues_en=exercise.cues_en,
                why_ja="背筋（脊柱伸展）運動は姿勢を保ち、背骨の骨折を防ぐ助けになります。"
                "ジムのない日に、ジムと同じ回数で行います。",
                why_en="Back-extensor exercise helps posture and protects the spine; do it on "
                "days without a gym session, with the same sets and reps as in the gym.",
                source=BACK_EXTENSION_SOURCE,
            )
        )
    items.append(_walking())
    return HomePlan(week_number=week_number, items=tuple(items))


def week_start(day: dt.date) -> dt.date:
    """The Monday of `day`'s week (weeks run Monday to Sunday, as in Japanese calendars at work)."""
    return day - dt.timedelta(days=day.weekday())

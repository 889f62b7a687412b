"""CSV export of a client's logs: UTF-8 with a byte-order mark (so Excel in Japan opens it as
UTF-8, not Shift_JIS), CRLF line ends, a header row in the chosen language.

Kinds: `sets` (every logged set), `sessions` (gym sessions), `home` (home practice), `sleep`,
`nutrition` (food checks). Free text (notes, names) that starts like a formula is prefixed with an
apostrophe, so a spreadsheet shows it instead of running it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps

from osteoload.clients.models import Client
from osteoload.engine.catalog import load_catalog
from osteoload.engine.nutrition import NUTRIENT_NAMES, NUTRIENTS
from osteoload.lifestyle.models import HomeSession, NutritionCheck, SleepLog

BOM = "\ufeff"
KINDS = ("sets", "sessions", "home", "sleep", "nutrition")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return 1 if value else 0
    return value


def t(lang: str, en: str, ja: str) -> str:
    return ja if lang == "ja" else en


def _sets(client: Client, lang: str) -> tuple[list[str], Iterable[list[Any]]]:
    header = [
        t(lang, "date", "日付"),
        t(lang, "program week", "週"),
        t(lang, "session", "セッション"),
        t(lang, "exercise id", "種目ID"),
        t(lang, "exercise", "種目"),
        t(lang, "set", "セット"),
        t(lang, "load (kg)", "重量（kg）"),
        t(lang, "reps", "回数"),
        t(lang, "reps in reserve", "余力回数（RIR）"),
        t(lang, "seconds", "秒"),
        t(lang, "contacts", "着地回数"),
        t(lang, "completed", "完遂"),
        t(lang, "suggested load (kg)", "提案重量（kg）"),
        t(lang, "planned reps", "予定回数"),
        t(lang, "planned %1RM", "予定%1RM"),
    ]
    if not apps.is_installed("osteoload.workouts"):
        return header, []
    from osteoload.workouts.selectors import sets_for_client

    catalog = load_catalog()

    def rows() -> Iterable[list[Any]]:
        for s in sets_for_client(client):
            known = catalog.get(s.exercise_id) if s.exercise_id in catalog else None
            name = known.name(lang) if known else s.exercise_id
            yield [
                s.workout.date.isoformat(),
                s.workout.week_number,
                s.workout.day,
                s.exercise_id,
                safe_text(name),
                s.set_number,
                s.load_kg,
                s.reps,
                s.rir,
                s.duration_s,
                s.contacts,
                s.completed,
                s.suggested_load_kg,
                s.planned_reps,
                s.planned_pct_1rm,
            ]

    return header, rows()


def _sessions(client: Client, lang: str) -> tuple[list[str], Iterable[list[Any]]]:
    header = [
        t(lang, "date", "日付"),
        t(lang, "kind", "種類"),
        t(lang, "status", "状態"),
        t(lang, "program week", "週"),
        t(lang, "session", "セッション"),
        t(lang, "session RPE", "セッションRPE"),
        t(lang, "minutes", "時間（分）"),
        t(lang, "session load (AU)", "セッション負荷（AU）"),
        t(lang, "pain (0-10)", "痛み（0-10）"),
        t(lang, "new back pain", "新たな腰・背中の痛み"),
        t(lang, "impact contacts", "着地回数"),
        t(lang, "notes", "メモ"),
    ]
    if not apps.is_installed("osteoload.workouts"):
        return header, []
    from osteoload.workouts.models import Workout

    workouts = Workout.objects.filter(client=client).order_by("date", "id")
    return header, (
        [
            w.date.isoformat(),
            w.kind,
            w.status,
            w.week_number,
            w.day,
            w.session_rpe,
            w.duration_min,
            w.session_load,
            w.pain,
            w.new_back_pain,
            w.impact_contacts,
            safe_text(w.notes),
        ]
        for w in workouts
    )


def _home(client: Client, lang: str) -> tuple[list[str], Iterable[list[Any]]]:
    header = [
        t(lang, "date", "日付"),
        t(lang, "exercises", "種目"),
        t(lang, "balance (min)", "バランス（分）"),
        t(lang, "back-extensor sets", "背筋運動（セット）"),
        t(lang, "walking (min)", "ウォーキング（分）"),
        t(lang, "pain (0-10)", "痛み（0-10）"),
        t(lang, "note", "メモ"),
    ]
    sessions = HomeSession.objects.filter(client=client).order_by("done_on", "id")
    return header, (
        [
            s.done_on.isoformat(),
            " ".join(s.exercises),
            s.balance_min,
            s.back_extension_sets,
            s.walk_min,
            s.pain,
            safe_text(s.note),
        ]
        for s in sessions
    )


def _sleep(client: Client, lang: str) -> tuple[list[str], Iterable[list[Any]]]:
    header = [
        t(lang, "night of", "夜（日付）"),
        t(lang, "hours asleep", "睡眠時間"),
        t(lang, "hours in bed", "床上時間"),
        t(lang, "rested (1-5)", "休養感（1-5）"),
    ]
    logs = SleepLog.objects.filter(client=client).order_by("night_of")
    return header, (
        [s.night_of.isoformat(), s.hours_asleep, s.time_in_bed_h, s.rested] for s in logs
    )


def _nutrition(client: Client, lang: str) -> tuple[list[str], Iterable[list[Any]]]:
    header = [t(lang, "date", "日付")]
    for n in NUTRIENTS:
        en, ja, unit = NUTRIENT_NAMES[n]
        header += [
            t(lang, f"{en} intake ({unit}/day)", f"{ja} 摂取量（{unit}/日）"),
            t(lang, f"{en} target ({unit}/day)", f"{ja} 目標（{unit}/日）"),
        ]
    header.append(t(lang, "foods (servings)", "食品（回数）"))
    checks = NutritionCheck.objects.filter(client=client).order_by("checked_on", "id")

    def row(check: NutritionCheck) -> list[Any]:
        out: list[Any] = [check.checked_on.isoformat()]
        targets = check.result.get("targets", {})
        for n in NUTRIENTS:
            goal = targets.get(n)
            out += [check.result.get("intake", {}).get(n), goal[0] if goal else None]
        foods = " ".join(
            f"{food}:{v.get('servings')}/{v.get('per', 'day')}" for food, v in check.foods.items()
        )
        out.append(foods)
        return out

    return header, (row(c) for c in checks)


BUILDERS: dict[str, Callable[[Client, str], tuple[list[str], Iterable[list[Any]]]]] = {
    "sets": _sets,
    "sessions": _sessions,
    "home": _home,
    "sleep": _sleep,
    "nutrition": _nutrition,
}


def logs_csv(client: Client, kind: str, lang: str) -> str:
    """The CSV text (BOM included) of one kind of log."""
    if kind not in BUILDERS:
        raise ValueError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
    header, rows = BUILDERS[kind](client, lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return BOM + buffer.getvalue()

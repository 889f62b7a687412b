"""The one place logged sessions become engine inputs (DESIGN.md: an app converts its models into
engine inputs in one place): the client's profile as the engine should see it today, each
exercise's history, the `progress` decision for a prescription, and the monitoring report."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from osteoload.clients.models import Client
from osteoload.engine import progression
from osteoload.engine.catalog import load_catalog
from osteoload.engine.monitoring import SessionLog, WeeklyReport, weekly_report
from osteoload.engine.profile import ClientProfile
from osteoload.engine.types import Condition
from osteoload.training import engine_io as training_io

from .models import LoggedSet, Workout

# How many of an exercise's past sessions `progress` sees: it decides from the last two, and its
# weekly monitoring is informative over about a month.
HISTORY_SESSIONS = 12


def _float(value: Decimal | int | float | None) -> float | None:
    return None if value is None else float(value)


def profile_for(client: Client, *, back_pain_since: dt.date | None = None) -> ClientProfile:
    """The client's engine profile. While a new back pain is unresolved the engine sees it as
    `acute_back_pain` (medical clearance required), and a clearance decided before the pain no
    longer counts: a physician has not seen this pain yet."""
    profile = training_io.client_profile(client)
    if back_pain_since is None:
        return profile
    clearance = profile.clearance
    if clearance is not None and (clearance.date is None or clearance.date < back_pain_since):
        clearance = None
    return dataclasses.replace(
        profile,
        conditions=profile.conditions | {Condition.ACUTE_BACK_PAIN},
        clearance=clearance,
    )


def engine_set(s: LoggedSet) -> progression.LoggedSet:
    return progression.LoggedSet(
        load_kg=float(s.load_kg or 0),
        reps=s.reps or 0,
        rir=_float(s.rir),
        rpe=None,
        completed=s.completed,
    )


def engine_session(workout: Workout, sets: Iterable[LoggedSet]) -> progression.Session:
    return progression.Session(
        date=workout.date,
        session_rpe=_float(workout.session_rpe),
        pain=_float(workout.pain),
        sets=tuple(engine_set(s) for s in sets if s.reps is not None),
        duration_min=_float(workout.duration_min) or None,
    )


def histories(workouts: Sequence[Workout]) -> dict[str, tuple[progression.Session, ...]]:
    """Each exercise's history, oldest first, from workouts whose `sets` are prefetched."""
    return histories_of([(w, list(w.sets.all())) for w in workouts])


def histories_of(
    sessions: Iterable[tuple[Workout, Sequence[LoggedSet]]],
) -> dict[str, tuple[progression.Session, ...]]:
    """Each exercise's history, oldest first, from (workout, its sets) pairs.

    A session counts for an exercise when it logged a set of it. A session with pain at the
    engine's review level counts for every exercise seen before it as a pain-only entry (no sets),
    so the pain rules apply to the next session of each exercise, not only those done that day.
    """
    out: dict[str, list[progression.Session]] = {}
    for workout, logged in sorted(sessions, key=lambda pair: (pair[0].date, pair[0].pk)):
        by_exercise: dict[str, list[LoggedSet]] = {}
        for s in logged:
            by_exercise.setdefault(s.exercise_id, []).append(s)
        painful = workout.pain is not None and workout.pain >= progression.PAIN_REVIEW
        if painful:
            for exercise_id in out.keys() - by_exercise.keys():
                out[exercise_id].append(engine_session(workout, ()))
        for exercise_id, sets in by_exercise.items():
            out.setdefault(exercise_id, []).append(engine_session(workout, sets))
    return {k: tuple(v[-HISTORY_SESSIONS:]) for k, v in out.items()}


@dataclass(frozen=True)
class Suggestion:
    """The engine's answer to "what load today?" for one prescription."""

    decision: str  # start | increase | hold | reduce | stop
    load_kg: Decimal | None
    sets: int
    reps: int
    reason_en: str
    reason_ja: str
    flags: tuple[str, ...]
    e1rm_kg: float | None

    @property
    def stop(self) -> bool:
        return self.decision == "stop"

    def reason(self, lang: str) -> str:
        return self.reason_ja if lang == "ja" else self.reason_en


def suggest(
    *,
    profile: ClientProfile,
    exercise_id: str,
    sets: int,
    reps: int | None,
    pct_1rm: int | None,
    rpe: Decimal | float | None,
    increment_kg: Decimal | float,
    history: tuple[progression.Session, ...],
) -> Suggestion | None:
    """`progress` for one prescription, or None when the engine has nothing to say about it
    (a timed or impact exercise, no intensity prescribed, an exercise not in the catalogue)."""
    if reps is None or reps < 1 or (pct_1rm is None and rpe is None):
        return None
    if exercise_id not in load_catalog():
        return None
    request = progression.ProgressRequest(
        profile=profile,
        exercise_id=exercise_id,
        prescription=progression.Prescription(
            sets=sets, reps=reps, pct_1rm=_float(pct_1rm), rpe=_float(rpe)
        ),
        increment_kg=float(increment_kg),
        history=history,
    )
    result = progression.progress(request)
    load = None if result.next_load_kg is None else Decimal(str(result.next_load_kg))
    return Suggestion(
        decision=result.decision,
        load_kg=load,
        sets=result.next_sets,
        reps=result.next_reps,
        reason_en=result.reason_en,
        reason_ja=result.reason_ja,
        flags=result.flags,
        e1rm_kg=result.e1rm_kg,
    )


def completed_set_e1rm(load_kg: Decimal, reps: int, rir: Decimal | None) -> float | None:
    """The engine's e1RM of a completed set given by its columns (Epley with reps + RIR; None
    when it does not count)."""
    logged = progression.LoggedSet(
        load_kg=float(load_kg), reps=reps, rir=_float(rir), rpe=None, completed=True
    )
    return progression.set_e1rm(logged)


def monitoring(workouts: Iterable[Workout]) -> WeeklyReport | None:
    """The engine's weekly session-RPE report over the workouts that have RPE and minutes."""
    logs = [
        SessionLog(date=w.date, session_rpe=float(w.session_rpe), duration_min=w.duration_min)
        for w in workouts
        if w.session_rpe is not None and w.duration_min
    ]
    return weekly_report(logs) if logs else None


def pain_thresholds() -> dict[str, Any]:
    """The engine's pain rules (product policy, ENGINE.md §6): review from 5, stop from 7."""
    return {"review": progression.PAIN_REVIEW, "stop": progression.PAIN_STOP}

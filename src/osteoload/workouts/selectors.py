"""Reads of logged sessions, for the session pages, the dashboard, progress pages and reports.

None of these authorise: call them after `osteoload.clients.selectors.get_client_for` has
authorised (and audited) the reader for the client. Each runs a fixed number of queries.

    sets_for_client(client, *, since=None, until=None, exercise_id=None) -> QuerySet[LoggedSet]
        Every logged set of the client, oldest first, with `workout` joined (date, status, kind).
    workouts_for_client(client, *, since=None, until=None, attended_only=False)
        -> QuerySet[Workout]     newest first, sets prefetched (ordered by exercise and set).
    e1rm_history(client, *, main_lifts_only=True, since=None) -> list[LiftHistory]
        Per exercise: the best engine e1RM (Epley, reps + RIR) of each session, oldest first.
        LiftHistory(exercise_id, name_ja, name_en, main_lift, points: list[E1rmPoint]);
        E1rmPoint(date, e1rm_kg, load_kg, reps, rir, workout_id).
    weekly_training_load(client, *, since=None, until=None) -> WeeklyReport | None
        The engine's monitoring report (`osteoload.engine.monitoring`: Foster session load per
        Monday–Sunday week, monotony, strain, `spike` above +30 % week on week) over the
        attended sessions with session RPE and duration; None when there are none.
    adherence(client, *, program=None, today=None) -> Adherence | None
        Done versus planned per program week up to today's week (calendar weeks of the program
        from its start date): Adherence(program_id, weeks: list[WeekAdherence], planned, done,
        ratio); None without a program. WeekAdherence(number, start, end, planned, done,
        complete). Totals count complete weeks only; `done` per week is not capped.
    open_flags(client) -> QuerySet[Flag]       unresolved flags, newest first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from osteoload.clients.models import Client
from osteoload.engine.catalog import load_catalog
from osteoload.engine.monitoring import WeeklyReport
from osteoload.training.models import Program, ProgramSession, ProgramStatus

from . import engine_io
from .models import ATTENDED, Flag, LoggedSet, Workout


def sets_for_client(
    client: Client,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    exercise_id: str | None = None,
) -> QuerySet[LoggedSet]:
    sets = LoggedSet.objects.filter(client=client).select_related("workout")
    if since is not None:
        sets = sets.filter(workout__date__gte=since)
    if until is not None:
        sets = sets.filter(workout__date__lte=until)
    if exercise_id is not None:
        sets = sets.filter(exercise_id=exercise_id)
    return sets.order_by("workout__date", "workout_id", "position", "set_number", "id")


def _ordered_sets() -> Prefetch[LoggedSet]:
    return Prefetch("sets", queryset=LoggedSet.objects.order_by("position", "set_number", "id"))


def workouts_for_client(
    client: Client,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    attended_only: bool = False,
) -> QuerySet[Workout]:
    workouts = Workout.objects.filter(client=client)
    if since is not None:
        workouts = workouts.filter(date__gte=since)
    if until is not None:
        workouts = workouts.filter(date__lte=until)
    if attended_only:
        workouts = workouts.filter(status__in=ATTENDED)
    return workouts.prefetch_related(_ordered_sets()).order_by("-date", "-id")


# --- strength ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class E1rmPoint:
    date: dt.date
    e1rm_kg: float
    load_kg: float
    reps: int
    rir: float | None
    workout_id: int


@dataclass
class LiftHistory:
    exercise_id: str
    name_ja: str
    name_en: str
    main_lift: bool
    points: list[E1rmPoint] = field(default_factory=list)

    def name(self, lang: str) -> str:
        return self.name_ja if lang == "ja" else self.name_en

    @property
    def latest(self) -> E1rmPoint | None:
        return self.points[-1] if self.points else None

    @property
    def change_kg(self) -> float | None:
        """Latest minus first e1RM (None with fewer than two points)."""
        if len(self.points) < 2:
            return None
        return self.points[-1].e1rm_kg - self.points[0].e1rm_kg


def e1rm_history(
    client: Client, *, main_lifts_only: bool = True, since: dt.date | None = None
) -> list[LiftHistory]:
    """Best e1RM per session and exercise (one query), main lifts first, then by name."""
    sets = sets_for_client(client, since=since).filter(
        completed=True, reps__gte=1, load_kg__gt=0, workout__status__in=ATTENDED
    )
    if main_lifts_only:
        sets = sets.filter(main_lift=True)
    # Every set of the client's history, as plain rows: only the columns an e1RM point needs.
    rows = sets.values_list(
        "exercise_id", "main_lift", "workout_id", "workout__date", "load_kg", "reps", "rir"
    )
    catalog = load_catalog()
    lifts: dict[str, LiftHistory] = {}
    best: dict[tuple[str, int], E1rmPoint] = {}
    for exercise_id, main_lift, workout_id, date, load_kg, reps, rir in rows:
        value = engine_io.completed_set_e1rm(load_kg, reps, rir)
        if value is None:
            continue
        if exercise_id not in lifts:
            known = catalog.get(exercise_id) if exercise_id in catalog else None
            lifts[exercise_id] = LiftHistory(
                exercise_id=exercise_id,
                name_ja=known.name_ja if known else exercise_id,
                name_en=known.name_en if known else exercise_id,
                main_lift=main_lift,
            )
        key = (exercise_id, workout_id)
        point = E1rmPoint(
            date=date,
            e1rm_kg=round(value, 1),
            load_kg=float(load_kg),
            reps=reps,
            rir=None if rir is None else float(rir),
            workout_id=workout_id,
        )
        if key not in best or point.e1rm_kg > best[key].e1rm_kg:
            best[key] = point
    for (exercise_id, _workout), point in best.items():
        lifts[exercise_id].points.append(point)
    for lift in lifts.values():
        lift.points.sort(key=lambda p: (p.date, p.workout_id))
    return sorted(lifts.values(), key=lambda h: (not h.main_lift, h.name_en))


# --- load ----------------------------------------------------------------------------------------


def weekly_training_load(
    client: Client, *, since: dt.date | None = None, until: dt.date | None = None
) -> WeeklyReport | None:
    workouts = Workout.objects.filter(
        client=client,
        status__in=ATTENDED,
        session_rpe__isnull=False,
        duration_min__isnull=False,
    )
    if since is not None:
        workouts = workouts.filter(date__gte=since)
    if until is not None:
        workouts = workouts.filter(date__lte=until)
    return engine_io.monitoring(workouts.only("date", "session_rpe", "duration_min"))


# --- adherence -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekAdherence:
    number: int
    start: dt.date
    end: dt.date  # inclusive
    planned: int
    done: int
    complete: bool  # the week is over

    @property
    def missed(self) -> int:
        return max(0, self.planned - self.done)


@dataclass(frozen=True)
class Adherence:
    program_id: int
    weeks: list[WeekAdherence]
    planned: int  # complete weeks
    done: int  # complete weeks, capped at the plan of each week

    @property
    def ratio(self) -> float | None:
        return None if self.planned == 0 else self.done / self.planned


def program_week_start(program: Program, number: int) -> dt.date:
    return program.start_date + dt.timedelta(days=7 * (number - 1))


def adherence(
    client: Client, *, program: Program | None = None, today: dt.date | None = None
) -> Adherence | None:
    """Done versus planned per program week (three queries)."""
    today = today or timezone.localdate()
    if program is None:
        program = Program.objects.filter(client=client, status=ProgramStatus.ACTIVE).first()
        if program is None:
            return None
    planned = dict(
        ProgramSession.objects.filter(program=program)
        .values_list("week__number")
        .annotate(n=Count("id"))
    )
    end = program_week_start(program, program.length_weeks + 1)
    dates = list(
        Workout.objects.filter(
            client=client,
            status__in=ATTENDED,
            date__gte=program.start_date,
            date__lt=min(end, today + dt.timedelta(days=1)),
        ).values_list("date", flat=True)
    )
    weeks: list[WeekAdherence] = []
    for number in range(1, program.length_weeks + 1):
        start = program_week_start(program, number)
        if start > today:
            break
        last = start + dt.timedelta(days=6)
        weeks.append(
            WeekAdherence(
                number=number,
                start=start,
                end=last,
                planned=planned.get(number, 0),
                done=sum(1 for d in dates if start <= d <= last),
                complete=last < today,
            )
        )
    complete = [w for w in weeks if w.complete]
    return Adherence(
        program_id=program.pk,
        weeks=weeks,
        planned=sum(w.planned for w in complete),
        done=sum(min(w.done, w.planned) for w in complete),
    )


# --- flags ---------------------------------------------------------------------------------------


def open_flags(client: Client) -> QuerySet[Flag]:
    return Flag.objects.open().filter(client=client).order_by("-raised_at", "-id")

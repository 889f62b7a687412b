"""The session page's read model: which program session a client does today, each prescribed
exercise with the engine's suggested load and the sets logged so far (planned versus performed).

Call after `get_client_for` authorised the reader. A fixed number of queries whatever the length
of the history: program, sessions, prescriptions, workouts, their sets, flags, the profile.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from osteoload.accounts.models import Gym
from osteoload.clients.models import Client
from osteoload.engine.catalog import Dose, load_catalog
from osteoload.training.models import Prescription, Program, ProgramSession, ProgramStatus

from . import engine_io
from .models import ATTENDED, STOPPING, Flag, FlagKind, LoggedSet, Workout, WorkoutStatus
from .selectors import program_week_start

# How many earlier sessions are read to build each exercise's history.
HISTORY_WORKOUTS = 40


def active_program(client: Client) -> Program | None:
    return Program.objects.filter(client=client, status=ProgramStatus.ACTIVE).first()


def week_number_on(program: Program, day: dt.date) -> int:
    """The program week `day` falls in (1 before the start, the last after the end)."""
    return max(1, min(program.length_weeks, (day - program.start_date).days // 7 + 1))


@dataclass
class SessionChoice:
    program: Program
    week_number: int
    sessions: list[ProgramSession]  # this week's and next week's, for the picker
    session: ProgramSession
    attended_ids: set[int]  # program sessions with an attended logged session


def choose_session(
    client: Client, *, today: dt.date, session_id: int | None = None
) -> SessionChoice | None:
    """Today's program session: one already open today, else the one asked for (of the active
    program), else the first session of the current week not yet attended, else the next week's
    first. None without an active program."""
    program = active_program(client)
    if program is None:
        return None
    week = week_number_on(program, today)
    sessions = list(
        ProgramSession.objects.filter(program=program, week__number__in=[week, week + 1])
        .select_related("week")
        .order_by("week__number", "day")
    )
    if not sessions:
        return None
    # One read for both: which of these sessions were attended, and which is open today.
    logged = Workout.objects.filter(client=client, program_session__in=sessions).filter(
        Q(status__in=ATTENDED) | Q(status=WorkoutStatus.OPEN, date=today)
    )
    attended: set[int] = set()
    open_today_rows: list[tuple[int, int]] = []
    for session_pk, status, pk in logged.order_by().values_list(
        "program_session_id", "status", "pk"
    ):
        if status in ATTENDED:
            attended.add(session_pk)
        if status == WorkoutStatus.OPEN:
            open_today_rows.append((pk, session_pk))
    # The newest, as the workouts' default order (-date, -id) gives first.
    open_today = max(open_today_rows)[1] if open_today_rows else None
    by_id = {s.pk: s for s in sessions}
    chosen: ProgramSession | None = None
    if session_id is not None:
        chosen = by_id.get(session_id)
        if chosen is None:
            # Any session of the active program may be picked (e.g. catching up a missed week).
            chosen = (
                ProgramSession.objects.filter(program=program, pk=session_id)
                .select_related("week")
                .first()
            )
    if chosen is None and open_today is not None:
        chosen = by_id[open_today]
    if chosen is None:
        this_week = [s for s in sessions if s.week.number == week]
        chosen = next((s for s in this_week if s.pk not in attended), None)
        if chosen is None:
            later = [s for s in sessions if s.week.number > week]
            chosen = later[0] if later else this_week[-1]
    return SessionChoice(
        program=program,
        week_number=week,
        sessions=sessions,
        session=chosen,
        attended_ids=attended,
    )


@dataclass
class ExerciseRow:
    rx: Prescription
    dose: str  # reps | duration | contacts
    loadable: bool
    suggestion: engine_io.Suggestion | None
    sets: list[LoggedSet] = field(default_factory=list)
    correcting: LoggedSet | None = None
    """A saved set the trainer is correcting: the form re-logs its slot."""

    @property
    def next_set_number(self) -> int:
        return max((s.set_number for s in self.sets), default=0) + 1

    def start_correcting(self, set_number: int) -> None:
        self.correcting = next((s for s in self.sets if s.set_number == set_number), None)

    @property
    def form_set_number(self) -> int:
        return self.correcting.set_number if self.correcting else self.next_set_number

    @property
    def done(self) -> bool:
        return sum(1 for s in self.sets if s.completed) >= self.rx.sets

    @property
    def extra(self) -> bool:
        """The next set would be beyond the prescription."""
        return self.next_set_number > self.rx.sets

    @property
    def default_load(self) -> Decimal | None:
        """What the load field shows: the corrected set's load, the last set's, else the
        suggestion."""
        if self.correcting is not None:
            return self.correcting.load_kg
        for s in reversed(self.sets):
            if s.load_kg is not None:
                return s.load_kg
        return self.suggestion.load_kg if self.suggestion else None

    @property
    def default_reps(self) -> int | None:
        return self.correcting.reps if self.correcting else self.rx.reps

    @property
    def default_rir(self) -> str:
        rir = self.correcting.rir if self.correcting else None
        return "" if rir is None else f"{float(rir):g}"

    @property
    def default_duration_s(self) -> int | None:
        return self.correcting.duration_s if self.correcting else self.rx.duration_s

    @property
    def default_contacts(self) -> int | None:
        return self.correcting.contacts if self.correcting else self.rx.contacts

    @property
    def performed_volume_kg(self) -> Decimal:
        return sum(((s.load_kg or 0) * (s.reps or 0) for s in self.sets if s.completed), Decimal(0))


@dataclass
class SessionPage:
    choice: SessionChoice | None
    workout: Workout | None
    rows: list[ExerciseRow]
    open_flags: list[Flag]
    stopped: bool  # a stopping flag is open or this session was stopped: no more sets
    planned_contacts: int

    @property
    def stopping_flags(self) -> list[Flag]:
        return [f for f in self.open_flags if f.kind in STOPPING]


def _history_sets(exercise_ids: Collection[str] | None) -> QuerySet[LoggedSet]:
    """Up to 40 sessions' sets on every visit of the logging page: only what progression reads,
    and only of the exercises asked about."""
    sets = LoggedSet.objects.only(
        "workout", "exercise_id", "load_kg", "reps", "rir", "completed", "position", "set_number"
    ).order_by("position", "set_number")
    return sets if exercise_ids is None else sets.filter(exercise_id__in=exercise_ids)


# What `engine_io.histories` reads of a workout (the rest of the row is not loaded).
HISTORY_WORKOUT_FIELDS = ("id", "date", "pain", "session_rpe", "duration_min")


def history_workouts(
    client: Client,
    *,
    exclude: Workout | None = None,
    exercise_ids: Collection[str] | None = None,
) -> list[Workout]:
    """The client's earlier sessions for progression, newest first, sets prefetched. A session
    stopped for pain whose flag a trainer has resolved is left out: what was done about it is
    recorded, and the next loads start again from the sessions before it.

    `exercise_ids`: prefetch only these exercises' sets. The sessions are the same either way (a
    session without any of them still carries its pain), so these exercises' histories are what
    they would be from every set."""
    open_stop = Flag.objects.open().filter(workout=OuterRef("pk"), kind__in=STOPPING)
    workouts = (
        Workout.objects.filter(client=client)
        .exclude(Q(status=WorkoutStatus.STOPPED) & ~Exists(open_stop))
        .only(*HISTORY_WORKOUT_FIELDS)
        .prefetch_related(Prefetch("sets", queryset=_history_sets(exercise_ids)))
        .order_by("-date", "-id")
    )
    if exclude is not None:
        workouts = workouts.exclude(pk=exclude.pk)
    return list(workouts[:HISTORY_WORKOUTS])


def session_page(
    client: Client, *, gym: Gym, today: dt.date, session_id: int | None = None
) -> SessionPage:
    choice = choose_session(client, today=today, session_id=session_id)
    flags = _open_flags(client)
    if choice is None:
        return SessionPage(None, None, [], flags, False, 0)
    workout = _todays_workout(client, choice.session, today)
    prescriptions = list(
        Prescription.objects.filter(session=choice.session).order_by("position", "id")
    )
    rows = _rows(client, gym, workout, flags, prescriptions)
    planned_contacts = sum(rx.contacts or 0 for rx in prescriptions)
    return SessionPage(choice, workout, rows, flags, _stopped(flags, workout), planned_contacts)


def exercise_page(
    client: Client, *, gym: Gym, today: dt.date, session: ProgramSession, rx: Prescription
) -> tuple[SessionPage, ExerciseRow]:
    """One exercise of a session as `session_page` shows it (its row, the session's flags and
    state), without the rest of the page: what the logging form's answer needs after each set.
    `session` comes with its program and week."""
    choice = SessionChoice(
        program=session.program,
        week_number=session.week.number,
        sessions=[session],
        session=session,
        attended_ids=set(),
    )
    flags = _open_flags(client)
    workout = _todays_workout(client, session, today)
    (row,) = _rows(client, gym, workout, flags, [rx])
    page = SessionPage(choice, workout, [row], flags, _stopped(flags, workout), rx.contacts or 0)
    return page, row


def _open_flags(client: Client) -> list[Flag]:
    return list(Flag.objects.open().filter(client=client).order_by("-raised_at", "-id"))


def _todays_workout(client: Client, session: ProgramSession, today: dt.date) -> Workout | None:
    return (
        Workout.objects.filter(client=client, program_session=session, date=today)
        .prefetch_related(
            Prefetch("sets", queryset=LoggedSet.objects.order_by("position", "set_number"))
        )
        .first()
    )


def _stopped(flags: list[Flag], workout: Workout | None) -> bool:
    """A stopping flag is open, or this session was stopped: no more sets."""
    return any(f.kind in STOPPING for f in flags) or (
        workout is not None and workout.status == WorkoutStatus.STOPPED
    )


def _rows(
    client: Client,
    gym: Gym,
    workout: Workout | None,
    flags: list[Flag],
    prescriptions: list[Prescription],
) -> list[ExerciseRow]:
    """The rows of these prescriptions: what was logged today and the engine's suggestion from the
    client's profile and history."""
    back_pain = [f for f in flags if f.kind == FlagKind.BACK_PAIN]
    since = min(f.raised_at for f in back_pain).date() if back_pain else None
    profile = engine_io.profile_for(client, back_pain_since=since)
    exercise_ids = {rx.exercise_id for rx in prescriptions}
    histories = engine_io.histories(
        history_workouts(client, exclude=workout, exercise_ids=exercise_ids)
    )
    performed: dict[int, list[LoggedSet]] = {}
    if workout is not None:
        for s in workout.sets.all():
            performed.setdefault(s.position, []).append(s)
    catalog = load_catalog()
    rows = []
    for rx in prescriptions:
        known = catalog.get(rx.exercise_id) if rx.exercise_id in catalog else None
        dose = known.dose.value if known else Dose.REPS.value
        if rx.contacts:
            dose = Dose.CONTACTS.value
        elif rx.duration_s and not rx.reps:
            dose = Dose.DURATION.value
        suggestion = engine_io.suggest(
            profile=profile,
            exercise_id=rx.exercise_id,
            sets=rx.sets,
            reps=rx.reps,
            pct_1rm=rx.pct_1rm,
            rpe=rx.rpe,
            increment_kg=gym.load_increment_kg,
            history=histories.get(rx.exercise_id, ()),
        )
        rows.append(
            ExerciseRow(
                rx=rx,
                dose=dose,
                loadable=bool(known.loadable) if known else True,
                suggestion=suggestion,
                sets=[s for s in performed.get(rx.position, []) if s.exercise_id == rx.exercise_id],
            )
        )
    return rows


def program_week_dates(program: Program, number: int) -> tuple[dt.date, dt.date]:
    start = program_week_start(program, number)
    return start, start + dt.timedelta(days=6)

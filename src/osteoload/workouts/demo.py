"""Demo data, logged sessions: every demo client with a current program and nothing logged yet gets
the sessions of their program from its start until yesterday, as a trainer would have logged them
with this app (sets validated by the same service, stored in one INSERT per session): the engine's
suggested loads, mostly accepted, a few sets missed or adjusted, some sessions skipped, low pain,
session RPE and minutes, so progress pages show real numbers.

Deterministic (seeded by the client) and idempotent: a client who has logged sessions is left
alone.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from decimal import Decimal

from django.utils import timezone

from osteoload.accounts.demo import DemoContext
from osteoload.accounts.models import Membership, Role
from osteoload.clients.models import Client, TrainerAssignment
from osteoload.engine import norms
from osteoload.engine.catalog import load_catalog
from osteoload.engine.profile import ClientProfile
from osteoload.training.models import Prescription, Program, ProgramSession, ProgramStatus

from . import engine_io, services
from .models import Flag, LoggedSet, Workout

# Weekdays of the sessions (Monday = 0) by sessions per week.
WEEKDAYS = {1: (0,), 2: (0, 3), 3: (0, 2, 4)}
SKIP_CHANCE = 0.12


def _actor(ctx: DemoContext, client: Client) -> Membership | None:
    assignment = (
        TrainerAssignment.objects.active()
        .filter(client=client)
        .select_related("trainer__user")
        .first()
    )
    if assignment is not None:
        return assignment.trainer
    return Membership.objects.filter(gym=ctx.gym, role=Role.OWNER).select_related("user").first()


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


# Demo assumptions (demo data only, not product rules): each client has a "true" 1RM per loaded
# exercise, near the published typical 1RM for their sex, age and weight (55 kg when the weight is
# not on record), which grows about 1 % a session (novice gains); the trainer records the reps in
# reserve the client really had (the engine's scale: 0–10), and a set the client cannot finish as
# not completed. Like a trainer, the demo does not go lighter than last time when the last set left
# 5 or more reps in reserve (the engine reduces light familiarisation loads whose reps in reserve
# exceed its scale), and then sometimes goes one step up.
DEMO_BODY_MASS_KG = 55.0
EASY_RIR = 5
DEMO_GAIN_PER_SESSION = 0.01
MAX_RIR = 10


def _true_1rm(
    profile: ClientProfile, exercise_id: str, rng: random.Random, strengths: dict[str, float]
) -> float | None:
    if exercise_id not in strengths:
        exercise = load_catalog().get(exercise_id)
        typical = (
            norms.typical_1rm_kg(
                exercise.pattern,
                sex=profile.sex,
                age=profile.age,
                body_mass_kg=profile.weight_kg or DEMO_BODY_MASS_KG,
                experience=profile.experience,
            )
            if exercise.loadable
            else None
        )
        if typical is None:
            return None
        strengths[exercise_id] = typical * rng.uniform(0.85, 1.15)
    return strengths[exercise_id]


def _floor(value: float, increment: Decimal) -> Decimal:
    steps = int(value / float(increment))
    return max(increment, increment * steps)


def _performed(true: float, load: Decimal, reps: int, fatigue: int) -> tuple[int, int, bool]:
    """(reps done, RIR, completed) of a set at `load` for someone whose 1RM is `true` (Epley's
    reps to failure, one fewer for each earlier set)."""
    to_failure = int(30 * (true / float(load) - 1)) - fatigue
    if to_failure < reps:
        return max(0, to_failure), 0, False
    return reps, min(MAX_RIR, to_failure - reps), True


def _log_session(
    *,
    actor: Membership,
    client: Client,
    session: ProgramSession,
    day: dt.date,
    rng: random.Random,
    gym_increment: Decimal,
    profile: ClientProfile,
    logged: list[tuple[Workout, list[LoggedSet]]],
    strengths: dict[str, float],
    last_loads: dict[str, tuple[Decimal, int]],
) -> Workout:
    workout = services.open_workout(
        actor=actor, client=client, program_session=session, day=day, key=uuid.uuid4()
    )
    workout.client = client
    histories = engine_io.histories_of(logged)
    contacts = 0
    rows: list[LoggedSet] = []  # validated like a trainer's entries, stored in one INSERT
    for rx in Prescription.objects.filter(session=session).order_by("position"):
        suggestion = engine_io.suggest(
            profile=profile,
            exercise_id=rx.exercise_id,
            sets=rx.sets,
            reps=rx.reps,
            pct_1rm=rx.pct_1rm,
            rpe=rx.rpe,
            increment_kg=gym_increment,
            history=histories.get(rx.exercise_id, ()),
        )
        if suggestion is not None and suggestion.stop:
            continue
        true = _true_1rm(profile, rx.exercise_id, rng, strengths) if rx.reps else None
        load = suggestion.load_kg if suggestion is not None else None
        if load is None and true is not None:
            load = _floor((rx.pct_1rm or 60) / 100 * true, gym_increment)  # the trainer's pick
        elif load is not None:
            last = last_loads.get(rx.exercise_id)
            if last is not None and last[1] >= EASY_RIR and load < last[0]:
                load = last[0]  # the last sets were easy: the trainer keeps the load
            if load <= 0 or (last is not None and last[1] >= EASY_RIR and rng.random() < 0.3):
                load += gym_increment  # …or goes one step up
        for number in range(1, rx.sets + 1):
            reps, rir, completed = rx.reps, rng.choice([1, 2, 2, 3]), True
            if true is not None and load is not None and rx.reps is not None:
                reps, rir, completed = _performed(true, load, rx.reps, number - 1)
            data = services.SetInput(
                key=uuid.uuid4(),
                set_number=number,
                load_kg=load,
                reps=reps,
                rir=None if rx.reps is None else rir,
                duration_s=rx.duration_s if rx.reps is None and not rx.contacts else None,
                contacts=rx.contacts if rx.contacts else None,
                completed=completed,
                suggested_load_kg=suggestion.load_kg if suggestion is not None else None,
                accepted=load is not None and suggestion is not None and load == suggestion.load_kg,
            )
            rows.append(
                LoggedSet(
                    gym_id=workout.gym_id,
                    client_id=client.pk,
                    workout=workout,
                    prescription=rx,
                    position=rx.position,
                    exercise_id=rx.exercise_id,
                    main_lift=rx.main_lift,
                    planned_reps=rx.reps,
                    planned_pct_1rm=rx.pct_1rm,
                    planned_rpe=rx.rpe,
                    logged_by=actor.user,
                    logged_at=_at(day, 12),
                    **services.clean_set(data),
                )
            )
        contacts += rx.contacts or 0
        if true is not None:
            strengths[rx.exercise_id] = true * (1 + DEMO_GAIN_PER_SESSION)
            if load is not None:
                last_loads[rx.exercise_id] = (load, rir)
    LoggedSet.objects.bulk_create(rows)
    pain = rng.choice([0, 0, 0, 1, 1, 2, 3])
    result = services.finish_workout(
        actor=actor,
        workout=workout,
        data=services.FinishInput(
            key=uuid.uuid4(),
            session_rpe=rng.choice(["5", "5.5", "6", "6", "6.5", "7"]),
            pain=pain,
            duration_min=rng.randint(50, 65),
            impact_contacts=contacts or None,
            notes="",
        ),
    )
    started = _at(day, rng.choice([10, 11, 14, 15, 18]))
    Workout.objects.filter(pk=workout.pk).update(
        started_at=started, finished_at=started + dt.timedelta(minutes=60)
    )
    Flag.objects.filter(workout=workout).update(raised_at=started + dt.timedelta(minutes=60))
    logged.append((result.workout, rows))
    return result.workout


def seed(ctx: DemoContext) -> None:
    today = timezone.localdate()
    programs = (
        Program.objects.filter(gym=ctx.gym, status=ProgramStatus.ACTIVE)
        .exclude(client__in=Workout.objects.values("client_id"))
        .select_related("client")
        .order_by("client_id")
    )
    count = 0
    for program in programs:
        client = program.client
        actor = _actor(ctx, client)
        if actor is None:
            continue
        rng = random.Random(f"osteoload-demo-{client.pk}")
        profile = engine_io.profile_for(client)
        logged: list[tuple[Workout, list[LoggedSet]]] = []
        strengths: dict[str, float] = {}
        last_loads: dict[str, tuple[Decimal, int]] = {}
        days = WEEKDAYS.get(program.sessions_per_week, WEEKDAYS[2])
        sessions = {
            (s.week.number, s.day): s
            for s in ProgramSession.objects.filter(program=program).select_related(
                "week", "program"
            )
        }
        for week in range(1, program.length_weeks + 1):
            monday = program.start_date + dt.timedelta(days=7 * (week - 1))
            for index, weekday in enumerate(days, start=1):
                day = monday + dt.timedelta(days=weekday)
                session = sessions.get((week, index))
                if day >= today or session is None:
                    continue
                if rng.random() < SKIP_CHANCE:
                    continue  # missed: life happens
                _log_session(
                    actor=actor,
                    client=client,
                    session=session,
                    day=day,
                    rng=rng,
                    gym_increment=Decimal(str(ctx.gym.load_increment_kg)),
                    profile=profile,
                    logged=logged,
                    strengths=strengths,
                    last_loads=last_loads,
                )
                count += 1
    ctx.say(f"logged sessions: {count}")

"""Realistic data for the portal, progress and report tests, made through the apps' own services
(intake, DXA, tests, programs) so the engine sees what it would see in the gym."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.utils import timezone

from osteoload.accounts.models import Membership
from osteoload.clients import services as client_services
from osteoload.clients.models import Client
from osteoload.lifestyle import services as lifestyle
from osteoload.training.models import Program
from osteoload.training.services import GenerateRequest, generate_for_client

FULL_GYM = ["barbell", "dumbbell", "kettlebell", "machine", "cable", "bands", "bodyweight", "step"]


def monday(weeks_ago: int, today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    return today - dt.timedelta(days=today.weekday() + 7 * weeks_ago)


def give_facts(actor: Membership, client: Client, *, today: dt.date | None = None) -> None:
    """Tier B: a 70-year-old woman with lumbar osteoporosis, no falls, tests normal."""
    today = today or timezone.localdate()
    client_services.save_intake(
        actor=actor,
        client=client,
        reason="test",
        health_fields={
            "consent_given": True,
            "height_cm": 153,
            "weight_kg": 50,
            "menopause": "post",
            "years_since_menopause": 18,
            "falls_past_year": 0,
            "physically_active": False,
            "experience": "none",
        },
    )
    year_ago = today - dt.timedelta(days=400)
    for day, spine, neck in ((year_ago, -2.6, -2.1), (today - dt.timedelta(days=30), -2.7, -2.2)):
        client_services.add_dxa_result(
            actor=actor,
            client=client,
            measured_on=day,
            site="lumbar_spine",
            t_score=spine,
            yam_percent=round(100 + spine * 12, 1),
            bmd_g_cm2=round(1.0 + spine * 0.11, 3),
        )
        client_services.add_dxa_result(
            actor=actor,
            client=client,
            measured_on=day,
            site="femoral_neck",
            t_score=neck,
            yam_percent=round(100 + neck * 12, 1),
            bmd_g_cm2=round(0.8 + neck * 0.1, 3),
        )
    for day, grip, tug in ((year_ago, 17.5, 10.5), (today - dt.timedelta(days=20), 19.0, 9.0)):
        client_services.add_functional_test(
            actor=actor,
            client=client,
            tested_on=day,
            values={
                "grip_kg": grip,
                "tug_s": tug,
                "single_leg_stance_s": 20,
                "chair_stand_5x_s": 11.0,
            },
        )


def give_program(
    actor: Membership, client: Client, *, weeks_ago: int = 2, sessions: int = 2
) -> Program:
    request = GenerateRequest(
        weeks=12, sessions_per_week=sessions, equipment=FULL_GYM, start_date=monday(weeks_ago)
    )
    return generate_for_client(actor=actor, client=client, request=request)


def give_sleep(actor: Membership, client: Client, nights: int = 10) -> None:
    today = timezone.localdate()
    for i in range(1, nights + 1):
        lifestyle.log_sleep(
            actor=actor,
            client=client,
            night_of=today - dt.timedelta(days=i),
            hours_asleep=Decimal("5.5") if i % 3 == 0 else Decimal("7.0"),
            time_in_bed_h=Decimal("8.5") if i % 4 == 0 else Decimal("7.5"),
            rested=3,
        )


def give_home_session(actor: Membership, client: Client, **values: object) -> None:
    defaults: dict[str, object] = {
        "key": uuid.uuid4(),
        "done_on": timezone.localdate(),
        "balance_min": 15,
        "walk_min": 30,
    }
    defaults.update(values)
    lifestyle.log_home_session(actor=actor, client=client, **defaults)  # type: ignore[arg-type]


def give_workouts(actor: Membership, client: Client, program: Program, *, skip: int = 1) -> int:
    """Log the program's sessions from its start to yesterday as done (rows written directly, as
    the session-logging app stores them): main lifts progress by 2.5 kg a session; the `skip`-th
    session is missed; the last complete week has a load spike (longer sessions)."""
    from osteoload.training.models import ProgramSession
    from osteoload.workouts.models import LoggedSet, Workout, WorkoutStatus

    today = timezone.localdate()
    sessions = list(
        ProgramSession.objects.filter(program=program)
        .select_related("week")
        .prefetch_related("prescriptions")
        .order_by("week__number", "day")
    )
    weekdays = {1: 0, 2: 3, 3: 4}
    made = 0
    last_complete_week = (today - program.start_date).days // 7  # 1-based number of it
    for index, session in enumerate(sessions):
        day = program.start_date + dt.timedelta(
            days=7 * (session.week.number - 1) + weekdays.get(session.day, 0)
        )
        if day >= today:
            break
        if index == skip:
            continue
        spike = session.week.number == last_complete_week
        workout = Workout.objects.create(
            gym_id=client.gym_id,
            client=client,
            program=program,
            program_session=session,
            week_number=session.week.number,
            day=session.day,
            date=day,
            status=WorkoutStatus.DONE,
            session_rpe=Decimal(6),
            pain=1,
            duration_min=80 if spike else 50,
            logged_by=actor.user,
        )
        for rx in session.prescriptions.all():
            if not rx.main_lift or not rx.reps:
                continue
            load = Decimal("20") + Decimal("2.5") * index
            for n in range(1, rx.sets + 1):
                LoggedSet.objects.create(
                    gym_id=client.gym_id,
                    client=client,
                    workout=workout,
                    prescription=rx,
                    position=rx.position,
                    exercise_id=rx.exercise_id,
                    main_lift=True,
                    planned_reps=rx.reps,
                    set_number=n,
                    load_kg=load,
                    reps=rx.reps,
                    rir=Decimal(2),
                    idempotency_key=uuid.uuid4(),
                    logged_by=actor.user,
                )
        made += 1
    return made

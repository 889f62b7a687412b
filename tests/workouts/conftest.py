"""Fixtures for logged sessions: intake facts for the personas' records, a current program for
Carol (alice's client) that started last Monday, and helpers to log sets and finish sessions."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.utils import timezone

from osteoload.clients.models import Client
from osteoload.training.models import Prescription, Program, ProgramSession
from osteoload.training.services import GenerateRequest, generate_for_client
from osteoload.workouts import services
from osteoload.workouts.models import Workout

FULL_GYM = ["barbell", "dumbbell", "kettlebell", "machine", "cable", "bands", "bodyweight", "step"]


def last_monday() -> dt.date:
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday() + 7)


@pytest.fixture(autouse=True)
def english_messages():
    from django.utils import translation

    with translation.override("en"):
        yield


def give_facts(client: Client, *, t_score: str = "-2.7", weight: str = "55") -> None:
    """Intake facts of a tier-B client (osteoporosis by T-score, no fracture, no falls, tests
    normal), stored and assessed as the clients app does."""
    from osteoload.clients.models import DxaResult, FunctionalTest, HealthProfile
    from osteoload.clients.services import reassess

    HealthProfile.objects.update_or_create(
        client=client,
        defaults={
            "gym": client.gym,
            "weight_kg": Decimal(weight),
            "height_cm": Decimal("155"),
            "menopause": "post" if client.sex == "female" else "",
            "falls_past_year": 0,
            "experience": "novice",
            "physically_active": True,
            "consent_given": True,
            "consent_date": dt.date(2025, 1, 6),
        },
    )
    today = timezone.localdate()
    DxaResult.objects.create(
        gym=client.gym,
        client=client,
        measured_on=today - dt.timedelta(days=90),
        site="lumbar_spine",
        t_score=Decimal(t_score),
    )
    FunctionalTest.objects.create(
        gym=client.gym,
        client=client,
        tested_on=today - dt.timedelta(days=30),
        tug_s=Decimal("9"),
        single_leg_stance_s=Decimal("20"),
    )
    reassess(client=client, actor=None, reason="test")


@pytest.fixture
def make_program() -> Callable[..., Program]:
    def make(actor, client, *, sessions=2, start=None, weeks=12) -> Program:
        give_facts(client)
        request = GenerateRequest(
            weeks=weeks,
            sessions_per_week=sessions,
            equipment=list(FULL_GYM),
            start_date=start or last_monday(),
        )
        return generate_for_client(actor=actor, client=client, request=request)

    return make


@pytest.fixture
def carol_program(alice, carol_record, make_program) -> Program:
    return make_program(alice, carol_record)


def session_of(program: Program, week: int, day: int) -> ProgramSession:
    return ProgramSession.objects.get(program=program, week__number=week, day=day)


def loaded_rx(session: ProgramSession) -> Prescription:
    """The first prescription the engine can suggest a load for (reps and an intensity)."""
    return (
        Prescription.objects.filter(session=session, reps__isnull=False, main_lift=True)
        .exclude(pct_1rm__isnull=True, rpe__isnull=True)
        .order_by("position")
        .first()
    )


@pytest.fixture
def log() -> Callable[..., services.SetResult]:
    """`log(actor, workout, rx, set_number, load, reps, rir=2, key=None)`."""

    def make(actor, workout, rx, number, load, reps, rir=2, key=None, completed=True):
        return services.log_set(
            actor=actor,
            workout=workout,
            prescription=rx,
            data=services.SetInput(
                key=key or uuid.uuid4(),
                set_number=number,
                load_kg=load,
                reps=reps,
                rir=rir,
                completed=completed,
            ),
        )

    return make


@pytest.fixture
def finish() -> Callable[..., services.FinishResult]:
    def make(actor, workout, *, pain=0, rpe="6", minutes=60, back=False, key=None):
        return services.finish_workout(
            actor=actor,
            workout=workout,
            data=services.FinishInput(
                key=key or uuid.uuid4(),
                session_rpe=rpe,
                pain=pain,
                duration_min=minutes,
                new_back_pain=back,
            ),
        )

    return make


def open_on(actor, client, session, day) -> Workout:
    workout = services.open_workout(actor=actor, client=client, program_session=session, day=day)
    workout.client = client
    return workout

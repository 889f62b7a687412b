"""Logging sets and finishing sessions: idempotency, corrections, validation, permissions and the
engine's safety rules (pain and a new back pain)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from osteoload.audit.models import AuditEvent
from osteoload.engine.progression import progress_json
from osteoload.workouts import engine_io, services, today
from osteoload.workouts.models import Flag, FlagKind, LoggedSet, Workout, WorkoutStatus
from osteoload.workouts.today import session_page
from tests.workouts.concurrency import at_once
from tests.workouts.conftest import loaded_rx, open_on, session_of

TODAY = timezone.localdate


@pytest.fixture
def workout(alice, carol_record, carol_program):
    return open_on(alice, carol_record, session_of(carol_program, 1, 1), TODAY())


def test_a_set_is_stored_with_what_was_planned(alice, workout, log):
    rx = loaded_rx(workout.program_session)
    result = log(alice, workout, rx, 1, "22.5", 10, rir=2)
    assert result.created and not result.replay
    stored = LoggedSet.objects.get()
    assert stored.load_kg == Decimal("22.5") and stored.reps == 10 and stored.rir == 2
    assert stored.exercise_id == rx.exercise_id and stored.main_lift
    assert stored.planned_reps == rx.reps and stored.planned_pct_1rm == rx.pct_1rm
    assert stored.client_id == workout.client_id and stored.gym_id == workout.gym_id


def test_the_same_key_again_changes_nothing(alice, workout, log):
    rx = loaded_rx(workout.program_session)
    key = uuid.uuid4()
    first = log(alice, workout, rx, 1, "20", 10, key=key)
    again = log(alice, workout, rx, 1, "25", 8, key=key)  # a retry: the stored set wins
    assert again.replay and not again.created and again.set.pk == first.set.pk
    stored = LoggedSet.objects.get()
    assert stored.load_kg == Decimal("20") and stored.reps == 10


def test_logging_a_slot_again_with_a_new_key_corrects_it(alice, workout, log):
    rx = loaded_rx(workout.program_session)
    log(alice, workout, rx, 1, "20", 10)
    correction = log(alice, workout, rx, 1, "17.5", 9)
    assert not correction.created and not correction.replay
    stored = LoggedSet.objects.get()
    assert stored.load_kg == Decimal("17.5") and stored.reps == 9
    log(alice, workout, rx, 2, "17.5", 10)
    assert LoggedSet.objects.count() == 2


def test_a_key_cannot_be_reused_for_another_session(alice, carol_record, carol_program, log):
    first = open_on(alice, carol_record, session_of(carol_program, 1, 1), TODAY())
    second = open_on(alice, carol_record, session_of(carol_program, 1, 2), TODAY())
    key = uuid.uuid4()
    log(alice, first, loaded_rx(first.program_session), 1, "20", 10, key=key)
    with pytest.raises(ValidationError) as error:
        log(alice, second, loaded_rx(second.program_session), 1, "20", 10, key=key)
    assert "idempotency_key" in error.value.message_dict


@pytest.mark.django_db(transaction=True)
def test_two_identical_requests_at_once_store_one_set(alice, carol_record, carol_program):
    workout = open_on(alice, carol_record, session_of(carol_program, 1, 1), TODAY())
    rx = loaded_rx(workout.program_session)
    data = services.SetInput(key=uuid.uuid4(), set_number=1, load_kg="20", reps=10, rir=2)
    results, retries = at_once(
        lambda: services.log_set(actor=alice, workout=workout, data=data, prescription=rx)
    )
    assert all(isinstance(r, services.SetResult) for r in results), results
    if connection.vendor == "postgresql":
        assert retries == 0
    if retries == 0:
        assert sorted(r.created for r in results) == [False, True]
    assert LoggedSet.objects.count() == 1
    assert len({r.set.pk for r in results}) == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("load_kg", "-5"),
        ("load_kg", "900"),
        ("load_kg", "abc"),
        ("reps", "2.5"),
        ("rir", "0.3"),
        ("rir", "11"),
        ("set_number", "0"),
    ],
)
def test_bad_numbers_are_refused_by_field(alice, workout, field, value):
    values = {"key": uuid.uuid4(), "set_number": 1, "load_kg": "20", "reps": 10, field: value}
    with pytest.raises(ValidationError) as error:
        services.log_set(
            actor=alice,
            workout=workout,
            prescription=loaded_rx(workout.program_session),
            data=services.SetInput(**values),
        )
    assert field in error.value.message_dict
    assert not LoggedSet.objects.exists()


def test_a_set_needs_a_key_and_a_dose(alice, workout):
    rx = loaded_rx(workout.program_session)
    with pytest.raises(ValidationError) as error:
        services.log_set(
            actor=alice,
            workout=workout,
            prescription=rx,
            data=services.SetInput(key="", set_number=1),
        )
    assert "idempotency_key" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.log_set(
            actor=alice,
            workout=workout,
            prescription=rx,
            data=services.SetInput(key=uuid.uuid4(), set_number=1, load_kg="20"),
        )
    assert "reps" in error.value.message_dict


@pytest.mark.parametrize("persona", ["bob", "frank", "carol", "oscar"])
def test_only_the_owner_and_assigned_trainer_log(world, workout, persona, log):
    rx = loaded_rx(workout.program_session)
    with pytest.raises(PermissionDenied):
        log(getattr(world, persona), workout, rx, 1, "20", 10)
    with pytest.raises(PermissionDenied):
        services.finish_workout(
            actor=getattr(world, persona),
            workout=workout,
            data=services.FinishInput(key=uuid.uuid4(), pain=0),
        )


def test_the_owner_may_log(olivia, workout, log):
    assert log(olivia, workout, loaded_rx(workout.program_session), 1, "20", 10).created


def test_opening_a_session_twice_finds_the_first(alice, carol_record, carol_program):
    session = session_of(carol_program, 1, 1)
    a = open_on(alice, carol_record, session, TODAY())
    b = open_on(alice, carol_record, session, TODAY())
    assert a.pk == b.pk and Workout.objects.count() == 1
    assert (a.week_number, a.day, a.program_id) == (1, 1, carol_program.pk)


# --- finishing and safety ------------------------------------------------------------------------


def test_finishing_stores_the_end_values_once(alice, workout, finish):
    key = uuid.uuid4()
    result = finish(alice, workout, pain=2, rpe="6.5", minutes=55, key=key)
    assert not result.replay
    workout.refresh_from_db()
    assert workout.status == WorkoutStatus.DONE and workout.pain == 2
    assert workout.session_rpe == Decimal("6.5") and workout.duration_min == 55
    assert workout.session_load == 6.5 * 55
    again = finish(alice, workout, pain=9, rpe="9", minutes=10, key=key)
    assert again.replay
    workout.refresh_from_db()
    assert workout.pain == 2 and workout.duration_min == 55
    assert not Flag.objects.exists()
    assert AuditEvent.objects.filter(action="workout.finish").count() == 1


def test_pain_five_flags_for_review_and_the_session_counts(alice, workout, finish):
    result = finish(alice, workout, pain=5)
    assert not result.safety.stopped
    assert [f.kind for f in result.safety.flags] == [FlagKind.PAIN_REVIEW]
    workout.refresh_from_db()
    assert workout.status == WorkoutStatus.DONE


def test_pain_seven_stops_and_flags_once(alice, workout, finish):
    result = finish(alice, workout, pain=7)
    assert result.safety.stopped
    workout.refresh_from_db()
    assert workout.status == WorkoutStatus.STOPPED and workout.stop_reason == "pain"
    finish(alice, workout, pain=7)  # finishing again (another key) raises no second flag
    flag = Flag.objects.get()
    assert flag.kind == FlagKind.PAIN_STOP and flag.pain == 7 and flag.is_open
    assert flag.detail["source"] == "osteoload_policy"


def test_pain_during_the_session_stops_further_sets(alice, workout, log):
    rx = loaded_rx(workout.program_session)
    log(alice, workout, rx, 1, "20", 10)
    outcome = services.report_pain(actor=alice, workout=workout, pain="8")
    assert outcome.stopped
    with pytest.raises(ValidationError):
        log(alice, workout, rx, 2, "20", 10)
    assert LoggedSet.objects.count() == 1


def test_a_lower_pain_later_does_not_hide_a_higher_one(alice, workout, finish):
    services.report_pain(actor=alice, workout=workout, pain="6")
    finish(alice, workout, pain=2)
    workout.refresh_from_db()
    assert workout.pain == 6
    assert Flag.objects.get().kind == FlagKind.PAIN_REVIEW


def test_a_new_back_pain_stops_as_the_engine_requires_clearance(
    alice, carol_record, carol_program, workout, finish
):
    result = finish(alice, workout, pain=3, back=True)
    assert result.safety.stopped
    flag = Flag.objects.get()
    assert flag.kind == FlagKind.BACK_PAIN
    assert flag.detail["tier"] == "clearance_required"
    # The next session: the engine sees acute back pain and says stop for every loaded exercise.
    page = session_page(carol_record, gym=carol_record.gym, today=TODAY(), session_id=None)
    assert page.stopped
    suggestions = [r.suggestion for r in page.rows if r.suggestion is not None]
    assert suggestions and all(s.stop for s in suggestions)
    assert all("clearance_required" in s.flags for s in suggestions)
    services.resolve_flag(actor=alice, flag=flag, resolution="Seen by her physician: no fracture.")
    page = session_page(carol_record, gym=carol_record.gym, today=TODAY(), session_id=None)
    assert not page.stopped
    assert not any(r.suggestion.stop for r in page.rows if r.suggestion is not None)


def test_logging_waits_until_a_stopping_flag_is_resolved(
    alice, carol_record, carol_program, workout, finish, log
):
    finish(alice, workout, pain=8)
    later = open_on(alice, carol_record, session_of(carol_program, 1, 2), TODAY())
    rx = loaded_rx(later.program_session)
    with pytest.raises(ValidationError):
        log(alice, later, rx, 1, "20", 10)
    with pytest.raises(ValidationError):
        services.resolve_flag(actor=alice, flag=Flag.objects.get(), resolution="  ")
    flag = services.resolve_flag(actor=alice, flag=Flag.objects.get(), resolution="Physician: OK")
    assert flag.resolved_by == alice.user and flag.resolved_at is not None
    assert log(alice, later, rx, 1, "20", 10).created


# --- the engine's suggestion ---------------------------------------------------------------------


def test_the_suggestion_is_the_engines_answer_to_the_logged_history(
    alice, carol_record, carol_program, log, finish
):
    first_day = TODAY() - dt.timedelta(days=3)
    earlier = open_on(alice, carol_record, session_of(carol_program, 1, 1), first_day)
    rx = loaded_rx(earlier.program_session)
    log(alice, earlier, rx, 1, "20", 10, rir=3)
    log(alice, earlier, rx, 2, "22.5", 10, rir=2)
    finish(alice, earlier, pain=1, rpe="6", minutes=50)
    page = session_page(carol_record, gym=carol_record.gym, today=TODAY(), session_id=None)
    row = next(r for r in page.rows if r.rx.exercise_id == rx.exercise_id)
    request = {
        "profile": engine_io.profile_for(carol_record).to_dict(),
        "exercise_id": row.rx.exercise_id,
        "prescription": {
            "sets": row.rx.sets,
            "reps": row.rx.reps,
            "pct_1rm": row.rx.pct_1rm,
            "rpe": None if row.rx.rpe is None else float(row.rx.rpe),
        },
        "increment_kg": 2.5,
        "history": [
            {
                "date": first_day.isoformat(),
                "session_rpe": 6,
                "pain": 1,
                "duration_min": 50,
                "sets": [
                    {"load_kg": 20, "reps": 10, "rir": 3, "completed": True},
                    {"load_kg": 22.5, "reps": 10, "rir": 2, "completed": True},
                ],
            }
        ],
    }
    expected = progress_json(request)
    assert row.suggestion is not None
    assert row.suggestion.decision == expected["decision"]
    assert row.suggestion.load_kg == Decimal(str(expected["next"]["load_kg"]))
    assert row.suggestion.reason_en == expected["reason_en"]
    assert row.suggestion.e1rm_kg == pytest.approx(22.5 * (1 + 12 / 30))


def test_history_of_some_exercises_equals_their_history_from_every_set(
    alice, carol_record, carol_program, log, finish
):
    """The session page reads only its exercises' past sets; their histories, pain-only
    entries from sessions without them included, are what every set would give."""
    day1 = TODAY() - dt.timedelta(days=9)
    w1 = open_on(alice, carol_record, session_of(carol_program, 1, 1), day1)
    squat = loaded_rx(w1.program_session)
    others = list(
        w1.program_session.prescriptions.exclude(exercise_id=squat.exercise_id)
        .filter(reps__isnull=False)
        .order_by("position")[:2]
    )
    assert others
    log(alice, w1, squat, 1, "30", 10)
    for rx in others:
        log(alice, w1, rx, 1, "10", 10)
    finish(alice, w1, pain=0)
    w2 = open_on(alice, carol_record, session_of(carol_program, 1, 2), day1 + dt.timedelta(days=2))
    log(alice, w2, others[0], 1, "12", 8)
    finish(alice, w2, pain=6)  # painful, without the squat
    w3 = open_on(alice, carol_record, session_of(carol_program, 2, 1), day1 + dt.timedelta(days=7))
    log(alice, w3, squat, 1, "30", 8)
    finish(alice, w3, pain=0)

    everything = engine_io.histories(today.history_workouts(carol_record))
    wanted = {squat.exercise_id}
    some = today.history_workouts(carol_record, exercise_ids=wanted)
    assert {s.exercise_id for w in some for s in w.sets.all()} == wanted
    assert [w.pk for w in some] == [w3.pk, w2.pk, w1.pk]
    assert engine_io.histories(some) == {squat.exercise_id: everything[squat.exercise_id]}
    assert len(everything[squat.exercise_id]) == 3  # the painful session counts for the squat


def test_pain_in_another_session_reaches_every_exercise(
    alice, carol_record, carol_program, log, finish
):
    """Pain ≥ 5 in a session without the squat still makes the next squat lighter (review)."""
    day1 = TODAY() - dt.timedelta(days=6)
    w1 = open_on(alice, carol_record, session_of(carol_program, 1, 1), day1)
    rx = loaded_rx(w1.program_session)
    log(alice, w1, rx, 1, "30", 10, rir=2)
    finish(alice, w1, pain=0)
    w2 = open_on(alice, carol_record, session_of(carol_program, 1, 2), day1 + dt.timedelta(days=2))
    finish(alice, w2, pain=6)  # no squat that day
    page = session_page(carol_record, gym=carol_record.gym, today=TODAY(), session_id=None)
    row = next(r for r in page.rows if r.rx.exercise_id == rx.exercise_id)
    assert "review" in row.suggestion.flags
    assert row.suggestion.load_kg <= Decimal("27")  # at least 10 % below 30 kg

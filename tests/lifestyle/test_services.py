"""Self-report services: who may write, validation, and retries that never duplicate."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from osteoload.audit.models import AuditEvent
from osteoload.lifestyle import services
from osteoload.lifestyle.models import HomeSession, NutritionCheck, SleepLog
from osteoload.workouts.models import STOPPING, Flag, FlagKind

TODAY = dt.date(2026, 3, 10)


def stopping_flags(client):
    """The flags that stop gym training (as the session-logging app reads them)."""
    return list(Flag.objects.open().filter(client=client, kind__in=STOPPING))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# --- sleep ---------------------------------------------------------------------------------------


def test_logging_the_same_night_again_corrects_it(carol, carol_record):
    night = TODAY - dt.timedelta(days=1)
    services.log_sleep(
        actor=carol,
        client=carol_record,
        night_of=night,
        hours_asleep=6,
        time_in_bed_h=7,
        rested=3,
        today=TODAY,
    )
    log = services.log_sleep(
        actor=carol,
        client=carol_record,
        night_of=night,
        hours_asleep=Decimal("6.5"),
        time_in_bed_h=8,
        today=TODAY,
    )
    assert SleepLog.objects.filter(client=carol_record).count() == 1
    log.refresh_from_db()
    assert log.hours_asleep == Decimal("6.5") and log.time_in_bed_h == 8 and log.rested is None
    assert log.recorded_by == carol.user


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"hours_asleep": 8, "time_in_bed_h": 7}, "time_in_bed_h"),
        ({"hours_asleep": 17, "time_in_bed_h": 18}, "hours_asleep"),
        ({"hours_asleep": 6, "time_in_bed_h": 25}, "time_in_bed_h"),
        ({"hours_asleep": 6, "time_in_bed_h": 7, "rested": 6}, "rested"),
    ],
)
def test_impossible_nights_are_refused_naming_the_field(carol, carol_record, values, field):
    with pytest.raises(ValidationError) as error:
        services.log_sleep(actor=carol, client=carol_record, night_of=TODAY, today=TODAY, **values)
    assert field in error.value.message_dict
    assert not SleepLog.objects.exists()


def test_a_night_in_the_future_or_years_ago_is_refused(carol, carol_record):
    for day in (TODAY + dt.timedelta(days=1), TODAY - dt.timedelta(days=400)):
        with pytest.raises(ValidationError) as error:
            services.log_sleep(
                actor=carol,
                client=carol_record,
                night_of=day,
                hours_asleep=6,
                time_in_bed_h=7,
                today=TODAY,
            )
        assert "night_of" in error.value.message_dict


# --- who may write -------------------------------------------------------------------------------


def test_only_the_client_and_her_staff_may_write(carol, erin, bob, frank, oscar, carol_record):
    for actor in (erin, bob, frank, oscar):
        with pytest.raises(PermissionDenied):
            services.log_sleep(
                actor=actor,
                client=carol_record,
                night_of=TODAY,
                hours_asleep=6,
                time_in_bed_h=7,
                today=TODAY,
            )
    assert not SleepLog.objects.exists()


def test_staff_need_the_clients_consent_to_record_for_her(alice, olivia, carol_record):
    with pytest.raises(ValidationError) as error:
        services.log_sleep(
            actor=alice,
            client=carol_record,
            night_of=TODAY,
            hours_asleep=6,
            time_in_bed_h=7,
            today=TODAY,
        )
    assert error.value.code == "no_consent"


def test_with_consent_the_assigned_trainer_records_for_her(alice, carol_record, carol_facts):
    log = services.log_sleep(
        actor=alice,
        client=carol_record,
        night_of=TODAY,
        hours_asleep=6,
        time_in_bed_h=7,
        today=TODAY,
    )
    assert log.recorded_by == alice.user


# --- home sessions -------------------------------------------------------------------------------


def home(actor, client, key, **values):
    defaults = {"done_on": TODAY, "balance_min": 15, "walk_min": 30, "today": TODAY}
    defaults.update(values)
    return services.log_home_session(actor=actor, client=client, key=key, **defaults)


def test_sending_the_same_home_session_twice_stores_it_once(carol, carol_record):
    key = uuid.uuid4()
    first = home(carol, carol_record, key, exercises=["walking", "walking"])
    again = home(carol, carol_record, key, balance_min=99)
    assert first.created and not again.created
    assert again.session.pk == first.session.pk and again.session.balance_min == 15
    assert first.session.exercises == ["walking"]
    assert HomeSession.objects.count() == 1
    home(carol, carol_record, uuid.uuid4())
    assert HomeSession.objects.count() == 2


def test_a_key_of_another_clients_session_is_refused(carol, erin, carol_record, erin_record):
    key = uuid.uuid4()
    home(carol, carol_record, key)
    with pytest.raises(ValidationError):
        home(erin, erin_record, key)
    assert HomeSession.objects.get().client == carol_record


def test_a_home_session_needs_something_done(carol, carol_record):
    with pytest.raises(ValidationError) as error:
        home(carol, carol_record, uuid.uuid4(), balance_min=0, walk_min=0)
    assert "balance_min" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        home(carol, carol_record, uuid.uuid4(), walk_min=601, pain=11)
    assert {"walk_min", "pain"} <= set(error.value.message_dict)


def test_pain_of_seven_at_home_stops_gym_training_until_a_trainer_resolves_it(carol, carol_record):
    result = home(carol, carol_record, uuid.uuid4(), pain=7)
    assert result.pain_stop
    flag = Flag.objects.get(client=carol_record)
    assert flag.kind == FlagKind.PAIN_STOP and flag.pain == 7 and flag.workout is None
    assert flag.detail["home_session"] == result.session.pk
    assert flag.detail["threshold"] == 7 and flag.detail["source"] == "osteoload_policy"
    assert stopping_flags(carol_record) == [flag]
    assert AuditEvent.objects.filter(action="flag.raise", client_id=carol_record.pk).exists()


def test_pain_of_five_asks_for_a_review_and_low_pain_raises_nothing(carol, carol_record):
    review = home(carol, carol_record, uuid.uuid4(), pain=5)
    assert review.pain_review and not review.pain_stop
    assert Flag.objects.get().kind == FlagKind.PAIN_REVIEW
    assert stopping_flags(carol_record) == []
    home(carol, carol_record, uuid.uuid4(), pain=4)
    home(carol, carol_record, uuid.uuid4(), pain=None)
    assert Flag.objects.count() == 1


def test_a_retried_painful_session_raises_one_flag(carol, carol_record):
    key = uuid.uuid4()
    home(carol, carol_record, key, pain=8)
    home(carol, carol_record, key, pain=8)
    assert Flag.objects.count() == 1


# --- nutrition -----------------------------------------------------------------------------------


def test_a_food_check_stores_the_engines_answer_once_a_day(carol, carol_record):
    foods = {"milk": {"servings": 1, "per": "day"}, "natto": {"servings": 3, "per": "week"}}
    check = services.record_nutrition_check(
        actor=carol, client=carol_record, foods=foods, checked_on=TODAY
    )
    assert check.result["schema"] == "osteoload.nutrition/1"
    milk_calcium = check.result["by_food"][0]["calcium_mg"]
    assert milk_calcium > 0 and check.result["intake"]["calcium_mg"] >= milk_calcium
    assert check.result["status"]["calcium_mg"] == "below"
    more = {"milk": {"servings": 4, "per": "day"}}  # 4 glasses: 880 mg ≥ 700 mg
    again = services.record_nutrition_check(
        actor=carol, client=carol_record, foods=more, checked_on=TODAY
    )
    assert NutritionCheck.objects.count() == 1 and again.pk == check.pk
    again.refresh_from_db()
    assert again.foods == more and again.result["status"]["calcium_mg"] == "met"


def test_an_unknown_food_is_refused(carol, carol_record):
    with pytest.raises(ValidationError) as error:
        services.record_nutrition_check(
            actor=carol, client=carol_record, foods={"pizza": {"servings": 1}}
        )
    assert "pizza" in str(error.value)
    assert not NutritionCheck.objects.exists()


def test_targets_follow_the_clients_weight(carol, alice, carol_record, carol_facts):
    check = services.record_nutrition_check(
        actor=carol, client=carol_record, foods={}, checked_on=timezone.localdate()
    )
    # 50 kg, not training yet: 1.0–1.2 g/kg, and never below the DRI allowance of 50 g.
    assert check.result["targets"]["protein_g"] == [50, 60]


def test_ticked_exercises_must_look_like_exercise_ids(carol, carol_record):
    with pytest.raises(ValidationError) as error:
        home(carol, carol_record, uuid.uuid4(), exercises=["<script>"])
    assert "exercises" in error.value.message_dict
    with pytest.raises(ValidationError):
        home(carol, carol_record, uuid.uuid4(), exercises=[f"ex_{n}" for n in range(21)])
    assert not HomeSession.objects.exists()

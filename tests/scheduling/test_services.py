"""Booking, moving, cancelling and attendance, with the double-booking guard and the policy."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from osteoload.billing.models import CreditUse
from osteoload.billing.services import sell
from osteoload.scheduling import services
from osteoload.scheduling.models import Booking, BookingEvent, BookingStatus, SchedulingPolicy
from osteoload.scheduling.services import BookingConflict
from tests.scheduling.factories import local, product


def book(actor, trainer, client, days=1, hour=10, minute=0, minutes=60):
    return services.book_session(
        actor=actor,
        trainer=trainer,
        client=client,
        starts_at=local(days, hour, minute),
        minutes=minutes,
    )


def test_front_desk_books_a_session_and_it_is_logged(frank, alice, carol_record):
    booking = book(frank, alice, carol_record)
    assert booking.status == BookingStatus.BOOKED and booking.duration_minutes == 60
    assert booking.ends_at - booking.starts_at == dt.timedelta(hours=1)
    event = BookingEvent.objects.get(booking=booking)
    assert event.action == "booked" and event.actor == frank.user


def test_the_default_length_is_the_gyms_session_length(frank, alice, carol_record, gym):
    SchedulingPolicy.objects.create(gym=gym, session_minutes=45)
    booking = services.book_session(
        actor=frank, trainer=alice, client=carol_record, starts_at=local(1, 10)
    )
    assert booking.duration_minutes == 45


def test_a_trainer_is_never_double_booked(frank, alice, carol_record, dan_record):
    book(frank, alice, carol_record, hour=10)
    with pytest.raises(BookingConflict) as caught:
        book(frank, alice, dan_record, hour=10, minute=30)
    assert "Alice already has a booking from 10:00 to 11:00" in caught.value.messages[0]
    assert Booking.objects.count() == 1


def test_a_client_is_never_double_booked(frank, alice, bob, carol_record):
    book(frank, alice, carol_record, hour=10)
    with pytest.raises(BookingConflict) as caught:
        book(frank, bob, carol_record, hour=10, minute=45, minutes=30)
    assert "Carol Clarke already has a booking" in caught.value.messages[0]


def test_back_to_back_bookings_are_fine(frank, alice, carol_record, dan_record):
    book(frank, alice, carol_record, hour=10)
    book(frank, alice, dan_record, hour=11)
    book(frank, alice, carol_record, hour=9)
    assert Booking.objects.count() == 3


def test_a_cancelled_booking_frees_its_time(frank, alice, carol_record, dan_record):
    first = book(frank, alice, carol_record, days=3)
    services.cancel_booking(actor=frank, booking=first)
    second = book(frank, alice, dan_record, days=3)
    assert second.pk != first.pk


def test_moving_into_a_taken_time_is_refused_and_changes_nothing(
    frank, alice, carol_record, dan_record
):
    book(frank, alice, carol_record, hour=10)
    other = book(frank, alice, dan_record, hour=14)
    with pytest.raises(BookingConflict):
        services.move_booking(actor=frank, booking=other, starts_at=local(1, 10, 30))
    other.refresh_from_db()
    assert other.starts_at == local(1, 14)


def test_moving_to_another_trainer_and_time(frank, alice, bob, carol_record):
    booking = book(frank, alice, carol_record, hour=10)
    booking.reminder_sent_at = local(0, 9)
    booking.save()
    services.move_booking(actor=frank, booking=booking, starts_at=local(2, 15), trainer=bob)
    booking.refresh_from_db()
    assert booking.trainer == bob and booking.starts_at == local(2, 15)
    assert booking.duration_minutes == 60 and booking.reminder_sent_at is None
    assert list(booking.events.values_list("action", flat=True)) == ["booked", "moved"]


def test_a_trainer_books_only_in_her_own_calendar(alice, bob, carol_record):
    book(alice, alice, carol_record)
    with pytest.raises(PermissionDenied):
        book(alice, bob, carol_record, days=2)


def test_a_client_cannot_book_or_cancel(carol, alice, carol_record, frank):
    with pytest.raises(PermissionDenied):
        book(carol, alice, carol_record)
    booking = book(frank, alice, carol_record)
    with pytest.raises(PermissionDenied):
        services.cancel_booking(actor=carol, booking=booking)


def test_another_gyms_client_or_trainer_cannot_be_booked(frank, alice, trent, hank_record):
    with pytest.raises(PermissionDenied):
        book(frank, alice, hank_record)
    with pytest.raises((PermissionDenied, ValidationError)):
        book(frank, trent, hank_record)


def test_early_cancellation_is_free_late_counts_as_used(frank, alice, carol_record, gym):
    early = book(frank, alice, carol_record, days=3)
    services.cancel_booking(actor=frank, booking=early)
    early.refresh_from_db()
    assert early.status == BookingStatus.CANCELLED and not early.late_cancellation
    assert not early.counts_as_used
    late = book(frank, alice, carol_record, days=0, hour=23, minutes=30)
    services.cancel_booking(actor=alice, booking=late, reason="sick")
    late.refresh_from_db()
    assert late.late_cancellation and late.counts_as_used and late.cancel_reason == "sick"


def test_the_notice_period_is_a_gym_setting(frank, alice, carol_record, gym):
    SchedulingPolicy.objects.create(gym=gym, cancellation_notice_hours=72)
    booking = book(frank, alice, carol_record, days=2)
    assert services.is_late(booking)
    SchedulingPolicy.objects.filter(gym=gym).update(cancellation_notice_hours=24)
    assert not services.is_late(booking)


def test_front_desk_may_waive_a_late_cancellation_a_trainer_may_not(
    frank, alice, carol_record, dan_record
):
    first = book(frank, alice, carol_record, days=0, hour=23, minutes=30)
    services.cancel_booking(actor=frank, booking=first, waive=True)
    first.refresh_from_db()
    assert not first.late_cancellation
    second = book(frank, alice, dan_record, days=0, hour=23, minutes=30)
    services.cancel_booking(actor=alice, booking=second, waive=True)
    second.refresh_from_db()
    assert second.late_cancellation


def test_attendance_uses_one_credit_and_a_late_cancellation_too(frank, alice, carol_record, gym):
    purchase = sell(actor=frank, client=carol_record, product=product(gym, sessions=4))
    held = book(frank, alice, carol_record, days=0, hour=0, minutes=30)
    services.record_attendance(actor=alice, booking=held, attended=True)
    late = book(frank, alice, carol_record, days=0, hour=23, minutes=30)
    services.cancel_booking(actor=frank, booking=late)
    early = book(frank, alice, carol_record, days=5)
    services.cancel_booking(actor=frank, booking=early)
    used = set(CreditUse.objects.filter(purchase=purchase).values_list("booking_id", flat=True))
    assert used == {held.pk, late.pk}


def test_a_no_show_counts_as_used(frank, alice, carol_record, gym):
    plan = product(gym, sessions=1)
    sell(actor=frank, client=carol_record, product=plan, valid_from=local(-1).date())
    booking = book(frank, alice, carol_record, days=-1)
    services.record_attendance(actor=frank, booking=booking, attended=False)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.NO_SHOW
    assert CreditUse.objects.filter(booking=booking).exists()


def test_attendance_is_recorded_once_and_not_long_before_the_start(frank, alice, carol_record):
    future = book(frank, alice, carol_record, days=2)
    with pytest.raises(ValidationError):
        services.record_attendance(actor=frank, booking=future, attended=True)
    past = book(frank, alice, carol_record, days=-1)
    services.record_attendance(actor=frank, booking=past, attended=True)
    with pytest.raises(ValidationError):
        services.record_attendance(actor=frank, booking=past, attended=False)


def test_without_credits_a_session_stays_unsettled_until_a_purchase(
    frank, alice, carol_record, gym
):
    booking = book(frank, alice, carol_record, days=-2)
    services.record_attendance(actor=frank, booking=booking, attended=True)
    assert not CreditUse.objects.filter(booking=booking).exists()
    plan = product(gym, kind="single", name="Single", price=8_800, sessions=1)
    purchase = sell(actor=frank, client=carol_record, product=plan, valid_from=local(-2).date())
    assert CreditUse.objects.get(booking=booking).purchase == purchase


def test_reopening_gives_the_credit_back_and_rechecks_the_calendar(
    frank, alice, olivia, carol_record, dan_record, gym
):
    plan = product(gym, sessions=4)
    sell(actor=frank, client=carol_record, product=plan, valid_from=local(-1).date())
    booking = book(frank, alice, carol_record, days=-1, hour=10)
    services.record_attendance(actor=frank, booking=booking, attended=True)
    assert CreditUse.objects.filter(booking=booking).exists()
    services.reopen_booking(actor=olivia, booking=booking)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED
    assert not CreditUse.objects.filter(booking=booking).exists()
    services.cancel_booking(actor=frank, booking=booking)
    book(frank, alice, dan_record, days=-1, hour=10)
    with pytest.raises(BookingConflict):
        services.reopen_booking(actor=olivia, booking=booking)
    with pytest.raises(PermissionDenied):
        services.reopen_booking(actor=alice, booking=booking)

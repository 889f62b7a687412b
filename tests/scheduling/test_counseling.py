"""Free counseling: free slots from availability, online requests, scheduling, conversion."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from osteoload.audit.models import AuditEvent
from osteoload.clients.models import Client, TrainerAssignment
from osteoload.scheduling import services
from osteoload.scheduling.models import (
    AvailabilityException,
    Booking,
    BookingKind,
    BookingStatus,
    CounselingRequest,
    RequestStatus,
    SchedulingPolicy,
)
from osteoload.scheduling.selectors import free_counseling_slots
from tests.scheduling.factories import every_day, local


@pytest.fixture
def hours(alice, bob):
    every_day(alice, 9, 12)
    every_day(bob, 10, 12)


def slots_on(gym, days):
    day = local(days).date()
    return {s.starts_at: set(s.trainer_ids) for s in free_counseling_slots(gym=gym).get(day, [])}


def test_free_slots_come_from_working_hours_minus_bookings(
    gym, hours, alice, bob, frank, dan_record
):
    SchedulingPolicy.objects.create(gym=gym, counseling_minutes=60, slot_step_minutes=30)
    assert slots_on(gym, 2) == {
        local(2, 9): {alice.pk},
        local(2, 9, 30): {alice.pk},
        local(2, 10): {alice.pk, bob.pk},
        local(2, 10, 30): {alice.pk, bob.pk},
        local(2, 11): {alice.pk, bob.pk},
    }
    services.book_session(actor=frank, trainer=bob, client=dan_record, starts_at=local(2, 10))
    assert slots_on(gym, 2)[local(2, 10)] == {alice.pk}
    assert slots_on(gym, 2)[local(2, 11)] == {alice.pk, bob.pk}
    # Shown to visitors as local clock times (bookings come back from the database in UTC).
    labels = [f"{start:%H:%M}" for start in slots_on(gym, 2)]
    assert labels == ["09:00", "09:30", "10:00", "10:30", "11:00"]


def test_days_off_notice_and_horizon_limit_the_slots(gym, hours, alice, bob):
    SchedulingPolicy.objects.create(gym=gym, public_booking_days=3, public_min_notice_hours=24)
    AvailabilityException.objects.create(gym=gym, trainer=alice, date=local(2).date(), kind="off")
    AvailabilityException.objects.create(
        gym=gym,
        trainer=bob,
        date=local(2).date(),
        kind="off",
        start_time=dt.time(10),
        end_time=dt.time(11),
    )
    assert set(slots_on(gym, 2)) == {local(2, 11)}
    assert slots_on(gym, 0) == {}  # inside the 24 h notice
    assert slots_on(gym, 4) == {}  # beyond three days
    assert slots_on(gym, 3)


def test_front_desk_members_and_clients_offer_no_slots(gym, frank, carol):
    every_day(frank)
    assert free_counseling_slots(gym=gym) == {}


def test_a_visitor_books_a_listed_time(gym, hours, alice, bob):
    request = services.request_counseling(
        gym=gym,
        full_name="山田 和子",
        email="Kazuko@Example.com",
        concerns="骨密度が低いと言われた",
        slot=local(2, 9),
    )
    assert request.status == RequestStatus.SCHEDULED and request.email == "kazuko@example.com"
    booking = request.booking
    assert booking.kind == BookingKind.COUNSELING and booking.client is None
    assert booking.trainer == alice and booking.starts_at == local(2, 9)


def test_the_time_is_given_to_the_least_busy_trainer(gym, hours, alice, bob, frank, dan_record):
    services.book_session(actor=frank, trainer=alice, client=dan_record, starts_at=local(2, 9))
    request = services.request_counseling(gym=gym, full_name="A", phone="090", slot=local(2, 10))
    assert request.booking.trainer == bob


def test_a_taken_time_gives_a_clear_message_and_stores_nothing(
    gym, hours, alice, bob, frank, dan_record
):
    services.book_session(actor=frank, trainer=alice, client=dan_record, starts_at=local(2, 9))
    with pytest.raises(services.BookingConflict) as caught:
        services.request_counseling(gym=gym, full_name="A", phone="090", slot=local(2, 9))
    assert "just been taken" in caught.value.messages[0]
    assert not CounselingRequest.objects.exists()


def test_proposed_times_wait_for_the_gym(gym, hours):
    request = services.request_counseling(
        gym=gym, full_name="B", phone="090-1", proposed=[local(5, 18), local(6, 19)]
    )
    assert request.status == RequestStatus.NEW and request.booking is None
    assert request.proposed_datetimes == [local(5, 18), local(6, 19)]


def test_a_request_needs_a_contact_and_a_time(gym, hours):
    with pytest.raises(ValidationError):
        services.request_counseling(gym=gym, full_name="C", slot=local(2, 9))
    with pytest.raises(ValidationError):
        services.request_counseling(gym=gym, full_name="C", phone="090")


def test_staff_schedules_a_proposed_time_then_moves_it(gym, frank, alice, bob):
    request = services.request_counseling(
        gym=gym, full_name="D", phone="090", proposed=[local(5, 18)]
    )
    booking = services.schedule_counseling(
        actor=frank, request=request, trainer=alice, starts_at=local(5, 18)
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.SCHEDULED and request.booking == booking
    services.schedule_counseling(actor=frank, request=request, trainer=bob, starts_at=local(6, 9))
    booking.refresh_from_db()
    assert booking.trainer == bob and Booking.objects.count() == 1


def test_converting_makes_a_client_with_the_contact_and_links_the_booking(
    gym, hours, olivia, alice
):
    request = services.request_counseling(
        gym=gym, full_name="山田 和子", email="k@example.com", phone="090-2", slot=local(2, 9)
    )
    client = services.convert_request(
        actor=olivia,
        request=request,
        family_name="山田",
        given_name="和子",
        family_name_kana="ヤマダ",
        given_name_kana="カズコ",
        sex="female",
        birth_date=dt.date(1958, 3, 3),
    )
    assert Client.objects.get(pk=client.pk).email == "k@example.com" and client.phone == "090-2"
    request.refresh_from_db()
    assert request.status == RequestStatus.CONVERTED and request.client == client
    assert Booking.objects.get(pk=request.booking_id).client == client
    assert AuditEvent.objects.filter(action="client.create", client_id=client.pk).exists()
    # The owner converted: the counseling trainer now looks after the new client.
    assert TrainerAssignment.objects.filter(client=client, trainer=alice).exists()
    with pytest.raises(ValidationError):
        services.convert_request(
            actor=olivia,
            request=request,
            family_name="x",
            given_name="y",
            sex="female",
            birth_date=dt.date(1958, 3, 3),
        )


def test_front_desk_converts_without_assigning_a_trainer(gym, hours, frank):
    request = services.request_counseling(gym=gym, full_name="E", phone="090", slot=local(2, 9))
    client = services.convert_request(
        actor=frank,
        request=request,
        family_name="E",
        given_name="F",
        sex="male",
        birth_date=dt.date(1950, 1, 1),
    )
    assert not TrainerAssignment.objects.filter(client=client).exists()


def test_closing_a_request_frees_its_time(gym, hours, frank, alice):
    request = services.request_counseling(gym=gym, full_name="G", phone="090", slot=local(2, 9))
    services.close_request(actor=frank, request=request)
    request.refresh_from_db()
    assert request.status == RequestStatus.CLOSED
    assert request.booking.status == BookingStatus.CANCELLED
    assert not request.booking.late_cancellation  # free counseling: nothing to charge


def test_another_gym_and_clients_cannot_handle_requests(gym, hours, oscar, carol):
    request = services.request_counseling(gym=gym, full_name="H", phone="090", slot=local(2, 9))
    for actor in (oscar, carol):
        with pytest.raises(PermissionDenied):
            services.close_request(actor=actor, request=request)

"""Bad input to the schedule gets a clear 4xx (or, on the calendars, the fallback of any unreadable
date), never a 500, and writes nothing: dates at the ends of the calendar, absurd lengths,
over-long notes, a feed id that is not a number."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from osteoload.scheduling import services
from osteoload.scheduling.models import (
    BOOKING_DAYS_AHEAD,
    Booking,
    BookingEvent,
    CalendarFeed,
    CounselingRequest,
)
from tests.scheduling.factories import local
from tests.scheduling.test_api import api, booking
from tests.scheduling.test_views import http_for

# The ends of Python's calendar: a day or an hour more or less does not exist.
EXTREMES = [("9999-12-31", "23:30"), ("0001-01-01", "00:00")]
OUT_OF_RANGE = "Choose a date between"
OUT_OF_RANGE_JA = "までの日付を選んでください"  # the API answers in the product's language


@pytest.fixture
def session(world):
    return services.book_session(
        actor=world.frank, trainer=world.alice, client=world.carol_record, starts_at=local(1, 10)
    )


def _snapshot(booking: Booking) -> tuple:
    booking.refresh_from_db()
    return booking.starts_at, booking.ends_at, booking.trainer_id, booking.events.count()


# --- calendars ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "_time"), EXTREMES)
@pytest.mark.parametrize(
    ("name", "param", "shown"), [("day", "date", "date"), ("week", "start", "start")]
)
def test_calendars_treat_dates_out_of_range_as_unreadable(
    world, as_, name, param, shown, day, _time
):
    http = http_for(world, as_, "frank")
    unreadable = http.get(reverse(f"scheduling:{name}"), {param: "not-a-date"})
    response = http.get(reverse(f"scheduling:{name}"), {param: day})
    assert response.status_code == 200
    assert response.context[shown] == unreadable.context[shown]


@pytest.mark.parametrize(("day", "_time"), EXTREMES)
def test_the_api_listing_refuses_dates_out_of_range(frank, day, _time):
    response = api(frank)("get", f"scheduling/bookings?start={day}&end={day}")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert response.json()["detail"].startswith("start and end must be between")


# --- the pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "time"), EXTREMES)
def test_the_booking_page_refuses_a_date_out_of_range(world, as_, day, time):
    form = {
        "client": world.dan_record.pk,
        "trainer": world.alice.pk,
        "date": day,
        "time": time,
        "minutes": 60,
    }
    response = http_for(world, as_, "frank").post(reverse("scheduling:booking_new"), form)
    assert response.status_code == 422
    assert OUT_OF_RANGE in response.context["form"].errors["date"][0]
    assert not Booking.objects.exists()


def test_the_booking_page_ignores_a_start_it_cannot_read(world, as_):
    """`?start=` only pre-fills the form: an offset that leaves the calendar is ignored."""
    http = http_for(world, as_, "frank")
    response = http.get(reverse("scheduling:booking_new"), {"start": "9999-12-31T23:30-12:00"})
    assert response.status_code == 200


@pytest.mark.parametrize(("day", "time"), EXTREMES)
def test_moving_to_a_date_out_of_range_changes_nothing(world, as_, session, day, time):
    before = _snapshot(session)
    response = http_for(world, as_, "alice").post(
        reverse("scheduling:booking_move", args=[session.pk]),
        {"date": day, "time": time, "minutes": 60, "trainer": world.alice.pk},
        follow=True,
    )
    assert response.status_code == 200  # back on the booking's page, with the message
    assert OUT_OF_RANGE in response.content.decode()
    assert _snapshot(session) == before


@pytest.mark.parametrize(("day", "time"), EXTREMES)
def test_scheduling_a_request_at_a_date_out_of_range_books_nothing(world, as_, day, time):
    item = services.request_counseling(
        gym=world.gym, full_name="Visitor V", phone="090", proposed=[local(3, 10)]
    )
    response = http_for(world, as_, "frank").post(
        reverse("scheduling:request", args=[item.pk]),
        {
            "action": "schedule",
            "schedule-trainer": world.alice.pk,
            "schedule-date": day,
            "schedule-time": time,
            "schedule-minutes": 60,
        },
    )
    assert response.status_code == 422
    assert OUT_OF_RANGE in response.context["schedule_form"].errors["date"][0]
    assert not Booking.objects.exists()
    assert CounselingRequest.objects.get(pk=item.pk).booking_id is None


# --- the API --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "starts_at", ["9999-12-31T23:30", "0001-01-01T00:00", "9999-12-31T23:30-12:00"]
)
def test_the_api_refuses_a_start_out_of_range(frank, alice, carol_record, starts_at):
    body = {**booking(alice, carol_record), "starts_at": starts_at}
    response = api(frank)("post", "scheduling/bookings", body)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert OUT_OF_RANGE_JA in response.json()["detail"][0]
    assert not Booking.objects.exists()


@pytest.mark.parametrize("minutes", [10**12, 1_000_000_000, 241, 14, 0, -60])
def test_the_api_applies_the_forms_length_limits(frank, alice, carol_record, minutes):
    body = {**booking(alice, carol_record), "minutes": minutes}
    response = api(frank)("post", "scheduling/bookings", body)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert response.json()["detail"][0]["loc"][-1] == "minutes"
    assert not Booking.objects.exists()


def test_the_api_applies_the_models_note_length(frank, alice, carol_record):
    call = api(frank)
    body = booking(alice, carol_record)
    response = call("post", "scheduling/bookings", {**body, "note": "x" * 50_000})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "note"
    assert not Booking.objects.exists()
    fits = call("post", "scheduling/bookings", {**body, "note": "x" * 200})
    assert fits.status_code == 201


def test_the_booking_window_ends_two_years_ahead(frank, alice, carol_record):
    last = timezone.localdate() + dt.timedelta(days=BOOKING_DAYS_AHEAD)
    call = api(frank)

    def book(day: dt.date):
        body = {**booking(alice, carol_record), "starts_at": f"{day}T10:00"}
        return call("post", "scheduling/bookings", body)

    too_far = book(last + dt.timedelta(days=1))
    assert too_far.status_code == 400 and OUT_OF_RANGE_JA in too_far.json()["detail"][0]
    assert not Booking.objects.exists()
    assert book(last).status_code == 201


# --- the services guard every caller --------------------------------------------------------------


def test_the_services_refuse_what_the_forms_and_the_api_refuse(frank, alice, carol_record):
    far = dt.datetime(9999, 12, 31, 23, 30, tzinfo=timezone.get_current_timezone())
    book = {"actor": frank, "trainer": alice, "client": carol_record}
    with pytest.raises(ValidationError, match=OUT_OF_RANGE):
        services.book_session(**book, starts_at=far)
    with pytest.raises(ValidationError, match="15"):
        services.book_session(**book, starts_at=local(1, 10), minutes=10**12)
    with pytest.raises(ValidationError) as error:
        services.book_session(**book, starts_at=local(1, 10), note="x" * 201)
    assert "note" in error.value.message_dict
    assert not Booking.objects.exists() and not BookingEvent.objects.exists()
    session = services.book_session(**book, starts_at=local(1, 10))
    before = _snapshot(session)
    with pytest.raises(ValidationError, match=OUT_OF_RANGE):
        services.move_booking(actor=frank, booking=session, starts_at=far)
    assert _snapshot(session) == before


# --- calendar feeds -------------------------------------------------------------------------------


@pytest.mark.parametrize("revoke", ["abc", "²", "9" * 5000, ""])
def test_revoking_a_feed_id_that_is_not_a_number_is_not_found(world, as_, revoke):
    feed, _token = services.issue_feed(actor=world.alice, trainer=world.alice)
    response = http_for(world, as_, "alice").post(reverse("scheduling:feeds"), {"revoke": revoke})
    assert response.status_code == 404
    assert CalendarFeed.objects.get(pk=feed.pk).revoked_at is None


@pytest.mark.parametrize("trainer", ["²", "9" * 5000])
def test_an_unreadable_trainer_id_is_ignored(world, as_, trainer):
    http = http_for(world, as_, "olivia")
    assert http.get(reverse("scheduling:day"), {"trainer": trainer}).status_code == 200
    assert http.get(reverse("scheduling:booking_new"), {"trainer": trainer}).status_code == 200
    response = http.post(reverse("scheduling:feeds"), {"trainer": trainer})
    assert response.status_code == 200  # a feed for herself, as when no trainer is chosen
    assert CalendarFeed.objects.get().trainer == world.olivia

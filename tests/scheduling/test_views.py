"""Schedule pages for every persona, and the booking flows through the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from osteoload.audit.models import AuditEvent
from osteoload.scheduling import services
from osteoload.scheduling.models import (
    Booking,
    BookingStatus,
    CounselingRequest,
    WeeklyAvailability,
)
from tests.scheduling.factories import every_day, local

STAFF_PAGE = {
    "olivia": 200,
    "alice": 200,
    "frank": 200,
    "carol": 403,
    "oscar": 200,  # his own gym's calendar
    None: 302,
}


def http_for(world, as_, persona):
    http = as_(getattr(world, persona) if persona else None)
    http.cookies["osteoload_language"] = "en"
    return http


@pytest.mark.parametrize("name", ["day", "week", "booking_new", "availability", "requests"])
@pytest.mark.parametrize(("persona", "status"), STAFF_PAGE.items())
def test_staff_pages(world, as_, name, persona, status):
    response = http_for(world, as_, persona).get(reverse(f"scheduling:{name}"))
    assert response.status_code == status


@pytest.fixture
def carols_session(world):
    return services.book_session(
        actor=world.frank, trainer=world.alice, client=world.carol_record, starts_at=local(1, 10)
    )


BOOKING_PAGE = [
    ("olivia", 200),
    ("alice", 200),
    ("bob", 403),
    ("frank", 200),
    ("carol", 200),
    ("erin", 403),
    ("oscar", 404),
    ("trent", 404),
    ("hank", 404),
    (None, 302),
]


@pytest.mark.parametrize(("persona", "status"), BOOKING_PAGE)
def test_booking_page(world, as_, carols_session, persona, status):
    response = http_for(world, as_, persona).get(
        reverse("scheduling:booking", args=[carols_session.pk])
    )
    assert response.status_code == status
    if persona == "carol":  # she sees her booking, not the staff's controls
        assert "Cancel this booking" not in response.content.decode()


CANCEL = [
    ("olivia", 302),
    ("alice", 302),
    ("bob", 403),
    ("frank", 302),
    ("carol", 403),
    ("oscar", 404),
    (None, 302),
]


@pytest.mark.parametrize(("persona", "status"), CANCEL)
def test_who_may_cancel(world, as_, carols_session, persona, status):
    response = http_for(world, as_, persona).post(
        reverse("scheduling:booking_cancel", args=[carols_session.pk]), {"reason": "x"}
    )
    assert response.status_code == status
    carols_session.refresh_from_db()
    cancelled = carols_session.status == BookingStatus.CANCELLED
    assert cancelled == (status == 302 and persona is not None)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("olivia", 200), ("alice", 403), ("frank", 403), ("carol", 403), (None, 302)],
)
def test_settings_page(world, as_, persona, status):
    assert http_for(world, as_, persona).get(reverse("scheduling:settings")).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [("carol", 200), ("erin", 200), ("alice", 403), ("frank", 403), (None, 302)],
)
def test_my_bookings_page(world, as_, carols_session, persona, status):
    response = http_for(world, as_, persona).get(reverse("scheduling:my"))
    assert response.status_code == status
    if persona == "carol":
        assert "Alice" in response.content.decode()
    if persona == "erin":
        assert "Alice" not in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("olivia", 200), ("alice", 200), ("frank", 403), ("carol", 200), (None, 302)],
)
def test_feeds_page(world, as_, persona, status):
    assert http_for(world, as_, persona).get(reverse("scheduling:feeds")).status_code == status


def test_a_trainer_sees_only_her_calendar(world, as_, carols_session):
    services.book_session(
        actor=world.frank, trainer=world.bob, client=world.erin_record, starts_at=local(1, 10)
    )
    html = (
        http_for(world, as_, "alice")
        .get(reverse("scheduling:day"), {"date": local(1).date().isoformat()})
        .content.decode()
    )
    assert "Carol Clarke" in html and "Erin Evans" not in html
    desk = (
        http_for(world, as_, "frank")
        .get(reverse("scheduling:week"), {"start": local(1).date().isoformat()})
        .content.decode()
    )
    assert "Carol Clarke" in desk and "Erin Evans" in desk


def test_booking_through_the_page_and_a_clear_conflict_message(world, as_, carols_session):
    http = http_for(world, as_, "frank")
    form = {
        "client": world.dan_record.pk,
        "trainer": world.alice.pk,
        "date": local(1).date().isoformat(),
        "time": "10:30",
        "minutes": 60,
    }
    response = http.post(reverse("scheduling:booking_new"), form)
    assert response.status_code == 422
    assert "Alice already has a booking from 10:00 to 11:00." in response.content.decode()
    response = http.post(reverse("scheduling:booking_new"), {**form, "time": "11:00"})
    booking = Booking.objects.get(client=world.dan_record)
    assert response.status_code == 302 and response.url == reverse(
        "scheduling:booking", args=[booking.pk]
    )


def test_moving_through_the_page(world, as_, carols_session):
    http = http_for(world, as_, "alice")
    url = reverse("scheduling:booking_move", args=[carols_session.pk])
    move = {"date": local(2).date().isoformat(), "time": "15:00", "minutes": 60}
    http.post(url, {**move, "trainer": world.alice.pk})
    carols_session.refresh_from_db()
    assert carols_session.starts_at == local(2, 15)
    # A trainer cannot hand her session to a colleague: Bob is not a choice for her.
    response = http.post(url, {**move, "time": "16:00", "trainer": world.bob.pk}, follow=True)
    carols_session.refresh_from_db()
    assert carols_session.trainer == world.alice and carols_session.starts_at == local(2, 15)
    assert "Select a valid choice" in response.content.decode()


def test_attendance_through_the_page(world, as_):
    past = services.book_session(
        actor=world.frank, trainer=world.alice, client=world.carol_record, starts_at=local(-1, 10)
    )
    http_for(world, as_, "alice").post(
        reverse("scheduling:booking_attendance", args=[past.pk]), {"attended": "yes"}
    )
    past.refresh_from_db()
    assert past.status == BookingStatus.ATTENDED


def test_working_hours_are_edited_by_the_trainer_and_the_owner(world, as_):
    url = reverse("scheduling:availability") + f"?trainer={world.alice.pk}"
    hours = {"weekly-weekday": 0, "weekly-start": "09:00", "weekly-end": "12:00"}
    # persona: status, whether Alice's hours grow. Bob cannot even pick Alice: the page falls
    # back to his own hours.
    expected = {
        "alice": (302, True),
        "olivia": (302, True),
        "bob": (302, False),
        "frank": (403, False),
    }
    for persona, (status, grows) in expected.items():
        before = WeeklyAvailability.objects.filter(trainer=world.alice).count()
        response = http_for(world, as_, persona).post(url, hours)
        after = WeeklyAvailability.objects.filter(trainer=world.alice).count()
        assert (response.status_code, after == before + 1) == (status, grows), persona
    assert WeeklyAvailability.objects.filter(trainer=world.bob).count() == 1


def _counseling_request(world, name: str, concerns: str) -> str:
    """A visitor's online counseling request with Alice; the URL of its page."""
    every_day(world.alice)
    request = services.request_counseling(
        gym=world.gym, full_name=name, phone="090", concerns=concerns, slot=local(2, 9)
    )
    return reverse("scheduling:request", args=[request.pk])


def test_request_page_hides_concerns_from_the_front_desk_and_audits_the_others(world, as_):
    url = _counseling_request(world, "Visitor V", "wrist fracture")
    request_id = int(url.rstrip("/").rsplit("/", 1)[-1])
    desk = http_for(world, as_, "frank").get(url).content.decode()
    assert "Visitor V" in desk and "wrist fracture" not in desk
    for persona in ("olivia", "alice", "bob"):
        html = http_for(world, as_, persona).get(url).content.decode()
        assert "wrist fracture" in html
    readers = AuditEvent.objects.filter(action="counseling.view", object_id=str(request_id))
    assert {e.actor for e in readers} == {world.olivia.user, world.alice.user, world.bob.user}
    assert http_for(world, as_, "oscar").get(url).status_code == 404
    assert http_for(world, as_, "carol").get(url).status_code == 403


def test_once_the_visitor_is_a_client_only_her_trainers_and_the_owner_see_her_concerns(world, as_):
    """Converted, the concerns are Carol's health data: Bob, who is not her trainer, no longer
    reads them, nor does Alice once her assignment has ended."""
    url = _counseling_request(world, "Carol Clarke", "vertebral fracture last spring")
    CounselingRequest.objects.update(client=world.carol_record)
    seen = {
        persona: "vertebral fracture" in http_for(world, as_, persona).get(url).content.decode()
        for persona in ("olivia", "alice", "bob", "frank")
    }
    assert seen == {"olivia": True, "alice": True, "bob": False, "frank": False}
    world.carol_record.assignments.update(since="1999-01-01", until="2000-01-01")
    assert "vertebral fracture" not in http_for(world, as_, "alice").get(url).content.decode()


def test_front_desk_converts_a_request_and_returns_to_the_inbox(world, as_):
    every_day(world.alice)
    request = services.request_counseling(
        gym=world.gym, full_name="Kazuko Yamada", phone="090", slot=local(2, 9)
    )
    response = http_for(world, as_, "frank").post(
        reverse("scheduling:request", args=[request.pk]),
        {
            "action": "convert",
            "convert-family_name": "Yamada",
            "convert-given_name": "Kazuko",
            "convert-sex": "female",
            "convert-birth_date": "1958-03-03",
        },
    )
    assert response.status_code == 302 and response.url == reverse("scheduling:requests")
    request.refresh_from_db()
    assert request.client.full_name == "Yamada Kazuko"

"""iCalendar feeds behind secret, revocable addresses."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client as HttpClient
from django.urls import reverse
from icalendar import Calendar

from osteoload.scheduling import services
from osteoload.scheduling.models import CalendarFeed
from tests.conftest import capture_queries, writes_in
from tests.scheduling.factories import every_day, local


@pytest.fixture
def week(gym, frank, alice, bob, carol_record, dan_record, erin_record):
    services.book_session(actor=frank, trainer=alice, client=carol_record, starts_at=local(1, 10))
    services.book_session(actor=frank, trainer=alice, client=dan_record, starts_at=local(2, 10))
    services.book_session(actor=frank, trainer=bob, client=erin_record, starts_at=local(1, 10))
    gone = services.book_session(
        actor=frank, trainer=alice, client=carol_record, starts_at=local(3, 10)
    )
    services.cancel_booking(actor=frank, booking=gone)
    every_day(alice)
    services.request_counseling(
        gym=gym, full_name="Visitor V", phone="090", concerns="SECRET-HEALTH", slot=local(4, 9)
    )


def events(body: bytes) -> list:
    return Calendar.from_ical(body).walk("VEVENT")


def fetch(token: str):
    http = HttpClient()
    http.cookies["osteoload_language"] = "en"
    return http.get(reverse("scheduling:feed", args=[token]))


def test_a_trainers_feed_holds_her_own_bookings(week, alice):
    _feed, token = services.issue_feed(actor=alice, trainer=alice)
    response = fetch(token)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    summaries = sorted(str(e["SUMMARY"]) for e in events(response.content))
    assert summaries == [
        "Free counseling: Visitor V",
        "Session: Carol Clarke",
        "Session: Dan Doe",
    ]
    assert b"SECRET-HEALTH" not in response.content
    start = events(response.content)[0]["DTSTART"].dt
    assert start.utcoffset().total_seconds() == 0  # written in UTC


def test_a_clients_feed_holds_only_her_bookings(week, carol, carol_record):
    _feed, token = services.issue_feed(actor=carol, client=carol_record)
    found = events(fetch(token).content)
    assert len(found) == 1 and "Alice" in str(found[0]["SUMMARY"])
    assert "LOCATION" not in found[0]  # the test gym has no address


def test_a_revoked_or_unknown_address_is_not_found(week, alice):
    feed, token = services.issue_feed(actor=alice, trainer=alice)
    services.revoke_feed(actor=alice, feed=feed)
    assert fetch(token).status_code == 404
    assert fetch("not-a-token").status_code == 404


def test_only_a_digest_is_stored_and_reading_writes_nothing(week, alice):
    feed, token = services.issue_feed(actor=alice, trainer=alice)
    assert token not in {feed.digest, feed.prefix} and len(feed.digest) == 64
    with capture_queries() as ctx:
        fetch(token)
    assert writes_in(ctx) == []


def test_who_may_issue_which_feed(alice, bob, olivia, frank, carol, erin, carol_record, oscar):
    services.issue_feed(actor=olivia, trainer=bob)
    services.issue_feed(actor=frank, client=carol_record)
    for actor, kwargs in [
        (alice, {"trainer": bob}),
        (frank, {"trainer": alice}),
        (erin, {"client": carol_record}),
        (oscar, {"client": carol_record}),
        (carol, {"trainer": alice}),
    ]:
        with pytest.raises(PermissionDenied):
            services.issue_feed(actor=actor, **kwargs)
    feed, _ = services.issue_feed(actor=carol, client=carol_record)
    with pytest.raises(PermissionDenied):
        services.revoke_feed(actor=erin, feed=feed)
    assert CalendarFeed.objects.count() == 3


def test_the_feeds_page_shows_a_new_address_once(alice, as_):
    http = as_(alice)
    response = http.post(reverse("scheduling:feeds"))
    html = response.content.decode()
    assert response.status_code == 200 and "/schedule/feeds/" in html and ".ics" in html
    assert ".ics" not in http.get(reverse("scheduling:feeds")).content.decode()

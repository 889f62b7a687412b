"""Visitors' requests and messages are deleted once the retention period is over."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from osteoload.public.models import ContactMessage
from osteoload.public.retention import purge_visitor_data
from osteoload.scheduling.models import Booking, CounselingRequest, RequestStatus

NOW = timezone.now()


def aged(obj, days: int):
    type(obj).objects.filter(pk=obj.pk).update(created_at=NOW - dt.timedelta(days=days))
    return obj


def request(gym, days: int, status=RequestStatus.NEW, booking=None, **extra):
    made = CounselingRequest.objects.create(
        gym=gym,
        full_name="Visitor",
        email="v@example.com",
        concerns="腰が痛い (back pain)",
        proposed_times=["2025-01-01T10:00:00+09:00"],
        consent_at=NOW,
        status=status,
        booking=booking,
        **extra,
    )
    return aged(made, days)


def message(gym, days: int):
    made = ContactMessage.objects.create(
        gym=gym, name="Visitor", email="v@example.com", message="料金は?", consent_at=NOW
    )
    return aged(made, days)


def counseling_booking(gym, alice, start):
    return Booking.objects.create(
        gym=gym,
        kind="counseling",
        trainer=alice,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        status="booked",
    )


@override_settings(OSTEOLOAD_VISITOR_RETENTION_DAYS=365)
def test_old_requests_and_messages_go_recent_ones_and_clients_stay(gym, alice, carol_record):
    stale = request(gym, 400)
    closed = request(gym, 400, status=RequestStatus.CLOSED)
    recent = request(gym, 30)
    converted = request(gym, 400, status=RequestStatus.CONVERTED, client=carol_record)
    # Asked long ago, but the counseling was booked for later: kept until that is past too.
    later = request(gym, 400, booking=counseling_booking(gym, alice, NOW + dt.timedelta(days=3)))
    old_message, new_message = message(gym, 400), message(gym, 10)

    run = purge_visitor_data(now=NOW)

    assert (run.requests_deleted, run.requests_scrubbed, run.messages_deleted) == (2, 1, 1)
    left = set(CounselingRequest.objects.values_list("pk", flat=True))
    assert left == {recent.pk, converted.pk, later.pk}
    assert stale.pk not in left and closed.pk not in left
    converted.refresh_from_db()
    assert converted.client == carol_record and converted.concerns == ""
    assert converted.proposed_times == []
    assert set(ContactMessage.objects.values_list("pk", flat=True)) == {new_message.pk}
    assert old_message.pk != new_message.pk
    # A second run finds nothing more to do.
    again = purge_visitor_data(now=NOW)
    assert (again.requests_deleted, again.requests_scrubbed, again.messages_deleted) == (0, 0, 0)


@override_settings(OSTEOLOAD_VISITOR_RETENTION_DAYS=90)
def test_the_command_counts_first_with_dry_run(gym):
    request(gym, 100)
    message(gym, 100)
    out = StringIO()
    call_command("purge_visitor_data", "--dry-run", stdout=out)
    assert "would delete 1 counseling request(s) and 1 contact message(s)" in out.getvalue()
    assert CounselingRequest.objects.count() == 1 and ContactMessage.objects.count() == 1
    call_command("purge_visitor_data", stdout=StringIO())
    assert not CounselingRequest.objects.exists() and not ContactMessage.objects.exists()


@pytest.mark.parametrize("days", [0, 89])
@override_settings(OSTEOLOAD_VISITOR_RETENTION_DAYS=90)
def test_nothing_inside_the_period_is_touched(gym, days):
    request(gym, days)
    message(gym, days)
    run = purge_visitor_data(now=NOW)
    assert (run.requests_deleted, run.requests_scrubbed, run.messages_deleted) == (0, 0, 0)


def test_the_counseling_form_tells_visitors_how_long_a_request_is_kept(gym, alice, client):
    from django.urls import reverse

    with override_settings(OSTEOLOAD_VISITOR_RETENTION_DAYS=180):
        client.cookies["osteoload_language"] = "ja"
        html = client.get(reverse("public:counseling", args=[gym.slug])).content.decode()
    assert "送信から180日後に削除します" in html

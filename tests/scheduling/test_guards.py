"""The database itself refuses double bookings (migration 0002), whoever writes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction

from osteoload.scheduling.models import CLIENT_OVERLAP, TRAINER_OVERLAP, Booking
from tests.scheduling.factories import local


def installed_guards() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT conname FROM pg_constraint WHERE contype = 'x'")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall()}


def test_the_guards_are_installed(db):
    names = installed_guards()
    if connection.vendor == "postgresql":
        assert {TRAINER_OVERLAP, CLIENT_OVERLAP} <= names
    else:
        expected = {
            f"{g}_{e}" for g in (TRAINER_OVERLAP, CLIENT_OVERLAP) for e in ("insert", "update")
        }
        assert expected <= names


def test_sqlite_transactions_take_the_write_lock_at_begin():
    """On SQLite the services rely on BEGIN IMMEDIATE to serialise check-then-write."""
    from django.conf import settings

    options = settings.DATABASES["default"].get("OPTIONS", {})
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert options.get("transaction_mode") == "IMMEDIATE"


def raw(gym, trainer, client, start, minutes=60, status="booked", kind="session"):
    """A booking written straight to the table, past every service check."""
    return Booking.objects.create(
        gym=gym,
        kind=kind,
        trainer=trainer,
        client=client,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=minutes),
        status=status,
    )


def refused(**kwargs) -> str:
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        raw(**kwargs)
    return str(caught.value)


def test_an_overlapping_row_for_the_same_trainer_is_refused(gym, alice, carol_record, dan_record):
    raw(gym, alice, carol_record, local(1, 10))
    message = refused(gym=gym, trainer=alice, client=dan_record, start=local(1, 10, 59), minutes=30)
    assert TRAINER_OVERLAP in message
    assert Booking.objects.count() == 1


def test_an_overlapping_row_for_the_same_client_is_refused(gym, alice, bob, carol_record):
    raw(gym, alice, carol_record, local(1, 10))
    message = refused(gym=gym, trainer=bob, client=carol_record, start=local(1, 9, 30))
    assert CLIENT_OVERLAP in message


def test_touching_cancelled_and_other_peoples_rows_pass(gym, alice, bob, carol_record, dan_record):
    raw(gym, alice, carol_record, local(1, 10))
    raw(gym, alice, dan_record, local(1, 11))  # touching: [10, 11) and [11, 12)
    raw(gym, alice, dan_record, local(1, 10), status="cancelled")
    raw(gym, bob, dan_record, local(1, 10))  # another trainer, another client
    raw(gym, alice, None, local(2, 10), kind="counseling")
    raw(gym, bob, None, local(2, 10), kind="counseling")  # two visitors at once: no client
    assert Booking.objects.count() == 6


def test_moving_a_row_onto_another_is_refused(gym, alice, carol_record, dan_record):
    raw(gym, alice, carol_record, local(1, 10))
    other = raw(gym, alice, dan_record, local(1, 14))
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.filter(pk=other.pk).update(starts_at=local(1, 10), ends_at=local(1, 11))


def test_reviving_a_cancelled_row_into_a_taken_time_is_refused(
    gym, alice, carol_record, dan_record
):
    cancelled = raw(gym, alice, carol_record, local(1, 10), status="cancelled")
    raw(gym, alice, dan_record, local(1, 10))
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.filter(pk=cancelled.pk).update(status="booked")


def test_time_zones_do_not_fool_the_guard(gym, alice, carol_record, dan_record):
    """The same instant written in UTC and in Tokyo time is the same instant."""
    start = local(1, 10)
    raw(gym, alice, carol_record, start)
    with pytest.raises(IntegrityError), transaction.atomic():
        raw(gym, alice, dan_record, start.astimezone(dt.UTC) + dt.timedelta(minutes=15))

"""Reminders the day before: sent once per booking, however often the command runs."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from osteoload.scheduling import emails, services
from osteoload.scheduling.models import Booking
from tests.scheduling.factories import every_day, local


@pytest.fixture
def tomorrow(frank, alice, bob, carol_record, dan_record):
    carol_record.email = "carol@example.com"
    carol_record.save()
    booked = services.book_session(
        actor=frank, trainer=alice, client=carol_record, starts_at=local(1, 10)
    )
    no_address = services.book_session(
        actor=frank, trainer=bob, client=dan_record, starts_at=local(1, 10)
    )
    return booked, no_address


def run(**options) -> str:
    out = io.StringIO()
    call_command("send_reminders", stdout=out, **options)
    return out.getvalue()


def test_each_booking_of_tomorrow_is_reminded_once(tomorrow):
    booked, _no_address = tomorrow
    output = run()
    assert "sent: 1;" in output and "no e-mail address: 1" in output
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["carol@example.com"]
    assert "Riverside" in message.subject and "10:00" in message.body and "Alice" in message.body
    assert "sent: 0; already sent: 1;" in run()
    assert len(mail.outbox) == 1
    booked.refresh_from_db()
    assert booked.reminder_sent_at is not None


def test_the_command_reports_what_it_did(tomorrow):
    assert run() == "reminders sent: 1; already sent: 0; no e-mail address: 1; failed: 0\n"
    assert run(dry_run=True).startswith("reminders would send: 0; already sent: 1")


def test_cancelled_other_days_and_held_bookings_get_no_reminder(frank, alice, carol_record):
    carol_record.email = "carol@example.com"
    carol_record.save()
    cancelled = services.book_session(
        actor=frank, trainer=alice, client=carol_record, starts_at=local(1, 15)
    )
    services.cancel_booking(actor=frank, booking=cancelled)
    services.book_session(actor=frank, trainer=alice, client=carol_record, starts_at=local(2, 15))
    emails.send_due_reminders()
    assert mail.outbox == []


def test_a_moved_booking_is_reminded_again(tomorrow, frank):
    booked, _ = tomorrow
    emails.send_due_reminders()
    services.move_booking(actor=frank, booking=booked, starts_at=local(1, 16))
    emails.send_due_reminders()
    assert len(mail.outbox) == 2 and "16:00" in mail.outbox[1].body


def test_a_counseling_visitor_is_reminded_in_their_language(gym, alice):
    every_day(alice)
    # tomorrow at 17:00 is always beyond the default 12 hours' notice for online booking (at
    # 11:00 the test failed when run after 23:00 gym time)
    services.request_counseling(
        gym=gym, full_name="Visitor", email="v@example.com", slot=local(1, 17), language="en"
    )
    emails.send_due_reminders()
    assert mail.outbox[0].to == ["v@example.com"]
    assert mail.outbox[0].subject.startswith("Reminder: your Free counseling")


def test_a_failed_send_is_retried_next_run(tomorrow, monkeypatch):
    booked, _ = tomorrow

    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(emails, "send_mail", broken)
    with pytest.raises(CommandError):
        run()
    booked.refresh_from_db()
    assert booked.reminder_sent_at is None
    monkeypatch.undo()
    run()
    assert len(mail.outbox) == 1


def test_the_date_can_be_given(tomorrow):
    assert "sent: 0;" in run(today=local(5).date().isoformat())
    with pytest.raises(CommandError):
        run(today="tomorrow")


def test_the_claim_is_atomic(tomorrow):
    """A second runner that read the booking before the first claimed it sends nothing."""
    booked, _ = tomorrow
    stale = emails.due_bookings(local(1).date())
    emails.send_due_reminders()
    claimed = Booking.objects.filter(pk=booked.pk, reminder_sent_at__isnull=True).update(
        reminder_sent_at=local(0)
    )
    assert claimed == 0 and any(b.pk == booked.pk for b in stale)

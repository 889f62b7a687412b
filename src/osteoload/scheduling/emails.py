"""E-mails of the schedule: the visitor's confirmation, the gym's notice of a new request, and the
reminder the day before a booking (`send_due_reminders`, run by `manage send_reminders`).

Django's e-mail: the console backend by default, SMTP when EMAIL_HOST is set (see settings).
E-mails carry times, names and the gym's contact, never the visitor's concerns (health data).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Booking, BookingStatus, CounselingRequest

log = logging.getLogger(__name__)


def _send(*, subject: str, template: str, context: dict[str, object], to: list[str]) -> None:
    body = render_to_string(template, context)
    send_mail(subject, body, None, to, fail_silently=False)


def send_counseling_confirmation(request: CounselingRequest) -> None:
    """To the visitor (if they gave an e-mail address) and a notice to the gym's address."""
    gym = request.gym
    booking = request.booking
    context = {
        "request": request,
        "gym": gym,
        "starts_at": timezone.localtime(booking.starts_at) if booking else None,
        "proposed": request.proposed_datetimes,
    }
    if request.email:
        with translation.override(request.language or settings.LANGUAGE_CODE):
            _send(
                subject=_("Your free counseling at %(gym)s") % {"gym": gym.name},
                template="scheduling/email/counseling_confirmation.txt",
                context=context,
                to=[request.email],
            )
    if gym.email:
        with translation.override(settings.LANGUAGE_CODE):
            _send(
                subject=_("New free counseling request: %(name)s") % {"name": request.full_name},
                template="scheduling/email/counseling_notice.txt",
                context=context,
                to=[gym.email],
            )


def recipient(booking: Booking) -> tuple[str, str, str]:
    """(e-mail, name, language) of whoever comes to the booking; e-mail may be empty."""
    if booking.client is not None and booking.client.email:
        return booking.client.email, booking.client.full_name, settings.LANGUAGE_CODE
    request = getattr(booking, "counseling_request", None)
    if request is not None and request.email:
        return request.email, request.full_name, request.language or settings.LANGUAGE_CODE
    return "", "", settings.LANGUAGE_CODE


@dataclass
class ReminderRun:
    sent: int = 0
    no_address: int = 0
    already_sent: int = 0
    failed: int = 0


def due_bookings(day: dt.date) -> list[Booking]:
    """Booked (not cancelled, not yet held) bookings starting on local `day`."""
    tz = timezone.get_default_timezone()
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    return list(
        Booking.objects.filter(
            status=BookingStatus.BOOKED,
            starts_at__gte=start,
            starts_at__lt=start + dt.timedelta(days=1),
        )
        .select_related("gym", "client", "trainer__user", "counseling_request")
        .order_by("starts_at", "id")
    )


def send_due_reminders(*, today: dt.date | None = None, dry_run: bool = False) -> ReminderRun:
    """E-mail everyone booked for tomorrow who has not had a reminder for this booking.

    Safe to run twice, or from two machines at once: each booking is first claimed with one
    conditional UPDATE (`reminder_sent_at` still empty); only the run that claims it sends. A
    failed send releases the claim so the next run tries again. Moving a booking clears the mark.
    """
    today = today or timezone.localdate()
    run = ReminderRun()
    for booking in due_bookings(today + dt.timedelta(days=1)):
        if booking.reminder_sent_at is not None:
            run.already_sent += 1
            continue
        email, name, language = recipient(booking)
        if not email:
            run.no_address += 1
            continue
        if dry_run:
            run.sent += 1
            continue
        claimed = Booking.objects.filter(pk=booking.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=timezone.now()
        )
        if not claimed:
            run.already_sent += 1
            continue
        try:
            with translation.override(language):
                _send(
                    subject=_("Reminder: your %(kind)s at %(gym)s tomorrow")
                    % {"kind": booking.get_kind_display(), "gym": booking.gym.name},
                    template="scheduling/email/reminder.txt",
                    context={
                        "booking": booking,
                        "name": name,
                        "gym": booking.gym,
                        "starts_at": timezone.localtime(booking.starts_at),
                        "ends_at": timezone.localtime(booking.ends_at),
                    },
                    to=[email],
                )
        except Exception:
            log.exception("reminder for booking %s failed", booking.pk)
            Booking.objects.filter(pk=booking.pk).update(reminder_sent_at=None)
            run.failed += 1
            continue
        run.sent += 1
    return run

"""iCalendar feeds (RFC 5545) of a trainer's or a client's bookings, for phone calendars.

The feed holds times, the kind of booking, names and the gym's address: never health data. Times
are written in UTC (valid everywhere without a VTIMEZONE block); calendars show them locally.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Booking, BookingKind, BookingStatus, CalendarFeed

PAST_DAYS = 31
FUTURE_DAYS = 180


def feed_bookings(feed: CalendarFeed, *, now: dt.datetime | None = None) -> list[Booking]:
    now = now or timezone.now()
    bookings = Booking.objects.filter(
        gym_id=feed.gym_id,
        starts_at__gte=now - dt.timedelta(days=PAST_DAYS),
        starts_at__lt=now + dt.timedelta(days=FUTURE_DAYS),
    ).exclude(status=BookingStatus.CANCELLED)
    if feed.trainer_id is not None:
        bookings = bookings.filter(trainer_id=feed.trainer_id)
    else:
        bookings = bookings.filter(client_id=feed.client_id)
    return list(
        bookings.select_related("trainer__user", "client", "counseling_request").order_by(
            "starts_at"
        )
    )


def _summary(booking: Booking, for_trainer: bool) -> str:
    kind = booking.get_kind_display()
    if for_trainer:
        if booking.client is not None:
            who = booking.client.full_name
        else:
            request = getattr(booking, "counseling_request", None)
            who = request.full_name if request is not None else ""
        return f"{kind}: {who}" if who else str(kind)
    return f"{kind} ({booking.trainer.user})"


def render_feed(feed: CalendarFeed, *, now: dt.datetime | None = None) -> bytes:
    now = now or timezone.now()
    gym = feed.gym
    for_trainer = feed.trainer_id is not None
    name = str(feed.trainer.user) if for_trainer else feed.client.full_name  # type: ignore[union-attr]
    calendar = Calendar()
    calendar.add("prodid", "-//osteoload//scheduling//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{gym.name} · {name}")
    calendar.add("x-published-ttl", "PT1H")
    stamp = now.astimezone(dt.UTC)
    for booking in feed_bookings(feed, now=now):
        event = Event()
        event.add("uid", f"booking-{booking.pk}@osteoload")
        event.add("dtstamp", stamp)
        event.add("dtstart", booking.starts_at.astimezone(dt.UTC))
        event.add("dtend", booking.ends_at.astimezone(dt.UTC))
        event.add("summary", _summary(booking, for_trainer))
        event.add("last-modified", booking.updated_at.astimezone(dt.UTC))
        if gym.address:
            event.add("location", f"{gym.name} {gym.address}")
        if booking.kind == BookingKind.SESSION and not for_trainer and gym.phone:
            event.add(
                "description", _("To change or cancel, call %(phone)s.") % {"phone": gym.phone}
            )
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()

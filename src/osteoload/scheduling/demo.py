"""Demo data, scheduling: working hours, the booking rules, a few sessions of the demo client
around today, and two counseling requests. Idempotent: each part is created once."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from osteoload.accounts.demo import DemoContext
from osteoload.clients.models import Client

from . import services
from .models import Booking, CounselingRequest, SchedulingPolicy, WeeklyAvailability

# e-mail of the trainer, weekdays (0 = Monday), from, until
DEMO_HOURS = [
    ("trainer@example.com", range(0, 6), dt.time(10), dt.time(19)),
    ("trainer2@example.com", range(1, 7), dt.time(9), dt.time(17)),
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def seed(ctx: DemoContext) -> None:
    SchedulingPolicy.objects.get_or_create(gym=ctx.gym)
    for email, weekdays, start, end in DEMO_HOURS:
        trainer = ctx.member(email)
        if WeeklyAvailability.objects.filter(trainer=trainer).exists():
            continue
        for weekday in weekdays:
            WeeklyAvailability.objects.create(
                gym=ctx.gym, trainer=trainer, weekday=weekday, start_time=start, end_time=end
            )
    owner = ctx.member("owner@example.com")
    client = Client.objects.filter(gym=ctx.gym, user=ctx.member("client@example.com").user).first()
    today = timezone.localdate()
    if client is not None and not Booking.objects.filter(client=client).exists():
        trainer = ctx.member("trainer@example.com")
        past = services.book_session(
            actor=owner,
            trainer=trainer,
            client=client,
            starts_at=_at(today - dt.timedelta(days=7), 11),
        )
        services.record_attendance(actor=owner, booking=past, attended=True)
        for days in (1, 4, 8):
            services.book_session(
                actor=owner,
                trainer=trainer,
                client=client,
                starts_at=_at(today + dt.timedelta(days=days), 11),
            )
    if not CounselingRequest.objects.filter(gym=ctx.gym).exists():
        request = CounselingRequest.objects.create(
            gym=ctx.gym,
            full_name="山田 和子",
            full_name_kana="ヤマダ カズコ",
            phone="090-0000-0000",
            concerns="骨密度が若年成人平均値の70%と言われました。運動して大丈夫でしょうか。",
            proposed_times=[_at(today + dt.timedelta(days=3), 15).isoformat()],
            consent_at=timezone.now(),
        )
        services.schedule_counseling(
            actor=owner,
            request=request,
            trainer=ctx.member("trainer2@example.com"),
            starts_at=_at(today + dt.timedelta(days=2), 14),
        )
        CounselingRequest.objects.create(
            gym=ctx.gym,
            full_name="木村 洋子",
            email="kimura@example.com",
            concerns="",
            proposed_times=[
                _at(today + dt.timedelta(days=5), 10).isoformat(),
                _at(today + dt.timedelta(days=6), 16).isoformat(),
            ],
            consent_at=timezone.now(),
        )
    ctx.say("scheduling: working hours, bookings and counseling requests")

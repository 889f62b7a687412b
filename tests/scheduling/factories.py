"""Helpers shared by the scheduling, billing and public tests: local times, working hours,
products."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from osteoload.accounts.models import Membership
from osteoload.billing.models import Product, ProductKind
from osteoload.scheduling.models import WeeklyAvailability


def local(days: int = 0, hour: int = 10, minute: int = 0) -> dt.datetime:
    """An aware datetime `days` from today at hour:minute, gym time."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


def every_day(trainer: Membership, start: int = 9, end: int = 18) -> None:
    """The trainer works every day from `start` to `end` o'clock."""
    for weekday in range(7):
        WeeklyAvailability.objects.create(
            gym_id=trainer.gym_id,
            trainer=trainer,
            weekday=weekday,
            start_time=dt.time(start),
            end_time=dt.time(end),
        )


def product(gym, name="4 sessions", kind=ProductKind.MONTHLY, price=33_000, sessions=4, **extra):
    return Product.objects.create(
        gym=gym, name=name, kind=kind, price_yen=price, sessions=sessions, **extra
    )

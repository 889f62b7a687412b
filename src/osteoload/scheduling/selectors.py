"""Reads of the schedule: policy, bookings a member may see, free time and free counseling slots."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils import timezone

from osteoload.accounts.models import Gym, Membership, Role
from osteoload.accounts.selectors import gym_trainers
from osteoload.clients.models import Client

from . import slots
from .models import (
    AvailabilityException,
    Booking,
    CounselingRequest,
    ExceptionKind,
    RequestStatus,
    SchedulingPolicy,
    WeeklyAvailability,
)
from .permissions import sees_every_trainer


def local_tz() -> ZoneInfo:
    tz = timezone.get_default_timezone()
    assert isinstance(tz, ZoneInfo)
    return tz


def policy_for(*, gym: Gym | int) -> SchedulingPolicy:
    """The gym's saved policy, or the defaults (unsaved: reading never writes)."""
    gym_id = gym if isinstance(gym, int) else gym.pk
    found = SchedulingPolicy.objects.filter(gym_id=gym_id).first()
    return found or SchedulingPolicy(gym_id=gym_id)


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = local_tz()
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    return start, start + dt.timedelta(days=1)


def bookings_between(
    *,
    gym: Gym | int,
    start: dt.datetime,
    end: dt.datetime,
    trainer: Membership | None = None,
    include_cancelled: bool = True,
) -> QuerySet[Booking]:
    gym_id = gym if isinstance(gym, int) else gym.pk
    bookings = Booking.objects.filter(gym_id=gym_id).overlapping(start, end)
    if trainer is not None:
        bookings = bookings.filter(trainer=trainer)
    if not include_cancelled:
        bookings = bookings.holding_time()
    return bookings.select_related("trainer__user", "client", "counseling_request").order_by(
        "starts_at", "trainer_id", "id"
    )


def calendar_trainers(*, membership: Membership) -> list[Membership]:
    """The trainers whose calendar this staff member sees: all of the gym's, or themself."""
    if sees_every_trainer(membership):
        return list(gym_trainers(gym=membership.gym))
    return [membership]


def visible_booking(*, membership: Membership, booking_id: int) -> Booking | None:
    """A booking of the member's gym (any role may ask; permissions decide what they may do)."""
    return (
        Booking.objects.filter(pk=booking_id, gym_id=membership.gym_id)
        .select_related("trainer__user", "client", "counseling_request")
        .first()
    )


def client_bookings(
    *, client: Client, upcoming_from: dt.datetime | None = None
) -> QuerySet[Booking]:
    bookings = Booking.objects.filter(client=client).select_related("trainer__user")
    if upcoming_from is not None:
        bookings = bookings.filter(ends_at__gt=upcoming_from).holding_time()
    return bookings.order_by("starts_at")


@dataclass
class TrainerDay:
    """A trainer's windows and bookings on one day (for the calendar and free slots)."""

    trainer: Membership
    windows: list[slots.Interval] = field(default_factory=list)
    bookings: list[Booking] = field(default_factory=list)

    @property
    def free(self) -> list[slots.Interval]:
        tz = local_tz()  # bookings come from the database in UTC; windows are in local time
        busy = [
            slots.Interval(b.starts_at.astimezone(tz), b.ends_at.astimezone(tz))
            for b in self.bookings
            if b.status != "cancelled"
        ]
        return slots.subtract(self.windows, busy)

    @property
    def timeline(self) -> list[tuple[str, dt.datetime, object]]:
        """Bookings and free windows in time order, for the day calendar."""
        items: list[tuple[str, dt.datetime, object]] = [
            ("booking", b.starts_at, b) for b in self.bookings
        ]
        items += [("free", i.start, i) for i in self.free]
        return sorted(items, key=lambda item: (item[1], item[0] == "free"))


def trainer_days(
    *, gym: Gym | int, trainers: list[Membership], first: dt.date, days: int
) -> dict[tuple[int, dt.date], TrainerDay]:
    """Windows and bookings of each trainer for `days` days from `first`: three queries."""
    tz = local_tz()
    gym_id = gym if isinstance(gym, int) else gym.pk
    last = first + dt.timedelta(days=days - 1)
    ids = [t.pk for t in trainers]
    weekly: dict[tuple[int, int], list[slots.Hours]] = defaultdict(list)
    for rule in WeeklyAvailability.objects.filter(trainer_id__in=ids):
        weekly[(rule.trainer_id, rule.weekday)].append(slots.Hours(rule.start_time, rule.end_time))
    off: dict[tuple[int, dt.date], list[slots.Hours | None]] = defaultdict(list)
    extra: dict[tuple[int, dt.date], list[slots.Hours]] = defaultdict(list)
    for exc in AvailabilityException.objects.filter(
        trainer_id__in=ids, date__gte=first, date__lte=last
    ):
        hours = None if exc.whole_day else slots.Hours(exc.start_time, exc.end_time)  # type: ignore[arg-type]
        if exc.kind == ExceptionKind.OFF:
            off[(exc.trainer_id, exc.date)].append(hours)
        elif hours is not None:
            extra[(exc.trainer_id, exc.date)].append(hours)
    result: dict[tuple[int, dt.date], TrainerDay] = {}
    for trainer in trainers:
        for n in range(days):
            day = first + dt.timedelta(days=n)
            key = (trainer.pk, day)
            result[key] = TrainerDay(
                trainer=trainer,
                windows=slots.day_windows(
                    day,
                    weekly.get((trainer.pk, day.weekday()), []),
                    off=off.get(key, []),
                    extra=extra.get(key, []),
                    tz=tz,
                ),
            )
    start, _ = day_bounds(first)
    _, end = day_bounds(last)
    for booking in bookings_between(gym=gym_id, start=start, end=end).filter(trainer_id__in=ids):
        day = timezone.localtime(booking.starts_at, tz).date()
        if (booking.trainer_id, day) in result:
            result[(booking.trainer_id, day)].bookings.append(booking)
    return result


@dataclass(frozen=True)
class Slot:
    starts_at: dt.datetime
    trainer_ids: tuple[int, ...]


def free_counseling_slots(
    *, gym: Gym, now: dt.datetime | None = None, policy: SchedulingPolicy | None = None
) -> dict[dt.date, list[Slot]]:
    """Free counseling times a visitor may pick, by local day: every grid start where at least
    one trainer (or the owner, who often trains) is free for the whole counseling length."""
    policy = policy or policy_for(gym=gym)
    now = now or timezone.now()
    tz = local_tz()
    trainers = list(gym_trainers(gym=gym).filter(role__in=[Role.TRAINER, Role.OWNER]))
    first = timezone.localtime(now, tz).date()
    days = trainer_days(
        gym=gym, trainers=trainers, first=first, days=policy.public_booking_days + 1
    )
    not_before = now + dt.timedelta(hours=policy.public_min_notice_hours)
    horizon = dt.datetime.combine(
        first + dt.timedelta(days=policy.public_booking_days), dt.time(23, 59), tzinfo=tz
    )
    length = dt.timedelta(minutes=policy.counseling_minutes)
    step = dt.timedelta(minutes=policy.slot_step_minutes)
    free: dict[dt.datetime, list[int]] = defaultdict(list)
    for (trainer_id, _day), trainer_day in days.items():
        for start in slots.slot_starts(
            trainer_day.free, length=length, step=step, not_before=not_before, tz=tz
        ):
            if start <= horizon:
                free[start].append(trainer_id)
    by_day: dict[dt.date, list[Slot]] = defaultdict(list)
    for start in sorted(free):
        by_day[start.date()].append(Slot(start, tuple(sorted(free[start]))))
    return dict(by_day)


def open_requests(*, gym: Gym | int) -> QuerySet[CounselingRequest]:
    gym_id = gym if isinstance(gym, int) else gym.pk
    return (
        CounselingRequest.objects.filter(gym_id=gym_id)
        .select_related("booking__trainer__user", "client")
        .order_by("-created_at", "-id")
    )


def count_new_requests(*, gym: Gym | int) -> int:
    gym_id = gym if isinstance(gym, int) else gym.pk
    return CounselingRequest.objects.filter(gym_id=gym_id, status=RequestStatus.NEW).count()

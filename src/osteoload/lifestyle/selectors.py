"""Reads of self-reports and of what the client should do next.

None of these authorise: call them after `osteoload.clients.selectors.get_client_for` has
authorised (and audited) the reader. Each runs a fixed number of queries and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.utils import timezone

from osteoload.clients.models import Client
from osteoload.engine import sleep as sleep_engine
from osteoload.engine.errors import InputError
from osteoload.training.models import Prescription, Program, ProgramStatus, ProgramWeek

from .home_plan import HomePlan, build_home_plan, week_start
from .models import HomeSession, NutritionCheck, SleepLog

SLEEP_WEEK_NIGHTS = 7


# --- sleep ---------------------------------------------------------------------------------------


@dataclass
class SleepWeek:
    """The last seven nights (up to last night) and the engine's summary of those logged."""

    first_night: dt.date
    last_night: dt.date
    logs: list[SleepLog]
    summary: dict[str, Any] | None  # osteoload.sleep/1, None without a logged night

    @property
    def nights(self) -> list[tuple[dt.date, SleepLog | None]]:
        by_day = {log.night_of: log for log in self.logs}
        days = (self.last_night - self.first_night).days + 1
        return [
            (d, by_day.get(d))
            for d in (self.first_night + dt.timedelta(days=i) for i in range(days))
        ]


def sleep_request(age: int, logs: list[SleepLog]) -> dict[str, Any]:
    return {
        "age": age,
        "nights": [
            {
                "hours_asleep": float(log.hours_asleep),
                "time_in_bed_h": float(log.time_in_bed_h),
                **({"rested": log.rested} if log.rested is not None else {}),
            }
            for log in logs
        ],
    }


def sleep_summary(client: Client, logs: list[SleepLog], *, today: dt.date) -> dict[str, Any] | None:
    """The engine's summary of up to 31 nights (None when there are none or the age is outside
    the engine's adult range)."""
    if not logs:
        return None
    try:
        return sleep_engine.summarise(sleep_request(client.age_on(today), logs[-31:]))
    except InputError:
        return None


def sleep_week(client: Client, *, today: dt.date | None = None) -> SleepWeek:
    """One query."""
    today = today or timezone.localdate()
    last = today - dt.timedelta(days=1)
    first = today - dt.timedelta(days=SLEEP_WEEK_NIGHTS)
    logs = list(
        SleepLog.objects.filter(client=client, night_of__gte=first, night_of__lte=today).order_by(
            "night_of"
        )
    )
    in_week = [log for log in logs if log.night_of <= last]
    return SleepWeek(first, last, logs, sleep_summary(client, in_week, today=today))


def sleep_logs(client: Client, *, since: dt.date | None = None) -> list[SleepLog]:
    logs = SleepLog.objects.filter(client=client)
    if since is not None:
        logs = logs.filter(night_of__gte=since)
    return list(logs.order_by("night_of"))


def sleep_for_night(client: Client, night_of: dt.date) -> SleepLog | None:
    return SleepLog.objects.filter(client=client, night_of=night_of).first()


# --- nutrition -----------------------------------------------------------------------------------


def latest_nutrition_check(client: Client) -> NutritionCheck | None:
    return NutritionCheck.objects.filter(client=client).order_by("-checked_on", "-id").first()


def nutrition_checks(client: Client, *, limit: int = 24) -> list[NutritionCheck]:
    return list(NutritionCheck.objects.filter(client=client).order_by("-checked_on", "-id")[:limit])


# --- home practice -------------------------------------------------------------------------------


def home_sessions(
    client: Client, *, since: dt.date | None = None, until: dt.date | None = None
) -> list[HomeSession]:
    """Newest first."""
    sessions = HomeSession.objects.filter(client=client)
    if since is not None:
        sessions = sessions.filter(done_on__gte=since)
    if until is not None:
        sessions = sessions.filter(done_on__lte=until)
    return list(sessions.order_by("-done_on", "-id"))


@dataclass
class HomeWeek:
    """This Monday-to-Sunday week's home practice against the plan."""

    start: dt.date
    sessions: list[HomeSession]
    plan: HomePlan

    @property
    def balance_min(self) -> int:
        return sum(s.balance_min for s in self.sessions)

    @property
    def walk_min(self) -> int:
        return sum(s.walk_min for s in self.sessions)

    @property
    def back_extension_sets(self) -> int:
        return sum(s.back_extension_sets for s in self.sessions)

    @property
    def balance_target(self) -> int:
        return self.plan.balance_minutes_per_week

    @property
    def balance_pct(self) -> int | None:
        if not self.balance_target:
            return None
        return min(100, round(100 * self.balance_min / self.balance_target))

    @property
    def days_practised(self) -> int:
        return len({s.done_on for s in self.sessions})


@dataclass
class ProgramToday:
    program: Program | None
    week: ProgramWeek | None
    prescriptions: list[Prescription] = field(default_factory=list)


def program_today(client: Client, *, today: dt.date) -> ProgramToday:
    """The active program, its week for `today` and that week's prescriptions (three queries)."""
    program = Program.objects.filter(client=client, status=ProgramStatus.ACTIVE).first()
    if program is None:
        return ProgramToday(None, None)
    number = max(1, min(program.length_weeks, (today - program.start_date).days // 7 + 1))
    week = ProgramWeek.objects.filter(program=program, number=number).first()
    if week is None:
        return ProgramToday(program, None)
    prescriptions = list(
        Prescription.objects.filter(session__week=week)
        .select_related("session")
        .order_by("session__day", "position")
    )
    return ProgramToday(program, week, prescriptions)


def home_plan(today_program: ProgramToday) -> HomePlan:
    week = today_program.week
    if week is None:
        return HomePlan(week_number=None)
    return build_home_plan(
        week_number=week.number,
        home_practice=list(week.home_practice or []),
        prescriptions=today_program.prescriptions,
    )


def home_week(client: Client, plan: HomePlan, *, today: dt.date) -> HomeWeek:
    start = week_start(today)
    return HomeWeek(start, home_sessions(client, since=start, until=today), plan)


# --- the next gym session ------------------------------------------------------------------------


@dataclass
class NextSession:
    """The client's next gym session: a booking when the gym uses bookings, else the program's
    next session (its week and day, without a date)."""

    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    trainer_name: str = ""
    week_number: int | None = None
    day: int | None = None
    exercises: list[Prescription] = field(default_factory=list)


def next_session(
    client: Client, today_program: ProgramToday, *, now: dt.datetime | None = None
) -> NextSession | None:
    """One or two queries."""
    now = now or timezone.now()
    booking = _next_booking(client, now)
    session = NextSession()
    if booking is not None:
        session.starts_at = booking.starts_at
        session.ends_at = booking.ends_at
        session.trainer_name = booking.trainer.user.display_name or ""
    program, week = today_program.program, today_program.week
    if program is not None and week is not None and today_program.prescriptions:
        day = _next_day(client, program, week, today_program.prescriptions)
        session.week_number = week.number
        session.day = day
        session.exercises = [rx for rx in today_program.prescriptions if rx.session.day == day]
    if session.starts_at is None and session.day is None:
        return None
    return session


def _next_booking(client: Client, now: dt.datetime) -> Any:
    if not apps.is_installed("osteoload.scheduling"):
        return None
    from osteoload.scheduling.models import Booking, BookingKind, BookingStatus

    return (
        Booking.objects.filter(
            client=client,
            kind=BookingKind.SESSION,
            status=BookingStatus.BOOKED,
            ends_at__gt=now,
        )
        .select_related("trainer__user")
        .order_by("starts_at")
        .first()
    )


def _next_day(
    client: Client, program: Program, week: ProgramWeek, prescriptions: list[Prescription]
) -> int:
    """The first day of the week's sessions not yet logged (the first day without the
    session-logging app; the last day when every session is done)."""
    days = sorted({rx.session.day for rx in prescriptions})
    if not apps.is_installed("osteoload.workouts"):
        return days[0]
    from osteoload.workouts.models import ATTENDED, Workout

    done = set(
        Workout.objects.filter(
            client=client, program_session__week=week, status__in=ATTENDED
        ).values_list("day", flat=True)
    )
    return next((d for d in days if d not in done), days[-1])

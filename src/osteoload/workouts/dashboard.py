"""The trainer dashboard's read model: which clients need attention, and today's sessions.

For a trainer: the clients assigned to them; for the owner: every client of the gym. A fixed
number of queries whatever the number of clients (the tests assert it): clients with their latest
facts annotated, active programs, recent sessions, open flags, today's bookings or sessions.

Why a client needs attention:
- an open pain flag (`Flag`);
- missed sessions: fewer attended than planned in the last two complete program weeks;
- a load spike: the engine's monitoring (`osteoload.engine.monitoring`) flags a week whose
  session load rose more than 30 % over the previous one, this week or last week;
- re-assessment overdue: the newest functional tests (or, with none, the first assessment) are
  more than six months old (product policy);
- DXA overdue: the newest scan is more than two years old (product policy, shared with the
  client list: `osteoload.clients.selectors.DXA_DUE_AFTER_DAYS`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.apps import apps
from django.db.models import Min, OuterRef, Subquery
from django.utils import timezone

from osteoload.accounts.models import Membership, Role
from osteoload.clients.models import Assessment, Client, ClientStatus, DxaResult, FunctionalTest
from osteoload.clients.selectors import DXA_DUE_AFTER_DAYS, clients_with_health_access
from osteoload.training.models import Program, ProgramStatus

from . import engine_io
from .models import ATTENDED, Flag, Workout, WorkoutStatus

# Product policy (osteoload_policy): re-test function (grip, chair stand, balance, gait) and review
# the assessment every six months — the follow-up most exercise trials for osteoporosis report at.
REASSESS_AFTER_DAYS = 183
# Product policy: missed sessions are counted over the last two complete program weeks.
MISSED_WINDOW_WEEKS = 2


class Reason(StrEnum):
    PAIN_FLAG = "pain_flag"
    MISSED = "missed"
    LOAD_SPIKE = "load_spike"
    REASSESS_DUE = "reassess_due"
    DXA_DUE = "dxa_due"


@dataclass
class ClientAttention:
    client: Client
    reasons: list[Reason] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    missed: int = 0
    planned: int = 0
    spike_pct: float | None = None
    last_reassessed: dt.date | None = None
    last_dxa: dt.date | None = None


@dataclass
class TodayItem:
    client: Client
    time: dt.datetime | None  # from a booking
    trainer: Any  # Membership or None
    workout: Workout | None  # logged today
    source: str  # "booking" | "program"


@dataclass
class Dashboard:
    attention: list[ClientAttention]
    today: list[TodayItem]
    bookings_used: bool
    client_count: int


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def missed_in_window(program: Program, dates: list[dt.date], today: dt.date) -> tuple[int, int]:
    """(planned, missed) over the last complete program weeks (MISSED_WINDOW_WEEKS)."""
    current = (today - program.start_date).days // 7 + 1  # may be < 1 before the start
    numbers = [
        n for n in range(current - MISSED_WINDOW_WEEKS, current) if 1 <= n <= program.length_weeks
    ]
    planned = done = 0
    for n in numbers:
        start = program.start_date + dt.timedelta(days=7 * (n - 1))
        end = start + dt.timedelta(days=7)
        planned += program.sessions_per_week
        done += min(program.sessions_per_week, sum(1 for d in dates if start <= d < end))
    return planned, planned - done


def build_dashboard(*, membership: Membership, today: dt.date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    newest_test = FunctionalTest.objects.filter(client=OuterRef("pk")).order_by("-tested_on")
    newest_dxa = DxaResult.objects.filter(client=OuterRef("pk")).order_by("-measured_on")
    first_assessment = (
        Assessment.objects.filter(client=OuterRef("pk"))
        .values("client")
        .annotate(first=Min("created_at"))
        .values("first")
    )
    clients = list(
        clients_with_health_access(membership=membership)
        .filter(status=ClientStatus.ACTIVE)
        .annotate(
            last_test_on=Subquery(newest_test.values("tested_on")[:1]),
            last_dxa_on=Subquery(newest_dxa.values("measured_on")[:1]),
            first_assessed_at=Subquery(first_assessment[:1]),
        )
        .order_by("family_name_kana", "given_name_kana", "id")
    )
    ids = [c.pk for c in clients]
    programs = {
        p.client_id: p
        for p in Program.objects.filter(client_id__in=ids, status=ProgramStatus.ACTIVE)
    }
    # Enough days for the two weeks of load before this one and the missed-sessions window.
    since = min(
        _monday(today) - dt.timedelta(days=14),
        today - dt.timedelta(days=7 * (MISSED_WINDOW_WEEKS + 1)),
    )
    recent: dict[int, list[Workout]] = {}
    for w in Workout.objects.filter(client_id__in=ids, date__gte=since, date__lte=today).only(
        "client_id", "date", "status", "session_rpe", "duration_min", "program_session_id"
    ):
        recent.setdefault(w.client_id, []).append(w)
    flags: dict[int, list[Flag]] = {}
    for f in Flag.objects.open().filter(client_id__in=ids).order_by("-raised_at", "-id"):
        flags.setdefault(f.client_id, []).append(f)

    attention: list[ClientAttention] = []
    for client in clients:
        item = ClientAttention(client=client, flags=flags.get(client.pk, []))
        if item.flags:
            item.reasons.append(Reason.PAIN_FLAG)
        workouts = recent.get(client.pk, [])
        attended = [w for w in workouts if w.status in ATTENDED]
        program = programs.get(client.pk)
        if program is not None:
            item.planned, item.missed = missed_in_window(program, [w.date for w in attended], today)
            if item.missed > 0:
                item.reasons.append(Reason.MISSED)
        report = engine_io.monitoring(attended)
        if report is not None:
            this_week = _monday(today)
            spikes = [
                w for w in report.weeks if w.spike and w.start >= this_week - dt.timedelta(days=7)
            ]
            if spikes:
                item.spike_pct = spikes[-1].change_pct
                item.reasons.append(Reason.LOAD_SPIKE)
        first = client.first_assessed_at  # type: ignore[attr-defined]
        item.last_reassessed = client.last_test_on or (  # type: ignore[attr-defined]
            timezone.localtime(first).date() if first is not None else None
        )
        if (
            item.last_reassessed is not None
            and (today - item.last_reassessed).days > REASSESS_AFTER_DAYS
        ):
            item.reasons.append(Reason.REASSESS_DUE)
        item.last_dxa = client.last_dxa_on  # type: ignore[attr-defined]
        if item.last_dxa is not None and (today - item.last_dxa).days > DXA_DUE_AFTER_DAYS:
            item.reasons.append(Reason.DXA_DUE)
        if item.reasons:
            attention.append(item)
    attention.sort(key=lambda a: (Reason.PAIN_FLAG not in a.reasons, -len(a.reasons)))

    today_items, used = _today(membership, clients, programs, recent, today)
    return Dashboard(
        attention=attention, today=today_items, bookings_used=used, client_count=len(clients)
    )


def _today(
    membership: Membership,
    clients: list[Client],
    programs: dict[int, Program],
    recent: dict[int, list[Workout]],
    today: dt.date,
) -> tuple[list[TodayItem], bool]:
    """Today's sessions: the scheduling app's bookings when it is installed, else the clients
    whose program has sessions left this week (with what was logged today)."""
    by_id = {c.pk: c for c in clients}
    logged_today: dict[int, Workout] = {}
    for client_id, workouts in recent.items():
        for w in workouts:
            if w.date == today and (
                client_id not in logged_today or w.status == WorkoutStatus.OPEN
            ):
                logged_today[client_id] = w
    if apps.is_installed("osteoload.scheduling"):
        booking_model = apps.get_model("scheduling", "Booking")
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(today, dt.time(0), tzinfo=tz)
        bookings = booking_model.objects.filter(
            gym_id=membership.gym_id,
            kind="session",
            starts_at__gte=start,
            starts_at__lt=start + dt.timedelta(days=1),
            client_id__in=list(by_id),
        ).exclude(status="cancelled")
        if membership.role == Role.TRAINER:
            bookings = bookings.filter(trainer=membership)
        booked = [
            TodayItem(
                client=by_id[b.client_id],
                time=timezone.localtime(b.starts_at),
                trainer=b.trainer,
                workout=logged_today.get(b.client_id),
                source="booking",
            )
            for b in bookings.select_related("trainer__user").order_by("starts_at", "id")
        ]
        if booked:
            return booked, True
    monday = _monday(today)
    items = []
    for client in clients:
        program = programs.get(client.pk)
        if program is None or program.start_date > today:
            continue
        this_week = [
            w for w in recent.get(client.pk, []) if w.date >= monday and w.status in ATTENDED
        ]
        workout = logged_today.get(client.pk)
        if len(this_week) < program.sessions_per_week or workout is not None:
            items.append(
                TodayItem(client=client, time=None, trainer=None, workout=workout, source="program")
            )
    return items, False

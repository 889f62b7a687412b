"""Everything a progress page or report shows about one client, read in a fixed number of queries.

Call `progress_for` after `get_client_for` has authorised (and audited) the reader. It writes
nothing: the forecast is computed (and cached by its request), never stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone

from osteoload.clients.models import Assessment, Client, DxaResult, FunctionalTest
from osteoload.clients.selectors import latest_assessment
from osteoload.lifestyle.models import HomeSession, SleepLog
from osteoload.training import selectors as training
from osteoload.training.models import Program, ProgramStatus

from . import forecasting

# Product policy (osteoload_policy): the load chart shows the last 12 weeks (a program's length);
# sleep the last 4 weeks, as the portal does.
LOAD_WEEKS = 12
SLEEP_DAYS = 28


@dataclass
class Progress:
    client: Client
    today: dt.date
    assessment: Assessment | None
    program: Program | None
    lifts: list[Any] = field(default_factory=list)  # workouts.selectors.LiftHistory
    load: Any = None  # engine.monitoring.WeeklyReport | None
    adherence: Any = None  # workouts.selectors.Adherence | None
    dxa: list[DxaResult] = field(default_factory=list)  # oldest first
    tests: list[FunctionalTest] = field(default_factory=list)  # oldest first
    forecast: forecasting.ForecastResult | None = None
    sleep: list[SleepLog] = field(default_factory=list)  # oldest first
    home: list[HomeSession] = field(default_factory=list)  # this program or 12 weeks, newest first
    flags: list[Any] = field(default_factory=list)  # open workouts.Flag

    @property
    def has_training_logs(self) -> bool:
        return bool(self.lifts) or self.load is not None

    @property
    def adherence_ratio(self) -> float | None:
        return None if self.adherence is None else self.adherence.ratio

    @property
    def home_balance_min(self) -> int:
        return sum(s.balance_min for s in self.home)


def progress_for(
    client: Client, *, today: dt.date | None = None, forecast: bool = True
) -> Progress:
    """About 16 queries whatever the amount of logs (three of them read the program's working copy
    for the forecast)."""
    today = today or timezone.localdate()
    program = Program.objects.filter(client=client, status=ProgramStatus.ACTIVE).first()
    progress = Progress(
        client=client,
        today=today,
        assessment=latest_assessment(client),
        program=program,
        dxa=list(DxaResult.objects.filter(client=client).order_by("measured_on", "site", "id")),
        tests=list(FunctionalTest.objects.filter(client=client).order_by("tested_on", "id")),
        sleep=list(
            SleepLog.objects.filter(
                client=client, night_of__gte=today - dt.timedelta(days=SLEEP_DAYS)
            ).order_by("night_of")
        ),
    )
    since = program.start_date if program is not None else today - dt.timedelta(weeks=LOAD_WEEKS)
    progress.home = list(
        HomeSession.objects.filter(client=client, done_on__gte=since).order_by("-done_on", "-id")
    )
    if apps.is_installed("osteoload.workouts"):
        from osteoload.workouts import selectors as workouts

        progress.lifts = workouts.e1rm_history(client)
        progress.load = workouts.weekly_training_load(
            client, since=today - dt.timedelta(weeks=LOAD_WEEKS), until=today
        )
        if program is not None:
            progress.adherence = workouts.adherence(client, program=program, today=today)
        progress.flags = list(workouts.open_flags(client))
    if forecast:
        progress.forecast = forecast_of(
            client, program, progress.adherence_ratio, today, known=progress
        )
    return progress


def forecast_of(
    client: Client,
    program: Program | None,
    adherence: float | None,
    today: dt.date,
    *,
    known: Progress | None = None,
) -> forecasting.ForecastResult | None:
    """The client's forecast with the program's working copy (at `adherence`; None: every planned
    session), or None while the recorded facts do not make a profile. `known`: a progress whose
    DXA results and functional tests were read already (they are not read again)."""
    from osteoload.clients.services import engine_profile_for

    try:
        profile = engine_profile_for(
            client,
            today=today,
            dxa_results=None if known is None else known.dxa,
            tests_newest_first=None if known is None else known.tests[::-1],
        )
    except ValidationError:
        return None
    return forecasting.forecast_for(
        profile=profile.to_dict(),
        # the working copy: the forecast follows the trainer's swaps and intensity changes
        program=training.forecast_document(program=program) if program is not None else None,
        adherence=adherence,
    )

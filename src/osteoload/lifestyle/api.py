"""API: a client's self-reports — sleep, home sessions, food checks.

The same gate as the pages (`get_client_for`: authorised and audited): reading needs HEALTH_READ
(owner, assigned trainer, the client), writing SELF_REPORT. Writes are safe to retry: a night is
identified by its date (201 the first time, 200 when it replaced a night), a home session by its
`idempotency_key` (201 the first time, 200 with the stored session after that), a food check by its
day.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from osteoload.accounts.permissions import Access
from osteoload.clients.models import Client
from osteoload.clients.selectors import get_client_for

from . import selectors, services
from .models import HomeSession, NutritionCheck, SleepLog

router = Router()


def _membership(request: HttpRequest) -> Any:
    return request.membership  # type: ignore[attr-defined]


def _client(request: HttpRequest, client_id: int, purpose: str, access: Access) -> Client:
    return get_client_for(
        user=request.user,  # type: ignore[arg-type]
        client_id=client_id,
        purpose=purpose,
        access=access,
        membership=_membership(request),
    )


class SleepIn(Schema):
    night_of: dt.date = Field(description="The evening the night began.")
    hours_asleep: Decimal = Field(ge=0, le=16)
    time_in_bed_h: Decimal = Field(ge=0, le=24)
    rested: int | None = Field(None, ge=1, le=5, description="1 not at all … 5 fully rested")


class SleepOut(Schema):
    night_of: dt.date
    hours_asleep: float
    time_in_bed_h: float
    rested: int | None


class SleepWeekOut(Schema):
    nights: list[SleepOut]
    summary: dict[str, Any] | None = Field(description="osteoload.sleep/1 of the last 7 nights")


class HomeSessionIn(Schema):
    idempotency_key: uuid.UUID
    done_on: dt.date
    exercises: list[str] = Field(default_factory=list)
    balance_min: int = Field(0, ge=0, le=600)
    back_extension_sets: int = Field(0, ge=0, le=30)
    walk_min: int = Field(0, ge=0, le=600)
    pain: int | None = Field(None, ge=0, le=10)
    note: str = Field("", max_length=300)


class HomeSessionOut(Schema):
    id: int
    done_on: dt.date
    exercises: list[str]
    balance_min: int
    back_extension_sets: int
    walk_min: int
    pain: int | None
    note: str
    idempotency_key: uuid.UUID


class NutritionIn(Schema):
    foods: dict[str, dict[str, Any]] = Field(
        description='{food_id: {"servings": n, "per": "day"|"week"}} (osteoload nutrition)'
    )


class NutritionOut(Schema):
    checked_on: dt.date
    foods: dict[str, Any]
    result: dict[str, Any] = Field(description="osteoload.nutrition/1 as the engine answered")
    engine_version: str


def _sleep_out(log: SleepLog) -> dict[str, Any]:
    return {
        "night_of": log.night_of,
        "hours_asleep": float(log.hours_asleep),
        "time_in_bed_h": float(log.time_in_bed_h),
        "rested": log.rested,
    }


@router.get(
    "/clients/{client_id}/sleep",
    response=SleepWeekOut,
    summary="The last seven nights and the engine's summary",
)
def sleep_week(request: HttpRequest, client_id: int) -> dict[str, Any]:
    client = _client(request, client_id, "api.sleep.view", Access.HEALTH_READ)
    week = selectors.sleep_week(client, today=timezone.localdate())
    return {"nights": [_sleep_out(log) for log in week.logs], "summary": week.summary}


@router.post(
    "/clients/{client_id}/sleep",
    response={200: SleepOut, 201: SleepOut},
    summary="Record or correct a night (idempotent by date)",
)
def log_sleep(request: HttpRequest, client_id: int, payload: SleepIn) -> Status[SleepOut]:
    client = _client(request, client_id, "api.sleep.log", Access.SELF_REPORT)
    existed = selectors.sleep_for_night(client, payload.night_of) is not None
    log = services.log_sleep(
        actor=_membership(request),
        client=client,
        night_of=payload.night_of,
        hours_asleep=payload.hours_asleep,
        time_in_bed_h=payload.time_in_bed_h,
        rested=payload.rested,
    )
    return Status(200 if existed else 201, _sleep_out(log))


@router.get(
    "/clients/{client_id}/home-sessions",
    response=list[HomeSessionOut],
    summary="Home sessions, newest first (since: a date)",
)
def home_sessions(
    request: HttpRequest, client_id: int, since: dt.date | None = None
) -> list[HomeSession]:
    client = _client(request, client_id, "api.home_session.list", Access.HEALTH_READ)
    return selectors.home_sessions(client, since=since)[:500]


@router.post(
    "/clients/{client_id}/home-sessions",
    response={200: HomeSessionOut, 201: HomeSessionOut},
    summary="Record a home session (idempotent by key)",
)
def log_home_session(
    request: HttpRequest, client_id: int, payload: HomeSessionIn
) -> Status[HomeSessionOut]:
    client = _client(request, client_id, "api.home_session.log", Access.SELF_REPORT)
    result = services.log_home_session(
        actor=_membership(request),
        client=client,
        key=payload.idempotency_key,
        done_on=payload.done_on,
        exercises=payload.exercises,
        balance_min=payload.balance_min,
        back_extension_sets=payload.back_extension_sets,
        walk_min=payload.walk_min,
        pain=payload.pain,
        note=payload.note,
    )
    return Status(201 if result.created else 200, result.session)


@router.get(
    "/clients/{client_id}/nutrition-checks",
    response=list[NutritionOut],
    summary="Food checks, newest first",
)
def nutrition_checks(request: HttpRequest, client_id: int) -> list[NutritionCheck]:
    client = _client(request, client_id, "api.nutrition.list", Access.HEALTH_READ)
    return selectors.nutrition_checks(client)


@router.post(
    "/clients/{client_id}/nutrition-checks",
    response=NutritionOut,
    summary="Today's food check: the engine's estimate, gaps and suggestions (one per day)",
)
def check_nutrition(request: HttpRequest, client_id: int, payload: NutritionIn) -> NutritionCheck:
    client = _client(request, client_id, "api.nutrition.check", Access.SELF_REPORT)
    return services.record_nutrition_check(
        actor=_membership(request), client=client, foods=payload.foods
    )

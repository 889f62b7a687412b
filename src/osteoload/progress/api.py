"""API: a client's progress as data — e1RM history of each lift, weekly load with spike warnings,
adherence, DXA and functional tests over time, and the bone-density forecast with and without
training. The same gate as the page (HEALTH_READ through `get_client_for`, audited)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from osteoload.accounts.permissions import Access
from osteoload.clients.models import FunctionalTest
from osteoload.clients.selectors import get_client_for

from .selectors import progress_for

router = Router()


class ProgressOut(Schema):
    client_id: int
    date: str
    lifts: list[dict[str, Any]] = Field(description="per exercise: e1RM points, oldest first")
    weekly_load: dict[str, Any] | None = Field(description="the engine's monitoring report")
    adherence: dict[str, Any] | None
    dxa: list[dict[str, Any]]
    tests: list[dict[str, Any]]
    forecast: dict[str, Any] | None = Field(description="osteoload.forecast/1 (null if none)")
    forecast_adherence: float | None


def _number(value: Any) -> Any:
    return None if value is None else float(value)


@router.get("/clients/{client_id}", response=ProgressOut, summary="A client's progress")
def client_progress(request: HttpRequest, client_id: int) -> dict[str, Any]:
    client = get_client_for(
        user=request.user,  # type: ignore[arg-type]
        client_id=client_id,
        purpose="api.progress.view",
        access=Access.HEALTH_READ,
        membership=request.membership,  # type: ignore[attr-defined]
    )
    p = progress_for(client, today=timezone.localdate())
    adherence = None
    if p.adherence is not None:
        adherence = {
            "program_id": p.adherence.program_id,
            "planned": p.adherence.planned,
            "done": p.adherence.done,
            "ratio": p.adherence.ratio,
            "weeks": [
                {
                    "number": w.number,
                    "start": w.start.isoformat(),
                    "planned": w.planned,
                    "done": w.done,
                    "complete": w.complete,
                }
                for w in p.adherence.weeks
            ],
        }
    return {
        "client_id": client.pk,
        "date": p.today.isoformat(),
        "lifts": [
            {
                "exercise_id": lift.exercise_id,
                "name_ja": lift.name_ja,
                "name_en": lift.name_en,
                "main_lift": lift.main_lift,
                "points": [
                    {
                        "date": pt.date.isoformat(),
                        "e1rm_kg": pt.e1rm_kg,
                        "load_kg": pt.load_kg,
                        "reps": pt.reps,
                        "rir": pt.rir,
                    }
                    for pt in lift.points
                ],
            }
            for lift in p.lifts
        ],
        "weekly_load": None if p.load is None else p.load.to_dict(),
        "adherence": adherence,
        "dxa": [
            {
                "date": r.measured_on.isoformat(),
                "site": r.site,
                "t_score": _number(r.t_score),
                "z_score": _number(r.z_score),
                "yam_percent": _number(r.yam_percent),
                "bmd_g_cm2": _number(r.bmd_g_cm2),
            }
            for r in p.dxa
        ],
        "tests": [
            {
                "date": x.tested_on.isoformat(),
                **{name: _number(getattr(x, name)) for name in FunctionalTest.VALUE_FIELDS},
            }
            for x in p.tests
        ],
        "forecast": None if p.forecast is None else p.forecast.response,
        "forecast_adherence": None if p.forecast is None else p.forecast.adherence,
    }

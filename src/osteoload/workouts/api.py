"""API: log a set (with an idempotency key), finish a session, list a client's sessions.

Checked like the pages: the client gate (`get_client_for`) authorises and audits every call;
logging needs HEALTH_WRITE (owner, assigned trainer), listing HEALTH_READ (also the client).
A set logged again with the same `idempotency_key` answers 200 with the stored set (201 the
first time), so a client may retry freely on a bad connection.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from osteoload.accounts.permissions import Access
from osteoload.clients.selectors import get_client_for
from osteoload.training.models import Prescription, ProgramSession

from . import selectors, services
from .models import Flag, LoggedSet, Workout

router = Router()


class SetIn(Schema):
    idempotency_key: uuid.UUID
    program_session_id: int = Field(description="The program session performed (today's date).")
    prescription_id: int = Field(description="The prescribed exercise of that session.")
    set_number: int = Field(ge=1, le=20)
    load_kg: Decimal | None = None
    reps: int | None = None
    rir: Decimal | None = None
    duration_s: int | None = None
    contacts: int | None = None
    completed: bool = True
    suggested_load_kg: Decimal | None = None


class SetOut(Schema):
    id: int
    workout_id: int
    exercise_id: str
    set_number: int
    load_kg: float | None
    reps: int | None
    rir: float | None
    duration_s: int | None
    contacts: int | None
    completed: bool
    suggested_load_kg: float | None
    idempotency_key: uuid.UUID
    logged_at: dt.datetime


class FinishIn(Schema):
    idempotency_key: uuid.UUID
    pain: int = Field(ge=0, le=10)
    session_rpe: Decimal | None = None
    duration_min: int | None = None
    impact_contacts: int | None = None
    new_back_pain: bool = False
    notes: str = ""


class FlagOut(Schema):
    id: int
    kind: str
    pain: int | None
    raised_at: dt.datetime
    resolved_at: dt.datetime | None


class WorkoutOut(Schema):
    id: int
    client_id: int
    date: dt.date
    kind: str
    status: str
    program_session_id: int | None
    week_number: int | None
    day: int | None
    pain: int | None
    new_back_pain: bool
    session_rpe: float | None
    duration_min: int | None
    impact_contacts: int | None
    notes: str
    sets: list[SetOut]


class FinishOut(WorkoutOut):
    stopped: bool
    flags: list[FlagOut]


def _membership(request: HttpRequest):  # type: ignore[no-untyped-def]
    return request.membership  # type: ignore[attr-defined]


def _client(request: HttpRequest, client_id: int, purpose: str, access: Access):  # type: ignore[no-untyped-def]
    return get_client_for(
        user=request.user,  # type: ignore[arg-type]
        client_id=client_id,
        purpose=purpose,
        access=access,
        membership=_membership(request),
    )


def _set_out(s: LoggedSet) -> SetOut:
    return SetOut.from_orm(s)


def _workout_out(w: Workout) -> dict[str, object]:
    return {
        "id": w.pk,
        "client_id": w.client_id,
        "date": w.date,
        "kind": w.kind,
        "status": w.status,
        "program_session_id": w.program_session_id,
        "week_number": w.week_number,
        "day": w.day,
        "pain": w.pain,
        "new_back_pain": w.new_back_pain,
        "session_rpe": w.session_rpe,
        "duration_min": w.duration_min,
        "impact_contacts": w.impact_contacts,
        "notes": w.notes,
        "sets": [_set_out(s) for s in w.sets.all()],
    }


@router.post(
    "/clients/{client_id}/sets",
    response={200: SetOut, 201: SetOut},
    summary="Log a set of today's session (idempotent by key)",
)
def log_set(request: HttpRequest, client_id: int, payload: SetIn) -> Status[SetOut]:
    client = _client(request, client_id, "workout.log_set", Access.HEALTH_WRITE)
    session = (
        ProgramSession.objects.select_related("program", "week")
        .filter(pk=payload.program_session_id, program__client=client)
        .first()
    )
    if session is None:
        raise Http404("no such session")
    rx = Prescription.objects.filter(pk=payload.prescription_id, session=session).first()
    if rx is None:
        raise Http404("no such exercise in this session")
    membership = _membership(request)
    known = LoggedSet.objects.filter(idempotency_key=payload.idempotency_key).first()
    if known is not None and known.client_id == client.pk:
        return Status(200, _set_out(known))  # a retry: nothing to do
    workout = services.open_workout(actor=membership, client=client, program_session=session)
    result = services.log_set(
        actor=membership,
        workout=workout,
        prescription=rx,
        data=services.SetInput(
            key=payload.idempotency_key,
            set_number=payload.set_number,
            load_kg=payload.load_kg,
            reps=payload.reps,
            rir=payload.rir,
            duration_s=payload.duration_s,
            contacts=payload.contacts,
            completed=payload.completed,
            suggested_load_kg=payload.suggested_load_kg,
            accepted=payload.suggested_load_kg is not None
            and payload.load_kg == payload.suggested_load_kg,
        ),
    )
    return Status(201 if result.created else 200, _set_out(result.set))


@router.post(
    "/sessions/{workout_id}/finish",
    response=FinishOut,
    summary="Finish a session: pain, session RPE, minutes, contacts, notes (idempotent by key)",
)
def finish(request: HttpRequest, workout_id: int, payload: FinishIn) -> dict[str, object]:
    membership = _membership(request)
    gym_id = membership.gym_id if membership is not None else None
    found = Workout.objects.filter(pk=workout_id, gym_id=gym_id).first()
    if found is None:
        raise Http404("no such session")
    found.client = _client(request, found.client_id, "workout.finish", Access.HEALTH_WRITE)
    result = services.finish_workout(
        actor=membership,
        workout=found,
        data=services.FinishInput(
            key=payload.idempotency_key,
            session_rpe=payload.session_rpe,
            pain=payload.pain,
            new_back_pain=payload.new_back_pain,
            duration_min=payload.duration_min,
            impact_contacts=payload.impact_contacts,
            notes=payload.notes,
        ),
    )
    workout = selectors.workouts_for_client(found.client).get(pk=found.pk)
    flags = Flag.objects.filter(workout=workout).order_by("id")
    return {
        **_workout_out(workout),
        "stopped": result.safety.stopped or workout.status == "stopped",
        "flags": [FlagOut.from_orm(f) for f in flags],
    }


@router.get(
    "/clients/{client_id}/sessions",
    response=list[WorkoutOut],
    summary="A client's logged sessions, newest first, with their sets",
)
def list_sessions(request: HttpRequest, client_id: int, limit: int = 50) -> list[dict[str, object]]:
    client = _client(request, client_id, "workout.list", Access.HEALTH_READ)
    limit = max(1, min(limit, 200))
    return [_workout_out(w) for w in selectors.workouts_for_client(client)[:limit]]

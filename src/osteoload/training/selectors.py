"""Reads of programs. A program is a client's health data: every read goes through the client
gate (`get_client_for`), which authorises it and writes the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from osteoload.accounts.models import Membership, User
from osteoload.accounts.permissions import Access
from osteoload.clients.models import Client
from osteoload.clients.selectors import get_client_for
from osteoload.engine.forecast import PROGRAM_SCHEMA

from .models import (
    Prescription,
    Program,
    ProgramDocument,
    ProgramSession,
    ProgramStatus,
    ProgramWeek,
)


def get_program_for(
    *,
    user: User,
    membership: Membership | None,
    program_id: int,
    purpose: str,
    access: Access = Access.HEALTH_READ,
) -> Program:
    """The program if the user may `access` its client's health data (404 outside their gym)."""
    if membership is None:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("no active membership in a gym")
    program = Program.objects.filter(pk=program_id, gym_id=membership.gym_id).first()
    if program is None:
        raise Http404("no such program")
    program.client = get_client_for(
        user=user,
        client_id=program.client_id,
        purpose=purpose,
        access=access,
        membership=membership,
    )
    return program


def get_prescription_for(
    *,
    user: User,
    membership: Membership | None,
    prescription_id: int,
    purpose: str,
    access: Access = Access.HEALTH_WRITE,
) -> Prescription:
    if membership is None:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("no active membership in a gym")
    prescription = (
        Prescription.objects.select_related("program", "session__week")
        .filter(pk=prescription_id, program__gym_id=membership.gym_id)
        .first()
    )
    if prescription is None:
        raise Http404("no such prescription")
    prescription.program.client = get_client_for(
        user=user,
        client_id=prescription.program.client_id,
        purpose=purpose,
        access=access,
        membership=membership,
    )
    return prescription


def programs_of(*, client: Client) -> QuerySet[Program]:
    """A client's programs, newest first (the caller has passed the client gate)."""
    return Program.objects.filter(client=client).order_by("-created_at", "-id")


def active_program(*, client: Client) -> Program | None:
    return Program.objects.filter(client=client, status=ProgramStatus.ACTIVE).first()


def weeks_of(*, program: Program) -> list[ProgramWeek]:
    return list(ProgramWeek.objects.filter(program=program).order_by("number"))


def _sessions_with_prescriptions() -> Prefetch[Prescription]:
    return Prefetch("prescriptions", queryset=Prescription.objects.order_by("position"))


def sessions_of_week(*, program: Program, week_number: int) -> list[ProgramSession]:
    """The sessions of one week with their prescriptions (two queries)."""
    return list(
        ProgramSession.objects.filter(program=program, week__number=week_number)
        .select_related("week")
        .prefetch_related(_sessions_with_prescriptions())
        .order_by("day")
    )


@dataclass(frozen=True)
class PrintableWeek:
    week: ProgramWeek
    sessions: list[ProgramSession]


def whole_program(*, program: Program) -> list[PrintableWeek]:
    """Every week, session and prescription of a program (three queries), for the print view."""
    weeks = weeks_of(program=program)
    sessions = (
        ProgramSession.objects.filter(program=program)
        .prefetch_related(_sessions_with_prescriptions())
        .order_by("week__number", "day")
    )
    by_week: dict[int, list[ProgramSession]] = {}
    for session in sessions:
        by_week.setdefault(session.week_id, []).append(session)
    return [PrintableWeek(week=w, sessions=by_week.get(w.pk, [])) for w in weeks]


def forecast_document(*, program: Program) -> dict[str, Any]:
    """The program as trainers have edited it (the working copy), as the `osteoload.program/1`
    fields the bone-density forecast reads (three queries, plain values: the progress page builds
    this on every view). `generated_document` is what the engine generated; a forecast of it would
    ignore every swap and intensity change since."""
    fields = ("exercise_id", "pattern", "impact", "sets", "reps", "duration_s", "contacts")
    exercises: dict[int, list[dict[str, Any]]] = {}
    rows = (
        Prescription.objects.filter(program=program)
        .order_by("session_id", "position")
        .values_list("session_id", *fields, "pct_1rm", "rpe", "vest_pct_body_mass")
    )
    for session_id, exercise_id, pattern, impact, sets, reps, duration_s, contacts, *load in rows:
        pct, rpe, vest = load
        exercise: dict[str, Any] = {
            "id": exercise_id,
            "pattern": pattern,
            "impact": impact,
            "sets": sets,
            "reps": reps,
            "duration_s": duration_s,
            "contacts": contacts,
            "intensity": {"pct_1rm": pct, "rpe": None if rpe is None else float(rpe)},
        }
        if vest is not None:
            exercise["vest_pct_body_mass"] = vest
        exercises.setdefault(session_id, []).append(exercise)
    sessions: dict[int, list[dict[str, Any]]] = {}
    for session_id, week_id, day in (
        ProgramSession.objects.filter(program=program)
        .order_by("week__number", "day")
        .values_list("id", "week_id", "day")
    ):
        sessions.setdefault(week_id, []).append(
            {"day": day, "exercises": exercises.get(session_id, [])}
        )
    weeks = [
        {"week": number, "sessions": sessions.get(week_id, [])}
        for week_id, number in ProgramWeek.objects.filter(program=program)
        .order_by("number")
        .values_list("id", "number")
    ]
    return {"schema": PROGRAM_SCHEMA, "weeks": weeks}


def generated_document(*, program: Program) -> dict[str, Any]:
    """The program exactly as the engine generated it (one query; empty when none is kept)."""
    found = (
        ProgramDocument.objects.filter(program=program).values_list("document", flat=True).first()
    )
    return dict(found) if found else {}


def current_week_number(*, program: Program, today: object) -> int:
    """The week of the program `today` falls in (1 before the start, the last after the end)."""
    import datetime as dt

    assert isinstance(today, dt.date)
    days = (today - program.start_date).days
    return max(1, min(program.length_weeks, days // 7 + 1))

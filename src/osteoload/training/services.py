"""Writes of programs: generate from the engine, adjust a prescription, swap an exercise.

Every write is authorised by the caller through `get_client_for(access=HEALTH_WRITE)` (which also
records the access) and re-checked here against the client's safety envelope: the program's own
envelope and, when the facts changed since it was generated, the current assessment's as well.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from osteoload.accounts.models import Membership
from osteoload.accounts.permissions import Access, can_access_client
from osteoload.audit.services import record_event
from osteoload.clients.models import Client
from osteoload.engine import ENGINE_VERSION
from osteoload.engine.assessment import assess
from osteoload.engine.catalog import VEST_PCT_MAX, Dose, Exercise
from osteoload.engine.envelope import Envelope
from osteoload.engine.programming import (
    MAX_WEEKLY_RISE,
    VEST_PCT_MAX_C,
    ClearanceRequired,
    generate_program,
    vest_pct_for,
)
from osteoload.engine.programming import Phase as EnginePhase
from osteoload.engine.strength import epley_pct_1rm
from osteoload.engine.types import Tier

from . import engine_io
from .models import (
    Phase,
    Prescription,
    Program,
    ProgramDocument,
    ProgramSession,
    ProgramStatus,
    ProgramWeek,
)

# Product policy (osteoload_policy): plausible bounds for a prescription a trainer types in; they
# catch typing errors (30 sets, 900 reps), they are not training advice.
LIMITS = {
    "sets": (1, 10),
    "reps": (1, 30),
    "duration_s": (10, 600),
    "rest_s": (0, 600),
}
RPE_RANGE = (Decimal("1"), Decimal("10"))


def _require_writer(actor: Membership, client: Client) -> None:
    if not can_access_client(actor, client, Access.HEALTH_WRITE):
        raise PermissionDenied("not allowed to change this client's program")


# --- generating ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GenerateRequest:
    weeks: int
    sessions_per_week: int
    equipment: list[str]
    start_date: dt.date


def generate_for_client(*, actor: Membership, client: Client, request: GenerateRequest) -> Program:
    """Generate a program with the engine from the client's current facts and store it as the
    client's current program (the previous one is archived, never deleted).

    Raises ValidationError for a request the engine refuses (e.g. clearance required).
    """
    _require_writer(actor, client)
    based_on = engine_io.latest_assessment(client)
    if based_on is None:
        raise ValidationError(
            _("Complete the intake first: a program is built from the client's assessment."),
            code="no_assessment",
        )
    profile = engine_io.client_profile(client)  # today's facts (age moves on); ValidationError
    assessment = assess(profile)
    try:
        program = generate_program(
            profile,
            weeks=request.weeks,
            sessions_per_week=request.sessions_per_week,
            equipment=request.equipment,
            assessment=assessment,
            catalog=engine_io.catalog(),
        )
    except ClearanceRequired as needed:
        reasons = "; ".join((r.ja if _lang() == "ja" else r.en) for r in needed.reasons) or _(
            "see the assessment"
        )
        raise ValidationError(
            _("This client needs a physician's clearance before any program: %(reasons)s")
            % {"reasons": reasons},
            code="clearance_required",
        ) from None
    document = program.to_dict()
    with transaction.atomic():
        Program.objects.filter(client=client, status=ProgramStatus.ACTIVE).update(
            status=ProgramStatus.ARCHIVED
        )
        stored = Program.objects.create(
            gym_id=client.gym_id,
            client=client,
            tier=document["tier"],
            length_weeks=len(document["weeks"]),
            sessions_per_week=document["sessions_per_week"],
            start_date=request.start_date,
            equipment=document["equipment"] or [],
            envelope=document["envelope"],
            notes=document["notes"],
            engine_version=ENGINE_VERSION,
            based_on=based_on,
            created_by=actor.user,
        )
        ProgramDocument.objects.create(program=stored, document=document)
        _store_weeks(stored, document)
        record_event(
            gym=client.gym_id,
            actor=actor.user,
            action="program.generate",
            obj=stored,
            client_id=client.pk,
            detail={
                "tier": stored.tier,
                "weeks": stored.length_weeks,
                "sessions_per_week": stored.sessions_per_week,
            },
        )
    return stored


def _lang() -> str:
    from django.utils.translation import get_language

    return (get_language() or "ja")[:2]


def _store_weeks(program: Program, document: dict[str, Any]) -> None:
    weeks = ProgramWeek.objects.bulk_create(
        [
            ProgramWeek(
                program=program,
                number=w["week"],
                phase=w["phase"],
                main_pct_1rm=w.get("main_lift_target_pct_1rm"),
                balance=w.get("balance_minutes", {}),
                home_practice=w.get("home_practice", []),
            )
            for w in document["weeks"]
        ]
    )
    sessions = ProgramSession.objects.bulk_create(
        [
            ProgramSession(program=program, week=week, day=s["day"])
            for week, w in zip(weeks, document["weeks"], strict=True)
            for s in w["sessions"]
        ]
    )
    flat = [s for w in document["weeks"] for s in w["sessions"]]
    Prescription.objects.bulk_create(
        [
            Prescription(
                program=program,
                session=session,
                position=position,
                **_prescription_fields(rx),
            )
            for session, s in zip(sessions, flat, strict=True)
            for position, rx in enumerate(s["exercises"], start=1)
        ]
    )


def _prescription_fields(rx: dict[str, Any]) -> dict[str, Any]:
    intensity = rx.get("intensity") or {}
    rpe = intensity.get("rpe")
    return {
        "exercise_id": rx["id"],
        "name_ja": rx.get("name_ja", rx["id"]),
        "name_en": rx.get("name_en", rx["id"]),
        "pattern": rx["pattern"],
        "role": rx.get("role", ""),
        "main_lift": bool(rx.get("main_lift", False)),
        "impact": rx.get("impact", "none"),
        "sets": rx["sets"],
        "reps": rx.get("reps"),
        "duration_s": rx.get("duration_s"),
        "contacts": rx.get("contacts"),
        "pct_1rm": intensity.get("pct_1rm"),
        "rpe": None if rpe is None else Decimal(str(rpe)),
        "rest_s": rx.get("rest_s") or 0,
        "vest_pct_body_mass": rx.get("vest_pct_body_mass"),
        "why_en": rx.get("why_en", ""),
        "why_ja": rx.get("why_ja", ""),
        "source": rx.get("source", ""),
    }


# --- the envelope an edit must respect ------------------------------------------------------------


@dataclass(frozen=True)
class EditContext:
    """What an edit of one prescription is checked against."""

    envelope: Envelope
    program_tier: str
    current_tier: str
    phase: str
    previous_week_pct: int | None  # highest %1RM of the same movement pattern the week before
    next_week_pct: int | None

    @property
    def tier_changed(self) -> bool:
        return self.program_tier != self.current_tier


def envelope_now(program: Program) -> tuple[Envelope, str]:
    """The envelope edits of this program must respect today, and the client's current tier: the
    program's own envelope and, when the client has been assessed since, the latest assessment's
    too (a new fracture makes an old program stricter, never looser)."""
    own = engine_io.stored_envelope(program.tier, program.envelope)
    latest = engine_io.latest_assessment(program.client)
    if latest is None:
        return own, program.tier
    return engine_io.strictest(own, engine_io.assessment_envelope(latest)), latest.tier


def edit_context(prescription: Prescription) -> EditContext:
    program = prescription.program
    envelope, current_tier = envelope_now(program)
    week_number = prescription.session.week.number
    neighbours = dict(
        Prescription.objects.filter(
            program=program,
            pattern=prescription.pattern,
            session__week__number__in=[week_number - 1, week_number + 1],
        )
        .values_list("session__week__number")
        .annotate(top=Max("pct_1rm"))
    )
    return EditContext(
        envelope=envelope,
        program_tier=program.tier,
        current_tier=current_tier,
        phase=prescription.session.week.phase,
        previous_week_pct=neighbours.get(week_number - 1),
        next_week_pct=neighbours.get(week_number + 1),
    )


def max_reps_at(pct_1rm: int) -> int:
    """Repetitions to failure at a %1RM by the inverse of Epley's equation (strength.py)."""
    reps = 1
    while reps < 60 and epley_pct_1rm(reps + 1) >= pct_1rm:
        reps += 1
    return reps


def check_prescription(
    *, exercise: Exercise | None, values: dict[str, Any], old: Prescription, ctx: EditContext
) -> tuple[dict[str, Any], list[str]]:
    """Validate an edited prescription. Returns (clean values, warnings); raises ValidationError
    with a message per field when something leaves the envelope or makes no sense."""
    errors: dict[str, list[str]] = {}
    warnings: list[str] = []

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    clean: dict[str, Any] = {}
    dose = exercise.dose if exercise is not None else None
    for field, (lo, hi) in LIMITS.items():
        value = values.get(field)
        if value is None:
            clean[field] = None
            continue
        if not lo <= value <= hi:
            fail(field, _("Enter a number from %(lo)s to %(hi)s.") % {"lo": lo, "hi": hi})
        clean[field] = value
    if clean["sets"] is None:
        fail("sets", _("Enter the number of sets."))
    if clean["rest_s"] is None:
        clean["rest_s"] = old.rest_s
    if dose is Dose.REPS and clean["reps"] is None:
        fail("reps", _("This exercise is prescribed in repetitions: enter them."))
    if dose is Dose.DURATION and clean["duration_s"] is None:
        fail("duration_s", _("This exercise is prescribed in seconds: enter them."))
    if dose is not Dose.REPS:
        clean["reps"] = values.get("reps") if dose is None else None
    if dose is not Dose.DURATION and dose is not None:
        clean["duration_s"] = None

    contacts = values.get("contacts")
    if dose is Dose.CONTACTS:
        cap = ctx.envelope.max_impact_contacts_per_session
        if contacts is None:
            fail("contacts", _("Enter the number of impact contacts."))
        elif not 1 <= contacts <= cap:
            fail(
                "contacts",
                _("This client's limit is %(cap)s impact contacts a session.") % {"cap": cap},
            )
    else:
        contacts = None
    clean["contacts"] = contacts

    vest = values.get("vest_pct_body_mass")
    tier_c = Tier.C.value in (ctx.program_tier, ctx.current_tier)
    if exercise is None or not exercise.uses_vest:
        vest = None  # only an exercise done in a vest has a vest load
    elif vest is not None and not 1 <= vest <= VEST_PCT_MAX:
        fail(
            "vest_pct_body_mass",
            _("Enter a percentage from 1 to %(max)s.") % {"max": VEST_PCT_MAX},
        )
    elif vest is not None and tier_c and vest > VEST_PCT_MAX_C:
        fail(
            "vest_pct_body_mass",
            _("This client's safety tier keeps the vest at %(max)s %% of body weight or less.")
            % {"max": VEST_PCT_MAX_C},
        )
    clean["vest_pct_body_mass"] = vest

    familiarisation = ctx.phase == Phase.FAMILIARISATION
    rpe = values.get("rpe")
    if rpe is not None:
        if not RPE_RANGE[0] <= rpe <= RPE_RANGE[1] or (rpe * 2) % 1 != 0:
            fail("rpe", _("RPE is a whole or half number from 1 to 10."))
        elif familiarisation and rpe > ctx.envelope.familiarisation_max_rpe:
            fail(
                "rpe",
                _("During familiarisation the effort stays at RPE %(max)s or less.")
                % {"max": ctx.envelope.familiarisation_max_rpe},
            )
    clean["rpe"] = rpe

    pct = values.get("pct_1rm")
    if pct is not None:
        if exercise is not None and not exercise.loadable:
            fail("pct_1rm", _("This exercise is not loaded by %1RM; leave it empty and use RPE."))
        elif not 1 <= pct <= 100:
            fail("pct_1rm", _("Enter a percentage from 1 to 100."))
        elif pct > ctx.envelope.max_pct_1rm:
            fail(
                "pct_1rm",
                _("This client's safety tier allows at most %(max)s %% of 1RM.")
                % {"max": ctx.envelope.max_pct_1rm},
            )
        elif familiarisation and pct > ctx.envelope.familiarisation_max_pct_1rm:
            fail(
                "pct_1rm",
                _("During familiarisation the load stays at %(max)s %% of 1RM or less.")
                % {"max": ctx.envelope.familiarisation_max_pct_1rm},
            )
        elif (
            old.pct_1rm is not None
            and pct > old.pct_1rm
            and ctx.previous_week_pct is not None
            and pct > ctx.previous_week_pct + MAX_WEEKLY_RISE
        ):
            fail(
                "pct_1rm",
                _(
                    "The load may rise at most %(step)s points a week: last week this movement was "
                    "at %(prev)s %%, so at most %(max)s %% this week."
                )
                % {
                    "step": MAX_WEEKLY_RISE,
                    "prev": ctx.previous_week_pct,
                    "max": ctx.previous_week_pct + MAX_WEEKLY_RISE,
                },
            )
        elif clean["reps"] is not None and clean["reps"] > max_reps_at(pct):
            fail(
                "reps",
                _(
                    "At %(pct)s %% of 1RM about %(max)s repetitions are possible; %(reps)s "
                    "would mean lifting to failure. Lower the repetitions or the load."
                )
                % {"pct": pct, "max": max_reps_at(pct), "reps": clean["reps"]},
            )
        if (
            not errors
            and ctx.next_week_pct is not None
            and ctx.next_week_pct > pct + MAX_WEEKLY_RISE
        ):
            warnings.append(
                _(
                    "Next week this movement is at %(next)s %%, more than %(step)s points above "
                    "this week: adjust next week too."
                )
                % {"next": ctx.next_week_pct, "step": MAX_WEEKLY_RISE}
            )
    clean["pct_1rm"] = pct
    if errors:
        raise ValidationError(errors)
    return clean, warnings


EDITABLE = (
    "sets",
    "reps",
    "duration_s",
    "contacts",
    "pct_1rm",
    "rpe",
    "rest_s",
    "vest_pct_body_mass",
)


def _snapshot(p: Prescription) -> dict[str, Any]:
    data = {f: getattr(p, f) for f in EDITABLE}
    data["rpe"] = None if p.rpe is None else float(p.rpe)
    data["exercise_id"] = p.exercise_id
    return data


def update_prescription(
    *, actor: Membership, prescription: Prescription, values: dict[str, Any]
) -> list[str]:
    """Change sets, reps, duration, contacts, intensity or rest inside the envelope.
    Returns warnings worth showing; raises ValidationError with a message per field."""
    client = prescription.program.client
    _require_writer(actor, client)
    cat = engine_io.catalog()
    exercise = cat.get(prescription.exercise_id) if prescription.exercise_id in cat else None
    clean, warnings = check_prescription(
        exercise=exercise, values=values, old=prescription, ctx=edit_context(prescription)
    )
    before = _snapshot(prescription)
    with transaction.atomic():
        if prescription.original is None:
            prescription.original = before
        for field, value in clean.items():
            setattr(prescription, field, value)
        prescription.edited_by = actor.user
        prescription.edited_at = timezone.now()
        prescription.save()
        after = _snapshot(prescription)
        record_event(
            gym=client.gym_id,
            actor=actor.user,
            action="program.edit",
            obj=prescription,
            client_id=client.pk,
            detail={"before": before, "after": after},
        )
    return warnings


def swap_exercise(*, actor: Membership, prescription: Prescription, exercise_id: str) -> Exercise:
    """Replace the exercise with an alternative that fits the client's envelope and the program's
    equipment; the server re-checks whatever the page offered."""
    client = prescription.program.client
    _require_writer(actor, client)
    envelope, _tier = envelope_now(prescription.program)
    allowed = {
        e.id: e
        for e in engine_io.alternatives_for(
            prescription.exercise_id, envelope=envelope, equipment=prescription.program.equipment
        )
    }
    chosen = allowed.get(exercise_id)
    if chosen is None:
        raise ValidationError(
            {
                "exercise": [
                    _(
                        "This exercise does not fit this client's safety envelope or the "
                        "gym's equipment; choose one from the list."
                    )
                ]
            }
        )
    before = _snapshot(prescription)
    with transaction.atomic():
        if prescription.original is None:
            prescription.original = before
        prescription.exercise_id = chosen.id
        prescription.name_ja = chosen.name_ja
        prescription.name_en = chosen.name_en
        prescription.impact = chosen.impact.value
        prescription.main_lift = chosen.main_lift
        if not chosen.loadable:
            prescription.pct_1rm = None
        if not chosen.uses_vest:
            prescription.vest_pct_body_mass = None
        elif prescription.vest_pct_body_mass is None:  # into a vest: the plan's load for the week
            week = prescription.session.week
            strict = Tier.C if Tier.C.value in (prescription.program.tier, _tier) else Tier.A
            prescription.vest_pct_body_mass = vest_pct_for(EnginePhase(week.phase), strict)
        prescription.edited_by = actor.user
        prescription.edited_at = timezone.now()
        prescription.save()
        record_event(
            gym=client.gym_id,
            actor=actor.user,
            action="program.swap",
            obj=prescription,
            client_id=client.pk,
            detail={"from": before["exercise_id"], "to": chosen.id},
        )
    return chosen

"""Writes of logged sessions: open a session, log a set, report pain, finish, resolve a flag.

Callers authorise the request through `get_client_for(access=HEALTH_WRITE)` (which also audits
it); every service checks the permission again, so no path can skip it.

Idempotency (gym Wi-Fi retries, double taps, reloads): each write carries a key the client made
(a UUID in the form or the API body). A set's key is unique in the database; logging a key that is
already stored returns that set unchanged, and two concurrent identical requests end with one row
(the loser of the race finds the winner's row after its INSERT fails). A set is also identified by
its slot (session, exercise, set number): logging the slot again with a new key corrects it.
Finishing a session stores its key too; flags are unique per session and kind.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from osteoload.accounts.models import Membership
from osteoload.accounts.permissions import Access, can_access_client
from osteoload.audit.services import record_event
from osteoload.clients.models import Client
from osteoload.engine import progression
from osteoload.engine.assessment import assess
from osteoload.engine.types import Tier
from osteoload.training.models import Prescription, ProgramSession

from . import engine_io
from .models import STOPPING, Flag, FlagKind, LoggedSet, Workout, WorkoutKind, WorkoutStatus

# Product policy (osteoload_policy): plausible bounds of what a trainer types between sets. They
# catch typing errors (a load of 4000 kg, 300 reps); they are not training advice.
LIMITS: dict[str, tuple[Decimal, Decimal]] = {
    "load_kg": (Decimal("0"), Decimal("500")),
    "reps": (Decimal("0"), Decimal("100")),
    "rir": (Decimal("0"), Decimal("10")),
    "duration_s": (Decimal("1"), Decimal("3600")),
    "contacts": (Decimal("0"), Decimal("500")),
    "set_number": (Decimal("1"), Decimal("20")),
    "pain": (Decimal("0"), Decimal("10")),
    "session_rpe": (Decimal("0"), Decimal("10")),
    "duration_min": (Decimal("1"), Decimal("600")),
    "impact_contacts": (Decimal("0"), Decimal("1000")),
}
WHOLE = {"reps", "duration_s", "contacts", "set_number", "pain", "duration_min", "impact_contacts"}
HALVES = {"rir", "session_rpe"}  # whole or half numbers, as on the RPE/RIR scales


def _require_writer(actor: Membership, client: Client) -> None:
    if not can_access_client(actor, client, Access.HEALTH_WRITE):
        raise PermissionDenied("not allowed to log this client's sessions")


def parse_key(value: Any, field: str = "idempotency_key") -> uuid.UUID:
    """A client-made idempotency key: a UUID (any version)."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value or "").strip())
    except ValueError:
        raise ValidationError({field: _("A valid idempotency key (UUID) is required.")}) from None


def clean_number(field: str, value: Any, *, required: bool = False) -> Decimal | None:
    """A number from a form or JSON, inside LIMITS; None when empty and not required."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError({field: _("This field is required.")})
        return None
    if isinstance(value, bool):
        raise ValidationError({field: _("Enter a number.")})
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError({field: _("Enter a number.")}) from None
    if not number.is_finite():
        raise ValidationError({field: _("Enter a number.")})
    low, high = LIMITS[field]
    if number < low or number > high:
        raise ValidationError(
            {field: _("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high}}
        )
    if field in WHOLE and number != number.to_integral_value():
        raise ValidationError({field: _("Enter a whole number.")})
    if field in HALVES and (number * 2) != (number * 2).to_integral_value():
        raise ValidationError({field: _("Enter a whole or half number.")})
    if field == "load_kg" and number != number.quantize(Decimal("0.01")):
        raise ValidationError({field: _("Enter the load to 0.01 kg at most.")})
    return number


def _int(value: Decimal | None) -> int | None:
    return None if value is None else int(value)


# --- opening a session ---------------------------------------------------------------------------


def stopping_flags(client: Client) -> list[Flag]:
    return list(Flag.objects.open().filter(client=client, kind__in=STOPPING))


def open_workout(
    *,
    actor: Membership,
    client: Client,
    program_session: ProgramSession,
    day: dt.date | None = None,
    key: uuid.UUID | None = None,
) -> Workout:
    """Today's logged session of a program session: found when it exists, else created (safe
    against two requests creating it at once)."""
    _require_writer(actor, client)
    program = program_session.program
    if program.client_id != client.pk:
        raise ValidationError({"session": _("This session is not in this client's program.")})
    day = day or timezone.localdate()
    if key is not None:
        known = Workout.objects.filter(start_key=key).first()
        if known is not None:
            if known.client_id != client.pk:
                raise ValidationError(
                    {"idempotency_key": _("This key was used for another client.")}
                )
            return known
    workout, created = Workout.objects.get_or_create(
        client=client,
        program_session=program_session,
        date=day,
        defaults={
            "gym_id": client.gym_id,
            "kind": WorkoutKind.GYM,
            "program": program,
            "week_number": program_session.week.number,
            "day": program_session.day,
            "start_key": key,
            "logged_by": actor.user,
        },
    )
    if created:
        record_event(
            gym=client.gym_id,
            actor=actor.user,
            action="workout.open",
            obj=workout,
            client_id=client.pk,
        )
    return workout


# --- logging a set -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SetInput:
    """One set as typed: strings or numbers; `clean_set` validates it."""

    key: Any
    set_number: Any
    load_kg: Any = None
    reps: Any = None
    rir: Any = None
    duration_s: Any = None
    contacts: Any = None
    completed: bool = True
    suggested_load_kg: Any = None
    accepted: bool = False


def clean_set(data: SetInput) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}
    try:
        out["idempotency_key"] = parse_key(data.key)
    except ValidationError as error:
        errors.update(error.message_dict)
    fields = ("set_number", "load_kg", "reps", "rir", "duration_s", "contacts")
    for name in fields:
        try:
            out[name] = clean_number(name, getattr(data, name), required=name == "set_number")
        except ValidationError as error:
            errors.update(error.message_dict)
    try:
        out["suggested_load_kg"] = clean_number("load_kg", data.suggested_load_kg)
    except ValidationError:
        out["suggested_load_kg"] = None  # only shown to the trainer; never blocks a set
    if not errors and all(out[n] is None for n in ("reps", "duration_s", "contacts")):
        errors["reps"] = [_("Enter the reps (or the time, or the contacts).")]
    if errors:
        raise ValidationError(errors)
    for name in ("set_number", "reps", "duration_s", "contacts"):
        out[name] = _int(out[name])
    out["completed"] = bool(data.completed)
    out["accepted_suggestion"] = bool(data.accepted)
    return out


@dataclass(frozen=True)
class SetResult:
    set: LoggedSet
    created: bool  # a new row (False: a replay of the same key, or a correction of the slot)
    replay: bool  # the key was already stored: nothing changed


def _slot(workout: Workout, position: int, exercise_id: str, set_number: int) -> Any:
    return LoggedSet.objects.filter(
        workout=workout, position=position, exercise_id=exercise_id, set_number=set_number
    )


def _correct(existing: LoggedSet, values: dict[str, Any], actor: Membership) -> LoggedSet:
    for name in ("load_kg", "reps", "rir", "duration_s", "contacts", "completed"):
        setattr(existing, name, values[name])
    if values["suggested_load_kg"] is not None:
        existing.suggested_load_kg = values["suggested_load_kg"]
    existing.accepted_suggestion = values["accepted_suggestion"]
    existing.logged_by = actor.user
    existing.save()
    return existing


def log_set(
    *,
    actor: Membership,
    workout: Workout,
    data: SetInput,
    prescription: Prescription | None = None,
    exercise_id: str | None = None,
) -> SetResult:
    """Log one set of a prescription (or of `exercise_id` when there is none) in `workout`."""
    client = workout.client
    _require_writer(actor, client)
    values = clean_set(data)
    key = values.pop("idempotency_key")
    known = LoggedSet.objects.filter(idempotency_key=key).first()
    if known is not None:
        if known.workout_id != workout.pk:
            raise ValidationError({"idempotency_key": _("This key was used for another set.")})
        return SetResult(set=known, created=False, replay=True)
    if prescription is not None:
        if prescription.program_id != workout.program_id:
            raise ValidationError({"prescription": _("This exercise is not in this session.")})
        exercise_id = prescription.exercise_id
    if not exercise_id:
        raise ValidationError({"exercise_id": _("Which exercise is this set of?")})
    if workout.status == WorkoutStatus.STOPPED or stopping_flags(client):
        raise ValidationError(
            _("The session was stopped for pain: no more sets until a trainer resolves the flag.")
        )
    position = prescription.position if prescription is not None else 0
    row = {
        "gym_id": workout.gym_id,
        "client_id": workout.client_id,
        "workout": workout,
        "prescription": prescription,
        "position": position,
        "exercise_id": exercise_id,
        "main_lift": bool(prescription and prescription.main_lift),
        "planned_reps": prescription.reps if prescription else None,
        "planned_pct_1rm": prescription.pct_1rm if prescription else None,
        "planned_rpe": prescription.rpe if prescription else None,
        "idempotency_key": key,
        "logged_by": actor.user,
        **values,
    }
    with transaction.atomic():
        slot = _slot(workout, position, exercise_id, values["set_number"])
        existing = slot.select_for_update().first()
        if existing is not None:
            return SetResult(set=_correct(existing, values, actor), created=False, replay=False)
        try:
            with transaction.atomic():
                created = LoggedSet.objects.create(**row)
        except IntegrityError:
            # A concurrent request stored this key or this slot first.
            known = LoggedSet.objects.filter(idempotency_key=key).first()
            if known is not None:
                return SetResult(set=known, created=False, replay=True)
            existing = slot.select_for_update().first()
            if existing is None:
                raise
            return SetResult(set=_correct(existing, values, actor), created=False, replay=False)
    return SetResult(set=created, created=True, replay=False)


# --- pain, finishing, flags ----------------------------------------------------------------------


@dataclass(frozen=True)
class SafetyOutcome:
    flags: list[Flag]
    stopped: bool


def _flag(workout: Workout, kind: FlagKind, actor: Membership, detail: dict[str, Any]) -> Flag:
    flag, created = Flag.objects.get_or_create(
        workout=workout,
        kind=kind,
        defaults={
            "gym_id": workout.gym_id,
            "client_id": workout.client_id,
            "pain": workout.pain,
            "detail": detail,
            "raised_by": actor.user,
        },
    )
    if created:
        record_event(
            gym=workout.gym_id,
            actor=actor.user,
            action="flag.raise",
            obj=flag,
            client_id=workout.client_id,
            detail={"kind": str(kind), "pain": workout.pain},
        )
    return flag


def _apply_safety(workout: Workout, actor: Membership) -> SafetyOutcome:
    """The engine's pain rules on this session (ENGINE.md §6, product policy): pain ≥ 7 stops and
    refers, pain ≥ 5 asks for a review. A new back pain is, for the engine, acute back pain: a
    physician's clearance is required before training again, so the session stops too."""
    flags: list[Flag] = []
    stopped = False
    pain = workout.pain
    if pain is not None and pain >= progression.PAIN_STOP:
        detail = {
            "rule": "pain_stop",
            "source": progression.POLICY,
            "threshold": progression.PAIN_STOP,
        }
        flags.append(_flag(workout, FlagKind.PAIN_STOP, actor, detail))
        stopped = True
    elif pain is not None and pain >= progression.PAIN_REVIEW:
        detail = {
            "rule": "pain_reduce",
            "source": progression.POLICY,
            "threshold": progression.PAIN_REVIEW,
        }
        flags.append(_flag(workout, FlagKind.PAIN_REVIEW, actor, detail))
    if workout.new_back_pain:
        profile = engine_io.profile_for(workout.client, back_pain_since=workout.date)
        tier = assess(profile).tier
        detail = {"rule": "clearance_required", "tier": tier.value, "condition": "acute_back_pain"}
        flags.append(_flag(workout, FlagKind.BACK_PAIN, actor, detail))
        stopped = stopped or tier is Tier.CLEARANCE_REQUIRED
    if stopped and workout.status != WorkoutStatus.STOPPED:
        workout.status = WorkoutStatus.STOPPED
        workout.stop_reason = (
            "pain" if pain is not None and pain >= progression.PAIN_STOP else "back_pain"
        )
        workout.save(update_fields=["status", "stop_reason", "updated_at"])
    return SafetyOutcome(flags=flags, stopped=stopped)


def report_pain(
    *, actor: Membership, workout: Workout, pain: Any, new_back_pain: bool = False
) -> SafetyOutcome:
    """Pain during the session. The session keeps the highest pain reported; the engine's rules
    decide whether it stops."""
    _require_writer(actor, workout.client)
    value = _int(clean_number("pain", pain, required=not new_back_pain))
    with transaction.atomic():
        workout = Workout.objects.select_for_update().select_related("client").get(pk=workout.pk)
        if value is not None:
            workout.pain = value if workout.pain is None else max(workout.pain, value)
        workout.new_back_pain = workout.new_back_pain or new_back_pain
        workout.save(update_fields=["pain", "new_back_pain", "updated_at"])
        return _apply_safety(workout, actor)


@dataclass(frozen=True)
class FinishInput:
    key: Any
    session_rpe: Any = None
    pain: Any = None
    new_back_pain: bool = False
    duration_min: Any = None
    impact_contacts: Any = None
    notes: str = ""


@dataclass(frozen=True)
class FinishResult:
    workout: Workout
    safety: SafetyOutcome
    replay: bool


def finish_workout(*, actor: Membership, workout: Workout, data: FinishInput) -> FinishResult:
    """End a session with pain (0–10), session RPE, minutes, impact contacts and notes.

    The same key again returns the session unchanged; a new key corrects the end values (the
    flags already raised stay: a flag is resolved by a person, never by an edit)."""
    _require_writer(actor, workout.client)
    key = parse_key(data.key)
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for name in ("session_rpe", "pain", "duration_min", "impact_contacts"):
        try:
            values[name] = clean_number(name, getattr(data, name), required=name == "pain")
        except ValidationError as error:
            errors.update(error.message_dict)
    notes = (data.notes or "").strip()
    if len(notes) > 2000:
        errors["notes"] = [_("Keep the notes under 2000 characters.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        workout = Workout.objects.select_for_update().select_related("client").get(pk=workout.pk)
        if workout.finish_key == key:
            return FinishResult(workout=workout, safety=SafetyOutcome([], False), replay=True)
        known = Workout.objects.filter(finish_key=key).exclude(pk=workout.pk).exists()
        if known:
            raise ValidationError({"idempotency_key": _("This key finished another session.")})
        pain = _int(values["pain"])
        # The session keeps the highest pain reported during it.
        workout.pain = pain if workout.pain is None else max(workout.pain, pain or 0)
        workout.new_back_pain = workout.new_back_pain or bool(data.new_back_pain)
        workout.session_rpe = values["session_rpe"]
        workout.duration_min = _int(values["duration_min"])
        workout.impact_contacts = _int(values["impact_contacts"])
        workout.notes = notes
        workout.finish_key = key
        if workout.status == WorkoutStatus.OPEN:
            workout.status = WorkoutStatus.DONE
        workout.finished_at = workout.finished_at or timezone.now()
        workout.save()
        safety = _apply_safety(workout, actor)
        record_event(
            gym=workout.gym_id,
            actor=actor.user,
            action="workout.finish",
            obj=workout,
            client_id=workout.client_id,
            detail={"status": workout.status, "pain": workout.pain},
        )
    return FinishResult(workout=workout, safety=safety, replay=False)


def resolve_flag(*, actor: Membership, flag: Flag, resolution: str) -> Flag:
    """A staff member closes a flag, saying what was done (e.g. "seen by her physician, cleared
    to train")."""
    _require_writer(actor, flag.client)
    resolution = (resolution or "").strip()
    if not resolution:
        raise ValidationError({"resolution": _("Say what was done about it.")})
    if len(resolution) > 300:
        raise ValidationError({"resolution": _("Keep it under 300 characters.")})
    with transaction.atomic():
        flag = Flag.objects.select_for_update().get(pk=flag.pk)
        if flag.resolved_at is not None:
            return flag
        flag.resolved_at = timezone.now()
        flag.resolved_by = actor.user
        flag.resolution = resolution
        flag.save(update_fields=["resolved_at", "resolved_by", "resolution"])
        record_event(
            gym=flag.gym_id,
            actor=actor.user,
            action="flag.resolve",
            obj=flag,
            client_id=flag.client_id,
            detail={"kind": flag.kind},
        )
    return flag

"""Writes of self-reports: a home session, a night's sleep, a nutrition check.

Who may write: the client about themself, the owner, and the client's assigned trainer
(`Access.SELF_REPORT`). Staff recording on a client's behalf need the client's recorded consent to
storing health data, as for every other health fact; a client entering their own data is giving it
themself. Every write is safe to retry: a home session by its idempotency key, a night by its date,
a nutrition check by its day.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from osteoload.accounts.models import Membership, Role
from osteoload.accounts.permissions import Access, can_access_client
from osteoload.audit.services import record_event
from osteoload.clients.models import Client, HealthProfile
from osteoload.engine import ENGINE_VERSION
from osteoload.engine import nutrition as nutrition_engine
from osteoload.engine.errors import InputError
from osteoload.engine.progression import PAIN_REVIEW, PAIN_STOP, POLICY

from .models import HomeSession, NutritionCheck, SleepLog

# Product policy (osteoload_policy): self-reports may be entered up to a year back (catching up
# after a holiday); older dates are almost always typing errors.
OLDEST_DAYS = 365
MAX_MINUTES = 600  # policy: ten hours of home practice in one entry is a typing error
MAX_SETS = 30  # policy
MAX_EXERCISES = 20  # more ticked items than any day's plan has is not a real entry
EXERCISE_ID = re.compile(r"^[a-z][a-z0-9_]{0,79}$")  # catalogue ids and "walking"


def _check_writer(actor: Membership, client: Client) -> None:
    if not can_access_client(actor, client, Access.SELF_REPORT):
        raise PermissionDenied("not allowed to record for this client")
    if actor.role != Role.CLIENT:
        consent = (
            HealthProfile.objects.filter(client=client, consent_given=True)
            .values_list("pk", flat=True)
            .first()
        )
        if consent is None:
            raise ValidationError(
                _("Record the client's consent to storing health data first (basic facts)."),
                code="no_consent",
            )


def _check_day(day: dt.date, field: str, today: dt.date) -> None:
    if day > today:
        raise ValidationError({field: _("This date is in the future.")}, code="future")
    if day < today - dt.timedelta(days=OLDEST_DAYS):
        raise ValidationError({field: _("This date is more than a year ago.")}, code="too_old")


# --- sleep ---------------------------------------------------------------------------------------


def log_sleep(
    *,
    actor: Membership,
    client: Client,
    night_of: dt.date,
    hours_asleep: Decimal | float,
    time_in_bed_h: Decimal | float,
    rested: int | None = None,
    today: dt.date | None = None,
) -> SleepLog:
    """Record (or correct) the night that began on `night_of`. Logging the same night again
    replaces its values, so a retry or a correction never adds a second row."""
    today = today or timezone.localdate()
    _check_writer(actor, client)
    _check_day(night_of, "night_of", today)
    asleep = Decimal(str(hours_asleep)).quantize(Decimal("0.1"))
    in_bed = Decimal(str(time_in_bed_h)).quantize(Decimal("0.1"))
    errors: dict[str, str] = {}
    if not Decimal(0) <= asleep <= Decimal(16):
        errors["hours_asleep"] = _("Hours asleep must be between 0 and 16.")
    if not Decimal(0) <= in_bed <= Decimal(24):
        errors["time_in_bed_h"] = _("Hours in bed must be between 0 and 24.")
    elif in_bed < asleep:
        errors["time_in_bed_h"] = _("Time in bed cannot be shorter than the time asleep.")
    if rested is not None and not 1 <= rested <= 5:
        errors["rested"] = _("Choose 1 to 5.")
    if errors:
        raise ValidationError(errors, code="invalid")
    values = {
        "gym_id": client.gym_id,
        "hours_asleep": asleep,
        "time_in_bed_h": in_bed,
        "rested": rested,
        "recorded_by": actor.user,
    }
    for _attempt in range(2):
        try:
            with transaction.atomic():
                log, _created = SleepLog.objects.update_or_create(
                    client=client, night_of=night_of, defaults=values
                )
            return log
        except IntegrityError:
            continue  # two sends of the same night at once: the second updates the first
    raise ValidationError(_("Please try again."), code="conflict")


# --- home practice -------------------------------------------------------------------------------


@dataclass(frozen=True)
class HomeSessionResult:
    session: HomeSession
    created: bool  # False: the same form was sent before; nothing new was stored

    @property
    def pain_stop(self) -> bool:
        return self.session.pain is not None and self.session.pain >= PAIN_STOP

    @property
    def pain_review(self) -> bool:
        return self.session.pain is not None and PAIN_REVIEW <= self.session.pain < PAIN_STOP


def log_home_session(
    *,
    actor: Membership,
    client: Client,
    key: uuid.UUID,
    done_on: dt.date,
    exercises: list[str] | None = None,
    balance_min: int = 0,
    back_extension_sets: int = 0,
    walk_min: int = 0,
    pain: int | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> HomeSessionResult:
    """Record a home session once per `key` (the form's idempotency key): sending the same form
    again returns the stored session unchanged. A pain of 7 or more (the engine's stop rule) raises
    a flag that stops gym training until a trainer resolves it; 5 or more asks for a review."""
    today = today or timezone.localdate()
    _check_writer(actor, client)
    existing = HomeSession.objects.filter(idempotency_key=key).first()
    if existing is not None:
        if existing.client_id != client.pk:
            raise ValidationError(_("Please reload the page and try again."), code="key_reused")
        return HomeSessionResult(existing, created=False)
    _check_day(done_on, "done_on", today)
    errors: dict[str, str] = {}
    for name, value, top in (
        ("balance_min", balance_min, MAX_MINUTES),
        ("walk_min", walk_min, MAX_MINUTES),
        ("back_extension_sets", back_extension_sets, MAX_SETS),
    ):
        if not 0 <= value <= top:
            errors[name] = _("Enter a number from 0 to %(top)d.") % {"top": top}
    if pain is not None and not 0 <= pain <= 10:
        errors["pain"] = _("Choose 0 to 10.")
    done = sorted(set(exercises or []))
    if len(done) > MAX_EXERCISES or not all(EXERCISE_ID.match(e) for e in done):
        errors["exercises"] = _("Choose from today's list.")
    if not errors and balance_min == 0 and back_extension_sets == 0 and walk_min == 0:
        errors["balance_min"] = _("Enter what you did: minutes or sets.")
    if errors:
        raise ValidationError(errors, code="invalid")
    try:
        with transaction.atomic():
            session = HomeSession.objects.create(
                gym_id=client.gym_id,
                client=client,
                recorded_by=actor.user,
                done_on=done_on,
                exercises=done,
                balance_min=balance_min,
                back_extension_sets=back_extension_sets,
                walk_min=walk_min,
                pain=pain,
                note=note.strip()[:300],
                idempotency_key=key,
            )
            if pain is not None and pain >= PAIN_REVIEW:
                _raise_pain_flag(actor=actor, client=client, session=session)
    except IntegrityError:
        # The same key arrived twice at once: the other request stored it.
        session = HomeSession.objects.get(idempotency_key=key, client=client)
        return HomeSessionResult(session, created=False)
    return HomeSessionResult(session, created=True)


def _raise_pain_flag(*, actor: Membership, client: Client, session: HomeSession) -> None:
    """Ask the trainer to look, with the session-logging app's flag (the same rules as in the gym:
    pain ≥ 7 stops training until a staff member resolves it, pain ≥ 5 asks for a review)."""
    if not apps.is_installed("osteoload.workouts"):
        return
    from osteoload.workouts.models import Flag, FlagKind

    assert session.pain is not None
    stop = session.pain >= PAIN_STOP
    kind = FlagKind.PAIN_STOP if stop else FlagKind.PAIN_REVIEW
    flag = Flag.objects.create(
        gym_id=client.gym_id,
        client=client,
        workout=None,
        kind=kind,
        pain=session.pain,
        raised_by=actor.user,
        detail={
            "rule": "pain_stop" if stop else "pain_reduce",
            "source": POLICY,
            "threshold": PAIN_STOP if stop else PAIN_REVIEW,
            "home_session": session.pk,
            "done_on": session.done_on.isoformat(),
        },
    )
    record_event(
        gym=client.gym_id,
        actor=actor.user,
        action="flag.raise",
        obj=flag,
        client_id=client.pk,
        detail={"kind": str(kind), "pain": session.pain, "home_session": session.pk},
    )


# --- nutrition -----------------------------------------------------------------------------------


def nutrition_request(client: Client, foods: dict[str, Any]) -> dict[str, Any]:
    """The engine request for a client's food answers (five queries for the profile)."""
    from osteoload.clients.services import engine_profile_for

    return {"profile": engine_profile_for(client).to_dict(), "foods": foods}


def record_nutrition_check(
    *,
    actor: Membership,
    client: Client,
    foods: dict[str, Any],
    checked_on: dt.date | None = None,
) -> NutritionCheck:
    """Run the engine's food-frequency check and keep the answer with the day's result (one per
    day: checking again the same day replaces it)."""
    checked_on = checked_on or timezone.localdate()
    _check_writer(actor, client)
    try:
        result = nutrition_engine.estimate(nutrition_request(client, foods))
    except InputError as error:
        raise ValidationError({"foods": f"{error.field}: {error.problem}"}, code="engine") from None
    # keep what the engine read, nothing else a caller put in an entry
    kept = {
        food: {"servings": e["servings"], "per": e.get("per", "day")} for food, e in foods.items()
    }
    values = {
        "gym_id": client.gym_id,
        "foods": kept,
        "result": result,
        "engine_version": ENGINE_VERSION,
        "recorded_by": actor.user,
    }
    for _attempt in range(2):
        try:
            with transaction.atomic():
                check, _created = NutritionCheck.objects.update_or_create(
                    client=client, checked_on=checked_on, defaults=values
                )
            return check
        except IntegrityError:
            continue
    raise ValidationError(_("Please try again."), code="conflict")

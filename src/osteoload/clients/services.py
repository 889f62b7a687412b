"""Writes of client records, trainer assignments and health facts. Each write is authorised and
audited; each change of a health fact stores a fresh assessment (`reassess`).

`engine_profile_for` is the one place the stored facts become the engine's `ClientProfile`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from osteoload.accounts.models import Membership, Role, User
from osteoload.accounts.permissions import (
    Access,
    can_access_client,
    can_create_client,
    can_manage_gym,
)
from osteoload.audit.services import record_event
from osteoload.engine import ENGINE_VERSION
from osteoload.engine.assessment import assess
from osteoload.engine.errors import InputError
from osteoload.engine.profile import ClientProfile, parse_profile

from .models import (
    Assessment,
    Clearance,
    Client,
    ClientStatus,
    DxaResult,
    Fracture,
    FunctionalTest,
    HealthProfile,
    TrainerAssignment,
)


def create_client(
    *,
    actor: Membership,
    family_name: str,
    given_name: str,
    sex: str,
    birth_date: dt.date,
    family_name_kana: str = "",
    given_name_kana: str = "",
    email: str = "",
    phone: str = "",
    user: User | None = None,
    status: str = ClientStatus.ACTIVE,
    trainer: Membership | None = None,
) -> Client:
    """Create a client record. A trainer who creates a client becomes its trainer (they are about
    to take the intake); the owner may name a trainer; the front desk leaves it to the owner."""
    if not can_create_client(actor):
        raise PermissionDenied("only staff create client records")
    if trainer is not None and not can_manage_gym(actor):
        raise PermissionDenied("only the owner of the gym assigns trainers")
    if trainer is None and actor.role == Role.TRAINER:
        trainer = actor
    client = Client(
        gym_id=actor.gym_id,
        user=user,
        family_name=family_name.strip(),
        given_name=given_name.strip(),
        family_name_kana=family_name_kana.strip(),
        given_name_kana=given_name_kana.strip(),
        sex=sex,
        birth_date=birth_date,
        email=email.strip().lower(),
        phone=phone.strip(),
        status=status,
    )
    client.full_clean()
    with transaction.atomic():
        client.save()
        record_event(
            gym=actor.gym_id,
            actor=actor.user,
            action="client.create",
            obj=client,
            client_id=client.pk,
        )
        if trainer is not None:
            _open_assignment(actor=actor, client=client, trainer=trainer)
    return client


def assign_trainer(
    *, actor: Membership, client: Client, trainer: Membership, since: dt.date | None = None
) -> TrainerAssignment:
    """Open an assignment (owner only); assigning an assigned trainer returns the open one."""
    if not can_manage_gym(actor) or client.gym_id != actor.gym_id:
        raise PermissionDenied("only the owner of the gym assigns trainers")
    return _open_assignment(actor=actor, client=client, trainer=trainer, since=since)


def _open_assignment(
    *, actor: Membership, client: Client, trainer: Membership, since: dt.date | None = None
) -> TrainerAssignment:
    if trainer.gym_id != client.gym_id or trainer.role not in (Role.TRAINER, Role.OWNER):
        raise ValidationError(_("Only a trainer or the owner of this gym can be assigned."))
    since = since or timezone.localdate()
    with transaction.atomic():
        existing = TrainerAssignment.objects.filter(
            trainer=trainer, client=client, until__isnull=True
        ).first()
        if existing is not None:
            return existing
        assignment = TrainerAssignment.objects.create(
            gym_id=client.gym_id,
            trainer=trainer,
            client=client,
            since=since,
            assigned_by=actor.user,
        )
        record_event(
            gym=actor.gym_id,
            actor=actor.user,
            action="assignment.start",
            obj=assignment,
            client_id=client.pk,
            detail={"trainer": trainer.user_id, "since": since.isoformat()},
        )
    return assignment


def end_assignment(
    *, actor: Membership, assignment: TrainerAssignment, until: dt.date | None = None
) -> TrainerAssignment:
    """Close an assignment (owner only); the row stays as history."""
    if not can_manage_gym(actor) or assignment.gym_id != actor.gym_id:
        raise PermissionDenied("only the owner of the gym ends assignments")
    until = until or timezone.localdate()
    if until < assignment.since:
        raise ValidationError(_("The end date cannot be before the start date."))
    with transaction.atomic():
        assignment.until = until
        assignment.save(update_fields=["until"])
        record_event(
            gym=actor.gym_id,
            actor=actor.user,
            action="assignment.end",
            obj=assignment,
            client_id=assignment.client_id,
            detail={"until": until.isoformat()},
        )
    return assignment


# --- the engine's view of a client ---------------------------------------------------------------


def _num(value: Decimal | int | None) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, int):
        return value
    number = float(value)
    return int(number) if number.is_integer() else number


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole months from `earlier` to `later` (0 when `later` is not after it)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(months, 0)


def latest_test_values(tests: list[FunctionalTest]) -> dict[str, Any]:
    """The newest recorded value of each test (tests newest first). ASMI and its method come from
    the same day: a value is meaningless without the method that measured it."""
    values: dict[str, Any] = {}
    for test in tests:
        for name in FunctionalTest.VALUE_FIELDS:
            value = getattr(test, name)
            if name not in values and value is not None:
                values[name] = _num(value)
                values[f"{name}__date"] = test.tested_on
                if name == "asmi_kg_m2" and test.asmi_method:
                    values["asmi_method"] = test.asmi_method
    return values


def latest_dxa_per_site(results: list[DxaResult]) -> list[DxaResult]:
    """The newest result of each site (results in any order; ties: the later entry)."""
    newest: dict[str, DxaResult] = {}
    for result in results:
        best = newest.get(result.site)
        if best is None or (result.measured_on, result.pk or 0) > (best.measured_on, best.pk or 0):
            newest[result.site] = result
    return sorted(newest.values(), key=lambda r: r.site)


def profile_data(
    client: Client,
    *,
    today: dt.date | None = None,
    dxa_results: list[DxaResult] | None = None,
    tests_newest_first: list[FunctionalTest] | None = None,
) -> dict[str, Any]:
    """The client's facts as an `osteoload.profile/1` object (unknown facts left out).

    Five queries: health profile, DXA results, fractures, functional tests, latest clearance;
    three when the caller has already read all the client's DXA results and functional tests
    (the progress page shows them anyway).
    """
    today = today or timezone.localdate()
    data: dict[str, Any] = {"age": client.age_on(today), "sex": client.sex}
    health = HealthProfile.objects.filter(client=client).first()
    female = client.sex == "female"
    if health is not None:
        data.update(
            {
                "height_cm": _num(health.height_cm),
                "weight_kg": _num(health.weight_kg),
                "falls_past_year": health.falls_past_year,
                "fall_injury": health.fall_injury,
                "physically_active": health.physically_active,
                "experience": health.experience or None,
                "sessions_per_week": health.sessions_per_week,
            }
        )
        if female and health.menopause:
            data["menopause"] = health.menopause
            if health.menopause == "post":
                data["years_since_menopause"] = _num(health.years_since_menopause)
        if health.conditions:
            data["conditions"] = sorted(health.conditions)
        if health.medications:
            data["medications"] = sorted(health.medications)
        if health.equipment is not None:
            data["equipment"] = sorted(health.equipment)
    if dxa_results is None:
        dxa_results = list(DxaResult.objects.filter(client=client))
    # Every scan, oldest first: an earlier lower one still decides the category (the engine's
    # `camacho_2020_aace`); the client's page marks which are the latest.
    dxa = sorted(dxa_results, key=lambda r: (r.measured_on, r.pk or 0))
    if dxa:
        data["dxa"] = [
            {
                "site": d.site,
                "t_score": _num(d.t_score),
                "z_score": _num(d.z_score),
                "yam_percent": _num(d.yam_percent),
                "bmd_g_cm2": _num(d.bmd_g_cm2),
                "date": d.measured_on.isoformat(),
            }
            for d in dxa
        ]
    fractures = list(Fracture.objects.filter(client=client).order_by("id"))
    if fractures:
        data["fractures"] = [
            {
                "site": f.site,
                "fragility": f.fragility,
                "months_ago": None
                if f.occurred_on is None
                else months_between(f.occurred_on, today),
            }
            for f in fractures
        ]
    tests = tests_newest_first
    if tests is None:
        tests = list(FunctionalTest.objects.filter(client=client).order_by("-tested_on", "-id"))
    data.update({k: v for k, v in latest_test_values(tests).items() if "__" not in k})
    clearance = Clearance.objects.filter(client=client).order_by("-decided_on", "-id").first()
    if clearance is not None:
        data["clearance"] = {
            "cleared": clearance.cleared,
            "by": clearance.physician or None,
            "date": clearance.decided_on.isoformat(),
        }
    return _drop_none(data)


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def engine_profile_for(
    client: Client,
    *,
    today: dt.date | None = None,
    dxa_results: list[DxaResult] | None = None,
    tests_newest_first: list[FunctionalTest] | None = None,
) -> ClientProfile:
    """The engine's `ClientProfile` of the client from the latest stored facts: the newest DXA
    result per site, the newest value of each functional test, the latest clearance; fracture
    dates become months ago and the age is taken on `today` (Tokyo date by default).

    Raises ValidationError when the stored facts do not make a valid profile (e.g. an age outside
    18–110), naming the engine field.
    """
    try:
        data = profile_data(
            client,
            today=today,
            dxa_results=dxa_results,
            tests_newest_first=tests_newest_first,
        )
        return parse_profile(data)
    except InputError as error:
        raise ValidationError({error.field or "profile": error.problem}, code="engine") from None


# --- assessments ---------------------------------------------------------------------------------


def reassess(
    *, client: Client, actor: User | None, reason: str, today: dt.date | None = None
) -> Assessment:
    """Assess the client's current facts with the engine and store the result (a new row: the
    history of assessments stays). Called by every service that changes a health fact, inside its
    transaction, so a change the engine refuses is not saved either."""
    profile = engine_profile_for(client, today=today)
    try:
        result = assess(profile)
    except InputError as error:
        raise ValidationError({error.field or "profile": error.problem}, code="engine") from None
    document = result.to_dict()
    return Assessment.objects.create(
        gym_id=client.gym_id,
        client=client,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        engine_version=ENGINE_VERSION,
        tier=document["tier"],
        result=document,
        profile=profile.to_dict(),
        reason=reason[:40],
    )


# --- changing health facts -----------------------------------------------------------------------


def _require_health_write(actor: Membership, client: Client) -> None:
    if not can_access_client(actor, client, Access.HEALTH_WRITE):
        raise PermissionDenied("not allowed to change this client's health data")


def _require_consent(client: Client) -> HealthProfile:
    health = HealthProfile.objects.filter(client=client).first()
    if health is None or not health.consent_given:
        raise ValidationError(
            _("Record the client's consent to storing health data first (basic facts)."),
            code="no_consent",
        )
    return health


CLIENT_FIELDS = (
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "sex",
    "birth_date",
    "email",
    "phone",
)
HEALTH_FIELDS = (
    "height_cm",
    "weight_kg",
    "menopause",
    "years_since_menopause",
    "falls_past_year",
    "fall_injury",
    "conditions",
    "medications",
    "physically_active",
    "experience",
    "equipment",
    "sessions_per_week",
    "consent_given",
    "consent_date",
    "notes",
)


def save_intake(
    *,
    actor: Membership,
    client: Client,
    reason: str,
    client_fields: dict[str, Any] | None = None,
    health_fields: dict[str, Any] | None = None,
    today: dt.date | None = None,
) -> Assessment:
    """Change intake facts (a section of the intake form) and store the new assessment.

    `client_fields` change the client record (names, sex, date of birth, contact), `health_fields`
    the health profile. Menopause facts are cleared for men and years since menopause unless
    after it. Raises ValidationError naming the field when the model or the engine refuses.
    """
    _require_health_write(actor, client)
    client_fields = client_fields or {}
    health_fields = health_fields or {}
    unknown = (set(client_fields) - set(CLIENT_FIELDS)) | (set(health_fields) - set(HEALTH_FIELDS))
    if unknown:
        raise ValueError(f"not intake fields: {sorted(unknown)}")
    with transaction.atomic():
        health, _created = HealthProfile.objects.get_or_create(
            client=client, defaults={"gym_id": client.gym_id}
        )
        consent = health_fields.get("consent_given", health.consent_given)
        if not consent:
            raise ValidationError(
                {"consent_given": _("The client's consent is needed to store health data.")},
                code="no_consent",
            )
        for name, value in client_fields.items():
            setattr(client, name, value.strip() if isinstance(value, str) else value)
        client.email = client.email.lower()
        client.full_clean()
        client.save()
        for name, value in health_fields.items():
            setattr(health, name, value)
        if health.consent_given and health.consent_date is None:
            health.consent_date = today or timezone.localdate()
        if client.sex != "female":
            health.menopause = ""
        if health.menopause != "post":
            health.years_since_menopause = None
        health.updated_by = actor.user
        _decimals(health)
        health.full_clean()
        health.save()
        changed = sorted([*client_fields, *(f for f in health_fields if f not in ("notes",))])
        record_event(
            gym=actor.gym_id,
            actor=actor.user,
            action=f"intake.{reason}"[:60],
            obj=health,
            client_id=client.pk,
            detail={"fields": changed},
        )
        return reassess(client=client, actor=actor.user, reason=f"intake.{reason}", today=today)


def _decimals(instance: Any) -> None:
    """Floats given to decimal fields become the decimals they look like (-1.2, not
    -1.1999999999999999555910790149937383830547332763671875)."""
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if field.get_internal_type() == "DecimalField" and isinstance(value, float | int):
            setattr(instance, field.attname, Decimal(repr(value)))


def _add_fact(
    *, actor: Membership, client: Client, fact: Any, action: str, today: dt.date | None
) -> Assessment:
    _require_health_write(actor, client)
    with transaction.atomic():
        _require_consent(client)
        fact.gym_id = client.gym_id
        fact.client = client
        fact.recorded_by = actor.user
        _decimals(fact)
        fact.full_clean()
        fact.save()
        record_event(
            gym=actor.gym_id, actor=actor.user, action=action, obj=fact, client_id=client.pk
        )
        return reassess(client=client, actor=actor.user, reason=action, today=today)


def _check_not_future(day: dt.date | None, field: str, today: dt.date | None) -> None:
    if day is not None and day > (today or timezone.localdate()):
        raise ValidationError({field: _("This date is in the future.")}, code="future")


def add_dxa_result(
    *,
    actor: Membership,
    client: Client,
    measured_on: dt.date,
    site: str,
    t_score: Decimal | float | None = None,
    z_score: Decimal | float | None = None,
    yam_percent: Decimal | float | None = None,
    bmd_g_cm2: Decimal | float | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> DxaResult:
    """Record one site of a DXA scan (at least one of T, Z, %YAM or BMD) and reassess."""
    _check_not_future(measured_on, "measured_on", today)
    if all(v is None for v in (t_score, z_score, yam_percent, bmd_g_cm2)):
        raise ValidationError(
            _("Enter at least one of T-score, Z-score, %YAM or BMD."), code="empty"
        )
    result = DxaResult(
        measured_on=measured_on,
        site=site,
        t_score=t_score,
        z_score=z_score,
        yam_percent=yam_percent,
        bmd_g_cm2=bmd_g_cm2,
        note=note.strip(),
    )
    _add_fact(actor=actor, client=client, fact=result, action="dxa.add", today=today)
    return result


def add_fracture(
    *,
    actor: Membership,
    client: Client,
    site: str,
    fragility: bool,
    occurred_on: dt.date | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> Fracture:
    _check_not_future(occurred_on, "occurred_on", today)
    fracture = Fracture(site=site, fragility=fragility, occurred_on=occurred_on, note=note.strip())
    _add_fact(actor=actor, client=client, fact=fracture, action="fracture.add", today=today)
    return fracture


def add_functional_test(
    *,
    actor: Membership,
    client: Client,
    tested_on: dt.date,
    values: dict[str, Any],
    asmi_method: str = "",
    note: str = "",
    today: dt.date | None = None,
) -> FunctionalTest:
    """Record the tests done on one day (`values`: FunctionalTest.VALUE_FIELDS, at least one)."""
    _check_not_future(tested_on, "tested_on", today)
    unknown = set(values) - set(FunctionalTest.VALUE_FIELDS)
    if unknown:
        raise ValueError(f"not test fields: {sorted(unknown)}")
    if all(values.get(name) is None for name in FunctionalTest.VALUE_FIELDS):
        raise ValidationError(_("Enter the result of at least one test."), code="empty")
    if values.get("asmi_kg_m2") is not None and not asmi_method:
        raise ValidationError(
            {"asmi_method": _("Say how the muscle mass was measured (DXA or BIA).")},
            code="required",
        )
    test = FunctionalTest(
        tested_on=tested_on,
        asmi_method=asmi_method if values.get("asmi_kg_m2") is not None else "",
        note=note.strip(),
        **values,
    )
    _add_fact(actor=actor, client=client, fact=test, action="test.add", today=today)
    return test


def record_clearance(
    *,
    actor: Membership,
    client: Client,
    cleared: bool,
    decided_on: dt.date,
    physician: str = "",
    note: str = "",
    today: dt.date | None = None,
) -> Clearance:
    """Record a physician's answer; the latest answer is the one the engine sees."""
    _check_not_future(decided_on, "decided_on", today)
    clearance = Clearance(
        cleared=cleared, decided_on=decided_on, physician=physician.strip(), note=note.strip()
    )
    _add_fact(actor=actor, client=client, fact=clearance, action="clearance.add", today=today)
    return clearance


FACT_MODELS: dict[str, type[DxaResult | Fracture | FunctionalTest | Clearance]] = {
    "dxa": DxaResult,
    "fracture": Fracture,
    "test": FunctionalTest,
    "clearance": Clearance,
}


def remove_fact(
    *, actor: Membership, client: Client, kind: str, fact_id: int, today: dt.date | None = None
) -> Assessment:
    """Remove a history row entered by mistake (the audit log keeps what it was) and reassess."""
    _require_health_write(actor, client)
    model = FACT_MODELS[kind]
    with transaction.atomic():
        fact = model.objects.filter(pk=fact_id, client=client).first()
        if fact is None:
            raise ValidationError(_("That entry no longer exists."), code="missing")
        snapshot = {
            f.name: str(getattr(fact, f.name))
            for f in model._meta.concrete_fields
            if f.name not in ("gym", "client", "recorded_by")
        }
        fact.delete()
        record_event(
            gym=actor.gym_id,
            actor=actor.user,
            action=f"{kind}.remove",
            object_type=model._meta.label_lower,
            object_id=fact_id,
            client_id=client.pk,
            detail={"removed": snapshot},
        )
        return reassess(client=client, actor=actor.user, reason=f"{kind}.remove", today=today)


def reassess_now(*, actor: Membership, client: Client, today: dt.date | None = None) -> Assessment:
    """Assess again without a change of facts: the age, the months since a fracture or the engine
    version may have moved on since the last assessment."""
    _require_health_write(actor, client)
    _require_consent(client)
    with transaction.atomic():
        record_event(
            gym=actor.gym_id,
            actor=actor.user,
            action="assessment.refresh",
            obj=client,
            client_id=client.pk,
        )
        return reassess(client=client, actor=actor.user, reason="refresh", today=today)

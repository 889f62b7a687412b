"""Reads of client records. Every read of health data goes through `get_client_for`.

`get_client_for` is the gate: it scopes by gym, checks the permission model
(`osteoload.accounts.permissions`) and records the access in the audit log — a constant number of
queries (membership, client, assignment for trainers, one audit INSERT).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, ExtractDay, ExtractMonth, ExtractYear
from django.db.models.lookups import Exact, GreaterThan
from django.http import Http404
from django.utils import timezone

from osteoload.accounts.models import Membership, Role, User
from osteoload.accounts.permissions import HEALTH_ACCESS, Access, can_access_client
from osteoload.accounts.selectors import membership_for_user
from osteoload.audit.services import record_event
from osteoload.engine import ENGINE_VERSION

from .models import (
    Assessment,
    Clearance,
    Client,
    DxaResult,
    Fracture,
    FunctionalTest,
    HealthProfile,
    Tier,
    TrainerAssignment,
)

_UNSET = object()


def get_client_for(
    *,
    user: User,
    client_id: int | str,
    purpose: str,
    access: Access = Access.HEALTH_READ,
    membership: Membership | object | None = _UNSET,
) -> Client:
    """The client `client_id` if `user` may do `access` on it, for `purpose` (e.g. "program.view").

    Raises Http404 when the client does not exist in the user's gym (another gym's client is
    indistinguishable from a missing one), PermissionDenied when the role does not allow it.
    Health-data access, granted or refused, is written to the audit log with `purpose` as action.
    Pass `membership` (e.g. `request.membership`) to save a query.
    """
    if membership is _UNSET:
        membership = membership_for_user(user=user) if user.is_authenticated else None
    assert membership is None or isinstance(membership, Membership)
    if membership is None or not membership.is_active:
        raise PermissionDenied("no active membership in a gym")
    try:
        pk = int(client_id)
    except (TypeError, ValueError):
        raise Http404("no such client") from None
    client = Client.objects.filter(pk=pk, gym_id=membership.gym_id).first()
    if client is None:
        if access in HEALTH_ACCESS:
            record_event(
                gym=membership.gym_id,
                actor=user,
                action="denied",
                object_type="clients.client",
                object_id=pk,
                detail={"purpose": purpose, "access": str(access), "reason": "not_in_gym"},
            )
        raise Http404("no such client")
    if not can_access_client(membership, client, access):
        if access in HEALTH_ACCESS:
            record_event(
                gym=membership.gym_id,
                actor=user,
                action="denied",
                obj=client,
                client_id=client.pk,
                detail={"purpose": purpose, "access": str(access), "role": membership.role},
            )
        raise PermissionDenied("not allowed for this client")
    if access in HEALTH_ACCESS:
        record_event(
            gym=membership.gym_id,
            actor=user,
            action=purpose,
            obj=client,
            client_id=client.pk,
            detail={"access": str(access)},
        )
    return client


def client_directory(*, membership: Membership | None, search: str = "") -> QuerySet[Client]:
    """The clients whose names and contact this member may see (staff: the whole gym)."""
    if membership is None or not membership.is_active or not membership.is_staff_member:
        return Client.objects.none()
    clients = Client.objects.filter(gym_id=membership.gym_id)
    search = search.strip()
    if search:
        clients = clients.filter(
            Q(family_name__icontains=search)
            | Q(given_name__icontains=search)
            | Q(family_name_kana__icontains=search)
            | Q(given_name_kana__icontains=search)
            | Q(email__icontains=search)
            | Q(phone__icontains=search)
        )
    return clients


def clients_with_health_access(*, membership: Membership | None) -> QuerySet[Client]:
    """The clients whose health data this member may see: the owner all of the gym's, a trainer
    those assigned to them today, a client their own record, the front desk none."""
    if membership is None or not membership.is_active:
        return Client.objects.none()
    clients = Client.objects.filter(gym_id=membership.gym_id)
    if membership.role == Role.OWNER:
        return clients
    if membership.role == Role.TRAINER:
        assigned = TrainerAssignment.objects.active().filter(trainer=membership)
        return clients.filter(pk__in=assigned.values("client_id"))
    if membership.role == Role.CLIENT:
        return clients.filter(user_id=membership.user_id)
    return Client.objects.none()


def own_client_record(*, membership: Membership | None) -> Client | None:
    """A client user's own record in their gym (one query), or None."""
    if membership is None or membership.role != Role.CLIENT:
        return None
    return Client.objects.filter(gym_id=membership.gym_id, user_id=membership.user_id).first()


def active_assignments(*, client: Client) -> QuerySet[TrainerAssignment]:
    return (
        TrainerAssignment.objects.active()
        .filter(client=client)
        .select_related("trainer__user")
        .order_by("since", "id")
    )


def latest_assessment(client: Client) -> Assessment | None:
    """The client's newest stored assessment (one query), or None before the first intake.
    Call it after `get_client_for` has authorised the reader: it does not check again."""
    return Assessment.objects.filter(client=client).order_by("-created_at", "-id").first()


# --- the client list -----------------------------------------------------------------------------

# Product policy (osteoload_policy): a DXA result older than two years is due for a new scan — the
# follow-up interval Japanese practice commonly uses is one to two years.
DXA_DUE_AFTER_DAYS = 730


class Attention(StrEnum):
    """Why a client needs the trainer's attention (shown as labels, filterable together)."""

    NO_ASSESSMENT = "no_assessment"  # intake not done: no stored assessment
    CLEARANCE = "clearance"  # a physician's clearance is required and not given
    NO_DXA = "no_dxa"  # no DXA result recorded
    DXA_DUE = "dxa_due"  # the newest DXA result is older than two years
    OUTDATED = "outdated"  # the stored assessment is from an older engine version
    AGE_MOVED = "age_moved"  # a birthday since the stored assessment (age-based rules may differ)
    NO_TRAINER = "no_trainer"  # no trainer assigned


@dataclass(frozen=True)
class ClientFilters:
    search: str = ""
    tier: str = ""
    trainer_id: int | None = None
    attention: bool = False


def client_rows(
    *, membership: Membership | None, filters: ClientFilters, today: dt.date | None = None
) -> QuerySet[Client]:
    """The client list of a staff member, one query whatever the number of clients.

    Each row carries `health_access` (may this member see the client's health data), and —
    meaningful only with `health_access` — `latest_tier`, `latest_version`, `latest_dxa_on`,
    `assessed_age` (the age in the stored assessment) and `current_age`; plus `has_trainer` and
    `open_assignments`.
    Filters on health data (tier, needs attention) keep only clients whose health data the member
    may see, so a filter cannot reveal what the page would not show.
    """
    today = today or timezone.localdate()
    if membership is None or not membership.is_active or not membership.is_staff_member:
        return Client.objects.none()
    clients = client_directory(membership=membership, search=filters.search)
    latest = Assessment.objects.filter(client=OuterRef("pk")).order_by("-created_at", "-id")
    newest_dxa = DxaResult.objects.filter(client=OuterRef("pk")).order_by("-measured_on")
    open_assignments = TrainerAssignment.objects.active_on(today).filter(client=OuterRef("pk"))
    if membership.role == Role.OWNER:
        health: Any = Value(True)
    elif membership.role == Role.TRAINER:
        health = Exists(open_assignments.filter(trainer=membership))
    else:
        health = Value(False)
    assessed_age = latest.annotate(age=Cast(KT("profile__age"), IntegerField())).values("age")
    clients = clients.annotate(
        health_access=health,
        latest_tier=Subquery(latest.values("tier")[:1]),
        latest_version=Subquery(latest.values("engine_version")[:1]),
        latest_dxa_on=Subquery(newest_dxa.values("measured_on")[:1]),
        assessed_age=Subquery(assessed_age[:1]),
        current_age=_age_on(today),
        has_trainer=Exists(open_assignments),
    )
    if filters.trainer_id is not None:
        clients = clients.filter(Exists(open_assignments.filter(trainer_id=filters.trainer_id)))
    if filters.tier or filters.attention:
        clients = clients.filter(health_access=True)
    if filters.tier:
        clients = clients.filter(latest_tier=filters.tier)
    if filters.attention:
        due = today - dt.timedelta(days=DXA_DUE_AFTER_DAYS)
        clients = clients.filter(
            Q(latest_tier__isnull=True)
            | Q(latest_tier=Tier.CLEARANCE_REQUIRED)
            | Q(latest_dxa_on__isnull=True)
            | Q(latest_dxa_on__lt=due)
            | ~Q(latest_version=ENGINE_VERSION)
            | ~Q(assessed_age=F("current_age"))
            | Q(has_trainer=False)
        )
    return clients.prefetch_related(
        Prefetch(
            "assignments",
            queryset=TrainerAssignment.objects.active_on(today).select_related("trainer__user"),
            to_attr="open_assignments",
        )
    )


def _age_on(day: dt.date) -> Any:
    """The client's age in whole years on `day` as SQL (portable: the difference of years, less
    one before this year's birthday), as `Client.age_on` computes it."""
    month, mday = ExtractMonth("birth_date"), ExtractDay("birth_date")
    before_birthday = GreaterThan(month, day.month) | (
        Exact(month, day.month) & GreaterThan(mday, day.day)
    )
    return ExpressionWrapper(
        Value(day.year)
        - ExtractYear("birth_date")
        - Case(When(before_birthday, then=Value(1)), default=Value(0)),
        output_field=IntegerField(),
    )


def attention_for(row: Client, *, today: dt.date | None = None) -> list[Attention]:
    """Why a row of `client_rows` needs attention (health reasons only with `health_access`)."""
    today = today or timezone.localdate()
    reasons: list[Attention] = []
    if getattr(row, "health_access", False):
        tier = getattr(row, "latest_tier", None)
        dxa_on = getattr(row, "latest_dxa_on", None)
        if tier is None:
            reasons.append(Attention.NO_ASSESSMENT)
        elif tier == Tier.CLEARANCE_REQUIRED:
            reasons.append(Attention.CLEARANCE)
        if tier is not None and getattr(row, "latest_version", None) != ENGINE_VERSION:
            reasons.append(Attention.OUTDATED)
        elif tier is not None and getattr(row, "assessed_age", None) != getattr(
            row, "current_age", None
        ):
            reasons.append(Attention.AGE_MOVED)
        if dxa_on is None:
            reasons.append(Attention.NO_DXA)
        elif dxa_on < today - dt.timedelta(days=DXA_DUE_AFTER_DAYS):
            reasons.append(Attention.DXA_DUE)
    if not getattr(row, "has_trainer", True):
        reasons.append(Attention.NO_TRAINER)
    return reasons


# --- one client's page ---------------------------------------------------------------------------


@dataclass
class ClientHistory:
    """Everything on a client's page, read after `get_client_for` authorised it."""

    health: HealthProfile | None
    assessment: Assessment | None
    dxa: list[DxaResult]
    fractures: list[Fracture]
    tests: list[FunctionalTest]
    clearances: list[Clearance]

    @property
    def current_dxa_ids(self) -> set[int]:
        from .services import latest_dxa_per_site

        return {d.pk for d in latest_dxa_per_site(self.dxa)}

    @property
    def latest_clearance(self) -> Clearance | None:
        return self.clearances[0] if self.clearances else None


def client_history(client: Client) -> ClientHistory:
    """The health profile, latest assessment and histories of a client (six queries)."""
    return ClientHistory(
        health=HealthProfile.objects.filter(client=client).first(),
        assessment=latest_assessment(client),
        dxa=list(DxaResult.objects.filter(client=client).order_by("-measured_on", "site", "-id")),
        fractures=list(Fracture.objects.filter(client=client)),
        tests=list(FunctionalTest.objects.filter(client=client).order_by("-tested_on", "-id")),
        clearances=list(Clearance.objects.filter(client=client).order_by("-decided_on", "-id")),
    )


def assessment_of(client: Client, assessment_id: int) -> Assessment | None:
    return Assessment.objects.filter(client=client, pk=assessment_id).first()


def assessment_history(client: Client, *, limit: int = 50) -> list[Assessment]:
    return list(
        Assessment.objects.filter(client=client)
        .defer("result", "profile")
        .order_by("-created_at", "-id")[:limit]
    )

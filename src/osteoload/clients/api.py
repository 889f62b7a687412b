"""API: the client list, one client, its engine profile and its latest stored assessment.

The same rules as the pages: the list is for staff (tier and attention only for clients whose
health data the caller may see); everything about one client goes through `get_client_for`, which
authorises and writes the audit log. Errors are `{"detail", "code"}` (osteoload.api.core).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from osteoload.accounts.permissions import Access, can_view_client_directory
from osteoload.api.limits import MAX_ID

from . import selectors, services
from .models import Client, Tier

router = Router()
LIST_LIMIT = 500


class ClientDirectoryOut(Schema):
    id: int
    family_name: str
    given_name: str
    family_name_kana: str
    given_name_kana: str
    status: str


class ClientRowOut(ClientDirectoryOut):
    trainers: list[int] = Field(description="membership ids of the assigned trainers")
    health_access: bool = Field(description="whether the caller may read this client's health data")
    tier: str | None = Field(None, description="latest tier (null without health access)")
    attention: list[str] = Field(
        description="why the client needs attention: "
        + ", ".join(a.value for a in selectors.Attention)
        + " (health reasons only with health access)"
    )


class ClientOut(ClientDirectoryOut):
    sex: str
    birth_date: dt.date


class ProfileOut(Schema):
    client_id: int
    schema_: str = Field("osteoload.profile/1", alias="schema")
    profile: dict[str, Any]


class AssessmentOut(Schema):
    id: int
    client_id: int
    created_at: dt.datetime
    engine_version: str
    tier: str
    reason: str
    result: dict[str, Any] = Field(description="osteoload.assessment/1, as the engine wrote it")
    profile: dict[str, Any] = Field(description="the osteoload.profile/1 it was computed from")


def _membership(request: HttpRequest) -> Any:
    return request.membership  # type: ignore[attr-defined]


@router.get("/", response=list[ClientRowOut], summary="The gym's clients (staff)")
def list_clients(
    request: HttpRequest,
    q: str = "",
    tier: str = "",
    trainer: int | None = None,
    attention: bool = False,
) -> list[dict[str, Any]]:
    membership = _membership(request)
    if not can_view_client_directory(membership):
        raise PermissionDenied
    if trainer is not None and not 1 <= trainer <= MAX_ID:
        raise HttpError(422, "trainer must be a trainer's membership id")
    if tier and tier not in Tier.values:
        raise HttpError(422, f"tier must be one of {', '.join(Tier.values)}")
    today = timezone.localdate()
    filters = selectors.ClientFilters(
        search=q[:100].strip(), tier=tier, trainer_id=trainer, attention=attention
    )
    rows = selectors.client_rows(membership=membership, filters=filters, today=today)
    out = []
    for row in rows[:LIST_LIMIT]:
        health = bool(row.health_access)
        out.append(
            {
                "id": row.pk,
                "family_name": row.family_name,
                "given_name": row.given_name,
                "family_name_kana": row.family_name_kana,
                "given_name_kana": row.given_name_kana,
                "status": row.status,
                "trainers": [a.trainer_id for a in row.open_assignments],
                "health_access": health,
                "tier": row.latest_tier if health else None,
                "attention": [str(a) for a in selectors.attention_for(row, today=today)],
            }
        )
    return out


def _client(request: HttpRequest, client_id: int, purpose: str) -> Client:
    return selectors.get_client_for(
        user=request.user,  # type: ignore[arg-type]
        client_id=client_id,
        purpose=purpose,
        access=Access.HEALTH_READ,
        membership=_membership(request),
    )


@router.get("/{client_id}", response=ClientOut, summary="One client (health data: audited)")
def get_client(request: HttpRequest, client_id: int) -> Client:
    return _client(request, client_id, "api.client.view")


@router.get(
    "/{client_id}/profile",
    response=ProfileOut,
    by_alias=True,
    summary="The client's engine profile from the latest facts (osteoload.profile/1)",
)
def get_profile(request: HttpRequest, client_id: int) -> dict[str, Any]:
    client = _client(request, client_id, "api.profile.view")
    profile = services.engine_profile_for(client)
    return {"client_id": client.pk, "schema": "osteoload.profile/1", "profile": profile.to_dict()}


@router.get(
    "/{client_id}/assessment",
    response=AssessmentOut,
    summary="The latest stored assessment (404 before the intake)",
)
def get_assessment(request: HttpRequest, client_id: int) -> Any:
    client = _client(request, client_id, "api.assessment.view")
    stored = selectors.latest_assessment(client)
    if stored is None:
        raise HttpError(404, "This client has no assessment yet.")
    return stored

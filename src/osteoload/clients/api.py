"""API: the client directory and one client (the health data is gated and audited)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema

from osteoload.accounts.permissions import Access, can_view_client_directory

from . import selectors

router = Router()


class ClientDirectoryOut(Schema):
    id: int
    family_name: str
    given_name: str
    family_name_kana: str
    given_name_kana: str
    status: str


class ClientOut(ClientDirectoryOut):
    sex: str
    birth_date: dt.date


@router.get("/", response=list[ClientDirectoryOut], summary="The gym's clients (staff)")
def list_clients(request: HttpRequest, q: str = "") -> list[ClientDirectoryOut]:
    membership = request.membership  # type: ignore[attr-defined]
    if not can_view_client_directory(membership):
        raise PermissionDenied
    clients = selectors.client_directory(membership=membership, search=q[:100])[:500]
    return list(clients)  # type: ignore[arg-type]


@router.get("/{client_id}", response=ClientOut, summary="One client (health data: audited)")
def get_client(request: HttpRequest, client_id: int) -> ClientOut:
    client = selectors.get_client_for(
        user=request.user,  # type: ignore[arg-type]
        client_id=client_id,
        purpose="api.client.view",
        access=Access.HEALTH_READ,
        membership=request.membership,  # type: ignore[attr-defined]
    )
    return client  # type: ignore[return-value]

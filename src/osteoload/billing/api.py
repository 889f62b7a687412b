"""API: products, a client's account, recording a payment taken at the counter."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from osteoload.api.limits import MAX_ID
from osteoload.clients.models import Client

from . import permissions, selectors, services
from .models import MAX_AMOUNT_YEN, LedgerEntry, Product

router = Router()


class ProductOut(Schema):
    id: int
    name: str
    kind: str
    price_yen: int
    tax_yen: int
    sessions: int
    validity_days: int | None


class AccountOut(Schema):
    client_id: int
    balance_yen: int
    outstanding_yen: int
    credits_left: int


class PaymentIn(Schema):
    amount_yen: int = Field(ge=1, le=MAX_AMOUNT_YEN, description="yen, tax included")
    method: str
    method_detail: str = ""
    purchase_id: int | None = Field(None, ge=1, le=MAX_ID)
    reference: str = ""
    confirmed_by_staff: bool = False
    note: str = ""


class EntryOut(Schema):
    id: int
    kind: str
    amount_yen: int
    tax_yen: int
    method: str
    receipt_number: int | None
    created_at: dt.datetime


def _cashier(request: HttpRequest) -> object:
    membership = request.membership  # type: ignore[attr-defined]
    if not permissions.can_take_payments(membership):
        raise PermissionDenied
    return membership


@router.get("/products", response=list[ProductOut], summary="Products on sale (staff)")
def list_products(request: HttpRequest) -> list[Product]:
    membership = request.membership  # type: ignore[attr-defined]
    if membership is None or not membership.is_staff_member:
        raise PermissionDenied
    return list(selectors.products(gym=membership.gym_id))


@router.get("/clients/{client_id}/account", response=AccountOut, summary="A client's account")
def account(request: HttpRequest, client_id: int) -> AccountOut:
    membership = _cashier(request)
    client = get_object_or_404(Client, pk=client_id, gym_id=membership.gym_id)  # type: ignore[attr-defined]
    found = selectors.account(client=client)
    return AccountOut(
        client_id=client.pk,
        balance_yen=found.balance,
        outstanding_yen=found.outstanding,
        credits_left=found.credits_left,
    )


@router.post(
    "/clients/{client_id}/payments",
    response={201: EntryOut},
    summary="Record a payment taken at the counter (400 unless confirmed_by_staff)",
)
def pay(request: HttpRequest, client_id: int, payload: PaymentIn) -> Status[LedgerEntry]:
    membership = _cashier(request)
    client = get_object_or_404(Client, pk=client_id, gym_id=membership.gym_id)  # type: ignore[attr-defined]
    purchase = None
    if payload.purchase_id is not None:
        purchase = get_object_or_404(client.purchases, pk=payload.purchase_id)
    entry = services.record_payment(
        actor=membership,  # type: ignore[arg-type]
        client=client,
        amount_yen=payload.amount_yen,
        method=payload.method,
        method_detail=payload.method_detail,
        purchase=purchase,
        reference=payload.reference,
        confirmed_by_staff=payload.confirmed_by_staff,
        note=payload.note,
    )
    return Status(201, entry)

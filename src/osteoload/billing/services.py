"""Writes of money: selling products, taking payments (through the provider), refunds, session
credits, products and the billing profile. Each write appends ledger entries; none changes one."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from osteoload.accounts.models import Membership
from osteoload.clients.models import Client
from osteoload.scheduling.models import Booking, BookingKind

from . import permissions
from .models import (
    BillingProfile,
    CreditUse,
    EntryKind,
    LedgerEntry,
    PaymentMethod,
    Product,
    ProductKind,
    Purchase,
    tax_included,
)
from .providers import PaymentRequest, PaymentStatus, get_provider
from .selectors import unsettled_bookings, usable_purchases


class PaymentNotCompleted(ValidationError):
    """The provider did not confirm the payment: nothing was recorded."""


def _check_cashier(actor: Membership, client: Client) -> None:
    if not permissions.can_take_payments(actor) or client.gym_id != actor.gym_id:
        raise PermissionDenied("only the owner and the front desk handle money")


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def validity(product: Product, start: dt.date) -> dt.date | None:
    """The last day a purchase's credits can be used: a monthly plan runs one calendar month
    (1 May → 31 May), other products `validity_days` days, or forever when that is empty."""
    if product.kind == ProductKind.MONTHLY:
        return add_months(start, 1) - dt.timedelta(days=1)
    if product.validity_days:
        return start + dt.timedelta(days=product.validity_days - 1)
    return None


@transaction.atomic
def sell(
    *,
    actor: Membership,
    client: Client,
    product: Product,
    valid_from: dt.date | None = None,
) -> Purchase:
    """Sell a product: a purchase with its credits, and a charge of its price on the ledger.
    Sessions already held without a credit (e.g. before the client bought a plan) use the new
    credits first."""
    _check_cashier(actor, client)
    if product.gym_id != actor.gym_id:
        raise PermissionDenied("product of another gym")
    if not product.is_active:
        raise ValidationError(_("This product is no longer on sale."))
    valid_from = valid_from or timezone.localdate()
    purchase = Purchase.objects.create(
        gym_id=actor.gym_id,
        client=client,
        product=product,
        name=product.name,
        price_yen=product.price_yen,
        sessions_total=product.sessions,
        valid_from=valid_from,
        valid_until=validity(product, valid_from),
        created_by=actor.user,
    )
    if product.price_yen > 0:
        LedgerEntry.objects.create(
            gym_id=actor.gym_id,
            client=client,
            kind=EntryKind.CHARGE,
            amount_yen=-product.price_yen,
            tax_rate_percent=product.tax_rate_percent,
            tax_yen=tax_included(-product.price_yen, product.tax_rate_percent),
            purchase=purchase,
            created_by=actor.user,
        )
    settle_unsettled(client=client, actor=actor)
    return purchase


def _next_receipt_number(gym_id: int) -> int:
    """The gym's next receipt number, under a row lock (SQLite: the transaction's write lock)."""
    BillingProfile.objects.get_or_create(gym_id=gym_id)
    profile = BillingProfile.objects.select_for_update().get(gym_id=gym_id)
    number = profile.next_receipt_number
    profile.next_receipt_number = number + 1
    profile.save(update_fields=["next_receipt_number"])
    return number


def record_payment(
    *,
    actor: Membership,
    client: Client,
    amount_yen: int,
    method: str,
    method_detail: str = "",
    purchase: Purchase | None = None,
    reference: str = "",
    confirmed_by_staff: bool = False,
    note: str = "",
) -> LedgerEntry:
    """Take a payment through the configured provider; record it (with a receipt number) only
    when the provider says it succeeded. Raises PaymentNotCompleted otherwise."""
    _check_cashier(actor, client)
    if method not in PaymentMethod.values:
        raise ValidationError(_("Choose a payment method."))
    if not isinstance(amount_yen, int) or amount_yen <= 0:
        raise ValidationError(_("The amount must be a positive number of yen."))
    if purchase is not None and purchase.client_id != client.pk:
        raise ValidationError(_("This purchase belongs to another client."))
    provider = get_provider()
    result = provider.collect(
        PaymentRequest(
            gym_id=actor.gym_id,
            client_id=client.pk,
            amount_yen=amount_yen,
            method=method,
            reference=reference.strip(),
            confirmed_by_staff=confirmed_by_staff,
        )
    )
    if result.status != PaymentStatus.SUCCEEDED:
        message = result.message or _("The payment was not completed; nothing was recorded.")
        raise PaymentNotCompleted(message, code=str(result.status))
    rate = purchase.product.tax_rate_percent if purchase is not None else 10
    with transaction.atomic():
        return LedgerEntry.objects.create(
            gym_id=actor.gym_id,
            client=client,
            kind=EntryKind.PAYMENT,
            amount_yen=amount_yen,
            tax_rate_percent=rate,
            tax_yen=tax_included(amount_yen, rate),
            method=method,
            method_detail=method_detail.strip()[:60],
            purchase=purchase,
            receipt_number=_next_receipt_number(actor.gym_id),
            provider=provider.key,
            provider_reference=result.reference[:100],
            note=note.strip()[:200],
            created_by=actor.user,
        )


@transaction.atomic
def refund(
    *,
    actor: Membership,
    payment: LedgerEntry,
    amount_yen: int,
    method: str,
    reason: str = "",
    cancel_purchase: bool = False,
) -> LedgerEntry:
    """Give money back: a new negative entry against the payment, never an edit of it. With
    `cancel_purchase` the purchase's unused credits end and its charge is reduced by the same
    amount (so the client does not owe what was refunded)."""
    client = payment.client
    _check_cashier(actor, client)
    if payment.kind != EntryKind.PAYMENT or payment.gym_id != actor.gym_id:
        raise ValidationError(_("Only a payment can be refunded."))
    if method not in PaymentMethod.values:
        raise ValidationError(_("Choose a payment method."))
    # Lock the payment's row (SQLite: the transaction's write lock) so two refunds cannot both
    # pass the check below.
    LedgerEntry.objects.select_for_update().filter(pk=payment.pk).first()
    already = -int(
        LedgerEntry.objects.filter(reverses=payment).aggregate(t=Sum("amount_yen"))["t"] or 0
    )
    if not isinstance(amount_yen, int) or amount_yen <= 0:
        raise ValidationError(_("The amount must be a positive number of yen."))
    if amount_yen > payment.amount_yen - already:
        raise ValidationError(
            _("At most %(left)s yen of this payment can still be refunded.")
            % {"left": f"{payment.amount_yen - already:,}"}
        )
    entry = LedgerEntry.objects.create(
        gym_id=actor.gym_id,
        client=client,
        kind=EntryKind.REFUND,
        amount_yen=-amount_yen,
        tax_rate_percent=payment.tax_rate_percent,
        tax_yen=tax_included(-amount_yen, payment.tax_rate_percent),
        method=method,
        reverses=payment,
        purchase=payment.purchase,
        note=reason.strip()[:200],
        created_by=actor.user,
    )
    purchase = payment.purchase
    if cancel_purchase and purchase is not None:
        charge = LedgerEntry.objects.filter(purchase=purchase, kind=EntryKind.CHARGE).first()
        if purchase.cancelled_at is None:
            purchase.cancelled_at = timezone.now()
            purchase.save(update_fields=["cancelled_at"])
        if charge is not None:
            LedgerEntry.objects.create(
                gym_id=actor.gym_id,
                client=client,
                kind=EntryKind.CHARGE_CANCEL,
                amount_yen=amount_yen,
                tax_rate_percent=charge.tax_rate_percent,
                tax_yen=tax_included(amount_yen, charge.tax_rate_percent),
                reverses=charge,
                purchase=purchase,
                note=reason.strip()[:200],
                created_by=actor.user,
            )
    return entry


# --- session credits ------------------------------------------------------------------------------


def use_credit_for(*, booking: Booking, actor: Membership | None) -> CreditUse | None:
    """Use one credit for a session that counts as used; None when the client has none left
    (the session then shows as unsettled, and the next purchase settles it). Idempotent."""
    if booking.kind != BookingKind.SESSION or booking.client_id is None:
        return None
    existing = CreditUse.objects.filter(booking=booking).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        day = timezone.localtime(booking.starts_at).date()
        candidates = usable_purchases(client=booking.client, on=day)  # type: ignore[arg-type]
        # PostgreSQL: lock the purchases so two sessions cannot take the same last credit
        # (SQLite: the transaction already holds the write lock).
        for purchase in candidates.select_for_update() if _pg() else candidates:
            used = purchase.uses.count()
            if used < purchase.sessions_total:
                return CreditUse.objects.create(
                    purchase=purchase, booking=booking, created_by=actor.user if actor else None
                )
    return None


def _pg() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def release_credit_for(*, booking: Booking, actor: Membership | None) -> None:
    """Give a booking's credit back (its attendance or cancellation was undone)."""
    CreditUse.objects.filter(booking=booking).delete()


def settle_unsettled(*, client: Client, actor: Membership | None) -> int:
    """Use available credits for sessions held without one. Returns how many were settled."""
    settled = 0
    for booking in unsettled_bookings(client=client):
        if use_credit_for(booking=booking, actor=actor) is None:
            break
        settled += 1
    return settled


# --- products and profile -------------------------------------------------------------------------


def save_product(*, actor: Membership, product: Product | None = None, **values: Any) -> Product:
    if not permissions.can_manage_products(actor):
        raise PermissionDenied("only the owner sets products and prices")
    if product is None:
        product = Product(gym_id=actor.gym_id)
    elif product.gym_id != actor.gym_id:
        raise PermissionDenied("product of another gym")
    for name, value in values.items():
        setattr(product, name, value)
    product.full_clean()
    product.save()
    return product


def save_profile(*, actor: Membership, **values: Any) -> BillingProfile:
    if not permissions.can_manage_products(actor):
        raise PermissionDenied("only the owner sets the billing details")
    profile, _created = BillingProfile.objects.get_or_create(gym_id=actor.gym_id)
    for name, value in values.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    return profile

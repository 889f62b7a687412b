"""Payment providers: how a payment is taken. The ledger records a payment only when the provider
says it succeeded; nothing here pretends that a card or QR payment went through.

The default, `CounterProvider`, takes no money itself: it records a payment the front desk took
at the counter — cash in the till, a slip from the gym's own card terminal, a completed QR code
payment on the gym's PayPay device — once the member of staff confirms they received it. An online
provider (a card processor, PayPay's API) would implement `collect` by calling the processor and
return PENDING until the processor confirms; `OSTEOLOAD_PAYMENT_PROVIDER` selects the class.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _


class PaymentStatus(StrEnum):
    SUCCEEDED = "succeeded"
    PENDING = "pending"
    FAILED = "failed"


@dataclass(frozen=True)
class PaymentRequest:
    gym_id: int
    client_id: int
    amount_yen: int
    method: str
    reference: str = ""  # e.g. the card terminal's slip number
    confirmed_by_staff: bool = False


@dataclass(frozen=True)
class PaymentResult:
    status: PaymentStatus
    reference: str = ""
    message: str = ""


class PaymentProvider(Protocol):
    key: str

    def collect(self, request: PaymentRequest) -> PaymentResult: ...


class CounterProvider:
    """A payment taken at the counter, recorded when the staff member confirms receiving it."""

    key = "counter"

    def collect(self, request: PaymentRequest) -> PaymentResult:
        if request.amount_yen <= 0:
            return PaymentResult(PaymentStatus.FAILED, message=_("The amount must be positive."))
        if not request.confirmed_by_staff:
            return PaymentResult(
                PaymentStatus.FAILED,
                message=_("Confirm that the payment was received at the counter."),
            )
        return PaymentResult(PaymentStatus.SUCCEEDED, reference=request.reference)


DEFAULT_PROVIDER = "osteoload.billing.providers.CounterProvider"


def get_provider() -> PaymentProvider:
    path = getattr(settings, "OSTEOLOAD_PAYMENT_PROVIDER", DEFAULT_PROVIDER) or DEFAULT_PROVIDER
    provider: PaymentProvider = import_string(path)()
    return provider

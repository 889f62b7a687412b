"""Payments go through the provider: nothing is recorded unless it says the payment succeeded."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client as HttpClient
from django.test import override_settings

from osteoload.accounts.services import issue_api_token
from osteoload.billing import selectors, services
from osteoload.billing.models import LedgerEntry, PaymentMethod, Purchase
from osteoload.billing.providers import PaymentRequest, PaymentResult, PaymentStatus
from osteoload.billing.services import PaymentNotCompleted, add_months, validity
from osteoload.scheduling import services as scheduling
from tests.scheduling.factories import local, product


class PendingProvider:
    """Like an online card processor that has not confirmed yet."""

    key = "pending"

    def collect(self, request: PaymentRequest) -> PaymentResult:
        return PaymentResult(PaymentStatus.PENDING, message="waiting for the processor")


class DecliningProvider:
    key = "declining"

    def collect(self, request: PaymentRequest) -> PaymentResult:
        return PaymentResult(PaymentStatus.FAILED, message="card declined")


def pay(actor, client, **kwargs):
    options = {"amount_yen": 5_000, "method": PaymentMethod.CREDIT_CARD, **kwargs}
    return services.record_payment(actor=actor, client=client, **options)


def test_the_counter_records_a_payment_only_when_staff_confirm_it(frank, carol_record):
    with pytest.raises(PaymentNotCompleted) as caught:
        pay(frank, carol_record)
    assert "Confirm that the payment was received" in caught.value.messages[0]
    assert not LedgerEntry.objects.exists()
    entry = pay(frank, carol_record, confirmed_by_staff=True, reference="slip 0042")
    assert entry.provider == "counter" and entry.provider_reference == "slip 0042"


@pytest.mark.parametrize(
    ("provider", "message"),
    [(PendingProvider, "waiting for the processor"), (DecliningProvider, "card declined")],
)
def test_a_payment_the_provider_did_not_confirm_is_not_recorded(
    frank, carol_record, provider, message
):
    path = f"{provider.__module__}.{provider.__qualname__}"
    with (
        override_settings(OSTEOLOAD_PAYMENT_PROVIDER=path),
        pytest.raises(PaymentNotCompleted) as caught,
    ):
        pay(frank, carol_record, confirmed_by_staff=True)
    assert caught.value.messages == [message]
    assert not LedgerEntry.objects.exists()


def test_only_the_owner_and_the_front_desk_take_money(
    olivia, frank, alice, carol, carol_record, oscar
):
    pay(olivia, carol_record, confirmed_by_staff=True)
    pay(frank, carol_record, confirmed_by_staff=True)
    for actor in (alice, carol, oscar):
        with pytest.raises(PermissionDenied):
            pay(actor, carol_record, confirmed_by_staff=True)


def test_amounts_and_methods_are_checked(frank, carol_record):
    for bad in ({"amount_yen": 0}, {"amount_yen": -5}, {"method": "bitcoin"}):
        with pytest.raises(ValidationError):
            pay(frank, carol_record, confirmed_by_staff=True, **bad)


def test_a_monthly_plan_runs_one_calendar_month(gym):
    plan = product(gym, kind="monthly")
    assert validity(plan, dt.date(2026, 5, 1)) == dt.date(2026, 5, 31)
    assert validity(plan, dt.date(2026, 1, 31)) == dt.date(2026, 2, 27)
    assert add_months(dt.date(2026, 12, 15), 1) == dt.date(2027, 1, 15)
    single = product(gym, name="single", kind="single", sessions=1, validity_days=90)
    assert validity(single, dt.date(2026, 5, 1)) == dt.date(2026, 7, 29)
    forever = product(gym, name="other", kind="other", sessions=10)
    assert validity(forever, dt.date(2026, 5, 1)) is None


def test_credits_are_used_soonest_expiring_first_and_not_after_expiry(
    frank, alice, carol_record, gym
):
    later = services.sell(
        actor=frank,
        client=carol_record,
        product=product(gym, name="10 pack", kind="other", sessions=10),
    )
    sooner = services.sell(actor=frank, client=carol_record, product=product(gym, sessions=4))
    booking = scheduling.book_session(
        actor=frank, trainer=alice, client=carol_record, starts_at=local(0, 0, 15), minutes=30
    )
    scheduling.record_attendance(actor=frank, booking=booking, attended=True)
    assert booking.credit_use.purchase == sooner
    assert selectors.account(client=carol_record).credits_left == 4 - 1 + 10
    Purchase.objects.filter(pk=sooner.pk).update(valid_until=local(-1).date())
    assert selectors.account(client=carol_record).credits_left == 10
    assert later.pk != sooner.pk


def test_a_product_off_sale_cannot_be_sold(frank, carol_record, gym):
    plan = product(gym, is_active=False)
    with pytest.raises(ValidationError):
        services.sell(actor=frank, client=carol_record, product=plan)


def test_a_free_counseling_product_charges_nothing(frank, carol_record, gym):
    free = product(gym, name="Free counseling", kind="counseling", price=0, sessions=0)
    services.sell(actor=frank, client=carol_record, product=free)
    assert not LedgerEntry.objects.exists()


@pytest.mark.parametrize(
    "change",
    [{"amount_yen": 2**63}, {"amount_yen": 10_000_001}, {"amount_yen": 0}, {"purchase_id": 2**63}],
)
def test_the_api_refuses_amounts_and_ids_out_of_range_with_a_422(frank, carol_record, change):
    """The counter form's limit (at most ¥10,000,000) holds for the API too; a number beyond the
    database's range is a 422, not a 500."""
    token = issue_api_token(user=frank.user, name="till")
    body = {"amount_yen": 8800, "method": "cash", "confirmed_by_staff": True, **change}
    response = HttpClient().post(
        f"/api/billing/clients/{carol_record.pk}/payments",
        json.dumps(body),
        content_type="application/json",
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422 and response.json()["code"] == "invalid"
    assert not LedgerEntry.objects.exists()

"""Billing pages for every persona, and selling and paying through the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from osteoload.billing import services
from osteoload.billing.models import LedgerEntry, Product, Purchase
from tests.scheduling.factories import product


def http_for(world, as_, persona):
    http = as_(getattr(world, persona) if persona else None)
    http.cookies["osteoload_language"] = "en"
    return http


TILL = [
    ("olivia", 200),
    ("frank", 200),
    ("alice", 403),
    ("carol", 403),
    ("oscar", 404),
    (None, 302),
]


@pytest.mark.parametrize(("persona", "status"), TILL)
def test_a_clients_account_page(world, as_, persona, status):
    url = reverse("billing:account", args=[world.carol_record.pk])
    assert http_for(world, as_, persona).get(url).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [("olivia", 200), ("frank", 200), ("alice", 403), ("carol", 403), (None, 302)],
)
def test_the_till(world, as_, persona, status):
    assert http_for(world, as_, persona).get(reverse("billing:index")).status_code == status


@pytest.mark.parametrize("name", ["products", "settings"])
@pytest.mark.parametrize(
    ("persona", "status"), [("olivia", 200), ("frank", 403), ("alice", 403), ("carol", 403)]
)
def test_products_and_settings_are_the_owners(world, as_, name, persona, status):
    assert http_for(world, as_, persona).get(reverse(f"billing:{name}")).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"), [("carol", 200), ("erin", 200), ("alice", 403), ("frank", 403)]
)
def test_my_payments_page(world, as_, persona, status):
    services.record_payment(
        actor=world.frank,
        client=world.carol_record,
        amount_yen=8_800,
        method="cash",
        confirmed_by_staff=True,
    )
    response = http_for(world, as_, persona).get(reverse("billing:mine"))
    assert response.status_code == status
    if persona in ("carol", "erin"):
        assert ("¥8,800" in response.content.decode()) == (persona == "carol")


def test_the_front_desk_sees_no_health_data_on_the_account_page(world, as_):
    html = (
        http_for(world, as_, "frank")
        .get(reverse("billing:account", args=[world.carol_record.pk]))
        .content.decode()
    )
    assert "Carol Clarke" in html
    assert f'href="{reverse("clients:detail", args=[world.carol_record.pk])}"' not in html
    assert "1955" not in html  # not even the date of birth


def test_selling_and_paying_at_once(world, as_):
    plan = product(world.gym, price=33_000)
    http = http_for(world, as_, "frank")
    url = reverse("billing:sell", args=[world.carol_record.pk])
    sale = {"sell-product": plan.pk, "sell-pay_now": "on", "sell-method": "paypay"}
    response = http.post(url, sale)  # not confirmed: nothing happens at all
    assert response.status_code == 422
    assert "Confirm that the payment was received" in response.content.decode()
    assert not Purchase.objects.exists() and not LedgerEntry.objects.exists()
    response = http.post(url, {**sale, "sell-confirmed": "on"})
    assert response.status_code == 302
    assert list(LedgerEntry.objects.values_list("kind", "amount_yen", "method")) == [
        ("charge", -33_000, ""),
        ("payment", 33_000, "paypay"),
    ]


def test_selling_now_paying_later(world, as_):
    plan = product(world.gym, price=8_800, name="single", kind="single", sessions=1)
    http = http_for(world, as_, "olivia")
    http.post(reverse("billing:sell", args=[world.carol_record.pk]), {"sell-product": plan.pk})
    html = http.get(reverse("billing:account", args=[world.carol_record.pk])).content.decode()
    assert "¥8,800" in html and "Outstanding" in html
    response = http.post(
        reverse("billing:pay", args=[world.carol_record.pk]),
        {"pay-amount_yen": "8800", "pay-method": "cash", "pay-confirmed": "on"},
    )
    assert response.status_code == 302
    assert sum(LedgerEntry.objects.values_list("amount_yen", flat=True)) == 0


def test_a_refund_through_the_page(world, as_):
    payment = services.record_payment(
        actor=world.frank,
        client=world.carol_record,
        amount_yen=5_000,
        method="cash",
        confirmed_by_staff=True,
    )
    http = http_for(world, as_, "frank")
    url = reverse("billing:refund", args=[payment.pk])
    assert http.get(url).status_code == 200
    too_much = http.post(url, {"amount_yen": 6_000, "method": "cash", "reason": "x"})
    assert too_much.status_code == 422 and "5,000" in too_much.content.decode()
    http.post(url, {"amount_yen": 2_000, "method": "cash", "reason": "x"})
    assert LedgerEntry.objects.filter(kind="refund", amount_yen=-2_000).exists()
    assert http_for(world, as_, "alice").get(url).status_code == 403


def test_the_owner_sets_prices_tax_included(world, as_):
    http = http_for(world, as_, "olivia")
    response = http.post(
        reverse("billing:products"),
        {
            "name": "8 sessions",
            "kind": "monthly",
            "price_yen": 61600,
            "sessions": 8,
            "is_active": "on",
            "sort_order": 0,
        },
    )
    assert response.status_code == 302
    assert Product.objects.get(name="8 sessions").tax_yen == 5_600


def test_payment_methods_offered_follow_the_gyms_settings(world, as_):
    from osteoload.billing.models import BillingProfile

    BillingProfile.objects.create(gym=world.gym, accepted_methods=["cash", "paypay"])
    html = (
        http_for(world, as_, "frank")
        .get(reverse("billing:account", args=[world.carol_record.pk]))
        .content.decode()
    )
    assert 'value="paypay"' in html and 'value="credit_card"' not in html

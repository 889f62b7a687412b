"""API: bookings (409 with a clear message on a double booking) and payments at the counter."""

from __future__ import annotations

import json

import pytest
from django.test import Client as HttpClient

from osteoload.accounts.services import issue_api_token
from osteoload.billing.models import LedgerEntry
from tests.scheduling.factories import local


def api(member):
    token = issue_api_token(user=member.user, name="test")
    http = HttpClient(headers={"authorization": f"Bearer {token}"})

    def call(method, path, body=None):
        if body is None:
            return getattr(http, method)(f"/api/{path}")
        return getattr(http, method)(
            f"/api/{path}", data=json.dumps(body), content_type="application/json"
        )

    return call


def booking(member, client, hour=10):
    return {
        "trainer_id": member.pk,
        "client_id": client.pk,
        "starts_at": local(1, hour).isoformat(),
        "minutes": 60,
    }


def test_booking_and_a_double_booking(frank, alice, carol_record, dan_record):
    call = api(frank)
    created = call("post", "scheduling/bookings", booking(alice, carol_record))
    assert created.status_code == 201 and created.json()["status"] == "booked"
    again = call("post", "scheduling/bookings", booking(alice, dan_record))
    assert again.status_code == 409
    assert again.json()["code"] == "conflict"
    assert again.json()["detail"] == "Alice さんには 10:00〜11:00 に既に予約があります。"


def test_listing_shows_what_the_member_may_see(frank, alice, bob, carol, carol_record, erin_record):
    api(frank)("post", "scheduling/bookings", booking(alice, carol_record))
    api(frank)("post", "scheduling/bookings", booking(bob, erin_record))
    day = local(1).date().isoformat()
    query = f"scheduling/bookings?start={day}&end={day}"
    assert len(api(frank)("get", query).json()) == 2
    assert [b["trainer_id"] for b in api(alice)("get", query).json()] == [alice.pk]
    mine = api(carol)("get", query).json()
    assert [b["client_id"] for b in mine] == [carol_record.pk]
    assert api(frank)("get", f"scheduling/bookings?start={day}&end=2099-01-01").status_code == 422


@pytest.mark.parametrize("persona", ["carol", "oscar"])
def test_clients_and_other_gyms_cannot_book(world, persona):
    call = api(getattr(world, persona))
    response = call("post", "scheduling/bookings", booking(world.alice, world.carol_record))
    assert response.status_code in (403, 404)


def test_cancelling_through_the_api(frank, alice, carol_record):
    call = api(frank)
    created = call("post", "scheduling/bookings", booking(alice, carol_record)).json()
    cancelled = call("post", f"scheduling/bookings/{created['id']}/cancel", {"reason": "ill"})
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert call("post", f"scheduling/bookings/{created['id']}/cancel", {}).status_code == 409


def test_a_payment_through_the_api_needs_the_staffs_confirmation(frank, alice, carol_record):
    call = api(frank)
    body = {"amount_yen": 8800, "method": "cash"}
    refused = call("post", f"billing/clients/{carol_record.pk}/payments", body)
    assert refused.status_code == 400 and refused.json()["code"] == "invalid"
    assert not LedgerEntry.objects.exists()
    paid = call(
        "post",
        f"billing/clients/{carol_record.pk}/payments",
        {**body, "confirmed_by_staff": True},
    )
    assert paid.status_code == 201 and paid.json()["receipt_number"] == 1
    account = call("get", f"billing/clients/{carol_record.pk}/account").json()
    assert account == {
        "client_id": carol_record.pk,
        "balance_yen": 8800,
        "outstanding_yen": 0,
        "credits_left": 0,
    }
    assert api(alice)("get", f"billing/clients/{carol_record.pk}/account").status_code == 403

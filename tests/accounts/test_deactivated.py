"""A signed-in user whose membership was deactivated (a trainer who left, a client who ended) is
refused, never shown an error page: `request.membership` is None for them, not a proxy of None."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient

from osteoload.accounts.services import issue_api_token


def _pages(world) -> list[str]:
    c = world.carol_record.pk
    return [
        f"/clients/{c}/",
        "/clients/",
        f"/progress/clients/{c}/",
        f"/portal/clients/{c}/",
        f"/reports/clients/{c}/",
        "/schedule/",
        "/billing/",
        "/audit/",
        "/workouts/dashboard/",
        "/training/exercises/",
    ]


@pytest.mark.parametrize("persona", ["alice", "carol", "olivia"])
def test_a_deactivated_member_with_a_live_session_is_refused(world, as_, persona):
    member = getattr(world, persona)
    http = as_(member)
    member.is_active = False
    member.save()
    for url in _pages(world):
        response = http.get(url)
        assert response.status_code in (302, 403, 404), (url, response.status_code)
        assert b"Carol" not in response.content, url
    for url in (f"/api/clients/{world.carol_record.pk}", "/api/clients/", "/api/billing/products"):
        response = http.get(url)
        assert response.status_code in (401, 403, 404), (url, response.status_code)
        assert response["Content-Type"].startswith("application/json"), url


def test_a_token_of_a_user_without_an_active_membership_gets_json_403(world):
    token = issue_api_token(user=world.alice.user, name="left the gym")
    world.alice.is_active = False
    world.alice.save()
    headers = {"authorization": f"Bearer {token}"}
    response = HttpClient().get(f"/api/clients/{world.carol_record.pk}", headers=headers)
    assert response.status_code in (401, 403, 404)
    assert response["Content-Type"].startswith("application/json")
    assert b"Carol" not in response.content

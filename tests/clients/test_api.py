"""The clients API: list with tiers and attention, a client's profile and latest assessment, with
the same permission model as the pages and errors as {"detail", "code"}."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client as HttpClient

from osteoload.accounts.services import issue_api_token
from osteoload.audit.models import AuditEvent
from osteoload.clients import services
from osteoload.engine.assessment import assess
from osteoload.engine.profile import parse_profile

PERSONAS = ["olivia", "alice", "bob", "frank", "carol", "erin", "oscar", "trent", "hank", None]
READ = {
    "olivia": 200,
    "alice": 200,
    "bob": 403,
    "frank": 403,
    "carol": 200,
    "erin": 403,
    "oscar": 404,
    "trent": 404,
    "hank": 404,
    None: 401,
}


@pytest.fixture
def carol_assessed(alice, carol_record):
    services.save_intake(
        actor=alice,
        client=carol_record,
        reason="basics",
        health_fields={"consent_given": True, "weight_kg": 60, "falls_past_year": 1},
    )
    services.add_dxa_result(
        actor=alice,
        client=carol_record,
        measured_on=dt.date(2025, 2, 1),
        site="lumbar_spine",
        t_score=-2.1,
    )
    return carol_record


def http_for(world, persona):
    http = HttpClient()
    if persona:
        http.force_login(getattr(world, persona).user)
    return http


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("part", ["", "/profile", "/assessment"])
def test_one_client_follows_the_permission_model(world, carol_assessed, persona, part):
    response = http_for(world, persona).get(f"/api/clients/{carol_assessed.pk}{part}")
    assert response.status_code == READ[persona]
    if READ[persona] != 200:
        assert set(response.json()) == {"detail", "code"}


def test_profile_is_the_engine_profile_of_the_latest_facts(world, carol_assessed):
    data = http_for(world, "alice").get(f"/api/clients/{carol_assessed.pk}/profile").json()
    profile = data["profile"]
    assert data["schema"] == "osteoload.profile/1" and data["client_id"] == carol_assessed.pk
    assert profile["weight_kg"] == 60 and profile["falls_past_year"] == 1
    assert profile["dxa"] == [{"site": "lumbar_spine", "t_score": -2.1, "date": "2025-02-01"}]
    assert AuditEvent.objects.filter(action="api.profile.view").count() == 1


def test_assessment_is_the_stored_one(world, carol_assessed):
    data = http_for(world, "carol").get(f"/api/clients/{carol_assessed.pk}/assessment").json()
    assert data["tier"] == "B"  # one fall: moderate fall risk
    assert data["result"] == assess(parse_profile(data["profile"])).to_dict()
    assert data["reason"] == "dxa.add" and data["engine_version"]


def test_no_assessment_yet_is_404_with_a_reason(world):
    response = http_for(world, "alice").get(f"/api/clients/{world.dan_record.pk}/assessment")
    assert response.status_code == 404
    assert response.json() == {"detail": "This client has no assessment yet.", "code": "not_found"}


def test_the_list_shows_tiers_only_with_health_access(world, carol_assessed):
    by_name = lambda rows: {r["family_name"]: r for r in rows}  # noqa: E731
    alice = by_name(http_for(world, "alice").get("/api/clients/").json())
    assert alice["Carol"]["tier"] == "B" and alice["Carol"]["health_access"] is True
    assert alice["Erin"]["tier"] is None and alice["Erin"]["health_access"] is False
    assert alice["Dan"]["attention"] == ["no_assessment", "no_dxa"]
    bob = by_name(http_for(world, "bob").get("/api/clients/").json())
    assert bob["Carol"]["tier"] is None and bob["Carol"]["attention"] == []
    assert http_for(world, "bob").get("/api/clients/", {"tier": "B"}).json() == []
    frank = http_for(world, "frank").get("/api/clients/", {"attention": "true"}).json()
    assert frank == []  # health filters keep only clients whose health data one may see


def test_the_list_filters_and_rejects_an_unknown_tier(world, carol_assessed):
    alice = http_for(world, "alice")
    rows = alice.get("/api/clients/", {"tier": "B"}).json()
    assert [r["family_name"] for r in rows] == ["Carol"]
    rows = alice.get("/api/clients/", {"trainer": world.bob.pk}).json()
    assert [r["family_name"] for r in rows] == ["Erin"]
    bad = alice.get("/api/clients/", {"tier": "Z"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid"


def test_a_token_works_like_a_session(world, carol_assessed):
    token = issue_api_token(user=world.alice.user, name="test")
    response = HttpClient().get(
        f"/api/clients/{carol_assessed.pk}/assessment", headers={"authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200 and response.json()["tier"] == "B"


def test_clients_cannot_list(world):
    response = http_for(world, "carol").get("/api/clients/")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_a_trainer_id_beyond_any_key_is_a_422_not_a_500(world):
    response = http_for(world, "olivia").get("/api/clients/", {"trainer": "9" * 30})
    assert response.status_code == 422 and response.json()["code"] == "invalid"

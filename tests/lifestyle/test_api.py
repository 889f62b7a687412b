"""The self-report API: retries answer 200 with what is stored, permissions as on the pages."""

from __future__ import annotations

import datetime as dt
import json
import uuid

from django.test import Client as HttpClient
from django.utils import timezone

from osteoload.accounts.services import issue_api_token
from osteoload.lifestyle.models import HomeSession, NutritionCheck, SleepLog


def post(http, url, body):
    return http.post(url, json.dumps(body, default=str), content_type="application/json")


def test_a_night_is_created_then_corrected(carol, carol_record, as_):
    http = as_(carol)
    url = f"/api/lifestyle/clients/{carol_record.pk}/sleep"
    night = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    first = post(http, url, {"night_of": night, "hours_asleep": 6, "time_in_bed_h": 7})
    again = post(
        http, url, {"night_of": night, "hours_asleep": 6.5, "time_in_bed_h": 7, "rested": 4}
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == {
        "night_of": night,
        "hours_asleep": 6.5,
        "time_in_bed_h": 7.0,
        "rested": 4,
    }
    assert SleepLog.objects.count() == 1
    week = http.get(url).json()
    assert week["summary"]["schema"] == "osteoload.sleep/1" and len(week["nights"]) == 1


def test_an_impossible_night_is_400_with_the_field(carol, carol_record, as_):
    response = post(
        as_(carol),
        f"/api/lifestyle/clients/{carol_record.pk}/sleep",
        {"night_of": timezone.localdate().isoformat(), "hours_asleep": 8, "time_in_bed_h": 7},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and "time_in_bed_h" in response.json()["detail"]


def test_a_home_session_retried_with_its_key_is_stored_once(carol, carol_record, as_):
    http = as_(carol)
    url = f"/api/lifestyle/clients/{carol_record.pk}/home-sessions"
    body = {
        "idempotency_key": str(uuid.uuid4()),
        "done_on": timezone.localdate().isoformat(),
        "balance_min": 15,
        "walk_min": 20,
    }
    first, again = post(http, url, body), post(http, url, body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert HomeSession.objects.count() == 1
    assert [s["id"] for s in http.get(url).json()] == [first.json()["id"]]


def test_a_food_check_answers_with_the_engines_result(carol, carol_record, as_):
    response = post(
        as_(carol),
        f"/api/lifestyle/clients/{carol_record.pk}/nutrition-checks",
        {"foods": {"milk": {"servings": 2, "per": "day"}}},
    )
    assert response.status_code == 200
    result = response.json()["result"]
    assert result["schema"] == "osteoload.nutrition/1" and result["intake"]["calcium_mg"] > 0


def test_a_food_check_keeps_only_what_the_engine_reads(carol, carol_record, as_):
    """Extra keys in an entry are not stored; a number too large for any food is a 400, not a
    500."""
    url = f"/api/lifestyle/clients/{carol_record.pk}/nutrition-checks"
    junk = {"servings": 1, "per": "week", "junk": "x" * 10_000}
    response = post(as_(carol), url, {"foods": {"milk": junk}})
    assert response.status_code == 200
    assert response.json()["foods"] == {"milk": {"servings": 1, "per": "week"}}
    assert NutritionCheck.objects.get().foods == {"milk": {"servings": 1, "per": "week"}}
    huge = post(as_(carol), url, {"foods": {"milk": {"servings": 10**400, "per": "day"}}})
    assert huge.status_code == 400 and "foods.milk.servings" in str(huge.json()["detail"])


def test_the_api_checks_like_the_pages(bob, frank, oscar, carol_record, as_):
    url = f"/api/lifestyle/clients/{carol_record.pk}/sleep"
    body = {"night_of": timezone.localdate().isoformat(), "hours_asleep": 6, "time_in_bed_h": 7}
    for member, status in ((bob, 403), (frank, 403), (oscar, 404)):
        assert as_(member).get(url).status_code == status
        assert post(as_(member), url, body).status_code == status
    token = issue_api_token(user=bob.user, name="test")
    by_token = HttpClient().get(url, headers={"authorization": f"Bearer {token}"})
    assert by_token.status_code == 403 and by_token.json()["code"] == "permission_denied"
    assert HttpClient().get(url).status_code == 401
    assert not SleepLog.objects.exists()

"""The workouts API: permissions like the pages, idempotent set logging and finishing."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection
from django.test import Client as HttpClient

from osteoload.accounts.services import issue_api_token
from osteoload.workouts.models import Flag, LoggedSet, Workout
from tests.workouts.concurrency import at_once
from tests.workouts.conftest import loaded_rx, open_on, session_of
from tests.workouts.test_views import PERSONAS, READ, WRITE, who

API_WRITE = {**WRITE, None: 401}
API_READ = {**READ, None: 401}


def set_body(session, key=None, **extra):
    rx = loaded_rx(session)
    return {
        "idempotency_key": str(key or uuid.uuid4()),
        "program_session_id": session.pk,
        "prescription_id": rx.pk,
        "set_number": 1,
        "load_kg": 20,
        "reps": 10,
        "rir": 2,
        **extra,
    }


def post(http, url, body):
    return http.post(url, body, content_type="application/json")


@pytest.mark.parametrize("persona", PERSONAS)
def test_log_set_permissions(world, as_, carol_program, persona):
    session = session_of(carol_program, 2, 1)
    url = f"/api/workouts/clients/{world.carol_record.pk}/sets"
    response = post(as_(who(world, persona)), url, set_body(session))
    expected = API_WRITE[persona]
    assert response.status_code == (201 if expected == 200 else expected)
    if expected != 200:
        assert "code" in response.json()
    assert LoggedSet.objects.exists() == (expected == 200)


@pytest.mark.parametrize("persona", PERSONAS)
def test_finish_permissions(world, as_, carol_program, persona):
    workout = open_on(world.alice, world.carol_record, session_of(carol_program, 2, 1), None)
    body = {"idempotency_key": str(uuid.uuid4()), "pain": 1, "session_rpe": 6, "duration_min": 45}
    response = post(as_(who(world, persona)), f"/api/workouts/sessions/{workout.pk}/finish", body)
    assert response.status_code == API_WRITE[persona]
    workout.refresh_from_db()
    assert (workout.status == "done") == (API_WRITE[persona] == 200)


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_permissions(world, as_, carol_program, persona):
    open_on(world.alice, world.carol_record, session_of(carol_program, 2, 1), None)
    response = as_(who(world, persona)).get(
        f"/api/workouts/clients/{world.carol_record.pk}/sessions"
    )
    assert response.status_code == API_READ[persona]
    if response.status_code == 200:
        assert len(response.json()) == 1


def test_a_retry_answers_200_with_the_stored_set(alice, as_, carol_program):
    session = session_of(carol_program, 2, 1)
    url = f"/api/workouts/clients/{carol_program.client_id}/sets"
    body = set_body(session)
    http = as_(alice)
    first = post(http, url, body)
    retry = post(http, url, {**body, "load_kg": 99})
    assert first.status_code == 201 and retry.status_code == 200
    assert first.json() == retry.json()
    assert (
        first.json()["load_kg"] == 20.0
        and first.json()["idempotency_key"] == body["idempotency_key"]
    )
    assert LoggedSet.objects.count() == 1


def test_bad_values_are_400_with_the_field(alice, as_, carol_program):
    session = session_of(carol_program, 2, 1)
    url = f"/api/workouts/clients/{carol_program.client_id}/sets"
    response = post(as_(alice), url, set_body(session, load_kg=-3))
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and "load_kg" in response.json()["detail"]
    missing = post(
        as_(alice), url, {k: v for k, v in set_body(session).items() if k != "idempotency_key"}
    )
    assert missing.status_code == 422
    other = post(as_(alice), url, set_body(session, prescription_id=999999))
    assert other.status_code == 404


def test_a_bearer_token_works_like_the_session(alice, carol_program):
    token = issue_api_token(user=alice.user, name="tablet")
    http = HttpClient(headers={"authorization": f"Bearer {token}"})
    session = session_of(carol_program, 2, 1)
    response = post(
        http, f"/api/workouts/clients/{carol_program.client_id}/sets", set_body(session)
    )
    assert response.status_code == 201
    workout_id = response.json()["workout_id"]
    body = {"idempotency_key": str(uuid.uuid4()), "pain": 7, "session_rpe": 7, "duration_min": 30}
    done = post(http, f"/api/workouts/sessions/{workout_id}/finish", body)
    again = post(http, f"/api/workouts/sessions/{workout_id}/finish", body)
    assert done.status_code == again.status_code == 200
    data = done.json()
    assert data["status"] == "stopped" and data["stopped"] is True
    assert [f["kind"] for f in data["flags"]] == ["pain_stop"]
    assert again.json() == data and Flag.objects.count() == 1
    listed = http.get(f"/api/workouts/clients/{carol_program.client_id}/sessions").json()
    assert listed[0]["id"] == workout_id and len(listed[0]["sets"]) == 1


@pytest.mark.django_db(transaction=True)
def test_two_identical_api_posts_at_once_store_one_set(alice, carol_record, make_program):
    program = make_program(alice, carol_record)
    body = set_body(session_of(program, 2, 1))
    url = f"/api/workouts/clients/{carol_record.pk}/sets"

    signed_in = []
    for _ in range(2):  # signed in beforehand: only the two POSTs race
        http = HttpClient()
        http.force_login(alice.user)
        signed_in.append(http)

    mine = threading.local()

    def call():
        if not hasattr(mine, "http"):
            mine.http = signed_in.pop()
        response = post(mine.http, url, body)
        return response.status_code, response.json().get("id")

    results, retries = at_once(call)
    if connection.vendor == "postgresql":
        assert retries == 0
    assert all(isinstance(r, tuple) for r in results), results
    codes = sorted(code for code, _id in results)
    if retries == 0:
        assert codes == [200, 201], results
    else:  # SQLite: a refused request was retried; the retry is answered as a replay
        assert set(codes) <= {200, 201}, results
    assert len({set_id for _code, set_id in results}) == 1
    assert LoggedSet.objects.count() == 1 and Workout.objects.count() == 1

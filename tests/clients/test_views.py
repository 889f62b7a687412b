"""Client pages for every persona, and constant query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from osteoload.audit.models import AuditEvent
from tests.conftest import make_client

# persona → status of Carol's page (alice's client)
DETAIL = [
    ("olivia", 200),
    ("alice", 200),
    ("bob", 403),
    ("frank", 403),
    ("carol", 200),
    ("erin", 403),
    ("oscar", 404),
    ("trent", 404),
    ("hank", 404),
    (None, 302),
]


@pytest.mark.parametrize(("persona", "status"), DETAIL)
def test_client_page_permissions(world, as_, persona, status):
    http = as_(getattr(world, persona) if persona else None)
    response = http.get(reverse("clients:detail", args=[world.carol_record.pk]))
    assert response.status_code == status
    if status == 200:
        assert "Carol" in response.content.decode()
        assert (
            AuditEvent.objects.filter(
                action="client.view",
                client_id=world.carol_record.pk,
                actor=getattr(world, persona).user,
            ).count()
            == 1
        )


@pytest.mark.parametrize(
    ("persona", "shown"), [("alice", True), ("olivia", True), ("carol", False)]
)
def test_todays_session_is_one_tap_from_the_client_page_for_those_who_log(
    world, as_, persona, shown
):
    html = as_(getattr(world, persona)).get(reverse("clients:detail", args=[world.carol_record.pk]))
    today = reverse("workouts:today", args=[world.carol_record.pk])
    assert (today in html.content.decode()) is shown
    if shown:
        assert as_(getattr(world, persona)).get(today).status_code == 200


LIST = [
    ("olivia", 200),
    ("alice", 200),
    ("bob", 200),
    ("frank", 200),
    ("carol", 403),
    ("oscar", 200),
    (None, 302),
]


@pytest.mark.parametrize(("persona", "status"), LIST)
def test_client_list_permissions(world, as_, persona, status):
    response = as_(getattr(world, persona) if persona else None).get(reverse("clients:list"))
    assert response.status_code == status


def test_list_links_only_the_clients_whose_health_data_she_may_see(alice, world, as_):
    html = as_(alice).get(reverse("clients:list")).content.decode()
    assert reverse("clients:detail", args=[world.carol_record.pk]) in html
    assert reverse("clients:detail", args=[world.erin_record.pk]) not in html
    assert "Erin" in html  # the name is in the directory
    assert "Hank" not in html  # never another gym


def test_list_search_with_htmx_returns_rows_only(frank, as_):
    response = as_(frank).get(reverse("clients:list"), {"q": "Dan"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and "Dan" in html and "Carol" not in html


@pytest.mark.parametrize("persona", ["olivia", "alice", "frank"])
def test_pages_cost_the_same_queries_whatever_the_number_of_clients(
    world, as_, count_queries, persona
):
    member = getattr(world, persona)
    http = as_(member)
    urls = ["/", reverse("clients:list")]
    before = [count_queries(lambda u=u: http.get(u)) for u in urls]
    for i in range(25):
        make_client(world.gym, f"New{i}", "Client", trainer=world.alice)
    after = [count_queries(lambda u=u: http.get(u)) for u in urls]
    assert before == after
    assert max(after) <= 8

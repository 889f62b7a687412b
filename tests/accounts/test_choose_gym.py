"""Staff of a chain work in several gyms: they choose the one they act in, and every page and
permission follows that membership."""

from __future__ import annotations

import pytest
from django.urls import reverse

from osteoload.accounts.models import Membership, Role


@pytest.fixture
def alice_at_hilltop(world):
    """Alice also trains at Hilltop (a newer membership than her Riverside one)."""
    return Membership.objects.create(user=world.alice.user, gym=world.other_gym, role=Role.TRAINER)


def client_names(http) -> str:
    return http.get(reverse("clients:list")).content.decode()


def test_by_default_she_acts_in_her_oldest_gym(world, as_, alice_at_hilltop):
    html = client_names(as_(world.alice))
    assert "Carol" in html and "Hank" not in html


def test_choosing_a_gym_switches_pages_and_permissions(world, as_, alice_at_hilltop):
    http = as_(world.alice)
    page = http.get(reverse("accounts:choose_gym")).content.decode()
    assert "Riverside" in page and "Hilltop" in page
    response = http.post(reverse("accounts:choose_gym"), {"membership": alice_at_hilltop.pk})
    assert response.status_code == 302
    html = client_names(http)
    assert "Hank" in html and "Carol" not in html
    # Riverside's client is now out of reach: another gym's record is not found.
    carol = http.get(reverse("clients:detail", args=[world.carol_record.pk]))
    assert carol.status_code == 404
    http.post(reverse("accounts:choose_gym"), {"membership": world.alice.pk})
    assert "Carol" in client_names(http)


@pytest.mark.parametrize("whose", ["someone_else", "inactive", "garbage"])
def test_only_her_own_active_memberships_can_be_chosen(world, as_, alice_at_hilltop, whose):
    if whose == "inactive":
        alice_at_hilltop.is_active = False
        alice_at_hilltop.save()
    value = {
        "someone_else": world.oscar.pk,
        "inactive": alice_at_hilltop.pk,
        "garbage": "x",
    }[whose]
    http = as_(world.alice)
    response = http.post(reverse("accounts:choose_gym"), {"membership": value})
    assert response.status_code == 422
    html = client_names(http)
    assert "Carol" in html and "Hank" not in html


def test_a_membership_ended_after_it_was_chosen_falls_back(world, as_, alice_at_hilltop):
    http = as_(world.alice)
    http.post(reverse("accounts:choose_gym"), {"membership": alice_at_hilltop.pk})
    alice_at_hilltop.is_active = False
    alice_at_hilltop.save()
    assert "Carol" in client_names(http)


def test_one_gym_only_says_so(world, as_):
    html = as_(world.bob).get(reverse("accounts:choose_gym")).content.decode()
    assert 'name="membership"' not in html


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("accounts:choose_gym"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


# --- API tokens ---------------------------------------------------------------------------------


def _api(token: str, path: str):
    from django.test import Client as HttpClient

    return HttpClient().get(path, headers={"authorization": f"Bearer {token}"})


def test_an_api_token_issued_for_a_gym_acts_there(world, alice_at_hilltop):
    from osteoload.accounts.services import issue_api_token

    hilltop = issue_api_token(user=world.alice.user, name="hilltop tablet", gym=world.other_gym)
    default = issue_api_token(user=world.alice.user, name="cli")
    assert _api(hilltop, "/api/accounts/me").json()["gym_id"] == world.other_gym.pk
    assert _api(default, "/api/accounts/me").json()["gym_id"] == world.alice.gym_id
    names = [c["family_name"] for c in _api(hilltop, "/api/clients/").json()]
    assert "Hank" in names and "Carol" not in names
    assert _api(hilltop, f"/api/clients/{world.carol_record.pk}").status_code == 404


def test_a_gym_token_stops_working_when_that_membership_ends(world, alice_at_hilltop):
    from osteoload.accounts.services import issue_api_token

    token = issue_api_token(user=world.alice.user, name="hilltop tablet", gym=world.other_gym)
    alice_at_hilltop.is_active = False
    alice_at_hilltop.save()
    # It never falls back to her other gym.
    assert _api(token, "/api/accounts/me").status_code == 401


def test_a_token_for_a_gym_she_is_not_in_is_refused(world):
    from django.core.exceptions import ValidationError

    from osteoload.accounts.models import ApiToken
    from osteoload.accounts.services import issue_api_token

    with pytest.raises(ValidationError):
        issue_api_token(user=world.alice.user, name="x", gym=world.other_gym)
    assert not ApiToken.objects.exists()


def test_the_command_issues_a_gym_token_and_refuses_an_unknown_gym(world, alice_at_hilltop):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("api_token", world.alice.user.email, "--gym", world.other_gym.slug, stdout=out)
    token = out.getvalue().strip()
    assert _api(token, "/api/accounts/me").json()["gym_id"] == world.other_gym.pk
    with pytest.raises(CommandError, match="no gym"):
        call_command("api_token", world.alice.user.email, "--gym", "nowhere")
    with pytest.raises(CommandError, match="not an active member"):
        call_command("api_token", world.oscar.user.email, "--gym", world.alice.gym.slug)

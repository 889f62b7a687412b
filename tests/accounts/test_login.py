"""Signing in with an e-mail address, lockout, language, and the role home pages."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client as HttpClient
from django.urls import reverse

from osteoload.accounts.models import User
from tests.conftest import PASSWORD, capture_queries, writes_in

LOGIN = "/accounts/login/"


def post_login(http: HttpClient, email: str, password: str):
    return http.post(LOGIN, {"username": email, "password": password})


def test_sign_in_with_email_any_case(alice):
    http = HttpClient()
    response = post_login(http, "  ALICE@Example.com ", PASSWORD)
    assert response.status_code == 302 and response.url == "/"
    assert http.get("/").status_code == 200


def test_wrong_password_says_so_clearly(alice):
    http = HttpClient()
    http.cookies["osteoload_language"] = "en"
    response = post_login(http, "alice@example.com", "wrong")
    assert response.status_code == 200
    assert "The e-mail address or the password is not correct." in response.content.decode()


def test_test_client_login_still_works(alice):
    # The lockout backend needs a request; Django's test client logs in without one.
    assert HttpClient().login(username="alice@example.com", password=PASSWORD)


def test_lockout_after_repeated_failures(alice, settings):
    http = HttpClient()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert post_login(http, "alice@example.com", "wrong").status_code == 200
    # The failure that reaches the limit locks the address for this IP, even the right password.
    assert post_login(http, "alice@example.com", "wrong").status_code == 429
    locked = post_login(http, "alice@example.com", PASSWORD)
    assert locked.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in locked.templates]
    assert not Session.objects.exists()


def test_lockout_counts_the_address_case_insensitively(alice, settings):
    http = HttpClient()
    for i in range(settings.AXES_FAILURE_LIMIT):
        email = "ALICE@example.com" if i % 2 else "alice@example.com"
        post_login(http, email, "wrong")
    assert post_login(http, "alice@example.com", PASSWORD).status_code == 429


def test_a_success_resets_the_failure_count(alice, settings):
    http = HttpClient()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        post_login(http, "alice@example.com", "wrong")
    assert post_login(http, "alice@example.com", PASSWORD).status_code == 302
    http.post("/accounts/logout/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        post_login(http, "alice@example.com", "wrong")
    assert post_login(http, "alice@example.com", PASSWORD).status_code == 302


def test_passwords_are_hashed_with_argon2_in_production(db, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    user = User.objects.create_user(email="new@example.com", password="a long passphrase")
    assert user.password.startswith("argon2")


def test_logout_needs_a_post(alice, as_):
    http = as_(alice)
    assert http.get("/accounts/logout/").status_code == 405
    assert http.post("/accounts/logout/").status_code == 302
    assert http.get("/").status_code == 302


def test_password_change(alice, as_):
    http = as_(alice)
    response = http.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a brand new passphrase 42",
            "new_password2": "a brand new passphrase 42",
        },
    )
    assert response.status_code == 302
    alice.user.refresh_from_db()
    assert alice.user.check_password("a brand new passphrase 42")


def test_csrf_is_enforced_on_login(alice):
    http = HttpClient(enforce_csrf_checks=True)
    assert post_login(http, "alice@example.com", PASSWORD).status_code == 403


# --- language ------------------------------------------------------------------------------------


def test_japanese_by_default_whatever_the_browser_says(db):
    response = HttpClient(headers={"accept-language": "en-US,en;q=0.9"}).get(LOGIN)
    html = response.content.decode()
    assert '<html lang="ja">' in html and "ログイン" in html


def test_language_switch_uses_a_cookie_not_the_session(db):
    http = HttpClient()
    with capture_queries() as ctx:
        response = http.post("/i18n/setlang/", {"language": "en", "next": LOGIN})
    assert response.status_code == 302 and response.url == LOGIN
    assert response.cookies["osteoload_language"].value == "en"
    assert writes_in(ctx) == [] and not Session.objects.exists()
    html = http.get(LOGIN).content.decode()
    assert '<html lang="en">' in html and "Sign in" in html


def test_signed_in_language_switch_keeps_the_user_signed_in(alice, as_):
    http = as_(alice)
    http.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "My clients" in http.get("/").content.decode()


# --- no writes on anonymous reads ----------------------------------------------------------------


@pytest.mark.parametrize("url", [LOGIN, "/", "/clients/", "/api/docs", "/static/osteoload/app.css"])
def test_no_database_write_on_an_anonymous_read(db, url):
    http = HttpClient()
    with capture_queries() as ctx:
        response = http.get(url)
    assert response.status_code in (200, 302)
    assert writes_in(ctx) == []
    assert "sessionid" not in response.cookies
    assert not Session.objects.exists()


# --- role homes ----------------------------------------------------------------------------------


def test_anonymous_home_redirects_to_sign_in(db):
    response = HttpClient().get("/")
    assert response.status_code == 302 and response.url.startswith(LOGIN)


def english(http: HttpClient) -> HttpClient:
    http.cookies["osteoload_language"] = "en"
    return http


def test_owner_home_is_the_dashboard(olivia, as_):
    html = english(as_(olivia)).get("/").content.decode()
    assert "Dashboard" in html and "Without a trainer" in html and "Alice" in html


def test_trainer_home_lists_only_her_clients(alice, as_):
    html = english(as_(alice)).get("/").content.decode()
    assert "My clients" in html
    assert "Carol" in html and "Dan" in html and "Erin" not in html


def test_front_desk_home_finds_clients_by_name_without_health_links(frank, as_):
    http = english(as_(frank))
    html = http.get("/", {"q": "Erin"}).content.decode()
    assert "Front desk" in html and "Erin" in html and "Carol" not in html
    assert "/clients/" not in html.split("<main", 1)[1].replace('href="/clients/"', "")


def test_client_home_is_her_page(carol, as_):
    html = english(as_(carol)).get("/").content.decode()
    assert "Welcome, Carol Clarke" in html
    assert "Dan" not in html


def test_a_user_without_a_gym_sees_a_clear_page(db):
    user = User.objects.create_user(email="lost@example.com", password=PASSWORD)
    http = HttpClient()
    http.force_login(user)
    http.cookies["osteoload_language"] = "en"
    response = http.get("/")
    assert response.status_code == 403 and "not a member of any gym" in response.content.decode()

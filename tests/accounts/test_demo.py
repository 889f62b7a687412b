"""`seed_demo` is idempotent: twice neither duplicates nor loses anything."""

from __future__ import annotations

from django.apps import apps
from django.core.management import call_command
from django.test import Client as HttpClient

from osteoload.accounts.demo import DEMO_LOGINS, DEMO_PASSWORD
from osteoload.accounts.models import User


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"accounts", "clients", "training", "audit"}
    }


def test_seeding_twice_changes_nothing(db):
    call_command("seed_demo", verbosity=0)
    first = row_counts()
    assert first["accounts.Gym"] == 1 and first["accounts.User"] >= 5
    call_command("seed_demo", verbosity=0)
    assert row_counts() == first


def test_seeding_keeps_what_users_changed(db):
    call_command("seed_demo", verbosity=0)
    owner = User.objects.get(email="owner@example.com")
    owner.set_password("the owner changed it")
    owner.save()
    call_command("seed_demo", verbosity=0)
    owner.refresh_from_db()
    assert owner.check_password("the owner changed it")


def test_every_demo_login_works_and_lands_on_its_home(db):
    call_command("seed_demo", verbosity=0)
    assert {role for _e, role in DEMO_LOGINS} == {"owner", "trainer", "front_desk", "client"}
    for email, _role in DEMO_LOGINS:
        http = HttpClient()
        response = http.post("/accounts/login/", {"username": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        assert http.get("/").status_code == 200, email

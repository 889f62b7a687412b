"""The demo's self-reports: present after seeding, and seeding twice adds nothing."""

from __future__ import annotations

from osteoload.accounts.demo import DemoContext, demo_gym
from osteoload.accounts.demo import seed as seed_people
from osteoload.clients.demo import seed as seed_clients
from osteoload.lifestyle import selectors
from osteoload.lifestyle.demo import NIGHTS
from osteoload.lifestyle.demo import seed as seed_self_reports
from osteoload.lifestyle.models import HomeSession, NutritionCheck, SleepLog


def seed_all() -> DemoContext:
    ctx = DemoContext(gym=demo_gym())
    seed_people(ctx)
    seed_clients(ctx)
    seed_self_reports(ctx)
    return ctx


def test_the_demo_client_has_weeks_of_sleep_a_food_check_and_home_practice(db):
    ctx = seed_all()
    client = SleepLog.objects.get(night_of=SleepLog.objects.latest("night_of").night_of).client
    assert client.user == ctx.member("client@example.com").user
    assert SleepLog.objects.filter(client=client).count() == NIGHTS
    assert NutritionCheck.objects.filter(client=client).count() == 1
    assert HomeSession.objects.filter(client=client).exists()
    week = selectors.sleep_week(client)
    assert week.summary is not None and week.summary["nights"] == 7


def test_seeding_twice_changes_nothing(db):
    seed_all()
    counts = (SleepLog.objects.count(), NutritionCheck.objects.count(), HomeSession.objects.count())
    edited = SleepLog.objects.order_by("night_of").first()
    edited.rested = 1
    edited.save()
    seed_all()
    assert (
        SleepLog.objects.count(),
        NutritionCheck.objects.count(),
        HomeSession.objects.count(),
    ) == counts
    edited.refresh_from_db()
    assert edited.rested == 1  # what the client changed stays

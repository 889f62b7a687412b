"""The demo clients: the engine puts them in the tiers they were written for; seeding is
idempotent and never overwrites what a trainer changed."""

from __future__ import annotations

from collections import Counter

import pytest

from osteoload.accounts import demo as accounts_demo
from osteoload.accounts.demo import DemoContext, demo_gym
from osteoload.accounts.models import User
from osteoload.clients import demo as clients_demo
from osteoload.clients.demo import DEMO_CLIENTS
from osteoload.clients.models import Assessment, Client, HealthProfile, TrainerAssignment
from osteoload.clients.selectors import latest_assessment
from osteoload.engine.assessment import assess
from osteoload.engine.profile import parse_profile


def seed_clients() -> None:
    """The people and the clients of the demo (the other apps' demo parts are theirs to test)."""
    ctx = DemoContext(gym=demo_gym())
    accounts_demo.seed(ctx)
    clients_demo.seed(ctx)


@pytest.fixture
def seeded(db):
    seed_clients()


def test_every_demo_client_lands_in_the_tier_it_was_written_for(seeded):
    for spec in DEMO_CLIENTS:
        client = Client.objects.get(family_name=spec.family, given_name=spec.given)
        stored = latest_assessment(client)
        if spec.expected_tier is None:
            assert stored is None, spec.family  # the new client: intake not started
            continue
        assert stored.tier == spec.expected_tier, (spec.family, stored.result["findings"])
        # what is stored is exactly what the engine says about the stored profile
        assert stored.result == assess(parse_profile(stored.profile)).to_dict()


def test_the_demo_covers_every_tier_and_both_trainers(seeded):
    tiers = Counter(spec.expected_tier for spec in DEMO_CLIENTS if spec.expected_tier)
    assert all(tiers[t] >= 3 for t in ("A", "B", "C", "clearance_required")), tiers
    trainers = Counter(
        a.trainer.user.email for a in TrainerAssignment.objects.select_related("trainer__user")
    )
    assert trainers["trainer@example.com"] >= 5 and trainers["trainer2@example.com"] >= 5
    assert Client.objects.count() >= 12
    # realistic names: every client has kana
    assert not Client.objects.filter(family_name_kana="").exists()


def test_the_portal_client_is_one_of_them(seeded):
    user = User.objects.get(email="client@example.com")
    client = Client.objects.get(user=user)
    assert (client.family_name, client.given_name) == ("田中", "花子")
    assert latest_assessment(client).tier == "B"


def test_seeding_again_adds_no_assessment_and_keeps_changes(seeded):
    first = Assessment.objects.count()
    health = HealthProfile.objects.get(client__family_name="加藤")
    health.weight_kg = 70
    health.save()
    seed_clients()
    assert Assessment.objects.count() == first
    assert HealthProfile.objects.get(client__family_name="加藤").weight_kg == 70

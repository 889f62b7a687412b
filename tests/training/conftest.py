"""Fixtures for programs: engine profiles for the personas' client records, and programs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from osteoload.clients.models import Client
from osteoload.engine.profile import ClientProfile, parse_profile
from osteoload.training import engine_io
from osteoload.training.models import Program
from osteoload.training.services import GenerateRequest, generate_for_client

# Tier B: osteoporosis by T-score, no fracture, no falls, tests normal.
TIER_B = {
    "age": 68,
    "sex": "female",
    "dxa": [{"site": "lumbar_spine", "t_score": -2.7}],
    "falls_past_year": 0,
    "tug_s": 9,
    "single_leg_stance_s": 20,
    "menopause": "post",
}
# Tier C: a fragility vertebral fracture two years ago.
TIER_C = {
    "age": 74,
    "sex": "female",
    "menopause": "post",
    "dxa": [{"site": "lumbar_spine", "t_score": -2.9}],
    "fractures": [{"site": "vertebra", "fragility": True, "months_ago": 24}],
    "falls_past_year": 0,
    "tug_s": 10,
    "single_leg_stance_s": 8,
}
# Clearance required: acute back pain.
CLEARANCE = {"age": 70, "sex": "female", "conditions": ["acute_back_pain"]}
# Tier A: normal bone, active, no falls.
TIER_A = {
    "age": 55,
    "sex": "female",
    "menopause": "post",
    "dxa": [{"site": "lumbar_spine", "t_score": -0.5}],
    "falls_past_year": 0,
    "tug_s": 7,
    "single_leg_stance_s": 40,
    "physically_active": True,
}
FULL_GYM = [
    "barbell",
    "dumbbell",
    "kettlebell",
    "machine",
    "cable",
    "bands",
    "bodyweight",
    "step",
    "vest",
]


@pytest.fixture(autouse=True)
def english_messages():
    """Service messages in English for the assertions (views choose by the language cookie)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def store_assessment(client: Client, profile: dict) -> None:
    """Store an assessment of `profile` for the client, as the clients app does after intake."""
    from osteoload.clients.models import Assessment
    from osteoload.engine.assessment import assess

    result = assess(parse_profile(profile))
    Assessment.objects.create(
        gym=client.gym,
        client=client,
        engine_version="test",
        tier=result.tier.value,
        result=result.to_dict(),
        profile=profile,
        reason="test",
    )


@pytest.fixture
def profiles(monkeypatch: pytest.MonkeyPatch) -> dict[int, ClientProfile]:
    """Client pk → engine profile of today's facts; clients not in the map are tier B."""
    table: dict[int, ClientProfile] = {}

    def profile_of(client: Client) -> ClientProfile:
        return table.get(client.pk, parse_profile(TIER_B))

    monkeypatch.setattr(engine_io, "client_profile", profile_of)
    return table


@pytest.fixture
def assessed(profiles) -> Callable[[Client, dict], None]:
    """`assessed(client, PROFILE)`: the client's facts are now PROFILE, assessed and stored."""

    def assess_as(client: Client, profile: dict) -> None:
        profiles[client.pk] = parse_profile(profile)
        store_assessment(client, profile)

    return assess_as


@pytest.fixture
def make_program(assessed) -> Callable[..., Program]:
    def make(
        actor,
        client,
        *,
        weeks=12,
        sessions=2,
        equipment=None,
        profile=TIER_B,
        start=dt.date(2026, 1, 5),
    ) -> Program:
        assessed(client, profile)
        request = GenerateRequest(
            weeks=weeks,
            sessions_per_week=sessions,
            equipment=list(equipment or FULL_GYM),
            start_date=start,
        )
        return generate_for_client(actor=actor, client=client, request=request)

    return make


@pytest.fixture
def carol_program(alice, carol_record, make_program) -> Program:
    return make_program(alice, carol_record)

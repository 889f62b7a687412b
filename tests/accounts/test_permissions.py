"""The permission model, as sentences: who may do what with whose record."""

from __future__ import annotations

import datetime as dt

import pytest

from osteoload.accounts.permissions import (
    Access,
    can_access_client,
    can_manage_gym,
    can_read_audit_log,
    can_see_health_data,
    can_view_client_directory,
)
from osteoload.clients.models import TrainerAssignment

R, W, S, D = Access.HEALTH_READ, Access.HEALTH_WRITE, Access.SELF_REPORT, Access.DIRECTORY

# persona, record, accesses allowed (all others refused)
MATRIX = [
    ("olivia", "carol_record", {D, R, W, S}),
    ("olivia", "erin_record", {D, R, W, S}),
    ("olivia", "hank_record", set()),
    ("alice", "carol_record", {D, R, W, S}),
    ("alice", "dan_record", {D, R, W, S}),
    ("alice", "erin_record", {D}),
    ("alice", "hank_record", set()),
    ("bob", "carol_record", {D}),
    ("bob", "erin_record", {D, R, W, S}),
    ("frank", "carol_record", {D}),
    ("frank", "erin_record", {D}),
    ("frank", "hank_record", set()),
    ("carol", "carol_record", {D, R, S}),
    ("carol", "dan_record", set()),
    ("carol", "erin_record", set()),
    ("erin", "erin_record", {D, R, S}),
    ("oscar", "carol_record", set()),
    ("oscar", "hank_record", {D, R, W, S}),
    ("trent", "hank_record", {D, R, W, S}),
    ("hank", "hank_record", {D, R, S}),
]


@pytest.mark.parametrize(("persona", "record", "allowed"), MATRIX)
def test_permission_matrix(world, persona, record, allowed):
    member = getattr(world, persona)
    client = getattr(world, record)
    for access in Access:
        assert can_access_client(member, client, access) == (access in allowed), (
            persona,
            record,
            access,
        )


def test_an_ended_assignment_ends_access(alice, carol_record):
    TrainerAssignment.objects.filter(trainer=alice, client=carol_record).update(
        until=dt.date(2024, 6, 30)
    )
    assert not can_access_client(alice, carol_record, R)
    assert can_access_client(alice, carol_record, D)


def test_a_future_assignment_gives_no_access_yet(bob, carol_record):
    TrainerAssignment.objects.create(
        gym=carol_record.gym, trainer=bob, client=carol_record, since=dt.date(2999, 1, 1)
    )
    assert not can_access_client(bob, carol_record, R)


def test_an_inactive_membership_has_no_access(alice, carol_record):
    alice.is_active = False
    assert not can_access_client(alice, carol_record, D)
    assert not can_access_client(None, carol_record, D)


def test_role_level_rules(world):
    assert [can_manage_gym(getattr(world, p)) for p in ("olivia", "alice", "frank", "carol")] == [
        True,
        False,
        False,
        False,
    ]
    assert can_read_audit_log(world.olivia) and not can_read_audit_log(world.alice)
    assert not can_see_health_data(world.frank) and can_see_health_data(world.alice)
    assert can_view_client_directory(world.frank) and not can_view_client_directory(world.carol)

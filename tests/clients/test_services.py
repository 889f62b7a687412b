"""Creating clients and assigning trainers: authorised and audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from osteoload.accounts.permissions import Access, can_access_client
from osteoload.audit.models import AuditEvent
from osteoload.clients.models import TrainerAssignment
from osteoload.clients.services import assign_trainer, create_client, end_assignment


def test_staff_create_clients_in_their_own_gym(frank):
    client = create_client(
        actor=frank,
        family_name=" 山田 ",
        given_name="太郎",
        sex="male",
        birth_date=dt.date(1950, 1, 2),
        email="Taro@Example.com",
    )
    assert client.gym_id == frank.gym_id and client.family_name == "山田"
    assert client.email == "taro@example.com"
    assert AuditEvent.objects.filter(action="client.create", client_id=client.pk).exists()


def test_clients_cannot_create_clients(carol):
    with pytest.raises(PermissionDenied):
        create_client(
            actor=carol,
            family_name="A",
            given_name="B",
            sex="female",
            birth_date=dt.date(1950, 1, 2),
        )


def test_invalid_fields_are_refused(frank):
    with pytest.raises(ValidationError) as info:
        create_client(
            actor=frank, family_name="", given_name="B", sex="other", birth_date=dt.date(1950, 1, 2)
        )
    assert set(info.value.message_dict) == {"family_name", "sex"}


def test_owner_assigns_and_ends_assignments_with_a_trail(olivia, bob, carol_record):
    assignment = assign_trainer(actor=olivia, client=carol_record, trainer=bob)
    assert can_access_client(bob, carol_record, Access.HEALTH_READ)
    assert assign_trainer(actor=olivia, client=carol_record, trainer=bob) == assignment
    end_assignment(actor=olivia, assignment=assignment)
    assert TrainerAssignment.objects.filter(pk=assignment.pk, until__isnull=False).exists()
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["assignment.start", "assignment.end"]


def test_only_the_owner_assigns(alice, bob, carol_record):
    with pytest.raises(PermissionDenied):
        assign_trainer(actor=alice, client=carol_record, trainer=bob)


def test_cannot_assign_across_gyms_or_to_non_trainers(olivia, oscar, frank, trent, carol_record):
    with pytest.raises(PermissionDenied):
        assign_trainer(actor=oscar, client=carol_record, trainer=trent)
    with pytest.raises(ValidationError):
        assign_trainer(actor=olivia, client=carol_record, trainer=trent)
    with pytest.raises(ValidationError):
        assign_trainer(actor=olivia, client=carol_record, trainer=frank)


def test_an_assignment_cannot_end_before_it_starts(olivia, alice, carol_record):
    assignment = TrainerAssignment.objects.get(trainer=alice, client=carol_record)
    with pytest.raises(ValidationError):
        end_assignment(actor=olivia, assignment=assignment, until=dt.date(2000, 1, 1))

"""`get_client_for`: the gate to health data, and its audit trail."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from osteoload.accounts.permissions import Access
from osteoload.audit.models import AuditEvent
from osteoload.clients.selectors import (
    client_directory,
    clients_with_health_access,
    get_client_for,
)
from tests.conftest import capture_queries


def test_assigned_trainer_reads_and_it_is_recorded(alice, carol_record):
    client = get_client_for(user=alice.user, client_id=carol_record.pk, purpose="client.view")
    assert client == carol_record
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.client_id, event.gym_id) == (
        alice.user,
        "client.view",
        carol_record.pk,
        alice.gym_id,
    )
    assert event.object_type == "clients.client" and event.object_id == str(carol_record.pk)
    assert event.detail == {"access": "health_read"}


def test_unassigned_trainer_is_refused_and_the_attempt_recorded(bob, carol_record):
    with pytest.raises(PermissionDenied):
        get_client_for(user=bob.user, client_id=carol_record.pk, purpose="client.view")
    event = AuditEvent.objects.get()
    assert event.action == "denied" and event.actor == bob.user
    assert event.detail["purpose"] == "client.view" and event.detail["role"] == "trainer"


def test_another_gyms_client_looks_missing(oscar, carol_record):
    with pytest.raises(Http404):
        get_client_for(user=oscar.user, client_id=carol_record.pk, purpose="client.view")
    event = AuditEvent.objects.get()
    assert event.gym_id == oscar.gym_id and event.detail["reason"] == "not_in_gym"
    assert event.client_id is None  # nothing about the other gym's client is written


def test_front_desk_may_look_up_contact_but_never_health(frank, carol_record):
    assert (
        get_client_for(
            user=frank.user, client_id=carol_record.pk, purpose="booking", access=Access.DIRECTORY
        )
        == carol_record
    )
    assert not AuditEvent.objects.exists()  # directory reads are not health data
    with pytest.raises(PermissionDenied):
        get_client_for(user=frank.user, client_id=carol_record.pk, purpose="client.view")


def test_client_reads_her_own_record_but_cannot_edit_it(carol, carol_record, dan_record):
    assert (
        get_client_for(user=carol.user, client_id=carol_record.pk, purpose="portal") == carol_record
    )
    with pytest.raises(PermissionDenied):
        get_client_for(
            user=carol.user,
            client_id=carol_record.pk,
            purpose="intake.edit",
            access=Access.HEALTH_WRITE,
        )
    with pytest.raises(PermissionDenied):
        get_client_for(user=carol.user, client_id=dan_record.pk, purpose="portal")


def test_bad_ids_are_not_found(alice):
    for bad in ("abc", "999999", None):
        with pytest.raises(Http404):
            get_client_for(user=alice.user, client_id=bad, purpose="client.view")


def test_the_gate_costs_a_constant_number_of_queries(alice, carol_record):
    with capture_queries() as ctx:
        get_client_for(
            user=alice.user, client_id=carol_record.pk, purpose="client.view", membership=alice
        )
    # client, assignment check, audit insert (the caller passed the membership)
    assert len(ctx.captured_queries) == 3
    inserts = [q for q in ctx.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1


def test_lists_by_role(world):
    names = lambda qs: sorted(c.family_name for c in qs)  # noqa: E731
    assert names(clients_with_health_access(membership=world.olivia)) == ["Carol", "Dan", "Erin"]
    assert names(clients_with_health_access(membership=world.alice)) == ["Carol", "Dan"]
    assert names(clients_with_health_access(membership=world.bob)) == ["Erin"]
    assert names(clients_with_health_access(membership=world.frank)) == []
    assert names(clients_with_health_access(membership=world.carol)) == ["Carol"]
    assert names(clients_with_health_access(membership=world.oscar)) == ["Hank"]
    assert names(client_directory(membership=world.frank)) == ["Carol", "Dan", "Erin"]
    assert names(client_directory(membership=world.carol)) == []
    assert names(client_directory(membership=world.frank, search="eri")) == ["Erin"]

"""The audit log: one INSERT per event, readable by the owner only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from osteoload.audit.models import AuditEvent
from osteoload.audit.services import record_event
from tests.conftest import capture_queries


def test_recording_is_one_insert(alice, carol_record):
    with capture_queries() as ctx:
        event = record_event(
            gym=alice.gym,
            actor=alice.user,
            action="program.view",
            obj=carol_record,
            client_id=carol_record.pk,
            detail={"week": 3},
        )
    assert len(ctx.captured_queries) == 1 and ctx.captured_queries[0]["sql"].startswith("INSERT")
    event.refresh_from_db()
    assert event.detail == {"week": 3} and event.object_type == "clients.client"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("olivia", 200), ("alice", 403), ("frank", 403), ("carol", 403), (None, 302)],
)
def test_audit_log_page_permissions(world, as_, persona, status):
    response = as_(getattr(world, persona) if persona else None).get(reverse("audit:log"))
    assert response.status_code == status


def test_owner_sees_who_read_what_in_her_gym_only(world, as_):
    as_(world.alice).get(reverse("clients:detail", args=[world.carol_record.pk]))
    as_(world.trent).get(reverse("clients:detail", args=[world.hank_record.pk]))
    html = as_(world.olivia).get(reverse("audit:log")).content.decode()
    assert "client.view" in html and "Alice" in html and "Trent" not in html
    # in plain words, in the owner's language (Japanese by default); the code on hover
    assert '<span title="client.view">お客様情報：閲覧</span>' in html
    assert AuditEvent.objects.count() == 2

"""Reading the audit log (owners only: the views check `can_read_audit_log`)."""

from __future__ import annotations

from django.db.models import QuerySet

from osteoload.accounts.models import Gym

from .models import AuditEvent


def events_for_gym(
    *, gym: Gym, client_id: int | None = None, limit: int = 100
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("actor").filter(gym=gym)
    if client_id is not None:
        events = events.filter(client_id=client_id)
    return events.order_by("-at", "-id")[:limit]

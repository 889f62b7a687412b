"""Writing the audit log. One INSERT per event, nothing else: cheap enough for every read.

Recording an audit event is the one write a read request is meant to make (reading a client's
health data is itself a fact worth keeping).
"""

from __future__ import annotations

from typing import Any

from django.db import models

from osteoload.accounts.models import Gym, User

from .models import AuditEvent


def record_event(
    *,
    gym: Gym | int,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    client_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. `obj` fills object type and id (`app_label.model`, primary key)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    gym_id = gym if isinstance(gym, int) else gym.pk
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    return AuditEvent.objects.create(
        gym_id=gym_id,
        actor_id=actor_id,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        client_id=client_id,
        detail=detail or {},
    )

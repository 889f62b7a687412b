"""Demo data, programs: every demo client without a program gets one from the engine, made by
their trainer (clients who need a physician's clearance get none, as in real life)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from osteoload.accounts.demo import DemoContext
from osteoload.accounts.models import Membership, Role
from osteoload.clients.models import Client, TrainerAssignment

from .models import Program
from .services import GenerateRequest, generate_for_client


def _monday_weeks_ago(weeks: int) -> dt.date:
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday() + 7 * weeks)


def seed(ctx: DemoContext) -> None:
    owner = Membership.objects.filter(gym=ctx.gym, role=Role.OWNER).first()
    clients = Client.objects.filter(gym=ctx.gym).exclude(
        pk__in=Program.objects.filter(gym=ctx.gym).values("client_id")
    )
    made = 0
    for client in clients.order_by("pk"):
        assignment = (
            TrainerAssignment.objects.active()
            .filter(client=client)
            .select_related("trainer")
            .first()
        )
        actor = assignment.trainer if assignment is not None else owner
        if actor is None:
            continue
        request = GenerateRequest(
            weeks=12,
            sessions_per_week=3 if client.pk % 3 == 0 else 2,
            equipment=list(ctx.gym.equipment),
            start_date=_monday_weeks_ago(2),
        )
        try:
            generate_for_client(actor=actor, client=client, request=request)
        except ValidationError:
            continue  # clearance required: no program until the physician says yes
        made += 1
    ctx.say(f"programs: {made} generated")

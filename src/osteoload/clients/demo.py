"""Demo data, part 2: the client who signs in (client@example.com) and her trainer."""

from __future__ import annotations

import datetime as dt

from osteoload.accounts.demo import DemoContext

from .models import Client, TrainerAssignment


def seed(ctx: DemoContext) -> None:
    portal = ctx.member("client@example.com")
    client, _created = Client.objects.get_or_create(
        gym=ctx.gym,
        user=portal.user,
        defaults={
            "family_name": "田中",
            "given_name": "花子",
            "family_name_kana": "タナカ",
            "given_name_kana": "ハナコ",
            "sex": "female",
            "birth_date": dt.date(1957, 4, 12),
            "email": "client@example.com",
        },
    )
    trainer = ctx.member("trainer@example.com")
    if not TrainerAssignment.objects.filter(client=client, until__isnull=True).exists():
        TrainerAssignment.objects.create(
            gym=ctx.gym,
            trainer=trainer,
            client=client,
            since=dt.date(2025, 4, 1),
            assigned_by=ctx.member("owner@example.com").user,
        )

"""Demo data, self-reports: three weeks of sleep, a food check and some home practice for the client
who signs in (client@example.com), entered as she would have entered them on her phone.

Idempotent: a night already logged is left as it is, the food check is made only when she has
none, home sessions carry fixed keys (so a second run finds them instead of adding more).
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.utils import timezone

from osteoload.accounts.demo import DemoContext
from osteoload.clients.models import Client

from . import selectors, services
from .models import HomeSession, NutritionCheck, SleepLog

DEMO_CLIENT = "client@example.com"
NIGHTS = 21
HOME_DAYS = (1, 2, 4, 5, 6, 8, 9, 11, 12, 13)  # days ago
# (hours asleep, hours in bed, rested) repeating over a week: mostly fine, one short night, one
# long lie-in — so the summary has something to say.
WEEK = [
    ("6.5", "7.5", 4),
    ("7.0", "7.5", 4),
    ("5.5", "7.0", 2),
    ("6.5", "7.5", 3),
    ("7.0", "8.5", 3),
    ("6.0", "7.0", 3),
    ("7.5", "8.0", 5),
]
FOODS = {
    "milk": {"servings": 1, "per": "day"},
    "yogurt": {"servings": 3, "per": "week"},
    "tofu_firm": {"servings": 2, "per": "week"},
    "natto": {"servings": 3, "per": "week"},
    "salmon": {"servings": 1, "per": "week"},
    "egg": {"servings": 5, "per": "week"},
    "komatsuna": {"servings": 1, "per": "week"},
}
KEY_NAMESPACE = uuid.UUID("6f7c2d1e-9b0a-4c1e-8d3f-5a6b7c8d9e0f")


def seed(ctx: DemoContext) -> None:
    membership = ctx.members.get(DEMO_CLIENT)
    if membership is None:
        return
    client = Client.objects.filter(gym=ctx.gym, user=membership.user).first()
    if client is None:
        return
    today = timezone.localdate()
    logged = set(SleepLog.objects.filter(client=client).values_list("night_of", flat=True))
    nights = 0
    for i in range(1, NIGHTS + 1):
        night = today - dt.timedelta(days=i)
        if night in logged:
            continue
        asleep, in_bed, rested = WEEK[night.toordinal() % len(WEEK)]
        services.log_sleep(
            actor=membership,
            client=client,
            night_of=night,
            hours_asleep=Decimal(asleep),
            time_in_bed_h=Decimal(in_bed),
            rested=rested,
            today=today,
        )
        nights += 1
    checked = False
    if not NutritionCheck.objects.filter(client=client).exists():
        services.record_nutrition_check(
            actor=membership,
            client=client,
            foods=FOODS,
            checked_on=today - dt.timedelta(days=3),
        )
        checked = True
    sessions = 0
    if not HomeSession.objects.filter(client=client).exists():
        plan = selectors.home_plan(selectors.program_today(client, today=today))
        for days_ago in HOME_DAYS:
            day = today - dt.timedelta(days=days_ago)
            back_sets = 0 if days_ago % 2 else plan.back_extension_sets
            kinds = {"balance", "walking"} | ({"back_extension"} if back_sets else set())
            services.log_home_session(
                actor=membership,
                client=client,
                key=uuid.uuid5(KEY_NAMESPACE, f"{client.pk}:{day.isoformat()}"),
                done_on=day,
                exercises=[item.id for item in plan.items if item.kind in kinds],
                balance_min=15 if days_ago % 3 else 10,
                back_extension_sets=back_sets,
                walk_min=30 if days_ago % 4 else 20,
                pain=0,
                today=today,
            )
            sessions += 1
    ctx.say(
        f"self-reports: {nights} nights, {'a' if checked else 'no new'} food check, "
        f"{sessions} home sessions"
    )

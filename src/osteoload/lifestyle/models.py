"""What clients record about themselves between gym sessions: home practice, sleep and food.

These are health data (read through the client gate, `Access.SELF_REPORT` to write). Each row
belongs to a gym and a client and remembers who recorded it (the client, or staff on their behalf).

- `HomeSession`: one bout of home practice (balance, back extensors, walking). A phone on a weak
  connection may send the same form twice: `idempotency_key` (made when the form is shown) makes
  the second send find the first row instead of adding another.
- `SleepLog`: one night, keyed by the date the night began; logging the same night again corrects
  it (so a retry never duplicates).
- `NutritionCheck`: the one-minute food-frequency check, with the engine's result as it was on
  that day (targets depend on weight and age, which change); one per client and day.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from osteoload.accounts.models import Gym
from osteoload.clients.models import Client


class SelfReport(models.Model):
    gym = models.ForeignKey(Gym, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.CASCADE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class HomeSession(SelfReport):
    done_on = models.DateField(_("date"))
    # Exercise ids (catalogue) of today's home plan the client ticked as done.
    exercises = models.JSONField(_("exercises done"), default=list, blank=True)
    balance_min = models.PositiveSmallIntegerField(_("balance practice (minutes)"), default=0)
    back_extension_sets = models.PositiveSmallIntegerField(_("back-extensor sets"), default=0)
    walk_min = models.PositiveSmallIntegerField(_("walking (minutes)"), default=0)
    pain = models.PositiveSmallIntegerField(_("pain (0–10)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    idempotency_key = models.UUIDField(unique=True)

    class Meta:
        verbose_name = _("home session")
        verbose_name_plural = _("home sessions")
        ordering = ["-done_on", "-id"]
        default_related_name = "home_sessions"
        indexes = [models.Index(fields=["client", "-done_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(pain__lte=10) | Q(pain__isnull=True), name="home_session_pain_0_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} home {self.done_on}"

    @property
    def total_min(self) -> int:
        return self.balance_min + self.walk_min


class SleepLog(SelfReport):
    night_of = models.DateField(_("night of"))  # the evening the night began
    hours_asleep = models.DecimalField(_("hours asleep"), max_digits=3, decimal_places=1)
    time_in_bed_h = models.DecimalField(_("hours in bed"), max_digits=3, decimal_places=1)
    rested = models.PositiveSmallIntegerField(_("rested (1–5)"), null=True, blank=True)

    class Meta:
        verbose_name = _("sleep log")
        verbose_name_plural = _("sleep logs")
        ordering = ["-night_of"]
        default_related_name = "sleep_logs"
        constraints = [
            models.UniqueConstraint(fields=["client", "night_of"], name="sleep_one_per_night"),
            models.CheckConstraint(
                condition=Q(hours_asleep__gte=0, hours_asleep__lte=16),
                name="sleep_hours_asleep_0_16",
            ),
            models.CheckConstraint(
                condition=Q(time_in_bed_h__gte=models.F("hours_asleep"), time_in_bed_h__lte=24),
                name="sleep_in_bed_covers_asleep",
            ),
            models.CheckConstraint(
                condition=Q(rested__gte=1, rested__lte=5) | Q(rested__isnull=True),
                name="sleep_rested_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} sleep {self.night_of}"


class NutritionCheck(SelfReport):
    checked_on = models.DateField(_("date"))
    # The engine's request foods: {food_id: {"servings": n, "per": "day"|"week"}}.
    foods = models.JSONField(_("foods"), default=dict)
    # `osteoload.nutrition/1` as the engine answered on that day.
    result = models.JSONField(default=dict)
    engine_version = models.CharField(max_length=20)

    class Meta:
        verbose_name = _("nutrition check")
        verbose_name_plural = _("nutrition checks")
        ordering = ["-checked_on", "-id"]
        default_related_name = "nutrition_checks"
        constraints = [
            models.UniqueConstraint(fields=["client", "checked_on"], name="nutrition_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} nutrition {self.checked_on}"

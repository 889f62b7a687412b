"""Clients of a gym and the explicit trainer↔client assignment.

The clients app grows here (intake, DXA and functional-test histories, clearance, assessments);
this module holds the core every other app relies on.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osteoload.accounts.models import Gym, Membership


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class ClientStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


class Client(models.Model):
    """A person the gym trains. `user` is set when the client has a login for the portal."""

    gym = models.ForeignKey(Gym, on_delete=models.PROTECT, related_name="clients")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="client_records",
    )
    family_name = models.CharField(_("family name"), max_length=60)
    given_name = models.CharField(_("given name"), max_length=60)
    family_name_kana = models.CharField(_("family name (kana)"), max_length=60, blank=True)
    given_name_kana = models.CharField(_("given name (kana)"), max_length=60, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"))
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ClientStatus.choices, default=ClientStatus.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["family_name_kana", "given_name_kana", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["gym", "user"],
                condition=Q(user__isnull=False),
                name="client_one_record_per_user_and_gym",
            )
        ]
        indexes = [
            models.Index(fields=["gym", "status"]),
            models.Index(fields=["gym", "family_name_kana", "given_name_kana"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        # Japanese order: family name first.
        return f"{self.family_name} {self.given_name}"

    @property
    def full_name_kana(self) -> str:
        return f"{self.family_name_kana} {self.given_name_kana}".strip()

    def age_on(self, day: dt.date) -> int:
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years

    @property
    def age(self) -> int:
        return self.age_on(timezone.localdate())


class TrainerAssignmentQuerySet(models.QuerySet["TrainerAssignment"]):
    def active_on(self, day: dt.date) -> TrainerAssignmentQuerySet:
        return self.filter(Q(since__lte=day), Q(until__isnull=True) | Q(until__gte=day))

    def active(self) -> TrainerAssignmentQuerySet:
        return self.active_on(timezone.localdate())


class TrainerAssignment(models.Model):
    """An explicit, dated link: this trainer looks after this client from `since` to `until`.

    Only assigned trainers (and the owner) see a client's health data. Rows are never deleted:
    ending an assignment sets `until`, so the history of who was responsible stays.
    """

    gym = models.ForeignKey(Gym, on_delete=models.PROTECT, related_name="assignments")
    trainer = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="assignments")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="assignments")
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrainerAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("trainer assignment")
        verbose_name_plural = _("trainer assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="assignment_until_after_since",
            ),
            models.UniqueConstraint(
                fields=["trainer", "client"],
                condition=Q(until__isnull=True),
                name="assignment_one_open_per_trainer_and_client",
            ),
        ]
        indexes = [
            models.Index(fields=["trainer", "until"]),
            models.Index(fields=["client", "until"]),
        ]

    def __str__(self) -> str:
        return f"{self.trainer.user} → {self.client} ({self.since}–{self.until or ''})"

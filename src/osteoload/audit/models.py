"""The audit log: who read or changed which client's health data, and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osteoload.accounts.models import Gym


class AuditEvent(models.Model):
    """One access to health data (read, write, or a refused attempt). Append-only."""

    gym = models.ForeignKey(Gym, on_delete=models.PROTECT, related_name="audit_events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    # Plain id, not a foreign key: the trail must outlive the client record.
    client_id = models.BigIntegerField(_("client"), null=True, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["gym", "-at"]),
            models.Index(fields=["client_id", "-at"]),
            models.Index(fields=["actor", "-at"]),
        ]

    @property
    def label(self) -> str:
        """The action in plain words, in the active language (the code stays in `action`)."""
        from .labels import action_label

        return action_label(self.action)

    def __str__(self) -> str:
        target = f"{self.object_type}:{self.object_id}"
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {target}"

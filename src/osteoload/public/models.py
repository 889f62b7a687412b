"""The gym's public page settings and the messages visitors send through the contact form."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from osteoload.accounts.models import Gym


class PublicPage(models.Model):
    """What the gym's public page says. A gym without a saved row shows the defaults."""

    gym = models.OneToOneField(Gym, on_delete=models.CASCADE, related_name="public_page")
    published = models.BooleanField(_("published"), default=True)
    headline = models.CharField(
        _("headline"), max_length=120, blank=True, help_text=_("Empty: the standard headline.")
    )
    message = models.TextField(
        _("your message"),
        max_length=3000,
        blank=True,
        help_text=_("Shown above the standard text about bone and strength."),
    )
    hours = models.TextField(_("opening hours"), max_length=500, blank=True)
    access = models.TextField(_("how to find us"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("public page")
        verbose_name_plural = _("public pages")

    def __str__(self) -> str:
        return f"{self.gym} public page"


class ContactMessage(models.Model):
    """A visitor's message from the contact form (the owner and the front desk read them)."""

    gym = models.ForeignKey(Gym, on_delete=models.CASCADE, related_name="contact_messages")
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    message = models.TextField(_("message"), max_length=3000)
    consent_at = models.DateTimeField(_("consent given at"))
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["gym", "handled_at", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""), name="contact_message_has_contact"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.message[:30]}"

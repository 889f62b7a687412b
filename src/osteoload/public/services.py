"""Writes of the public pages: a visitor's contact message, the owner's page settings."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from osteoload.accounts.models import Gym, Membership
from osteoload.accounts.permissions import can_manage_gym

from .models import ContactMessage, PublicPage

log = logging.getLogger(__name__)


def send_contact_message(
    *, gym: Gym, name: str, email: str = "", phone: str = "", message: str
) -> ContactMessage:
    """Store a visitor's message (they consented on the form) and tell the gym by e-mail."""
    item = ContactMessage(
        gym=gym,
        name=name.strip(),
        email=email.strip().lower(),
        phone=phone.strip(),
        message=message.strip(),
        consent_at=timezone.now(),
    )
    item.full_clean()
    item.save()
    if gym.email:
        try:
            with translation.override(settings.LANGUAGE_CODE):
                body = render_to_string(
                    "public/email/contact_notice.txt", {"item": item, "gym": gym}
                )
                send_mail(
                    _("Message from the website: %(name)s") % {"name": item.name},
                    body,
                    None,
                    [gym.email],
                )
        except Exception:  # the message is stored; the inbox shows it even if mail failed
            log.exception("contact notice for gym %s failed", gym.pk)
    return item


def mark_handled(*, actor: Membership, item: ContactMessage) -> ContactMessage:
    if (
        not actor.is_active
        or item.gym_id != actor.gym_id
        or actor.role not in ("owner", "front_desk")
    ):
        raise PermissionDenied("not allowed to handle this message")
    if item.handled_at is None:
        item.handled_at = timezone.now()
        item.handled_by = actor.user
        item.save(update_fields=["handled_at", "handled_by"])
    return item


def save_page(*, actor: Membership, **values: object) -> PublicPage:
    if not can_manage_gym(actor):
        raise PermissionDenied("only the owner edits the public page")
    page, _created = PublicPage.objects.get_or_create(gym_id=actor.gym_id)
    for name, value in values.items():
        setattr(page, name, value)
    page.full_clean()
    page.save()
    return page

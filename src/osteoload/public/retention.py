"""Deleting what visitors left on the public pages once it is no longer needed.

Japan's personal-information law asks a business to endeavour to delete personal data without
delay once it no longer needs it (個人情報の保護に関する法律 第22条). A counseling request is
needed until the counseling is over and the visitor became a client or did not; a contact message
until it is answered. After `OSTEOLOAD_VISITOR_RETENTION_DAYS` (default 365; product policy):

* counseling requests that did not become clients are deleted (with what the visitor wrote);
* requests that became clients keep the link for the gym's statistics, but their free text and
  proposed times are cleared: the client's own record holds what the gym needs;
* contact messages are deleted.

A request whose counseling booking is still to come (or within the period) is kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from osteoload.public.models import ContactMessage
from osteoload.scheduling.models import CounselingRequest, RequestStatus


@dataclass(frozen=True)
class Purge:
    cutoff: dt.datetime
    requests_deleted: int
    requests_scrubbed: int
    messages_deleted: int


def purge_visitor_data(*, now: dt.datetime | None = None, dry_run: bool = False) -> Purge:
    days = int(settings.OSTEOLOAD_VISITOR_RETENTION_DAYS)
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    old = CounselingRequest.objects.filter(created_at__lt=cutoff).filter(
        Q(booking__isnull=True) | Q(booking__starts_at__lt=cutoff)
    )
    to_delete = old.exclude(status=RequestStatus.CONVERTED)
    to_scrub = old.filter(status=RequestStatus.CONVERTED).exclude(concerns="", proposed_times=[])
    messages = ContactMessage.objects.filter(created_at__lt=cutoff)
    if dry_run:
        return Purge(cutoff, to_delete.count(), to_scrub.count(), messages.count())
    with transaction.atomic():
        deleted = to_delete.delete()[1].get(CounselingRequest._meta.label, 0)
        scrubbed = to_scrub.update(concerns="", proposed_times=[])
        messages_deleted = messages.delete()[1].get(ContactMessage._meta.label, 0)
    return Purge(cutoff, deleted, scrubbed, messages_deleted)

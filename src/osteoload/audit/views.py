"""The audit log page (owner only)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from osteoload.accounts.permissions import can_read_audit_log

from .selectors import events_for_gym

LOG_LIMIT = 200


@require_GET
@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    if not can_read_audit_log(membership):
        raise PermissionDenied
    events = list(events_for_gym(gym=membership.gym, limit=LOG_LIMIT))
    return render(request, "audit/log.html", {"events": events})

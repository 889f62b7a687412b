"""Client pages: the directory (staff) and a client's page (health data: gated and audited)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from osteoload.accounts.permissions import Access, can_view_client_directory

from . import selectors

LIST_LIMIT = 100


@require_GET
@login_required
def client_list(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    if not can_view_client_directory(membership):
        raise PermissionDenied
    search = request.GET.get("q", "")[:100]
    clients = list(selectors.client_directory(membership=membership, search=search)[:LIST_LIMIT])
    mine = (
        set(
            selectors.clients_with_health_access(membership=membership).values_list("pk", flat=True)
        )
        if clients
        else set()
    )
    template = "clients/_rows.html" if request.htmx else "clients/list.html"  # type: ignore[attr-defined]
    return render(request, template, {"clients": clients, "q": search, "health_ids": mine})


@require_GET
@login_required
def client_detail(request: HttpRequest, client_id: int) -> HttpResponse:
    client = selectors.get_client_for(
        user=request.user,  # type: ignore[arg-type]
        client_id=client_id,
        purpose="client.view",
        access=Access.HEALTH_READ,
        membership=request.membership,  # type: ignore[attr-defined]
    )
    assignments = list(selectors.active_assignments(client=client))
    return render(request, "clients/detail.html", {"client": client, "assignments": assignments})

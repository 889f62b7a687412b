"""The progress page of a client: strength, load, adherence, DXA, forecast, functional tests and
sleep, as charts with the numbers beneath. For the owner, the assigned trainer and the client
themself (through the client gate: authorised and audited); the front desk never sees it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from osteoload.accounts.permissions import Access
from osteoload.clients.selectors import get_client_for, own_client_record

from .presenters import progress_charts
from .selectors import progress_for


def _lang() -> str:
    return "ja" if (get_language() or "ja").startswith("ja") else "en"


@require_GET
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    record = own_client_record(membership=request.membership)  # type: ignore[attr-defined]
    if record is None:
        return redirect("home")
    return client_progress(request, record.pk)


@require_GET
@login_required
def client_progress(request: HttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for(
        user=request.user,  # type: ignore[arg-type]
        client_id=client_id,
        purpose="progress.view",
        access=Access.HEALTH_READ,
        membership=request.membership,  # type: ignore[attr-defined]
    )
    lang = _lang()
    progress = progress_for(client, today=timezone.localdate())
    context = {
        "client": client,
        "progress": progress,
        "charts": progress_charts(progress, lang),
        "is_self": client.user_id is not None and client.user_id == request.user.pk,
        "forecast_error": progress.forecast.error if progress.forecast else "",
    }
    return render(request, "progress/client.html", context)

"""Sign-in, sign-out, password change, and the home page of each role."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from osteoload.audit.selectors import events_for_gym
from osteoload.clients.models import ClientStatus, TrainerAssignment
from osteoload.clients.selectors import (
    client_directory,
    clients_with_health_access,
    own_client_record,
)

from .forms import EmailAuthenticationForm
from .middleware import CHOSEN_MEMBERSHIP_KEY
from .models import Role
from .selectors import gym_trainers, memberships_of


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@require_http_methods(["GET", "POST"])
@login_required
def choose_gym(request: HttpRequest) -> HttpResponse:
    """Staff working in several gyms of a chain choose the one they act in (kept in the session:
    every page, permission and list then follows that membership)."""
    memberships = list(memberships_of(user=request.user))  # type: ignore[arg-type]
    current = getattr(request, "membership", None)
    error = ""
    if request.method == "POST":
        try:
            wanted = int(request.POST.get("membership", ""))
        except ValueError:
            wanted = -1
        chosen = next((m for m in memberships if m.pk == wanted), None)
        if chosen is not None:
            request.session[CHOSEN_MEMBERSHIP_KEY] = chosen.pk
            return redirect("home")
        error = _("Choose one of your gyms.")
    context = {
        "memberships": memberships,
        "current_id": current.pk if current else None,
        "error": error,
    }
    return render(request, "accounts/choose_gym.html", context, status=422 if error else 200)


HOME_LIST_LIMIT = 50


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The home page of the signed-in member's role, each with a constant number of queries."""
    membership = request.membership  # type: ignore[attr-defined]
    if not membership:
        return render(request, "home/no_gym.html", status=403)
    if membership.role == Role.OWNER:
        return _owner_home(request, membership)
    if membership.role == Role.TRAINER:
        return _trainer_home(request, membership)
    if membership.role == Role.FRONT_DESK:
        return _front_desk_home(request, membership)
    return _client_home(request, membership)


def _owner_home(request: HttpRequest, membership: object) -> HttpResponse:
    gym = membership.gym  # type: ignore[attr-defined]
    today = timezone.localdate()
    open_on_today = Q(assignments__since__lte=today) & (
        Q(assignments__until__isnull=True) | Q(assignments__until__gte=today)
    )
    trainers = gym_trainers(gym=gym).annotate(
        client_count=Count("assignments", filter=open_on_today, distinct=True)
    )
    open_for_client = TrainerAssignment.objects.active_on(today).filter(client=OuterRef("pk"))
    clients = client_directory(membership=membership)  # type: ignore[arg-type]
    counts = clients.annotate(assigned=Exists(open_for_client)).aggregate(
        total=Count("id"),
        active=Count("id", filter=Q(status=ClientStatus.ACTIVE)),
        unassigned=Count("id", filter=Q(status=ClientStatus.ACTIVE, assigned=False)),
    )
    context = {
        "counts": counts,
        "trainers": list(trainers),
        "events": list(events_for_gym(gym=gym, limit=10)),
    }
    return render(request, "home/owner.html", context)


def _trainer_home(request: HttpRequest, membership: object) -> HttpResponse:
    clients = clients_with_health_access(membership=membership).filter(  # type: ignore[arg-type]
        status=ClientStatus.ACTIVE
    )
    context = {"clients": list(clients[:HOME_LIST_LIMIT]), "limit": HOME_LIST_LIMIT}
    return render(request, "home/trainer.html", context)


def _front_desk_home(request: HttpRequest, membership: object) -> HttpResponse:
    search = request.GET.get("q", "")[:100]
    clients = client_directory(membership=membership, search=search)  # type: ignore[arg-type]
    context = {"clients": list(clients[:HOME_LIST_LIMIT]), "q": search, "limit": HOME_LIST_LIMIT}
    return render(request, "home/front_desk.html", context)


def _client_home(request: HttpRequest, membership: object) -> HttpResponse:
    record = own_client_record(membership=membership)  # type: ignore[arg-type]
    if record is not None and apps.is_installed("osteoload.lifestyle"):
        # The client's home is their portal (next session, home practice, sleep, food).
        from osteoload.lifestyle.views import portal_page

        return portal_page(request, record.pk)
    return render(request, "home/client.html", {"record": record})

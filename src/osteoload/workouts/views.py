"""Session logging on the gym floor (htmx, with plain-form fallbacks) and the trainer dashboard.

Every view passes the client gate (`get_client_for`), which authorises and audits: reading a
session needs HEALTH_READ, logging needs HEALTH_WRITE (a client may read her own sessions but not
log supervised sets). Writes answer htmx with the changed fragment and plain forms with a
redirect, so a reload never re-posts.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from osteoload.accounts.permissions import Access, can_access_client, is_staff
from osteoload.clients.models import Client
from osteoload.clients.selectors import get_client_for
from osteoload.training.models import Prescription, ProgramSession

from . import dashboard as dashboard_model
from . import selectors, services, today
from .models import Flag, Workout

# Reps in reserve on the engine's scale (0–10).
RIR_CHOICES = [str(n) for n in range(11)]


def _membership(request: HttpRequest) -> Any:
    return request.membership  # type: ignore[attr-defined]


def _gate(request: HttpRequest, client_id: int, purpose: str, access: Access) -> Client:
    return get_client_for(
        user=request.user,  # type: ignore[arg-type]
        client_id=client_id,
        purpose=purpose,
        access=access,
        membership=_membership(request),
    )


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _today_url(client_id: int, session_id: int | None = None, anchor: str = "") -> str:
    url = reverse("workouts:today", args=[client_id])
    if session_id is not None:
        url += f"?session={session_id}"
    return url + (f"#{anchor}" if anchor else "")


def _session_id(request: HttpRequest) -> int | None:
    try:
        return int(request.GET.get("session", ""))
    except ValueError:
        return None


def _page_context(request: HttpRequest, client: Client, session_id: int | None) -> dict[str, Any]:
    membership = _membership(request)
    page = today.session_page(
        client, gym=membership.gym, today=timezone.localdate(), session_id=session_id
    )
    # The gate has let this member read the client's health data: for a trainer that was an open
    # assignment, which is also what writing needs, so it is not asked again.
    can_log = can_access_client(membership, client, Access.HEALTH_WRITE, assigned=True)
    return _card_context(client, page, can_log)


def _card_context(client: Client, page: today.SessionPage, can_log: bool) -> dict[str, Any]:
    """What the session page and an exercise's card render from."""
    return {
        "client": client,
        "page": page,
        "can_log": can_log,
        "new_key": uuid.uuid4,
        "rir_choices": RIR_CHOICES,
    }


# --- today's session -----------------------------------------------------------------------------


def _correction(request: HttpRequest) -> tuple[int, int] | None:
    """`?correct=<prescription>-<set number>`: the saved set to correct."""
    rx, _, number = request.GET.get("correct", "").partition("-")
    rx_id, set_number = _int(rx), _int(number)
    return None if rx_id is None or set_number is None else (rx_id, set_number)


@require_GET
@login_required
def session_today(request: HttpRequest, client_id: int) -> HttpResponse:
    client = _gate(request, client_id, "workout.view", Access.HEALTH_READ)
    context = _page_context(request, client, _session_id(request))
    correction = _correction(request) if context["can_log"] else None
    if correction is not None:
        row = next((r for r in context["page"].rows if r.rx.pk == correction[0]), None)
        if row is not None:
            row.start_correcting(correction[1])  # a set no longer there: the usual form
            if _htmx(request):
                context.update(row=row)
                return render(request, "workouts/_exercise.html", context, using="jinja2")
    return render(request, "workouts/today.html", context)


def _program_session(client: Client, session_id: int) -> ProgramSession:
    session = (
        ProgramSession.objects.select_related("program", "week")
        .filter(pk=session_id, program__client=client)
        .first()
    )
    if session is None:
        raise Http404("no such session in this client's program")
    return session


def _workout_for_write(request: HttpRequest, client: Client, session: ProgramSession) -> Workout:
    workout = services.open_workout(
        actor=_membership(request), client=client, program_session=session
    )
    workout.client = client
    return workout


def _exercise_fragment(
    request: HttpRequest,
    client: Client,
    session: ProgramSession,
    rx: Prescription,
    *,
    can_log: bool,
    **extra: Any,
) -> HttpResponse:
    """The exercise's card after a set was logged (or refused): its row alone, not the page."""
    membership = _membership(request)
    page, row = today.exercise_page(
        client, gym=membership.gym, today=timezone.localdate(), session=session, rx=rx
    )
    context = {**_card_context(client, page, can_log), "row": row, **extra}
    return render(request, "workouts/_exercise.html", context, using="jinja2")


@require_POST
@login_required
def log_set(request: HttpRequest, client_id: int, session_id: int) -> HttpResponse:
    client = _gate(request, client_id, "workout.log_set", Access.HEALTH_WRITE)
    session = _program_session(client, session_id)
    post = request.POST
    rx = Prescription.objects.filter(session=session, pk=_int(post.get("prescription"))).first()
    if rx is None:
        raise Http404("no such exercise in this session")
    accept = post.get("accept") == "1"
    data = services.SetInput(
        key=post.get("key"),
        set_number=post.get("set_number"),
        load_kg=post.get("suggested_load_kg") if accept else post.get("load_kg"),
        reps=(rx.reps if accept and rx.reps else post.get("reps")),
        rir=post.get("rir"),
        duration_s=post.get("duration_s"),
        contacts=post.get("contacts"),
        completed=post.get("missed") != "1",
        suggested_load_kg=post.get("suggested_load_kg"),
        accepted=accept,
    )
    errors: list[str] = []
    try:
        workout = _workout_for_write(request, client, session)
        services.log_set(actor=_membership(request), workout=workout, data=data, prescription=rx)
    except ValidationError as error:
        errors = error.messages
    if _htmx(request):
        # On an error the form keeps its key, so trying again cannot duplicate the set.
        extra = {"errors": errors, "failed": post if errors else None}
        status = 422 if errors else 200
        # The gate above allowed HEALTH_WRITE: the form stays.
        response = _exercise_fragment(request, client, session, rx, can_log=True, **extra)
        response.status_code = status
        return response
    for message in errors:
        messages.error(request, message)
    return redirect(_today_url(client.pk, session.pk, f"ex-{rx.pk}"))


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_POST
@login_required
def report_pain(request: HttpRequest, client_id: int, session_id: int) -> HttpResponse:
    client = _gate(request, client_id, "workout.pain", Access.HEALTH_WRITE)
    session = _program_session(client, session_id)
    error = ""
    try:
        workout = _workout_for_write(request, client, session)
        outcome = services.report_pain(
            actor=_membership(request),
            workout=workout,
            pain=request.POST.get("pain"),
            new_back_pain=request.POST.get("new_back_pain") == "1",
        )
    except ValidationError as invalid:
        error = " ".join(invalid.messages)
    else:
        if outcome.stopped:
            messages.error(request, _("Stop the session: the client needs a physician's advice."))
        elif outcome.flags:
            messages.warning(request, _("Pain recorded and flagged for review."))
        else:
            messages.success(request, _("Pain recorded."))
    if error:
        messages.error(request, error)
    if _htmx(request):
        context = _page_context(request, client, session.pk)
        return render(request, "workouts/_session.html", context)
    return redirect(_today_url(client.pk, session.pk))


@require_POST
@login_required
def finish(request: HttpRequest, client_id: int, session_id: int) -> HttpResponse:
    client = _gate(request, client_id, "workout.finish", Access.HEALTH_WRITE)
    session = _program_session(client, session_id)
    post = request.POST
    try:
        workout = _workout_for_write(request, client, session)
        result = services.finish_workout(
            actor=_membership(request),
            workout=workout,
            data=services.FinishInput(
                key=post.get("key"),
                session_rpe=post.get("session_rpe"),
                pain=post.get("pain"),
                new_back_pain=post.get("new_back_pain") == "1",
                duration_min=post.get("duration_min"),
                impact_contacts=post.get("impact_contacts"),
                notes=post.get("notes", ""),
            ),
        )
    except ValidationError as invalid:
        if _htmx(request):
            context = _page_context(request, client, session.pk)
            context.update(finish_errors=invalid.messages, finish_post=post)
            return render(request, "workouts/_session.html", context, status=422)
        for message in invalid.messages:
            messages.error(request, message)
        return redirect(_today_url(client.pk, session.pk, "finish"))
    if result.safety.stopped:
        messages.error(request, _("Stop: the client needs a physician's advice before training."))
    elif result.safety.flags:
        messages.warning(request, _("Pain flagged for review before the next session."))
    else:
        messages.success(request, _("Session saved."))
    url = reverse("workouts:detail", args=[result.workout.pk])
    if _htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


# --- logged sessions -----------------------------------------------------------------------------


@require_GET
@login_required
def client_sessions(request: HttpRequest, client_id: int) -> HttpResponse:
    client = _gate(request, client_id, "workout.list", Access.HEALTH_READ)
    workouts = list(selectors.workouts_for_client(client)[:60])
    context = {
        "client": client,
        "workouts": workouts,
        "adherence": selectors.adherence(client),
        "flags": list(Flag.objects.filter(client=client).order_by("-raised_at")[:20]),
        "can_log": can_access_client(_membership(request), client, Access.HEALTH_WRITE),
    }
    return render(request, "workouts/client_sessions.html", context)


@require_GET
@login_required
def workout_detail(request: HttpRequest, workout_id: int) -> HttpResponse:
    membership = _membership(request)
    if membership is None:
        raise PermissionDenied
    found = Workout.objects.filter(pk=workout_id, gym_id=membership.gym_id).first()
    if found is None:
        raise Http404("no such session")
    client = _gate(request, found.client_id, "workout.view", Access.HEALTH_READ)
    workout = selectors.workouts_for_client(client).get(pk=found.pk)
    planned = []
    if workout.program_session_id is not None:
        planned = list(
            Prescription.objects.filter(session_id=workout.program_session_id).order_by("position")
        )
    performed: dict[tuple[int, str], list[Any]] = {}
    for s in workout.sets.all():
        performed.setdefault((s.position, s.exercise_id), []).append(s)
    rows = [(rx, performed.pop((rx.position, rx.exercise_id), [])) for rx in planned]
    extra = list(performed.values())
    context = {
        "client": client,
        "workout": workout,
        "rows": rows,
        "extra": extra,
        "flags": list(workout.flags.all()),
        "can_log": can_access_client(membership, client, Access.HEALTH_WRITE),
        "is_today": workout.date == timezone.localdate(),
    }
    return render(request, "workouts/detail.html", context)


@require_POST
@login_required
def resolve_flag(request: HttpRequest, flag_id: int) -> HttpResponse:
    membership = _membership(request)
    if membership is None:
        raise PermissionDenied
    flag = Flag.objects.filter(pk=flag_id, gym_id=membership.gym_id).first()
    if flag is None:
        raise Http404("no such flag")
    flag.client = _gate(request, flag.client_id, "flag.resolve", Access.HEALTH_WRITE)
    try:
        services.resolve_flag(
            actor=membership, flag=flag, resolution=request.POST.get("resolution", "")
        )
    except ValidationError as invalid:
        for message in invalid.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Flag resolved."))
    back = request.POST.get("next", "")
    if not back.startswith("/") or back.startswith("//"):
        back = reverse("workouts:client_sessions", args=[flag.client_id])
    return redirect(back)


# --- the trainer dashboard -----------------------------------------------------------------------


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    if not is_staff(membership) or membership.is_front_desk:
        raise PermissionDenied
    board = dashboard_model.build_dashboard(membership=membership)
    return render(request, "workouts/dashboard.html", {"board": board})

"""Program pages: list and generate, week view, edit and swap (htmx or plain forms), print view,
and the exercise library. Health data goes through the client gate (authorised and audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import trigger_client_event

from osteoload.accounts.permissions import Access, can_access_client
from osteoload.clients.selectors import get_client_for
from osteoload.engine.catalog import EQUIPMENT_NAMES, PATTERN_NAMES
from osteoload.engine.envelope import envelope_for
from osteoload.engine.types import IMPACT_ORDER, Equipment, Impact, Pattern, Tier
from osteoload.progress import presenters
from osteoload.progress import selectors as progress_selectors
from osteoload.progress.presenters import ChartView

from . import engine_io, selectors, services
from .forms import GenerateForm, PrescriptionForm
from .models import Prescription, Program, ProgramStatus


def _membership(request: HttpRequest) -> Any:
    return request.membership  # type: ignore[attr-defined]


def _lang() -> str:
    from django.utils.translation import get_language

    return "ja" if (get_language() or "ja").startswith("ja") else "en"


def _program(request: HttpRequest, program_id: int, purpose: str) -> Program:
    """The program if the signed-in user may read its client's health data (audited as
    `purpose`)."""
    return selectors.get_program_for(
        user=request.user,  # type: ignore[arg-type]  # login_required: never AnonymousUser
        membership=_membership(request),
        program_id=program_id,
        purpose=purpose,
    )


def _can_edit(request: HttpRequest, client: Any) -> bool:
    return can_access_client(_membership(request), client, Access.HEALTH_WRITE)


def _equipment_choices(gym_equipment: list[str]) -> list[tuple[str, str]]:
    lang = _lang()
    out = []
    for value in gym_equipment:
        try:
            en, ja = EQUIPMENT_NAMES[Equipment(value)]
        except ValueError:
            continue
        out.append((value, ja if lang == "ja" else en))
    return out


# --- a client's programs -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def client_programs(request: HttpRequest, client_id: int) -> HttpResponse:
    membership = _membership(request)
    writing = request.method == "POST"
    client = get_client_for(
        user=request.user,  # type: ignore[arg-type]
        client_id=client_id,
        purpose="program.generate" if writing else "program.list",
        access=Access.HEALTH_WRITE if writing else Access.HEALTH_READ,
        membership=membership,
    )
    can_edit = writing or _can_edit(request, client)
    gym = membership.gym
    choices = _equipment_choices(gym.equipment)
    form = None
    if can_edit:
        try:
            profile = engine_io.client_profile(client)
        except ValidationError:
            profile = None  # facts the engine refuses: the assessment page explains
        preferred = (
            [e.value for e in profile.equipment]
            if profile is not None and profile.equipment
            else gym.equipment
        )
        initial = {
            "equipment": [v for v, _label in choices if v in preferred],
            "sessions_per_week": (profile.sessions_per_week if profile else None) or 2,
        }
        form = GenerateForm(request.POST or None, initial=initial, equipment_choices=choices)
        if writing and form.is_valid():
            data = form.cleaned_data
            try:
                program = services.generate_for_client(
                    actor=membership,
                    client=client,
                    request=services.GenerateRequest(
                        weeks=data["weeks"],
                        sessions_per_week=data["sessions_per_week"],
                        equipment=list(data["equipment"]),
                        start_date=data["start_date"],
                    ),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The program was generated."))
                return redirect("training:program", program_id=program.pk)
    programs = list(selectors.programs_of(client=client))
    context = {
        "client": client,
        "programs": programs,
        "form": form,
        "can_edit": can_edit,
        "latest": engine_io.latest_assessment(client),
    }
    return render(request, "training/client_programs.html", context, status=200)


# --- one program ---------------------------------------------------------------------------------


@require_GET
@login_required
def program_detail(request: HttpRequest, program_id: int) -> HttpResponse:
    program = _program(request, program_id, "program.view")
    week = selectors.current_week_number(program=program, today=timezone.localdate())
    return redirect("training:week", program_id=program.pk, week=week)


@require_GET
@login_required
def program_week(
    request: HttpRequest, program_id: int, week: int, day: int | None = None
) -> HttpResponse:
    """A week of the program with its sessions, or one session of it (`day`), e.g. on a phone
    on the gym floor."""
    program = _program(request, program_id, "program.view")
    weeks = selectors.weeks_of(program=program)
    current = next((w for w in weeks if w.number == week), None)
    if current is None:
        raise Http404("no such week")
    sessions = selectors.sessions_of_week(program=program, week_number=week)
    all_days = [s.day for s in sessions]
    if day is not None:
        sessions = [s for s in sessions if s.day == day]
        if not sessions:
            raise Http404("no such session")
    context = {
        "program": program,
        "client": program.client,
        "weeks": weeks,
        "week": current,
        "sessions": sessions,
        "days": all_days,
        "day": day,
        "previous": week - 1 if week > 1 else None,
        "next": week + 1 if week < len(weeks) else None,
        "can_edit": _can_edit(request, program.client),
        "latest": engine_io.latest_assessment(program.client),
        "today_week": selectors.current_week_number(program=program, today=timezone.localdate()),
    }
    return render(request, "training/week.html", context)


@require_GET
@login_required
def program_outlook(request: HttpRequest, program_id: int) -> HttpResponse:
    """What the program as it stands does for the spine and hip (the forecast with every planned
    session done): loaded by the week page after it renders (htmx), or as a page of its own."""
    program = _program(request, program_id, "program.outlook")
    can_edit = _can_edit(request, program.client)
    context = {
        "program": program,
        "client": program.client,
        "can_edit": can_edit,
        "outlook": _outlook(program, can_edit) if program.status == ProgramStatus.ACTIVE else None,
    }
    # django-htmx's middleware sets request.htmx; HttpRequest's stubs do not know the attribute
    htmx = request.htmx  # type: ignore[attr-defined]
    template = "training/_outlook.html" if htmx else "training/outlook.html"
    return render(request, template, context)


def _outlook(program: Program, can_edit: bool) -> ChartView | None:
    """The forecast of the working copy with every planned session done (cached by request: an
    edit changes the request)."""
    today = timezone.localdate()
    result = progress_selectors.forecast_of(program.client, program, None, today)
    return presenters.program_outlook(result, _lang(), editable=can_edit)


@require_GET
@login_required
def program_print(request: HttpRequest, program_id: int) -> HttpResponse:
    program = _program(request, program_id, "program.print")
    context = {
        "program": program,
        "client": program.client,
        "weeks": selectors.whole_program(program=program),
        "printed_at": timezone.localtime(),
    }
    return render(request, "training/print.html", context)


# --- editing a prescription ----------------------------------------------------------------------


def _prescription(
    request: HttpRequest, prescription_id: int, purpose: str, access: Access
) -> Prescription:
    return selectors.get_prescription_for(
        user=request.user,  # type: ignore[arg-type]
        membership=_membership(request),
        prescription_id=prescription_id,
        purpose=purpose,
        access=access,
    )


def _week_url(rx: Prescription) -> str:
    return reverse("training:week", args=[rx.program_id, rx.session.week.number]) + f"#rx-{rx.pk}"


def _row(request: HttpRequest, rx: Prescription, warnings: list[str] | None = None) -> HttpResponse:
    context = {"rx": rx, "can_edit": True, "warnings": warnings or [], "swapped": False}
    return render(request, "training/_rx.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def prescription_edit(request: HttpRequest, prescription_id: int) -> HttpResponse:
    rx = _prescription(request, prescription_id, "program.edit", Access.HEALTH_WRITE)
    cat = engine_io.catalog()
    exercise = cat.get(rx.exercise_id) if rx.exercise_id in cat else None
    initial = {f: getattr(rx, f) for f in services.EDITABLE}
    form = PrescriptionForm(request.POST or None, initial=initial, exercise=exercise)
    ctx = services.edit_context(rx)
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data.get(f) for f in services.EDITABLE}
        try:
            warnings = services.update_prescription(
                actor=_membership(request), prescription=rx, values=values
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.htmx:  # type: ignore[attr-defined]
                return _changed(_row(request, rx, warnings))
            messages.success(request, _("Saved."))
            for warning in warnings:
                messages.warning(request, warning)
            return redirect(_week_url(rx))
    context = {"rx": rx, "form": form, "ctx": ctx, "exercise": exercise, "back": _week_url(rx)}
    template = "training/_rx_edit.html" if request.htmx else "training/rx_edit.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@login_required
def prescription_swap(request: HttpRequest, prescription_id: int) -> HttpResponse:
    rx = _prescription(request, prescription_id, "program.swap", Access.HEALTH_WRITE)
    error = ""
    if request.method == "POST":
        try:
            services.swap_exercise(
                actor=_membership(request),
                prescription=rx,
                exercise_id=request.POST.get("exercise", ""),
            )
        except ValidationError as invalid:
            error = "; ".join(invalid.messages)
        else:
            if request.htmx:  # type: ignore[attr-defined]
                return _changed(_row(request, rx))
            messages.success(request, _("Exercise swapped."))
            return redirect(_week_url(rx))
    envelope, _tier = services.envelope_now(rx.program)
    options = engine_io.alternatives_for(
        rx.exercise_id, envelope=envelope, equipment=rx.program.equipment
    )
    context = {"rx": rx, "options": options, "error": error, "back": _week_url(rx)}
    template = "training/_rx_swap.html" if request.htmx else "training/rx_swap.html"  # type: ignore[attr-defined]
    return render(request, template, context, status=400 if error and not request.htmx else 200)  # type: ignore[attr-defined]


PROGRAM_CHANGED = "program-changed"
"""The htmx event a saved edit or swap sends: the week page's bone outlook reloads on it."""


def _changed(response: HttpResponse) -> HttpResponse:
    return trigger_client_event(response, PROGRAM_CHANGED)


@require_GET
@login_required
def prescription_row(request: HttpRequest, prescription_id: int) -> HttpResponse:
    """The row as displayed (htmx "cancel" of an edit)."""
    rx = _prescription(request, prescription_id, "program.view", Access.HEALTH_READ)
    context = {"rx": rx, "can_edit": _can_edit(request, rx.program.client), "warnings": []}
    return render(request, "training/_rx.html", context)


# --- the exercise library ------------------------------------------------------------------------

TIERS = [Tier.A, Tier.B, Tier.C]


@require_GET
@login_required
def exercise_list(request: HttpRequest) -> HttpResponse:
    if _membership(request) is None:
        raise PermissionDenied
    cat = engine_io.catalog()
    lang = _lang()
    pattern = request.GET.get("pattern", "")
    equipment = request.GET.get("equipment", "")
    impact = request.GET.get("impact", "")
    tier = request.GET.get("tier", "")
    query = request.GET.get("q", "").strip()[:60].lower()
    exercises = list(cat.all())
    if pattern in {p.value for p in Pattern}:
        exercises = [e for e in exercises if e.pattern.value == pattern]
    if equipment in {e.value for e in Equipment}:
        exercises = [e for e in exercises if Equipment(equipment) in e.equipment]
    if impact in {i.value for i in Impact}:
        exercises = [e for e in exercises if e.impact.value == impact]
    if tier in {t.value for t in TIERS}:
        # Fits the tier's envelope (tier A as for a client whose bone category is not normal:
        # the stricter case, no loaded flexion).
        envelope = envelope_for(Tier(tier))
        exercises = [e for e in exercises if envelope.allows(e)]
    if query:
        exercises = [
            e
            for e in exercises
            if query in e.name_ja.lower() or query in e.name_en.lower() or query in e.id
        ]
    context = {
        "exercises": exercises,
        "patterns": [(p.value, PATTERN_NAMES[p][1 if lang == "ja" else 0]) for p in Pattern],
        "equipment_choices": [
            (e.value, EQUIPMENT_NAMES[e][1 if lang == "ja" else 0]) for e in Equipment
        ],
        "impacts": [i.value for i in sorted(Impact, key=IMPACT_ORDER.__getitem__)],
        "tiers": [t.value for t in TIERS],
        "selected": {
            "pattern": pattern,
            "equipment": equipment,
            "impact": impact,
            "tier": tier,
            "q": request.GET.get("q", "")[:60],
        },
        "total": len(cat),
    }
    template = "training/_exercise_rows.html" if request.htmx else "training/exercises.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_GET
@login_required
def exercise_detail(request: HttpRequest, exercise_id: str) -> HttpResponse:
    if _membership(request) is None:
        raise PermissionDenied
    cat = engine_io.catalog()
    if exercise_id not in cat:
        raise Http404("no such exercise")
    exercise = cat.get(exercise_id)
    fits = [t.value for t in TIERS if envelope_for(t).allows(exercise)]
    context = {
        "exercise": exercise,
        "chain": cat.chain(exercise_id),
        "fits": fits,
        "alternatives": cat.alternatives(exercise_id)[:12],
    }
    return render(request, "training/exercise.html", context)


def program_url(program: Program) -> str:
    return reverse("training:program", args=[program.pk])

"""Client pages: the list (staff), a new client, a client's page with its histories, the intake in
sections, and the assessment. Every page about one client starts with `get_client_for` (which
authorises and audits); every change goes through `services` (which reassesses)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from osteoload.accounts.models import Membership, Role
from osteoload.accounts.permissions import (
    Access,
    can_access_client,
    can_create_client,
    can_manage_gym,
    can_view_client_directory,
)
from osteoload.accounts.selectors import gym_trainers
from osteoload.engine import ENGINE_VERSION, references

from . import forms, presenters, selectors, services
from .drift import assessment_drift
from .models import Client, HealthProfile, Tier

PAGE_SIZE = 50


def _membership(request: HttpRequest) -> Membership | None:
    return request.membership  # type: ignore[attr-defined, no-any-return]


def _gate(request: HttpRequest, client_id: int, purpose: str, access: Access) -> Client:
    return selectors.get_client_for(
        user=request.user,  # type: ignore[arg-type]
        client_id=client_id,
        purpose=purpose,
        access=access,
        membership=_membership(request),
    )


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


# --- the list -------------------------------------------------------------------------------------


@require_GET
@login_required
def client_list(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    if not can_view_client_directory(membership):
        raise PermissionDenied
    assert membership is not None
    sees_health = membership.role in (Role.OWNER, Role.TRAINER)
    trainers = list(gym_trainers(gym=membership.gym))
    form = forms.ClientFilterForm(request.GET, tiers=Tier.choices, trainers=trainers)
    form.is_valid()  # a bad value (e.g. an unknown trainer) drops that filter only
    data = form.cleaned_data
    filters = selectors.ClientFilters(
        search=(data.get("q") or "").strip(),
        tier=(data.get("tier") or "") if sees_health else "",
        trainer_id=data.get("trainer"),
        attention=bool(data.get("attention")) and sees_health,
    )
    today = timezone.localdate()
    rows = selectors.client_rows(membership=membership, filters=filters, today=today)
    page = Paginator(rows, PAGE_SIZE).get_page(data.get("page") or 1)
    for row in page.object_list:
        row.attention = selectors.attention_for(row, today=today)
    context = {
        "form": form,
        "page": page,
        "filters": filters,
        "sees_health": sees_health,
        "trainers": trainers,
        "can_create": can_create_client(membership),
        "query": _query_without_page(request),
    }
    template = "clients/_list_results.html" if _htmx(request) else "clients/list.html"
    return render(request, template, context)


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# --- a new client ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def client_new(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    if not can_create_client(membership):
        raise PermissionDenied
    assert membership is not None
    trainers = gym_trainers(gym=membership.gym) if can_manage_gym(membership) else None
    form = forms.NewClientForm(request.POST or None, trainers=trainers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            client = services.create_client(
                actor=membership,
                **{name: data[name] for name in forms.ClientDetailsForm.Meta.fields},
                trainer=data.get("trainer"),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if can_access_client(membership, client, Access.HEALTH_WRITE):
                messages.success(request, _("Client added. Now the intake."))
                return redirect("clients:intake", client_id=client.pk, section="basics")
            messages.success(request, _("Client added. The owner will assign a trainer."))
            return redirect("clients:list")
    return render(request, "clients/new.html", {"form": form})


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            target = forms.ENGINE_TO_FORM.get(field, field)
            for message in errors:
                form.add_error(target if target in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


# --- a client's page ------------------------------------------------------------------------------

FACT_FORMS: dict[str, type[forms.FactForm]] = {
    "dxa": forms.DxaForm,
    "fracture": forms.FractureForm,
    "test": forms.FunctionalTestForm,
    "clearance": forms.ClearanceForm,
}
# Which card shows each kind of fact (one card may hold two kinds).
FACT_CARD = {"dxa": "bone", "fracture": "bone", "test": "function", "clearance": "clearance"}


def _can_write(membership: Membership | None, client: Client) -> bool:
    # Called after the read gate passed: a trainer here is assigned, so no second query.
    return can_access_client(membership, client, Access.HEALTH_WRITE, assigned=True)


def _page_context(
    request: HttpRequest, client: Client, *, bound: dict[str, forms.FactForm] | None = None
) -> dict[str, Any]:
    history = selectors.client_history(client)
    age = client.age
    fact_forms = {
        kind: (bound or {}).get(kind) or form_class(age=age, sex=client.sex, prefix=kind)
        for kind, form_class in FACT_FORMS.items()
    }
    return {
        "client": client,
        "history": history,
        "assessment": history.assessment,
        "fact_forms": fact_forms,
        "can_write": _can_write(_membership(request), client),
        "engine_version": ENGINE_VERSION,
        "here": request.get_full_path(),
    }


@require_GET
@login_required
def client_detail(request: HttpRequest, client_id: int) -> HttpResponse:
    client = _gate(request, client_id, "client.view", Access.HEALTH_READ)
    context = _page_context(request, client)
    context["assignments"] = list(selectors.active_assignments(client=client))
    return render(request, "clients/detail.html", context)


def _next_url(request: HttpRequest, client: Client) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("clients:detail", args=[client.pk])


@require_POST
@login_required
def fact_add(request: HttpRequest, client_id: int, kind: str) -> HttpResponse:
    """Add a DXA result, fracture, day of tests or clearance (htmx: the card comes back)."""
    if kind not in FACT_FORMS:
        raise Http404
    client = _gate(request, client_id, f"{kind}.add", Access.HEALTH_WRITE)
    membership = _membership(request)
    assert membership is not None
    form = FACT_FORMS[kind](request.POST, age=client.age, sex=client.sex, prefix=kind)
    if form.is_valid():
        try:
            _save_fact(kind, membership, client, form)
        except ValidationError as error:
            _add_errors(form, error)
    if form.is_valid() and not form.errors:
        if not _htmx(request):
            messages.success(request, _("Saved. The assessment was updated."))
            return HttpResponseRedirect(_next_url(request, client))
        context = _page_context(request, client)
    else:
        if not _htmx(request):
            return _rerender_with_errors(request, client, kind, form)
        context = _page_context(request, client, bound={kind: form})
        context["open_form"] = kind
    context["here"] = request.POST.get("next") or reverse("clients:detail", args=[client.pk])
    return render(request, f"clients/_card_{FACT_CARD[kind]}.html", {**context, "oob": True})


def _rerender_with_errors(
    request: HttpRequest, client: Client, kind: str, form: forms.FactForm
) -> HttpResponse:
    """Without htmx: the page the form was on, with the errors, so nothing typed is lost."""
    section = request.POST.get("section") or ""
    if section in SECTIONS:
        context = _section_context(request, client, section, bound={kind: form})
        return render(request, "clients/intake.html", context, status=422)
    context = _page_context(request, client, bound={kind: form})
    context["assignments"] = list(selectors.active_assignments(client=client))
    context["open_form"] = kind
    return render(request, "clients/detail.html", context, status=422)


def _save_fact(kind: str, actor: Membership, client: Client, form: forms.FactForm) -> None:
    data = form.cleaned_data
    if kind == "dxa":
        services.add_dxa_result(
            actor=actor,
            client=client,
            measured_on=data["measured_on"],
            site=data["site"],
            t_score=data["t_score"],
            z_score=data["z_score"],
            yam_percent=data["yam_percent"],
            bmd_g_cm2=data["bmd_g_cm2"],
            note=data["note"],
        )
    elif kind == "fracture":
        services.add_fracture(
            actor=actor,
            client=client,
            site=data["site"],
            fragility=data["fragility"],
            occurred_on=data["occurred_on"],
            note=data["note"],
        )
    elif kind == "test":
        assert isinstance(form, forms.FunctionalTestForm)
        services.add_functional_test(
            actor=actor,
            client=client,
            tested_on=data["tested_on"],
            values=form.values(),
            asmi_method=data["asmi_method"],
            note=data["note"],
        )
    else:
        services.record_clearance(
            actor=actor,
            client=client,
            cleared=data["cleared"],
            decided_on=data["decided_on"],
            physician=data["physician"],
            note=data["note"],
        )


@require_POST
@login_required
def fact_remove(request: HttpRequest, client_id: int, kind: str, fact_id: int) -> HttpResponse:
    if kind not in FACT_FORMS:
        raise Http404
    client = _gate(request, client_id, f"{kind}.remove", Access.HEALTH_WRITE)
    membership = _membership(request)
    assert membership is not None
    try:
        services.remove_fact(actor=membership, client=client, kind=kind, fact_id=fact_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Removed. The assessment was updated."))
    return HttpResponseRedirect(_next_url(request, client))


# --- the intake, in sections ---------------------------------------------------------------------

SECTIONS = ("basics", "bone", "falls", "health", "training")
SECTION_FORMS: dict[str, type[forms.HealthSectionForm] | None] = {
    "basics": None,  # BasicsForm: it edits the client record too
    "bone": None,  # the histories only
    "falls": forms.FallsForm,
    "health": forms.HealthForm,
    "training": forms.TrainingForm,
}


def _section_titles() -> dict[str, str]:
    return {
        "basics": _("Basic facts"),
        "bone": _("Bone: DXA and fractures"),
        "falls": _("Falls and function tests"),
        "health": _("Health: conditions, medications, clearance"),
        "training": _("Training background and equipment"),
    }


def _section_form(
    section: str, client: Client, health: HealthProfile | None, data: Any = None
) -> Any:
    if section == "basics":
        return forms.BasicsForm(data, instance=client, health=health, prefix="basics")
    form_class = SECTION_FORMS[section]
    if form_class is None:
        return None
    return form_class(
        data, instance=health or HealthProfile(), age=client.age, sex=client.sex, prefix=section
    )


def _section_context(
    request: HttpRequest,
    client: Client,
    section: str,
    *,
    form: Any = None,
    bound: dict[str, forms.FactForm] | None = None,
) -> dict[str, Any]:
    context = _page_context(request, client, bound=bound)
    health = context["history"].health
    index = SECTIONS.index(section)
    titles = _section_titles()
    context.update(
        {
            "section": section,
            "section_title": titles[section],
            "steps": [(s, titles[s]) for s in SECTIONS],
            "step_number": index + 1,
            "step_count": len(SECTIONS),
            "previous_section": SECTIONS[index - 1] if index else None,
            "next_section": SECTIONS[index + 1] if index + 1 < len(SECTIONS) else None,
            "form": form if form is not None else _section_form(section, client, health),
            "consented": health is not None and health.consent_given,
            "here": reverse("clients:intake", args=[client.pk, section]),
        }
    )
    return context


@require_http_methods(["GET", "POST"])
@login_required
def intake(request: HttpRequest, client_id: int, section: str) -> HttpResponse:
    if section not in SECTIONS:
        raise Http404
    client = _gate(request, client_id, f"intake.{section}", Access.HEALTH_WRITE)
    if request.method == "POST":
        membership = _membership(request)
        assert membership is not None
        health = HealthProfile.objects.filter(client=client).first()
        form = _section_form(section, client, health, request.POST)
        if form is None:
            raise Http404  # the bone section has no form of its own
        if form.is_valid():
            client_fields = form.client_fields() if section == "basics" else None
            try:
                services.save_intake(
                    actor=membership,
                    client=client,
                    reason=section,
                    client_fields=client_fields,
                    health_fields=form.health_fields(),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                after = _section_after(request, client, section)
                messages.success(request, _("Saved. The assessment was updated."))
                return redirect(after)
        context = _section_context(request, client, section, form=form)
        return render(request, "clients/intake.html", context, status=422)
    return render(request, "clients/intake.html", _section_context(request, client, section))


def _section_after(request: HttpRequest, client: Client, section: str) -> str:
    index = SECTIONS.index(section)
    if request.POST.get("then") == "assessment" or index + 1 == len(SECTIONS):
        return reverse("clients:assessment", args=[client.pk])
    return reverse("clients:intake", args=[client.pk, SECTIONS[index + 1]])


@require_GET
@login_required
def intake_start(request: HttpRequest, client_id: int) -> HttpResponse:
    return redirect("clients:intake", client_id=client_id, section="basics")


# --- the assessment -------------------------------------------------------------------------------


@require_GET
@login_required
def assessment(
    request: HttpRequest, client_id: int, assessment_id: int | None = None
) -> HttpResponse:
    """The stored assessment (the latest, or one of the history): read, never recomputed."""
    client = _gate(request, client_id, "assessment.view", Access.HEALTH_READ)
    if assessment_id is None:
        stored = selectors.latest_assessment(client)
    else:
        stored = selectors.assessment_of(client, assessment_id)
        if stored is None:
            raise Http404
    result = stored.result if stored is not None else None
    registry = references.registry()
    sources = [registry[k] for k in (result or {}).get("sources", []) if k in registry]
    context = {
        "client": client,
        "stored": stored,
        "result": result,
        "findings": (result or {}).get("findings", []),
        "envelope_rows": presenters.envelope_rows(result["envelope"]) if result else [],
        "target_rows": presenters.target_rows(result["targets"]) if result else [],
        "sources": sources,
        "history": selectors.assessment_history(client),
        "can_write": _can_write(_membership(request), client),
        "is_latest": assessment_id is None,
        "engine_version": ENGINE_VERSION,
        "drift": assessment_drift(client, stored) if stored and assessment_id is None else [],
    }
    return render(request, "clients/assessment.html", context)


@require_POST
@login_required
def reassess(request: HttpRequest, client_id: int) -> HttpResponse:
    client = _gate(request, client_id, "assessment.refresh", Access.HEALTH_WRITE)
    membership = _membership(request)
    assert membership is not None
    try:
        services.reassess_now(actor=membership, client=client)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Assessed again with the current facts."))
    return redirect("clients:assessment", client_id=client.pk)

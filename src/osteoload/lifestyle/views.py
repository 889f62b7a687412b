"""The client portal (phone first): next session, today's home practice with cues, logging a home
session, the sleep log and the food check, daily targets in plain words.

`/portal/` is the signed-in client's own page; `/portal/clients/<id>/…` is the same page for a
client's owner or assigned trainer (who may also record on the client's behalf). Everything goes
through the client gate (authorised and audited). Forms post with htmx and swap one card; without
JavaScript they post normally and redirect back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from osteoload.accounts.permissions import Access, can_access_client
from osteoload.clients.models import Client
from osteoload.clients.selectors import get_client_for, latest_assessment, own_client_record

from . import presenters, selectors, services
from .forms import HomeSessionForm, NutritionForm, SleepForm
from .home_plan import HomePlan


def _lang() -> str:
    return "ja" if (get_language() or "ja").startswith("ja") else "en"


def _membership(request: HttpRequest) -> Any:
    return request.membership  # type: ignore[attr-defined]


def _client(request: HttpRequest, client_id: int, purpose: str, access: Access) -> Client:
    return get_client_for(
        user=request.user,  # type: ignore[arg-type]
        client_id=client_id,
        purpose=purpose,
        access=access,
        membership=_membership(request),
    )


def _is_self(request: HttpRequest, client: Client) -> bool:
    return client.user_id is not None and client.user_id == request.user.pk


def _can_record(request: HttpRequest, client: Client) -> bool:
    return can_access_client(_membership(request), client, Access.SELF_REPORT)


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# --- the portal page -----------------------------------------------------------------------------


@require_GET
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The signed-in client's own portal (staff have none: they go home)."""
    record = own_client_record(membership=_membership(request))
    if record is None:
        return redirect("home")
    return portal_page(request, record.pk)


@require_GET
@login_required
def portal(request: HttpRequest, client_id: int) -> HttpResponse:
    return portal_page(request, client_id)


def portal_page(request: HttpRequest, client_id: int) -> HttpResponse:
    client = _client(request, client_id, "portal.view", Access.HEALTH_READ)
    today = timezone.localdate()
    lang = _lang()
    program_today = selectors.program_today(client, today=today)
    plan = selectors.home_plan(program_today)
    assessment = latest_assessment(client)
    nutrition = selectors.latest_nutrition_check(client)
    targets = _targets(assessment, nutrition)
    context = {
        "client": client,
        "is_self": _is_self(request, client),
        "can_record": _can_record(request, client),
        "today": today,
        "program": program_today.program,
        "next_session": selectors.next_session(client, program_today),
        "plan": plan,
        "lang": lang,
        **_home_card_context(request, client, plan, today),
        **_sleep_card_context(request, client, today),
        "nutrition": nutrition,
        "nutrition_rows": presenters.nutrient_rows(nutrition.result, lang) if nutrition else [],
        "nutrition_suggestions": presenters.suggestions(nutrition.result, lang)
        if nutrition
        else [],
        "target_lines": presenters.target_lines(targets, lang) if targets else [],
    }
    return render(request, "lifestyle/portal.html", context)


def _targets(assessment: Any, nutrition: Any) -> dict[str, Any] | None:
    """The newest targets the engine gave: the latest food check's (they use today's weight), else
    the latest assessment's."""
    candidates = []
    if nutrition is not None and nutrition.result.get("targets"):
        candidates.append((nutrition.created_at, nutrition.result["targets"]))
    if assessment is not None and assessment.result.get("targets"):
        candidates.append((assessment.created_at, assessment.result["targets"]))
    if not candidates:
        return None
    return max(candidates, key=lambda c: c[0])[1]  # type: ignore[no-any-return]


def _home_card_context(
    request: HttpRequest,
    client: Client,
    plan: HomePlan,
    today: dt.date,
    form: HomeSessionForm | None = None,
) -> dict[str, Any]:
    week = selectors.home_week(client, plan, today=today)
    if form is None and _can_record(request, client):
        form = HomeSessionForm(today=today, plan=plan, lang=_lang())
    return {"home_week": week, "home_form": form}


def _sleep_card_context(
    request: HttpRequest, client: Client, today: dt.date, form: SleepForm | None = None
) -> dict[str, Any]:
    week = selectors.sleep_week(client, today=today)
    last_night = next((log for log in week.logs if log.night_of == week.last_night), None)
    if form is None and _can_record(request, client):
        initial = {}
        previous = week.logs[-1] if week.logs else None
        if previous is not None:
            # Most nights look like the last one: start from it.
            initial = {
                "hours_asleep": f"{previous.hours_asleep:.1f}",
                "time_in_bed_h": f"{previous.time_in_bed_h:.1f}",
            }
        form = SleepForm(today=today, initial=initial)
    lang = _lang()
    return {
        "sleep_week": week,
        "last_night": last_night,
        "sleep_form": form,
        "sleep_advice": presenters.texts(week.summary, "advice", lang) if week.summary else [],
    }


# --- home session --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def home_session(request: HttpRequest, client_id: int) -> HttpResponse:
    """GET: the form on its own page; POST: record (htmx: swap the home card)."""
    writing = request.method == "POST"
    client = _client(
        request,
        client_id,
        "home_session.log" if writing else "home_session.view",
        Access.SELF_REPORT,
    )
    today = timezone.localdate()
    plan = selectors.home_plan(selectors.program_today(client, today=today))
    if not writing:
        context = {
            "client": client,
            "plan": plan,
            "lang": _lang(),
            "portal_url": _portal_url(request, client),
            **_home_card_context(request, client, plan, today),
        }
        return render(request, "lifestyle/home_session.html", context)
    form = HomeSessionForm(request.POST, today=today, plan=plan, lang=_lang())
    result = None
    if form.is_valid():
        try:
            result = services.log_home_session(
                actor=_membership(request), client=client, today=today, **form.values()
            )
        except ValidationError as error:
            _apply_errors(form, error)
    if result is None:
        if request.htmx:  # type: ignore[attr-defined]
            context = {
                "client": client,
                "plan": plan,
                "lang": _lang(),
                "can_record": True,
                **_home_card_context(request, client, plan, today, form),
            }
            return render(request, "lifestyle/_home_card.html", context)
        return render(
            request,
            "lifestyle/home_session.html",
            {
                "client": client,
                "plan": plan,
                "lang": _lang(),
                "portal_url": _portal_url(request, client),
                **_home_card_context(request, client, plan, today, form),
            },
            status=400,
        )
    message = _home_message(result)
    if request.htmx:  # type: ignore[attr-defined]
        context = {
            "client": client,
            "plan": plan,
            "lang": _lang(),
            "can_record": True,
            "saved": result,
            "saved_message": message,
            **_home_card_context(request, client, plan, today),
        }
        return render(request, "lifestyle/_home_card.html", context)
    (messages.warning if result.pain_stop or result.pain_review else messages.success)(
        request, message
    )
    return redirect(_portal_url(request, client))


def _home_message(result: services.HomeSessionResult) -> str:
    if result.pain_stop:
        return _(
            "Saved. Pain of 7 or more: please stop the exercises and contact your trainer "
            "before the next session. If the pain is severe or does not settle, see a doctor."
        )
    if result.pain_review:
        return _("Saved. Your trainer will look at the pain you noted before the next session.")
    if not result.created:
        return _("This was already saved.")
    return _("Saved. Well done!")


def _portal_url(request: HttpRequest, client: Client) -> str:
    if _is_self(request, client):
        return reverse("lifestyle:mine")
    return reverse("lifestyle:portal", args=[client.pk])


# --- sleep ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def sleep(request: HttpRequest, client_id: int) -> HttpResponse:
    writing = request.method == "POST"
    client = _client(
        request,
        client_id,
        "sleep.log" if writing else "sleep.view",
        Access.SELF_REPORT if writing else Access.HEALTH_READ,
    )
    today = timezone.localdate()
    form = None
    if writing:
        form = SleepForm(request.POST, today=today)
        if form.is_valid():
            try:
                log = services.log_sleep(
                    actor=_membership(request), client=client, today=today, **form.values()
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                message = _("Sleep saved for the night of %(day)s.") % {
                    "day": log.night_of.strftime("%m/%d")
                }
                if request.htmx:  # type: ignore[attr-defined]
                    context = {
                        "client": client,
                        "can_record": True,
                        "saved_message": message,
                        **_sleep_card_context(request, client, today),
                    }
                    return render(request, "lifestyle/_sleep_card.html", context)
                messages.success(request, message)
                if request.POST.get("back") == "portal":
                    return redirect(_portal_url(request, client))
                return redirect("lifestyle:sleep", client_id=client.pk)
        if request.htmx:  # type: ignore[attr-defined]
            context = {
                "client": client,
                "can_record": True,
                **_sleep_card_context(request, client, today, form),
            }
            return render(request, "lifestyle/_sleep_card.html", context)
    since = today - dt.timedelta(days=27)
    history = list(reversed(selectors.sleep_logs(client, since=since)))
    context = {
        "client": client,
        "is_self": _is_self(request, client),
        "can_record": _can_record(request, client),
        "history": history,
        "history_summary": selectors.sleep_summary(client, history[::-1], today=today),
        "lang": _lang(),
        **_sleep_card_context(request, client, today, form),
    }
    return render(request, "lifestyle/sleep.html", context, status=400 if form else 200)


# --- nutrition -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def nutrition(request: HttpRequest, client_id: int) -> HttpResponse:
    writing = request.method == "POST"
    client = _client(
        request,
        client_id,
        "nutrition.check" if writing else "nutrition.view",
        Access.SELF_REPORT if writing else Access.HEALTH_READ,
    )
    lang = _lang()
    latest = selectors.latest_nutrition_check(client)
    form = None
    status = 200
    if writing:
        form = NutritionForm(request.POST, lang=lang)
        if form.is_valid():
            try:
                services.record_nutrition_check(
                    actor=_membership(request), client=client, foods=form.foods()
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Your food check is saved. Here is the result."))
                return redirect(reverse("lifestyle:nutrition", args=[client.pk]) + "#result")
        status = 400
    elif _can_record(request, client):
        form = NutritionForm(lang=lang, previous=latest.foods if latest else None)
    context = {
        "client": client,
        "is_self": _is_self(request, client),
        "can_record": _can_record(request, client),
        "form": form,
        "latest": latest,
        "rows": presenters.nutrient_rows(latest.result, lang) if latest else [],
        "suggestions": presenters.suggestions(latest.result, lang) if latest else [],
        "notes": presenters.texts(latest.result, "notes", lang) if latest else [],
        "lang": lang,
    }
    return render(request, "lifestyle/nutrition.html", context, status=status)

"""The gym's public pages (no sign-in, Japanese first, phone first) and their staff side.

Visitors' forms are guarded by a honeypot field and a rate limit per IP address
(django-ratelimit with the default cache; `OSTEOLOAD_PUBLIC_FORM_RATE`, e.g. "10/h"). An anonymous
visit writes nothing but the CSRF cookie a form needs: no session, no database row until a form
is sent.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from osteoload.accounts.models import Gym, Role
from osteoload.accounts.permissions import can_manage_gym
from osteoload.billing.models import PaymentMethod
from osteoload.billing.selectors import products, profile_for
from osteoload.scheduling.emails import send_counseling_confirmation
from osteoload.scheduling.models import CounselingRequest
from osteoload.scheduling.selectors import free_counseling_slots, policy_for
from osteoload.scheduling.services import request_counseling

from .forms import ContactForm, CounselingForm, PublicPageForm
from .models import ContactMessage, PublicPage
from .services import mark_handled, save_page, send_contact_message

log = logging.getLogger(__name__)

DONE_SALT = "osteoload.public.counseling-done"
DONE_MAX_AGE_S = 60 * 60


def _gym(slug: str) -> tuple[Gym, PublicPage]:
    gym = get_object_or_404(Gym, slug=slug)
    page = PublicPage.objects.filter(gym=gym).first() or PublicPage(gym=gym)
    if not page.published:
        raise Http404
    return gym, page


def _limited(request: HttpRequest) -> bool:
    rate = getattr(settings, "OSTEOLOAD_PUBLIC_FORM_RATE", "10/h")
    if not rate:
        return False
    return bool(
        is_ratelimited(
            request, group="public-forms", key="ip", rate=rate, method="POST", increment=True
        )
    )


def _too_many(request: HttpRequest, gym: Gym, page: PublicPage) -> HttpResponse:
    return render(request, "public/too_many.html", {"gym": gym, "page": page}, status=429)


@require_GET
def gym_page(request: HttpRequest, slug: str) -> HttpResponse:
    gym, page = _gym(slug)
    context = {
        "gym": gym,
        "page": page,
        "products": list(products(gym=gym)),
        "policy": policy_for(gym=gym),
    }
    return render(request, "public/gym.html", context)


def _slot_days(gym: Gym) -> list[tuple[dt.date, list[tuple[str, str]]]]:
    days = free_counseling_slots(gym=gym)
    return [
        (day, [(slot.starts_at.isoformat(), f"{slot.starts_at:%H:%M}") for slot in day_slots])
        for day, day_slots in sorted(days.items())
    ]


@require_http_methods(["GET", "POST"])
def counseling(request: HttpRequest, slug: str) -> HttpResponse:
    gym, page = _gym(slug)
    if request.method == "POST" and _limited(request):
        return _too_many(request, gym, page)
    slot_days = _slot_days(gym)
    choices = [choice for _day, day_choices in slot_days for choice in day_choices]
    form = CounselingForm(request.POST or None, slot_choices=choices)
    form.fields["slot"].error_messages["invalid_choice"] = _(
        "That time is no longer free. Please choose another."
    )
    status = 200
    if request.method == "POST":
        if form.is_bot:
            log.info("counseling form honeypot filled (gym %s)", gym.pk)
            return redirect("public:counseling_done", slug)
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = request_counseling(
                    gym=gym,
                    full_name=data["full_name"],
                    full_name_kana=data["full_name_kana"],
                    email=data["email"],
                    phone=data["phone"],
                    concerns=data["concerns"],
                    slot=data["slot"],
                    proposed=data["proposed"],
                    language=get_language() or settings.LANGUAGE_CODE,
                )
            except ValidationError as error:
                form.add_error("slot" if error.code == "conflict" else None, error)
                slot_days = _slot_days(gym)
            else:
                transaction.on_commit(lambda: _confirm(item))
                ref = signing.dumps(item.pk, salt=DONE_SALT)
                return redirect(f"{reverse('public:counseling_done', args=[slug])}?ref={ref}")
        status = 422
    context = {
        "gym": gym,
        "page": page,
        "form": form,
        "slot_days": slot_days,
        "chosen": request.POST.get("slot", ""),
        "policy": policy_for(gym=gym),
        "retention_days": settings.OSTEOLOAD_VISITOR_RETENTION_DAYS,
    }
    return render(request, "public/counseling.html", context, status=status)


def _confirm(item: CounselingRequest) -> None:
    try:
        send_counseling_confirmation(item)
    except Exception:  # the request is stored and in the staff's inbox even if mail failed
        log.exception("counseling confirmation %s failed", item.pk)


@require_GET
def counseling_done(request: HttpRequest, slug: str) -> HttpResponse:
    gym, page = _gym(slug)
    item = None
    ref = request.GET.get("ref", "")
    if ref:
        try:
            pk = signing.loads(ref, salt=DONE_SALT, max_age=DONE_MAX_AGE_S)
        except signing.BadSignature:
            pk = None
        if pk is not None:
            item = (
                CounselingRequest.objects.filter(pk=pk, gym=gym).select_related("booking").first()
            )
    starts_at = (
        timezone.localtime(item.booking.starts_at) if item is not None and item.booking else None
    )
    context = {"gym": gym, "page": page, "item": item, "starts_at": starts_at}
    return render(request, "public/counseling_done.html", context)


@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest, slug: str) -> HttpResponse:
    gym, page = _gym(slug)
    if request.method == "POST" and _limited(request):
        return _too_many(request, gym, page)
    form = ContactForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_bot:
            log.info("contact form honeypot filled (gym %s)", gym.pk)
            return redirect("public:contact_done", slug)
        if form.is_valid():
            data = form.cleaned_data
            send_contact_message(
                gym=gym,
                name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                message=data["message"],
            )
            return redirect("public:contact_done", slug)
        status = 422
    return render(
        request, "public/contact.html", {"gym": gym, "page": page, "form": form}, status=status
    )


@require_GET
def contact_done(request: HttpRequest, slug: str) -> HttpResponse:
    gym, page = _gym(slug)
    return render(request, "public/contact_done.html", {"gym": gym, "page": page})


@require_GET
def payments(request: HttpRequest, slug: str) -> HttpResponse:
    gym, page = _gym(slug)
    profile = profile_for(gym=gym)
    methods = [(value, label) for value, label in PaymentMethod.choices if profile.accepts(value)]
    brands = {
        PaymentMethod.CREDIT_CARD: profile.card_brands,
        PaymentMethod.OTHER_QR: profile.qr_brands,
        PaymentMethod.E_MONEY: profile.emoney_brands,
    }
    context: dict[str, Any] = {
        "gym": gym,
        "page": page,
        "profile": profile,
        "methods": [(value, label, brands.get(value, "")) for value, label in methods],
        "products": list(products(gym=gym)),
    }
    return render(request, "public/payments.html", context)


# --- staff side ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def page_settings(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    if not can_manage_gym(membership):
        raise PermissionDenied
    page = PublicPage.objects.filter(gym_id=membership.gym_id).first() or PublicPage(
        gym_id=membership.gym_id
    )
    form = PublicPageForm(request.POST or None, instance=page)
    if request.method == "POST" and form.is_valid():
        save_page(actor=membership, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("site:page")
    public_url = request.build_absolute_uri(reverse("public:gym", args=[membership.gym.slug]))
    return render(request, "public/page_settings.html", {"form": form, "public_url": public_url})


def _inbox_member(request: HttpRequest) -> Any:
    membership = request.membership  # type: ignore[attr-defined]
    if (
        membership is None
        or not membership.is_active
        or membership.role
        not in (
            Role.OWNER,
            Role.FRONT_DESK,
        )
    ):
        raise PermissionDenied
    return membership


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    membership = _inbox_member(request)
    show = request.GET.get("show", "open")
    items = ContactMessage.objects.filter(gym_id=membership.gym_id)
    if show != "all":
        items = items.filter(handled_at__isnull=True)
    return render(request, "public/inbox.html", {"items": list(items[:200]), "show": show})


@require_POST
@login_required
def inbox_handled(request: HttpRequest, message_id: int) -> HttpResponse:
    membership = _inbox_member(request)
    item = get_object_or_404(ContactMessage, pk=message_id, gym_id=membership.gym_id)
    mark_handled(actor=membership, item=item)
    messages.success(request, _("Marked as answered."))
    return redirect("site:inbox")


@require_GET
@login_required
def site_index(request: HttpRequest) -> HttpResponse:
    """The gym's settings and inboxes, as far as the member's role reaches."""
    membership = request.membership  # type: ignore[attr-defined]
    if membership is None or not membership.is_active or not membership.is_staff_member:
        raise PermissionDenied
    unanswered = 0
    if membership.role in (Role.OWNER, Role.FRONT_DESK):
        unanswered = ContactMessage.objects.filter(
            gym_id=membership.gym_id, handled_at__isnull=True
        ).count()
    public_url = request.build_absolute_uri(reverse("public:gym", args=[membership.gym.slug]))
    return render(
        request, "public/site_index.html", {"unanswered": unanswered, "public_url": public_url}
    )

"""Billing pages: the front desk's till (clients' accounts, selling, payments, refunds, receipts),
the owner's products, settings and monthly revenue, and the client's own receipts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from osteoload.accounts.models import Membership, Role
from osteoload.clients.models import Client
from osteoload.clients.selectors import client_directory, own_client_record

from . import permissions, reports, selectors, services
from .forms import PaymentForm, ProductForm, ProfileForm, RefundForm, SellForm
from .models import EntryKind, LedgerEntry, Product, Purchase
from .receipts import receipt_filename, render_receipt_pdf


def _cashier(request: HttpRequest) -> Membership:
    membership = request.membership  # type: ignore[attr-defined]
    if not permissions.can_take_payments(membership):
        raise PermissionDenied
    return membership  # type: ignore[no-any-return]


def _client(membership: Membership, client_id: int) -> Client:
    return get_object_or_404(Client, pk=client_id, gym_id=membership.gym_id)


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    membership = _cashier(request)
    search = request.GET.get("q", "")[:100]
    clients = list(client_directory(membership=membership, search=search)[:50]) if search else []
    today_start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    today = list(
        LedgerEntry.objects.filter(gym_id=membership.gym_id, created_at__gte=today_start)
        .exclude(kind=EntryKind.CHARGE)
        .select_related("client")
        .order_by("-created_at")[:100]
    )
    context = {
        "q": search,
        "clients": clients,
        "today": today,
        "today_total": sum(e.amount_yen for e in today if e.kind in ("payment", "refund")),
        "can_view_revenue": permissions.can_view_revenue(membership),
    }
    return render(request, "billing/index.html", context)


def _account_context(membership: Membership, client: Client, **forms: Any) -> dict[str, Any]:
    profile = selectors.profile_for(gym=membership.gym)
    products = selectors.products(gym=membership.gym_id)
    purchases = Purchase.objects.filter(client=client, cancelled_at__isnull=True)
    methods = profile.accepted_methods or None
    return {
        "client": client,
        "account": selectors.account(client=client),
        "sell_form": forms.get("sell_form")
        or SellForm(products=products, methods=methods, prefix="sell"),
        "payment_form": forms.get("payment_form")
        or PaymentForm(purchases=purchases, methods=methods, prefix="pay"),
        "upcoming": list(
            client.bookings.filter(starts_at__gte=timezone.now(), status="booked")
            .select_related("trainer__user")
            .order_by("starts_at")[:5]
        ),
    }


@require_GET
@login_required
def client_account(request: HttpRequest, client_id: int) -> HttpResponse:
    membership = _cashier(request)
    client = _client(membership, client_id)
    return render(request, "billing/account.html", _account_context(membership, client))


@require_POST
@login_required
def sell(request: HttpRequest, client_id: int) -> HttpResponse:
    membership = _cashier(request)
    client = _client(membership, client_id)
    profile = selectors.profile_for(gym=membership.gym)
    form = SellForm(
        request.POST,
        products=selectors.products(gym=membership.gym_id),
        methods=profile.accepted_methods or None,
        prefix="sell",
    )
    if form.is_valid():
        data = form.cleaned_data
        product: Product = data["product"]
        try:
            if data["pay_now"] and product.price_yen > 0:
                # Sale and payment together, or neither: a failed payment leaves no charge.
                with transaction.atomic():
                    purchase = services.sell(actor=membership, client=client, product=product)
                    entry = services.record_payment(
                        actor=membership,
                        client=client,
                        amount_yen=product.price_yen,
                        method=data["method"],
                        method_detail=data["method_detail"],
                        purchase=purchase,
                        reference=data["reference"],
                        confirmed_by_staff=data["confirmed"],
                    )
                messages.success(
                    request,
                    _("Sold %(product)s and recorded the payment (receipt %(number)s).")
                    % {"product": product.name, "number": entry.receipt_label},
                )
            else:
                services.sell(actor=membership, client=client, product=product)
                messages.success(request, _("Sold %(product)s.") % {"product": product.name})
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("billing:account", client.pk)
    context = _account_context(membership, client, sell_form=form)
    return render(request, "billing/account.html", context, status=422)


@require_POST
@login_required
def pay(request: HttpRequest, client_id: int) -> HttpResponse:
    membership = _cashier(request)
    client = _client(membership, client_id)
    profile = selectors.profile_for(gym=membership.gym)
    form = PaymentForm(
        request.POST,
        purchases=Purchase.objects.filter(client=client, cancelled_at__isnull=True),
        methods=profile.accepted_methods or None,
        prefix="pay",
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.record_payment(
                actor=membership,
                client=client,
                amount_yen=data["amount_yen"],
                method=data["method"],
                method_detail=data["method_detail"],
                purchase=data["purchase"],
                reference=data["reference"],
                confirmed_by_staff=data["confirmed"],
                note=data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Payment recorded (receipt %(number)s).") % {"number": entry.receipt_label},
            )
            return redirect("billing:account", client.pk)
    context = _account_context(membership, client, payment_form=form)
    return render(request, "billing/account.html", context, status=422)


@require_http_methods(["GET", "POST"])
@login_required
def refund(request: HttpRequest, entry_id: int) -> HttpResponse:
    membership = _cashier(request)
    payment = get_object_or_404(
        LedgerEntry.objects.select_related("client", "purchase"),
        pk=entry_id,
        gym_id=membership.gym_id,
        kind=EntryKind.PAYMENT,
    )
    form = RefundForm(request.POST or None, initial={"method": payment.method})
    if request.method == "POST" and form.is_valid():
        try:
            services.refund(actor=membership, payment=payment, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Refund recorded."))
            return redirect("billing:account", payment.client_id)
    return render(
        request,
        "billing/refund.html",
        {"payment": payment, "form": form},
        status=422 if form.errors else 200,
    )


@require_GET
@login_required
def receipt(request: HttpRequest, entry_id: int) -> HttpResponse:
    """The PDF receipt of a payment: the owner, the front desk, and the client who paid."""
    membership = request.membership  # type: ignore[attr-defined]
    if membership is None or not membership.is_active:
        raise PermissionDenied
    entry = (
        LedgerEntry.objects.select_related("client", "purchase", "gym")
        .filter(pk=entry_id, gym_id=membership.gym_id, kind=EntryKind.PAYMENT)
        .first()
    )
    if entry is None:
        raise Http404
    own = membership.role == Role.CLIENT and entry.client.user_id == membership.user_id
    if not (permissions.can_take_payments(membership) or own):
        raise PermissionDenied
    pdf = render_receipt_pdf(entry, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{receipt_filename(entry)}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _month_param(request: HttpRequest) -> tuple[int, int]:
    text = request.GET.get("month", "")
    try:
        year, month = (int(part) for part in text.split("-"))
        dt.date(year, month, 1)
        if not dt.MINYEAR < year < dt.MAXYEAR:  # the page also shows the months either side
            raise ValueError(year)
    except ValueError:
        today = timezone.localdate()
        year, month = today.year, today.month
    return year, month


@require_GET
@login_required
def revenue(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    if not permissions.can_view_revenue(membership):
        raise PermissionDenied
    year, month = _month_param(request)
    first = dt.date(year, month, 1)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    context = {
        "report": selectors.month_report(gym=membership.gym_id, year=year, month=month),
        "month": f"{year:04d}-{month:02d}",
        "first": first,
        "previous": f"{previous:%Y-%m}",
        "following": f"{following:%Y-%m}",
        "outstanding": selectors.outstanding_balances(gym=membership.gym_id)[:20],
    }
    return render(request, "billing/revenue.html", context)


@require_GET
@login_required
def revenue_csv(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    if not permissions.can_view_revenue(membership):
        raise PermissionDenied
    year, month = _month_param(request)
    body = reports.month_ledger_csv(gym_id=membership.gym_id, year=year, month=month)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ledger-{year:04d}-{month:02d}.csv"'
    return response


@require_GET
@login_required
def outstanding(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    if not permissions.can_view_outstanding(membership):
        raise PermissionDenied
    items = selectors.outstanding_balances(gym=membership.gym_id)
    if request.GET.get("format") == "csv":
        response = HttpResponse(
            reports.outstanding_csv(items), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="outstanding.csv"'
        return response
    return render(
        request,
        "billing/outstanding.html",
        {"items": items, "total": sum(i.owed for i in items)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def products(request: HttpRequest, product_id: int | None = None) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    if not permissions.can_manage_products(membership):
        raise PermissionDenied
    product = (
        get_object_or_404(Product, pk=product_id, gym_id=membership.gym_id) if product_id else None
    )
    form = ProductForm(request.POST or None, instance=product)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_product(actor=membership, product=product, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("billing:products")
    context = {
        "products": list(selectors.products(gym=membership.gym_id, active_only=False)),
        "form": form,
        "product": product,
    }
    return render(request, "billing/products.html", context, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def billing_settings(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    if not permissions.can_manage_products(membership):
        raise PermissionDenied
    profile = selectors.profile_for(gym=membership.gym)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        services.save_profile(actor=membership, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("billing:settings")
    return render(
        request, "billing/settings.html", {"form": form}, status=422 if form.errors else 200
    )


@require_GET
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """A client's own purchases, credits and receipts."""
    membership = request.membership  # type: ignore[attr-defined]
    record = own_client_record(membership=membership)
    if record is None:
        raise PermissionDenied
    return render(request, "billing/mine.html", {"account": selectors.account(client=record)})

"""Staff pages of the schedule (day and week calendars, bookings, availability, counseling
requests, settings), the client's own bookings, and the calendar feeds."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from osteoload.accounts.models import Membership, Role
from osteoload.accounts.selectors import gym_trainers
from osteoload.api.limits import MAX_ID
from osteoload.audit.services import record_event
from osteoload.clients.selectors import client_directory, own_client_record

from . import permissions, selectors, services
from .feeds import render_feed
from .forms import (
    BookingForm,
    CancelForm,
    ConvertForm,
    ExceptionForm,
    MoveForm,
    PolicyForm,
    ScheduleRequestForm,
    WeeklyHoursForm,
)
from .models import (
    AvailabilityException,
    Booking,
    CalendarFeed,
    CounselingRequest,
    RequestStatus,
    WeeklyAvailability,
    in_booking_window,
)

WEEK_DAYS = 7


def _staff(request: HttpRequest) -> Membership:
    membership = request.membership  # type: ignore[attr-defined]
    if not permissions.can_view_schedule(membership):
        raise PermissionDenied
    return membership  # type: ignore[no-any-return]


def _day_param(request: HttpRequest, name: str = "date") -> dt.date:
    """The day asked for; today when the text is no date, or one outside the booking window
    (nothing to show there, and the calendar's arithmetic must not leave years 1 to 9999)."""
    text = request.GET.get(name, "")
    try:
        day = dt.date.fromisoformat(text) if text else None
    except ValueError:
        day = None
    return day if day is not None and in_booking_window(day) else timezone.localdate()


def _id(text: str) -> int | None:
    """An id from a query or a form, or None. Only ASCII digits (`int()` refuses some of what
    `isdigit()` accepts: "²", more than 4300 digits), and no more than a key can hold."""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    value = int(text)
    return value if value <= MAX_ID else None


def _trainer_choices(membership: Membership) -> Any:
    if permissions.sees_every_trainer(membership):
        return gym_trainers(gym=membership.gym)
    return Membership.objects.filter(pk=membership.pk).select_related("user")


def _pick_trainers(request: HttpRequest, membership: Membership) -> list[Membership]:
    trainers = selectors.calendar_trainers(membership=membership)
    wanted = _id(request.GET.get("trainer", ""))
    if wanted is not None:
        trainers = [t for t in trainers if t.pk == wanted] or trainers
    return trainers


# --- calendars ------------------------------------------------------------------------------------


@require_GET
@login_required
def day(request: HttpRequest) -> HttpResponse:
    membership = _staff(request)
    date = _day_param(request)
    all_trainers = selectors.calendar_trainers(membership=membership)
    trainers = _pick_trainers(request, membership)
    days = selectors.trainer_days(gym=membership.gym_id, trainers=trainers, first=date, days=1)
    columns = [days[(t.pk, date)] for t in trainers]
    context = {
        "date": date,
        "prev": date - dt.timedelta(days=1),
        "next": date + dt.timedelta(days=1),
        "today": timezone.localdate(),
        "columns": columns,
        "trainers": all_trainers,
        "trainer_filter": request.GET.get("trainer", ""),
        "new_requests": selectors.count_new_requests(gym=membership.gym_id),
    }
    return render(request, "scheduling/day.html", context)


@require_GET
@login_required
def week(request: HttpRequest) -> HttpResponse:
    membership = _staff(request)
    picked = _day_param(request, "start")
    start = picked - dt.timedelta(days=picked.weekday())  # weeks start on Monday
    all_trainers = selectors.calendar_trainers(membership=membership)
    trainers = _pick_trainers(request, membership)
    first, _ = selectors.day_bounds(start)
    _, last = selectors.day_bounds(start + dt.timedelta(days=WEEK_DAYS - 1))
    bookings = selectors.bookings_between(
        gym=membership.gym_id, start=first, end=last, include_cancelled=False
    ).filter(trainer__in=trainers)
    by_day: dict[dt.date, list[Booking]] = {
        start + dt.timedelta(days=n): [] for n in range(WEEK_DAYS)
    }
    for booking in bookings:
        by_day.setdefault(timezone.localtime(booking.starts_at).date(), []).append(booking)
    context = {
        "start": start,
        "days": sorted(by_day.items()),
        "prev": start - dt.timedelta(days=WEEK_DAYS),
        "next": start + dt.timedelta(days=WEEK_DAYS),
        "today": timezone.localdate(),
        "trainers": all_trainers,
        "trainer_filter": request.GET.get("trainer", ""),
        "show_trainer": len(trainers) > 1,
    }
    return render(request, "scheduling/week.html", context)


# --- bookings -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def booking_new(request: HttpRequest) -> HttpResponse:
    membership = _staff(request)
    policy = selectors.policy_for(gym=membership.gym_id)
    trainers = _trainer_choices(membership)
    clients = client_directory(membership=membership).filter(status="active")
    initial: dict[str, Any] = {"minutes": policy.session_minutes, "date": timezone.localdate()}
    start = request.GET.get("start", "")
    try:
        when = dt.datetime.fromisoformat(start) if start else None
        if when is not None and timezone.is_aware(when):
            when = timezone.localtime(when)
    except (ValueError, OverflowError):  # unreadable, or its offset leaves the calendar
        when = None
    if when is not None:
        initial.update(date=when.date(), time=when.time().replace(second=0, microsecond=0))
    for key in ("trainer", "client"):
        if (wanted := _id(request.GET.get(key, ""))) is not None:
            initial[key] = wanted
    if membership.role == Role.TRAINER:
        initial["trainer"] = membership.pk
    form = BookingForm(request.POST or None, initial=initial, clients=clients, trainers=trainers)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.book_session(
                actor=membership,
                trainer=form.cleaned_data["trainer"],
                client=form.cleaned_data["client"],
                starts_at=form.starts_at,
                minutes=form.cleaned_data["minutes"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Booked."))
            return redirect("scheduling:booking", booking.pk)
    return render(
        request, "scheduling/booking_new.html", {"form": form}, status=422 if form.errors else 200
    )


def _booking_for(request: HttpRequest, booking_id: int) -> tuple[Membership, Booking]:
    membership = request.membership  # type: ignore[attr-defined]
    if membership is None or not membership.is_active:
        raise PermissionDenied
    booking = selectors.visible_booking(membership=membership, booking_id=booking_id)
    if booking is None:
        raise Http404
    if not permissions.can_view_booking(membership, booking):
        raise PermissionDenied
    return membership, booking


@require_GET
@login_required
def booking_detail(request: HttpRequest, booking_id: int) -> HttpResponse:
    membership, booking = _booking_for(request, booking_id)
    manage = permissions.can_manage_booking(membership, booking)
    context: dict[str, Any] = {"booking": booking, "manage": manage}
    if manage:
        local = timezone.localtime(booking.starts_at)
        context.update(
            move_form=MoveForm(
                initial={
                    "date": local.date(),
                    "time": local.time(),
                    "minutes": booking.duration_minutes,
                    "trainer": booking.trainer_id,
                },
                trainers=_trainer_choices(membership),
            ),
            cancel_form=CancelForm(),
            late=booking.is_open and services.is_late(booking),
            can_waive=permissions.sees_every_trainer(membership),
            policy=selectors.policy_for(gym=membership.gym_id),
            events=list(booking.events.select_related("actor")),
            can_reopen=permissions.sees_every_trainer(membership) and not booking.is_open,
            can_bill=_can_bill(membership),
            credit=_credit_of(booking),
        )
    return render(request, "scheduling/booking.html", context)


def _can_bill(membership: Membership) -> bool:
    from osteoload.billing.permissions import can_take_payments

    return can_take_payments(membership)


def _credit_of(booking: Booking) -> Any:
    from osteoload.billing.selectors import credit_use_for

    return credit_use_for(booking=booking)


def _act(request: HttpRequest, booking_id: int, action: Any, done: str) -> HttpResponse:
    membership, booking = _booking_for(request, booking_id)
    try:
        action(membership, booking)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("scheduling:booking", booking.pk)


@require_POST
@login_required
def booking_move(request: HttpRequest, booking_id: int) -> HttpResponse:
    membership, booking = _booking_for(request, booking_id)
    if not permissions.can_manage_booking(membership, booking):
        raise PermissionDenied
    form = MoveForm(request.POST, trainers=_trainer_choices(membership))
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("scheduling:booking", booking.pk)
    return _act(
        request,
        booking_id,
        lambda m, b: services.move_booking(
            actor=m,
            booking=b,
            starts_at=form.starts_at,
            trainer=form.cleaned_data["trainer"],
            minutes=form.cleaned_data["minutes"],
        ),
        _("Moved."),
    )


@require_POST
@login_required
def booking_cancel(request: HttpRequest, booking_id: int) -> HttpResponse:
    form = CancelForm(request.POST)
    form.is_valid()
    return _act(
        request,
        booking_id,
        lambda m, b: services.cancel_booking(
            actor=m,
            booking=b,
            reason=form.cleaned_data.get("reason", ""),
            waive=form.cleaned_data.get("waive", False),
        ),
        _("Cancelled."),
    )


@require_POST
@login_required
def booking_attendance(request: HttpRequest, booking_id: int) -> HttpResponse:
    attended = request.POST.get("attended") == "yes"
    return _act(
        request,
        booking_id,
        lambda m, b: services.record_attendance(actor=m, booking=b, attended=attended),
        _("Attendance recorded.") if attended else _("Recorded as a no-show."),
    )


@require_POST
@login_required
def booking_reopen(request: HttpRequest, booking_id: int) -> HttpResponse:
    return _act(
        request,
        booking_id,
        lambda m, b: services.reopen_booking(actor=m, booking=b),
        _("The booking is open again."),
    )


# --- availability ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def availability(request: HttpRequest) -> HttpResponse:
    membership = _staff(request)
    trainers = selectors.calendar_trainers(membership=membership)
    trainers = [t for t in trainers if t.role in (Role.TRAINER, Role.OWNER)]
    wanted = request.GET.get("trainer", "")
    trainer = next((t for t in trainers if str(t.pk) == wanted), None)
    if trainer is None:
        trainer = membership if membership in trainers else (trainers[0] if trainers else None)
    if trainer is None:
        return render(request, "scheduling/availability.html", {"trainer": None})
    editable = permissions.can_edit_availability(membership, trainer)
    weekly_form = WeeklyHoursForm(prefix="weekly")
    exception_form = ExceptionForm(prefix="exception")
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        try:
            if "weekly-weekday" in request.POST:
                weekly_form = WeeklyHoursForm(request.POST, prefix="weekly")
                if weekly_form.is_valid():
                    data = weekly_form.cleaned_data
                    services.add_weekly_hours(
                        actor=membership,
                        trainer=trainer,
                        weekday=data["weekday"],
                        start=data["start"],
                        end=data["end"],
                    )
                    messages.success(request, _("Working hours added."))
                    return redirect(f"{reverse('scheduling:availability')}?trainer={trainer.pk}")
            else:
                exception_form = ExceptionForm(request.POST, prefix="exception")
                if exception_form.is_valid():
                    data = exception_form.cleaned_data
                    services.add_exception(
                        actor=membership,
                        trainer=trainer,
                        date=data["date"],
                        kind=data["kind"],
                        start=data["start"],
                        end=data["end"],
                        note=data["note"],
                    )
                    messages.success(request, _("Exception added."))
                    return redirect(f"{reverse('scheduling:availability')}?trainer={trainer.pk}")
        except ValidationError as error:
            target = weekly_form if "weekly-weekday" in request.POST else exception_form
            target.add_error(None, error)
    context = {
        "trainer": trainer,
        "trainers": trainers,
        "editable": editable,
        "weekly": WeeklyAvailability.objects.filter(trainer=trainer).order_by(
            "weekday", "start_time"
        ),
        "exceptions": AvailabilityException.objects.filter(
            trainer=trainer, date__gte=timezone.localdate()
        ),
        "weekly_form": weekly_form,
        "exception_form": exception_form,
    }
    status = 422 if weekly_form.errors or exception_form.errors else 200
    return render(request, "scheduling/availability.html", context, status=status)


@require_POST
@login_required
def availability_remove(request: HttpRequest, kind: str, item_id: int) -> HttpResponse:
    membership = _staff(request)
    model = WeeklyAvailability if kind == "weekly" else AvailabilityException
    item = get_object_or_404(model, pk=item_id, gym_id=membership.gym_id)
    services.remove_availability(actor=membership, item=item)
    messages.success(request, _("Removed."))
    return redirect(f"{reverse('scheduling:availability')}?trainer={item.trainer_id}")


# --- counseling requests --------------------------------------------------------------------------


def _requests_member(request: HttpRequest) -> Membership:
    membership = request.membership  # type: ignore[attr-defined]
    if not permissions.can_handle_requests(membership):
        raise PermissionDenied
    return membership  # type: ignore[no-any-return]


@require_GET
@login_required
def requests_list(request: HttpRequest) -> HttpResponse:
    membership = _requests_member(request)
    status = request.GET.get("status", "open")
    items = selectors.open_requests(gym=membership.gym_id)
    if status == "open":
        items = items.filter(status__in=[RequestStatus.NEW, RequestStatus.SCHEDULED])
    elif status in RequestStatus.values:
        items = items.filter(status=status)
    context = {"items": list(items[:200]), "status": status, "statuses": RequestStatus.choices}
    return render(request, "scheduling/requests.html", context)


def _split(name: str) -> tuple[str, str]:
    parts = name.replace("\u3000", " ").split(None, 1)
    return (parts[0], parts[1]) if len(parts) == 2 else (name, "")


@require_http_methods(["GET", "POST"])
@login_required
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    membership = _requests_member(request)
    item = get_object_or_404(
        CounselingRequest.objects.select_related("booking__trainer__user", "client"),
        pk=request_id,
        gym_id=membership.gym_id,
    )
    show_concerns = permissions.can_see_concerns(membership, item)
    if show_concerns and item.concerns:
        record_event(
            gym=membership.gym_id,
            actor=request.user,  # type: ignore[arg-type]
            action="counseling.view",
            obj=item,
            client_id=item.client_id,
        )
    policy = selectors.policy_for(gym=membership.gym_id)
    trainers = _trainer_choices(membership)
    family, given = _split(item.full_name)
    family_kana, given_kana = _split(item.full_name_kana)
    schedule_initial: dict[str, Any] = {"minutes": policy.counseling_minutes}
    if item.booking is not None:
        local = timezone.localtime(item.booking.starts_at)
        schedule_initial.update(
            date=local.date(), time=local.time(), trainer=item.booking.trainer_id
        )
    elif item.proposed_datetimes:
        first = item.proposed_datetimes[0]
        schedule_initial.update(date=first.date(), time=first.time())
    schedule_form = ScheduleRequestForm(
        initial=schedule_initial, trainers=trainers, prefix="schedule"
    )
    convert_form = ConvertForm(
        initial={
            "family_name": family,
            "given_name": given,
            "family_name_kana": family_kana,
            "given_name_kana": given_kana,
        },
        prefix="convert",
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "schedule":
                schedule_form = ScheduleRequestForm(
                    request.POST, trainers=trainers, prefix="schedule"
                )
                if schedule_form.is_valid():
                    services.schedule_counseling(
                        actor=membership,
                        request=item,
                        trainer=schedule_form.cleaned_data["trainer"],
                        starts_at=schedule_form.starts_at,
                        minutes=schedule_form.cleaned_data["minutes"],
                    )
                    messages.success(request, _("The counseling is booked."))
                    return redirect("scheduling:request", item.pk)
            elif action == "convert":
                convert_form = ConvertForm(request.POST, prefix="convert")
                if convert_form.is_valid():
                    client = services.convert_request(
                        actor=membership, request=item, **convert_form.cleaned_data
                    )
                    messages.success(
                        request, _("%(name)s is now a client.") % {"name": client.full_name}
                    )
                    return redirect(_after_conversion(membership, client.pk))
            elif action == "close":
                services.close_request(actor=membership, request=item)
                messages.success(request, _("The request is closed."))
                return redirect("scheduling:requests")
        except ValidationError as error:
            target = convert_form if action == "convert" else schedule_form
            target.add_error(None, error)
    context = {
        "item": item,
        "show_concerns": show_concerns,
        "schedule_form": schedule_form,
        "convert_form": convert_form,
        "can_convert": item.client_id is None and item.status != RequestStatus.CLOSED,
    }
    status = 422 if schedule_form.errors or convert_form.errors else 200
    return render(request, "scheduling/request.html", context, status=status)


def _after_conversion(membership: Membership, client_id: int) -> str:
    """Staff who may write health data go on to the intake; the front desk back to the inbox."""
    if membership.role == Role.FRONT_DESK:
        return reverse("scheduling:requests")
    for name in ("clients:intake", "clients:detail"):
        try:
            return reverse(name, args=[client_id])
        except NoReverseMatch:
            continue
    return reverse("scheduling:requests")


# --- settings -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def policy_settings(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    if not permissions.can_manage_policy(membership):
        raise PermissionDenied
    policy = selectors.policy_for(gym=membership.gym_id)
    form = PolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        services.save_policy(actor=membership, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("scheduling:settings")
    return render(request, "scheduling/settings.html", {"form": form})


# --- the client's own bookings and calendar feeds ----------------------------------------------


@require_GET
@login_required
def my_bookings(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    record = own_client_record(membership=membership)
    if record is None:
        raise PermissionDenied
    now = timezone.now()
    bookings = list(
        selectors.client_bookings(client=record).filter(ends_at__gt=now - dt.timedelta(days=90))
    )
    context = {
        "record": record,
        "upcoming": [b for b in bookings if b.ends_at > now and b.status != "cancelled"],
        "past": [b for b in reversed(bookings) if b.ends_at <= now or b.status == "cancelled"],
        "feeds": CalendarFeed.objects.filter(client=record, revoked_at__isnull=True),
        "policy": selectors.policy_for(gym=membership.gym_id),
    }
    return render(request, "scheduling/my_bookings.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def feeds(request: HttpRequest) -> HttpResponse:
    """Create and revoke calendar feeds: a trainer's own, a client's own, the owner's for anyone."""
    membership = request.membership  # type: ignore[attr-defined]
    if membership is None or not membership.is_active:
        raise PermissionDenied
    record = own_client_record(membership=membership) if membership.role == Role.CLIENT else None
    if membership.role == Role.CLIENT and record is None:
        raise PermissionDenied
    if membership.role == Role.FRONT_DESK:
        raise PermissionDenied
    new_url = ""
    if request.method == "POST":
        if "revoke" in request.POST:
            feed_id = _id(request.POST["revoke"])
            if feed_id is None:
                raise Http404  # not an id: answered like an unknown one
            feed = get_object_or_404(CalendarFeed, pk=feed_id, gym_id=membership.gym_id)
            services.revoke_feed(actor=membership, feed=feed)
            messages.success(request, _("The address no longer works."))
            return redirect("scheduling:feeds")
        if record is not None:
            _feed, token = services.issue_feed(actor=membership, client=record)
        else:
            trainer = membership
            wanted = _id(request.POST.get("trainer", ""))
            if wanted is not None and membership.role == Role.OWNER:
                trainer = get_object_or_404(gym_trainers(gym=membership.gym), pk=wanted)
            _feed, token = services.issue_feed(actor=membership, trainer=trainer)
        # Shown once, in this response only (not stored, not put in a cookie).
        new_url = request.build_absolute_uri(reverse("scheduling:feed", args=[token]))
    if record is not None:
        active = CalendarFeed.objects.filter(client=record)
    elif membership.role == Role.OWNER:
        active = CalendarFeed.objects.filter(gym_id=membership.gym_id, owner_kind="trainer")
    else:
        active = CalendarFeed.objects.filter(trainer=membership)
    context = {
        "feeds": list(
            active.filter(revoked_at__isnull=True).select_related("trainer__user", "client")
        ),
        "new_url": new_url,
        "trainers": list(gym_trainers(gym=membership.gym)) if membership.role == Role.OWNER else [],
        "record": record,
    }
    return render(request, "scheduling/feeds.html", context)


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar file behind a secret address (no sign-in: calendar apps cannot)."""
    found = services.feed_for_token(token=token)
    if found is None:
        raise Http404
    response = HttpResponse(render_feed(found), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Disposition"] = 'inline; filename="osteoload.ics"'
    return response

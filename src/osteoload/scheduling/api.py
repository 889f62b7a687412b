"""API: bookings (list, book, cancel). A double booking answers 409 {"code": "conflict"}."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from osteoload.accounts.models import Membership, Role
from osteoload.clients.models import Client
from osteoload.clients.selectors import own_client_record

from . import permissions, selectors, services
from .models import (
    BOOKING_MAX_MINUTES,
    BOOKING_MIN_MINUTES,
    Booking,
    booking_days,
    in_booking_window,
)

router = Router()

MAX_RANGE_DAYS = 62


class BookingOut(Schema):
    id: int
    kind: str
    status: str
    trainer_id: int
    client_id: int | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    late_cancellation: bool


class BookingIn(Schema):
    trainer_id: int
    client_id: int
    starts_at: dt.datetime
    # The booking form's limits and the model's; the services check them again for every caller.
    minutes: int | None = Field(default=None, ge=BOOKING_MIN_MINUTES, le=BOOKING_MAX_MINUTES)
    note: str = Field(default="", max_length=Booking._meta.get_field("note").max_length)


class CancelIn(Schema):
    reason: str = ""
    waive: bool = False


def _member(request: HttpRequest) -> Membership:
    membership = request.membership  # type: ignore[attr-defined]
    if membership is None or not membership.is_active:
        raise PermissionDenied
    return membership  # type: ignore[no-any-return]


@router.get("/bookings", response=list[BookingOut], summary="Bookings you may see, in a range")
def list_bookings(
    request: HttpRequest, start: dt.date, end: dt.date, trainer_id: int | None = None
) -> list[Booking]:
    membership = _member(request)
    if end < start or (end - start).days > MAX_RANGE_DAYS:
        raise HttpError(422, f"end must be after start and at most {MAX_RANGE_DAYS} days later")
    if not (in_booking_window(start) and in_booking_window(end)):
        # Bookings start within the window (product policy); outside it the day bounds could
        # leave the calendar (years 1 and 9999).
        earliest, latest = booking_days()
        raise HttpError(422, f"start and end must be between {earliest} and {latest}")
    first, _ = selectors.day_bounds(start)
    _, last = selectors.day_bounds(end)
    bookings = selectors.bookings_between(gym=membership.gym_id, start=first, end=last)
    if membership.role == Role.CLIENT:
        record = own_client_record(membership=membership)
        return list(bookings.filter(client=record)) if record else []
    if not permissions.can_view_schedule(membership):
        raise PermissionDenied
    trainers = selectors.calendar_trainers(membership=membership)
    if trainer_id is not None:
        trainers = [t for t in trainers if t.pk == trainer_id]
    return list(bookings.filter(trainer__in=trainers))


@router.post("/bookings", response={201: BookingOut}, summary="Book a session (409 when taken)")
def create_booking(request: HttpRequest, payload: BookingIn) -> Status[Booking]:
    membership = _member(request)
    if not permissions.can_view_schedule(membership):
        raise PermissionDenied
    trainer = get_object_or_404(Membership, pk=payload.trainer_id, gym_id=membership.gym_id)
    client = get_object_or_404(Client, pk=payload.client_id, gym_id=membership.gym_id)
    starts_at = payload.starts_at
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    try:
        booking = services.book_session(
            actor=membership,
            trainer=trainer,
            client=client,
            starts_at=starts_at,
            minutes=payload.minutes,
            note=payload.note,
        )
    except services.BookingConflict as error:
        raise HttpError(409, " ".join(error.messages)) from None
    return Status(201, booking)


@router.post("/bookings/{booking_id}/cancel", response=BookingOut, summary="Cancel a booking")
def cancel(request: HttpRequest, booking_id: int, payload: CancelIn) -> Booking:
    membership = _member(request)
    booking = get_object_or_404(Booking, pk=booking_id, gym_id=membership.gym_id)
    try:
        return services.cancel_booking(
            actor=membership, booking=booking, reason=payload.reason, waive=payload.waive
        )
    except ValidationError as error:
        raise HttpError(409, " ".join(error.messages)) from None

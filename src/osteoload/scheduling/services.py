"""Writes of the schedule: bookings (book, move, cancel, attendance), counseling requests,
availability, the policy and calendar feeds.

No double booking. Every write of a booking's time runs `_save_booking`:
1. a transaction that serialises competing writers — on SQLite the settings open every transaction
   with `BEGIN IMMEDIATE` (one writer at a time); on PostgreSQL a transaction-scoped advisory lock
   per trainer and per client;
2. an overlap check inside it, which gives the clear message;
3. the database's own guard (migration 0002) as the last word: a writer that skipped the service,
   or raced past it, gets the same `BookingConflict`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from osteoload.accounts.models import Gym, Membership, Role, User
from osteoload.clients.models import Client

from . import permissions
from .models import (
    CLIENT_OVERLAP,
    TRAINER_OVERLAP,
    AvailabilityException,
    Booking,
    BookingEvent,
    BookingKind,
    BookingStatus,
    CalendarFeed,
    CounselingRequest,
    ExceptionKind,
    FeedOwner,
    RequestStatus,
    SchedulingPolicy,
    WeeklyAvailability,
    check_booking_time,
)
from .selectors import policy_for


class BookingConflict(ValidationError):
    """The time is taken (the trainer's or the client's). The message says which, for people."""


def _hhmm(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%H:%M")


@contextmanager
def _booking_lock(trainer_id: int, client_id: int | None) -> Iterator[None]:
    """A transaction in which no other booking write for this trainer or client can interleave."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            keys = [(1, trainer_id)] + ([(2, client_id)] if client_id else [])
            with connection.cursor() as cursor:
                for space, key in keys:  # always trainer first, then client: no deadlock
                    cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [space, key])
        # SQLite: the transaction began with BEGIN IMMEDIATE (settings), which already holds the
        # database's single write lock.
        yield


def _conflict_message(booking: Booking) -> str | None:
    others = Booking.objects.holding_time().exclude(pk=booking.pk)
    others = others.overlapping(booking.starts_at, booking.ends_at)
    taken = others.filter(trainer_id=booking.trainer_id).order_by("starts_at").first()
    if taken is not None:
        return _("%(trainer)s already has a booking from %(start)s to %(end)s.") % {
            "trainer": booking.trainer.user,
            "start": _hhmm(taken.starts_at),
            "end": _hhmm(taken.ends_at),
        }
    if booking.client_id is not None:
        taken = others.filter(client_id=booking.client_id).order_by("starts_at").first()
        if taken is not None:
            return _("%(client)s already has a booking from %(start)s to %(end)s.") % {
                "client": booking.client,
                "start": _hhmm(taken.starts_at),
                "end": _hhmm(taken.ends_at),
            }
    return None


def _is_overlap_error(error: IntegrityError) -> str | None:
    cause = error.__cause__
    diag = getattr(cause, "diag", None)
    name = getattr(diag, "constraint_name", None) or str(error)
    for guard in (TRAINER_OVERLAP, CLIENT_OVERLAP):
        if guard in name:
            return guard
    return None


def _log(booking: Booking, action: str, actor: User | None, **detail: Any) -> None:
    BookingEvent.objects.create(booking=booking, action=action, actor=actor, detail=detail)


def _save_booking(booking: Booking, *, actor: User | None, action: str, **detail: Any) -> Booking:
    """Check and save a booking's time, serialised against every competing write."""
    if booking.status == BookingStatus.CANCELLED:
        raise ValidationError(_("A cancelled booking cannot be changed."))
    if booking.ends_at <= booking.starts_at:
        raise ValidationError(_("A booking must end after it starts."))
    # The model's own limits (the note's length, the choices) hold for every caller, also on
    # SQLite, which would store an over-long text. Relations are checked by the callers.
    booking.clean_fields(exclude=[f.name for f in Booking._meta.fields if f.is_relation])
    try:
        with _booking_lock(booking.trainer_id, booking.client_id):
            message = _conflict_message(booking)
            if message:
                raise BookingConflict(message, code="conflict")
            booking.save()
            _log(booking, action, actor, **detail)
    except IntegrityError as error:
        guard = _is_overlap_error(error)
        if guard is None:
            raise
        if guard == TRAINER_OVERLAP:
            text = _("%(trainer)s was booked for this time a moment ago.") % {
                "trainer": booking.trainer.user
            }
        else:
            text = _("%(client)s was booked for this time a moment ago.") % {
                "client": booking.client
            }
        raise BookingConflict(text, code="conflict") from error
    return booking


def _check_trainer(actor: Membership, trainer: Membership) -> None:
    if trainer.gym_id != actor.gym_id or trainer.role not in (Role.TRAINER, Role.OWNER):
        raise ValidationError(_("Choose a trainer of this gym."))
    if not trainer.is_active:
        raise ValidationError(_("This trainer is no longer active."))
    if not permissions.can_book_for(actor, trainer):
        raise PermissionDenied("not allowed to book for this trainer")


def book_session(
    *,
    actor: Membership,
    trainer: Membership,
    client: Client,
    starts_at: dt.datetime,
    minutes: int | None = None,
    note: str = "",
) -> Booking:
    """Book a training session. Raises BookingConflict when the trainer or the client is taken."""
    _check_trainer(actor, trainer)
    if client.gym_id != actor.gym_id:
        raise PermissionDenied("client of another gym")
    minutes = minutes or policy_for(gym=actor.gym_id).session_minutes
    booking = Booking(
        gym_id=actor.gym_id,
        kind=BookingKind.SESSION,
        trainer=trainer,
        client=client,
        starts_at=starts_at,
        ends_at=check_booking_time(starts_at, minutes),
        note=note.strip(),
        created_by=actor.user,
    )
    return _save_booking(booking, actor=actor.user, action="booked")


def move_booking(
    *,
    actor: Membership,
    booking: Booking,
    starts_at: dt.datetime,
    trainer: Membership | None = None,
    minutes: int | None = None,
) -> Booking:
    """Move a booking to another time (and perhaps another trainer); a sent reminder is re-sent."""
    if not permissions.can_manage_booking(actor, booking):
        raise PermissionDenied("not allowed to change this booking")
    if not booking.is_open:
        raise ValidationError(_("Only a booked session can be moved."))
    trainer = trainer or booking.trainer
    if trainer.pk != booking.trainer_id:
        _check_trainer(actor, trainer)
    minutes = minutes or booking.duration_minutes
    ends_at = check_booking_time(starts_at, minutes)  # before the booking is touched
    before = {"starts_at": booking.starts_at.isoformat(), "trainer": booking.trainer_id}
    booking.trainer = trainer
    booking.starts_at = starts_at
    booking.ends_at = ends_at
    booking.reminder_sent_at = None
    try:
        return _save_booking(
            booking,
            actor=actor.user,
            action="moved",
            before=before,
            after={"starts_at": starts_at.isoformat(), "trainer": trainer.pk},
        )
    except ValidationError:
        booking.refresh_from_db()
        raise


def is_late(booking: Booking, *, now: dt.datetime | None = None) -> bool:
    """Would cancelling now be a late cancellation under the gym's policy?"""
    now = now or timezone.now()
    if booking.kind == BookingKind.COUNSELING:
        return False  # free counseling: nothing to charge
    return booking.starts_at - now < policy_for(gym=booking.gym_id).cancellation_notice


@transaction.atomic
def cancel_booking(
    *,
    actor: Membership,
    booking: Booking,
    reason: str = "",
    waive: bool = False,
    now: dt.datetime | None = None,
) -> Booking:
    """Cancel: the time becomes free. Cancelled late (policy), the session counts as used and
    uses a credit, unless the owner or the front desk waives it."""
    if not permissions.can_manage_booking(actor, booking):
        raise PermissionDenied("not allowed to cancel this booking")
    locked = Booking.objects.select_for_update().get(pk=booking.pk)
    if not locked.is_open:
        raise ValidationError(_("Only a booked session can be cancelled."))
    now = now or timezone.now()
    late = is_late(locked, now=now)
    waived = late and waive and permissions.sees_every_trainer(actor)
    locked.status = BookingStatus.CANCELLED
    locked.cancelled_at = now
    locked.cancel_reason = reason.strip()[:200]
    locked.late_cancellation = late and not waived
    locked.save(
        update_fields=["status", "cancelled_at", "cancel_reason", "late_cancellation", "updated_at"]
    )
    _log(locked, "cancelled", actor.user, late=late, waived=waived, reason=locked.cancel_reason)
    if locked.late_cancellation:
        _use_credit(locked, actor)
    request = CounselingRequest.objects.filter(booking=locked, status=RequestStatus.SCHEDULED)
    request.update(status=RequestStatus.NEW)
    booking.refresh_from_db()
    return booking


def _use_credit(booking: Booking, actor: Membership) -> None:
    from osteoload.billing.services import use_credit_for

    use_credit_for(booking=booking, actor=actor)


def _release_credit(booking: Booking, actor: Membership) -> None:
    from osteoload.billing.services import release_credit_for

    release_credit_for(booking=booking, actor=actor)


@transaction.atomic
def record_attendance(
    *, actor: Membership, booking: Booking, attended: bool, now: dt.datetime | None = None
) -> Booking:
    """Mark a session attended (or a no-show): either way it uses one of the client's credits."""
    if not permissions.can_manage_booking(actor, booking):
        raise PermissionDenied("not allowed to change this booking")
    locked = Booking.objects.select_for_update().get(pk=booking.pk)
    if not locked.is_open:
        raise ValidationError(_("Attendance can be recorded once, for a booked session."))
    now = now or timezone.now()
    if locked.starts_at > now + dt.timedelta(hours=1):
        raise ValidationError(_("Attendance can be recorded from an hour before the start."))
    locked.status = BookingStatus.ATTENDED if attended else BookingStatus.NO_SHOW
    locked.save(update_fields=["status", "updated_at"])
    _log(locked, locked.status, actor.user)
    if locked.kind == BookingKind.SESSION:
        _use_credit(locked, actor)
    booking.refresh_from_db()
    return booking


@transaction.atomic
def reopen_booking(*, actor: Membership, booking: Booking) -> Booking:
    """Undo a mistaken attendance, no-show or cancellation (owner and front desk): the booking is
    booked again and its credit, if any, is given back."""
    if not permissions.sees_every_trainer(actor) or booking.gym_id != actor.gym_id:
        raise PermissionDenied("only the owner or the front desk undo")
    locked = Booking.objects.select_for_update().get(pk=booking.pk)
    if locked.is_open:
        return locked
    previous = locked.status
    _release_credit(locked, actor)
    locked.status = BookingStatus.BOOKED
    locked.late_cancellation = False
    locked.cancelled_at = None
    locked.cancel_reason = ""
    # Re-entering the calendar must pass the overlap check: the time may be taken now.
    _save_booking(locked, actor=actor.user, action="reopened", previous=previous)
    booking.refresh_from_db()
    return booking


# --- free counseling --------------------------------------------------------------------------


def _pick_trainer(gym: Gym, starts_at: dt.datetime) -> Membership | None:
    from .selectors import free_counseling_slots

    for slot in free_counseling_slots(gym=gym).get(timezone.localtime(starts_at).date(), []):
        if slot.starts_at == starts_at:
            # The trainer with the fewest bookings that day, then the first: spreads the load.
            day_start = timezone.localtime(starts_at).replace(hour=0, minute=0)
            counts = {
                t: Booking.objects.holding_time()
                .filter(
                    trainer_id=t,
                    starts_at__gte=day_start,
                    starts_at__lt=day_start + dt.timedelta(days=1),
                )
                .count()
                for t in slot.trainer_ids
            }
            trainer_id = min(slot.trainer_ids, key=lambda t: (counts[t], t))
            return Membership.objects.select_related("user").get(pk=trainer_id)
    return None


def request_counseling(
    *,
    gym: Gym,
    full_name: str,
    full_name_kana: str = "",
    email: str = "",
    phone: str = "",
    concerns: str = "",
    slot: dt.datetime | None = None,
    proposed: list[dt.datetime] | None = None,
    language: str = "ja",
) -> CounselingRequest:
    """A visitor asks for free counseling: at a listed free time (booked at once with a free
    trainer) or at proposed times (the gym confirms). Raises BookingConflict when the chosen time
    was taken meanwhile. Consent to store the data is a precondition (the form asks)."""
    email, phone = email.strip().lower(), phone.strip()
    if not email and not phone:
        raise ValidationError(_("Please give an e-mail address or a phone number."))
    if slot is None and not proposed:
        raise ValidationError(_("Please choose a time or propose one."))
    request = CounselingRequest(
        gym=gym,
        full_name=full_name.strip(),
        full_name_kana=full_name_kana.strip(),
        email=email,
        phone=phone,
        concerns=concerns.strip(),
        proposed_times=[t.isoformat() for t in proposed or []],
        consent_at=timezone.now(),
        language=language,
    )
    request.full_clean(exclude=["booking", "client"])
    with transaction.atomic():
        if slot is not None:
            trainer = _pick_trainer(gym, slot)
            if trainer is None:
                raise BookingConflict(
                    _("That time has just been taken. Please choose another."), code="conflict"
                )
            minutes = policy_for(gym=gym).counseling_minutes
            booking = Booking(
                gym=gym,
                kind=BookingKind.COUNSELING,
                trainer=trainer,
                starts_at=slot,
                ends_at=check_booking_time(slot, minutes),
            )
            try:
                _save_booking(booking, actor=None, action="requested_online")
            except BookingConflict:
                raise BookingConflict(
                    _("That time has just been taken. Please choose another."), code="conflict"
                ) from None
            request.booking = booking
            request.status = RequestStatus.SCHEDULED
        request.save()
    return request


def _check_request(actor: Membership, request: CounselingRequest) -> None:
    if not permissions.can_handle_requests(actor) or request.gym_id != actor.gym_id:
        raise PermissionDenied("not allowed to handle this request")


def schedule_counseling(
    *,
    actor: Membership,
    request: CounselingRequest,
    trainer: Membership,
    starts_at: dt.datetime,
    minutes: int | None = None,
) -> Booking:
    """Book a request's counseling (e.g. at one of the visitor's proposed times), or move it."""
    _check_request(actor, request)
    if request.status in (RequestStatus.CLOSED,):
        raise ValidationError(_("This request is closed."))
    if request.booking is not None and request.booking.is_open:
        return move_booking(
            actor=actor,
            booking=request.booking,
            starts_at=starts_at,
            trainer=trainer,
            minutes=minutes,
        )
    _check_trainer(actor, trainer)
    minutes = minutes or policy_for(gym=actor.gym_id).counseling_minutes
    ends_at = check_booking_time(starts_at, minutes)
    with transaction.atomic():
        booking = Booking(
            gym_id=actor.gym_id,
            kind=BookingKind.COUNSELING,
            trainer=trainer,
            client=request.client,
            starts_at=starts_at,
            ends_at=ends_at,
            created_by=actor.user,
        )
        _save_booking(booking, actor=actor.user, action="booked")
        request.booking = booking
        if request.status == RequestStatus.NEW:
            request.status = RequestStatus.SCHEDULED
        request.handled_by = actor.user
        request.save(update_fields=["booking", "status", "handled_by"])
    return booking


@transaction.atomic
def convert_request(
    *,
    actor: Membership,
    request: CounselingRequest,
    family_name: str,
    given_name: str,
    sex: str,
    birth_date: dt.date,
    family_name_kana: str = "",
    given_name_kana: str = "",
) -> Client:
    """Turn a counseling request into a client record (the clients app's `create_client`, which
    authorises and audits), with the request's contact; the counseling booking joins the client.
    The intake (health data) follows on the client's page."""
    from osteoload.clients.services import create_client

    _check_request(actor, request)
    if request.client_id is not None:
        raise ValidationError(_("This request already became a client."))
    client = create_client(
        actor=actor,
        family_name=family_name,
        given_name=given_name,
        family_name_kana=family_name_kana,
        given_name_kana=given_name_kana,
        sex=sex,
        birth_date=birth_date,
        email=request.email,
        phone=request.phone,
    )
    request.client = client
    request.status = RequestStatus.CONVERTED
    request.handled_by = actor.user
    request.save(update_fields=["client", "status", "handled_by"])
    if request.booking_id is not None:
        Booking.objects.filter(pk=request.booking_id).update(client=client)
        _log(request.booking, "client_linked", actor.user, client=client.pk)  # type: ignore[arg-type]
    if actor.role == Role.OWNER and request.booking is not None:
        from osteoload.clients.services import assign_trainer

        # The trainer who held the counseling looks after the new client (the owner decides).
        assign_trainer(actor=actor, client=client, trainer=request.booking.trainer)
    return client


@transaction.atomic
def close_request(*, actor: Membership, request: CounselingRequest) -> CounselingRequest:
    """The visitor will not come (or cannot be reached): close it and free the counseling time."""
    _check_request(actor, request)
    if request.booking is not None and request.booking.is_open:
        cancel_booking(actor=actor, booking=request.booking, reason="request closed")
    request.status = RequestStatus.CLOSED
    request.handled_by = actor.user
    request.save(update_fields=["status", "handled_by"])
    return request


# --- availability and policy --------------------------------------------------------------------


def _check_availability(actor: Membership, trainer: Membership) -> None:
    if not permissions.can_edit_availability(actor, trainer):
        raise PermissionDenied("not allowed to edit this trainer's availability")
    if trainer.role not in (Role.TRAINER, Role.OWNER):
        raise ValidationError(_("Only trainers have working hours."))


def add_weekly_hours(
    *, actor: Membership, trainer: Membership, weekday: int, start: dt.time, end: dt.time
) -> WeeklyAvailability:
    _check_availability(actor, trainer)
    rule = WeeklyAvailability(
        gym_id=trainer.gym_id, trainer=trainer, weekday=weekday, start_time=start, end_time=end
    )
    if end <= start:
        raise ValidationError(_("The end must be after the start."))
    rule.full_clean()
    rule.save()
    return rule


def add_exception(
    *,
    actor: Membership,
    trainer: Membership,
    date: dt.date,
    kind: str,
    start: dt.time | None = None,
    end: dt.time | None = None,
    note: str = "",
) -> AvailabilityException:
    _check_availability(actor, trainer)
    if (start is None) != (end is None):
        raise ValidationError(_("Give both times, or neither for the whole day."))
    if start is None and kind != ExceptionKind.OFF:
        raise ValidationError(_("Extra hours need a start and an end."))
    if start is not None and end is not None and end <= start:
        raise ValidationError(_("The end must be after the start."))
    exception = AvailabilityException(
        gym_id=trainer.gym_id,
        trainer=trainer,
        date=date,
        kind=kind,
        start_time=start,
        end_time=end,
        note=note.strip(),
    )
    exception.full_clean()
    exception.save()
    return exception


def remove_availability(
    *, actor: Membership, item: WeeklyAvailability | AvailabilityException
) -> None:
    """Bookings already made stay: removing hours never cancels anyone's session."""
    _check_availability(actor, item.trainer)
    item.delete()


def save_policy(*, actor: Membership, **values: Any) -> SchedulingPolicy:
    if not permissions.can_manage_policy(actor):
        raise PermissionDenied("only the owner sets the booking rules")
    policy = policy_for(gym=actor.gym_id)
    for name, value in values.items():
        setattr(policy, name, value)
    policy.full_clean()
    policy.save()
    return policy


# --- calendar feeds -------------------------------------------------------------------------------


def feed_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_feed(
    *, actor: Membership, trainer: Membership | None = None, client: Client | None = None
) -> tuple[CalendarFeed, str]:
    """A new secret feed address for a trainer's or a client's bookings. Returns the token,
    which is not stored: show it once. The owner may issue for anyone in the gym; a trainer for
    themself; a client for their own record."""
    if (trainer is None) == (client is None):
        raise ValueError("a feed is for one trainer or one client")
    if trainer is not None:
        allowed = trainer.gym_id == actor.gym_id and (
            actor.role == Role.OWNER or (actor.pk == trainer.pk and actor.is_staff_member)
        )
    else:
        assert client is not None
        allowed = client.gym_id == actor.gym_id and (
            actor.role in (Role.OWNER, Role.FRONT_DESK)
            or (actor.role == Role.CLIENT and client.user_id == actor.user_id)
        )
    if not allowed or not actor.is_active:
        raise PermissionDenied("not allowed to create this calendar feed")
    token = secrets.token_urlsafe(24)
    feed = CalendarFeed.objects.create(
        gym_id=actor.gym_id,
        owner_kind=FeedOwner.TRAINER if trainer is not None else FeedOwner.CLIENT,
        trainer=trainer,
        client=client,
        digest=feed_digest(token),
        prefix=token[:8],
        created_by=actor.user,
    )
    return feed, token


def revoke_feed(*, actor: Membership, feed: CalendarFeed) -> CalendarFeed:
    own = (feed.trainer_id == actor.pk) or (
        feed.client is not None and feed.client.user_id == actor.user_id
    )
    if feed.gym_id != actor.gym_id or not (own or actor.role == Role.OWNER):
        raise PermissionDenied("not allowed to revoke this feed")
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
    return feed


def feed_for_token(*, token: str) -> CalendarFeed | None:
    if not token or len(token) > 100:
        return None
    return (
        CalendarFeed.objects.select_related("gym", "trainer__user", "client")
        .filter(digest=feed_digest(token), revoked_at__isnull=True)
        .first()
    )

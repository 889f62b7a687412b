"""Who may do what with the calendar, bookings, availability and counseling requests.

- owner: everything in their gym;
- front desk: every trainer's calendar and booking, counseling requests without the visitor's
  concerns (health data), no availability edits;
- trainer: their own calendar, bookings and availability, counseling requests with concerns
  (once the visitor is a client, only if the trainer is assigned to her);
- client: their own bookings (read) and their own calendar feed;
- another gym: nothing (its rows are not found).
"""

from __future__ import annotations

from osteoload.accounts.models import Membership, Role
from osteoload.accounts.permissions import Access, can_access_client, is_staff

from .models import Booking, CounselingRequest


def _active(membership: Membership | None) -> bool:
    return membership is not None and membership.is_active


def can_view_schedule(membership: Membership | None) -> bool:
    return is_staff(membership)


def sees_every_trainer(membership: Membership | None) -> bool:
    """The whole gym's calendar (owner, front desk); a trainer sees their own."""
    return _active(membership) and membership.role in (Role.OWNER, Role.FRONT_DESK)  # type: ignore[union-attr]


def can_book_for(membership: Membership | None, trainer: Membership) -> bool:
    """Book, move, cancel and mark attendance of bookings with `trainer`."""
    if not is_staff(membership) or trainer.gym_id != membership.gym_id:  # type: ignore[union-attr]
        return False
    assert membership is not None
    return sees_every_trainer(membership) or trainer.pk == membership.pk


def can_manage_booking(membership: Membership | None, booking: Booking) -> bool:
    if not is_staff(membership) or booking.gym_id != membership.gym_id:  # type: ignore[union-attr]
        return False
    assert membership is not None
    return sees_every_trainer(membership) or booking.trainer_id == membership.pk


def can_view_booking(membership: Membership | None, booking: Booking) -> bool:
    if can_manage_booking(membership, booking):
        return True
    if not _active(membership) or membership.role != Role.CLIENT:  # type: ignore[union-attr]
        return False
    assert membership is not None
    client = booking.client
    return (
        client is not None
        and client.gym_id == membership.gym_id
        and client.user_id == membership.user_id
    )


def can_edit_availability(membership: Membership | None, trainer: Membership) -> bool:
    if not _active(membership) or trainer.gym_id != membership.gym_id:  # type: ignore[union-attr]
        return False
    assert membership is not None
    return membership.role == Role.OWNER or (
        membership.role == Role.TRAINER and trainer.pk == membership.pk
    )


def can_handle_requests(membership: Membership | None) -> bool:
    """See the counseling inbox, schedule requests and turn them into clients: staff."""
    return is_staff(membership)


def can_see_concerns(membership: Membership | None, request: CounselingRequest) -> bool:
    """A visitor's concerns are health data: the owner and trainers, never the front desk. Once
    the visitor has become a client they are that client's health data: only those who may read
    her record (a trainer she is assigned to, the owner) see them."""
    if not _active(membership) or request.gym_id != membership.gym_id:  # type: ignore[union-attr]
        return False
    assert membership is not None
    if membership.role not in (Role.OWNER, Role.TRAINER):
        return False
    if request.client_id is None:
        return True
    return can_access_client(membership, request.client, Access.HEALTH_READ)


def can_manage_policy(membership: Membership | None) -> bool:
    return _active(membership) and membership.role == Role.OWNER  # type: ignore[union-attr]

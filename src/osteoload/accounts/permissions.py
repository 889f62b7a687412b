"""Who may do what: the permission model of the gym application, in one place.

Roles come from the user's `Membership` in a gym (never from the user alone):

- **owner**: runs the gym; sees and edits every client's health data in their gym, manages staff and
  trainer assignments, reads the audit log.
- **trainer**: sees the client directory (names, contact) of the gym, and the health data of the
  clients *assigned* to them (an open `TrainerAssignment`) — not of every client in the gym. The
  issue asks for an explicit relationship; covering a colleague's client means the owner assigns
  the covering trainer too, which leaves a trace.
- **front desk**: the client directory, bookings and payments; never health data.
- **client**: their own record only (read), and what they report about themself (home sessions,
  sleep, nutrition checks).
- **nobody** sees another gym's data: every check starts by comparing gyms.

Health data is everything about a client's body and training: the intake profile, DXA and tests,
clearance, assessments, programs, logged sessions, notes. Reads and writes of it go through
`osteoload.clients.selectors.get_client_for`, which checks here and writes the audit log.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from .models import Membership, Role

if TYPE_CHECKING:
    from osteoload.clients.models import Client


class Access(StrEnum):
    """What a caller wants to do with a client record."""

    DIRECTORY = "directory"  # name, kana, contact, status: for bookings and payments
    HEALTH_READ = "health_read"  # profile, assessments, programs, logs
    HEALTH_WRITE = "health_write"  # intake, tests, programs, logging a supervised session
    SELF_REPORT = "self_report"  # what the client records themself: home sessions, sleep, food


HEALTH_ACCESS = frozenset({Access.HEALTH_READ, Access.HEALTH_WRITE, Access.SELF_REPORT})


def _active(membership: Membership | None) -> bool:
    return membership is not None and membership.is_active


def is_assigned_trainer(membership: Membership, client: Client) -> bool:
    """An open assignment of this trainer to this client today (one query)."""
    from osteoload.clients.models import TrainerAssignment

    return TrainerAssignment.objects.active().filter(trainer=membership, client=client).exists()


def can_access_client(
    membership: Membership | None,
    client: Client,
    access: Access,
    *,
    assigned: bool | None = None,
) -> bool:
    """May this member do `access` on this client? `assigned` saves the query when already known."""
    if not _active(membership):
        return False
    assert membership is not None
    if client.gym_id != membership.gym_id:
        return False
    role = membership.role
    if role == Role.OWNER:
        return True
    if role == Role.FRONT_DESK:
        return access == Access.DIRECTORY
    if role == Role.CLIENT:
        own = client.user_id is not None and client.user_id == membership.user_id
        return own and access in (Access.DIRECTORY, Access.HEALTH_READ, Access.SELF_REPORT)
    if role == Role.TRAINER:
        if access == Access.DIRECTORY:
            return True
        if assigned is None:
            assigned = is_assigned_trainer(membership, client)
        return assigned
    return False


def is_staff(membership: Membership | None) -> bool:
    return _active(membership) and membership is not None and membership.is_staff_member


def can_view_client_directory(membership: Membership | None) -> bool:
    """The list of the gym's clients (names and contact): staff only."""
    return is_staff(membership)


def can_create_client(membership: Membership | None) -> bool:
    """Creating a client record (names, contact): any staff; the intake itself is health data."""
    return is_staff(membership)


def can_see_health_data(membership: Membership | None) -> bool:
    """Whether this role ever sees health data (for navigation; per client: can_access_client)."""
    return _active(membership) and membership is not None and membership.role != Role.FRONT_DESK


def can_manage_gym(membership: Membership | None) -> bool:
    """Gym settings, staff, trainer assignments: the owner."""
    return _active(membership) and membership is not None and membership.role == Role.OWNER


def can_read_audit_log(membership: Membership | None) -> bool:
    return can_manage_gym(membership)

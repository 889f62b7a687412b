"""Reads of client records. Every read of health data goes through `get_client_for`.

`get_client_for` is the gate: it scopes by gym, checks the permission model
(`osteoload.accounts.permissions`) and records the access in the audit log — a constant number of
queries (membership, client, assignment for trainers, one audit INSERT).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from osteoload.accounts.models import Membership, Role, User
from osteoload.accounts.permissions import HEALTH_ACCESS, Access, can_access_client
from osteoload.accounts.selectors import membership_for_user
from osteoload.audit.services import record_event

from .models import Assessment, Client, TrainerAssignment

_UNSET = object()


def get_client_for(
    *,
    user: User,
    client_id: int | str,
    purpose: str,
    access: Access = Access.HEALTH_READ,
    membership: Membership | object | None = _UNSET,
) -> Client:
    """The client `client_id` if `user` may do `access` on it, for `purpose` (e.g. "program.view").

    Raises Http404 when the client does not exist in the user's gym (another gym's client is
    indistinguishable from a missing one), PermissionDenied when the role does not allow it.
    Health-data access, granted or refused, is written to the audit log with `purpose` as action.
    Pass `membership` (e.g. `request.membership`) to save a query.
    """
    if membership is _UNSET:
        membership = membership_for_user(user=user) if user.is_authenticated else None
    assert membership is None or isinstance(membership, Membership)
    if membership is None or not membership.is_active:
        raise PermissionDenied("no active membership in a gym")
    try:
        pk = int(client_id)
    except (TypeError, ValueError):
        raise Http404("no such client") from None
    client = Client.objects.filter(pk=pk, gym_id=membership.gym_id).first()
    if client is None:
        if access in HEALTH_ACCESS:
            record_event(
                gym=membership.gym_id,
                actor=user,
                action="denied",
                object_type="clients.client",
                object_id=pk,
                detail={"purpose": purpose, "access": str(access), "reason": "not_in_gym"},
            )
        raise Http404("no such client")
    if not can_access_client(membership, client, access):
        if access in HEALTH_ACCESS:
            record_event(
                gym=membership.gym_id,
                actor=user,
                action="denied",
                obj=client,
                client_id=client.pk,
                detail={"purpose": purpose, "access": str(access), "role": membership.role},
            )
        raise PermissionDenied("not allowed for this client")
    if access in HEALTH_ACCESS:
        record_event(
            gym=membership.gym_id,
            actor=user,
            action=purpose,
            obj=client,
            client_id=client.pk,
            detail={"access": str(access)},
        )
    return client


def client_directory(*, membership: Membership | None, search: str = "") -> QuerySet[Client]:
    """The clients whose names and contact this member may see (staff: the whole gym)."""
    if membership is None or not membership.is_active or not membership.is_staff_member:
        return Client.objects.none()
    clients = Client.objects.filter(gym_id=membership.gym_id)
    search = search.strip()
    if search:
        clients = clients.filter(
            Q(family_name__icontains=search)
            | Q(given_name__icontains=search)
            | Q(family_name_kana__icontains=search)
            | Q(given_name_kana__icontains=search)
            | Q(email__icontains=search)
            | Q(phone__icontains=search)
        )
    return clients


def clients_with_health_access(*, membership: Membership | None) -> QuerySet[Client]:
    """The clients whose health data this member may see: the owner all of the gym's, a trainer
    those assigned to them today, a client their own record, the front desk none."""
    if membership is None or not membership.is_active:
        return Client.objects.none()
    clients = Client.objects.filter(gym_id=membership.gym_id)
    if membership.role == Role.OWNER:
        return clients
    if membership.role == Role.TRAINER:
        assigned = TrainerAssignment.objects.active().filter(trainer=membership)
        return clients.filter(pk__in=assigned.values("client_id"))
    if membership.role == Role.CLIENT:
        return clients.filter(user_id=membership.user_id)
    return Client.objects.none()


def own_client_record(*, membership: Membership | None) -> Client | None:
    """A client user's own record in their gym (one query), or None."""
    if membership is None or membership.role != Role.CLIENT:
        return None
    return Client.objects.filter(gym_id=membership.gym_id, user_id=membership.user_id).first()


def active_assignments(*, client: Client) -> QuerySet[TrainerAssignment]:
    return (
        TrainerAssignment.objects.active()
        .filter(client=client)
        .select_related("trainer__user")
        .order_by("since", "id")
    )


def latest_assessment(client: Client) -> Assessment | None:
    """The client's newest stored assessment (one query), or None before the first intake.
    Call it after `get_client_for` has authorised the reader: it does not check again."""
    return Assessment.objects.filter(client=client).order_by("-created_at", "-id").first()

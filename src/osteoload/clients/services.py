"""Writes of client records and trainer assignments. Each write is authorised and audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from osteoload.accounts.models import Membership, Role, User
from osteoload.accounts.permissions import can_create_client, can_manage_gym
from osteoload.audit.services import record_event

from .models import Client, ClientStatus, TrainerAssignment


def create_client(
    *,
    actor: Membership,
    family_name: str,
    given_name: str,
    sex: str,
    birth_date: dt.date,
    family_name_kana: str = "",
    given_name_kana: str = "",
    email: str = "",
    phone: str = "",
    user: User | None = None,
    status: str = ClientStatus.ACTIVE,
) -> Client:
    if not can_create_client(actor):
        raise PermissionDenied("only staff create client records")
    client = Client(
        gym_id=actor.gym_id,
        user=user,
        family_name=family_name.strip(),
        given_name=given_name.strip(),
        family_name_kana=family_name_kana.strip(),
        given_name_kana=given_name_kana.strip(),
        sex=sex,
        birth_date=birth_date,
        email=email.strip().lower(),
        phone=phone.strip(),
        status=status,
    )
    client.full_clean()
    with transaction.atomic():
        client.save()
        record_event(
            gym=actor.gym_id,
            actor=actor.user,
            action="client.create",
            obj=client,
            client_id=client.pk,
        )
    return client


def assign_trainer(
    *, actor: Membership, client: Client, trainer: Membership, since: dt.date | None = None
) -> TrainerAssignment:
    """Open an assignment (owner only); assigning an assigned trainer returns the open one."""
    if not can_manage_gym(actor) or client.gym_id != actor.gym_id:
        raise PermissionDenied("only the owner of the gym assigns trainers")
    if trainer.gym_id != client.gym_id or trainer.role not in (Role.TRAINER, Role.OWNER):
        raise ValidationError(_("Only a trainer or the owner of this gym can be assigned."))
    since = since or timezone.localdate()
    with transaction.atomic():
        existing = TrainerAssignment.objects.filter(
            trainer=trainer, client=client, until__isnull=True
        ).first()
        if existing is not None:
            return existing
        assignment = TrainerAssignment.objects.create(
            gym_id=client.gym_id,
            trainer=trainer,
            client=client,
            since=since,
            assigned_by=actor.user,
        )
        record_event(
            gym=actor.gym_id,
            actor=actor.user,
            action="assignment.start",
            obj=assignment,
            client_id=client.pk,
            detail={"trainer": trainer.user_id, "since": since.isoformat()},
        )
    return assignment


def end_assignment(
    *, actor: Membership, assignment: TrainerAssignment, until: dt.date | None = None
) -> TrainerAssignment:
    """Close an assignment (owner only); the row stays as history."""
    if not can_manage_gym(actor) or assignment.gym_id != actor.gym_id:
        raise PermissionDenied("only the owner of the gym ends assignments")
    until = until or timezone.localdate()
    if until < assignment.since:
        raise ValidationError(_("The end date cannot be before the start date."))
    with transaction.atomic():
        assignment.until = until
        assignment.save(update_fields=["until"])
        record_event(
            gym=actor.gym_id,
            actor=actor.user,
            action="assignment.end",
            obj=assignment,
            client_id=assignment.client_id,
            detail={"until": until.isoformat()},
        )
    return assignment

"""Reads about users, gyms and memberships (HackSoft style: keyword-only, typed)."""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When

from .models import Gym, Membership, Role, User


def membership_for_user(*, user: User, chosen_id: int | None = None) -> Membership | None:
    """The user's active membership with its gym (one query), or None: the one the user chose
    (`chosen_id`, when it is still theirs and active), else the oldest."""
    memberships = Membership.objects.select_related("gym", "user").filter(user=user, is_active=True)
    if chosen_id is not None:
        first = Case(
            When(pk=chosen_id, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        return memberships.order_by(first, "created_at", "id").first()
    return memberships.order_by("created_at", "id").first()


def memberships_of(*, user: User) -> QuerySet[Membership]:
    """Every gym the user may act in, oldest first."""
    return (
        Membership.objects.select_related("gym")
        .filter(user=user, is_active=True)
        .order_by("created_at", "id")
    )


def gym_members(*, gym: Gym, role: Role | str | None = None) -> QuerySet[Membership]:
    members = Membership.objects.select_related("user").filter(gym=gym, is_active=True)
    if role is not None:
        members = members.filter(role=role)
    return members.order_by("user__display_name", "user__email")


def gym_trainers(*, gym: Gym) -> QuerySet[Membership]:
    """Members who can be assigned clients: trainers and the owner (who often trains too)."""
    return gym_members(gym=gym).filter(role__in=[Role.TRAINER, Role.OWNER])

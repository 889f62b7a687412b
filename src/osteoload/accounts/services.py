"""Writes about users, gyms, memberships and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiToken, Gym, Membership, Role, User


def create_gym(*, name: str, slug: str, equipment: list[str] | None = None) -> Gym:
    gym = Gym(name=name, slug=slug)
    if equipment is not None:
        gym.equipment = list(equipment)
    gym.full_clean()
    gym.save()
    return gym


def create_user(
    *, email: str, password: str | None, display_name: str = "", is_superuser: bool = False
) -> User:
    create = User.objects.create_superuser if is_superuser else User.objects.create_user
    return create(email=email, password=password, display_name=display_name)


def add_member(*, user: User, gym: Gym, role: Role | str) -> Membership:
    """Give a user a role in a gym (or change their role there)."""
    membership, _created = Membership.objects.update_or_create(
        user=user, gym=gym, defaults={"role": role, "is_active": True}
    )
    return membership


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_api_token(*, user: User, name: str, gym: Gym | None = None) -> str:
    """Create a bearer token for `user`; returns the token, which is not stored and shown once.
    With `gym` the token acts in that gym only (the user must be an active member there);
    without, in the user's oldest active membership."""
    membership = None
    if gym is not None:
        membership = Membership.objects.filter(user=user, gym=gym, is_active=True).first()
        if membership is None:
            raise ValidationError({"gym": _("The user is not an active member of this gym.")})
    token = "olk_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        membership=membership,
        name=name,
        digest=token_digest(token),
        prefix=token[4:12],
    )
    return token


@transaction.atomic
def revoke_api_token(*, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])


def api_token_for(*, token: str) -> ApiToken | None:
    """A valid, unrevoked token of an active user, with its user and gym membership (one
    query), or None. A token bound to a gym is invalid once that membership has ended."""
    return (
        ApiToken.objects.select_related("user", "membership__gym", "membership__user")
        .filter(digest=token_digest(token), revoked_at__isnull=True, user__is_active=True)
        .exclude(membership__isnull=False, membership__is_active=False)
        .first()
    )

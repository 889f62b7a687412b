"""API: who am I."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

router = Router()


class MeOut(Schema):
    email: str
    display_name: str
    gym: str | None
    gym_id: int | None
    role: str | None


@router.get("/me", response=MeOut, summary="The signed-in user and their role")
def me(request: HttpRequest) -> MeOut:
    membership = request.membership  # type: ignore[attr-defined]
    user = request.user
    return MeOut(
        email=user.email,  # type: ignore[union-attr]
        display_name=user.display_name,  # type: ignore[union-attr]
        gym=membership.gym.name if membership else None,
        gym_id=membership.gym_id if membership else None,
        role=membership.role if membership else None,
    )

"""Demo data, part 1: the demo gym and its people. Run by `osteoload manage seed_demo`.

Every app may contribute a `demo.py` with `seed(ctx: DemoContext) -> None`; the command calls them
in the order of INSTALLED_APPS. Each must be idempotent: find rows by a natural key, create what is
missing, never duplicate, never overwrite what a user changed (passwords are set only on creation).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TextIO

from .models import Gym, Membership, Role, User

DEMO_PASSWORD = "osteoload-demo"
DEMO_GYM_SLUG = "demo"

# e-mail, role, display name
DEMO_PEOPLE: list[tuple[str, Role, str]] = [
    ("owner@example.com", Role.OWNER, "山本 恵子"),
    ("trainer@example.com", Role.TRAINER, "佐藤 健太"),
    ("trainer2@example.com", Role.TRAINER, "鈴木 美咲"),
    ("frontdesk@example.com", Role.FRONT_DESK, "高橋 直子"),
    ("client@example.com", Role.CLIENT, "田中 花子"),
]
DEMO_LOGINS: list[tuple[str, str]] = [(email, role.value) for email, role, _name in DEMO_PEOPLE]


@dataclass
class DemoContext:
    """What the demo seeders share: the gym, its members by e-mail, and an output stream."""

    gym: Gym
    members: dict[str, Membership] = field(default_factory=dict)
    stdout: TextIO | None = None

    def member(self, email: str) -> Membership:
        return self.members[email]

    def say(self, text: str) -> None:
        if self.stdout is not None:
            self.stdout.write(text + "\n")


def demo_gym() -> Gym:
    gym, _created = Gym.objects.get_or_create(
        slug=DEMO_GYM_SLUG,
        defaults={
            "name": "ほねトレ ジム 渋谷",
            "address": "東京都渋谷区神南1-2-3",
            "phone": "03-0000-0000",
            "email": "info@example.com",
        },
    )
    return gym


def seed(ctx: DemoContext) -> None:
    for email, role, name in DEMO_PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, display_name=name)
        membership, _created = Membership.objects.get_or_create(
            user=user, gym=ctx.gym, defaults={"role": role}
        )
        ctx.members[email] = membership
    ctx.say(f"demo gym {ctx.gym.name}: {len(ctx.members)} people")

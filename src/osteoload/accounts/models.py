"""Users, gyms (the tenant of every row) and memberships (a user's role in a gym)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osteoload.engine.types import Equipment

ALL_EQUIPMENT = [e.value for e in Equipment]


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("an e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        # E-mail addresses are stored lower-case; sign-in is case-insensitive.
        return self.get(email=(username or "").strip().lower())


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: staff or client. Signs in with an e-mail address."""

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("name"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()


def default_equipment() -> list[str]:
    return list(ALL_EQUIPMENT)


class Gym(models.Model):
    """The tenant: every client, program, booking and payment belongs to one gym."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    # Equipment the gym has (engine `Equipment` values); programs use only these.
    equipment = models.JSONField(_("equipment available"), default=default_equipment)
    # Smallest load step of the gym's plates and dumbbells, for suggested loads.
    load_increment_kg = models.DecimalField(
        _("load increment (kg)"), max_digits=4, decimal_places=2, default=2.5
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("gym")
        verbose_name_plural = _("gyms")

    def __str__(self) -> str:
        return self.name

    @property
    def equipment_set(self) -> frozenset[Equipment]:
        return frozenset(Equipment(e) for e in self.equipment if e in ALL_EQUIPMENT)


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    TRAINER = "trainer", _("Trainer")
    FRONT_DESK = "front_desk", _("Front desk")
    CLIENT = "client", _("Client")


STAFF_ROLES = (Role.OWNER, Role.TRAINER, Role.FRONT_DESK)


class Membership(models.Model):
    """A user's role in one gym. Permissions are decided from the membership, never the user."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    gym = models.ForeignKey(Gym, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "gym"], name="membership_one_per_user_and_gym")
        ]
        indexes = [models.Index(fields=["gym", "role"])]

    def __str__(self) -> str:
        return f"{self.user} @ {self.gym} ({self.role})"

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER

    @property
    def is_trainer(self) -> bool:
        return self.role == Role.TRAINER

    @property
    def is_front_desk(self) -> bool:
        return self.role == Role.FRONT_DESK

    @property
    def is_client(self) -> bool:
        return self.role == Role.CLIENT

    @property
    def is_staff_member(self) -> bool:
        return self.role in STAFF_ROLES


class ApiToken(models.Model):
    """A bearer token for the API. Only a SHA-256 digest is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    membership = models.ForeignKey(
        "Membership",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
        help_text=_("The gym the token acts in; empty: the user's oldest active membership."),
    )
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

"""Logged sessions: what a client actually did, set by set, and the safety flags they raised.

A `Workout` is one session on one day (supervised in the gym, or at home), usually performing one
`training.ProgramSession`. Each `LoggedSet` copies what was planned (exercise, prescribed reps and
intensity, the engine's suggested load) next to what was performed, so planned-versus-performed
survives later edits of the program. Writes that a flaky gym Wi-Fi may retry carry a client-made
idempotency key (unique here; the services get-or-create by it).

A `Flag` asks a trainer to look at a client (pain, a new back pain); it stays open until a staff
member resolves it, with who and when.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osteoload.accounts.models import Gym
from osteoload.clients.models import Client


class WorkoutKind(models.TextChoices):
    GYM = "gym", _("Supervised in the gym")
    HOME = "home", _("At home")


class WorkoutStatus(models.TextChoices):
    OPEN = "open", _("In progress")
    DONE = "done", _("Done")
    STOPPED = "stopped", _("Stopped")


# Sessions that count as attended (a session stopped for pain was attended).
ATTENDED = (WorkoutStatus.DONE, WorkoutStatus.STOPPED)


class Workout(models.Model):
    gym = models.ForeignKey(Gym, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="workouts")
    kind = models.CharField(
        _("kind"), max_length=10, choices=WorkoutKind.choices, default=WorkoutKind.GYM
    )
    program = models.ForeignKey(
        "training.Program", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    program_session = models.ForeignKey(
        "training.ProgramSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workouts",
    )
    # What the program session was, kept when the program is edited or deleted.
    week_number = models.PositiveSmallIntegerField(_("week"), null=True, blank=True)
    day = models.PositiveSmallIntegerField(_("session"), null=True, blank=True)
    date = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=10, choices=WorkoutStatus.choices, default=WorkoutStatus.OPEN
    )
    session_rpe = models.DecimalField(
        _("session RPE (0–10)"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    pain = models.PositiveSmallIntegerField(_("pain (0–10)"), null=True, blank=True)
    new_back_pain = models.BooleanField(_("new back pain"), default=False)
    impact_contacts = models.PositiveSmallIntegerField(_("impact contacts"), null=True, blank=True)
    duration_min = models.PositiveSmallIntegerField(_("duration (min)"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    start_key = models.UUIDField(null=True, blank=True, unique=True)
    finish_key = models.UUIDField(null=True, blank=True, unique=True)
    stop_reason = models.CharField(max_length=40, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("logged session")
        verbose_name_plural = _("logged sessions")
        ordering = ["-date", "-id"]
        constraints = [
            # One logged session per program session and day: opening it twice finds the first.
            models.UniqueConstraint(
                fields=["client", "program_session", "date"],
                condition=Q(program_session__isnull=False),
                name="workout_one_per_program_session_and_day",
            ),
            models.CheckConstraint(condition=Q(pain__lte=10), name="workout_pain_0_10"),
            models.CheckConstraint(
                condition=Q(session_rpe__gte=0, session_rpe__lte=10) | Q(session_rpe__isnull=True),
                name="workout_session_rpe_0_10",
            ),
        ]
        indexes = [
            models.Index(fields=["client", "-date"]),
            models.Index(fields=["gym", "date"]),
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.date} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == WorkoutStatus.OPEN

    @property
    def session_load(self) -> float | None:
        """Foster's session load (RPE × minutes), when both are known."""
        if self.session_rpe is None or self.duration_min is None:
            return None
        return float(self.session_rpe) * self.duration_min


class LoggedSet(models.Model):
    gym = models.ForeignKey(Gym, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="logged_sets")
    workout = models.ForeignKey(Workout, on_delete=models.CASCADE, related_name="sets")
    prescription = models.ForeignKey(
        "training.Prescription",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="logged_sets",
    )
    # Planned: copied from the prescription when the set is logged.
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    exercise_id = models.CharField(_("exercise"), max_length=80)
    main_lift = models.BooleanField(default=False)
    planned_reps = models.PositiveSmallIntegerField(null=True, blank=True)
    planned_pct_1rm = models.PositiveSmallIntegerField(null=True, blank=True)
    planned_rpe = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    suggested_load_kg = models.DecimalField(
        _("suggested load (kg)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    # Performed.
    set_number = models.PositiveSmallIntegerField(_("set"))
    load_kg = models.DecimalField(
        _("load (kg)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    reps = models.PositiveSmallIntegerField(_("reps"), null=True, blank=True)
    rir = models.DecimalField(
        _("reps in reserve"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    duration_s = models.PositiveIntegerField(_("duration (s)"), null=True, blank=True)
    contacts = models.PositiveSmallIntegerField(_("contacts"), null=True, blank=True)
    completed = models.BooleanField(_("completed"), default=True)
    accepted_suggestion = models.BooleanField(default=False)
    idempotency_key = models.UUIDField(unique=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    logged_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("logged set")
        verbose_name_plural = _("logged sets")
        ordering = ["workout", "position", "set_number"]
        constraints = [
            # A set is identified by its slot: logging the slot again corrects it.
            models.UniqueConstraint(
                fields=["workout", "position", "exercise_id", "set_number"],
                name="logged_set_one_per_slot",
            ),
            models.CheckConstraint(
                condition=Q(rir__gte=0, rir__lte=10) | Q(rir__isnull=True),
                name="logged_set_rir_0_10",
            ),
            models.CheckConstraint(
                condition=Q(load_kg__gte=0) | Q(load_kg__isnull=True),
                name="logged_set_load_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["client", "exercise_id"])]

    def __str__(self) -> str:
        return f"{self.workout_id} {self.exercise_id} #{self.set_number}"

    @property
    def accepted(self) -> bool:
        return self.suggested_load_kg is not None and self.load_kg == self.suggested_load_kg


class FlagKind(models.TextChoices):
    PAIN_STOP = "pain_stop", _("Pain 7 or more: stopped, refer")
    BACK_PAIN = "back_pain", _("New back pain: stopped, refer")
    PAIN_REVIEW = "pain_review", _("Pain 5 or more: review")


# Kinds that stop training until a staff member resolves them.
STOPPING = (FlagKind.PAIN_STOP, FlagKind.BACK_PAIN)


class FlagQuerySet(models.QuerySet["Flag"]):
    def open(self) -> FlagQuerySet:
        return self.filter(resolved_at__isnull=True)


class Flag(models.Model):
    gym = models.ForeignKey(Gym, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="flags")
    workout = models.ForeignKey(
        Workout, on_delete=models.SET_NULL, null=True, blank=True, related_name="flags"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FlagKind.choices)
    pain = models.PositiveSmallIntegerField(_("pain (0–10)"), null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)  # the engine's decision and reasons
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolution = models.CharField(_("what was done"), max_length=300, blank=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["-raised_at", "-id"]
        constraints = [
            # Finishing a session twice never raises the same flag twice.
            models.UniqueConstraint(
                fields=["workout", "kind"],
                condition=Q(workout__isnull=False),
                name="flag_one_per_workout_and_kind",
            )
        ]
        indexes = [models.Index(fields=["client", "resolved_at"])]

    def __str__(self) -> str:
        return f"{self.client} {self.kind} {self.raised_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    @property
    def stops_training(self) -> bool:
        return self.kind in STOPPING

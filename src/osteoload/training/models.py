"""Training programs: what the engine generated for a client, stored week by week, then edited by
trainers inside the client's safety envelope.

`ProgramDocument` keeps the engine's output exactly as generated (`osteoload.program/1`), so what
the engine said stays on record; the rows below are the working copy trainers edit and session
logging refers to. Each `Prescription` remembers its generated values in `original` once edited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from osteoload.accounts.models import Gym
from osteoload.clients.models import Client


class ProgramStatus(models.TextChoices):
    ACTIVE = "active", _("Current")
    ARCHIVED = "archived", _("Archived")


class Program(models.Model):
    gym = models.ForeignKey(Gym, on_delete=models.PROTECT, related_name="programs")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="programs")
    status = models.CharField(
        _("status"), max_length=10, choices=ProgramStatus.choices, default=ProgramStatus.ACTIVE
    )
    tier = models.CharField(_("tier"), max_length=20)
    length_weeks = models.PositiveSmallIntegerField(_("weeks"))
    sessions_per_week = models.PositiveSmallIntegerField(_("sessions per week"))
    start_date = models.DateField(_("start date"))
    equipment = models.JSONField(_("equipment"), default=list)
    envelope = models.JSONField(_("safety envelope"), default=dict)
    notes = models.JSONField(_("notes"), default=list)
    engine_version = models.CharField(_("engine version"), max_length=20)
    # The stored assessment the program was generated after (the clients app keeps the history).
    based_on = models.ForeignKey(
        "clients.Assessment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(status="active"),
                name="program_one_active_per_client",
            )
        ]
        indexes = [models.Index(fields=["gym", "status"]), models.Index(fields=["client", "-id"])]

    def __str__(self) -> str:
        return f"{self.client} {self.start_date} ({self.tier})"


class ProgramDocument(models.Model):
    """The program exactly as the engine generated it (`osteoload.program/1`). Kept apart from
    `Program` because it is large (a twelve-week program is about 150 KB of JSON) and only reports
    read it: every page that lists or joins programs stays light."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, primary_key=True, related_name="generated"
    )
    document = models.JSONField(_("program as generated"))

    class Meta:
        verbose_name = _("program as generated")
        verbose_name_plural = _("programs as generated")

    def __str__(self) -> str:
        return f"{self.program} (generated)"


class Phase(models.TextChoices):
    FAMILIARISATION = "familiarisation", _("Familiarisation")
    BUILD = "build", _("Build")
    HIGH_INTENSITY = "high_intensity", _("High intensity")
    DELOAD = "deload", _("Deload")
    MAINTENANCE = "maintenance", _("Maintenance")


class ProgramWeek(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="weeks")
    number = models.PositiveSmallIntegerField(_("week"))
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    main_pct_1rm = models.PositiveSmallIntegerField(_("main lift target (%1RM)"), null=True)
    balance = models.JSONField(_("balance minutes"), default=dict)
    home_practice = models.JSONField(_("home practice"), default=list)

    class Meta:
        ordering = ["program", "number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="program_week_unique")
        ]

    def __str__(self) -> str:
        return f"{self.program_id} week {self.number}"


class ProgramSession(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sessions")
    week = models.ForeignKey(ProgramWeek, on_delete=models.CASCADE, related_name="sessions")
    day = models.PositiveSmallIntegerField(_("day"))

    class Meta:
        ordering = ["week__number", "day"]
        constraints = [
            models.UniqueConstraint(fields=["week", "day"], name="program_session_unique")
        ]

    def __str__(self) -> str:
        return f"{self.week} day {self.day}"


class Prescription(models.Model):
    """One exercise in a session: what to do and how hard. Intensity stays inside the envelope."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="prescriptions")
    session = models.ForeignKey(
        ProgramSession, on_delete=models.CASCADE, related_name="prescriptions"
    )
    position = models.PositiveSmallIntegerField()
    exercise_id = models.CharField(_("exercise"), max_length=80)
    name_ja = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)
    pattern = models.CharField(_("pattern"), max_length=20)
    role = models.CharField(_("role"), max_length=20)
    main_lift = models.BooleanField(default=False)
    impact = models.CharField(_("impact"), max_length=10)
    sets = models.PositiveSmallIntegerField(_("sets"))
    reps = models.PositiveSmallIntegerField(_("reps"), null=True, blank=True)
    duration_s = models.PositiveIntegerField(_("duration (s)"), null=True, blank=True)
    contacts = models.PositiveSmallIntegerField(_("contacts"), null=True, blank=True)
    pct_1rm = models.PositiveSmallIntegerField(_("%1RM"), null=True, blank=True)
    rpe = models.DecimalField(_("RPE"), max_digits=3, decimal_places=1, null=True, blank=True)
    rest_s = models.PositiveSmallIntegerField(_("rest (s)"))
    vest_pct_body_mass = models.PositiveSmallIntegerField(
        _("vest (% of body weight)"), null=True, blank=True
    )
    why_en = models.TextField(blank=True)
    why_ja = models.TextField(blank=True)
    source = models.CharField(max_length=80, blank=True)
    original = models.JSONField(null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="prescription_position")
        ]
        indexes = [models.Index(fields=["program", "pattern"])]

    def __str__(self) -> str:
        return f"{self.session}: {self.exercise_id}"

    def name(self, lang: str) -> str:
        return self.name_ja if lang == "ja" else self.name_en

    def why(self, lang: str) -> str:
        return self.why_ja if lang == "ja" else self.why_en

    @property
    def edited(self) -> bool:
        return self.original is not None

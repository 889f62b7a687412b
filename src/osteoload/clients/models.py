"""Clients of a gym, the explicit trainer↔client assignment, and each client's health facts.

`Client` holds the directory data (names, contact, status) that front-desk staff may see. Health
data lives in separate rows so that no directory query can carry it by accident:

- `HealthProfile` (one per client): the intake facts that have one current value;
- `DxaResult`, `Fracture`, `FunctionalTest`, `Clearance`: dated histories, never overwritten;
- `Assessment`: what the engine concluded from those facts, stored each time they change, with the
  engine version.

`osteoload.clients.services.engine_profile_for` is the one place these rows become the engine's
`ClientProfile`.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osteoload.accounts.models import Gym, Membership
from osteoload.engine import types as engine_types


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class ClientStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


class Client(models.Model):
    """A person the gym trains. `user` is set when the client has a login for the portal."""

    gym = models.ForeignKey(Gym, on_delete=models.PROTECT, related_name="clients")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="client_records",
    )
    family_name = models.CharField(_("family name"), max_length=60)
    given_name = models.CharField(_("given name"), max_length=60)
    family_name_kana = models.CharField(_("family name (kana)"), max_length=60, blank=True)
    given_name_kana = models.CharField(_("given name (kana)"), max_length=60, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"))
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ClientStatus.choices, default=ClientStatus.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["family_name_kana", "given_name_kana", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["gym", "user"],
                condition=Q(user__isnull=False),
                name="client_one_record_per_user_and_gym",
            )
        ]
        indexes = [
            models.Index(fields=["gym", "status"]),
            models.Index(fields=["gym", "family_name_kana", "given_name_kana"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        # Japanese order: family name first.
        return f"{self.family_name} {self.given_name}"

    @property
    def full_name_kana(self) -> str:
        return f"{self.family_name_kana} {self.given_name_kana}".strip()

    def age_on(self, day: dt.date) -> int:
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years

    @property
    def age(self) -> int:
        return self.age_on(timezone.localdate())


class TrainerAssignmentQuerySet(models.QuerySet["TrainerAssignment"]):
    def active_on(self, day: dt.date) -> TrainerAssignmentQuerySet:
        return self.filter(Q(since__lte=day), Q(until__isnull=True) | Q(until__gte=day))

    def active(self) -> TrainerAssignmentQuerySet:
        return self.active_on(timezone.localdate())


class TrainerAssignment(models.Model):
    """An explicit, dated link: this trainer looks after this client from `since` to `until`.

    Only assigned trainers (and the owner) see a client's health data. Rows are never deleted:
    ending an assignment sets `until`, so the history of who was responsible stays.
    """

    gym = models.ForeignKey(Gym, on_delete=models.PROTECT, related_name="assignments")
    trainer = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="assignments")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="assignments")
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrainerAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("trainer assignment")
        verbose_name_plural = _("trainer assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="assignment_until_after_since",
            ),
            models.UniqueConstraint(
                fields=["trainer", "client"],
                condition=Q(until__isnull=True),
                name="assignment_one_open_per_trainer_and_client",
            ),
        ]
        indexes = [
            models.Index(fields=["trainer", "until"]),
            models.Index(fields=["client", "until"]),
        ]

    def __str__(self) -> str:
        return f"{self.trainer.user} → {self.client} ({self.since}–{self.until or ''})"


# --- health facts --------------------------------------------------------------------------------


class Menopause(models.TextChoices):
    PRE = engine_types.Menopause.PRE.value, _("Before menopause")
    PERI = engine_types.Menopause.PERI.value, _("Around menopause")
    POST = engine_types.Menopause.POST.value, _("After menopause")


class Experience(models.TextChoices):
    NONE = engine_types.Experience.NONE.value, _("None")
    NOVICE = engine_types.Experience.NOVICE.value, _("Beginner (under 6 months)")
    INTERMEDIATE = engine_types.Experience.INTERMEDIATE.value, _("Intermediate")
    ADVANCED = engine_types.Experience.ADVANCED.value, _("Advanced")


class DxaSite(models.TextChoices):
    LUMBAR_SPINE = engine_types.DxaSite.LUMBAR_SPINE.value, _("Lumbar spine")
    FEMORAL_NECK = engine_types.DxaSite.FEMORAL_NECK.value, _("Femoral neck")
    TOTAL_HIP = engine_types.DxaSite.TOTAL_HIP.value, _("Total hip")
    RADIUS = engine_types.DxaSite.RADIUS.value, _("Radius")


class FractureSite(models.TextChoices):
    VERTEBRA = engine_types.FractureSite.VERTEBRA.value, _("Vertebra")
    HIP = engine_types.FractureSite.HIP.value, _("Hip (proximal femur)")
    RIB = engine_types.FractureSite.RIB.value, _("Rib")
    PELVIS = engine_types.FractureSite.PELVIS.value, _("Pelvis")
    PROXIMAL_HUMERUS = engine_types.FractureSite.PROXIMAL_HUMERUS.value, _("Upper arm (shoulder)")
    DISTAL_RADIUS = engine_types.FractureSite.DISTAL_RADIUS.value, _("Wrist (distal radius)")
    LOWER_LEG = engine_types.FractureSite.LOWER_LEG.value, _("Lower leg")
    OTHER = engine_types.FractureSite.OTHER.value, _("Other")


class AsmiMethod(models.TextChoices):
    DXA = engine_types.AsmiMethod.DXA.value, _("DXA")
    BIA = engine_types.AsmiMethod.BIA.value, _("Bioimpedance (BIA)")


_C = engine_types.Condition
CONDITION_CHOICES: list[tuple[str, str]] = [
    (_C.ACUTE_BACK_PAIN.value, _("Acute back pain")),
    (_C.UNEXPLAINED_PAIN.value, _("Unexplained pain")),
    (_C.RECENT_JOINT_REPLACEMENT.value, _("Recent joint replacement")),
    (_C.UNCONTROLLED_HYPERTENSION.value, _("Uncontrolled high blood pressure")),
    (_C.CARDIOVASCULAR_SYMPTOMS.value, _("Chest pain, breathlessness or fainting")),
    (_C.KNOWN_CARDIOVASCULAR_DISEASE.value, _("Known heart or blood-vessel disease")),
    (_C.KNOWN_METABOLIC_DISEASE.value, _("Known metabolic disease (e.g. diabetes)")),
    (_C.KNOWN_RENAL_DISEASE.value, _("Known kidney disease")),
    (_C.CKD_STAGE_4_5.value, _("Chronic kidney disease stage 4–5")),
    (_C.HYPERKYPHOSIS.value, _("Hyperkyphosis (rounded upper back)")),
    (_C.KNEE_OSTEOARTHRITIS.value, _("Knee osteoarthritis")),
    (_C.HIP_OSTEOARTHRITIS.value, _("Hip osteoarthritis")),
]

_M = engine_types.Medication
MEDICATION_CHOICES: list[tuple[str, str]] = [
    (_M.GLUCOCORTICOIDS.value, _("Glucocorticoids (steroid tablets)")),
    (_M.BISPHOSPHONATE.value, _("Bisphosphonate")),
    (_M.DENOSUMAB.value, _("Denosumab")),
    (_M.ROMOSOZUMAB.value, _("Romosozumab")),
    (_M.TERIPARATIDE.value, _("Teriparatide")),
    (_M.HORMONE_THERAPY.value, _("Hormone therapy")),
    (_M.AROMATASE_INHIBITOR.value, _("Aromatase inhibitor")),
]

EQUIPMENT_CHOICES: list[tuple[str, str]] = [
    (engine_types.Equipment.BARBELL.value, _("Barbell")),
    (engine_types.Equipment.DUMBBELL.value, _("Dumbbells")),
    (engine_types.Equipment.KETTLEBELL.value, _("Kettlebells")),
    (engine_types.Equipment.MACHINE.value, _("Machines")),
    (engine_types.Equipment.CABLE.value, _("Cable")),
    (engine_types.Equipment.BANDS.value, _("Bands")),
    (engine_types.Equipment.BODYWEIGHT.value, _("Bodyweight")),
    (engine_types.Equipment.STEP.value, _("Step")),
    (engine_types.Equipment.VEST.value, _("Weighted vest")),
]


class HealthProfile(models.Model):
    """The intake facts with one current value. Missing is not zero: every fact may be null."""

    gym = models.ForeignKey(Gym, on_delete=models.PROTECT, related_name="+")
    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="health")
    height_cm = models.DecimalField(
        _("height (cm)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    weight_kg = models.DecimalField(
        _("weight (kg)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    menopause = models.CharField(
        _("menopause"), max_length=10, choices=Menopause.choices, blank=True
    )
    years_since_menopause = models.DecimalField(
        _("years since menopause"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    falls_past_year = models.PositiveSmallIntegerField(
        _("falls in the past year"), null=True, blank=True
    )
    fall_injury = models.BooleanField(_("a fall caused an injury"), null=True, blank=True)
    conditions = models.JSONField(_("conditions"), default=list, blank=True)
    medications = models.JSONField(_("medications"), default=list, blank=True)
    physically_active = models.BooleanField(_("exercises regularly now"), null=True, blank=True)
    experience = models.CharField(
        _("strength-training experience"), max_length=20, choices=Experience.choices, blank=True
    )
    # None: the gym's equipment; a list: what this client can use (e.g. training at home).
    equipment = models.JSONField(_("equipment"), null=True, blank=True)
    sessions_per_week = models.PositiveSmallIntegerField(
        _("sessions per week"), null=True, blank=True, choices=[(2, "2"), (3, "3")]
    )
    consent_given = models.BooleanField(_("consent to store health data"), default=False)
    consent_date = models.DateField(_("consent date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("health profile")
        verbose_name_plural = _("health profiles")

    def __str__(self) -> str:
        return f"health profile of client {self.client_id}"

    @property
    def condition_labels(self) -> list[str]:
        return _labels(CONDITION_CHOICES, self.conditions)

    @property
    def medication_labels(self) -> list[str]:
        return _labels(MEDICATION_CHOICES, self.medications)

    @property
    def equipment_labels(self) -> list[str]:
        return _labels(EQUIPMENT_CHOICES, self.equipment or [])


def _labels(choices: list[tuple[str, str]], values: list[str]) -> list[str]:
    """The labels of chosen codes, in the order of the choices."""
    chosen = set(values)
    return [str(label) for code, label in choices if code in chosen]


class ClientFact(models.Model):
    """A dated row of a client's health history (abstract): gym, client, who recorded it, when."""

    gym = models.ForeignKey(Gym, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.CASCADE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class DxaResult(ClientFact):
    """One site of one DXA scan. The newest scan of a site supersedes older ones."""

    measured_on = models.DateField(_("scan date"))
    site = models.CharField(_("site"), max_length=20, choices=DxaSite.choices)
    t_score = models.DecimalField(
        _("T-score"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    z_score = models.DecimalField(
        _("Z-score"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    yam_percent = models.DecimalField(
        _("%YAM"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    bmd_g_cm2 = models.DecimalField(
        _("BMD (g/cm²)"), max_digits=5, decimal_places=3, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("DXA result")
        verbose_name_plural = _("DXA results")
        ordering = ["-measured_on", "site", "-id"]
        indexes = [models.Index(fields=["client", "-measured_on"])]
        default_related_name = "dxa_results"


class Fracture(ClientFact):
    """A past fracture. `occurred_on` may be approximate (the first of the month) or unknown."""

    site = models.CharField(_("site"), max_length=20, choices=FractureSite.choices)
    fragility = models.BooleanField(
        _("fragility fracture"),
        help_text=_("From a fall from standing height or less, or with no injury at all."),
    )
    occurred_on = models.DateField(_("when"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("fracture")
        verbose_name_plural = _("fractures")
        ordering = [models.F("occurred_on").desc(nulls_last=True), "-id"]
        default_related_name = "fractures"


class FunctionalTest(ClientFact):
    """The tests done on one day. A test not done is null; the latest value of each test counts."""

    tested_on = models.DateField(_("test date"))
    grip_kg = models.DecimalField(
        _("grip strength (kg)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    chair_stand_5x_s = models.DecimalField(
        _("5-times chair stand (s)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    gait_speed_m_s = models.DecimalField(
        _("usual gait speed (m/s)"), max_digits=3, decimal_places=2, null=True, blank=True
    )
    sppb = models.PositiveSmallIntegerField(_("SPPB (0–12)"), null=True, blank=True)
    tug_s = models.DecimalField(
        _("Timed Up and Go (s)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    single_leg_stance_s = models.DecimalField(
        _("one-leg standing, eyes open (s)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    chair_stand_30s = models.PositiveSmallIntegerField(
        _("30-second chair stand (stands)"), null=True, blank=True
    )
    asmi_kg_m2 = models.DecimalField(
        _("ASMI (kg/m²)"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    asmi_method = models.CharField(
        _("ASMI method"), max_length=4, choices=AsmiMethod.choices, blank=True
    )
    calf_cm = models.DecimalField(
        _("calf circumference (cm)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    sarc_f = models.PositiveSmallIntegerField(_("SARC-F (0–10)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    VALUE_FIELDS = (
        "grip_kg",
        "chair_stand_5x_s",
        "gait_speed_m_s",
        "sppb",
        "tug_s",
        "single_leg_stance_s",
        "chair_stand_30s",
        "asmi_kg_m2",
        "calf_cm",
        "sarc_f",
    )

    class Meta:
        verbose_name = _("functional test")
        verbose_name_plural = _("functional tests")
        ordering = ["-tested_on", "-id"]
        indexes = [models.Index(fields=["client", "-tested_on"])]
        default_related_name = "functional_tests"


class Clearance(ClientFact):
    """A physician's answer about training, as recorded by the trainer. The latest one counts."""

    cleared = models.BooleanField(_("cleared for training"))
    physician = models.CharField(_("physician"), max_length=120, blank=True)
    decided_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("medical clearance")
        verbose_name_plural = _("medical clearances")
        ordering = ["-decided_on", "-id"]
        default_related_name = "clearances"


class Tier(models.TextChoices):
    A = engine_types.Tier.A.value, _("A (bone-building)")
    B = engine_types.Tier.B.value, _("B (supervised bone-building)")
    C = engine_types.Tier.C.value, _("C (spine-protective)")
    CLEARANCE_REQUIRED = engine_types.Tier.CLEARANCE_REQUIRED.value, _("Clearance required")


class Assessment(models.Model):
    """What the engine concluded from the client's facts at one moment. Stored whenever the facts
    change (by the services that change them); pages read it, they never recompute it."""

    gym = models.ForeignKey(Gym, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="assessments")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    engine_version = models.CharField(_("engine version"), max_length=20)
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    # The engine's `osteoload.assessment/1` and the `osteoload.profile/1` it was computed from.
    result = models.JSONField(_("result"))
    profile = models.JSONField(_("profile"))
    # What changed (e.g. "dxa.add"), for the history.
    reason = models.CharField(_("reason"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["client", "-created_at", "-id"])]

    def __str__(self) -> str:
        return f"assessment {self.pk} of client {self.client_id}: {self.tier}"

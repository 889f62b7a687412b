"""Trainers' availability, bookings (sessions and free counseling), counseling requests, calendar
feeds and the gym's scheduling policy.

No trainer and no client is ever double-booked: the services check for overlaps inside a locked
transaction, and the database refuses overlapping rows itself (migration 0002: an exclusion
constraint on PostgreSQL, triggers on SQLite). Cancelled bookings free their time.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osteoload.accounts.models import Gym, Membership
from osteoload.clients.models import Client

# Names of the database guards (migration 0002); the services recognise them in errors.
TRAINER_OVERLAP = "booking_no_trainer_overlap"
CLIENT_OVERLAP = "booking_no_client_overlap"

# Product policy (osteoload_policy): a staff booking starts on a day from 1 January 2000 (past
# sessions may still be recorded; an older date is a typing error) to two years from today (no gym
# plans further ahead), and lasts 15 to 240 minutes. The public form's `public_booking_days` is
# the visitors' narrower rule, not this one. The window also keeps every date the schedule
# computes with far from the ends of Python's calendar (years 1 and 9999).
BOOKING_EARLIEST = dt.date(2000, 1, 1)
BOOKING_DAYS_AHEAD = 2 * 365
BOOKING_MIN_MINUTES, BOOKING_MAX_MINUTES = 15, 240


def booking_days() -> tuple[dt.date, dt.date]:
    """The first and the last (local) day a booking may start on."""
    return BOOKING_EARLIEST, timezone.localdate() + dt.timedelta(days=BOOKING_DAYS_AHEAD)


def in_booking_window(day: dt.date) -> bool:
    first, last = booking_days()
    return first <= day <= last


def check_booking_time(starts_at: dt.datetime, minutes: int) -> dt.datetime:
    """The end of a booking, once its (aware) start and its length are within the policy above;
    otherwise a ValidationError, before any arithmetic that could leave the calendar."""
    first, last = booking_days()
    tz = timezone.get_current_timezone()
    # Aware datetimes compare without conversion: safe even for a start in year 1 or 9999.
    earliest = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    latest = dt.datetime.combine(last, dt.time.max, tzinfo=tz)
    if not earliest <= starts_at <= latest:
        raise ValidationError(
            _("Choose a date between %(first)s and %(last)s.") % {"first": first, "last": last},
            code="out_of_range",
        )
    if not BOOKING_MIN_MINUTES <= minutes <= BOOKING_MAX_MINUTES:
        raise ValidationError(
            _("A booking lasts %(min)s to %(max)s minutes.")
            % {"min": BOOKING_MIN_MINUTES, "max": BOOKING_MAX_MINUTES},
            code="out_of_range",
        )
    return starts_at + dt.timedelta(minutes=minutes)


class SchedulingPolicy(models.Model):
    """The gym's booking rules. A gym without a saved row uses the defaults below."""

    gym = models.OneToOneField(Gym, on_delete=models.CASCADE, related_name="scheduling_policy")
    # Product policy (osteoload_policy): 24 h is the common rule of Japanese personal-training
    # gyms; each gym sets its own.
    cancellation_notice_hours = models.PositiveSmallIntegerField(
        _("cancellation notice (hours)"),
        default=24,
        validators=[MaxValueValidator(24 * 14)],
        help_text=_("A session cancelled with less notice than this counts as used."),
    )
    session_minutes = models.PositiveSmallIntegerField(
        _("session length (minutes)"),
        default=60,
        validators=[MinValueValidator(15), MaxValueValidator(240)],
    )
    counseling_minutes = models.PositiveSmallIntegerField(
        _("counseling length (minutes)"),
        default=60,
        validators=[MinValueValidator(15), MaxValueValidator(240)],
    )
    slot_step_minutes = models.PositiveSmallIntegerField(
        _("booking grid (minutes)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(120)],
        help_text=_("Free counseling can start every this many minutes."),
    )
    public_booking_days = models.PositiveSmallIntegerField(
        _("days bookable online"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    public_min_notice_hours = models.PositiveSmallIntegerField(
        _("online booking notice (hours)"),
        default=12,
        validators=[MaxValueValidator(24 * 14)],
        help_text=_("Visitors can book free counseling no sooner than this."),
    )

    class Meta:
        verbose_name = _("scheduling policy")
        verbose_name_plural = _("scheduling policies")

    def __str__(self) -> str:
        return f"{self.gym}: {self.cancellation_notice_hours} h"

    @property
    def cancellation_notice(self) -> dt.timedelta:
        return dt.timedelta(hours=self.cancellation_notice_hours)


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class WeeklyAvailability(models.Model):
    """A trainer works this weekday from `start_time` to `end_time` (gym's local time)."""

    gym = models.ForeignKey(Gym, on_delete=models.CASCADE, related_name="+")
    trainer = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="availability")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))

    class Meta:
        verbose_name = _("weekly availability")
        verbose_name_plural = _("weekly availability")
        ordering = ["trainer_id", "weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="availability_end_after_start",
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="availability_weekday_0_6"),
        ]

    def __str__(self) -> str:
        return f"{self.trainer_id} {self.weekday} {self.start_time}–{self.end_time}"


class ExceptionKind(models.TextChoices):
    OFF = "off", _("Not available")
    EXTRA = "extra", _("Extra hours")


class AvailabilityException(models.Model):
    """A dated change to the weekly pattern: a day (or some hours) off, or extra hours."""

    gym = models.ForeignKey(Gym, on_delete=models.CASCADE, related_name="+")
    trainer = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="availability_exceptions"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=ExceptionKind.choices)
    # Both empty: the whole day (only for "off").
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("availability exception")
        verbose_name_plural = _("availability exceptions")
        ordering = ["date", "start_time"]
        indexes = [models.Index(fields=["trainer", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(start_time__isnull=True) & Q(end_time__isnull=True) & Q(kind="off"))
                | (
                    Q(start_time__isnull=False)
                    & Q(end_time__isnull=False)
                    & Q(end_time__gt=models.F("start_time"))
                ),
                name="availability_exception_hours",
            )
        ]

    def __str__(self) -> str:
        return f"{self.trainer_id} {self.date} {self.kind}"

    @property
    def whole_day(self) -> bool:
        return self.start_time is None


class BookingKind(models.TextChoices):
    SESSION = "session", _("Session")
    COUNSELING = "counseling", _("Free counseling")


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("No-show")
    CANCELLED = "cancelled", _("Cancelled")


class BookingQuerySet(models.QuerySet["Booking"]):
    def holding_time(self) -> BookingQuerySet:
        """Bookings that occupy their time (everything but cancelled ones)."""
        return self.exclude(status=BookingStatus.CANCELLED)

    def overlapping(self, starts_at: dt.datetime, ends_at: dt.datetime) -> BookingQuerySet:
        """Half-open intervals: a booking ending at 10:00 does not overlap one starting at 10:00."""
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)


class Booking(models.Model):
    """A trainer's appointment: a training session with a client, or a free counseling."""

    gym = models.ForeignKey(Gym, on_delete=models.PROTECT, related_name="bookings")
    kind = models.CharField(_("kind"), max_length=12, choices=BookingKind.choices)
    trainer = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("trainer")
    )
    # Empty only for a counseling whose visitor is not a client yet (see CounselingRequest).
    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("client"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(
        _("status"), max_length=12, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    # A cancellation with less notice than the gym's policy: the session counts as used.
    late_cancellation = models.BooleanField(_("late cancellation"), default=False)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=200, blank=True)
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("For the front desk and the trainer. No health information."),
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["gym", "starts_at"]),
            models.Index(fields=["trainer", "starts_at"]),
            models.Index(fields=["client", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="booking_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(kind="counseling") | Q(client__isnull=False),
                name="booking_session_has_client",
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{local:%Y-%m-%d %H:%M} {self.get_kind_display()} ({self.trainer_id})"

    @property
    def is_open(self) -> bool:
        return self.status == BookingStatus.BOOKED

    @property
    def counts_as_used(self) -> bool:
        """Attended, no-show, or cancelled late: the session uses a credit."""
        return self.status in (BookingStatus.ATTENDED, BookingStatus.NO_SHOW) or (
            self.status == BookingStatus.CANCELLED and self.late_cancellation
        )

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


EVENT_LABELS = {
    "booked": _("Booked"),
    "requested_online": _("Requested online"),
    "moved": _("Moved"),
    "cancelled": _("Cancelled"),
    "attended": _("Attended"),
    "no_show": _("No-show"),
    "reopened": _("Opened again"),
    "client_linked": _("Linked to the new client"),
}


class BookingEvent(models.Model):
    """The history of a booking (created, moved, cancelled, attended …): nothing is lost."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.booking_id} {self.action}"

    @property
    def label(self) -> str:
        return str(EVENT_LABELS.get(self.action, self.action))


class RequestStatus(models.TextChoices):
    NEW = "new", _("New")
    SCHEDULED = "scheduled", _("Scheduled")
    CONVERTED = "converted", _("Client created")
    CLOSED = "closed", _("Closed")


class CounselingRequest(models.Model):
    """A visitor's request for free counseling, from the gym's public page.

    `concerns` is what the visitor tells about their body: health data, shown to the owner and
    the trainers only (never the front desk).
    """

    gym = models.ForeignKey(Gym, on_delete=models.CASCADE, related_name="counseling_requests")
    full_name = models.CharField(_("name"), max_length=120)
    full_name_kana = models.CharField(_("name (kana)"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    concerns = models.TextField(_("concerns"), max_length=2000, blank=True)
    # Times the visitor proposed (ISO 8601, aware), when no listed slot suited them.
    proposed_times = models.JSONField(_("proposed times"), default=list, blank=True)
    consent_at = models.DateTimeField(_("consent given at"))
    language = models.CharField(max_length=8, default="ja")
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.NEW
    )
    booking = models.OneToOneField(
        Booking,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="counseling_request",
    )
    client = models.ForeignKey(
        Client, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("counseling request")
        verbose_name_plural = _("counseling requests")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["gym", "status", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""), name="counseling_request_has_contact"
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_status_display()})"

    @property
    def proposed_datetimes(self) -> list[dt.datetime]:
        out = []
        for text in self.proposed_times:
            try:
                out.append(timezone.localtime(dt.datetime.fromisoformat(text)))
            except (TypeError, ValueError):
                continue
        return out


class FeedOwner(models.TextChoices):
    TRAINER = "trainer", _("Trainer")
    CLIENT = "client", _("Client")


class CalendarFeed(models.Model):
    """A secret, revocable address of an iCalendar feed (a trainer's or a client's bookings).

    Only a SHA-256 digest of the secret is stored: the address is shown once, when created.
    """

    gym = models.ForeignKey(Gym, on_delete=models.CASCADE, related_name="+")
    owner_kind = models.CharField(max_length=10, choices=FeedOwner.choices)
    trainer = models.ForeignKey(
        Membership, on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_feeds"
    )
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_feeds"
    )
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.CheckConstraint(
                condition=(Q(owner_kind="trainer") & Q(trainer__isnull=False) & Q(client=None))
                | (Q(owner_kind="client") & Q(client__isnull=False) & Q(trainer=None)),
                name="calendar_feed_one_owner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.owner_kind} feed {self.prefix}…"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

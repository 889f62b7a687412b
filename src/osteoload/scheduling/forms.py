"""Forms of the schedule. Times are entered in the gym's local time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osteoload.accounts.models import Membership
from osteoload.clients.models import Client, Sex

from .models import (
    BOOKING_MAX_MINUTES,
    BOOKING_MIN_MINUTES,
    ExceptionKind,
    SchedulingPolicy,
    Weekday,
    check_booking_time,
)


def local_datetime(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=timezone.get_current_timezone())


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", attrs={"step": 300}, **kwargs)


class TrainerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:  # type: ignore[override]
        return str(obj.user)


class ClientChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Client) -> str:  # type: ignore[override]
        kana = obj.full_name_kana
        return f"{obj.full_name}（{kana}）" if kana and kana != obj.full_name else obj.full_name


class WhenForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    time = forms.TimeField(label=_("Start time"), widget=TimeInput())
    minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=BOOKING_MIN_MINUTES, max_value=BOOKING_MAX_MINUTES
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if all(name in data for name in ("date", "time", "minutes")):
            # The services check again (for every caller); here it becomes the date's error.
            try:
                check_booking_time(self.starts_at, data["minutes"])
            except forms.ValidationError as error:
                self.add_error("date", error)
        return data

    @property
    def starts_at(self) -> dt.datetime:
        return local_datetime(self.cleaned_data["date"], self.cleaned_data["time"])


class BookingForm(WhenForm):
    client = ClientChoiceField(label=_("Client"), queryset=Client.objects.none())
    trainer = TrainerChoiceField(label=_("Trainer"), queryset=Membership.objects.none())
    note = forms.CharField(
        label=_("Note"),
        max_length=200,
        required=False,
        help_text=_("For the front desk and the trainer. No health information."),
    )
    field_order = ["client", "trainer", "date", "time", "minutes", "note"]

    def __init__(self, *args: Any, clients: Any, trainers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients  # type: ignore[attr-defined]
        self.fields["trainer"].queryset = trainers  # type: ignore[attr-defined]


class MoveForm(WhenForm):
    trainer = TrainerChoiceField(label=_("Trainer"), queryset=Membership.objects.none())

    def __init__(self, *args: Any, trainers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = trainers  # type: ignore[attr-defined]


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
    waive = forms.BooleanField(
        label=_("Do not count this late cancellation as a used session"), required=False
    )


class WeeklyHoursForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=Weekday.choices, coerce=int)
    start = forms.TimeField(label=_("From"), widget=TimeInput())
    end = forms.TimeField(label=_("Until"), widget=TimeInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            raise forms.ValidationError(_("The end must be after the start."))
        return data


class ExceptionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=ExceptionKind.choices)
    start = forms.TimeField(
        label=_("From"),
        widget=TimeInput(),
        required=False,
        help_text=_("Leave both times empty for the whole day off."),
    )
    end = forms.TimeField(label=_("Until"), widget=TimeInput(), required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class PolicyForm(forms.ModelForm):
    class Meta:
        model = SchedulingPolicy
        fields = [
            "cancellation_notice_hours",
            "session_minutes",
            "counseling_minutes",
            "slot_step_minutes",
            "public_booking_days",
            "public_min_notice_hours",
        ]


class ScheduleRequestForm(WhenForm):
    trainer = TrainerChoiceField(label=_("Trainer"), queryset=Membership.objects.none())
    field_order = ["trainer", "date", "time", "minutes"]

    def __init__(self, *args: Any, trainers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = trainers  # type: ignore[attr-defined]


class ConvertForm(forms.Form):
    family_name = forms.CharField(label=_("Family name"), max_length=60)
    given_name = forms.CharField(label=_("Given name"), max_length=60)
    family_name_kana = forms.CharField(label=_("Family name (kana)"), max_length=60, required=False)
    given_name_kana = forms.CharField(label=_("Given name (kana)"), max_length=60, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    birth_date = forms.DateField(label=_("Date of birth"), widget=DateInput())

    def clean_birth_date(self) -> dt.date:
        value: dt.date = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if value >= today or value.year < today.year - 120:
            raise forms.ValidationError(_("Enter a real date of birth."))
        return value

"""Forms of the training pages; the envelope checks live in services.check_prescription."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osteoload.engine.catalog import VEST_PCT_MAX, Dose, Exercise
from osteoload.engine.programming import MAX_WEEKS, MIN_WEEKS

WEEK_CHOICES = [(n, n) for n in (4, 8, 12, 16, 24)]


class GenerateForm(forms.Form):
    weeks = forms.TypedChoiceField(
        label=_("Length (weeks)"), choices=WEEK_CHOICES, coerce=int, initial=12
    )
    sessions_per_week = forms.TypedChoiceField(
        label=_("Sessions per week"), choices=[(2, 2), (3, 3)], coerce=int, initial=2
    )
    equipment = forms.MultipleChoiceField(
        label=_("Equipment to use"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Bodyweight exercises are always possible."),
    )
    start_date = forms.DateField(
        label=_("First week starts"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, equipment_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["equipment"].choices = equipment_choices
        self.fields["start_date"].initial = timezone.localdate()

    def clean_weeks(self) -> int:
        weeks = int(self.cleaned_data["weeks"])
        if not MIN_WEEKS <= weeks <= MAX_WEEKS:
            raise forms.ValidationError(_("Choose a length from the list."))
        return weeks


class PrescriptionForm(forms.Form):
    sets = forms.IntegerField(label=_("Sets"), min_value=1, max_value=10)
    reps = forms.IntegerField(label=_("Repetitions"), required=False, min_value=1, max_value=30)
    duration_s = forms.IntegerField(
        label=_("Seconds per set"), required=False, min_value=10, max_value=600
    )
    contacts = forms.IntegerField(
        label=_("Impact contacts in the session"), required=False, min_value=1, max_value=200
    )
    pct_1rm = forms.IntegerField(label=_("Load (%1RM)"), required=False, min_value=1, max_value=100)
    rpe = forms.DecimalField(
        label=_("Effort (RPE 1–10)"),
        required=False,
        min_value=1,
        max_value=10,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5"}),
    )
    rest_s = forms.IntegerField(label=_("Rest (s)"), min_value=0, max_value=600)
    vest_pct_body_mass = forms.IntegerField(
        label=_("Vest (% of body weight)"), required=False, min_value=1, max_value=VEST_PCT_MAX
    )

    def __init__(self, *args: Any, exercise: Exercise | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("inputmode", "decimal")
        dose = exercise.dose if exercise is not None else None
        if dose is not None:
            if dose is not Dose.REPS:
                del self.fields["reps"]
            if dose is not Dose.DURATION:
                del self.fields["duration_s"]
            if dose is not Dose.CONTACTS:
                del self.fields["contacts"]
            if not exercise.loadable:  # type: ignore[union-attr]
                del self.fields["pct_1rm"]
        if exercise is None or not exercise.uses_vest:
            del self.fields["vest_pct_body_mass"]

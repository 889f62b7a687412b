"""Forms of the client pages: creating a client, the intake sections, and adding to the histories.

Numbers are checked twice: Django's field limits, then the engine's own plausibility ranges
(`osteoload.engine.profile.parse_profile`), so a form never accepts what the engine would refuse
and the message names the field on the page.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osteoload.accounts.models import Membership
from osteoload.engine.errors import InputError
from osteoload.engine.profile import parse_profile

from .models import (
    CONDITION_CHOICES,
    EQUIPMENT_CHOICES,
    MEDICATION_CHOICES,
    AsmiMethod,
    Client,
    DxaSite,
    Experience,
    FractureSite,
    FunctionalTest,
    HealthProfile,
    Menopause,
    Sex,
)

# --- widgets: large, with the keyboard a tablet should show ---------------------------------------


def decimal_input(step: str = "0.1", unit: str = "") -> forms.NumberInput:
    attrs = {"step": step, "inputmode": "decimal"}
    if unit:
        attrs["data-unit"] = unit
    return forms.NumberInput(attrs=attrs)


def integer_input() -> forms.NumberInput:
    return forms.NumberInput(attrs={"step": "1", "inputmode": "numeric"})


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


YES_NO_UNKNOWN = [("", _("Not asked yet")), ("true", _("Yes")), ("false", _("No"))]


def yes_no_unknown(label: str, help_text: str = "") -> forms.TypedChoiceField:
    """A yes / no / not-asked question: missing is not "no"."""
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO_UNKNOWN,
        coerce=lambda v: v == "true",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "choices"}),
    )


def age_on(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _initial_tristate(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


# --- the engine's validation, as form errors ------------------------------------------------------

_BETWEEN = re.compile(r"must be between (?P<lo>[-\d.e+]+) and (?P<hi>[-\d.e+]+)")
_EXCEED_AGE = re.compile(r"cannot exceed age \((?P<age>[\d.]+)\)")


def engine_message(error: InputError) -> str:
    """The engine's problem in the user's language (the common ones; the engine's own words
    otherwise)."""
    problem = error.problem
    between = _BETWEEN.search(problem)
    leaf = _leaf(error.field)
    if between and leaf == "age":
        return str(
            _("The client must be %(lo)s to %(hi)s years old.")
            % {"lo": between["lo"], "hi": between["hi"]}
        )
    if between:
        return str(
            _("Enter a value from %(lo)s to %(hi)s.") % {"lo": between["lo"], "hi": between["hi"]}
        )
    if "whole number" in problem:
        return str(_("Enter a whole number."))
    exceed = _EXCEED_AGE.search(problem)
    if exceed:
        message = _("This cannot be more than the client's age (%(age)s).")
        return str(message % {"age": exceed["age"]})
    if "only meaningful after menopause" in problem:
        return str(_("Years since menopause only apply after menopause."))
    if "applies to women only" in problem:
        return str(_("This applies to women only."))
    if "must be 2 or 3" in problem:
        return str(_("Choose 2 or 3 sessions a week."))
    if leaf == "fall_injury":
        return str(_("An injury from a fall needs at least one fall in the past year."))
    return problem


def _leaf(path: str) -> str:
    """`dxa[0].t_score` → `t_score`; `conditions[2]` → `conditions`."""
    return re.sub(r"\[\d+\]$", "", path.rsplit(".", 1)[-1])


# Engine field → form field, where the names differ.
ENGINE_TO_FORM = {"age": "birth_date", "date": "measured_on", "months_ago": "occurred_on"}


def add_engine_error(form: forms.BaseForm, error: InputError) -> None:
    name = ENGINE_TO_FORM.get(_leaf(error.field), _leaf(error.field))
    form.add_error(name if name in form.fields else None, engine_message(error))


def check_with_engine(
    form: forms.BaseForm, fragment: dict[str, Any], *, age: int, sex: str
) -> None:
    """Parse the form's values as part of a profile; put the engine's first objection on the
    field it concerns."""
    data: dict[str, Any] = {"age": age, "sex": sex}
    data.update({k: _plain(v) for k, v in fragment.items() if v is not None and v != ""})
    try:
        parse_profile(data)
    except InputError as error:
        add_engine_error(form, error)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None and v != ""}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# --- creating a client ----------------------------------------------------------------------------


class ClientDetailsForm(forms.ModelForm):
    """Names, sex, date of birth and contact (the directory part of a client)."""

    class Meta:
        model = Client
        fields = [
            "family_name",
            "given_name",
            "family_name_kana",
            "given_name_kana",
            "sex",
            "birth_date",
            "email",
            "phone",
        ]
        widgets = {
            "birth_date": DateInput(),
            "sex": forms.RadioSelect(attrs={"class": "choices"}),
            "family_name_kana": forms.TextInput(attrs={"autocomplete": "off"}),
            "given_name_kana": forms.TextInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }
        help_texts = {"family_name_kana": _("In katakana, for sorting and search.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sex"].choices = Sex.choices  # no empty choice on a radio list

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        birth = data.get("birth_date")
        if birth is not None and data.get("sex"):
            today = timezone.localdate()
            if birth > today:
                self.add_error("birth_date", _("This date is in the future."))
            else:
                check_with_engine(self, {}, age=age_on(birth, today), sex=data["sex"])
        return data


class NewClientForm(ClientDetailsForm):
    """A new client; the owner may assign a trainer at once (a trainer becomes the trainer)."""

    trainer = forms.ModelChoiceField(
        label=_("Trainer"), queryset=Membership.objects.none(), required=False
    )

    class Meta(ClientDetailsForm.Meta):
        pass

    def __init__(self, *args: Any, trainers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if trainers is None:
            del self.fields["trainer"]
        else:
            self.fields["trainer"].queryset = trainers
            self.fields["trainer"].label_from_instance = lambda m: str(m.user)


# --- intake sections ------------------------------------------------------------------------------


class HealthSectionForm(forms.ModelForm):
    """Base of the intake sections that edit the health profile. `age` and `sex` are the
    client's, for the engine's checks."""

    engine_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, age: int, sex: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.age = age
        self.sex = sex

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        fragment = {name: data.get(name) for name in self.engine_fields if name in data}
        check_with_engine(self, fragment, age=self.age, sex=self.sex)
        return data

    def health_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class BasicsForm(ClientDetailsForm):
    """Section 1: who the client is, body size, menopause, and consent."""

    height_cm = forms.DecimalField(
        label=_("Height (cm)"), required=False, max_digits=4, decimal_places=1,
        widget=decimal_input(),
    )  # fmt: skip
    weight_kg = forms.DecimalField(
        label=_("Weight (kg)"), required=False, max_digits=4, decimal_places=1,
        widget=decimal_input(),
    )  # fmt: skip
    menopause = forms.ChoiceField(
        label=_("Menopause"),
        choices=[("", _("Not asked yet")), *Menopause.choices],
        required=False,
        widget=forms.RadioSelect(attrs={"class": "choices"}),
        help_text=_("Women only."),
    )
    years_since_menopause = forms.DecimalField(
        label=_("Years since menopause"), required=False, max_digits=3, decimal_places=1,
        min_value=0, widget=decimal_input("0.5"),
    )  # fmt: skip
    consent_given = forms.BooleanField(
        label=_("The client agreed in writing that the gym stores their health data."),
        required=True,
        error_messages={"required": _("Health data can only be stored with the client's consent.")},
    )

    HEALTH = ("height_cm", "weight_kg", "menopause", "years_since_menopause", "consent_given")

    def __init__(self, *args: Any, health: HealthProfile | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if health is not None and not self.is_bound:
            for name in self.HEALTH:
                self.initial[name] = getattr(health, name)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        birth, sex = data["birth_date"], data["sex"]
        age = age_on(birth, timezone.localdate())
        menopause = data.get("menopause") or None
        if sex != "female":
            menopause = None
        fragment = {
            "height_cm": data.get("height_cm"),
            "weight_kg": data.get("weight_kg"),
            "menopause": menopause,
            "years_since_menopause": data.get("years_since_menopause")
            if menopause == "post"
            else None,
        }
        if data.get("years_since_menopause") is not None and menopause in ("pre", "peri"):
            self.add_error(
                "years_since_menopause", _("Years since menopause only apply after menopause.")
            )
        check_with_engine(self, fragment, age=age, sex=sex)
        return data

    def client_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ClientDetailsForm.Meta.fields}

    def health_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.HEALTH}


class FallsForm(HealthSectionForm):
    """Section 3 (the questions; the tests are added below them)."""

    fall_injury = yes_no_unknown(_("Did a fall in the past year cause an injury?"))
    engine_fields = ("falls_past_year", "fall_injury")

    class Meta:
        model = HealthProfile
        fields = ["falls_past_year", "fall_injury"]
        labels = {"falls_past_year": _("How many times did the client fall in the past year?")}
        help_texts = {"falls_past_year": _("Leave empty if not asked yet; 0 if never.")}
        widgets = {"falls_past_year": integer_input()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.initial["fall_injury"] = _initial_tristate(self.instance.fall_injury)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("fall_injury") and data.get("falls_past_year") == 0:
            self.add_error(
                "fall_injury", _("An injury from a fall needs at least one fall in the past year.")
            )
        return data


class HealthForm(HealthSectionForm):
    """Section 4: conditions, medications, activity (the clearance records are added below)."""

    conditions = forms.MultipleChoiceField(
        label=_("Conditions"), choices=CONDITION_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
    )  # fmt: skip
    medications = forms.MultipleChoiceField(
        label=_("Medications"), choices=MEDICATION_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
    )  # fmt: skip
    physically_active = yes_no_unknown(
        _("Does the client exercise regularly now?"),
        _("At least 30 minutes of moderate activity on 3 days a week for the past 3 months."),
    )
    engine_fields = ("conditions", "medications", "physically_active")

    class Meta:
        model = HealthProfile
        fields = ["conditions", "medications", "physically_active", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        labels = {"notes": _("Notes for the trainers")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.initial["physically_active"] = _initial_tristate(self.instance.physically_active)


class TrainingForm(HealthSectionForm):
    """Section 5: experience, equipment and how often."""

    own_equipment = forms.BooleanField(
        label=_("This client trains with other equipment than the gym's (e.g. at home)"),
        required=False,
    )
    equipment = forms.MultipleChoiceField(
        label=_("Equipment this client can use"), choices=EQUIPMENT_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
    )  # fmt: skip
    sessions_per_week = forms.TypedChoiceField(
        label=_("Sessions per week"),
        choices=[("", _("No preference")), ("2", "2"), ("3", "3")],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "choices"}),
    )
    engine_fields = ("experience", "equipment", "sessions_per_week")

    class Meta:
        model = HealthProfile
        fields = ["experience", "equipment", "sessions_per_week"]
        widgets = {"experience": forms.RadioSelect(attrs={"class": "choices"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["experience"].choices = [("", _("Not asked yet")), *Experience.choices]
        if not self.is_bound and self.instance.pk:
            self.initial["own_equipment"] = self.instance.equipment is not None
            self.initial["equipment"] = self.instance.equipment or []

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("own_equipment"):
            if not data.get("equipment"):
                self.add_error("equipment", _("Choose at least one kind of equipment."))
        else:
            data["equipment"] = None
        return data

    def health_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "experience": data["experience"],
            "equipment": data["equipment"],
            "sessions_per_week": data["sessions_per_week"],
        }


# --- adding to the histories ----------------------------------------------------------------------


class FactForm(forms.Form):
    """Base of the history forms: the engine checks the values as part of a profile."""

    def __init__(self, *args: Any, age: int, sex: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.age = age
        self.sex = sex

    def _check_date(self, name: str) -> None:
        day = self.cleaned_data.get(name)
        if day is not None and day > timezone.localdate():
            self.add_error(name, _("This date is in the future."))


class DxaForm(FactForm):
    measured_on = forms.DateField(label=_("Scan date"), widget=DateInput())
    site = forms.ChoiceField(
        label=_("Site"),
        choices=DxaSite.choices,
        widget=forms.RadioSelect(attrs={"class": "choices"}),
    )
    t_score = forms.DecimalField(
        label=_("T-score"), required=False, max_digits=3, decimal_places=1, widget=decimal_input()
    )
    yam_percent = forms.DecimalField(
        label=_("%YAM"), required=False, max_digits=4, decimal_places=1, widget=decimal_input()
    )
    z_score = forms.DecimalField(
        label=_("Z-score"), required=False, max_digits=3, decimal_places=1, widget=decimal_input()
    )
    bmd_g_cm2 = forms.DecimalField(
        label=_("BMD (g/cm²)"), required=False, max_digits=5, decimal_places=3,
        widget=decimal_input("0.001"),
    )  # fmt: skip
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    VALUES = ("t_score", "z_score", "yam_percent", "bmd_g_cm2")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self._check_date("measured_on")
        if not self.errors and all(data.get(v) is None for v in self.VALUES):
            raise forms.ValidationError(_("Enter at least one of T-score, Z-score, %YAM or BMD."))
        if not self.errors:
            entry = {v: data.get(v) for v in self.VALUES}
            entry.update(site=data["site"], date=data["measured_on"])
            check_with_engine(self, {"dxa": [entry]}, age=self.age, sex=self.sex)
        return data


class FractureForm(FactForm):
    site = forms.ChoiceField(label=_("Site"), choices=FractureSite.choices)
    fragility = forms.TypedChoiceField(
        label=_("How did it happen?"),
        choices=[
            ("true", _("A fall from standing height or less, or no injury (fragility fracture)")),
            ("false", _("A bigger accident (e.g. traffic, sport, a fall from a height)")),
        ],
        coerce=lambda v: v == "true",
        widget=forms.RadioSelect(attrs={"class": "choices"}),
    )
    occurred_on = forms.DateField(
        label=_("When"),
        required=False,
        widget=DateInput(),
        help_text=_("If only the month is known, the first of the month. Leave empty if unknown."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self._check_date("occurred_on")
        return data


class FunctionalTestForm(FactForm):
    tested_on = forms.DateField(label=_("Test date"), widget=DateInput())
    grip_kg = forms.DecimalField(
        label=_("Grip strength (kg)"), help_text=_("The best of at least two tries."),
        required=False, max_digits=4, decimal_places=1, widget=decimal_input(),
    )  # fmt: skip
    chair_stand_5x_s = forms.DecimalField(
        label=_("5-times chair stand (s)"), required=False, max_digits=4, decimal_places=1,
        widget=decimal_input(),
    )  # fmt: skip
    gait_speed_m_s = forms.DecimalField(
        label=_("Usual gait speed (m/s)"), required=False, max_digits=3, decimal_places=2,
        widget=decimal_input("0.01"),
    )  # fmt: skip
    sppb = forms.IntegerField(label=_("SPPB (0–12)"), required=False, widget=integer_input())
    tug_s = forms.DecimalField(
        label=_("Timed Up and Go (s)"), required=False, max_digits=4, decimal_places=1,
        widget=decimal_input(),
    )  # fmt: skip
    single_leg_stance_s = forms.DecimalField(
        label=_("One-leg standing, eyes open (s)"), required=False, max_digits=4,
        decimal_places=1, widget=decimal_input(),
    )  # fmt: skip
    chair_stand_30s = forms.IntegerField(
        label=_("30-second chair stand (stands)"), required=False, widget=integer_input()
    )
    asmi_kg_m2 = forms.DecimalField(
        label=_("ASMI (kg/m²)"), help_text=_("Appendicular skeletal muscle index."),
        required=False, max_digits=4, decimal_places=2, widget=decimal_input("0.01"),
    )  # fmt: skip
    asmi_method = forms.ChoiceField(
        label=_("ASMI measured by"),
        choices=[("", "—"), *AsmiMethod.choices],
        required=False,
    )
    calf_cm = forms.DecimalField(
        label=_("Calf circumference (cm)"), required=False, max_digits=4, decimal_places=1,
        widget=decimal_input(),
    )  # fmt: skip
    sarc_f = forms.IntegerField(label=_("SARC-F (0–10)"), required=False, widget=integer_input())
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self._check_date("tested_on")
        values = self.values()
        if not self.errors and all(v is None for v in values.values()):
            raise forms.ValidationError(_("Enter the result of at least one test."))
        if data.get("asmi_kg_m2") is not None and not data.get("asmi_method"):
            self.add_error("asmi_method", _("Say how the muscle mass was measured (DXA or BIA)."))
        if not self.errors:
            fragment: dict[str, Any] = dict(values)
            if data.get("asmi_method"):
                fragment["asmi_method"] = data["asmi_method"]
            check_with_engine(self, fragment, age=self.age, sex=self.sex)
        return data

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in FunctionalTest.VALUE_FIELDS}


class ClearanceForm(FactForm):
    cleared = forms.TypedChoiceField(
        label=_("The physician's answer"),
        choices=[
            ("true", _("Cleared for training")),
            ("false", _("Not cleared yet")),
        ],
        coerce=lambda v: v == "true",
        widget=forms.RadioSelect(attrs={"class": "choices"}),
    )
    decided_on = forms.DateField(label=_("Date"), widget=DateInput())
    physician = forms.CharField(label=_("Physician"), required=False, max_length=120)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self._check_date("decided_on")
        return data


# --- the list's filters ---------------------------------------------------------------------------


class ClientFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
    tier = forms.ChoiceField(required=False)
    trainer = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    attention = forms.BooleanField(required=False)
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args: Any, tiers: Any, trainers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tier"].choices = [("", _("All tiers")), *tiers]
        self.fields["trainer"].choices = [("", _("All trainers"))] + [
            (str(m.pk), str(m.user)) for m in trainers
        ]

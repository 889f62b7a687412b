"""Forms of the client portal: few fields, choices instead of typing, large tap targets.

Choices rather than free numbers wherever a phone keyboard would slow an older client down: hours
in half-hour steps, food frequencies as "times a week / a day".
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from osteoload.engine.nutrition import food_table

from .home_plan import HomePlan

DAYS_BACK = 7  # the date choices: today and the six days before (catching up on a week)


def _hours(top: int) -> list[tuple[str, str]]:
    steps = [Decimal(n) / 2 for n in range(0, top * 2 + 1)]
    return [(f"{h:.1f}", gettext("%(h)s h") % {"h": f"{h:g}"}) for h in steps]


def day_choices(today: dt.date, *, nights: bool) -> list[tuple[str, str]]:
    """Today (or last night) and the days before it, labelled in words the client uses."""
    if nights:
        words = [gettext("Last night"), gettext("The night before")]
    else:
        words = [gettext("Today"), gettext("Yesterday")]
    out: list[tuple[str, str]] = []
    first = today - dt.timedelta(days=1) if nights else today
    for i in range(DAYS_BACK):
        day = first - dt.timedelta(days=i)
        label = formats.date_format(day, "MONTH_DAY_FORMAT")
        if i < len(words):
            label = f"{words[i]} ({label})"
        out.append((day.isoformat(), label))
    return out


RESTED_CHOICES = [
    ("5", _("5 – fully rested")),
    ("4", _("4 – rested")),
    ("3", _("3 – so-so")),
    ("2", _("2 – tired")),
    ("1", _("1 – not at all")),
]


class SleepForm(forms.Form):
    night_of = forms.ChoiceField(label=_("Which night"))
    hours_asleep = forms.ChoiceField(label=_("About how long did you sleep?"), initial="6.5")
    time_in_bed_h = forms.ChoiceField(
        label=_("How long were you in bed?"),
        initial="7.5",
        help_text=_("From going to bed until getting up, including time awake."),
    )
    rested = forms.ChoiceField(
        label=_("How rested did you feel when you woke up?"),
        choices=RESTED_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hours_asleep"].choices = _hours(14)
        self.fields["time_in_bed_h"].choices = _hours(16)
        self.fields["night_of"].choices = day_choices(today, nights=True)
        self.fields["night_of"].initial = (today - dt.timedelta(days=1)).isoformat()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        asleep, in_bed = data.get("hours_asleep"), data.get("time_in_bed_h")
        if asleep is not None and in_bed is not None and Decimal(in_bed) < Decimal(asleep):
            self.add_error(
                "time_in_bed_h", _("Time in bed cannot be shorter than the time asleep.")
            )
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "night_of": dt.date.fromisoformat(data["night_of"]),
            "hours_asleep": Decimal(data["hours_asleep"]),
            "time_in_bed_h": Decimal(data["time_in_bed_h"]),
            "rested": int(data["rested"]) if data.get("rested") else None,
        }


PAIN_CHOICES = [("", _("No answer"))] + [
    (str(n), label)
    for n, label in [
        (0, _("0 – no pain")),
        (1, "1"),
        (2, "2"),
        (3, "3"),
        (4, "4"),
        (5, "5"),
        (6, "6"),
        (7, "7"),
        (8, "8"),
        (9, "9"),
        (10, _("10 – worst imaginable")),
    ]
]


class HomeSessionForm(forms.Form):
    key = forms.UUIDField(widget=forms.HiddenInput)
    done_on = forms.ChoiceField(label=_("Which day"))
    exercises = forms.MultipleChoiceField(
        label=_("What I did"), required=False, widget=forms.CheckboxSelectMultiple
    )
    balance_min = forms.IntegerField(
        label=_("Balance practice (minutes)"), min_value=0, max_value=600, initial=0
    )
    back_extension_sets = forms.IntegerField(
        label=_("Back-extensor exercise (sets)"), min_value=0, max_value=30, initial=0
    )
    walk_min = forms.IntegerField(
        label=_("Walking (minutes)"), min_value=0, max_value=600, initial=0
    )
    pain = forms.ChoiceField(
        label=_("Any pain during or after? (0–10)"), choices=PAIN_CHOICES, required=False
    )
    note = forms.CharField(
        label=pgettext_lazy("home session", "Note"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, today: dt.date, plan: HomePlan, **kwargs: Any) -> None:
        lang = kwargs.pop("lang", "ja")
        super().__init__(*args, **kwargs)
        for name in ("balance_min", "back_extension_sets", "walk_min"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric"})
        self.fields["done_on"].choices = day_choices(today, nights=False)
        self.fields["done_on"].initial = today.isoformat()
        self.fields["exercises"].choices = [(i.id, i.name(lang)) for i in plan.items]
        self.fields["exercises"].initial = [i.id for i in plan.items]
        self.fields["balance_min"].initial = plan.balance_minutes
        self.fields["back_extension_sets"].initial = plan.back_extension_sets
        self.fields["walk_min"].initial = plan.walking_minutes
        if not self.is_bound:
            self.initial.setdefault("key", uuid.uuid4())
        self.kinds = {item.id: item.kind for item in plan.items}

    # The number that belongs to each kind of home item.
    KIND_FIELDS = (
        ("balance", "balance_min"),
        ("back_extension", "back_extension_sets"),
        ("walking", "walk_min"),
    )

    def values(self) -> dict[str, Any]:
        """The service's arguments. A kind of the plan whose items were all left unticked counts
        as not done, whatever its number says (the numbers start filled in from the plan)."""
        data = self.cleaned_data
        ticked = list(data.get("exercises") or [])
        numbers = {field: data[field] or 0 for _kind, field in self.KIND_FIELDS}
        for kind, field in self.KIND_FIELDS:
            planned = [i for i, k in self.kinds.items() if k == kind]
            if planned and not set(planned) & set(ticked):
                numbers[field] = 0
        return {
            "key": data["key"],
            "done_on": dt.date.fromisoformat(data["done_on"]),
            "exercises": ticked,
            **numbers,
            "pain": int(data["pain"]) if data.get("pain") not in (None, "") else None,
            "note": data.get("note") or "",
        }


# Food frequencies: times a week or a day; the value is "<n>w" or "<n>d" (exact, no midpoints).
FREQUENCY_CHOICES = [
    ("0", _("Rarely or never")),
    ("1w", _("Once a week")),
    ("2w", _("Twice a week")),
    ("3w", _("3 times a week")),
    ("4w", _("4 times a week")),
    ("5w", _("5 times a week")),
    ("6w", _("6 times a week")),
    ("1d", _("Once a day")),
    ("2d", _("Twice a day")),
    ("3d", _("3 times a day")),
]


def frequency_to_engine(value: str) -> dict[str, Any] | None:
    if not value or value == "0":
        return None
    count, per = int(value[:-1]), value[-1]
    return {"servings": count, "per": "week" if per == "w" else "day"}


def engine_to_frequency(entry: dict[str, Any]) -> str:
    servings, per = entry.get("servings", 0), entry.get("per", "day")
    if not servings:
        return "0"
    code = f"{int(servings)}{'w' if per == 'week' else 'd'}"
    return code if code in dict(FREQUENCY_CHOICES) else "0"


class NutritionForm(forms.Form):
    """One question per food of the engine's table: how often, one standard serving."""

    def __init__(
        self, *args: Any, lang: str = "ja", previous: dict[str, Any] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        previous = previous or {}
        for food in food_table().values():
            name = food.name_ja if lang == "ja" else food.name_en
            portion = food.portion_ja if lang == "ja" else food.portion_en
            self.fields[f"food_{food.id}"] = forms.ChoiceField(
                label=name,
                help_text=portion,
                choices=FREQUENCY_CHOICES,
                required=False,  # not answered: rarely or never
                initial=engine_to_frequency(previous.get(food.id, {})),
            )

    def foods(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            entry = frequency_to_engine(value)
            if entry is not None:
                out[name.removeprefix("food_")] = entry
        return out

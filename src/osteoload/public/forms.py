"""Visitor forms (free counseling, contact) with a honeypot field, and the owner's page form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import PublicPage

PROPOSALS = 3
PROPOSAL_HORIZON_DAYS = 90


class HoneypotMixin(forms.Form):
    """A field people never see (hidden by CSS, skipped by screen readers and the Tab key); bots
    that fill every field fill it too. The view then pretends success and stores nothing."""

    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(self.add_prefix("website"), "").strip())


class ContactDetails(forms.Form):
    full_name = forms.CharField(
        label=_("Name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
    )
    consent = forms.BooleanField(
        label=_("I agree that the gym stores these details to answer me."),
        error_messages={"required": _("Please agree, or call us instead.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("email") and not (data.get("phone") or "").strip():
            raise forms.ValidationError(_("Please give an e-mail address or a phone number."))
        return data


class CounselingForm(HoneypotMixin, ContactDetails):
    full_name_kana = forms.CharField(label=_("Name (kana)"), max_length=120, required=False)
    slot = forms.ChoiceField(label=_("Time"), required=False, widget=forms.RadioSelect)
    proposed_1 = forms.DateTimeField(
        label=_("Preferred time 1"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    proposed_2 = forms.DateTimeField(
        label=_("Preferred time 2"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    proposed_3 = forms.DateTimeField(
        label=_("Preferred time 3"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    concerns = forms.CharField(
        label=_("What would you like to talk about?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For example: a bone density result, a past fracture, pain, what you want to be "
            "able to do. Only the trainers read this."
        ),
    )

    field_order = [
        "slot",
        "proposed_1",
        "proposed_2",
        "proposed_3",
        "full_name",
        "full_name_kana",
        "email",
        "phone",
        "concerns",
        "consent",
        "website",
    ]

    def __init__(self, *args: Any, slot_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = slot_choices  # type: ignore[attr-defined]

    def clean_slot(self) -> dt.datetime | None:
        value = self.cleaned_data.get("slot")
        if not value:
            return None
        try:
            return timezone.localtime(dt.datetime.fromisoformat(value))
        except ValueError:
            raise forms.ValidationError(_("That time is no longer free.")) from None

    def _proposal(self, name: str) -> dt.datetime | None:
        value = self.cleaned_data.get(name)
        if value is None:
            return None
        now = timezone.now()
        if value <= now:
            self.add_error(name, _("Please choose a time in the future."))
        elif value > now + dt.timedelta(days=PROPOSAL_HORIZON_DAYS):
            self.add_error(name, _("Please choose a time in the next three months."))
        return value  # type: ignore[no-any-return]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        proposed = [self._proposal(f"proposed_{n}") for n in range(1, PROPOSALS + 1)]
        data["proposed"] = [p for p in proposed if p is not None]
        if not data.get("slot") and not data["proposed"] and not self.errors.get("slot"):
            raise forms.ValidationError(_("Please choose a time, or tell us times that suit you."))
        return data


class ContactForm(HoneypotMixin, ContactDetails):
    message = forms.CharField(
        label=_("Message"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For questions about your health, please book a free counseling instead."),
    )
    field_order = ["full_name", "email", "phone", "message", "consent", "website"]


class PublicPageForm(forms.ModelForm):
    class Meta:
        model = PublicPage
        fields = ["published", "headline", "message", "hours", "access"]
        widgets = {
            "message": forms.Textarea(attrs={"rows": 6}),
            "hours": forms.Textarea(attrs={"rows": 3}),
            "access": forms.Textarea(attrs={"rows": 3}),
        }

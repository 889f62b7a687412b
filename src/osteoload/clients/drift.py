"""Has time overtaken the stored assessment? Assessments are stored when a fact changes; the age
and the months since a fracture move on by themselves (a birthday, the 6- and 24-month marks of
the fracture rules). Reading a page never reassesses (no write on a read): it says what moved and
offers "Assess again"."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Assessment, Client
from .services import engine_profile_for


def _fracture_months(profile: dict[str, Any]) -> list[Any]:
    return [f.get("months_ago") for f in profile.get("fractures", [])]


def assessment_drift(client: Client, stored: Assessment) -> list[str]:
    """What differs between the stored assessment's profile and today's, in words; [] when
    nothing does (or when today's facts cannot be read as a profile: the intake says why)."""
    try:
        now = engine_profile_for(client).to_dict()
    except ValidationError:
        return []
    then: dict[str, Any] = stored.profile or {}
    if now == then:
        return []
    changes: list[str] = []
    if now.get("age") != then.get("age"):
        changes.append(
            _("age %(then)s → %(now)s") % {"then": then.get("age", "–"), "now": now.get("age")}
        )
    if _fracture_months(now) != _fracture_months(then):
        changes.append(_("months since a fracture"))
    rest = {k for k in set(now) | set(then) if now.get(k) != then.get(k)} - {"age", "fractures"}
    if rest:
        changes.append(_("other facts"))
    return changes

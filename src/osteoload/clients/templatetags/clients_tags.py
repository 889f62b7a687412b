"""Template helpers of the client pages: the engine's bilingual texts in the active language,
category names, and citations of the engine's sources."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from osteoload.engine import references
from osteoload.engine.assessment import (
    FALL_NAMES,
    JP_NAMES,
    OSTA_NAMES,
    SARCOPENIA_NAMES,
    SITE_NAMES,
    TIER_NAMES,
    WHO_NAMES,
    FallRiskCategory,
    JpCategory,
    OstaRisk,
    SarcopeniaCategory,
    WhoCategory,
)
from osteoload.engine.types import DxaSite, Impact, Tier

register = template.Library()

POLICY_KEY = "osteoload_policy"

# "Soen S, Fukunaga M, ..." → Soen; "Brooke-Wavell K" → Brooke-Wavell; organisations don't match.
_PERSON = re.compile(
    r"^(?P<surname>[^\W\d_][\w'-]*(?: [a-z]+ [^\W\d_][\w'-]*)?) [A-Z]{1,3}(?:,|$| and)"
)

_IMPACT_NAMES = {
    Impact.NONE: ("none", "なし"),
    Impact.LOW: ("low", "低"),
    Impact.MODERATE: ("moderate", "中"),
    Impact.HIGH: ("high", "高"),
}
_NAMES: dict[str, tuple[type, Mapping[Any, tuple[str, str]]]] = {
    "who": (WhoCategory, WHO_NAMES),
    "jp": (JpCategory, JP_NAMES),
    "sarcopenia": (SarcopeniaCategory, SARCOPENIA_NAMES),
    "fall": (FallRiskCategory, FALL_NAMES),
    "osta": (OstaRisk, OSTA_NAMES),
    "tier": (Tier, TIER_NAMES),
    "site": (DxaSite, SITE_NAMES),
    "impact": (Impact, _IMPACT_NAMES),
}


def _ja() -> bool:
    return (get_language() or "ja").startswith("ja")


@register.filter
def in_language(item: Mapping[str, Any] | None) -> str:
    """A finding (or any {"en", "ja"} object) in the active language."""
    if not item:
        return ""
    return str(item.get("ja" if _ja() else "en") or item.get("en") or "")


@register.filter
def engine_name(value: Any, kind: str) -> str:
    """The engine's own ja/en name of a category value, e.g. `who_category|engine_name:"who"`."""
    if value is None:
        return "—"
    enum, names = _NAMES[kind]
    try:
        pair = names[enum(value)]
    except (ValueError, KeyError):
        return str(value)
    return pair[1] if _ja() else pair[0]


@register.filter
def reference(key: str) -> references.Reference | None:
    return references.registry().get(key)


@register.filter
def short_cite(key: str) -> str:
    """ "Watson 2018" for a reference key (the key itself when unknown)."""
    if key == POLICY_KEY:
        return str(_("osteoload product policy"))
    ref = references.registry().get(key)
    if ref is None:
        return key
    person = _PERSON.match(ref.authors)
    if person:
        many = "," in ref.authors or " and " in ref.authors
        return f"{person['surname']}{' et al.' if many else ''} {ref.year}"
    organisation = ref.authors.split("(", 1)[0].strip()
    if len(organisation) > 40 and "," in organisation:  # several societies: the first one
        organisation = organisation.split(",", 1)[0] + " et al."
    return f"{organisation} {ref.year}"


@register.filter
def number(value: Any) -> str:
    """-2.7 → "−2.7" (a real minus sign reads better); whole numbers without ".0"."""
    if value is None or value == "":
        return "—"
    try:
        as_float = float(value)
    except (TypeError, ValueError):
        return str(value)
    text = f"{as_float:g}"
    return text.replace("-", "−")


@register.filter
def span(pair: Any) -> str:
    """[700, 800] → "700–800"."""
    if not pair:
        return "—"
    low, high = pair
    return f"{number(low)}" if low == high else f"{number(low)}–{number(high)}"


@register.filter
def get_item(mapping: Mapping[str, Any] | None, key: str) -> Any:
    return None if mapping is None else mapping.get(key)


@register.filter
def starts_with(text: str, prefix: str) -> bool:
    return str(text).startswith(prefix)


@register.filter
def split_words(text: str) -> list[str]:
    return str(text).split()


@register.filter
def field(form: Any, name: str) -> Any:
    """`form|field:name` → the bound field (templates cannot index forms by a variable)."""
    return form[name]

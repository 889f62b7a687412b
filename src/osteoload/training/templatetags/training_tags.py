"""Template helpers for the training pages: the ja/en variant of a field, dose and names."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from osteoload.engine.catalog import EQUIPMENT_NAMES, IMPACT_NAMES, PATTERN_NAMES
from osteoload.engine.types import Equipment, Impact, Pattern

register = template.Library()


def _lang() -> str:
    return "ja" if (get_language() or "ja").startswith("ja") else "en"


@register.simple_tag
def loc(obj: Any, field: str) -> Any:
    """`{% loc rx "name" %}` → rx.name_ja or rx.name_en (objects or dicts) in the UI language."""
    key = f"{field}_{_lang()}"
    if isinstance(obj, dict):
        return obj.get(key, "")
    return getattr(obj, key, "")


@register.simple_tag
def loc_pair(pair: dict[str, str]) -> str:
    """`{% loc_pair note %}` → note["ja"] or note["en"]."""
    return pair.get(_lang(), "") if isinstance(pair, dict) else ""


def _named(table: dict[Any, tuple[str, str]], kind: type, value: str) -> str:
    try:
        en, ja = table[kind(value)]
    except (ValueError, KeyError):
        return value
    return ja if _lang() == "ja" else en


@register.filter
def pattern_name(value: str) -> str:
    return _named(PATTERN_NAMES, Pattern, value)


@register.filter
def impact_name(value: str) -> str:
    return _named(IMPACT_NAMES, Impact, value)


@register.filter
def equipment_name(value: str) -> str:
    return _named(EQUIPMENT_NAMES, Equipment, value)


@register.filter
def number(value: Any) -> str:
    """6.0 → "6", 6.5 → "6.5" (RPE and minutes without trailing zeros)."""
    if value is None:
        return ""
    text = f"{float(value):.1f}"
    return text[:-2] if text.endswith(".0") else text


def _field(rx: Any, name: str) -> Any:
    return rx.get(name) if isinstance(rx, dict) else getattr(rx, name, None)


@register.simple_tag
def dose(rx: Any) -> SafeString:
    """`{% dose rx %}`: a prescription's dose line (a model or a dict), e.g. "3 × 8 75 %1RM rest
    120 s". Python rather than a template: it is drawn for every exercise of a session and every
    row of a week, from Django and Jinja2 templates alike."""
    sets, reps = _field(rx, "sets"), _field(rx, "reps")
    contacts, duration_s = _field(rx, "contacts"), _field(rx, "duration_s")
    if contacts:
        amount = gettext("%(n)s contacts") % {"n": contacts}
    elif duration_s:
        amount = f"{sets} × " + gettext("%(s)s s") % {"s": duration_s}
    elif reps:
        amount = f"{sets} × {reps}"
    else:
        amount = ngettext("%(n)s set", "%(n)s sets", sets) % {"n": sets}
    parts = [format_html('<span class="dose">{}</span>', amount)]
    if pct_1rm := _field(rx, "pct_1rm"):
        parts.append(format_html(' <span class="intensity">{} %1RM</span>', pct_1rm))
    if (rpe := _field(rx, "rpe")) is not None:
        parts.append(format_html(' <span class="intensity">RPE {}</span>', number(rpe)))
    if vest := _field(rx, "vest_pct_body_mass"):
        vest_text = gettext("vest %(p)s %% of body weight") % {"p": vest}
        parts.append(format_html(' <span class="intensity">{}</span>', vest_text))
    rest_text = gettext("rest %(s)s s") % {"s": _field(rx, "rest_s")}
    parts.append(format_html(' <span class="muted">{}</span>', rest_text))
    return mark_safe("".join(parts))  # each part was built by format_html

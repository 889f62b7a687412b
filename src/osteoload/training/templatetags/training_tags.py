"""Template helpers for the training pages: the ja/en variant of a field, dose and names."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

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

"""Template helpers for session logging: numbers without trailing zeros, ja/en text."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()


def lang() -> str:
    return "ja" if (get_language() or "ja").startswith("ja") else "en"


@register.filter
def num(value: Any) -> str:
    """42.50 → "42.5", 40.00 → "40", None → "" (loads, RIR, RPE)."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return str(value)
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@register.simple_tag
def reason(suggestion: Any) -> str:
    """The engine's reason in the UI language."""
    return str(suggestion.reason(lang())) if suggestion is not None else ""


@register.simple_tag
def posted(data: Any, name: str, default: Any = "") -> Any:
    """A value from a failed form post (to keep what was typed), else the default."""
    if data is not None and name in data:
        return data.get(name)
    return default

"""Template helpers for session logging: numbers without trailing zeros, ja/en text."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.template.loader import get_template
from django.utils.safestring import SafeString
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


# What an exercise's card reads of the page's context (views._card_context, plus a failed post).
CARD_CONTEXT = ("client", "page", "can_log", "new_key", "rir_choices", "errors", "failed")


@register.simple_tag(takes_context=True)
def exercise_card(context: template.Context, row: Any) -> SafeString:
    """An exercise's card, rendered by Jinja2 (config/jinja2.py: why) with this page's context."""
    data = {name: context.get(name) for name in CARD_CONTEXT}
    data["row"] = row
    # The page's CSRF input as {% csrf_token %} renders it (one masked token for the page);
    # rendering with the request would mask it again for every card.
    data["csrf_input"] = CsrfTokenNode().render(context)
    card = get_template("workouts/_exercise.html", using="jinja2")
    return SafeString(card.render(data))

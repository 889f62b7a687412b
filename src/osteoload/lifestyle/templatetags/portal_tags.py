"""Small template helpers of the portal, progress and report pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()


def _lang() -> str:
    return "ja" if (get_language() or "ja").startswith("ja") else "en"


@register.simple_tag
def in_lang(obj: Any, name: str) -> Any:
    """`obj.name(lang)` when it is a method, else `obj[name_ja]` / `obj.name_ja` (or `_en`)."""
    lang = _lang()
    method = getattr(obj, name, None)
    if callable(method):
        return method(lang)
    key = f"{name}_{lang}"
    if isinstance(obj, dict):
        return obj.get(key, "")
    return getattr(obj, key, "")


@register.filter
def hours(value: Any) -> str:
    """6.5 → "6.5", 7.0 → "7"."""
    if value is None:
        return ""
    return f"{float(value):g}"

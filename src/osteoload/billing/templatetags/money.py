"""`{{ amount|yen }}` → ¥33,000 (negative: −¥3,000), for integer yen."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def yen(value: object) -> str:
    try:
        amount = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return ""
    sign = "−" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,}"

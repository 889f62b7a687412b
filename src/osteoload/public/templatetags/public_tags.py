"""Template helpers for the public pages."""

from __future__ import annotations

import datetime as dt

from django import template
from django.template.loader import get_template
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

register = template.Library()


@register.simple_tag
def slot_chips(days: list[tuple[dt.date, list[tuple[str, str]]]], chosen: str) -> SafeString:
    """The free counseling times by day as radio chips, `chosen` checked (Jinja2,
    config/jinja2.py: why)."""
    groups = [
        (day, ngettext("%(n)s time", "%(n)s times", len(times)) % {"n": len(times)}, times)
        for day, times in days
    ]
    partial = get_template("public/_slot_days.html", using="jinja2")
    return SafeString(partial.render({"days": groups, "chosen": chosen}))

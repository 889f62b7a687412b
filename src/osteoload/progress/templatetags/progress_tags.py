"""Template helpers for the progress page."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import get_template
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def chart_card(chart: Any) -> SafeString:
    """A chart with its notes and table of numbers, rendered by Jinja2 (config/jinja2.py: why)."""
    partial = get_template("progress/_chart.html", using="jinja2")
    return SafeString(partial.render({"chart": chart}))

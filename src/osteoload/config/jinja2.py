"""The Jinja2 environment for the partials a page draws many times, where Django templates'
per-node cost dominated the page: an exercise's card (eight on the session page, and the answer
to every logged set; its form alone cost about 0.3 ms a card), a progress chart with its table of
numbers, and the public booking form's time chips (a few hundred). Pages stay Django templates
and include these by a tag.

Texts are marked `_("…")` (with `|format(name=…)` for values): `makemessages` reads that form in
any .html file, so they reach the catalogue with the Django templates' own; plurals are built in
Python. tests/config/test_jinja2.py checks both and that each text has its Japanese.
"""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import date, floatformat
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from jinja2 import Environment

from osteoload.training.templatetags.training_tags import dose, loc
from osteoload.workouts.templatetags.workouts_tags import num, posted, reason


def url(name: str, *args: Any) -> str:
    return reverse(name, args=args)


def blank_if_none(value: Any) -> Any:
    return "" if value is None else value


def environment(**options: Any) -> Environment:
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    # Added to the environment by the i18n extension at run time, unknown to its type stubs.
    env.install_gettext_callables(gettext, ngettext, newstyle=False)  # type: ignore[attr-defined]
    env.globals.update(url=url, loc=loc, reason=reason, posted=posted, dose=dose)
    env.filters.update(num=num, floatformat=floatformat, date=date, blank_if_none=blank_if_none)
    return env

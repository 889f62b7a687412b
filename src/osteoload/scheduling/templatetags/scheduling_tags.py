"""`{% today_schedule %}`: today's bookings for a home page (the member's calendar; two queries)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from osteoload.scheduling import permissions, selectors

register = template.Library()


@register.inclusion_tag("scheduling/_today.html", takes_context=True)
def today_schedule(context: template.Context) -> dict[str, Any]:
    membership = context.get("membership")
    if not permissions.can_view_schedule(membership):
        return {"show": False}
    today = timezone.localdate()
    start, end = selectors.day_bounds(today)
    bookings = selectors.bookings_between(
        gym=membership.gym_id, start=start, end=end, include_cancelled=False
    )
    if not permissions.sees_every_trainer(membership):
        bookings = bookings.filter(trainer=membership)
    return {
        "show": True,
        "bookings": list(bookings[:50]),
        "show_trainer": permissions.sees_every_trainer(membership),
        "new_requests": selectors.count_new_requests(gym=membership.gym_id),
    }

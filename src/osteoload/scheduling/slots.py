"""Free time from availability: pure interval arithmetic, no database (easy to test alone).

Times are aware datetimes; a trainer's working windows of a day come from the weekly pattern with
the day's exceptions applied (a day off removes everything, hours off are cut out, extra hours are
added), then their bookings are cut out. All intervals are half-open: [start, end).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo


@dataclass(frozen=True, order=True)
class Interval:
    start: dt.datetime
    end: dt.datetime

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(f"an interval must end after it starts: {self.start}–{self.end}")

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Interval) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class Hours:
    """Local clock hours on some day: a weekly rule or an exception."""

    start: dt.time
    end: dt.time


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, with overlapping or touching intervals joined."""
    out: list[Interval] = []
    for item in sorted(intervals):
        if out and item.start <= out[-1].end:
            if item.end > out[-1].end:
                out[-1] = Interval(out[-1].start, item.end)
        else:
            out.append(item)
    return out


def subtract(windows: Iterable[Interval], busy: Iterable[Interval]) -> list[Interval]:
    """`windows` minus every `busy` interval."""
    remaining = merge(windows)
    for cut in merge(busy):
        next_remaining: list[Interval] = []
        for window in remaining:
            if not window.overlaps(cut):
                next_remaining.append(window)
                continue
            if window.start < cut.start:
                next_remaining.append(Interval(window.start, cut.start))
            if cut.end < window.end:
                next_remaining.append(Interval(cut.end, window.end))
        remaining = next_remaining
    return remaining


def at(day: dt.date, time: dt.time, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=tz)


def day_windows(
    day: dt.date,
    weekly: Sequence[Hours],
    *,
    off: Sequence[Hours | None] = (),
    extra: Sequence[Hours] = (),
    tz: ZoneInfo,
) -> list[Interval]:
    """A trainer's working windows on `day`. `off` holds None for a whole day off."""
    if any(item is None for item in off):
        return []
    windows = [Interval(at(day, h.start, tz), at(day, h.end, tz)) for h in weekly]
    windows += [Interval(at(day, h.start, tz), at(day, h.end, tz)) for h in extra]
    cuts = [Interval(at(day, h.start, tz), at(day, h.end, tz)) for h in off if h is not None]
    return subtract(windows, cuts)


def slot_starts(
    windows: Iterable[Interval],
    *,
    length: dt.timedelta,
    step: dt.timedelta,
    not_before: dt.datetime | None = None,
    tz: ZoneInfo | None = None,
) -> list[dt.datetime]:
    """Starts of every `length`-long slot inside the windows, on a grid of `step` from midnight
    in `tz` (so slots read 10:00, 10:30 … whatever the window's own start), as times in `tz`.
    Without `tz`, each window's own time zone is used."""
    if length <= dt.timedelta(0) or step <= dt.timedelta(0):
        raise ValueError("slot length and step must be positive")
    starts: list[dt.datetime] = []
    for window in merge(windows):
        if tz is not None:
            window = Interval(window.start.astimezone(tz), window.end.astimezone(tz))
        midnight = window.start.replace(hour=0, minute=0, second=0, microsecond=0)
        offset = window.start - midnight
        steps = -(-offset // step)  # ceiling division of timedeltas
        start = midnight + steps * step
        while start + length <= window.end:
            if not_before is None or start >= not_before:
                starts.append(start)
            start += step
    return starts

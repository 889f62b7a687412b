"""Free time from availability: pure interval arithmetic (no database)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osteoload.scheduling.slots import (
    Hours,
    Interval,
    day_windows,
    merge,
    slot_starts,
    subtract,
)

TOKYO = ZoneInfo("Asia/Tokyo")
DAY = dt.date(2026, 5, 11)  # a Monday


def t(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time(hour, minute), tzinfo=TOKYO)


def test_an_interval_must_end_after_it_starts():
    with pytest.raises(ValueError):
        Interval(t(10), t(10))


def test_merge_joins_overlapping_and_touching_intervals():
    assert merge([Interval(t(13), t(14)), Interval(t(9), t(11)), Interval(t(11), t(12))]) == [
        Interval(t(9), t(12)),
        Interval(t(13), t(14)),
    ]


def test_subtract_cuts_busy_time_out_of_windows():
    windows = [Interval(t(9), t(18))]
    busy = [Interval(t(10), t(11)), Interval(t(17), t(19))]
    assert subtract(windows, busy) == [
        Interval(t(9), t(10)),
        Interval(t(11), t(17)),
    ]


def test_a_day_off_removes_everything_hours_off_are_cut_extra_hours_added():
    weekly = [Hours(dt.time(9), dt.time(12)), Hours(dt.time(13), dt.time(17))]
    assert day_windows(DAY, weekly, off=[None], tz=TOKYO) == []
    cut = day_windows(DAY, weekly, off=[Hours(dt.time(14), dt.time(15))], tz=TOKYO)
    assert cut == [Interval(t(9), t(12)), Interval(t(13), t(14)), Interval(t(15), t(17))]
    more = day_windows(DAY, weekly, extra=[Hours(dt.time(12), dt.time(13))], tz=TOKYO)
    assert more == [Interval(t(9), t(17))]


def test_slots_start_on_the_grid_from_midnight_and_fit_inside_the_window():
    starts = slot_starts(
        [Interval(t(10, 15), t(12, 30))],
        length=dt.timedelta(minutes=60),
        step=dt.timedelta(minutes=30),
    )
    assert starts == [t(10, 30), t(11), t(11, 30)]


def test_slots_respect_not_before():
    starts = slot_starts(
        [Interval(t(9), t(12))],
        length=dt.timedelta(minutes=60),
        step=dt.timedelta(minutes=60),
        not_before=t(10),
    )
    assert starts == [t(10), t(11)]


def test_busy_times_in_utc_still_give_local_slots_on_the_local_grid():
    busy_utc = Interval(t(10).astimezone(dt.UTC), t(11).astimezone(dt.UTC))
    free = subtract([Interval(t(9), t(13))], [busy_utc])
    starts = slot_starts(
        free, length=dt.timedelta(minutes=60), step=dt.timedelta(minutes=30), tz=TOKYO
    )
    assert [f"{s:%H:%M}" for s in starts] == ["09:00", "11:00", "11:30", "12:00"]
    assert all(s.tzinfo == TOKYO and s.date() == DAY for s in starts)


quarter_hours = st.integers(min_value=0, max_value=95).map(
    lambda q: t(0) + dt.timedelta(minutes=15 * q)
)
intervals = st.tuples(quarter_hours, st.integers(min_value=1, max_value=16)).map(
    lambda p: Interval(p[0], p[0] + dt.timedelta(minutes=15 * p[1]))
)


@settings(deadline=None)  # pure and fast; a loaded CI machine must not make it flaky
@given(
    windows=st.lists(intervals, max_size=5),
    busy=st.lists(intervals, max_size=5),
    length_q=st.integers(min_value=1, max_value=8),
    step_q=st.integers(min_value=1, max_value=4),
)
def test_no_free_slot_touches_busy_time_and_every_slot_lies_in_a_window(
    windows, busy, length_q, step_q
):
    length = dt.timedelta(minutes=15 * length_q)
    free = subtract(windows, busy)
    for start in slot_starts(free, length=length, step=dt.timedelta(minutes=15 * step_q)):
        slot = Interval(start, start + length)
        assert not any(slot.overlaps(b) for b in busy)
        assert any(w.contains(slot) for w in merge(windows))

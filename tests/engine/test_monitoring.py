"""Session-RPE monitoring (Foster 2001): loads, monotony, strain, spike warning, EWMA ACWR."""

from __future__ import annotations

import datetime as dt
import statistics

import pytest

from osteoload.engine import references
from osteoload.engine.monitoring import (
    SOURCES,
    SessionLog,
    acwr_ewma,
    ewma,
    session_load,
    weekly_report,
)

MONDAY = dt.date(2026, 3, 2)


def log(day: int, rpe: float, minutes: float) -> SessionLog:
    return SessionLog(date=MONDAY + dt.timedelta(days=day), session_rpe=rpe, duration_min=minutes)


def test_session_load_is_rpe_times_minutes() -> None:
    assert session_load(6, 40) == 240
    with pytest.raises(ValueError):
        session_load(11, 40)
    with pytest.raises(ValueError):
        session_load(5, -1)


def test_weekly_load_monotony_strain() -> None:
    report = weekly_report([log(0, 6, 40), log(2, 7, 40), log(4, 5, 30)])
    (week,) = report.weeks
    daily = [240, 0, 280, 0, 150, 0, 0]
    assert week.start == MONDAY
    assert week.load == 670
    assert week.sessions == 3
    expected = statistics.fmean(daily) / statistics.stdev(daily)
    assert week.monotony == pytest.approx(expected)
    assert week.strain == pytest.approx(670 * expected)


def test_identical_days_have_undefined_monotony() -> None:
    report = weekly_report([log(d, 5, 30) for d in range(7)])
    assert report.weeks[0].monotony is None and report.weeks[0].strain is None


def test_spike_warning_above_thirty_percent_only() -> None:
    base = [log(0, 5, 40), log(2, 5, 40)]  # 400 AU
    just_30 = [*base, log(7, 5, 52), log(9, 5, 52)]  # 520 AU = +30 %
    over = [*base, log(7, 5, 53), log(9, 5, 53)]  # 530 AU = +32.5 %
    assert not weekly_report(just_30).weeks[1].spike
    report = weekly_report(over)
    assert report.weeks[1].spike
    assert report.weeks[1].change_pct == pytest.approx(32.5)
    assert report.warnings_en and report.warnings_ja


def test_ewma_and_acwr_need_28_days() -> None:
    assert ewma([10, 0], 7) == [10, 10 * (1 - 0.25)]
    assert acwr_ewma([100.0] * 27) is None
    steady = acwr_ewma([100.0] * 40)
    assert steady == pytest.approx(1.0)
    spike = [50.0] * 35 + [300.0] * 7
    ratio = acwr_ewma(spike)
    assert ratio is not None and ratio > 1.5


def test_acwr_soft_hint_carries_the_caveat() -> None:
    logs = [log(d, 3, 20) for d in range(0, 35, 2)] + [log(d, 9, 90) for d in range(35, 42)]
    report = weekly_report(logs)
    assert report.acwr is not None and report.acwr > 1.5
    assert any("contested" in w for w in report.warnings_en)
    data = report.to_dict()
    assert "contested" in data["acwr_caveat_en"] and data["acwr_caveat_ja"]


def test_sources_registered() -> None:
    for key in SOURCES:
        assert references.exists(key), key

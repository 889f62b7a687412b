"""Selectors for progress pages and reports: sets, e1RM history, weekly load, adherence."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from osteoload.workouts import selectors
from tests.workouts.conftest import loaded_rx, open_on, session_of


@pytest.fixture
def monday():
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday())


@pytest.fixture
def program(alice, carol_record, make_program, monday):
    """Started three weeks ago: weeks 1–3 are over, week 4 is this week."""
    return make_program(alice, carol_record, start=monday - dt.timedelta(days=21))


def test_sets_for_client_oldest_first_with_filters(alice, carol_record, program, monday, log):
    rx = loaded_rx(session_of(program, 1, 1))
    later = open_on(alice, carol_record, session_of(program, 2, 1), monday - dt.timedelta(days=14))
    early = open_on(alice, carol_record, session_of(program, 1, 1), monday - dt.timedelta(days=21))
    log(alice, later, rx, 1, "25", 8)
    log(alice, early, rx, 2, "20", 10)
    log(alice, early, rx, 1, "20", 10)
    sets = list(selectors.sets_for_client(carol_record))
    assert [(s.workout.date, s.set_number) for s in sets] == [
        (early.date, 1),
        (early.date, 2),
        (later.date, 1),
    ]
    assert selectors.sets_for_client(carol_record, since=later.date).count() == 1
    assert selectors.sets_for_client(carol_record, exercise_id="nope").count() == 0


def test_e1rm_history_is_the_best_set_of_each_session(
    alice, carol_record, program, monday, log, finish
):
    rx = loaded_rx(session_of(program, 1, 1))
    first = open_on(alice, carol_record, session_of(program, 1, 1), monday - dt.timedelta(days=21))
    log(alice, first, rx, 1, "20", 10, rir=2)  # 20 × (1 + 12/30) = 28
    log(alice, first, rx, 2, "22.5", 8, rir=1)  # 22.5 × 1.3 = 29.25 (best)
    log(alice, first, rx, 3, "30", 5, rir=0, completed=False)  # not completed: does not count
    finish(alice, first)
    second = open_on(alice, carol_record, session_of(program, 2, 1), monday - dt.timedelta(days=14))
    log(alice, second, rx, 1, "25", 10, rir=3)  # 25 × (1 + 13/30) = 35.83
    finish(alice, second)
    [lift] = selectors.e1rm_history(carol_record)
    assert lift.exercise_id == rx.exercise_id and lift.main_lift
    assert [(p.date, p.e1rm_kg) for p in lift.points] == [
        (first.date, 29.2),
        (second.date, 35.8),
    ]
    assert lift.change_kg == pytest.approx(6.6)
    assert lift.name_ja and lift.name_en


def test_weekly_load_and_its_spike(alice, carol_record, program, monday, finish):
    days = [(21, "5", 40), (14, "6", 50), (7, "7", 60), (5, "7", 60)]
    for back, rpe, minutes in days:
        w = open_on(
            alice,
            carol_record,
            session_of(program, 4 - back // 7, 1 + (back % 7 != 0)),
            monday - dt.timedelta(days=back),
        )
        finish(alice, w, rpe=rpe, minutes=minutes)
    report = selectors.weekly_training_load(carol_record)
    loads = [(w.start, w.load, w.spike) for w in report.weeks]
    assert loads[:3] == [
        (monday - dt.timedelta(days=21), 200.0, False),
        (monday - dt.timedelta(days=14), 300.0, True),  # +50 %
        (monday - dt.timedelta(days=7), 840.0, True),  # +180 %
    ]


def test_adherence_counts_done_against_planned_per_week(
    alice, carol_record, program, monday, finish
):
    # Week 1: both sessions; week 2: one; week 3: three (one extra); week 4 (now): one.
    for back in (21, 18, 14, 7, 5, 3, 0):
        day = monday - dt.timedelta(days=back)
        week = (day - program.start_date).days // 7 + 1
        number = 1 if back % 7 == 0 else 2
        if back == 3:  # a third session in week 3: the same program session on another day
            number = 1
        finish(alice, open_on(alice, carol_record, session_of(program, week, number), day))
    result = selectors.adherence(carol_record, today=monday)
    assert [(w.number, w.planned, w.done, w.complete) for w in result.weeks] == [
        (1, 2, 2, True),
        (2, 2, 1, True),
        (3, 2, 3, True),
        (4, 2, 1, False),
    ]
    assert (result.planned, result.done) == (6, 5)  # the extra session does not hide a miss
    assert result.ratio == pytest.approx(5 / 6)
    assert result.weeks[1].missed == 1


def test_no_program_no_adherence(carol_record):
    assert selectors.adherence(carol_record) is None
    assert selectors.weekly_training_load(carol_record) is None
    assert selectors.e1rm_history(carol_record) == []


def test_today_is_the_open_session_else_the_first_not_attended(alice, carol_program, finish):
    """Which program session the logging page offers: the first of this week not attended; a
    session opened today comes first whatever was attended; attended sessions are marked."""
    from osteoload.workouts.today import choose_session

    client = carol_program.client
    today = timezone.localdate()
    first, second = session_of(carol_program, 2, 1), session_of(carol_program, 2, 2)
    assert choose_session(client, today=today).session == first

    earlier = today - dt.timedelta(days=1)
    finish(alice, open_on(alice, client, first, earlier))
    choice = choose_session(client, today=today)
    assert choice.session == second and choice.attended_ids == {first.pk}

    open_on(alice, client, first, today)  # e.g. repeating it: opened again today
    choice = choose_session(client, today=today)
    assert choice.session == first and choice.attended_ids == {first.pk}

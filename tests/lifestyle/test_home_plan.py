"""Today's home practice from the program, and the home-session form's rules."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from osteoload.engine.catalog import load_catalog
from osteoload.engine.types import Equipment, Pattern
from osteoload.lifestyle import selectors
from osteoload.lifestyle.forms import (
    FREQUENCY_CHOICES,
    HomeSessionForm,
    engine_to_frequency,
    frequency_to_engine,
)
from osteoload.lifestyle.home_plan import WALKING_MINUTES, build_home_plan

BALANCE = {
    "id": "semi_tandem_stance",
    "name_ja": "セミタンデム立位",
    "name_en": "Semi-tandem stance",
    "pattern": "balance",
    "minutes_per_day": 15,
    "days_per_week": 7,
    "why_en": "why",
    "why_ja": "なぜ",
    "source": "giangregorio_2014_too_fit",
}


def rx(exercise_id, pattern, sets=3, reps=8):
    return SimpleNamespace(exercise_id=exercise_id, pattern=pattern, sets=sets, reps=reps)


def back_extensions():
    cat = load_catalog()
    exercises = cat.by_pattern(Pattern.BACK_EXTENSION)
    home = next(e for e in exercises if e.equipment == frozenset({Equipment.BODYWEIGHT}))
    gym = next(e for e in exercises if e.equipment - {Equipment.BODYWEIGHT})
    return home, gym


def test_balance_back_extensors_at_home_and_walking():
    home, gym = back_extensions()
    plan = build_home_plan(
        week_number=3,
        home_practice=[BALANCE],
        prescriptions=[
            rx("goblet_squat", "squat"),
            rx(home.id, "back_extension", sets=2, reps=10),
            rx(home.id, "back_extension", sets=2, reps=10),  # the same exercise on day 2
            rx(gym.id, "back_extension"),  # needs the gym's equipment: not at home
        ],
    )
    assert [i.kind for i in plan.items] == ["balance", "back_extension", "walking"]
    balance, back, walk = plan.items
    assert balance.minutes_per_day == 15 and balance.days_per_week == 7
    assert balance.cues_en == load_catalog().get("semi_tandem_stance").cues_en
    assert back.id == home.id and (back.sets, back.reps) == (2, 10) and back.cues_ja
    assert walk.minutes_per_day == WALKING_MINUTES and walk.source == "jos_2015_guideline"
    assert plan.balance_minutes == 15 and plan.balance_minutes_per_week == 105
    assert plan.back_extension_sets == 2 and plan.walking_minutes == WALKING_MINUTES
    assert set(plan.sources) == {
        "giangregorio_2014_too_fit",
        "sinaki_2002_back_extensors",
        "jos_2015_guideline",
    }


def test_no_program_week_means_no_home_items():
    plan = build_home_plan(week_number=None, home_practice=[BALANCE], prescriptions=[])
    assert plan.items == () and plan.balance_minutes_per_week == 0


def test_the_plan_comes_from_the_current_week_of_the_active_program(carol_record, carol_program):
    today = timezone.localdate()
    current = selectors.program_today(carol_record, today=today)
    assert current.program == carol_program
    assert current.week.number == (today - carol_program.start_date).days // 7 + 1
    plan = selectors.home_plan(current)
    assert plan.week_number == current.week.number
    stored = current.week.home_practice
    assert [i.id for i in plan.items if i.kind == "balance"] == [h["id"] for h in stored]
    # Before the program starts its first week applies; after it ends, its last.
    early = selectors.program_today(carol_record, today=carol_program.start_date - dt.timedelta(9))
    late = selectors.program_today(carol_record, today=today + dt.timedelta(weeks=30))
    assert early.week.number == 1 and late.week.number == carol_program.length_weeks


def form(plan, **data):
    defaults = {
        "key": "6f7c2d1e-9b0a-4c1e-8d3f-5a6b7c8d9e0f",
        "done_on": dt.date(2026, 3, 10).isoformat(),
        "balance_min": "15",
        "back_extension_sets": "2",
        "walk_min": "30",
        "pain": "",
    }
    defaults.update(data)
    bound = HomeSessionForm(defaults, today=dt.date(2026, 3, 10), plan=plan, lang="en")
    assert bound.is_valid(), bound.errors
    return bound.values()


def test_an_unticked_kind_counts_as_not_done():
    home, _gym = back_extensions()
    plan = build_home_plan(
        week_number=1,
        home_practice=[BALANCE],
        prescriptions=[rx(home.id, "back_extension", sets=2, reps=10)],
    )
    everything = form(plan, exercises=["semi_tandem_stance", home.id, "walking"])
    assert (everything["balance_min"], everything["back_extension_sets"]) == (15, 2)
    assert everything["walk_min"] == 30
    only_walk = form(plan, exercises=["walking"], pain="3")
    assert only_walk["balance_min"] == 0 and only_walk["back_extension_sets"] == 0
    assert only_walk["walk_min"] == 30 and only_walk["pain"] == 3
    # Without a plan there is nothing to tick: the numbers count as entered.
    free = form(build_home_plan(week_number=None, home_practice=[], prescriptions=[]))
    assert (free["balance_min"], free["back_extension_sets"], free["walk_min"]) == (15, 2, 30)


def test_food_frequencies_are_exact_servings():
    assert frequency_to_engine("0") is None
    assert frequency_to_engine("3w") == {"servings": 3, "per": "week"}
    assert frequency_to_engine("2d") == {"servings": 2, "per": "day"}
    for code, _label in FREQUENCY_CHOICES[1:]:
        assert engine_to_frequency(frequency_to_engine(code)) == code
    assert engine_to_frequency({"servings": 9, "per": "day"}) == "0"  # not a choice: ask again

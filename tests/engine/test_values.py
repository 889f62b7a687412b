"""Numbers the engine refuses with an InputError naming the field, never an OverflowError: the
web API hands the engine what a JSON parser made of the request, and 1 followed by 400 zeros is
a valid JSON number that Python reads as an int too large for a float."""

from __future__ import annotations

import math

import pytest

from osteoload.engine import forecast, nutrition, progression, sleep
from osteoload.engine.errors import InputError
from osteoload.engine.profile import parse_profile
from osteoload.engine.values import finite_number

HUGE = 10**400
WOMAN = {"age": 60, "sex": "female"}


def test_finite_number():
    assert finite_number(3) == 3.0 and finite_number(2.5) == 2.5
    for bad in (True, "3", None, math.nan, math.inf, -math.inf, HUGE, -HUGE, [1]):
        assert finite_number(bad) is None, bad


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: parse_profile({**WOMAN, "age": HUGE}), "age"),
        (
            lambda: forecast.parse_request(
                {"profile": WOMAN, "months": HUGE, "training": {"kind": "none"}}
            ),
            "months",
        ),
        (
            lambda: nutrition.estimate({"profile": WOMAN, "foods": {"milk": {"servings": HUGE}}}),
            "foods.milk.servings",
        ),
        (
            lambda: progression.progress_json(
                {
                    "profile": WOMAN,
                    "exercise_id": "goblet_squat",
                    "prescription": {"sets": HUGE, "reps": 5, "pct_1rm": 60},
                }
            ),
            "prescription.sets",
        ),
    ],
)
def test_huge_numbers_are_input_errors(call, field):
    with pytest.raises(InputError) as err:
        call()
    assert err.value.field == field


def test_sleep_hours_too_large():
    night = {"hours_asleep": HUGE, "time_in_bed_h": 8}
    with pytest.raises(InputError) as err:
        sleep.summarise({"age": 70, "nights": [night]})
    assert err.value.field == "nights[0].hours_asleep"

import pytest

from osteoload.engine.errors import InputError
from osteoload.engine.profile import parse_profile
from osteoload.engine.types import Condition, DxaSite, Menopause, Sex


def test_the_schema_may_be_given_or_left_out():
    assert parse_profile({"schema": "osteoload.profile/1", "age": 60, "sex": "female"}).age == 60


def test_minimal_profile_needs_only_age_and_sex():
    profile = parse_profile({"age": 67, "sex": "female"})
    assert profile.age == 67 and profile.sex is Sex.FEMALE
    assert profile.dxa == () and profile.falls_past_year is None and profile.equipment is None


def test_full_profile_round_trips():
    data = {
        "age": 71,
        "sex": "female",
        "height_cm": 152,
        "weight_kg": 48.5,
        "menopause": "post",
        "years_since_menopause": 20,
        "dxa": [{"site": "lumbar_spine", "t_score": -2.6, "yam_percent": 68, "date": "2026-01-10"}],
        "fractures": [{"site": "distal_radius", "fragility": True, "months_ago": 30}],
        "falls_past_year": 1,
        "fall_injury": False,
        "grip_kg": 17.5,
        "conditions": ["hyperkyphosis"],
        "medications": ["bisphosphonate"],
        "clearance": {"cleared": True, "by": "Dr. Sato", "date": "2026-02-01"},
        "experience": "none",
        "equipment": ["dumbbell", "bodyweight"],
    }
    profile = parse_profile(data)
    assert profile.menopause is Menopause.POST
    assert profile.dxa[0].site is DxaSite.LUMBAR_SPINE and profile.dxa[0].t_score == -2.6
    assert profile.has(Condition.HYPERKYPHOSIS) and profile.cleared
    assert parse_profile(profile.to_dict()) == profile


def test_null_means_missing():
    profile = parse_profile({"age": 50, "sex": "male", "grip_kg": None, "dxa": None})
    assert profile.grip_kg is None and profile.dxa == ()


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"sex": "female"}, "age", "required"),
        ({"age": 60}, "sex", "required"),
        ({"age": 17, "sex": "female"}, "age", "between 18 and 110"),
        ({"age": "60", "sex": "female"}, "age", "must be a number"),
        ({"age": True, "sex": "female"}, "age", "must be a number"),
        ({"age": 60, "sex": "f"}, "sex", '"female"'),
        ({"age": 60, "sex": "male", "menopause": "post"}, "menopause", "women only"),
        ({"age": 60, "sex": "female", "dxa": [{"t_score": -2}]}, "dxa[0].site", "required"),
        ({"age": 60, "sex": "female", "dxa": [{"site": "knee"}]}, "dxa[0].site", "must be one of"),
        ({"age": 60, "sex": "female", "falls_past_year": 1.5}, "falls_past_year", "whole number"),
        ({"age": 60, "sex": "female", "conditions": ["flu"]}, "conditions[0]", "must be one of"),
        (
            {"age": 60, "sex": "female", "fractures": [{"site": "hip"}]},
            "fractures[0].fragility",
            "required",
        ),
        (
            {"age": 60, "sex": "female", "clearance": {"cleared": "yes"}},
            "clearance.cleared",
            "true or false",
        ),
        (
            {"age": 60, "sex": "female", "years_since_menopause": 70},
            "years_since_menopause",
            "exceed age",
        ),
        ({"age": 60, "sex": "female", "sessions_per_week": 4}, "sessions_per_week", "2 or 3"),
        ([1, 2], "profile", "must be an object"),
        ({"schema": "osteoload.profile/9", "age": 60, "sex": "female"}, "schema", "profile/1"),
        (
            {"age": 60, "sex": "female", "dxa": [{"site": "radius", "date": "2026/01/05"}]},
            "dxa[0].date",
            "YYYY-MM-DD",
        ),
    ],
)
def test_bad_input_names_the_field(data, field, words):
    with pytest.raises(InputError) as caught:
        parse_profile(data)
    assert caught.value.field == field
    assert words in caught.value.problem
